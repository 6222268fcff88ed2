//! The long observation table of one run: every kept, classified answer with its respondent,
//! plus the counts of N/A, unanswered, invalid and skipped cells per platform and item.

// Indexing is in range here: per-file/per-row vectors (classes, kept, paired, number) are sized
// from the same survey data; codes index the dictionaries that produced them; platform/item ixs
// come from the Model.
#![allow(clippy::indexing_slicing)]

use super::table::AnswerTable;
use crate::classify::CellClass;
use crate::classify::columns::{CodeUnit, Codes};
use crate::classify::{ColumnarSurvey, RowVisitor};
use crate::definition::{Model, PlatformIx};
use crate::ingest::SurveyData;
use crate::quality::Screening;
use std::collections::{HashMap, HashSet};

/// Fixed-seed fast hashing for the per-respondent maps of large files.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// One respondent's value for one item of one platform (a score, or a raw number of a scale
/// that is normalised after pooling).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    pub platform: PlatformIx,
    pub item: usize,
    pub respondent: usize,
    pub weight: f64,
    pub value: f64,
    /// Stratum of the answer under its item's `pool` rule (0: no rule; s + 1: value s).
    pub stratum: u32,
    /// The respondent's combination of `pool` attribute values (0 without rules): the
    /// bootstrap draws respondents within each.
    pub group: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub na: usize,
    pub no_answer: usize,
    pub invalid: usize,
    pub skipped: usize,
}

#[derive(Debug, Default)]
pub struct Observations {
    pub answers: Vec<Answer>,
    /// `counts[platform][item]`.
    pub counts: Vec<Vec<Counts>>,
    /// Free-text answers per platform and item, in file order (for reports).
    pub texts: Vec<(PlatformIx, usize, String)>,
    /// Number of distinct respondents (indices in `answers` are below it).
    pub respondents: usize,
}

pub fn collect(
    model: &Model,
    surveys: &[SurveyData],
    classes: &[Vec<CellClass>],
    screening: &Screening,
) -> Observations {
    let mut obs = Observations {
        counts: vec![vec![Counts::default(); model.items.len()]; model.platforms.len()],
        ..Observations::default()
    };
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut groups: HashMap<&[String], u32> = HashMap::new();
    for (f, data) in surveys.iter().enumerate() {
        let evaluated = evaluated_pairs(data, &classes[f]);
        for (cell, class) in data.cells.iter().zip(&classes[f]) {
            if !screening.kept[f][cell.submission] {
                continue;
            }
            let sub = &data.submissions[cell.submission];
            let counts = &mut obs.counts[cell.platform][cell.item];
            let value = match class {
                CellClass::Score(v) | CellClass::Number(v) => *v,
                CellClass::Na => {
                    counts.na += 1;
                    continue;
                }
                CellClass::NoAnswer => {
                    counts.no_answer += 1;
                    continue;
                }
                CellClass::Invalid(_) => {
                    counts.invalid += 1;
                    continue;
                }
                CellClass::Skipped => {
                    if evaluated.contains(&(cell.submission, cell.platform)) {
                        counts.skipped += 1;
                    }
                    continue;
                }
                CellClass::Text(t) => {
                    obs.texts.push((cell.platform, cell.item, t.clone()));
                    continue;
                }
            };
            // An answer whose `pool` value is not listed does not count: not applicable.
            let Some(stratum) = super::strata::stratum_of(model, cell.item, &sub.attributes) else {
                counts.skipped += 1;
                continue;
            };
            let next = ids.len();
            let respondent = *ids.entry(sub.respondent_key.as_str()).or_insert(next);
            let next_group = groups.len() as u32;
            let group = *groups
                .entry(sub.attributes.as_slice())
                .or_insert(next_group);
            obs.answers.push(Answer {
                platform: cell.platform,
                item: cell.item,
                respondent,
                weight: sub.weight,
                value,
                stratum,
                group,
            });
        }
    }
    obs.respondents = ids.len();
    obs
}

/// The kept answers of the run as a columnar [`AnswerTable`] (what the aggregation pools):
/// one row per kept (submission, platform) pair with a value, in file order, with the same
/// respondent numbers, counts and texts as [`collect`].
pub fn collect_table(
    model: &Model,
    surveys: &[SurveyData],
    classes: &[Vec<CellClass>],
    screening: &Screening,
) -> AnswerTable {
    let mut t = AnswerTable::new(model);
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let mut groups: HashMap<&[String], u32> = HashMap::new();
    for (f, data) in surveys.iter().enumerate() {
        let evaluated = evaluated_pairs(data, &classes[f]);
        // (submission, platform) -> its row of the table.
        let mut rows: HashMap<(usize, PlatformIx), usize> = HashMap::new();
        for (cell, class) in data.cells.iter().zip(&classes[f]) {
            if !screening.kept[f][cell.submission] {
                continue;
            }
            let counts = &mut t.counts[cell.platform][cell.item];
            let value = match class {
                CellClass::Score(v) | CellClass::Number(v) => *v,
                CellClass::Na => {
                    counts.na += 1;
                    continue;
                }
                CellClass::NoAnswer => {
                    counts.no_answer += 1;
                    continue;
                }
                CellClass::Invalid(_) => {
                    counts.invalid += 1;
                    continue;
                }
                CellClass::Skipped => {
                    if evaluated.contains(&(cell.submission, cell.platform)) {
                        counts.skipped += 1;
                    }
                    continue;
                }
                CellClass::Text(text) => {
                    t.texts.push((cell.platform, cell.item, text.clone()));
                    continue;
                }
            };
            let sub = &data.submissions[cell.submission];
            // An answer whose `pool` value is not listed does not count: not applicable.
            let Some(stratum) = super::strata::stratum_of(model, cell.item, &sub.attributes) else {
                t.counts[cell.platform][cell.item].skipped += 1;
                continue;
            };
            let next = ids.len() as u32;
            let respondent = *ids.entry(sub.respondent_key.as_str()).or_insert(next);
            let next_group = groups.len() as u32;
            let group = *groups
                .entry(sub.attributes.as_slice())
                .or_insert(next_group);
            let key = (cell.submission, cell.platform);
            // A second value for the same item of a pair (two columns read as one item) opens a
            // new row, so that no value is lost and file order is kept.
            let row = match rows.get(&key) {
                Some(&row) if !t.has(row, cell.item) => row,
                _ => {
                    let row = t.push_pair(respondent, cell.platform, sub.weight);
                    if model.has_pool_rules() {
                        t.set_group(row, group);
                    }
                    rows.insert(key, row);
                    row
                }
            };
            t.set(row, cell.item, value);
            if stratum > 0 {
                t.set_stratum(row, cell.item, stratum);
            }
        }
    }
    t.respondents = ids.len();
    t
}

/// [`collect_table`] for files read by the columnar path: the same rows, numbers, counts and
/// texts, from the class codes of the kept rows (`kept[file][row]`). Two passes: the table
/// rows and respondent numbers in file order, then codes, counts and texts on every core.
pub fn collect_columnar(
    model: &Model,
    files: &[ColumnarSurvey],
    kept: &[Vec<bool>],
    with_texts: bool,
) -> AnswerTable {
    let mut t = AnswerTable::new(model);
    // Respondent numbers are given on a first value, over all files, by key.
    let mut ids: FastMap<&str, u32> = FastMap::default();
    for (f, data) in files.iter().enumerate() {
        let items: Vec<usize> = data.columns.iter().map(|&(item, _)| item).collect();
        let meaning = meanings(&mut t, data, &items);
        let first = t.pairs.len();
        let mut numbering = Numbering {
            t: &mut t,
            data,
            kept: &kept[f],
            meaning: &meaning,
            number: vec![None; data.rows.keys.len()],
            ids: &mut ids,
            paired: vec![false; data.rows.len()],
        };
        data.visit(&mut numbering);
        let paired = numbering.paired;
        let skips = meaning
            .iter()
            .flatten()
            .flatten()
            .any(|m| *m == Meaning::Skipped);
        let threads = super::table::worker_threads(data.rows.len());
        let parts = data.visit_parallel(threads, || Fill {
            data,
            kept: &kept[f],
            paired: &paired,
            items: &items,
            meaning: &meaning,
            skips,
            platforms: model.platforms.len(),
            counts: vec![Counts::default(); model.platforms.len() * items.len()],
            codes: vec![Codes::default(); items.len()],
            texts: Vec::new(),
            with_texts,
        });
        let mut row = first;
        for part in parts {
            for (k, &item) in items.iter().enumerate() {
                t.columns[item].append_codes(row, &part.codes[k]);
            }
            row += part.codes.first().map_or(0, Codes::len);
            for (ix, c) in part.counts.into_iter().enumerate() {
                let total = &mut t.counts[ix / items.len()][items[ix % items.len()]];
                total.na += c.na;
                total.no_answer += c.no_answer;
                total.invalid += c.invalid;
                total.skipped += c.skipped;
            }
            t.texts.extend(part.texts);
        }
    }
    t.respondents = ids.len();
    t
}

/// Pass one: a table row for every kept row with a value, in file order, with its respondent
/// number (given on a first value, by key).
struct Numbering<'a, 'b> {
    t: &'a mut AnswerTable,
    data: &'b ColumnarSurvey,
    kept: &'a [bool],
    meaning: &'a [Vec<Vec<Meaning>>],
    /// Respondent number per respondent key of the file.
    number: Vec<Option<u32>>,
    ids: &'a mut FastMap<&'b str, u32>,
    /// Whether a row of the file got a table row.
    paired: Vec<bool>,
}

impl RowVisitor for Numbering<'_, '_> {
    fn row<T: CodeUnit>(&mut self, r: usize, worker: usize, codes: &[T]) {
        let data = self.data;
        let Some(p) = data.rows.platform(r).filter(|_| self.kept[r]) else {
            return;
        };
        let m = &self.meaning[worker];
        let valued =
            (0..codes.len()).any(|k| matches!(m[k][codes[k].code() as usize], Meaning::Value(_)));
        if !valued {
            return;
        }
        let key = data.rows.key_ix(r) as usize;
        let ids = &mut *self.ids;
        let respondent = *self.number[key].get_or_insert_with(|| {
            let next = ids.len() as u32;
            *ids.entry(&data.rows.keys[key]).or_insert(next)
        });
        self.t.push_pair(respondent, p, data.rows.weight[r]);
        self.paired[r] = true;
    }
}

/// Pass two over a run of chunks: value codes of the table rows, counts and texts.
struct Fill<'a> {
    data: &'a ColumnarSurvey,
    kept: &'a [bool],
    paired: &'a [bool],
    items: &'a [usize],
    meaning: &'a [Vec<Vec<Meaning>>],
    /// Whether any spelling is a skip (else no row needs the "evaluated" test).
    skips: bool,
    platforms: usize,
    /// `[platform * columns + k]`.
    counts: Vec<Counts>,
    /// Per column, one code per table row of this run (0: no value).
    codes: Vec<Codes>,
    texts: Vec<(PlatformIx, usize, String)>,
    /// Whether free-text answers are collected (not for results without item detail).
    with_texts: bool,
}

impl RowVisitor for Fill<'_> {
    fn row<T: CodeUnit>(&mut self, r: usize, worker: usize, codes: &[T]) {
        let data = self.data;
        let Some(p) = data.rows.platform(r).filter(|_| self.kept[r]) else {
            return;
        };
        debug_assert!(p < self.platforms);
        let m = &self.meaning[worker];
        let meaning = |k: usize| m[k][codes[k].code() as usize];
        // In a long file a row is one evaluated (submission, platform) pair unless every cell
        // of it is a skip.
        let evaluated = !self.skips || (0..codes.len()).any(|k| meaning(k) != Meaning::Skipped);
        let paired = self.paired[r];
        let counts = &mut self.counts[p * codes.len()..(p + 1) * codes.len()];
        for (k, counts) in counts.iter_mut().enumerate() {
            let meaning = meaning(k);
            if let Meaning::Value(v) = meaning {
                self.codes[k].push(v);
                continue;
            }
            if paired {
                self.codes[k].push(0);
            }
            match meaning {
                Meaning::Value(_) => {}
                Meaning::Na => counts.na += 1,
                Meaning::NoAnswer => counts.no_answer += 1,
                Meaning::Invalid => counts.invalid += 1,
                Meaning::Skipped => counts.skipped += usize::from(evaluated),
                Meaning::Text if !self.with_texts => {}
                Meaning::Text => {
                    if let CellClass::Text(text) = data.dicts(worker)[k].get(codes[k].code()) {
                        self.texts.push((p, self.items[k], text.clone()));
                    }
                }
            }
        }
    }
}

/// What a class code means for the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    /// The code of the value in the item's column.
    Value(u32),
    Na,
    NoAnswer,
    Invalid,
    Skipped,
    Text,
}

/// `meanings[worker][k][code]`, worked out once per spelling instead of once per cell.
fn meanings(t: &mut AnswerTable, data: &ColumnarSurvey, items: &[usize]) -> Vec<Vec<Vec<Meaning>>> {
    (0..data.workers())
        .map(|w| {
            data.dicts(w)
                .iter()
                .zip(items)
                .map(|(dict, &item)| {
                    dict.classes()
                        .iter()
                        .map(|c| match c {
                            CellClass::Score(v) | CellClass::Number(v) => {
                                Meaning::Value(t.columns[item].code_of(*v))
                            }
                            CellClass::Na => Meaning::Na,
                            CellClass::NoAnswer => Meaning::NoAnswer,
                            CellClass::Invalid(_) => Meaning::Invalid,
                            CellClass::Skipped => Meaning::Skipped,
                            CellClass::Text(_) => Meaning::Text,
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// The (submission, platform) pairs a respondent evaluated: those with at least one cell that
/// is not a skip. A wide export marks every cell of a platform the respondent did not tick as
/// skipped; those pairs are "not evaluated", not skipped questions, and a long export has no
/// rows for them at all. Counting skips only inside evaluated pairs gives every shape of the
/// same survey the same counts.
fn evaluated_pairs(data: &SurveyData, classes: &[CellClass]) -> HashSet<(usize, PlatformIx)> {
    data.cells
        .iter()
        .zip(classes)
        .filter(|(_, c)| **c != CellClass::Skipped)
        .map(|(cell, _)| (cell.submission, cell.platform))
        .collect()
}
