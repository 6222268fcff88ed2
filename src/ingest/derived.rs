//! Derived and gated items (issue 13, point 5), evaluated on the rows of a table while the
//! table is still at hand: platform files (one row per platform) and long surveys (one row per
//! respondent x platform). The values they give are ordinary raw values, so everything after
//! reading (classification, normalisation, pooling, aggregation) treats them as any item's.
//!
//! * A derived item (`value = "..."`) gets a number per row computed from the columns its
//!   expression names. When the expression has no value (a blank or non-numeric operand, a
//!   division by zero) the cell is blank, i.e. missing, and a `derived-missing` warning at the
//!   row says why; never NaN or infinity.
//! * A gated item (`when = { column, in }`) keeps its value only in rows where the gate column
//!   holds one of the listed values (matched as answers are: NFKC, trimmed, case-folded);
//!   elsewhere its cell is "skipped", i.e. not applicable: excluded from the item's mean and
//!   from coverage, never a 0. In wide surveys the gate column is the submission's (one per
//!   row), so it gates the item for every platform of that submission.
//! * A column named by an expression or a gate that the file lacks is an `unknown-column`
//!   warning (with the closest header) and the item has no value from this file.

use super::diag::Diags;
use super::survey::Reshaped;
use super::table::{CellRef, Row, Table};
use super::*;
use crate::definition::expr::Expression;
use crate::diagnostics::Code;
use crate::text::match_key;
use std::collections::{HashMap, HashSet};

/// One derived or gated item of a source, its columns found in the table.
pub(super) struct RowItem<'m> {
    pub item: ItemIx,
    expr: Option<(&'m Expression, Vec<usize>)>,
    gate: Option<(usize, &'m [String])>,
    /// A named column is missing: the item has no value from this file.
    pub broken: bool,
}

/// The derived and gated items of source `si`, with their columns in `table`.
pub(super) fn resolve<'m>(
    model: &'m Model,
    si: usize,
    table: &Table,
    diags: &mut Diags,
) -> Vec<RowItem<'m>> {
    let mut out = Vec::new();
    for (ix, item) in model.items_of_source(si) {
        if item.derived.is_none() && item.when.is_none() {
            continue;
        }
        let mut broken = false;
        let mut find = |name: &str, what: &str| {
            let col = table.find_col(&match_key(name));
            if col.is_none() {
                broken = true;
                diags.push(unknown_column(table, &item.id, name, what));
            }
            col
        };
        let expr = item.derived.as_ref().map(|e| {
            let cols = (e.columns.iter())
                .map(|c| find(c, &format!("its expression {:?}", e.text)).unwrap_or(0))
                .collect::<Vec<_>>();
            (e, cols)
        });
        let gate = item.when.as_ref().map(|g| {
            let col = find(&g.column, "its `when`").unwrap_or(0);
            (col, g.values.as_slice())
        });
        out.push(RowItem {
            item: ix,
            expr,
            gate,
            broken,
        });
    }
    out
}

impl RowItem<'_> {
    pub fn is_derived(&self) -> bool {
        self.expr.is_some()
    }

    /// Whether the gate (if any) is open in this row.
    pub fn open(&self, row: &Row) -> bool {
        self.gate.is_none_or(|(col, values)| {
            let v = match_key(&row.get(col).display());
            values.contains(&v)
        })
    }

    /// The column a derived cell is located at (its first operand's).
    pub fn col(&self) -> usize {
        self.expr
            .as_ref()
            .and_then(|(_, cols)| cols.first().copied())
            .unwrap_or(0)
    }

    /// The derived value of this row (None for a gated-only item): a finite number, or why
    /// there is none.
    pub fn value(&self, row: &Row) -> Option<Result<f64, String>> {
        let (e, cols) = self.expr.as_ref()?;
        let operand = |i: usize| match (cols.get(i), e.columns.get(i)) {
            (Some(&c), Some(name)) => number(row.get(c), name),
            _ => Err(format!("operand {i} has no column")),
        };
        Some(e.eval(&operand))
    }

    /// The raw value of this row for a derived item: the number, or blank with a warning.
    pub fn derived_raw(
        &self,
        model: &Model,
        table: &Table,
        row_no: usize,
        row: &Row,
        diags: &mut Diags,
    ) -> RawValue {
        if !self.open(row) {
            return RawValue::Skipped;
        }
        match self.value(row) {
            Some(Ok(x)) => RawValue::Number(x),
            Some(Err(why)) => {
                diags.push(
                    Diagnostic::warning(
                        Code::DerivedMissing,
                        format!(
                            "derived item \"{}\" has no value in row {row_no}: {why}",
                            model.items.get(self.item).map_or("", |it| it.id.as_str())
                        ),
                        table.loc(row_no, self.col()),
                    )
                    .with_hint("the item is missing for this row, as a blank answer would be"),
                );
                RawValue::Blank
            }
            None => RawValue::Blank,
        }
    }
}

/// A cell as an operand: a number cell, or a text that is a plain number.
fn number(cell: CellRef<'_>, name: &str) -> Result<f64, String> {
    match cell {
        CellRef::Number(x) if x.is_finite() => Ok(x),
        _ if cell.is_blank() => Err(format!("column {name:?} is blank")),
        CellRef::Text(t) => crate::text::trim(t)
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("column {name:?} holds {t:?}, not a number")),
        other => Err(format!(
            "column {name:?} holds {:?}, not a number",
            other.display()
        )),
    }
}

fn unknown_column(table: &Table, item: &str, name: &str, what: &str) -> Diagnostic {
    let hint = match crate::text::did_you_mean(name, table.headers.iter().map(String::as_str)) {
        Some(h) => format!(
            "did you mean {h:?}? the columns are: {}",
            table.header_sample()
        ),
        None => format!("the columns are: {}", table.header_sample()),
    };
    Diagnostic::warning(
        Code::UnknownColumn,
        format!("item \"{item}\": {what} names column {name:?}, which this file does not have; the item has no value from this file"),
        Location::file(&table.file),
    )
    .with_hint(hint)
}

/// Derived and gated items of a survey source, on the reshaped rows: derived cells are added
/// for every submission that rates one platform (long layouts); gated cells whose gate is
/// closed become "skipped".
pub(super) fn survey(
    model: &Model,
    si: usize,
    table: &Table,
    out: &mut Reshaped,
    diags: &mut Diags,
) -> Result<(), IngestError> {
    let items = resolve(model, si, table, diags);
    if items.is_empty() {
        return Ok(());
    }
    let mut by_row: HashMap<usize, Vec<usize>> = HashMap::new();
    for (s, sub) in out.submissions.iter().enumerate() {
        by_row.entry(sub.row).or_default().push(s);
    }
    let mut closed: HashSet<(usize, ItemIx)> = HashSet::new();
    let mut added = Vec::new();
    let mut wide = false;
    table.for_each_row(|row_no, row| {
        for &s in by_row.get(&row_no).into_iter().flatten() {
            for it in items.iter().filter(|it| !it.broken) {
                if !it.open(&row) {
                    closed.insert((s, it.item));
                }
                if !it.is_derived() {
                    continue;
                }
                let Some(platform) = out.submissions.get(s).and_then(|sub| sub.platform) else {
                    wide = true;
                    continue;
                };
                let value = it.derived_raw(model, table, row_no, &row, diags);
                added.push(RawCell {
                    submission: s,
                    platform,
                    item: it.item,
                    value,
                    col: it.col(),
                });
            }
        }
    })?;
    if wide {
        diags.push(
            Diagnostic::warning(
                Code::DerivedWide,
                "derived items have no value in a wide export: one row rates several platforms"
                    .to_string(),
                Location::file(&table.file),
            )
            .with_hint("derived items read other columns of the same row: use a long (tidy) layout or a platform file"),
        );
    }
    let broken: HashSet<ItemIx> = items.iter().filter(|i| i.broken).map(|i| i.item).collect();
    out.cells.retain(|c| !broken.contains(&c.item));
    for c in &mut out.cells {
        if closed.contains(&(c.submission, c.item)) {
            c.value = RawValue::Skipped;
        }
    }
    if !added.is_empty() {
        out.cells.extend(added);
        // Cells stay in submission order, as the readers make them.
        out.cells.sort_by_key(|c| c.submission);
    }
    Ok(())
}
