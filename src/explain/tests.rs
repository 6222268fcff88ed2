//! Hand-computed explanations of a small result document.
//!
//! Tree: dimensions A (weight 1), B (3), C (1, no score), D (outside the index). A holds
//! indicator A1 (1; items a1 = 80 and a2 = 40, weight 1 each) and item a3 (weight 2, 30); B
//! holds b1 (70). So A1 = 60, A = (60 + 2 x 30) / 3 = 40, B = 70, and the index over A and B
//! (C renormalised away) = (40 + 3 x 70) / 4 = 62.5. Effective weights: A 1/4, B 3/4,
//! A1 1/12, a3 1/6, a1 = a2 = 1/24, b1 3/4; contributions a1 80/24, a2 40/24, a3 5, b1 52.5.

use super::*;
use serde_json::{Value, json};

fn node(id: &str, kind: &str, parent: Option<&str>, weight: f64, in_index: bool) -> Value {
    json!({"id": id, "kind": kind, "parent": parent, "weight": weight, "weight_share": null,
           "in_index": in_index, "method": "arithmetic"})
}

fn item(id: &str, node: &str, weight: f64) -> Value {
    json!({"id": id, "node": node, "dimension": node, "scale": "s", "scoring": "", "reverse": false,
           "weight": weight, "weight_share": null, "scored": true})
}

fn platform(id: &str, index: f64, a: f64, b: f64, items: [Option<f64>; 4]) -> Value {
    let it = |s: Option<f64>| json!({"score": s, "n": 5, "na": 1, "no_answer": 0, "invalid": 2, "skipped": 0});
    json!({
        "id": id, "name": id.to_uppercase(), "status": "ranked", "respondents": 5,
        "score": index, "rank": 1,
        "dimensions": {
            "A": {"score": a, "respondents": 5, "coverage": 1.0},
            "B": {"score": b, "respondents": 4, "coverage": 1.0},
            "C": {"score": null, "respondents": 0, "coverage": 0.0, "missing_reason": "no part of it has a score"},
            "D": {"score": 10.0, "respondents": 5, "coverage": 1.0}
        },
        "indicators": {"A1": {"score": (items[0].unwrap() + items[1].unwrap()) / 2.0, "respondents": 5, "coverage": 1.0}},
        "items": {"a1": it(items[0]), "a2": it(items[1]), "a3": it(items[2]), "b1": it(items[3]),
                  "c1": it(None)}
    })
}

fn document(index_method: &str, pooled: &[&str]) -> Value {
    json!({
        "platforms": [
            platform("p1", 62.5, 40.0, 70.0, [Some(80.0), Some(40.0), Some(30.0), Some(70.0)]),
            platform("p2", 57.5, 50.0, 60.0, [Some(60.0), Some(60.0), Some(45.0), Some(60.0)]),
        ],
        "definition": {
            "decimals": 1,
            "nodes": [
                node("A", "dimension", None, 1.0, true),
                node("A1", "indicator", Some("A"), 1.0, true),
                node("B", "dimension", None, 3.0, true),
                node("C", "dimension", None, 1.0, true),
                node("D", "dimension", None, 1.0, false),
            ],
            "items": [item("a1", "A1", 1.0), item("a2", "A1", 1.0), item("a3", "A", 2.0),
                      item("b1", "B", 1.0), item("c1", "C", 1.0)],
            "index_method": index_method,
            "pooled": pooled,
        }
    })
}

fn part<'a>(e: &'a Explanation, id: &str) -> &'a Part {
    e.parts().into_iter().find(|p| p.id == id).unwrap()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn arithmetic_tree_is_decomposed_by_hand() {
    let e = from_document(&document("arithmetic", &[]), "p1").unwrap();
    assert!(e.additive);
    for (id, eff, contribution) in [
        ("A", 0.25, 10.0),
        ("B", 0.75, 52.5),
        ("C", 0.0, 0.0),
        ("A1", 1.0 / 12.0, 5.0),
        ("a3", 1.0 / 6.0, 5.0),
        ("a1", 1.0 / 24.0, 80.0 / 24.0),
        ("a2", 1.0 / 24.0, 40.0 / 24.0),
        ("b1", 0.75, 52.5),
    ] {
        close(part(&e, id).effective_weight, eff);
        close(part(&e, id).contribution.unwrap(), contribution);
    }
    assert_eq!(e.renormalised_away, ["C"]);
    let d = part(&e, "D");
    assert_eq!((d.effective_weight, d.contribution), (0.0, Some(0.0)));
    // Nominal shares: B among the in-index weights (A, B, C; D outside counts 0).
    close(part(&e, "B").weight_share.unwrap(), 3.0 / 5.0);
    close(part(&e, "a3").weight_share.unwrap(), 2.0 / 3.0);
    // Counts: A sums a1, a2, a3 (1 N/A and 2 invalid each).
    assert_eq!((part(&e, "A").na, part(&e, "A").invalid), (3, 6));
    // Versus the other platform: index average 60, best p1 itself.
    close(e.comparison.average.unwrap(), 60.0);
    close(e.comparison.gap_to_average.unwrap(), 2.5);
    assert_eq!(e.comparison.best_platform.as_deref(), Some("p1"));
    close(part(&e, "A").comparison.gap_to_best.unwrap(), -10.0);
    close(part(&e, "a3").comparison.average.unwrap(), 37.5);
}

#[test]
fn geometric_index_claims_no_contributions() {
    let e = from_document(&document("geometric", &[]), "p1").unwrap();
    assert!(!e.additive);
    assert!(e.note.as_deref().unwrap().contains("not additive"));
    assert!(e.parts().iter().all(|p| p.contribution.is_none()));
    // The exponent shares are still given, renormalised over A and B.
    close(part(&e, "A").effective_weight, 0.25);
    close(part(&e, "a1").effective_weight, 1.0 / 24.0);
}

#[test]
fn pooled_nodes_stop_the_decomposition() {
    let e = from_document(&document("arithmetic", &["A", "A1"]), "p1").unwrap();
    let a = part(&e, "A");
    assert_eq!((a.contribution, a.additive), (Some(10.0), Some(false)));
    assert!(a.note.as_deref().unwrap().contains("pooled"));
    assert!(part(&e, "a3").contribution.is_none());
    assert!(part(&e, "a1").contribution.is_none());
    close(part(&e, "b1").contribution.unwrap(), 52.5);
}

#[test]
fn platforms_are_found_by_id_or_name_and_errors_say_why() {
    let doc = document("arithmetic", &[]);
    assert_eq!(from_document(&doc, "P2").unwrap().platform, "p2");
    let e = from_document(&doc, "nope").unwrap_err();
    assert!(e.to_string().contains("\"nope\""));
    assert!(e.hint().unwrap().contains("p1, p2"));
    let mut old = doc.clone();
    old["definition"]
        .as_object_mut()
        .unwrap()
        .remove("index_method");
    assert!(matches!(
        from_document(&old, "p1"),
        Err(ExplainError::NoIndexMethod)
    ));
    old.as_object_mut().unwrap().remove("definition");
    assert!(matches!(
        from_document(&old, "p1"),
        Err(ExplainError::NoDefinition)
    ));
}

#[test]
fn text_and_markdown_show_the_tree() {
    let e = from_document(&document("arithmetic", &[]), "p1").unwrap();
    let t = text(&e, &Style::default());
    assert!(t.contains("p1 (P1): index 62.5000, rank 1"), "{t}");
    assert!(t.contains("contributions add up to the index score"), "{t}");
    assert!(
        t.lines()
            .any(|l| l.starts_with("    a1 ") && l.contains("3.333")),
        "{t}"
    );
    let m = markdown(&e, &Style::default());
    assert!(m.starts_with("## p1 (P1)"), "{m}");
    assert!(m.contains("| A | 40.00 |"), "{m}");
    assert!(m.contains("renormalised away: C"), "{m}");
}
