//! One scoring run, stage after stage: ingest -> classify -> screen -> aggregate -> publish.

// Indexing is in range here: source/platform/item/node ixs come from the Model (source_ix,
// enumerate, compile-checked cross-references); files.surveys[0] is read under the non-empty test.
#![allow(clippy::indexing_slicing)]

use crate::aggregate::{self, AggregateError, Inputs, Scores};
use crate::classify::classify_survey;
use crate::definition::{Model, SourceKind};
use crate::diagnostics::{Code, Diagnostic};
use crate::ingest::{self, IngestError, PlatformData, SurveyData};
use crate::quality;
use crate::rank;
use crate::results::{Detail, Results};
use std::path::PathBuf;

pub use inputs::input_files;

mod columnar;
mod error_codes;
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

/// The scoring paths a run may take. Every path gives byte-identical results; the fast ones
/// (columnar for large tidy files, platform-only for platform-level data alone) step aside
/// when a run is not for them.
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
    // Large tidy files take the columnar path, and platform-level data alone the platform-only
    // path (same results, a fraction of the time and memory).
    let definition_findings = match columnar::run(model, files, definition_findings, detail)? {
        Ok(results) => return Ok(results),
        Err(findings) => findings,
    };
    let definition_findings = match platform_only::run(model, files, definition_findings, detail)? {
        Ok(results) => return Ok(results),
        Err(findings) => findings,
    };
    general(model, files, definition_findings, detail, |_, _, _| ()).map(|(results, ())| results)
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
    general(model, files, definition_findings, detail, |_, _, _| ()).map(|(results, ())| results)
}

/// [`run`], then `then` on the aggregation inputs, the unrounded scores and the results: the
/// statistics (bootstrap, sensitivity, reliability) rerun parts of the scoring from there.
pub fn run_with<T>(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
    then: impl FnOnce(&Inputs, &Scores, &Results) -> T,
) -> Result<(Results, T), RunError> {
    general(model, files, definition_findings, Detail::Full, then)
}

/// The general path: every file read into cells, every stage on the general structures.
fn general<T>(
    model: &Model,
    files: &RunFiles,
    definition_findings: Vec<Diagnostic>,
    detail: Detail,
    then: impl FnOnce(&Inputs, &Scores, &Results) -> T,
) -> Result<(Results, T), RunError> {
    let plan = plan(model, files)?;
    let mut diagnostics = definition_findings;
    let mut surveys: Vec<SurveyData> = Vec::new();
    let mut platform_data: Vec<PlatformData> = Vec::new();
    for (s, path) in &plan {
        match model.sources[*s].kind {
            SourceKind::Survey => {
                let mut data = ingest::read_survey(model, *s, path)?;
                diagnostics.extend(data.diagnostics.iter().cloned());
                if let Some(roster) = &model.roster {
                    diagnostics.extend(crate::identity::apply(roster, &mut data));
                }
                surveys.push(data);
            }
            SourceKind::Platform => {
                let data = ingest::read_platform_file(model, *s, path)?;
                diagnostics.extend(data.diagnostics.iter().cloned());
                platform_data.push(data);
            }
        }
    }
    if surveys.is_empty() && platform_data.is_empty() {
        return Err(RunError::NoSurvey);
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
    let mut classes = Vec::with_capacity(surveys.len());
    for data in &surveys {
        let (c, d) = classify_survey(model, data);
        diagnostics.extend(d);
        classes.push(c);
    }
    crate::timings::mark("classify");
    usable::duplicates(model, &usable::FileCount::of_surveys(model, &surveys))?;
    let screening = quality::screen(model, &surveys, &classes);
    diagnostics.extend(screening.diagnostics.iter().cloned());
    quality::drop_superseded_pairs(&screening, &mut surveys, &mut classes);
    let inputs = Inputs {
        surveys: &surveys,
        classes: &classes,
        screening: &screening,
        platform_data: &platform_data,
        absent_sources: &absent,
    };
    crate::timings::mark("screen");
    let scores = aggregate::aggregate(model, &inputs)?;
    diagnostics.extend(scores.diagnostics.iter().cloned());
    crate::timings::mark("aggregate");
    let exclusions = screening.exclusions.clone();
    let mut results = rank::publish(model, &scores, exclusions, diagnostics, detail);
    let rows = surveys.iter().map(|s| s.submissions.len()).sum();
    let read_surveys = plan
        .iter()
        .any(|(s, _)| model.sources[*s].kind == SourceKind::Survey);
    usable::something_scored(model, &scores, &results, read_surveys.then_some(rows))?;
    results.rows_read = rows;
    crate::timings::mark("publish");
    if detail == Detail::Full {
        attach_texts(model, &surveys, &scores.texts, &mut results);
    }
    crate::timings::mark("free texts");
    let extra = then(&inputs, &scores, &results);
    Ok((results, extra))
}

/// Free-text answers into each platform's result: grouped by item, sorted (file order could
/// tie answers of one respondent together), with every respondent identity of the run
/// redacted from the text: respondents as written and their keys, kept or excluded, the
/// values of every identifying column (company name, contact, e-mail, phone), and every id,
/// name and alias of the roster; e-mail addresses and telephone numbers are redacted too
/// (`output::privacy`).
fn attach_texts(
    model: &Model,
    surveys: &[SurveyData],
    texts: &[(usize, usize, String)],
    results: &mut Results,
) {
    let identities: Vec<&str> = surveys
        .iter()
        .flat_map(|s| {
            let subs = s.submissions.iter();
            subs.flat_map(|sub| [sub.respondent.as_str(), key_of(&sub.respondent_key)])
                .chain(s.identities.iter().map(String::as_str))
        })
        .collect();
    attach_texts_for(model, identities, texts, results);
}

/// A respondent key as an identity: none for a submission that is its own respondent (`#` and
/// its submission id or row, which is no name).
fn key_of(key: &str) -> &str {
    if key.starts_with('#') { "" } else { key }
}

/// [`attach_texts`] with the respondents as written in the files of the run.
fn attach_texts_for<'a>(
    model: &'a Model,
    mut identities: Vec<&'a str>,
    texts: &[(usize, usize, String)],
    results: &mut Results,
) {
    if let Some(roster) = &model.roster {
        for m in &roster.members {
            identities.push(&m.id);
            identities.push(&m.canonical_name);
            identities.extend(m.aliases.iter().map(String::as_str));
        }
    }
    let redactor = crate::output::privacy::Redactor::new(identities);
    // Each distinct text is redacted and sorted once: large surveys repeat the same answers.
    type Counted<'t> = std::collections::HashMap<&'t str, usize>;
    let mut counted: std::collections::BTreeMap<(usize, usize), Counted> = Default::default();
    for (p, i, t) in texts.iter().filter(|(_, _, t)| !t.trim().is_empty()) {
        *counted
            .entry((*p, *i))
            .or_default()
            .entry(t.as_str())
            .or_default() += 1;
    }
    let mut grouped: std::collections::BTreeMap<(usize, usize), Vec<String>> = Default::default();
    for (key, texts) in counted {
        let mut distinct: Vec<(String, usize)> = texts
            .into_iter()
            .map(|(t, n)| (redactor.redact(t), n))
            .collect();
        distinct.sort();
        let answers = distinct
            .into_iter()
            .flat_map(|(t, n)| std::iter::repeat_n(t, n))
            .collect();
        grouped.insert(key, answers);
    }
    for ((p, i), mut answers) in grouped {
        answers.sort();
        let id = &model.platforms[p].id;
        if let Some(result) = results.platforms.iter_mut().find(|r| &r.id == id) {
            result.texts.insert(model.items[i].id.clone(), answers);
        }
    }
}

fn absent_source(model: &Model, s: usize) -> Diagnostic {
    let id = &model.sources[s].id;
    let mut nodes: Vec<&str> = model
        .items_of_source(s)
        .map(|(_, it)| model.nodes[model.dimension_of(it.node)].id.as_str())
        .collect();
    nodes.dedup();
    Diagnostic::warning(
        Code::MissingSource,
        format!(
            "no file was given for source \"{id}\", so its items have no scores (dimension {})",
            nodes.join(", ")
        ),
        crate::diagnostics::Location::file(model.origin.clone()),
    )
    .with_hint(format!("give it with --source {id}=FILE"))
}
