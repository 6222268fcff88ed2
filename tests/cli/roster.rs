//! `[respondents]`: the roster in a definition, and what happens to respondents it lacks.

use crate::common::qbpc;
use serde_json::Value;

/// The embedded definition with `[respondents]` naming `roster` (written next to it).
fn definition_with_roster(dir: &std::path::Path, roster: &str) -> String {
    std::fs::write(dir.join("roster.csv"), roster).unwrap();
    let text = format!(
        "{}\n[respondents]\nroster = \"roster.csv\"\n",
        qbpc_index::definition::DEFAULT_TOML
    );
    let path = dir.join("def.toml");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn fixture_roster() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/roster.csv")).unwrap()
}

#[test]
fn a_respondent_missing_from_the_roster_is_a_located_warning_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    // M017's name as registered differs from what the company typed in the export.
    let roster = fixture_roster().replace(
        "M017,Crestline Luxury Goods (HK) Ltd.,",
        "M017,Crestline Luxury Goods (HK) Limited,",
    );
    let def = definition_with_roster(dir.path(), &roster);
    let out = qbpc()
        .args([
            "score",
            "fixtures/wjx_text_wide.xlsx",
            "--format",
            "json",
            "--index",
            &def,
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let unknown: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-respondent")
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    let d = unknown[0];
    assert_eq!(d["location"]["cell"], "G29");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("\"Crestline Luxury Goods (HK) Ltd.\" is not in the roster")
    );
    assert!(
        d["hint"]
            .as_str()
            .unwrap()
            .contains("did you mean \"Crestline Luxury Goods (HK) Limited\" (member M017)?"),
        "{d:#?}"
    );
    // The other companies are known: the exclusion log names them by roster id.
    let excluded: Vec<&str> = v["excluded_submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["respondent"].as_str().unwrap())
        .collect();
    assert_eq!(excluded, ["M012", "M028", "M007"]);
}

#[test]
fn an_unreadable_roster_or_a_shared_alias_is_a_definition_error() {
    let dir = tempfile::tempdir().unwrap();
    let def = definition_with_roster(
        dir.path(),
        "id,canonical_name,aliases\nM1,Acme,AC\nM2,Acme Two,ac\n",
    );
    let out = qbpc().args(["validate", "--index", &def]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[roster]")
            && err.contains("\"ac\" names both member \"M1\" and member \"M2\""),
        "{err}"
    );
    std::fs::remove_file(dir.path().join("roster.csv")).unwrap();
    let out = qbpc().args(["validate", "--index", &def]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error[missing-file]") && err.contains("cannot read the roster"),
        "{err}"
    );
}
