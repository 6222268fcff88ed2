//! `score`'s publishable formats from the command line: Markdown, the long CSV levels, XLSX
//! from the file extension, and the mistakes around them.

use crate::output_support as support;

use support::*;

#[test]
fn markdown_table_in_english() {
    let r = ok(&["score", "--quiet", "--format", "md", "--lang", "en", TIDY]);
    let md = String::from_utf8(r.stdout).unwrap();
    assert!(md.starts_with("# E-commerce Platform IP Protection Index"));
    assert!(md.contains("| Rank | Platform | Group | Index |"));
    assert!(md.contains("| 1 | Tmall | Marketplace |"), "{md}");
}

#[test]
fn long_csv_has_one_row_per_platform_and_node() {
    for (level, rows) in [("dimension", 10 * 7), ("item", 10 * 35)] {
        let r = ok(&[
            "score", "--quiet", "--format", "csv", "--level", level, TIDY, "--source", OPINION,
        ]);
        let mut reader = csv::Reader::from_reader(r.stdout.as_slice());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), rows, "{level}");
        assert!(records.iter().all(|r| &r[5] == level));
    }
}

#[test]
fn level_needs_csv() {
    let r = run(&["score", "--format", "json", "--level", "item", TIDY]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--level item applies to CSV output, not json"),
        "{}",
        r.stderr
    );
    let r = run(&["score", "--level", "node", TIDY]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown level"), "{}", r.stderr);
}

#[test]
fn xlsx_from_the_extension_is_a_zip_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ranking.XLSX");
    ok(&["score", "--quiet", "-o", path.to_str().unwrap(), TIDY]);
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let again = dir.path().join("again.xlsx");
    ok(&["score", "--quiet", "-o", again.to_str().unwrap(), TIDY]);
    assert_eq!(bytes, std::fs::read(&again).unwrap(), "byte-identical");
}
