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
            "README 说明",
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
    assert_eq!(wb.sheet_names()[0], "README");
    assert_eq!(wb.sheet_names()[1], "Ranking");
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

/// The parts of the workbook's zip archive, by name.
fn parts(results: &Results, lang: Lang) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let bytes = XlsxExporter { lang }.render(results).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (name, s)
        })
        .collect()
}

#[test]
fn every_table_is_filtered_frozen_sized_and_printable() {
    let results = crate::output::test_fixture::bootstrapped();
    let parts = parts(&results, Lang::Both);
    let sheets: Vec<(&String, &String)> = parts
        .iter()
        .filter(|(k, _)| k.starts_with("xl/worksheets/sheet"))
        .collect();
    assert_eq!(sheets.len(), 10);
    for (name, xml) in &sheets {
        // Print: A4 landscape, one page wide, any height.
        assert!(
            xml.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
            "{name}"
        );
        assert!(xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{name}");
        // Every header row has an explicit height (wrapped two-language labels stay in it).
        assert!(
            !xml.contains("<autoFilter") || xml.contains(r#"customHeight="1""#),
            "{name}"
        );
    }
    // One filter per sheet whose table starts on row 1, frozen below it, repeated in print.
    let single_table = sheets
        .iter()
        .filter(|(_, x)| x.contains("<autoFilter "))
        .count();
    assert_eq!(
        single_table, 9,
        "all sheets but Methodology (no definition here)"
    );
    let frozen = sheets
        .iter()
        .filter(|(_, x)| {
            x.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
            )
        })
        .count();
    assert_eq!(
        frozen, 8,
        "every sheet whose first row is a header (not README, Methodology)"
    );
    let workbook = &parts["xl/workbook.xml"];
    assert_eq!(
        workbook.matches("_xlnm.Print_Titles").count(),
        8,
        "{workbook}"
    );
    // Header notes explain the columns.
    let comments: String = parts
        .iter()
        .filter(|(k, _)| k.starts_with("xl/comments"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert!(comments.contains("Competition rank of the published"));
    assert!(comments.contains("按公布精度"));
    assert!(comments.contains("Score of the dimension Complaint and reporting mechanisms"));
}

#[test]
fn item_scores_are_shown_at_the_published_precision() {
    let parts = parts(&sample(), Lang::En);
    let styles = &parts["xl/styles.xml"];
    assert!(styles.contains(r#"formatCode="0.0""#), "{styles}");
    // The Items sheet (5th) stores the full value with a style whose format is 0.0: no cell
    // of the Score column uses the General format.
    let items = &parts["xl/worksheets/sheet5.xml"];
    let score_cells: Vec<&str> = items
        .split("<c r=\"F")
        .skip(2)
        .map(|c| c.split('>').next().unwrap())
        .collect();
    assert!(!score_cells.is_empty());
    let first = score_cells[0];
    assert!(first.contains(" s=\""), "{first}");
}

#[test]
fn readme_sheet_names_the_index_the_sheets_and_the_bootstrap() {
    let results = crate::output::test_fixture::bootstrapped();
    let mut wb = workbook(&results, Lang::En);
    let rows = sheet(&mut wb, "README");
    let text: Vec<String> = rows
        .iter()
        .flatten()
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let all = text.join("\n");
    assert!(all.contains(&results.index.name), "{all}");
    assert!(all.contains("Edition"));
    for sheet in ["Ranking", "Dimensions", "Items", "Methodology"] {
        assert!(text.iter().any(|t| t == sheet), "{sheet} listed");
    }
    let b = results.bootstrap.as_ref().unwrap();
    assert!(
        all.contains(&format!("{} replicates, seed {}", b.replicates, b.seed)),
        "{all}"
    );
}
