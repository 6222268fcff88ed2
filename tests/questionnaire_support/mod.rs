//! Synthetic answers to the questionnaire of the embedded definition, and the item scores they
//! must give, worked out here from default.toml by hand (never from the tool): agree5 and
//! freq5 labels are 0, 25, 50, 75, 100; yes/no is 是 100, 否 0; not-sure and N/A are left
//! out; reverse-keyed items (unjust_rejection_freq, relisting_freq) score 100 - v; complaint
//! channels add ip_portal 1, online_form 1, email 0.5, platform_contact 1, administrative 0,
//! judicial 0, other 0.5 and 2 points give 100; takedown days score 100 at 1 day, 0 at 30,
//! linearly between.

#![allow(dead_code)]

use assert_cmd::Command;
use qbpc_index::questionnaire::{Answer, Question, Questionnaire};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub const RESPONDENTS: [&str; 4] = [
    "Alpenrose Cosmetics GmbH",
    "Borealis Apparel Ltd",
    "Cedar Electronics Co",
    "Delta Toys Inc",
];

/// Respondent r rates platform p unless (r + p) % 4 == 3: every platform has 3 raters.
pub fn rated(r: usize, p: usize) -> bool {
    (r + p) % 4 != 3
}

/// What respondent r answers for platform p to item i.
#[derive(Debug, Clone, PartialEq)]
pub enum Given {
    /// The k-th option (not-applicable options follow the labels).
    Pick(usize),
    /// These options of a multi-select.
    Many(Vec<usize>),
    Number(u32),
    Text(String),
}

pub fn given(r: usize, p: usize, i: usize, q: &Question) -> Given {
    let seed = r * 7 + p * 3 + i * 5;
    match &q.answer {
        Answer::Single { options, na, .. } => Given::Pick(seed % (options.len() + na.len())),
        Answer::Multi { options, .. } => {
            let picked: Vec<usize> = (0..options.len())
                .filter(|k| (seed >> (k % 4)) & 1 == 1 && (k + r).is_multiple_of(2))
                .collect();
            // At least one channel: an empty multi-select reads as unanswered.
            if picked.is_empty() {
                Given::Many(vec![seed % options.len()])
            } else {
                Given::Many(picked)
            }
        }
        Answer::Number { .. } => Given::Number(1 + (seed as u32 * 3) % 40),
        Answer::Text => Given::Text(format!("做法 {r}-{p}")),
    }
}

/// The score of one answer, by hand from default.toml (None: not applicable or unscored).
pub fn score_of(item: &str, g: &Given) -> Option<f64> {
    let reverse = matches!(item, "unjust_rejection_freq" | "relisting_freq");
    let v = match (item, g) {
        (
            "dedicated_portal"
            | "foreign_rightsholder_portal"
            | "batch_complaints"
            | "seller_info_disclosure"
            | "pre_listing_review"
            | "annual_report"
            | "joint_action",
            Given::Pick(k),
        ) => [Some(100.0), Some(0.0), None, None][*k]?,
        (_, Given::Pick(k)) => [
            Some(0.0),
            Some(25.0),
            Some(50.0),
            Some(75.0),
            Some(100.0),
            None,
        ][*k]?,
        (_, Given::Many(ks)) => {
            let points = [1.0, 1.0, 0.5, 1.0, 0.0, 0.0, 0.5];
            let sum: f64 = ks.iter().map(|&k| points[k]).sum();
            (sum / 2.0).min(1.0) * 100.0
        }
        (_, Given::Number(d)) => ((30.0 - f64::from(*d)) / 29.0 * 100.0).clamp(0.0, 100.0),
        (_, Given::Text(_)) => return None,
    };
    Some(if reverse { 100.0 - v } else { v })
}

/// platform id -> item id -> (mean score, scored answers, not-applicable answers).
pub type Expected = BTreeMap<String, BTreeMap<String, (Option<f64>, usize, usize)>>;

pub fn expected(q: &Questionnaire) -> Expected {
    let mut out = Expected::new();
    for (p, platform) in q.platforms.iter().enumerate() {
        let items = out.entry(platform.id.clone()).or_default();
        for (i, question) in q.questions().enumerate() {
            let mut scores = Vec::new();
            let mut na = 0;
            for r in 0..RESPONDENTS.len() {
                if !rated(r, p) {
                    continue;
                }
                let g = given(r, p, i, question);
                match score_of(&question.id, &g) {
                    Some(s) => scores.push(s),
                    None if !matches!(g, Given::Text(_)) => na += 1,
                    None => {}
                }
            }
            let mean =
                (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
            items.insert(question.id.clone(), (mean, scores.len(), na));
        }
    }
    out
}

/// Score a file with the embedded definition (and the bundled opinion data, so that no source
/// is missing): the JSON result.
pub fn score(file: &Path) -> Value {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().expect("tmp");
    let out = Command::cargo_bin("qbpc-index")
        .expect("binary")
        .current_dir(dir.path())
        .arg("score")
        .arg(file)
        .arg("--source")
        .arg(format!("opinion={root}/examples/platform_opinion.csv"))
        .args(["--format", "json", "-q"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "score failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

/// Every item read, every answer classified as written, no warning.
pub fn assert_round_trip(q: &Questionnaire, result: &Value) {
    let diags = result["diagnostics"].as_array().expect("diagnostics");
    assert!(
        diags.is_empty(),
        "findings: {}",
        serde_json::to_string_pretty(diags).unwrap_or_default()
    );
    let want = expected(q);
    let platforms = result["platforms"].as_array().expect("platforms");
    assert_eq!(platforms.len(), q.platforms.len());
    for p in platforms {
        let id = p["id"].as_str().expect("id");
        assert_eq!(p["respondents"], 3, "{id}: three raters");
        for (item, (mean, n, na)) in &want[id] {
            let got = &p["items"][item];
            if got.is_null() && mean.is_none() && *na == 0 {
                continue; // free text: reported with the texts, not scored
            }
            assert_eq!(got["invalid"], 0, "{id}/{item}: {got}");
            assert_eq!(got["no_answer"], 0, "{id}/{item}: {got}");
            assert_eq!(got["na"], *na as u64, "{id}/{item} N/A: {got}");
            match mean {
                Some(m) => {
                    assert_eq!(got["n"], *n as u64, "{id}/{item} n: {got}");
                    let s = got["score"].as_f64().unwrap_or(f64::NAN);
                    assert!((s - m).abs() < 1e-9, "{id}/{item}: score {s}, expected {m}");
                }
                None => assert!(got["score"].is_null(), "{id}/{item}: {got}"),
            }
        }
    }
}
