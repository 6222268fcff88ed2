//! Respondent attributes that `pool` rules name (issue 13, point 8), read from the rows of a
//! survey table once the preset's reader has made its submissions: each submission gets the
//! match key of its row's cell in every pool column (`Submission::attributes`).
//!
//! * A pool column that the file lacks, while items of this file sit under a rule that names
//!   it, is an `unknown-column` warning: every answer of those items is then "not listed".
//! * A value that a rule on this file's items does not list (blank included) is a
//!   `pool-value-unlisted` warning, once per rule and value with the number of rows: those
//!   answers do not count for the items under the rule (they are counted as skipped).

// Indexing is in range here: `cols` and every submission's `attributes` are sized to
// `model.pool_columns` in this function, a rule's `column_ix` indexes that list (compile
// checks), and `s` comes from enumerating the same submissions: no index comes from the file.
#![allow(clippy::indexing_slicing)]

use super::diag::Diags;
use super::survey::Reshaped;
use super::table::Table;
use super::*;
use crate::definition::PoolRule;
use crate::diagnostics::Code;
use crate::text::match_key;
use std::collections::{BTreeMap, HashMap};

pub(super) fn read(
    model: &Model,
    si: usize,
    table: &Table,
    out: &mut Reshaped,
    diags: &mut Diags,
) -> Result<(), IngestError> {
    if !model.has_pool_rules() {
        return Ok(());
    }
    // The rules that apply to this file's items (each once), and the columns they read.
    let mut rules: Vec<(&str, &PoolRule)> = Vec::new();
    for (ix, _) in model.items_of_source(si) {
        if let Some(rule) = model.pool_rule(ix) {
            let node = (model.nodes.iter())
                .find(|n| n.pool.as_ref() == Some(rule))
                .map_or("", |n| n.id.as_str());
            if !rules.iter().any(|(_, r)| *r == rule) {
                rules.push((node, rule));
            }
        }
    }
    let width = model.pool_columns.len();
    for sub in &mut out.submissions {
        sub.attributes = vec![String::new(); width];
    }
    let mut cols: Vec<Option<usize>> = vec![None; width];
    for (node, rule) in &rules {
        let c = rule.column_ix;
        if cols[c].is_some() {
            continue;
        }
        cols[c] = table.find_col(&match_key(&rule.column));
        if cols[c].is_none() {
            let hint = match crate::text::did_you_mean(
                &rule.column,
                table.headers.iter().map(String::as_str),
            ) {
                Some(h) => format!(
                    "did you mean {h:?}? the columns are: {}",
                    table.header_sample()
                ),
                None => format!("the columns are: {}", table.header_sample()),
            };
            diags.push(
                Diagnostic::warning(
                    Code::UnknownColumn,
                    format!(
                        "the `pool` of \"{node}\" names column {:?}, which this file does not have; no answer of this file counts for the items under it",
                        rule.column
                    ),
                    Location::file(&table.file),
                )
                .with_hint(hint),
            );
        }
    }
    let mut by_row: HashMap<usize, Vec<usize>> = HashMap::new();
    for (s, sub) in out.submissions.iter().enumerate() {
        by_row.entry(sub.row).or_default().push(s);
    }
    if cols.iter().any(Option::is_some) {
        let subs = &mut out.submissions;
        table.for_each_row(|row_no, row| {
            for &s in by_row.get(&row_no).into_iter().flatten() {
                for (k, col) in cols.iter().enumerate() {
                    if let Some(c) = col {
                        subs[s].attributes[k] = match_key(&row.get(*c).display());
                    }
                }
            }
        })?;
    }
    // Values a rule does not list: one warning per rule and value, at its first row.
    for (node, rule) in &rules {
        let c = rule.column_ix;
        let Some(col) = cols[c] else { continue };
        let mut unlisted: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for sub in &out.submissions {
            let v = sub.attributes[c].as_str();
            if rule.stratum(v).is_none() {
                let e = unlisted.entry(v).or_insert((sub.row, 0));
                e.1 += 1;
            }
        }
        for (value, (first, rows)) in unlisted {
            let shown = if value.is_empty() {
                "a blank cell"
            } else {
                value
            };
            diags.push(
                Diagnostic::warning(
                    Code::PoolValueUnlisted,
                    format!(
                        "column {:?} holds {shown:?} in {rows} row(s), a value the `pool` of \"{node}\" does not list: those answers do not count for the items under \"{node}\"",
                        rule.column
                    ),
                    table.loc(first, col),
                )
                .with_hint("list the value in the `pool` table (value = weight; weight 0 leaves it out without a warning), or correct the cell"),
            );
        }
    }
    Ok(())
}
