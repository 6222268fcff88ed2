//! Invariants that hold whatever the data, each with its own oracle: every aggregation method
//! gives a value between its children's or the refusal the children call for; every
//! normalisation method keeps the order of the values and puts its anchors where its formula
//! says, or refuses as it must; cells drawn from each scale's own answers classify as hand
//! tables of the default definition say; weights renormalise; row order never changes a
//! score. Counters make sure the draws reach every outcome (docs/testing.md).

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use qbpc_index::aggregate::normalise::methods::{Unnormalisable, normalise};
use qbpc_index::aggregate::tree::{Child, Refusal, combine};
use qbpc_index::classify::{CellClass, InvalidReason, classify};
use qbpc_index::definition::{Method, Normalise, NormaliseMethod, ScaleKind, load_default};
use qbpc_index::ingest::RawValue;
use qbpc_index::pipeline::{RunFiles, run};
use qbpc_index::text::match_key;
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The scores of a run, without the parts that legitimately name rows and files.
fn scores_of(survey: PathBuf) -> serde_json::Value {
    let (model, _) = load_default().unwrap();
    let files = RunFiles {
        surveys: vec![survey],
        named: vec![("opinion".into(), fixture("platform_opinion.csv"))],
        ..Default::default()
    };
    let results = run(&model, &files, Vec::new()).unwrap();
    serde_json::to_value(&results.platforms).unwrap()
}

/// The JSON paths where two values differ, with both values.
fn differences(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Vec<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter()
                .flat_map(|k| {
                    let null = Value::Null;
                    differences(
                        x.get(k).unwrap_or(&null),
                        y.get(k).unwrap_or(&null),
                        &format!("{path}.{k}"),
                    )
                })
                .collect()
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .flat_map(|(i, (p, q))| differences(p, q, &format!("{path}[{i}]")))
            .collect(),
        _ if a == b => Vec::new(),
        _ => vec![format!("{path}: {a} vs {b}")],
    }
}

/// The `proptest!` blocks' config: `cases` cases, and the saved failure seeds in the file
/// beside this one. Named explicitly: proptest's default (`SourceParallel`) would look for
/// `tests/proptest-regressions/properties.txt` now that `tests/lib/` has a `main.rs`.
fn persisted(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/lib/properties.proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

/// Every test runner of this file: no failure file (the runners are not `proptest!` blocks).
fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

// ------------------------------------------------------------------ aggregation (tree.rs)

/// A child's value: mostly scores, with the edges 0 and 100, some negative values (z-scores
/// are negative) and missing children, so that every refusal of `combine` is drawn.
fn child_value() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        6 => (0.0f64..=100.0).prop_map(Some),
        1 => Just(Some(0.0)),
        1 => Just(Some(100.0)),
        1 => (-50.0f64..0.0).prop_map(Some),
        2 => Just(None),
    ]
}

fn children() -> impl Strategy<Value = Vec<Child>> {
    prop::collection::vec(
        (
            prop_oneof![1 => Just(0.0), 9 => 0.01f64..10.0],
            child_value(),
        )
            .prop_map(|(weight, value)| Child { weight, value }),
        1..8,
    )
}

/// Every aggregation method: the three means and power means with negative, fractional and
/// integer exponents.
fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::Arithmetic),
        Just(Method::Geometric),
        Just(Method::Harmonic),
        Just(Method::Sum),
        prop_oneof![Just(-1.0), Just(2.0), Just(0.5), -3.0f64..-0.1, 0.1f64..4.0]
            .prop_map(Method::Power),
    ]
}

fn method_slot(m: Method) -> usize {
    match m {
        Method::Arithmetic => 0,
        Method::Geometric => 1,
        Method::Harmonic => 2,
        Method::Power(_) => 3,
        Method::Sum => 4,
    }
}

/// What `combine` must do, worked out from the children (README, contract steps 4 and 5):
/// no present child or too little coverage gives no value; a geometric or harmonic mean, or
/// a negative power, refuses a present value <= 0; a power mean refuses a weighted child
/// without a score, and a positive power a negative value.
#[derive(Debug, PartialEq)]
enum Expect {
    NoValue,
    Refused(Refusal),
    Value,
}

fn expected(kids: &[Child], method: Method, min_coverage: f64) -> Expect {
    let present: Vec<f64> = kids
        .iter()
        .filter(|c| c.weight > 0.0)
        .filter_map(|c| c.value)
        .collect();
    if present.is_empty() {
        return Expect::NoValue;
    }
    let total: f64 = kids.iter().map(|c| c.weight).sum();
    let present_weight: f64 = kids
        .iter()
        .filter(|c| c.weight > 0.0 && c.value.is_some())
        .map(|c| c.weight)
        .sum();
    if present_weight / total + 1e-12 < min_coverage {
        return Expect::NoValue;
    }
    let first = |bad: &dyn Fn(f64) -> bool| present.iter().copied().find(|&v| bad(v));
    let refused = |v: Option<f64>| match v {
        Some(value) => Expect::Refused(Refusal::NonPositive { value }),
        None => Expect::Value,
    };
    match method {
        Method::Arithmetic | Method::Sum => Expect::Value,
        Method::Geometric | Method::Harmonic => refused(first(&|v| v <= 0.0)),
        Method::Power(_) if kids.iter().any(|c| c.weight > 0.0 && c.value.is_none()) => {
            Expect::Refused(Refusal::MissingChild)
        }
        Method::Power(p) if p < 0.0 => refused(first(&|v| v <= 0.0)),
        Method::Power(_) => refused(first(&|v| v < 0.0)),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Every method, every outcome: a value between the children's (and the arithmetic mean
/// recomputed here), no value, or the refusal the children call for; and the power-mean
/// inequality (harmonic <= geometric <= arithmetic, M_p below M_1 for p < 1, above for p > 1).
/// Counters check that each method produced values and (except the arithmetic mean) refusals.
#[test]
fn every_aggregation_method_gives_a_value_in_range_or_the_expected_refusal() {
    let values = [0, 1, 2, 3, 4].map(|_| Cell::new(0usize));
    let refusals = [0, 1, 2, 3, 4].map(|_| Cell::new(0usize));
    let strategy = (
        children(),
        method(),
        prop_oneof![3 => Just(0.0), 1 => Just(0.5), 1 => Just(1.0)],
    );
    runner(512)
        .run(&strategy, |(kids, method, min_coverage)| {
            let got = combine(&kids, method, min_coverage);
            let want = expected(&kids, method, min_coverage);
            let slot = method_slot(method);
            match (&got, &want) {
                (Err(e), Expect::Refused(r)) => {
                    prop_assert_eq!(e, r);
                    refusals[slot].set(refusals[slot].get() + 1);
                }
                (Ok(c), Expect::NoValue) => {
                    prop_assert_eq!(c.value, None);
                    prop_assert!(c.missing_reason.is_some());
                }
                (Ok(c), Expect::Value) => {
                    let v = c.value.expect("a value");
                    values[slot].set(values[slot].get() + 1);
                    let present: Vec<(f64, f64)> = kids
                        .iter()
                        .filter(|c| c.weight > 0.0)
                        .filter_map(|c| c.value.map(|v| (c.weight, v)))
                        .collect();
                    let lo = present.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
                    let hi = present
                        .iter()
                        .map(|p| p.1)
                        .fold(f64::NEG_INFINITY, f64::max);
                    let tol = 1e-9 * hi.abs().max(lo.abs()).max(1.0);
                    let w: f64 = present.iter().map(|p| p.0).sum();
                    let weighted: f64 = present.iter().map(|(w, v)| w * v).sum();
                    if method == Method::Sum {
                        // A weighted sum is not a mean: it is never divided by the weights.
                        prop_assert!(close(v, weighted), "sum {v} vs {weighted}");
                        return Ok(());
                    }
                    prop_assert!(v >= lo - tol && v <= hi + tol, "{v} outside [{lo}, {hi}]");
                    let am = weighted / w;
                    match method {
                        Method::Arithmetic => prop_assert!(close(v, am), "{v} vs {am}"),
                        Method::Geometric => prop_assert!(v <= am + tol),
                        Method::Harmonic => {
                            let g = combine(&kids, Method::Geometric, min_coverage)
                                .unwrap()
                                .value
                                .unwrap();
                            prop_assert!(v <= g + tol, "harmonic {v} > geometric {g}");
                        }
                        Method::Power(p) if p < 1.0 => prop_assert!(v <= am + tol),
                        Method::Power(_) => prop_assert!(v >= am - tol),
                        Method::Sum => unreachable!("returned above"),
                    }
                }
                _ => {
                    return Err(TestCaseError::fail(format!(
                        "{kids:?} {method:?}: got {got:?}, expected {want:?}"
                    )));
                }
            }
            Ok(())
        })
        .unwrap();
    for (slot, name) in ["arithmetic", "geometric", "harmonic", "power", "sum"]
        .iter()
        .enumerate()
    {
        assert!(
            values[slot].get() >= 10,
            "{name}: {} values",
            values[slot].get()
        );
        // The arithmetic mean and the weighted sum refuse nothing.
        if (1..=3).contains(&slot) {
            assert!(
                refusals[slot].get() >= 5,
                "{name}: {} refusals",
                refusals[slot].get()
            );
        }
    }
}

proptest! {
    #![proptest_config(persisted(64))]

    #[test]
    fn weights_renormalise(kids in children(), k in 0.01f64..100.0) {
        let scaled: Vec<Child> = kids.iter().map(|c| Child { weight: c.weight * k, value: c.value }).collect();
        let a = combine(&kids, Method::Arithmetic, 0.0).unwrap();
        let b = combine(&scaled, Method::Arithmetic, 0.0).unwrap();
        match (a.value, b.value) {
            (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9 * x.abs().max(1.0)),
            (x, y) => prop_assert_eq!(x, y),
        }
        // A child without a score changes nothing when any coverage is enough.
        let mut more = kids.clone();
        more.push(Child { weight: 3.0, value: None });
        let c = combine(&more, Method::Arithmetic, 0.0).unwrap();
        prop_assert_eq!(a.value.map(|v| (v * 1e6).round()), c.value.map(|v| (v * 1e6).round()));
    }
}

// ------------------------------------------------------ normalisation (normalise/methods.rs)

/// Every normalisation method, with parameters. `reference` of dist2ref is the platform at
/// `ref_at`, which may be out of range or missing.
fn normalise_method() -> impl Strategy<Value = NormaliseMethod> {
    let scale = prop_oneof![Just(100.0), Just(1.0), 1.0f64..200.0];
    prop_oneof![
        prop_oneof![Just((0.0, 100.0)), Just((1.0, 100.0)), Just((-1.0, 1.0))]
            .prop_map(|(low, high)| NormaliseMethod::MinMax { low, high }),
        (
            prop_oneof![Just(10.0), Just(50.0)],
            prop_oneof![Just(2.0), Just(10.0)]
        )
            .prop_map(|(mean, sd)| NormaliseMethod::ZScore { mean, sd }),
        Just(NormaliseMethod::Rank),
        Just(NormaliseMethod::Borda),
        scale
            .clone()
            .prop_map(|scale| NormaliseMethod::PercentRank { scale }),
        scale
            .clone()
            .prop_map(|scale| NormaliseMethod::FracMax { scale }),
        scale
            .clone()
            .prop_map(|scale| NormaliseMethod::Dist2Max { scale }),
        (any::<bool>(), scale.clone()).prop_map(|(cap, scale)| NormaliseMethod::Dist2Ref {
            reference: "ref".into(),
            cap,
            scale
        }),
        (
            prop_oneof![Just(0.0), Just(3.0), -100.0f64..100.0],
            any::<bool>(),
            scale.clone()
        )
            .prop_map(|(target, cap, scale)| NormaliseMethod::Dist2Targ {
                target,
                cap,
                scale
            }),
        (-100.0f64..0.0, 0.0f64..100.0, scale, any::<bool>()).prop_map(
            |(lower, upper, scale, truncate)| NormaliseMethod::Goalposts {
                lower,
                upper: upper + 1.0,
                scale,
                truncate
            }
        ),
    ]
}

/// One item's platform values: small integers (ties, constant columns, zeros), any values,
/// and missing platforms; or a constant column.
fn platform_values() -> impl Strategy<Value = Vec<Option<f64>>> {
    let value = prop_oneof![
        2 => Just(None),
        3 => (0i32..4).prop_map(|k| Some(f64::from(k))),
        4 => (-100.0f64..100.0).prop_map(Some),
    ];
    prop_oneof![
        4 => prop::collection::vec(value, 1..9),
        1 => (prop_oneof![Just(0.0), Just(3.0), -100.0f64..100.0], 1usize..6)
            .prop_map(|(v, n)| vec![Some(v); n]),
    ]
}

/// The refusal the column calls for, from the values as they are compared (negated when lower
/// is better, as COINr does), and the method's written conditions.
fn normalise_refusal(
    method: &NormaliseMethod,
    x: &[Option<f64>],
    reference: Option<usize>,
    d: f64,
) -> Option<Unnormalisable> {
    let present: Vec<f64> = x.iter().flatten().copied().collect();
    if present.is_empty() {
        return None;
    }
    let min = present.iter().copied().fold(f64::INFINITY, f64::min);
    let max = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let constant = present.iter().all(|&v| v == present[0]);
    match method {
        NormaliseMethod::MinMax { .. } | NormaliseMethod::Dist2Max { .. } if constant => {
            Some(Unnormalisable::Constant(present[0] * d))
        }
        NormaliseMethod::ZScore { .. } | NormaliseMethod::PercentRank { .. }
            if present.len() < 2 =>
        {
            Some(Unnormalisable::TooFew { needed: 2 })
        }
        NormaliseMethod::ZScore { .. } if constant => {
            Some(Unnormalisable::Constant(present[0] * d))
        }
        NormaliseMethod::FracMax { .. } if max == 0.0 => Some(Unnormalisable::ZeroMaximum),
        NormaliseMethod::Dist2Ref { reference: id, .. } => {
            match reference.and_then(|r| x.get(r).copied().flatten()) {
                None => Some(Unnormalisable::NoReference(id.clone())),
                Some(r) if r == min => Some(Unnormalisable::ReferenceAtMinimum),
                Some(_) => None,
            }
        }
        NormaliseMethod::Dist2Targ { target, .. } if target * d == min => {
            Some(Unnormalisable::ReferenceAtMinimum)
        }
        _ => None,
    }
}

/// Every normalisation method: the refusal the column calls for, or values that keep the
/// missing platforms missing, keep the order of the values (ties tie), and put the anchors
/// of each formula where the formula says (min-max: the extremes at low and high; z-score:
/// the target mean and sd; rank: the lowest at 1; dist2max, dist2ref, dist2targ: the
/// minimum at 0, the maximum, reference or target at `scale`; goalposts: the README's
/// formula on the raw values). Counters check that every method produced values, and every
/// method that can refuse, refusals.
#[test]
fn every_normalisation_method_keeps_order_and_anchors_or_refuses_as_expected() {
    const NAMES: [&str; 10] = [
        "minmax",
        "zscore",
        "rank",
        "borda",
        "prank",
        "fracmax",
        "dist2max",
        "dist2ref",
        "dist2targ",
        "goalposts",
    ];
    let values = NAMES.map(|_| Cell::new(0usize));
    let refusals = NAMES.map(|_| Cell::new(0usize));
    let strategy = (
        normalise_method(),
        platform_values(),
        any::<bool>(),
        prop::option::weighted(0.9, 0usize..5),
    );
    runner(1024)
        .run(&strategy, |(method, raw, higher_is_better, ref_at)| {
            let slot = NAMES.iter().position(|n| *n == method.name()).unwrap();
            let rule = Normalise {
                method: method.clone(),
                higher_is_better,
            };
            let d = if higher_is_better { 1.0 } else { -1.0 };
            // The values as compared: a higher x is always better.
            let x: Vec<Option<f64>> = raw.iter().map(|v| v.map(|v| v * d)).collect();
            let got = normalise(&rule, &raw, ref_at);
            let want = normalise_refusal(&method, &x, ref_at, d);
            let y = match (got, want) {
                (Err(e), Some(w)) => {
                    prop_assert_eq!(e, w);
                    refusals[slot].set(refusals[slot].get() + 1);
                    return Ok(());
                }
                (Ok(y), None) => y,
                (got, want) => {
                    return Err(TestCaseError::fail(format!(
                        "{method:?} on {raw:?}: got {got:?}, expected {want:?}"
                    )));
                }
            };
            prop_assert_eq!(y.len(), raw.len());
            let pairs: Vec<(f64, f64)> = x
                .iter()
                .zip(&y)
                .filter_map(|(a, b)| match (a, b) {
                    (Some(a), Some(b)) => Some((*a, *b)),
                    (None, None) => None,
                    _ => Some((f64::NAN, f64::NAN)),
                })
                .collect();
            prop_assert!(
                pairs.iter().all(|p| !p.0.is_nan()),
                "missing changed: {y:?}"
            );
            if pairs.is_empty() {
                return Ok(());
            }
            values[slot].set(values[slot].get() + 1);
            let scale_of = |m: &NormaliseMethod| match m {
                NormaliseMethod::PercentRank { scale }
                | NormaliseMethod::FracMax { scale }
                | NormaliseMethod::Dist2Max { scale }
                | NormaliseMethod::Dist2Ref { scale, .. }
                | NormaliseMethod::Dist2Targ { scale, .. }
                | NormaliseMethod::Goalposts { scale, .. } => *scale,
                _ => 100.0,
            };
            let tol = 1e-9 * scale_of(&method).max(100.0);
            let min = pairs.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
            let max = pairs.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
            // Order kept, ties tied; except where COINr's formula itself turns the order
            // round: a fraction of a negative maximum, a distance to a target below every
            // value.
            let reverses = match &method {
                NormaliseMethod::FracMax { .. } => max < 0.0,
                NormaliseMethod::Dist2Targ { target, .. } => target * d < min,
                _ => false,
            };
            for &(a, ya) in pairs.iter().filter(|_| !reverses) {
                for &(b, yb) in &pairs {
                    if a < b {
                        prop_assert!(ya <= yb + tol, "{a} -> {ya} but {b} -> {yb}");
                    } else if a == b {
                        prop_assert_eq!(ya, yb);
                    }
                }
            }
            let at = |v: f64| pairs.iter().find(|p| p.0 == v).unwrap().1;
            let near = |a: f64, b: f64| (a - b).abs() <= tol;
            let n = pairs.len() as f64;
            match &method {
                NormaliseMethod::MinMax { low, high } => {
                    prop_assert!(near(at(min), *low) && near(at(max), *high), "{y:?}");
                }
                NormaliseMethod::ZScore { mean, sd } => {
                    let m = pairs.iter().map(|p| p.1).sum::<f64>() / n;
                    let s =
                        (pairs.iter().map(|p| (p.1 - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
                    prop_assert!(near(m, *mean) && near(s, *sd), "mean {m}, sd {s}");
                }
                NormaliseMethod::Rank => {
                    for &(a, ya) in &pairs {
                        let below = pairs.iter().filter(|p| p.0 < a).count() as f64;
                        prop_assert_eq!(ya, below + 1.0);
                    }
                }
                NormaliseMethod::Borda => prop_assert_eq!(at(min), 0.0),
                NormaliseMethod::PercentRank { scale } => {
                    prop_assert_eq!(at(min), 0.0);
                    let top = pairs.iter().filter(|p| p.0 == max).count();
                    if top == 1 {
                        prop_assert!(near(at(max), *scale));
                    }
                }
                NormaliseMethod::FracMax { scale } => {
                    prop_assert!(near(at(max), *scale));
                    prop_assert!(pairs.iter().all(|p| near(p.1, scale * p.0 / max)));
                }
                NormaliseMethod::Dist2Max { scale } => {
                    prop_assert!(near(at(min), 0.0) && near(at(max), *scale));
                }
                NormaliseMethod::Dist2Ref { cap, scale, .. } => {
                    let r = x[ref_at.unwrap()].unwrap();
                    prop_assert!(near(at(min), 0.0) && near(at(r), *scale));
                    if *cap {
                        prop_assert!(pairs.iter().all(|p| p.1 <= scale + tol));
                    }
                }
                NormaliseMethod::Dist2Targ { target, cap, scale } => {
                    prop_assert!(near(at(min), 0.0));
                    if let Some(&(_, yt)) = pairs.iter().find(|p| p.0 == target * d) {
                        prop_assert!(near(yt, *scale));
                    }
                    if *cap {
                        prop_assert!(pairs.iter().all(|p| p.1 <= scale + tol));
                    }
                }
                NormaliseMethod::Goalposts {
                    lower,
                    upper,
                    scale,
                    truncate,
                } => {
                    for (v, out) in raw.iter().zip(&y) {
                        let (Some(v), Some(out)) = (v, out) else {
                            continue;
                        };
                        let share = if higher_is_better {
                            (v - lower) / (upper - lower)
                        } else {
                            (upper - v) / (upper - lower)
                        };
                        let share = if *truncate {
                            share.clamp(0.0, 1.0)
                        } else {
                            share
                        };
                        prop_assert!(near(*out, scale * share), "{v} -> {out}");
                    }
                }
            }
            Ok(())
        })
        .unwrap();
    for (slot, name) in NAMES.iter().enumerate() {
        assert!(
            values[slot].get() >= 5,
            "{name}: {} values",
            values[slot].get()
        );
    }
    for name in [
        "minmax",
        "zscore",
        "prank",
        "fracmax",
        "dist2max",
        "dist2ref",
        "dist2targ",
    ] {
        let slot = NAMES.iter().position(|n| *n == name).unwrap();
        assert!(refusals[slot].get() >= 1, "{name}: no refusal drawn");
    }
}

// --------------------------------------------------------------- classification (classify.rs)

/// The answers of each scale of the default definition, written by hand from
/// `src/definition/default.toml` (the spec, not the compiled model): spelling -> score.
const AGREE5: [(&str, &str); 5] = [
    ("非常不同意", "Strongly disagree"),
    ("比较不同意", "Somewhat disagree"),
    ("一般", "Neither agree nor disagree"),
    ("比较同意", "Somewhat agree"),
    ("非常同意", "Strongly agree"),
];
const FREQ5: [(&str, &str); 5] = [
    ("从不", "Never"),
    ("很少", "Rarely"),
    ("有时", "Sometimes"),
    ("经常", "Often"),
    ("总是", "Always"),
];
const NA: [&str; 4] = ["不适用", "N/A", "NA", "Not applicable"];
const NA_YES_NO: [&str; 7] = [
    "不确定",
    "Not sure",
    "not_sure",
    "不适用",
    "N/A",
    "NA",
    "Not applicable",
];
/// Channel codes with their points and their Chinese and English labels.
const CHANNELS: [(&str, f64, &str, &str); 7] = [
    (
        "ip_portal",
        1.0,
        "平台知识产权保护平台（如阿里IPP）",
        "IP protection portal (e.g. Alibaba IPP)",
    ),
    (
        "online_form",
        1.0,
        "在线投诉/举报入口",
        "Online complaint or report form",
    ),
    ("email", 0.5, "电子邮件", "Email"),
    (
        "platform_contact",
        1.0,
        "平台专属对接人",
        "Dedicated platform contact",
    ),
    (
        "administrative",
        0.0,
        "行政投诉（市场监管部门）",
        "Administrative complaint (market regulator)",
    ),
    (
        "judicial",
        0.0,
        "司法途径（诉讼/公证取证）",
        "Litigation or notarized evidence",
    ),
    ("other", 0.5, "其他", "Other (please specify)"),
];
const UNITS: [&str; 3] = ["天", " days", " day"];
const ABOUT_BEFORE: [&str; 5] = ["约", "大约", "about ", "approx. ", "approximately "];
const ABOUT_AFTER: [&str; 2] = ["左右", ""];

/// The kinds of scale the counters tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Ordinal,
    /// A numeric scale with goalposts (a score per cell).
    Goalposts,
    /// A numeric scale normalised across platforms (the raw number per cell).
    Raw,
    Multi,
    Text,
}

/// A scale of the default definition as the hand tables describe it.
struct HandScale {
    kind: Kind,
    /// Ordinal: every spelling (label, alias, code) with its score.
    spellings: Vec<(String, f64)>,
    /// Ordinal codes that a spreadsheet may store as numbers.
    codes: Vec<(f64, f64)>,
    na: Vec<&'static str>,
}

fn hand_scale(id: &str) -> HandScale {
    let ordinal = |labels: &[(&str, &str)], na: &[&'static str]| HandScale {
        kind: Kind::Ordinal,
        spellings: labels
            .iter()
            .enumerate()
            .flat_map(|(k, (zh, en))| {
                let v = 25.0 * k as f64;
                [
                    (zh.to_string(), v),
                    (en.to_string(), v),
                    ((k + 1).to_string(), v),
                ]
            })
            .collect(),
        codes: (0..labels.len())
            .map(|k| ((k + 1) as f64, 25.0 * k as f64))
            .collect(),
        na: na.to_vec(),
    };
    let plain = |kind: Kind, na: &[&'static str]| HandScale {
        kind,
        spellings: Vec::new(),
        codes: Vec::new(),
        na: na.to_vec(),
    };
    match id {
        "agree5" => ordinal(&AGREE5, &NA),
        "freq5" => ordinal(&FREQ5, &NA),
        "yes_no" => HandScale {
            kind: Kind::Ordinal,
            spellings: [("是", 100.0), ("Yes", 100.0), ("否", 0.0), ("No", 0.0)]
                .map(|(s, v)| (s.to_string(), v))
                .to_vec(),
            codes: Vec::new(),
            na: NA_YES_NO.to_vec(),
        },
        "takedown_days" => plain(Kind::Goalposts, &NA),
        "opinion_higher" | "opinion_lower" => plain(Kind::Raw, &[]),
        "channels" => plain(Kind::Multi, &[]),
        "free_text" => plain(Kind::Text, &[]),
        other => panic!("scale {other} has no hand table: add it"),
    }
}

/// takedown_days: goalposts best 1 day, worst 30 days.
fn takedown_score(days: f64) -> f64 {
    (100.0 * (30.0 - days) / 29.0).clamp(0.0, 100.0)
}

/// How a drawn spelling is typed: case, padding, full-width forms (all undone by matching).
#[derive(Debug, Clone, Copy)]
struct Look {
    case: u8,
    left: u8,
    right: u8,
    wide: bool,
}

const PADS: [&str; 5] = ["", " ", "\u{3000}", "\t", "  "];

fn look() -> impl Strategy<Value = Look> {
    (0u8..3, 0u8..5, 0u8..5, prop::bool::weighted(0.2)).prop_map(|(case, left, right, wide)| Look {
        case,
        left,
        right,
        wide,
    })
}

fn typed(s: &str, look: Look) -> String {
    let cased = match look.case {
        1 => s.to_uppercase(),
        2 => s.to_lowercase(),
        _ => s.to_string(),
    };
    let body: String = if look.wide {
        // Full-width forms of ASCII (NFKC folds them back).
        cased
            .chars()
            .map(|c| match c {
                '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
                ' ' => '\u{3000}',
                c => c,
            })
            .collect()
    } else {
        cased
    };
    format!(
        "{}{body}{}",
        PADS[look.left as usize], PADS[look.right as usize]
    )
}

/// One drawn cell: which family of answer (`what`, 0..100), which member (`index`), and the
/// raw material of numbers, option sets and noise.
#[derive(Debug, Clone)]
struct Pick {
    what: u8,
    index: usize,
    bits: u8,
    spell: [u8; 8],
    look: Look,
    number: f64,
    noise: String,
    junk: String,
}

fn pick() -> impl Strategy<Value = Pick> {
    (
        0u8..100,
        any::<usize>(),
        any::<u8>(),
        any::<[u8; 8]>(),
        look(),
        0.0f64..60.0,
        "q[b-z]{2,6}",
        "\\PC{0,12}",
    )
        .prop_map(
            |(what, index, bits, spell, look, number, noise, junk)| Pick {
                what,
                index,
                bits,
                spell,
                look,
                number,
                noise,
                junk,
            },
        )
}

/// What a drawn cell must classify as; `Any` for free noise (only the 0..100 bound holds).
#[derive(Debug)]
enum Want {
    Class(CellClass),
    Any,
}

fn invalid(r: InvalidReason) -> Want {
    Want::Class(CellClass::Invalid(r))
}

/// Free text is kept as typed, outer whitespace (ideographic spaces too) stripped.
fn free_text(raw: &RawValue) -> Want {
    let RawValue::Text(t) = raw else {
        unreachable!("free text is text")
    };
    Want::Class(CellClass::Text(
        t.trim_matches(char::is_whitespace).to_string(),
    ))
}

/// The raw cell and its class, from the hand table of the scale.
fn draw(h: &HandScale, reverse: bool, p: &Pick) -> (RawValue, Want) {
    let text = |s: &str| RawValue::Text(typed(s, p.look));
    let class = Want::Class;
    // A number as typed: plain, or with a unit and "about" words, possibly full-width.
    let x = if p.bits & 1 == 0 {
        p.number.round()
    } else {
        p.number
    };
    let typed_number = |x: f64, units: bool| -> String {
        if units {
            let before = ABOUT_BEFORE[p.spell[0] as usize % ABOUT_BEFORE.len()];
            let after = ABOUT_AFTER[p.spell[1] as usize % ABOUT_AFTER.len()];
            let unit = UNITS[p.spell[2] as usize % UNITS.len()];
            match p.spell[3] % 3 {
                0 => format!("{x}"),
                1 => format!("{before}{x}{unit}"),
                _ => format!("{x}{unit}{after}"),
            }
        } else {
            format!("{x}")
        }
    };
    match p.what {
        // A valid answer (60%).
        0..60 => match h.kind {
            Kind::Ordinal => {
                let flip = |v: f64| if reverse { 100.0 - v } else { v };
                if p.bits & 2 != 0 && !h.codes.is_empty() {
                    let (code, v) = h.codes[p.index % h.codes.len()];
                    (RawValue::Number(code), class(CellClass::Score(flip(v))))
                } else {
                    let (s, v) = &h.spellings[p.index % h.spellings.len()];
                    (text(s), class(CellClass::Score(flip(*v))))
                }
            }
            Kind::Goalposts => {
                let raw = if p.bits & 2 != 0 {
                    RawValue::Number(x)
                } else {
                    text(&typed_number(x, true))
                };
                (raw, class(CellClass::Score(takedown_score(x))))
            }
            Kind::Raw => {
                let x = x - 20.0;
                let raw = if p.bits & 2 != 0 {
                    RawValue::Number(x)
                } else {
                    text(&typed_number(x, false))
                };
                (raw, class(CellClass::Number(x)))
            }
            Kind::Multi => {
                let mut set: Vec<usize> = (0..7).filter(|i| p.bits >> i & 1 == 1).collect();
                if set.is_empty() {
                    set.push(p.index % 7);
                }
                let spelled = |i: usize, k: u8| {
                    let (code, _, zh, en) = CHANNELS[i];
                    let look = Look {
                        wide: k & 4 != 0,
                        ..p.look
                    };
                    typed([code, zh, en][k as usize % 3], look)
                };
                let mut chosen: Vec<String> = set
                    .iter()
                    .enumerate()
                    .map(|(n, &i)| spelled(i, p.spell[n]))
                    .collect();
                // The same option twice (two spellings) counts once.
                if p.spell[7] & 1 == 1 {
                    chosen.push(spelled(set[0], p.spell[7] >> 1));
                }
                let turn = p.index % chosen.len();
                chosen.rotate_left(turn);
                let points: f64 = set.iter().map(|&i| CHANNELS[i].1).sum();
                let want = class(CellClass::Score((50.0 * points).min(100.0)));
                let raw = if chosen.len() == 1 && p.bits & 128 == 0 {
                    RawValue::Text(chosen.remove(0))
                } else {
                    RawValue::Choices {
                        chosen,
                        other_text: (p.spell[6] & 1 == 1).then(|| "店铺自查".to_string()),
                    }
                };
                (raw, want)
            }
            Kind::Text => {
                let raw = text(&format!("说明 {}", p.noise));
                let want = free_text(&raw);
                (raw, want)
            }
        },
        // An N/A spelling (10%); on a scale without N/A it is just text.
        60..70 => {
            // ("N/A" itself would be "a date" on a numeric scale: the slash of "3/5".)
            let na = if h.na.is_empty() {
                "Not applicable"
            } else {
                h.na[p.index % h.na.len()]
            };
            let raw = text(na);
            let want = match h.kind {
                _ if !h.na.is_empty() => class(CellClass::Na),
                Kind::Raw | Kind::Goalposts => invalid(InvalidReason::NotANumber),
                Kind::Multi => invalid(InvalidReason::UnknownOption),
                Kind::Ordinal => invalid(InvalidReason::NotALabel),
                Kind::Text => free_text(&raw),
            };
            (raw, want)
        }
        // Empty cells and skip markers (8%).
        70..78 => match p.index % 5 {
            0 => (RawValue::Blank, class(CellClass::NoAnswer)),
            1 => (RawValue::Unanswered, class(CellClass::NoAnswer)),
            2 => (RawValue::Skipped, class(CellClass::Skipped)),
            3 if h.kind == Kind::Multi => (
                RawValue::Choices {
                    chosen: vec![String::new(), " ".into()],
                    other_text: None,
                },
                class(CellClass::NoAnswer),
            ),
            _ => (
                RawValue::Text(" \u{3000}\t".into()),
                class(CellClass::NoAnswer),
            ),
        },
        // Answers of the right family that the scale must refuse (12%).
        78..90 => match h.kind {
            Kind::Ordinal => match p.index % 4 {
                0 => (RawValue::Number(6.0 + x), invalid(InvalidReason::NotALabel)),
                1 => (RawValue::Number(2.5), invalid(InvalidReason::NotALabel)),
                2 => (
                    RawValue::Date("2025-03-05".into()),
                    invalid(InvalidReason::Date),
                ),
                _ => (text("7"), invalid(InvalidReason::NotALabel)),
            },
            Kind::Goalposts | Kind::Raw => match p.index % 7 {
                0 => (text("3-5"), invalid(InvalidReason::Range)),
                1 => (text("3~5 天"), invalid(InvalidReason::Range)),
                2 => (text("3到5"), invalid(InvalidReason::Range)),
                3 => (text("3月5日"), invalid(InvalidReason::Date)),
                4 => (text("2025-03-05"), invalid(InvalidReason::Date)),
                5 => (
                    RawValue::Number(f64::NAN),
                    invalid(InvalidReason::OutOfBounds),
                ),
                _ if h.kind == Kind::Goalposts => (
                    RawValue::Number(-0.5 - x),
                    invalid(InvalidReason::OutOfBounds),
                ),
                _ => (text("1.2.3"), invalid(InvalidReason::NotANumber)),
            },
            Kind::Multi => match p.index % 3 {
                0 => (
                    RawValue::Choices {
                        chosen: vec![CHANNELS[p.bits as usize % 7].0.into(), p.noise.clone()],
                        other_text: None,
                    },
                    invalid(InvalidReason::UnknownOption),
                ),
                1 => (RawValue::Number(3.0), invalid(InvalidReason::WrongShape)),
                _ => (
                    RawValue::Date("2025-03-05".into()),
                    invalid(InvalidReason::WrongShape),
                ),
            },
            Kind::Text => {
                let raw = text("—");
                let want = free_text(&raw);
                (raw, want)
            }
        },
        // Noise (10%): text that is no answer of any scale, or anything at all.
        _ => {
            if p.index.is_multiple_of(2) {
                return (RawValue::Text(p.junk.clone()), Want::Any);
            }
            let want = match h.kind {
                Kind::Ordinal => invalid(InvalidReason::NotALabel),
                Kind::Goalposts | Kind::Raw => invalid(InvalidReason::NotANumber),
                Kind::Multi => invalid(InvalidReason::UnknownOption),
                Kind::Text => Want::Any,
            };
            (text(&p.noise), want)
        }
    }
}

/// The hand tables hold every spelling the compiled definition accepts (so the draws reach
/// each label, alias, code and N/A spelling of every scale), and nothing more.
#[test]
fn hand_tables_list_every_spelling_of_the_default_scales() {
    let (model, _) = load_default().unwrap();
    for scale in &model.scales {
        let h = hand_scale(&scale.id);
        let keys = |v: &mut dyn Iterator<Item = String>| -> BTreeSet<String> {
            v.map(|s| match_key(&s)).collect()
        };
        assert_eq!(
            keys(&mut h.na.iter().map(|s| s.to_string())),
            keys(&mut scale.na.iter().cloned()),
            "N/A spellings of {}",
            scale.id
        );
        match &scale.kind {
            ScaleKind::Ordinal(o) => assert_eq!(
                keys(&mut h.spellings.iter().map(|s| s.0.clone())),
                keys(&mut o.scores.keys().cloned()),
                "{}",
                scale.id
            ),
            ScaleKind::Multi(m) => assert_eq!(
                keys(
                    &mut CHANNELS
                        .iter()
                        .flat_map(|c| [c.0, c.2, c.3])
                        .map(String::from)
                ),
                keys(&mut m.lookup.keys().cloned()),
                "{}",
                scale.id
            ),
            ScaleKind::Numeric(n) => assert_eq!(
                n.goalposts.is_some(),
                h.kind == Kind::Goalposts,
                "{}",
                scale.id
            ),
            ScaleKind::Text => assert_eq!(h.kind, Kind::Text),
        }
    }
}

/// Every item of the default definition (reverse keying included) classifies cells drawn from
/// its scale's labels, aliases, codes and N/A spellings, typed with other case, padding and
/// full-width forms, plus empty cells, refused answers and noise, exactly as the hand tables
/// say. Counters check that most drawn cells of each kind of scale are scores (or raw numbers)
/// and that every other outcome was drawn too.
#[test]
fn drawn_answers_classify_as_the_hand_tables_say() {
    let (model, _) = load_default().unwrap();
    let hands: Vec<HandScale> = model.scales.iter().map(|s| hand_scale(&s.id)).collect();
    // Per kind: cells, scores, N/A, no answer, invalid.
    let counts: BTreeMap<Kind, [Cell<usize>; 5]> = [
        Kind::Ordinal,
        Kind::Goalposts,
        Kind::Raw,
        Kind::Multi,
        Kind::Text,
    ]
    .into_iter()
    .map(|k| (k, [0, 0, 0, 0, 0].map(Cell::new)))
    .collect();
    let strategy = prop::collection::vec(pick(), model.items.len());
    runner(128)
        .run(&strategy, |picks| {
            for (item, p) in model.items.iter().zip(&picks) {
                let h = &hands[item.scale];
                let (raw, want) = draw(h, item.reverse, p);
                let got = classify(&model.scales[item.scale], item.reverse, &raw);
                let at = format!("{} ({:?}) {raw:?}", item.id, h.kind);
                match (&want, &got) {
                    (Want::Class(CellClass::Score(w)), CellClass::Score(g)) => {
                        prop_assert!((w - g).abs() <= 1e-9, "{at}: {g} vs {w} by hand");
                    }
                    (Want::Class(w), g) => prop_assert_eq!(w, g, "{}", at),
                    (Want::Any, CellClass::Score(v)) => {
                        prop_assert!((0.0..=100.0).contains(v), "{at}: {v}");
                    }
                    (Want::Any, _) => {}
                }
                let c = &counts[&h.kind];
                let slot = match got {
                    CellClass::Score(_) | CellClass::Number(_) | CellClass::Text(_) => Some(1),
                    CellClass::Na => Some(2),
                    CellClass::NoAnswer => Some(3),
                    CellClass::Invalid(_) => Some(4),
                    CellClass::Skipped => None,
                };
                c[0].set(c[0].get() + 1);
                if let Some(s) = slot {
                    c[s].set(c[s].get() + 1);
                }
            }
            Ok(())
        })
        .unwrap();
    for (kind, c) in &counts {
        let [cells, scores, na, no_answer, invalid] = c.each_ref().map(Cell::get);
        // About 60% of the draws are valid answers; at least 35% must score (a generator
        // that misses the scale's answers gives about 0%).
        assert!(
            scores * 100 >= cells * 35,
            "{kind:?}: {scores} scores in {cells} cells"
        );
        assert!(
            no_answer > 0 && invalid + usize::from(*kind == Kind::Text) > 0,
            "{kind:?}"
        );
        if matches!(kind, Kind::Ordinal | Kind::Goalposts) {
            assert!(na > 0, "{kind:?}: no N/A drawn");
        }
    }
}

proptest! {
    // Each case is a whole scoring run in a debug build: a few cases give the coverage.
    #![proptest_config(persisted(6))]

    #[test]
    fn row_order_never_changes_a_score(seed in any::<u64>()) {
        // Records, not lines: free-text answers hold quoted newlines.
        let mut reader = csv::Reader::from_path(fixture("tidy_long.csv")).unwrap();
        let header = reader.headers().unwrap().clone();
        let mut rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        // A seeded Fisher-Yates shuffle of the data rows.
        let mut state = seed | 1;
        for i in (1..rows.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            rows.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let dir = tempfile::tempdir().unwrap();
        let shuffled = dir.path().join("shuffled.csv");
        let mut writer = csv::Writer::from_path(&shuffled).unwrap();
        writer.write_record(&header).unwrap();
        for r in &rows {
            writer.write_record(r).unwrap();
        }
        writer.flush().unwrap();
        let diffs = differences(&scores_of(shuffled), &scores_of(fixture("tidy_long.csv")), "");
        prop_assert!(diffs.is_empty(), "scores changed with row order: {diffs:#?}");
    }
}

#[test]
fn published_scores_are_within_0_to_100() {
    let v = scores_of(fixture("wjx_text_wide.xlsx"));
    let mut seen = 0;
    let mut check = |x: &serde_json::Value| {
        if let Some(f) = x.as_f64() {
            assert!((0.0..=100.0).contains(&f), "{f}");
            seen += 1;
        }
    };
    for p in v.as_array().unwrap() {
        check(&p["score"]);
        for level in ["dimensions", "indicators", "items"] {
            for node in p[level].as_object().unwrap().values() {
                check(&node["score"]);
            }
        }
    }
    assert!(seen > 300, "only {seen} scores checked");
}
