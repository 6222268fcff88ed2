//! Invariants that hold whatever the data: row order never changes a score, weights
//! renormalise, scores stay in 0..100.

use proptest::prelude::*;
use qbpc_index::aggregate::tree::{Child, combine};
use qbpc_index::classify::{CellClass, classify};
use qbpc_index::definition::{Method, load_default};
use qbpc_index::ingest::RawValue;
use qbpc_index::pipeline::{RunFiles, run};
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

fn children() -> impl Strategy<Value = Vec<Child>> {
    prop::collection::vec(
        (0.0f64..10.0, prop::option::weighted(0.8, 0.0f64..=100.0))
            .prop_map(|(weight, value)| Child { weight, value }),
        1..8,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn node_scores_stay_between_their_childrens(kids in children(), method in prop::sample::select(vec![Method::Arithmetic, Method::Geometric, Method::Harmonic])) {
        let present: Vec<f64> = kids.iter().filter(|c| c.weight > 0.0).filter_map(|c| c.value).collect();
        if let Ok(r) = combine(&kids, method, 0.0) && let Some(v) = r.value {
            let lo = present.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = present.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(v >= lo - 1e-9 && v <= hi + 1e-9, "{v} outside [{lo}, {hi}]");
            prop_assert!((0.0..=100.0 + 1e-9).contains(&v));
        }
    }

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

    #[test]
    fn every_cell_scores_within_0_to_100(text in "\\PC{0,12}", number in -1e6f64..1e6) {
        let (model, _) = load_default().unwrap();
        for item in &model.items {
            let scale = &model.scales[item.scale];
            for raw in [RawValue::Text(text.clone()), RawValue::Number(number)] {
                if let CellClass::Score(v) = classify(scale, item.reverse, &raw) {
                    prop_assert!((0.0..=100.0).contains(&v), "{} {raw:?} -> {v}", item.id);
                }
            }
        }
    }
}

proptest! {
    // Each case is a whole scoring run in a debug build: a few cases give the coverage.
    #![proptest_config(ProptestConfig::with_cases(6))]

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
