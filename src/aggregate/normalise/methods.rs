//! COINr's normalisation functions on one item's values across platforms (`n_minmax`,
//! `n_zscore`, `n_rank`, ...), with COINr's direction handling: when lower is better the values
//! (and a target or goalposts) are negated first. Where COINr returns NaN silently (a constant
//! column, a reference without a value), this says why instead.

// Indexing is in range here: `present[0]` is read after the `present.is_empty()` return above
// (constant range needs at least one value).
#![allow(clippy::indexing_slicing)]

use crate::definition::{Normalise, NormaliseMethod};

/// Why a column cannot be normalised.
#[derive(Debug, Clone, PartialEq)]
pub enum Unnormalisable {
    /// Every platform has the same value (COINr: a vector of NaN).
    Constant(f64),
    /// Too few values for the method (z-score needs 2, percentile rank 2).
    TooFew { needed: usize },
    /// The reference platform has no value (dist2ref).
    NoReference(String),
    /// The reference platform or the target sits at the minimum, so the distance is 0 / 0.
    ReferenceAtMinimum,
    /// The largest value is 0 (fracmax divides by it).
    ZeroMaximum,
    /// Fixed bounds were asked for but the item has none (the definition check prevents it).
    NoBounds(String),
}

impl Unnormalisable {
    pub fn explain(&self) -> String {
        match self {
            Unnormalisable::Constant(v) => {
                format!("it has the same value ({v}) for every platform")
            }
            Unnormalisable::TooFew { needed } => {
                format!("the method needs at least {needed} platforms with a value")
            }
            Unnormalisable::NoReference(p) => {
                format!("the reference platform \"{p}\" has no value")
            }
            Unnormalisable::ReferenceAtMinimum => {
                "the reference value equals the minimum, so every distance is 0 / 0".into()
            }
            Unnormalisable::ZeroMaximum => "the largest value is 0".into(),
            Unnormalisable::NoBounds(item) => format!("item \"{item}\" has no fixed bounds"),
        }
    }
}

/// Normalise `values` (one per platform, None = missing). `reference` is the position of the
/// dist2ref platform, when the method has one.
pub fn normalise(
    rule: &Normalise,
    values: &[Option<f64>],
    reference: Option<usize>,
) -> Result<Vec<Option<f64>>, Unnormalisable> {
    let d = if rule.higher_is_better { 1.0 } else { -1.0 };
    let x: Vec<Option<f64>> = values.iter().map(|v| v.map(|v| v * d)).collect();
    let present: Vec<f64> = x.iter().flatten().copied().collect();
    if present.is_empty() {
        return Ok(x);
    }
    let min = present.iter().copied().fold(f64::INFINITY, f64::min);
    let max = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let map = |f: &dyn Fn(f64) -> f64| -> Vec<Option<f64>> { x.iter().map(|v| v.map(f)).collect() };
    let constant = || Err(Unnormalisable::Constant(present[0] * d));
    Ok(match &rule.method {
        NormaliseMethod::MinMax { low, high } => {
            if max == min {
                return constant();
            }
            map(&|v| (v - min) / (max - min) * (high - low) + low)
        }
        NormaliseMethod::ZScore { mean, sd } => {
            if present.len() < 2 {
                return Err(Unnormalisable::TooFew { needed: 2 });
            }
            let (m, s) = mean_sd(&present);
            if s == 0.0 {
                return constant();
            }
            map(&|v| (v - m) / s * sd + mean)
        }
        NormaliseMethod::Rank => ranks(&x, 0.0, 1.0),
        NormaliseMethod::Borda => ranks(&x, 1.0, 1.0),
        NormaliseMethod::PercentRank { scale } => {
            if present.len() < 2 {
                return Err(Unnormalisable::TooFew { needed: 2 });
            }
            let n1 = (present.len() - 1) as f64;
            ranks(&x, 1.0, 1.0)
                .into_iter()
                .map(|r| r.map(|r| r / n1 * scale))
                .collect()
        }
        NormaliseMethod::FracMax { scale } => {
            if max == 0.0 {
                return Err(Unnormalisable::ZeroMaximum);
            }
            map(&|v| v / max * scale)
        }
        NormaliseMethod::Dist2Max { scale } => {
            if max == min {
                return constant();
            }
            map(&|v| (1.0 - (max - v) / (max - min)) * scale)
        }
        NormaliseMethod::Dist2Ref {
            reference: id,
            cap,
            scale,
        } => {
            let Some(xref) = reference.and_then(|r| x.get(r).copied().flatten()) else {
                return Err(Unnormalisable::NoReference(id.clone()));
            };
            if xref == min {
                return Err(Unnormalisable::ReferenceAtMinimum);
            }
            map(&|v| capped(1.0 - (xref - v) / (xref - min), *cap) * scale)
        }
        NormaliseMethod::Dist2Targ { target, cap, scale } => {
            let t = target * d;
            if t == min {
                return Err(Unnormalisable::ReferenceAtMinimum);
            }
            map(&|v| capped((v - min) / (t - min), *cap) * scale)
        }
        NormaliseMethod::Goalposts {
            lower,
            upper,
            scale,
            truncate,
        } => {
            // COINr (goalposts from iMeta): for direction -1 the goalposts become
            // (-upper, -lower), matching the negated values.
            let (g1, g2) = if d > 0.0 {
                (*lower, *upper)
            } else {
                (-upper, -lower)
            };
            map(&|v| {
                let y = (v - g1) / (g2 - g1);
                let y = if *truncate { y.clamp(0.0, 1.0) } else { y };
                y * scale
            })
        }
    })
}

fn capped(y: f64, cap: bool) -> f64 {
    if cap && y > 1.0 { 1.0 } else { y }
}

/// R's `rank(x, ties.method = "min", na.last = "keep") - offset`, times `factor`.
fn ranks(x: &[Option<f64>], offset: f64, factor: f64) -> Vec<Option<f64>> {
    x.iter()
        .map(|v| {
            v.map(|v| {
                let below = x.iter().flatten().filter(|&&o| o < v).count();
                ((below + 1) as f64 - offset) * factor
            })
        })
        .collect()
}

/// Mean and sample standard deviation (n - 1), each with a second pass that corrects the
/// rounding of the first (as R's `mean` does), so values agree with R to the last few bits.
pub fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m0 = x.iter().sum::<f64>() / n;
    let m = m0 + x.iter().map(|v| v - m0).sum::<f64>() / n;
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    (m, (ss / (n - 1.0)).sqrt())
}

#[cfg(test)]
#[allow(
    clippy::excessive_precision,
    reason = "expected values as COINr wrote them (%.17g)"
)]
mod tests {
    use super::*;

    fn rule(method: NormaliseMethod, higher_is_better: bool) -> Normalise {
        Normalise {
            method,
            higher_is_better,
        }
    }

    fn run(method: NormaliseMethod, x: &[Option<f64>]) -> Vec<Option<f64>> {
        normalise(&rule(method, true), x, None).unwrap()
    }

    fn close(a: &[Option<f64>], b: &[Option<f64>]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            match (x, y) {
                (Some(x), Some(y)) => {
                    assert!((x - y).abs() <= 1e-12 * y.abs().max(1.0), "{a:?} vs {b:?}")
                }
                (None, None) => {}
                _ => panic!("{a:?} vs {b:?}"),
            }
        }
    }

    const NA: Option<f64> = None;

    // Expected values: COINr 1.1.14, ../shared/reference/coinr/edge_cases.csv.
    #[test]
    fn minmax_and_direction() {
        let x = [Some(1.0), Some(2.0), Some(3.0), NA, Some(5.0)];
        let mm = NormaliseMethod::MinMax {
            low: 0.0,
            high: 100.0,
        };
        close(
            &run(mm.clone(), &x),
            &[Some(0.0), Some(25.0), Some(50.0), NA, Some(100.0)],
        );
        let y = [Some(1.0), Some(2.0), Some(3.0), Some(5.0)];
        let down = normalise(&rule(mm.clone(), false), &y, None).unwrap();
        close(&down, &[Some(100.0), Some(75.0), Some(50.0), Some(0.0)]);
        let constant = [Some(4.0), Some(4.0), Some(4.0), NA];
        assert_eq!(
            normalise(&rule(mm, true), &constant, None),
            Err(Unnormalisable::Constant(4.0))
        );
    }

    #[test]
    fn zscore_uses_the_sample_sd() {
        let x = [Some(1.0), Some(2.0), Some(3.0), NA, Some(5.0)];
        let z = NormaliseMethod::ZScore { mean: 0.0, sd: 1.0 };
        close(
            &run(z, &x),
            &[
                Some(-1.0246950765959599),
                Some(-0.43915503282683993),
                Some(0.14638501094227999),
                NA,
                Some(1.3174650984805198),
            ],
        );
        let z = NormaliseMethod::ZScore {
            mean: 100.0,
            sd: 10.0,
        };
        let x = [Some(1.0), Some(2.0), Some(3.0), Some(5.0)];
        close(
            &run(z.clone(), &x),
            &[
                Some(89.753049234040404),
                Some(95.608449671731606),
                Some(101.46385010942279),
                Some(113.1746509848052),
            ],
        );
        assert_eq!(
            normalise(&rule(z, true), &[NA, Some(7.0), NA], None),
            Err(Unnormalisable::TooFew { needed: 2 })
        );
    }

    #[test]
    fn ranks_share_the_lowest_rank() {
        let x = [Some(3.0), Some(1.0), Some(3.0), NA, Some(2.0)];
        close(
            &run(NormaliseMethod::Rank, &x),
            &[Some(3.0), Some(1.0), Some(3.0), NA, Some(2.0)],
        );
        close(
            &run(NormaliseMethod::Borda, &x),
            &[Some(2.0), Some(0.0), Some(2.0), NA, Some(1.0)],
        );
        close(
            &run(NormaliseMethod::PercentRank { scale: 1.0 }, &x),
            &[
                Some(2.0 / 3.0),
                Some(0.0),
                Some(2.0 / 3.0),
                NA,
                Some(1.0 / 3.0),
            ],
        );
    }

    #[test]
    fn distances_and_fractions() {
        let x = [Some(1.0), Some(2.0), Some(4.0), NA];
        close(
            &run(NormaliseMethod::FracMax { scale: 1.0 }, &x),
            &[Some(0.25), Some(0.5), Some(1.0), NA],
        );
        let y = [Some(1.0), Some(2.0), Some(3.0), Some(4.0)];
        let targ = NormaliseMethod::Dist2Targ {
            target: 3.0,
            cap: true,
            scale: 1.0,
        };
        close(
            &run(targ, &y),
            &[Some(0.0), Some(0.5), Some(1.0), Some(1.0)],
        );
        let d2m = NormaliseMethod::Dist2Max { scale: 100.0 };
        close(
            &run(d2m, &y),
            &[Some(0.0), Some(100.0 / 3.0), Some(200.0 / 3.0), Some(100.0)],
        );
        let d2r = NormaliseMethod::Dist2Ref {
            reference: "c".into(),
            cap: false,
            scale: 1.0,
        };
        let r = normalise(&rule(d2r.clone(), true), &y, Some(2)).unwrap();
        close(&r, &[Some(0.0), Some(0.5), Some(1.0), Some(1.5)]);
        assert_eq!(
            normalise(&rule(d2r, true), &[Some(1.0), NA], Some(1)),
            Err(Unnormalisable::NoReference("c".into()))
        );
    }

    #[test]
    fn goalposts_truncate_and_flip() {
        let gp = |truncate| NormaliseMethod::Goalposts {
            lower: 0.0,
            upper: 10.0,
            scale: 100.0,
            truncate,
        };
        let x = [Some(-5.0), Some(0.0), Some(5.0), Some(10.0), Some(15.0), NA];
        close(
            &run(gp(true), &x),
            &[
                Some(0.0),
                Some(0.0),
                Some(50.0),
                Some(100.0),
                Some(100.0),
                NA,
            ],
        );
        close(
            &run(gp(false), &x[..5]),
            &[Some(-50.0), Some(0.0), Some(50.0), Some(100.0), Some(150.0)],
        );
        // Lower is better: (upper - x) / (upper - lower), COINr's goalposts from iMeta.
        let down = normalise(&rule(gp(true), false), &x[..5], None).unwrap();
        close(
            &down,
            &[Some(100.0), Some(100.0), Some(50.0), Some(0.0), Some(0.0)],
        );
    }
}
