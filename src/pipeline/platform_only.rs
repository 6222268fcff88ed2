//! The platform-only path of a scoring run (COINr-style composite indicators: every item is
//! platform-level data, no survey): each file read into one number per cell
//! ([`PlatformColumns`]), items normalised column by column and the tree evaluated from those
//! columns, without the per-platform item records that only the item-level outputs need.
//!
//! Taken for [`Detail::Summary`] runs whose files all belong to platform-level sources, one
//! file per source, and where every source with items has its file; anything else runs the
//! general path. Both give the same results (`tests/platform_only.rs`).

use super::{RunError, RunFiles, plan};
use crate::aggregate::normalize::{self, Normalised, Notes};
use crate::aggregate::{Scores, up_the_tree};
use crate::classify::{CellClass, classify, invalid_answer};
use crate::definition::{Model, ScaleKind, SourceKind};
use crate::diagnostics::Diagnostic;
use crate::ingest::{self, CellValue, PlatformColumns, RawValue};
use crate::rank;
use crate::results::{Detail, Results};
use std::collections::HashMap;

/// Score the run on the platform-only path; `Ok(Err(findings))` hands the definition findings
/// back when the run is not for this path.
pub(super) fn run(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
    detail: Detail,
) -> Result<Result<Results, Vec<Diagnostic>>, RunError> {
    let plan = plan(model, files)?;
    let for_this_path = detail == Detail::Summary
        && !plan.is_empty()
        && plan
            .iter()
            .all(|(s, _)| model.sources[*s].kind == SourceKind::Platform)
        && plan.windows(2).all(|w| w[0].0 != w[1].0)
        && (0..model.sources.len()).all(|s| {
            plan.iter().any(|(ps, _)| *ps == s) || model.items_of_source(s).next().is_none()
        });
    if !for_this_path || std::env::var_os("QBPC_GENERAL_PATH").is_some() {
        return Ok(Err(definition_findings));
    }
    let mut diagnostics = definition_findings;
    let mut files = Vec::with_capacity(plan.len());
    for (s, path) in &plan {
        let data = ingest::read_platform_columns(model, *s, path)?;
        diagnostics.extend(data.diagnostics.iter().cloned());
        files.push(data);
    }
    crate::timings::mark("read");
    let scores = aggregate(model, &files)?;
    diagnostics.extend(scores.diagnostics.iter().cloned());
    crate::timings::mark("aggregate");
    let results = rank::publish(model, &scores, Vec::new(), diagnostics, detail);
    crate::timings::mark("publish");
    Ok(Ok(results))
}

/// Steps 1 and 3 to 6 on columns: classify each cell (as `normalize::platform_values` does),
/// normalise each item across platforms, evaluate the tree. `Scores::items` stays empty.
fn aggregate(model: &Model, files: &[PlatformColumns]) -> Result<Scores, RunError> {
    let platforms = model.platforms.len();
    // Per item and platform: the score, and the raw number of a scale normalised across
    // platforms (empty for items no file has).
    let mut score: Vec<Vec<Option<f64>>> = vec![Vec::new(); model.items.len()];
    let mut raw: Vec<Vec<Option<f64>>> = vec![Vec::new(); model.items.len()];
    let mut diagnostics = Vec::new();
    for file in files {
        for &(_, item) in &file.items {
            score[item] = vec![None; platforms];
            raw[item] = vec![None; platforms];
        }
        for (p, i, cell, row, col) in file.cells() {
            let it = &model.items[i];
            let number;
            let value = match cell {
                CellValue::Number(x) => {
                    number = RawValue::Number(x);
                    &number
                }
                CellValue::Raw(value) => value,
            };
            match classify(&model.scales[it.scale], false, value) {
                CellClass::Score(v) => score[i][p] = Some(v),
                CellClass::Number(x) => raw[i][p] = Some(x),
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
        }
    }
    let mut notes = Notes::default();
    for (i, item) in model.items.iter().enumerate() {
        if let ScaleKind::Numeric(num) = &model.scales[item.scale].kind
            && num.normalize.is_some()
            && !raw[i].is_empty()
        {
            let values = std::mem::take(&mut raw[i]);
            if let Normalised::Scores(s) =
                normalize::normalise_values(model, i, num, values, &mut notes)
            {
                score[i] = s;
            }
        }
    }
    diagnostics.append(&mut notes.diagnostics);
    let leaf = |p: usize, i: usize| score[i].get(p).copied().flatten();
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
