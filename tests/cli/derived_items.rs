//! Issue 13, point 5: derived items (`value = "..."`) and gated items (`when = {...}`) on
//! fixtures/derived (definition derived.toml, survey.csv read by the tidy preset, platform.csv).
//! Expected values by hand; agree5 labels 1..5 score 0, 25, 50, 75, 100; points10 scores
//! 10 x points; pct keeps the value; ratio scores 5 x value (goalposts 0..20).
//!
//! Survey, gated `format` (format_points, counts only where status is "always", matched
//! case-folded and trimmed; elsewhere skipped = N/A, not 0):
//!   taobao: R1 always 10 -> 100, R2 "Always" 5 -> 50, R3 never -> N/A;   mean 75
//!   tmall:  R1 sometimes -> N/A, R2 always 0 -> 0, R3 "ALWAYS " 10 -> 100; mean 50
//! q1: taobao 4, 2, 5 -> (75 + 25 + 100) / 3 = 66.667; tmall 2, 4, 3 -> 50
//! dimension s: taobao (75 + 66.667) / 2 = 70.833; tmall 50; jd no survey rows: N/A
//!
//! Platform data, derived `quality` = 50 + dq_points * freq_multiplier:
//!   taobao 50 + 20 x 1.5 = 80; tmall 50 + 10 x 0 = 50; jd dq_points blank -> missing
//! derived `per_freq` = dq_points / freq_multiplier:
//!   taobao 20 / 1.5 = 13.333 -> 66.667; tmall division by zero -> missing; jd missing
//! gated `open_data` (licence in ["open", 1]): taobao open 40; tmall closed -> N/A; jd "1" 60
//! dimension p: taobao (80 + 66.667 + 40) / 3 = 62.222; tmall 50; jd 60
//! index: taobao (70.833 + 62.222) / 2 = 66.528; tmall 50; jd 60 (p alone)

use crate::common::{ScoringPath, qbpc_on, root};
use serde_json::Value;

fn run(args: &[&str], general: bool) -> (i32, String, String) {
    let out = qbpc_on(ScoringPath::general_if(general), &root())
        .args(args)
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn close(got: &Value, want: Option<f64>, what: &str) {
    match want {
        Some(w) => {
            let g = got.as_f64().unwrap_or_else(|| panic!("{what}: {got}"));
            assert!((g - w).abs() < 1e-9, "{what}: {g} != {w}");
        }
        None => assert!(got.is_null(), "{what}: {got} is not null"),
    }
}

#[test]
fn derived_and_gated_items_score_as_computed_by_hand_on_both_paths() {
    let third = 200.0 / 3.0;
    let s_taobao = (75.0 + third) / 2.0;
    let p_taobao = (80.0 + third + 40.0) / 3.0;
    let expected = [
        (
            "taobao",
            Some((s_taobao + p_taobao) / 2.0),
            [Some(s_taobao), Some(p_taobao)],
            [Some(75.0), Some(third), Some(80.0), Some(third), Some(40.0)],
        ),
        (
            "tmall",
            Some(50.0),
            [Some(50.0), Some(50.0)],
            [Some(50.0), Some(50.0), Some(50.0), None, None],
        ),
        (
            "jd",
            Some(60.0),
            [None, Some(60.0)],
            [None, None, None, None, Some(60.0)],
        ),
    ];
    let mut outputs = Vec::new();
    for general in [false, true] {
        let (code, stdout, stderr) = run(
            &[
                "score",
                "--index",
                "fixtures/derived/derived.toml",
                "fixtures/derived/survey.csv",
                "--format",
                "json",
            ],
            general,
        );
        assert_eq!(code, 0, "{stderr}");
        for why in [
            "derived item \"per_freq\" has no value in row 3: division by zero",
            "derived item \"quality\" has no value in row 4: column \"dq_points\" is blank",
        ] {
            assert!(stderr.contains(why), "{why} not in {stderr}");
        }
        let v: Value = serde_json::from_str(&stdout).expect("json");
        for (id, index, dims, items) in &expected {
            let p = (v["platforms"].as_array().unwrap().iter())
                .find(|p| p["id"] == *id)
                .unwrap_or_else(|| panic!("{id}"));
            let what = format!("{id} (general: {general})");
            close(&p["score"], *index, &format!("{what} index"));
            for (d, want) in ["s", "p"].iter().zip(dims) {
                close(&p["dimensions"][d]["score"], *want, &format!("{what} {d}"));
            }
            for (i, want) in ["format", "q1", "quality", "per_freq", "open_data"]
                .iter()
                .zip(items)
            {
                close(&p["items"][i]["score"], *want, &format!("{what} {i}"));
            }
        }
        outputs.push(stdout);
    }
    assert_eq!(outputs[0], outputs[1], "the two paths differ");
}

#[test]
fn platform_data_alone_with_derived_items_takes_the_general_path() {
    // A summary run of platform data only would take the platform-only path, which does not
    // compute derived items: it must step aside and give the same numbers.
    let dir = tempfile::tempdir().unwrap();
    let def = std::fs::read_to_string("fixtures/derived/derived.toml").unwrap();
    let body = def.split("[dimensions.s]").next().unwrap().to_string()
        + "[dimensions.p]\nname = \"P\"\n"
        + def
            .split("two derived values and one gated value.\n")
            .nth(1)
            .unwrap();
    let body = body.replace(
        "[[sources]]\nid = \"survey\"\nkind = \"survey\"\npreset = \"tidy\"\n",
        "",
    );
    let toml = dir.path().join("d.toml");
    std::fs::write(&toml, body).unwrap();
    std::fs::copy(
        "fixtures/derived/platform.csv",
        dir.path().join("platform.csv"),
    )
    .unwrap();
    let mut got = Vec::new();
    for general in [false, true] {
        let (code, stdout, stderr) = run(
            &[
                "score",
                "--index",
                toml.to_str().unwrap(),
                "--format",
                "csv",
            ],
            general,
        );
        assert_eq!(code, 0, "{stderr}");
        got.push(stdout);
    }
    assert_eq!(got[0], got[1]);
    // taobao p = 62.222 -> 62.2 published; tmall 50; jd 60.
    assert!(got[0].contains("62.2"), "{}", got[0]);
}

#[test]
fn validate_locates_a_bad_expression_and_an_unknown_function() {
    let dir = tempfile::tempdir().unwrap();
    let def = std::fs::read_to_string("fixtures/derived/derived.toml").unwrap();
    let bad = def
        .replace(
            "value = \"50 + dq_points * freq_multiplier\"",
            "value = \"50 + * dq_points\"",
        )
        .replace(
            "value = \"dq_points / freq_multiplier\"",
            "value = \"mx(dq_points, 1)\"",
        );
    let line = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let toml = dir.path().join("bad.toml");
    std::fs::write(&toml, &bad).unwrap();
    std::fs::copy(
        "fixtures/derived/platform.csv",
        dir.path().join("platform.csv"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(&["validate", "--index", toml.to_str().unwrap()], false);
    let all = format!("{stdout}{stderr}");
    assert_ne!(code, 0, "{all}");
    // `value = "` is 9 characters: offset 5 of the expression (the `*`) is column 15.
    let star = format!(
        "bad.toml:{}:15: item \"quality\": expected a number, a column or `(`, found `*` at offset 5",
        line("50 + * dq")
    );
    assert!(all.contains(&star), "{star} not in {all}");
    let mx = format!(
        "bad.toml:{}:10: item \"per_freq\": unknown function mx() at offset 0",
        line("mx(dq")
    );
    assert!(all.contains(&mx), "{mx} not in {all}");
    assert!(all.contains("did you mean max()?"), "{all}");
    assert!(all.contains("invalid-expression"), "{all}");
}
