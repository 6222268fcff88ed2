//! `qbpc-index score`: the main job end to end, its outputs, and its failure modes.

use crate::common::qbpc;
use std::path::Path;

const WJX: &str = "fixtures/wjx_text_wide.xlsx";
const TIDY: &str = "fixtures/tidy_long.csv";
const OPINION: &str = "opinion=fixtures/platform_opinion.csv";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = qbpc().args(args).output().expect("run");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["score", "--format", "json"];
    all.extend_from_slice(args);
    let r = run(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("valid JSON")
}

#[test]
fn table_of_the_bundled_example() {
    let r = run(&["score", WJX, "--source", OPINION]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("wjx_table_stdout", r.stdout);
    insta::assert_snapshot!("wjx_table_stderr", r.stderr);
}

#[test]
fn json_is_byte_identical_across_runs() {
    let a = run(&["score", WJX, "--source", OPINION, "--format", "json"]);
    let b = run(&["score", WJX, "--source", OPINION, "--format", "json"]);
    assert_eq!(a.code, 0);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn json_keeps_the_definition_order_of_dimensions() {
    // Regression: without toml's preserve_order the tables came back sorted by id.
    let v = json(&[TIDY]);
    let dims: Vec<&str> = v["platforms"][0]["dimensions"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        dims,
        [
            "complaint",
            "handling",
            "credit",
            "prevention",
            "cogovernance",
            "opinion",
            "overall"
        ]
    );
}

#[test]
fn without_the_opinion_file_the_output_says_so() {
    let r = run(&["score", TIDY]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("opinion: no data"), "{}", r.stdout);
    assert!(r.stderr.contains("--source opinion=FILE"), "{}", r.stderr);
    let v = json(&[TIDY]);
    let taobao = &v["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "taobao")
        .unwrap();
    assert!(taobao["dimensions"]["opinion"]["score"].is_null());
    assert!(taobao["score"].is_number());
}

#[test]
fn meituan_is_scored_but_not_ranked() {
    let v = json(&[WJX, "--source", OPINION]);
    let list = v["platforms"].as_array().unwrap();
    let last = list.last().unwrap();
    assert_eq!(last["id"], "meituan");
    assert_eq!(last["status"], "insufficient");
    assert!(last["rank"].is_null());
    assert!(last["score"].is_number());
    assert_eq!(last["respondents"], 2);
}

#[test]
fn exclusions_and_invalid_cells_are_reported_with_locations() {
    let v = json(&[WJX]);
    let reasons: Vec<&str> = v["excluded_submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons, ["duplicate", "duplicate", "speeder"]);
    let invalid: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "invalid-answer")
        .collect();
    assert_eq!(invalid.len(), 2);
    assert_eq!(invalid[0]["location"]["cell"], "ED23");
}

#[test]
fn strict_turns_warnings_into_exit_1() {
    let r = run(&["score", WJX, "--strict", "--quiet"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.is_empty(), "--quiet: {}", r.stderr);
    assert!(!r.stdout.is_empty(), "the result is still printed");
}

#[test]
fn output_file_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ranking.csv");
    let r = run(&["score", TIDY, "-q", "-o", path.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.starts_with("rank,"), "{csv}");
    assert_eq!(csv.lines().count(), 11, "header + 10 platforms");
}

fn assert_no_output(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "files left behind: {left:?}");
}

#[test]
fn missing_survey_file_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    let r = run(&[
        "score",
        "fixtures/no_such_export.xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("fixtures/no_such_export.xlsx"),
        "{}",
        r.stderr
    );
    assert_no_output(dir.path());
}

#[test]
fn a_file_that_is_not_a_survey_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("export.csv");
    std::fs::write(&fake, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("r.json");
    let r = run(&["score", fake.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("export.csv"), "{}", r.stderr);
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
    assert_no_output(out_dir.path());

    // A real table that no preset recognises is not a survey either.
    let r = run(&["score", "fixtures/platform_opinion.csv"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("hint:"), "{}", r.stderr);
}

#[test]
fn a_definition_with_a_syntax_error_exits_2_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    let r = run(&[
        "score",
        TIDY,
        "--index",
        "fixtures/definitions/syntax_error.toml",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("syntax_error.toml:5:15"), "{}", r.stderr);
    assert_no_output(dir.path());
}

#[test]
fn unknown_output_extension_is_a_usage_error() {
    let r = run(&["score", TIDY, "-o", "ranking.pdf"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--format"), "{}", r.stderr);
    assert!(
        !Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("ranking.pdf")
            .exists()
    );
}

#[test]
fn unknown_source_id_names_the_known_ones() {
    let r = run(&[
        "score",
        TIDY,
        "--source",
        "opinon=fixtures/platform_opinion.csv",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unknown source \"opinon\""),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("survey, opinion"), "{}", r.stderr);
}

#[test]
fn the_customised_example_definition_runs() {
    let r = run(&[
        "score",
        "examples/survey_wjx.xlsx",
        "--index",
        "examples/custom-index.toml",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let first = &v["platforms"][0];
    // Two decimals, nested indicators, and the opinion file named in the definition.
    assert_eq!(
        first["score_display"]
            .as_str()
            .unwrap()
            .split('.')
            .nth(1)
            .unwrap()
            .len(),
        2
    );
    assert!(first["indicators"]["complaint_access"]["score"].is_number());
    assert!(first["dimensions"]["opinion"]["score"].is_number());
}
