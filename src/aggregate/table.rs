//! The observation table in columns, the form the aggregation works on: one row per kept
//! (submission, platform) pair that holds at least one value, and per item a column of small
//! codes into that item's distinct values. A million-row survey costs one or two bytes per cell
//! here, against 40 bytes per cell as a list of [`Answer`]s; pooling reads each column once.

use super::observations::{Answer, Counts};
use super::pool::{Acc, Pooled};
use crate::classify::columns::Codes;
use crate::definition::{Model, PlatformIx, RespondentStat};

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// Who gave the values of one row of the table, and where.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Respondent number, in order of first value (as in [`Answer::respondent`]).
    pub respondent: u32,
    pub platform: u32,
    pub weight: f64,
}

/// One item's values over the rows: code 0 is "no value", code k is `values[k - 1]`.
#[derive(Debug, Clone, Default)]
pub struct ValueColumn {
    values: Vec<f64>,
    index: HashMap<u64, u32>,
    codes: Codes,
}

impl ValueColumn {
    /// The code of a value, added when new.
    pub fn code_of(&mut self, v: f64) -> u32 {
        let next = self.values.len() as u32 + 1;
        let code = *self.index.entry(v.to_bits()).or_insert(next);
        if code == next {
            self.values.push(v);
        }
        code
    }

    /// Set the value code of `row` (rows may be set in any order).
    #[inline]
    pub fn set_code(&mut self, row: usize, code: u32) {
        if row == self.codes.len() {
            self.codes.push(code);
        } else {
            self.codes.set(row, code);
        }
    }

    #[inline]
    pub fn get(&self, row: usize) -> Option<f64> {
        match self.codes.get(row) {
            0 => None,
            c => Some(self.values[c as usize - 1]),
        }
    }

    /// Whether no row has a value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    pub fn values(&self) -> &[f64] {
        &self.values
    }

    pub fn codes(&self) -> &Codes {
        &self.codes
    }
}

/// The kept, classified answers of a run, in columns, with the counts of cells that have no
/// value and the free texts.
#[derive(Debug, Default)]
pub struct AnswerTable {
    pub pairs: Vec<Pair>,
    /// One column per item of the model (empty for items without any value).
    pub columns: Vec<ValueColumn>,
    /// `counts[platform][item]`.
    pub counts: Vec<Vec<Counts>>,
    /// Free-text answers per platform and item, in file order.
    pub texts: Vec<(PlatformIx, usize, String)>,
    /// Number of distinct respondents (respondent numbers are below it).
    pub respondents: usize,
}

impl AnswerTable {
    pub fn new(model: &Model) -> Self {
        AnswerTable {
            columns: vec![ValueColumn::default(); model.items.len()],
            counts: vec![vec![Counts::default(); model.items.len()]; model.platforms.len()],
            ..AnswerTable::default()
        }
    }

    pub fn push_pair(&mut self, respondent: u32, platform: PlatformIx, weight: f64) -> usize {
        self.pairs.push(Pair {
            respondent,
            platform: platform as u32,
            weight,
        });
        self.pairs.len() - 1
    }

    pub fn set(&mut self, row: usize, item: usize, value: f64) {
        let col = &mut self.columns[item];
        let code = col.code_of(value);
        col.set_code(row, code);
    }

    pub fn has(&self, row: usize, item: usize) -> bool {
        self.columns[item].codes.get(row) != 0
    }

    /// Every value as an [`Answer`], row by row and within a row by item: per (platform, item)
    /// the values come in file order, as in [`super::Observations::answers`].
    pub fn answers(&self) -> impl Iterator<Item = Answer> + '_ {
        let filled: Vec<usize> = (0..self.columns.len())
            .filter(|&i| !self.columns[i].is_empty())
            .collect();
        self.pairs.iter().enumerate().flat_map(move |(k, pair)| {
            filled.clone().into_iter().filter_map(move |i| {
                self.columns[i].get(k).map(|value| Answer {
                    platform: pair.platform as usize,
                    item: i,
                    respondent: pair.respondent as usize,
                    weight: pair.weight,
                    value,
                })
            })
        })
    }

    /// Contract step 3 for every item: `out[item][platform]`, the pooled value and n. One pass
    /// over each column; items are spread over the available cores.
    pub fn pool_items(&self, platforms: usize, stat: RespondentStat) -> Vec<Vec<Option<Pooled>>> {
        let pool_one = |col: &ValueColumn| -> Vec<Option<Pooled>> {
            if col.is_empty() {
                return vec![None; platforms];
            }
            let mut acc = vec![Acc::default(); platforms];
            for (k, pair) in self.pairs.iter().enumerate() {
                let code = col.codes.get(k);
                if code != 0 {
                    acc[pair.platform as usize].add(
                        stat,
                        pair.weight,
                        col.values[code as usize - 1],
                    );
                }
            }
            acc.into_iter().map(|a| a.finish(stat)).collect()
        };
        let threads = worker_threads(self.pairs.len());
        if threads < 2 {
            return self.columns.iter().map(pool_one).collect();
        }
        let per = self.columns.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = self
                .columns
                .chunks(per.max(1))
                .map(|cols| s.spawn(move || cols.iter().map(pool_one).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    }

    /// n_p (distinct respondents with at least one value for p) and, per platform and node,
    /// the distinct respondents with a value for some item under the node.
    pub fn respondent_counts(&self, model: &Model) -> (Vec<usize>, Vec<Vec<usize>>) {
        let mut per_platform = vec![0usize; model.platforms.len()];
        let mut per_node = vec![vec![0usize; model.nodes.len()]; model.platforms.len()];
        let node_items: Vec<Vec<usize>> = (0..model.nodes.len())
            .map(|n| {
                let mut items = model.items_under(n);
                items.retain(|&i| !self.columns[i].is_empty());
                items
            })
            .collect();
        // Rows of one respondent and platform next to each other (a respondent may have several
        // kept rows for a platform when duplicates are kept).
        let mut order: Vec<(u64, u32)> = self
            .pairs
            .iter()
            .enumerate()
            .map(|(k, p)| ((p.platform as u64) << 32 | p.respondent as u64, k as u32))
            .collect();
        order.sort_unstable();
        let mut seen = vec![false; model.nodes.len()];
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            let p = (group[0].0 >> 32) as usize;
            per_platform[p] += 1;
            seen.iter_mut().for_each(|s| *s = false);
            for &(_, k) in group {
                for (n, items) in node_items.iter().enumerate() {
                    if !seen[n] && items.iter().any(|&i| self.has(k as usize, i)) {
                        seen[n] = true;
                        per_node[p][n] += 1;
                    }
                }
            }
        }
        (per_platform, per_node)
    }
}

/// Threads for a pass over `rows` rows: one below 100k rows (spawning costs more than it
/// saves), else the available cores.
pub fn worker_threads(rows: usize) -> usize {
    if rows < 100_000 {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}
