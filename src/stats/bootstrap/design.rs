//! The compact form the bootstrap resamples: per platform, one row per respondent and one
//! column per pooling key (an item, or a node for the other pooling orders), built once from
//! the observation table. A replicate then only draws row counts and sums rows.

// Indexing is in range here: start/next/order/column/seen/row_w are sized here from platform
// count, rows and keys of the same design.
#![allow(clippy::indexing_slicing)]

use crate::definition::RespondentStat;

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
    /// The respondent's combination of `pool` attribute values (0 without `pool` rules):
    /// respondents are drawn within each.
    pub group: u32,
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
    /// Rows of each combination of `pool` attribute values, when there are several: a
    /// replicate draws as many rows from each as it has (empty: one draw over all rows).
    pub strata: Vec<Vec<usize>>,
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
    /// order, so that the design and thus every replicate is deterministic). Linear passes over
    /// the entries and little memory besides the matrix, since a large survey has millions.
    pub fn build(entries: &[Entry], platforms: usize, stat: RespondentStat) -> Design {
        // Entry positions grouped by platform (a counting sort, in entry order).
        let mut start = vec![0usize; platforms + 1];
        for e in entries {
            start[e.platform + 1] += 1;
        }
        for p in 0..platforms {
            start[p + 1] += start[p];
        }
        let mut next = start.clone();
        let mut order = vec![0u32; entries.len()];
        for (i, e) in entries.iter().enumerate() {
            order[next[e.platform]] = i as u32;
            next[e.platform] += 1;
        }
        let keep_values = !matches!(stat, RespondentStat::Mean);
        Design {
            platforms: (0..platforms)
                .map(|p| {
                    let mine = order[start[p]..start[p + 1]]
                        .iter()
                        .map(|&i| &entries[i as usize]);
                    sample(mine, keep_values)
                })
                .collect(),
            stat: Some(stat),
        }
    }
}

/// The distinct values of `ids`, sorted (runs of one value are skipped before sorting).
fn distinct(ids: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for id in ids {
        if out.last() != Some(&id) {
            out.push(id);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn sample<'e>(
    entries: impl Iterator<Item = &'e Entry> + Clone,
    keep_values: bool,
) -> PlatformSample {
    let entries_again = entries.clone();
    let keys = distinct(entries.clone().map(|e| e.key));
    let respondents = distinct(entries.clone().map(|e| e.respondent));
    let (k, n) = (keys.len(), respondents.len());
    let stride = k.div_ceil(LANES) * LANES;
    let mut s = PlatformSample {
        rows: n,
        stride,
        num: vec![0.0; n * stride],
        row_w: vec![f64::NAN; n],
        values: if keep_values {
            vec![Vec::new(); n]
        } else {
            Vec::new()
        },
        ..PlatformSample::default()
    };
    // Column of a key: a direct table (keys are item or node indices, a few dozen).
    let mut column = vec![0; keys.last().map_or(0, |&m| m + 1)];
    for (c, &key) in keys.iter().enumerate() {
        column[key] = c;
    }
    // Which cells have an answer; the rare second answers of a cell are kept apart.
    let mut seen = vec![false; n * k];
    let mut extra: std::collections::BTreeMap<(usize, usize), (f64, f64)> = Default::default();
    // Answers of one respondent usually come together: look the row up only when it changes.
    let mut last: Option<(usize, usize)> = None;
    for e in entries {
        let r = match last {
            Some((id, r)) if id == e.respondent => r,
            _ => respondents.binary_search(&e.respondent).unwrap_or(0),
        };
        last = Some((e.respondent, r));
        let c = column[e.key];
        s.num[r * stride + c] += e.weight * e.value;
        if s.row_w[r].is_nan() {
            // The respondent weight: the same on every answer of a respondent.
            s.row_w[r] = e.weight;
        }
        if seen[r * k + c] {
            let x = extra.entry((r, c)).or_insert((0.0, 0.0));
            x.0 += e.weight;
            x.1 += 1.0;
        } else {
            seen[r * k + c] = true;
        }
        if keep_values {
            s.values[r].push((c, e.value));
        }
    }
    s.adjust = vec![Vec::new(); k];
    for r in 0..n {
        let w = s.row_w[r];
        for c in 0..k {
            let (weight, count) = match (seen[r * k + c], extra.get(&(r, c))) {
                (false, _) => (-w, -1.0),
                (true, Some(&(dw, dn))) => (dw, dn),
                (true, None) => continue,
            };
            s.adjust[c].push(Adjust {
                row: r,
                weight,
                count,
            });
        }
    }
    s.keys = keys;
    // Rows by their respondent's attribute combination (first answer's), in row order.
    let mut group_of: Vec<Option<u32>> = vec![None; n];
    for e in entries_again {
        let r = respondents.binary_search(&e.respondent).unwrap_or(0);
        group_of[r].get_or_insert(e.group);
    }
    let mut strata: Vec<(u32, Vec<usize>)> = Vec::new();
    for (r, g) in group_of.into_iter().enumerate() {
        let g = g.unwrap_or(0);
        match strata.iter_mut().find(|(h, _)| *h == g) {
            Some((_, rows)) => rows.push(r),
            None => strata.push((g, vec![r])),
        }
    }
    if strata.len() > 1 {
        s.strata = strata.into_iter().map(|(_, rows)| rows).collect();
    }
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
            group: 0,
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
