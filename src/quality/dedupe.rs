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
//! one, and ties go to the later file of the run, then the later row. Respondents are
//! compared by key number ([`ScreenRows::key_ix`], made one numbering over the run's files):
//! no string is hashed per row.

// Indexing is in range here: (f, s) pairs enumerate run.files and their rows; kept and keys are
// sized per file and row; offsets per file; slots per key number x platform.
#![allow(clippy::indexing_slicing)]

use super::rows::ScreenRows;
use super::{HashMap, Run, Screening, exclude, exclusion, shown_time};
use crate::definition::PlatformIx;

pub(super) fn dedupe<R: ScreenRows>(run: &Run<R>, st: &mut Screening) {
    let keys = RunKeys::new(run.files);
    within_shapes(run, st, &keys);
    across_shapes(run, st, &keys);
}

/// One numbering of the respondent keys over all files of the run.
struct RunKeys {
    /// `of[file][row]`: the run's number of the row's key.
    of: Vec<Vec<u32>>,
    count: usize,
}

impl RunKeys {
    fn new<R: ScreenRows>(files: &[R]) -> RunKeys {
        // One file: its key numbers are the run's.
        if let [data] = files {
            return RunKeys {
                of: vec![(0..data.row_count()).map(|s| data.key_ix(s)).collect()],
                count: data.key_count(),
            };
        }
        let mut ids: HashMap<&str, u32> = HashMap::default();
        let of = files
            .iter()
            .map(|data| {
                let run_ids: Vec<u32> = (0..data.key_count() as u32)
                    .map(|k| {
                        let next = ids.len() as u32;
                        *ids.entry(data.key(k)).or_insert(next)
                    })
                    .collect();
                (0..data.row_count())
                    .map(|s| run_ids[data.key_ix(s) as usize])
                    .collect()
            })
            .collect();
        RunKeys {
            of,
            count: ids.len(),
        }
    }
}

/// What orders two submissions: time, then file, then row.
fn order<R: ScreenRows>(run: &Run<R>, (f, s): (usize, usize)) -> (Option<i64>, usize, usize) {
    (run.files[f].submitted_at(s), f, s)
}

fn superseded_by<R: ScreenRows>(run: &Run<R>, (f, s): (usize, usize)) -> String {
    let data = &run.files[f];
    format!(
        "superseded by the submission in {} row {}{}",
        data.file(),
        data.row(s),
        shown_time(data, s)
    )
}

/// The latest kept row per respondent (wide) or respondent x platform (long).
fn within_shapes<R: ScreenRows>(run: &Run<R>, st: &mut Screening, keys: &RunKeys) {
    // Rows by a number over all files, so that one u32 names a (file, row).
    let offsets: Vec<usize> = run
        .files
        .iter()
        .scan(0, |acc, d| {
            let o = *acc;
            *acc += d.row_count();
            Some(o)
        })
        .collect();
    let at = |g: u32| {
        let f = offsets.partition_point(|&o| o <= g as usize) - 1;
        (f, g as usize - offsets[f])
    };
    // A slot per respondent x (platform, or none for wide rows).
    let platforms = run.model.platforms.len();
    let slot =
        |key: u32, p: Option<PlatformIx>| key as usize * (platforms + 1) + p.unwrap_or(platforms);
    let rows: usize = run.files.iter().map(|d| d.row_count()).sum();
    let mut slots = Slots::new(keys.count * (platforms + 1), rows);
    for (f, keys) in keys.of.iter().enumerate() {
        for (s, &key) in keys.iter().enumerate() {
            if st.kept[f][s] {
                let g = (offsets[f] + s) as u32;
                let p = run.files[f].platform(s);
                slots.add(slot(key, p), g, |best| {
                    order(run, (f, s)) > order(run, at(best))
                });
            }
        }
    }
    for (f, keys) in keys.of.iter().enumerate() {
        for (s, &key) in keys.iter().enumerate() {
            if !st.kept[f][s] {
                continue;
            }
            let (best, n) = slots.get(slot(key, run.files[f].platform(s)));
            if n < 2 {
                continue;
            }
            let latest = at(best);
            if latest != (f, s) {
                exclude(run, st, (f, s), "duplicate", superseded_by(run, latest));
            }
        }
    }
}

/// A kept wide submission against the kept long rows of its respondent.
fn across_shapes<R: ScreenRows>(run: &Run<R>, st: &mut Screening, keys: &RunKeys) {
    // Kept rows without a platform are wide submissions (a long row without one is excluded
    // as naming no platform): none when every file is long.
    if run.files.iter().all(ScreenRows::is_long) {
        return;
    }
    // After `within_shapes`, at most one kept long row per respondent x platform.
    let mut long: HashMap<(u32, PlatformIx), (usize, usize)> = HashMap::default();
    for (f, data) in run.files.iter().enumerate() {
        for s in 0..data.row_count() {
            if let Some(p) = data.platform(s)
                && st.kept[f][s]
            {
                long.insert((keys.of[f][s], p), (f, s));
            }
        }
    }
    if long.is_empty() {
        return;
    }
    for (f, data) in run.files.iter().enumerate() {
        for s in 0..data.row_count() {
            if data.platform(s).is_some() || !st.kept[f][s] {
                continue;
            }
            for p in data.rated(s) {
                let Some(&other) = long.get(&(keys.of[f][s], p)) else {
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
fn drop_pair<R: ScreenRows>(
    run: &Run<R>,
    st: &mut Screening,
    (f, s): (usize, usize),
    p: PlatformIx,
    by: (usize, usize),
) {
    st.dropped_pairs.insert((f, s, p));
    let mut e = exclusion(run.model, &run.files[f], s, "duplicate", String::new());
    e.platform = Some(run.model.platforms[p].id.clone());
    e.detail = format!(
        "its rating of {} is {}; its other platforms are kept",
        run.model.platforms[p].id,
        superseded_by(run, by)
    );
    st.exclusions.push(e);
}

/// (respondent, platform) slots of the deduplication: a dense array when the key space is
/// small enough (a million rows of 10 platforms), a hash map otherwise.
enum Slots {
    Dense(Vec<(u32, u8)>),
    Sparse(HashMap<usize, (u32, u8)>),
}

impl Slots {
    /// `n` slots for `rows` rows: dense while that costs at most a few slots per row.
    fn new(n: usize, rows: usize) -> Slots {
        if n <= (4 * rows).max(1 << 16) {
            Slots::Dense(vec![(u32::MAX, 0); n])
        } else {
            Slots::Sparse(HashMap::default())
        }
    }

    /// Count row `g` in `slot`, taking it as the latest when `later(current latest)`.
    fn add(&mut self, slot: usize, g: u32, later: impl Fn(u32) -> bool) {
        let e = match self {
            Slots::Dense(v) => &mut v[slot],
            Slots::Sparse(m) => m.entry(slot).or_insert((u32::MAX, 0)),
        };
        if e.0 == u32::MAX || later(e.0) {
            e.0 = g;
        }
        e.1 = e.1.saturating_add(1);
    }

    /// The latest row of `slot` and how many rows share it (saturating at 255).
    fn get(&self, slot: usize) -> (u32, u8) {
        match self {
            Slots::Dense(v) => v[slot],
            Slots::Sparse(m) => m.get(&slot).copied().unwrap_or((u32::MAX, 0)),
        }
    }
}
