//! The columnar path of a scoring run, for large tidy files: each survey file is read in one
//! streaming pass on every core and classified while it is read ([`ColumnarSurvey`]);
//! screening, the answer table and aggregation work on class codes. Peak memory is a few bytes
//! per cell instead of a string per cell, and a million-row file scores in about the time it
//! takes to parse it (`docs/benchmarks.md`).
//!
//! [`super::choose`] takes it when the definition has no respondent roster and no derived or
//! gated item; a survey file that is not a UTF-8 tidy CSV without drop rules makes it fall
//! back to the general path. Both give byte-identical results (`tests/lib/columnar.rs`).

// Indexing is in range here: source ixs are Model positions; key ixs are issued by the row table
// whose keys vector is indexed.
#![allow(clippy::indexing_slicing)]

use super::choose::{Fallback, Strategy};
use super::finish::{self, Scored};
use super::{RunError, screen, usable};
use crate::aggregate::{self, observations};
use crate::classify::{self, ColumnarSurvey};
use crate::definition::{Model, SourceKind};
use crate::diagnostics::Diagnostic;
use crate::ingest::{self, PlatformData};
use crate::results::{Detail, Results};
use std::path::PathBuf;

/// Score the files of `plan` on the columnar path ([`super::choose`] chose it). A survey file
/// that turns out not to be for this path gives a [`Fallback`]: what was read is dropped, the
/// definition findings are untouched, and the general path reads the files again.
pub(super) fn run(
    model: &Model,
    plan: &[(usize, PathBuf)],
    definition_findings: &[Diagnostic],
    detail: Detail,
) -> Result<Result<Results, Fallback>, RunError> {
    let mut diagnostics = definition_findings.to_vec();
    let mut surveys: Vec<ColumnarSurvey> = Vec::new();
    let mut platform_data: Vec<PlatformData> = Vec::new();
    for (s, path) in plan {
        match model.sources[*s].kind {
            SourceKind::Survey => match classify::read_survey_columnar(model, *s, path)? {
                Ok(data) => {
                    diagnostics.extend(data.diagnostics.iter().cloned());
                    surveys.push(data);
                }
                Err(why) => {
                    return Ok(Err(Fallback {
                        from: Strategy::Columnar,
                        why: format!("{} is {why}", path.display()),
                    }));
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
    let absent = finish::absent_sources(model, plan, &mut diagnostics);
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
    let scored = Scored {
        scores: &scores,
        exclusions: screened.exclusions,
        diagnostics,
        survey_rows: Some(surveys.iter().map(|d| d.rows.len()).sum()),
    };
    let results = finish::publish(model, scored, detail, || identities(&surveys))?;
    crate::parallel::drop_in_background((surveys, table, screened.kept));
    Ok(Ok(results))
}

/// The respondents as written, their keys, and the values of their identifying columns.
fn identities(surveys: &[ColumnarSurvey]) -> Vec<&str> {
    surveys
        .iter()
        .flat_map(|d| {
            let written = d.rows.respondents.iter().map(|(r, _)| r.as_str());
            let keys = d.rows.keys.iter().map(|k| finish::key_of(k));
            written
                .chain(keys)
                .chain(d.identities.iter().map(String::as_str))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name)
    }

    /// A survey file the columnar reader does not take (an XLSX export) hands back a fallback
    /// naming it, and leaves the definition findings as they were.
    #[test]
    fn a_file_not_for_this_path_is_a_fallback_naming_it() {
        let (model, findings) = crate::definition::load_default().unwrap();
        let survey = model.source_ix("survey").unwrap();
        let plan = vec![(survey, fixture("wjx_text_wide.xlsx"))];
        let before = findings.clone();
        let ran = run(&model, &plan, &findings, Detail::Full).unwrap();
        let Err(fallback) = ran else {
            panic!("an XLSX file is not for the columnar path")
        };
        assert_eq!(fallback.from, Strategy::Columnar);
        assert!(
            fallback.why.contains("wjx_text_wide.xlsx"),
            "{}",
            fallback.why
        );
        assert_eq!(findings, before);
    }

    #[test]
    fn a_tidy_file_is_scored_here() {
        let (model, _) = crate::definition::load_default().unwrap();
        let survey = model.source_ix("survey").unwrap();
        let plan = vec![(survey, fixture("tidy_long.csv"))];
        let ran = run(&model, &plan, &[], Detail::Full).unwrap();
        assert!(ran.is_ok(), "a tidy file takes the columnar path");
    }
}
