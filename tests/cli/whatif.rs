//! `score --weight ID=WEIGHT`: what-if weights for one run. The oracle is a definition edited
//! by hand (fixtures/definitions/default_whatif.toml) and weighted means computed here from
//! the scores one level down.

use crate::common::run;
use serde_json::Value;

const TIDY: &str = "fixtures/tidy_long.csv";
const WJX: &str = "fixtures/wjx_text_wide.xlsx";
const OPINION: &str = "opinion=fixtures/platform_opinion.csv";
const EDITED: &str = "fixtures/definitions/default_whatif.toml";
const OVERRIDES: [&str; 6] = [
    "--weight",
    "handling=2",
    "--weight",
    "opinion=0",
    "--weight",
    "rules_clear=3",
];

fn score_json(args: &[&str]) -> Value {
    let mut all = vec!["score", "--format", "json", "--quiet"];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn overrides_give_the_numbers_of_the_edited_definition() {
    for survey in [TIDY, WJX] {
        let mut args = vec![survey, "--source", OPINION];
        args.extend(OVERRIDES);
        let overridden = score_json(&args);
        let edited = score_json(&[survey, "--source", OPINION, "--index", EDITED]);
        let plain = score_json(&[survey, "--source", OPINION]);
        assert_eq!(overridden["platforms"], edited["platforms"], "{survey}");
        assert_eq!(overridden["definition"], edited["definition"], "{survey}");
        // The overrides do change something (else the test would prove nothing).
        assert_ne!(overridden["platforms"], plain["platforms"], "{survey}");
    }
}

/// The index is the weighted mean of the in-index dimensions with the overridden weights
/// (handling 2, opinion 0, the others 1), and complaint the mean of its items with
/// rules_clear counting 3 times: computed here from the scores one level down.
#[test]
fn overridden_weights_are_the_weights_of_the_means() {
    let mut args = vec![TIDY, "--source", OPINION];
    args.extend(OVERRIDES);
    let v = score_json(&args);
    let complaint_items = [
        "rules_clear",
        "evidence_reasonable",
        "progress_transparency",
        "dedicated_portal",
        "foreign_rightsholder_portal",
        "batch_complaints",
        "complaint_channels",
    ];
    let mut checked = 0;
    for p in v["platforms"].as_array().unwrap() {
        let Some(index) = p["score"].as_f64() else {
            continue;
        };
        let (mut num, mut den) = (0.0, 0.0);
        for (dim, w) in [
            ("complaint", 1.0),
            ("handling", 2.0),
            ("credit", 1.0),
            ("prevention", 1.0),
            ("cogovernance", 1.0),
            ("opinion", 0.0),
        ] {
            if let Some(s) = p["dimensions"][dim]["score"].as_f64() {
                num += w * s;
                den += w;
            }
        }
        assert!((index - num / den).abs() < 1e-9, "{}", p["id"]);
        let (mut num, mut den) = (0.0, 0.0);
        for item in complaint_items {
            if let Some(s) = p["items"][item]["score"].as_f64() {
                let w = if item == "rules_clear" { 3.0 } else { 1.0 };
                num += w * s;
                den += w;
            }
        }
        if let Some(c) = p["dimensions"]["complaint"]["score"].as_f64() {
            assert!((c - num / den).abs() < 1e-9, "{}", p["id"]);
            checked += 1;
        }
    }
    assert!(checked >= 3, "too few platforms scored: {checked}");
}

#[test]
fn bad_weights_are_usage_errors_naming_the_value() {
    for (bad, why) in [
        (
            "handlng=2",
            "no dimension, indicator or item has the id \"handlng\"",
        ),
        ("handling=-1", ">= 0"),
        ("handling=NaN", ">= 0"),
        ("handling=x", "not a number"),
        ("handling", "ID=WEIGHT"),
        ("best_practice=2", "free text"),
    ] {
        let (code, _, err) = run(&["score", TIDY, "--quiet", "--weight", bad]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains(&format!("--weight {bad}")), "{bad}: {err}");
        assert!(err.contains(why), "{bad}: {err}");
    }
    let (_, _, err) = run(&["score", TIDY, "--weight", "handlng=2"]);
    assert!(err.contains("hint: ids that look alike: handling"), "{err}");
}
