//! The head of a large CSV file read on its own: the header row, where the data starts, and a
//! table of the first rows (for preset detection), so that the body can be streamed in chunks
//! instead of read whole (`classify::tidy_scan`, `platform_scan`).

use super::IngestError;
use super::table::{self, Body, Kind, Table};
use crate::text::trim;
use std::io::Read;
use std::path::Path;

/// Bytes read to find the header row and settle the preset.
pub(super) const HEAD: usize = 256 << 10;

/// The first bytes of the file: header row, where the data starts, and a table of the head
/// for preset detection.
pub(crate) struct Head {
    pub table: Table,
    pub body_start: u64,
    /// Bytes per record after the header, in the head.
    pub row_bytes: usize,
}

impl Head {
    pub fn read(file: &str, path: &Path, bytes: &[u8], len: u64) -> Option<Head> {
        if !matches!(table::sniff(file, path, bytes), Ok(Kind::Text)) {
            return None;
        }
        if encoding_rs::Encoding::for_bom(bytes).is_some_and(|(e, _)| e != encoding_rs::UTF_8) {
            return None;
        }
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let whole = len as usize == bytes.len();
        let end = if whole {
            bytes.len()
        } else {
            bytes.iter().rposition(|&b| b == b'\n')? + 1
        };
        let text = std::str::from_utf8(bytes.get(bom..end)?).ok()?;
        // NUL bytes: a binary or UTF-16 file, which the general reader refuses with its reason.
        if memchr::memchr(0, text.as_bytes()).is_some() {
            return None;
        }
        if trim(text).is_empty() {
            return None;
        }
        let delimiter = super::text_file::sniff_delimiter(text);
        let (header_row, headers, consumed) = header(text, delimiter, whole)?;
        let table = Table {
            file: file.to_string(),
            sheet: None,
            encoding: Some("UTF-8"),
            headers,
            header_row,
            body: Body::Text {
                text: text.to_string(),
                delimiter,
            },
            ragged: Default::default(),
        };
        let body = &text[consumed..];
        let records = super::text_file::reader(body, delimiter)
            .records()
            .count()
            .max(1);
        Some(Head {
            table,
            body_start: (bom + consumed) as u64,
            row_bytes: (body.len() / records).max(16),
        })
    }
}

/// The first record with any text: (its index, its cells, bytes up to its end). None when the
/// head ends inside it.
fn header(text: &str, delimiter: u8, whole: bool) -> Option<(usize, Vec<String>, usize)> {
    let mut reader = super::text_file::reader(text, delimiter);
    let mut rec = csv::StringRecord::new();
    for i in 0.. {
        if !reader.read_record(&mut rec).ok()? {
            return None;
        }
        let end = reader.position().byte() as usize;
        if end >= text.len() && !whole {
            return None;
        }
        if rec.iter().any(|c| !trim(c).is_empty()) {
            return Some((i, rec.iter().map(str::to_string).collect(), end));
        }
    }
    None
}

/// Open a file and read its head: the head of a UTF-8 CSV file (None for anything else:
/// workbooks, other encodings, a header beyond the head), the file, positioned after the
/// head, and its length.
pub(crate) fn open(path: &Path) -> Result<(Option<Head>, std::fs::File, u64), IngestError> {
    let file = path.display().to_string();
    let io = |source| IngestError::Io {
        file: file.clone(),
        source,
    };
    let mut f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    let mut head = Vec::with_capacity(HEAD.min(len as usize));
    (&mut f)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    Ok((Head::read(&file, path, &head, len), f, len))
}
