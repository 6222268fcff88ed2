//! The README's Python recipe, run on freshly written results: its tables must hold the numbers
//! of the JSON. Needs `python3` with pandas, so it is ignored by a plain `cargo test`; `.ci/run`
//! installs pandas and runs it with `--ignored`, and there it fails (never skips) without them.

use crate::common::{qbpc, root};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The code block that follows `<!-- recipe: LANG -->` in the README.
fn recipe(lang: &str) -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let marker = format!("<!-- recipe: {lang} -->\n```{lang}\n");
    let start = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("README.md has no {marker:?}"))
        + marker.len();
    let len = readme[start..].find("\n```\n").expect("the block ends");
    readme[start..start + len + 1].to_string()
}

/// The three result files the README's recipes read, written by the binary.
fn write_results(dir: &Path) {
    let base = [
        "score",
        "examples/survey_wjx.xlsx",
        "--source",
        "opinion=examples/platform_opinion.csv",
        "--quiet",
    ];
    let outputs: [&[&str]; 3] = [
        &["-o", "results.json"],
        &["-o", "results.csv", "--bom"],
        &["--level", "dimension", "-o", "dimensions.csv"],
    ];
    for extra in outputs {
        let out = qbpc()
            .current_dir(root())
            .args(base)
            .args(extra.iter().map(|a| match *a {
                "results.json" | "results.csv" | "dimensions.csv" => dir.join(a),
                _ => PathBuf::from(a),
            }))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Runs the recipe as the README gives it, then prints what it built, as JSON.
const CHECK: &str = r#"
import json, math
exec(open("recipe.py", encoding="utf-8").read())
num = lambda x: None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)
print("=== check")
print(json.dumps({
    "order": list(ranking.index),
    "ranking": {i: [num(r["rank"]), num(r["score"]), num(r["dimensions.complaint.score"])]
                for i, r in ranking.iterrows()},
    "wide": {i: [num(r["rank"]), num(r["index_score"]), num(r["complaint_score"]), r["name_zh"]]
             for i, r in wide.iterrows()},
    "long": {i: num(scores.loc[i, "complaint"]) for i in scores.index},
}))
"#;

/// `python3`, or the interpreter `QBPC_PYTHON` names (`.ci/run` sets it when it had to put
/// pandas in a virtual environment).
fn python_with_pandas() -> Command {
    let python = std::env::var("QBPC_PYTHON").unwrap_or_else(|_| "python3".into());
    let probe = Command::new(&python)
        .args(["-c", "import pandas; print(pandas.__version__)"])
        .output();
    match probe {
        Ok(o) if o.status.success() => Command::new(python),
        Ok(o) => panic!(
            "{python} has no pandas ({}): install it with `python3 -m pip install pandas` (.ci/run does)",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => panic!("{python} is needed to run the README's Python recipe: {e}"),
    }
}

#[test]
#[ignore = "needs python3 with pandas; .ci/run installs pandas and runs it with --ignored"]
fn readme_python_recipe_reads_the_results() {
    let dir = tempfile::tempdir().unwrap();
    write_results(dir.path());
    std::fs::write(dir.path().join("recipe.py"), recipe("python")).unwrap();
    std::fs::write(dir.path().join("check.py"), CHECK).unwrap();
    let out = python_with_pandas()
        .current_dir(dir.path())
        .arg("check.py")
        .env("PYTHONIOENCODING", "utf-8")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the recipe failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (printed, check) = stdout.split_once("=== check\n").expect("the check ran");
    // What the user sees: the three tables, names in Chinese.
    assert!(
        printed.contains("天猫") && printed.contains("complaint"),
        "{printed}"
    );
    let got: Value = serde_json::from_str(check).unwrap();

    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap())
            .unwrap();
    let platforms = json["platforms"].as_array().unwrap();
    let order: Vec<&str> = platforms
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(got["order"], serde_json::json!(order), "rank order");
    assert!(order.len() >= 10);
    let mut unranked = 0;
    for p in platforms {
        let id = p["id"].as_str().unwrap();
        let rank = p["rank"].as_f64();
        unranked += usize::from(rank.is_none());
        let complaint = &p["dimensions"]["complaint"];
        // JSON: the unrounded numbers, exactly.
        let r = &got["ranking"][id];
        assert_eq!(r[0].as_f64(), rank, "{id} rank");
        assert_eq!(r[1].as_f64(), p["score"].as_f64(), "{id} score");
        assert_eq!(r[2].as_f64(), complaint["score"].as_f64(), "{id} complaint");
        // Wide CSV: the published values (and the BOM did not stick to the first header).
        let w = &got["wide"][id];
        assert_eq!(w[0].as_f64(), rank, "{id} CSV rank");
        let published = |v: &Value| v.as_str().map(|s| s.parse::<f64>().unwrap());
        assert_eq!(
            w[1].as_f64(),
            published(&p["score_display"]),
            "{id} CSV index"
        );
        assert_eq!(
            w[2].as_f64(),
            published(&complaint["score_display"]),
            "{id}"
        );
        assert_eq!(w[3], p["name_zh"], "{id} name_zh");
        // Long CSV: unrounded, written so that it reads back to the same number.
        assert_eq!(
            got["long"][id].as_f64(),
            complaint["score"].as_f64(),
            "{id} long"
        );
    }
    assert_eq!(
        unranked, 1,
        "meituan is unranked: its rank is NaN in pandas, null in JSON"
    );
}

#[test]
fn readme_has_both_recipes() {
    let python = recipe("python");
    for needle in [
        "pd.json_normalize",
        "pd.read_csv(\"results.csv\"",
        "dimensions.csv",
    ] {
        assert!(python.contains(needle), "{needle}");
    }
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for needle in [
        "library(jsonlite)",
        "library(readr)",
        "fromJSON(\"results.json\")",
    ] {
        assert!(readme.contains(needle), "{needle}");
    }
}
