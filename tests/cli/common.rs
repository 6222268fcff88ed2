//! The shared fixture of the CLI tests: the command builder, the repository's paths, and the
//! path harness run through the binary.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub use crate::paths::{EVERY_PATH, ScoringPath, assert_paths_agree, assert_run_paths_agree};

/// The repository root (the tests' fixtures and examples are relative to it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

/// The binary, run in the repository root, on the path it chooses itself (whatever
/// `QBPC_GENERAL_PATH` the test process inherited).
pub fn qbpc() -> Command {
    qbpc_in(&root())
}

/// The binary, run in `dir`.
pub fn qbpc_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("qbpc-index").expect("binary");
    cmd.current_dir(dir).env_remove("QBPC_GENERAL_PATH");
    cmd
}

/// The binary in `dir` on the given scoring path.
pub fn qbpc_on(path: ScoringPath, dir: &Path) -> Command {
    let mut cmd = qbpc_in(dir);
    if path == ScoringPath::General {
        cmd.env("QBPC_GENERAL_PATH", "1");
    }
    cmd
}

/// Runs `qbpc-index ARGS` in `dir` on every scoring path and asserts the exit code, standard
/// output and standard error are byte-identical; returns the output of the chosen path.
pub fn assert_cli_paths_agree(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut chosen = None;
    assert_paths_agree(&format!("qbpc-index {}", args.join(" ")), |path| {
        let out = qbpc_on(path, dir).args(args).output().expect("run");
        let mut bytes = format!("exit {:?}\n", out.status.code()).into_bytes();
        bytes.extend_from_slice(&out.stdout);
        bytes.extend_from_slice(b"\n--- stderr\n");
        bytes.extend_from_slice(&out.stderr);
        chosen.get_or_insert(out);
        bytes
    });
    chosen.expect("the chosen path ran")
}

/// Renders `html` in headless Chromium (network off) into a PNG at `QBPC_SCREENSHOT`, or in
/// `dir` as `name`, and checks it is a page with content. Fails, never skips, when no browser
/// is on PATH (docs/testing.md, "External programs").
pub fn screenshot(html: &Path, dir: &Path, name: &str, height: u32) {
    let browser = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("no chromium on PATH: apt-get install chromium (docs/testing.md)");
    let shot = std::env::var("QBPC_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| dir.join(name));
    let status = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", dir.join("profile").display()),
            &format!("--screenshot={}", shot.display()),
            &format!("--window-size=1200,{height}"),
        ])
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let png = std::fs::read(&shot).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
    assert!(
        png.len() > 50_000,
        "a page with content, not a blank one ({} bytes)",
        png.len()
    );
}

/// `qbpc-index ARGS` in the repository root: exit code, standard output, standard error.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = qbpc().args(args).output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`run`] that must exit 0: its standard output.
pub fn ok(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

/// `cmd`, which must exit 0: its standard output read as JSON.
pub fn json_of(cmd: &mut Command) -> serde_json::Value {
    let out = cmd.output().expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on standard output")
}
