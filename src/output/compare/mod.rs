//! Renderers of a [`Comparison`] (`qbpc-index compare`): terminal table, CSV (wide: one row
//! per platform and target; long: one row per platform, target and wave), JSON, XLSX and
//! Markdown. The rows and grids are built once ([`rows`]) and written by each format.

mod rows;
mod text;
mod xlsx;

use super::guard::{guard_numeric, guard_text};
use super::{Format, OutputError};
use crate::compare::Comparison;

/// Settings of the compare outputs; each format reads the ones it knows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CompareOptions {
    /// CSV: the long form (one row per platform x target x wave) instead of the wide one.
    pub long: bool,
    /// CSV: start with a UTF-8 byte order mark.
    pub bom: bool,
    /// Table: wrap to this many columns (default: never).
    pub width: Option<u16>,
}

/// The bytes of a comparison in one format.
pub fn render_comparison(
    format: Format,
    comparison: &Comparison,
    options: &CompareOptions,
) -> Result<Vec<u8>, OutputError> {
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
        Format::Table => Ok(text::table(comparison, options.width).into_bytes()),
        Format::Markdown => Ok(text::markdown(comparison).into_bytes()),
        Format::Xlsx => xlsx::workbook(comparison),
    }
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
