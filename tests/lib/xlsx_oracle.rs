//! The module against calamine 0.38 on real and generated workbooks: identical names, cells
//! (value, position, file order), ranges and merged regions — or both failing.

use crate::xlsx_support;

use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook as XlsxWriter};
use xlsx_support::{Outcome, Package, assert_same, cell_count, compare, sheet, sst, styles};

const FIXTURES: &[&str] = &[
    concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/wjx_text_wide.xlsx"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/multi/wjx_cn.xlsx"),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/platform_opinion.xlsx"
    ),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/shapes/kobo_repeat.xlsx"
    ),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/shapes/surveymonkey_merged.xlsx"
    ),
    concat!(env!("CARGO_MANIFEST_DIR"), "/examples/survey_wjx.xlsx"),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/xlsx/survey_1000x30.xlsx"
    ),
];

#[test]
fn project_fixtures() {
    for path in FIXTURES {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_same(path, &bytes);
        assert!(cell_count(&bytes) > 0, "{path}: no cells read");
    }
    // The merged fixture really has merges, the kobo one two sheets.
    let merged = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/shapes/surveymonkey_merged.xlsx"
    ))
    .unwrap();
    let (_, sheets) = xlsx_support::read_module(&merged).unwrap();
    assert_eq!(sheets[0].as_ref().unwrap().merged.len(), 2);
    let kobo = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/shapes/kobo_repeat.xlsx"
    ))
    .unwrap();
    assert_eq!(xlsx_support::read_module(&kobo).unwrap().0.len(), 2);
}

/// The 100,000 x 30 benchmark workbook (slow in debug): `QBPC_XLSX_BENCH=FILE cargo test
/// --release --test lib xlsx_oracle:: -- --ignored`, with the file made by
/// `generate_survey --rows 100000 --columns 30 --out FILE`.
#[test]
#[ignore = "benchmark: needs QBPC_XLSX_BENCH and a release build, see docs/testing.md"]
fn benchmark_workbook() {
    let path = std::env::var("QBPC_XLSX_BENCH").expect("QBPC_XLSX_BENCH names the workbook");
    let bytes = std::fs::read(&path).unwrap();
    assert_same(&path, &bytes);
    assert!(cell_count(&bytes) > 2_900_000);
}

/// Every `.xlsx` in fixtures/xlsx (written by openpyxl and by `fixtures/xlsx/make_files.py`).
#[test]
fn testdata_files() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/xlsx");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "xlsx") {
            let bytes = std::fs::read(&path).unwrap();
            let label = path.display().to_string();
            match compare(&label, &bytes) {
                Outcome::Same => {}
                Outcome::ModuleDeclined(m) => {
                    // Only files made to be exotic may be declined.
                    assert!(label.contains("unsupported"), "{label}: declined: {m}");
                }
            }
            seen += 1;
        }
    }
    assert!(
        seen >= 3,
        "fixtures/xlsx has {seen} workbooks: run fixtures/xlsx/make_files.py"
    );
}

fn xlsxwriter_book(constant_memory: bool) -> Vec<u8> {
    let mut book = XlsxWriter::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let time = Format::new().set_num_format("hh:mm");
    let duration = Format::new().set_num_format("[h]:mm:ss");
    let minutes = Format::new().set_num_format("[mm]:ss");
    let money = Format::new().set_num_format("\"$\"#,##0.00");
    let chinese_date = Format::new().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
    let builtin_14 = Format::new().set_num_format_index(14);
    let builtin_46 = Format::new().set_num_format_index(46);
    let bold = Format::new().set_bold();
    let mut sheet = if constant_memory {
        book.new_worksheet_with_constant_memory().unwrap()
    } else {
        rust_xlsxwriter::Worksheet::new()
    };
    sheet.set_name("数据 & data").unwrap();
    let d = ExcelDateTime::from_ymd(2024, 2, 29).unwrap();
    let dt = ExcelDateTime::from_ymd(2023, 12, 31)
        .unwrap()
        .and_hms(23, 59, 59.5)
        .unwrap();
    let t = ExcelDateTime::from_hms(13, 45, 0).unwrap();
    sheet.write_string(0, 0, "header").unwrap();
    sheet
        .write_string_with_format(0, 1, "粗体 bold", &bold)
        .unwrap();
    sheet.write_datetime_with_format(1, 0, &d, &date).unwrap();
    sheet
        .write_datetime_with_format(1, 1, &dt, &datetime)
        .unwrap();
    sheet.write_datetime_with_format(1, 2, &t, &time).unwrap();
    sheet
        .write_number_with_format(1, 3, 1.5, &duration)
        .unwrap();
    sheet
        .write_number_with_format(1, 4, 0.02, &minutes)
        .unwrap();
    sheet
        .write_number_with_format(1, 5, 1234.5, &money)
        .unwrap();
    sheet
        .write_number_with_format(1, 6, 45351.0, &chinese_date)
        .unwrap();
    sheet
        .write_number_with_format(1, 7, 45351.0, &builtin_14)
        .unwrap();
    sheet
        .write_number_with_format(1, 8, 2.25, &builtin_46)
        .unwrap();
    sheet.write_boolean(2, 0, true).unwrap();
    sheet.write_boolean(2, 1, false).unwrap();
    sheet.write_number(2, 2, -0.0).unwrap();
    sheet.write_number(2, 3, 0.1 + 0.2).unwrap();
    sheet.write_number(2, 4, 1e-300).unwrap();
    sheet.write_number(2, 5, 123456789012345.0).unwrap();
    sheet.write_number(2, 6, f64::MAX).unwrap();
    sheet
        .write_formula(3, 0, Formula::new("=A1&\"x\"").set_result("headerx"))
        .unwrap();
    sheet
        .write_formula(3, 1, Formula::new("=1+1").set_result("2"))
        .unwrap();
    sheet
        .write_formula(3, 2, Formula::new("=TRUE()").set_result("TRUE"))
        .unwrap();
    sheet
        .write_formula(3, 3, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    sheet
        .write_formula(3, 4, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    sheet.write_formula(3, 5, Formula::new("=A1")).unwrap();
    sheet
        .write_formula(
            3,
            6,
            Formula::new("=\"a<b&c\"").set_result("a<b&c \"q\" 'a'"),
        )
        .unwrap();
    sheet
        .write_string(4, 0, "  leading and trailing  ")
        .unwrap();
    sheet.write_string(4, 1, "").unwrap();
    sheet.write_string(4, 2, "&<>\"'").unwrap();
    sheet.write_string(4, 3, "line1\nline2\r\nline3").unwrap();
    sheet.write_string(4, 4, "tab\there").unwrap();
    sheet.write_string(4, 5, "literal _x000D_ escape").unwrap();
    sheet
        .write_string(4, 6, "emoji 😀 and 中文 and ünïcödé")
        .unwrap();
    sheet.write_string(4, 7, "\u{1}control\u{1f}").unwrap();
    sheet.write_string(4, 8, "淘宝 Taobao").unwrap();
    sheet.write_string(5, 0, " ").unwrap();
    sheet.write_string(6, 2, "after a gap").unwrap();
    let red = Format::new().set_font_color(rust_xlsxwriter::Color::Red);
    let segments = [
        (&bold, "rich "),
        (&red, "text "),
        (&Format::default(), " 富文本 "),
    ];
    sheet.write_rich_string(7, 0, &segments).unwrap();
    if !constant_memory {
        sheet
            .merge_range(8, 0, 9, 2, "merged", &Format::new())
            .unwrap();
        sheet.merge_range(10, 3, 10, 5, "", &Format::new()).unwrap();
    }
    sheet.write_blank(11, 0, &bold).unwrap();
    sheet.write_number(2_000, 200, 7.0).unwrap();
    book.push_worksheet(sheet);
    let second = book.add_worksheet();
    second.set_name("Second").unwrap();
    for r in 0..50u32 {
        for c in 0..10u16 {
            if (r + u32::from(c)) % 3 == 0 {
                second
                    .write_number(r, c, f64::from(r) * 0.5 + f64::from(c))
                    .unwrap();
            } else {
                second.write_string(r, c, format!("r{r}c{c}")).unwrap();
            }
        }
    }
    book.add_worksheet(); // an empty sheet
    book.save_to_buffer().unwrap()
}

#[test]
fn rust_xlsxwriter_workbooks() {
    for constant_memory in [false, true] {
        let bytes = xlsxwriter_book(constant_memory);
        let label = format!("rust_xlsxwriter constant_memory={constant_memory}");
        assert_same(&label, &bytes);
        assert!(cell_count(&bytes) > 500, "{label}");
    }
}

/// Hand-written sheet XML, each case read by both.
fn hand_cases() -> Vec<(&'static str, Package)> {
    let shared = sst(&[
        "<t>plain</t>",
        "<t xml:space=\"preserve\">  kept  </t>",
        "<t>  trimmed\t\r\n</t>",
        "<r><rPr><b/></rPr><t>rich</t></r><r><t xml:space=\"preserve\"> text</t></r><rPh sb=\"0\" eb=\"1\"><t>ふりがな</t></rPh><phoneticPr fontId=\"1\"/>",
        "<t>a_x000D_b_x005F_x000D__xD83D__xDE00_</t>",
        "<t>&amp;&lt;&gt;&quot;&apos;&#20013;&#x6587;&#13;</t>",
        "<t>one</t><t>two</t>",
        "<t/>",
        "<t><![CDATA[cdata <here>]]></t>",
        "<t>crlf\r\ninside\rlone</t>",
    ]);
    let sty = styles(
        &[
            (164, "yyyy\\-mm\\-dd"),
            (165, "[h]:mm:ss"),
            (166, "0.00%"),
            (167, "&quot;Y&quot;yyyy"),
            (168, "#,##0;[Red]-#,##0"),
        ],
        &[14, 0, 164, 165, 166, 167, 46, 22, 168, 49],
    );
    let mut cases = Vec::new();
    let mut add = |name: &'static str, data: &str, tail: &str| {
        cases.push((
            name,
            Package::new(&[("S", &sheet(data, tail))], Some(&shared), Some(&sty), ""),
        ));
    };
    add(
        "shared strings and types",
        concat!(
            "<row r=\"1\">",
            "<c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c>",
            "<c r=\"D1\" t=\"s\"><v>3</v></c><c r=\"E1\" t=\"s\"><v>4</v></c><c r=\"F1\" t=\"s\"><v>5</v></c>",
            "<c r=\"G1\" t=\"s\"><v>6</v></c><c r=\"H1\" t=\"s\"><v>7</v></c><c r=\"I1\" t=\"s\"><v>8</v></c>",
            "<c r=\"J1\" t=\"s\"><v>9</v></c><c r=\"K1\" t=\"s\"><v>0009</v></c><c r=\"L1\" t=\"s\"><v></v></c>",
            "</row>",
            "<row r=\"2\"><c t=\"b\"><v>0</v></c><c t=\"b\"><v>true</v></c><c t=\"b\"><v/></c>",
            "<c t=\"e\"><v>#DIV/0!</v></c><c t=\"e\"><v>#NAME?</v></c><c t=\"e\"><v>#NULL!</v></c>",
            "<c t=\"e\"><v>#NUM!</v></c><c t=\"e\"><v>#REF!</v></c><c t=\"e\"><v>#VALUE!</v></c>",
            "<c t=\"d\"><v>2024-03-01T10:00:00Z</v></c><c t=\"d\"><v>2024&#45;03_x0041_</v></c></row>",
        ),
        "",
    );
    add(
        "numbers and number syntax",
        concat!(
            "<row r=\"3\"><c><v>1</v></c><c><v>-0</v></c><c><v>0.1</v></c><c><v>1e5</v></c><c><v>1E-5</v></c>",
            "<c><v>.5</v></c><c><v>5.</v></c><c><v>+7</v></c><c><v>007</v></c><c><v>123456789012345678901234567890</v></c>",
            "<c><v>4.9406564584124654E-324</v></c><c><v>1e400</v></c><c><v>-inf</v></c><c><v>Infinity</v></c>",
            "<c><v> 1</v></c><c><v>1 </v></c><c><v>1,5</v></c><c><v>0x1A</v></c><c><v>1e</v></c><c><v>abc</v></c>",
            "<c t=\"n\"><v>2.5</v></c><c t=\"n\"><v/></c><c t=\"n\"></c>",
            "<c><v>9007199254740993</v></c><c><v>0.30000000000000004</v></c><c><v>99999999999999999</v></c>",
            "</row>",
        ),
        "",
    );
    add(
        "dates by style",
        concat!(
            "<row r=\"1\"><c s=\"0\"><v>45000</v></c><c s=\"1\"><v>45000</v></c><c s=\"2\"><v>45000.5</v></c>",
            "<c s=\"3\"><v>1.25</v></c><c s=\"4\"><v>0.5</v></c><c s=\"5\"><v>45000</v></c><c s=\"6\"><v>0.75</v></c>",
            "<c s=\"7\"><v>45000.1</v></c><c s=\"8\"><v>-3</v></c><c s=\"9\"><v>12</v></c><c s=\"10\"><v>1</v></c>",
            "<c s=\"x\"><v>45000</v></c><c s=\"00002\"><v>45000</v></c><c><v>45000</v></c>",
            "<c s=\"2\" t=\"s\"><v>0</v></c><c s=\"2\"><v>not a date</v></c></row>",
        ),
        "",
    );
    add(
        "positions without r",
        concat!(
            "<row><c><v>1</v></c><c><v>2</v></c></row>",
            "<row><c r=\"C2\"><v>3</v></c><c><v>4</v></c></row>",
            "<row r=\"5\"><c><v>5</v></c><c r=\"Z9\"><v>6</v></c><c><v>7</v></c></row>",
            "<row><c/><c><v>8</v></c></row><row/><row r=\"10\"/><row><c><v>9</v></c></row>",
        ),
        "",
    );
    add(
        "inline strings and formulas",
        concat!(
            "<row r=\"1\"><c t=\"inlineStr\"><is><t>inline</t></is></c><c t=\"inlineStr\"><is><t xml:space=\"preserve\"> sp </t></is></c>",
            "<c t=\"inlineStr\"><is><t> trim me </t></is></c><c t=\"inlineStr\"><is><r><t>r1</t></r><r><t>r2</t></r></is></c>",
            "<c t=\"inlineStr\"><is><t>a&amp;b_x000A_</t></is></c><c t=\"inlineStr\"/><c t=\"inlineStr\"><is/></c>",
            "<c t=\"inlineStr\"><v>ignored</v></c><c t=\"inlineStr\"><is><t></t></is></c>",
            "<c><is><t>is without type</t></is></c><c t=\"s\"><is><t>is with t=s</t></is></c></row>",
            "<row r=\"2\"><c t=\"str\"><f>A1</f><v>cached &amp; _x0041_ &#10;</v></c><c t=\"str\"><f>B1</f><v></v></c>",
            "<c><f>1+1</f><v>2</v></c><c t=\"b\"><f>TRUE()</f><v>1</v></c><c t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>",
            "<c><v>1</v><f>A1</f></c><c t=\"str\"><f t=\"shared\" si=\"0\" ref=\"G2:G3\">A1</f><v>x</v></c>",
            "<c t=\"str\"><f t=\"shared\" si=\"0\"/><v>y</v></c><c><f/></c><c t=\"str\"><v>line\r\nbreak</v></c>",
            "<c t=\"str\"><v><![CDATA[cd]]>after</v></c></row>",
        ),
        "",
    );
    add(
        "whitespace, comments, CDATA and PIs between elements",
        concat!(
            "\r\n  <row r=\"1\" >\n <!-- c --> <c r=\"A1\" ><v>1</v></c >\t<?pi data?><c r=\"B1\"\n t=\"s\"><v>0</v>\n</c>",
            "<![CDATA[ignored]]><c r='C1' t='b'><v>1</v></c><c r = \"D1\"><v>4</v></c></row >\n",
        ),
        "",
    );
    add(
        "merge cells",
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>",
        "<mergeCells count=\"4\"><mergeCell ref=\"A1:C1\"/><mergeCell ref=\"B3:B9\"></mergeCell><mergeCell ref=\"D4\"/></mergeCells><mergeCells><mergeCell ref=\"Z1:Z2\"/></mergeCells>",
    );
    // calamine computes `end - start` of a merge ref unchecked: a reversed ref panics in its
    // debug build and wraps (keeping the ref as written) in release.
    if !cfg!(debug_assertions) {
        add(
            "reversed merge",
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
            "<mergeCells><mergeCell ref=\"F2:E1\"/></mergeCells>",
        );
    }
    add(
        "empty merge cells",
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>",
        "<mergeCells/>",
    );
    add("empty sheet", "", "");
    add(
        "self-closing sheetData",
        "</sheetData><sheetData/><sheetData>",
        "",
    );
    add(
        "duplicate positions",
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>",
        "",
    );
    add(
        "big coordinates",
        "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c><c><v>2</v></c></row>",
        "",
    );
    add(
        "cell error: bad index",
        "<row><c t=\"s\"><v>99</v></c></row>",
        "",
    );
    add(
        "cell error: t=n text",
        "<row><c t=\"n\"><v>x</v></c></row>",
        "",
    );
    add(
        "cell error: unknown error",
        "<row><c t=\"e\"><v>#SPILL!</v></c></row>",
        "",
    );
    add(
        "cell error: bad bool",
        "<row><c t=\"b\"><v>yes</v></c></row>",
        "",
    );
    add(
        "cell error: unknown t",
        "<row><c t=\"x\"><v>1</v></c></row>",
        "",
    );
    add(
        "cell error: unknown t without v",
        "<row><c t=\"x\"></c></row>",
        "",
    );
    add("cell error: unknown child", "<row><c><foo/></c></row>", "");
    add(
        "cell error: bad reference",
        "<row><c r=\"1A\"><v>1</v></c></row>",
        "",
    );
    add(
        "cell error: bad entity in str",
        "<row><c t=\"str\"><v>&foo;</v></c></row>",
        "",
    );
    add(
        "raw v with an entity is empty",
        "<row><c><v>&foo;</v></c><c><v>1&amp;2</v></c></row>",
        "",
    );
    add("dangling ampersand", "<row><c><v>1</v></c>&</row>", "");
    add(
        "bad merge ref",
        "<row><c><v>1</v></c></row>",
        "<mergeCells><mergeCell ref=\"A1:B2:C3\"/></mergeCells>",
    );
    add(
        "unterminated after sheetData",
        "<row><c><v>1</v></c></row>",
        "<mergeCells><mergeCell ref=\"A1:B2\"/>",
    );
    add(
        "garbage after merges is not read",
        "<row><c><v>1</v></c></row>",
        "<mergeCells><mergeCell ref=\"A1:B2\"/></mergeCells></worksheet></worksheet>",
    );
    add(
        "garbage in tail without merges",
        "<row><c><v>1</v></c></row>",
        "</worksheet></worksheet>",
    );
    let prefixed = format!(
        concat!(
            "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"{ns}\"><x:dimension ref=\"A1:C2\"/><x:sheetData>",
            "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" t=\"inlineStr\"><x:is><x:t>pre</x:t></x:is></x:c>",
            "<x:c r=\"C1\"><x:v>3</x:v></x:c></x:row><x:row><x:c t=\"str\"><x:f>A1</x:f><x:v>f</x:v></x:c><x:c t=\"inlineStr\">",
            "<x:is><x:r><x:t>a</x:t></x:r><x:r><x:t>b</x:t></x:r></x:is></x:c></x:row></x:sheetData>",
            "<x:mergeCells><x:mergeCell ref=\"A1:A2\"/></x:mergeCells></x:worksheet>"
        ),
        ns = xlsx_support::MAIN_NS
    );
    let prefixed_sst = format!(
        "<x:sst xmlns:x=\"{}\"><x:si><x:t>ns</x:t></x:si></x:sst>",
        xlsx_support::MAIN_NS
    );
    cases.push((
        "namespace prefixes",
        Package::new(&[("S", &prefixed)], Some(&prefixed_sst), None, ""),
    ));
    cases
}

#[test]
fn hand_written_sheets() {
    for (name, package) in hand_cases() {
        for stored in [false, true] {
            let mut package_copy = Package {
                files: package.files.clone(),
                stored,
            };
            let bytes = package_copy.zip();
            assert_same(&format!("{name} (stored={stored})"), &bytes);
            if !stored {
                let summary = match xlsx_support::read_calamine(&bytes) {
                    Ok((_, sheets)) => match &sheets[0] {
                        Ok(s) => format!("{} cells, {} merges", s.cells.len(), s.merged.len()),
                        Err(e) => format!("both fail: {e}"),
                    },
                    Err(e) => format!("both fail to open: {e}"),
                };
                println!("{name:55} {summary}");
            }
            package_copy.files.clear();
        }
    }
}

#[test]
fn workbook_structure() {
    let data = sheet(
        "<row><c r=\"A1\" s=\"1\"><v>100</v></c><c t=\"s\"><v>0</v></c></row>",
        "",
    );
    let shared = sst(&["<t>s</t>"]);
    let sty = styles(&[], &[0, 14]);
    // 1904 dates (flag as "1", "true", and reset by a later "0").
    for pr in [
        "<workbookPr date1904=\"1\"/>",
        "<workbookPr date1904=\"true\"/>",
        "<workbookPr date1904=\"false\"/>",
        "<workbookPr date1904=\"1\"/><extLst><ext><x15:workbookPr xmlns:x15=\"x\" chartTrackingRefBase=\"1\"/></ext></extLst>",
        "<workbookPr/>",
    ] {
        let p = Package::new(&[("Dates", &data)], Some(&shared), Some(&sty), pr);
        assert_same(pr, &p.zip());
    }
    // Absolute targets, upper-case part names, sheet names with entities, a chartsheet, a
    // missing shared-strings part, a BOM.
    let mut p = Package::new(
        &[("A &amp; B", &data), ("Second", &data)],
        Some(&shared),
        Some(&sty),
        "",
    );
    let rels = String::from_utf8(
        p.files
            .iter()
            .find(|(f, _)| f == "xl/_rels/workbook.xml.rels")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    let rels = rels.replace(
        "Target=\"worksheets/sheet2.xml\"",
        "Target=\"/XL/Worksheets/Sheet2.xml\"",
    );
    p.set("xl/_rels/workbook.xml.rels", rels.into_bytes());
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(data.as_bytes());
    p.set("xl/worksheets/sheet1.xml", bom);
    assert_same("absolute and case-insensitive paths, BOM", &p.zip());

    let chart = Package::new(
        &[(
            "Chart",
            "<chartsheet xmlns=\"x\"><sheetPr/><drawing r:id=\"rId1\"/></chartsheet>",
        )],
        None,
        None,
        "",
    );
    assert_same("chartsheet-like part", &chart.zip());

    let no_sst = Package::new(
        &[(
            "S",
            &sheet("<row><c t=\"s\"><v>0</v></c><c><v>1</v></c></row>", ""),
        )],
        None,
        None,
        "",
    );
    assert_same("no shared strings part", &no_sst.zip());

    let mut missing = Package::new(&[("S", &data)], Some(&shared), Some(&sty), "");
    missing
        .files
        .retain(|(f, _)| f != "xl/worksheets/sheet1.xml");
    assert_same("missing sheet part", &missing.zip());

    let mut no_rels = Package::new(&[("S", &data)], Some(&shared), Some(&sty), "");
    no_rels
        .files
        .retain(|(f, _)| f != "xl/_rels/workbook.xml.rels");
    assert_same("missing workbook rels", &no_rels.zip());

    let bad_sst = Package::new(
        &[("S", &data)],
        Some("<sst><si><t>&bogus;</t></si></sst>"),
        Some(&sty),
        "",
    );
    assert_same("bad entity in shared strings", &bad_sst.zip());

    let no_dim_ref = Package::new(
        &[("S", "<worksheet><dimension/><sheetData/></worksheet>")],
        None,
        None,
        "",
    );
    assert_same("dimension without ref", &no_dim_ref.zip());

    let big_dim = Package::new(
        &[(
            "S",
            "<worksheet><dimension ref=\"A1:XFD1048576\"/><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>",
        )],
        None,
        None,
        "",
    );
    assert_same("huge dimension", &big_dim.zip());

    let mut moved = Package::new(&[("S", &data)], Some(&shared), Some(&sty), "");
    moved
        .rename("xl/workbook.xml", "xl/book.xml")
        .rename("xl/_rels/workbook.xml.rels", "xl/_rels/book.xml.rels");
    let root = String::from_utf8(moved.files[0].1.clone())
        .unwrap()
        .replace("xl/workbook.xml", "/xl/book.xml");
    moved.set("_rels/.rels", root.into_bytes());
    assert_same("workbook part with another name", &moved.zip());

    // Styles: numFmts after cellXfs (calamine only knows the formats it has seen), a custom
    // format overriding a built-in id, no styles part at all.
    let late = format!(
        "<styleSheet xmlns=\"{}\"><cellXfs><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy\"/></numFmts></styleSheet>",
        xlsx_support::MAIN_NS
    );
    let two = sheet(
        "<row><c s=\"0\"><v>1</v></c><c s=\"1\"><v>1</v></c></row>",
        "",
    );
    assert_same(
        "numFmts after cellXfs",
        &Package::new(&[("S", &two)], None, Some(&late), "").zip(),
    );
    let overriding = styles(&[(14, "0.00")], &[14, 14]);
    assert_same(
        "custom format with a built-in id",
        &Package::new(&[("S", &two)], None, Some(&overriding), "").zip(),
    );
    assert_same(
        "no styles part",
        &Package::new(&[("S", &two)], None, None, "").zip(),
    );

    // A zip with bytes before it (as self-extracting archives have): offsets must still hold.
    let mut prefixed = vec![b'#'; 100];
    prefixed.extend(Package::new(&[("S", &data)], Some(&shared), Some(&sty), "").zip());
    assert_same("zip with a prefix", &prefixed);
    assert!(cell_count(&prefixed) > 0);
}

/// Inputs the module refuses on purpose; calamine may read them, the caller falls back.
#[test]
fn declined_inputs_are_errors_not_wrong_values() {
    let doctype = "<!DOCTYPE worksheet><worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>";
    let dup = sheet("<row><c r=\"A1\" r=\"B1\"><v>1</v></c></row>", "");
    let merge_first = "<worksheet><mergeCells><mergeCell ref=\"A1:B1\"/></mergeCells><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>";
    for (label, xml) in [
        ("doctype", doctype),
        ("duplicate attribute", dup.as_str()),
        ("mergeCells first", merge_first),
    ] {
        let bytes = Package::new(&[("S", xml)], None, None, "").zip();
        match compare(label, &bytes) {
            Outcome::Same | Outcome::ModuleDeclined(_) => {}
        }
        assert!(
            xlsx_support::read_module(&bytes).unwrap().1[0].is_err(),
            "{label}: should be declined"
        );
    }
    // UTF-16 parts.
    let utf16: Vec<u8> = std::iter::once(0xFEFFu16)
        .chain(sheet("<row><c><v>1</v></c></row>", "").encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut p = Package::new(&[("S", "")], None, None, "");
    p.set("xl/worksheets/sheet1.xml", utf16);
    let bytes = p.zip();
    let _ = compare("utf-16 sheet", &bytes);
    assert!(xlsx_support::read_module(&bytes).unwrap().1[0].is_err());
}

/// Random cuts of a valid workbook never panic, and never read differently from calamine.
#[test]
fn corrupted_workbooks_never_panic() {
    let bytes = xlsxwriter_book(false);
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..200 {
        let mut b = bytes.clone();
        match i % 3 {
            0 => b.truncate((next() % b.len() as u64) as usize),
            1 => {
                for _ in 0..4 {
                    let at = (next() % b.len() as u64) as usize;
                    b[at] ^= 1 << (next() % 8);
                }
            }
            _ => {
                let at = (next() % b.len() as u64) as usize;
                b.drain(at..(at + 16).min(b.len()));
            }
        }
        let _ = compare(&format!("corruption #{i}"), &b);
    }
}

/// A few thousand number spellings, random and edge, in numeric cells (parsed or kept as text),
/// shared-string indices and style indices: every one must read as calamine reads it.
#[test]
fn number_and_index_syntax_corpus() {
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut corpus: Vec<String> = [
        "0",
        "-0",
        "+0",
        "00",
        "007",
        "1",
        "-1",
        "+1",
        ".5",
        "-.5",
        "+.5",
        "5.",
        "-5.",
        "1.e5",
        ".e5",
        "1e5",
        "1E5",
        "1e+5",
        "1e-5",
        "1e",
        "1e+",
        "1e-",
        "e5",
        "-",
        "+",
        ".",
        "..",
        "1..2",
        "1.2.3",
        "1_0",
        "1,0",
        "0x10",
        "0b1",
        " 1",
        "1 ",
        "\t1",
        "1\n",
        "inf",
        "-inf",
        "+inf",
        "INF",
        "Infinity",
        "-INFINITY",
        "infinit",
        "infinityx",
        "nan",
        "NaN",
        "-nan",
        "+NAN",
        "nanx",
        "1e400",
        "-1e400",
        "1e-400",
        "4.9406564584124654e-324",
        "2.2250738585072014e-308",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "9007199254740993",
        "9007199254740992.5",
        "123456789012345678901234567890",
        "0.1000000000000000055511151231257827",
        "000000000000000000000000000001",
        "1e00000000000000000000000005",
        "0.000000000000000000001",
        "3.14159265358979323846264338327950288",
        "45292.35416666666",
        "1e-7",
        "12345678901234567",
        "1234567890123456",
        "123456789012345",
        "0.30000000000000004",
        "99999999999999999999",
        "18446744073709551615",
        "18446744073709551616",
        "1٢3",
        "１２",
        "1e5x",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let alphabet = b"0123456789.eE+-";
    for _ in 0..2000 {
        let len = 1 + (next() % 22) as usize;
        corpus.push(
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
                .collect(),
        );
    }
    for _ in 0..2000 {
        let v = f64::from_bits(next());
        if v.is_finite() {
            corpus.push(format!("{v}"));
            corpus.push(format!("{v:e}"));
            corpus.push(format!("{:.*}", (next() % 20) as usize, v));
        }
        let m = next() % 10_000_000_000;
        corpus.push(format!("{m}.{}", next() % 1000));
        corpus.push(format!("{}e{}", m, (next() % 40) as i64 - 20));
    }
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut data = String::new();
    for (i, s) in corpus.iter().enumerate() {
        let r = i + 1;
        // calamine fails the whole sheet on an index past the table: keep those out.
        let index_ok =
            atoi_simd::parse::<usize, true, false>(s.as_bytes()).map_or(true, |n| n < 1000);
        let shared = if index_ok {
            format!("<c r=\"B{r}\" t=\"s\"><v>{}</v></c>", escape(s))
        } else {
            String::new()
        };
        data.push_str(&format!(
            "<row r=\"{r}\"><c r=\"A{r}\"><v>{v}</v></c>{shared}<c r=\"C{r}\" s=\"{v}\"><v>45000</v></c></row>",
            v = escape(s)
        ));
    }
    let items: Vec<String> = (0..1000).map(|i| format!("<t>s{i}</t>")).collect();
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    let mut xfs = vec![14u32; 20];
    xfs[0] = 0;
    let p = Package::new(
        &[("N", &sheet(&data, ""))],
        Some(&sst(&items)),
        Some(&styles(&[], &xfs)),
        "",
    );
    let bytes = p.zip();
    // Indices >= 1000 make calamine (and the module) fail the whole sheet; keep those out.
    let (_, sheets) = xlsx_support::read_calamine(&bytes).unwrap();
    if let Err(e) = &sheets[0] {
        panic!("corpus should be readable, calamine says {e}");
    }
    assert_same("number corpus", &bytes);
    assert!(cell_count(&bytes) > 10_000);
}
