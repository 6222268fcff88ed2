//! Shared checks of the shape tests: one export, read with the library (ingest, classify,
//! screen), against `fixtures/ground_truth.json`: every classified cell of a kept submission
//! equals the clean answer (value or missing reason), and the kept and dropped submissions are
//! the ones the fixture says.

#![allow(dead_code)]

use qbpc_index::classify::{CellClass, classify_survey, parse_number};
use qbpc_index::definition::{Model, Multi, ScaleKind};
use qbpc_index::ingest::{RawValue, SurveyData, read_survey};
use qbpc_index::quality::{Screening, screen};
use qbpc_index::text::{clean_free_text, match_key};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

pub const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

pub fn truth() -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}/ground_truth.json")).expect("truth");
    serde_json::from_str(&text).expect("json")
}

/// A file read, classified and screened alone.
pub struct Read {
    pub data: SurveyData,
    pub classes: Vec<CellClass>,
    pub screening: Screening,
    /// Exclusion reason per submission (None: kept).
    pub reasons: Vec<Option<String>>,
    /// Ground-truth respondent id per submission (None: unknown, e.g. a test row).
    pub ids: Vec<Option<String>>,
}

pub fn read(model: &Model, path: &str) -> Read {
    let src = model.source_ix("survey").expect("survey source");
    let data = read_survey(model, src, Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (classes, _) = classify_survey(model, &data);
    let screening = screen(
        model,
        std::slice::from_ref(&data),
        std::slice::from_ref(&classes),
    );
    let by_row: HashMap<usize, &str> = screening
        .exclusions
        .iter()
        .map(|e| (e.row, e.reason.as_str()))
        .collect();
    let reasons = data
        .submissions
        .iter()
        .enumerate()
        .map(|(s, sub)| {
            (!screening.kept[0][s]).then(|| by_row.get(&sub.row).unwrap_or(&"?").to_string())
        })
        .collect();
    let roster = roster(&truth());
    let ids = data
        .submissions
        .iter()
        .map(|sub| respondent_id(&roster, &sub.respondent))
        .collect();
    Read {
        data,
        classes,
        screening,
        reasons,
        ids,
    }
}

/// match_key(id, canonical name, alias) -> id: NFKC + trim + case-fold, as the fixture asks.
fn roster(t: &Value) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for r in t["respondents"].as_array().expect("respondents") {
        let id = r["id"].as_str().expect("id").to_string();
        for k in ["id", "canonical_name", "alias"] {
            out.insert(match_key(r[k].as_str().expect("name")), id.clone());
        }
    }
    out
}

fn respondent_id(roster: &HashMap<String, String>, typed: &str) -> Option<String> {
    roster.get(&match_key(typed)).cloned()
}

/// Which part of the ground truth a file holds.
pub struct Scope<'a> {
    /// None: every respondent.
    pub respondents: Option<&'a [&'a str]>,
    /// None: every item of the definition.
    pub items: Option<&'a [&'a str]>,
    /// Whether the shape carries the fill-in text of "other".
    pub other_text: bool,
}

pub const ALL: Scope<'static> = Scope {
    respondents: None,
    items: None,
    other_text: true,
};

/// Every cell of every kept submission equals the ground truth, and every evaluated
/// (respondent, platform, item) of the scope has exactly one such cell.
pub fn check_cells(model: &Model, r: &Read, scope: &Scope) {
    let t = truth();
    let mut seen: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    let in_items = |id: &str| scope.items.is_none_or(|l| l.contains(&id));
    for (cell, class) in r.data.cells.iter().zip(&r.classes) {
        // Speeders are screened out, but their answers are as valid as anyone's.
        if r.reasons[cell.submission]
            .as_deref()
            .is_some_and(|x| x != "speeder")
        {
            continue;
        }
        let item = &model.items[cell.item];
        let rid = r.ids[cell.submission]
            .clone()
            .expect("kept submissions have a respondent");
        let platform = model.platforms[cell.platform].id.clone();
        let at = format!(
            "{} row {} {rid}/{platform}/{}",
            r.data.file, r.data.submissions[cell.submission].row, item.id
        );
        let answers = &t["answers"][&rid];
        if answers.get(&platform).is_none() {
            assert_eq!(
                *class,
                CellClass::Skipped,
                "{at}: platform not evaluated, raw {:?}",
                cell.value
            );
            continue;
        }
        assert!(in_items(&item.id), "{at}: item outside the file's scope");
        *seen
            .entry((rid.clone(), platform.clone(), item.id.clone()))
            .or_default() += 1;
        check_cell(
            model,
            &t,
            cell.item,
            &cell.value,
            class,
            (&rid, &platform),
            scope,
            &at,
        );
    }
    check_coverage(model, &t, &r.data.file, scope, &seen);
}

/// Every evaluated (respondent, platform, item) of the scope has exactly one cell.
fn check_coverage(
    model: &Model,
    t: &Value,
    file: &str,
    scope: &Scope,
    seen: &BTreeMap<(String, String, String), usize>,
) {
    let in_items = |id: &str| scope.items.is_none_or(|l| l.contains(&id));
    let respondents: Vec<String> = match scope.respondents {
        Some(l) => l.iter().map(|s| s.to_string()).collect(),
        None => t["answers"]
            .as_object()
            .expect("answers")
            .keys()
            .cloned()
            .collect(),
    };
    let survey = model.source_ix("survey").expect("survey source");
    let mut missing = Vec::new();
    for rid in &respondents {
        for (p, _) in t["answers"][rid].as_object().expect("platforms") {
            for it in model
                .items
                .iter()
                .filter(|i| i.source == survey && in_items(&i.id))
            {
                match seen.get(&(rid.clone(), p.clone(), it.id.clone())) {
                    Some(1) => {}
                    n => missing.push(format!("{rid}/{p}/{}: {n:?} cells", it.id)),
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{}: {} pairs without exactly one cell, e.g. {:?}",
        file,
        missing.len(),
        &missing[..missing.len().min(5)]
    );
}

#[allow(clippy::too_many_arguments)]
fn check_cell(
    model: &Model,
    t: &Value,
    item_ix: usize,
    raw: &RawValue,
    class: &CellClass,
    (rid, platform): (&str, &str),
    scope: &Scope,
    at: &str,
) {
    let item = &model.items[item_ix];
    let want = &t["answers"][rid][platform][&item.id];
    let reason = t["missing"][rid][platform][&item.id].as_str();
    match reason {
        Some("na") => return assert_eq!(*class, CellClass::Na, "{at}: raw {raw:?}"),
        Some("no_answer") => return assert_eq!(*class, CellClass::NoAnswer, "{at}: raw {raw:?}"),
        Some("invalid") => {
            return assert!(
                matches!(class, CellClass::Invalid(_)),
                "{at}: raw {raw:?} is {class:?}"
            );
        }
        Some(other) => panic!("{at}: unknown missing reason {other}"),
        None => {}
    }
    let scale = &model.scales[item.scale];
    match &scale.kind {
        ScaleKind::Ordinal(_) if want.is_string() => {
            let expected = match want.as_str() {
                Some("yes") => CellClass::Score(100.0),
                Some("no") => CellClass::Score(0.0),
                Some("not_sure") => CellClass::Na,
                other => panic!("{at}: yes/no answer {other:?}"),
            };
            assert_eq!(*class, expected, "{at}: raw {raw:?}");
        }
        ScaleKind::Ordinal(_) => {
            let k = want.as_f64().expect("1..5");
            let v = 100.0 * (k - 1.0) / 4.0;
            let v = if item.reverse { 100.0 - v } else { v };
            assert_eq!(*class, CellClass::Score(v), "{at}: raw {raw:?}");
        }
        ScaleKind::Numeric(n) => {
            let x = match raw {
                RawValue::Number(x) => *x,
                RawValue::Text(s) => parse_number(s, &n.strip).unwrap_or(f64::NAN),
                other => panic!("{at}: number cell {other:?}"),
            };
            assert_eq!(Some(x), want.as_f64(), "{at}: raw {raw:?}");
            let expected = numeric_score(&scale.id, want.as_f64().expect("number"));
            assert_score(class, expected, at, raw);
        }
        ScaleKind::Multi(m) => {
            let other = t["answers"][rid][platform]["complaint_channels_other"].as_str();
            check_multi(m, raw, want, scope.other_text.then_some(other), at);
            let codes: Vec<&str> = want
                .as_array()
                .expect("codes")
                .iter()
                .map(|c| c.as_str().expect("code"))
                .collect();
            assert_score(class, multi_score(&scale.id, &codes), at, raw);
        }
        ScaleKind::Text => {
            assert_eq!(
                *class,
                CellClass::Text(want.as_str().expect("text").to_string()),
                "{at}"
            );
        }
    }
}

/// The score of a clean number, by hand from the default definition (not from the model):
/// `takedown_days` has goalposts best = 1 day, worst = 30 days, so a score of
/// 100 * (30 - days) / 29, clamped to 0..100 (8 days: 2200 / 29 = 75.862...).
pub fn numeric_score(scale: &str, x: f64) -> f64 {
    match scale {
        "takedown_days" => (100.0 * (30.0 - x) / 29.0).clamp(0.0, 100.0),
        other => panic!("no hand-written score for numeric scale {other}"),
    }
}

/// The score of a set of chosen options, by hand from the default definition: an IP portal,
/// an online form or a platform contact 1 point each, e-mail and "other" half a point,
/// administrative and judicial routes 0; 2 points give 100 (capped).
pub fn multi_score(scale: &str, codes: &[&str]) -> f64 {
    assert_eq!(
        scale, "channels",
        "no hand-written points for scale {scale}"
    );
    let points: f64 = codes
        .iter()
        .map(|c| match *c {
            "ip_portal" | "online_form" | "platform_contact" => 1.0,
            "email" | "other" => 0.5,
            "administrative" | "judicial" => 0.0,
            other => panic!("unknown channel {other}"),
        })
        .sum();
    (50.0 * points).min(100.0)
}

fn assert_score(class: &CellClass, expected: f64, at: &str, raw: &RawValue) {
    match class {
        CellClass::Score(v) => assert!(
            (v - expected).abs() <= 1e-9,
            "{at}: raw {raw:?} scores {v}, by hand {expected}"
        ),
        other => panic!("{at}: raw {raw:?} is {other:?}, by hand a score of {expected}"),
    }
}

/// The chosen options (as codes) and, where the shape carries it, the "other" text.
fn check_multi(m: &Multi, raw: &RawValue, want: &Value, other: Option<Option<&str>>, at: &str) {
    let RawValue::Choices { chosen, other_text } = raw else {
        panic!("{at}: multi-select cell {raw:?}");
    };
    let codes: BTreeSet<&str> = chosen
        .iter()
        .map(|c| {
            m.lookup
                .get(&match_key(c))
                .map_or("?", |&i| m.options[i].0.as_str())
        })
        .collect();
    let wanted: BTreeSet<&str> = want
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().expect("code"))
        .collect();
    assert_eq!(codes, wanted, "{at}: raw {raw:?}");
    if let Some(other) = other {
        assert_eq!(
            other_text.as_deref().map(clean_free_text).as_deref(),
            other,
            "{at}"
        );
    }
}

/// (reason, respondent id, platform) of every submission excluded for other reasons than
/// speed, sorted; the speeders are returned apart.
pub fn excluded(model: &Model, r: &Read) -> (Vec<(String, String, String)>, BTreeSet<String>) {
    let mut out = Vec::new();
    let mut speeders = BTreeSet::new();
    for (s, reason) in r.reasons.iter().enumerate() {
        let Some(reason) = reason else { continue };
        let id = r.ids[s].clone().unwrap_or_default();
        if reason == "speeder" {
            speeders.insert(id);
            continue;
        }
        let p = r.data.submissions[s]
            .platform
            .map_or(String::new(), |p| model.platforms[p].id.clone());
        out.push((reason.clone(), id, p));
    }
    out.sort();
    (out, speeders)
}

/// The speeders the fixture flags.
pub fn flagged_speeders() -> BTreeSet<String> {
    let t = truth();
    t["quality_flags"]
        .as_object()
        .expect("flags")
        .iter()
        .filter(|(_, f)| f["speeder"].as_bool() == Some(true))
        .map(|(id, _)| id.clone())
        .collect()
}

/// Wide shapes: the submissions kept by deduplication are `submissions_kept`, the dropped ones
/// `submissions_dropped` (matched by respondent and submission time).
pub fn check_wide_submissions(r: &Read) {
    let t = truth();
    let time = |s: &str| s.replace('-', "/");
    let set = |list: &str| -> BTreeSet<(String, String)> {
        t[list]
            .as_array()
            .expect("list")
            .iter()
            .map(|s| {
                (
                    s["respondent_id"].as_str().expect("id").to_string(),
                    time(s["submitted_at"].as_str().expect("t")),
                )
            })
            .collect()
    };
    let mut kept = BTreeSet::new();
    let mut dropped = BTreeSet::new();
    for (s, sub) in r.data.submissions.iter().enumerate() {
        let key = (
            r.ids[s].clone().expect("known company"),
            time(sub.submitted_at_raw.as_deref().expect("time")),
        );
        match r.reasons[s].as_deref() {
            None | Some("speeder") => kept.insert(key),
            Some("duplicate") => dropped.insert(key),
            Some(other) => panic!("{}: unexpected exclusion {other}", r.data.file),
        };
    }
    assert_eq!(kept, set("submissions_kept"), "{}", r.data.file);
    assert_eq!(dropped, set("submissions_dropped"), "{}", r.data.file);
}
