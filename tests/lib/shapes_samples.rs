//! The small hand-made samples of the other presets (fixtures/shapes/, built by
//! fixtures/make_shapes.py from the ground truth of three companies), read with the library;
//! and the messages for files that are not what the source expects.

use crate::shapes_support;

use qbpc_index::definition::{DEFAULT_TOML, Model, Preset, check_str, load_default};
use qbpc_index::ingest::{IngestError, read_survey};
use shapes_support::*;
use std::path::Path;

const SAMPLE: [&str; 3] = ["M001", "M002", "M009"];
const SIX: [&str; 6] = [
    "rules_clear",
    "unjust_rejection_freq",
    "dedicated_portal",
    "takedown_days",
    "complaint_channels",
    "best_practice",
];
const FOUR: [&str; 4] = [
    "rules_clear",
    "unjust_rejection_freq",
    "dedicated_portal",
    "takedown_days",
];

fn sample(name: &str) -> String {
    format!("{FIXTURES}/shapes/{name}")
}

fn default_model() -> Model {
    load_default().expect("default").0
}

/// The embedded definition with more keys on its survey source.
fn with_source_keys(keys: &str) -> Model {
    let text = DEFAULT_TOML.replace(
        "platforms_question = 3\n",
        &format!("platforms_question = 3\n{keys}\n"),
    );
    let checked = check_str(&text, "custom.toml", None);
    let errors: Vec<String> = checked.errors().map(|d| d.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    checked.model.expect("model")
}

fn check(model: &Model, name: &str, preset: Preset, items: &[&str], other_text: bool) -> Read {
    let r = read(model, &sample(name));
    assert_eq!(r.data.preset, Some(preset), "{name}");
    let scope = Scope {
        respondents: Some(&SAMPLE),
        items: Some(items),
        other_text,
    };
    check_cells(model, &r, &scope);
    r
}

fn dropped(model: &Model, r: &Read) -> Vec<(String, String, String)> {
    excluded(model, r).0
}

#[test]
fn google_forms_grids() {
    let m = default_model();
    let items = &SIX[..5];
    let r = check(
        &m,
        "google_forms_wide.csv",
        Preset::GoogleForms,
        items,
        false,
    );
    assert!(dropped(&m, &r).is_empty());
}

#[test]
fn limesurvey_subquestions_with_codes_from_the_definition() {
    // Question codes name no respondent: the company question is declared (issue 10: never
    // a guess from position).
    let m = with_source_keys(
        r#"respondent = "Q1"
columns = { "Q3[SQ001]" = "rules_clear", "Q7[SQ001]" = "unjust_rejection_freq", "Q4[SQ001]" = "dedicated_portal", Q9 = "takedown_days", Q5 = "complaint_channels", Q18 = "best_practice" }
sub_labels = { SQ001 = "ip_portal", SQ002 = "online_form", SQ003 = "email", SQ004 = "platform_contact", SQ005 = "administrative", SQ006 = "judicial" }"#,
    );
    let r = check(&m, "limesurvey_long.csv", Preset::LimeSurvey, &SIX, true);
    let want = vec![(
        "unfinished".to_string(),
        "M002".to_string(),
        "temu".to_string(),
    )];
    assert_eq!(dropped(&m, &r), want);
}

#[test]
fn qualtrics_legacy_two_header_rows() {
    let m = default_model();
    let r = check(
        &m,
        "qualtrics_legacy.csv",
        Preset::QualtricsLegacy,
        &SIX,
        true,
    );
    let d = dropped(&m, &r);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "preview");
}

#[test]
fn qualtrics_loop_and_merge() {
    let m = default_model();
    let r = check(&m, "qualtrics_loop.csv", Preset::Qualtrics, &SIX, true);
    assert_eq!(r.data.submissions.len(), 3);
    assert!(
        r.data.submissions.iter().all(|s| s.platform.is_none()),
        "wide rows"
    );
}

#[test]
fn wjx_oldest_header_style() {
    let m = default_model();
    let r = check(&m, "wjx_oldest_headers.csv", Preset::WjxText, &FOUR, false);
    assert!(r.data.headers.iter().any(|h| h == "第4题(淘宝)"));
}

#[test]
fn wjx_score_download_with_score_codes() {
    let m = with_source_keys(
        r#"codes = { agree5 = { 0 = "非常不同意", 1 = "比较不同意", 2 = "一般", 3 = "比较同意", 4 = "非常同意", 5 = "不适用" }, freq5 = { 0 = "从不", 1 = "很少", 2 = "有时", 3 = "经常", 4 = "总是", 5 = "不适用" } }"#,
    );
    check(
        &m,
        "900001_按分数_QBPC样本_3_3.csv",
        Preset::WjxScore,
        &FOUR,
        false,
    );
}

#[test]
fn surveymonkey_xlsx_with_merged_question_cells() {
    let m = default_model();
    let items = ["rules_clear", "unjust_rejection_freq", "complaint_channels"];
    check(
        &m,
        "surveymonkey_merged.xlsx",
        Preset::SurveyMonkey,
        &items,
        true,
    );
}

#[test]
fn kobo_repeat_group_sheet() {
    let m = default_model();
    let r = check(&m, "kobo_repeat.xlsx", Preset::Kobo, &SIX, true);
    assert_eq!(r.data.sheet.as_deref(), Some("platform_rating"));
    // Each repeat row takes the respondent and the times of its parent submission.
    assert!(r.data.submissions.iter().all(|s| s.submitted_at.is_some()));
}

fn format_error(r: Result<qbpc_index::ingest::SurveyData, IngestError>) -> (String, String) {
    match r {
        Err(e @ IngestError::Format { .. }) => (e.to_string(), e.hint().unwrap_or("").to_string()),
        other => panic!("expected a format error, got {:?}", other.map(|d| d.preset)),
    }
}

#[test]
fn a_forced_preset_that_contradicts_the_file_says_what_it_found() {
    let mut m = default_model();
    let s = m.source_ix("survey").expect("survey");
    m.sources[s].preset = Preset::Qualtrics;
    let tencent = format!("{FIXTURES}/tencent_wide_utf8bom.csv");
    let (msg, hint) = format_error(read_survey(&m, s, Path::new(&tencent)));
    assert!(msg.contains("preset \"qualtrics\""), "{msg}");
    assert!(msg.contains("expected 3 header rows"), "{msg}");
    assert!(msg.contains("found \"编号\""), "{msg}");
    assert!(msg.contains("looks like a 腾讯问卷 export"), "{msg}");
    assert!(hint.contains("preset = \"tencent\""), "{hint}");
    // 问卷星 download modes: an option-text file forced to option indices.
    m.sources[s].preset = Preset::WjxIndex;
    let wjx = format!("{FIXTURES}/wjx_text_wide.xlsx");
    let (msg, hint) = format_error(read_survey(&m, s, Path::new(&wjx)));
    assert!(
        msg.contains("按选项序号") && msg.contains("按选项文本"),
        "{msg}"
    );
    assert!(hint.contains("wjx-text"), "{hint}");
}

#[test]
fn an_undetectable_file_lists_the_known_exports() {
    let m = default_model();
    let s = m.source_ix("survey").expect("survey");
    let dir = tempfile::tempdir().expect("tmp");
    let p = dir.path().join("answers.csv");
    std::fs::write(&p, "company,score\nx,1\n").expect("write");
    let (msg, hint) = format_error(read_survey(&m, s, &p));
    assert!(msg.contains("cannot tell which export"), "{msg}");
    for family in [
        "问卷星",
        "腾讯问卷",
        "Qualtrics",
        "SurveyMonkey",
        "Google Forms",
        "LimeSurvey",
        "KoboToolbox",
        "tidy",
    ] {
        assert!(msg.contains(family), "{family}: {msg}");
    }
    assert!(msg.contains("found \"company\", \"score\""), "{msg}");
    assert!(hint.contains("preset"), "{hint}");
}
