//! Contract steps 4 and 5: a node's score from its children's scores, with weights
//! renormalised over the children that have a score, the `min_coverage` threshold (a share of
//! the children's weight) and the `min_children` threshold (a share of their number, COINr's
//! `dat_thresh`).

// Indexing is in range here: node children/parent/items and item.scale are Model cross-references
// that compile checks.
#![allow(clippy::indexing_slicing)]

use crate::definition::{AggregationRules, Method, Node};

/// How a node combines its children: the method and the availability thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub method: Method,
    /// Share of the children's weight that must have a score.
    pub min_coverage: f64,
    /// Share of the number of children that must have a score (whatever their weights).
    pub min_children: f64,
    /// false: a missing child counts as its floor, with its full weight.
    pub renormalise: bool,
}

impl Rule {
    /// A mean with a weight threshold only.
    pub fn mean(method: Method, min_coverage: f64) -> Rule {
        Rule {
            method,
            min_coverage,
            min_children: 0.0,
            renormalise: true,
        }
    }

    pub fn of_node(node: &Node) -> Rule {
        Rule {
            method: node.method,
            min_coverage: node.min_coverage,
            min_children: node.min_children,
            renormalise: node.renormalise,
        }
    }

    /// The index over the dimensions (`[aggregation]`).
    pub fn of_index(agg: &AggregationRules) -> Rule {
        Rule {
            method: agg.method,
            min_coverage: agg.min_coverage,
            min_children: agg.min_children,
            renormalise: agg.renormalise,
        }
    }
}

/// A child's weight and score (None: the child has no score).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Child {
    pub weight: f64,
    pub value: Option<f64>,
}

impl Child {
    pub fn new(weight: f64, value: Option<f64>) -> Child {
        Child { weight, value }
    }
}

/// The combination of a node's children.
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    pub value: Option<f64>,
    /// Share of the children's weight that had a score.
    pub coverage: f64,
    pub missing_reason: Option<String>,
}

/// Why a node's children cannot be combined with its method.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A geometric or harmonic mean (or a negative power) met a value <= 0, or a positive
    /// power a value < 0.
    NonPositive { value: f64 },
    /// A generalised mean with a child that has no score: COINr's `a_genmean` then returns NA
    /// silently; renormalising would change what the power mean means, so it is an error.
    MissingChild,
}

pub fn combine(children: &[Child], method: Method, min_coverage: f64) -> Result<Combined, Refusal> {
    combine_by(children, &[], &Rule::mean(method, min_coverage))
}

/// A node's value from its children under `rule`. `floors[k]` is the lowest value child k can
/// have, which stands in for its missing score under `renormalise = false` (0 where `floors`
/// is shorter).
pub fn combine_by(children: &[Child], floors: &[f64], rule: &Rule) -> Result<Combined, Refusal> {
    let Rule {
        method,
        min_coverage,
        min_children,
        renormalise,
    } = *rule;
    let total: f64 = children.iter().map(|c| c.weight).sum();
    // The children with a score and a weight, in order (an iterator, not a vector: nodes are
    // combined once per platform and node, millions of times in a large run).
    let present = || {
        children
            .iter()
            .filter_map(|c| c.value.map(|v| (c.weight, v)))
            .filter(|(w, _)| *w > 0.0)
    };
    // Summed from +0 (an empty f64 sum is -0, which would publish as coverage -0).
    let present_weight: f64 = present().fold(0.0, |acc, p| acc + p.0);
    let coverage = if total > 0.0 {
        present_weight / total
    } else {
        0.0
    };
    let missing = |reason: String| Combined {
        value: None,
        coverage,
        missing_reason: Some(reason),
    };
    if present().next().is_none() {
        return Ok(missing("no part of it has a score".into()));
    }
    // A tiny tolerance so that 1/3 + 1/3 + 1/3 of the weight counts as 100 % coverage.
    if coverage + 1e-12 < min_coverage {
        return Ok(missing(format!(
            "only {:.0}% of its weight has a score, below min_coverage {:.0}%",
            coverage * 100.0,
            min_coverage * 100.0
        )));
    }
    // COINr's dat_thresh: the share of children with a value, 1 - missing / n, counted whatever
    // the weights (a child of weight 0 with a value counts as present).
    let with_value = children.iter().filter(|c| c.value.is_some()).count();
    let count_share = with_value as f64 / children.len() as f64;
    if count_share + 1e-12 < min_children {
        return Ok(missing(format!(
            "only {with_value} of its {} parts have a score, below min_children = {min_children}",
            children.len(),
        )));
    }
    // The parts that enter the arithmetic: the children with a score, and with
    // `renormalise = false` the missing ones at their floor (weights > 0 only).
    let used = || {
        children
            .iter()
            .enumerate()
            .filter(|(_, c)| c.weight > 0.0)
            .filter_map(move |(k, c)| match c.value {
                Some(v) => Some((c.weight, v)),
                None if !renormalise => Some((c.weight, floors.get(k).copied().unwrap_or(0.0))),
                None => None,
            })
    };
    let used_weight: f64 = used().fold(0.0, |acc, p| acc + p.0);
    let value = match method {
        Method::Arithmetic => used().map(|(w, v)| w * v).sum::<f64>() / used_weight,
        // A weighted sum is never divided by the weights.
        Method::Sum => used().fold(0.0, |acc, (w, v)| acc + w * v),
        Method::Geometric => {
            check_positive(used())?;
            (used().map(|(w, v)| w * v.ln()).sum::<f64>() / used_weight).exp()
        }
        Method::Harmonic => {
            check_positive(used())?;
            used_weight / used().map(|(w, v)| w / v).sum::<f64>()
        }
        Method::Power(p) => {
            if renormalise && children.iter().any(|c| c.weight > 0.0 && c.value.is_none()) {
                return Err(Refusal::MissingChild);
            }
            if p < 0.0 {
                check_positive(used())?;
            } else if let Some((_, value)) = used().find(|(_, v)| *v < 0.0) {
                return Err(Refusal::NonPositive { value });
            }
            // M_p(v) = s * M_p(v / s), with s the largest value (p > 0) or the smallest
            // (p < 0): every (v / s)^p is then in [0, 1], so no power overflows to infinity
            // (100^1000 did, and ranked every platform 1 with an infinite index).
            let s = if p > 0.0 {
                used().map(|(_, v)| v).fold(0.0, f64::max)
            } else {
                used().map(|(_, v)| v).fold(f64::INFINITY, f64::min)
            };
            if s == 0.0 {
                0.0
            } else {
                let mean = used().map(|(w, v)| w * (v / s).powf(p)).sum::<f64>() / used_weight;
                s * mean.powf(1.0 / p)
            }
        }
    };
    Ok(Combined {
        value: Some(value),
        coverage,
        missing_reason: None,
    })
}

fn check_positive(mut present: impl Iterator<Item = (f64, f64)>) -> Result<(), Refusal> {
    match present.find(|(_, v)| *v <= 0.0) {
        Some((_, value)) => Err(Refusal::NonPositive { value }),
        None => Ok(()),
    }
}

/// The weight each item carries in the index when every score is present: the product of
/// the normalised weights on its path (dimension share of the index x indicator share of the
/// dimension x ... x item share of its node), summed over its paths when a node feeds several
/// aggregates (`over`). Nodes outside the index give 0. For a geometric mean these are the
/// exponents. Scored items only, in definition order.
pub fn effective_weights(model: &crate::definition::Model) -> Vec<(usize, f64)> {
    let scored = |i: usize| model.scales[model.items[i].scale].is_scored();
    let item_weights: Vec<f64> = model.items.iter().map(|it| it.weight).collect();
    let (_, shares) = crate::definition::parts::index_shares(
        &model.nodes,
        &item_weights,
        &scored,
        &model.index_parts(),
        &model.order,
    );
    (0..model.items.len())
        .filter(|&i| scored(i))
        .map(|i| {
            (
                i,
                if shares[i].is_finite() {
                    shares[i]
                } else {
                    0.0
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(weight: f64, value: Option<f64>) -> Child {
        Child::new(weight, value)
    }

    #[test]
    fn weights_renormalise_over_present_children() {
        let r = combine(
            &[c(1.0, Some(80.0)), c(3.0, Some(40.0)), c(2.0, None)],
            Method::Arithmetic,
            0.0,
        )
        .unwrap();
        assert_eq!(r.value, Some(50.0));
        assert!((r.coverage - 4.0 / 6.0).abs() < 1e-15);
    }

    #[test]
    fn min_coverage_withholds_the_score() {
        let kids = [c(1.0, Some(80.0)), c(1.0, None), c(1.0, None)];
        assert_eq!(
            combine(&kids, Method::Arithmetic, 0.34).unwrap().value,
            None
        );
        assert_eq!(
            combine(&kids, Method::Arithmetic, 1.0 / 3.0).unwrap().value,
            Some(80.0)
        );
        let none = combine(&[c(1.0, None)], Method::Arithmetic, 0.0).unwrap();
        assert_eq!(none.value, None);
        assert!(none.missing_reason.is_some());
    }

    /// min_children counts children whatever their weights (COINr's dat_thresh); min_coverage
    /// weighs them. Hand computation: weights 3, 1, 1, 1.
    #[test]
    fn min_children_counts_while_min_coverage_weighs() {
        let rule = |min_coverage, min_children| Rule {
            method: Method::Arithmetic,
            min_coverage,
            min_children,
            renormalise: true,
        };
        // The heavy child missing: 3 of 4 children (75 %), 3 of 6 weight (50 %).
        let heavy_missing = [
            c(3.0, None),
            c(1.0, Some(10.0)),
            c(1.0, Some(20.0)),
            c(1.0, Some(60.0)),
        ];
        let kept = combine_by(&heavy_missing, &[], &rule(0.0, 0.75)).unwrap();
        assert_eq!(kept.value, Some(30.0));
        assert_eq!(
            combine_by(&heavy_missing, &[], &rule(0.75, 0.0))
                .unwrap()
                .value,
            None
        );
        let withheld = combine_by(&heavy_missing, &[], &rule(0.0, 0.76)).unwrap();
        assert_eq!(withheld.value, None);
        assert_eq!(
            withheld.missing_reason.as_deref(),
            Some("only 3 of its 4 parts have a score, below min_children = 0.76")
        );
        // A light child missing: 75 % by count, 5/6 by weight.
        let light_missing = [
            c(3.0, Some(40.0)),
            c(1.0, None),
            c(1.0, Some(20.0)),
            c(1.0, Some(60.0)),
        ];
        assert_eq!(
            combine_by(&light_missing, &[], &rule(0.8, 0.0))
                .unwrap()
                .value,
            Some(40.0)
        );
        assert_eq!(
            combine_by(&light_missing, &[], &rule(0.0, 0.8))
                .unwrap()
                .value,
            None
        );
        // Both rules apply together; a child of weight 0 with a value counts as present.
        assert_eq!(
            combine_by(&light_missing, &[], &rule(0.8, 0.75))
                .unwrap()
                .value,
            Some(40.0)
        );
        let zero_weight = [c(1.0, Some(50.0)), c(0.0, Some(0.0)), c(1.0, None)];
        assert_eq!(
            combine_by(&zero_weight, &[], &rule(0.0, 2.0 / 3.0))
                .unwrap()
                .value,
            Some(50.0)
        );
    }

    /// `sum` never divides by the weights; `renormalise = false` counts a missing child at its
    /// floor with its full weight. Hand computation.
    #[test]
    fn sum_and_missing_children_at_their_floor() {
        let rule = |method, renormalise| Rule {
            method,
            min_coverage: 0.0,
            min_children: 0.0,
            renormalise,
        };
        let kids = [c(0.3, Some(50.0)), c(0.5, None), c(0.4, Some(10.0))];
        let floors = [0.0, 20.0, 0.0];
        let v = |m, r| {
            combine_by(&kids, &floors, &rule(m, r))
                .unwrap()
                .value
                .unwrap()
        };
        // 0.3 * 50 + 0.4 * 10 = 19; with the floor: + 0.5 * 20 = 29.
        assert!((v(Method::Sum, true) - 19.0).abs() < 1e-12);
        assert!((v(Method::Sum, false) - 29.0).abs() < 1e-12);
        // Means: 19 / 0.7 renormalised; (15 + 10 + 4) / 1.2 with the floor.
        assert!((v(Method::Arithmetic, true) - 19.0 / 0.7).abs() < 1e-12);
        assert!((v(Method::Arithmetic, false) - 29.0 / 1.2).abs() < 1e-12);
        // Geometric with the floor: exp((0.3 ln 50 + 0.5 ln 20 + 0.4 ln 10) / 1.2).
        let g = ((0.3 * 50f64.ln() + 0.5 * 20f64.ln() + 0.4 * 10f64.ln()) / 1.2).exp();
        assert!((v(Method::Geometric, false) - g).abs() < 1e-12);
        // A power mean with a missing child is refused, unless the floor stands in for it.
        assert_eq!(
            combine_by(&kids, &floors, &rule(Method::Power(2.0), true)),
            Err(Refusal::MissingChild)
        );
        let p2 = ((0.3 * 2500.0 + 0.5 * 400.0 + 0.4 * 100.0) / 1.2f64).sqrt();
        assert!((v(Method::Power(2.0), false) - p2).abs() < 1e-12);
        // Coverage and the thresholds still see the real data: 0.7 of 1.2 is present.
        let both = combine_by(&kids, &floors, &rule(Method::Sum, false)).unwrap();
        assert!((both.coverage - 0.7 / 1.2).abs() < 1e-12);
        let mut strict = rule(Method::Sum, false);
        strict.min_children = 1.0;
        assert_eq!(combine_by(&kids, &floors, &strict).unwrap().value, None);
    }

    #[test]
    fn geometric_and_harmonic_means() {
        let kids = [c(1.0, Some(20.0)), c(1.0, Some(80.0))];
        let g = combine(&kids, Method::Geometric, 0.0)
            .unwrap()
            .value
            .unwrap();
        assert!((g - 40.0).abs() < 1e-12);
        let h = combine(&kids, Method::Harmonic, 0.0)
            .unwrap()
            .value
            .unwrap();
        assert!((h - 32.0).abs() < 1e-12);
        let zero = [c(1.0, Some(0.0)), c(1.0, Some(80.0))];
        assert_eq!(
            combine(&zero, Method::Geometric, 0.0),
            Err(Refusal::NonPositive { value: 0.0 })
        );
    }

    // Expected values: COINr 1.1.14, ../shared/reference/coinr/edge_cases.csv.
    #[test]
    fn coinr_edge_cases() {
        let v = |x: &[f64], w: &[f64], m: Method| {
            let kids: Vec<Child> = x.iter().zip(w).map(|(&x, &w)| c(w, Some(x))).collect();
            combine(&kids, m, 0.0).unwrap().value.unwrap()
        };
        assert_eq!(
            v(&[10.0, 20.0, 30.0], &[1.0, 2.0, 1.0], Method::Arithmetic),
            20.0
        );
        let g = v(&[1.0, 10.0, 100.0], &[1.0, 1.0, 1.0], Method::Geometric);
        assert!((g - 10.000000000000002).abs() < 1e-12);
        let h = v(&[1.0, 2.0, 4.0], &[1.0, 1.0, 1.0], Method::Harmonic);
        assert!((h - 1.7142857142857142).abs() < 1e-15);
        let p2 = v(&[1.0, 2.0, 4.0], &[1.0, 1.0, 1.0], Method::Power(2.0));
        assert!((p2 - 2.6457513110645907).abs() < 1e-15);
        // Large exponents tend to the largest (p > 0) or smallest (p < 0) value instead of
        // overflowing: 100^1000 is infinite in a double.
        let big = v(&[50.0, 100.0], &[1.0, 1.0], Method::Power(1000.0));
        assert!((big - 100.0 * 0.5f64.powf(1e-3)).abs() < 1e-9, "{big}");
        let small = v(&[0.5, 100.0], &[1.0, 1.0], Method::Power(-1000.0));
        assert!((small - 0.5 * 0.5f64.powf(-1e-3)).abs() < 1e-12, "{small}");
        // NA skipped and the weights renormalised (arithmetic, geometric).
        let kids = [c(1.0, Some(10.0)), c(2.0, None), c(1.0, Some(30.0))];
        assert_eq!(
            combine(&kids, Method::Arithmetic, 0.0).unwrap().value,
            Some(20.0)
        );
        let kids = [c(1.0, Some(1.0)), c(5.0, None), c(1.0, Some(100.0))];
        let g = combine(&kids, Method::Geometric, 0.0)
            .unwrap()
            .value
            .unwrap();
        assert!((g - 10.000000000000002).abs() < 1e-12);
        // COINr gives NA for a generalised mean with a missing child: here an error.
        let kids = [c(1.0, Some(1.0)), c(1.0, None), c(1.0, Some(4.0))];
        assert_eq!(
            combine(&kids, Method::Power(2.0), 0.0),
            Err(Refusal::MissingChild)
        );
        // COINr allows negatives in a harmonic mean (-12 here): an error.
        let kids = [c(1.0, Some(-1.0)), c(1.0, Some(2.0)), c(1.0, Some(4.0))];
        assert_eq!(
            combine(&kids, Method::Harmonic, 0.0),
            Err(Refusal::NonPositive { value: -1.0 })
        );
        // dat_thresh boundary: 2 of 3 children against 2/3 keeps the score, 0.7 does not.
        let kids = [c(1.0, Some(1.0)), c(1.0, None), c(1.0, Some(3.0))];
        assert_eq!(
            combine(&kids, Method::Arithmetic, 2.0 / 3.0).unwrap().value,
            Some(2.0)
        );
        assert_eq!(combine(&kids, Method::Arithmetic, 0.7).unwrap().value, None);
    }
}
