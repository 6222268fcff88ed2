//! Ingest against the synthetic survey fixtures (see fixtures/README.md) and the embedded
//! default definition.

use super::table::{self, CellRef};
use super::*;
use crate::definition::{Model, load_default};
use std::collections::{HashMap, HashSet};
use std::path::Path;

const WJX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/wjx_text_wide.xlsx");
const WJX_GBK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/wjx_number_wide_gbk.csv"
);
const TIDY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tidy_long.csv");
const OPINION_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/platform_opinion.csv");
const OPINION_XLSX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/platform_opinion.xlsx"
);
const TRUTH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/ground_truth.json");

pub(super) fn model() -> Model {
    load_default().expect("the embedded definition loads").0
}

fn survey(m: &Model) -> usize {
    m.source_ix("survey").expect("survey source")
}

fn item(m: &Model, id: &str) -> usize {
    m.items.iter().position(|i| i.id == id).expect(id)
}

fn platform(m: &Model, id: &str) -> usize {
    m.platforms.iter().position(|p| p.id == id).expect(id)
}

fn truth() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(TRUTH).expect("ground truth")).expect("json")
}

/// WJX 序号 of each data row of the xlsx fixture.
fn wjx_seq_by_row() -> HashMap<usize, i64> {
    let t = table::open(Path::new(WJX), None).expect("opens");
    let mut out = HashMap::new();
    t.for_each_row(|row, cells| {
        if let CellRef::Number(x) = cells.get(0) {
            out.insert(row, x as i64);
        }
    })
    .expect("rows");
    out
}

/// respondent id of every WJX submission (kept and dropped), by 序号.
fn respondent_by_seq(truth: &serde_json::Value) -> HashMap<i64, String> {
    let mut out = HashMap::new();
    for list in ["submissions_kept", "submissions_dropped"] {
        for s in truth[list].as_array().expect("list") {
            let seq = s["wjx_seq"].as_i64().expect("seq");
            out.insert(seq, s["respondent_id"].as_str().expect("id").to_string());
        }
    }
    out
}

fn cell(d: &SurveyData, sub: usize, item: usize, p: usize) -> &RawCell {
    d.cells
        .iter()
        .find(|c| c.submission == sub && c.item == item && c.platform == p)
        .expect("cell exists")
}

#[test]
fn wjx_text_xlsx_reads_every_submission() {
    let m = model();
    let d = read_survey(&m, survey(&m), Path::new(WJX)).expect("reads");
    assert_eq!(d.preset, Some(Preset::WjxText));
    assert_eq!(d.submissions.len(), 42);
    assert_eq!(d.headers.len(), 319);
    assert_eq!(d.header_rows, 1);
    assert_eq!(d.sheet.as_deref(), Some("Sheet1"));
    assert!(d.diagnostics.is_empty(), "{:#?}", d.diagnostics);
    let first = &d.submissions[0];
    assert_eq!(first.row, 2);
    assert_eq!(first.respondent, "Alpenrose Cosmetics GmbH 北京代表处");
    assert_eq!(first.respondent_key, "alpenrose cosmetics gmbh 北京代表处");
    assert_eq!(
        first.submitted_at_raw.as_deref(),
        Some("2025/03/10 14:02:35")
    );
    // 14:02:35 Beijing time (the embedded definition's timezone) is 06:02:35 UTC.
    assert_eq!(first.submitted_at, Some(1_741_615_355 - 8 * 3600));
    assert_eq!(first.duration_s, Some(1764.0));
    assert_eq!(first.weight, 1.0);
    let c = cell(&d, 0, item(&m, "rules_clear"), platform(&m, "taobao"));
    assert_eq!(c.value, RawValue::Text("非常同意".into()));
    assert_eq!(
        d.headers[c.col],
        "4、平台知识产权保护规则清晰、易于查找—淘宝"
    );
}

#[test]
fn wjx_date_cell_stays_a_date() {
    let m = model();
    let d = read_survey(&m, survey(&m), Path::new(WJX)).expect("reads");
    let ed = 133; // column ED
    let c = d
        .cells
        .iter()
        .find(|c| c.col == ed && d.submissions[c.submission].row == 23)
        .expect("ED23");
    assert_eq!(c.value, RawValue::Date("2025-03-05".into()));
    assert_eq!(c.item, item(&m, "takedown_days"));
    assert_eq!(c.platform, platform(&m, "douyin"));
    let loc = d.location(c);
    assert_eq!(loc.cell.as_deref(), Some("ED23"));
    assert_eq!(loc.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(loc.column.as_deref(), Some("抖音电商"));
}

#[test]
fn wjx_platform_labels_map_exactly() {
    let m = model();
    let d = read_survey(&m, survey(&m), Path::new(WJX)).expect("reads");
    let temu_cols: HashSet<&str> = d
        .cells
        .iter()
        .filter(|c| c.platform == platform(&m, "temu"))
        .map(|c| d.headers[c.col].as_str())
        .collect();
    assert!(temu_cols.contains("拼多多跨境/Temu"));
    assert!(temu_cols.iter().all(|h| !h.ends_with("拼多多")));
    let pdd_cols: HashSet<&str> = d
        .cells
        .iter()
        .filter(|c| c.platform == platform(&m, "pdd"))
        .map(|c| d.headers[c.col].as_str())
        .collect();
    assert!(!pdd_cols.contains("拼多多跨境/Temu"));
}

#[test]
fn wjx_other_channel_keeps_its_text() {
    let (m, t) = (model(), truth());
    let d = read_survey(&m, survey(&m), Path::new(WJX)).expect("reads");
    let seq = wjx_seq_by_row();
    let who = respondent_by_seq(&t);
    let s = (0..d.submissions.len())
        .find(|&s| who[&seq[&d.submissions[s].row]] == "M009")
        .expect("M009");
    let c = cell(
        &d,
        s,
        item(&m, "complaint_channels"),
        platform(&m, "taobao"),
    );
    let RawValue::Choices { chosen, other_text } = &c.value else {
        panic!("not choices: {:?}", c.value)
    };
    assert!(chosen.iter().any(|x| x == "其他"), "{chosen:?}");
    assert_eq!(other_text.as_deref(), Some("行业协会（QBPC）协调"));
}

#[test]
fn wjx_answered_cells_match_ground_truth() {
    let (m, t) = (model(), truth());
    let d = read_survey(&m, survey(&m), Path::new(WJX)).expect("reads");
    let seq = wjx_seq_by_row();
    let who = respondent_by_seq(&t);
    let evaluated: HashMap<&str, HashSet<&str>> = t["respondents"]
        .as_array()
        .expect("respondents")
        .iter()
        .map(|r| {
            let ps = r["evaluated_platforms"].as_array().expect("platforms");
            let ps = ps.iter().map(|p| p.as_str().expect("id")).collect();
            (r["id"].as_str().expect("id"), ps)
        })
        .collect();
    let survey_items = m.items_of_source(survey(&m)).count();
    assert_eq!(survey_items, 31);
    let mut total = 0;
    for (s, sub) in d.submissions.iter().enumerate() {
        let rid = &who[&seq[&sub.row]];
        let answered: Vec<&RawCell> = d
            .cells
            .iter()
            .filter(|c| c.submission == s && c.value != RawValue::Skipped)
            .collect();
        let platforms: HashSet<&str> = answered
            .iter()
            .map(|c| m.platforms[c.platform].id.as_str())
            .collect();
        assert_eq!(platforms, evaluated[rid.as_str()], "{rid} row {}", sub.row);
        assert_eq!(answered.len(), evaluated[rid.as_str()].len() * 31, "{rid}");
        total += answered.len();
    }
    // 226 evaluated pairs kept, plus the pairs of the 2 dropped duplicates.
    let dropped: usize = t["submissions_dropped"]
        .as_array()
        .expect("dropped")
        .iter()
        .map(|s| evaluated[s["respondent_id"].as_str().expect("id")].len())
        .sum();
    assert_eq!(total, (226 + dropped) * 31);
    let speeder = d.submissions.iter().find(|s| who[&seq[&s.row]] == "M007");
    assert_eq!(speeder.and_then(|s| s.duration_s), Some(98.0));
}

#[test]
fn tidy_long_csv() {
    let m = model();
    let d = read_survey(&m, survey(&m), Path::new(TIDY)).expect("reads");
    assert_eq!(d.preset, Some(Preset::Tidy));
    assert_eq!(d.submissions.len(), 241);
    assert!(d.diagnostics.is_empty(), "{:#?}", d.diagnostics);
    assert!(d.submissions.iter().all(|s| s.platform.is_some()));
    assert_eq!(d.cells.len(), 241 * 31);
    let first = &d.submissions[0];
    assert_eq!((first.row, first.respondent.as_str()), (2, "M011"));
    // 14:02:35 at +08:00 is 06:02:35 UTC.
    assert_eq!(first.submitted_at, Some(1_741_615_355 - 8 * 3600));
    let has = |r: &str, p: &str| {
        d.submissions
            .iter()
            .any(|s| s.respondent == r && s.platform == Some(platform(&m, p)))
    };
    assert!(has("M010", "douyin")); // written 抖音
    assert!(has("M006", "temu")); // written 拼多多跨境
    assert!(has("M002", "tmall") && has("M025", "jd"));
    let m007: Vec<_> = d
        .submissions
        .iter()
        .filter(|s| s.respondent == "M007")
        .collect();
    assert_eq!(m007.len(), 7);
    assert!(m007.iter().all(|s| s.duration_s == Some(98.0)));
    let s = d
        .submissions
        .iter()
        .position(|s| s.respondent == "M009" && s.platform == Some(platform(&m, "taobao")))
        .expect("M009 taobao");
    let c = cell(
        &d,
        s,
        item(&m, "complaint_channels"),
        platform(&m, "taobao"),
    );
    let want = RawValue::Choices {
        chosen: vec!["ip_portal".into(), "other".into()],
        other_text: Some("行业协会（QBPC）协调".into()),
    };
    assert_eq!(c.value, want);
}

#[test]
fn gbk_csv_decodes() {
    let t = table::open(Path::new(WJX_GBK), None).expect("opens");
    assert_eq!(t.encoding, Some("GB18030"));
    assert_eq!(t.headers.len(), 388);
    assert_eq!(t.headers[0], "序号");
    assert!(t.headers.iter().any(|h| h == "3(天猫)"));
    let mut m = model();
    let s = survey(&m);
    let d = read_survey(&m, s, Path::new(WJX_GBK)).expect("reads");
    assert_eq!(d.preset, Some(Preset::WjxIndex));
    // A forced text preset on an option-index download says what it found.
    m.sources[s].preset = Preset::WjxText;
    let err = read_survey(&m, s, Path::new(WJX_GBK)).expect_err("index mode");
    assert!(err.to_string().contains("按选项序号"), "{err}");
    assert!(
        err.hint().is_some_and(|h| h.contains("wjx-index")),
        "{err:?}"
    );
}

fn check_opinion(path: &str, sheet: Option<&str>) {
    let m = model();
    let src = m.source_ix("opinion").expect("opinion source");
    let d = read_platform_file(&m, src, Path::new(path)).expect("reads");
    assert!(d.diagnostics.is_empty(), "{:#?}", d.diagnostics);
    assert_eq!(d.values.len(), 50);
    let ps: HashSet<usize> = d.values.iter().map(|v| v.platform).collect();
    assert_eq!(ps.len(), 10);
    let find = |p: &str, i: &str| {
        d.values
            .iter()
            .find(|v| v.platform == platform(&m, p) && v.item == item(&m, i))
            .expect("value")
    };
    let temu = find("temu", "consumer_complaints_per_million_orders");
    assert_eq!(temu.value, RawValue::Blank);
    let at = d.location(temu);
    assert_eq!(at.sheet.as_deref(), sheet);
    assert_eq!(at.cell.as_deref(), Some("D10"));
    let tb = find("taobao", "net_sentiment").value.clone();
    match tb {
        RawValue::Number(x) => assert!((x - 0.31).abs() < 1e-9),
        RawValue::Text(s) => assert_eq!(s, "0.31"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn platform_opinion_csv() {
    check_opinion(OPINION_CSV, None);
}

#[test]
fn platform_opinion_xlsx_with_chinese_headers() {
    check_opinion(OPINION_XLSX, Some("舆情数据"));
}
