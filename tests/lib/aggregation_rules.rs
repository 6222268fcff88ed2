//! Aggregation rules of issue 13 on small definitions over `fixtures/aggregation/units.csv`
//! (values already on 0..100: a value is its own score). Every expected number is computed by
//! hand in the comments next to it.

use qbpc_index::definition::{Model, check_str};
use qbpc_index::pipeline::{RunFiles, run};
use qbpc_index::results::{PlatformResult, Results};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/aggregation")
}

/// The common head: four units, the data file, a scale that keeps values as they are.
const HEAD: &str = r#"format = 1
[platforms.a]
[platforms.b]
[platforms.c]
[platforms.d]

[[sources]]
id = "units"
kind = "platform"
preset = "platform-table"
path = "units.csv"
platform = "unit"

[scales.v]
kind = "numeric"
na = ["NA"]
best = 100
worst = 0
"#;

/// Diagnostics (as `file:line:col: ...` lines) and the model of `HEAD` + `body`.
fn check(body: &str) -> (Vec<String>, Option<Model>) {
    let text = format!("{HEAD}{body}");
    let c = check_str(&text, "t.toml", Some(&dir()));
    let found = c.diagnostics.iter().map(|d| d.to_string()).collect();
    (found, c.model)
}

fn score(body: &str) -> Results {
    let (found, model) = check(body);
    let model = model.unwrap_or_else(|| panic!("{found:#?}"));
    run(&model, &RunFiles::default(), Vec::new()).expect("run")
}

fn unit<'r>(r: &'r Results, id: &str) -> &'r PlatformResult {
    r.platforms.iter().find(|p| p.id == id).unwrap()
}

fn node(r: &Results, id: &str, n: &str) -> Option<f64> {
    let p = unit(r, id);
    p.dimensions
        .get(n)
        .or_else(|| p.indicators.get(n))
        .unwrap_or_else(|| panic!("no node {n}"))
        .score
}

fn assert_close(got: Option<f64>, want: Option<f64>, what: &str) {
    match (got, want) {
        (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{what}: {g} != {w}"),
        _ => assert_eq!(got, want, "{what}"),
    }
}

/// Items x1 (weight 3), x2, x3, x4 under indicator A; x5, x6 under B; both in D1.
fn items_a_b() -> String {
    let mut s = String::new();
    for (id, node, weight) in [
        ("x1", "A", 3),
        ("x2", "A", 1),
        ("x3", "A", 1),
        ("x4", "A", 1),
        ("x5", "B", 1),
        ("x6", "B", 1),
    ] {
        s.push_str(&format!(
            "[items.{id}]\nindicator = \"{node}\"\nscale = \"v\"\nsource = \"units\"\nweight = {weight}\n"
        ));
    }
    s
}

// ---- point 1: min_children (COINr's dat_thresh), beside min_coverage ----

#[test]
fn min_children_counts_children_per_level_and_per_node() {
    let body = format!(
        "[aggregation]\nmin_children = 0.75\n[dimensions.D1]\n[indicators.A]\ndimension = \"D1\"\n\
         [indicators.B]\ndimension = \"D1\"\nmin_children = 0.5\n{}",
        items_a_b()
    );
    let r = score(&body);
    // a: A lacks x1 (weight 3): 3 of 4 children = 75 % >= 75 %, kept: (10 + 20 + 60) / 3 = 30.
    assert_close(node(&r, "a", "A"), Some(30.0), "a/A");
    // b: A lacks x2: (3*40 + 20 + 60) / 5 = 40. B lacks x5: 1 of 2 = 50 %, kept by B's own
    // min_children = 0.5 (the 75 % of [aggregation] would withhold it): 70.
    assert_close(node(&r, "b", "A"), Some(40.0), "b/A");
    assert_close(node(&r, "b", "B"), Some(70.0), "b/B");
    assert_close(node(&r, "b", "D1"), Some(55.0), "b/D1 = (40 + 70) / 2");
    // c: all present: A = (3*90 + 80 + 70 + 60) / 6 = 80, B = 45, D1 = 62.5.
    assert_close(node(&r, "c", "D1"), Some(62.5), "c/D1");
    assert_close(unit(&r, "c").score, Some(62.5), "c index");

    // The same with B at the level's 75 %: b's B is withheld, and then D1 has 1 of 2.
    let strict = body.replace("min_children = 0.5\n", "");
    let r = score(&strict);
    assert_close(node(&r, "b", "B"), None, "b/B at 75 %");
    assert_close(node(&r, "b", "D1"), None, "b/D1 at 75 %");
    assert!(
        unit(&r, "b").dimensions["D1"]
            .missing_reason
            .as_deref()
            .unwrap()
            .contains("only 1 of its 2 parts have a score, below min_children = 0.75")
    );
    // min_coverage keeps its meaning (a share of weight): a's A has 3 of 6 weight, withheld.
    let by_weight = body.replace("min_children = 0.75", "min_coverage = 0.75");
    let r = score(&by_weight);
    assert_close(node(&r, "a", "A"), None, "a/A by weight");
    assert_close(node(&r, "b", "A"), Some(40.0), "b/A by weight (5 of 6)");
}

#[test]
fn min_children_outside_0_1_is_a_located_error() {
    let (found, model) = check(&format!(
        "[aggregation]\nmin_children = 1.5\n[dimensions.D1]\n[indicators.A]\ndimension = \"D1\"\n\
         min_children = -0.1\n[indicators.B]\ndimension = \"D1\"\n{}",
        items_a_b()
    ));
    assert!(model.is_none());
    // HEAD has 18 lines: [aggregation] is line 19, its min_children line 20, A's line 24.
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("error[invalid-value]: t.toml:20:16:")
                && f.contains("min_children = 1.5 is outside 0..1")
                && f.contains("dat_thresh")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("error[invalid-value]: t.toml:24:16:")
                && f.contains("min_children = -0.1")),
        "{found:#?}"
    );
}

// ---- point 2: ranks at every level ----

/// D1 = indicators A and B (items x1..x6), D2 = items y1 and y2; the index needs both
/// dimensions (`min_coverage = 1` at the index, 0 at every node).
fn two_dimensions() -> String {
    format!(
        "[aggregation]\nmin_coverage = 1.0\n[dimensions.D1]\nmin_coverage = 0.0\n\
         [dimensions.D2]\nmin_coverage = 0.0\n[indicators.A]\ndimension = \"D1\"\nmin_coverage = 0.0\n\
         [indicators.B]\ndimension = \"D1\"\nmin_coverage = 0.0\n{}\
         [items.y1]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n\
         [items.y2]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n",
        items_a_b()
    )
}

#[test]
fn every_level_ranks_each_unit_with_a_score_there() {
    let r = score(&two_dimensions());
    let ranks = |level: &str, n: &str| -> Vec<Option<u32>> {
        ["a", "b", "c", "d"]
            .iter()
            .map(|u| {
                let p = unit(&r, u);
                match level {
                    "index" => p.rank,
                    "dimension" => p.dimensions[n].rank,
                    _ => p.indicators[n].rank,
                }
            })
            .collect()
    };
    // By hand: A = 30, 40, 80, 30; B = 60, 70, 45, 50; D1 = 45, 55, 62.5, 40;
    // D2 = 80, 35, -, 40; index = 62.5, 45, - (D2 missing, coverage 1 needed), 40.
    assert_eq!(ranks("index", ""), [Some(1), Some(2), None, Some(3)]);
    // c has no index score and still ranks first on D1 (COINr ranks every aggregate).
    assert_eq!(
        ranks("dimension", "D1"),
        [Some(3), Some(2), Some(1), Some(4)]
    );
    assert_eq!(ranks("dimension", "D2"), [Some(1), Some(3), None, Some(2)]);
    assert_eq!(
        ranks("indicator", "A"),
        [Some(3), Some(2), Some(1), Some(3)]
    );
    assert_eq!(
        ranks("indicator", "B"),
        [Some(2), Some(1), Some(4), Some(3)]
    );
    assert_eq!(unit(&r, "c").status.name(), "no_score");
}

// ---- point 4: a node with no items in this edition ----

#[test]
fn a_node_without_items_is_a_warning_and_has_no_score() {
    let body = format!(
        "[dimensions.D1]\n[dimensions.D3]\nname = \"Not surveyed this year\"\n\
         [indicators.A]\ndimension = \"D1\"\n[indicators.B]\ndimension = \"D1\"\n\
         [indicators.C]\ndimension = \"D1\"\n{}[dimensions.D2]\n\
         [items.y1]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n\
         [items.y2]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n",
        items_a_b()
    );
    let (found, model) = check(&body);
    assert!(model.is_some(), "{found:#?}");
    // HEAD has 18 lines: [dimensions.D3] is line 20, [indicators.C] line 26.
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with(
        "warning[empty-node]: t.toml:20:1: dimension \"D3\" has no items: it has no score (N/A)"
    ));
    assert!(found[1].starts_with("warning[empty-node]: t.toml:26:1: indicator \"C\""));
    let r = score(&body);
    for u in ["a", "b", "c", "d"] {
        let p = unit(&r, u);
        assert_eq!(p.dimensions["D3"].score, None);
        assert_eq!(p.indicators["C"].score, None);
        assert_eq!(
            p.indicators["C"].missing_reason.as_deref(),
            Some("it has no items in this edition (N/A)")
        );
    }
    // D1 over A and B alone: a = (30 + 60) / 2 = 45, d = (30 + 50) / 2 = 40; the index over
    // D1 and D2 (D3 left out): a = (45 + 80) / 2 = 62.5, d = (40 + 40) / 2 = 40.
    assert_close(node(&r, "a", "D1"), Some(45.0), "a/D1");
    assert_close(unit(&r, "a").score, Some(62.5), "a index");
    assert_close(unit(&r, "d").score, Some(40.0), "d index");
    // With min_children = 1 on D1 the empty C is a missing part: D1 has no score.
    let strict = body.replace("[dimensions.D1]\n", "[dimensions.D1]\nmin_children = 1.0\n");
    // c has every item: A = 80 and B = 45 are kept, D1 = 62.5 only without the rule.
    assert_close(node(&score(&body), "c", "D1"), Some(62.5), "c/D1");
    let r = score(&strict);
    assert_close(node(&r, "c", "A"), Some(80.0), "c/A");
    assert_close(node(&r, "c", "D1"), None, "c/D1 with C required");
}

// ---- point 6: method = "sum" and renormalise = false ----

#[test]
fn weighted_sums_are_not_renormalised() {
    // D1 = 0.25 A + 0.5 B (weights that do not add up to 1); D2 = y1 + y2 (points).
    let body = format!(
        "[dimensions.D1]\nmethod = \"sum\"\n[dimensions.D2]\nmethod = \"sum\"\n\
         [indicators.A]\ndimension = \"D1\"\nweight = 0.25\n\
         [indicators.B]\ndimension = \"D1\"\nweight = 0.5\n{}\
         [items.y1]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n\
         [items.y2]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n",
        items_a_b()
    );
    let r = score(&body);
    // A = 30, 40, 80, 30 and B = 60, 70, 45, 50 (means, see the ranks test):
    // D1 = 0.25 A + 0.5 B = 37.5, 45, 42.5, 32.5.
    for (u, want) in [("a", 37.5), ("b", 45.0), ("c", 42.5), ("d", 32.5)] {
        assert_close(node(&r, u, "D1"), Some(want), &format!("{u}/D1"));
    }
    // D2 = y1 + y2, a missing point adds nothing: a 80 (y2 missing), b 70, c none, d 80.
    assert_close(node(&r, "a", "D2"), Some(80.0), "a/D2");
    assert_close(node(&r, "b", "D2"), Some(70.0), "b/D2");
    assert_close(node(&r, "c", "D2"), None, "c/D2");
    // The index (arithmetic) over D1 and D2: a = (37.5 + 80) / 2 = 58.75.
    assert_close(unit(&r, "a").score, Some(58.75), "a index");
    // [aggregation] method = "sum" is the level default: A and B become sums too, and the
    // index. For a: A = 10 + 20 + 60 = 90 (x1 missing), B = 50 + 70 = 120,
    // D1 = 0.25 * 90 + 0.5 * 120 = 82.5, D2 = 80, index = 162.5.
    let r = score(&format!("[aggregation]\nmethod = \"sum\"\n{body}"));
    assert_close(node(&r, "a", "A"), Some(90.0), "a/A as a sum");
    assert_close(unit(&r, "a").score, Some(162.5), "a index as a sum");
}

#[test]
fn renormalise_false_counts_a_missing_child_at_its_lowest() {
    let body = format!(
        "[aggregation]\nrenormalise = false\n[dimensions.D1]\n\
         [indicators.A]\ndimension = \"D1\"\n[indicators.B]\ndimension = \"D1\"\nrenormalise = true\n{}\
         [dimensions.D2]\n\
         [items.y1]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n\
         [items.y2]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n",
        items_a_b()
    );
    let r = score(&body);
    // The scale's lowest score is 0 (goalposts worst = 0). A for a: x1 (weight 3) missing
    // counts 0: (3*0 + 10 + 20 + 60) / 6 = 15; for b: (3*40 + 0 + 20 + 60) / 6 = 33.33...
    assert_close(node(&r, "a", "A"), Some(15.0), "a/A");
    assert_close(node(&r, "b", "A"), Some(200.0 / 6.0), "b/A");
    // B keeps renormalising (its own renormalise = true): b = 70 (x5 missing).
    assert_close(node(&r, "b", "B"), Some(70.0), "b/B");
    // D2 for a (y2 missing): (80 + 0) / 2 = 40; the index for a: D1 = (15 + 60) / 2 = 37.5,
    // (37.5 + 40) / 2 = 38.75. For c, D2 has no part with a score: no score (a node with no
    // data at all is N/A, not 0), and the index counts D2 at its lowest:
    // D1 = (80 + 45) / 2 = 62.5, (62.5 + 0) / 2 = 31.25.
    assert_close(node(&r, "a", "D2"), Some(40.0), "a/D2");
    assert_close(unit(&r, "a").score, Some(38.75), "a index");
    assert_close(node(&r, "c", "D2"), None, "c/D2");
    assert_close(unit(&r, "c").score, Some(31.25), "c index");
    // Coverage is still the real share of weight present: a's A has 3 of 6.
    assert!((unit(&r, "a").indicators["A"].coverage - 0.5).abs() < 1e-12);
}

#[test]
fn renormalise_false_needs_a_known_lowest_score() {
    let (found, model) = check(
        "[scales.z]\nkind = \"numeric\"\nna = [\"NA\"]\nnormalize = \"zscore\"\n\
         [dimensions.D1]\nrenormalise = false\n\
         [items.x1]\ndimension = \"D1\"\nscale = \"z\"\nsource = \"units\"\n\
         [items.x2]\ndimension = \"D1\"\nscale = \"v\"\nsource = \"units\"\n",
    );
    assert!(model.is_none());
    // HEAD has 18 lines: D1's renormalise is line 24, its value at column 15.
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("error[unknown-minimum]: t.toml:24:15:")
                && f.contains("item \"x1\"")),
        "{found:#?}"
    );
    let (found, _) = check(
        "[dimensions.D1]\nmethod = \"total\"\n\
         [items.x1]\ndimension = \"D1\"\nscale = \"v\"\nsource = \"units\"\n",
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("t.toml:20:10:") && f.contains("generalised:2, sum")),
        "{found:#?}"
    );
}

// ---- point 7: rank_on ----

#[test]
fn rank_on_unrounded_splits_published_ties() {
    // z = 50.2, 50.4, 49.6, - : at 0 decimals all three publish as 50.
    let body = "[aggregation]\ndecimals = 0\nRANK_ON[dimensions.D]\n\
                [items.z]\ndimension = \"D\"\nscale = \"v\"\nsource = \"units\"\n";
    let ranks = |rank_on: &str| -> Vec<Option<u32>> {
        let r = score(&body.replace("RANK_ON", rank_on));
        ["a", "b", "c", "d"]
            .iter()
            .map(|u| unit(&r, u).rank)
            .collect()
    };
    let tied = [Some(1), Some(1), Some(1), None];
    assert_eq!(ranks(""), tied);
    assert_eq!(ranks("rank_on = \"published\"\n"), tied);
    // Unrounded: b 50.4 first, a 50.2 second, c 49.6 third; the dimension likewise.
    assert_eq!(
        ranks("rank_on = \"unrounded\"\n"),
        [Some(2), Some(1), Some(3), None]
    );
    let r = score(&body.replace("RANK_ON", "rank_on = \"unrounded\"\n"));
    assert_eq!(unit(&r, "c").dimensions["D"].rank, Some(3));
    assert_eq!(unit(&r, "c").score_display.as_deref(), Some("50"));
    let (found, _) = check(&body.replace("RANK_ON", "rank_on = \"raw\"\n"));
    assert!(
        found.iter().any(|f| f.contains("t.toml:21:11:")
            && f.contains("\"raw\"")
            && f.contains("published, unrounded")),
        "{found:#?}"
    );
}

/// The sensitivity analysis recomputes the index with the definition's own index rule: with
/// `renormalise = false` and near-nominal weights every run gives the nominal ranks. By hand
/// (see the renormalise test): b 43.33, d 40, a 38.75, c 31.25 (D2 missing, counted at 0;
/// renormalised, c would be 62.5 and first).
#[test]
fn sensitivity_uses_the_index_rule() {
    use qbpc_index::stats::sensitivity::{Perturbation, SensitivityOptions, analyse};
    let body = format!(
        "[aggregation]\nrenormalise = false\n[dimensions.D1]\n\
         [indicators.A]\ndimension = \"D1\"\n[indicators.B]\ndimension = \"D1\"\nrenormalise = true\n{}\
         [dimensions.D2]\n\
         [items.y1]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n\
         [items.y2]\ndimension = \"D2\"\nscale = \"v\"\nsource = \"units\"\n",
        items_a_b()
    );
    let (_, model) = check(&body);
    let model = model.unwrap();
    let r = run(&model, &RunFiles::default(), Vec::new()).unwrap();
    let ranks: Vec<(String, Option<u32>)> =
        r.platforms.iter().map(|p| (p.id.clone(), p.rank)).collect();
    let want: Vec<(String, Option<u32>)> = [("b", 1), ("d", 2), ("a", 3), ("c", 4)]
        .iter()
        .map(|(id, k)| (id.to_string(), Some(*k)))
        .collect();
    assert_eq!(ranks, want);
    let options = SensitivityOptions {
        runs: 20,
        seed: 1,
        perturbation: Perturbation::Uniform { share: 1e-9 },
        methods: Vec::new(),
    };
    let s = analyse(&model, &r, &options, &|_| {}).unwrap();
    for p in &s.platforms {
        assert_eq!(
            (p.rank_low, p.rank_high),
            (p.nominal_rank, p.nominal_rank),
            "{}",
            p.id
        );
    }
}

/// Regression (issue 16 follow-up): the definition record of a result wrote a generalised
/// mean as "generalised" without its exponent, so `compare` saw generalised:2 and
/// generalised:3 as the same method. The record now writes the method as the definition does.
#[test]
fn a_generalised_mean_is_recorded_with_its_exponent() {
    use qbpc_index::output::methodology::Methodology;
    use qbpc_index::results::DefinitionRecord;
    let record = |exponent: &str| {
        let body = format!(
            "[dimensions.D1]\nmethod = \"generalised:{exponent}\"\n[indicators.A]\ndimension = \"D1\"\n\
             [indicators.B]\ndimension = \"D1\"\n{}",
            items_a_b()
        );
        let (found, model) = check(&body);
        let model = model.unwrap_or_else(|| panic!("{found:#?}"));
        DefinitionRecord::from_methodology(&Methodology::from_model(&model), 2)
    };
    let method_of = |r: &DefinitionRecord, id: &str| {
        let node = r.nodes.iter().find(|n| n.id == id).expect("node");
        node.method.clone()
    };
    let (two, three) = (record("2"), record("3"));
    assert_eq!(method_of(&two, "D1"), "generalised:2");
    assert_eq!(method_of(&three, "D1"), "generalised:3");
    assert_eq!(method_of(&two, "A"), "arithmetic");
    assert_ne!(method_of(&two, "D1"), method_of(&three, "D1"));
}
