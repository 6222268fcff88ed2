//! Issue 13, point 10: the Global Open Data Index 2015 (examples/godi2015/, ODC-PDDL data of
//! okfn/opendataindex) scored by `qbpc-index score` from its item-level answers (entries.csv)
//! with the definition godi2015.toml alone. Every expected value is read from the published
//! files, never from the tool:
//! * places.csv: each place's published score (a whole percentage) and rank: 122 places, the
//!   count summary.csv publishes as `places_count`;
//! * entries.csv: each place x dataset entry's published score (the exact sum of points, not
//!   rounded) and its rank among the places for that dataset: 1586 entries (`entries_count`);
//! * questions.csv: the published points of each question, which the definition's weights
//!   must be.

use crate::common::qbpc;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/godi2015")
}

/// The rows of a published CSV file as header -> value maps.
fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &HashMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|e| panic!("{key} = {:?} in {row:?}: {e}", row[key]))
}

/// summary.csv: the published count with this id.
fn published_count(id: &str) -> usize {
    let rows = read_csv(&example().join("summary.csv"));
    let row = rows.iter().find(|r| r["id"] == id).expect(id);
    row["value"].parse().unwrap()
}

/// `qbpc-index score --index examples/godi2015/godi2015.toml --format json`, by platform id.
fn score() -> BTreeMap<String, Value> {
    let out = qbpc()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "score",
            "--index",
            "examples/godi2015/godi2015.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{stderr}");
    assert_eq!(json["excluded_submissions"], serde_json::json!([]));
    let platforms = json["platforms"].as_array().unwrap();
    platforms
        .iter()
        .map(|p| (p["id"].as_str().unwrap().to_string(), p.clone()))
        .collect()
}

#[test]
fn every_published_place_score_and_rank_is_reproduced() {
    let published = read_csv(&example().join("places.csv"));
    assert_eq!(published.len(), published_count("places_count"));
    let results = score();
    assert_eq!(results.len(), published.len(), "one result per place");
    let mut reproduced = 0;
    let mut wrong = Vec::new();
    for place in &published {
        let id = &place["id"];
        let got = &results[id];
        let (want_score, want_rank) = (number(place, "score"), number(place, "rank"));
        // Published as whole percentages: the unrounded score lies within half a point, the
        // published string is the same and the rank (on the published value) is the same.
        let score = got["score"].as_f64().unwrap();
        let same = (score - want_score).abs() <= 0.5
            && got["score_display"].as_str() == Some(place["score"].as_str())
            && got["rank"].as_f64() == Some(want_rank)
            && got["status"] == "ranked";
        if same {
            reproduced += 1;
        } else {
            wrong.push(format!(
                "{id}: published {want_score} rank {want_rank}; got {score} ({}) rank {}",
                got["score_display"], got["rank"]
            ));
        }
    }
    eprintln!(
        "GODI 2015 places: {reproduced} of {} published scores and ranks reproduced",
        published.len()
    );
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(reproduced, 122);
}

#[test]
fn every_published_dataset_score_and_rank_is_reproduced() {
    let entries = read_csv(&example().join("entries.csv"));
    assert_eq!(entries.len(), published_count("entries_count"));
    let results = score();
    let mut reproduced = 0;
    let mut wrong = Vec::new();
    for entry in &entries {
        let (place, dataset) = (&entry["place"], &entry["dataset"]);
        let node = &results[place]["dimensions"][dataset];
        let (want_score, want_rank) = (number(entry, "score"), number(entry, "rank"));
        // An entry's published score is an exact sum of points (not rounded).
        let score = node["score"].as_f64().unwrap_or(f64::NAN);
        if (score - want_score).abs() <= 1e-9 && node["rank"].as_f64() == Some(want_rank) {
            reproduced += 1;
        } else {
            wrong.push(format!(
                "{place} x {dataset}: published {want_score} rank {want_rank}; got {node}"
            ));
        }
    }
    eprintln!(
        "GODI 2015 entries: {reproduced} of {} published dataset scores and ranks reproduced",
        entries.len()
    );
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(reproduced, 1586);
}

/// The definition weighs each item with the published points of its question (questions.csv),
/// so that a weight cannot drift where no published score happens to show it.
#[test]
fn the_definition_weights_are_the_published_points() {
    let points: HashMap<String, f64> = read_csv(&example().join("questions.csv"))
        .iter()
        .map(|q| (q["id"].clone(), number(q, "score")))
        .collect();
    assert_eq!(points.values().sum::<f64>(), 100.0);
    let text = std::fs::read_to_string(example().join("godi2015.toml")).unwrap();
    let def: toml::Table = toml::from_str(&text).unwrap();
    let items = def["items"].as_table().unwrap();
    let dimensions = def["dimensions"].as_table().unwrap();
    assert_eq!(dimensions.len(), 13);
    assert_eq!(items.len(), 13 * points.len());
    for (id, item) in items {
        let column = item["column"].as_str().unwrap();
        let weight = item["weight"].as_integer().unwrap() as f64;
        assert_eq!(weight, points[column], "{id}: weight of {column}");
        // Each item reads its own dataset's rows: gated on the dataset it belongs to.
        let dataset = item["dimension"].as_str().unwrap();
        assert_eq!(item["when"]["in"][0].as_str(), Some(dataset), "{id}");
        assert_eq!(id, &format!("{dataset}_{column}"));
    }
}
