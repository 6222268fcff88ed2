//! The platform-only path of a scoring run (COINr-style composite indicators: every item is
//! platform-level data, no survey): each file read into one number per cell
//! ([`PlatformColumns`]), items normalised column by column and the tree evaluated from those
//! columns, without the per-platform item records that only the item-level outputs need.
//!
//! [`super::choose`] takes it for [`Detail::Summary`] runs whose files all belong to
//! platform-level sources, one file per source, where every source with items has its file
//! and no item is derived or gated (those are computed on the rows the general reader keeps). Both give the same results (`tests/lib/platform_only.rs`).

// Indexing is in range here: raw/scores/normalised are sized here to items × platforms of the
// Model that supplies i and p.
#![allow(clippy::indexing_slicing)]

use super::RunError;
use super::finish::{self, Scored};
use crate::aggregate::normalise::{self, Normalised, Notes};
use crate::aggregate::{Scores, up_the_tree};
use crate::classify::{CellClass, classify, classify_number, invalid_answer};
use crate::definition::{Model, Numeric, ScaleKind};
use crate::diagnostics::Diagnostic;
use crate::ingest::{self, CellValue, PlatformColumns, RawValue};
use crate::results::{Detail, Results};
use std::collections::HashMap;
use std::path::PathBuf;

/// Score the files of `plan` on the platform-only path ([`super::choose`] chose it).
pub(super) fn run(
    model: &Model,
    plan: &[(usize, PathBuf)],
    definition_findings: Vec<Diagnostic>,
    detail: Detail,
) -> Result<Results, RunError> {
    let mut diagnostics = definition_findings;
    let mut files = Vec::with_capacity(plan.len());
    for (s, path) in plan {
        let data = ingest::read_platform_columns(model, *s, path)?;
        diagnostics.extend(data.diagnostics.iter().cloned());
        files.push(data);
    }
    crate::timings::mark("read");
    // Every source with items has its file here: this adds no finding, as on the general path.
    finish::absent_sources(model, plan, &mut diagnostics);
    let scores = aggregate(model, &files)?;
    diagnostics.extend(scores.diagnostics.iter().cloned());
    crate::parallel::drop_in_background(files);
    crate::timings::mark("aggregate");
    let scored = Scored {
        scores: &scores,
        exclusions: Vec::new(),
        diagnostics,
        survey_rows: None,
    };
    // No survey, no respondent identities (and no free texts in a summary).
    finish::publish(model, scored, detail, Vec::new)
}

/// Steps 1 and 3 to 6 on columns: classify each cell (as `normalise::platform_values` does),
/// normalise each item across platforms, evaluate the tree. `Scores::items` stays empty.
fn aggregate(model: &Model, files: &[PlatformColumns]) -> Result<Scores, RunError> {
    let platforms = model.platforms.len();
    let width = model.items.len();
    // The numeric scale of each item that is normalised across platforms.
    let normalised: Vec<Option<&Numeric>> = (model.items.iter())
        .map(|it| match &model.scales[it.scale].kind {
            ScaleKind::Numeric(n) if n.normalise.is_some() => Some(n),
            _ => None,
        })
        .collect();
    // A plain number that the reader kept (within the scale's bounds) of a normalised scale
    // without goalposts is its raw value: classification would say just that.
    let plain_raw: Vec<bool> = (normalised.iter())
        .map(|n| n.is_some_and(|n| n.goalposts.is_none()))
        .collect();
    // Scores platform by platform (the order the tree reads them in), and per normalised item
    // read from a file its raw numbers, platform by platform.
    let mut scores: Vec<Option<f64>> = vec![None; platforms * width];
    let mut raw: Vec<Vec<Option<f64>>> = vec![Vec::new(); width];
    let mut diagnostics = Vec::new();
    for file in files {
        for &(_, item) in &file.items {
            if normalised[item].is_some() {
                raw[item] = vec![None; platforms];
            }
        }
        file.for_each_cell(|p, i, cell, row, col| {
            if let CellValue::Number(x) = cell
                && plain_raw[i]
            {
                raw[i][p] = Some(x);
                return;
            }
            let it = &model.items[i];
            let number;
            let (value, class) = match cell {
                CellValue::Number(x) => {
                    number = RawValue::Number(x);
                    (&number, classify_number(&model.scales[it.scale], x))
                }
                CellValue::Raw(value) => (value, classify(&model.scales[it.scale], false, value)),
            };
            match class {
                CellClass::Score(v) => scores[p * width + i] = Some(v),
                // A number of a scale that is not normalised gives no score (as in general).
                CellClass::Number(x) => {
                    if let Some(slot) = raw[i].get_mut(p) {
                        *slot = Some(x);
                    }
                }
                CellClass::Invalid(reason) => diagnostics.push(invalid_answer(
                    model,
                    it,
                    value,
                    reason,
                    &model.platforms[p].id,
                    file.location(row, col),
                )),
                CellClass::Na | CellClass::NoAnswer | CellClass::Skipped | CellClass::Text(_) => {}
            }
        });
    }
    let mut notes = Notes::default();
    for (i, num) in normalised.iter().enumerate() {
        if let Some(num) = num
            && !raw[i].is_empty()
        {
            let values = std::mem::take(&mut raw[i]);
            if let Normalised::Scores(s) =
                normalise::normalise_values(model, i, num, values, &mut notes)
            {
                for (p, v) in s.into_iter().enumerate() {
                    scores[p * width + i] = v;
                }
            }
        }
    }
    diagnostics.append(&mut notes.diagnostics);
    let leaf = |p: usize, i: usize| scores[p * width + i];
    let (nodes, index) = up_the_tree::evaluate_with(model, platforms, leaf, &HashMap::new())?;
    Ok(Scores {
        items: Vec::new(),
        nodes,
        index,
        respondents: vec![0; platforms],
        texts: Vec::new(),
        treatment: notes.treatment,
        diagnostics,
    })
}
