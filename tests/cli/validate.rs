//! `qbpc-index validate`: every finding in one pass, located, with the documented exit codes.

use crate::common::run;

#[test]
fn five_mistakes_are_all_reported_with_line_and_column() {
    let (code, stdout, stderr) = run(&[
        "validate",
        "--index",
        "fixtures/definitions/five_mistakes.toml",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    for expected in [
        "five_mistakes.toml:21:43: label \"比较同意\" appears twice",
        "five_mistakes.toml:25:8: scale \"days\": best and worst are both 7",
        "five_mistakes.toml:30:10: weight of \"complaint\" is -1",
        "warning[empty-node]: fixtures/definitions/five_mistakes.toml:32:1: dimension \"handling\" has no items: it has no score (N/A) in this edition",
        "five_mistakes.toml:37:9: unknown scale \"agre5\"",
        "did you mean \"agree5\"?",
        "4 error(s), 1 warning(s)",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    insta::assert_snapshot!("five_mistakes", stderr);
}

#[test]
fn json_report_lists_the_same_findings() {
    let (code, stdout, _) = run(&[
        "validate",
        "--index",
        "fixtures/definitions/five_mistakes.toml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let list = v.as_array().expect("array");
    assert_eq!(list.len(), 5);
    assert!(
        list.iter()
            .all(|d| d["location"]["line"].is_u64() && d["hint"].is_string())
    );
}

#[test]
fn toml_syntax_error_is_located_and_exits_2() {
    let (code, _, stderr) = run(&[
        "validate",
        "--index",
        "fixtures/definitions/syntax_error.toml",
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("syntax_error.toml:5:15"), "{stderr}");
}

#[test]
fn missing_definition_file_exits_2_with_a_hint() {
    let (code, _, stderr) = run(&["validate", "--index", "fixtures/definitions/nope.toml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read definition fixtures/definitions/nope.toml"),
        "{stderr}"
    );
    assert!(stderr.contains("hint:"), "{stderr}");
}

#[test]
fn embedded_default_validates_cleanly() {
    let (code, _, stderr) = run(&["validate"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("ok: no problems found"), "{stderr}");
}

#[test]
fn unknown_keys_are_findings_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.toml");
    let text =
        qbpc_index::definition::DEFAULT_TOML.replace("min_respondents = 3", "min_respondnets = 3");
    std::fs::write(&path, text).unwrap();
    let (code, _, stderr) = run(&["validate", "--index", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("unknown key `min_respondnets`"), "{stderr}");
    assert!(
        stderr.contains("did you mean `min_respondents`?"),
        "{stderr}"
    );
}

#[test]
fn survey_files_are_checked_when_given() {
    let (code, _, stderr) = run(&["validate", "fixtures/wjx_text_wide.xlsx"]);
    // Invalid answers are warnings: the definition is fine, so the exit code is 0 ...
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("invalid-answer"), "{stderr}");
    assert!(
        stderr.contains("cell ED23"),
        "the xlsx date cell is located: {stderr}"
    );
    // ... and 1 with --strict.
    let (code, _, _) = run(&["validate", "--strict", "fixtures/wjx_text_wide.xlsx"]);
    assert_eq!(code, 1);
}

#[test]
fn with_the_survey_questions_no_item_reads_are_listed() {
    // Issue 10, scope 2: validate with the survey lists the numbered questions nothing reads
    // (the company name and the list of platforms rated excepted).
    let (code, _, stderr) = run(&["validate", "fixtures/wjx_text_wide.xlsx"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("cell H1, column \"2、贵企业所属行业：\": question 2 is read by no item"),
        "{stderr}"
    );
    for q in [1, 3, 4] {
        assert!(
            !stderr.contains(&format!("question {q} is read by no item")),
            "{stderr}"
        );
    }
}
