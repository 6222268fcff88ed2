//! The general path of a scoring run: every file read into cells, every stage on the general
//! structures (submissions, cell classes, the screening of `quality`). Any run can take it;
//! the fast strategies are tested and benchmarked against it.

// Indexing is in range here: source ixs of the plan are Model positions.
#![allow(clippy::indexing_slicing)]

use super::finish::{self, Scored};
use super::{RunError, usable};
use crate::aggregate::{self, Inputs, Scores};
use crate::classify::classify_survey;
use crate::definition::{Model, SourceKind};
use crate::diagnostics::Diagnostic;
use crate::ingest::{self, PlatformData, SurveyData};
use crate::quality;
use crate::results::{Detail, Results};
use std::path::PathBuf;

/// Score the files of `plan` on the general path, then `then` on the aggregation inputs, the
/// unrounded scores and the results (what the statistics rerun parts of the scoring from).
pub(super) fn run<T>(
    model: &Model,
    plan: &[(usize, PathBuf)],
    definition_findings: Vec<Diagnostic>,
    detail: Detail,
    then: impl FnOnce(&Inputs, &Scores, &Results) -> T,
) -> Result<(Results, T), RunError> {
    let mut diagnostics = definition_findings;
    let mut surveys: Vec<SurveyData> = Vec::new();
    let mut platform_data: Vec<PlatformData> = Vec::new();
    for (s, path) in plan {
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
    let absent = finish::absent_sources(model, plan, &mut diagnostics);
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
    let read_surveys = plan
        .iter()
        .any(|(s, _)| model.sources[*s].kind == SourceKind::Survey);
    let rows = surveys.iter().map(|s| s.submissions.len()).sum();
    let scored = Scored {
        scores: &scores,
        exclusions: screening.exclusions.clone(),
        diagnostics,
        survey_rows: read_surveys.then_some(rows),
    };
    let results = finish::publish(model, scored, detail, || identities(&surveys))?;
    let extra = then(&inputs, &scores, &results);
    Ok((results, extra))
}

/// The respondents as written in the files of the run, their keys, and the values of their
/// identifying columns.
fn identities(surveys: &[SurveyData]) -> Vec<&str> {
    surveys
        .iter()
        .flat_map(|s| {
            let subs = s.submissions.iter();
            subs.flat_map(|sub| [sub.respondent.as_str(), finish::key_of(&sub.respondent_key)])
                .chain(s.identities.iter().map(String::as_str))
        })
        .collect()
}
