//! Contract steps 4 and 5: a node's score from its children's scores, with weights
//! renormalised over the children that have a score and the `min_coverage` threshold.

use crate::definition::Method;

/// A child's weight and score (None: the child has no score).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Child {
    pub weight: f64,
    pub value: Option<f64>,
}

/// The combination of a node's children.
#[derive(Debug, Clone, PartialEq)]
pub struct Combined {
    pub value: Option<f64>,
    /// Share of the children's weight that had a score.
    pub coverage: f64,
    pub missing_reason: Option<String>,
}

/// A geometric or harmonic mean met a value <= 0.
#[derive(Debug, Clone, PartialEq)]
pub struct NonPositive {
    pub value: f64,
}

pub fn combine(
    children: &[Child],
    method: Method,
    min_coverage: f64,
) -> Result<Combined, NonPositive> {
    let total: f64 = children.iter().map(|c| c.weight).sum();
    let present: Vec<(f64, f64)> = children
        .iter()
        .filter_map(|c| c.value.map(|v| (c.weight, v)))
        .filter(|(w, _)| *w > 0.0)
        .collect();
    let present_weight: f64 = present.iter().map(|p| p.0).sum();
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
    if present.is_empty() {
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
    let value = match method {
        Method::Arithmetic => present.iter().map(|(w, v)| w * v).sum::<f64>() / present_weight,
        Method::Geometric => {
            check_positive(&present)?;
            (present.iter().map(|(w, v)| w * v.ln()).sum::<f64>() / present_weight).exp()
        }
        Method::Harmonic => {
            check_positive(&present)?;
            present_weight / present.iter().map(|(w, v)| w / v).sum::<f64>()
        }
    };
    Ok(Combined {
        value: Some(value),
        coverage,
        missing_reason: None,
    })
}

fn check_positive(present: &[(f64, f64)]) -> Result<(), NonPositive> {
    match present.iter().find(|(_, v)| *v <= 0.0) {
        Some(&(_, value)) => Err(NonPositive { value }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(weight: f64, value: Option<f64>) -> Child {
        Child { weight, value }
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
            Err(NonPositive { value: 0.0 })
        );
    }
}
