//! `qbpc-index schema definition|results`: the definition schema accepts every definition in
//! examples/ and fixtures/ that the tool accepts and rejects broken ones; every JSON document
//! the tool writes (score with and without bootstrap, compare, explain) validates against the
//! results schema. Validation by Python's `jsonschema` (tests/schema_support/validate.py): the
//! Rust crate would add 29 crates to the build (see README); the test fails, naming the
//! package, when Python lacks it.

use crate::common;
use crate::common::root;
use qbpc_index::diagnostics::Code;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn qbpc(args: &[&str]) -> Vec<u8> {
    let out = common::qbpc().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Standard output of a run that may end with findings (exit 0 or 1).
fn qbpc_findings(args: &[&str]) -> Vec<u8> {
    let out = common::qbpc().args(args).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn schema(which: &str, dir: &Path) -> PathBuf {
    let path = dir.join(format!("{which}.schema.json"));
    std::fs::write(&path, qbpc(&["schema", which])).unwrap();
    path
}

/// Run the validator; panics with its report when an outcome is not the expected one.
fn validate(schema: &Path, expect: &str, docs: &[PathBuf]) {
    assert!(!docs.is_empty());
    let script = root().join("tests/schema_support/validate.py");
    // `.ci/run` names its virtual environment's interpreter when pip could not install into
    // the system's python3.
    let python = std::env::var("QBPC_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(schema)
        .arg(expect)
        .args(docs)
        .output()
        .expect("python3 with jsonschema is needed by this test (.ci/run installs it)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn tomls(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            tomls(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn toml_to_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
#[ignore = "needs Python's jsonschema (`python3 -m pip install jsonschema`); .ci/run installs it and runs this test"]
fn the_definition_schema_accepts_every_good_definition_and_rejects_broken_ones() {
    let dir = tempfile::tempdir().unwrap();
    let schema = schema("definition", dir.path());
    let mut files = Vec::new();
    tomls(&root().join("examples"), &mut files);
    tomls(&root().join("fixtures"), &mut files);
    files.sort();
    let mut accepted = Vec::new();
    let mut texts = vec![(
        "default".to_string(),
        qbpc_index::definition::DEFAULT_TOML.to_string(),
    )];
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let checked = qbpc_index::definition::check_str(&text, "d.toml", f.parent());
        let broken_keys_or_types = checked.errors().any(|d| {
            [
                Code::TomlSyntax,
                Code::UnknownKey,
                Code::InvalidType,
                Code::InvalidWeight,
                Code::InvalidNumber,
            ]
            .contains(&d.code)
        });
        if checked.model.is_some() || !broken_keys_or_types {
            accepted.push(f.strip_prefix(root()).unwrap().display().to_string());
            texts.push((f.display().to_string(), text));
        }
    }
    assert!(
        accepted.len() >= 10,
        "too few definitions found: {accepted:?}"
    );
    let mut docs = Vec::new();
    for (k, (_, text)) in texts.iter().enumerate() {
        let path = dir.path().join(format!("def{k}.json"));
        std::fs::write(&path, toml_to_json(text).to_string()).unwrap();
        docs.push(path);
    }
    validate(&schema, "valid", &docs);

    // Broken: an unknown key, a wrong type, a misspelt table, an unknown key in a source.
    let broken = [
        "[items.x]\nscale = \"s\"\nweigth = 2\n",
        "[aggregation]\ndecimals = \"two\"\n",
        "[aggregaton]\ndecimals = 1\n",
        "[[sources]]\nid = \"s\"\npresett = \"tidy\"\n",
        "[scales.s]\nkind = \"numeric\"\nbest = \"high\"\n",
        "[dimensions.d]\nweight = -1\n",
    ];
    let mut bad = Vec::new();
    for (k, text) in broken.iter().enumerate() {
        let path = dir.path().join(format!("broken{k}.json"));
        std::fs::write(&path, toml_to_json(text).to_string()).unwrap();
        bad.push(path);
    }
    validate(&schema, "invalid", &bad);
}

#[test]
fn the_unknown_key_check_knows_every_key_of_the_schema() {
    // One source of truth: a definition using every key the schema lists for items, scales
    // and sources draws no unknown-key finding, and a key it does not list draws one.
    let schema: Value = serde_json::from_slice(&qbpc(&["schema", "definition"])).unwrap();
    let keys = |def: &str| -> Vec<String> {
        schema["definitions"][def]["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{def}"))
            .keys()
            .cloned()
            .collect()
    };
    for (table, def) in [("items.x", "ItemDef"), ("scales.x", "ScaleDef")] {
        let mut text = format!("[{table}]\n");
        for k in keys(def) {
            text.push_str(&format!("{k} = 1\n"));
        }
        text.push_str("not_a_key = 1\n");
        let checked = qbpc_index::definition::check_str(&text, "d.toml", None);
        let unknown: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnknownKey)
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(unknown.len(), 1, "{table}: {unknown:?}");
        assert!(unknown[0].contains("not_a_key"), "{unknown:?}");
    }
}

#[test]
#[ignore = "needs Python's jsonschema (`python3 -m pip install jsonschema`); .ci/run installs it and runs this test"]
fn every_json_the_tool_writes_validates_against_the_results_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema = schema("results", dir.path());
    let fixture = |p: &str| root().join("fixtures").join(p).display().to_string();
    let out = |name: &str| dir.path().join(name);
    let s = |p: PathBuf| p.display().to_string();
    let mut docs = Vec::new();
    // score: plain, with bootstrap, to a file (with the definition) and to stdout.
    for (year, survey, boot) in [
        ("2024", fixture("tidy_long.csv"), false),
        ("2024b", fixture("tidy_long.csv"), true),
        ("2025", fixture("waves/survey_2025.csv"), true),
    ] {
        let def = fixture(&format!("waves/{}.toml", &year[..4]));
        let file = out(&format!("{year}.json"));
        let mut args = vec!["score", &survey, "--index", &def, "--quiet"];
        if boot {
            args.extend(["--bootstrap", "20", "--seed", "7"]);
        }
        let mut to_file = args.clone();
        let f = s(file.clone());
        to_file.extend(["--output", &f]);
        qbpc(&to_file);
        docs.push(file);
        args.extend(["--format", "json"]);
        let stdout = out(&format!("{year}.stdout.json"));
        std::fs::write(&stdout, qbpc(&args)).unwrap();
        docs.push(stdout);
    }
    // The embedded definition with a platform-level source, with bootstrap draws.
    let opinion = format!("opinion={}", fixture("platform_opinion.csv"));
    let wjx = fixture("wjx_text_wide.xlsx");
    let default = out("default.json");
    std::fs::write(
        &default,
        qbpc(&[
            "score",
            &wjx,
            "--source",
            &opinion,
            "--bootstrap",
            "10",
            "--format",
            "json",
            "--quiet",
        ]),
    )
    .unwrap();
    docs.push(default);
    // compare and explain.
    let compare = out("compare.json");
    std::fs::write(
        &compare,
        qbpc(&[
            "compare",
            &s(out("2024b.json")),
            &s(out("2025.json")),
            "--format",
            "json",
            "--quiet",
        ]),
    )
    .unwrap();
    docs.push(compare);
    let results: Value = serde_json::from_slice(&std::fs::read(out("2025.json")).unwrap()).unwrap();
    let platform = results["platforms"][0]["id"].as_str().unwrap().to_string();
    let explain = out("explain.json");
    std::fs::write(
        &explain,
        qbpc(&[
            "explain",
            &platform,
            "--results",
            &s(out("2025.json")),
            "--format",
            "json",
        ]),
    )
    .unwrap();
    docs.push(explain);
    // validate (findings, and none) and inspect (an export the definition reads, one it does
    // not: its columns).
    let runs: [(&str, Vec<String>); 4] = [
        (
            "validate-findings",
            vec![
                "validate".into(),
                "--index".into(),
                fixture("definitions/five_mistakes.toml"),
            ],
        ),
        (
            "validate-clean",
            vec![
                "validate".into(),
                wjx.clone(),
                "--source".into(),
                opinion.clone(),
            ],
        ),
        (
            "inspect",
            vec![
                "inspect".into(),
                fixture("tidy_long.csv"),
                "--index".into(),
                fixture("waves/2024.toml"),
            ],
        ),
        (
            "inspect-profile",
            vec!["inspect".into(), fixture("tidy_long.csv")],
        ),
    ];
    for (name, mut args) in runs {
        args.extend(["--format".into(), "json".into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let path = out(&format!("{name}.json"));
        std::fs::write(&path, qbpc_findings(&args)).unwrap();
        docs.push(path);
    }
    validate(&schema, "valid", &docs);

    // A key the schema does not describe, and another schema_version, fail.
    let mut extra = results.clone();
    extra["platforms"][0]["extra"] = Value::from(1);
    let mut version = results;
    version["schema_version"] = Value::from(2);
    let mut bad = Vec::new();
    for (name, doc) in [("extra.json", extra), ("version.json", version)] {
        std::fs::write(out(name), doc.to_string()).unwrap();
        bad.push(out(name));
    }
    validate(&schema, "invalid", &bad);
}

/// The schemas as printed: a change to a definition or result type shows up here in review.
#[test]
fn schema_outputs_snapshot() {
    for which in ["definition", "results"] {
        let text = String::from_utf8(qbpc(&["schema", which])).unwrap();
        insta::assert_snapshot!(format!("schema_{which}"), text);
    }
}
