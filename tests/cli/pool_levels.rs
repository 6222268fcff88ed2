//! Pooling weights by a respondent attribute (issue 13, point 8): `pool = { level = { group =
//! 1, services = 1 } }` averages each item's answers within each value of column `level`, then
//! weights those means. Expected values: worked by hand below, and the independent oracle
//! `tests/oracle/pool_levels.py` (run by the ignored test; `.ci/run` runs it).

use crate::common::{assert_run_paths_agree, qbpc, root};
use qbpc_index::definition::{Model, check_str, load_file};
use qbpc_index::diagnostics::{Code, Diagnostic};
use qbpc_index::pipeline::{RunFiles, run_with};
use qbpc_index::results::Detail;
use qbpc_index::stats::bootstrap::design::Design;
use qbpc_index::stats::bootstrap::replicate::Evaluator;
use qbpc_index::stats::bootstrap::resample::draw_counts;
use qbpc_index::stats::bootstrap::{answers, design};
use serde_json::Value;

const DEFINITION: &str = "fixtures/definitions/pool_levels.toml";
const SURVEY: &str = "fixtures/pool_levels.csv";

fn model() -> (Model, Vec<Diagnostic>) {
    load_file(&root().join(DEFINITION)).unwrap_or_else(|e| panic!("{e:?}"))
}

fn score_json(extra: &[&str]) -> (Value, String) {
    let out = qbpc()
        .current_dir(root())
        .args(["score", SURVEY, "--index", DEFINITION, "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        serde_json::from_slice(&out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn platform<'a>(doc: &'a Value, id: &str) -> &'a Value {
    (doc["platforms"].as_array().unwrap().iter())
        .find(|p| p["id"] == id)
        .unwrap()
}

fn close(got: &Value, want: Option<f64>, what: &str) {
    match want {
        Some(w) => {
            let g = got.as_f64().unwrap_or_else(|| panic!("{what}: {got}"));
            assert!((g - w).abs() < 1e-9, "{what}: {g} != {w}");
        }
        None => assert!(got.is_null(), "{what}: {got} should have no score"),
    }
}

/// A node (or "index") and its expected score (None: no score).
type Expected = (&'static str, Option<f64>);

fn score_of<'a>(p: &'a Value, id: &str) -> &'a Value {
    for level in ["items", "indicators", "dimensions"] {
        if let Some(v) = p[level].get(id) {
            return &v["score"];
        }
    }
    &p["score"]
}

/// Worked by hand from `fixtures/pool_levels.csv`:
/// * alpha: g1 group 100, services (50 + 0 + 25) / 3 = 25 ("Services " matches) -> 62.5;
///   g2 group 50, services (0 + 100) / 2 = 50 (NA left out) -> 50; G02 = 56.25;
///   g3 group alone (services weight 0) = 80; g4 plain mean (40+60+20+80)/4 = 50;
///   governance = (56.25 + 80 + 50) / 3 = 62.0833...
/// * beta: "Group" is the group; the "opcom" row is not listed: it counts for G04 only.
///   g1 (0 + 100) / 2 = 50; g2 (100 + 50) / 2 = 75; G02 62.5; G03 30; G04 (100+0+10)/3;
///   governance (62.5 + 30 + 110/3) / 3 = 43.0555...
/// * gamma has no group row: g1 and g2 are the services' means (weights renormalised over the
///   values present), 60 and 60; G03 has no answer that counts (N/A); G04 (50 + 30) / 2 = 40;
///   governance (60 + 40) / 2 = 50.
#[test]
fn hand_worked_scores_and_counts() {
    let (doc, stderr) = score_json(&[]);
    let expect: [(&str, &[Expected]); 3] = [
        (
            "alpha",
            &[
                ("g1", Some(62.5)),
                ("g2", Some(50.0)),
                ("G02", Some(56.25)),
                ("G03", Some(80.0)),
                ("G04", Some(50.0)),
                ("index", Some(186.25 / 3.0)),
            ],
        ),
        (
            "beta",
            &[
                ("g1", Some(50.0)),
                ("g2", Some(75.0)),
                ("G03", Some(30.0)),
                ("G04", Some(110.0 / 3.0)),
                ("index", Some((92.5 + 110.0 / 3.0) / 3.0)),
            ],
        ),
        (
            "gamma",
            &[
                ("g1", Some(60.0)),
                ("g2", Some(60.0)),
                ("G03", None),
                ("G04", Some(40.0)),
                ("index", Some(50.0)),
            ],
        ),
    ];
    for (id, values) in expect {
        let p = platform(&doc, id);
        for &(node, want) in values {
            close(score_of(p, node), want, &format!("{id} {node}"));
        }
    }
    // n counts the answers that entered; answers left out by the rule count as skipped.
    let alpha = platform(&doc, "alpha");
    assert_eq!(alpha["items"]["g1"]["n"], 4);
    assert_eq!(alpha["items"]["g2"]["n"], 3);
    assert_eq!(alpha["items"]["g3"]["n"], 1);
    assert_eq!(alpha["items"]["g4"]["n"], 4);
    // The unlisted value is a located warning, once per rule.
    assert_eq!(stderr.matches("pool-value-unlisted").count(), 2, "{stderr}");
    assert!(stderr.contains("cell C8"), "{stderr}");
    // The definition record and the methodology say how G02 pools.
    let g02 = (doc["definition"]["nodes"].as_array().unwrap().iter())
        .find(|n| n["id"] == "G02")
        .unwrap();
    assert_eq!(g02["pool"], "level: group 1, services 1");
}

/// The independent oracle: every item, indicator, dimension and index score.
#[test]
#[ignore = "needs python3: see docs/testing.md (.ci/run runs it)"]
fn the_python_oracle_agrees() {
    let python = std::env::var("QBPC_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = std::process::Command::new(&python)
        .current_dir(root())
        .args(["tests/oracle/pool_levels.py", SURVEY])
        .output()
        .unwrap_or_else(|e| panic!("{python} cannot be run ({e}): see docs/testing.md"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let oracle: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (doc, _) = score_json(&[]);
    let mut checked = 0;
    for (id, scores) in oracle.as_object().unwrap() {
        let p = platform(&doc, id);
        for (node, want) in scores.as_object().unwrap() {
            close(score_of(p, node), want.as_f64(), &format!("{id} {node}"));
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * 9);
}

/// The bootstrap pools each (item, value) apart and combines them as the nominal run does:
/// the nominal sample (every respondent drawn once) reproduces the nominal scores; every
/// replicate draws within each value of the attribute, keeping the sample's composition.
#[test]
fn the_bootstrap_resamples_within_the_pool_values() {
    let (model, findings) = model();
    let files = RunFiles {
        surveys: vec![root().join(SURVEY)],
        named: Vec::new(),
        ..Default::default()
    };
    let (results, (replicate, design)) = run_with(&model, &files, findings, |inputs, scores, _| {
        let design: Design = design(&model, &answers(&model, inputs), scores).unwrap();
        let evaluator = Evaluator {
            model: &model,
            design: &design,
            template: &scores.items,
            seed: 0,
        };
        let ones: Vec<Vec<u32>> = design.platforms.iter().map(|s| vec![1; s.rows]).collect();
        (evaluator.score_counts(&ones).unwrap(), design)
    })
    .unwrap();
    for (p, platform) in model.platforms.iter().enumerate() {
        let r = results
            .platforms
            .iter()
            .find(|r| r.id == platform.id)
            .unwrap();
        let (a, b) = (replicate[p][0], r.score);
        assert!(
            matches!((a, b), (Some(a), Some(b)) if (a - b).abs() < 1e-9),
            "{}: {a:?} vs {b:?}",
            platform.id
        );
    }
    // alpha: one group row and three service rows ("Services " matches "services" as
    // answers match: one stratum).
    let alpha = &design.platforms[0];
    assert_eq!(alpha.rows, 4);
    let sizes: Vec<usize> = alpha.strata.iter().map(Vec::len).collect();
    assert_eq!(sizes, [1, 3]);
    let mut counts = vec![Vec::new(); design.platforms.len()];
    for first in [0, 16, 200] {
        draw_counts(&design, 5, first, 16, &mut counts);
        for (s, sample) in design.platforms.iter().enumerate() {
            for j in 0..16 {
                let c = &counts[s][j * sample.rows..(j + 1) * sample.rows];
                for rows in &sample.strata {
                    let drawn: u32 = rows.iter().map(|&r| c[r]).sum();
                    assert_eq!(drawn as usize, rows.len());
                }
            }
        }
    }
    // And the command runs: a group row is in every replicate of alpha, so G03 always has
    // its one answer and alpha's interval stays around its score.
    let (doc, _) = score_json(&["--bootstrap", "200", "--seed", "3", "--quiet"]);
    let b = &doc["bootstrap"]["platforms"]["alpha"]["index"];
    let (lo, hi) = (b["low"].as_f64().unwrap(), b["high"].as_f64().unwrap());
    assert!(lo <= 186.25 / 3.0 && 186.25 / 3.0 <= hi, "{lo} {hi}");
}

/// `pool` rules read the attribute column on the general path; the columnar path steps
/// aside, so `run` and the general path give the same bytes.
#[test]
fn every_path_gives_the_same_results() {
    let (model, _) = model();
    let survey = root().join(SURVEY);
    let files = RunFiles {
        surveys: vec![survey],
        named: Vec::new(),
        ..Default::default()
    };
    let json = assert_run_paths_agree("pool", &model, &files, &[], Detail::Full);
    assert!(!json.starts_with("error"), "{json}");
}

/// `explain` keeps G02 additive (the rule acts inside each item) and says how it pools.
#[test]
fn explain_notes_the_pool_rule() {
    let out = qbpc()
        .current_dir(root())
        .args([
            "explain", "alpha", SURVEY, "--index", DEFINITION, "--format", "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    let g02 = &e["dimensions"][0]["children"][0];
    assert_eq!(g02["id"], "G02");
    assert_eq!(g02["additive"], true);
    assert!(
        g02["note"]
            .as_str()
            .unwrap()
            .contains("level: group 1, services 1"),
        "{g02}"
    );
}

/// Mistakes in a `pool` table are errors at the table (TOML line:column) with a hint.
#[test]
fn mistakes_in_pool_rules_are_located_findings() {
    let text = std::fs::read_to_string(root().join(DEFINITION)).unwrap();
    let good = "pool = { level = { group = 1, services = 1 } }";
    assert!(text.contains(good));
    for (bad, code, message) in [
        (
            "pool = { level = { group = 1 }, tier = { a = 1 } }",
            Code::InvalidPool,
            "names 2 columns",
        ),
        ("pool = { level = {} }", Code::InvalidPool, "gives no value"),
        (
            "pool = { level = { group = 0, services = 0 } }",
            Code::InvalidWeight,
            "sum to 0",
        ),
        (
            "pool = { level = { group = -1, services = 1 } }",
            Code::InvalidWeight,
            "is -1",
        ),
        (
            "pool = { level = { group = \"x\", services = 1 } }",
            Code::InvalidWeight,
            "not a number",
        ),
        (
            "pool = { level = { group = 1, GROUP = 1 } }",
            Code::InvalidPool,
            "twice",
        ),
    ] {
        let variant = text.replacen(good, bad, 1);
        let checked = check_str(&variant, "pool.toml", None);
        let found: Vec<&Diagnostic> = checked.errors().filter(|d| d.code == code).collect();
        assert_eq!(
            found.len(),
            1,
            "{bad}: {:?}",
            checked.errors().collect::<Vec<_>>()
        );
        assert!(
            found[0].message.contains(message),
            "{bad}: {}",
            found[0].message
        );
        assert!(found[0].hint.is_some(), "{bad}");
        let line = found[0].location.line.unwrap();
        assert!(
            variant.lines().nth(line - 1).unwrap().contains("pool"),
            "{bad}"
        );
    }
    let other_order = text.replacen(
        "[aggregation]\n",
        "[aggregation]\norder = \"respondents-first\"\n",
        1,
    );
    let checked = check_str(&other_order, "pool.toml", None);
    assert_eq!(
        checked
            .errors()
            .filter(|d| d.code == Code::PoolOrder)
            .count(),
        2
    );
}

/// A file without the attribute column: a warning, and no answer counts under the rules.
#[test]
fn a_file_without_the_column_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(SURVEY)).unwrap();
    let renamed = dir.path().join("renamed.csv");
    std::fs::write(&renamed, text.replacen(",level,", ",tier,", 1)).unwrap();
    let out = qbpc()
        .current_dir(root())
        .args(["score"])
        .arg(&renamed)
        .args(["--index", DEFINITION, "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown-column"), "{stderr}");
    assert!(stderr.contains("\"level\""), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let alpha = platform(&doc, "alpha");
    assert!(alpha["indicators"]["G02"]["score"].is_null());
    close(
        &alpha["indicators"]["G04"]["score"],
        Some(50.0),
        "alpha G04",
    );
}
