//! The one guard on every number of a definition: weights, shares, goalposts, scale scores,
//! option points, seconds, normalisation parameters, wherever they are written. A NaN, an
//! infinity or a number too large (or too small) for sums and ratios of definition numbers to
//! stay finite is a located finding here, before any part of the definition reads it: NaN
//! fails every comparison, so a range check elsewhere would let it through (`min_duration_s
//! = nan` silently turned screening off, `best = nan` ranked every platform 1).

use crate::diagnostics::{Code, Diagnostic, Location};
use std::collections::HashSet;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Largest size of a number in a definition. Weights, shares, goalposts and points of an
/// index are far smaller, and below 2^53 (about 9.007e15) a double still holds every whole
/// number; sums of millions of such numbers, their products and their ratios stay finite.
pub const LARGEST: f64 = 1e15;
/// Smallest size of a number other than 0: a ratio of two definition numbers then stays
/// within 1e30 (1e-320 is a subnormal whose reciprocal overflows).
pub const SMALLEST: f64 = 1e-15;

/// Findings for every number of the document that is not finite or out of size bounds, in
/// document order, and the start offsets of those values: a check that later reads the same
/// value (a weight, `min_duration_s` ...) says nothing more about it.
pub fn check(root: &DeTable<'_>, file: &str, text: &str) -> (Vec<Diagnostic>, HashSet<usize>) {
    let mut out = Vec::new();
    let mut reported = HashSet::new();
    // An explicit stack: arrays may nest as deep as the TOML parser allows.
    let mut stack: Vec<(String, &Spanned<DeValue<'_>>)> = root
        .iter()
        .rev()
        .map(|(k, v)| (k.get_ref().to_string(), v))
        .collect();
    while let Some((path, value)) = stack.pop() {
        let problem = match value.get_ref() {
            DeValue::Float(f) => float_problem(f.as_str()),
            DeValue::Integer(i) => integer_problem(i.as_str(), i.radix()),
            DeValue::Table(t) => {
                stack.extend(
                    t.iter()
                        .rev()
                        .map(|(k, v)| (format!("{path}.{}", k.get_ref()), v)),
                );
                None
            }
            DeValue::Array(a) => {
                stack.extend(
                    a.iter()
                        .enumerate()
                        .rev()
                        .map(|(i, v)| (format!("{path}[{}]", i + 1), v)),
                );
                None
            }
            DeValue::String(_) | DeValue::Boolean(_) | DeValue::Datetime(_) => None,
        };
        if let Some(problem) = problem {
            let start = value.span().start;
            let written = text.get(value.span()).unwrap_or("").trim();
            out.push(
                Diagnostic::error(
                    Code::InvalidNumber,
                    format!("`{path}` = {written} {problem}"),
                    Location::in_text(file, text, start),
                )
                .with_hint(HINT),
            );
            reported.insert(start);
        }
    }
    (out, reported)
}

const HINT: &str = "numbers in a definition are finite, and 0 or between 1e-15 and 1e15 in size (so that their sums and ratios stay finite)";

/// What is wrong with a float as written ("nan", "+inf", "1e400", "1_000.5" ...).
fn float_problem(written: &str) -> Option<&'static str> {
    let lower = written.to_ascii_lowercase();
    if lower.contains("nan") {
        return Some("is not a number");
    }
    if lower.contains("inf") {
        return Some("is infinite");
    }
    match written.parse::<f64>() {
        // 1e-400 reads as 0 although it is written as something else.
        Ok(0.0) if mantissa_is_not_zero(written) => Some("is smaller than 1e-15 (and not 0)"),
        Ok(x) if x.is_finite() => size_problem(x),
        // Finite digits that do not fit a double (1e400).
        _ => Some("is too large for a number"),
    }
}

fn mantissa_is_not_zero(written: &str) -> bool {
    written
        .split(['e', 'E'])
        .next()
        .is_some_and(|m| m.bytes().any(|b| (b'1'..=b'9').contains(&b)))
}

fn integer_problem(written: &str, radix: u32) -> Option<&'static str> {
    match i128::from_str_radix(written, radix) {
        // An integer's size bound is the float one: weights and goalposts become doubles.
        Ok(i) if (i.unsigned_abs() as f64) <= LARGEST => None,
        _ => Some("is larger than 1e15"),
    }
}

fn size_problem(x: f64) -> Option<&'static str> {
    let size = x.abs();
    if size > LARGEST {
        Some("is larger than 1e15")
    } else if size != 0.0 && size < SMALLEST {
        Some("is smaller than 1e-15 (and not 0)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<String> {
        let root = DeTable::parse(text).expect("valid toml");
        check(root.get_ref(), "d.toml", text)
            .0
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn every_kind_of_bad_number_is_located_with_its_key() {
        let found = findings(
            "[quality]\nmin_duration_s = nan\n[scales.s]\nbest = +inf\nworst = -inf\nmin = 1e400\nscores = { a = 1e16, b = 1e-16, c = 1e-400 }\nnormalize = { method = \"zscore\", sd = -nan }\n[items.i]\nweight = 2_000_000_000_000_000\ncodes = [[1, 1e300]]\n",
        );
        let expected = [
            "d.toml:2:18: `quality.min_duration_s` = nan is not a number",
            "d.toml:4:8: `scales.s.best` = +inf is infinite",
            "d.toml:5:9: `scales.s.worst` = -inf is infinite",
            "d.toml:6:7: `scales.s.min` = 1e400 is too large for a number",
            "d.toml:7:16: `scales.s.scores.a` = 1e16 is larger than 1e15",
            "d.toml:7:26: `scales.s.scores.b` = 1e-16 is smaller than 1e-15 (and not 0)",
            "d.toml:7:37: `scales.s.scores.c` = 1e-400 is smaller than 1e-15 (and not 0)",
            "d.toml:8:39: `scales.s.normalize.sd` = -nan is not a number",
            "d.toml:10:10: `items.i.weight` = 2_000_000_000_000_000 is larger than 1e15",
            "d.toml:11:14: `items.i.codes[1][2]` = 1e300 is larger than 1e15",
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for (f, e) in found.iter().zip(expected) {
            assert!(f.contains(e), "{f:?} lacks {e:?}");
        }
    }

    #[test]
    fn ordinary_numbers_and_the_bounds_themselves_pass() {
        assert!(
            findings(
                "a = 0\nb = -0.0\nb2 = 0e-400\nc = 1e15\nd = -1e-15\ne = 0x10\nf = 1_000\ng = 1000000000000000\nh = 3.5e2\n"
            )
            .is_empty()
        );
    }
}
