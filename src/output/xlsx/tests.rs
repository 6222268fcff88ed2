use super::*;
use crate::output::test_fixture::sample;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

fn workbook(results: &Results, lang: Lang) -> Xlsx<Cursor<Vec<u8>>> {
    let bytes = XlsxExporter { lang }.render(results).unwrap();
    Xlsx::new(Cursor::new(bytes)).unwrap()
}

fn sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Vec<Vec<Data>> {
    let range = wb.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn sheets_in_order_with_bilingual_names() {
    let wb = workbook(&sample(), Lang::Both);
    assert_eq!(
        wb.sheet_names(),
        [
            "Ranking 排名",
            "Dimensions 维度",
            "Indicators 指标",
            "Items 题目",
            "Groups 分组排名",
            "Excluded submissions 剔除的答卷",
            "Diagnostics 诊断信息",
            "Free text 文字回答",
            "Methodology 方法说明",
        ]
    );
    let wb = workbook(&sample(), Lang::En);
    assert_eq!(wb.sheet_names()[0], "Ranking");
}

#[test]
fn scores_are_real_numbers_at_the_published_precision() {
    let mut wb = workbook(&sample(), Lang::En);
    let rows = sheet(&mut wb, "Ranking");
    assert_eq!(rows[0][0], Data::String("Rank".into()));
    assert_eq!(rows[0][8], Data::String("Index".into()));
    // taobao: 71.23456 published as 71.2, and kept unrounded next to it.
    assert_eq!(rows[1][2], Data::String("taobao".into()));
    assert_eq!(rows[1][0], Data::Float(1.0));
    assert_eq!(rows[1][8], Data::Float(71.2));
    assert_eq!(rows[1][9], Data::Float(71.23456));
    // meituan: no rank, an empty cell rather than 0.
    assert_eq!(rows[4][2], Data::String("meituan".into()));
    assert_eq!(rows[4][0], Data::Empty);
}

#[test]
fn dimension_matrix_leaves_missing_scores_empty() {
    let mut wb = workbook(&sample(), Lang::En);
    let rows = sheet(&mut wb, "Dimensions");
    let opinion = rows[0]
        .iter()
        .position(|c| *c == Data::String("Social opinion data".into()))
        .unwrap();
    assert!(rows[1..].iter().all(|r| r[opinion] == Data::Empty));
    assert_eq!(rows[1][2], Data::Float(68.1));
}

#[test]
fn text_cells_are_guarded_against_formulas() {
    let mut results = sample();
    results.platforms[0].name = "=1+2".into();
    results.platforms[0].name_zh = None;
    results.platforms[0].texts.insert(
        "best_practice".into(),
        vec![r#"=HYPERLINK("http://x","y")"#.into()],
    );
    results.excluded_submissions[0].detail = "@SUM(A1)".into();
    let mut wb = workbook(&results, Lang::En);
    let ranking = sheet(&mut wb, "Ranking");
    assert_eq!(ranking[1][3], Data::String("'=1+2".into()));
    let texts = sheet(&mut wb, "Free text");
    assert_eq!(
        texts[1][3],
        Data::String(r#"'=HYPERLINK("http://x","y")"#.into())
    );
    let excluded = sheet(&mut wb, "Excluded submissions");
    assert_eq!(excluded[1][6], Data::String("'@SUM(A1)".into()));
    assert!(
        wb.worksheet_formula("Free text")
            .unwrap()
            .used_cells()
            .next()
            .is_none()
    );
}

#[test]
fn same_results_give_identical_bytes() {
    let a = XlsxExporter::default().render(&sample()).unwrap();
    let b = XlsxExporter::default().render(&sample()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn methodology_sheet_says_when_the_definition_is_missing() {
    let mut wb = workbook(&sample(), Lang::En);
    let rows = sheet(&mut wb, "Methodology");
    assert!(matches!(&rows[0][0], Data::String(s) if s.contains("not available")));
}

#[test]
fn bootstrap_intervals_get_their_columns_when_present() {
    let results = crate::output::test_fixture::bootstrapped();
    let mut wb = workbook(&results, Lang::En);
    let rows = sheet(&mut wb, "Ranking");
    assert_eq!(rows[0][10], Data::String("95% interval – low".into()));
    assert_eq!(rows[1][10], Data::Float(68.3));
    assert_eq!(rows[1][11], Data::Float(74.0));
    assert_eq!(rows[1][14], Data::Float(0.75));
    assert_eq!(rows[1][15], Data::String("jd".into()));
    assert_eq!(rows[2].get(10), Some(&Data::Empty), "no interval for jd");
    let dims = sheet(&mut wb, "Dimensions");
    let col = dims[0]
        .iter()
        .position(|c| {
            *c == Data::String("Complaint and reporting mechanisms – 95% interval – low".into())
        })
        .unwrap();
    assert_eq!(dims[1][col], Data::Float(60.0));
}
