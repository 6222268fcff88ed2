//! Comparable scales: min-max on a reference wave's bounds (`normalize = { method = "minmax",
//! bounds = "2024.json" }`) or on bounds recorded in the definition. The expected scores are
//! worked out by hand below from the two data files; `compare` then treats the items as
//! fixed (no relative-normalisation warning), and the manifest records the reference wave.

use crate::common;
use serde_json::Value;
use std::path::Path;

const DEFINITION: &str = r#"
format = 1

[index]
id = "bounds"
name = "Fixed bounds"
edition = "EDITION"

[aggregation]
decimals = 2

[platforms.a]
[platforms.b]
[platforms.c]
[platforms.d]

[[sources]]
id = "data"
kind = "platform"
preset = "platform-table"
platform = "unit"

[scales.up]
kind = "numeric"
UP

[scales.down]
kind = "numeric"
better = "lower"
DOWN

[dimensions.D]

ITEM_X
dimension = "D"
source = "data"
scale = "up"

[items.y]
dimension = "D"
source = "data"
scale = "down"
"#;

/// 2024: x = 2, 10, 6 (a, b, c): bounds [2, 10]; y = 30, 10, 20: bounds [10, 30].
const DATA_2024: &str = "unit,x,y\na,2,30\nb,10,10\nc,6,20\n";
/// 2025: x (item x2, previous = "x") and y of four platforms, some outside 2024's bounds.
const DATA_2025: &str = "unit,x2,y\na,4,25\nb,12,5\nc,1,40\nd,6,15\n";

fn qbpc(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = common::qbpc().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn definition(edition: &str, up: &str, down: &str, item_x: &str) -> String {
    DEFINITION
        .replace("EDITION", edition)
        .replace("UP", up)
        .replace("DOWN", down)
        .replace("ITEM_X", item_x)
}

/// The 2024 wave (min-max over its own platforms) scored into `2024.json`.
fn wave_2024(dir: &Path) {
    std::fs::write(dir.join("data_2024.csv"), DATA_2024).unwrap();
    std::fs::write(
        dir.join("2024.toml"),
        definition(
            "2024",
            "normalize = \"minmax\"",
            "normalize = \"minmax\"",
            "[items.x]",
        ),
    )
    .unwrap();
    let (code, _, err) = qbpc(
        dir,
        &[
            "score",
            "--index",
            "2024.toml",
            "--source",
            "data=data_2024.csv",
            "-q",
            "-o",
            "2024.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
}

/// The 2025 wave with the given scales, scored to JSON.
fn score_2025(dir: &Path, up: &str, down: &str, out: &str) -> Value {
    std::fs::write(dir.join("data_2025.csv"), DATA_2025).unwrap();
    let name = format!("{out}.toml");
    std::fs::write(
        dir.join(&name),
        definition("2025", up, down, "[items.x2]\nprevious = \"x\""),
    )
    .unwrap();
    let (code, _, err) = qbpc(
        dir,
        &[
            "score",
            "--index",
            &name,
            "--source",
            "data=data_2025.csv",
            "-q",
            "-o",
            &format!("{out}.json"),
        ],
    );
    assert_eq!(code, 0, "{err}");
    serde_json::from_slice(&std::fs::read(dir.join(format!("{out}.json"))).unwrap()).unwrap()
}

fn item(result: &Value, platform: &str, item: &str) -> Option<f64> {
    result["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == platform)
        .unwrap()["items"][item]["score"]
        .as_f64()
}

fn index(result: &Value, platform: &str) -> f64 {
    result["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == platform)
        .unwrap()["score"]
        .as_f64()
        .unwrap()
}

fn close(a: Option<f64>, b: f64, what: &str) {
    let a = a.unwrap_or_else(|| panic!("{what}: no score"));
    assert!((a - b).abs() < 1e-9, "{what}: {a} != {b}");
}

/// By hand. x2 on 2024's x bounds [2, 10], clamped (the default, as goalposts):
///   a 4 → 100·(4−2)/8 = 25; b 12 → 125 → 100; c 1 → −12.5 → 0; d 6 → 50.
/// y on 2024's y bounds [10, 30], lower is better, `truncate = false` (not clamped):
///   100·(30−y)/20: a 25 → 25; b 5 → 125; c 40 → −50; d 15 → 75.
/// Index = mean of the two: a 25, b 112.5, c −25, d 62.5.
/// (Min-max over 2025's own platforms would give x2 of a 100·(4−1)/11 = 27.27…)
#[test]
fn scores_use_the_reference_waves_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    wave_2024(dir);
    let r = score_2025(
        dir,
        "normalize = { method = \"minmax\", bounds = \"2024.json\" }",
        "normalize = { method = \"minmax\", bounds = \"2024.json\", truncate = false }",
        "2025",
    );
    for (p, x, y, idx) in [
        ("a", 25.0, 25.0, 25.0),
        ("b", 100.0, 125.0, 112.5),
        ("c", 0.0, -50.0, -25.0),
        ("d", 50.0, 75.0, 62.5),
    ] {
        close(item(&r, p, "x2"), x, &format!("{p} x2"));
        close(item(&r, p, "y"), y, &format!("{p} y"));
        close(Some(index(&r, p)), idx, &format!("{p} index"));
    }
    // The definition record says where the bounds come from, and that they are not relative.
    let items = r["definition"]["items"].as_array().unwrap();
    let x2 = items.iter().find(|i| i["id"] == "x2").unwrap();
    assert!(x2.get("relative").is_none(), "{x2}");
    assert_eq!(x2["bounds"]["min"], 2.0);
    assert_eq!(x2["bounds"]["max"], 10.0);
    assert_eq!(x2["bounds"]["from"], "reference wave 2024.json");
    assert_eq!(x2["bounds"]["clamped"], true);
    let y = items.iter().find(|i| i["id"] == "y").unwrap();
    assert_eq!(
        (y["bounds"]["min"].as_f64(), y["bounds"]["max"].as_f64()),
        (Some(10.0), Some(30.0))
    );
    assert_eq!(y["bounds"]["clamped"], false);

    // The same bounds written in the definition give the same scores.
    let t = score_2025(
        dir,
        "normalize = { method = \"minmax\", bounds = { x2 = [2, 10] } }",
        "normalize = { method = \"minmax\", bounds = { y = [10.0, 30] }, truncate = false }",
        "2025t",
    );
    for p in ["a", "b", "c", "d"] {
        assert_eq!(item(&t, p, "x2"), item(&r, p, "x2"));
        assert_eq!(item(&t, p, "y"), item(&r, p, "y"));
    }
    let tx = &t["definition"]["items"][0]["bounds"];
    assert_eq!(tx["from"], "definition");

    // A wave that takes its bounds from 2025 (which recorded 2024's) keeps 2024's bounds.
    std::fs::write(
        dir.join("2026.toml"),
        definition(
            "2026",
            "normalize = { method = \"minmax\", bounds = \"2025.json\" }",
            "normalize = { method = \"minmax\", bounds = \"2025.json\" }",
            "[items.x2]",
        ),
    )
    .unwrap();
    let (code, out, err) = qbpc(
        dir,
        &[
            "score",
            "--index",
            "2026.toml",
            "--source",
            "data=data_2025.csv",
            "-q",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let chained: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(chained["definition"]["items"][0]["bounds"]["min"], 2.0);
    close(item(&chained, "a", "x2"), 25.0, "chained a x2");
}

/// Comparing 2024 (min-max over its own platforms) with 2025 (on 2024's bounds): 2024's
/// scores are exactly what 2024's bounds give, so no relative-normalisation warning and no
/// change of scale. Against a 2025 normalised over its own platforms, the warning is there.
#[test]
fn compare_treats_fixed_bounds_as_comparable() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    wave_2024(dir);
    score_2025(
        dir,
        "normalize = { method = \"minmax\", bounds = \"2024.json\" }",
        "normalize = { method = \"minmax\", bounds = \"2024.json\" }",
        "fixed",
    );
    score_2025(
        dir,
        "normalize = \"minmax\"",
        "normalize = \"minmax\"",
        "relative",
    );
    let warnings = |later: &str| -> Vec<String> {
        let (code, out, err) = qbpc(
            dir,
            &["compare", "2024.json", later, "--format", "json", "-q"],
        );
        assert_eq!(code, 0, "{err}");
        let c: Value = serde_json::from_slice(&out).unwrap();
        assert!(
            c["targets"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| { later != "fixed.json" || t.get("relative_items").is_none() }),
            "{}",
            c["targets"]
        );
        c["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().to_string())
            .collect()
    };
    let relative = warnings("relative.json");
    assert!(
        relative.iter().any(|w| w == "relative-normalisation"),
        "{relative:?}"
    );
    let fixed = warnings("fixed.json");
    assert!(
        !fixed.iter().any(|w| w == "relative-normalisation"),
        "{fixed:?}"
    );
    assert!(!fixed.iter().any(|w| w == "scale-changed"), "{fixed:?}");
    // --strict: nothing left to warn about.
    let (code, _, err) = qbpc(
        dir,
        &["compare", "2024.json", "fixed.json", "--strict", "-q"],
    );
    assert_eq!(code, 0, "{err}");
}

/// The reference wave is an input of the run: the manifest records it, and `verify` names it
/// when it changed.
#[test]
fn the_manifest_records_the_reference_wave() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    wave_2024(dir);
    score_2025(
        dir,
        "normalize = { method = \"minmax\", bounds = \"2024.json\" }",
        "normalize = { method = \"minmax\", bounds = \"2024.json\" }",
        "2025",
    );
    let (code, _, err) = qbpc(
        dir,
        &[
            "score",
            "--index",
            "2025.toml",
            "--source",
            "data=data_2025.csv",
            "-q",
            "--manifest",
            "m.json",
            "-o",
            "r.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let m: Value = serde_json::from_slice(&std::fs::read(dir.join("m.json")).unwrap()).unwrap();
    let inputs = m["inputs"].as_array().unwrap();
    assert!(
        inputs
            .iter()
            .any(|i| i["source"] == "[scales.up] bounds" && i["name"] == "2024.json"),
        "{inputs:?}"
    );
    let (code, out, err) = qbpc(dir, &["verify", "m.json"]);
    assert_eq!(code, 0, "{}{err}", String::from_utf8_lossy(&out));
    let mut v: Value =
        serde_json::from_slice(&std::fs::read(dir.join("2024.json")).unwrap()).unwrap();
    v["platforms"][0]["items"]["x"]["raw"] = Value::from(0.0);
    std::fs::write(
        dir.join("2024.json"),
        serde_json::to_vec_pretty(&v).unwrap(),
    )
    .unwrap();
    let (code, out, err) = qbpc(dir, &["verify", "m.json"]);
    let text = format!("{}{err}", String::from_utf8_lossy(&out));
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("2024.json"), "{text}");
}

/// Mistakes are findings located at the scale's `normalize`, with a hint.
#[test]
fn bad_bounds_are_located_findings() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    wave_2024(dir);
    std::fs::write(dir.join("data_2025.csv"), DATA_2025).unwrap();
    let cases = [
        (
            "normalize = { method = \"minmax\", bounds = \"missing.json\" }",
            "[items.x2]\nprevious = \"x\"",
            "cannot read the reference wave",
        ),
        (
            "normalize = { method = \"minmax\", bounds = \"2024.json\" }",
            "[items.x2]",
            "no bounds for item \"x2\" in the reference wave 2024.json: it has no item \"x2\"",
        ),
        (
            "normalize = { method = \"minmax\", bounds = { x2 = [5, 5] } }",
            "[items.x2]",
            "min must be below max",
        ),
        (
            "normalize = { method = \"minmax\", bounds = { x3 = [1, 5] } }",
            "[items.x2]",
            "bounds name item \"x3\", which does not use this scale",
        ),
        (
            "normalize = { method = \"zscore\", bounds = { x2 = [1, 5] } }",
            "[items.x2]",
            "zscore does not take `bounds`",
        ),
        (
            "normalize = { method = \"minmax\", truncate = false }",
            "[items.x2]",
            "unknown parameter `truncate`",
        ),
    ];
    for (up, item_x, expected) in cases {
        std::fs::write(
            dir.join("bad.toml"),
            definition("2025", up, "normalize = \"minmax\"", item_x),
        )
        .unwrap();
        let (code, out, err) = qbpc(dir, &["validate", "--index", "bad.toml"]);
        let text = format!("{}{err}", String::from_utf8_lossy(&out));
        assert_ne!(code, 0, "{up}: {text}");
        assert!(text.contains(expected), "{up}: {text}");
        assert!(text.contains("bad.toml:"), "{up}: located: {text}");
    }
}
