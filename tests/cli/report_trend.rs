//! The trend section of the report (`report ... --previous A.json --previous B.json`): one
//! small line chart of the index per platform, a slope chart and a movement table, in the
//! report's language and under its small-cell rule. Every expected point is read from the
//! result files that `score` wrote for the same three waves (the oracle), never from the
//! report's own renderer.

use crate::output_support as support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use support::*;

/// The three waves of `fixtures/waves/` (2024, 2025, 2026) as result files, scored once.
fn waves() -> &'static [PathBuf; 3] {
    static WAVES: OnceLock<(tempfile::TempDir, [PathBuf; 3])> = OnceLock::new();
    &WAVES
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let jobs = [
                ("2024", "fixtures/tidy_long.csv"),
                ("2025", "fixtures/waves/survey_2025.csv"),
                ("2026", "fixtures/waves/survey_2026.csv"),
            ];
            let paths = jobs.map(|(year, survey)| {
                let out = dir.path().join(format!("{year}.json"));
                let def = format!("fixtures/waves/{year}.toml");
                ok(&[
                    "score",
                    survey,
                    "--index",
                    &def,
                    "--quiet",
                    "--output",
                    out.to_str().unwrap(),
                ]);
                out
            });
            (dir, paths)
        })
        .1
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The 2026 report with the earlier waves given (or not) as --previous.
fn trend_report(previous: &[&Path], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let mut args = vec![
        "report",
        "--quiet",
        "-o",
        s(&path),
        "fixtures/waves/survey_2026.csv",
        "--index",
        "fixtures/waves/2026.toml",
    ];
    for p in previous {
        args.extend(["--previous", s(p)]);
    }
    args.extend_from_slice(extra);
    ok(&args);
    std::fs::read_to_string(&path).unwrap()
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The trend section of a report.
fn section(html: &str) -> &str {
    let from = html
        .find("<section id=\"trend\">")
        .expect("a trend section");
    let rest = &html[from..];
    &rest[..rest.find("</section>").unwrap()]
}

/// The text lines of an SVG (plotters writes each `<text>` content on its own line).
fn svg_texts(svg: &str) -> Vec<&str> {
    svg.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('<'))
        .collect()
}

fn svg_after<'a>(page: &'a str, marker: &str) -> &'a str {
    let from = page.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let rest = &page[from..];
    &rest[..rest.find("</svg>").unwrap()]
}

/// A platform's published index in a result file, as the report shows it: withheld (None)
/// when it rests on 1..k-1 respondents (k = 5, the default small-cell rule).
fn shown_index(result: &Value, id: &str) -> Option<String> {
    let p = result["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)?;
    let n = p["respondents"].as_u64().unwrap();
    if n > 0 && n < 5 {
        return None;
    }
    p["score_display"].as_str().map(String::from)
}

/// Each card's chart has one point per wave with a shown score, labelled with the published
/// value of that wave's result file; the slope chart's end labels are the first and last
/// wave's published values; a withheld score is not drawn anywhere.
#[test]
fn every_point_is_a_published_score_of_its_wave() {
    let [a, b, c] = waves();
    let html = trend_report(&[a, b], &["--lang", "en"]);
    let results = [read(a), read(b), read(c)];
    let trend = section(&html);
    let mut ids: Vec<(String, String)> = Vec::new();
    for r in results.iter().rev() {
        for p in r["platforms"].as_array().unwrap() {
            let id = p["id"].as_str().unwrap().to_string();
            if !ids.iter().any(|(i, _)| *i == id) {
                ids.push((id, p["name"].as_str().unwrap().to_string()));
            }
        }
    }
    let cards: Vec<&str> = trend.split("<div class=\"card\">").skip(1).collect();
    assert_eq!(cards.len(), ids.len(), "one chart per platform of any wave");
    let mut withheld = 0;
    for (id, name) in &ids {
        let card = cards
            .iter()
            .find(|c| c.starts_with(&format!("\n<h3>{name}</h3>")))
            .unwrap_or_else(|| panic!("no card for {name}"));
        let expected: Vec<String> = results.iter().filter_map(|r| shown_index(r, id)).collect();
        withheld += results
            .iter()
            .filter(|r| {
                r["platforms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["id"] == id.as_str() && p["score_display"].is_string())
            })
            .count()
            - expected.len();
        let svg = svg_after(card, "<svg");
        assert_eq!(svg.matches("<circle").count(), expected.len(), "{name}");
        let texts = svg_texts(svg);
        for d in &expected {
            assert!(texts.contains(&d.as_str()), "{name}: {d} in {texts:?}");
        }
        // Wave labels (3), axis ticks (3) and the points' values.
        assert_eq!(texts.len(), 6 + expected.len(), "{name}: {texts:?}");
    }
    assert!(withheld > 0, "the fixture has a withheld score (meituan)");
    let slope = svg_texts(svg_after(trend, "<div class=\"chart slope\">"));
    for (id, name) in &ids {
        if let Some(d) = shown_index(&results[0], id) {
            assert!(slope.contains(&format!("{name} {d}").as_str()), "{slope:?}");
        }
        if let Some(d) = shown_index(&results[2], id) {
            assert!(slope.contains(&format!("{d} {name}").as_str()), "{slope:?}");
        }
    }
    assert!(trend.contains("<h2>Year over year</h2>"));
    assert!(html.contains("<a href=\"#trend\">Year over year</a>"));
}

#[test]
fn without_previous_there_is_no_trend_section() {
    let html = trend_report(&[], &[]);
    assert!(!html.contains("id=\"trend\""));
    assert!(!html.contains("#trend"));
    assert!(!html.contains("Year over year") && !html.contains("历年对比"));
}

/// Headings, notes and movement words in Chinese with --lang zh, and no English heading.
#[test]
fn the_trend_section_speaks_chinese_with_lang_zh() {
    let [a, b, _] = waves();
    let html = trend_report(&[a, b], &["--lang", "zh"]);
    let trend = section(&html);
    for word in [
        "<h2>历年对比</h2>",
        "<h3>各平台历年指数</h3>",
        "<h3>指数斜率图：首期至末期</h3>",
        "<th>平台</th>",
        "<th>变动</th>",
        "<td>上升</td>",
        "<td>下降</td>",
        "<td>新增</td>",
        "<td>退出</td>",
        "<td>不变</td>",
        "<h3>天猫</h3>",
    ] {
        assert!(trend.contains(word), "{word}");
    }
    for english in [
        "Year over year",
        "Movement",
        "Slope",
        ">up<",
        ">down<",
        ">new<",
    ] {
        assert!(!trend.contains(english), "{english}");
    }
}

#[test]
fn the_report_with_a_trend_is_byte_identical_across_runs() {
    let [a, b, _] = waves();
    let one = trend_report(&[a, b], &[]);
    let two = trend_report(&[a, b], &[]);
    assert!(one.contains("<section id=\"trend\">"));
    assert_eq!(one, two);
}

/// A platform name with markup in an earlier wave is text in the trend section.
#[test]
fn names_from_earlier_waves_are_escaped() {
    let [a, _, _] = waves();
    let dir = tempfile::tempdir().unwrap();
    let mut v = read(a);
    for p in v["platforms"].as_array_mut().unwrap() {
        if p["id"] == "temu" {
            p["name"] = Value::from(SCRIPT);
        }
    }
    let evil = dir.path().join("evil.json");
    std::fs::write(&evil, serde_json::to_vec(&v).unwrap()).unwrap();
    let html = trend_report(&[&evil], &["--lang", "en"]);
    assert!(!html.contains("<script"));
    assert!(section(&html).contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn an_unreadable_previous_wave_fails_with_its_name_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let bad = dir.path().join("not-a-result.json");
    std::fs::write(&bad, "{\"hello\": 1}").unwrap();
    let r = run(&[
        "report",
        "--quiet",
        "-o",
        s(&out),
        TIDY,
        "--previous",
        s(&bad),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not-a-result.json"), "{}", r.stderr);
    assert!(!out.exists());
}

/// Renders the report's trend section in headless Chromium (network off). Ignored by a plain
/// `cargo test`; `.ci/run` runs it and it fails without a browser (docs/testing.md).
/// `QBPC_SCREENSHOT=$PWD/docs/report-trend.png cargo test --test cli report_trend:: -- --ignored`
/// refreshes the screenshot.
#[test]
#[ignore = "needs chromium: see docs/testing.md"]
fn trend_section_renders_in_headless_chromium() {
    let [a, b, _] = waves();
    let full = trend_report(&[a, b], &[]);
    // The page with the trend section alone (its head, header and the section), so that the
    // screenshot shows it from the top.
    let head = &full[..full.find("<nav>").unwrap()];
    let page = format!("{head}{}</section>\n</body>\n</html>\n", section(&full));
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("trend.html");
    std::fs::write(&html, page).unwrap();
    crate::common::screenshot(&html, dir.path(), "trend.png", 1800);
}
