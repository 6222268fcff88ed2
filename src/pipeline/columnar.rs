//! The columnar path of a scoring run, for large tidy files: each survey file is read in one
//! streaming pass on every core and classified while it is read ([`ColumnarSurvey`]);
//! screening, the answer table and aggregation work on class codes. Peak memory is a few bytes
//! per cell instead of a string per cell, and a million-row file scores in about the time it
//! takes to parse it (`docs/benchmarks.md`).
//!
//! It is taken when every survey file of the run is a UTF-8 tidy CSV without drop rules and
//! the definition has no respondent roster and no derived or gated item; anything else runs the general path. Both give
//! byte-identical results (`tests/lib/columnar.rs`).

// Indexing is in range here: source ixs are Model positions; key ixs are issued by the row table
// whose keys vector is indexed.
#![allow(clippy::indexing_slicing)]

use super::{RunError, RunFiles, absent_source, attach_texts_for, plan, screen, usable};
use crate::aggregate::{self, observations};
use crate::classify::{self, ColumnarSurvey};
use crate::definition::{Model, SourceKind};
use crate::diagnostics::Diagnostic;
use crate::ingest::{self, PlatformData};
use crate::rank;
use crate::results::{Detail, Results};

/// Score the run on the columnar path; `Ok(Err(findings))` hands the definition findings
/// back when the run is not for this path.
pub(super) fn run(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
    detail: Detail,
) -> Result<Result<Results, Vec<Diagnostic>>, RunError> {
    if model.roster.is_some() || model.has_row_items() || files.path == super::ScoringPath::General
    {
        return Ok(Err(definition_findings));
    }
    let plan = plan(model, files)?;
    if !plan
        .iter()
        .any(|(s, _)| model.sources[*s].kind == SourceKind::Survey)
    {
        return Ok(Err(definition_findings));
    }
    let mut diagnostics = definition_findings;
    let mut surveys: Vec<ColumnarSurvey> = Vec::new();
    let mut platform_data: Vec<PlatformData> = Vec::new();
    for (s, path) in &plan {
        match model.sources[*s].kind {
            SourceKind::Survey => match classify::read_survey_columnar(model, *s, path)? {
                Some(data) => {
                    diagnostics.extend(data.diagnostics.iter().cloned());
                    surveys.push(data);
                }
                None => {
                    return Ok(Err(take_definition_findings(
                        diagnostics,
                        &surveys,
                        &platform_data,
                    )));
                }
            },
            SourceKind::Platform => {
                let data = ingest::read_platform_file(model, *s, path)?;
                diagnostics.extend(data.diagnostics.iter().cloned());
                platform_data.push(data);
            }
        }
    }
    crate::timings::mark("read");
    let absent: Vec<usize> = (0..model.sources.len())
        .filter(|s| !plan.iter().any(|(ps, _)| ps == s))
        .collect();
    for &s in &absent {
        if model.items_of_source(s).next().is_some() {
            diagnostics.push(absent_source(model, s));
        }
    }
    for data in &surveys {
        diagnostics.extend(data.answer_findings.iter().cloned());
    }
    let counts: Vec<usable::FileCount> = surveys
        .iter()
        .map(|data| {
            let rows = &data.rows;
            // Interned key numbers: no string hashing over a million rows.
            let keys = (0..rows.len()).map(|i| {
                let key = rows.key_ix(i) as usize;
                (
                    (!rows.keys[key].is_empty()).then_some(key),
                    rows.platform(i),
                )
            });
            let (respondents, platforms) = (rows.keys.len(), model.platforms.len());
            let basis = &data.respondent_basis;
            usable::FileCount::new(&data.file, basis, respondents, platforms, true, keys)
        })
        .collect();
    usable::duplicates(model, &counts)?;
    let screened = screen::screen(model, &surveys);
    diagnostics.extend(screened.diagnostics);
    crate::timings::mark("screen");
    let mut table =
        observations::collect_columnar(model, &surveys, &screened.kept, detail == Detail::Full);
    crate::timings::mark("answer table");
    let scores = aggregate::aggregate_table(model, &mut table, &platform_data, &absent)?;
    diagnostics.extend(scores.diagnostics.iter().cloned());
    crate::timings::mark("aggregate");
    let mut results = rank::publish(model, &scores, screened.exclusions, diagnostics, detail);
    let rows = surveys.iter().map(|d| d.rows.len()).sum();
    usable::something_scored(model, &scores, &results, Some(rows))?;
    results.rows_read = rows;
    crate::timings::mark("publish");
    if detail == Detail::Full {
        let identities = surveys.iter().flat_map(|d| {
            let written = d.rows.respondents.iter().map(|(r, _)| r.as_str());
            let keys = d.rows.keys.iter().map(|k| super::key_of(k));
            written
                .chain(keys)
                .chain(d.identities.iter().map(String::as_str))
        });
        attach_texts_for(model, identities.collect(), &scores.texts, &mut results);
    }
    crate::timings::mark("free texts");
    crate::parallel::drop_in_background((surveys, table, screened.kept));
    Ok(Ok(results))
}

/// The definition findings at the head of `diagnostics` (what was read after them is dropped:
/// the general path reads the files again).
fn take_definition_findings(
    mut diagnostics: Vec<Diagnostic>,
    surveys: &[ColumnarSurvey],
    platforms: &[PlatformData],
) -> Vec<Diagnostic> {
    let read: usize = surveys.iter().map(|d| d.diagnostics.len()).sum::<usize>()
        + platforms.iter().map(|d| d.diagnostics.len()).sum::<usize>();
    diagnostics.truncate(diagnostics.len() - read);
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::ScoringPath;
    use std::path::PathBuf;

    fn files(path: ScoringPath) -> RunFiles {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        RunFiles {
            surveys: vec![root.join("fixtures/tidy_long.csv")],
            named: vec![("opinion".into(), root.join("fixtures/platform_opinion.csv"))],
            path,
        }
    }

    /// The caller chooses the path (the CLI from `QBPC_GENERAL_PATH`): a tidy file this path
    /// takes on its own steps aside, findings handed back, when the general path is asked for.
    #[test]
    fn the_general_path_asked_for_makes_this_path_step_aside() {
        let (model, _) = crate::definition::load_default().unwrap();
        let auto = run(&model, &files(ScoringPath::Auto), Vec::new(), Detail::Full).unwrap();
        assert!(auto.is_ok(), "a tidy file takes the columnar path");
        let general = run(
            &model,
            &files(ScoringPath::General),
            Vec::new(),
            Detail::Full,
        );
        assert!(
            matches!(general, Ok(Err(_))),
            "steps aside for the general path"
        );
    }
}
