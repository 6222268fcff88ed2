//! Contract step 2: respondent screening, over all survey files of one run together.
//! Excluded, each with a logged reason and detail:
//! * submissions without a respondent, and long rows naming no platform of the definition;
//! * duplicates: the latest submission per respondent (wide) or respondent x platform (long)
//!   is kept, compared by parsed submission time; across a wide and a long file, per
//!   respondent x platform (see [`dedupe`]);
//! * speeders: under `min_duration_s`, or under `min_duration_ratio` x the run's median
//!   seconds per platform rated, scaled by the platforms the submission rated;
//! * straight-liners when `straightline = "exclude"` (they are always flagged as warnings).
//!
//! Each rule is written once, over the rows of a survey file as [`ScreenRows`] gives them
//! ([`screen_rows`]): the general path screens `SurveyData` with its cell classes
//! ([`GeneralRows`]), the columnar path its `ColumnarSurvey` (`columnar.rs`).

// Indexing is in range here: (f, s) enumerate run.files and their rows; kept is sized per file
// and row; platform/source ixs come from the Model.
#![allow(clippy::indexing_slicing)]

mod columnar;
mod dedupe;
mod general;
mod rows;
mod speed;
mod straightline;
use general::GeneralRows;
pub(crate) use general::is_long;
pub(crate) use rows::ScreenRows;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rows;

use crate::classify::CellClass;
use crate::classify::ColumnarSurvey;
use crate::definition::{Model, PlatformIx};
use crate::diagnostics::Diagnostic;
use crate::ingest::SurveyData;
use crate::results::Exclusion;
use std::collections::BTreeSet;

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

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
pub(crate) struct Run<'a, R> {
    model: &'a Model,
    files: &'a [R],
}

/// Screen the submissions of all survey files of one run together, so that a respondent who
/// answered in two files is deduplicated across them. `classes[f]` are the classified cells
/// of `surveys[f]`.
pub fn screen(model: &Model, surveys: &[SurveyData], classes: &[Vec<CellClass>]) -> Screening {
    let files: Vec<GeneralRows> = surveys
        .iter()
        .zip(classes)
        .map(|(data, classes)| GeneralRows::new(model, data, classes))
        .collect();
    screen_rows(model, &files)
}

/// Screen the files of a columnar run: the same rules over class codes per row.
pub fn screen_columnar(model: &Model, files: &[ColumnarSurvey]) -> Screening {
    screen_rows(model, files)
}

/// The rules, in order, over the rows of all files of the run.
pub(crate) fn screen_rows<R: ScreenRows>(model: &Model, files: &[R]) -> Screening {
    let run = Run { model, files };
    let mut st = Screening {
        kept: files.iter().map(|f| vec![true; f.row_count()]).collect(),
        ..Screening::default()
    };
    structural(&run, &mut st);
    if model.quality.dedupe_latest {
        dedupe::dedupe(&run, &mut st);
    }
    // Straight-lining is judged on every submission that survived the structural and
    // duplicate checks, speeders included (a speeder is often a straight-liner too).
    let judged = st.kept.clone();
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

/// Rows the preset dropped (previews, unfinished responses, test rows), submissions without
/// a respondent, and long rows without a known platform.
fn structural<R: ScreenRows>(run: &Run<R>, st: &mut Screening) {
    for (f, data) in run.files.iter().enumerate() {
        for (s, reason, detail) in data.dropped() {
            if st.kept[f][s] {
                exclude(run, st, (f, s), reason, detail.to_string());
            }
        }
        let long = data.is_long();
        for s in 0..data.row_count() {
            if !st.kept[f][s] {
                continue;
            }
            if data.respondent_key(s).is_empty() {
                exclude(
                    run,
                    st,
                    (f, s),
                    "no-respondent",
                    "the respondent cell is empty".into(),
                );
            } else if long && data.platform(s).is_none() {
                let detail = "the platform cell names no platform of the definition".into();
                exclude(run, st, (f, s), "unknown-platform", detail);
            }
        }
    }
}

/// Exclude a whole submission.
fn exclude<R: ScreenRows>(
    run: &Run<R>,
    st: &mut Screening,
    (f, s): (usize, usize),
    reason: &str,
    detail: String,
) {
    st.kept[f][s] = false;
    st.exclusions
        .push(exclusion(run.model, &run.files[f], s, reason, detail));
}

fn exclusion<R: ScreenRows>(
    model: &Model,
    data: &R,
    s: usize,
    reason: &str,
    detail: String,
) -> Exclusion {
    Exclusion {
        source: model.sources[data.source()].id.clone(),
        file: data.file().to_string(),
        row: data.row(s),
        respondent: respondent_label(model, data, s),
        platform: data.platform(s).map(|p| model.platforms[p].id.clone()),
        reason: reason.to_string(),
        detail,
    }
}

/// The roster id when the roster knows the respondent, else the respondent as typed.
fn respondent_label<R: ScreenRows>(model: &Model, data: &R, s: usize) -> String {
    let key = data.respondent_key(s);
    match &model.roster {
        Some(r) if r.member(key).is_some() => key.to_string(),
        _ => data.respondent(s).to_string(),
    }
}

/// " (2025/03/13 16:37:46)" or nothing.
fn shown_time<R: ScreenRows>(data: &R, s: usize) -> String {
    data.submitted_at_raw(s)
        .map_or(String::new(), |t| format!(" ({t})"))
}
