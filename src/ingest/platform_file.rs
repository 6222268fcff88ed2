//! Platform-level data files (one row per platform, one column per item), e.g. the opinion
//! data. Values are kept as read; normalisation across platforms happens in scoring.

use super::diag::Diags;
use super::table::{self, CellRef, Table, format_error};
use super::*;
use crate::definition::{Numeric, ScaleKind};
use crate::diagnostics::{Code, column_letters};
use crate::text::match_key;
use std::collections::HashMap;

/// Platform column names tried in order when the source names none.
const PLATFORM_COLUMNS: [&str; 4] = ["platform", "平台", "platform_id", "id"];

pub(super) fn read(
    model: &Model,
    source: usize,
    path: &std::path::Path,
) -> Result<PlatformData, IngestError> {
    let file = path.display().to_string();
    let src = model.sources.get(source).ok_or_else(|| {
        format_error(
            &file,
            format!("the definition has no source #{source}"),
            "this is a bug in the caller",
        )
    })?;
    let table = table::open_source(path, src)?;
    read_table(model, source, table)
}

/// [`read`] of a table already opened.
pub(super) fn read_table(
    model: &Model,
    source: usize,
    table: Table,
) -> Result<PlatformData, IngestError> {
    let src = source_of(model, source, &table.file)?;
    let mut diags = Diags::default();
    let plat_col = platform_col(&table, src.platform.as_deref())?;
    let items = item_columns(model, source, &table, &mut diags);
    let row_items = super::derived::resolve(model, source, &table, &mut diags);
    let numbers: Vec<Option<&Numeric>> = items
        .iter()
        .map(|&(_, item)| reads_plain_numbers(model, item))
        .collect();
    let mut seen: HashMap<PlatformIx, usize> = HashMap::new();
    let mut values = Vec::new();
    table.for_each_row(|row_no, row| {
        let cell = row.get(plat_col);
        let label = crate::text::trim(&cell.display()).to_string();
        let Some(platform) = model.platform_by_label(&label) else {
            diags.push(unknown_platform(&table, row_no, plat_col, &label));
            return;
        };
        if let Some(&first) = seen.get(&platform) {
            diags.push(duplicate_row(&table, row_no, plat_col, &label, first));
            return;
        }
        seen.insert(platform, row_no);
        let from = values.len();
        values.extend(items.iter().zip(&numbers).map(|(&(col, item), &numeric)| {
            let cell = row.get(col);
            PlatformValue {
                platform,
                item,
                value: plain_number(cell, numeric)
                    .map_or_else(|| machine_number(cell.to_raw()), RawValue::Number),
                row: row_no as u32,
                col: col as u32,
            }
        }));
        for it in row_items.iter().filter(|it| !it.broken) {
            if it.is_derived() {
                values.push(PlatformValue {
                    platform,
                    item: it.item,
                    value: it.derived_raw(model, &table, row_no, &row, &mut diags),
                    row: row_no as u32,
                    col: it.col() as u32,
                });
            } else if !it.open(&row) {
                let this_row = values.get_mut(from..).unwrap_or_default();
                for v in this_row.iter_mut().filter(|v| v.item == it.item) {
                    v.value = RawValue::Skipped;
                }
            }
        }
        let broken = |item: ItemIx| row_items.iter().any(|it| it.broken && it.item == item);
        if row_items.iter().any(|it| it.broken) {
            // Drop this row's values (from `from` on) of the broken items.
            let mut k = 0;
            values.retain(|v| {
                let keep = k < from || !broken(v.item);
                k += 1;
                keep
            });
        }
    })?;
    for d in table.ragged_findings() {
        diags.push(d);
    }
    let diagnostics = diags.finish(&table.file);
    Ok(PlatformData {
        source,
        file: table.file,
        sheet: table.sheet,
        headers: table.headers,
        values,
        diagnostics,
    })
}

/// The item's numeric scale when it classifies a plain decimal text ("914.806", "-3") exactly
/// as the number it spells: none of its N/A spellings is such a text and none of its unit or
/// "about" words can occur in one. Then the reader keeps the number, not a string per cell
/// (a 10,000 x 60 data file has 600,000 of them).
#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, item.node, source, platform and node positions) are checked when the definition is compiled"
)]
pub(super) fn reads_plain_numbers(model: &Model, item: ItemIx) -> Option<&Numeric> {
    let scale = &model.scales[model.items[item].scale];
    let ScaleKind::Numeric(n) = &scale.kind else {
        return None;
    };
    let numberish = |w: &str| w.bytes().all(|b| b.is_ascii_digit() || b"+-.".contains(&b));
    (!scale.na.iter().any(|w| numberish(w)) && !n.strip.iter().any(|w| numberish(w))).then_some(n)
}

/// A text cell holding a plain decimal that the item's scale (from [`reads_plain_numbers`])
/// accepts, as the number it is; None for every other cell, which is read as it is. Values
/// the scale rejects stay text, so that the finding quotes them as written.
pub(super) fn plain_number(cell: CellRef<'_>, numeric: Option<&Numeric>) -> Option<f64> {
    let (CellRef::Text(t), Some(n)) = (cell, numeric) else {
        return None;
    };
    let x = plain_decimal(t)?;
    let inside = x.is_finite() && n.min.is_none_or(|m| x >= m) && n.max.is_none_or(|m| x <= m);
    inside.then_some(x)
}

/// `[+-]?digits(.digits)?` as the f64 it spells; None for anything else (which goes through
/// classification as text, units, full-width digits and all).
fn plain_decimal(t: &str) -> Option<f64> {
    let b = t.as_bytes();
    let body = match b {
        [b'+' | b'-', rest @ ..] => rest,
        _ => b,
    };
    // The float parser reads `[+-]? digits [. digits] [e exp]`, `inf` and `nan`: it must take
    // every byte, the text must start and end with a digit and hold no exponent. That leaves
    // exactly `[+-]? digits [. digits]`.
    let (first, last) = (body.first()?, body.last()?);
    if !first.is_ascii_digit()
        || !last.is_ascii_digit()
        || memchr::memchr2(b'e', b'E', body).is_some()
    {
        return None;
    }
    match fast_float2::parse_partial::<f64, _>(b) {
        // Both parsers round correctly, so they agree on every plain decimal.
        Ok((x, n)) if n == b.len() => Some(x),
        _ => None,
    }
}

/// Data files written by programs (R, Python, Excel) use scientific notation ("2e-06"), which
/// the survey number parser rightly rejects as a range: read it as the number it is.
pub(super) fn machine_number(raw: RawValue) -> RawValue {
    if let RawValue::Text(t) = &raw {
        let t = t.trim();
        let mantissa = t.split(['e', 'E']).next().unwrap_or("");
        if t.contains(['e', 'E'])
            && mantissa.chars().any(|c| c.is_ascii_digit())
            && let Ok(x) = t.parse::<f64>()
            && x.is_finite()
            && crate::text::scientific_out_of_range(t) != Some(true)
        {
            return RawValue::Number(x);
        }
    }
    raw
}

/// The source's platform column, else the first of the usual names.
pub(super) fn platform_col(table: &Table, named: Option<&str>) -> Result<usize, IngestError> {
    let candidates: Vec<&str> = match named {
        Some(n) => vec![n],
        None => PLATFORM_COLUMNS.to_vec(),
    };
    candidates
        .iter()
        .find_map(|c| table.find_col(&match_key(c)))
        .ok_or_else(|| {
            format_error(
                &table.file,
                format!(
                    "no platform column (looked for {}); found {}",
                    candidates.iter().map(|c| format!("{c:?}")).collect::<Vec<_>>().join(", "),
                    table.header_sample()
                ),
                "name it with `platform = \"...\"` in the source; the file needs one row per platform",
            )
        })
}

/// (column, item) for every item of the source found by its `columns` / `headers` or by the
/// source's `columns` table; a warning for each item without a column.
#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, item.node, source, platform and node positions) are checked when the definition is compiled"
)]
pub(super) fn item_columns(
    model: &Model,
    si: usize,
    table: &Table,
    diags: &mut Diags,
) -> Vec<(usize, ItemIx)> {
    let keys: Vec<String> = table.headers.iter().map(|h| match_key(h)).collect();
    let src = &model.sources[si];
    let mut out = Vec::new();
    for (ix, item) in model.items_of_source(si) {
        if item.derived.is_some() {
            continue;
        }
        let by_source = src
            .columns
            .iter()
            .filter(|(_, i)| **i == ix)
            .map(|(k, _)| k);
        let wanted: Vec<&String> = by_source.chain(&item.columns).collect();
        match keys.iter().position(|k| wanted.contains(&k)) {
            Some(col) => out.push((col, ix)),
            None => diags.push(
                Diagnostic::warning(
                    Code::MissingColumn,
                    format!("no column for item \"{}\" (looked for {wanted:?}); it has no value from this file", item.id),
                    Location::file(&table.file),
                )
                .with_hint(format!(
                    "the columns are: {}; add the header to the item's `headers`",
                    table.header_sample()
                )),
            ),
        }
    }
    out
}

pub(super) fn unknown_platform(table: &Table, row: usize, col: usize, label: &str) -> Diagnostic {
    let what = if label.is_empty() {
        "the platform cell is empty".to_string()
    } else {
        format!("{label:?} is no platform of the definition")
    };
    Diagnostic::warning(
        Code::UnknownPlatform,
        format!(
            "{what}; row {row} (column {}) is not read",
            column_letters(col)
        ),
        table.loc(row, col),
    )
    .with_hint(if label.is_empty() {
        "fill in the platform id of the row, or delete the row".to_string()
    } else {
        format!("add {label:?} to the `aliases` of its platform in the definition")
    })
}

pub(super) fn duplicate_row(
    table: &Table,
    row: usize,
    col: usize,
    label: &str,
    first: usize,
) -> Diagnostic {
    Diagnostic::warning(
        Code::DuplicatePlatform,
        format!("platform {label:?} appears again in row {row}; only row {first} is read"),
        table.loc(row, col),
    )
    .with_hint("keep one row per platform")
}

#[cfg(test)]
mod plain_number_tests {
    use super::{machine_number, plain_decimal};
    use crate::ingest::RawValue;

    #[test]
    fn scientific_notation_out_of_range_stays_text() {
        let t = |s: &str| RawValue::Text(s.into());
        assert_eq!(machine_number(t("2e-06")), RawValue::Number(2e-6));
        assert_eq!(machine_number(t("1E3")), RawValue::Number(1000.0));
        // Issue 11: 1e-400 was read as 0; it stays text and is invalid when classified.
        for s in ["1e-400", "1e400", "-1e309", "3e-320"] {
            assert_eq!(machine_number(t(s)), t(s), "{s}");
        }
        assert_eq!(machine_number(t("0e-400")), RawValue::Number(0.0));
    }

    #[test]
    fn plain_decimals_only() {
        assert_eq!(
            plain_decimal("914.80604349635541"),
            Some(914.806_043_496_355_4)
        );
        assert_eq!(plain_decimal("-3"), Some(-3.0));
        assert_eq!(plain_decimal("+0.5"), Some(0.5));
        for t in [
            "", "-", "5.", ".5", "1e5", " 5", "5 ", "1,000", "NA", "１５", "3-5", "1.2.3",
        ] {
            assert_eq!(plain_decimal(t), None, "{t:?}");
        }
    }
}
