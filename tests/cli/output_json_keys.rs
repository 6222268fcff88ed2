//! The JSON result has every key always present (`null` where there is no value), and no
//! output writes a negative zero (issue 13, point 9). The key lists below are written out
//! from index-definition.md section 4 and the README's JSON reference, not read from the tool.

use crate::common::qbpc;
use serde_json::Value;

const WJX: &str = "fixtures/wjx_text_wide.xlsx";
const TIDY: &str = "fixtures/tidy_long.csv";
const OPINION: &str = "opinion=fixtures/platform_opinion.csv";

fn stdout(args: &[&str]) -> String {
    let out = qbpc()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["score", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout(&all)).expect("valid JSON")
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

const TOP: [&str; 9] = [
    "schema_version",
    "index",
    "platforms",
    "excluded_submissions",
    "diagnostics",
    "bootstrap",
    "data_treatment",
    "manifest",
    "definition",
];
const INDEX: [&str; 4] = ["id", "name", "name_zh", "edition"];
const PLATFORM: [&str; 15] = [
    "id",
    "name",
    "name_zh",
    "group",
    "status",
    "status_reason",
    "respondents",
    "score",
    "score_display",
    "rank",
    "group_rank",
    "dimensions",
    "indicators",
    "items",
    "texts",
];
const NODE: [&str; 6] = [
    "score",
    "score_display",
    "rank",
    "respondents",
    "coverage",
    "missing_reason",
];
const ITEM: [&str; 8] = [
    "score",
    "n",
    "na",
    "no_answer",
    "invalid",
    "skipped",
    "raw",
    "missing_reason",
];
const EXCLUSION: [&str; 7] = [
    "source",
    "file",
    "row",
    "respondent",
    "platform",
    "reason",
    "detail",
];
const DIAGNOSTIC: [&str; 5] = ["severity", "code", "message", "location", "hint"];
const LOCATION: [&str; 7] = ["file", "line", "col", "sheet", "cell", "row", "column"];

fn check_keys(v: &Value) {
    assert_eq!(keys(v), TOP);
    assert_eq!(keys(&v["index"]), INDEX);
    for p in v["platforms"].as_array().unwrap() {
        assert_eq!(keys(p), PLATFORM, "platform {}", p["id"]);
        for level in ["dimensions", "indicators"] {
            for (id, n) in p[level].as_object().unwrap() {
                assert_eq!(keys(n), NODE, "{} {level} {id}", p["id"]);
            }
        }
        for (id, i) in p["items"].as_object().unwrap() {
            assert_eq!(keys(i), ITEM, "{} item {id}", p["id"]);
        }
    }
    for e in v["excluded_submissions"].as_array().unwrap() {
        assert_eq!(keys(e), EXCLUSION);
    }
    for d in v["diagnostics"].as_array().unwrap() {
        assert_eq!(keys(d), DIAGNOSTIC);
        assert_eq!(keys(&d["location"]), LOCATION);
    }
}

/// Every number of a JSON value, with its path.
fn numbers<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a serde_json::Number)>) {
    match v {
        Value::Number(n) => out.push((path, n)),
        Value::Array(a) => {
            for (k, x) in a.iter().enumerate() {
                numbers(x, format!("{path}[{k}]"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                numbers(x, format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

fn assert_no_negative_zero_json(v: &Value) {
    let mut all = Vec::new();
    numbers(v, String::new(), &mut all);
    assert!(!all.is_empty());
    for (path, n) in all {
        let x = n.as_f64().unwrap();
        assert!(
            !(x == 0.0 && x.is_sign_negative()),
            "negative zero at {path}"
        );
    }
}

#[test]
fn every_key_is_present_with_null_for_no_value() {
    // meituan is unranked (2 respondents): rank and group_rank are null, not missing.
    let v = json(&[WJX, "--source", OPINION]);
    check_keys(&v);
    let meituan = v["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "meituan")
        .unwrap();
    assert!(meituan["rank"].is_null() && meituan["group_rank"].is_null());
    assert!(v["bootstrap"].is_null());
    // Without the opinion file the opinion dimension has no score: its keys stay.
    let v = json(&[TIDY]);
    check_keys(&v);
    let opinion = &v["platforms"][0]["dimensions"]["opinion"];
    assert!(opinion["score"].is_null() && opinion["rank"].is_null());
    assert!(opinion["missing_reason"].is_string());
}

#[test]
fn no_negative_zero_in_json_or_csv() {
    // Without the opinion file the opinion dimension has coverage 0 for every platform (it
    // was written -0.0 in JSON and -0 in CSV).
    let v = json(&[TIDY]);
    let opinion = &v["platforms"][0]["dimensions"]["opinion"]["coverage"];
    assert_eq!(opinion.as_f64(), Some(0.0));
    assert_no_negative_zero_json(&v);
    assert_no_negative_zero_json(&json(&[WJX, "--source", OPINION]));
    for level in [None, Some("dimension"), Some("indicator"), Some("item")] {
        let mut args = vec!["score", TIDY, "--format", "csv"];
        if let Some(l) = level {
            args.extend(["--level", l]);
        }
        let text = stdout(&args);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for rec in reader.records() {
            for cell in rec.unwrap().iter() {
                let zero = cell.parse::<f64>().is_ok_and(|x| x == 0.0);
                assert!(!(zero && cell.starts_with('-')), "{level:?}: cell {cell:?}");
            }
        }
    }
}

/// Ranks at every level (issue 13, point 2): a platform below `min_respondents` (meituan, 2
/// of 3) is ranked at no level; indicators are ranked too, and the long CSV shows the JSON's
/// ranks (COINr's ASEM v8: units without an index score keep their pillar ranks).
#[test]
fn ranks_at_every_level_in_json_and_long_csv() {
    let v = json(&[WJX, "--source", OPINION]);
    for p in v["platforms"].as_array().unwrap() {
        for (id, n) in p["dimensions"].as_object().unwrap() {
            let unranked = p["id"] == "meituan" || n["score"].is_null();
            assert_eq!(n["rank"].is_null(), unranked, "{} {id}", p["id"]);
        }
    }
    const V8: &str = "examples/coinr/v8_datthresh08.toml";
    let v = json(&["--index", V8]);
    let text = stdout(&[
        "score",
        "--index",
        V8,
        "--format",
        "csv",
        "--level",
        "indicator",
    ]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (mut rows, mut without_index) = (0, 0);
    for rec in reader.records() {
        let rec = rec.unwrap();
        let p = v["platforms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == rec[col("platform_id")])
            .unwrap();
        let node = &p["indicators"][&rec[col("node_id")]];
        assert_eq!(node["rank"].is_null(), node["score"].is_null());
        let want = node["rank"]
            .as_u64()
            .map_or(String::new(), |r| r.to_string());
        assert_eq!(rec[col("rank")], want);
        rows += 1;
        without_index += usize::from(p["score"].is_null() && !node["rank"].is_null());
    }
    assert_eq!(rows, 51 * 8);
    assert!(without_index > 0);
}
