//! `score --bootstrap N --seed S`: reproducible for a seed, different for another, nominal
//! scores inside their intervals, narrower intervals with more respondents; the resampling
//! machinery reproduces the nominal scores on the nominal sample.

use crate::common::{fixture, qbpc};
use qbpc_index::definition::{DEFAULT_TOML, Model, check_str, load_default};
use qbpc_index::pipeline::{RunFiles, run_with};
use qbpc_index::stats::bootstrap::{answers, design, replicate::Evaluator};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn bootstrap_json(survey: &Path, replicates: usize, seed: u64) -> Value {
    let out = qbpc()
        .arg("score")
        .arg(survey)
        .arg("--source")
        .arg(format!(
            "opinion={}",
            fixture("platform_opinion.csv").display()
        ))
        .args([
            "--bootstrap",
            &replicates.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .args(["--format", "json", "--quiet"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn ranked(results: &Value) -> Vec<&Value> {
    results["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "ranked")
        .collect()
}

fn interval(results: &Value, platform: &str, dimension: Option<&str>) -> (f64, f64) {
    let b = &results["bootstrap"]["platforms"][platform];
    let u = match dimension {
        None => &b["index"],
        Some(d) => &b["dimensions"][d],
    };
    (u["low"].as_f64().unwrap(), u["high"].as_f64().unwrap())
}

#[test]
fn same_seed_same_intervals_other_seed_others() {
    let survey = fixture("tidy_long.csv");
    let a = bootstrap_json(&survey, 200, 11);
    let b = bootstrap_json(&survey, 200, 11);
    let c = bootstrap_json(&survey, 200, 12);
    assert_eq!(a, b);
    assert_ne!(a["bootstrap"]["platforms"], c["bootstrap"]["platforms"]);
    assert_eq!(a["bootstrap"]["replicates"], 200);
    // The nominal results do not change with the bootstrap.
    assert_eq!(a["platforms"], c["platforms"]);
}

#[test]
fn every_ranked_score_lies_inside_its_interval() {
    let results = bootstrap_json(&fixture("tidy_long.csv"), 400, 5);
    for p in ranked(&results) {
        let id = p["id"].as_str().unwrap();
        let (lo, hi) = interval(&results, id, None);
        let s = p["score"].as_f64().unwrap();
        assert!(lo <= s && s <= hi, "{id}: {s} outside [{lo}, {hi}]");
        for (d, node) in p["dimensions"].as_object().unwrap() {
            let Some(s) = node["score"].as_f64() else {
                continue;
            };
            let (lo, hi) = interval(&results, id, Some(d));
            assert!(lo <= s && s <= hi, "{id}/{d}: {s} outside [{lo}, {hi}]");
        }
        let u = &results["bootstrap"]["platforms"][id]["index"];
        let rank = p["rank"].as_u64().unwrap();
        assert!(
            u["rank_low"].as_u64().unwrap() <= rank && rank <= u["rank_high"].as_u64().unwrap()
        );
    }
    // P(first) over the ranked platforms adds up to at least 1 (ties share the first place).
    let total: f64 = ranked(&results)
        .iter()
        .map(|p| {
            results["bootstrap"]["platforms"][p["id"].as_str().unwrap()]["index"]["p_first"]
                .as_f64()
                .unwrap()
        })
        .sum();
    assert!(total >= 1.0 - 1e-12, "{total}");
}

/// Every respondent twice (under a new id): same nominal scores, intervals about 1/sqrt(2) as
/// wide.
#[test]
fn intervals_shrink_when_respondents_are_duplicated() {
    let dir = tempfile::tempdir().unwrap();
    let doubled = dir.path().join("doubled.csv");
    let text = std::fs::read_to_string(fixture("tidy_long.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut writer = csv::Writer::from_path(&doubled).unwrap();
    writer.write_record(&headers).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for copy in ["", "-copy"] {
        for rec in &records {
            let row: Vec<String> = headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| match h {
                    "submission_id" | "respondent_id" | "company_name" => format!("{v}{copy}"),
                    _ => v.to_string(),
                })
                .collect();
            writer.write_record(&row).unwrap();
        }
    }
    writer.flush().unwrap();
    let once = bootstrap_json(&fixture("tidy_long.csv"), 1000, 9);
    let twice = bootstrap_json(&doubled, 1000, 9);
    for a in ranked(&once) {
        let id = a["id"].as_str().unwrap();
        let b = twice["platforms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap();
        let (sa, sb) = (a["score"].as_f64().unwrap(), b["score"].as_f64().unwrap());
        assert!((sa - sb).abs() < 1e-9, "{id}: nominal {sa} vs {sb}");
        assert_eq!(
            b["respondents"].as_u64().unwrap(),
            2 * a["respondents"].as_u64().unwrap()
        );
        let (lo1, hi1) = interval(&once, id, None);
        let (lo2, hi2) = interval(&twice, id, None);
        let ratio = (hi2 - lo2) / (hi1 - lo1);
        assert!(
            ratio < 0.9,
            "{id}: width {} -> {} (ratio {ratio})",
            hi1 - lo1,
            hi2 - lo2
        );
    }
}

#[test]
fn the_nominal_sample_gives_the_nominal_scores() {
    let (model, findings) = load_default().unwrap();
    nominal_sample_check(model, findings);
}

/// The other pooling orders and statistics go through the pooled-node and order-statistic
/// paths of the bootstrap: the nominal sample must reproduce them too.
#[test]
fn the_nominal_sample_gives_the_nominal_scores_for_other_orders() {
    for (order, stat) in [
        ("respondents-first", "median"),
        ("indicators-first", "trimmed-mean:0.1"),
    ] {
        let text = DEFAULT_TOML
            .replace("order = \"items-first\"", &format!("order = \"{order}\""))
            .replace(
                "respondents = \"mean\"",
                &format!("respondents = \"{stat}\""),
            );
        let checked = check_str(&text, "variant.toml", None);
        nominal_sample_check(checked.model.expect("a valid variant"), checked.diagnostics);
    }
}

fn nominal_sample_check(model: Model, findings: Vec<qbpc_index::diagnostics::Diagnostic>) {
    let files = RunFiles {
        surveys: vec![fixture("tidy_long.csv")],
        named: vec![("opinion".into(), fixture("platform_opinion.csv"))],
        ..Default::default()
    };
    let (results, replicate) = run_with(&model, &files, findings, |inputs, scores, _| {
        let design = design(&model, &answers(&model, inputs), scores).unwrap();
        let evaluator = Evaluator {
            model: &model,
            design: &design,
            template: &scores.items,
            seed: 0,
        };
        let ones: Vec<Vec<u32>> = design.platforms.iter().map(|s| vec![1; s.rows]).collect();
        evaluator.score_counts(&ones).unwrap()
    })
    .unwrap();
    for (p, platform) in model.platforms.iter().enumerate() {
        let r = results
            .platforms
            .iter()
            .find(|r| r.id == platform.id)
            .unwrap();
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-9,
            (a, b) => a == b,
        };
        assert!(
            close(replicate[p][0], r.score),
            "{}: {:?} vs {:?}",
            platform.id,
            replicate[p][0],
            r.score
        );
        for (d, &root) in model.roots.iter().enumerate() {
            let nominal = r.dimensions[&model.nodes[root].id].score;
            assert!(
                close(replicate[p][1 + d], nominal),
                "{} / {}",
                platform.id,
                model.nodes[root].id
            );
        }
    }
}

#[test]
fn a_platform_level_index_bootstraps_to_points() {
    let def = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/coinr/v1_minmax_amean.toml");
    let out = qbpc()
        .args(["score", "--index"])
        .arg(&def)
        .args(["--bootstrap", "20", "--format", "json", "--quiet"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let deu = &results["bootstrap"]["platforms"]["DEU"]["index"];
    assert_eq!(deu["low"], deu["high"]);
    assert_eq!(deu["p_first"], 1.0);
}

#[test]
fn one_replicate_is_a_usage_error() {
    qbpc()
        .arg("score")
        .arg(fixture("tidy_long.csv"))
        .args(["--bootstrap", "1", "--quiet"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("at least 2 replicates"));
}
