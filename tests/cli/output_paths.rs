//! Output paths (issue 11, point 1): an output that is an input is refused before anything
//! is written; `-` is standard output (and standard input for inputs); devices, FIFOs and
//! descriptors are written in place; a symlink is written through; several outputs are
//! written all or none, with no temp file left; a closed stdout or stderr ends quietly.
//!
//! Every test works in its own temporary directory (the binary runs there), and outside it
//! writes only to /dev/null and /dev/full: the tests run as root in CI.

#![cfg(unix)]

use crate::common::qbpc_in;
use std::fs;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

const TIDY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tidy_long.csv");
const OPINION: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/platform_opinion.csv");
const ROSTER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/roster.csv");

/// A temporary directory holding a copy of the tidy survey as `s.csv`.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(TIDY, dir.path().join("s.csv")).unwrap();
    dir
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = qbpc_in(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs that must refuse: exit 2, and standard error says `needle`.
fn refused(dir: &Path, args: &[&str], needle: &str) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 2, "{args:?}\n{}", r.stderr);
    assert!(
        r.stderr.contains(needle),
        "{args:?}: {needle:?} in\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r
}

/// The names in a directory, sorted (temp files start with a dot and show up here).
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn survey_intact(dir: &Path) {
    assert_eq!(
        fs::read(dir.join("s.csv")).unwrap(),
        fs::read(TIDY).unwrap()
    );
}

/// The embedded definition with a `[respondents]` roster next to it, as `def.toml`.
fn definition_with_roster(dir: &Path) -> PathBuf {
    fs::copy(ROSTER, dir.join("roster.csv")).unwrap();
    let text = format!(
        "{}\n[respondents]\nroster = \"roster.csv\"\n",
        qbpc_index::definition::DEFAULT_TOML
    );
    fs::write(dir.join("def.toml"), text).unwrap();
    dir.join("def.toml")
}

#[test]
fn an_output_on_the_survey_is_refused_and_the_survey_kept() {
    let dir = workdir();
    let d = dir.path();
    refused(
        d,
        &["score", "s.csv", "-o", "s.csv"],
        "is also the survey s.csv",
    );
    refused(
        d,
        &["score", "s.csv", "-o", "./s.csv", "--format", "json"],
        "survey",
    );
    refused(
        d,
        &["score", "s.csv", "--exclusions", "s.csv"],
        "--exclusions s.csv",
    );
    for cmd in ["report", "stats", "sensitivity"] {
        refused(d, &[cmd, "s.csv", "-o", "s.csv"], "is also the survey");
    }
    refused(
        d,
        &["init", "--from", "s.csv", "-o", "s.csv", "--force"],
        "is also the --from",
    );
    survey_intact(d);
    assert_eq!(names(d), ["s.csv"]);
}

#[test]
fn a_hard_link_or_a_symlink_to_the_survey_is_the_survey() {
    let dir = workdir();
    let d = dir.path();
    fs::hard_link(d.join("s.csv"), d.join("hard.json")).unwrap();
    std::os::unix::fs::symlink("s.csv", d.join("soft.json")).unwrap();
    refused(
        d,
        &["score", "s.csv", "-o", "hard.json"],
        "is also the survey",
    );
    refused(
        d,
        &["score", "s.csv", "-o", "soft.json"],
        "is also the survey",
    );
    survey_intact(d);
    assert!(
        fs::symlink_metadata(d.join("soft.json"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(names(d), ["hard.json", "s.csv", "soft.json"]);
}

#[test]
fn an_output_on_the_definition_the_opinion_file_or_the_roster_is_refused() {
    let dir = workdir();
    let d = dir.path();
    let def = definition_with_roster(d);
    let def_text = fs::read(&def).unwrap();
    fs::copy(OPINION, d.join("o.csv")).unwrap();
    let base = [
        "score",
        "s.csv",
        "--index",
        "def.toml",
        "--source",
        "opinion=o.csv",
    ];
    let with =
        |extra: &[&'static str]| -> Vec<&str> { base.iter().chain(extra).copied().collect() };
    refused(
        d,
        &with(&["--format", "json", "-o", "def.toml"]),
        "is also the definition def.toml",
    );
    refused(
        d,
        &with(&["-o", "o.csv"]),
        "is also the --source opinion o.csv",
    );
    // The roster is named by the definition, not by the command line.
    refused(
        d,
        &with(&["--exclusions", "roster.csv"]),
        "is also the roster",
    );
    assert_eq!(fs::read(&def).unwrap(), def_text);
    assert_eq!(
        fs::read(d.join("o.csv")).unwrap(),
        fs::read(OPINION).unwrap()
    );
    assert_eq!(
        fs::read(d.join("roster.csv")).unwrap(),
        fs::read(ROSTER).unwrap()
    );
    assert_eq!(names(d), ["def.toml", "o.csv", "roster.csv", "s.csv"]);
}

#[test]
fn two_outputs_on_one_file_are_refused() {
    let dir = workdir();
    let d = dir.path();
    refused(
        d,
        &["score", "s.csv", "-o", "r.csv", "--exclusions", "./r.csv"],
        "the same file",
    );
    refused(
        d,
        &["score", "s.csv", "-o", "-", "--exclusions", "-"],
        "the same file",
    );
    assert_eq!(names(d), ["s.csv"]);
}

#[test]
fn dash_is_standard_output() {
    let dir = workdir();
    let d = dir.path();
    let to_dash = run(d, &["score", "s.csv", "--format", "csv", "-o", "-", "-q"]);
    let plain = run(d, &["score", "s.csv", "--format", "csv", "-q"]);
    assert_eq!(to_dash.code, 0, "{}", to_dash.stderr);
    assert_eq!(to_dash.stdout, plain.stdout);
    assert!(to_dash.stdout.starts_with(b"rank,"));
    // Without --format, `-o -` is the terminal table, as without -o.
    let table = run(d, &["score", "s.csv", "-o", "-", "-q"]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert_eq!(table.stdout, run(d, &["score", "s.csv", "-q"]).stdout);
    assert_eq!(names(d), ["s.csv"], "no file named -");
}

#[test]
fn dash_is_standard_input_for_a_survey_and_a_definition() {
    let dir = workdir();
    let d = dir.path();
    let from_file = run(d, &["score", "s.csv", "--format", "csv", "-q"]);
    let from_stdin = qbpc_in(d)
        .args(["score", "-", "--format", "csv", "-q"])
        .pipe_stdin(d.join("s.csv"))
        .unwrap()
        .output()
        .unwrap();
    assert_eq!(from_stdin.status.code(), Some(0));
    assert_eq!(from_stdin.stdout, from_file.stdout);
    let def = qbpc_in(d)
        .args(["score", "s.csv", "--index", "-", "--format", "csv", "-q"])
        .write_stdin(qbpc_index::definition::DEFAULT_TOML)
        .output()
        .unwrap();
    assert_eq!(def.status.code(), Some(0));
    assert_eq!(def.stdout, from_file.stdout);
    // Standard input can be read once only.
    let twice = qbpc_in(d)
        .args(["score", "-", "--index", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(twice.status.code(), Some(2));
    let err = String::from_utf8_lossy(&twice.stderr);
    assert!(err.contains("can be read only once"), "{err}");
}

#[test]
fn an_output_on_the_file_behind_standard_input_is_refused() {
    let dir = workdir();
    let d = dir.path();
    // `< s.csv`: the file itself is standard input (assert_cmd's pipe_stdin would copy it
    // into a pipe, which has no name to compare).
    let r = std::process::Command::new(assert_cmd::cargo::cargo_bin("qbpc-index"))
        .args(["score", "-", "-o", "s.csv"])
        .current_dir(d)
        .stdin(fs::File::open(d.join("s.csv")).unwrap())
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("is also the survey -"), "{err}");
    survey_intact(d);
}

#[test]
fn dev_null_is_written_and_stays_a_device() {
    let dir = workdir();
    let r = run(
        dir.path(),
        &[
            "score",
            "s.csv",
            "--format",
            "json",
            "-o",
            "/dev/null",
            "-q",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert_eq!(names(dir.path()), ["s.csv"]);
}

#[test]
fn dev_full_is_a_clear_error_and_stays_a_device() {
    let dir = workdir();
    let d = dir.path();
    let r = refused(
        d,
        &["score", "s.csv", "--format", "json", "-o", "/dev/full"],
        "/dev/full",
    );
    assert!(r.stderr.to_lowercase().contains("no space"), "{}", r.stderr);
    assert!(
        fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    // With another output, neither is written.
    refused(
        d,
        &[
            "score",
            "s.csv",
            "--format",
            "json",
            "-o",
            "/dev/full",
            "--exclusions",
            "x.csv",
        ],
        "no space",
    );
    assert_eq!(names(d), ["s.csv"]);
}

#[test]
fn a_fifo_is_written_in_place() {
    let dir = workdir();
    let d = dir.path();
    let fifo = d.join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // The reader reports through a channel, so that a FIFO replaced by a file (its reader
    // then waits forever) fails the test instead of hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut got = Vec::new();
            fs::File::open(fifo).unwrap().read_to_end(&mut got).unwrap();
            let _ = tx.send(got);
        });
    }
    let r = run(
        d,
        &["score", "s.csv", "--format", "csv", "-o", "pipe", "-q"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the FIFO's reader got the output");
    assert_eq!(
        got,
        run(d, &["score", "s.csv", "--format", "csv", "-q"]).stdout
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names(d), ["pipe", "s.csv"]);
}

#[test]
fn a_descriptor_opened_by_the_shell_is_written_in_place() {
    let dir = workdir();
    let d = dir.path();
    let bin = assert_cmd::cargo::cargo_bin("qbpc-index");
    let script = format!(
        "'{}' score s.csv --format csv -q -o /dev/fd/3 3>out.csv",
        bin.display()
    );
    let status = std::process::Command::new("sh")
        .args(["-c", &script])
        .current_dir(d)
        .status()
        .unwrap();
    assert!(status.success());
    let expected = run(d, &["score", "s.csv", "--format", "csv", "-q"]).stdout;
    assert_eq!(fs::read(d.join("out.csv")).unwrap(), expected);
    // /dev/stdout is this process's standard output, not a file to replace.
    let r = run(
        d,
        &[
            "score",
            "s.csv",
            "--format",
            "csv",
            "-q",
            "-o",
            "/dev/stdout",
        ],
    );
    assert_eq!(r.stdout, expected);
    assert_eq!(names(d), ["out.csv", "s.csv"]);
}

#[test]
fn a_symlinked_output_stays_a_link_and_its_target_gets_the_result() {
    let dir = workdir();
    let d = dir.path();
    fs::create_dir(d.join("real")).unwrap();
    std::os::unix::fs::symlink("real/r.csv", d.join("link.csv")).unwrap();
    let expected = run(d, &["score", "s.csv", "--format", "csv", "-q"]).stdout;
    // Dangling first (the target is created), then existing (it is replaced).
    for _ in 0..2 {
        let r = run(d, &["score", "s.csv", "-o", "link.csv", "-q"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            fs::symlink_metadata(d.join("link.csv"))
                .unwrap()
                .is_symlink()
        );
        assert_eq!(fs::read(d.join("real/r.csv")).unwrap(), expected);
    }
    // The CSV's manifest goes next to the name the user gave (issue 12's side file).
    assert_eq!(
        names(d),
        ["link.csv", "link.manifest.json", "real", "s.csv"]
    );
    assert_eq!(names(&d.join("real")), ["r.csv"]);
}

#[test]
fn several_outputs_are_written_all_or_none() {
    let dir = workdir();
    let d = dir.path();
    refused(
        d,
        &[
            "score",
            "s.csv",
            "-o",
            "res.json",
            "--exclusions",
            "nodir/x.csv",
        ],
        "nodir/x.csv",
    );
    assert_eq!(names(d), ["s.csv"]);
    // An existing result is left as it was.
    fs::write(d.join("res.json"), "old").unwrap();
    fs::create_dir(d.join("x.csv")).unwrap();
    refused(
        d,
        &["score", "s.csv", "-o", "res.json", "--exclusions", "x.csv"],
        "x.csv",
    );
    assert_eq!(fs::read_to_string(d.join("res.json")).unwrap(), "old");
    assert_eq!(names(d), ["res.json", "s.csv", "x.csv"]);
    // Both, when both can be written.
    let r = run(
        d,
        &[
            "score",
            "s.csv",
            "-o",
            "res.json",
            "--exclusions",
            "ex.csv",
            "-q",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(names(d), ["ex.csv", "res.json", "s.csv", "x.csv"]);
}

#[test]
fn scorecards_are_written_all_or_none() {
    let dir = workdir();
    let d = dir.path();
    // One platform's card cannot be written (a directory holds its name): no card is.
    fs::create_dir_all(d.join("cards/xiaohongshu.md")).unwrap();
    fs::write(d.join("cards/notes.txt"), "mine").unwrap();
    refused(
        d,
        &["scorecards", "s.csv", "--out", "cards", "-q"],
        "xiaohongshu.md",
    );
    assert_eq!(names(&d.join("cards")), ["notes.txt", "xiaohongshu.md"]);
    // A directory the run would create is not left behind either.
    refused(
        d,
        &["scorecards", "s.csv", "--out", "s.csv/cards", "-q"],
        "s.csv/cards",
    );
    assert_eq!(names(d), ["cards", "s.csv"]);
    fs::remove_dir(d.join("cards/xiaohongshu.md")).unwrap();
    let r = run(d, &["scorecards", "s.csv", "--out", "new/cards", "-q"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(names(&d.join("new/cards")).contains(&"xiaohongshu.md".to_string()));
}

#[test]
fn a_fatal_error_is_also_json_with_format_json() {
    let dir = workdir();
    let d = dir.path();
    let r = refused(
        d,
        &["score", "s.csv", "--format", "json", "-o", "s.csv"],
        "error:",
    );
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["error"]["code"], "output-is-input");
    assert_eq!(v["error"]["location"]["file"], "s.csv");
    assert!(v["error"]["message"].as_str().unwrap().contains("survey"));
    assert!(v["error"]["hint"].as_str().unwrap().contains("--output"));
    let r = refused(
        d,
        &["validate", "--format", "json", "--index", "none.toml"],
        "none.toml",
    );
    let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
    assert_eq!(v["error"]["code"], "definition-unreadable");
    assert_eq!(v["error"]["location"]["file"], "none.toml");
    // Human formats keep standard output empty.
    let r = refused(d, &["score", "s.csv", "-o", "s.csv"], "error:");
    assert!(r.stdout.is_empty());
}

/// Runs with standard output or standard error piped and its read end closed at once;
/// returns the exit code and what the other stream got.
fn closed(dir: &Path, args: &[&str], close_stdout: bool) -> (i32, String) {
    let bin = assert_cmd::cargo::cargo_bin("qbpc-index");
    let mut child = std::process::Command::new(bin)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut keep, gone): (Box<dyn Read>, Box<dyn Read>) = if close_stdout {
        (
            Box::new(child.stderr.take().unwrap()),
            Box::new(child.stdout.take().unwrap()),
        )
    } else {
        (
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        )
    };
    drop(gone);
    let mut text = Vec::new();
    keep.read_to_end(&mut text).unwrap();
    let code = child.wait().unwrap().code().unwrap_or(-1);
    (code, String::from_utf8_lossy(&text).into_owned())
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    let dir = workdir();
    let d = dir.path();
    for args in [
        &["score", "s.csv", "--format", "json"][..],
        &["validate", "s.csv", "--format", "json"],
        &["stats", "s.csv"],
        &["inspect", "s.csv"],
    ] {
        let (code, stderr) = closed(d, args, true);
        assert_ne!(code, 101, "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert_eq!(names(d), ["s.csv"]);
}

#[test]
fn a_closed_standard_error_ends_quietly_and_the_output_is_complete() {
    let dir = workdir();
    let d = dir.path();
    let expected = run(d, &["score", "s.csv", "--format", "csv", "-q"]).stdout;
    let (code, stdout) = closed(d, &["score", "s.csv", "--format", "csv"], false);
    assert_eq!(code, 0);
    assert_eq!(stdout.as_bytes(), expected);
    let (code, stdout) = closed(d, &["validate", "s.csv"], false);
    assert_ne!(code, 101);
    assert!(!stdout.contains("panicked"));
    // An error with a closed standard error still exits 2.
    let (code, _) = closed(d, &["score", "s.csv", "-o", "s.csv"], false);
    assert_eq!(code, 2);
}
