//! Ground truth: the CLI's JSON scores against an independent implementation of the scoring
//! contract (design/index-definition.md §3, default definition) computed from the clean answers
//! in `fixtures/ground_truth.json`. Nothing here calls into `qbpc_index`: the expected values
//! come only from the fixture's clean data and the constants of `src/definition/default.toml`.
//!
//! The expectation for each platform is built as a JSON object shaped like the CLI's
//! `platforms[]` entry (only the fields we know); `compare` walks it against the CLI output.

use crate::common::qbpc;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

const TOL: f64 = 1e-9;
const MIN_RESPONDENTS: usize = 3;
/// `[quality] min_duration_ratio` of the embedded definition.
const MIN_DURATION_RATIO: f64 = 0.333;
const DECIMALS: i32 = 1;
const OPINION: &str = "opinion";
const OPINION_ARGS: [&str; 2] = ["--source", "opinion=fixtures/platform_opinion.csv"];

// ------------------------------------------------------------------ expected values

fn ground_truth() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/ground_truth.json");
    let text = std::fs::read_to_string(path).expect("read fixtures/ground_truth.json");
    serde_json::from_str(&text).expect("ground_truth.json is JSON")
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().expect("JSON array")
}

fn s(v: &Value) -> &str {
    v.as_str().expect("JSON string")
}

fn mean(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let present: Vec<f64> = values.into_iter().flatten().collect();
    (!present.is_empty()).then(|| present.iter().sum::<f64>() / present.len() as f64)
}

/// Points of the default `channels` scale; 2 points give 100.
fn channel_points(code: &str) -> f64 {
    match code {
        "ip_portal" | "online_form" | "platform_contact" => 1.0,
        "email" | "other" => 0.5,
        "administrative" | "judicial" => 0.0,
        other => panic!("unknown complaint channel {other:?}"),
    }
}

/// Score of one clean answer by question type; `None` = excluded (null, not_sure, text).
fn cell_score(kind: &str, reverse: bool, v: &Value) -> Option<f64> {
    if v.is_null() {
        return None;
    }
    match kind {
        "likert" | "freq" => {
            let k = v.as_f64().filter(|k| (1.0..=5.0).contains(k));
            let score = 100.0 * (k.expect("ordinal answer in 1..5") - 1.0) / 4.0;
            Some(if reverse { 100.0 - score } else { score })
        }
        "yn" => match s(v) {
            "yes" => Some(100.0),
            "no" => Some(0.0),
            "not_sure" => None,
            other => panic!("unknown yes/no value {other:?}"),
        },
        // goalposts: best 1 day, worst 30 days
        "number" => Some(100.0 * ((v.as_f64()? - 30.0) / (1.0 - 30.0)).clamp(0.0, 1.0)),
        "multi" => {
            let points: f64 = arr(v).iter().map(|c| channel_points(s(c))).sum();
            Some(100.0 * (points / 2.0).min(1.0))
        }
        _ => None,
    }
}

/// Respondents kept by screening: each one's kept submission, minus speeders (by rule, not
/// id): a submission is a speeder when it took less than `MIN_DURATION_RATIO` x k x the median
/// seconds per platform over the kept submissions, k being the platforms it rated.
fn screened_respondents(gt: &Value) -> BTreeSet<String> {
    let rated: BTreeMap<&str, f64> = arr(&gt["respondents"])
        .iter()
        .map(|r| (s(&r["id"]), arr(&r["evaluated_platforms"]).len() as f64))
        .collect();
    let subs: Vec<(&str, f64)> = arr(&gt["submissions_kept"])
        .iter()
        .map(|sub| {
            (
                s(&sub["respondent_id"]),
                sub["duration_sec"].as_f64().expect("duration_sec"),
            )
        })
        .collect();
    let mut per_platform: Vec<f64> = subs.iter().map(|(r, d)| d / rated[r]).collect();
    per_platform.sort_by(f64::total_cmp);
    let n = per_platform.len();
    let median = if n % 2 == 1 {
        per_platform[n / 2]
    } else {
        (per_platform[n / 2 - 1] + per_platform[n / 2]) / 2.0
    };
    subs.iter()
        .filter(|(r, d)| *d >= MIN_DURATION_RATIO * median * rated[r])
        .map(|(r, _)| r.to_string())
        .collect()
}

/// Opinion item -> platform -> score.
type Opinion = BTreeMap<String, BTreeMap<String, f64>>;

/// Min-max normalised opinion items across all platforms (the missing cell has no score).
fn opinion_scores(gt: &Value) -> Opinion {
    let rows = gt["opinion"]["rows"].as_object().expect("opinion.rows");
    let mut out = BTreeMap::new();
    for col in arr(&gt["opinion"]["columns"]) {
        let Some(dir) = col["direction"].as_str() else {
            continue;
        };
        let name = s(&col["name"]);
        assert!(dir == "+" || dir == "-", "{name}: direction {dir:?}");
        let cells = rows
            .iter()
            .filter_map(|(p, row)| Some((p.clone(), row[name].as_f64()?)));
        let xs: BTreeMap<String, f64> = cells.collect();
        let lo = xs.values().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.values().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(hi > lo, "opinion column {name} is constant");
        let norm = |x: f64| (if dir == "-" { hi - x } else { x - lo }) * 100.0 / (hi - lo);
        let scores = xs.into_iter().map(|(p, x)| (p, norm(x))).collect();
        out.insert(name.to_string(), scores);
    }
    out
}

/// Publication rounding (contract step 7), as an integer count of 10^-DECIMALS.
fn published_key(x: f64) -> i64 {
    (((x.abs() + 1e-9) * 10f64.powi(DECIMALS)).round() * x.signum()) as i64
}

fn display(x: f64) -> String {
    let published = published_key(x) as f64 / 10f64.powi(DECIMALS);
    format!("{published:.*}", DECIMALS as usize)
}

/// One survey item for platform `p`: its expected JSON and the respondents who gave a score.
fn survey_item(gt: &Value, kept: &BTreeSet<String>, p: &str, q: &Value) -> (Value, Vec<String>) {
    let (item, kind) = (s(&q["code"]), s(&q["type"]));
    let reverse = q["reverse_scored"].as_bool().expect("reverse_scored");
    let (mut scores, mut raters) = (Vec::new(), Vec::new());
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (r, by_platform) in gt["answers"].as_object().expect("answers") {
        let Some(answer) = by_platform.get(p).filter(|_| kept.contains(r)) else {
            continue;
        };
        match cell_score(kind, reverse, &answer[item]) {
            Some(v) => {
                scores.push(Some(v));
                raters.push(r.clone());
            }
            // The default yes_no scale lists 不确定 / not_sure among its NA labels.
            None if answer[item] == "not_sure" => *counts.entry("na").or_default() += 1,
            None => {
                if let Some(class) = gt["missing"][r][p][item].as_str() {
                    *counts.entry(class).or_default() += 1;
                }
            }
        }
    }
    let score = json!(mean(scores.iter().copied()));
    if kind == "text" {
        return (json!({ "score": score }), raters); // collected, never scored: null
    }
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    let (na, no_answer, invalid) = (count("na"), count("no_answer"), count("invalid"));
    let n = scores.len();
    let item =
        json!({ "score": score, "n": n, "na": na, "no_answer": no_answer, "invalid": invalid });
    (item, raters)
}

/// Expected `platforms[]` object of one platform (rank fields filled in by `rank`).
fn expected_platform(
    gt: &Value,
    kept: &BTreeSet<String>,
    opinion: &Opinion,
    plat: &Value,
) -> Value {
    let p = s(&plat["code"]);
    let (mut items, mut raters) = (Map::new(), BTreeSet::new());
    let questions = arr(&gt["questions"])
        .iter()
        .filter(|q| q["type"] != "other_text");
    for q in questions {
        let (item, who) = survey_item(gt, kept, p, q);
        items.insert(s(&q["code"]).to_string(), item);
        raters.extend(who);
    }
    for (item, by_platform) in opinion {
        items.insert(item.clone(), json!({ "score": by_platform.get(p) }));
    }
    let (mut dims, mut index_parts) = (Map::new(), Vec::new());
    for d in arr(&gt["dimensions"]) {
        let score = if d["code"] == OPINION {
            mean(opinion.values().map(|by_p| by_p.get(p).copied()))
        } else {
            let item_scores = arr(&d["items"])
                .iter()
                .map(|i| items[s(i)]["score"].as_f64());
            mean(item_scores)
        };
        if d["in_index"] == true {
            index_parts.push(score);
        }
        dims.insert(s(&d["code"]).to_string(), json!({ "score": score }));
    }
    let score = mean(index_parts);
    let status = match score {
        None => "no_score",
        Some(_) if raters.len() < MIN_RESPONDENTS => "insufficient",
        Some(_) => "ranked",
    };
    json!({
        "id": p, "group": plat["group"], "status": status, "respondents": raters.len(),
        "score": score, "score_display": score.map(display), "rank": null, "group_rank": null,
        "dimensions": dims, "items": items,
    })
}

/// Competition ranking (1, 2, 2, 4) on published values, overall and within each group.
fn rank(platforms: &mut [Value]) {
    let key = |e: &Value| published_key(e["score"].as_f64().expect("ranked platform's score"));
    let is_ranked = |e: &&Value| e["status"] == "ranked";
    let ranked: Vec<(i64, Value)> = platforms
        .iter()
        .filter(is_ranked)
        .map(|e| (key(e), e["group"].clone()))
        .collect();
    for e in platforms.iter_mut().filter(|e| e["status"] == "ranked") {
        let (k, group) = (key(e), e["group"].clone());
        let above = |same_group: bool| {
            let higher = |(o, g): &&(i64, Value)| *o > k && (!same_group || *g == group);
            1 + ranked.iter().filter(higher).count()
        };
        e["rank"] = json!(above(false));
        e["group_rank"] = json!(above(true));
    }
}

/// Expected `platforms[]` objects, in ground_truth order (not rank order).
fn expected(gt: &Value, with_opinion: bool) -> Vec<Value> {
    let kept = screened_respondents(gt);
    let opinion = if with_opinion {
        opinion_scores(gt)
    } else {
        Opinion::new()
    };
    let platforms = arr(&gt["platforms"]).iter();
    let mut out: Vec<Value> = platforms
        .map(|plat| expected_platform(gt, &kept, &opinion, plat))
        .collect();
    rank(&mut out);
    out
}

fn print_table(label: &str, exp: &[Value]) {
    let f = |x: &Value| x.as_f64().map_or("-".into(), |v| format!("{v:.3}"));
    let dims = exp[0]["dimensions"].as_object().expect("dimensions");
    let head: String = dims.keys().map(|d| format!(" {d:>12}")).collect();
    println!(
        "expected ({label}):\n{:<27} {:>4} {:>8}{head}",
        "platform   n  status", "rank", "index"
    );
    for e in exp {
        let dims = e["dimensions"].as_object().expect("dimensions").values();
        let dims: String = dims.map(|d| format!(" {:>12}", f(&d["score"]))).collect();
        let (id, n, status) = (s(&e["id"]), &e["respondents"], s(&e["status"]));
        let rank = e["rank"].as_u64().map_or("-".into(), |r| r.to_string());
        println!(
            "{id:<11} {n:>2} {status:>12} {rank:>4} {:>8}{dims}",
            f(&e["score"])
        );
    }
}

// ------------------------------------------------------------------ the CLI and the checks

fn run_score(input: &str, extra: &[&str]) -> Value {
    let args = [&["score", input], extra, &["--format", "json"]].concat();
    let call = format!("`qbpc-index {}`", args.join(" "));
    let mut cmd = qbpc();
    let out = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(&args)
        .output();
    let out = out.unwrap_or_else(|e| panic!("{call}: cannot run ({e})"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let status = out.status;
    let msg = format!("{call} ({status}):\nstderr:\n{stderr}\nstdout:\n{stdout}");
    assert!(status.success(), "failed: {msg}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {msg}"))
}

/// Nothing is expected of it: null, or an object of nulls (`{"score": null}`).
fn expects_nothing(want: &Value) -> bool {
    want.is_null()
        || want
            .as_object()
            .is_some_and(|m| m.values().all(Value::is_null))
}

/// Walks `want` against `got`: numbers within `tol`, everything else equal. A key may be absent
/// from `got` only where nothing is expected of it. Arrays of equal length go element by element.
fn compare(path: &str, got: &Value, want: &Value, tol: f64, errs: &mut Vec<String>) {
    match (got, want) {
        (_, Value::Object(wm)) if got.is_object() => {
            for (k, w) in wm {
                match got.get(k) {
                    Some(g) => compare(&format!("{path}.{k}"), g, w, tol, errs),
                    None if expects_nothing(w) => {}
                    None => errs.push(format!("{path}.{k}: missing from the CLI output")),
                }
            }
        }
        (Value::Array(ga), Value::Array(wa)) if ga.len() == wa.len() => {
            for (i, (g, w)) in ga.iter().zip(wa).enumerate() {
                let at = w["id"]
                    .as_str()
                    .map_or(i.to_string(), |id| format!("{i}:{id}"));
                compare(&format!("{path}[{at}]"), g, w, tol, errs);
            }
        }
        (Value::Number(g), Value::Number(w)) => {
            let (g, w) = (g.as_f64().expect("f64"), w.as_f64().expect("f64"));
            if (g - w).abs() > tol {
                errs.push(format!("{path}: CLI {g}, expected {w}"));
            }
        }
        _ if got != want => errs.push(format!("{path}: CLI {got}, expected {want}")),
        _ => {}
    }
}

fn check_against(label: &str, result: &Value, exp: &[Value]) {
    let mut errs = Vec::new();
    let platforms = arr(&result["platforms"]);
    let ids: Vec<&str> = platforms.iter().map(|p| s(&p["id"])).collect();
    let want_ids: BTreeSet<&str> = exp.iter().map(|e| s(&e["id"])).collect();
    if ids.len() != exp.len() || ids.iter().copied().collect::<BTreeSet<_>>() != want_ids {
        errs.push(format!("platform ids: CLI {ids:?}, expected {want_ids:?}"));
    }
    // Ranked first in rank order, unranked last (tied platforms may come in any order).
    let find = |id: &str| exp.iter().find(|e| e["id"] == id);
    let rank = |e: &Value| e["rank"].as_u64().map_or((true, 0), |r| (false, r));
    let order: Vec<(bool, u64)> = ids.iter().filter_map(|id| find(id)).map(rank).collect();
    if order.windows(2).any(|w| w[0] > w[1]) {
        errs.push(format!(
            "platforms not listed ranked-first in rank order: {ids:?}"
        ));
    }
    for (id, got) in ids.iter().zip(platforms) {
        if let Some(want) = find(id) {
            compare(&format!("platforms[{id}]"), got, want, TOL, &mut errs);
        }
    }
    let n = errs.len();
    assert!(
        n == 0,
        "{label}: {n} mismatch(es) with the ground truth:\n  {}",
        errs.join("\n  ")
    );
}

/// Invalid cells of screened respondents according to ground_truth.json → missing.
fn ground_truth_invalid(gt: &Value) -> usize {
    let kept = screened_respondents(gt);
    let missing = gt["missing"].as_object().expect("missing").iter();
    let kept_missing = missing.filter(|(r, _)| kept.contains(*r)).map(|(_, m)| m);
    let by_item = kept_missing.flat_map(|m| m.as_object().expect("missing[r]").values());
    let cells = by_item.flat_map(|m| m.as_object().expect("missing[r][p]").values());
    cells.filter(|v| *v == "invalid").count()
}

fn total_invalid(result: &Value) -> u64 {
    let platforms = arr(&result["platforms"]).iter();
    let items = platforms.flat_map(|p| p["items"].as_object().expect("items").values());
    items.map(|i| i["invalid"].as_u64().unwrap_or(0)).sum()
}

fn check_shape(input: &str) {
    let gt = ground_truth();
    let result = run_score(input, &OPINION_ARGS);
    check_against(input, &result, &expected(&gt, true));
    let (got, want) = (total_invalid(&result), ground_truth_invalid(&gt) as u64);
    assert_eq!(
        got, want,
        "{input}: total `invalid` over all items/platforms (CLI, ground truth)"
    );
}

// ------------------------------------------------------------------ tests

/// Guards the independent computation itself against the fixture README's latent qualities
/// (tmall 4.00, meituan 3.90, jd 3.85 ... temu 2.05; meituan has only 2 raters).
#[test]
fn expected_values_are_plausible() {
    let gt = ground_truth();
    let mut exp = expected(&gt, true);
    print_table("with opinion", &exp);
    let score = |e: &Value| {
        e["score"]
            .as_f64()
            .expect("every platform has an index score")
    };
    exp.sort_by(|a, b| score(b).total_cmp(&score(a)));
    let order: Vec<&str> = exp.iter().map(|e| s(&e["id"])).collect();
    let top: BTreeSet<&str> = order[..3].iter().copied().collect();
    assert_eq!(
        top,
        BTreeSet::from(["tmall", "jd", "meituan"]),
        "top three of {order:?}"
    );
    assert_eq!(
        order.last(),
        Some(&"temu"),
        "temu should be lowest: {order:?}"
    );
    let unranked = exp.iter().filter(|e| e["status"] != "ranked");
    let unranked: Vec<(&str, &str)> = unranked.map(|e| (s(&e["id"]), s(&e["status"]))).collect();
    assert_eq!(
        unranked,
        [("meituan", "insufficient")],
        "platforms without a rank"
    );
    assert_eq!(
        ground_truth_invalid(&gt),
        2,
        "fixture README: 2 invalid cells"
    );
}

#[test]
fn tidy_long_matches_ground_truth() {
    check_shape("fixtures/tidy_long.csv");
}

#[test]
fn wjx_text_wide_matches_ground_truth() {
    check_shape("fixtures/wjx_text_wide.xlsx");
}

/// Both shapes carry the same answers, so everything in `platforms` must be identical.
#[test]
fn tidy_and_wjx_give_identical_platforms() {
    let tidy = run_score("fixtures/tidy_long.csv", &OPINION_ARGS);
    let wjx = run_score("fixtures/wjx_text_wide.xlsx", &OPINION_ARGS);
    let (t, w) = (&tidy["platforms"], &wjx["platforms"]);
    let mut diffs = Vec::new();
    compare("platforms", w, t, 0.0, &mut diffs); // "CLI" = wjx, "expected" = tidy
    let n = diffs.len();
    diffs.truncate(40);
    let shown = diffs.join("\n  ");
    let what = "`platforms` differ (CLI = wjx_text_wide.xlsx, expected = tidy_long.csv)";
    assert!(t == w, "{what}: {n} difference(s), first 40:\n  {shown}");
}

#[test]
fn without_opinion_source_index_is_mean_of_survey_dimensions() {
    let gt = ground_truth();
    let result = run_score("fixtures/tidy_long.csv", &[]);
    let exp = expected(&gt, false);
    print_table("without opinion", &exp);
    check_against("tidy_long.csv without --source opinion", &result, &exp);
    let dims = arr(&gt["dimensions"]).iter();
    let survey = dims.filter(|d| d["in_index"] == true && d["code"] != OPINION);
    let survey_dims: Vec<&str> = survey.map(|d| s(&d["code"])).collect();
    assert_eq!(survey_dims.len(), 5, "five survey dimensions in the index");
    for p in arr(&result["platforms"]) {
        let (id, dims) = (s(&p["id"]), &p["dimensions"]);
        let opinion = &dims[OPINION]["score"];
        assert!(
            opinion.is_null(),
            "{id}: opinion dimension without its source: CLI {opinion}"
        );
        let scores: Vec<f64> = survey_dims
            .iter()
            .filter_map(|d| dims[*d]["score"].as_f64())
            .collect();
        let own_mean = scores.iter().sum::<f64>() / scores.len() as f64;
        let index = p["score"].as_f64().unwrap_or(f64::NAN);
        let diff = (index - own_mean).abs();
        assert!(
            diff <= TOL,
            "{id}: index {index} != mean of its survey dimensions {own_mean}"
        );
    }
}
