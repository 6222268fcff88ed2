//! `qbpc-index report`: one self-contained HTML file with charts, groups, data quality and the
//! methodology; deterministic; renders in headless Chromium (an ignored test that `.ci/run`
//! runs: docs/testing.md).

use crate::output_support as support;

use support::*;

fn report(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let path_str = path.to_str().unwrap();
    let mut all = vec!["report", "--quiet", "-o", path_str];
    all.extend_from_slice(args);
    ok(&all);
    std::fs::read_to_string(&path).unwrap()
}

#[test]
fn report_is_one_self_contained_file() {
    let html = report(&[TIDY, "--source", OPINION]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(!html.contains("http://") && !html.contains("https://"));
    // Ranking bars + heatmap + correlations + distributions + one radar per platform shown
    // (meituan has 2 < 5 respondents).
    assert_eq!(html.matches("<svg").count(), 4 + 9, "charts");
    for section in [
        "ranking",
        "dimensions",
        "structure",
        "profiles",
        "groups",
        "practices",
        "quality",
        "methodology",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{section}\""))
                || html.contains(&format!("id=\"{section}\"")),
            "{section}"
        );
    }
    assert!(
        html.contains("天猫") && html.contains("社会舆情"),
        "Chinese names as text"
    );
    assert!(html.contains("@media print"));
}

#[test]
fn report_is_byte_identical_across_runs() {
    let a = report(&[TIDY, "--source", OPINION]);
    let b = report(&[TIDY, "--source", OPINION]);
    assert_eq!(a, b);
}

#[test]
fn report_to_standard_output_in_english() {
    let r = ok(&["report", "--quiet", "--lang", "en", TIDY]);
    let html = String::from_utf8(r.stdout).unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Overall ranking"));
    assert!(!html.contains("总排名"));
}

#[test]
fn methodology_appendix_comes_from_the_definition() {
    let html = report(&[TIDY, "--lang", "en"]);
    let appendix = &html[html.find("id=\"methodology\"").unwrap()..];
    // Five index dimensions with the opinion one: each 1/6 of the index, shown as 16.7%.
    assert!(
        appendix.contains("16.7%"),
        "effective weight of a dimension"
    );
    assert!(appendix.contains("How N/A is treated"));
    assert!(appendix.contains("min_respondents"));
    assert!(appendix.contains("非常同意 = 100"), "the scale's scores");
}

#[test]
fn small_platforms_are_withheld_saying_so() {
    let html = report(&[TIDY, "--lang", "en"]);
    assert!(html.contains("&lt; 5 respondents"));
    let open = report(&[TIDY, "--lang", "en", "--min-cell", "1"]);
    assert!(!open.contains("&lt; 1 respondents"));
}

#[test]
fn bad_input_fails_with_code_2_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let r = run(&[
        "report",
        "-o",
        path.to_str().unwrap(),
        "fixtures/no-such-file.csv",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!path.exists());
}

/// Renders the report in headless Chromium with the network off. Ignored by a plain
/// `cargo test` (it needs Chromium); `.ci/run` installs Chromium and runs it, and it fails when
/// no browser is on PATH (docs/testing.md, "External programs").
/// `QBPC_SCREENSHOT=$PWD/docs/report.png cargo test --test cli report::report_renders_in_headless_chromium -- --ignored`
/// refreshes the README's screenshot.
#[test]
#[ignore = "needs chromium: see docs/testing.md"]
fn report_renders_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    // The README's example (its first command), as in docs/report.png.
    ok(&[
        "report",
        "--quiet",
        "-o",
        html.to_str().unwrap(),
        "examples/survey_wjx.xlsx",
        "--source",
        "opinion=examples/platform_opinion.csv",
    ]);
    crate::common::screenshot(&html, dir.path(), "report.png", 2200);
}

#[test]
fn radars_carry_the_published_values() {
    let html = report(&[TIDY, "--source", OPINION, "--lang", "en"]);
    let json: serde_json::Value = serde_json::from_slice(
        &ok(&["score", "--format", "json", TIDY, "--source", OPINION]).stdout,
    )
    .unwrap();
    // Each ranked platform's dimension scores appear as text in the radar's SVG.
    let p = &json["platforms"][0];
    let profiles = &html[html.find("id=\"profiles\"").unwrap()..];
    let card = &profiles[..profiles.find("class=\"card\"").map_or(profiles.len(), |_| {
        profiles
            .match_indices("class=\"card\"")
            .nth(1)
            .map_or(profiles.len(), |(i, _)| i)
    })];
    for (id, node) in p["dimensions"].as_object().unwrap() {
        if let Some(shown) = node["score_display"].as_str()
            && id != "overall"
        {
            assert!(card.contains(&format!("\n{shown}\n")), "{id} {shown}");
        }
    }
}

#[test]
fn bootstrap_intervals_are_drawn_and_tabled() {
    let args = [TIDY, "--lang", "en", "--bootstrap", "50", "--seed", "3"];
    let html = report(&args);
    assert!(html.contains("Whiskers: 95% bootstrap interval over respondents."));
    assert!(html.contains("<th class=\"num\">95% interval</th>"));
    // The replicates, the seed and the method, under the chart and in the methodology.
    assert_eq!(
        html.matches("Bootstrap over respondents: 50 replicates, seed 3.")
            .count(),
        2
    );
    assert!(html.contains("resampled with replacement"));
    assert!(html.contains("2.5th–97.5th percentiles"));
    assert_eq!(html, report(&args), "same seed, same report");
    let plain = report(&[TIDY, "--lang", "en"]);
    assert!(!plain.contains("Whiskers"));
    assert!(!plain.contains("Bootstrap over respondents"));
}
