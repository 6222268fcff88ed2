//! Free-text answers `=HYPERLINK("http://x","y")` and `<script>alert(1)</script>` (two
//! best-practice cells of fixtures/tidy_injection.csv): neutralised in CSV and XLSX, escaped in
//! HTML and Markdown.

use crate::output_support as support;

use calamine::{Data, Reader, Xlsx};
use support::*;

#[test]
fn long_csv_of_free_text_neutralises_the_formula() {
    let r = ok(&[
        "score", "--quiet", "--format", "csv", "--level", "text", INJECTION,
    ]);
    let mut reader = csv::Reader::from_reader(r.stdout.as_slice());
    let texts: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[6].to_string())
        .collect();
    assert!(texts.contains(&format!("'{HYPERLINK}")), "{texts:?}");
    assert!(!texts.iter().any(|t| t.starts_with('=')));
    assert!(
        texts.contains(&SCRIPT.to_string()),
        "CSV is not HTML: kept as typed"
    );
}

#[test]
fn xlsx_neutralises_the_formula() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    ok(&[
        "score",
        "--quiet",
        "--lang",
        "en",
        "-o",
        path.to_str().unwrap(),
        INJECTION,
    ]);
    let mut wb: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = wb.worksheet_range("Free text").unwrap();
    let cells: Vec<String> = range
        .rows()
        .skip(1)
        .map(|r| match &r[3] {
            Data::String(s) => s.clone(),
            other => panic!("text expected, found {other:?}"),
        })
        .collect();
    assert!(cells.contains(&format!("'{HYPERLINK}")));
    assert!(!cells.iter().any(|t| t.starts_with('=')));
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "no formula in {name}"
        );
    }
}

#[test]
fn html_and_markdown_escape_the_script() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cards");
    ok(&[
        "scorecards",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
        INJECTION,
    ]);
    let files = files_in(&out);
    let taobao_html = &files.iter().find(|(n, _)| n == "taobao.html").unwrap().1;
    assert!(taobao_html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(taobao_html.contains("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"));
    let taobao_md = &files.iter().find(|(n, _)| n == "taobao.md").unwrap().1;
    assert!(taobao_md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for (name, text) in &files {
        assert!(!text.contains("<script"), "{name}");
    }
    let report = dir.path().join("report.html");
    ok(&[
        "report",
        "--quiet",
        "-o",
        report.to_str().unwrap(),
        INJECTION,
    ]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(!html.contains("<script"));
    assert_eq!(external_references(&html), Vec::<String>::new());
}
