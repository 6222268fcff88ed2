//! Speeders: an absolute minimum (`min_duration_s`) and a minimum relative to the run
//! (`min_duration_ratio`): a submission that rated k platforms is a speeder when it took less
//! than ratio x k x the median seconds per platform rated over the run's kept submissions.
//! Seconds per platform put a 问卷星 submission rating 7 platforms and a Qualtrics row rating
//! one on the same footing. Long rows of one respondent with the same submission time and
//! duration are one response (a tidy file repeats its submission's duration on every row).

// Indexing is in range here: (f, s) enumerate surveys and submissions; the median reads v[n/2] and
// v[n/2-1] only after the empty check.
#![allow(clippy::indexing_slicing)]

use super::{Run, Screening, exclude};
use crate::ingest::{SurveyData, format_number};
use indexmap::IndexMap;
use std::collections::BTreeSet;

pub(super) fn absolute(run: &Run, st: &mut Screening) {
    let Some(min) = run.model.quality.min_duration_s else {
        return;
    };
    for (f, data) in run.surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            if let Some(d) = sub.duration_s
                && st.kept[f][s]
                && d < min
            {
                let detail = format!(
                    "completed in {}, under the minimum of {} s",
                    shown_duration(data, s, d),
                    format_number(min)
                );
                exclude(run, st, (f, s), "speeder", detail);
            }
        }
    }
}

pub(super) fn relative(run: &Run, st: &mut Screening) {
    let Some(ratio) = run.model.quality.min_duration_ratio else {
        return;
    };
    let units = units(run, st);
    let Some(median) = median(
        units
            .iter()
            .map(|u| u.seconds / u.platforms as f64)
            .collect(),
    ) else {
        return;
    };
    for u in units {
        let limit = ratio * median * u.platforms as f64;
        if u.seconds >= limit {
            continue;
        }
        for &(f, s) in &u.members {
            let detail = format!(
                "completed in {} for {} platform(s), {} s per platform; the limit is {} x the median of {} s per platform = {} s",
                shown_duration(&run.surveys[f], s, u.seconds),
                u.platforms,
                round1(u.seconds / u.platforms as f64),
                format_number(ratio),
                round1(median),
                round1(limit)
            );
            exclude(run, st, (f, s), "speeder", detail);
        }
    }
}

/// One timed response: a wide submission, or the long rows of one respondent that share a
/// submission time and a duration (a tidy file repeats its submission's time on every row;
/// each Qualtrics row has its own).
struct Unit {
    members: Vec<(usize, usize)>,
    seconds: f64,
    platforms: usize,
}

/// The kept timed responses, in file order.
fn units(run: &Run, st: &Screening) -> Vec<Unit> {
    type Key<'a> = (usize, &'a str, Option<i64>, u64);
    let mut groups: IndexMap<Key, Unit> = IndexMap::new();
    for (f, data) in run.surveys.iter().enumerate() {
        for (s, sub) in data.submissions.iter().enumerate() {
            let Some(d) = sub.duration_s.filter(|d| d.is_finite()) else {
                continue;
            };
            if !st.kept[f][s] || run.rated[f][s].is_empty() {
                continue;
            }
            // Wide submissions are units of their own (the row number keeps them apart).
            let who = if sub.platform.is_some() {
                sub.respondent_key.as_str()
            } else {
                ""
            };
            let at = if sub.platform.is_some() {
                sub.submitted_at
            } else {
                Some(s as i64)
            };
            let unit = groups.entry((f, who, at, d.to_bits())).or_insert(Unit {
                members: Vec::new(),
                seconds: d,
                platforms: 0,
            });
            unit.members.push((f, s));
        }
    }
    let mut out: Vec<Unit> = groups.into_values().collect();
    for u in &mut out {
        let rated: BTreeSet<_> = u
            .members
            .iter()
            .flat_map(|&(f, s)| run.rated[f][s].iter().copied())
            .collect();
        u.platforms = rated.len();
    }
    out
}

/// The median of the values; None for none.
pub(crate) fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Seconds as shown in findings: one decimal.
pub(crate) fn round1(x: f64) -> String {
    format_number((x * 10.0).round() / 10.0)
}

/// "98 s", or "98 s (1分38秒)" when the file wrote it another way.
fn shown_duration(data: &SurveyData, s: usize, d: f64) -> String {
    let mut shown = format!("{} s", format_number(d));
    if let Some(raw) = data.submissions[s]
        .duration_raw
        .as_deref()
        .filter(|r| r.trim() != format_number(d))
    {
        shown.push_str(&format!(" ({raw})"));
    }
    shown
}
