//! CSV/TSV files: encoding detection (BOM -> UTF-8 -> GB18030, the order analysts use for
//! Chinese exports) and RFC 4180 records via the csv crate. Cell text is kept raw (CRLF inside
//! quoted cells included): free text is normalised later, by classification.

use super::IngestError;
use super::table::{Body, Table, format_error};

/// Decode the bytes and read the header row; the delimiter is the given one, else sniffed.
pub(super) fn read(
    file: String,
    bytes: Vec<u8>,
    delimiter: Option<u8>,
) -> Result<Table, IngestError> {
    let (text, encoding) = decode(&file, bytes)?;
    if crate::text::trim(&text).is_empty() {
        return Err(format_error(
            &file,
            "the file is empty",
            "download the export again; a survey export has a header row and one row per submission",
        ));
    }
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    let (header_row, headers) = header_record(&file, &text, delimiter)?;
    Ok(Table {
        file,
        sheet: None,
        encoding: Some(encoding),
        headers,
        header_row,
        body: Body::Text { text, delimiter },
        ragged: Default::default(),
    })
}

/// As `read`, decoding with the encoding the source names (a BOM is still skipped).
pub(super) fn read_as(
    file: String,
    bytes: Vec<u8>,
    enc: &'static encoding_rs::Encoding,
    delimiter: Option<u8>,
) -> Result<Table, IngestError> {
    let (text, had_errors) = enc.decode_with_bom_removal(&bytes);
    if had_errors {
        return Err(not_text(&file, enc.name()));
    }
    let text = text.into_owned();
    let delimiter = delimiter.unwrap_or_else(|| sniff_delimiter(&text));
    let (header_row, headers) = header_record(&file, &text, delimiter)?;
    Ok(Table {
        file,
        sheet: None,
        encoding: Some(enc.name()),
        headers,
        header_row,
        body: Body::Text { text, delimiter },
        ragged: Default::default(),
    })
}

/// Text of the file and the name of its encoding.
fn decode(file: &str, bytes: Vec<u8>) -> Result<(String, &'static str), IngestError> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, had_errors) =
            enc.decode_without_bom_handling(bytes.get(bom_len..).unwrap_or_default());
        if had_errors {
            return Err(not_text(file, enc.name()));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    // Text tables never hold NUL bytes (binaries and UTF-16 without a BOM do); one in a
    // cell would be read as part of the answer.
    if memchr::memchr(0, &bytes).is_some() {
        return Err(not_text(file, "UTF-8 or GB18030"));
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, "UTF-8")),
        Err(e) => e.into_bytes(),
    };
    if let Some(text) =
        encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes)
    {
        return Ok((text.into_owned(), "GB18030"));
    }
    // Western exports saved by Excel on Windows (SurveyMonkey's older CSVs): Windows-1252, the
    // last resort, named in `inspect` so that a wrong guess is visible.
    // Control characters other than tab and line breaks mean a binary file, not Western text.
    let text = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling_and_without_replacement(&bytes)
        .filter(|t| {
            !t.chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
        });
    match text {
        Some(text) => Ok((text.into_owned(), "windows-1252")),
        None => Err(not_text(file, "UTF-8, GB18030 or Windows-1252")),
    }
}

fn not_text(file: &str, tried: &str) -> IngestError {
    format_error(
        file,
        format!("the file is not a text table: its bytes are not valid {tried} text"),
        "give a CSV saved as UTF-8 (or GBK), or the .xlsx export; binary files renamed to .csv cannot be read",
    )
}

/// The delimiter among comma, tab and semicolon that splits the first records into the same
/// number of fields (at least two), the most fields winning; comma when none does. Question
/// texts hold commas, so a tab-separated header with commas in it is still tab-separated
/// (issue 10: .tsv downloads were split on commas).
pub(super) fn sniff_delimiter(text: &str) -> u8 {
    let head: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
    let mut best = (b',', 0usize);
    for d in [b',', b'\t', b';'] {
        let mut r = reader(&head, d);
        let counts: Vec<usize> = r
            .records()
            .filter_map(Result::ok)
            .filter(|rec| rec.iter().any(|c| !c.trim().is_empty()))
            .map(|rec| rec.len())
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        // The last line may be cut mid-record by `take`: judge the complete ones.
        let complete = counts
            .get(..counts.len().saturating_sub(1).max(1))
            .unwrap_or(&counts);
        if first >= 2 && complete.iter().all(|&n| n == first) && first > best.1 {
            best = (d, first);
        }
    }
    best.0
}

pub(super) fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

fn bad_record(file: &str, i: usize, e: &csv::Error) -> IngestError {
    format_error(
        file,
        format!("CSV record {} cannot be read: {e}", i + 1),
        "check the quoting around this line; re-export the file if it was edited by hand",
    )
}

/// The first record with any text (0-based index, cells): the header row.
fn header_record(
    file: &str,
    text: &str,
    delimiter: u8,
) -> Result<(usize, Vec<String>), IngestError> {
    let mut reader = reader(text, delimiter);
    let mut rec = csv::StringRecord::new();
    for i in 0.. {
        match reader.read_record(&mut rec) {
            Ok(true) if rec.iter().all(|c| crate::text::trim(c).is_empty()) => {}
            Ok(true) => return Ok((i, rec.iter().map(str::to_string).collect())),
            Ok(false) => break,
            Err(e) => return Err(bad_record(file, i, &e)),
        }
    }
    Err(format_error(
        file,
        "the file has no header row (every line is empty)",
        "download the export again",
    ))
}

/// Call `f(i, record)` for every record, `i` 0-based. Rows may have different lengths.
pub(super) fn for_each_record(
    file: &str,
    text: &str,
    delimiter: u8,
    mut f: impl FnMut(usize, &csv::StringRecord),
) -> Result<(), IngestError> {
    let mut reader = reader(text, delimiter);
    // One record buffer for the whole file: no allocation per row.
    let mut rec = csv::StringRecord::new();
    for i in 0.. {
        match reader.read_record(&mut rec) {
            Ok(true) => f(i, &rec),
            Ok(false) => break,
            Err(e) => return Err(bad_record(file, i, &e)),
        }
    }
    Ok(())
}
