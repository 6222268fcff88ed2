//! COINr's default outlier treatment (`Treat` with `winsorise`, `check_SkewKurt` and `log_CT`),
//! step for step, so that the same values are winsorised:
//!
//! 1. A column passes when |skewness| < `skew` or kurtosis < `kurt` (e1071 type 2, the
//!    definitions Excel uses).
//! 2. A failing column is winsorised: the most extreme value(s) on the side of the skew take
//!    the next value, one step at a time, until it passes or `winmax` points were winsorised
//!    (COINr counts the points tied at the extreme in the last step on each side).
//! 3. Still failing: the ORIGINAL column gets `ln(x - min + 0.01 (max - min))` instead (COINr
//!    discards the winsorisation), kept even if it still fails (reported).

// Indexing is in range here: `at` holds positions from 0..x.len().
#![allow(clippy::indexing_slicing)]

use super::Change;
use super::impute::mean;
use crate::definition::Treatment;

/// Skewness (e1071 type 2); None below 3 values or for a constant column.
pub fn skewness(x: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    if x.len() < 3 {
        return None;
    }
    let m = mean(x);
    let (s2, s3) = x.iter().fold((0.0, 0.0), |(s2, s3), v| {
        let d = v - m;
        (s2 + d * d, s3 + d * d * d)
    });
    let y = n.sqrt() * s3 / s2.powf(1.5);
    let y = y * (n * (n - 1.0)).sqrt() / (n - 2.0);
    y.is_finite().then_some(y)
}

/// Excess kurtosis (e1071 type 2); None below 4 values or for a constant column.
pub fn kurtosis(x: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    if x.len() < 4 {
        return None;
    }
    let m = mean(x);
    let (s2, s4) = x.iter().fold((0.0, 0.0), |(s2, s4), v| {
        let d = v - m;
        (s2 + d * d, s4 + d * d * d * d)
    });
    let r = n * s4 / (s2 * s2);
    let y = ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
    y.is_finite().then_some(y)
}

/// The skew/kurtosis check on the present values: None when it cannot be computed.
fn passes(rule: &Treatment, x: &[Option<f64>]) -> Option<(bool, f64, f64)> {
    let v: Vec<f64> = x.iter().flatten().copied().collect();
    let (s, k) = (skewness(&v)?, kurtosis(&v)?);
    Some((s.abs() < rule.skew || k < rule.kurt, s, k))
}

/// What the treatment did to a column.
#[derive(Debug, Clone, PartialEq)]
pub enum Treated {
    /// Passed as it was (or could not be judged: fewer than 4 values, or constant).
    Untouched,
    /// Winsorised until it passed.
    Winsorised(Vec<Change>),
    /// Winsorisation was not enough: log-transformed (`passes` after the transform).
    LogTransformed { passes: bool, skew: f64, kurt: f64 },
    /// Winsorisation was not enough and the log fallback is off: the winsorised values stay.
    StillFailing(Vec<Change>),
}

/// Treat one column (one value per platform) in place.
pub fn treat(rule: &Treatment, values: &mut [Option<f64>]) -> Treated {
    let Some((pass0, ..)) = passes(rule, values) else {
        return Treated::Untouched;
    };
    if pass0 {
        return Treated::Untouched;
    }
    let original = values.to_vec();
    let mut x = original.clone();
    winsorise(rule, &mut x);
    let changes = || -> Vec<Change> {
        original
            .iter()
            .zip(&x)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .map(|(at, (a, b))| Change {
                at,
                before: *a,
                after: b.unwrap_or(f64::NAN),
                detail: "winsorised: the most extreme value takes the next one".into(),
            })
            .collect()
    };
    match passes(rule, &x) {
        Some((true, ..)) => {
            let c = changes();
            values.copy_from_slice(&x);
            Treated::Winsorised(c)
        }
        _ if rule.log_fallback => {
            let logged = log_ct(&original);
            let (passes, skew, kurt) = passes(rule, &logged).unwrap_or((false, f64::NAN, f64::NAN));
            values.copy_from_slice(&logged);
            Treated::LogTransformed { passes, skew, kurt }
        }
        _ => {
            let c = changes();
            values.copy_from_slice(&x);
            Treated::StillFailing(c)
        }
    }
}

/// COINr's `winsorise` loop, with its way of counting winsorised points.
fn winsorise(rule: &Treatment, x: &mut [Option<f64>]) {
    let below = |nwin: usize| rule.winmax.is_none_or(|w| nwin < w);
    let mut passing = passes(rule, x).is_some_and(|p| p.0);
    let (mut imax, mut imin): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut nwin = 0;
    while (!passing || rule.force) && below(nwin) {
        let present: Vec<f64> = x.iter().flatten().copied().collect();
        let high_side = skewness(&present).is_none_or(|s| s >= 0.0);
        let extreme = if high_side {
            present.iter().copied().fold(f64::NEG_INFINITY, f64::max)
        } else {
            present.iter().copied().fold(f64::INFINITY, f64::min)
        };
        let at: Vec<usize> = (0..x.len()).filter(|&i| x[i] == Some(extreme)).collect();
        let rest = x
            .iter()
            .enumerate()
            .filter(|(i, _)| !at.contains(i))
            .filter_map(|(_, v)| *v);
        let next = if high_side {
            rest.fold(f64::NEG_INFINITY, f64::max)
        } else {
            rest.fold(f64::INFINITY, f64::min)
        };
        if !next.is_finite() {
            break; // every value is tied at the extreme: nothing to winsorise to
        }
        for &i in &at {
            x[i] = Some(next);
        }
        if high_side {
            imax = at;
        } else {
            imin = at;
        }
        nwin = imax.len() + imin.len();
        passing = passes(rule, x).is_some_and(|p| p.0);
    }
}

/// COINr's `log_CT`: ln(x - min + 0.01 (max - min)).
fn log_ct(x: &[Option<f64>]) -> Vec<Option<f64>> {
    let present = x.iter().flatten().copied();
    let min = present.clone().fold(f64::INFINITY, f64::min);
    let max = present.fold(f64::NEG_INFINITY, f64::max);
    x.iter()
        .map(|v| v.map(|v| (v - min + 0.01 * (max - min)).ln()))
        .collect()
}

#[cfg(test)]
#[allow(
    clippy::excessive_precision,
    reason = "expected values as COINr wrote them (%.17g)"
)]
mod tests {
    use super::*;

    fn some(x: &[f64]) -> Vec<Option<f64>> {
        x.iter().map(|&v| Some(v)).collect()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-12 * b.abs().max(1.0), "{a} vs {b}");
    }

    // Expected values: COINr 1.1.14, ../shared/reference/coinr/edge_cases.csv.
    #[test]
    fn skew_and_kurtosis_are_e1071_type_2() {
        let x = [1.0, 2.0, 3.0, 4.0, 100.0];
        close(skewness(&x).unwrap(), 2.2323959116364578);
        close(kurtosis(&x).unwrap(), 4.9868659572006546);
        assert_eq!(skewness(&[1.0, 2.0]), None);
        assert_eq!(skewness(&[4.0, 4.0, 4.0]), None);
    }

    #[test]
    fn winsorises_step_by_step_until_it_passes() {
        // x_many: 30 ones, then 10 .. 1e7; four steps winsorise the top five to 1000.
        let mut x: Vec<f64> = vec![1.0; 30];
        x.extend([10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7]);
        let mut v = some(&x);
        let Treated::Winsorised(changes) = treat(&Treatment::default(), &mut v) else {
            panic!("expected winsorisation");
        };
        assert_eq!(changes.len(), 4);
        let mut expected = vec![1.0; 30];
        expected.extend([10.0, 100.0, 1e3, 1e3, 1e3, 1e3, 1e3]);
        assert_eq!(v, some(&expected));
        let after: Vec<f64> = v.iter().flatten().copied().collect();
        close(skewness(&after).unwrap(), 2.21630201857105);
        close(kurtosis(&after).unwrap(), 3.0933481809555);
    }

    #[test]
    fn falls_back_to_the_log_of_the_original_values() {
        // x_heavy: 1..40, then 1e2 .. 1e9; five winsorised points are not enough.
        let mut x: Vec<f64> = (1..=40).map(f64::from).collect();
        x.extend((2..=9).map(|e| 10f64.powi(e)));
        let mut v = some(&x);
        let t = treat(&Treatment::default(), &mut v);
        let Treated::LogTransformed { passes, skew, kurt } = t else {
            panic!("expected the log fallback, got {t:?}");
        };
        assert!(!passes);
        close(skew, 5.28131409900252);
        close(kurt, 29.1542959345078);
        close(v[0].unwrap(), 16.11809564995832);
        close(v[47].unwrap(), 20.733216166799579);
    }

    #[test]
    fn a_passing_or_short_column_is_untouched() {
        let mut v = some(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(treat(&Treatment::default(), &mut v), Treated::Untouched);
        let mut short = vec![Some(1.0), None, Some(1e9)];
        assert_eq!(treat(&Treatment::default(), &mut short), Treated::Untouched);
    }
}
