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
        "path: general (columnar fell back: {} is not a UTF-8 CSV (a workbook, another encoding, or a header past the first 256 KiB))",
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

/// A tidy CSV whose first 256 KiB (what the columnar reader checks before it starts) are
/// UTF-8 and whose last row is GB18030: the columnar reader finds out mid-read.
fn utf8_head_gb18030_tail(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(fixture("tidy_long.csv")).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<&str> = lines.filter(|l| l.is_ascii()).collect();
    let mut out = format!("{header}\n");
    let mut copy = 0;
    while out.len() < 300 << 10 {
        copy += 1;
        for row in &rows {
            let cells: Vec<&str> = row.split(',').collect();
            let (id, respondent) = (
                format!("R{copy}-{}", cells[0]),
                format!("{}-{copy}", cells[1]),
            );
            let company = format!("Acme {respondent}");
            let rest = cells[3..].join(",");
            out.push_str(&format!("{id},{respondent},{company},{rest}\n"));
        }
    }
    let mut bytes = out.into_bytes();
    let cells: Vec<&str> = rows[0].split(',').collect();
    bytes.extend_from_slice(b"LAST,MLAST,");
    bytes.extend_from_slice(b"\xb9\xab\xcb\xbe"); // 公司 in GB18030
    bytes.extend_from_slice(format!(",{}\n", cells[3..].join(",")).as_bytes());
    let path = dir.join("mixed.csv");
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_file_not_utf8_after_its_head_makes_the_columnar_reader_fall_back_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    let mixed = utf8_head_gb18030_tail(dir.path());
    let line = path_line(ScoringPath::Chosen, &[mixed.to_str().unwrap()]);
    let expected = format!(
        "path: general (columnar fell back: {} is not UTF-8 after its head (or holds a NUL byte))",
        mixed.display()
    );
    assert_eq!(line, expected);
}

/// The fallback comes after a first file was read on the columnar path: the findings of that
/// read are dropped with it (none is repeated or lost), so the output is the general path's.
#[test]
fn a_fallback_after_a_file_was_read_gives_the_general_paths_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mixed = utf8_head_gb18030_tail(dir.path());
    let tidy = fixture("tidy_long.csv");
    let opinion = format!("opinion={}", fixture("platform_opinion.csv").display());
    let args = [
        "score",
        tidy.to_str().unwrap(),
        mixed.to_str().unwrap(),
        "--source",
        &opinion,
        "--format",
        "json",
    ];
    let out = crate::common::assert_cli_paths_agree(&root(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = path_line(ScoringPath::Chosen, &args[1..]);
    assert!(
        line.starts_with("path: general (columnar fell back: ") && line.contains("mixed.csv"),
        "{line}"
    );
}
