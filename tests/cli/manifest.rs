//! Run manifests and `verify`: every machine-readable output records the manifest (JSON key,
//! CSV side file, XLSX sheet, HTML appendix); `verify` reproduces it, names a changed input or
//! definition file and differing numbers; two runs give byte-identical files. Hashes are
//! checked against `sha256sum` (coreutils) when it is installed, sizes against the file system.

use crate::common::qbpc;
use serde_json::Value;
use std::path::Path;

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = qbpc().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok_in(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(dir, args);
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    out
}

/// A folder with the tidy survey, the opinion file and an edited definition, as relative
/// paths (the manifest records them as given).
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (from, to) in [
        ("fixtures/tidy_long.csv", "survey.csv"),
        ("fixtures/platform_opinion.csv", "opinion.csv"),
        ("fixtures/definitions/default_whatif.toml", "def.toml"),
    ] {
        std::fs::copy(root.join(from), dir.path().join(to)).unwrap();
    }
    dir
}

const SCORE: [&str; 4] = ["score", "survey.csv", "--source", "opinion=opinion.csv"];

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn sha256sum(path: &Path) -> Option<String> {
    let out = std::process::Command::new("sha256sum")
        .arg(path)
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    Some(text.split_whitespace().next()?.to_string())
}

#[test]
fn the_manifest_records_files_options_and_counts() {
    let dir = workspace();
    let d = dir.path();
    let mut args = SCORE.to_vec();
    args.extend([
        "-q",
        "-o",
        "r.json",
        "--bootstrap",
        "20",
        "--seed",
        "7",
        "--weight",
        "handling=2",
        "--strict",
    ]);
    let (code, _, err) = run_in(d, &args);
    assert!(code == 0 || code == 1, "{err}");
    let m = read_json(&d.join("r.json"))["manifest"].clone();
    assert_eq!(m["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(m["definition"]["source"], "embedded");
    let default_toml = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/definition/default.toml");
    if let Some(sum) = sha256sum(&default_toml) {
        assert_eq!(m["definition"]["sha256"], sum.as_str());
    }
    for (k, name) in [(0, "survey.csv"), (1, "opinion.csv")] {
        let input = &m["inputs"][k];
        assert_eq!(input["name"], name);
        let len = std::fs::metadata(d.join(name)).unwrap().len();
        assert_eq!(input["size"], len);
        if let Some(sum) = sha256sum(&d.join(name)) {
            assert_eq!(input["sha256"], sum.as_str(), "{name}");
        }
    }
    assert_eq!(m["options"]["bootstrap"], 20);
    assert_eq!(m["options"]["seed"], 7);
    assert_eq!(m["options"]["strict"], true);
    assert_eq!(m["options"]["weights"][0]["id"], "handling");
    assert_eq!(m["options"]["weights"][0]["definition"], 1.0);
    assert_eq!(m["options"]["weights"][0]["weight"], 2.0);
    // 241 data records, as Python's csv module counts them.
    assert_eq!(m["counts"]["rows_read"], 241);
    let results = read_json(&d.join("r.json"));
    let excluded = results["excluded_submissions"].as_array().unwrap().len();
    assert_eq!(m["counts"]["rows_excluded"], excluded);
    // The recorded numbers are the published ones.
    for p in results["platforms"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        assert_eq!(m["numbers"]["platforms"][id]["score"], p["score"], "{id}");
        assert_eq!(m["numbers"]["platforms"][id]["rank"], p["rank"], "{id}");
    }
    // A definition file is recorded by path and hash.
    let mut args = SCORE.to_vec();
    args.extend(["-q", "--index", "def.toml", "--manifest", "m.json"]);
    ok_in(d, &args);
    let m = read_json(&d.join("m.json"));
    assert_eq!(m["definition"]["path"], "def.toml");
    if let Some(sum) = sha256sum(&d.join("def.toml")) {
        assert_eq!(m["definition"]["sha256"], sum.as_str());
    }
}

#[test]
fn verify_reproduces_a_manifest_and_a_result_file() {
    let dir = workspace();
    let d = dir.path();
    let mut args = SCORE.to_vec();
    args.extend([
        "-q",
        "-o",
        "r.json",
        "--manifest",
        "m.json",
        "--bootstrap",
        "20",
        "--seed",
        "7",
        "--weight",
        "handling=2",
        "--weight",
        "rules_clear=0",
    ]);
    ok_in(d, &args);
    let out = ok_in(d, &["verify", "m.json"]);
    assert!(out.starts_with("reproduced: 2 files unchanged"), "{out}");
    ok_in(d, &["verify", "r.json"]);
    // From another folder: the recorded relative paths are found next to the manifest.
    let elsewhere = tempfile::tempdir().unwrap();
    let manifest = d.join("m.json");
    ok_in(elsewhere.path(), &["verify", manifest.to_str().unwrap()]);
}

#[test]
fn verify_names_a_changed_input_file_and_the_numbers_it_moved() {
    let dir = workspace();
    let d = dir.path();
    let mut args = SCORE.to_vec();
    args.extend(["-q", "--index", "def.toml", "-o", "r.csv"]);
    ok_in(d, &args);
    assert!(d.join("r.manifest.json").exists(), "the CSV side file");
    ok_in(d, &["verify", "r.manifest.json"]);
    // One answer changed: tmall's first rules_clear 5 becomes 1.
    let survey = std::fs::read_to_string(d.join("survey.csv")).unwrap();
    let changed = survey.replacen(
        "2025-03-10T14:02:35+08:00,1764,tmall,5,",
        "2025-03-10T14:02:35+08:00,1764,tmall,1,",
        1,
    );
    assert_ne!(changed, survey);
    std::fs::write(d.join("survey.csv"), changed).unwrap();
    let (code, out, _) = run_in(d, &["verify", "r.manifest.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("changed input file survey.csv"), "{out}");
    assert!(out.contains("tmall index: "), "{out}");
    assert!(!out.contains("opinion.csv"), "{out}");
    std::fs::write(d.join("survey.csv"), survey).unwrap();
    ok_in(d, &["verify", "r.manifest.json"]);
    // The definition edited: named too.
    let def = std::fs::read_to_string(d.join("def.toml")).unwrap();
    std::fs::write(d.join("def.toml"), def.replace("weight = 2", "weight = 5")).unwrap();
    let (code, out, _) = run_in(d, &["verify", "r.manifest.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("changed definition file def.toml"), "{out}");
    // A missing file.
    std::fs::remove_file(d.join("opinion.csv")).unwrap();
    let (code, out, _) = run_in(d, &["verify", "r.manifest.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("missing input file opinion.csv"), "{out}");
}

#[test]
fn verify_names_a_number_that_is_not_reproduced() {
    let dir = workspace();
    let d = dir.path();
    let mut args = SCORE.to_vec();
    args.extend(["-q", "--manifest", "m.json"]);
    ok_in(d, &args);
    let mut m = read_json(&d.join("m.json"));
    let score = m["numbers"]["platforms"]["jd"]["score"].as_f64().unwrap();
    m["numbers"]["platforms"]["jd"]["score"] = (score + 0.001).into();
    m["numbers"]["platforms"]["jd"]["dimensions"]["credit"]["rank"] = 9.into();
    std::fs::write(d.join("m.json"), serde_json::to_vec(&m).unwrap()).unwrap();
    let (code, out, _) = run_in(d, &["verify", "m.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "jd index: {} recorded, {score} now",
            score + 0.001
        )),
        "{out}"
    );
    assert!(
        out.contains("jd dimension credit rank: 9 recorded"),
        "{out}"
    );
    assert!(out.contains("not reproduced: 2 difference(s)"), "{out}");
    let (_, json, _) = run_in(d, &["verify", "m.json", "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["reproduced"], false);
    assert_eq!(v["changes"][0]["kind"], "number");
}

#[test]
fn two_runs_give_byte_identical_json_csv_xlsx_and_html() {
    let dir = workspace();
    let d = dir.path();
    for run in ["a", "b"] {
        std::fs::create_dir(d.join(run)).unwrap();
        let out = |name: &str| format!("{run}/{name}");
        for (file, extra) in [
            ("r.json", vec!["--bootstrap", "20"]),
            ("r.csv", vec![]),
            ("r.xlsx", vec!["--bootstrap", "20", "--weight", "opinion=0"]),
        ] {
            let mut args = SCORE.to_vec();
            let target = out(file);
            args.extend(["-q", "-o", &target]);
            args.extend(extra);
            ok_in(d, &args);
        }
        let target = out("r.html");
        ok_in(
            d,
            &[
                "report",
                "survey.csv",
                "--source",
                "opinion=opinion.csv",
                "-q",
                "-o",
                &target,
            ],
        );
    }
    for file in ["r.json", "r.csv", "r.manifest.json", "r.xlsx", "r.html"] {
        let a = std::fs::read(d.join("a").join(file)).unwrap();
        let b = std::fs::read(d.join("b").join(file)).unwrap();
        assert!(a == b, "{file} differs between two runs");
    }
    // The manifest is in each: the workbook's Manifest sheet, the report's appendix.
    let html = std::fs::read_to_string(d.join("a/r.html")).unwrap();
    assert!(html.contains("Run manifest"), "the report appendix");
    let sum = read_json(&d.join("a/r.manifest.json"))["inputs"][0]["sha256"].clone();
    assert!(html.contains(sum.as_str().unwrap()));
    use calamine::Reader;
    let mut wb = calamine::open_workbook_auto(d.join("a/r.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Manifest").unwrap();
    let cells: Vec<String> = sheet.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        cells.iter().any(|c| c == sum.as_str().unwrap()),
        "{cells:?}"
    );
    assert!(
        cells.iter().any(|c| c == "opinion: 0 instead of 1"),
        "{cells:?}"
    );
    // The CSV itself stays a plain table (no comment lines for R or pandas to trip on).
    let csv = std::fs::read_to_string(d.join("a/r.csv")).unwrap();
    assert!(!csv.starts_with('#'));
}

/// The `[respondents]` roster that a definition reads is an input too.
#[test]
fn the_roster_file_is_recorded_and_checked() {
    let dir = workspace();
    let d = dir.path();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("fixtures/roster.csv"), d.join("roster.csv")).unwrap();
    std::fs::copy(root.join("fixtures/wjx_text_wide.xlsx"), d.join("wjx.xlsx")).unwrap();
    let text = format!(
        "{}\n[respondents]\nroster = \"roster.csv\"\n",
        qbpc_index::definition::DEFAULT_TOML
    );
    std::fs::write(d.join("roster_def.toml"), text).unwrap();
    let (code, _, err) = run_in(
        d,
        &[
            "score",
            "wjx.xlsx",
            "-i",
            "roster_def.toml",
            "-q",
            "--manifest",
            "m.json",
        ],
    );
    assert!(code == 0, "{err}");
    let m = read_json(&d.join("m.json"));
    let inputs = m["inputs"].as_array().unwrap();
    let roster = inputs.iter().find(|i| i["name"] == "roster.csv").unwrap();
    assert_eq!(roster["source"], "[respondents] roster");
    ok_in(d, &["verify", "m.json"]);
    let csv = std::fs::read_to_string(d.join("roster.csv")).unwrap();
    std::fs::write(d.join("roster.csv"), format!("{csv}\n")).unwrap();
    let (code, out, _) = run_in(d, &["verify", "m.json"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("changed input file roster.csv"), "{out}");
}
