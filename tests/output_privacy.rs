//! Every platform-facing output (the HTML report, every scorecard in HTML and Markdown), made
//! from the WJX export (respondents named by company) and the tidy file (member ids), contains no respondent id and no company name of the fixtures. The researchers'
//! workbook does name them: the same scan finds them there, so the scan can fail.

#[path = "output_support/mod.rs"]
mod support;

use support::*;

/// Every platform-facing file of one input, in one language: (name, text).
fn platform_facing(input: &str, lang: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let cards = dir.path().join("cards");
    let report = dir.path().join("report.html");
    let common = [
        "--quiet",
        "--lang",
        lang,
        "--min-cell",
        "1",
        input,
        "--source",
        OPINION,
    ];
    let mut args = vec!["scorecards", "--out", cards.to_str().unwrap()];
    args.extend_from_slice(&common);
    ok(&args);
    let mut args = vec!["report", "-o", report.to_str().unwrap()];
    args.extend_from_slice(&common);
    ok(&args);
    let mut files = files_in(&cards);
    files.push((
        "report.html".into(),
        std::fs::read_to_string(&report).unwrap(),
    ));
    files
}

#[test]
fn the_identity_lists_are_complete() {
    assert_eq!(respondent_ids().len(), 40);
    let names = company_names();
    assert!(names.contains("星河日化（中国）有限公司"));
    assert!(names.contains("Alpenrose"), "aliases");
    assert!(
        names.contains("乐趣玩具(深圳)有限公司"),
        "names as typed in the WJX export"
    );
}

#[test]
fn no_platform_facing_output_names_a_respondent() {
    for input in [WJX, TIDY] {
        // "both" shows every English and Chinese name and label of the other languages.
        for lang in ["both"] {
            let files = platform_facing(input, lang);
            assert_eq!(files.len(), 21, "{input} {lang}");
            for (name, text) in files {
                let found = leaks(&text);
                assert!(
                    found.is_empty(),
                    "{input} --lang {lang}: {name} contains {found:?}"
                );
            }
        }
    }
}

#[test]
fn the_scan_finds_identities_where_they_are_allowed() {
    // Researcher-facing JSON lists the excluded submissions with their respondents.
    let r = ok(&["score", "--quiet", "--format", "json", WJX]);
    let json = String::from_utf8(r.stdout).unwrap();
    assert!(!leaks(&json).is_empty(), "the scan must be able to fail");
}
