//! Weight and method sensitivity of the ranking (`qbpc-index sensitivity`): the index is
//! recomputed from the nominal dimension scores with perturbed dimension weights (each weight
//! times 1 ± up to x, or Dirichlet shares around the nominal shares) and, optionally, an
//! aggregation method drawn from a list; every run ranks the ranked platforms again. Then
//! each dimension is left out in turn to see how far ranks move without it.

// Indexing is in range here: dimension/platform ixs come from the Model; `w` and per_platform are
// sized from them; `sorted[k-1]` after k ≥ 1 is checked.
#![allow(clippy::indexing_slicing)]

use crate::aggregate::tree::{Child, Refusal, Rule, combine_by};
use crate::definition::{Method, Model};
use crate::rank::ranks_on;
use crate::results::{Results, Status};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

/// How dimension weights are perturbed in each run.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Perturbation {
    /// w' = w (1 + u), u uniform in [-share, share].
    Uniform { share: f64 },
    /// Shares drawn from Dirichlet(concentration × nominal shares): higher stays closer.
    Dirichlet { concentration: f64 },
}

impl std::str::FromStr for Perturbation {
    type Err = String;

    /// "uniform:0.25" or "dirichlet:50".
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "expected uniform:SHARE (0 < SHARE < 1) or dirichlet:CONCENTRATION (> 0), found {s:?}"
            )
        };
        let (kind, value) = s.split_once(':').ok_or_else(bad)?;
        let x: f64 = value.trim().parse().map_err(|_| bad())?;
        match kind.trim() {
            "uniform" if x > 0.0 && x < 1.0 => Ok(Perturbation::Uniform { share: x }),
            "dirichlet" if x > 0.0 && x.is_finite() => {
                Ok(Perturbation::Dirichlet { concentration: x })
            }
            _ => Err(bad()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityOptions {
    pub runs: usize,
    pub seed: u64,
    pub perturbation: Perturbation,
    /// Index methods to draw from in each run (empty: the definition's method only).
    pub methods: Vec<Method>,
}

/// The report of `qbpc-index sensitivity`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Sensitivity {
    pub runs: usize,
    pub seed: u64,
    pub perturbation: Perturbation,
    /// Index methods drawn from (the definition's when none were given).
    pub methods: Vec<String>,
    /// Ranked platforms in nominal rank order.
    pub platforms: Vec<PlatformSensitivity>,
    /// Each index dimension left out in turn.
    pub left_out: Vec<LeftOut>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PlatformSensitivity {
    pub id: String,
    pub name: String,
    /// The Chinese name, for the table in Chinese (the JSON keeps its keys).
    #[serde(skip)]
    pub name_zh: Option<String>,
    pub nominal_rank: u32,
    pub median_rank: f64,
    /// 5th and 95th percentile of the ranks over the runs (nearest rank).
    pub rank_low: u32,
    pub rank_high: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LeftOut {
    pub dimension: String,
    /// Mean over ranked platforms of |rank without the dimension - nominal rank|.
    pub mean_abs_rank_shift: f64,
    pub max_abs_rank_shift: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum SensitivityError {
    #[error("no platform is ranked, so there is no ranking to perturb")]
    NothingRanked,
    #[error("the {method} mean cannot combine the dimensions of platform \"{platform}\": {why}")]
    Method {
        method: &'static str,
        platform: String,
        why: String,
    },
    #[error(transparent)]
    TooLarge(#[from] crate::stats::limits::TooLarge),
}

/// One ranked platform's nominal dimension scores (index dimensions only).
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    name_zh: Option<&'a str>,
    rank: u32,
    dims: Vec<Option<f64>>,
}

/// Run the analysis on a scored run. `progress` is called with the number of runs done.
pub fn analyse(
    model: &Model,
    results: &Results,
    options: &SensitivityOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Sensitivity, SensitivityError> {
    // The index's parts: the in-index dimensions, or the nodes of `[index] over`.
    let dims: Vec<usize> = model.index_parts();
    let weights: Vec<f64> = dims.iter().map(|&d| model.nodes[d].weight).collect();
    let rows: Vec<Row> = results
        .platforms
        .iter()
        .filter(|p| p.status == Status::Ranked)
        .filter_map(|p| {
            Some(Row {
                id: &p.id,
                name: &p.name,
                name_zh: p.name_zh.as_deref(),
                rank: p.rank?,
                dims: dims
                    .iter()
                    .map(|&d| {
                        let id = &model.nodes[d].id;
                        (p.dimensions.get(id).or_else(|| p.indicators.get(id)))
                            .and_then(|n| n.score)
                    })
                    .collect(),
            })
        })
        .collect();
    if rows.is_empty() {
        return Err(SensitivityError::NothingRanked);
    }
    crate::stats::limits::runs(options.runs, rows.len())?;
    let nominal_method = model.aggregation.method;
    let methods = if options.methods.is_empty() {
        vec![nominal_method]
    } else {
        options.methods.clone()
    };
    let ranks_of = |w: &[f64], m: Method| ranks(model, &rows, w, m);
    let mut per_platform: Vec<Vec<u32>> = vec![Vec::with_capacity(options.runs); rows.len()];
    for run in 0..options.runs {
        let mut rng = crate::stats::bootstrap::resample::replicate_rng(options.seed, run as u64);
        let w = perturb(&weights, options.perturbation, &mut rng);
        let m = methods[rng.random_range(0..methods.len())];
        for (p, r) in ranks_of(&w, m)?.into_iter().enumerate() {
            if let Some(r) = r {
                per_platform[p].push(r);
            }
        }
        progress(1);
    }
    let platforms = rows
        .iter()
        .zip(per_platform)
        .map(|(row, mut r)| {
            r.sort_unstable();
            let f: Vec<f64> = r.iter().map(|&x| f64::from(x)).collect();
            PlatformSensitivity {
                id: row.id.to_string(),
                name: row.name.to_string(),
                name_zh: row.name_zh.map(str::to_string),
                nominal_rank: row.rank,
                median_rank: if f.is_empty() {
                    f64::from(row.rank)
                } else {
                    super::bootstrap::summary::quantile(&f, 0.5)
                },
                rank_low: nearest(&r, 0.05).unwrap_or(row.rank),
                rank_high: nearest(&r, 0.95).unwrap_or(row.rank),
            }
        })
        .collect();
    let mut left_out = Vec::new();
    for (k, &d) in dims.iter().enumerate() {
        let mut w = weights.clone();
        w[k] = 0.0;
        let shifts: Vec<u32> = ranks_of(&w, nominal_method)?
            .into_iter()
            .zip(&rows)
            .filter_map(|(r, row)| r.map(|r| r.abs_diff(row.rank)))
            .collect();
        left_out.push(LeftOut {
            dimension: model.nodes[d].id.clone(),
            mean_abs_rank_shift: if shifts.is_empty() {
                0.0
            } else {
                f64::from(shifts.iter().sum::<u32>()) / shifts.len() as f64
            },
            max_abs_rank_shift: shifts.iter().copied().max().unwrap_or(0),
        });
    }
    Ok(Sensitivity {
        runs: options.runs,
        seed: options.seed,
        perturbation: options.perturbation,
        methods: methods.iter().map(|m| method_label(*m)).collect(),
        platforms,
        left_out,
    })
}

fn method_label(m: Method) -> String {
    m.spec()
}

/// Ranks of the ranked platforms for one set of dimension weights and one method.
fn ranks(
    model: &Model,
    rows: &[Row],
    w: &[f64],
    m: Method,
) -> Result<Vec<Option<u32>>, SensitivityError> {
    let agg = &model.aggregation;
    // The index rule of the definition (thresholds, renormalisation) with the method tried.
    let rule = Rule {
        method: m,
        ..Rule::of_index(agg)
    };
    let all_floors = crate::definition::node_floors(&model.nodes, &model.items, &model.scales);
    let floors: Vec<f64> = model
        .index_parts()
        .into_iter()
        .map(|d| all_floors[d].unwrap_or(0.0))
        .collect();
    let mut index = Vec::with_capacity(rows.len());
    for row in rows {
        let kids: Vec<Child> = w
            .iter()
            .zip(&row.dims)
            .map(|(&weight, &value)| Child { weight, value })
            .collect();
        let c = combine_by(&kids, &floors, &rule).map_err(|e| SensitivityError::Method {
            method: m.name(),
            platform: row.id.to_string(),
            why: match e {
                Refusal::NonPositive { value } => format!("it meets the value {value}"),
                Refusal::MissingChild => "a dimension has no score".into(),
            },
        })?;
        index.push(c.value);
    }
    Ok(ranks_on(&index, agg.decimals, agg.rank_on))
}

/// Perturbed weights (zero weights stay zero).
pub fn perturb(weights: &[f64], how: Perturbation, rng: &mut ChaCha8Rng) -> Vec<f64> {
    match how {
        Perturbation::Uniform { share } => weights
            .iter()
            .map(|&w| w * (1.0 + share * (2.0 * rng.random::<f64>() - 1.0)))
            .collect(),
        Perturbation::Dirichlet { concentration } => {
            let total: f64 = weights.iter().sum();
            let draws: Vec<f64> = weights
                .iter()
                .map(|&w| {
                    if w > 0.0 {
                        gamma(concentration * w / total, rng)
                    } else {
                        0.0
                    }
                })
                .collect();
            let sum: f64 = draws.iter().sum();
            if sum > 0.0 {
                draws.iter().map(|g| g / sum * total).collect()
            } else {
                weights.to_vec()
            }
        }
    }
}

/// Gamma(shape, 1) by Marsaglia and Tsang (shape < 1 boosted by U^(1/shape)).
fn gamma(shape: f64, rng: &mut ChaCha8Rng) -> f64 {
    if shape < 1.0 {
        let u: f64 = rng.random();
        return gamma(shape + 1.0, rng) * u.powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = normal(rng);
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u: f64 = rng.random();
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return d * v;
        }
    }
}

/// Standard normal by Box-Muller.
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn nearest(sorted: &[u32], q: f64) -> Option<u32> {
    if sorted.is_empty() {
        return None;
    }
    let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[k - 1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::bootstrap::resample::replicate_rng;

    #[test]
    fn perturbations_parse_and_keep_weights_near_nominal() {
        assert_eq!(
            "uniform:0.25".parse(),
            Ok(Perturbation::Uniform { share: 0.25 })
        );
        assert!("uniform:1.5".parse::<Perturbation>().is_err());
        assert!("gauss:1".parse::<Perturbation>().is_err());
        let mut rng = replicate_rng(3, 0);
        let w = [1.0, 2.0, 0.0];
        for _ in 0..200 {
            let u = perturb(&w, Perturbation::Uniform { share: 0.2 }, &mut rng);
            assert!(u[0] >= 0.8 && u[0] <= 1.2 && u[1] >= 1.6 && u[1] <= 2.4 && u[2] == 0.0);
        }
        // Dirichlet: shares sum to the nominal total, and their mean is the nominal share.
        let mut mean = [0.0; 3];
        for _ in 0..2000 {
            let d = perturb(
                &w,
                Perturbation::Dirichlet {
                    concentration: 50.0,
                },
                &mut rng,
            );
            assert!((d.iter().sum::<f64>() - 3.0).abs() < 1e-9 && d[2] == 0.0);
            mean.iter_mut().zip(&d).for_each(|(m, x)| *m += x / 2000.0);
        }
        assert!(
            (mean[0] - 1.0).abs() < 0.05 && (mean[1] - 2.0).abs() < 0.05,
            "{mean:?}"
        );
    }
}
