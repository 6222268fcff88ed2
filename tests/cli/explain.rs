//! `qbpc-index explain PLATFORM`: from survey files or a result file, in text, JSON and
//! Markdown; the contributions checked against the index of a separate `score` run.

use crate::common::{ok, run};
use serde_json::Value;

const TIDY: &str = "fixtures/tidy_long.csv";
const OPINION: &str = "opinion=fixtures/platform_opinion.csv";

#[test]
fn json_contributions_add_up_to_the_score_of_a_score_run() {
    let scored: Value = serde_json::from_str(&ok(&[
        "score", TIDY, "--source", OPINION, "-f", "json", "-q",
    ]))
    .unwrap();
    for p in scored["platforms"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let e: Value = serde_json::from_str(&ok(&[
            "explain", id, TIDY, "--source", OPINION, "-f", "json", "-q",
        ]))
        .unwrap();
        let Some(index) = p["score"].as_f64() else {
            continue;
        };
        let dims: f64 = e["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["contribution"].as_f64().unwrap())
            .sum();
        assert!((dims - index).abs() < 1e-9, "{id}: {dims} vs {index}");
        // Each dimension's contribution is its score times its share among the scored
        // in-index dimensions (all six have equal weights and scores here).
        let d = &e["dimensions"][1];
        let expected = d["score"].as_f64().unwrap() / 6.0;
        assert!(
            (d["contribution"].as_f64().unwrap() - expected).abs() < 1e-9,
            "{id}"
        );
        assert_eq!(e["rank"], p["rank"]);
    }
}

#[test]
fn a_result_file_gives_the_same_explanation() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.json");
    let file = file.to_str().unwrap();
    ok(&["score", TIDY, "--source", OPINION, "-o", file, "-q"]);
    let from_run = ok(&["explain", "jd", TIDY, "--source", OPINION, "-q"]);
    let from_file = ok(&["explain", "jd", "--results", file]);
    assert_eq!(from_run, from_file);
    assert!(from_run.starts_with("jd (JD.com): index "), "{from_run}");
    assert!(from_run.contains("contributions add up to the index score"));
    let md = ok(&["explain", "京东", "--results", file, "-f", "md"]);
    assert!(md.starts_with("## jd (JD.com)"), "{md}");
    assert!(md.contains("| part | score | weight |"), "{md}");
}

#[test]
fn without_the_opinion_file_its_dimension_is_renormalised_away() {
    let e: Value =
        serde_json::from_str(&ok(&["explain", "tmall", TIDY, "-f", "json", "-q"])).unwrap();
    assert_eq!(e["renormalised_away"], serde_json::json!(["opinion"]));
    let opinion = &e["dimensions"][5];
    assert_eq!(opinion["id"], "opinion");
    assert_eq!(opinion["effective_weight"], 0.0);
    assert!((e["dimensions"][0]["effective_weight"].as_f64().unwrap() - 0.2).abs() < 1e-15);
}

#[test]
fn unknown_platforms_and_old_result_files_are_errors_with_hints() {
    let (code, _, err) = run(&["explain", "amazon", TIDY, "-q"]);
    assert_eq!(code, 2);
    assert!(err.contains("no platform \"amazon\""), "{err}");
    assert!(err.contains("hint: platforms: tmall"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.json");
    std::fs::write(&file, r#"{"platforms": []}"#).unwrap();
    let (code, _, err) = run(&["explain", "jd", "--results", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("old.json: the result file has no `definition` record"),
        "{err}"
    );
}
