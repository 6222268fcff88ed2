//! `qbpc-index explain-code`: every finding code the tool prints, and every code of the JSON
//! error of a run that stops, can be explained; an unknown code is a usage error with a hint,
//! and `docs/codes.md` is what `--all --format md` writes.

use crate::common::{ok, qbpc_in, root, run};

/// The codes in the findings of a few runs that go wrong on purpose (the definition with five
/// mistakes, an export with invalid answers and straight-lining): read from the printed
/// `error[CODE]` / `warning[CODE]` lines, not from the library's list.
fn printed_codes() -> std::collections::BTreeSet<String> {
    let mut codes = std::collections::BTreeSet::new();
    for args in [
        &[
            "validate",
            "--index",
            "fixtures/definitions/five_mistakes.toml",
        ][..],
        &["validate", "fixtures/wjx_text_wide.xlsx"][..],
    ] {
        let (_, _, stderr) = run(args);
        for (at, _) in stderr.match_indices('[') {
            let before = &stderr[..at];
            if !(before.ends_with("error") || before.ends_with("warning")) {
                continue;
            }
            let rest = &stderr[at + 1..];
            if let Some(end) = rest.find("]:") {
                codes.insert(rest[..end].to_string());
            }
        }
    }
    codes
}

#[test]
fn every_printed_code_is_explained() {
    let codes = printed_codes();
    for expected in [
        "duplicate-label",
        "empty-node",
        "invalid-answer",
        "unknown-reference",
    ] {
        assert!(codes.contains(expected), "{expected} in {codes:?}");
    }
    let list = ok(&["explain-code", "--list"]);
    for code in &codes {
        let text = ok(&["explain-code", code]);
        assert!(text.starts_with(&format!("{code} (")), "{text}");
        assert!(
            list.lines()
                .any(|l| l.split_whitespace().next() == Some(code)),
            "{code} not in --list"
        );
    }
}

/// Runs that stop (exit 2) with `--format json`, in a scratch directory: the `code` of each
/// JSON error, read from standard output.
fn printed_error_codes() -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("s.csv"), "a,b\n").expect("s.csv");
    let mut codes = Vec::new();
    for args in [
        &["score", "missing.csv", "--format", "json"][..],
        &["score", "s.csv", "--format", "json", "-o", "s.csv"][..],
        &["validate", "--format", "json", "--index", "none.toml"][..],
        &["score", "s.csv", "--format", "json"][..],
        &["score", "--format", "json"][..],
        &[
            "score",
            "s.csv",
            "--source",
            "nope=s.csv",
            "--format",
            "json",
        ][..],
        &["score", "s.csv", "--bogus", "--format", "json"][..],
    ] {
        let out = qbpc_in(dir.path()).args(args).output().expect("run");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON error");
        let code = v["error"]["code"].as_str().expect("a code").to_string();
        codes.push(code);
    }
    codes
}

#[test]
fn every_code_of_a_json_error_is_explained() {
    let codes = printed_error_codes();
    assert_eq!(
        codes,
        [
            "read-failed",
            "output-is-input",
            "definition-unreadable",
            "unreadable-input",
            "no-survey",
            "unknown-source",
            "usage",
        ]
    );
    let list = ok(&["explain-code", "--list"]);
    let doc = std::fs::read_to_string(root().join("docs/codes.md")).expect("docs/codes.md");
    let stops = &doc[doc
        .find("\n# Errors that stop a run (exit 2)\n")
        .expect("its section")..];
    for code in &codes {
        let text = ok(&["explain-code", code]);
        assert!(
            text.starts_with(&format!("{code} (error, exit 2)\n\n")),
            "{text}"
        );
        assert!(
            text.contains("\nFix: ") && text.contains("\n中文："),
            "{text}"
        );
        assert!(
            list.lines()
                .any(|l| l.split_whitespace().next() == Some(code) && l.contains("exit 2")),
            "{code} not in --list"
        );
        assert!(
            stops.contains(&format!("\n## `{code}`\n")),
            "{code} not in docs/codes.md"
        );
    }
}

#[test]
fn one_code_in_full() {
    let text = ok(&["explain-code", "unknown-platform"]);
    assert!(text.starts_with("unknown-platform (warning)\n\n"), "{text}");
    for part in [
        "\nCause: ",
        "\nFix: ",
        "aliases",
        "\nExample:\n    warning[unknown-platform]",
        "\n中文：",
    ] {
        assert!(text.contains(part), "{part:?} in:\n{text}");
    }
    // As copied from a finding, brackets and all.
    assert_eq!(ok(&["explain-code", "[unknown-platform]"]), text);
    let md = ok(&["explain-code", "missing-column", "--format", "md"]);
    assert!(
        md.starts_with("## `missing-column`\n\n*error or warning*. "),
        "{md}"
    );
}

#[test]
fn an_unknown_code_is_a_usage_error_with_the_nearest_code() {
    let (code, stdout, stderr) = run(&["explain-code", "unknown-platfrom"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("error: unknown code \"unknown-platfrom\"")
            && stderr.contains("hint: did you mean \"unknown-platform\"?"),
        "{stderr}"
    );
    // Near an error code.
    let (code, _, stderr) = run(&["explain-code", "output-is-inptu"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("hint: did you mean \"output-is-input\"?"),
        "{stderr}"
    );
    // Nothing near: the hint lists every code, of both kinds.
    let (code, _, stderr) = run(&["explain-code", "zzzzzzzzzzzzzzzzzzzzzzzzzz"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("hint: the codes are: bad-duration, bad-timestamp, bad-weight,")
            && stderr.contains("weight-changed, aggregate-refused")
            && stderr.contains("write-failed"),
        "{stderr}"
    );
    // No code and no --list.
    let (code, _, stderr) = run(&["explain-code"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = run(&["explain-code", "roster", "--list"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn list_has_one_line_per_code() {
    let list = ok(&["explain-code", "--list"]);
    let codes: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "sorted and once each");
    assert!(codes.len() >= 60, "{}", codes.len());
    assert!(list.contains("\nmissing-column  "), "{list}");
    let all = ok(&["explain-code", "--all"]);
    assert_eq!(all.matches("\n中文：").count(), codes.len());
}

/// docs/codes.md is generated; refresh it with the command in its first lines.
#[test]
fn docs_codes_md_is_current() {
    let fresh = ok(&["explain-code", "--all", "--format", "md"]);
    let kept = std::fs::read_to_string(root().join("docs/codes.md")).expect("docs/codes.md");
    assert!(
        fresh == kept,
        "docs/codes.md is stale: run `qbpc-index explain-code --all --format md > docs/codes.md`"
    );
}

/// An argument error caught by the argument parser is JSON on standard output too when the
/// command line asks for `--format json` (in any spelling), with clap's own message on standard
/// error; without it, standard output stays empty; help still succeeds on standard output.
#[test]
fn argument_errors_are_json_errors_with_format_json() {
    for args in [
        &["score", "s.csv", "--bogus", "--format", "json"][..],
        &["validate", "--format=json", "--no-such-flag"][..],
        &["score", "s.csv", "-fjson", "--limit", "nonsense"][..],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON on standard output");
        assert_eq!(v["error"]["code"], "usage", "{out}");
        let message = v["error"]["message"].as_str().expect("a message");
        assert!(
            !message.is_empty() && !message.starts_with("error:"),
            "{out}"
        );
        assert!(err.contains(message), "clap's message on stderr: {err}");
    }
    let (code, out, err) = run(&["score", "s.csv", "--bogus"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("unexpected argument '--bogus'"), "{err}");
    let (code, out, _) = run(&["score", "--help", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: qbpc-index score"), "{out}");
}
