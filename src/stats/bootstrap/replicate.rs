//! One replicate from its pooled values: the items (or pooled nodes) replaced, survey numbers
//! normalised again, the tree evaluated exactly as the nominal run does. Replicates run in
//! blocks on a few threads; each replicate has its own random stream, so the results do not
//! depend on the number of threads.

// Indexing is in range here: counts/pooled/items/node_scores are sized per platform and per design
// column of the same Model.
#![allow(clippy::indexing_slicing)]

use super::design::Design;
use super::resample::{Scratch, draw_counts, pool_block};
use crate::aggregate::normalise::{Notes, normalise_item, survey_items_normalised};
use crate::aggregate::pool::Pooled;
use crate::aggregate::{AggregateError, ItemScore, strata, up_the_tree};
use crate::definition::{ItemIx, Model, PoolOrder, RespondentStat, ScaleKind};
use std::collections::HashMap;

/// Replicates handled together: their counts and sums stay in the cache.
const BLOCK: usize = 16;

/// The scores of one replicate: `[platform][0]` the index, `[platform][1 + d]` dimension d.
pub type ReplicateScores = Vec<Vec<Option<f64>>>;

/// What every replicate shares.
pub struct Evaluator<'a> {
    pub model: &'a Model,
    pub design: &'a Design,
    /// The nominal items: platform-level values stay; survey items are replaced.
    pub template: &'a [Vec<ItemScore>],
    pub seed: u64,
}

impl Evaluator<'_> {
    /// Replicates `range`, in order, calling `progress` with the number done after each block.
    pub fn run_range(
        &self,
        range: std::ops::Range<usize>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Vec<ReplicateScores>, (usize, AggregateError)> {
        let stat = self.design.stat.unwrap_or(RespondentStat::Mean);
        let platforms = self.design.platforms.len();
        let mut counts: Vec<Vec<u32>> = vec![Vec::new(); platforms];
        let mut pooled: Vec<Vec<Option<f64>>> = vec![Vec::new(); platforms];
        let mut scratch = Scratch::default();
        let mut items = self.template.to_vec();
        let normalised = survey_items_normalised(self.model);
        let mut out = Vec::with_capacity(range.len());
        let mut first = range.start;
        while first < range.end {
            let block = BLOCK.min(range.end - first);
            draw_counts(self.design, self.seed, first as u64, block, &mut counts);
            for (p, s) in self.design.platforms.iter().enumerate() {
                pool_block(s, stat, &counts[p], block, &mut scratch, &mut pooled[p]);
            }
            for j in 0..block {
                let scores = self
                    .score(&pooled, j, &mut items, &normalised)
                    .map_err(|e| (first + j, e))?;
                out.push(scores);
            }
            progress(block as u64);
            first += block;
        }
        Ok(out)
    }

    /// Score one replicate with given row counts (`counts[p][row]`): all ones is the nominal
    /// sample, which must give the nominal scores.
    pub fn score_counts(&self, counts: &[Vec<u32>]) -> Result<ReplicateScores, AggregateError> {
        let stat = self.design.stat.unwrap_or(RespondentStat::Mean);
        let mut scratch = Scratch::default();
        let pooled: Vec<Vec<Option<f64>>> = self
            .design
            .platforms
            .iter()
            .zip(counts)
            .map(|(s, c)| {
                let mut out = Vec::new();
                pool_block(s, stat, c, 1, &mut scratch, &mut out);
                out
            })
            .collect();
        let mut items = self.template.to_vec();
        self.score(&pooled, 0, &mut items, &survey_items_normalised(self.model))
    }

    /// Score replicate `j` of the current block.
    fn score(
        &self,
        pooled: &[Vec<Option<f64>>],
        j: usize,
        items: &mut [Vec<ItemScore>],
        normalised: &[ItemIx],
    ) -> Result<ReplicateScores, AggregateError> {
        let model = self.model;
        let mut nodes: HashMap<(usize, usize), Pooled> = HashMap::new();
        let items_first = model.aggregation.order == PoolOrder::ItemsFirst;
        let keys = strata::Keys::of(model);
        for (p, s) in self.design.platforms.iter().enumerate() {
            let k = s.keys.len();
            // Items under `pool` rules: their strata, combined once all are pooled.
            let mut split: Vec<(ItemIx, Strata)> = Vec::new();
            for (c, &key) in s.keys.iter().enumerate() {
                let value = pooled[p][j * k + c];
                if !items_first {
                    if let Some(value) = value {
                        nodes.insert((p, key), Pooled { value, n: 0 });
                    }
                    continue;
                }
                match keys.split(key) {
                    (item, 0) => set_item(model, &mut items[p][item], item, value),
                    (item, stratum) => {
                        let at = match split.iter().position(|(i, _)| *i == item) {
                            Some(at) => at,
                            None => {
                                let weights = strata::weights_of(model, item);
                                split.push((item, weights.iter().map(|&w| (w, None)).collect()));
                                split.len() - 1
                            }
                        };
                        if let Some(slot) = split[at].1.get_mut(stratum as usize - 1) {
                            slot.1 = value.map(|value| Pooled { value, n: 1 });
                        }
                    }
                }
            }
            for (item, means) in split {
                let value = strata::combine(means.into_iter()).map(|m| m.value);
                set_item(model, &mut items[p][item], item, value);
            }
        }
        if items_first && !normalised.is_empty() {
            let mut notes = Notes::default();
            for &i in normalised {
                items.iter_mut().for_each(|row| row[i].score = None);
                if let ScaleKind::Numeric(num) = &model.scales[model.items[i].scale].kind {
                    normalise_item(model, i, num, items, &mut notes);
                }
            }
        }
        let (node_scores, index) = up_the_tree::evaluate(model, items, &nodes)?;
        Ok((0..model.platforms.len())
            .map(|p| {
                std::iter::once(index[p].score)
                    .chain(model.roots.iter().map(|&d| node_scores[p][d].score))
                    .collect()
            })
            .collect())
    }
}

/// The (weight, pooled value) of each value of an item's `pool` rule.
type Strata = Vec<(f64, Option<Pooled>)>;

/// A survey item's pooled value: the score, or the raw number of a scale normalised later.
fn set_item(model: &Model, item: &mut ItemScore, i: ItemIx, value: Option<f64>) {
    match &model.scales[model.items[i].scale].kind {
        ScaleKind::Numeric(n) if n.normalise.is_some() => item.raw = value,
        _ => item.score = value,
    }
}

/// Run `replicates` on `threads` threads (contiguous ranges), results in replicate order.
pub fn run_all(
    evaluator: &Evaluator,
    replicates: usize,
    threads: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<ReplicateScores>, (usize, AggregateError)> {
    let threads = threads.clamp(1, replicates.max(1));
    let per = replicates.div_ceil(threads);
    let ranges: Vec<std::ops::Range<usize>> = (0..threads)
        .map(|t| (t * per).min(replicates)..((t + 1) * per).min(replicates))
        .filter(|r| !r.is_empty())
        .collect();
    let parts: Vec<Result<Vec<ReplicateScores>, (usize, AggregateError)>> =
        std::thread::scope(|scope| {
            let handles: Vec<_> = ranges
                .into_iter()
                .map(|r| scope.spawn(move || evaluator.run_range(r, progress)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
    let mut all = Vec::with_capacity(replicates);
    for part in parts {
        all.extend(part?);
    }
    Ok(all)
}
