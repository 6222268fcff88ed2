use super::*;
use crate::definition::load_default;
use crate::output::Methodology;
use crate::output::Report;
use crate::output::scorecard::{self, ScorecardOptions};
use crate::output::test_fixture::sample;
use crate::results::Results;

fn report_html(results: &Results, options: HtmlOptions) -> String {
    let (model, _) = load_default().unwrap();
    let m = Methodology::from_model(&model);
    let input = Report {
        results,
        methodology: Some(&m),
    };
    report(&input, options).unwrap()
}

/// Every reference to something outside the file: src/href attributes other than in-page
/// anchors, CSS url()/@import, stylesheet links, scripts.
pub fn external_references(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for attr in [
        "src=",
        "href=",
        "xlink:href=",
        "action=",
        "srcset=",
        "poster=",
        "data=",
    ] {
        for (i, _) in lower.match_indices(attr) {
            let rest = &lower[i + attr.len()..];
            let value = rest.trim_start_matches(['"', '\'']);
            if !value.starts_with('#') {
                found.push(lower[i..(i + 60).min(lower.len())].to_string());
            }
        }
    }
    for needle in [
        "url(", "@import", "<link", "<script", "<iframe", "<object", "<embed", "<img",
    ] {
        if lower.contains(needle) {
            found.push(needle.to_string());
        }
    }
    found
}

#[test]
fn report_is_self_contained() {
    let html = report_html(&sample(), HtmlOptions::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
}

#[test]
fn report_has_every_section_and_chart() {
    let html = report_html(&sample(), HtmlOptions::default());
    for id in [
        "ranking",
        "dimensions",
        "structure",
        "profiles",
        "groups",
        "practices",
        "quality",
        "methodology",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    // Ranking bars, heatmap, correlations, distributions; the sample has two index
    // dimensions, so no radar (needs 3).
    assert_eq!(html.matches("<svg").count(), 4);
    assert!(html.contains("淘宝"), "Chinese names are kept as text");
    assert!(html.contains("Effective weight"));
}

#[test]
fn report_never_lists_respondents() {
    let html = report_html(&sample(), HtmlOptions::default());
    assert!(
        !html.contains("M017"),
        "the excluded respondent is counted, not named"
    );
    assert!(html.contains("duplicate"));
}

#[test]
fn small_cells_are_withheld_in_the_report() {
    // meituan has 2 respondents: below k = 5 its index (90.0) is not shown.
    let html = report_html(&sample(), HtmlOptions::default());
    assert!(!html.contains("90.0"));
    assert!(html.contains("&lt; 5 respondents"));
    let open = report_html(
        &sample(),
        HtmlOptions {
            min_cell: 1,
            ..HtmlOptions::default()
        },
    );
    assert!(open.contains("90.0"));
}

#[test]
fn free_text_and_names_are_escaped() {
    let mut results = sample();
    results.platforms[0].name = "<script>alert(1)</script>".into();
    results.platforms[0].texts.insert(
        "best_practice".into(),
        vec![
            "<script>alert(1)</script>".into(),
            r#"=HYPERLINK("http://x","y")"#.into(),
        ],
    );
    let html = report_html(&results, HtmlOptions::default());
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
    assert_eq!(external_references(&html), Vec::<String>::new());
}

#[test]
fn report_is_deterministic() {
    assert_eq!(
        report_html(&sample(), HtmlOptions::default()),
        report_html(&sample(), HtmlOptions::default())
    );
}

#[test]
fn scorecard_page_is_self_contained_and_escaped() {
    let mut results = sample();
    results.platforms[0]
        .texts
        .insert("best_practice".into(), vec!["<b>bold</b>".into()]);
    let (model, _) = load_default().unwrap();
    let m = Methodology::from_model(&model);
    let report = Report {
        results: &results,
        methodology: Some(&m),
    };
    let options = ScorecardOptions::default();
    let card = scorecard::build(&report, &results.platforms[0], options);
    let html = scorecard(&report, &card).unwrap();
    assert_eq!(external_references(&html), Vec::<String>::new());
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"));
    assert!(!html.contains("M017"));
}

#[test]
fn labels_split_into_chart_lines() {
    assert_eq!(
        label_lines(
            "Complaint and reporting mechanisms",
            Some("投诉举报机制"),
            Lang::Both,
            16
        ),
        ["Complaint and", "reporting", "mechanisms", "投诉举报机制"]
    );
    assert_eq!(label_lines("Temu", Some("Temu"), Lang::Zh, 16), ["Temu"]);
    assert_eq!(label_lines("Taobao", Some("淘宝"), Lang::Zh, 16), ["淘宝"]);
}

#[test]
fn long_chinese_labels_wrap_inside_their_column() {
    assert_eq!(
        label_lines("Overall", Some("总体评价（不计入指数）"), Lang::Zh, 16),
        ["总体评价", "（不计入指数）"]
    );
    assert_eq!(
        label_lines("X", Some("一二三四五六七八九十"), Lang::Zh, 16),
        ["一二三四五六七八", "九十"]
    );
    assert_eq!(
        label_lines("X", Some("社会舆情数据"), Lang::Zh, 16),
        ["社会舆情数据"]
    );
}

#[test]
fn correlations_and_distributions_leave_withheld_scores_out() {
    // With every platform below the cell size nothing is shown, so there is nothing to
    // correlate or plot: the section is left out rather than drawn from hidden scores.
    let options = HtmlOptions {
        min_cell: 1_000_000,
        ..HtmlOptions::default()
    };
    let html = report_html(&sample(), options);
    assert!(!html.contains("id=\"structure\""));
    let html = report_html(&sample(), HtmlOptions::default());
    assert!(html.contains("Pearson correlation"));
}

/// The ranking table of the report, worked by hand from the fixture: numbers right-aligned by
/// class, meituan's index (2 respondents < k = 5) withheld, its reason as its status.
#[test]
fn ranking_table_rows() {
    let results = sample();
    let input = Report {
        results: &results,
        methodology: None,
    };
    let options = HtmlOptions {
        lang: Lang::En,
        min_cell: 5,
    };
    let html = report(&input, options).unwrap();
    let start = html.find("<table class=\"ranking\">").unwrap();
    let end = start + html[start..].find("</table>").unwrap();
    let expected = concat!(
        "<table class=\"ranking\">\n",
        "<thead><tr><th class=\"num\">Rank</th><th>Platform</th><th>Group</th>",
        "<th class=\"num\">Index</th><th class=\"num\">Respondents</th><th>Status</th></tr></thead>\n",
        "<tbody>\n",
        "<tr><td class=\"num\">1</td><td>Taobao</td><td>marketplace</td><td class=\"num\">71.2</td>",
        "<td class=\"num\">31</td><td>ranked</td></tr>\n",
        "<tr><td class=\"num\">2</td><td>JD.com</td><td>marketplace</td><td class=\"num\">65.0</td>",
        "<td class=\"num\">12</td><td>ranked</td></tr>\n",
        "<tr><td class=\"num\">2</td><td>Pinduoduo</td><td>social</td><td class=\"num\">65.0</td>",
        "<td class=\"num\">9</td><td>ranked</td></tr>\n",
        "<tr><td class=\"num\">–</td><td>Meituan</td><td>local</td>",
        "<td class=\"withheld\">&lt; 5 respondents</td><td class=\"num\">2</td>",
        "<td>2 respondents &lt; min 3</td></tr>\n",
        "</tbody>\n",
    );
    assert_eq!(&html[start..end], expected);
}
