//! `qbpc-index questionnaire`: standard output, the output checks of every command (never over
//! an input, nothing written on an error), and the error naming an item without a question.

use crate::common::qbpc_in;

#[test]
fn markdown_on_standard_output_in_chinese() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = qbpc_in(dir.path())
        .args(["questionnaire", "--format", "md", "--lang", "zh"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).expect("utf-8");
    assert!(md.starts_with("# 电商平台知识产权保护指数\n"), "{md}");
    assert!(md.contains("- [ ] 比较同意\n"), "{md}");
    assert!(!md.contains("Strongly agree"), "Chinese only");
    // Platform-level items are not asked.
    assert!(!md.contains("净情感值"), "{md}");
}

#[test]
fn the_output_is_never_the_definition() {
    let dir = tempfile::tempdir().expect("tmp");
    let def = dir.path().join("def.toml");
    std::fs::write(&def, qbpc_index::definition::DEFAULT_TOML).expect("write");
    let out = qbpc_in(dir.path())
        .args([
            "questionnaire",
            "--format",
            "html",
            "--index",
            "def.toml",
            "-o",
            "def.toml",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&def).expect("read"),
        qbpc_index::definition::DEFAULT_TOML
    );
}

#[test]
fn an_item_without_a_question_text_is_an_error_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let text = qbpc_index::definition::DEFAULT_TOML.replace(
        "text = \"平台主动删除疑似侵权链接\"\ntext_en = \"The platform proactively removes suspected infringing listings\"\n",
        "",
    );
    assert_ne!(text, qbpc_index::definition::DEFAULT_TOML);
    let line = text
        .lines()
        .position(|l| l == "[items.proactive_removal_freq]")
        .expect("table")
        + 1;
    std::fs::write(dir.path().join("def.toml"), &text).expect("write");
    let out = qbpc_in(dir.path())
        .args([
            "questionnaire",
            "--format",
            "xlsform",
            "--index",
            "def.toml",
            "-o",
            "form.xlsx",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "def.toml:{line}:1: item \"proactive_removal_freq\" has no question text"
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("form.xlsx").exists(), "no partial output");
}
