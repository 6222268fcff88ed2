//! `explain` on every platform of every fixture run: where the index is an arithmetic mean, the
//! dimensions' contributions add up to the index score that the scoring computed (to 1e-9),
//! every node that says it is additive has children adding up to it, and with arithmetic means
//! all the way down the items alone add up to the index. Where the index or a node is not
//! additive (geometric means, pooling orders) the explanation says so and gives no
//! contributions below it; what it still claims (effective weights that split the parent's)
//! is checked.

use qbpc_index::definition::{self, Model};
use qbpc_index::explain::{self, Explanation, Part};
use qbpc_index::output::Methodology;
use qbpc_index::pipeline::{RunFiles, run};
use qbpc_index::results::DefinitionRecord;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(surveys: &[&str], named: &[(&str, &str)]) -> RunFiles {
    RunFiles {
        surveys: surveys.iter().map(|s| root().join(s)).collect(),
        named: named
            .iter()
            .map(|(id, p)| (id.to_string(), root().join(p)))
            .collect(),
        ..Default::default()
    }
}

/// Every explanation of a run, one per platform, with the unrounded index of the scoring.
fn explain_all(model: &Model, files: &RunFiles) -> Vec<(Option<f64>, Explanation)> {
    let results = run(model, files, Vec::new()).unwrap();
    let record = DefinitionRecord::from_methodology(&Methodology::from_model(model), 1);
    results
        .platforms
        .iter()
        .map(|p| {
            let e = explain::from_results(&results, record.clone(), &p.id).unwrap();
            (p.score, e)
        })
        .collect()
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= 1e-9, "{what}: {a} != {b}");
}

fn sum(parts: &[Part]) -> f64 {
    parts.iter().map(|p| p.contribution.unwrap()).sum()
}

/// The checks of one explanation; returns whether its contributions were checked.
fn check(label: &str, index: Option<f64>, e: &Explanation) -> bool {
    let what = format!("{label} {}", e.platform);
    assert_eq!(e.score, index, "{what}");
    // Effective weights split their parent's over the parts with a score, for every method.
    let present = |ps: &[Part]| -> f64 {
        ps.iter()
            .filter(|p| p.score.is_some() && p.weight > 0.0)
            .map(|p| p.effective_weight)
            .sum()
    };
    let in_index = e.dimensions.iter().any(|d| d.effective_weight > 0.0);
    if in_index {
        close(present(&e.dimensions), 1.0, &what);
    }
    for p in e.parts() {
        if p.score.is_some()
            && p.children
                .iter()
                .any(|c| c.score.is_some() && c.weight > 0.0)
        {
            close(
                present(&p.children),
                p.effective_weight,
                &format!("{what} {}", p.id),
            );
        }
    }
    let Some(score) = index else {
        assert!(e.parts().iter().all(|p| p.contribution.is_none()), "{what}");
        return false;
    };
    if !e.additive {
        assert_ne!(e.method, "arithmetic", "{what}");
        assert!(
            e.note.as_deref().unwrap().contains("not additive"),
            "{what}"
        );
        assert!(e.parts().iter().all(|p| p.contribution.is_none()), "{what}");
        return false;
    }
    close(sum(&e.dimensions), score, &what);
    let mut all_additive = true;
    for p in e.parts() {
        if let Some(c) = p.contribution {
            close(
                c,
                p.effective_weight * p.score.unwrap_or(0.0),
                &format!("{what} {}", p.id),
            );
        }
        match p.additive {
            Some(true) if p.contribution.is_some() => close(
                sum(&p.children),
                p.contribution.unwrap(),
                &format!("{what} {}", p.id),
            ),
            Some(false) if p.score.is_some() && p.effective_weight > 0.0 => {
                all_additive = false;
                assert!(
                    p.children.iter().all(|c| c.contribution.is_none()),
                    "{what}"
                );
            }
            _ => {}
        }
    }
    if all_additive {
        let items: f64 = e
            .parts()
            .iter()
            .filter(|p| p.kind == "item")
            .map(|p| p.contribution.unwrap())
            .sum();
        close(items, score, &format!("{what} items"));
    }
    true
}

fn check_run(label: &str, model: &Model, files: &RunFiles) -> usize {
    let all = explain_all(model, files);
    assert!(!all.is_empty(), "{label}");
    all.iter()
        .filter(|(index, e)| check(label, *index, e))
        .count()
}

fn default_with(replace: &str, with: &str) -> Model {
    let text = definition::DEFAULT_TOML.replace(replace, with);
    assert_ne!(text, definition::DEFAULT_TOML);
    definition::check_str(&text, "test", None).model.unwrap()
}

const SURVEYS: [&str; 9] = [
    "fixtures/wjx_text_wide.xlsx",
    "fixtures/tidy_long.csv",
    "fixtures/wjx_number_wide_gbk.csv",
    "fixtures/wjx_number_wide_legacy_utf8bom.csv",
    "fixtures/tencent_wide_utf8bom.csv",
    "fixtures/qualtrics_long.csv",
    "fixtures/surveymonkey_long.csv",
    "examples/survey_tidy.csv",
    "examples/survey_wjx.xlsx",
];

#[test]
fn contributions_add_up_for_every_platform_of_the_survey_fixtures() {
    let (model, _) = definition::load_default().unwrap();
    let opinion = [("opinion", "fixtures/platform_opinion.csv")];
    let mut checked = 0;
    for survey in SURVEYS {
        checked += check_run(survey, &model, &files(&[survey], &opinion));
        checked += check_run(survey, &model, &files(&[survey], &[]));
    }
    for def in [
        "examples/custom-index.toml",
        "fixtures/definitions/default_whatif.toml",
    ] {
        let (model, _) = definition::load_file(&root().join(def)).unwrap();
        checked += check_run(def, &model, &files(&["examples/survey_wjx.xlsx"], &opinion));
    }
    for (year, survey) in [("2025", "survey_2025.csv"), ("2026", "survey_2026.csv")] {
        let def = root().join(format!("fixtures/waves/{year}.toml"));
        let (model, _) = definition::load_file(&def).unwrap();
        let survey = format!("fixtures/waves/{survey}");
        checked += check_run(year, &model, &files(&[&survey], &[]));
    }
    assert!(checked >= 100, "only {checked} platforms checked");
}

/// Pooling orders: the pooled dimensions say they are not additive; the index still is.
#[test]
fn pooling_orders_stop_the_decomposition_at_the_pooled_nodes() {
    let opinion = [("opinion", "fixtures/platform_opinion.csv")];
    for order in ["respondents-first", "indicators-first"] {
        let model = default_with("order = \"items-first\"", &format!("order = \"{order}\""));
        let all = explain_all(&model, &files(&["fixtures/tidy_long.csv"], &opinion));
        for (index, e) in &all {
            check(order, *index, e);
            if index.is_some() {
                let complaint = e.dimensions.iter().find(|d| d.id == "complaint").unwrap();
                assert_eq!(complaint.additive, Some(false), "{order}");
                assert!(complaint.note.as_deref().unwrap().contains("pooled"));
                // Platform-level data is not pooled: opinion still splits into its items.
                let opinion = e.dimensions.iter().find(|d| d.id == "opinion").unwrap();
                assert_eq!(opinion.additive, Some(opinion.score.is_some()), "{order}");
            }
        }
    }
}

/// The COINr trees (three levels, weights 1-2-3, geometric variants): arithmetic variants add
/// up; geometric ones say they do not.
#[test]
fn coinr_trees_add_up_where_arithmetic() {
    let dir = root().join("examples/coinr");
    let mut additive = 0;
    let mut geometric = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let (model, _) = definition::load_file(&path).unwrap();
        let label = path.file_name().unwrap().to_string_lossy().into_owned();
        let n = check_run(&label, &model, &RunFiles::default());
        if label.contains("gmean") {
            assert_eq!(n, 0, "{label}");
            geometric += 1;
        } else {
            assert!(n > 40, "{label}: {n}");
            additive += 1;
        }
    }
    assert!(additive >= 7 && geometric >= 2, "{additive} {geometric}");
}

#[test]
fn a_result_file_explains_like_the_run() {
    let (model, _) = definition::load_default().unwrap();
    let files = files(
        &["fixtures/tidy_long.csv"],
        &[("opinion", "fixtures/platform_opinion.csv")],
    );
    let results = run(&model, &files, Vec::new()).unwrap();
    let methodology = Methodology::from_model(&model);
    let json = qbpc_index::output::render_report(
        qbpc_index::output::Format::Json,
        &qbpc_index::output::Report {
            results: &results,
            methodology: Some(&methodology),
        },
        &Default::default(),
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let record = DefinitionRecord::from_methodology(&methodology, results.decimals);
    for p in &results.platforms {
        let a = explain::from_results(&results, record.clone(), &p.id).unwrap();
        let b = explain::from_document(&doc, &p.id).unwrap();
        same(
            &serde_json::to_value(&a).unwrap(),
            &serde_json::to_value(&b).unwrap(),
            &p.id,
        );
    }
}

/// Equal documents, floats to 1e-12 relative (serde_json's parser may differ from the exact
/// value in the last bit); the first difference is named by its path.
fn same(a: &serde_json::Value, b: &serde_json::Value, path: &str) {
    use serde_json::Value::*;
    match (a, b) {
        (Object(x), Object(y)) => {
            let kx: Vec<_> = x.keys().collect();
            let ky: Vec<_> = y.keys().collect();
            assert_eq!(kx, ky, "{path}");
            for (k, v) in x {
                same(v, &y[k], &format!("{path}.{k}"));
            }
        }
        (Array(x), Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}");
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                same(v, w, &format!("{path}[{i}]"));
            }
        }
        (Number(x), Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{path}: {x} {y}");
        }
        _ => assert_eq!(a, b, "{path}"),
    }
}
