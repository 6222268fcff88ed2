//! Renderers of a [`Comparison`] (`qbpc-index compare`): terminal table, CSV (wide: one row
//! per platform and target; long: one row per platform, target and wave), JSON, XLSX and
//! Markdown, and a self-contained HTML trend page ([`html`]). The rows and grids are built
//! once ([`rows`]) and written by each format.

mod html;
mod rows;
mod text;
mod xlsx;

pub use rows::{change_text, movement_word, platform_label};

use super::guard::{guard_numeric, guard_text};
use super::labels::Lang;
use super::{Format, OutputError};
use crate::compare::Comparison;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The formats of `compare`: every result format, and the HTML trend page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareFormat {
    Plain(Format),
    /// A self-contained HTML page: a line chart per platform, a slope chart of the index,
    /// the comparison tables, the warnings and the methods.
    Html,
}

impl CompareFormat {
    /// Whether the format is binary (never written to a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, CompareFormat::Plain(f) if f.is_binary())
    }

    /// The format implied by an output file's extension (case-insensitive); None when unknown.
    pub fn from_extension(path: &Path) -> Option<CompareFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        if matches!(ext.as_str(), "html" | "htm") {
            return Some(CompareFormat::Html);
        }
        Format::from_extension(path).map(CompareFormat::Plain)
    }
}

impl From<Format> for CompareFormat {
    fn from(format: Format) -> Self {
        CompareFormat::Plain(format)
    }
}

impl fmt::Display for CompareFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareFormat::Plain(format) => format.fmt(f),
            CompareFormat::Html => f.write_str("html"),
        }
    }
}

/// A format name of `compare` that is neither a result format nor `html`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown format {0:?} (expected one of: {names}, html)",
    names = Format::ALL.map(Format::name).join(", ")
)]
pub struct UnknownCompareFormat(pub String);

impl FromStr for CompareFormat {
    type Err = UnknownCompareFormat;

    /// Parses a command-line name, case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().eq_ignore_ascii_case("html") {
            return Ok(CompareFormat::Html);
        }
        s.parse()
            .map(CompareFormat::Plain)
            .map_err(|_| UnknownCompareFormat(s.to_string()))
    }
}

/// Settings of the compare outputs; each format reads the ones it knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareOptions {
    /// Table, Markdown and HTML: language of headings, labels and movement words (the
    /// warnings and methods stay the comparison's own English sentences). Default: English.
    pub lang: Lang,
    /// CSV: the long form (one row per platform x target x wave) instead of the wide one.
    pub long: bool,
    /// CSV: start with a UTF-8 byte order mark.
    pub bom: bool,
    /// Table: wrap to this many columns (default: never).
    pub width: Option<u16>,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            lang: Lang::En,
            long: false,
            bom: false,
            width: None,
        }
    }
}

/// The bytes of a comparison in one format.
pub fn render_comparison(
    format: impl Into<CompareFormat>,
    comparison: &Comparison,
    options: &CompareOptions,
) -> Result<Vec<u8>, OutputError> {
    let format = match format.into() {
        CompareFormat::Html => return Ok(html::page(comparison, options.lang)?.into_bytes()),
        CompareFormat::Plain(format) => format,
    };
    match format {
        Format::Json => {
            let mut bytes = serde_json::to_vec_pretty(comparison)?;
            bytes.push(b'\n');
            Ok(bytes)
        }
        Format::Csv => {
            let (header, body) = if options.long {
                rows::long(comparison)
            } else {
                rows::wide(comparison)
            };
            csv(&header, &body, options.bom, comparison.decimals)
        }
        Format::Table => Ok(text::table(comparison, options.width, options.lang).into_bytes()),
        Format::Markdown => Ok(text::markdown(comparison, options.lang).into_bytes()),
        Format::Xlsx => xlsx::workbook(comparison),
        Format::Parquet => {
            let (header, body) = if options.long {
                rows::long(comparison)
            } else {
                rows::wide(comparison)
            };
            parquet(header, &body, comparison.decimals)
        }
    }
}

/// The CSV's table as typed Parquet columns: scores at the published precision as float64,
/// counts and ranks as int64, text as strings (empty text is null).
fn parquet(
    header: Vec<String>,
    body: &[Vec<rows::Cell>],
    decimals: u32,
) -> Result<Vec<u8>, OutputError> {
    use super::parquet::Column;
    let columns = header
        .into_iter()
        .enumerate()
        .map(|(c, name)| {
            let cells = body.iter().map(move |row| row.get(c));
            // A column holding scores (or whole numbers) in any row is of that type; its
            // other cells (empty text) are null.
            let typed = body.iter().find_map(|row| match row.get(c) {
                Some(cell @ (rows::Cell::Score(_) | rows::Cell::Int(_))) => Some(cell),
                _ => None,
            });
            let column = match typed {
                Some(rows::Cell::Int(_)) => Column::Int(
                    cells
                        .map(|cell| match cell {
                            Some(rows::Cell::Int(n)) => *n,
                            _ => None,
                        })
                        .collect(),
                ),
                Some(_) => Column::Float(
                    cells
                        .map(|cell| match cell {
                            Some(rows::Cell::Score(Some(x))) => {
                                crate::rank::display(*x, decimals).parse().ok()
                            }
                            _ => None,
                        })
                        .collect(),
                ),
                None => Column::Text(
                    cells
                        .map(|cell| {
                            let text = cell.map(|c| c.plain(decimals)).unwrap_or_default();
                            (!text.is_empty()).then_some(text)
                        })
                        .collect(),
                ),
            };
            (name, column)
        })
        .collect();
    super::parquet::table(columns, Vec::new())
}

fn csv(
    header: &[String],
    body: &[Vec<rows::Cell>],
    bom: bool,
    decimals: u32,
) -> Result<Vec<u8>, OutputError> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = ::csv::Writer::from_writer(&mut out);
    w.write_record(header.iter().map(|h| guard_text(h).into_owned()))?;
    for row in body {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                rows::Cell::Text(t) => guard_text(t).into_owned(),
                other => guard_numeric(&other.plain(decimals)).into_owned(),
            })
            .collect();
        w.write_record(&cells)?;
    }
    w.flush()?;
    drop(w);
    Ok(out)
}

#[cfg(test)]
mod tests;
