//! `qbpc-index init`: writes the embedded definition, never clobbers without --force.

use assert_cmd::Command;

fn qbpc(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("qbpc-index").expect("binary");
    cmd.current_dir(dir);
    cmd
}

#[test]
fn init_writes_a_definition_that_validates_and_is_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    qbpc(dir.path()).arg("init").assert().success();
    let written = std::fs::read_to_string(dir.path().join("qbpc-index.toml")).unwrap();
    assert_eq!(written, qbpc_index::definition::DEFAULT_TOML);
    // ./qbpc-index.toml is now the definition that validate (and score) use.
    let out = qbpc(dir.path()).arg("validate").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("qbpc-index.toml");
    std::fs::write(&path, "mine").unwrap();
    let out = qbpc(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    qbpc(dir.path())
        .args(["init", "--force"])
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&path).unwrap(), "mine");
}
