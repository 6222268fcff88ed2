//! The observation table in columns, the form the aggregation works on: one row per kept
//! (submission, platform) pair that holds at least one value, and per item a column of small
//! codes into that item's distinct values. A million-row survey costs one or two bytes per cell
//! here, against 40 bytes per cell as a list of [`Answer`]s; pooling reads each column once.

// Indexing is in range here: the answer table's columns, masks and counts are sized here from its
// own items × respondents × platforms; value codes are 1-based ixs into the column that issued
// them.
#![allow(clippy::indexing_slicing)]

use super::observations::{Answer, Counts};
use super::pool::{Acc, ExactSum, Pooled};
use crate::classify::columns::{CodeUnit, Codes};
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

    /// Append the value codes of further rows, after padding to `row` rows.
    pub fn append_codes(&mut self, row: usize, codes: &Codes) {
        self.codes.pad_to(row);
        self.codes.extend(codes);
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
    /// `pool` rules: per item, each row's stratum (0: none; empty for items without a rule).
    pub strata: Vec<Vec<u32>>,
    /// `pool` rules: each row's combination of attribute values (empty without rules).
    pub groups: Vec<u32>,
}

impl AnswerTable {
    pub fn new(model: &Model) -> Self {
        AnswerTable {
            columns: vec![ValueColumn::default(); model.items.len()],
            strata: vec![Vec::new(); model.items.len()],
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

    /// The `pool` stratum (s + 1) of a row's value of an item.
    pub fn set_stratum(&mut self, row: usize, item: usize, stratum: u32) {
        let col = &mut self.strata[item];
        if col.len() <= row {
            col.resize(row + 1, 0);
        }
        col[row] = stratum;
    }

    /// The combination of `pool` attribute values of a row's respondent.
    pub fn set_group(&mut self, row: usize, group: u32) {
        if self.groups.len() <= row {
            self.groups.resize(row + 1, 0);
        }
        self.groups[row] = group;
    }

    /// Contract step 3 for an item under a `pool` rule with these strata weights: the
    /// respondents pooled within each stratum, then the strata combined
    /// ([`super::strata::combine`]). `out[platform]`.
    pub fn pool_stratified(
        &self,
        item: usize,
        weights: &[f64],
        platforms: usize,
        stat: RespondentStat,
    ) -> Vec<Option<Pooled>> {
        let k = weights.len();
        let col = &self.columns[item];
        let strata = &self.strata[item];
        let mut acc = vec![Acc::default(); platforms * k];
        for (row, pair) in self.pairs.iter().enumerate() {
            let (Some(v), Some(&s)) = (col.get(row), strata.get(row)) else {
                continue;
            };
            if s == 0 || s as usize > k {
                continue;
            }
            acc[pair.platform as usize * k + s as usize - 1].add(stat, pair.weight, v);
        }
        let mut acc = acc.into_iter();
        (0..platforms)
            .map(|_| {
                let means: Vec<(f64, Option<Pooled>)> = (weights.iter())
                    .map(|&w| (w, acc.next().and_then(|a| a.finish(stat))))
                    .collect();
                super::strata::combine(means.into_iter())
            })
            .collect()
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
                    stratum: self.strata[i].get(k).copied().unwrap_or(0),
                    group: self.groups.get(k).copied().unwrap_or(0),
                })
            })
        })
    }

    /// Contract step 3 for every item: `out[item][platform]`, the pooled value and n. One pass
    /// over each column; items are spread over the available cores.
    pub fn pool_items(&self, platforms: usize, stat: RespondentStat) -> Vec<Vec<Option<Pooled>>> {
        // Unweighted means (no weight column) from value counts: an exact sum does not depend
        // on the order of its terms, so k equal values add as one exact product k * v.
        let unweighted = stat == RespondentStat::Mean && self.pairs.iter().all(|p| p.weight == 1.0);
        let pool_one = |col: &ValueColumn| -> Vec<Option<Pooled>> {
            if col.is_empty() {
                return vec![None; platforms];
            }
            if unweighted {
                return self.mean_by_counts(col, platforms);
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
        crate::parallel::map_ranges(self.columns.len(), threads, |cols| {
            self.columns[cols].iter().map(pool_one).collect::<Vec<_>>()
        })
        .into_iter()
        .flatten()
        .collect()
    }

    /// Pooled means of one column with every weight 1: counts of each value per platform, then
    /// per platform the exactly rounded sum of `count * value` (each product split into two
    /// exact terms) over the count. Equal, bit for bit, to adding the values one by one.
    fn mean_by_counts(&self, col: &ValueColumn, platforms: usize) -> Vec<Option<Pooled>> {
        let width = col.values.len() + 1;
        let mut counts = vec![0u64; platforms * width];
        let pairs = &self.pairs;
        match &col.codes {
            Codes::U8(c) => count_codes(c, pairs, width, &mut counts),
            Codes::U16(c) => count_codes(c, pairs, width, &mut counts),
            Codes::U32(c) => count_codes(c, pairs, width, &mut counts),
        }
        (0..platforms)
            .map(|p| {
                let row = &counts[p * width + 1..(p + 1) * width];
                let n: u64 = row.iter().sum();
                if n == 0 {
                    return None;
                }
                let mut sum = ExactSum::default();
                for (&m, &v) in row.iter().zip(&col.values) {
                    if m > 0 {
                        let m = m as f64;
                        let product = m * v;
                        sum.add(product);
                        let error = m.mul_add(v, -product);
                        if error != 0.0 {
                            sum.add(error);
                        }
                    }
                }
                Some(Pooled {
                    value: sum.sum() / n as f64,
                    n: n as usize,
                })
            })
            .collect()
    }

    /// n_p (distinct respondents with at least one value for p) and, per platform and node,
    /// the distinct respondents with a value for some item under the node.
    pub fn respondent_counts(&self, model: &Model) -> (Vec<usize>, Vec<Vec<usize>>) {
        let nodes = model.nodes.len();
        let platforms = model.platforms.len();
        let cells = self.respondents.saturating_mul(platforms);
        if nodes >= 64 || cells > 1 << 26 {
            return self.respondent_counts_sorted(model);
        }
        // Per row, the nodes with a value under them (bit n: node n), one column at a time;
        // then per respondent and platform the union of its rows' masks (bit 63: a row).
        let mut under: Vec<u64> = vec![0; self.columns.len()];
        for n in 0..nodes {
            for i in model.items_under(n) {
                under[i] |= 1 << n;
            }
        }
        let mut row_masks = vec![0u64; self.pairs.len()];
        for (i, col) in self.columns.iter().enumerate() {
            if col.is_empty() {
                continue;
            }
            let bits = under[i];
            match &col.codes {
                Codes::U8(c) => or_where_coded(c, bits, &mut row_masks),
                Codes::U16(c) => or_where_coded(c, bits, &mut row_masks),
                Codes::U32(c) => or_where_coded(c, bits, &mut row_masks),
            }
        }
        let mut masks = vec![0u64; cells];
        for (pair, &m) in self.pairs.iter().zip(&row_masks) {
            masks[pair.platform as usize * self.respondents + pair.respondent as usize] |=
                m | 1 << 63;
        }
        let mut per_platform = vec![0usize; platforms];
        let mut per_node = vec![vec![0usize; nodes]; platforms];
        for (p, row) in masks
            .chunks(self.respondents.max(1))
            .enumerate()
            .take(platforms)
        {
            for &m in row.iter().filter(|&&m| m != 0) {
                per_platform[p] += 1;
                let mut bits = m & !(1 << 63);
                while bits != 0 {
                    per_node[p][bits.trailing_zeros() as usize] += 1;
                    bits &= bits - 1;
                }
            }
        }
        (per_platform, per_node)
    }

    /// [`respondent_counts`](Self::respondent_counts) for trees of 64 nodes or more, or more
    /// respondent x platform cells than a bit mask each is worth: rows sorted by platform and
    /// respondent, each group counted once.
    fn respondent_counts_sorted(&self, model: &Model) -> (Vec<usize>, Vec<Vec<usize>>) {
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

/// `masks[k] |= bits` for every row k whose code is not 0 (no value).
fn or_where_coded<T: CodeUnit>(codes: &[T], bits: u64, masks: &mut [u64]) {
    for (m, c) in masks.iter_mut().zip(codes) {
        if c.code() != 0 {
            *m |= bits;
        }
    }
}

fn count_codes<T: CodeUnit>(codes: &[T], pairs: &[Pair], width: usize, counts: &mut [u64]) {
    for (c, pair) in codes.iter().zip(pairs) {
        counts[pair.platform as usize * width + c.code() as usize] += 1;
    }
}

/// Threads for a pass over `rows` rows: one below 100k rows (spawning costs more than it
/// saves), else the available cores.
pub fn worker_threads(rows: usize) -> usize {
    crate::parallel::threads_for(rows, 100_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::load_default;

    /// Means from value counts equal, bit for bit, the one-by-one exact sums.
    #[test]
    fn counted_means_equal_summed_means() {
        let model = load_default().unwrap().0;
        let mut t = AnswerTable::new(&model);
        let values = [
            0.0,
            25.0,
            72.41379310344827,
            86.20689655172414,
            100.0,
            1e-3,
            3.3,
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut expected = vec![Acc::default(); model.platforms.len()];
        for k in 0..5000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let p = (state % model.platforms.len() as u64) as usize;
            let row = t.push_pair(k, p, 1.0);
            if !state.is_multiple_of(11) {
                let v = values[(state >> 20) as usize % values.len()];
                t.set(row, 0, v);
                expected[p].add(RespondentStat::Mean, 1.0, v);
            }
        }
        let pooled = t.pool_items(model.platforms.len(), RespondentStat::Mean);
        for (p, acc) in expected.into_iter().enumerate() {
            let want = acc.finish(RespondentStat::Mean);
            let got = pooled[0][p];
            assert_eq!(
                got.map(|x| (x.value.to_bits(), x.n)),
                want.map(|x| (x.value.to_bits(), x.n)),
                "platform {p}"
            );
        }
    }
}
