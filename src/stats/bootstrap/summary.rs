//! From replicate scores to the published summary: percentile intervals of the scores,
//! 5th-95th percentile rank intervals, the probability of ranking first, and which ranked
//! platforms cannot be told apart (overlapping score intervals).

// Indexing is in range here: replicate rows have one entry per platform × target of the same
// frame; quantile ixs are clamped to 0..len (callers skip empty samples).
#![allow(clippy::indexing_slicing)]

use super::replicate::ReplicateScores;
use crate::rank::ranks_on;
use crate::results::{Draws, PlatformBootstrap, Uncertainty};
use indexmap::IndexMap;

/// Coverage of the score intervals.
pub const LEVEL: f64 = 0.95;
/// Percentiles of the rank intervals.
pub const RANK_PERCENTILES: [f64; 2] = [5.0, 95.0];

/// What the summary needs to know about the platforms, in the model's platform order.
pub struct Frame<'a> {
    pub ids: Vec<&'a str>,
    /// Ranked nominally (replicate ranks are among these platforms only).
    pub ranked: Vec<bool>,
    /// Target names: "index", then the dimension ids.
    pub dimensions: Vec<&'a str>,
    pub decimals: u32,
    /// Which values ranks compare (`[aggregation] rank_on`).
    pub rank_on: crate::definition::RankOn,
}

/// Summaries per platform id (model order); the caller orders them like the results.
pub fn summarise(
    frame: &Frame,
    replicates: &[ReplicateScores],
) -> IndexMap<String, PlatformBootstrap> {
    let targets = 1 + frame.dimensions.len();
    let platforms = frame.ids.len();
    // ranks[t][p]: the rank of p on target t in every replicate where it has one.
    let mut ranks: Vec<Vec<Vec<u32>>> = vec![vec![Vec::new(); platforms]; targets];
    for rep in replicates {
        for (t, per_target) in ranks.iter_mut().enumerate() {
            let values: Vec<Option<f64>> = (0..platforms)
                .map(|p| rep[p][t].filter(|_| frame.ranked[p]))
                .collect();
            for (p, r) in ranks_on(&values, frame.decimals, frame.rank_on)
                .into_iter()
                .enumerate()
            {
                if let Some(r) = r {
                    per_target[p].push(r);
                }
            }
        }
    }
    let mut table: Vec<Vec<Option<Uncertainty>>> = (0..platforms)
        .map(|p| {
            (0..targets)
                .map(|t| {
                    let values: Vec<f64> = replicates.iter().filter_map(|r| r[p][t]).collect();
                    uncertainty(values, &ranks[t][p], frame.ranked[p], replicates.len())
                })
                .collect()
        })
        .collect();
    mark_overlaps(frame, &mut table);
    frame
        .ids
        .iter()
        .zip(table)
        .enumerate()
        .map(|(p, (id, mut row))| {
            let draws = draws(frame, replicates, p);
            let index = row[0].take();
            let dimensions = frame
                .dimensions
                .iter()
                .zip(row.into_iter().skip(1))
                .filter_map(|(d, u)| u.map(|u| (d.to_string(), u)))
                .collect();
            let bootstrap = PlatformBootstrap {
                index,
                dimensions,
                draws: Some(draws),
            };
            (id.to_string(), bootstrap)
        })
        .collect()
}

/// The replicate scores of platform p: the index, and each dimension scored in a replicate.
fn draws(frame: &Frame, replicates: &[ReplicateScores], p: usize) -> Draws {
    let column = |t: usize| -> Vec<Option<f64>> { replicates.iter().map(|r| r[p][t]).collect() };
    Draws {
        index: column(0),
        dimensions: frame
            .dimensions
            .iter()
            .enumerate()
            .map(|(k, d)| (d.to_string(), column(k + 1)))
            .filter(|(_, v)| v.iter().any(Option::is_some))
            .collect(),
    }
}

fn uncertainty(
    mut values: Vec<f64>,
    ranks: &[u32],
    ranked: bool,
    replicates: usize,
) -> Option<Uncertainty> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let tail = (1.0 - LEVEL) / 2.0;
    let (rank_low, rank_high, p_first) = if ranked && !ranks.is_empty() {
        let mut sorted = ranks.to_vec();
        sorted.sort_unstable();
        let first = ranks.iter().filter(|&&r| r == 1).count();
        (
            Some(nearest_rank(&sorted, RANK_PERCENTILES[0] / 100.0)),
            Some(nearest_rank(&sorted, RANK_PERCENTILES[1] / 100.0)),
            Some(first as f64 / replicates as f64),
        )
    } else {
        (None, None, None)
    };
    Some(Uncertainty {
        low: crate::rank::unsigned_zero(quantile(&values, tail)),
        high: crate::rank::unsigned_zero(quantile(&values, 1.0 - tail)),
        rank_low,
        rank_high,
        p_first,
        replicates_scored: values.len(),
        not_different_from: Vec::new(),
    })
}

/// Ranked platforms whose intervals on a target overlap are not significantly different.
fn mark_overlaps(frame: &Frame, table: &mut [Vec<Option<Uncertainty>>]) {
    let targets = 1 + frame.dimensions.len();
    for t in 0..targets {
        let spans: Vec<Option<(f64, f64)>> = table
            .iter()
            .enumerate()
            .map(|(p, row)| {
                row[t]
                    .as_ref()
                    .filter(|_| frame.ranked[p])
                    .map(|u| (u.low, u.high))
            })
            .collect();
        for (p, row) in table.iter_mut().enumerate() {
            let (Some(u), Some((lo, hi))) = (row[t].as_mut(), spans[p]) else {
                continue;
            };
            u.not_different_from = spans
                .iter()
                .enumerate()
                .filter(|&(q, s)| q != p && s.is_some_and(|(l, h)| lo <= h && l <= hi))
                .map(|(q, _)| frame.ids[q].to_string())
                .collect();
        }
    }
}

/// Type 7 quantile (R's default): linear interpolation between order statistics.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The nearest-rank percentile (type 1): the smallest value with at least a share q of the
/// values at or below it, so rank intervals are whole ranks.
fn nearest_rank(sorted: &[u32], q: f64) -> u32 {
    let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[k - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_follow_r() {
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile(&v, 0.5), 3.0);
        assert!((quantile(&v, 0.975) - 9.4).abs() < 1e-12);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(nearest_rank(&[1, 1, 2, 2, 3, 3, 3, 4, 5, 9], 0.05), 1);
        assert_eq!(nearest_rank(&[1, 1, 2, 2, 3, 3, 3, 4, 5, 9], 0.95), 9);
    }

    #[test]
    fn overlapping_intervals_are_not_different() {
        let frame = Frame {
            ids: vec!["a", "b", "c"],
            ranked: vec![true, true, true],
            dimensions: vec![],
            decimals: 1,
            rank_on: crate::definition::RankOn::Published,
        };
        // a is always 90ish, b and c around 50 and interleaving.
        let reps: Vec<ReplicateScores> = (0..40)
            .map(|i| {
                let x = f64::from(i % 4);
                vec![
                    vec![Some(90.0 + x)],
                    vec![Some(50.0 + x)],
                    vec![Some(51.0 + x)],
                ]
            })
            .collect();
        let s = summarise(&frame, &reps);
        let a = s["a"].index.as_ref().unwrap();
        assert_eq!(
            (a.rank_low, a.rank_high, a.p_first),
            (Some(1), Some(1), Some(1.0))
        );
        assert!(a.not_different_from.is_empty());
        assert_eq!(s["b"].index.as_ref().unwrap().not_different_from, vec!["c"]);
        assert_eq!(s["c"].index.as_ref().unwrap().rank_low, Some(2));
    }
}
