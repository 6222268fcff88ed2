//! Contract step 2: respondent screening, over all survey files of one run together.
//! Excluded, each with a logged reason and detail:
//! * submissions without a respondent, and long rows naming no platform of the definition;
//! * duplicates: the latest submission per respondent (wide) or respondent x platform (long)
//!   is kept, compared by parsed submission time; across a wide and a long file, per
//!   respondent x platform (see [`dedupe`]);
//! * speeders: under `min_duration_s`, or under `min_duration_ratio` x the run's median
//!   seconds per platform rated, scaled by the platforms the submission rated;
//! * straight-liners when `straightline = "exclude"` (they are always flagged as warnings).

// Indexing is in range here: (f, s) enumerate run.surveys and submissions; kept/out are sized per
// submission; platform/source ixs come from the Model.
#![allow(clippy::indexing_slicing)]

mod dedupe;
mod speed;
mod straightline;
pub(crate) use speed::{median, round1};
pub(crate) use straightline::longest_run_and_sd;
#[cfg(test)]
mod tests;

use crate::classify::CellClass;
use crate::definition::{Layout, Model, PlatformIx, Preset};
use crate::diagnostics::{Diagnostic, Location};
use crate::ingest::SurveyData;
use crate::results::Exclusion;
use std::collections::{BTreeSet, HashSet};

/// Which submissions of each survey file take part in the scores.
#[derive(Debug, Clone, Default)]
pub struct Screening {
    /// `kept[file][submission]`.
    pub kept: Vec<Vec<bool>>,
    /// (file, submission, platform): the rating of one platform in a kept wide submission
    /// that a later submission of the same respondent in a long file superseded.
    pub dropped_pairs: BTreeSet<(usize, usize, PlatformIx)>,
    pub exclusions: Vec<Exclusion>,
    /// Findings of screening that exclude nothing by themselves (straight-lining flags).
    pub diagnostics: Vec<Diagnostic>,
}

impl Screening {
    /// Whether the rating of `platform` in submission `s` of file `f` takes part in the scores.
    pub fn keeps(&self, f: usize, s: usize, platform: PlatformIx) -> bool {
        self.kept[f][s] && !self.dropped_pairs.contains(&(f, s, platform))
    }
}

/// The inputs of screening.
pub(crate) struct Run<'a> {
    model: &'a Model,
    surveys: &'a [SurveyData],
    classes: &'a [Vec<CellClass>],
    /// `rated[file][submission]`: the platforms each submission evaluated (any cell that is
    /// not a skip), in platform order.
    rated: Vec<Vec<BTreeSet<PlatformIx>>>,
}

/// Screen the submissions of all survey files of one run together, so that a respondent who
/// answered in two files is deduplicated across them. `classes[f]` are the classified cells
/// of `surveys[f]`.
pub fn screen(model: &Model, surveys: &[SurveyData], classes: &[Vec<CellClass>]) -> Screening {
    let run = Run {
        model,
        surveys,
        classes,
        rated: surveys
            .iter()
            .zip(classes)
            .map(|(d, c)| rated(d, c))
            .collect(),
    };
    let mut st = Screening {
        kept: surveys
            .iter()
            .map(|s| vec![true; s.submissions.len()])
            .collect(),
        ..Screening::default()
    };
    structural(&run, &mut st);
    if model.quality.dedupe_latest {
        dedupe::within_shapes(&run, &mut st);
        dedupe::across_shapes(&run, &mut st);
    }
    // Straight-lining is judged on every submission that survived the structural and
    // duplicate checks, speeders included (a speeder is often a straight-liner too).
    let judged: HashSet<(usize, usize)> = kept_pairs(&st);
    speed::absolute(&run, &mut st);
    speed::relative(&run, &mut st);
    straightline::check(&run, &judged, &mut st);
    st.exclusions
        .sort_by(|a, b| (&a.file, a.row, &a.platform).cmp(&(&b.file, b.row, &b.platform)));
    st
}

/// Leave the superseded platform ratings of wide submissions out of the cells (and their
/// classes), so that later stages only need `kept`.
pub fn drop_superseded_pairs(
    screening: &Screening,
    surveys: &mut [SurveyData],
    classes: &mut [Vec<CellClass>],
) {
    if screening.dropped_pairs.is_empty() {
        return;
    }
    for (f, (data, cls)) in surveys.iter_mut().zip(classes.iter_mut()).enumerate() {
        let keep: Vec<bool> = data
            .cells
            .iter()
            .map(|c| {
                !screening
                    .dropped_pairs
                    .contains(&(f, c.submission, c.platform))
            })
            .collect();
        let mut it = keep.iter();
        data.cells.retain(|_| *it.next().unwrap_or(&true));
        let mut it = keep.iter();
        cls.retain(|_| *it.next().unwrap_or(&true));
    }
}

fn kept_pairs(st: &Screening) -> HashSet<(usize, usize)> {
    st.kept
        .iter()
        .enumerate()
        .flat_map(|(f, k)| {
            k.iter()
                .enumerate()
                .filter(|(_, k)| **k)
                .map(move |(s, _)| (f, s))
        })
        .collect()
}

fn rated(data: &SurveyData, classes: &[CellClass]) -> Vec<BTreeSet<PlatformIx>> {
    let mut out = vec![BTreeSet::new(); data.submissions.len()];
    for (cell, class) in data.cells.iter().zip(classes) {
        if *class != CellClass::Skipped {
            out[cell.submission].insert(cell.platform);
        }
    }
    for (s, sub) in data.submissions.iter().enumerate() {
        out[s].extend(sub.platform);
    }
    out
}

/// Rows the preset dropped (previews, unfinished responses, test rows), submissions without
/// a respondent, and long rows without a known platform.
fn structural(run: &Run, st: &mut Screening) {
    for (f, data) in run.surveys.iter().enumerate() {
        for d in &data.dropped {
            if st.kept[f][d.submission] {
                exclude(run, st, (f, d.submission), &d.reason, d.detail.clone());
            }
        }
        let long = is_long(run.model, data);
        for (s, sub) in data.submissions.iter().enumerate() {
            if !st.kept[f][s] {
                continue;
            }
            if sub.respondent_key.is_empty() {
                exclude(
                    run,
                    st,
                    (f, s),
                    "no-respondent",
                    "the respondent cell is empty".into(),
                );
            } else if long && sub.platform.is_none() {
                let detail = "the platform cell names no platform of the definition".into();
                exclude(run, st, (f, s), "unknown-platform", detail);
            }
        }
    }
}

/// Long rows rate one platform each (the ingest leaves `platform: None`, with a diagnostic,
/// on a long row whose platform label is unknown). Wide rows never carry a platform.
pub(crate) fn is_long(model: &Model, data: &SurveyData) -> bool {
    if let Some(layout) = data.layout {
        return layout == Layout::Long;
    }
    let source = &model.sources[data.source];
    source.layout.or(data.preset.and_then(Preset::layout)) == Some(Layout::Long)
        || data.submissions.iter().any(|s| s.platform.is_some())
}

/// Exclude a whole submission.
fn exclude(run: &Run, st: &mut Screening, (f, s): (usize, usize), reason: &str, detail: String) {
    st.kept[f][s] = false;
    st.exclusions
        .push(exclusion(run.model, &run.surveys[f], s, reason, detail));
}

fn exclusion(
    model: &Model,
    data: &SurveyData,
    s: usize,
    reason: &str,
    detail: String,
) -> Exclusion {
    let sub = &data.submissions[s];
    Exclusion {
        source: model.sources[data.source].id.clone(),
        file: data.file.clone(),
        row: sub.row,
        respondent: respondent_label(model, data, s),
        platform: sub.platform.map(|p| model.platforms[p].id.clone()),
        reason: reason.to_string(),
        detail,
    }
}

/// The roster id when the roster knows the respondent, else the respondent as typed.
fn respondent_label(model: &Model, data: &SurveyData, s: usize) -> String {
    let sub = &data.submissions[s];
    match &model.roster {
        Some(r) if r.member(&sub.respondent_key).is_some() => sub.respondent_key.clone(),
        _ => sub.respondent.clone(),
    }
}

/// Where a submission's respondent is written, for findings about the submission.
fn respondent_location(data: &SurveyData, s: usize) -> Location {
    let sub = &data.submissions[s];
    Location::cell(
        &data.file,
        data.sheet.as_deref(),
        sub.row,
        sub.respondent_col,
        data.headers.get(sub.respondent_col).map(String::as_str),
    )
}

/// " (2025/03/13 16:37:46)" or nothing.
fn shown_time(data: &SurveyData, s: usize) -> String {
    data.submissions[s]
        .submitted_at_raw
        .as_ref()
        .map_or(String::new(), |t| format!(" ({t})"))
}
