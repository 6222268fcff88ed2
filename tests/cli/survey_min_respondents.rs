//! Issue 17, point 4: the `min_respondents` boundary for surveys. With min_respondents = 3,
//! taobao has exactly 3 raters (ranked), tmall 2 (scored, flagged, not ranked although its
//! score is the highest) and jd 4 (ranked). Expected values by hand from
//! fixtures/min_respondents.csv, labels 1..5 scoring 0, 25, 50, 75, 100, items-first means:
//!   taobao q1 = (100 + 75 + 50) / 3 = 75,  q2 = (25 + 50 + 75) / 3 = 50,  index 62.5
//!   tmall  q1 = (100 + 100) / 2 = 100,    q2 = (75 + 100) / 2 = 87.5,   index 93.75
//!   jd     q1 = (0 + 25 + 50 + 75) / 4 = 37.5, q2 = 50,                  index 43.75
//! Ranks among the ranked: taobao 1, jd 2; tmall none.

use crate::common::{ScoringPath, qbpc_on, root};
use serde_json::Value;

/// The run on the columnar path and on the general path (`QBPC_GENERAL_PATH`).
fn scored(general: bool) -> Value {
    let mut cmd = qbpc_on(ScoringPath::general_if(general), &root());
    let out = cmd
        .args([
            "score",
            "--index",
            "fixtures/definitions/min_respondents.toml",
            "fixtures/min_respondents.csv",
            "--format",
            "json",
        ])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn exactly_min_respondents_is_ranked_and_one_fewer_is_not() {
    for general in [false, true] {
        let v = scored(general);
        let platforms = v["platforms"].as_array().expect("platforms");
        let get = |id: &str| {
            platforms
                .iter()
                .find(|p| p["id"] == id)
                .unwrap_or_else(|| panic!("{id} missing (general path: {general})"))
        };
        for (id, n, q1, q2, index, status, rank) in [
            ("taobao", 3, 75.0, 50.0, 62.5, "ranked", Some(1)),
            ("tmall", 2, 100.0, 87.5, 93.75, "insufficient", None),
            ("jd", 4, 37.5, 50.0, 43.75, "ranked", Some(2)),
        ] {
            let p = get(id);
            let what = format!("{id} (general path: {general}): {p}");
            assert_eq!(p["respondents"].as_u64(), Some(n), "{what}");
            assert_eq!(p["status"], status, "{what}");
            assert_eq!(p["rank"].as_u64(), rank, "{what}");
            for (key, want) in [
                (&p["items"]["q1"]["score"], q1),
                (&p["items"]["q2"]["score"], q2),
                (&p["score"], index),
            ] {
                let got = key.as_f64().unwrap_or(f64::NAN);
                assert!((got - want).abs() < 1e-9, "{want} expected: {what}");
            }
        }
        let tmall = get("tmall");
        assert!(
            tmall["status_reason"]
                .as_str()
                .is_some_and(|r| r.contains("2 respondent(s), fewer than min_respondents = 3")),
            "{tmall}"
        );
    }
}
