//! Platform-level data files (one row per platform, one column per item), e.g. the opinion
//! data. Values are kept as read; normalisation across platforms happens in scoring.

use super::diag::Diags;
use super::table::{self, Table, format_error};
use super::*;
use crate::diagnostics::column_letters;
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
    let table = table::open(path, src.sheet.as_deref())?;
    let mut diags = Diags::default();
    let plat_col = platform_col(&table, src.platform.as_deref())?;
    let items = item_columns(model, source, &table, &mut diags);
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
        values.extend(items.iter().map(|&(col, item)| PlatformValue {
            platform,
            item,
            value: machine_number(row.get(col).to_raw()),
            location: table.loc(row_no, col),
        }));
    })?;
    Ok(PlatformData {
        source,
        file: table.file.clone(),
        values,
        diagnostics: diags.finish(&table.file),
    })
}

/// Data files written by programs (R, Python, Excel) use scientific notation ("2e-06"), which
/// the survey number parser rightly rejects as a range: read it as the number it is.
fn machine_number(raw: RawValue) -> RawValue {
    if let RawValue::Text(t) = &raw {
        let t = t.trim();
        let mantissa = t.split(['e', 'E']).next().unwrap_or("");
        if t.contains(['e', 'E'])
            && mantissa.chars().any(|c| c.is_ascii_digit())
            && let Ok(x) = t.parse::<f64>()
            && x.is_finite()
        {
            return RawValue::Number(x);
        }
    }
    raw
}

/// The source's platform column, else the first of the usual names.
fn platform_col(table: &Table, named: Option<&str>) -> Result<usize, IngestError> {
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
fn item_columns(
    model: &Model,
    si: usize,
    table: &Table,
    diags: &mut Diags,
) -> Vec<(usize, ItemIx)> {
    let keys: Vec<String> = table.headers.iter().map(|h| match_key(h)).collect();
    let src = &model.sources[si];
    let mut out = Vec::new();
    for (ix, item) in model.items_of_source(si) {
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
                    "missing-column",
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

fn unknown_platform(table: &Table, row: usize, col: usize, label: &str) -> Diagnostic {
    let what = if label.is_empty() {
        "the platform cell is empty".to_string()
    } else {
        format!("{label:?} is no platform of the definition")
    };
    Diagnostic::warning(
        "unknown-platform",
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

fn duplicate_row(table: &Table, row: usize, col: usize, label: &str, first: usize) -> Diagnostic {
    Diagnostic::warning(
        "duplicate-platform",
        format!("platform {label:?} appears again in row {row}; only row {first} is read"),
        table.loc(row, col),
    )
    .with_hint("keep one row per platform")
}
