//! One scoring run, stage after stage: ingest -> classify -> screen -> aggregate -> publish.
//! [`choose`] picks the strategy (columnar, platform-only or general) before anything is
//! read; [`run_traced`] runs it, in one `match`; the steps all strategies share are written
//! once (`finish`).

// Indexing is in range here: source/platform/item/node ixs come from the Model (source_ix,
// enumerate, compile-checked cross-references); files.surveys[0] is read under the non-empty test.
#![allow(clippy::indexing_slicing)]

use crate::aggregate::{AggregateError, Inputs, Scores};
use crate::definition::{Model, SourceKind};
use crate::diagnostics::Diagnostic;
use crate::ingest::IngestError;
use crate::results::{Detail, Results};
use std::path::PathBuf;

pub use choose::{Fallback, Ran, Strategy, choose};
pub use inputs::input_files;

mod choose;
mod columnar;
mod error_codes;
mod finish;
mod general;
mod inputs;
mod platform_only;
mod screen;
mod usable;

/// The files of one run.
#[derive(Debug, Clone, Default)]
pub struct RunFiles {
    /// Survey exports given without a source id: read by the definition's survey source.
    pub surveys: Vec<PathBuf>,
    /// `--source ID=PATH`: files for named sources (survey or platform-level).
    pub named: Vec<(String, PathBuf)>,
    /// Which scoring path may run. The library never reads the environment: the CLI sets
    /// this from `QBPC_GENERAL_PATH`.
    pub path: ScoringPath,
}

/// The scoring path the caller asks for. Every path gives byte-identical results; [`choose`]
/// takes a fast one (columnar for large tidy files, platform-only for platform-level data
/// alone) only for the runs it is made for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ScoringPath {
    /// The fastest path the run is eligible for.
    #[default]
    Auto,
    /// The general path alone: the reference the fast paths are tested and benchmarked against.
    General,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Aggregate(#[from] AggregateError),
    #[error("no survey file to score")]
    NoSurvey,
    #[error("unknown source \"{id}\"")]
    UnknownSource { id: String, known: Vec<String> },
    #[error("the definition has no survey source to read {file}")]
    NoSurveySource { file: String },
    #[error(
        "{file}: {dropped} of {total} submissions would be dropped as duplicates, more than the {:.0}% allowed; the respondent is {respondent}",
        share * 100.0
    )]
    TooManyDuplicates {
        file: String,
        dropped: usize,
        total: usize,
        respondent: String,
        share: f64,
    },
    #[error(
        "{}: {why}",
        if *platform_data_scored {
            "the survey files give no platform a score (only platform-level data would be ranked)"
        } else {
            "no platform has a score"
        }
    )]
    NothingScored {
        why: String,
        platforms: usize,
        /// Platform-level data gave scores, the survey none.
        platform_data_scored: bool,
    },
}

impl RunError {
    pub fn hint(&self) -> Option<String> {
        match self {
            RunError::Ingest(e) => e.hint().map(str::to_string),
            RunError::Aggregate(e) => e.hint(),
            RunError::NoSurvey => {
                Some("give the survey export: qbpc-index score EXPORT.xlsx".into())
            }
            RunError::UnknownSource { known, .. } => {
                Some(format!("sources of this definition: {}", known.join(", ")))
            }
            RunError::NoSurveySource { .. } => {
                Some("add a [[sources]] block with kind = \"survey\" to the definition".into())
            }
            RunError::TooManyDuplicates { .. } => Some(
                "name the column that identifies a respondent with `respondent = \"...\"` in the source (a member id or the company name); if so many resubmissions are real, raise `max_duplicate_share` in [quality], or set `dedupe = \"none\"`".into(),
            ),
            RunError::NothingScored { .. } => Some(
                "run `qbpc-index inspect FILE` to see which columns and platforms are read; the export may rate no platform of the definition (`init --from FILE` drafts a definition from an export that names its platforms), or every submission was excluded (--exclusions log.csv lists why)".into(),
            ),
        }
    }
}

/// Which file each source reads in this run, in source order.
fn plan(model: &Model, files: &RunFiles) -> Result<Vec<(usize, PathBuf)>, RunError> {
    let mut plan: Vec<(usize, PathBuf)> = Vec::new();
    for (id, path) in &files.named {
        let Some(s) = model.source_ix(id) else {
            return Err(RunError::UnknownSource {
                id: id.clone(),
                known: model.sources.iter().map(|s| s.id.clone()).collect(),
            });
        };
        plan.push((s, path.clone()));
    }
    if !files.surveys.is_empty() {
        let survey = model
            .source_ix("survey")
            .filter(|&s| model.sources[s].kind == SourceKind::Survey)
            .or_else(|| {
                model
                    .sources
                    .iter()
                    .position(|s| s.kind == SourceKind::Survey)
            })
            .ok_or_else(|| RunError::NoSurveySource {
                file: files.surveys[0].display().to_string(),
            })?;
        plan.extend(files.surveys.iter().map(|p| (survey, p.clone())));
    }
    // Paths written in the definition, for sources the command line did not name.
    for (s, source) in model.sources.iter().enumerate() {
        if let Some(path) = &source.path
            && !plan.iter().any(|(ps, _)| *ps == s)
        {
            plan.push((s, path.clone()));
        }
    }
    plan.sort_by_key(|(s, _)| *s);
    Ok(plan)
}

/// The files a run reads, with the id of the source reading each, in source order (what a
/// run manifest records).
pub fn planned_files(model: &Model, files: &RunFiles) -> Result<Vec<(String, PathBuf)>, RunError> {
    Ok(plan(model, files)?
        .into_iter()
        .map(|(s, path)| (model.sources[s].id.clone(), path))
        .collect())
}

/// Score the files of one run with a definition. `definition_findings` (warnings from
/// checking the definition) are carried into the results.
pub fn run(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
) -> Result<Results, RunError> {
    run_for(model, files, definition_findings, Detail::Full)
}

/// [`run`] building the result tree to `detail`: [`Detail::Summary`] may leave out the item
/// results, which the ranking tables do not show.
pub fn run_for(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
    detail: Detail,
) -> Result<Results, RunError> {
    run_traced(model, files, definition_findings, detail).map(|(results, _)| results)
}

/// [`run_for`] on the general path alone (every file read into cells, every stage on the
/// general structures), as `QBPC_GENERAL_PATH=1` does: the reference that the fast paths are
/// tested and benchmarked against.
pub fn run_general(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
    detail: Detail,
) -> Result<Results, RunError> {
    let files = RunFiles {
        path: ScoringPath::General,
        ..files.clone()
    };
    run_for(model, &files, definition_findings, detail)
}

/// [`run_for`], and which strategy scored the run (recorded for `--timings` too): the one
/// place a strategy is chosen ([`choose`]) and run.
pub fn run_traced(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
    detail: Detail,
) -> Result<(Results, Ran), RunError> {
    let plan = plan(model, files)?;
    let general = |findings| general::run(model, &plan, findings, detail, |_, _, _| ());
    let ran = |strategy, fallback| Ran { strategy, fallback };
    let (results, ran) = match choose(model, &plan, detail, files.path) {
        Strategy::Columnar => match columnar::run(model, &plan, &definition_findings, detail)? {
            Ok(results) => (results, ran(Strategy::Columnar, None)),
            Err(fallback) => (
                general(definition_findings)?.0,
                ran(Strategy::General, Some(fallback)),
            ),
        },
        Strategy::PlatformOnly => (
            platform_only::run(model, &plan, definition_findings, detail)?,
            ran(Strategy::PlatformOnly, None),
        ),
        Strategy::General => (
            general(definition_findings)?.0,
            ran(Strategy::General, None),
        ),
    };
    crate::timings::path(&ran);
    Ok((results, ran))
}

/// [`run`] on the general path (whose structures `then` reads), then `then` on the aggregation
/// inputs, the unrounded scores and the results: the statistics (bootstrap, sensitivity,
/// reliability) rerun parts of the scoring from there.
pub fn run_with<T>(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
    then: impl FnOnce(&Inputs, &Scores, &Results) -> T,
) -> Result<(Results, T), RunError> {
    let plan = plan(model, files)?;
    let ran = general::run(model, &plan, definition_findings, Detail::Full, then)?;
    crate::timings::path(&Ran {
        strategy: Strategy::General,
        fallback: None,
    });
    Ok(ran)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::{DEFAULT_TOML, check_str};

    /// A tidy file read on the columnar path, then a workbook it does not take: the run falls
    /// back to the general path with the definition findings as they were given (once, first)
    /// and the same results as the general path asked for.
    #[test]
    fn a_fallback_keeps_the_definition_findings_and_gives_the_general_results() {
        // A source no item reads: a warning, and the definition still loads.
        let spare =
            "[[sources]]\nid = \"spare\"\nkind = \"platform\"\npreset = \"platform-table\"\n";
        let checked = check_str(&format!("{DEFAULT_TOML}\n{spare}"), "spare.toml", None);
        let model = checked.model.expect("a model");
        let [finding] = &checked.diagnostics[..] else {
            panic!("one finding: {:?}", checked.diagnostics)
        };
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let files = RunFiles {
            surveys: vec![
                root.join("fixtures/tidy_long.csv"),
                root.join("fixtures/wjx_text_wide.xlsx"),
            ],
            ..RunFiles::default()
        };
        let (results, ran) =
            run_traced(&model, &files, vec![finding.clone()], Detail::Full).unwrap();
        assert_eq!(ran.strategy, Strategy::General);
        let fallback = ran.fallback.expect("the columnar path fell back");
        assert!(
            fallback.why.contains("wjx_text_wide.xlsx"),
            "{}",
            fallback.why
        );
        assert_eq!(results.diagnostics.first(), Some(finding));
        let ours = results.diagnostics.iter().filter(|d| *d == finding).count();
        assert_eq!(ours, 1);
        let general = run_general(&model, &files, vec![finding.clone()], Detail::Full).unwrap();
        assert_eq!(
            serde_json::to_string(&results).unwrap(),
            serde_json::to_string(&general).unwrap()
        );
    }
}
