//! `compare` end to end: three waves scored from the fixtures of `fixtures/waves/` (renamed
//! item and dimension through `previous`, an item dropped and one added, a weight changed,
//! temu dropped and vipshop added, answers changed). Every expected value is read from the
//! result files that `score` wrote (the oracle), never from `compare`'s own output.

use crate::common::{fixture, qbpc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = qbpc().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The three result files (2024 and 2025 with a bootstrap of 200), scored once.
fn waves() -> &'static [PathBuf; 3] {
    static WAVES: OnceLock<(tempfile::TempDir, [PathBuf; 3])> = OnceLock::new();
    &WAVES
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let jobs = [
                ("2024", fixture("tidy_long.csv"), true),
                ("2025", fixture("waves/survey_2025.csv"), true),
                ("2026", fixture("waves/survey_2026.csv"), false),
            ];
            let paths = jobs.map(|(year, survey, boot)| {
                let out = dir.path().join(format!("{year}.json"));
                let def = fixture(&format!("waves/{year}.toml"));
                let mut args = vec![
                    "score".to_string(),
                    survey.display().to_string(),
                    "--index".into(),
                    def.display().to_string(),
                    "--quiet".into(),
                    "--output".into(),
                    out.display().to_string(),
                ];
                if boot {
                    args.extend(["--bootstrap", "200", "--seed", "7"].map(String::from));
                }
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let r = run(&args);
                assert_eq!(r.code, 0, "{year}: {}", r.stderr);
                out
            });
            (dir, paths)
        })
        .1
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn compare_json(files: &[&Path]) -> Value {
    let mut args = vec!["compare".to_string()];
    args.extend(files.iter().map(|p| s(p)));
    args.extend(["--format", "json", "--quiet"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_slice(&r.stdout).unwrap()
}

fn platform<'a>(result: &'a Value, id: &str) -> Option<&'a Value> {
    result["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
}

/// The score, published string and rank of a platform on a node (None: the index).
fn node(
    result: &Value,
    id: &str,
    dim: Option<&str>,
) -> Option<(Option<f64>, Option<f64>, Option<i64>)> {
    let p = platform(result, id)?;
    let n = match dim {
        None => p,
        Some(d) => p["dimensions"].get(d)?,
    };
    Some((
        n["score"].as_f64(),
        n["score_display"].as_str().map(|s| s.parse().unwrap()),
        n["rank"].as_i64(),
    ))
}

fn series<'a>(c: &'a Value, platform: &str, target: &str) -> &'a Value {
    let p = c["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == platform)
        .unwrap_or_else(|| panic!("no platform {platform}"));
    let t = c["targets"]
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["id"] == target)
        .unwrap_or_else(|| panic!("no target {target}"));
    &p["series"][t]
}

/// Every change and rank movement between 2024 and 2025, on the index and on each dimension
/// that exists in both (cogovernance was renamed co_governance), equals what the two result
/// files imply.
#[test]
fn every_change_is_what_the_two_result_files_imply() {
    let [a, b, _] = waves();
    let (ra, rb) = (read(a), read(b));
    let c = compare_json(&[a, b]);
    // target id in the comparison -> (id in 2024, id in 2025)
    let targets = [
        ("index", None, None),
        ("complaint", Some("complaint"), Some("complaint")),
        ("handling", Some("handling"), Some("handling")),
        ("credit", Some("credit"), Some("credit")),
        ("prevention", Some("prevention"), Some("prevention")),
        ("co_governance", Some("cogovernance"), Some("co_governance")),
        ("opinion", Some("opinion"), Some("opinion")),
        ("overall", Some("overall"), Some("overall")),
    ];
    let ids = [
        "taobao",
        "tmall",
        "jd",
        "pdd",
        "douyin",
        "kuaishou",
        "xianyu",
        "xiaohongshu",
        "meituan",
        "temu",
        "vipshop",
    ];
    let mut compared = 0;
    for (target, da, db) in targets {
        for id in ids {
            let step = &series(&c, id, target)["steps"][0];
            let (x, y) = (node(&ra, id, da), node(&rb, id, db));
            match (x, y) {
                (Some((sa, pa, ka)), Some((sb, pb, kb))) => {
                    // serde_json reads a float to within one ulp: compare to 1e-9.
                    let want = sa.zip(sb).map(|(p, q)| q - p);
                    let got = step["change"].as_f64();
                    assert_eq!(got.is_some(), want.is_some(), "{id}/{target}");
                    if let (Some(g), Some(w)) = (got, want) {
                        assert!((g - w).abs() < 1e-9, "{id}/{target}: {g} vs {w}");
                    }
                    let shown: Option<f64> =
                        step["change_display"].as_str().map(|s| s.parse().unwrap());
                    let published = pa.zip(pb).map(|(p, q)| ((q - p) * 10.0).round() / 10.0);
                    assert_eq!(shown, published, "{id}/{target}");
                    let moved = ka.zip(kb).map(|(p, q)| p - q);
                    assert_eq!(step["rank_change"].as_i64(), moved, "{id}/{target}");
                    let movement = match moved {
                        None => "unranked",
                        Some(d) if d > 0 => "up",
                        Some(d) if d < 0 => "down",
                        Some(_) => "unchanged",
                    };
                    assert_eq!(step["movement"], movement, "{id}/{target}");
                    compared += 1;
                }
                (None, Some(_)) => assert_eq!(step["movement"], "new", "{id}/{target}"),
                (Some(_), None) => assert_eq!(step["movement"], "dropped", "{id}/{target}"),
                (None, None) => panic!("{id} is in neither wave"),
            }
        }
    }
    assert_eq!(compared, 8 * 9, "9 platforms in both waves, on 8 targets");
    // The hand-picked facts of the fixtures.
    assert_eq!(
        series(&c, "temu", "index")["steps"][0]["movement"],
        "dropped"
    );
    assert_eq!(
        series(&c, "vipshop", "index")["steps"][0]["movement"],
        "new"
    );
    let co = c["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "co_governance")
        .unwrap();
    assert_eq!(
        co["ids"],
        serde_json::json!(["cogovernance", "co_governance"])
    );
}

/// The renamed item is compared (matched, not new and dropped), the dropped and the added
/// items are said so, the weight change and the relative normalisation are warned about.
#[test]
fn nodes_are_matched_through_previous() {
    let [a, b, _] = waves();
    let c = compare_json(&[a, b]);
    let nodes = c["transitions"][0]["nodes"].as_array().unwrap();
    let find = |kind: &str, id: &str| {
        nodes
            .iter()
            .find(|m| m["kind"] == kind && (m["after"] == id || m["before"] == id))
            .unwrap_or_else(|| panic!("no {kind} {id}"))
    };
    let renamed = find("item", "rules_findable");
    assert_eq!(
        (&renamed["status"], &renamed["before"]),
        (&Value::from("renamed"), &Value::from("rules_clear"))
    );
    assert_eq!(find("dimension", "co_governance")["status"], "renamed");
    assert_eq!(find("item", "annual_report")["status"], "dropped");
    assert_eq!(find("item", "ai_detection")["status"], "new");
    assert_eq!(find("item", "takedown_days")["status"], "same");
    assert!(
        nodes
            .iter()
            .all(|m| m["after"] != "rules_clear" && m["before"] != "rules_findable")
    );
    let codes: Vec<&str> = c["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    let weight = c["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "weight-changed")
        .unwrap();
    assert!(
        weight["message"]
            .as_str()
            .unwrap()
            .contains("repeat_infringer"),
        "{weight}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == "weight-changed").count(),
        1,
        "{codes:?}"
    );
    assert!(codes.contains(&"composition-changed"), "{codes:?}");
    assert!(codes.contains(&"relative-normalisation"), "{codes:?}");
    let opinion = c["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "opinion")
        .unwrap();
    assert_eq!(opinion["relative_items"].as_array().unwrap().len(), 5);
    let complaint = c["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "complaint")
        .unwrap();
    assert!(complaint.get("relative_items").is_none());
}

/// Type 7 quantile, written out again for the oracle.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Both waves carry their replicate draws: each change's interval is the 2.5th to 97.5th
/// percentile of replicate k of 2025 minus replicate k of 2024, computed here from the files.
#[test]
fn significance_comes_from_the_two_bootstrap_distributions() {
    let [a, b, _] = waves();
    let (ra, rb) = (read(a), read(b));
    let c = compare_json(&[a, b]);
    assert!(
        c["methods"]["significance"]
            .as_str()
            .unwrap()
            .contains("replicate k")
    );
    let mut significant = 0;
    for (id, target) in [
        ("taobao", "complaint"),
        ("tmall", "index"),
        ("pdd", "credit"),
        ("xianyu", "index"),
    ] {
        let draws = |r: &Value| -> Vec<Option<f64>> {
            let d = &r["bootstrap"]["platforms"][id]["draws"];
            let v = if target == "index" {
                &d["index"]
            } else {
                &d["dimensions"][target]
            };
            v.as_array().unwrap().iter().map(Value::as_f64).collect()
        };
        let mut diffs: Vec<f64> = draws(&ra)
            .into_iter()
            .zip(draws(&rb))
            .filter_map(|(x, y)| Some(y? - x?))
            .collect();
        assert_eq!(diffs.len(), 200);
        diffs.sort_by(f64::total_cmp);
        let (lo, hi) = (quantile(&diffs, 0.025), quantile(&diffs, 0.975));
        let sig = &series(&c, id, target)["steps"][0]["significance"];
        assert_eq!(sig["method"], "draws");
        assert!(
            (sig["low"].as_f64().unwrap() - lo).abs() < 1e-9,
            "{id}/{target}"
        );
        assert!(
            (sig["high"].as_f64().unwrap() - hi).abs() < 1e-9,
            "{id}/{target}"
        );
        assert_eq!(sig["significant"], lo > 0.0 || hi < 0.0, "{id}/{target}");
        significant += usize::from(lo > 0.0 || hi < 0.0);
    }
    // taobao's rules answers went up a step: its complaint change is the significant one.
    assert_eq!(
        series(&c, "taobao", "complaint")["steps"][0]["significance"]["significant"],
        true
    );
    assert!(significant >= 1);
    // 2026 has no bootstrap: its changes are not assessed.
    let [_, b, c3] = waves();
    let later = compare_json(&[b, c3]);
    assert!(
        series(&later, "jd", "index")["steps"][0]
            .get("significance")
            .is_none()
    );
}

/// Without the draws, the interval of a change is the conservative one from the two score
/// intervals, and the method says so.
#[test]
fn without_draws_the_intervals_are_used_conservatively() {
    let [a, b, _] = waves();
    let dir = tempfile::tempdir().unwrap();
    let strip = |p: &Path, name: &str| -> (PathBuf, Value) {
        let mut v = read(p);
        for (_, pb) in v["bootstrap"]["platforms"].as_object_mut().unwrap() {
            pb.as_object_mut().unwrap().remove("draws");
        }
        let out = dir.path().join(name);
        std::fs::write(&out, serde_json::to_vec(&v).unwrap()).unwrap();
        (out, v)
    };
    let ((pa, ra), (pb, rb)) = (strip(a, "a.json"), strip(b, "b.json"));
    let c = compare_json(&[&pa, &pb]);
    assert!(
        c["methods"]["significance"]
            .as_str()
            .unwrap()
            .contains("conservative")
    );
    let ia = &ra["bootstrap"]["platforms"]["jd"]["index"];
    let ib = &rb["bootstrap"]["platforms"]["jd"]["index"];
    let lo = ib["low"].as_f64().unwrap() - ia["high"].as_f64().unwrap();
    let hi = ib["high"].as_f64().unwrap() - ia["low"].as_f64().unwrap();
    let sig = &series(&c, "jd", "index")["steps"][0]["significance"];
    assert_eq!(sig["method"], "intervals");
    assert!((sig["low"].as_f64().unwrap() - lo).abs() < 1e-9, "{sig}");
    assert!((sig["high"].as_f64().unwrap() - hi).abs() < 1e-9, "{sig}");
    assert_eq!(sig["significant"], lo > 0.0 || hi < 0.0);
}

/// Three waves: consecutive steps and the span; the 2026 definition still says `previous`
/// of 2024's ids, which is not an error (the 2025 ids match).
#[test]
fn three_waves_give_steps_and_the_span() {
    let [a, b, c3] = waves();
    let (ra, rc) = (read(a), read(c3));
    let c = compare_json(&[a, b, c3]);
    let jd = series(&c, "jd", "index");
    assert_eq!(jd["steps"].as_array().unwrap().len(), 2);
    let (sa, _, ka) = node(&ra, "jd", None).unwrap();
    let (sc, _, kc) = node(&rc, "jd", None).unwrap();
    let span = jd["span"]["change"].as_f64().unwrap();
    assert!((span - (sc.unwrap() - sa.unwrap())).abs() < 1e-9, "{span}");
    assert_eq!(
        jd["span"]["rank_change"].as_i64(),
        Some(ka.unwrap() - kc.unwrap())
    );
    assert_eq!(jd["span"]["movement"], "down");
    let codes: Vec<&str> = c["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"previous-not-found"), "{codes:?}");
    let co = c["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "co_governance")
        .unwrap();
    assert_eq!(
        co["ids"],
        serde_json::json!(["cogovernance", "co_governance", "co_governance"])
    );
    // vipshop is new in 2025: no span change, movement new.
    assert_eq!(series(&c, "vipshop", "index")["span"]["movement"], "new");
    assert!(series(&c, "vipshop", "index")["span"]["change"].is_null());
}

/// The text lines of an SVG (plotters writes each `<text>` content on its own line).
fn svg_texts(svg: &str) -> Vec<&str> {
    svg.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('<'))
        .collect()
}

/// The SVG that follows `marker` in a page, up to its `</svg>`.
fn svg_after<'a>(page: &'a str, marker: &str) -> &'a str {
    let from = page.find(marker).unwrap_or_else(|| panic!("no {marker}"));
    let rest = &page[from..];
    &rest[..rest.find("</svg>").unwrap()]
}

/// The index (name, published score) of every platform scored in a result file.
fn published_index(result: &Value) -> Vec<(String, String, String)> {
    result["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| {
            Some((
                p["id"].as_str()?.to_string(),
                p["name"].as_str()?.to_string(),
                p["score_display"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// The HTML trend page (format from the `.html` extension): one line chart per platform whose
/// points are its published index scores of the waves, and a slope chart whose endpoints are
/// the published index scores of the first and the last wave, read from the result files.
#[test]
fn html_trend_page_has_a_line_per_platform_and_the_slope_of_the_index() {
    let [a, b, c3] = waves();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("trend.html");
    let r = run(&["compare", &s(a), &s(b), &s(c3), "--quiet", "-o", &s(&out)]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "self-contained"
    );
    let files = [read(a), read(b), read(c3)];
    let per_wave: Vec<Vec<(String, String, String)>> = files.iter().map(published_index).collect();
    let mut ids: Vec<&str> = files
        .iter()
        .flat_map(|f| f["platforms"].as_array().unwrap())
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let cards: Vec<&str> = page.split("<div class=\"card\">").skip(1).collect();
    assert_eq!(cards.len(), ids.len(), "one line chart per platform");
    assert_eq!(
        page.matches("<div class=\"chart trend\">").count(),
        ids.len()
    );
    for id in &ids {
        let name = files
            .iter()
            .rev()
            .find_map(|f| platform(f, id))
            .and_then(|p| p["name"].as_str())
            .unwrap();
        let card = cards
            .iter()
            .find(|c| {
                c.starts_with(&format!("\n<h3>{name} ")) || c.starts_with(&format!("\n<h3>{name}<"))
            })
            .unwrap_or_else(|| panic!("no chart for {name}"));
        let svg = svg_after(card, "<svg");
        let scores: Vec<&str> = per_wave
            .iter()
            .filter_map(|w| w.iter().find(|(i, ..)| i == id).map(|(.., d)| d.as_str()))
            .collect();
        assert_eq!(
            svg.matches("<circle").count(),
            scores.len(),
            "{name}: a point per wave"
        );
        let texts = svg_texts(svg);
        for d in &scores {
            assert!(texts.contains(d), "{name}: {d} in {texts:?}");
        }
    }
    let slope = svg_texts(svg_after(&page, "<div class=\"chart slope\">"));
    let (first, last) = (&per_wave[0], &per_wave[2]);
    for (_, name, d) in first {
        assert!(
            slope.contains(&format!("{name} {d}").as_str()),
            "{name} {d}: {slope:?}"
        );
    }
    for (_, name, d) in last {
        assert!(
            slope.contains(&format!("{d} {name}").as_str()),
            "{d} {name}: {slope:?}"
        );
    }
    assert_eq!(
        slope.len(),
        2 + first.len() + last.len(),
        "wave titles and end labels"
    );
    let both = first
        .iter()
        .filter(|(id, ..)| last.iter().any(|(j, ..)| j == id))
        .count();
    let lines = svg_after(&page, "<div class=\"chart slope\">")
        .matches("stroke=\"#2B6CB0\" stroke-width=\"2\"")
        .count();
    assert_eq!(lines, both, "one line per platform in both waves");
    assert!(page.contains("<h2>Method</h2>") && page.contains("significance"));
    assert!(page.contains("<h2>Warnings</h2>"));
    let forced = run(&["compare", &s(a), &s(b), "--quiet", "--format", "html"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        String::from_utf8(forced.stdout)
            .unwrap()
            .contains("chart slope")
    );
}

/// A platform name with markup is text on the page, never markup.
#[test]
fn html_trend_page_escapes_platform_names() {
    let [a, b, _] = waves();
    let dir = tempfile::tempdir().unwrap();
    let evil = "<script>alert(1)</script>";
    let copies: Vec<PathBuf> = [a, b]
        .iter()
        .enumerate()
        .map(|(k, path)| {
            let mut v = read(path);
            for p in v["platforms"].as_array_mut().unwrap() {
                if p["id"] == "tmall" {
                    p["name"] = Value::from(evil);
                }
            }
            let to = dir.path().join(format!("w{k}.json"));
            std::fs::write(&to, serde_json::to_vec(&v).unwrap()).unwrap();
            to
        })
        .collect();
    let out = dir.path().join("evil.html");
    let r = run(&[
        "compare",
        &s(&copies[0]),
        &s(&copies[1]),
        "--quiet",
        "-o",
        &s(&out),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(!page.contains("<script"), "unescaped name");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn csv_wide_and_long_have_one_row_per_platform_target_and_wave() {
    let [a, b, c3] = waves();
    let wide = run(&[
        "compare",
        &s(a),
        &s(b),
        &s(c3),
        "--format",
        "csv",
        "--quiet",
    ]);
    assert_eq!(wide.code, 0, "{}", wide.stderr);
    let text = String::from_utf8(wide.stdout).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with(
            "platform,platform_name,target,target_kind,score_2024,rank_2024,score_2025"
        )
    );
    assert!(header.contains("change_2025_2026") && header.contains("change_span"));
    // 11 platforms (9 + temu + vipshop) x (index + 8 dimension lineages: co_governance is
    // one lineage, and nothing else was renamed).
    assert_eq!(lines.count(), 11 * 8);
    let long = run(&[
        "compare",
        &s(a),
        &s(b),
        &s(c3),
        "--format",
        "csv",
        "--long",
        "--quiet",
    ]);
    assert_eq!(long.code, 0, "{}", long.stderr);
    assert_eq!(
        String::from_utf8(long.stdout).unwrap().lines().count(),
        1 + 11 * 8 * 3
    );
    let refused = run(&["compare", &s(a), &s(b), "--long"]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("--long applies to CSV"),
        "{}",
        refused.stderr
    );
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    let [a, b, c3] = waves();
    let dir = tempfile::tempdir().unwrap();
    for ext in ["json", "csv", "xlsx", "md", "txt", "html"] {
        let bytes: Vec<Vec<u8>> = (0..2)
            .map(|k| {
                let out = dir.path().join(format!("c{k}.{ext}"));
                let r = run(&[
                    "compare",
                    &s(a),
                    &s(b),
                    &s(c3),
                    "--quiet",
                    "--output",
                    &s(&out),
                ]);
                assert_eq!(r.code, 0, "{ext}: {}", r.stderr);
                std::fs::read(&out).unwrap()
            })
            .collect();
        assert!(!bytes[0].is_empty(), "{ext}");
        assert_eq!(bytes[0], bytes[1], "{ext}");
    }
}

#[test]
fn refusals_name_the_file_and_give_a_hint() {
    let [a, ..] = waves();
    let one = run(&["compare", &s(a)]);
    assert_eq!(one.code, 2, "{}", one.stderr);
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"runs": 3}"#).unwrap();
    let r = run(&["compare", &s(a), &s(&other)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("other.json") && r.stderr.contains("hint:"),
        "{}",
        r.stderr
    );
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{ not json").unwrap();
    let r = run(&["compare", &s(a), &s(&broken)]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("broken.json is not JSON"), "{}", r.stderr);
    let v2 = dir.path().join("v2.json");
    std::fs::write(&v2, r#"{"schema_version": 2, "platforms": []}"#).unwrap();
    let r = run(&["compare", &s(a), &s(&v2)]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("v2.json has schema_version 2"),
        "{}",
        r.stderr
    );
}

#[test]
fn strict_exits_1_on_warnings() {
    let [a, b, _] = waves();
    let r = run(&["compare", &s(a), &s(b), "--strict", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("weight-changed"), "{}", r.stderr);
    let quiet = run(&["compare", &s(a), &s(a), "--quiet", "--format", "json"]);
    assert_eq!(quiet.code, 0);
    assert!(quiet.stderr.is_empty());
}

/// `compare a.json b.json -o b.json` would replace a wave with the comparison: refused before
/// anything is read, and the wave is left as it was.
#[test]
fn an_output_that_is_a_wave_is_refused_and_the_wave_kept() {
    let [a, b, _] = waves();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("b.json");
    std::fs::copy(b, &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let r = run(&["compare", &s(a), &s(&copy), "-o", &s(&copy)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("is also the wave"), "{}", r.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
}

/// `-o -` is standard output, not a file named `-`.
#[test]
fn dash_output_is_standard_output() {
    let [a, b, _] = waves();
    let r = run(&["compare", &s(a), &s(b), "--format", "csv", "-o", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(String::from_utf8_lossy(&r.stdout).contains("platform"));
    assert!(!std::path::Path::new("-").exists());
}

/// With `--format json` a fatal error is also a JSON object on standard output, with a stable
/// code and the file it is about.
#[test]
fn a_missing_wave_is_a_json_error_with_json_output() {
    let [a, ..] = waves();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let r = run(&["compare", &s(a), &s(&missing), "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v: Value = serde_json::from_slice(&r.stdout).expect("a JSON error object");
    assert_eq!(v["error"]["code"], "read-failed");
    assert_eq!(v["error"]["location"]["file"], s(&missing));
    assert!(r.stderr.contains("missing.json"), "{}", r.stderr);
}

/// `--lang zh`: the trend page's headings, table headers, notes and movement words are
/// Chinese (the platform that joins is 新增, the one that leaves 退出); the charts are the
/// same points as in English.
#[test]
fn html_trend_page_honours_lang() {
    let [a, b, c3] = waves();
    let page = |lang: &str| {
        let r = run(&[
            "compare",
            &s(a),
            &s(b),
            &s(c3),
            "--quiet",
            "--format",
            "html",
            "--lang",
            lang,
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        String::from_utf8(r.stdout).unwrap()
    };
    let zh = page("zh");
    assert!(zh.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    for word in [
        "<h2>各平台历年指数</h2>",
        "<h2>指数斜率图：首期至末期</h2>",
        "<h2>对比</h2>",
        "<h3>指数</h3>",
        "<th>平台</th>",
        "<td class=\"num\">新增</td>",
        "<td class=\"num\">退出</td>",
        "<h2>警告</h2>",
        "<h2>方法</h2>",
        "<h3>天猫</h3>",
    ] {
        assert!(zh.contains(word), "{word}");
    }
    for english in [
        "<h2>Method</h2>",
        "<h2>Comparison</h2>",
        ">new<",
        ">dropped<",
        "Index by platform",
    ] {
        assert!(!zh.contains(english), "{english}");
    }
    let en = page("en");
    assert!(en.contains("<td class=\"num\">new</td>") && en.contains("<h2>Method</h2>"));
    // The same points either way.
    assert_eq!(zh.matches("<circle").count(), en.matches("<circle").count());
}
