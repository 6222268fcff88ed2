//! One run over two exports: a 问卷星 file from Chinese members and a file from international
//! members (Qualtrics, or a tidy CSV), with three companies in both. With the roster, each
//! company is one respondent across the files and each (company, platform) rating counts once:
//! the latest of the two. The scores equal those of the complete 问卷星 export alone (the
//! files hold the same answers), and the exclusion log names both files of every cross-file
//! duplicate. README: "Combine several exports in one run".

use crate::common::qbpc;
use serde_json::Value;
use std::collections::BTreeMap;

const WJX_FULL: &str = "fixtures/wjx_text_wide.xlsx";
const WJX_CN: &str = "fixtures/multi/wjx_cn.xlsx";
const QUALTRICS_INTL: &str = "fixtures/multi/qualtrics_intl.csv";
const TIDY_INTL: &str = "fixtures/multi/tidy_intl.csv";
/// Companies in both files of the pair.
const OVERLAP: [&str; 3] = ["M001", "M011", "M012"];

/// The embedded definition plus the fixture roster, in a temporary file.
fn definition(dir: &std::path::Path) -> String {
    let roster = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/roster.csv");
    let text = format!(
        "{}\n[respondents]\nroster = {:?}\n",
        qbpc_index::definition::DEFAULT_TOML,
        roster
    );
    let path = dir.join("def.toml");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

fn score(def: &str, files: &[&str]) -> Value {
    let out = qbpc()
        .args(["score", "--format", "json", "--index", def])
        .args(files)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Per platform: published index, dimension scores and respondent count.
fn summary(v: &Value) -> BTreeMap<String, String> {
    v["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let dims: Vec<String> = p["dimensions"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, d)| format!("{k}={}", d["score_display"]))
                .collect();
            let line = format!(
                "{} n={} {}",
                p["score_display"],
                p["respondents"],
                dims.join(" ")
            );
            (p["id"].as_str().unwrap().to_string(), line)
        })
        .collect()
}

fn diagnostics_with_code<'a>(v: &'a Value, code: &str) -> Vec<&'a Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn check_two_file_run(second: &str) {
    let dir = tempfile::tempdir().unwrap();
    let def = definition(dir.path());
    let alone = score(&def, &[WJX_FULL]);
    let both = score(&def, &[WJX_CN, second]);
    assert_eq!(summary(&both), summary(&alone));
    assert!(
        diagnostics_with_code(&both, "unknown-respondent").is_empty(),
        "every company is in the roster"
    );
    let cross: Vec<&Value> = both["excluded_submissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["reason"] == "duplicate"
                && e["detail"]
                    .as_str()
                    .unwrap()
                    .contains(if e["file"] == WJX_CN { second } else { WJX_CN })
        })
        .collect();
    // One per (overlapping company, platform) rated in both files, each naming both files.
    let mut companies: Vec<&str> = cross
        .iter()
        .map(|e| e["respondent"].as_str().unwrap())
        .collect();
    companies.sort();
    companies.dedup();
    assert_eq!(companies, OVERLAP, "{cross:#?}");
    assert!(
        cross.iter().all(|e| e["platform"].is_string()),
        "{cross:#?}"
    );
    let m001 = cross.iter().filter(|e| e["respondent"] == "M001").count();
    assert_eq!(m001, 6, "M001 rates 6 platforms in each file");
}

#[test]
fn wjx_and_qualtrics_exports_with_overlapping_companies() {
    check_two_file_run(QUALTRICS_INTL);
}

#[test]
fn wjx_and_tidy_exports_with_overlapping_companies() {
    check_two_file_run(TIDY_INTL);
}
