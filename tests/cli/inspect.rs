//! `qbpc-index inspect`: what is read in an export, before scoring.

use crate::common::qbpc;

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

#[test]
fn wjx_text_export() {
    let r = run(&["inspect", "fixtures/wjx_text_wide.xlsx"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The answers no scale covers are marked and listed.
    assert!(
        r.stdout
            .contains("!     1  \"7\"  not covered by scale agree5"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("takedown_days (scale takedown_days): \"2025-03-05 (date cell)\" x1")
    );
    insta::assert_snapshot!("wjx_text_wide", r.stdout);
}

#[test]
fn tidy_long_file() {
    let r = run(&["inspect", "fixtures/tidy_long.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("tidy_long", r.stdout);
}

#[test]
fn json_is_the_library_structure() {
    let r = run(&["inspect", "fixtures/tidy_long.csv", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(v["preset"], "tidy");
    assert_eq!(v["layout"], "long");
    let rules = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["item"] == "rules_clear")
        .expect("rules_clear");
    assert_eq!(rules["not_covered"], 1);
    let col = v["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["header"] == "rules_clear")
        .unwrap();
    assert_eq!(
        (col["role"].as_str(), col["item"].as_str()),
        (Some("answer"), Some("rules_clear"))
    );
}

#[test]
fn with_a_roster_respondents_show_their_member_id() {
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("def.toml");
    let roster = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/roster.csv");
    let text = format!(
        "{}\n[respondents]\nroster = {:?}\n",
        qbpc_index::definition::DEFAULT_TOML,
        roster
    );
    std::fs::write(&def, text).unwrap();
    let r = run(&[
        "inspect",
        "fixtures/wjx_text_wide.xlsx",
        "--index",
        def.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("row 17: \"Ankang Baby\" -> M019"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("rows 3, 8: \"锐步运动用品（中国）有限公司\" -> M012")
    );
    assert!(!r.stdout.contains("unknown-respondent"));
}

#[test]
fn a_file_that_is_no_survey_export_is_shown_with_what_scoring_needs() {
    // Issue 10, class 5: inspect shows what it read even when no preset fits (exit 1).
    let r = run(&["inspect", "fixtures/roster.csv"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("no known export"), "{}", r.stdout);
    assert!(r.stdout.contains("canonical_name"), "{}", r.stdout);
    assert!(r.stdout.contains("Scoring still needs:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("cannot tell which export this is"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_unreadable_file_is_still_an_error() {
    let r = run(&["inspect", "fixtures/no_such_file.csv"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("error:"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn qualtrics_export_shows_dropped_rows_and_metadata_columns() {
    let r = run(&["inspect", "fixtures/qualtrics_long.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("preset qualtrics, layout long, 3 header row(s)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("dropped row 168: unfinished"));
    for line in [
        "M    (respondent)",
        "S    (platform)",
        "F    (duration)",
        "T    rules_clear ",
    ] {
        assert!(r.stdout.contains(line), "{line:?} in\n{}", r.stdout);
    }
}

#[test]
fn an_spss_file_shows_its_question_labels_and_what_each_code_means() {
    // Issue 10, scope 3: the labels of a .sav say each question and each answer's code; the
    // expected ones are pyreadstat's reading (fixtures/sav/survey_bytecode.sav.expected.json).
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("fixtures/sav/survey_bytecode.sav.expected.json").unwrap(),
    )
    .unwrap();
    let q1 = &expected["variables"][1];
    let r = run(&[
        "inspect",
        "--format",
        "json",
        "fixtures/sav/survey_bytecode.sav",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let col = &json["columns"][1];
    assert_eq!(col["header"], q1["name"]);
    assert_eq!(col["text"], q1["label"]);
    let answers: Vec<String> = col["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a[0].as_str().unwrap().to_string())
        .collect();
    let very = q1["value_labels"][4][1].as_str().unwrap();
    assert!(answers.contains(&format!("5 = {very}")), "{answers:?}");
}

/// (column, header, basis) of every identifying column inspect lists in JSON.
fn identifying_columns(file: &str) -> (Run, Vec<(String, String, String)>) {
    let r = run(&["inspect", file, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let list = v["identifying_columns"]
        .as_array()
        .expect("identifying_columns")
        .iter()
        .map(|c| {
            assert!(
                c["why"].as_str().is_some_and(|w| !w.is_empty()),
                "a reason for {c}"
            );
            (
                c["column"].as_str().unwrap().to_string(),
                c["header"].as_str().unwrap().to_string(),
                c["basis"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (r, list)
}

fn owned(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(c, h, b)| (c.to_string(), h.to_string(), b.to_string()))
        .collect()
}

#[test]
fn wjx_export_lists_its_identifying_columns_by_header() {
    // Written from the fixture's header row: G names the company (the respondent column), and
    // the three last columns (389-391: NY, NZ, OA) are 联系人, 联系电话, 电子邮箱.
    let (_, found) = identifying_columns("fixtures/privacy/wjx_named.csv");
    assert_eq!(
        found,
        owned(&[
            (
                "G",
                "1、贵企业名称（请填写营业执照上的全称）：",
                "respondent"
            ),
            ("NY", "联系人", "header"),
            ("NZ", "联系电话", "header"),
            ("OA", "电子邮箱", "header"),
        ])
    );
    let r = run(&["inspect", "fixtures/privacy/wjx_named.csv"]);
    for line in [
        "Identifying columns (4; their values are redacted",
        "  NZ   联系电话",
        "its header mentions \"联系电话\"",
    ] {
        assert!(r.stdout.contains(line), "{line:?} in\n{}", r.stdout);
    }
}

#[test]
fn tidy_export_lists_its_identifying_columns_by_header() {
    // Written from the fixture's header row: submission_id, respondent_id, company_name,
    // contact_person, contact_email, contact_phone, submitted_at ...
    let (_, found) = identifying_columns("fixtures/privacy/tidy_named.csv");
    assert_eq!(
        found,
        owned(&[
            ("B", "respondent_id", "respondent"),
            ("C", "company_name", "header"),
            ("D", "contact_person", "header"),
            ("E", "contact_email", "header"),
            ("F", "contact_phone", "header"),
        ])
    );
}

#[test]
fn qualtrics_export_lists_the_recipient_columns_the_preset_marks() {
    // Written from the fixture's header rows: J-L are Qualtrics' recipient metadata, M the
    // external reference the respondent is keyed on, R (Q1) asks "Company name (as registered)".
    let (_, found) = identifying_columns("fixtures/qualtrics_long.csv");
    assert_eq!(
        found,
        owned(&[
            ("J", "RecipientLastName", "preset"),
            ("K", "RecipientFirstName", "preset"),
            ("L", "RecipientEmail", "preset"),
            ("M", "ExternalReference", "respondent"),
            ("R", "Q1", "header"),
        ])
    );
}

#[test]
fn kobo_repeat_sheet_lists_the_main_sheet_respondent_column() {
    // Written from the workbook: the answers are on sheet "platform_rating", whose rows reach
    // their submission through `_parent_index`; the respondent is column D, "company", of the
    // main sheet "QBPC survey" (start, end, today, company, _id ...).
    let r = run(&[
        "inspect",
        "fixtures/shapes/kobo_repeat.xlsx",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(
        v["identifying_columns"],
        serde_json::json!([{
            "column": "D",
            "number": 4,
            "header": "company",
            "sheet": "QBPC survey",
            "basis": "respondent",
            "why": "the respondent column",
        }])
    );
}

#[test]
fn inspect_never_shows_the_values_of_identifying_columns() {
    // The respondent column's values are listed under "Respondents" on purpose; every other
    // identifying column's values (read from the fixture itself) appear in neither output.
    let cases: [(&str, &[&str]); 2] = [
        (
            "fixtures/privacy/wjx_named.csv",
            &["联系人", "联系电话", "电子邮箱"],
        ),
        (
            "fixtures/privacy/tidy_named.csv",
            &[
                "company_name",
                "contact_person",
                "contact_email",
                "contact_phone",
            ],
        ),
    ];
    for (file, headers) in cases {
        let values: std::collections::BTreeSet<String> =
            crate::privacy_support::csv_columns(file, headers)
                .into_iter()
                .collect();
        assert!(values.len() > 3, "{file}: {values:?}");
        for format in ["text", "json"] {
            let r = run(&["inspect", file, "--format", format]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            let found = crate::privacy_support::found_in(&r.stdout, &values);
            assert!(found.is_empty(), "{file} ({format}) shows {found:?}");
        }
    }
}
