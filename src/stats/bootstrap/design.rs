//! The compact form the bootstrap resamples: per platform, one row per respondent and one
//! column per pooling key (an item, or a node for the other pooling orders), built once from
//! the observation table. A replicate then only draws row counts and sums rows.

use crate::definition::RespondentStat;
use std::collections::BTreeMap;

/// Width of the column tiles the resampling kernel sums at once (eight AVX2 registers: enough
/// independent sums to hide the latency of the additions).
pub const LANES: usize = 32;

/// A cell whose weight sum and observation count differ from the row's weight and 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adjust {
    pub row: usize,
    /// Weight sum minus the row weight.
    pub weight: f64,
    /// Observation count minus 1.
    pub count: f64,
}

/// One observation of the pooling table: a respondent's value for a key of a platform.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub platform: usize,
    pub respondent: usize,
    pub key: usize,
    pub weight: f64,
    pub value: f64,
}

/// One platform's respondents (rows) and the keys they answered (columns).
#[derive(Debug, Clone, Default)]
pub struct PlatformSample {
    pub rows: usize,
    /// Global key of each column.
    pub keys: Vec<usize>,
    /// Row-major rows x `stride`: sum of w * v over the row's observations of each key (0 if
    /// none), padded with zeros to `stride` columns.
    pub num: Vec<f64>,
    /// Columns of `num`: the keys rounded up to a multiple of [`LANES`].
    pub stride: usize,
    /// The respondent weight of each row.
    pub row_w: Vec<f64>,
    /// Per column, the cells whose weight sum is not the row weight or whose observation
    /// count is not 1 (a missing answer: -w and -1; a second kept submission: +w and +1).
    /// Missing answers are few, so the denominators of a replicate cost little beyond the
    /// row sums.
    pub adjust: Vec<Vec<Adjust>>,
    /// Median and trimmed mean: each row's observations as (column, value).
    pub values: Vec<Vec<(usize, f64)>>,
}

/// The resampling design of a run.
#[derive(Debug, Clone, Default)]
pub struct Design {
    /// Indexed by platform (empty samples for platforms without respondents).
    pub platforms: Vec<PlatformSample>,
    pub stat: Option<RespondentStat>,
}

impl Design {
    /// Group the entries by platform and respondent (rows in respondent order, columns in key
    /// order, so that the design and thus every replicate is deterministic).
    pub fn build(entries: &[Entry], platforms: usize, stat: RespondentStat) -> Design {
        let mut grouped: Vec<BTreeMap<usize, Vec<&Entry>>> = vec![BTreeMap::new(); platforms];
        let mut keys: Vec<std::collections::BTreeSet<usize>> = vec![Default::default(); platforms];
        for e in entries {
            grouped[e.platform].entry(e.respondent).or_default().push(e);
            keys[e.platform].insert(e.key);
        }
        let keep_values = !matches!(stat, RespondentStat::Mean);
        let samples = grouped
            .into_iter()
            .zip(keys)
            .map(|(rows, keys)| sample(rows, keys.into_iter().collect(), keep_values))
            .collect();
        Design {
            platforms: samples,
            stat: Some(stat),
        }
    }
}

fn sample(
    rows: BTreeMap<usize, Vec<&Entry>>,
    keys: Vec<usize>,
    keep_values: bool,
) -> PlatformSample {
    let k = keys.len();
    let col = |key: usize| keys.binary_search(&key).unwrap_or(0);
    let n = rows.len();
    let stride = k.div_ceil(LANES) * LANES;
    let mut s = PlatformSample {
        rows: n,
        stride,
        num: vec![0.0; n * stride],
        row_w: Vec::with_capacity(n),
        values: if keep_values {
            vec![Vec::new(); n]
        } else {
            Vec::new()
        },
        ..PlatformSample::default()
    };
    let mut den = vec![0.0; k];
    let mut obs = vec![0u32; k];
    s.adjust = vec![Vec::new(); k];
    for (r, entries) in rows.values().enumerate() {
        den.iter_mut().for_each(|d| *d = 0.0);
        obs.iter_mut().for_each(|o| *o = 0);
        for e in entries {
            let c = col(e.key);
            s.num[r * stride + c] += e.weight * e.value;
            den[c] += e.weight;
            obs[c] += 1;
            if keep_values {
                s.values[r].push((c, e.value));
            }
        }
        let w = entries[0].weight;
        s.row_w.push(w);
        for c in 0..k {
            if den[c] != w || obs[c] != 1 {
                s.adjust[c].push(Adjust {
                    row: r,
                    weight: den[c] - w,
                    count: f64::from(obs[c]) - 1.0,
                });
            }
        }
    }
    s.keys = keys;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(platform: usize, respondent: usize, key: usize, value: f64) -> Entry {
        Entry {
            platform,
            respondent,
            key,
            weight: 1.0,
            value,
        }
    }

    #[test]
    fn rows_are_respondents_and_columns_keys() {
        let d = Design::build(
            &[
                e(0, 7, 3, 50.0),
                e(0, 2, 3, 100.0),
                e(0, 2, 5, 0.0),
                e(1, 7, 3, 25.0),
            ],
            2,
            RespondentStat::Mean,
        );
        let p = &d.platforms[0];
        assert_eq!((p.rows, p.keys.clone()), (2, vec![3, 5]));
        // Row 0 is respondent 2, row 1 respondent 7 (respondent order).
        let st = p.stride;
        assert_eq!(
            (st, &p.num[..2], &p.num[st..st + 2]),
            (LANES, &[100.0, 0.0][..], &[50.0, 0.0][..])
        );
        let missing = Adjust {
            row: 1,
            weight: -1.0,
            count: -1.0,
        };
        assert_eq!(p.adjust, vec![vec![], vec![missing]]);
        assert_eq!(d.platforms[1].rows, 1);
    }
}
