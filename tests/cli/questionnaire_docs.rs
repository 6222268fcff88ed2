//! The questionnaires of the embedded definition in `docs/questionnaire/` are what
//! `qbpc-index questionnaire` writes today (byte for byte: the outputs carry no timestamp).
//! Refresh them with the commands in docs/questionnaire.md.

use crate::common::qbpc;
use std::path::PathBuf;

#[test]
fn docs_hold_the_current_questionnaires() {
    let docs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/questionnaire");
    let dir = tempfile::tempdir().expect("tmp");
    for (format, file) in [
        ("xlsform", "qbpc-xlsform.xlsx"),
        ("wjx", "qbpc-wjx-import.txt"),
        ("qualtrics", "qbpc-qualtrics.txt"),
        ("html", "qbpc-questionnaire.html"),
        ("md", "qbpc-questionnaire.md"),
        ("xlsx", "qbpc-response-template.xlsx"),
    ] {
        let out = dir.path().join(file);
        qbpc()
            .current_dir(dir.path())
            .args(["questionnaire", "--format", format, "-o"])
            .arg(&out)
            .assert()
            .success();
        let fresh = std::fs::read(&out).expect("fresh");
        let kept = std::fs::read(docs.join(file)).expect("docs file");
        assert!(
            fresh == kept,
            "docs/questionnaire/{file} is stale: run `qbpc-index questionnaire --format {format} -o docs/questionnaire/{file}`"
        );
    }
}
