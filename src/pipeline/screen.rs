//! Screening (contract step 2) of files read by the columnar path: `quality::screen` for runs
//! whose survey files are all long (tidy), on [`ColumnarSurvey`] rows instead of
//! `SurveyData`. Same rules, same order, same words:
//! * no respondent, unknown platform;
//! * duplicates: the latest row per respondent x platform over all files (time, then file,
//!   then row);
//! * speeders: under `min_duration_s`; under `min_duration_ratio` x the median seconds per
//!   platform of the run's timed responses (a response = a respondent's rows sharing a
//!   submission time and a duration);
//! * straight-lining: flagged (and excluded on request) on the longest run of identical
//!   Likert/frequency answers of a row.
//!
//! Across-shape deduplication and preset drops do not arise (no wide files, no drop rules).
//! `tests/lib/columnar.rs` runs both paths on the same files and compares every byte of the
//! results: a change to `quality` that it catches belongs here too.

// Indexing is in range here: kept[f][s], rows and units are sized per file and row of the same
// surveys; codes index the dictionaries that issued them; f from 0..files.len().
#![allow(clippy::indexing_slicing)]

use crate::classify::CellClass;
use crate::classify::columns::CodeUnit;
use crate::classify::{ColumnarSurvey, RowVisitor};
use crate::definition::{Model, ScaleKind, StraightlineAction};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ingest::format_number;
use crate::quality::{median, round1};
use crate::results::Exclusion;
use std::collections::HashMap as StdHashMap;

type Fixed = foldhash::fast::FixedState;
type HashMap<K, V> = StdHashMap<K, V, Fixed>;

/// Which rows take part in the scores, and why the others do not.
pub struct Screened {
    /// `kept[file][row]`.
    pub kept: Vec<Vec<bool>>,
    pub exclusions: Vec<Exclusion>,
    pub diagnostics: Vec<Diagnostic>,
}

struct Run<'a> {
    model: &'a Model,
    files: &'a [ColumnarSurvey],
    st: Screened,
}

pub fn screen(model: &Model, files: &[ColumnarSurvey]) -> Screened {
    let mut run = Run {
        model,
        files,
        st: Screened {
            kept: files.iter().map(|f| vec![true; f.rows.len()]).collect(),
            exclusions: Vec::new(),
            diagnostics: Vec::new(),
        },
    };
    run.structural();
    if model.quality.dedupe_latest {
        run.dedupe();
    }
    let judged: Vec<Vec<bool>> = run.st.kept.clone();
    run.absolute_speed();
    run.relative_speed();
    run.straightline(&judged);
    run.st
        .exclusions
        .sort_by(|a, b| (&a.file, a.row, &a.platform).cmp(&(&b.file, b.row, &b.platform)));
    run.st
}

impl Run<'_> {
    fn exclude(&mut self, (f, s): (usize, usize), reason: &str, detail: String) {
        self.st.kept[f][s] = false;
        let data = &self.files[f];
        let rows = &data.rows;
        self.st.exclusions.push(Exclusion {
            source: self.model.sources[data.source].id.clone(),
            file: data.file.clone(),
            row: rows.row[s] as usize,
            respondent: rows.respondent(s).to_string(),
            platform: rows.platform(s).map(|p| self.model.platforms[p].id.clone()),
            reason: reason.to_string(),
            detail,
        });
    }

    fn structural(&mut self) {
        for f in 0..self.files.len() {
            for s in 0..self.files[f].rows.len() {
                let rows = &self.files[f].rows;
                if rows.respondent_key(s).is_empty() {
                    let detail = "the respondent cell is empty".into();
                    self.exclude((f, s), "no-respondent", detail);
                } else if rows.platform(s).is_none() {
                    let detail = "the platform cell names no platform of the definition".into();
                    self.exclude((f, s), "unknown-platform", detail);
                }
            }
        }
    }

    /// The latest kept row per respondent x platform; respondents are compared by key.
    fn dedupe(&mut self) {
        let mut key_ids: HashMap<&str, u32> = HashMap::default();
        let keys: Vec<Vec<u32>> = self
            .files
            .iter()
            .map(|d| {
                // One file: its key numbers are the run's.
                let ids: Vec<u32> = if self.files.len() == 1 {
                    (0..d.rows.keys.len() as u32).collect()
                } else {
                    (d.rows.keys.iter())
                        .map(|k| {
                            let next = key_ids.len() as u32;
                            *key_ids.entry(k.as_str()).or_insert(next)
                        })
                        .collect()
                };
                (0..d.rows.len())
                    .map(|s| ids[d.rows.key_ix(s) as usize])
                    .collect()
            })
            .collect();
        // Rows by a number over all files, so that one u32 names a (file, row).
        let offsets: Vec<usize> = self
            .files
            .iter()
            .scan(0, |acc, d| {
                let o = *acc;
                *acc += d.rows.len();
                Some(o)
            })
            .collect();
        let at = |g: u32| {
            let f = offsets.partition_point(|&o| o <= g as usize) - 1;
            (f, g as usize - offsets[f])
        };
        let order = |(f, s): (usize, usize)| (self.files[f].rows.submitted_at(s), f, s);
        // Per (respondent, platform) slot: the latest row and how many rows share the slot.
        let platforms = self.model.platforms.len().max(1);
        let rows: usize = self.files.iter().map(|d| d.rows.len()).sum();
        let key_count = if self.files.len() == 1 {
            self.files[0].rows.keys.len()
        } else {
            key_ids.len()
        };
        let mut slots = Slots::new(key_count * platforms, rows);
        for (f, keys) in keys.iter().enumerate() {
            for (s, &key) in keys.iter().enumerate() {
                let Some(p) = self.files[f]
                    .rows
                    .platform(s)
                    .filter(|_| self.st.kept[f][s])
                else {
                    continue;
                };
                let slot = key as usize * platforms + p;
                let g = (offsets[f] + s) as u32;
                slots.add(slot, g, |best| order((f, s)) > order(at(best)));
            }
        }
        for (f, keys) in keys.iter().enumerate() {
            for (s, &key) in keys.iter().enumerate() {
                let Some(p) = self.files[f]
                    .rows
                    .platform(s)
                    .filter(|_| self.st.kept[f][s])
                else {
                    continue;
                };
                let (best, n) = slots.get(key as usize * platforms + p);
                let (lf, ls) = at(best);
                if n > 1 && (lf, ls) != (f, s) {
                    let winner = &self.files[lf];
                    let detail = format!(
                        "superseded by the submission in {} row {}{}",
                        winner.file,
                        winner.rows.row[ls],
                        shown_time(winner, ls)
                    );
                    self.exclude((f, s), "duplicate", detail);
                }
            }
        }
    }

    fn absolute_speed(&mut self) {
        let Some(min) = self.model.quality.min_duration_s else {
            return;
        };
        for f in 0..self.files.len() {
            for s in 0..self.files[f].rows.len() {
                let d = &self.files[f];
                if let Some(secs) = d.rows.duration_s(s)
                    && self.st.kept[f][s]
                    && secs < min
                {
                    let detail = format!(
                        "completed in {}, under the minimum of {} s",
                        shown_duration(d, s, secs),
                        format_number(min)
                    );
                    self.exclude((f, s), "speeder", detail);
                }
            }
        }
    }

    fn relative_speed(&mut self) {
        let Some(ratio) = self.model.quality.min_duration_ratio else {
            return;
        };
        let units = self.units();
        let per: Vec<f64> = (units.seconds.iter().zip(&units.platforms))
            .map(|(s, &p)| s / p as f64)
            .collect();
        let Some(median) = median(per) else { return };
        for (f, of) in units.of.iter().enumerate() {
            for (s, &u) in of.iter().enumerate() {
                if u == u32::MAX {
                    continue;
                }
                let (seconds, platforms) = (units.seconds[u as usize], units.platforms[u as usize]);
                let limit = ratio * median * platforms as f64;
                if seconds >= limit {
                    continue;
                }
                let detail = format!(
                    "completed in {} for {platforms} platform(s), {} s per platform; the limit is {} x the median of {} s per platform = {} s",
                    shown_duration(&self.files[f], s, seconds),
                    round1(seconds / platforms as f64),
                    format_number(ratio),
                    round1(median),
                    round1(limit)
                );
                self.exclude((f, s), "speeder", detail);
            }
        }
    }

    /// The kept timed responses: a respondent's rows that share a submission time and a
    /// duration, each with its seconds and the number of platforms it rated.
    fn units(&self) -> Units {
        // (file, respondent key, time, duration bits) -> unit.
        type Key = (usize, u32, Option<i64>, u64);
        let mut index: HashMap<Key, u32> = HashMap::default();
        let mut units = Units::default();
        // The platforms each unit rated: a bit per platform below 64, (unit, platform) pairs
        // for the others.
        let mut masks: Vec<u64> = Vec::new();
        let mut rated: Vec<(u32, u32)> = Vec::new();
        // The rows of a response are usually next to each other: look the key up once a run.
        let mut last: Option<(Key, u32)> = None;
        for (f, d) in self.files.iter().enumerate() {
            let mut of = vec![u32::MAX; d.rows.len()];
            for (s, unit) in of.iter_mut().enumerate() {
                let Some(secs) = d.rows.duration_s(s).filter(|x| x.is_finite()) else {
                    continue;
                };
                let Some(p) = d.rows.platform(s).filter(|_| self.st.kept[f][s]) else {
                    continue;
                };
                let key = (f, d.rows.key_ix(s), d.rows.submitted_at(s), secs.to_bits());
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
                match 1u64.checked_shl(p as u32) {
                    Some(bit) if p < 64 => masks[u as usize] |= bit,
                    _ => rated.push((u, p as u32)),
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

    fn straightline(&mut self, judged: &[Vec<bool>]) {
        let rule = self.model.quality.straightline;
        if rule.action == StraightlineAction::Off {
            return;
        }
        for (f, judged) in judged.iter().enumerate() {
            let d = &self.files[f];
            let finder = Straight::new(self.model, d, judged, rule.min_answers, rule.min_share);
            let threads = crate::aggregate::table::worker_threads(d.rows.len());
            let parts = d.visit_parallel(threads, || finder.clone());
            for (s, shown, m, share) in parts.into_iter().flat_map(|p| p.found) {
                self.flag_straightline((f, s), &shown, &m, share, rule.action);
            }
        }
    }

    fn flag_straightline(
        &mut self,
        (f, s): (usize, usize),
        shown: &str,
        m: &Longstring,
        share: f64,
        action: StraightlineAction,
    ) {
        let detail = format!(
            "the longest run of identical Likert/frequency answers (\"{shown}\") covers {} of {} ({:.0}%), {} of them on reverse-keyed items; standard deviation {:.1} on 0..100",
            m.run,
            m.answers,
            100.0 * share,
            m.reverse_in_run,
            m.sd
        );
        let d = &self.files[f];
        let col = d.respondent_col;
        let location = Location::cell(
            &d.file,
            None,
            d.rows.row[s] as usize,
            col,
            d.headers.get(col).map(String::as_str),
        );
        self.st.diagnostics.push(
            Diagnostic::warning(
                Code::StraightLining,
                format!(
                    "submission of \"{}\" looks straight-lined: {detail}",
                    d.rows.respondent(s)
                ),
                location,
            )
            .with_hint(match (self.st.kept[f][s], action) {
                (false, _) => "it is excluded for another reason (see the excluded submissions)",
                (true, StraightlineAction::Exclude) => {
                    "excluded ([quality] straightline = \"exclude\")"
                }
                _ => "it still counts; set [quality] straightline = \"exclude\" to leave such submissions out",
            }),
        );
        if action == StraightlineAction::Exclude && self.st.kept[f][s] {
            self.exclude((f, s), "straight-lining", detail);
        }
    }
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

    fn get(&self, slot: usize) -> (u32, u8) {
        match self {
            Slots::Dense(v) => v[slot],
            Slots::Sparse(m) => m[&slot],
        }
    }
}

/// Timed responses: per unit its seconds and platforms; per file and row its unit.
#[derive(Default)]
struct Units {
    seconds: Vec<f64>,
    platforms: Vec<usize>,
    /// `of[file][row]`: the unit of a kept timed row, `u32::MAX` for other rows.
    of: Vec<Vec<u32>>,
}

/// The straight-lined rows of one file.
#[derive(Clone)]
struct Straight<'a> {
    d: &'a ColumnarSurvey,
    judged: &'a [bool],
    min_answers: usize,
    min_share: f64,
    /// Likert/frequency columns in file order: (column, reverse-keyed).
    likert: Vec<(usize, bool)>,
    /// `values[worker][j][code]`: the answer of likert column j before reverse keying (NaN:
    /// not a score).
    values: Vec<Vec<Vec<f64>>>,
    list: Vec<Answer>,
    found: Vec<(usize, String, Longstring, f64)>,
}

impl<'a> Straight<'a> {
    fn new(
        model: &Model,
        d: &'a ColumnarSurvey,
        judged: &'a [bool],
        min_answers: usize,
        min_share: f64,
    ) -> Self {
        let mut cols: Vec<(usize, usize, bool, f64, f64)> = d
            .columns
            .iter()
            .enumerate()
            .filter_map(|(k, &(item, col))| {
                let it = &model.items[item];
                match &model.scales[it.scale].kind {
                    ScaleKind::Ordinal(o) if o.labels.len() >= 3 => {
                        Some((col, k, it.reverse, o.min, o.max))
                    }
                    _ => None,
                }
            })
            .collect();
        cols.sort_by_key(|c| c.0);
        let values = (0..d.workers())
            .map(|w| {
                let dicts = d.dicts(w);
                cols.iter()
                    .map(|&(_, k, reverse, lo, hi)| {
                        (dicts[k].classes().iter())
                            .map(|c| match c {
                                CellClass::Score(v) if reverse => hi + lo - v,
                                CellClass::Score(v) => *v,
                                _ => f64::NAN,
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        Straight {
            d,
            judged,
            min_answers,
            min_share,
            likert: cols.iter().map(|c| (c.1, c.2)).collect(),
            values,
            list: Vec::new(),
            found: Vec::new(),
        }
    }
}

impl RowVisitor for Straight<'_> {
    fn row<T: CodeUnit>(&mut self, s: usize, worker: usize, codes: &[T]) {
        if !self.judged[s] {
            return;
        }
        let values = &self.values[worker];
        let answer = |j: usize, k: usize| values[j][codes[k].code() as usize];
        // The number of answers and the longest run first, without a list: most rows are far
        // from straight-lined. The share as `longstring` computes it, so that the cut-off is
        // the same.
        let (n, run) = longest_run(
            (self.likert.iter().enumerate())
                .map(|(j, &(k, _))| answer(j, k))
                .filter(|v| !v.is_nan()),
        );
        if n < self.min_answers || run as f64 / (n as f64) < self.min_share {
            return;
        }
        self.list.clear();
        for (j, &(k, reverse)) in self.likert.iter().enumerate() {
            let value = answer(j, k);
            if !value.is_nan() {
                self.list.push(Answer {
                    k,
                    code: codes[k].code(),
                    value,
                    reverse,
                });
            }
        }
        let m = longstring(&self.list);
        let share = m.run as f64 / m.answers as f64;
        if share < self.min_share {
            return;
        }
        let first = self.list[m.first];
        let shown = self.d.dicts(worker)[first.k].raw(first.code).display();
        self.found.push((s, shown, m, share));
    }
}

#[derive(Debug, Clone, Copy)]
struct Answer {
    k: usize,
    code: u32,
    value: f64,
    reverse: bool,
}

#[derive(Clone)]
struct Longstring {
    answers: usize,
    run: usize,
    reverse_in_run: usize,
    sd: f64,
    /// Position in the list of the first answer of the longest run.
    first: usize,
}

/// The number of answers and the length of the longest run of identical ones (as
/// [`longstring`] counts it: a run lasts while answers equal its first), without the rest.
fn longest_run(values: impl Iterator<Item = f64>) -> (usize, usize) {
    let (mut n, mut best, mut run, mut first) = (0, 0, 0, f64::NAN);
    for v in values {
        n += 1;
        if run > 0 && (v - first).abs() < 1e-9 {
            run += 1;
        } else {
            best = best.max(run);
            (first, run) = (v, 1);
        }
    }
    (n, best.max(run))
}

/// Longest run of identical answers, with the standard deviation of all answers.
fn longstring(list: &[Answer]) -> Longstring {
    let n = list.len();
    let (best_start, best, sd) = crate::quality::longest_run_and_sd(list, |a| a.value);
    let in_run = &list[best_start..best_start + best];
    Longstring {
        answers: n,
        run: best,
        reverse_in_run: in_run.iter().filter(|a| a.reverse).count(),
        sd,
        first: best_start,
    }
}

/// " (2025/03/13 16:37:46)" or nothing.
fn shown_time(d: &ColumnarSurvey, s: usize) -> String {
    d.rows
        .submitted_at_raw(s)
        .map_or(String::new(), |t| format!(" ({t})"))
}

/// "98 s", or "98 s (1分38秒)" when the file wrote it another way.
fn shown_duration(d: &ColumnarSurvey, s: usize, secs: f64) -> String {
    let mut shown = format!("{} s", format_number(secs));
    if let Some(raw) = d
        .rows
        .duration_raw(s)
        .filter(|r| r.trim() != format_number(secs))
    {
        shown.push_str(&format!(" ({raw})"));
    }
    shown
}
