//! `over` lists (issue 13, point 3): the index, or any node, aggregates a set of nodes from
//! any dimension without a copy of the tree. Expected values are worked by hand below; the
//! platform-only, general and columnar paths must give the same bytes; every mistake in a
//! list is a located finding.

use crate::common::{assert_run_paths_agree, qbpc};
use qbpc_index::definition::{Model, check_str};
use qbpc_index::diagnostics::{Code, Diagnostic};
use qbpc_index::pipeline::{RunFiles, run_general};
use qbpc_index::results::Detail;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Two dimensions of two indicators (one item each, goalposts 0..100 so that a score is the
/// raw value); a third dimension `cross` over an indicator of each; the index over the four
/// indicators across the dimensions.
const DEFINITION: &str = r#"
format = 1

[index]
id = "over"
name = "Index over indicators"
edition = "test"
over = ["i1", "i2", "i3", "i4"]

[aggregation]
decimals = 2

[platforms.A]
name = "A"
[platforms.B]
name = "B"
[platforms.C]
name = "C"

[scales.pct]
kind = "numeric"
best = 100
worst = 0
na = ["NA"]

[dimensions.d1]
name = "One"

[dimensions.d2]
name = "Two"

[dimensions.cross]
name = "Across"
over = ["i2", "i3"]

[indicators.i1]
dimension = "d1"
[indicators.i2]
dimension = "d1"
weight = 3
[indicators.i3]
dimension = "d2"
[indicators.i4]
dimension = "d2"

[items.x1]
indicator = "i1"
source = "data"
scale = "pct"
[items.x2]
indicator = "i2"
source = "data"
scale = "pct"
[items.x3]
indicator = "i3"
source = "data"
scale = "pct"
[items.x4]
indicator = "i4"
source = "data"
scale = "pct"

[[sources]]
id = "data"
kind = "platform"
preset = "platform-table"
platform = "unit"
path = "data.csv"
"#;

const DATA: &str = "unit,x1,x2,x3,x4\nA,10,20,30,40\nB,50,NA,70,90\nC,100,80,0,60\n";

fn fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.csv"), DATA).unwrap();
    let def = dir.path().join("over.toml");
    std::fs::write(&def, DEFINITION).unwrap();
    (dir, def)
}

fn score_json(def: &Path) -> Value {
    let out = qbpc()
        .args(["score", "--index"])
        .arg(def)
        .args(["--format", "json", "--quiet"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn platform<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap()
}

fn close(a: &Value, b: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("{a} is not a number"));
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

/// Worked by hand (weights i1 1, i2 3, i3 1, i4 1; B has no x2):
/// * index over i1..i4: A (10 + 3*20 + 30 + 40) / 6 = 23.333...; B (50 + 70 + 90) / 3 = 70;
///   C (100 + 3*80 + 0 + 60) / 6 = 66.666...; ranks B 1, C 2, A 3.
/// * d1 = (i1 + 3 i2) / 4: A 17.5, B 50, C 85. d2 = (i3 + i4) / 2: A 35, B 80, C 30.
/// * cross over i2, i3 = (3 i2 + i3) / 4: A 22.5, B 70 (i2 missing), C 60.
///
/// The mean of the three dimensions would give A 25: the dimensions do not enter the index.
#[test]
fn the_index_and_a_dimension_aggregate_nodes_across_dimensions() {
    let (_dir, def) = fixture();
    let doc = score_json(&def);
    let expect = [
        ("A", 140.0 / 6.0, 3, [17.5, 35.0, 22.5]),
        ("B", 70.0, 1, [50.0, 80.0, 70.0]),
        ("C", 400.0 / 6.0, 2, [85.0, 30.0, 60.0]),
    ];
    for (id, index, rank, dims) in expect {
        let p = platform(&doc, id);
        close(&p["score"], index);
        assert_eq!(p["rank"], rank, "{id}");
        for (d, v) in ["d1", "d2", "cross"].iter().zip(dims) {
            close(&p["dimensions"][d]["score"], v);
        }
    }
    // Dimension ranks still exist: d1 ranks C, B, A.
    assert_eq!(platform(&doc, "C")["dimensions"]["d1"]["rank"], 1);
    assert_eq!(platform(&doc, "A")["dimensions"]["d1"]["rank"], 3);
    // The definition record says what the index and `cross` combine.
    let record = &doc["definition"];
    assert_eq!(
        record["index_over"],
        serde_json::json!(["i1", "i2", "i3", "i4"])
    );
    let cross = record["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "cross")
        .unwrap();
    assert_eq!(cross["over"], serde_json::json!(["i2", "i3"]));
}

/// `explain` decomposes the index into the four indicators (contributions add up to the
/// score) and lists the dimensions outside it. Effective weights: 1/6, 3/6, 1/6, 1/6.
#[test]
fn explain_follows_the_over_lists() {
    let (_dir, def) = fixture();
    let out = qbpc()
        .args(["explain", "A", "--index"])
        .arg(&def)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["additive"], true);
    let parts = e["dimensions"].as_array().unwrap();
    let ids: Vec<&str> = parts.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["i1", "i2", "i3", "i4", "d1", "d2", "cross"]);
    let sum: f64 = parts
        .iter()
        .filter_map(|p| p["contribution"].as_f64())
        .sum();
    assert!((sum - 140.0 / 6.0).abs() < 1e-9, "{sum}");
    for (p, w) in parts.iter().zip([1.0, 3.0, 1.0, 1.0, 0.0, 0.0, 0.0]) {
        close(&p["effective_weight"], w / 6.0);
    }
    let cross = &parts[6];
    let kids: Vec<&str> = (cross["children"].as_array().unwrap().iter())
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(kids, ["i2", "i3"]);
    // B's x2 is "NA": `cross` (over i2, i3) counts it, though it has no items of its own.
    let out = qbpc()
        .args(["explain", "B", "--index"])
        .arg(&def)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    let cross = (e["dimensions"].as_array().unwrap().iter())
        .find(|p| p["id"] == "cross")
        .unwrap();
    assert_eq!(cross["na"], 1, "{cross}");
}

/// The platform-only path and the general path give the same bytes.
#[test]
fn platform_only_and_general_paths_agree() {
    let (_dir, def) = fixture();
    let (model, findings) = qbpc_index::definition::load_file(&def).unwrap();
    let files = RunFiles::default();
    let fast = assert_run_paths_agree("over", &model, &files, &findings, Detail::Summary);
    assert!(!fast.starts_with("error"), "{fast}");
    assert!(fast.contains("66.6666"), "{fast}");
}

fn model_from(toml: &str) -> Model {
    let checked = check_str(toml, "test.toml", None);
    assert!(
        checked.errors().next().is_none(),
        "{:?}",
        checked.errors().collect::<Vec<&Diagnostic>>()
    );
    checked.model.expect("a model")
}

/// A survey with `over` on the index and on a dimension: the columnar path (large tidy
/// files) and the general path give the same bytes, and the index is not the dimensions'.
#[test]
fn columnar_and_general_paths_agree() {
    let toml = std::fs::read_to_string("fixtures/definitions/tidy_small.toml")
        .unwrap()
        .replace(
            "edition = \"test\"",
            "edition = \"test\"\nover = [\"rules\", \"progress\", \"complaint\"]",
        )
        + r#"
[dimensions.handling]
name = "Handling"

[indicators.progress]
dimension = "handling"

[items.progress_transparency]
indicator = "progress"
scale = "agree5"

[dimensions.across]
over = ["rules", "progress"]
"#;
    let model = model_from(&toml);
    let survey = PathBuf::from("fixtures/tidy_long.csv");
    assert!(
        qbpc_index::classify::read_survey_columnar(&model, 0, &survey)
            .unwrap()
            .is_ok()
    );
    let files = RunFiles {
        surveys: vec![survey],
        named: Vec::new(),
        ..Default::default()
    };
    assert_run_paths_agree("over, columnar", &model, &files, &[], Detail::Full);
    let general = run_general(&model, &files, Vec::new(), Detail::Full).unwrap();
    // The index is (rules + progress + complaint) / 3, for every platform with all three.
    for p in &general.platforms {
        let s = |id: &str| {
            p.dimensions
                .get(id)
                .or_else(|| p.indicators.get(id))
                .and_then(|n| n.score)
        };
        if let (Some(r), Some(g), Some(c), Some(i)) =
            (s("rules"), s("progress"), s("complaint"), p.score)
        {
            assert!((i - (r + g + c) / 3.0).abs() < 1e-9, "{}", p.id);
            let across = s("across").unwrap();
            assert!((across - (r + g) / 2.0).abs() < 1e-9, "{}", p.id);
        }
    }
}

/// Every mistake in an `over` list is an error at the offending id (TOML line:column) with a
/// hint: an unknown id, a node listed twice, a node listing itself or a node above it, a
/// cycle through two lists, an empty list; and a pooled node with `over`.
#[test]
fn mistakes_in_over_lists_are_located_findings() {
    let base = |extra: &str| {
        DEFINITION
            .replace("over = [\"i2\", \"i3\"]", extra)
            .replace("path = \"data.csv\"\n", "")
    };
    let cases: [(&str, Code, &str, &str); 6] = [
        (
            "over = [\"i2\", \"i33\"]",
            Code::UnknownReference,
            "\"i33\"",
            "did you mean \"i3\"?",
        ),
        (
            "over = [\"i2\", \"i3\", \"i2\"]",
            Code::OverDuplicate,
            "listed twice",
            "list each node once",
        ),
        (
            "over = [\"cross\"]",
            Code::OverSelf,
            "lists itself",
            "cannot aggregate its own score",
        ),
        (
            "over = []",
            Code::OverEmpty,
            "is empty",
            "lists dimensions or indicators",
        ),
        (
            "over = [\"i2\"]\n[indicators.sub]\ndimension = \"cross\"\nover = [\"cross\"]",
            Code::OverAncestor,
            "a node above it",
            "never the nodes above it",
        ),
        (
            "over = [\"i2\"]\n[indicators.loop]\ndimension = \"d2\"\nover = [\"d1\"]\n[indicators.loop2]\nparent = \"i1\"\nover = [\"d2\"]",
            Code::OverCycle,
            "form a cycle",
            "cannot depend on its own score",
        ),
    ];
    for (extra, code, message, hint) in cases {
        let text = base(extra);
        let checked = check_str(&text, "def.toml", None);
        let found: Vec<&Diagnostic> = checked.errors().filter(|d| d.code == code).collect();
        assert_eq!(
            found.len(),
            1,
            "{code}: {:?}",
            checked.errors().collect::<Vec<_>>()
        );
        let d = found[0];
        assert!(d.message.contains(message), "{code}: {}", d.message);
        assert!(
            d.hint.as_deref().unwrap_or("").contains(hint),
            "{code}: {:?}",
            d.hint
        );
        // Located at a line of the `over` key.
        let line = d.location.line.expect("a line");
        let at = text.lines().nth(line - 1).unwrap();
        assert!(at.contains("over"), "{code}: line {line} is {at:?}");
        assert!(d.location.col.is_some());
        assert!(
            checked.model.is_none(),
            "{code}: an error must stop the run"
        );
    }
    // With [index] over, in_index = false has no effect: a warning at the dimension.
    let text = DEFINITION.replace("[dimensions.d2]\n", "[dimensions.d2]\nin_index = false\n");
    let checked = check_str(&text, "def.toml", None);
    let w: Vec<&Diagnostic> = (checked.diagnostics.iter())
        .filter(|d| d.code == Code::InIndexIgnored)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", checked.diagnostics);
    let line = w[0].location.line.unwrap();
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .contains("[dimensions.d2]")
    );
    assert!(checked.model.is_some());
    // With respondents pooled at the dimensions, a dimension with survey items and `over`
    // is refused (its score would be pooled, not combined).
    let pooled = std::fs::read_to_string("fixtures/definitions/tidy_small.toml")
        .unwrap()
        .replace(
            "[aggregation]\n",
            "[aggregation]\norder = \"respondents-first\"\n",
        )
        .replace(
            "[dimensions.complaint]\n",
            "[dimensions.complaint]\nover = [\"rules\"]\n",
        );
    let checked = check_str(&pooled, "def.toml", None);
    assert!(
        checked.errors().any(|d| d.code == Code::OverPooled),
        "{:?}",
        checked.errors().collect::<Vec<_>>()
    );
}

/// The sensitivity analysis perturbs and leaves out the index's own parts, the four
/// indicators. By hand, without i3: A (10 + 60 + 40) / 5 = 22, B (50 + 90) / 2 = 70,
/// C (100 + 240 + 60) / 5 = 80, so B and C swap: mean shift 2/3, largest 1; without i1:
/// A 130/5 = 26, B 80, C 300/5 = 60, no shift.
#[test]
fn sensitivity_leaves_out_the_index_parts() {
    let (_dir, def) = fixture();
    let out = qbpc()
        .args(["sensitivity", "--index"])
        .arg(&def)
        .args(["--runs", "50", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    let left: Vec<(&str, f64, u64)> = (s["left_out"].as_array().unwrap().iter())
        .map(|l| {
            (
                l["dimension"].as_str().unwrap(),
                l["mean_abs_rank_shift"].as_f64().unwrap(),
                l["max_abs_rank_shift"].as_u64().unwrap(),
            )
        })
        .collect();
    let ids: Vec<&str> = left.iter().map(|l| l.0).collect();
    assert_eq!(ids, ["i1", "i2", "i3", "i4"]);
    assert_eq!(left[0].2, 0);
    assert!(
        (left[2].1 - 2.0 / 3.0).abs() < 1e-12 && left[2].2 == 1,
        "{left:?}"
    );
}
