//! Speeders: an absolute minimum (`min_duration_s`) and a minimum relative to the run
//! (`min_duration_ratio`): a submission that rated k platforms is a speeder when it took less
//! than ratio x k x the median seconds per platform rated over the run's kept submissions.
//! Seconds per platform put a 问卷星 submission rating 7 platforms and a Qualtrics row rating
//! one on the same footing. Long rows of one respondent with the same submission time and
//! duration are one response (a tidy file repeats its submission's duration on every row).

// Indexing is in range here: (f, s) enumerate files and rows, kept and `of` are sized per file
// and row; unit numbers index the vectors that issued them; the median reads v[n/2] and v[n/2-1]
// only after the empty check.
#![allow(clippy::indexing_slicing)]

use super::rows::ScreenRows;
use super::{HashMap, Run, Screening, exclude};
use crate::text::format_number;

pub(super) fn absolute<R: ScreenRows>(run: &Run<R>, st: &mut Screening) {
    let Some(min) = run.model.quality.min_duration_s else {
        return;
    };
    for (f, data) in run.files.iter().enumerate() {
        for s in 0..data.row_count() {
            if let Some(d) = data.duration_s(s)
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

pub(super) fn relative<R: ScreenRows>(run: &Run<R>, st: &mut Screening) {
    let Some(ratio) = run.model.quality.min_duration_ratio else {
        return;
    };
    let units = units(run, st);
    let per: Vec<f64> = (units.seconds.iter().zip(&units.platforms))
        .map(|(s, &p)| s / p as f64)
        .collect();
    let Some(median) = median(per) else { return };
    for (f, of) in units.of.iter().enumerate() {
        for (s, &u) in of.iter().enumerate() {
            if u == NO_UNIT {
                continue;
            }
            let (seconds, platforms) = (units.seconds[u as usize], units.platforms[u as usize]);
            let limit = ratio * median * platforms as f64;
            if seconds >= limit {
                continue;
            }
            let detail = format!(
                "completed in {} for {platforms} platform(s), {} s per platform; the limit is {} x the median of {} s per platform = {} s",
                shown_duration(&run.files[f], s, seconds),
                round1(seconds / platforms as f64),
                format_number(ratio),
                round1(median),
                round1(limit)
            );
            exclude(run, st, (f, s), "speeder", detail);
        }
    }
}

const NO_UNIT: u32 = u32::MAX;

/// Timed responses: per unit its seconds and the platforms it rated; per file and row its
/// unit. A unit is a wide submission, or the long rows of one respondent that share a
/// submission time and a duration (a tidy file repeats its submission's time on every row;
/// each Qualtrics row has its own).
#[derive(Default)]
struct Units {
    seconds: Vec<f64>,
    platforms: Vec<usize>,
    /// `of[file][row]`: the unit of a kept timed row that rated a platform, `NO_UNIT` for
    /// other rows.
    of: Vec<Vec<u32>>,
}

/// The kept timed responses, numbered in file order.
fn units<R: ScreenRows>(run: &Run<R>, st: &Screening) -> Units {
    // (file, respondent key number, time, duration bits) -> unit; a wide submission is a
    // unit of its own (no key number, its row instead of a time).
    type Key = (usize, u32, Option<i64>, u64);
    let mut index: HashMap<Key, u32> = HashMap::default();
    let mut units = Units::default();
    // The platforms each unit rated: a bit per platform below 64, (unit, platform) pairs
    // for the others.
    let mut masks: Vec<u64> = Vec::new();
    let mut rated: Vec<(u32, u32)> = Vec::new();
    // The rows of a response are usually next to each other: look the key up once a run.
    let mut last: Option<(Key, u32)> = None;
    for (f, data) in run.files.iter().enumerate() {
        let mut of = vec![NO_UNIT; data.row_count()];
        for (s, unit) in of.iter_mut().enumerate() {
            let Some(secs) = data.duration_s(s).filter(|d| d.is_finite()) else {
                continue;
            };
            if !st.kept[f][s] {
                continue;
            }
            let mut platforms = data.rated(s).peekable();
            if platforms.peek().is_none() {
                continue;
            }
            let key = match data.platform(s) {
                Some(_) => (f, data.key_ix(s), data.submitted_at(s), secs.to_bits()),
                None => (f, u32::MAX, Some(s as i64), secs.to_bits()),
            };
            let u = match last {
                Some((k, u)) if k == key => u,
                _ => *index.entry(key).or_insert_with(|| {
                    units.seconds.push(secs);
                    units.seconds.len() as u32 - 1
                }),
            };
            last = Some((key, u));
            *unit = u;
            if (u as usize) >= masks.len() {
                masks.resize(u as usize + 1, 0);
            }
            for p in platforms {
                match 1u64.checked_shl(p as u32) {
                    Some(bit) if p < 64 => masks[u as usize] |= bit,
                    _ => rated.push((u, p as u32)),
                }
            }
        }
        units.of.push(of);
    }
    // Platforms below 64 counted in a bit mask per unit, the others by sorting.
    rated.sort_unstable();
    rated.dedup();
    masks.resize(units.seconds.len(), 0);
    units.platforms = masks.iter().map(|m| m.count_ones() as usize).collect();
    for (u, _) in rated {
        units.platforms[u as usize] += 1;
    }
    units
}

/// The median of the values; None for none.
fn median(mut v: Vec<f64>) -> Option<f64> {
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
fn round1(x: f64) -> String {
    format_number((x * 10.0).round() / 10.0)
}

/// "98 s", or "98 s (1分38秒)" when the file wrote it another way.
fn shown_duration<R: ScreenRows>(data: &R, s: usize, d: f64) -> String {
    let mut shown = format!("{} s", format_number(d));
    if let Some(raw) = data
        .duration_raw(s)
        .filter(|r| r.trim() != format_number(d))
    {
        shown.push_str(&format!(" ({raw})"));
    }
    shown
}
