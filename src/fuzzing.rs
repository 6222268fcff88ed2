//! Entry points of the fuzz targets (`fuzz/`, see `docs/fuzzing.md`): each takes arbitrary
//! bytes, runs one reader over them within small caps, and returns. Any outcome is fine but
//! a panic, an abort, a hang or an unbounded allocation; nothing is printed. The regression
//! test `tests/lib/fuzz_regressions.rs` runs every saved input through the same functions.

use crate::ingest::{self, Limits};
use std::path::Path;

/// The caps the targets run within: small enough that a legitimate use of a cap stays far
/// below the fuzzer's memory limit, so that anything past it is a bug.
pub fn limits() -> Limits {
    Limits {
        unzipped_bytes: 64 << 20,
        cells: 200_000,
        rows: 1_048_576,
        columns: 16_384,
        cell_bytes: 1 << 20,
        ..Limits::default()
    }
}

/// The definition parser and compiler over a TOML text (not UTF-8: nothing to do).
pub fn definition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let checked = crate::definition::check_str(text, "fuzz.toml", None);
    std::hint::black_box(&checked);
}

/// The embedded definition, compiled once.
fn model() -> Option<&'static crate::definition::Model> {
    static MODEL: std::sync::OnceLock<Option<crate::definition::Model>> =
        std::sync::OnceLock::new();
    MODEL
        .get_or_init(|| crate::definition::load_default().ok().map(|(m, _)| m))
        .as_ref()
}

/// CSV/TSV ingest: the bytes as a plain table (whatever the first bytes look like, the
/// `.csv` name is what a user gives), then as the embedded definition's survey: preset
/// detection and the preset's reader.
pub fn csv(data: &[u8]) {
    ingest::set_limits(limits());
    let name = Path::new("fuzz.csv");
    let read = ingest::read_table_bytes(name, data.to_vec(), None);
    std::hint::black_box(&read);
    if let Some(model) = model()
        && let Some(source) = model.source_ix("survey")
    {
        let read = ingest::read_survey_bytes(model, source, name, data.to_vec());
        std::hint::black_box(&read);
    }
}

/// Separates the parts of an input that is not a zip (see [`xlsx`]).
pub const PART_SEPARATOR: &[u8] = b"\n--part--\n";

/// The xlsx reader: the zip container, workbook, shared strings, styles and every sheet, as
/// the reader gives them and as the table of a workbook lays them out. An input that starts
/// as a zip is read as it is (the container); any other is the XML of a sheet, then of the
/// shared strings, the styles and the workbook, split by [`PART_SEPARATOR`], put in a valid
/// zip first, so that mutations reach the XML instead of breaking a CRC.
pub fn xlsx(data: &[u8]) {
    if data.starts_with(b"PK") {
        read_workbook(data);
    } else if let Some(book) = workbook_of_parts(data) {
        read_workbook(&book);
    }
}

/// A stored (uncompressed) workbook of the parts in `data`.
pub fn workbook_of_parts(data: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let mut parts: Vec<&[u8]> = Vec::new();
    let mut rest = data;
    while parts.len() < 3 {
        match memchr::memmem::find(rest, PART_SEPARATOR) {
            Some(i) => {
                parts.push(rest.get(..i)?);
                rest = rest.get(i + PART_SEPARATOR.len()..)?;
            }
            None => break,
        }
    }
    parts.push(rest);
    let workbook: &[u8] =
        br#"<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>"#;
    let names = [
        ("xl/worksheets/sheet1.xml", parts.first().copied()),
        ("xl/sharedStrings.xml", parts.get(1).copied()),
        ("xl/styles.xml", parts.get(2).copied()),
        ("xl/workbook.xml", Some(parts.get(3).copied().unwrap_or(workbook))),
        ("_rels/.rels", Some(br#"<Relationships><Relationship Id="rId1" Type="x/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.as_slice())),
        ("xl/_rels/workbook.xml.rels", Some(br#"<Relationships><Relationship Id="rId1" Type="x/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.as_slice())),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, part) in names {
        if let Some(part) = part {
            zip.start_file(name, stored).ok()?;
            zip.write_all(part).ok()?;
        }
    }
    zip.finish().ok().map(std::io::Cursor::into_inner)
}

fn read_workbook(data: &[u8]) {
    let caps = limits();
    if let Ok(book) = ingest::xlsx::Workbook::open_with(data, caps) {
        for name in book.sheet_names() {
            let mut n = 0u64;
            let read = book.read_sheet(name, |r, c, _| n = n.wrapping_add(u64::from(r ^ c)));
            std::hint::black_box((&read, n));
        }
    }
    ingest::set_limits(caps);
    let read = ingest::read_tables_bytes(Path::new("fuzz.xlsx"), data.to_vec());
    std::hint::black_box(&read);
}

/// The platform-table reader of the embedded definition's `opinion` source over the bytes,
/// as a CSV file or, when they start as a zip, as a workbook.
pub fn platform_table(data: &[u8]) {
    let Some(model) = model() else {
        return;
    };
    let Some(source) = model.source_ix("opinion") else {
        return;
    };
    ingest::set_limits(limits());
    let name = if data.starts_with(b"PK") {
        "fuzz.xlsx"
    } else {
        "fuzz.csv"
    };
    let read = ingest::read_platform_bytes(model, source, Path::new(name), data.to_vec());
    std::hint::black_box(&read);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_make_a_workbook_the_reader_opens() {
        let sheet = br#"<worksheet><sheetData><row r="1"><c r="B1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
        let strings = br#"<sst><si><t>taobao</t></si></sst>"#;
        let input = [sheet.as_slice(), PART_SEPARATOR, strings.as_slice()].concat();
        let book = workbook_of_parts(&input).unwrap();
        let book = ingest::xlsx::Workbook::open(&book).unwrap();
        let mut cells = Vec::new();
        book.read_sheet("S", |r, c, cell| cells.push((r, c, format!("{cell:?}"))))
            .unwrap();
        assert_eq!(cells, vec![(0, 1, "Text(\"taobao\")".to_string())]);
    }
}
