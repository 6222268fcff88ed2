//! Two hand-written waves: every number below is worked out by hand from them.

use super::*;
use crate::compare::{Wave, compare};

/// 2024: a 70.0 (#1) with draws 50,52,54,56,58; b 60.0 (#2), interval [55, 65]; c 50.0 (#3).
/// 2025: a 65.0 (#2) with draws 51,50,57,55,60; b 72.5 (#1), interval [66, 79]; d new.
/// Dimension d1 renamed d_one (previous); item i_old renamed i_new, weight 1 -> 2.
const A: &str = r#"{"schema_version": 1,
  "index": {"id": "x", "name": "Test index", "edition": "2024"},
  "platforms": [
    {"id": "a", "name": "Alpha", "status": "ranked", "score": 70.0, "score_display": "70.0", "rank": 1,
     "dimensions": {"d1": {"score": 70.0, "score_display": "70.0", "rank": 1}}},
    {"id": "b", "name": "=Beta", "status": "ranked", "score": 60.0, "score_display": "60.0", "rank": 2,
     "dimensions": {"d1": {"score": 60.0, "score_display": "60.0", "rank": 2}}},
    {"id": "c", "name": "Gamma", "status": "ranked", "score": 50.0, "score_display": "50.0", "rank": 3,
     "dimensions": {"d1": {"score": 50.0, "score_display": "50.0", "rank": 3}}}],
  "bootstrap": {"replicates": 5, "seed": 1, "level": 0.95, "platforms": {
    "a": {"index": {"low": 50.2, "high": 57.8}, "draws": {"index": [50, 52, 54, 56, 58]}},
    "b": {"index": {"low": 55.0, "high": 65.0}}}},
  "definition": {"decimals": 1,
    "nodes": [{"id": "d1", "kind": "dimension", "weight": 1, "weight_share": 1, "in_index": true, "method": "arithmetic"}],
    "items": [{"id": "i_old", "node": "d1", "dimension": "d1", "scale": "s", "scoring": "1 = 0; 2 = 100",
               "reverse": false, "weight": 1, "weight_share": 1, "scored": true}]}}"#;

const B: &str = r#"{"schema_version": 1,
  "index": {"id": "x", "name": "Test index", "edition": "2025"},
  "platforms": [
    {"id": "b", "name": "=Beta", "status": "ranked", "score": 72.5, "score_display": "72.5", "rank": 1,
     "dimensions": {"d_one": {"score": 72.5, "score_display": "72.5", "rank": 1}}},
    {"id": "a", "name": "Alpha", "status": "ranked", "score": 65.04, "score_display": "65.0", "rank": 2,
     "dimensions": {"d_one": {"score": 65.04, "score_display": "65.0", "rank": 2}}},
    {"id": "d", "name": "Delta", "status": "insufficient", "score": 40.0, "score_display": "40.0", "rank": null,
     "dimensions": {"d_one": {"score": 40.0, "score_display": "40.0"}}}],
  "bootstrap": {"replicates": 5, "seed": 1, "level": 0.95, "platforms": {
    "a": {"index": {"low": 50.1, "high": 59.8}, "draws": {"index": [51, 50, 57, 55, 60]}},
    "b": {"index": {"low": 66.0, "high": 79.0}}}},
  "definition": {"decimals": 1,
    "nodes": [{"id": "d_one", "kind": "dimension", "weight": 1, "weight_share": 1, "in_index": true, "method": "arithmetic", "previous": "d1"}],
    "items": [{"id": "i_new", "node": "d_one", "dimension": "d_one", "scale": "s", "scoring": "1 = 0; 2 = 100",
               "reverse": false, "weight": 2, "weight_share": 1, "scored": true, "previous": "i_old"}]}}"#;

fn comparison() -> Comparison {
    let waves = [
        Wave::from_json("2024.json", A).unwrap(),
        Wave::from_json("2025.json", B).unwrap(),
    ];
    compare(&waves).unwrap()
}

fn step<'a>(c: &'a Comparison, platform: &str) -> &'a crate::compare::Step {
    &c.platforms
        .iter()
        .find(|p| p.id == platform)
        .unwrap()
        .series[0]
        .steps[0]
}

#[test]
fn changes_and_rank_movements_by_hand() {
    use crate::compare::Movement::*;
    let c = comparison();
    let ids: Vec<&str> = c.platforms.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["b", "a", "d", "c"],
        "last wave's order, then the dropped"
    );
    let a = step(&c, "a");
    assert!((a.change.unwrap() - (65.04 - 70.0)).abs() < 1e-12);
    assert_eq!(a.change_display.as_deref(), Some("-5.0"), "65.0 - 70.0");
    assert_eq!((a.rank_change, a.movement), (Some(-1), Some(Down)));
    let b = step(&c, "b");
    assert_eq!(b.change_display.as_deref(), Some("12.5"));
    assert_eq!((b.rank_change, b.movement), (Some(1), Some(Up)));
    assert_eq!(step(&c, "c").movement, Some(Dropped));
    assert_eq!(step(&c, "d").movement, Some(New));
    assert_eq!(c.targets[1].ids, [Some("d1".into()), Some("d_one".into())]);
}

#[test]
fn significance_by_hand() {
    use crate::compare::SignificanceMethod::*;
    let c = comparison();
    // a: differences 1, -2, 3, -1, 2; sorted -2, -1, 1, 2, 3. Type 7 at 0.025: h = 0.1,
    // -2 + 0.1 x 1 = -1.9; at 0.975: h = 3.9, 2 + 0.9 x 1 = 2.9. Includes 0.
    let s = step(&c, "a").significance.as_ref().unwrap();
    assert_eq!(s.method, Draws);
    assert!(
        (s.low - -1.9).abs() < 1e-12 && (s.high - 2.9).abs() < 1e-12,
        "{s:?}"
    );
    assert!(!s.significant);
    // b: intervals only: [66 - 65, 79 - 55] = [1, 24]: significant.
    let s = step(&c, "b").significance.as_ref().unwrap();
    assert_eq!(
        (s.method, s.low, s.high, s.significant),
        (Intervals, 1.0, 24.0, true)
    );
    assert!(step(&c, "d").significance.is_none());
}

#[test]
fn renamed_nodes_match_and_weight_changes_are_warned() {
    let c = comparison();
    let nodes = &c.transitions[0].nodes;
    let item = nodes.iter().find(|m| m.kind == "item").unwrap();
    assert_eq!(item.status, crate::compare::MatchStatus::Renamed);
    assert_eq!(item.before.as_deref(), Some("i_old"));
    assert!(
        item.changes[0].starts_with("weight 1 → 2"),
        "{:?}",
        item.changes
    );
    let codes: Vec<&str> = c.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["weight-changed"]);
}

#[test]
fn table_snapshot() {
    let bytes = render_comparison(Format::Table, &comparison(), &CompareOptions::default());
    insta::assert_snapshot!(String::from_utf8(bytes.unwrap()).unwrap());
}

#[test]
fn markdown_snapshot() {
    let bytes = render_comparison(Format::Markdown, &comparison(), &CompareOptions::default());
    insta::assert_snapshot!(String::from_utf8(bytes.unwrap()).unwrap());
}

#[test]
fn csv_guards_text_cells() {
    let bytes = render_comparison(Format::Csv, &comparison(), &CompareOptions::default()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("b,'=Beta,index,index,60.0,2,72.5,1,12.5,1,up,yes,no"),
        "{text}"
    );
    assert!(
        text.contains("a,Alpha,index,index,70.0,1,65.0,2,-5.0,-1,down,no,no"),
        "{text}"
    );
}

#[test]
fn xlsx_renders() {
    let bytes = render_comparison(Format::Xlsx, &comparison(), &CompareOptions::default()).unwrap();
    assert!(bytes.starts_with(b"PK"));
}
