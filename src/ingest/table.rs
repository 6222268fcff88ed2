//! A data file as a table: one header row (kept as an ordered list: duplicate names are real)
//! and data rows, whatever the format. CSV bodies are streamed record by record so that a
//! million-row tidy file never becomes a grid of strings; workbooks arrive as a grid anyway.

use super::{IngestError, RawValue, excel, format_number, text_file};
use crate::diagnostics::{Code, Diagnostic, Location};
use std::path::Path;

/// One cell, borrowed from the table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CellRef<'a> {
    Blank,
    Text(&'a str),
    Number(f64),
    /// A date/time cell, as Excel displays it.
    Date(&'a str),
}

impl<'a> CellRef<'a> {
    /// Blank, or text that is only whitespace: nothing was entered.
    pub fn is_blank(&self) -> bool {
        match self {
            CellRef::Blank => true,
            CellRef::Text(s) => crate::text::trim(s).is_empty(),
            _ => false,
        }
    }

    /// The cell as a person sees it in the file.
    pub fn display(&self) -> String {
        match self {
            CellRef::Blank => String::new(),
            CellRef::Text(s) | CellRef::Date(s) => (*s).to_string(),
            CellRef::Number(x) => format_number(*x),
        }
    }

    /// The cell as a raw value; whitespace-only text counts as blank.
    pub fn to_raw(self) -> RawValue {
        match self {
            _ if self.is_blank() => RawValue::Blank,
            CellRef::Text(s) => RawValue::Text(s.to_string()),
            CellRef::Number(x) => RawValue::Number(x),
            CellRef::Date(s) => RawValue::Date(s.to_string()),
            CellRef::Blank => RawValue::Blank,
        }
    }
}

impl<'a> From<&'a RawValue> for CellRef<'a> {
    fn from(v: &'a RawValue) -> Self {
        match v {
            RawValue::Text(s) => CellRef::Text(s),
            RawValue::Number(x) => CellRef::Number(*x),
            RawValue::Date(s) => CellRef::Date(s),
            _ => CellRef::Blank,
        }
    }
}

/// One data row, borrowed from the table.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Row<'a> {
    Csv(&'a csv::StringRecord),
    Grid(&'a [RawValue]),
}

impl<'a> Row<'a> {
    pub fn get(&self, col: usize) -> CellRef<'a> {
        match *self {
            Row::Csv(r) => match r.get(col) {
                Some("") | None => CellRef::Blank,
                Some(s) => CellRef::Text(s),
            },
            Row::Grid(cells) => cells.get(col).map_or(CellRef::Blank, CellRef::from),
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Row::Csv(r) => r.len(),
            Row::Grid(cells) => cells.len(),
        }
    }

    /// True when no cell holds anything (trailing empty rows of sheets, ",,,," lines).
    pub fn is_blank(&self) -> bool {
        (0..self.len()).all(|c| self.get(c).is_blank())
    }
}

pub(crate) enum Body {
    /// Decoded CSV text, parsed on each pass.
    Text { text: String, delimiter: u8 },
    /// Spreadsheet cells by absolute position (row 0 = sheet row 1).
    Grid(Vec<Vec<RawValue>>),
}

pub(crate) struct Table {
    /// The path as the user gave it.
    pub file: String,
    /// The sheet read (workbooks only).
    pub sheet: Option<String>,
    /// The encoding a text file was decoded from.
    pub encoding: Option<&'static str>,
    pub headers: Vec<String>,
    /// 0-based file row of the header (rows above it are empty).
    pub header_row: usize,
    pub body: Body,
    /// Rows of a text body whose field count differs from the header's (1-based file row ->
    /// fields), found while the rows are read: they are never read as submissions.
    pub ragged: std::sync::Mutex<std::collections::BTreeMap<usize, usize>>,
}

/// Whether a record of `fields` fields cannot be lined up with a header of `header` fields: a
/// field missing (a cut line, a lost delimiter) or one too many (a comma inside an unquoted
/// answer shifts every later answer one column right). Extra fields that are all empty (a
/// trailing delimiter) shift nothing and are accepted.
pub(crate) fn is_ragged(fields: usize, header: usize, blank: impl Fn(usize) -> bool) -> bool {
    fields < header || (fields > header && !(header..fields).all(blank))
}

/// The finding for a ragged row: such a row is not read (its answers would land in the wrong
/// columns or be taken as blank).
pub(super) fn ragged_row(
    file: &str,
    sheet: Option<&str>,
    row: usize,
    fields: usize,
    header: usize,
) -> Diagnostic {
    let (what, hint) = if fields < header {
        (
            "fewer fields",
            "a field or a delimiter is missing (a line cut short or edited by hand); complete the row, or export the file again",
        )
    } else {
        (
            "more fields",
            "an answer holds the delimiter without quotes around it, which shifts the later answers; quote that answer (\"a, b\") or export the file again",
        )
    };
    Diagnostic::warning(
        Code::RaggedRow,
        format!(
            "{fields} fields, {what} than the header's {header}: the row is not read (its answers cannot be matched to their columns)"
        ),
        Location {
            file: Some(file.to_string()),
            sheet: sheet.map(str::to_string),
            row: Some(row),
            ..Location::default()
        },
    )
    .with_hint(hint)
}

impl Table {
    /// Location of a cell; `row` is 1-based (as in the file), `col` 0-based.
    pub fn loc(&self, row: usize, col: usize) -> Location {
        Location::cell(
            &self.file,
            self.sheet.as_deref(),
            row,
            col,
            self.headers.get(col).map(String::as_str),
        )
    }

    /// The findings for the ragged rows met so far, in row order.
    pub fn ragged_findings(&self) -> Vec<Diagnostic> {
        let header = self.headers.len();
        let Ok(ragged) = self.ragged.lock() else {
            return Vec::new();
        };
        ragged
            .iter()
            .map(|(&row, &fields)| {
                ragged_row(&self.file, self.sheet.as_deref(), row, fields, header)
            })
            .collect()
    }

    /// Location of a header cell.
    pub fn header_loc(&self, col: usize) -> Location {
        self.loc(self.header_row + 1, col)
    }

    /// Call `f(row, cells)` for every non-empty data row; `row` is the 1-based file row.
    pub fn for_each_row(&self, mut f: impl FnMut(usize, Row<'_>)) -> Result<(), IngestError> {
        match &self.body {
            Body::Grid(rows) => {
                for (i, cells) in rows.iter().enumerate().skip(self.header_row + 1) {
                    let row = Row::Grid(cells);
                    if !row.is_blank() {
                        f(i + 1, row);
                    }
                }
                Ok(())
            }
            Body::Text { text, delimiter } => {
                let header = self.headers.len();
                text_file::for_each_record(&self.file, text, *delimiter, |i, rec| {
                    let row = Row::Csv(rec);
                    if i > self.header_row && !row.is_blank() {
                        if is_ragged(rec.len(), header, |c| row.get(c).is_blank()) {
                            if let Ok(mut r) = self.ragged.lock() {
                                r.insert(i + 1, rec.len());
                            }
                        } else {
                            f(i + 1, row);
                        }
                    }
                })
            }
        }
    }

    /// The non-empty data rows as (1-based file row, cells), each cell as [`Row::get`] reads it
    /// (whitespace-only text is blank); a workbook's rows are moved out, not copied.
    pub fn take_data_rows(&mut self) -> Result<Vec<(usize, Vec<RawValue>)>, IngestError> {
        let grid = match std::mem::replace(&mut self.body, Body::Grid(Vec::new())) {
            Body::Grid(rows) => rows,
            text @ Body::Text { .. } => {
                self.body = text;
                let mut rows = Vec::new();
                self.for_each_row(|n, row| {
                    rows.push((n, (0..row.len()).map(|c| row.get(c).to_raw()).collect()))
                })?;
                return Ok(rows);
            }
        };
        Ok(grid
            .into_iter()
            .enumerate()
            .skip(self.header_row + 1)
            .filter(|(_, cells)| !Row::Grid(cells.as_slice()).is_blank())
            .map(|(i, cells)| {
                let cells = cells
                    .into_iter()
                    .map(|c| {
                        if CellRef::from(&c).is_blank() {
                            RawValue::Blank
                        } else {
                            c
                        }
                    })
                    .collect();
                (i + 1, cells)
            })
            .collect())
    }

    /// The header row and the `n - 1` rows below it, as text (data rows when the file has one
    /// header row). Presets with several header rows and detection read them.
    pub fn head_rows(&self, n: usize) -> Result<Vec<Vec<String>>, IngestError> {
        let mut out = vec![self.headers.clone()];
        match &self.body {
            Body::Grid(rows) => {
                for cells in rows
                    .iter()
                    .skip(self.header_row + 1)
                    .take(n.saturating_sub(1))
                {
                    out.push(cells.iter().map(|c| CellRef::from(c).display()).collect());
                }
            }
            Body::Text { text, delimiter } => {
                let mut reader = text_file::reader(text, *delimiter);
                let mut rec = csv::StringRecord::new();
                let mut i = 0;
                while out.len() < n {
                    match reader.read_record(&mut rec) {
                        Ok(true) if i > self.header_row => {
                            out.push(rec.iter().map(str::to_string).collect())
                        }
                        Ok(true) => {}
                        Ok(false) | Err(_) => break,
                    }
                    i += 1;
                }
            }
        }
        Ok(out)
    }

    /// Treat the `n` rows from the header row as headers: data starts below them. `headers`
    /// becomes the given names (one per column).
    pub fn use_header_rows(&mut self, n: usize, headers: Vec<String>) {
        self.header_row += n.saturating_sub(1);
        self.headers = headers;
    }

    /// Index of the first column whose header has the given match key.
    pub fn find_col(&self, key: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| crate::text::match_key(h) == key)
    }

    /// The first few headers, for messages about files that are not what was expected.
    pub fn header_sample(&self) -> String {
        let shown: Vec<String> = self
            .headers
            .iter()
            .take(8)
            .map(|h| format!("{h:?}"))
            .collect();
        let more = self.headers.len().saturating_sub(shown.len());
        if more > 0 {
            format!("{} and {more} more", shown.join(", "))
        } else if shown.is_empty() {
            "no headers".into()
        } else {
            shown.join(", ")
        }
    }
}

/// A Format error for `file`.
pub(super) fn format_error(file: &str, message: impl Into<String>, hint: &str) -> IngestError {
    IngestError::Format {
        file: file.to_string(),
        message: message.into(),
        hint: Some(hint.to_string()),
    }
}

/// What the bytes of a file are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
    /// Parquet or Arrow IPC (`ingest/parquet.rs`).
    Columnar(super::parquet::Columnar),
}

/// Read a table from `path`: CSV/TSV (any extension), a workbook (`sheet`, else the first), or
/// a Parquet / Arrow IPC file.
pub(super) fn open(path: &Path, sheet: Option<&str>) -> Result<Table, IngestError> {
    open_with(path, sheet, None, None)
}

/// The table of a source's file: its sheet, and for text files its `encoding` and
/// `delimiter` when it sets them.
pub(super) fn open_source(
    path: &Path,
    src: &crate::definition::Source,
) -> Result<Table, IngestError> {
    let o = &src.overrides;
    open_with(
        path,
        src.sheet.as_deref(),
        o.encoding.as_deref(),
        o.delimiter,
    )
}

/// As `open`, with a forced text encoding (an `encoding_rs` label) and delimiter for CSV
/// files.
fn open_with(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<&str>,
    delimiter: Option<u8>,
) -> Result<Table, IngestError> {
    let file = path.display().to_string();
    let bytes = crate::stdin::read(path).map_err(|source| IngestError::Io {
        file: file.clone(),
        source,
    })?;
    open_bytes(path, bytes, sheet, encoding, delimiter)
}

/// [`open_with`] of a file's bytes already read; `path` names it (and its extension counts
/// where the bytes are ambiguous).
pub(super) fn open_bytes(
    path: &Path,
    bytes: Vec<u8>,
    sheet: Option<&str>,
    encoding: Option<&str>,
    delimiter: Option<u8>,
) -> Result<Table, IngestError> {
    let file = path.display().to_string();
    if super::sav::is_sav(path, &bytes) {
        return super::sav::read_table(file, &bytes);
    }
    match sniff(&file, path, &bytes)? {
        Kind::Text => match encoding.and_then(|e| encoding_rs::Encoding::for_label(e.as_bytes())) {
            Some(enc) => text_file::read_as(file, bytes, enc, delimiter),
            None => text_file::read(file, bytes, delimiter),
        },
        Kind::Columnar(c) => super::parquet::read_table(file, bytes, c),
        kind => excel::read(file, bytes, kind, sheet),
    }
}

/// Every sheet of a workbook (Kobo repeat groups live on their own sheets); a text file is
/// one table.
pub(super) fn open_all(path: &Path) -> Result<Vec<Table>, IngestError> {
    let file = path.display().to_string();
    let bytes = crate::stdin::read(path).map_err(|source| IngestError::Io {
        file: file.clone(),
        source,
    })?;
    match sniff(&file, path, &bytes)? {
        Kind::Text => Ok(vec![text_file::read(file, bytes, None)?]),
        Kind::Columnar(c) => Ok(vec![super::parquet::read_table(file, bytes, c)?]),
        kind => excel::read_all(file, bytes, kind),
    }
}

const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Decide the kind from the extension and the first bytes. The bytes win where they are
/// unambiguous (an xlsx renamed .csv is still read), and files that are no table at all get a
/// message that says what they are.
pub(super) fn sniff(file: &str, path: &Path, bytes: &[u8]) -> Result<Kind, IngestError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if bytes.starts_with(ZIP) {
        let head = bytes.get(..120).unwrap_or(bytes);
        let is_ods = head.windows(24).any(|w| w == b"opendocument.spreadsheet");
        return Ok(match ext.as_str() {
            _ if is_ods => Kind::Ods,
            "xlsb" => Kind::Xlsb,
            _ => Kind::Xlsx,
        });
    }
    if bytes.starts_with(OLE) {
        return Ok(Kind::Xls);
    }
    if let Some(columnar) = super::parquet::sniff(bytes) {
        return Ok(Kind::Columnar(columnar));
    }
    if let Some(what) = known_binary(bytes) {
        return Err(format_error(
            file,
            format!("this is {what}, not a table"),
            "give the survey export itself: a .xlsx/.xls workbook or a .csv file",
        ));
    }
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "xls" | "ods") {
        return Err(not_a_workbook(file, &ext, bytes));
    }
    if super::parquet::has_columnar_extension(path) {
        return Err(super::parquet::not_columnar(file, bytes));
    }
    Ok(Kind::Text)
}

/// Magic numbers of common non-table files that end up in data folders.
fn known_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 8] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"7z\xBC\xAF", "a 7z archive"),
        (b"Rar!", "a RAR archive"),
        (b"$FL2", "an SPSS .sav file"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, what)| *what)
}

fn not_a_workbook(file: &str, ext: &str, bytes: &[u8]) -> IngestError {
    let head = String::from_utf8_lossy(bytes.get(..512).unwrap_or(bytes)).to_lowercase();
    let hint = if bytes.is_empty() {
        "the file is empty: download the export again"
    } else if head.trim_start().starts_with('<') {
        "it is an HTML/XML page saved with a spreadsheet extension: open it in Excel and save it as .xlsx, or export CSV"
    } else if std::str::from_utf8(bytes).is_ok() {
        "it looks like a text (CSV) file: rename it to .csv"
    } else {
        "the file is damaged or not a spreadsheet: download the export again, or save it from Excel as .xlsx or CSV"
    };
    format_error(
        file,
        format!(".{ext} file is not a spreadsheet workbook (no zip or OLE signature)"),
        hint,
    )
}
