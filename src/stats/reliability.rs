//! Reliability of the survey scales (`qbpc-index stats`): Cronbach's alpha per dimension and
//! per indicator, corrected item-total correlations and alpha if an item is dropped, with the
//! formulas of R's `psych::alpha` (pairwise covariances, its defaults), on the respondent x item
//! matrix: one row per respondent and platform rated, all platforms pooled, scores after
//! reverse keying. Respondent weights are not used (as in psych).

// Indexing is in range here: rows × columns matrix and covariance matrix built in this file; every
// index comes from 0..len of the same table.
#![allow(clippy::indexing_slicing)]

use crate::aggregate::observations::Observations;
use crate::definition::{ItemIx, Model, NodeKind, ScaleKind, SourceKind};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Reliability {
    /// Rows of the matrix: respondent x platform pairs with at least one item score.
    pub rows: usize,
    /// Dimensions first, then indicators, in definition order.
    pub scales: Vec<ScaleReliability>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScaleReliability {
    pub node: String,
    pub name: String,
    /// dimension | indicator
    pub level: &'static str,
    /// Survey items under the node with variance (those used).
    pub items: usize,
    /// Rows with at least one of them.
    pub rows: usize,
    /// psych's raw_alpha: (1 - tr(C) / sum(C)) k / (k - 1), C the pairwise covariances.
    pub alpha: Option<f64>,
    /// psych's std.alpha, from the correlations.
    pub std_alpha: Option<f64>,
    pub item_stats: Vec<ItemReliability>,
    /// Items left out: no variance or fewer than 2 answers (psych drops them too).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// Why no alpha, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemReliability {
    pub item: String,
    pub n: usize,
    pub mean: f64,
    pub sd: f64,
    /// psych's r.drop: correlation of the item with the sum of the other items.
    pub r_drop: Option<f64>,
    /// psych's alpha.drop raw_alpha: alpha of the scale without the item.
    pub alpha_if_dropped: Option<f64>,
}

/// A rows x items matrix with missing cells.
pub type Matrix = Vec<Vec<Option<f64>>>;

/// The respondent x item matrix of the scored survey items (`columns` gives the item of each
/// column): each respondent x platform pair is a row; two answers to one item are averaged.
pub fn matrix(model: &Model, obs: &Observations) -> (Vec<ItemIx>, Matrix) {
    let columns: Vec<ItemIx> = (0..model.items.len())
        .filter(|&i| {
            let it = &model.items[i];
            model.sources[it.source].kind == SourceKind::Survey
                && match &model.scales[it.scale].kind {
                    ScaleKind::Numeric(n) => n.normalise.is_none(),
                    ScaleKind::Text => false,
                    _ => true,
                }
        })
        .collect();
    let col_of: BTreeMap<ItemIx, usize> =
        columns.iter().enumerate().map(|(c, &i)| (i, c)).collect();
    let mut sums: BTreeMap<(usize, usize), Vec<(f64, u32)>> = BTreeMap::new();
    for a in &obs.answers {
        let Some(&c) = col_of.get(&a.item) else {
            continue;
        };
        let row = sums
            .entry((a.respondent, a.platform))
            .or_insert_with(|| vec![(0.0, 0); columns.len()]);
        row[c].0 += a.value;
        row[c].1 += 1;
    }
    let rows = sums
        .into_values()
        .map(|row| {
            row.into_iter()
                .map(|(s, n)| (n > 0).then(|| s / f64::from(n)))
                .collect()
        })
        .collect();
    (columns, rows)
}

/// Alpha of every dimension and indicator with at least two survey items.
pub fn analyse(model: &Model, obs: &Observations) -> Reliability {
    let (columns, m) = matrix(model, obs);
    let mut scales = Vec::new();
    for kind in [NodeKind::Dimension, NodeKind::Indicator] {
        for (n, node) in model
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == kind)
        {
            let under = model.items_under(n);
            let cols: Vec<usize> = (0..columns.len())
                .filter(|&c| under.contains(&columns[c]))
                .collect();
            if cols.len() < 2 {
                continue;
            }
            let names: Vec<String> = cols
                .iter()
                .map(|&c| model.items[columns[c]].id.clone())
                .collect();
            let sub: Matrix = m
                .iter()
                .map(|row| cols.iter().map(|&c| row[c]).collect())
                .collect();
            let mut s = scale(&names, &sub);
            s.node = node.id.clone();
            s.name = node.name.clone();
            s.level = if kind == NodeKind::Dimension {
                "dimension"
            } else {
                "indicator"
            };
            scales.push(s);
        }
    }
    Reliability {
        rows: m.len(),
        scales,
    }
}

/// psych::alpha on one scale's columns.
pub fn scale(names: &[String], m: &Matrix) -> ScaleReliability {
    let k0 = names.len();
    let stats: Vec<(usize, f64, f64)> = (0..k0).map(|c| column_stats(m, c)).collect();
    let keep: Vec<usize> = (0..k0)
        .filter(|&c| stats[c].0 >= 2 && stats[c].2 > 0.0)
        .collect();
    let dropped = (0..k0)
        .filter(|c| !keep.contains(c))
        .map(|c| names[c].clone())
        .collect();
    let rows = m
        .iter()
        .filter(|r| keep.iter().any(|&c| r[c].is_some()))
        .count();
    let mut out = ScaleReliability {
        node: String::new(),
        name: String::new(),
        level: "",
        items: keep.len(),
        rows,
        alpha: None,
        std_alpha: None,
        item_stats: Vec::new(),
        dropped,
        note: None,
    };
    let cov = covariances(m, &keep);
    if keep.len() < 2 || cov.iter().flatten().any(|v| !v.is_finite()) {
        out.note = Some("fewer than two items with variance and overlapping answers".into());
        return out;
    }
    let all: Vec<usize> = (0..keep.len()).collect();
    out.alpha = Some(raw_alpha(&cov, &all));
    out.std_alpha = Some(std_alpha(&cov, &all));
    for (j, &c) in keep.iter().enumerate() {
        let others: Vec<usize> = all.iter().copied().filter(|&o| o != j).collect();
        let alpha_if_dropped = if keep.len() > 2 {
            Some(raw_alpha(&cov, &others))
        } else {
            // psych's two-item case: C12 / C of the other item.
            Some(cov[0][1] / cov[others[0]][others[0]])
        };
        let rest: f64 = others
            .iter()
            .flat_map(|&a| others.iter().map(move |&b| (a, b)))
            .map(|(a, b)| cov[a][b])
            .sum();
        let with: f64 = others.iter().map(|&o| cov[o][j]).sum();
        out.item_stats.push(ItemReliability {
            item: names[c].clone(),
            n: stats[c].0,
            mean: stats[c].1,
            sd: stats[c].2,
            r_drop: Some(with / (cov[j][j] * rest).sqrt()).filter(|r| r.is_finite()),
            alpha_if_dropped: alpha_if_dropped.filter(|a| a.is_finite()),
        });
    }
    out
}

/// (answers, mean, sample sd) of a column.
fn column_stats(m: &Matrix, c: usize) -> (usize, f64, f64) {
    let v: Vec<f64> = m.iter().filter_map(|r| r[c]).collect();
    let n = v.len();
    if n < 2 {
        return (n, v.first().copied().unwrap_or(f64::NAN), 0.0);
    }
    let mean = v.iter().sum::<f64>() / n as f64;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
    (n, mean, var.sqrt())
}

/// R's `cov(x, use = "pairwise")`: each entry over the rows where both columns have a value,
/// with the means of those rows.
fn covariances(m: &Matrix, cols: &[usize]) -> Vec<Vec<f64>> {
    cols.iter()
        .map(|&a| {
            cols.iter()
                .map(|&b| {
                    let pairs: Vec<(f64, f64)> =
                        m.iter().filter_map(|r| Some((r[a]?, r[b]?))).collect();
                    let n = pairs.len() as f64;
                    if pairs.len() < 2 {
                        return f64::NAN;
                    }
                    let (ma, mb) = pairs
                        .iter()
                        .fold((0.0, 0.0), |(x, y), p| (x + p.0 / n, y + p.1 / n));
                    pairs.iter().map(|p| (p.0 - ma) * (p.1 - mb)).sum::<f64>() / (n - 1.0)
                })
                .collect()
        })
        .collect()
}

/// psych's alpha.1 raw_alpha on a subset of the covariance matrix.
fn raw_alpha(cov: &[Vec<f64>], idx: &[usize]) -> f64 {
    let k = idx.len() as f64;
    let trace: f64 = idx.iter().map(|&i| cov[i][i]).sum();
    let total: f64 = idx
        .iter()
        .flat_map(|&i| idx.iter().map(move |&j| cov[i][j]))
        .sum();
    (1.0 - trace / total) * (k / (k - 1.0))
}

/// psych's std.alpha: (1 - k / sum(R)) k / (k - 1), R = cov2cor(C).
fn std_alpha(cov: &[Vec<f64>], idx: &[usize]) -> f64 {
    let k = idx.len() as f64;
    let sum_r: f64 = idx
        .iter()
        .flat_map(|&i| {
            idx.iter()
                .map(move |&j| cov[i][j] / (cov[i][i] * cov[j][j]).sqrt())
        })
        .sum();
    (1.0 - k / sum_r) * (k / (k - 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(rows: &[[f64; 3]]) -> Matrix {
        rows.iter()
            .map(|r| r.iter().map(|&v| Some(v)).collect())
            .collect()
    }

    fn names() -> Vec<String> {
        ["a", "b", "c"].map(String::from).to_vec()
    }

    /// By hand: item variances 5/3, 4.75/3, 2.75/3; row totals 6, 8, 10, 14 with variance
    /// 35/3; alpha = 3/2 (1 - 12.5/35) = 27/28.
    #[test]
    fn alpha_matches_the_hand_computed_value() {
        let m = matrix(&[
            [1.0, 2.0, 3.0],
            [2.0, 3.0, 3.0],
            [3.0, 3.0, 4.0],
            [4.0, 5.0, 5.0],
        ]);
        let s = scale(&names(), &m);
        assert!(
            (s.alpha.unwrap() - 27.0 / 28.0).abs() < 1e-12,
            "{:?}",
            s.alpha
        );
        // Without item a: items b, c: variances 4.75/3, 2.75/3, totals 5, 6, 7, 10 (var 14/3).
        let without_a = 2.0 * (1.0 - 7.5 / 14.0);
        assert!((s.item_stats[0].alpha_if_dropped.unwrap() - without_a).abs() < 1e-12);
        // r.drop of a: corr(a, b + c) = cov(a, b + c) / (sd(a) sd(b + c)).
        let cov_a_rest = (-1.5 * -2.0 + -0.5 * -1.0 + 0.5 * 0.0 + 1.5 * 3.0) / 3.0;
        let r = cov_a_rest / ((5.0f64 / 3.0) * (14.0 / 3.0)).sqrt();
        assert!((s.item_stats[0].r_drop.unwrap() - r).abs() < 1e-12);
    }

    #[test]
    fn constant_items_are_dropped_and_missing_cells_use_pairs() {
        let mut m = matrix(&[
            [1.0, 2.0, 4.0],
            [2.0, 3.0, 4.0],
            [3.0, 3.0, 4.0],
            [4.0, 5.0, 4.0],
        ]);
        let s = scale(&names(), &m);
        assert_eq!(s.dropped, vec!["c"]);
        assert_eq!(s.items, 2);
        assert!(s.alpha.is_some());
        m[0][0] = None;
        let s = scale(&names(), &m);
        assert_eq!(s.item_stats[0].n, 3);
        assert!(s.alpha.unwrap().is_finite());
    }
}
