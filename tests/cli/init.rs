//! `qbpc-index init`: writes the embedded definition, never clobbers without --force.

use crate::common::qbpc_in;
use assert_cmd::Command;

#[test]
fn init_writes_a_definition_that_validates_and_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    qbpc_in(dir.path()).arg("init").assert().success();
    let written = std::fs::read_to_string(dir.path().join("qbpc-index.toml")).unwrap();
    let (directive, rest) = written.split_once('\n').unwrap();
    assert_eq!(directive, "#:schema ./qbpc-index.schema.json");
    assert_eq!(rest, qbpc_index::definition::DEFAULT_TOML);
    // ./qbpc-index.toml is now the definition that validate (and score) use.
    let out = qbpc_in(dir.path()).arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("qbpc-index.toml");
    std::fs::write(&path, "mine").unwrap();
    let out = qbpc_in(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    qbpc_in(dir.path())
        .args(["init", "--force"])
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&path).unwrap(), "mine");
}

fn qbpc_here() -> Command {
    qbpc_in(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// `init --from EXPORT -o DIR/draft.toml`; the draft's text.
fn draft_of(export: &str, dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let out = dir.join("draft.toml");
    let r = qbpc_here()
        .args(["init", "--from", export, "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    (out, text)
}

#[test]
fn draft_from_wjx_export_validates_as_is_and_scores_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = draft_of("fixtures/wjx_text_wide.xlsx", dir.path());
    insta::assert_snapshot!("draft_wjx_text_wide", text);
    let v = qbpc_here()
        .args(["validate", "--index"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        v.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&v.stderr)
    );
    let s = qbpc_here()
        .args([
            "score",
            "fixtures/wjx_text_wide.xlsx",
            "--format",
            "json",
            "--index",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        s.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&s.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&s.stdout).unwrap();
    let platforms = json["platforms"].as_array().unwrap();
    assert_eq!(platforms.len(), 10);
    assert!(platforms.iter().filter(|p| p["status"] == "ranked").count() >= 9);
    assert!(platforms[0]["items"]["q4"]["invalid"].as_u64().is_some());
}

#[test]
fn draft_from_tidy_file_scores_once_the_codes_direction_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = draft_of("fixtures/tidy_long.csv", dir.path());
    insta::assert_snapshot!("draft_tidy_long", text);
    // Codes 1..5 with no labels (rules_clear, unjust_rejection_freq ...): which end is best is
    // not in the file, so the unedited draft is refused at the scale, naming `labels`.
    let s = qbpc_here()
        .args(["score", "fixtures/tidy_long.csv", "--index"])
        .arg(&path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&s.stderr);
    assert_eq!(s.status.code(), Some(2), "{err}");
    assert!(
        err.contains("\"codes5\"") && err.contains("`labels`"),
        "{err}"
    );
    // Confirmed by the analyst (uncommenting the line the draft offers), it scores.
    let confirmed = text.replacen(
        "# labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]",
        "labels = [\"1\", \"2\", \"3\", \"4\", \"5\"]",
        1,
    );
    std::fs::write(&path, confirmed).unwrap();
    let s = qbpc_here()
        .args(["score", "fixtures/tidy_long.csv", "--index"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(
        s.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&s.stderr)
    );
}

#[test]
fn draft_refuses_to_overwrite_and_reports_unreadable_exports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d.toml");
    std::fs::write(&out, "mine").unwrap();
    let r = qbpc_here()
        .args(["init", "--from", "fixtures/tidy_long.csv", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    let missing = dir.path().join("new.toml");
    let r = qbpc_here()
        .args(["init", "--from", "fixtures/no_such_export.xlsx", "-o"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("no_such_export.xlsx"));
    assert!(!missing.exists(), "nothing is written on failure");
}
