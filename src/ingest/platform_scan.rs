//! A platform-level data file read for the platform-only scoring path ([`PlatformColumns`]):
//! the same rows, cells and findings as [`super::read_platform_file`], but the cells as one
//! number each (a string only for the few that need classifying as text), locations made only
//! for findings, and a CSV body parsed on every core. COINr-sized data (10,000 units x 60
//! indicators, 12 MB) reads in milliseconds instead of building 600,000 located values.

use super::diag::Diags;
use super::platform_file::{
    duplicate_row, item_columns, machine_number, plain_number, platform_col, reads_plain_numbers,
    unknown_platform,
};
use super::table::{self, Body, CellRef, Table};
use super::text_stream::{self, Parsed, Parser, Record, Stop};
use super::{IngestError, RawValue};
use crate::definition::{ItemIx, Model, Numeric, PlatformIx};
use crate::diagnostics::{Diagnostic, Location};
use crate::text::trim;
use std::io::{Seek, SeekFrom};

/// A platform-level file: per platform row (file order), one cell per item read.
#[derive(Debug, Default)]
pub struct PlatformColumns {
    pub source: usize,
    pub file: String,
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    /// The items read: (0-based column, item), as the general reader finds them.
    pub items: Vec<(usize, ItemIx)>,
    /// The platform rows kept, in file order: (platform, 1-based file row).
    pub rows: Vec<(PlatformIx, u32)>,
    /// `numbers[r * items.len() + k]`: item k's cell in kept row r when it is a plain number
    /// its scale accepts; NaN when the cell is in `others`.
    numbers: Vec<f64>,
    /// The other cells (blanks, N/A, text, numbers written otherwise), by position in
    /// `numbers`, in order.
    others: Vec<(u32, RawValue)>,
    pub diagnostics: Vec<Diagnostic>,
}

impl PlatformColumns {
    /// Call `f(platform, item, cell, row, column)` for every cell of the kept rows, in file
    /// order.
    pub fn for_each_cell(&self, mut f: impl FnMut(PlatformIx, ItemIx, CellValue<'_>, u32, usize)) {
        let width = self.items.len();
        let mut others = self.others.iter().peekable();
        for (r, &(p, row)) in self.rows.iter().enumerate() {
            let Some(numbers) = self.numbers.get(r * width..(r + 1) * width) else {
                break;
            };
            for (k, (&x, &(col, item))) in numbers.iter().zip(&self.items).enumerate() {
                let cell = if x.is_nan() {
                    match others.next_if(|(at, _)| *at as usize == r * width + k) {
                        Some((_, raw)) => CellValue::Raw(raw),
                        None => CellValue::Raw(&RawValue::Blank),
                    }
                } else {
                    CellValue::Number(x)
                };
                f(p, item, cell, row, col);
            }
        }
    }

    /// Where a cell was read: file, sheet, cell reference and column header.
    pub fn location(&self, row: u32, col: usize) -> Location {
        Location::cell(
            &self.file,
            self.sheet.as_deref(),
            row as usize,
            col,
            self.headers.get(col).map(String::as_str),
        )
    }
}

/// A cell of [`PlatformColumns`].
#[derive(Debug, Clone, Copy)]
pub enum CellValue<'a> {
    /// A plain number the item's scale accepts (classified as `RawValue::Number`).
    Number(f64),
    Raw(&'a RawValue),
}

/// Read a platform-level file for the platform-only path.
pub fn read(
    model: &Model,
    source: usize,
    path: &std::path::Path,
) -> Result<PlatformColumns, IngestError> {
    let src = super::source_at(model, source, &path.display().to_string())?;
    // A UTF-8 CSV is streamed after its head (unless the source fixes how its text is read).
    let o = &src.overrides;
    // Standard input is read whole by the general reader (a pipe cannot be reopened).
    let streamable = o.encoding.is_none() && o.delimiter.is_none() && !crate::stdin::is_dash(path);
    if streamable && let (Some(head), file, _) = super::text_head::open(path)? {
        let streamed =
            columns(
                model,
                source,
                head.table,
                Rows::Records,
                |reader, table| match &table.body {
                    Body::Text { delimiter, .. } => {
                        scan_file(reader, table, file, head.body_start, *delimiter)
                    }
                    Body::Grid(_) => Ok(None),
                },
            )?;
        if let Some(columns) = streamed {
            return Ok(columns);
        }
    }
    // Workbooks, other encodings, a header beyond the head, bytes after the head that are not
    // UTF-8 (a GB18030 export): the table read whole, as the general reader reads it.
    let table = table::open_source(path, src)?;
    let read = columns(model, source, table, Rows::FileRows, |reader, table| {
        let mut out = ChunkOut::default();
        table.for_each_row(|row_no, row| {
            reader.row(&mut out, row_no as u32, |c| row.get(c));
        })?;
        Ok(Some(vec![out]))
    })?;
    read.ok_or_else(|| {
        table::format_error(
            &path.display().to_string(),
            "the table cannot be read",
            "this is a bug of qbpc-index: please report it with the file",
        )
    })
}

/// The columns of a table whose rows `rows` reads (None: it cannot, read it another way).
fn columns(
    model: &Model,
    source: usize,
    table: Table,
    numbered: Rows,
    rows: impl FnOnce(&RowReader, &Table) -> Result<Option<Vec<ChunkOut>>, IngestError>,
) -> Result<Option<PlatformColumns>, IngestError> {
    let src = super::source_at(model, source, &table.file)?;
    let mut diags = Diags::default();
    let plat_col = platform_col(&table, src.platform.as_deref())?;
    let items = item_columns(model, source, &table, &mut diags);
    let reader = RowReader {
        model,
        plat_col,
        numbers: items
            .iter()
            .map(|&(col, item)| (col, reads_plain_numbers(model, item)))
            .collect(),
        header: table.headers.len(),
    };
    let Some(chunks) = rows(&reader, &table)? else {
        return Ok(None);
    };
    let mut merged = PlatformColumns {
        source,
        items,
        ..PlatformColumns::default()
    };
    merge(
        &table,
        model,
        plat_col,
        chunks,
        numbered,
        &mut merged,
        &mut diags,
    );
    for d in table.ragged_findings() {
        diags.push(d);
    }
    merged.diagnostics = diags.finish(&table.file);
    merged.file = table.file;
    merged.sheet = table.sheet;
    merged.headers = table.headers;
    Ok(Some(merged))
}

/// What one chunk of rows gives (rows numbered from the chunk's first record for text, by
/// file row for grids).
#[derive(Debug, Default)]
struct ChunkOut {
    /// Records parsed (text chunks), to number the next chunk's rows.
    records: usize,
    /// (row in the chunk or file, platform, label as read). Rows with a platform have their
    /// cells in `numbers`, one per item, in row order.
    rows: Vec<(u32, Option<PlatformIx>, Box<str>)>,
    numbers: Vec<f64>,
    /// Cells that are not plain numbers, by position in `numbers`.
    others: Vec<(u32, RawValue)>,
    /// Records whose field count differs from the header's (record in the chunk, fields):
    /// not read, reported as the general reader reports them.
    ragged: Vec<(u32, usize)>,
}

/// The per-row reading both bodies share.
struct RowReader<'a> {
    model: &'a Model,
    plat_col: usize,
    /// Per item read: its column and, when plain numbers may stay numbers, its scale.
    numbers: Vec<(usize, Option<&'a Numeric>)>,
    /// Fields of the header row.
    header: usize,
}

impl RowReader<'_> {
    /// One non-blank row: its platform and cells, as the general reader reads them.
    fn row<'c>(&self, out: &mut ChunkOut, at: u32, cell: impl Fn(usize) -> CellRef<'c>) {
        let label = cell(self.plat_col).display();
        let label = trim(&label);
        let platform = self.model.platform_by_label(label);
        out.rows.push((at, platform, label.into()));
        if platform.is_none() {
            return;
        }
        for &(col, numeric) in &self.numbers {
            let c = cell(col);
            match plain_number(c, numeric) {
                Some(x) => out.numbers.push(x),
                None => {
                    out.others
                        .push((out.numbers.len() as u32, machine_number(c.to_raw())));
                    out.numbers.push(f64::NAN);
                }
            }
        }
    }
}

/// The body of a CSV file (from byte `start`) streamed in record-aligned chunks, parsed on
/// every core; None when a chunk is not UTF-8.
fn scan_file(
    reader: &RowReader,
    table: &Table,
    mut file: std::fs::File,
    start: u64,
    delimiter: u8,
) -> Result<Option<Vec<ChunkOut>>, IngestError> {
    let io = |source| IngestError::Io {
        file: table.file.clone(),
        source,
    };
    let len = file.metadata().map_err(io)?.len().saturating_sub(start) as usize;
    let threads = if len < 1 << 20 {
        1
    } else {
        crate::parallel::cores()
    };
    // A few chunks per thread, so that the threads finish together.
    let chunk = (len / (threads * 4)).clamp(256 << 10, text_stream::CHUNK);
    for sequential in [false, true] {
        file.seek(SeekFrom::Start(start)).map_err(io)?;
        let mut chunks = Vec::new();
        let parsers = (0..threads).map(|_| Parser::new(delimiter)).collect();
        let scanned = text_stream::scan(
            &mut file,
            chunk,
            parsers,
            sequential,
            |parser, text, at_eof| chunk_rows(reader, parser, text, at_eof),
            |out| chunks.push(out),
        );
        match scanned {
            Ok(_) => return Ok(Some(chunks)),
            Err(Stop::Misaligned) => continue,
            Err(Stop::Io(e)) => return Err(io(e)),
            Err(Stop::NotUtf8) => return Ok(None),
        }
    }
    // The sequential scan never misaligns; reading the file whole decides.
    Ok(None)
}

fn chunk_rows(
    reader: &RowReader,
    parser: &mut Parser,
    text: &str,
    at_eof: bool,
) -> (ChunkOut, Parsed) {
    let mut out = ChunkOut::default();
    let parsed = parser.parse(text, at_eof, |rec: &Record| {
        let at = out.records as u32;
        out.records += 1;
        let cell = |c: usize| match rec.get(c) {
            None | Some("") => CellRef::Blank,
            Some(s) => CellRef::Text(s),
        };
        if !(0..rec.len()).all(|c| cell(c).is_blank()) {
            if table::is_ragged(rec.len(), reader.header, |c| cell(c).is_blank()) {
                out.ragged.push((at, rec.len()));
            } else {
                reader.row(&mut out, at, cell);
            }
        }
    });
    (out, parsed)
}

/// How the rows of chunks are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rows {
    /// By record in the chunk (text streamed after the header).
    Records,
    /// By 1-based file row (tables read whole).
    FileRows,
}

/// Chunks in file order into the kept rows: row numbers, unknown platforms and repeated
/// platforms found as the general reader finds them.
fn merge(
    table: &Table,
    model: &Model,
    plat_col: usize,
    chunks: Vec<ChunkOut>,
    numbered: Rows,
    into: &mut PlatformColumns,
    diags: &mut Diags,
) {
    let width = into.items.len();
    let mut first_record = table.header_row + 1;
    let mut seen: Vec<u32> = vec![0; model.platforms.len()];
    for chunk in chunks {
        let mut others = chunk.others.into_iter().peekable();
        let mut cells = 0..0;
        for (at, platform, label) in chunk.rows {
            let row_no = match numbered {
                Rows::Records => first_record + at as usize + 1,
                Rows::FileRows => at as usize,
            };
            let Some(platform) = platform else {
                diags.push(unknown_platform(table, row_no, plat_col, &label));
                continue;
            };
            cells = cells.end..cells.end + width;
            let base = (into.rows.len() * width) as u32;
            let mut mine = Vec::new();
            while let Some((_, raw)) = others.next_if(|(at, _)| cells.contains(&(*at as usize))) {
                mine.push(raw);
            }
            // `seen` has a slot per platform of the Model that named this one.
            let Some(first) = seen.get_mut(platform) else {
                continue;
            };
            if *first != 0 {
                let first = *first as usize;
                diags.push(duplicate_row(table, row_no, plat_col, &label, first));
                continue;
            }
            *first = row_no as u32;
            into.rows.push((platform, row_no as u32));
            let numbers = chunk.numbers.get(cells.clone()).unwrap_or_default();
            into.numbers.extend_from_slice(numbers);
            let at = numbers
                .iter()
                .enumerate()
                .filter(|(_, x)| x.is_nan())
                .map(|(k, _)| base + k as u32);
            into.others.extend(at.zip(mine));
        }
        if let Ok(mut ragged) = table.ragged.lock() {
            ragged.extend(
                chunk
                    .ragged
                    .iter()
                    .map(|&(at, fields)| (first_record + at as usize + 1, fields)),
            );
        }
        first_record += chunk.records;
    }
}
