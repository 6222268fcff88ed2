//! A fast, narrow reader of `.xlsx` cell values that gives exactly what calamine 0.38's
//! `Xlsx::worksheet_range` and `merge_cells_by_sheet_name` give, cell for cell.
//!
//! Why it exists: calamine walks the sheet through a general XML parser and allocates a
//! `String` per text cell; on a 100,000 x 30 export that is most of the reading time. This
//! module inflates the sheet on one thread and scans it on another with a hand-written
//! tokenizer for the few elements a sheet's cell data uses, borrowing text from the
//! shared-string arena or the XML block instead of allocating.
//!
//! Why it can be trusted: every rule here is a port of calamine's own (see the doc comment of
//! each file for the function it mirrors), and the oracle tests (`tests/lib/xlsx_oracle.rs`)
//! compare it with calamine cell by cell. Where calamine's behaviour on an input is exotic (a
//! DOCTYPE, a UTF-16 part, a repeated `<c>` attribute, `<mergeCells>` before the data) the
//! reader returns [`XlsxError`] instead of guessing: an `Err` is always safe, a wrong `Ok`
//! never is.
//!
//! Every `.xlsx` the tool reads goes through this module and never through calamine's xlsx
//! reader, which trusts the file: it overflows on a reference such as `A99999999999` (a panic
//! in debug builds, a silent wrap in release), allocates the whole bounding box of the cells
//! (8 GB for one stray cell at `XFD1048576`) and reserves `<sst uniqueCount>` strings before
//! reading one. Here every read is bounded by the caps of [`Limits`]: the
//! decompressed size and compression ratio of each zip part, the XML depth, and per sheet the
//! cells, rows, columns and the length of a cell's text; a file past one is an error naming
//! the cap ([`XlsxError::limit`]). A DOCTYPE (where entity expansion would live) is refused.
//!
//! Usage:
//! ```text
//! let book = Workbook::open(&bytes)?;
//! let name = book.sheet_names()[0].clone();
//! let extras = book.read_sheet(&name, |row, col, cell| { /* store it */ })?;
//! ```

// As in qbpc-index (issue 11): a panic is never an answer to bad input. Library code outside
// tests may not unwrap or expect, and code that reads file bytes never indexes or slices with
// `[]` (it uses `get`, iterators and pattern matching).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![deny(clippy::indexing_slicing)]

mod cells;
mod escape;
mod fast_path;
pub mod limits;
mod numbers;
mod refs;
mod shared_strings;
mod sheet_xml;
mod stream;
mod styles;
mod workbook;
mod xml;
mod zip_parts;

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests;

pub use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};
pub use limits::Limits;
pub use refs::column_letters;
pub use workbook::Workbook;

use std::fmt;

/// One non-empty cell value, borrowed for the duration of the visit callback.
///
/// The variants map one to one onto the `calamine::Data` values that `worksheet_range`
/// produces for xlsx (it never produces `Int` or `DurationIso` there):
/// `Number` = `Data::Float`, `Text` = `Data::String` (also shared strings), `Bool`,
/// `Error`, `DateTime` and `DateTimeIso`. `Text("")` is reported, as calamine keeps empty
/// strings as cells (they count towards the used range even though they read as blank).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// A number (`t="n"` or no type), not date-formatted.
    Number(f64),
    /// Text: a shared string, an inline string, a formula's cached string, or a `<v>` that is
    /// not a number in a cell without a type (calamine keeps those as text too).
    Text(&'a str),
    /// `t="b"`.
    Bool(bool),
    /// `t="e"`: one of the seven error values calamine recognises (others are an `Err`).
    Error(CellErrorType),
    /// A number whose cell format is a date, time or duration (`[h]:mm:ss`); carries the
    /// workbook's 1904 flag, exactly as calamine builds it.
    DateTime(ExcelDateTime),
    /// `t="d"`: an ISO 8601 date kept as text.
    DateTimeIso(&'a str),
}

/// What a sheet has besides its cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SheetExtras {
    /// The `<mergeCells>` regions, `(start, end)` inclusive, 0-based `(row, col)`, in file
    /// order: what `merge_cells_by_sheet_name` returns (a reversed `ref` such as `B2:A1` is
    /// kept as written, as calamine keeps it).
    pub merged: Vec<((u32, u32), (u32, u32))>,
}

/// Why a workbook or sheet cannot be read by this module: the file is broken, or uses what
/// this reader does not support (see [`XlsxError::limit`] for a file refused by a cap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxError {
    msg: String,
    limit: Option<&'static str>,
}

impl XlsxError {
    pub(crate) fn new(msg: impl Into<String>) -> Self {
        XlsxError {
            msg: msg.into(),
            limit: None,
        }
    }

    /// A refusal by the cap `key` of [`Limits`].
    pub fn over(key: &'static str, msg: impl Into<String>) -> Self {
        XlsxError {
            msg: msg.into(),
            limit: Some(key),
        }
    }

    /// The key of the cap the file went past, when that is why it is refused.
    pub fn limit(&self) -> Option<&'static str> {
        self.limit
    }

    /// The message without the `xlsx:` prefix.
    pub fn message(&self) -> &str {
        &self.msg
    }
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "xlsx: {}", self.msg)
    }
}

impl std::error::Error for XlsxError {}

/// Shorthand for the module's results.
pub(crate) type Result<T> = std::result::Result<T, XlsxError>;
