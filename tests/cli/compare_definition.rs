//! `compare` flags every change of the definition record that changes what a score means, on
//! two hand-written result files: the 2025 file is the 2024 file with one field of its
//! `definition` changed, and the expected warning (code and message, naming the node or item
//! and both values) is written by hand. A definition carried over unchanged gives no warning.

use crate::common::{json_of, qbpc};
use serde_json::{Value, json};

/// A small result file: dimensions `d1` (items x, y; pooled by `group`) and `d2` (item z,
/// combining `d1` through `over`), the index over both, min-max on fixed bounds for `z`.
fn wave(edition: &str) -> Value {
    let item = |id: &str, dim: &str, weight: f64, share: f64| {
        json!({
            "id": id, "node": dim, "dimension": dim, "scale": "likert5",
            "scoring": "1..5 → 0..100", "reverse": false, "weight": weight,
            "weight_share": share, "scored": true
        })
    };
    let mut z = item("z", "d2", 1.0, 1.0);
    z["scale"] = json!("count");
    z["scoring"] = json!("min-max on fixed bounds");
    z["bounds"] = json!({
        "min": 0.0, "max": 10.0, "from": "definition", "clamped": true, "replaces": "minmax"
    });
    let platform = |id: &str, score: f64| {
        json!({
            "id": id, "name": id, "status": "ranked", "score": score,
            "score_display": format!("{score:.1}"), "rank": 1,
            "dimensions": {
                "d1": { "score": score, "score_display": format!("{score:.1}") },
                "d2": { "score": score, "score_display": format!("{score:.1}") }
            }
        })
    };
    json!({
        "schema_version": 1,
        "index": { "id": "demo", "name": "Demo", "edition": edition },
        "platforms": [platform("a", 60.0), platform("b", 40.0)],
        "definition": {
            "decimals": 1,
            "nodes": [
                { "id": "d1", "kind": "dimension", "weight": 1.0, "weight_share": 0.5,
                  "in_index": true, "method": "arithmetic", "pool": "group" },
                { "id": "d2", "kind": "dimension", "weight": 1.0, "weight_share": 0.5,
                  "in_index": true, "method": "arithmetic", "over": ["d1"] }
            ],
            "items": [item("x", "d1", 1.0, 0.5), item("y", "d1", 1.0, 0.5), z],
            "index_method": "arithmetic",
            "pooled": ["d1"],
            "index_over": ["d1", "d2"]
        }
    })
}

/// (code, message) of each warning of `compare 2024.json 2025.json`, 2025 being 2024 with
/// `change` applied to its definition.
fn warnings(change: impl Fn(&mut Value)) -> Vec<(String, String)> {
    warnings_from(|_| {}, change)
}

/// As [`warnings`], 2024 with `before` applied to its definition.
fn warnings_from(
    before: impl Fn(&mut Value),
    change: impl Fn(&mut Value),
) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let mut earlier = wave("2024");
    before(&mut earlier["definition"]);
    let mut later = wave("2025");
    change(&mut later["definition"]);
    for (name, v) in [("2024.json", earlier), ("2025.json", later)] {
        std::fs::write(dir.path().join(name), serde_json::to_string(&v).unwrap()).unwrap();
    }
    let c = json_of(qbpc().current_dir(dir.path()).args([
        "compare",
        "2024.json",
        "2025.json",
        "--format",
        "json",
        "-q",
    ]));
    c["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["code"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn one(code: &str, message: &str) -> Vec<(String, String)> {
    vec![(code.to_string(), message.to_string())]
}

#[test]
fn a_definition_carried_over_unchanged_gives_no_warning() {
    assert_eq!(warnings(|_| {}), vec![]);
}

#[test]
fn a_change_of_the_index_method_is_flagged() {
    assert_eq!(
        warnings(|d| d["index_method"] = json!("geometric")),
        one(
            "definition-changed",
            "the index changed from 2024 to 2025: method arithmetic → geometric"
        )
    );
}

#[test]
fn a_change_of_the_index_over_is_flagged() {
    assert_eq!(
        warnings(|d| d["index_over"] = json!(["d1"])),
        one(
            "definition-changed",
            "the index changed from 2024 to 2025: over d1, d2 → d1"
        )
    );
    assert_eq!(
        warnings(|d| {
            d.as_object_mut().unwrap().remove("index_over");
        }),
        one(
            "definition-changed",
            "the index changed from 2024 to 2025: over d1, d2 → the dimensions in the index"
        )
    );
}

#[test]
fn a_change_of_the_aggregation_order_is_flagged_on_the_index_and_the_node() {
    assert_eq!(
        warnings(|d| d["pooled"] = json!([])),
        vec![
            (
                "definition-changed".to_string(),
                "dimension \"d1\" changed from 2024 to 2025: pooled across respondents yes → no"
                    .to_string()
            ),
            (
                "definition-changed".to_string(),
                "the index changed from 2024 to 2025: nodes pooled across respondents (the aggregation order) d1 → none"
                    .to_string()
            ),
        ]
    );
}

#[test]
fn a_change_of_decimals_is_noted() {
    assert_eq!(
        warnings(|d| d["decimals"] = json!(2)),
        one(
            "definition-changed",
            "the index changed from 2024 to 2025: published scores rounded to 1 → 2 decimals (change_display compares the published scores)"
        )
    );
}

#[test]
fn a_change_of_a_nodes_over_is_flagged() {
    assert_eq!(
        warnings(|d| {
            d["nodes"][1].as_object_mut().unwrap().remove("over");
        }),
        one(
            "definition-changed",
            "dimension \"d2\" changed from 2024 to 2025: over d1 → its own children and items"
        )
    );
}

#[test]
fn a_change_of_a_nodes_pool_is_flagged() {
    assert_eq!(
        warnings(|d| d["nodes"][0]["pool"] = json!("region")),
        one(
            "definition-changed",
            "dimension \"d1\" changed from 2024 to 2025: pool group → region"
        )
    );
}

#[test]
fn a_change_of_an_items_bounds_or_clamping_is_flagged() {
    assert_eq!(
        warnings(|d| d["items"][2]["bounds"]["clamped"] = json!(false)),
        one(
            "scale-changed",
            "item \"z\" changed from 2024 to 2025: scale bounds [0, 10] → [0, 10] not clamped"
        )
    );
    assert_eq!(
        warnings(|d| {
            d["items"][2].as_object_mut().unwrap().remove("bounds");
        }),
        one(
            "scale-changed",
            "item \"z\" changed from 2024 to 2025: scale bounds [0, 10] → none"
        )
    );
}

/// Ids in `over` and `pooled` are compared through `previous`: a renamed node is no change.
#[test]
fn a_renamed_node_in_over_and_pooled_is_no_change() {
    let got = warnings(|d| {
        d["nodes"][0]["id"] = json!("d1b");
        d["nodes"][0]["previous"] = json!("d1");
        d["nodes"][1]["over"] = json!(["d1b"]);
        d["pooled"] = json!(["d1b"]);
        d["index_over"] = json!(["d1b", "d2"]);
        for i in 0..2 {
            d["items"][i]["node"] = json!("d1b");
            d["items"][i]["dimension"] = json!("d1b");
        }
    });
    assert_eq!(got, vec![]);
}

/// `d1` split into indicators `i1` (x) and `i2` (y) in both waves.
fn with_indicators(d: &mut Value) {
    let nodes = d["nodes"].as_array_mut().unwrap();
    for (id, share) in [("i1", 0.5), ("i2", 0.5)] {
        nodes.push(json!({
            "id": id, "kind": "indicator", "parent": "d1", "weight": 1.0,
            "weight_share": share, "in_index": true, "method": "arithmetic"
        }));
    }
    d["items"][0]["node"] = json!("i1");
    d["items"][1]["node"] = json!("i2");
}

/// An item moved between two indicators of one dimension: the dimension's items are the same,
/// the indicators' are not.
#[test]
fn an_item_moved_between_indicators_is_flagged_on_both() {
    let got = warnings_from(with_indicators, |d| {
        with_indicators(d);
        d["items"][1]["node"] = json!("i1");
    });
    assert_eq!(
        got,
        vec![
            (
                "composition-changed".to_string(),
                "indicator \"i1\" changed from 2024 to 2025: items new here: y".to_string()
            ),
            (
                "composition-changed".to_string(),
                "indicator \"i2\" changed from 2024 to 2025: items gone: y".to_string()
            ),
        ]
    );
    assert_eq!(warnings_from(with_indicators, with_indicators), vec![]);
}
