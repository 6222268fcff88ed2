//! Duplicates: one respondent, one voice per platform.
//!
//! * Within a shape: the latest submission per respondent key in wide files (one submission
//!   rates every platform), per respondent x platform in long files, over all files of the
//!   run (two 问卷星 files, or a Qualtrics and a SurveyMonkey file, deduplicate as one).
//! * Across shapes: a kept wide submission and a kept long row of the same respondent that
//!   rate the same platform are compared by time; a newer long row supersedes that platform's
//!   rating in the wide submission (its other platforms stay), a newer wide submission
//!   supersedes the long row.
//!
//! Times are compared as parsed; a submission without a time counts as older than any with
//! one, and ties go to the later file of the run, then the later row.

// Indexing is in range here: (f, s) pairs enumerate run.surveys and their submissions; kept/rated
// are sized per file and submission.
#![allow(clippy::indexing_slicing)]

use super::{Run, Screening, exclude, exclusion, shown_time};
use crate::definition::PlatformIx;
use std::collections::HashMap;

/// Submissions with the same key are duplicates: one respondent, and in long layouts one
/// platform (None in wide layouts, where one submission rates all platforms).
type DedupeKey<'a> = (&'a str, Option<PlatformIx>);

/// What orders two submissions: time, then file, then row.
fn order(run: &Run, (f, s): (usize, usize)) -> (Option<i64>, usize, usize) {
    (run.surveys[f].submissions[s].submitted_at, f, s)
}

fn superseded_by(run: &Run, (f, s): (usize, usize)) -> String {
    let data = &run.surveys[f];
    format!(
        "superseded by the submission in {} row {}{}",
        data.file,
        data.submissions[s].row,
        shown_time(data, s)
    )
}

pub(super) fn within_shapes(run: &Run, st: &mut Screening) {
    let mut groups: HashMap<DedupeKey, Vec<(usize, usize)>> = HashMap::new();
    for (f, data) in run.surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            if st.kept[f][s] {
                groups
                    .entry((sub.respondent_key.as_str(), sub.platform))
                    .or_default()
                    .push((f, s));
            }
        }
    }
    let mut groups: Vec<_> = groups.into_values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for group in groups {
        let Some(&latest) = group.iter().max_by_key(|&&fs| order(run, fs)) else {
            continue;
        };
        for &fs in group.iter().filter(|&&fs| fs != latest) {
            exclude(run, st, fs, "duplicate", superseded_by(run, latest));
        }
    }
}

pub(super) fn across_shapes(run: &Run, st: &mut Screening) {
    // After `within_shapes`, at most one kept long row per respondent x platform.
    let mut long: HashMap<(&str, PlatformIx), (usize, usize)> = HashMap::new();
    for (f, data) in run.surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            if let Some(p) = sub.platform
                && st.kept[f][s]
            {
                long.insert((sub.respondent_key.as_str(), p), (f, s));
            }
        }
    }
    if long.is_empty() {
        return;
    }
    for (f, data) in run.surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            if sub.platform.is_some() || !st.kept[f][s] {
                continue;
            }
            for &p in &run.rated[f][s] {
                let Some(&other) = long.get(&(sub.respondent_key.as_str(), p)) else {
                    continue;
                };
                if !st.kept[other.0][other.1] {
                    continue;
                }
                if order(run, other) > order(run, (f, s)) {
                    drop_pair(run, st, (f, s), p, other);
                } else {
                    exclude(run, st, other, "duplicate", superseded_by(run, (f, s)));
                }
            }
        }
    }
}

/// The rating of one platform in a wide submission, superseded by a long row.
fn drop_pair(
    run: &Run,
    st: &mut Screening,
    (f, s): (usize, usize),
    p: PlatformIx,
    by: (usize, usize),
) {
    st.dropped_pairs.insert((f, s, p));
    let mut e = exclusion(run.model, &run.surveys[f], s, "duplicate", String::new());
    e.platform = Some(run.model.platforms[p].id.clone());
    e.detail = format!(
        "its rating of {} is {}; its other platforms are kept",
        run.model.platforms[p].id,
        superseded_by(run, by)
    );
    st.exclusions.push(e);
}
