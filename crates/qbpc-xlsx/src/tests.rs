//! Unit tests of the pieces (std and calamine only, so that they also run in the main crate).
//! The oracle tests against calamine over whole workbooks are in `tests/lib/xlsx_oracle.rs`.

use super::cells::Ctx;
use super::escape::{push_xml10, unescape_attr, unescape_underscore};
use super::numbers::{parse_f64, parse_index};
use super::refs::{dimension, row_column, row_only};
use super::shared_strings::SharedStrings;
use super::sheet_xml::SheetParser;
use super::stream::{feed_in_blocks, feed_threaded, feed_whole};
use super::styles::{NumFmt, builtin_format_by_id, detect_custom_number_format};
use super::{Cell, SheetExtras};

/// A cell as owned data, for comparisons.
#[derive(Debug, Clone, PartialEq)]
enum Owned {
    Number(u64),
    Text(String),
    Bool(bool),
    Error(String),
    Date(u64, bool),
    Iso(String),
}

fn own(cell: Cell<'_>) -> Owned {
    match cell {
        Cell::Number(v) => Owned::Number(v.to_bits()),
        Cell::Text(s) => Owned::Text(s.to_string()),
        Cell::Bool(b) => Owned::Bool(b),
        Cell::Error(e) => Owned::Error(e.to_string()),
        Cell::DateTime(d) => Owned::Date(d.as_f64().to_bits(), d.is_duration()),
        Cell::DateTimeIso(s) => Owned::Iso(s.to_string()),
    }
}

type Cells = Vec<(u32, u32, Owned)>;

fn strings(list: &[&str]) -> SharedStrings {
    let mut xml = String::from("<sst>");
    for s in list {
        xml.push_str("<si><t xml:space=\"preserve\">");
        xml.push_str(s);
        xml.push_str("</t></si>");
    }
    xml.push_str("</sst>");
    SharedStrings::parse(xml.as_bytes(), 64).unwrap()
}

fn parse_with(xml: &str, mode: usize) -> super::Result<(Cells, SheetExtras)> {
    let table = strings(&["zero", "one", "two"]);
    let formats = [NumFmt::Other, NumFmt::DateTime, NumFmt::TimeDelta];
    let ctx = Ctx {
        strings: &table,
        formats: &formats,
        is_1904: false,
        limits: crate::Limits::default(),
    };
    let mut parser = SheetParser::new(&ctx);
    let mut cells = Vec::new();
    let mut visit = |r, c, cell: Cell<'_>| cells.push((r, c, own(cell)));
    match mode {
        0 => feed_whole(&mut parser, xml.as_bytes(), &mut visit)?,
        n => feed_in_blocks(&mut parser, xml.as_bytes(), n, &mut visit)?,
    }
    let extras = parser.finish()?;
    Ok((cells, extras))
}

fn parse(xml: &str) -> (Cells, SheetExtras) {
    parse_with(xml, 0).unwrap()
}

const SHEET: &str = concat!(
    "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n",
    "<worksheet xmlns=\"x\"><dimension ref=\"A1:D9\"/><sheetData>",
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\"><v>2.5</v></c>",
    "<c r=\"C1\" s=\"1\"><v>45000.25</v></c><c r=\"D1\" s=\"2\"><v>0.5</v></c></row>",
    "<row r=\"3\"><c t=\"inlineStr\"><is><t> pad </t></is></c><c t=\"b\"><v>1</v></c>",
    "<c t=\"e\"><v>#N/A</v></c><c t=\"str\"><f>A1</f><v>a&amp;b_x000D_&#x4E2D;</v></c></row>",
    "<row><c t=\"inlineStr\"><is><r><t>ri</t></r><r><rPr/><t xml:space=\"preserve\">ch </t></r>",
    "<rPh><t>ignored</t></rPh></is></c><c/><c t=\"d\"><v>2024-01-02T03:04:05</v></c>",
    "<c><v>not a number</v></c><c t=\"s\"><v>0</v><f>x</f></c><c t=\"n\"><v/></c></row>",
    "<x:row r=\"7\"><x:c r=\"B7\" t=\"inlineStr\"><x:is><x:t>pre</x:t></x:is></x:c></x:row>",
    "<row r=\"8\"/><!-- a comment --><row><c><v>1e3</v></c></row>",
    "</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:B2\"/><mergeCell ref=\"C3\"/>",
    "</mergeCells><pageMargins left=\"0.7\"/></worksheet>",
);

fn expected() -> Cells {
    vec![
        (0, 0, Owned::Text("one".into())),
        (0, 1, Owned::Number(2.5f64.to_bits())),
        (0, 2, Owned::Date(45000.25f64.to_bits(), false)),
        (0, 3, Owned::Date(0.5f64.to_bits(), true)),
        (2, 0, Owned::Text("pad".into())),
        (2, 1, Owned::Bool(true)),
        (2, 2, Owned::Error("#N/A".into())),
        (2, 3, Owned::Text("a&b\r中".into())),
        (3, 0, Owned::Text("rich ".into())),
        (3, 2, Owned::Iso("2024-01-02T03:04:05".into())),
        (3, 3, Owned::Text("not a number".into())),
        (6, 1, Owned::Text("pre".into())),
        (8, 0, Owned::Number(1000f64.to_bits())),
    ]
}

#[test]
fn sheet_rules_follow_calamine() {
    let (cells, extras) = parse(SHEET);
    assert_eq!(cells, expected());
    assert_eq!(extras.merged, vec![((0, 0), (1, 1)), ((2, 2), (2, 2))]);
}

#[test]
fn every_block_size_gives_the_same_cells() {
    let (want, want_extras) = parse(SHEET);
    for block in 1..=SHEET.len() + 1 {
        let (cells, extras) = parse_with(SHEET, block).unwrap();
        assert_eq!(cells, want, "block size {block}");
        assert_eq!(extras, want_extras, "block size {block}");
    }
}

#[test]
fn threaded_inflate_with_tiny_blocks() {
    use std::io::Write;
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(SHEET.as_bytes()).unwrap();
    let raw = enc.finish().unwrap();
    let table = strings(&["zero", "one", "two"]);
    let formats = [NumFmt::Other, NumFmt::DateTime, NumFmt::TimeDelta];
    let ctx = Ctx {
        strings: &table,
        formats: &formats,
        is_1904: false,
        limits: crate::Limits::default(),
    };
    for block in [1, 2, 3, 5, 7, 16, 100, 4096] {
        let mut parser = SheetParser::new(&ctx);
        let mut cells = Vec::new();
        feed_threaded(
            &mut parser,
            &raw,
            None,
            block,
            &mut |r, c, cell: Cell<'_>| cells.push((r, c, own(cell))),
        )
        .unwrap();
        assert_eq!(cells, expected(), "block {block}");
        assert_eq!(parser.finish().unwrap().merged.len(), 2);
    }
    // The CRC is checked once the stream has been read to its end.
    let simple = b"<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>";
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(simple).unwrap();
    let simple_raw = enc.finish().unwrap();
    let mut crc = flate2::Crc::new();
    crc.update(simple);
    for (want, ok) in [(crc.sum(), true), (crc.sum() ^ 1, false)] {
        let mut parser = SheetParser::new(&ctx);
        let got = feed_threaded(&mut parser, &simple_raw, Some(want), 8, &mut |_, _, _| {});
        assert_eq!(got.is_ok(), ok);
    }
    // A truncated stream is an error, not a panic.
    let mut parser = SheetParser::new(&ctx);
    let cut = &raw[..raw.len() / 2];
    assert!(feed_threaded(&mut parser, cut, None, 64, &mut |_, _, _| {}).is_err());
}

#[test]
fn malformed_sheets_are_errors() {
    let wrap = |body: &str| format!("<worksheet><sheetData>{body}</sheetData></worksheet>");
    for body in [
        "<row><c t=\"s\"><v>9</v></c></row>",     // index past the table
        "<row><c t=\"n\"><v>abc</v></c></row>",   // not a number with t="n"
        "<row><c t=\"e\"><v>#OOPS</v></c></row>", // unknown error value
        "<row><c t=\"b\"><v>2</v></c></row>",     // not a boolean
        "<row><c t=\"zz\"><v>1</v></c></row>",    // unknown type
        "<row><c><extLst/></c></row>",            // unexpected child
        "<row><c r=\"A0\"><v>1</v></c></row>",    // no row
        "<row><c r=\"12\"><v>1</v></c></row>",    // no column
        "<row><c r=\"A1\" r=\"B1\"><v>1</v></c></row>", // repeated attribute
        "<row><c><v>1 &bad</v></c></row>",        // dangling reference
        "<row><c t=\"str\"><v>&nope;</v></c></row>", // unknown entity where it is resolved
        "<row><c><v>1</v></c></row></row></sheetData></worksheet>", // unmatched end
        "<row><c><v>1</v>",                       // truncated
    ] {
        assert!(parse_with(&wrap(body), 0).is_err(), "{body}");
    }
    assert!(parse_with("<!DOCTYPE x><worksheet/>", 0).is_err());
    assert!(parse_with("", 0).is_err());
    // Not a worksheet: no cells, no error (calamine returns an empty range).
    assert_eq!(parse("<chartsheet><drawing/></chartsheet>").0, vec![]);
    // Invalid UTF-8 after the merge cells is never read; inside the data it is an error.
    let mut bytes = wrap("<row><c><v>1</v></c></row>").into_bytes();
    bytes.extend_from_slice(b"<mergeCells/>\xff");
    let table = strings(&[]);
    let ctx = Ctx {
        strings: &table,
        formats: &[],
        is_1904: false,
        limits: crate::Limits::default(),
    };
    let mut parser = SheetParser::new(&ctx);
    feed_whole(&mut parser, &bytes, &mut |_, _, _| {}).unwrap();
    let mut parser = SheetParser::new(&ctx);
    assert!(
        feed_whole(
            &mut parser,
            b"<worksheet><sheetData>\xff</sheetData></worksheet>",
            &mut |_, _, _| {}
        )
        .is_err()
    );
}

#[test]
fn values_that_calamine_treats_specially() {
    let wrap =
        |body: &str| format!("<worksheet><sheetData><row>{body}</row></sheetData></worksheet>");
    // Only the first text run of a raw <v> is read; a leading reference makes it empty.
    assert_eq!(
        parse(&wrap("<c><v>12<!--x-->3</v></c>")).0,
        vec![(0, 0, Owned::Number(12f64.to_bits()))]
    );
    assert_eq!(parse(&wrap("<c><v>&amp;1</v></c>")).0, vec![]);
    // A number cell whose text is not a number keeps it raw (no EOL normalisation).
    assert_eq!(
        parse(&wrap("<c><v>a\r\nb</v></c>")).0,
        vec![(0, 0, Owned::Text("a\r\nb".into()))]
    );
    // Style index: unparsable means 0, out of range means none.
    assert_eq!(
        parse(&wrap("<c s=\"x\"><v>1</v></c><c s=\"9\"><v>1</v></c>")).0,
        vec![
            (0, 0, Owned::Number(1f64.to_bits())),
            (0, 1, Owned::Number(1f64.to_bits())),
        ]
    );
    // A shared-string index that is not a number means string 0.
    assert_eq!(
        parse(&wrap("<c t=\"s\"><v>x</v></c>")).0,
        vec![(0, 0, Owned::Text("zero".into()))]
    );
    // Booleans accept XML Schema forms with spaces.
    assert_eq!(
        parse(&wrap(
            "<c t=\"b\"><v> TRUE </v></c><c t=\"b\"><v>false</v></c>"
        ))
        .0,
        vec![(0, 0, Owned::Bool(true)), (0, 1, Owned::Bool(false)),]
    );
    // Inline strings: empty <is/> is an empty string (kept as a cell), <v> is ignored.
    assert_eq!(
        parse(&wrap(
            "<c t=\"inlineStr\"><is/></c><c t=\"inlineStr\"><v>7</v></c>"
        ))
        .0,
        vec![(0, 0, Owned::Text(String::new())),]
    );
    // CDATA inside <t>, EOL normalisation, and a trimmed &#13; at the end.
    assert_eq!(
        parse(&wrap(
            "<c t=\"inlineStr\"><is><t><![CDATA[<b>]]>x\r\ny&#13;</t></is></c>"
        ))
        .0,
        vec![(0, 0, Owned::Text("<b>x\ny".into())),]
    );
    // A later <f> empties the value; a later <v> wins.
    assert_eq!(
        parse(&wrap("<c><v>1</v><f>A1</f></c><c><f>A1</f><v>2</v></c>")).0,
        vec![(0, 1, Owned::Number(2f64.to_bits())),]
    );
    // Column positions continue after a referenced cell; the row does not move with r.
    assert_eq!(
        parse(&wrap("<c r=\"C5\"><v>1</v></c><c><v>2</v></c>")).0,
        vec![
            (4, 2, Owned::Number(1f64.to_bits())),
            (0, 3, Owned::Number(2f64.to_bits())),
        ]
    );
}

#[test]
fn cell_references() {
    assert_eq!(row_column(b"A1").unwrap(), (0, 0));
    assert_eq!(row_column(b"AD100001").unwrap(), (100_000, 29));
    assert_eq!(row_column(b"xfd1048576").unwrap(), (1_048_575, 16_383));
    assert_eq!(row_column(b"AAAA1").unwrap(), (0, 18_278));
    assert!(row_column(b"A").is_err());
    assert!(row_column(b"1").is_err());
    assert!(row_column(b"A1B").is_err());
    assert!(row_column(b"A99999999999").is_err());
    assert!(row_column(b"ZZZZZZZZZZ1").is_err());
    assert_eq!(row_only(b"7").unwrap(), 6);
    assert_eq!(row_only(b"B7").unwrap(), 6);
    assert!(row_only(b"0").is_err());
    assert_eq!(dimension(b"A1:C3").unwrap(), ((0, 0), (2, 2)));
    assert_eq!(dimension(b"B2").unwrap(), ((1, 1), (1, 1)));
    assert!(dimension(b"A1:B2:C3").is_err());
    assert!(dimension(b"").is_err());
}

#[test]
fn number_syntax() {
    for (s, v) in [
        ("0", 0.0),
        ("-0", -0.0),
        ("42", 42.0),
        ("3.25", 3.25),
        (".5", 0.5),
        ("5.", 5.0),
        ("+1", 1.0),
        ("1e3", 1000.0),
        ("1E-2", 0.01),
        ("0.1", 0.1),
        ("123456789012345678901234567890", 1.2345678901234568e29),
        ("INF", f64::INFINITY),
        ("-infinity", f64::NEG_INFINITY),
    ] {
        assert_eq!(
            parse_f64(s.as_bytes()).map(f64::to_bits),
            Some(v.to_bits()),
            "{s}"
        );
    }
    for s in [
        "", "-", "+", ".", "1e", "1e+", " 1", "1 ", "0x10", "1,5", "infinit", "e5", "1..2",
    ] {
        assert_eq!(parse_f64(s.as_bytes()), None, "{s:?}");
    }
    assert!(parse_f64(b"nan").unwrap().is_nan());
    assert_eq!(parse_index(b"007"), Some(7));
    assert_eq!(parse_index(b"+7"), None);
    assert_eq!(parse_index(b""), None);
    assert_eq!(parse_index(b"99999999999999999999999"), None);
}

#[test]
fn escapes() {
    assert_eq!(unescape_underscore("a_x000D_b"), "a\rb");
    assert_eq!(unescape_underscore("_x005F_x000D_"), "_x000D_");
    assert_eq!(unescape_underscore("_xD83D__xDE00_"), "\u{1F600}");
    assert_eq!(unescape_underscore("_xD83D_"), "\u{FFFD}");
    assert_eq!(unescape_underscore("_x00zz_"), "_x00zz_");
    assert_eq!(unescape_attr("a&amp;b&#65;&#x42;").unwrap(), "a&bAB");
    assert!(unescape_attr("a&b").is_err());
    assert!(unescape_attr("&#0;").is_err());
    assert!(unescape_attr("&#X41;").is_err());
    let mut out = String::new();
    push_xml10(&mut out, "a\r\nb\rc\n");
    assert_eq!(out, "a\nb\nc\n");
}

#[test]
fn number_formats() {
    // calamine's own table (formats.rs, ported from openpyxl).
    for (code, want) in [
        ("DD/MM/YY", NumFmt::DateTime),
        ("H:MM:SS;@", NumFmt::DateTime),
        ("#,##0\\ [$\\u20bd-46D]", NumFmt::Other),
        ("m\"M\"d\"D\";@", NumFmt::DateTime),
        ("[h]:mm:ss", NumFmt::TimeDelta),
        (
            "\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\";\"Y: <num>m\";@",
            NumFmt::Other,
        ),
        ("#,##0\\ [$''u20bd-46D]", NumFmt::Other),
        ("\"$\"#,##0_);[Red](\"$\"#,##0)", NumFmt::Other),
        ("[$-404]e\"\\xfc\"m\"\\xfc\"d\"\\xfc\"", NumFmt::DateTime),
        ("0_ ;[Red]\\-0\\ ", NumFmt::Other),
        ("\\Y000000", NumFmt::Other),
        ("#,##0.0####\" YMD\"", NumFmt::Other),
        ("[h]", NumFmt::TimeDelta),
        ("[ss]", NumFmt::TimeDelta),
        ("[s].000", NumFmt::TimeDelta),
        ("[m]", NumFmt::TimeDelta),
        ("[mm]", NumFmt::TimeDelta),
        (
            "[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm",
            NumFmt::TimeDelta,
        ),
        ("[>=100][Magenta][s].00", NumFmt::TimeDelta),
        ("[h]:mm;[=0]\\-", NumFmt::TimeDelta),
        ("[>=100][Magenta].00", NumFmt::Other),
        ("[>=100][Magenta]General", NumFmt::Other),
        ("ha/p\\\\m", NumFmt::DateTime),
        (
            "#,##0.00\\ _M\"H\"_);[Red]#,##0.00\\ _M\"S\"_)",
            NumFmt::Other,
        ),
        ("#,##0*y", NumFmt::Other),
        ("0\"x\"*d", NumFmt::Other),
        ("*-#,##0", NumFmt::Other),
        ("*-yyyy-mm-dd", NumFmt::DateTime),
    ] {
        assert_eq!(detect_custom_number_format(code), want, "{code}");
    }
    assert_eq!(builtin_format_by_id("14"), NumFmt::DateTime);
    assert_eq!(builtin_format_by_id("46"), NumFmt::TimeDelta);
    assert_eq!(builtin_format_by_id("0"), NumFmt::Other);
    assert_eq!(builtin_format_by_id("014"), NumFmt::Other);
}

#[test]
fn shared_strings_arena() {
    let xml = concat!(
        "<sst uniqueCount=\"4\"><si><t>a</t></si><si><r><t>b</t></r><r><t xml:space=\"preserve\"> c</t></r></si>",
        "<si/><si><t>x</t><rPh><t>y</t></rPh><phoneticPr/></si></sst>"
    );
    let table = SharedStrings::parse(xml.as_bytes(), 64).unwrap();
    assert_eq!(table.len(), 4);
    assert_eq!(table.get(0), Some("a"));
    assert_eq!(table.get(1), Some("b c"));
    assert_eq!(table.get(2), Some(""));
    assert_eq!(table.get(3), Some("x"));
    assert_eq!(table.get(4), None);
    assert!(SharedStrings::parse(b"<sst><si><t>a</t>", 64).is_err());
    assert!(SharedStrings::parse(b"<other/>", 64).is_err());
}

/// The repository's own workbooks.
fn project_file(rel: &str) -> std::path::PathBuf {
    // The fixtures are the repository's (this crate is crates/qbpc-xlsx in it).
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

#[test]
fn real_sheets_in_any_block_size() {
    use super::Workbook;
    use super::zip_parts::Method;
    for rel in [
        "fixtures/shapes/kobo_repeat.xlsx",
        "fixtures/shapes/surveymonkey_merged.xlsx",
        "fixtures/platform_opinion.xlsx",
        "fixtures/multi/wjx_cn.xlsx",
    ] {
        let path = project_file(rel);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let book = Workbook::open(&bytes).unwrap();
        let ctx = Ctx {
            strings: &book.strings,
            formats: &book.formats,
            is_1904: book.is_1904,
            limits: crate::Limits::default(),
        };
        for (name, part) in &book.sheets {
            let mut want = Vec::new();
            let want_extras = book
                .read_sheet(name, |r, c, cell| want.push((r, c, own(cell))))
                .unwrap();
            assert!(!want.is_empty(), "{rel}:{name}");
            let entry = book.archive.entry(part).unwrap().unwrap();
            let xml = entry.bytes().unwrap();
            let small = xml.len() < 100_000;
            let sizes: &[usize] = if small {
                &[1, 2, 3, 7, 61, 4096]
            } else {
                &[7, 61, 4096]
            };
            for &block in sizes {
                let mut parser = SheetParser::new(&ctx);
                let mut got = Vec::new();
                feed_in_blocks(&mut parser, &xml, block, &mut |r, c, cell: Cell<'_>| {
                    got.push((r, c, own(cell)))
                })
                .unwrap();
                assert_eq!(got, want, "{rel}:{name} block {block}");
                assert_eq!(parser.finish().unwrap(), want_extras);
                if entry.method == Method::Deflated {
                    let mut parser = SheetParser::new(&ctx);
                    let mut got = Vec::new();
                    feed_threaded(
                        &mut parser,
                        entry.data,
                        Some(entry.crc32),
                        block,
                        &mut |r, c, cell: Cell<'_>| got.push((r, c, own(cell))),
                    )
                    .unwrap();
                    assert_eq!(got, want, "{rel}:{name} threaded block {block}");
                    assert_eq!(parser.finish().unwrap(), want_extras);
                }
            }
        }
    }
}

#[test]
fn caps_on_inflating_and_nesting_name_their_key() {
    use super::xml::{Ev, part_reader, whole};
    use super::zip_parts::check_inflated;
    use crate::Limits;
    let limits = Limits {
        unzipped_bytes: 100 << 20,
        zip_ratio: 100,
        ..Limits::default()
    };
    // Small parts may compress as well as they like; past 8 MiB the ratio counts.
    assert!(check_inflated(8 << 20, 1, &limits, "p").is_ok());
    assert!(check_inflated(9 << 20, (9 << 20) / 100, &limits, "p").is_ok());
    let bomb = check_inflated(9 << 20, (9 << 20) / 101, &limits, "p").unwrap_err();
    assert_eq!(bomb.limit(), Some("zip-ratio"));
    let big = check_inflated((100 << 20) + 1, 100 << 20, &limits, "p").unwrap_err();
    assert_eq!(big.limit(), Some("unzipped-mb"));
    assert!(big.message().contains("more than 100 MiB"), "{big}");

    let deep = |xml: &str, max: u64| {
        let (mut rd, _) = part_reader(xml.as_bytes(), max).unwrap();
        loop {
            match whole(rd.next()) {
                Ok(Ev::Eof) => return Ok(()),
                Ok(_) => {}
                Err(e) => return Err(e),
            }
        }
    };
    assert!(deep("<a><b><c/></b></a>", 3).is_ok());
    let e = deep("<a><b><c></c></b></a>", 2).unwrap_err();
    assert_eq!(e.limit(), Some("xml-depth"));
    assert!(e.message().contains("deeper than 2 levels (at <c>)"), "{e}");
    // Empty elements do not open a level.
    assert!(deep("<a><b/><b/></a>", 1).is_ok());
}
