//! `qbpc-index explain-code`: every finding code the tool prints can be explained, an unknown
//! code is a usage error with a hint, and `docs/codes.md` is what `--all --format md` writes.

use crate::common::{ok, root, run};

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
        stderr.contains("error: unknown finding code \"unknown-platfrom\"")
            && stderr.contains("hint: did you mean \"unknown-platform\"?"),
        "{stderr}"
    );
    // Nothing near: the hint lists every code.
    let (code, _, stderr) = run(&["explain-code", "output-is-input"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("hint: the codes are: bad-duration, bad-timestamp, bad-weight,")
            && stderr.contains("weight-changed"),
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
