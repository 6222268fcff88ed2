//! Issue 11, point 2: a definition's tree and numbers can never crash a run or reach the
//! scores. A cycle of `parent` references and a chain of 100,000 indicators used to overflow
//! the stack (abort, exit 134); NaN, infinities and 1e308 used to give NaN scores with every
//! platform ranked 1, or silently turn screening off. Each is now a located finding.

use crate::common::qbpc;
use std::path::{Path, PathBuf};

/// Exit code, standard output and standard error.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = qbpc().args(args).output().expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const HEAD: &str = "format = 1\n[platforms.taobao]\nname = \"Taobao\"\n[platforms.tmall]\nname = \"Tmall\"\n[scales.agree5]\nkind = \"ordinal\"\nlabels = [\"1\", \"2\", \"3\", \"4\", \"5\"]\nna = [\"NA\"]\n[dimensions.d]\nname = \"D\"\n";
const TAIL: &str = "[[sources]]\nid = \"survey\"\nkind = \"survey\"\npreset = \"tidy\"\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

/// A chain of `levels` indicators under dimension `d` (i1 under d, i2 under i1 ...), with
/// the item `rules_clear` (a column of fixtures/tidy_long.csv) at the bottom.
fn chain(levels: usize) -> String {
    let mut t = String::from(HEAD);
    for k in 1..=levels {
        t.push_str(&format!("[indicators.i{k}]\n"));
        if k == 1 {
            t.push_str("dimension = \"d\"\n");
        } else {
            t.push_str(&format!("parent = \"i{}\"\n", k - 1));
        }
    }
    t.push_str(&format!(
        "[items.rules_clear]\nindicator = \"i{levels}\"\nscale = \"agree5\"\n{TAIL}"
    ));
    t
}

#[test]
fn a_cycle_of_parents_is_one_located_finding_naming_its_nodes() {
    let dir = tempfile::tempdir().expect("tmp");
    // Lines: 12 [indicators.a], 13 its parent = "c" (value at column 10) ... 21 parent = "self".
    let text = format!(
        "{HEAD}[indicators.a]\nparent = \"c\"\n[indicators.b]\nparent = \"a\"\n[indicators.c]\nparent = \"b\"\n[indicators.ok]\ndimension = \"d\"\n[indicators.self]\nparent = \"self\"\n[items.x]\nindicator = \"b\"\nscale = \"agree5\"\n[items.y]\nindicator = \"ok\"\nscale = \"agree5\"\n{TAIL}"
    );
    let def = write(dir.path(), "cycle.toml", &text);
    let def = def.to_str().expect("utf-8");
    let (code, _, err) = run(&["validate", "--index", def]);
    assert_eq!(code, Some(1), "{err}");
    for expected in [
        "error[parent-cycle]: ",
        "cycle.toml:13:10: indicators form a cycle of `parent` references: \"a\" -> \"c\" -> \"b\" -> \"a\"",
        "cycle.toml:21:10: indicators form a cycle of `parent` references: \"self\" -> \"self\"",
        "2 error(s), 0 warning(s)",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // score reads the same definition: refused with the finding, never a stack overflow.
    let (code, out, err) = run(&["score", "--index", def, "fixtures/tidy_long.csv"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty());
    assert!(err.contains("cycle.toml:13:10"), "{err}");
}

#[test]
fn a_chain_of_100000_indicators_is_one_finding_at_the_first_level_over_the_cap() {
    let dir = tempfile::tempdir().expect("tmp");
    let def = write(dir.path(), "deep.toml", &chain(100_000));
    // HEAD has 11 lines; indicator k's `parent` is on line 11 + 2k, its value at column 10.
    let (code, _, err) = run(&["validate", "--index", def.to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{err}");
    let expected = "deep.toml:141:10: indicator \"i65\" is nested 65 levels below its dimension; at most 64 are allowed";
    assert!(err.contains("error[tree-too-deep]"), "{err}");
    assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    assert!(err.contains("1 error(s), 0 warning(s)"), "{err}");
}

#[test]
fn a_chain_of_64_indicators_is_scored_like_its_single_item() {
    let dir = tempfile::tempdir().expect("tmp");
    let def = write(dir.path(), "deep64.toml", &chain(64));
    let (code, out, err) = run(&[
        "score",
        "--index",
        def.to_str().expect("utf-8"),
        "fixtures/tidy_long.csv",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let platforms = v["platforms"].as_array().expect("platforms");
    assert_eq!(platforms.len(), 2);
    for p in platforms {
        // One item under 64 single-child levels: every level is its score.
        let item = p["items"]["rules_clear"]["score"]
            .as_f64()
            .expect("item score");
        assert!(item > 0.0 && item < 100.0, "{p}");
        assert_eq!(p["score"].as_f64(), Some(item), "{p}");
        assert_eq!(p["indicators"]["i64"]["score"].as_f64(), Some(item), "{p}");
        assert_eq!(p["indicators"]["i1"]["score"].as_f64(), Some(item), "{p}");
    }
}

/// Line, column, key and value of every bad number of fixtures/definitions/bad_numbers.toml,
/// read off the file by hand.
const BAD: [(u32, u32, &str, &str, &str); 17] = [
    (5, 18, "quality.min_duration_s", "nan", "is not a number"),
    (
        6,
        23,
        "quality.max_duplicate_share",
        "nan",
        "is not a number",
    ),
    (
        7,
        22,
        "quality.min_duration_ratio",
        "-nan",
        "is not a number",
    ),
    (8, 22, "quality.straightline_share", "inf", "is infinite"),
    (11, 16, "aggregation.min_coverage", "nan", "is not a number"),
    (21, 27, "scales.agree5.scores.2", "nan", "is not a number"),
    (25, 8, "scales.days.best", "nan", "is not a number"),
    (26, 9, "scales.days.worst", "inf", "is infinite"),
    (27, 7, "scales.days.min", "-inf", "is infinite"),
    (28, 7, "scales.days.max", "1e300", "is larger than 1e15"),
    (32, 50, "scales.users.normalize.sd", "inf", "is infinite"),
    (
        36,
        24,
        "scales.channels.options.b",
        "nan",
        "is not a number",
    ),
    (37, 8, "scales.channels.full", "1e16", "is larger than 1e15"),
    (
        40,
        10,
        "dimensions.a.weight",
        "1e308",
        "is larger than 1e15",
    ),
    (41, 16, "dimensions.a.min_coverage", "inf", "is infinite"),
    (
        44,
        10,
        "dimensions.b.weight",
        "1e308",
        "is larger than 1e15",
    ),
    (49, 10, "items.x.weight", "nan", "is not a number"),
];

#[test]
fn every_bad_number_is_located_once_and_nothing_is_scored() {
    let def = "fixtures/definitions/bad_numbers.toml";
    let (code, _, err) = run(&["validate", "--index", def]);
    assert_eq!(code, Some(1), "{err}");
    for (line, col, key, value, what) in BAD {
        let expected =
            format!("error[invalid-number]: {def}:{line}:{col}: `{key}` = {value} {what}");
        assert!(err.contains(&expected), "missing {expected:?} in:\n{err}");
    }
    // One finding per bad value: the checks that read a weight, a share or a goalpost say
    // nothing more about a value the number guard reported.
    assert!(
        err.contains(&format!("{} error(s), 0 warning(s)", BAD.len())),
        "{err}"
    );
    let (code, out, err) = run(&["score", "--index", def, "fixtures/tidy_long.csv"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty(), "a ranking was printed: {out}");
}

#[test]
fn a_number_too_large_for_a_double_is_one_finding() {
    let dir = tempfile::tempdir().expect("tmp");
    // The typed TOML parse rejects 1e400 too ("overflowed"); only the guard's finding shows.
    let text = format!(
        "{HEAD}weight = 1e400\n[items.rules_clear]\ndimension = \"d\"\nscale = \"agree5\"\n{TAIL}"
    );
    let def = write(dir.path(), "huge.toml", &text);
    let (code, _, err) = run(&["validate", "--index", def.to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("huge.toml:12:10: `dimensions.d.weight` = 1e400 is too large for a number"),
        "{err}"
    );
    assert!(err.contains("1 error(s), 0 warning(s)"), "{err}");
}

#[test]
fn screening_with_a_nan_duration_is_refused_not_switched_off() {
    // min_duration_s = nan compared false with every duration: no speeder was ever excluded.
    let dir = tempfile::tempdir().expect("tmp");
    let small = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/definitions/tidy_small.toml"),
    )
    .expect("fixture");
    assert!(small.contains("min_duration_s = 300"));
    let def = write(
        dir.path(),
        "nan.toml",
        &small.replace("min_duration_s = 300", "min_duration_s = nan"),
    );
    let (code, out, err) = run(&[
        "score",
        "--index",
        def.to_str().expect("utf-8"),
        "fixtures/tidy_long.csv",
    ]);
    assert_eq!(code, Some(2), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("`quality.min_duration_s` = nan is not a number"),
        "{err}"
    );
}
