//! `score --timings` names the scoring path that ran, on standard error before the stages:
//! columnar for a tidy CSV, platform-only for platform-level data alone, general for an XLSX
//! export (the columnar reader falls back, saying why) and whenever `QBPC_GENERAL_PATH` asks.

use crate::common::{EVERY_PATH, ScoringPath, fixture, qbpc_on, root};

/// The `path:` line of `score ARGS --timings` on `path`, after checking the run succeeded.
fn path_line(path: ScoringPath, args: &[&str]) -> String {
    let out = qbpc_on(path, &root())
        .arg("score")
        .args(args)
        .arg("--timings")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("path: ")).collect();
    assert_eq!(lines.len(), 1, "{args:?}: one path line in\n{stderr}");
    lines[0].to_string()
}

#[test]
fn a_tidy_csv_runs_the_columnar_path() {
    let tidy = fixture("tidy_long.csv");
    let line = path_line(ScoringPath::Chosen, &[tidy.to_str().unwrap()]);
    assert_eq!(line, "path: columnar");
}

#[test]
fn platform_data_alone_runs_the_platform_only_path() {
    let line = path_line(
        ScoringPath::Chosen,
        &["--index", "examples/coinr/v1_minmax_amean.toml"],
    );
    assert_eq!(line, "path: platform-only");
}

#[test]
fn platform_data_with_a_survey_source_left_empty_runs_the_general_path() {
    // The embedded definition's survey source has items: its missing file is a finding the
    // general path makes.
    let opinion = format!("opinion={}", fixture("platform_opinion.csv").display());
    let line = path_line(ScoringPath::Chosen, &["--source", &opinion]);
    assert_eq!(line, "path: general");
}

#[test]
fn an_xlsx_export_runs_the_general_path_after_the_columnar_reader_falls_back() {
    let xlsx = fixture("wjx_text_wide.xlsx");
    let line = path_line(ScoringPath::Chosen, &[xlsx.to_str().unwrap()]);
    let expected = format!(
        "path: general (columnar fell back: {} is not a UTF-8 tidy CSV the columnar reader takes)",
        xlsx.display()
    );
    assert_eq!(line, expected);
}

#[test]
fn qbpc_general_path_runs_the_general_path() {
    let tidy = fixture("tidy_long.csv");
    let coinr = ["--index", "examples/coinr/v1_minmax_amean.toml"];
    for args in [&[tidy.to_str().unwrap()][..], &coinr[..]] {
        let line = path_line(ScoringPath::General, args);
        assert_eq!(line, "path: general", "{args:?}");
    }
}

#[test]
fn without_timings_no_path_is_printed() {
    let tidy = fixture("tidy_long.csv");
    for path in EVERY_PATH {
        let out = qbpc_on(path, &root())
            .args(["score", tidy.to_str().unwrap()])
            .output()
            .expect("run");
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("path: "), "{path:?}: {stderr}");
    }
}
