//! One name per format: the human format is `table` in every command that has one, and its
//! older names (`text` in explain, inspect and verify, `human` in validate) are still accepted,
//! hidden, giving the same bytes; `--help` lists only the one name.

use crate::common::{ok, qbpc_in, root, run};

const TIDY: &str = "fixtures/tidy_long.csv";
const OPINION: &str = "opinion=fixtures/platform_opinion.csv";

/// The same command with `--format NAME` for `table` and each old name: the same output.
fn old_names_give_the_table(args: &[&str], flag: &str) {
    let with = |name: &str| {
        let mut a = args.to_vec();
        a.extend([flag, name]);
        run(&a)
    };
    let table = with("table");
    let default = run(args);
    assert_eq!(table, default, "{args:?}: table is the default");
    for old in ["text", "human"] {
        let got = with(old);
        assert_eq!(got, table, "{args:?} {flag} {old}");
    }
}

#[test]
fn old_names_of_the_human_format_still_work() {
    old_names_give_the_table(
        &["validate", "--index", "examples/custom-index.toml"],
        "--format",
    );
    old_names_give_the_table(&["inspect", TIDY], "--format");
    old_names_give_the_table(&["explain", "jd", TIDY, "--source", OPINION, "-q"], "-f");
    old_names_give_the_table(&["stats", TIDY, "--source", OPINION, "-q"], "-f");
    old_names_give_the_table(&["score", TIDY, "--source", OPINION, "-q"], "-f");
}

#[test]
fn verify_and_compare_take_the_old_names_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = root();
    let (survey, opinion) = (r.join(TIDY), r.join("fixtures/platform_opinion.csv"));
    let opinion = format!("opinion={}", opinion.display());
    let score = |out: &str| {
        let status = qbpc_in(d)
            .args([
                "score",
                survey.to_str().unwrap(),
                "--source",
                &opinion,
                "-q",
            ])
            .args(["-o", out, "--manifest", "m.json"])
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
    };
    score("a.json");
    score("b.json");
    let stdout = |args: &[&str]| {
        let out = qbpc_in(d).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let table = stdout(&["verify", "m.json", "-f", "table"]);
    assert!(table.starts_with("reproduced"), "{table}");
    assert_eq!(stdout(&["verify", "m.json", "-f", "text"]), table);
    assert_eq!(stdout(&["verify", "m.json"]), table);
    let table = stdout(&["compare", "a.json", "b.json", "-f", "table", "-q"]);
    for old in ["text", "human"] {
        assert_eq!(
            stdout(&["compare", "a.json", "b.json", "-f", old, "-q"]),
            table
        );
    }
}

#[test]
fn help_lists_one_name_for_the_human_format() {
    for command in [
        "validate",
        "inspect",
        "explain",
        "verify",
        "stats",
        "sensitivity",
    ] {
        let help = ok(&[command, "--help"]);
        // The --format entry: its line and the continuation lines below it.
        let mut lines = help
            .lines()
            .skip_while(|l| !l.contains("--format <FORMAT>"));
        let first = lines.next().unwrap_or_default();
        let format = std::iter::once(first)
            .chain(lines.take_while(|l| !l.trim_start().starts_with('-')))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(format.contains("table"), "{command}: {format}");
        for old in ["text", "human"] {
            assert!(!format.contains(old), "{command} lists {old}: {format}");
        }
    }
    // score and compare describe their formats in words: table, not the old names.
    for command in ["score", "compare"] {
        let help = ok(&[command, "--help"]);
        assert!(help.contains("Output format: table,"), "{command}: {help}");
        assert!(!help.contains("human"), "{command}");
    }
}

#[test]
fn an_unknown_format_lists_the_names_without_the_aliases() {
    let (code, _, err) = run(&["validate", "--format", "yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("[possible values: table, json]"), "{err}");
}

#[test]
fn quiet_and_output_are_accepted_wherever_they_were() {
    for command in [
        "score",
        "explain",
        "compare",
        "report",
        "stats",
        "sensitivity",
        "scorecards",
    ] {
        let help = ok(&[command, "--help"]);
        assert!(help.contains("-q, --quiet"), "{command}");
        assert!(help.contains("-o, --output"), "{command}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cards");
    let (code, _, err) = run(&[
        "scorecards",
        TIDY,
        "--source",
        OPINION,
        "--out",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("jd.md").exists());
    let (code, _, err) = run(&["scorecards", TIDY, "--source", OPINION, "-q"]);
    assert_eq!(code, 2, "scorecards still needs a directory: {err}");
    assert!(err.contains("--output <DIR>"), "{err}");
}
