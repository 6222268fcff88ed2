//! Columnar files: Apache Parquet (`.parquet`) and Arrow IPC (`.arrow`, `.feather`, `.ipc`:
//! the file format, and the stream format `.arrows`), as DuckDB, Spark, Polars, pandas/pyarrow
//! and R's arrow write the platform-level tables they aggregate upstream. The file becomes the
//! same table as a CSV of it: row 1 holds the column names, each record is one row below
//! (so a finding's "row 5" is the file's fourth record, as in the CSV export of the table).
//!
//! Cells: null is blank; integers and floats are numbers (an integer past 2^53, which a float
//! cannot hold exactly, is kept as its digits); strings (plain, large, view, dictionary-encoded)
//! are text; booleans are `TRUE`/`FALSE` as a spreadsheet shows them; dates and timestamps are
//! date cells (`2025-03-05`, `2025-03-05 14:30:00`; a zoned timestamp is an instant, written
//! in UTC as `2025-03-05 06:30:00Z`); decimals are numbers. Nested, binary and other types are refused with the column named.
//!
//! Against hostile files, the caps of [`super::limits`] apply as to a workbook sheet: `rows`,
//! `columns`, `cells`, `cell-bytes`, and `unzipped-mb` for the decompressed size the footer
//! declares and the text read. A damaged file is a format error; a panic inside the decoders
//! is caught and reported as one too.

use super::limits::{Limits, limits, raise_hint};
use super::table::{Body, Table, format_error};
use super::{IngestError, RawValue};
use ::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowDictionaryKeyType, Date32Type, Date64Type, Decimal128Type, Float16Type, Float32Type,
    Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrowPrimitiveType, DictionaryArray, PrimitiveArray, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use std::path::Path;

/// The columnar formats, by their magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Columnar {
    Parquet,
    /// Arrow IPC file format (Feather v2): `ARROW1` at both ends.
    IpcFile,
    /// Arrow IPC stream format: messages from the first byte (continuation marker 0xFFFFFFFF).
    IpcStream,
}

const PARQUET_MAGIC: &[u8] = b"PAR1";
/// Parquet with an encrypted footer.
const PARQUET_ENCRYPTED: &[u8] = b"PARE";
const IPC_MAGIC: &[u8] = b"ARROW1";
const IPC_CONTINUATION: &[u8] = b"\xFF\xFF\xFF\xFF";
/// Feather version 1 (before Arrow IPC), which pyarrow still writes with `version=1`.
const FEATHER_V1: &[u8] = b"FEA1";

/// The extensions that promise a columnar file (lower case).
const EXTENSIONS: [&str; 6] = ["parquet", "pq", "arrow", "feather", "ipc", "arrows"];

/// What the bytes are, when they are a columnar file (the bytes decide, not the extension).
pub(super) fn sniff(bytes: &[u8]) -> Option<Columnar> {
    if bytes.starts_with(PARQUET_MAGIC) {
        Some(Columnar::Parquet)
    } else if bytes.starts_with(IPC_MAGIC) {
        Some(Columnar::IpcFile)
    } else if bytes.starts_with(IPC_CONTINUATION) && bytes.len() >= 8 {
        Some(Columnar::IpcStream)
    } else {
        None
    }
}

/// Whether the extension promises a columnar file (then bytes that are none are refused with
/// what they are, instead of being read as text).
pub(super) fn has_columnar_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// The refusal of a file whose extension says Parquet/Arrow but whose bytes do not.
pub(super) fn not_columnar(file: &str, bytes: &[u8]) -> IngestError {
    let (what, hint) = if bytes.starts_with(PARQUET_ENCRYPTED) {
        (
            "an encrypted Parquet file",
            "write the table without encryption (or decrypt it with the tool that wrote it)",
        )
    } else if bytes.starts_with(FEATHER_V1) {
        (
            "a Feather version 1 file",
            "write it again as Feather version 2 (pyarrow: feather.write_feather(t, path); R: arrow::write_feather) or as Parquet",
        )
    } else if bytes.is_empty() {
        ("empty", "the file is empty: write the table again")
    } else if std::str::from_utf8(bytes.get(..bytes.len().min(4096)).unwrap_or_default()).is_ok() {
        (
            "text, not a Parquet or Arrow file",
            "if it is a CSV file, rename it to .csv",
        )
    } else {
        (
            "neither a Parquet nor an Arrow IPC file (no PAR1 or ARROW1 signature)",
            "the file is damaged or of another format: write the table again as Parquet, Arrow IPC or CSV",
        )
    };
    format_error(file, format!("the file is {what}"), hint)
}

/// Read a columnar file into a table, under the caps in force.
pub(super) fn read_table(
    file: String,
    bytes: Vec<u8>,
    kind: Columnar,
) -> Result<Table, IngestError> {
    read_table_with(file, bytes, kind, &limits())
}

/// [`read_table`] under the given caps.
pub(super) fn read_table_with(
    file: String,
    bytes: Vec<u8>,
    kind: Columnar,
    caps: &Limits,
) -> Result<Table, IngestError> {
    // The decoders of a damaged file may panic (an offset past a buffer): a format error.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_grid(&file, bytes, kind, caps)
    }));
    let (headers, grid) = match read {
        Ok(r) => r?,
        Err(_) => {
            return Err(format_error(
                &file,
                format!("the {} file is damaged: its decoder failed", kind.name()),
                "write the table again with the tool that made it",
            ));
        }
    };
    Ok(Table {
        file,
        sheet: None,
        encoding: Some("UTF-8"),
        headers,
        header_row: 0,
        body: Body::Grid(grid),
        ragged: Default::default(),
    })
}

impl Columnar {
    fn name(self) -> &'static str {
        match self {
            Columnar::Parquet => "Parquet",
            Columnar::IpcFile | Columnar::IpcStream => "Arrow IPC",
        }
    }
}

/// The column names and the grid (row 0: the names) of the file.
fn read_grid(
    file: &str,
    bytes: Vec<u8>,
    kind: Columnar,
    caps: &Limits,
) -> Result<(Vec<String>, Vec<Vec<RawValue>>), IngestError> {
    let damaged = |e: &dyn std::fmt::Display| {
        format_error(
            file,
            format!("the {} file cannot be read: {e}", kind.name()),
            "the file is damaged or cut short: write it again with the tool that made it",
        )
    };
    let mut grid = Grid::new(file, caps);
    match kind {
        Columnar::Parquet => {
            let builder = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
                .map_err(|e| damaged(&e))?;
            let meta = builder.metadata();
            let rows = u64::try_from(meta.file_metadata().num_rows()).unwrap_or(u64::MAX);
            let inflated: u64 = meta
                .row_groups()
                .iter()
                .map(|g| u64::try_from(g.total_byte_size()).unwrap_or(u64::MAX))
                .fold(0, u64::saturating_add);
            grid.check_declared(rows, inflated)?;
            grid.start(builder.schema())?;
            let reader = builder
                .with_batch_size(8192)
                .build()
                .map_err(|e| damaged(&e))?;
            for batch in reader {
                grid.push(&batch.map_err(|e| damaged(&e))?)?;
            }
        }
        Columnar::IpcFile => {
            let reader = arrow_ipc::reader::FileReader::try_new(std::io::Cursor::new(bytes), None)
                .map_err(|e| damaged(&e))?;
            grid.start(&reader.schema())?;
            for batch in reader {
                grid.push(&batch.map_err(|e| damaged(&e))?)?;
            }
        }
        Columnar::IpcStream => {
            let reader =
                arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None)
                    .map_err(|e| damaged(&e))?;
            grid.start(&reader.schema())?;
            for batch in reader {
                grid.push(&batch.map_err(|e| damaged(&e))?)?;
            }
        }
    }
    Ok((grid.headers, grid.rows))
}

/// The grid being filled, batch by batch, with the caps counted as it grows.
struct Grid<'a> {
    file: &'a str,
    caps: &'a Limits,
    headers: Vec<String>,
    rows: Vec<Vec<RawValue>>,
    cells: u64,
    text_bytes: u64,
}

impl<'a> Grid<'a> {
    fn new(file: &'a str, caps: &'a Limits) -> Self {
        Grid {
            file,
            caps,
            headers: Vec::new(),
            rows: Vec::new(),
            cells: 0,
            text_bytes: 0,
        }
    }

    fn refuse(&self, key: &str, message: String) -> IngestError {
        format_error(self.file, message, &raise_hint(key))
    }

    /// The caps on what the footer declares, before anything is decoded.
    fn check_declared(&self, rows: u64, inflated: u64) -> Result<(), IngestError> {
        // Row 1 holds the column names, as in a sheet: the last record is row `rows + 1`.
        if rows.saturating_add(1) > self.caps.rows {
            return Err(self.refuse(
                "rows",
                format!(
                    "{rows} records (rows 2 to {}), past the cap of {} rows",
                    rows.saturating_add(1),
                    self.caps.rows
                ),
            ));
        }
        if inflated > self.caps.unzipped_bytes {
            return Err(self.refuse(
                "unzipped-mb",
                format!(
                    "{} MiB once decompressed, more than the cap of {} MiB",
                    inflated >> 20,
                    self.caps.unzipped_bytes >> 20
                ),
            ));
        }
        Ok(())
    }

    /// The header row: the column names, checked against the `columns` cap and for types
    /// that have no cell value.
    fn start(&mut self, schema: &arrow_schema::Schema) -> Result<(), IngestError> {
        let n = schema.fields().len() as u64;
        if n > self.caps.columns {
            return Err(self.refuse(
                "columns",
                format!("{n} columns, more than the cap of {}", self.caps.columns),
            ));
        }
        if n == 0 {
            return Err(format_error(
                self.file,
                "the table has no columns",
                "write the table again with its columns",
            ));
        }
        for field in schema.fields() {
            if !is_supported(field.data_type()) {
                return Err(format_error(
                    self.file,
                    format!(
                        "column {:?} is of type {}, which has no cell value here",
                        field.name(),
                        field.data_type()
                    ),
                    "give platform tables and surveys as columns of numbers, text, booleans or dates: cast or drop that column when you write the file (DuckDB: SELECT ... ; polars: .select(...))",
                ));
            }
        }
        self.headers = schema.fields().iter().map(|f| f.name().clone()).collect();
        self.rows
            .push(self.headers.iter().cloned().map(RawValue::Text).collect());
        Ok(())
    }

    /// The rows of one batch, column by column.
    fn push(&mut self, batch: &RecordBatch) -> Result<(), IngestError> {
        let height = batch.num_rows();
        let first = self.rows.len();
        // The grid holds the names in row 1: its length is the last row's number.
        if (first + height) as u64 > self.caps.rows {
            return Err(self.refuse(
                "rows",
                format!("more than {} rows (the cap)", self.caps.rows),
            ));
        }
        let width = batch.num_columns();
        self.cells = self.cells.saturating_add((height * width) as u64);
        if self.cells > self.caps.cells {
            return Err(self.refuse(
                "cells",
                format!("more than {} cells (the cap)", self.caps.cells),
            ));
        }
        self.rows
            .extend((0..height).map(|_| Vec::with_capacity(width)));
        for (c, array) in batch.columns().iter().enumerate() {
            let values = cells(array.as_ref());
            for (r, value) in values.into_iter().enumerate() {
                if let RawValue::Text(s) = &value {
                    self.check_text(first + r, c, s)?;
                }
                if let Some(row) = self.rows.get_mut(first + r) {
                    row.push(value);
                }
            }
        }
        Ok(())
    }

    /// The `cell-bytes` cap on one cell and the `unzipped-mb` cap on all the text read.
    fn check_text(&mut self, row: usize, col: usize, s: &str) -> Result<(), IngestError> {
        let len = s.len() as u64;
        if len > self.caps.cell_bytes {
            let column = self.headers.get(col).map_or("", String::as_str);
            return Err(self.refuse(
                "cell-bytes",
                format!(
                    "row {}, column {column:?}: a cell of {len} bytes, more than the cap of {}",
                    row + 1,
                    self.caps.cell_bytes
                ),
            ));
        }
        self.text_bytes = self.text_bytes.saturating_add(len);
        if self.text_bytes > self.caps.unzipped_bytes {
            return Err(self.refuse(
                "unzipped-mb",
                format!(
                    "more than {} MiB of text (the cap)",
                    self.caps.unzipped_bytes >> 20
                ),
            ));
        }
        Ok(())
    }
}

/// Whether a column of this type becomes cells ([`cells`] reads it).
fn is_supported(t: &DataType) -> bool {
    match t {
        DataType::Null
        | DataType::Boolean
        | DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Date32
        | DataType::Date64
        | DataType::Timestamp(_, _)
        | DataType::Decimal128(_, _) => true,
        DataType::Dictionary(key, values) => {
            matches!(
                key.as_ref(),
                DataType::Int8
                    | DataType::Int16
                    | DataType::Int32
                    | DataType::Int64
                    | DataType::UInt8
                    | DataType::UInt16
                    | DataType::UInt32
                    | DataType::UInt64
            ) && is_supported(values)
        }
        _ => false,
    }
}

/// The cells of one column (a type [`is_supported`] accepts; any other is blank).
fn cells(a: &dyn Array) -> Vec<RawValue> {
    match a.data_type() {
        DataType::Boolean => {
            let b = a.as_boolean();
            (0..a.len())
                .map(|i| {
                    if b.is_null(i) {
                        RawValue::Blank
                    } else {
                        RawValue::Text(if b.value(i) { "TRUE" } else { "FALSE" }.into())
                    }
                })
                .collect()
        }
        DataType::Int8 => numbers(a.as_primitive::<Int8Type>(), |x| x as f64),
        DataType::Int16 => numbers(a.as_primitive::<Int16Type>(), |x| x as f64),
        DataType::Int32 => numbers(a.as_primitive::<Int32Type>(), |x| x as f64),
        DataType::UInt8 => numbers(a.as_primitive::<UInt8Type>(), |x| x as f64),
        DataType::UInt16 => numbers(a.as_primitive::<UInt16Type>(), |x| x as f64),
        DataType::UInt32 => numbers(a.as_primitive::<UInt32Type>(), |x| x as f64),
        DataType::Int64 => map(a.as_primitive::<Int64Type>(), |x| integer(x as i128)),
        DataType::UInt64 => map(a.as_primitive::<UInt64Type>(), |x| integer(x as i128)),
        DataType::Float16 => numbers(a.as_primitive::<Float16Type>(), |x| x.to_f64()),
        DataType::Float32 => numbers(a.as_primitive::<Float32Type>(), |x| x as f64),
        DataType::Float64 => numbers(a.as_primitive::<Float64Type>(), |x| x),
        DataType::Decimal128(_, scale) => {
            let scale = i32::from(*scale);
            numbers(a.as_primitive::<Decimal128Type>(), move |x| {
                x as f64 / 10f64.powi(scale)
            })
        }
        DataType::Utf8 => texts(a.as_string::<i32>().iter()),
        DataType::LargeUtf8 => texts(a.as_string::<i64>().iter()),
        DataType::Utf8View => texts(a.as_string_view().iter()),
        DataType::Date32 => map(a.as_primitive::<Date32Type>(), |d| {
            date(i64::from(d) * 86_400)
        }),
        DataType::Date64 => map(a.as_primitive::<Date64Type>(), |ms| {
            date(ms.div_euclid(1000))
        }),
        DataType::Timestamp(unit, zone) => {
            // A zoned timestamp is an instant (stored in UTC): written with its `Z`, so that
            // the source's `timezone` (for local times) does not shift it.
            let zoned = zone.is_some();
            let at = move |secs: i64| timestamp(secs, zoned);
            match unit {
                TimeUnit::Second => map(a.as_primitive::<TimestampSecondType>(), at),
                TimeUnit::Millisecond => map(a.as_primitive::<TimestampMillisecondType>(), |x| {
                    at(x.div_euclid(1_000))
                }),
                TimeUnit::Microsecond => map(a.as_primitive::<TimestampMicrosecondType>(), |x| {
                    at(x.div_euclid(1_000_000))
                }),
                TimeUnit::Nanosecond => map(a.as_primitive::<TimestampNanosecondType>(), |x| {
                    at(x.div_euclid(1_000_000_000))
                }),
            }
        }
        DataType::Dictionary(key, _) => match key.as_ref() {
            DataType::Int8 => dictionary(a.as_dictionary::<Int8Type>()),
            DataType::Int16 => dictionary(a.as_dictionary::<Int16Type>()),
            DataType::Int32 => dictionary(a.as_dictionary::<Int32Type>()),
            DataType::Int64 => dictionary(a.as_dictionary::<Int64Type>()),
            DataType::UInt8 => dictionary(a.as_dictionary::<UInt8Type>()),
            DataType::UInt16 => dictionary(a.as_dictionary::<UInt16Type>()),
            DataType::UInt32 => dictionary(a.as_dictionary::<UInt32Type>()),
            DataType::UInt64 => dictionary(a.as_dictionary::<UInt64Type>()),
            _ => vec![RawValue::Blank; a.len()],
        },
        _ => vec![RawValue::Blank; a.len()],
    }
}

fn map<T: ArrowPrimitiveType>(
    a: &PrimitiveArray<T>,
    f: impl Fn(T::Native) -> RawValue,
) -> Vec<RawValue> {
    a.iter().map(|v| v.map_or(RawValue::Blank, &f)).collect()
}

fn numbers<T: ArrowPrimitiveType>(
    a: &PrimitiveArray<T>,
    f: impl Fn(T::Native) -> f64,
) -> Vec<RawValue> {
    map(a, |x| RawValue::Number(f(x)))
}

/// A 64-bit integer: a number when a float holds it exactly, else its digits (a long id).
fn integer(x: i128) -> RawValue {
    const EXACT: i128 = 1 << 53;
    if (-EXACT..=EXACT).contains(&x) {
        RawValue::Number(x as f64)
    } else {
        RawValue::Text(x.to_string())
    }
}

fn texts<'s>(values: impl Iterator<Item = Option<&'s str>>) -> Vec<RawValue> {
    values
        .map(|v| match v {
            None | Some("") => RawValue::Blank,
            Some(s) => RawValue::Text(s.to_string()),
        })
        .collect()
}

/// Dictionary-encoded cells: the values decoded once, then looked up by key.
fn dictionary<K: ArrowDictionaryKeyType>(d: &DictionaryArray<K>) -> Vec<RawValue> {
    let values = cells(d.values().as_ref());
    (0..d.len())
        .map(|i| {
            d.key(i)
                .and_then(|k| values.get(k))
                .cloned()
                .unwrap_or(RawValue::Blank)
        })
        .collect()
}

/// A date cell from seconds since 1970-01-01: the date alone at midnight.
fn date(secs: i64) -> RawValue {
    let (day, t) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    if t == 0 {
        let (y, m, d) = civil_from_days(day);
        RawValue::Date(format!("{y:04}-{m:02}-{d:02}"))
    } else {
        timestamp(secs, false)
    }
}

/// A date-time cell from seconds since 1970-01-01, with `Z` when it is an instant in UTC.
fn timestamp(secs: i64, utc: bool) -> RawValue {
    let (day, t) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(day);
    let (h, mi, s) = (t / 3600, t / 60 % 60, t % 60);
    let zone = if utc { "Z" } else { "" };
    RawValue::Date(format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}{zone}"))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 2024-02-29 is day 19782 (Python: date(2024,2,29) - date(1970,1,1)).
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_152), (2025, 3, 5));
        assert_eq!(
            date(20_152 * 86_400 + 14 * 3600 + 30 * 60),
            RawValue::Date("2025-03-05 14:30:00".into())
        );
        assert_eq!(date(20_152 * 86_400), RawValue::Date("2025-03-05".into()));
    }

    #[test]
    fn long_integers_keep_their_digits() {
        assert_eq!(integer(42), RawValue::Number(42.0));
        assert_eq!(
            integer(-(1 << 53)),
            RawValue::Number(-9_007_199_254_740_992.0)
        );
        assert_eq!(
            integer((1 << 53) + 1),
            RawValue::Text("9007199254740993".into())
        );
    }

    #[test]
    fn magic_bytes_decide() {
        assert_eq!(sniff(b"PAR1\x15\x04"), Some(Columnar::Parquet));
        assert_eq!(sniff(b"ARROW1\0\0"), Some(Columnar::IpcFile));
        assert_eq!(
            sniff(b"\xFF\xFF\xFF\xFF\x10\0\0\0"),
            Some(Columnar::IpcStream)
        );
        assert_eq!(sniff(b"platform,score\n"), None);
        assert!(has_columnar_extension(Path::new("x/Opinion.PARQUET")));
        assert!(has_columnar_extension(Path::new("t.feather")));
        assert!(!has_columnar_extension(Path::new("t.csv")));
    }
}
