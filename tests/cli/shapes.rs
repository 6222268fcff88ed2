//! Every export shape of the synthetic survey (fixtures/README.md: (a) to (f), (b') and (d)),
//! read with the embedded default definition and no configuration: the classified cells equal
//! ground_truth.json (values and missing reasons), the kept and dropped submissions are the
//! fixture's, and `score --format json` gives the same `platforms` for every shape.

use crate::common::qbpc;
use crate::shapes_support;

use qbpc_index::definition::{Preset, load_default};
use shapes_support::*;
use std::collections::BTreeSet;

fn path(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn check_wide(name: &str, preset: Preset) {
    let model = load_default().expect("default").0;
    let r = read(&model, &path(name));
    assert_eq!(r.data.preset, Some(preset), "{name}");
    check_cells(&model, &r, &ALL);
    check_wide_submissions(&r);
    let (others, speeders) = excluded(&model, &r);
    assert_eq!(speeders, flagged_speeders(), "{name}");
    assert!(others.iter().all(|o| o.0 == "duplicate"), "{others:?}");
}

/// Long shapes: one kept row per evaluated (respondent, platform); the dropped rows.
fn check_long(name: &str, preset: Preset, dropped: &[(&str, &str, &str)]) {
    let model = load_default().expect("default").0;
    let r = read(&model, &path(name));
    assert_eq!(r.data.preset, Some(preset), "{name}");
    check_cells(&model, &r, &ALL);
    let (others, speeders) = excluded(&model, &r);
    assert_eq!(speeders, flagged_speeders(), "{name}");
    let mut want: Vec<(String, String, String)> = dropped
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    want.sort();
    assert_eq!(others, want, "{name}");
    let t = truth();
    let mut pairs = BTreeSet::new();
    for (s, sub) in r.data.submissions.iter().enumerate() {
        if r.reasons[s].as_deref().is_none_or(|x| x == "speeder") {
            let p = &model.platforms[sub.platform.expect("long rows rate a platform")].id;
            let id = r.ids[s].clone().expect("id");
            assert!(pairs.insert((id, p.clone())), "{name}: two kept rows");
        }
    }
    let evaluated: BTreeSet<(String, String)> = t["answers"]
        .as_object()
        .expect("answers")
        .iter()
        .flat_map(|(id, ps)| {
            ps.as_object()
                .expect("platforms")
                .keys()
                .map(|p| (id.clone(), p.clone()))
        })
        .collect();
    assert_eq!(pairs, evaluated, "{name}");
}

#[test]
fn wjx_text_xlsx_a() {
    check_wide("wjx_text_wide.xlsx", Preset::WjxText);
}

#[test]
fn wjx_index_gbk_b() {
    check_wide("wjx_number_wide_gbk.csv", Preset::WjxIndex);
}

#[test]
fn wjx_index_legacy_headers_b_prime() {
    check_wide("wjx_number_wide_legacy_utf8bom.csv", Preset::WjxIndex);
}

#[test]
fn tencent_newest_first_e() {
    check_wide("tencent_wide_utf8bom.csv", Preset::Tencent);
}

#[test]
fn qualtrics_c() {
    check_long(
        "qualtrics_long.csv",
        Preset::Qualtrics,
        &[
            ("preview", "", "taobao"),
            ("unfinished", "M033", "kuaishou"),
            ("duplicate", "M012", "jd"),
            ("duplicate", "M028", "taobao"),
        ],
    );
}

#[test]
fn surveymonkey_f() {
    check_long(
        "surveymonkey_long.csv",
        Preset::SurveyMonkey,
        &[
            ("test-response", "", "douyin"),
            ("duplicate", "M012", "jd"),
            ("duplicate", "M028", "taobao"),
        ],
    );
    // The corrected jd response of M012 is the one of 01:05 PM, not the 11:40 AM one that
    // sorts last as text.
    let model = load_default().expect("default").0;
    let r = read(&model, &path("surveymonkey_long.csv"));
    let kept = r.data.submissions.iter().enumerate().find(|(s, sub)| {
        r.reasons[*s].is_none()
            && r.ids[*s].as_deref() == Some("M012")
            && sub.platform.map(|p| model.platforms[p].id.as_str()) == Some("jd")
    });
    let raw = kept.and_then(|(_, sub)| sub.submitted_at_raw.clone());
    assert!(
        raw.as_deref().is_some_and(|t| t.ends_with("01:05:47 PM")),
        "{raw:?}"
    );
}

#[test]
fn tidy_d() {
    let model = load_default().expect("default").0;
    let r = read(&model, &path("tidy_long.csv"));
    check_cells(&model, &r, &ALL);
    let (others, speeders) = excluded(&model, &r);
    assert_eq!(speeders, flagged_speeders());
    // Every row of the stale M012 submission and of one M028 double submit.
    let ids: BTreeSet<&str> = others.iter().map(|o| o.1.as_str()).collect();
    assert_eq!(ids, BTreeSet::from(["M012", "M028"]));
    assert!(others.iter().all(|o| o.0 == "duplicate"));
}

/// `score --format json`: the `platforms` array of every shape equals the tidy file's.
#[test]
fn every_shape_scores_the_same() {
    let platforms = |name: &str| -> serde_json::Value {
        let out = qbpc()
            .args(["score", &path(name), "--source"])
            .arg(format!("opinion={}", path("platform_opinion.csv")))
            .args(["--format", "json", "--quiet"])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["platforms"].clone()
    };
    let reference = platforms("tidy_long.csv");
    assert_eq!(reference.as_array().map(Vec::len), Some(10));
    for name in [
        "wjx_text_wide.xlsx",
        "wjx_number_wide_gbk.csv",
        "wjx_number_wide_legacy_utf8bom.csv",
        "qualtrics_long.csv",
        "tencent_wide_utf8bom.csv",
        "surveymonkey_long.csv",
    ] {
        assert_eq!(platforms(name), reference, "{name}");
    }
}
