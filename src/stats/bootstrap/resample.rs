//! Drawing respondents and pooling them, for a block of replicates at once: the counts of
//! each row (how often the respondent was drawn) weight the precomputed row sums, so a
//! replicate costs one pass over a compact matrix instead of a new group-by.

// Indexing is in range here: counts are resized to rows × block before use; j,k,c,r run over those
// same dimensions; medians read only non-empty buckets.
#![allow(clippy::indexing_slicing)]

use super::design::{Design, LANES, PlatformSample};
use crate::definition::RespondentStat;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The random stream of one replicate: the seed's stream number `replicate`, so a replicate
/// draws the same respondents whichever thread runs it.
pub fn replicate_rng(seed: u64, replicate: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(replicate);
    rng
}

/// Row counts of a block of replicates, per platform: `counts[p][j * rows + row]` is how
/// often replicate `first + j` drew the row (one replicate's counts are contiguous, so the
/// random increments stay in the cache). Each platform draws as many rows as it has.
pub fn draw_counts(design: &Design, seed: u64, first: u64, block: usize, counts: &mut [Vec<u32>]) {
    for (p, s) in design.platforms.iter().enumerate() {
        counts[p].clear();
        counts[p].resize(s.rows * block, 0);
    }
    for j in 0..block {
        let mut rng = replicate_rng(seed, first + j as u64);
        for (p, s) in design.platforms.iter().enumerate() {
            let n = s.rows;
            let mine = &mut counts[p][j * n..(j + 1) * n];
            if s.strata.is_empty() {
                for _ in 0..n {
                    mine[rng.random_range(0..n as u32) as usize] += 1;
                }
            } else {
                // `pool` strata: each draws as many of its own rows as it has.
                for rows in &s.strata {
                    let m = rows.len() as u32;
                    for _ in 0..m {
                        mine[rows[rng.random_range(0..m) as usize]] += 1;
                    }
                }
            }
        }
    }
}

/// Scratch space reused across blocks.
#[derive(Debug, Default)]
pub struct Scratch {
    num: Vec<f64>,
    den: Vec<f64>,
    obs: Vec<f64>,
    buckets: Vec<Vec<f64>>,
}

/// Pooled values of one platform for a block: `out[j * keys + c]` for replicate j and column c
/// (None: no drawn respondent has a value for the key).
pub fn pool_block(
    s: &PlatformSample,
    stat: RespondentStat,
    counts: &[u32],
    block: usize,
    scratch: &mut Scratch,
    out: &mut Vec<Option<f64>>,
) {
    out.clear();
    out.resize(block * s.keys.len(), None);
    if s.rows == 0 || s.keys.is_empty() {
        return;
    }
    match stat {
        RespondentStat::Mean => pool_means(s, counts, block, scratch, out),
        RespondentStat::Median | RespondentStat::TrimmedMean(_) => {
            pool_order_statistics(s, stat, counts, block, scratch, out)
        }
    }
}

/// Weighted means: sum_r c_r (w v)_r / sum_r c_r w_r over the rows with a value.
fn pool_means(
    s: &PlatformSample,
    counts: &[u32],
    block: usize,
    scratch: &mut Scratch,
    out: &mut [Option<f64>],
) {
    let (k, n, stride) = (s.keys.len(), s.rows, s.stride);
    let Scratch { num, den, obs, .. } = scratch;
    num.clear();
    num.resize(block * stride, 0.0);
    let mut base_w = vec![0.0; block];
    row_sums(s, counts, block, num, &mut base_w);
    den.clear();
    obs.clear();
    for &w in &base_w {
        den.extend(std::iter::repeat_n(w, k));
        obs.extend(std::iter::repeat_n(n as f64, k));
    }
    // Replicate by replicate (contiguous counts), column by column (independent sums).
    for j in 0..block {
        let cj = &counts[j * n..(j + 1) * n];
        for (c, cells) in s.adjust.iter().enumerate() {
            let (mut dw, mut dn) = (0.0, 0.0);
            for a in cells {
                let times = f64::from(cj[a.row]);
                dw += times * a.weight;
                dn += times * a.count;
            }
            den[j * k + c] += dw;
            obs[j * k + c] += dn;
        }
    }
    for (i, slot) in out.iter_mut().enumerate() {
        // Counts are whole numbers, so the observation count is exact.
        if obs[i] > 0.5 {
            let (j, c) = (i / k, i % k);
            *slot = Some(num[j * stride + c] / den[i]);
        }
    }
}

/// The counted sums of the rows for every replicate of the block: `num[j * stride + c]` +=
/// count x row value, `base_w[j]` += count x row weight. The hot loop of the bootstrap: rows
/// in tiles that stay in the cache, [`LANES`] columns at a time in a local accumulator (kept
/// in registers). Compiled twice; the AVX2 copy runs where the processor has it (the same
/// additions in the same order, so the results are identical bit for bit).
fn row_sums(s: &PlatformSample, counts: &[u32], block: usize, num: &mut [f64], base_w: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2 (checked just above).
        unsafe { row_sums_avx2(s, counts, block, num, base_w) };
        return;
    }
    row_sums_portable(s, counts, block, num, base_w);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn row_sums_avx2(
    s: &PlatformSample,
    counts: &[u32],
    block: usize,
    num: &mut [f64],
    base_w: &mut [f64],
) {
    row_sums_portable(s, counts, block, num, base_w);
}

/// Rows per tile: 256 rows x 32 columns x 8 bytes = 64 KiB, in L1/L2 for every replicate.
const TILE: usize = 256;

#[inline(always)]
fn row_sums_portable(
    s: &PlatformSample,
    counts: &[u32],
    block: usize,
    num: &mut [f64],
    base_w: &mut [f64],
) {
    let (n, stride) = (s.rows, s.stride);
    for start in (0..n).step_by(TILE) {
        let end = (start + TILE).min(n);
        for j in 0..block {
            let cj = &counts[j * n + start..j * n + end];
            base_w[j] += cj
                .iter()
                .zip(&s.row_w[start..end])
                .map(|(&c, w)| f64::from(c) * w)
                .sum::<f64>();
            let rows = &s.num[start * stride..end * stride];
            for col in (0..stride).step_by(LANES) {
                let mut acc = [0.0f64; LANES];
                for (row, &c) in rows.chunks_exact(stride).zip(cj) {
                    let Some(seg) = row[col..].first_chunk::<LANES>() else {
                        continue;
                    };
                    let c = f64::from(c);
                    for (a, v) in acc.iter_mut().zip(seg) {
                        *a += c * v;
                    }
                }
                for (d, a) in num[j * stride + col..j * stride + col + LANES]
                    .iter_mut()
                    .zip(acc)
                {
                    *d += a;
                }
            }
        }
    }
}

/// Medians and trimmed means: each drawn row's values, as often as it was drawn.
fn pool_order_statistics(
    s: &PlatformSample,
    stat: RespondentStat,
    counts: &[u32],
    block: usize,
    scratch: &mut Scratch,
    out: &mut [Option<f64>],
) {
    let k = s.keys.len();
    scratch.buckets.resize_with(k, Vec::new);
    for j in 0..block {
        scratch.buckets.iter_mut().for_each(Vec::clear);
        for r in 0..s.rows {
            let times = counts[j * s.rows + r] as usize;
            for &(c, v) in &s.values[r] {
                scratch.buckets[c].extend(std::iter::repeat_n(v, times));
            }
        }
        for (c, bucket) in scratch.buckets.iter_mut().enumerate() {
            out[j * k + c] = order_statistic(bucket, stat);
        }
    }
}

/// The median (mean of the two middle values for an even count) or the trimmed mean
/// (floor(n * share) values cut at each end), as the nominal pooling computes them.
pub fn order_statistic(values: &mut [f64], stat: RespondentStat) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(match stat {
        RespondentStat::Median if n % 2 == 1 => values[n / 2],
        RespondentStat::Median => (values[n / 2 - 1] + values[n / 2]) / 2.0,
        RespondentStat::TrimmedMean(share) => {
            let cut = (n as f64 * share) as usize;
            let kept = &values[cut..n - cut];
            if kept.is_empty() {
                return None;
            }
            kept.iter().sum::<f64>() / kept.len() as f64
        }
        RespondentStat::Mean => values.iter().sum::<f64>() / n as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::super::design::Entry;
    use super::*;

    fn entry(respondent: usize, key: usize, weight: f64, value: f64) -> Entry {
        Entry {
            platform: 0,
            respondent,
            key,
            weight,
            value,
            group: 0,
        }
    }

    fn design(stat: RespondentStat) -> Design {
        Design::build(
            &[
                entry(0, 0, 1.0, 10.0),
                entry(0, 1, 1.0, 40.0),
                entry(1, 0, 3.0, 50.0),
                entry(2, 0, 1.0, 90.0),
                entry(2, 1, 1.0, 60.0),
            ],
            1,
            stat,
        )
    }

    #[test]
    fn counts_weight_the_rows() {
        let d = design(RespondentStat::Mean);
        // Two replicates: [1, 1, 1] (the nominal sample) and [0, 2, 1].
        let counts = [1, 1, 1, 0, 2, 1];
        let mut out = Vec::new();
        pool_block(
            &d.platforms[0],
            RespondentStat::Mean,
            &counts,
            2,
            &mut Scratch::default(),
            &mut out,
        );
        let nominal_0 = (10.0 + 3.0 * 50.0 + 90.0) / 5.0;
        assert_eq!(out[0], Some(nominal_0));
        assert_eq!(out[1], Some(50.0));
        assert_eq!(out[2], Some((2.0 * 3.0 * 50.0 + 90.0) / 7.0));
        assert_eq!(out[3], Some(60.0));
    }

    #[test]
    fn a_key_nobody_drawn_answered_has_no_value() {
        let d = design(RespondentStat::Mean);
        let counts = [0, 3, 0];
        let mut out = Vec::new();
        pool_block(
            &d.platforms[0],
            RespondentStat::Mean,
            &counts,
            1,
            &mut Scratch::default(),
            &mut out,
        );
        assert_eq!(out, vec![Some(50.0), None]);
    }

    #[test]
    fn medians_repeat_drawn_values() {
        let d = design(RespondentStat::Median);
        let counts = [2, 0, 1];
        let mut out = Vec::new();
        pool_block(
            &d.platforms[0],
            RespondentStat::Median,
            &counts,
            1,
            &mut Scratch::default(),
            &mut out,
        );
        // key 0: 10, 10, 90 -> 10; key 1: 40, 40, 60 -> 40.
        assert_eq!(out, vec![Some(10.0), Some(40.0)]);
        let mut v = [5.0, 1.0, 3.0, 100.0];
        assert_eq!(
            order_statistic(&mut v, RespondentStat::TrimmedMean(0.25)),
            Some(4.0)
        );
    }

    #[test]
    fn a_replicate_draws_the_same_rows_in_any_block() {
        let d = design(RespondentStat::Mean);
        let mut a = vec![Vec::new()];
        let mut b = vec![Vec::new()];
        draw_counts(&d, 7, 0, 4, &mut a);
        draw_counts(&d, 7, 2, 1, &mut b);
        assert_eq!(a[0][2 * 3..3 * 3], b[0][..]);
        assert_eq!(b[0].iter().sum::<u32>(), 3);
    }
}
