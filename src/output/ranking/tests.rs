//! The ranking table of each layout on the shared fixture, worked by hand from
//! `test_fixture.rs` (taobao 71.23456 → "71.2", meituan unranked with 2 respondents, opinion
//! without data, overall outside the index; bootstrapped: taobao's index [68.26, 74.0], ranks
//! 1–2, P(first) 0.75, not different from jd, which ranks 2).

use super::*;
use crate::output::test_fixture::{bootstrapped, sample};

fn build(results: &Results, layout: Layout) -> RankingTable {
    RankingTable::build(
        &Report {
            results,
            methodology: None,
        },
        layout,
    )
}

fn score(text: &str, value: f64) -> Value {
    Value::Score {
        text: Some(text.into()),
        value: Some(value),
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

fn aligns(t: &RankingTable) -> String {
    t.columns
        .iter()
        .map(|c| match c.align {
            Align::Left => 'L',
            Align::Right => 'R',
        })
        .collect()
}

#[test]
fn compact_text_layout() {
    let t = build(&sample(), Layout::Text(None));
    assert_eq!(
        t.headers(),
        [
            "Rank",
            "Platform",
            "Group",
            "Index",
            "complaint",
            "opinion",
            "overall*",
            "Respondents"
        ]
    );
    assert_eq!(aligns(&t), "RLLRRRRR");
    let rows = t.display_rows();
    assert_eq!(
        rows[2],
        [
            "2",
            "Pinduoduo 拼多多",
            "social",
            "65.0",
            "55.0",
            "–",
            "70.0",
            "9"
        ],
        "tied for second, first in its group"
    );
    assert_eq!(
        rows[0],
        [
            "1",
            "Taobao 淘宝",
            "marketplace",
            "71.2",
            "68.1",
            "–",
            "80.0",
            "31"
        ]
    );
    assert_eq!(
        rows[3],
        [
            "–",
            "Meituan 美团",
            "local",
            "90.0",
            "90.0",
            "–",
            "95.0",
            "2"
        ]
    );
}

#[test]
fn text_layout_with_bootstrap_and_language() {
    let t = build(&bootstrapped(), Layout::Text(Some(Lang::En)));
    assert_eq!(
        t.headers()[..9],
        [
            "Rank",
            "Platform",
            "Group",
            "Index",
            "95% interval",
            "Rank 5–95%",
            "P(1st)",
            "Overlaps",
            "Complaint and reporting mechanisms",
        ]
    );
    let rows = t.display_rows();
    assert_eq!(
        rows[0][..8],
        [
            "1",
            "Taobao",
            "marketplace",
            "71.2",
            "[68.3, 74.0]",
            "1–2",
            "0.75",
            "2"
        ]
    );
    assert_eq!(rows[1][4..8], ["–", "–", "–", "–"], "jd has no bootstrap");
}

#[test]
fn markdown_layout_has_the_index_interval_only() {
    let t = build(&bootstrapped(), Layout::Markdown(Lang::Zh));
    assert_eq!(
        t.headers(),
        [
            "排名",
            "平台",
            "类别",
            "指数",
            "95%区间",
            "Complaint and reporting mechanisms",
            "Social opinion data",
            "Overall assessment*",
            "受访者数"
        ]
    );
    assert_eq!(t.display_rows()[0][1], "淘宝");
}

#[test]
fn html_layout_withholds_small_cells() {
    let t = build(
        &sample(),
        Layout::Html {
            lang: Lang::En,
            min_cell: 10,
        },
    );
    assert_eq!(
        t.headers(),
        [
            "Rank",
            "Platform",
            "Group",
            "Index",
            "Respondents",
            "Status"
        ]
    );
    assert_eq!(aligns(&t), "RLLRRL");
    assert_eq!(t.rows[1][3], score("65.0", 65.04), "jd: 12 respondents");
    assert_eq!(
        t.rows[2][3],
        Value::Withheld("< 10 respondents".into()),
        "pdd: 9 respondents"
    );
    assert_eq!(t.rows[3][5], text("2 respondents < min 3"));
    assert_eq!(t.rows[0][5], text("ranked"));
}

#[test]
fn data_layout_keys_and_typed_cells() {
    let t = build(&sample(), Layout::Data);
    let keys: Vec<&str> = t.columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "rank",
            "group_rank",
            "platform_id",
            "name",
            "name_zh",
            "group",
            "status",
            "status_reason",
            "respondents",
            "index_score",
            "index_score_unrounded",
            "complaint_score",
            "complaint_rank",
            "opinion_score",
            "opinion_rank",
            "overall_score",
            "overall_rank"
        ]
    );
    assert_eq!(t.headers(), keys, "the data headers are the keys");
    let m = Value::Missing;
    assert_eq!(
        t.rows[3],
        [
            m.clone(),
            m.clone(),
            text("meituan"),
            text("Meituan"),
            text("美团"),
            text("local"),
            text("insufficient"),
            text("2 respondents < min 3"),
            Value::Int(2),
            score("90.0", 90.0),
            Value::Number(90.0),
            score("90.0", 90.0),
            m.clone(),
            Value::Score {
                text: None,
                value: None
            },
            m.clone(),
            score("95.0", 95.0),
            m,
        ]
    );
    assert_eq!(t.columns[12].kind, Kind::Count);
    assert_eq!(t.columns[9].kind, Kind::Score);
}

#[test]
fn data_and_workbook_bootstrap_columns() {
    let t = build(&bootstrapped(), Layout::Data);
    let at = |key: &str| t.position(key).unwrap();
    assert_eq!(at("index_ci_low"), 17, "after the 6 dimension columns");
    assert_eq!(t.columns.len(), 17 + 4 * 6);
    let taobao = &t.rows[0];
    assert_eq!(taobao[at("index_ci_low")], Value::Number(68.26));
    assert_eq!(taobao[at("index_rank_p95")], Value::Int(2));
    assert_eq!(taobao[at("index_p_first")], Value::Number(0.75));
    assert_eq!(
        taobao[at("index_not_different_from")],
        Value::Ids(vec!["jd".into()])
    );
    assert_eq!(taobao[at("opinion_ci_low")], Value::Missing);
    let w = build(&bootstrapped(), Layout::Workbook(Lang::En));
    assert_eq!(
        w.headers()[8..],
        [
            "Index",
            "Index (unrounded)",
            "95% interval – low",
            "95% interval – high",
            "Rank interval – low",
            "Rank interval – high",
            "P(first)",
            "Not significantly different from"
        ]
    );
    assert_eq!(w.columns[14].kind, Kind::Probability);
}

#[test]
fn group_layouts_over_the_members_of_a_group() {
    let results = sample();
    let report = Report {
        results: &results,
        methodology: None,
    };
    let marketplace = &results.platforms[..2];
    let layout = Layout::HtmlGroup {
        lang: Lang::En,
        min_cell: 5,
    };
    let t = RankingTable::of(&report, layout, marketplace);
    assert_eq!(t.headers(), ["Group rank", "Platform", "Index", "Rank"]);
    assert_eq!(aligns(&t), "RLRR");
    assert_eq!(
        t.display_rows(),
        [["1", "Taobao", "71.2", "1"], ["2", "JD.com", "65.0", "2"]]
    );
    let w = RankingTable::of(
        &report,
        Layout::WorkbookGroups(Lang::Zh),
        &results.platforms[3..],
    );
    assert_eq!(
        w.headers(),
        ["类别", "组内排名", "平台代码", "平台", "指数", "状态"]
    );
    assert_eq!(
        w.rows[0],
        [
            text("local"),
            Value::Missing,
            text("meituan"),
            text("美团"),
            score("90.0", 90.0),
            text("insufficient")
        ]
    );
}
