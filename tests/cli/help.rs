//! `--help` of every subcommand: its worked examples run (from a scratch directory that sees
//! the repository's `examples/` and `fixtures/`), its text is snapshotted; the completion
//! scripts and the man page are generated and checked; `--lang` reaches the terminal table.

use crate::common;
use crate::common::root;
use assert_cmd::Command;
use std::path::Path;

fn qbpc() -> Command {
    let mut cmd = common::qbpc();
    // A fixed help width (clap reads COLUMNS), whatever the terminal the tests run in.
    cmd.env("COLUMNS", "80").env_remove("QBPC_THREADS");
    cmd
}

fn stdout_of(args: &[&str]) -> String {
    let out = qbpc().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The subcommands listed by the top-level help (`help` aside).
fn subcommands() -> Vec<String> {
    let help = stdout_of(&["--help"]);
    let section = help
        .split_once("Commands:\n")
        .expect("a Commands section")
        .1;
    let names: Vec<String> = section
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "help")
        .map(String::from)
        .collect();
    assert!(names.len() >= 13, "{names:?}");
    names
}

/// The command lines of a help text's examples, continuation lines (` \`) joined.
fn examples(help: &str) -> Vec<String> {
    let section = help
        .split_once("\nExamples")
        .unwrap_or_else(|| panic!("no Examples section in:\n{help}"))
        .1;
    let mut commands = Vec::new();
    let mut pending: Option<String> = None;
    for line in section.lines() {
        let text = line.trim();
        let part = match pending.take() {
            Some(start) => format!("{start} {text}"),
            None if text.starts_with("qbpc-index ") => text.to_string(),
            None => continue,
        };
        match part.strip_suffix(" \\") {
            Some(start) => pending = Some(start.to_string()),
            None => commands.push(part),
        }
    }
    assert!(pending.is_none(), "an example ends with a continuation");
    commands
}

/// Examples that are plain commands (no pipe, redirection, variable or home directory): the
/// ones the tests run. The others (installing completions, reading the man page) need a shell.
fn runnable(command: &str) -> bool {
    !command.contains(['|', '<', '>', '$', '~', ';', '&'])
}

fn scratch_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["examples", "fixtures"] {
        std::os::unix::fs::symlink(root().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

fn run_examples(name: Option<&str>, dir: &Path) -> usize {
    let mut args: Vec<&str> = name.into_iter().collect();
    args.push("--help");
    let help = stdout_of(&args);
    let commands = examples(&help);
    let plain: Vec<&String> = commands.iter().filter(|c| runnable(c)).collect();
    assert!(!plain.is_empty(), "{args:?}: no example to run in\n{help}");
    for command in &plain {
        let words: Vec<String> = words(command).into_iter().skip(1).collect();
        let out = qbpc().current_dir(dir).args(&words).output().unwrap();
        let code = out.status.code();
        assert!(
            matches!(code, Some(0 | 1)),
            "example of {args:?} exits {code:?}: {command}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    plain.len()
}

/// The words of a plain command as a shell splits them: whitespace separates, except inside
/// double quotes (a header with spaces: `--platform-column "What is the title?"`).
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => out.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    out.extend(word);
    out
}

#[test]
fn quoted_words_keep_their_spaces() {
    assert_eq!(
        words(r#"qbpc-index init --platform-column "A b?" -o x.toml"#),
        [
            "qbpc-index",
            "init",
            "--platform-column",
            "A b?",
            "-o",
            "x.toml"
        ]
    );
}

/// Every subcommand's help has examples, and every example that is a plain command runs (in
/// order, from a scratch directory, so that later lines read what earlier ones wrote) with
/// exit 0 or 1, never 2 (usage or runtime error).
#[test]
fn every_help_has_examples_that_run() {
    let dir = scratch_dir();
    let mut ran = run_examples(None, dir.path());
    for name in subcommands() {
        // One directory per subcommand: `init` writes ./qbpc-index.toml, which the next
        // subcommand's examples would otherwise read as their definition.
        let dir = scratch_dir();
        ran += run_examples(Some(&name), dir.path());
    }
    assert!(ran >= 30, "only {ran} examples ran");
}

#[test]
fn continuation_lines_are_joined() {
    let help = "x\n\nExamples:\n  # a\n  qbpc-index score a.csv \\\n      --lang zh\n  qbpc-index man | man -l -\n";
    let found = examples(help);
    assert_eq!(
        found,
        [
            "qbpc-index score a.csv --lang zh",
            "qbpc-index man | man -l -"
        ]
    );
    assert!(runnable(&found[0]) && !runnable(&found[1]));
}

#[test]
fn help_snapshots() {
    insta::assert_snapshot!("help", stdout_of(&["--help"]));
    for name in subcommands() {
        insta::assert_snapshot!(format!("help_{name}"), stdout_of(&[&name, "--help"]));
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("qbpc-index"), "{shell}");
        assert!(
            script.contains("--bootstrap"),
            "{shell}: the flags of score"
        );
    }
    qbpc()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "[possible values: bash, zsh, fish, powershell]",
        ));
}

fn bash() -> std::process::Command {
    let found = std::process::Command::new("bash").arg("--version").output();
    assert!(
        found.is_ok_and(|o| o.status.success()),
        "bash is needed to check the completion script; install it"
    );
    std::process::Command::new("bash")
}

/// The bash script parses (`bash -n`) and, sourced, registers a completion for `qbpc-index`.
#[test]
#[cfg_attr(not(unix), ignore = "needs bash and a Unix PATH")]
fn bash_sources_the_completion_script() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("qbpc-index.bash");
    std::fs::write(&script, stdout_of(&["completions", "bash"])).unwrap();
    let check = bash().arg("-n").arg(&script).output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let bin = assert_cmd::cargo::cargo_bin("qbpc-index");
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = bash()
        .env("PATH", path)
        .args([
            "-c",
            "source <(qbpc-index completions bash); complete -p qbpc-index",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("complete ") && stdout.contains(" -F _qbpc"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(" qbpc-index"), "{stdout}");
}

#[test]
fn man_page_is_roff_with_every_subcommand_and_its_examples() {
    let page = stdout_of(&["man"]);
    assert!(page.starts_with(".TH qbpc-index 1 "), "{}", &page[..80]);
    for name in subcommands() {
        assert!(
            page.contains(&format!(".SH \"QBPC-INDEX {}\"", name.to_uppercase())),
            "{name}"
        );
    }
    // Examples are kept line by line (no filling), so that they can be copied.
    assert!(page.contains(".SS EXAMPLES\n.nf\n"));
    assert!(page.contains("opinion=examples/platform_opinion.csv"));
}

fn score(extra: &[&str]) -> std::process::Output {
    qbpc()
        .current_dir(root())
        .args(["score", "examples/survey_wjx.xlsx", "--source"])
        .arg("opinion=examples/platform_opinion.csv")
        .args(["--quiet"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn table_in_chinese() {
    let out = score(&["--lang", "zh"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text.lines().nth(2).unwrap();
    for zh in ["排名", "平台", "类别", "指数", "投诉举报机制", "受访者数"] {
        assert!(header.contains(zh), "{zh} in {header}");
    }
    assert!(
        text.starts_with("电商平台知识产权保护指数 (2025)\n"),
        "{text}"
    );
    assert!(
        text.contains("┆ 天猫 ") && text.contains("综合电商平台"),
        "{text}"
    );
    assert!(!text.contains("Tmall") && !text.contains("Rank"), "{text}");
    assert!(text.contains("\n未排名：meituan"), "{text}");
    assert!(text.contains("\n剔除的答卷：3 份"), "{text}");
}

#[test]
fn table_in_english_and_in_both() {
    let en = String::from_utf8(score(&["--lang", "en"]).stdout).unwrap();
    assert!(en.contains("┆ Tmall ") && !en.contains("天猫"), "{en}");
    assert!(en.contains("Complaint") || en.contains("complaint"), "{en}");
    let both = String::from_utf8(score(&["--lang", "both"]).stdout).unwrap();
    assert!(
        both.contains("Rank 排名") && both.contains("Tmall 天猫"),
        "{both}"
    );
    assert!(both.contains("\nNot ranked: meituan") && both.contains("\n未排名：meituan"));
    // Without --lang: the compact table of before (dimension ids, both names).
    let plain = String::from_utf8(score(&[]).stdout).unwrap();
    assert!(
        plain.contains("┆ complaint ┆") && plain.contains("Tmall 天猫"),
        "{plain}"
    );
}

#[test]
fn lang_is_refused_where_it_cannot_apply() {
    for format in ["csv", "json"] {
        let out = score(&["--lang", "zh", "--format", format]);
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "--lang zh applies to the table, XLSX and Markdown outputs, not {format}"
            )),
            "{err}"
        );
    }
    qbpc()
        .args(["score", "--lang", "fr"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("expected one of: en, zh, both"));
}
