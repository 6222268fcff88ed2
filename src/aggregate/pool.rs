//! Pooling respondents into platform values (contract step 3): S(p,k) = sum_r w_r v_r / sum_r w_r
//! (or the median / trimmed mean of v_r), and n(p,k), the number of observations, per
//! (platform, key). `k` is an item or a node, depending on the order.
//!
//! Two implementations: [`pool`], a plain Rust pass with one accumulator per group (the hot
//! path), and `pool_polars`, the same as one polars group-by. The plain pass sums exactly
//! (correctly rounded, so independent of row order, which polars' Kahan sums in row order are
//! not: they differ in the last bits when rows are shuffled); medians and trimmed means are
//! taken on the sorted group, as polars does. The two agree to within a few ulps. On the
//! 1M-row benchmark the plain pass is many times faster and needs no copy of the table
//! (`docs/benchmarks.md`); the polars version (`benches/support/pool_polars.rs`, polars being a
//! dev-dependency) stays as the oracle of the tests and the baseline of the benchmarks.

// Indexing is in range here: partials/sorted/kept are indexed below their own len (loop bounds and
// a checked non-empty case).
#![allow(clippy::indexing_slicing)]

use crate::definition::RespondentStat;
use std::collections::HashMap;

/// One respondent's value for a (platform, key) pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Obs {
    pub platform: u32,
    pub key: u32,
    pub weight: f64,
    pub value: f64,
}

/// A pooled value and the number of observations behind it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pooled {
    pub value: f64,
    pub n: usize,
}

/// An exactly rounded sum (Shewchuk's algorithm, as Python's `math.fsum`): the result is the
/// true sum of the inputs rounded once, so it does not depend on their order. A score must not
/// change when the rows of an export are shuffled; compensated (Kahan) or plain sums in row
/// order differ in the last bits.
#[derive(Debug, Clone, Default)]
pub struct ExactSum {
    /// Non-overlapping partial sums, smallest magnitude first; usually one to three.
    partials: Vec<f64>,
}

impl ExactSum {
    pub fn add(&mut self, mut x: f64) {
        let mut kept = 0;
        for i in 0..self.partials.len() {
            let mut y = self.partials[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        self.partials.truncate(kept);
        self.partials.push(x);
    }

    /// The correctly rounded sum (round half to even, as one IEEE addition would).
    pub fn sum(&self) -> f64 {
        let p = &self.partials;
        let Some(&top) = p.last() else { return 0.0 };
        if !top.is_finite() {
            return p.iter().sum();
        }
        let mut hi = top;
        let mut lo = 0.0;
        let mut i = p.len() - 1;
        while i > 0 {
            let x = hi;
            let y = p[i - 1];
            i -= 1;
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        // Halfway cases: the rest of the partials decide which way to round.
        if i > 0 && ((lo < 0.0 && p[i - 1] < 0.0) || (lo > 0.0 && p[i - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        hi
    }
}

/// The accumulator of one (platform, key) group.
#[derive(Debug, Clone, Default)]
pub enum Acc {
    #[default]
    Empty,
    /// Weighted mean: sums of w*v and of w, and the count.
    Mean { vw: ExactSum, w: ExactSum, n: usize },
    /// Median and trimmed mean need every value.
    Values(Vec<f64>),
}

impl Acc {
    /// Add one observation.
    #[inline]
    pub fn add(&mut self, stat: RespondentStat, weight: f64, value: f64) {
        match self {
            Acc::Mean { vw, w, n } => {
                vw.add(value * weight);
                w.add(weight);
                *n += 1;
            }
            Acc::Values(v) => v.push(value),
            Acc::Empty => {
                *self = match stat {
                    RespondentStat::Mean => {
                        let mut a = Acc::Mean {
                            vw: ExactSum::default(),
                            w: ExactSum::default(),
                            n: 0,
                        };
                        a.add(stat, weight, value);
                        a
                    }
                    _ => Acc::Values(vec![value]),
                }
            }
        }
    }

    /// The pooled value; None for a group without observations.
    pub fn finish(self, stat: RespondentStat) -> Option<Pooled> {
        match self {
            Acc::Empty => None,
            Acc::Mean { vw, w, n } => Some(Pooled {
                value: vw.sum() / w.sum(),
                n,
            }),
            Acc::Values(mut v) => {
                let n = v.len();
                v.sort_by(f64::total_cmp);
                let value = match stat {
                    RespondentStat::TrimmedMean(share) => trimmed_mean(&v, share),
                    _ => median(&v),
                };
                Some(Pooled { value, n })
            }
        }
    }
}

/// Median of sorted values, polars' `QuantileMethod::Linear` at 0.5.
fn median(sorted: &[f64]) -> f64 {
    let float_idx = (sorted.len() - 1) as f64 * 0.5;
    let idx = float_idx as usize;
    let lower = sorted[idx];
    if float_idx.ceil() as usize == idx {
        return lower;
    }
    let upper = sorted[idx + 1];
    if lower == upper {
        lower
    } else {
        (float_idx - idx as f64) * (upper - lower) + lower
    }
}

/// R's mean(x, trim): drop floor(n * share) values from each end of the sorted values.
fn trimmed_mean(sorted: &[f64], share: f64) -> f64 {
    let n = sorted.len();
    let cut = (n as f64 * share) as usize;
    let kept = &sorted[cut..n - cut];
    if kept.len() == 1 {
        return kept[0];
    }
    let mut sum = ExactSum::default();
    kept.iter().for_each(|&x| sum.add(x));
    sum.sum() / kept.len() as f64
}

/// Pool observations per (platform, key), in one pass over the table.
pub fn pool(obs: &[Obs], stat: RespondentStat) -> HashMap<(u32, u32), Pooled> {
    let mut groups: HashMap<(u32, u32), Acc> = HashMap::new();
    for o in obs {
        groups
            .entry((o.platform, o.key))
            .or_default()
            .add(stat, o.weight, o.value);
    }
    groups
        .into_iter()
        .filter_map(|(k, acc)| acc.finish(stat).map(|p| (k, p)))
        .collect()
}

// polars is a dev-dependency: its group-by is the oracle of the tests below and the baseline
// of the benchmark, in one file that both include.
#[cfg(test)]
#[path = "../../benches/support/pool_polars.rs"]
mod pool_polars;

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(platform: u32, key: u32, weight: f64, value: f64) -> Obs {
        Obs {
            platform,
            key,
            weight,
            value,
        }
    }

    #[test]
    fn weighted_mean_per_platform_and_key() {
        let o = [
            obs(0, 0, 1.0, 50.0),
            obs(0, 0, 3.0, 100.0),
            obs(0, 1, 1.0, 20.0),
            obs(1, 0, 1.0, 0.0),
        ];
        let p = pool(&o, RespondentStat::Mean);
        assert_eq!(p[&(0, 0)], Pooled { value: 87.5, n: 2 });
        assert_eq!(p[&(0, 1)], Pooled { value: 20.0, n: 1 });
        assert_eq!(p[&(1, 0)], Pooled { value: 0.0, n: 1 });
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn exact_sums_do_not_depend_on_order() {
        let values = [
            1e16,
            1.0,
            -1e16,
            0.1,
            0.2,
            0.3,
            49.84326018808777,
            1e-3,
            3.0e-17,
        ];
        let sum_of = |v: &[f64]| {
            let mut s = ExactSum::default();
            v.iter().for_each(|&x| s.add(x));
            s.sum()
        };
        let forward = sum_of(&values);
        let mut reversed = values;
        reversed.reverse();
        assert_eq!(forward.to_bits(), sum_of(&reversed).to_bits());
        // 1e16 + 1 - 1e16 is 1 exactly, which a plain left-to-right sum loses.
        assert_eq!(sum_of(&[1e16, 1.0, -1e16]), 1.0);
        assert_eq!(sum_of(&[0.1, 0.2, 0.3]), 0.6);
        assert_eq!(sum_of(&[]), 0.0);
    }

    #[test]
    fn median_and_trimmed_mean_ignore_weights() {
        let vals = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 1000.0];
        let o: Vec<Obs> = vals.iter().map(|&v| obs(0, 0, 5.0, v)).collect();
        let med = pool(&o, RespondentStat::Median)[&(0, 0)];
        assert_eq!(med.value, 45.0);
        // trim 0.1 of 10 drops one value at each end: mean of 10..80.
        let trimmed = pool(&o, RespondentStat::TrimmedMean(0.1))[&(0, 0)];
        assert_eq!(trimmed, Pooled { value: 45.0, n: 10 });
    }

    use super::pool_polars::pool_polars;

    /// The plain pass and the polars group-by agree to a few ulps (polars sums with Kahan
    /// compensation in row order, the plain pass exactly).
    #[test]
    fn plain_pass_matches_polars() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut o = Vec::new();
        for _ in 0..3000 {
            let r = next();
            // Groups of very different sizes (1 to a few hundred), so both the short sums and
            // polars' long-group paths are exercised.
            let key = (r % 7) as u32 * (r % 3) as u32;
            let value = 100.0 * ((next() % 1_000_003) as f64 / 1_000_003.0);
            let weight = if r % 5 == 0 {
                0.37
            } else {
                1.0 + (r % 4) as f64
            };
            o.push(obs((r >> 40) as u32 % 3, key, weight, value));
        }
        for stat in [
            RespondentStat::Mean,
            RespondentStat::Median,
            RespondentStat::TrimmedMean(0.1),
            RespondentStat::TrimmedMean(0.25),
        ] {
            let plain = pool(&o, stat);
            let polars = pool_polars(&o, stat).unwrap();
            assert_eq!(plain.len(), polars.len());
            for (k, v) in &polars {
                let p = plain[k];
                assert_eq!(p.n, v.n, "{stat:?} {k:?}");
                assert!(
                    (p.value - v.value).abs() <= 1e-12 * v.value.abs().max(1.0),
                    "{stat:?} {k:?}: {p:?} vs {v:?}"
                );
            }
        }
    }
}
