//! Missing platform values filled from the others: COINr's `i_mean`, `i_median`,
//! `i_mean_grp` and `i_median_grp`, by column (item).

// Indexing is in range here: the median is only computed on a non-empty sample (`impute` returns a
// problem for an empty one first).
#![allow(clippy::indexing_slicing)]

use super::Change;
use crate::definition::Impute;

/// Values that could not be filled (COINr gives NaN or NA there without a word).
#[derive(Debug, Clone, PartialEq)]
pub enum ImputeProblem {
    /// The platform has no group, so a group statistic cannot fill it.
    NoGroup { at: usize },
    /// Nobody in the platform's group has a value.
    EmptyGroup { at: usize, group: usize },
    /// No platform has a value at all.
    NoValues,
}

/// Fill the missing `values` (one per platform) in place. `groups` gives each platform's group
/// (used by the group rules). Returns the filled values and what could not be filled.
pub fn impute(
    rule: Impute,
    values: &mut [Option<f64>],
    groups: &[Option<usize>],
) -> (Vec<Change>, Vec<ImputeProblem>) {
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    if values.iter().all(Option::is_some) {
        return (changes, problems);
    }
    let grouped = matches!(rule, Impute::GroupMean | Impute::GroupMedian);
    let stat = |sample: &[f64]| match rule {
        Impute::Mean | Impute::GroupMean => mean(sample),
        Impute::Median | Impute::GroupMedian => median(sample),
    };
    let original = values.to_vec();
    if !grouped && original.iter().all(Option::is_none) {
        problems.push(ImputeProblem::NoValues);
        return (changes, problems);
    }
    let overall: Vec<f64> = original.iter().flatten().copied().collect();
    for (at, slot) in values.iter_mut().enumerate() {
        if slot.is_some() {
            continue;
        }
        let (sample, detail): (Vec<f64>, String) = if grouped {
            let Some(g) = groups.get(at).copied().flatten() else {
                problems.push(ImputeProblem::NoGroup { at });
                continue;
            };
            let sample: Vec<f64> = original
                .iter()
                .zip(groups)
                .filter(|(_, pg)| **pg == Some(g))
                .filter_map(|(v, _)| *v)
                .collect();
            if sample.is_empty() {
                problems.push(ImputeProblem::EmptyGroup { at, group: g });
                continue;
            }
            let n = sample.len();
            (
                sample,
                format!("{} of {n} value(s) in the group", rule.name()),
            )
        } else {
            let n = overall.len();
            (overall.clone(), format!("{} of {n} value(s)", rule.name()))
        };
        let v = stat(&sample);
        *slot = Some(v);
        changes.push(Change {
            at,
            before: None,
            after: v,
            detail,
        });
    }
    (changes, problems)
}

/// R's `mean`: the sum divided by n, then corrected by the mean of the residuals.
pub fn mean(x: &[f64]) -> f64 {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    m + x.iter().map(|v| v - m).sum::<f64>() / n
}

/// R's `median`: the middle value, or the mean of the two middle values.
pub fn median(x: &[f64]) -> f64 {
    let mut s = x.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NA: Option<f64> = None;

    fn filled(rule: Impute, x: &[Option<f64>], groups: &[Option<usize>]) -> Vec<Option<f64>> {
        let mut v = x.to_vec();
        impute(rule, &mut v, groups);
        v
    }

    // Expected values: COINr 1.1.14, ../shared/reference/coinr/edge_cases.csv.
    #[test]
    fn column_and_group_means() {
        assert_eq!(
            filled(Impute::Mean, &[Some(1.0), NA, Some(3.0)], &[]),
            [Some(1.0), Some(2.0), Some(3.0)]
        );
        let g = [Some(0), Some(0), Some(0), Some(1), Some(1), Some(1)];
        let x = [Some(1.0), NA, Some(3.0), Some(10.0), NA, Some(20.0)];
        assert_eq!(
            filled(Impute::GroupMean, &x, &g),
            [
                Some(1.0),
                Some(2.0),
                Some(3.0),
                Some(10.0),
                Some(15.0),
                Some(20.0)
            ]
        );
        let g = [
            Some(0),
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
        ];
        let x = [
            Some(1.0),
            NA,
            Some(3.0),
            Some(10.0),
            NA,
            Some(20.0),
            Some(30.0),
        ];
        assert_eq!(filled(Impute::GroupMedian, &x, &g)[4], Some(20.0));
    }

    #[test]
    fn unfillable_values_are_reported_not_nan() {
        let mut x = [Some(1.0), NA, Some(3.0), NA, NA];
        let g = [Some(0), Some(0), Some(0), Some(1), None];
        let (changes, problems) = impute(Impute::GroupMean, &mut x, &g);
        assert_eq!(changes.len(), 1);
        assert_eq!(x, [Some(1.0), Some(2.0), Some(3.0), NA, NA]);
        assert_eq!(
            problems,
            [
                ImputeProblem::EmptyGroup { at: 3, group: 1 },
                ImputeProblem::NoGroup { at: 4 }
            ]
        );
    }
}
