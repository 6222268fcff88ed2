//! `qbpc-index stats` (reliability, effective weights) and `qbpc-index sensitivity` (weight
//! perturbations, dimensions left out).

use crate::common;
use crate::common::fixture;
use assert_cmd::Command;
use serde_json::Value;

fn qbpc(args: &[&str]) -> Command {
    let mut cmd = common::qbpc();
    cmd.args(args)
        .arg(fixture("tidy_long.csv"))
        .arg("--source")
        .arg(format!(
            "opinion={}",
            fixture("platform_opinion.csv").display()
        ))
        .arg("--quiet");
    cmd
}

fn json(args: &[&str]) -> Value {
    let out = qbpc(args).args(["--format", "json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn stats_reports_alpha_per_dimension_and_the_effective_weights() {
    let report = json(&["stats"]);
    let scales = report["reliability"]["scales"].as_array().unwrap();
    let dims: Vec<&str> = scales
        .iter()
        .filter(|s| s["level"] == "dimension")
        .map(|s| s["node"].as_str().unwrap())
        .collect();
    assert_eq!(
        dims,
        [
            "complaint",
            "handling",
            "credit",
            "prevention",
            "cogovernance"
        ]
    );
    for s in scales {
        let alpha = s["alpha"].as_f64().unwrap();
        assert!(alpha > 0.0 && alpha <= 1.0, "{s}");
        for item in s["item_stats"].as_array().unwrap() {
            assert!(item["r_drop"].as_f64().unwrap().abs() <= 1.0);
        }
    }
    let total: f64 = report["effective_weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["weight"].as_f64().unwrap())
        .sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn stats_table_snapshot() {
    let out = qbpc(&["stats"]).output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn sensitivity_is_reproducible_and_ranges_contain_the_nominal_rank() {
    let a = json(&["sensitivity", "--runs", "300", "--seed", "4"]);
    let b = json(&["sensitivity", "--runs", "300", "--seed", "4"]);
    assert_eq!(a, b);
    let platforms = a["platforms"].as_array().unwrap();
    assert_eq!(platforms.len(), 9, "the ranked platforms");
    for p in platforms {
        let (lo, hi) = (
            p["rank_low"].as_u64().unwrap(),
            p["rank_high"].as_u64().unwrap(),
        );
        let nominal = p["nominal_rank"].as_u64().unwrap();
        assert!(lo <= nominal && nominal <= hi, "{p}");
    }
    let left: Vec<&str> = a["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["dimension"].as_str().unwrap())
        .collect();
    assert_eq!(
        left,
        [
            "complaint",
            "handling",
            "credit",
            "prevention",
            "cogovernance",
            "opinion"
        ]
    );
}

#[test]
fn tiny_perturbations_keep_every_rank_and_methods_can_vary() {
    let tiny = json(&[
        "sensitivity",
        "--runs",
        "50",
        "--perturb",
        "uniform:0.000001",
    ]);
    for p in tiny["platforms"].as_array().unwrap() {
        assert_eq!(p["rank_low"], p["nominal_rank"]);
        assert_eq!(p["rank_high"], p["nominal_rank"]);
    }
    let mixed = json(&[
        "sensitivity",
        "--runs",
        "50",
        "--perturb",
        "dirichlet:20",
        "--methods",
        "arithmetic,geometric",
    ]);
    assert_eq!(
        mixed["methods"],
        serde_json::json!(["arithmetic", "geometric"])
    );
    assert_eq!(mixed["perturbation"]["kind"], "dirichlet");
}

#[test]
fn a_bad_method_or_perturbation_is_a_usage_error() {
    qbpc(&["sensitivity", "--methods", "cubic"])
        .assert()
        .code(2);
    qbpc(&["sensitivity", "--perturb", "uniform:2"])
        .assert()
        .code(2);
}
