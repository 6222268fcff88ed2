//! Parquet and Arrow IPC in and out. The fixtures of `fixtures/parquet/` were written by
//! pyarrow and DuckDB (`make_fixtures.py` beside them), which also wrote what each holds
//! (`expected.json`): the reader must find exactly those cells. A platform table or a tidy
//! survey as Parquet/Arrow scores as its CSV does; damaged, nested and oversized files are
//! refused with the file, the column and the cap named; `score -o results.parquet` writes the
//! wide CSV's table, typed, with the same bytes on every run.

use crate::common::{qbpc, root};
use qbpc_index::ingest::{PlainTable, RawValue, read_table};
use serde_json::Value;
use std::path::Path;

const DIR: &str = "fixtures/parquet";
const SURVEY: &str = "examples/survey_wjx.xlsx";
const OPINION_FILES: [&str; 4] = [
    "opinion_snappy.parquet",
    "opinion_zstd.parquet",
    "opinion.feather",
    "opinion.arrows",
];

fn expected() -> Value {
    let text = std::fs::read_to_string(root().join(DIR).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn read(name: &str) -> PlainTable {
    read_table(&root().join(DIR).join(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A cell as `expected.json` writes it: null (blank), a number, or text (dates included).
fn as_json(v: &RawValue) -> Value {
    match v {
        RawValue::Blank => Value::Null,
        RawValue::Number(x) => serde_json::json!(x),
        RawValue::Text(s) | RawValue::Date(s) => Value::String(s.clone()),
        other => panic!("unexpected cell {other:?}"),
    }
}

/// The table's rows as `expected.json` writes them (rows left out as empty come back as
/// all-null rows, so a short table would show).
fn rows_as_json(t: &PlainTable) -> Vec<Vec<Value>> {
    t.rows
        .iter()
        .enumerate()
        .map(|(i, (row, cells))| {
            assert_eq!(*row, i + 2, "{}: records are rows 2, 3, ...", t.file);
            (0..t.headers.len())
                .map(|c| cells.get(c).map_or(Value::Null, as_json))
                .collect()
        })
        .collect()
}

fn numbers_equal(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[test]
fn every_fixture_reads_as_pyarrow_reads_it() {
    let expected = expected();
    for name in OPINION_FILES.iter().chain(&["types.parquet"]) {
        let want = &expected[name];
        let t = read(name);
        let headers: Vec<&str> = want["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap())
            .collect();
        assert_eq!(t.headers, headers, "{name}");
        let got = rows_as_json(&t);
        let want_rows = want["rows"].as_array().unwrap();
        assert_eq!(got.len(), want_rows.len(), "{name}");
        for (r, (g, w)) in got.iter().zip(want_rows).enumerate() {
            let w = w.as_array().unwrap();
            for (c, (g, w)) in g.iter().zip(w).enumerate() {
                assert!(
                    numbers_equal(g, w),
                    "{name} row {} column {:?}: read {g}, pyarrow {w}",
                    r + 2,
                    headers[c]
                );
            }
        }
    }
}

#[test]
fn the_tidy_survey_has_the_columns_pyarrow_inferred() {
    let want = &expected()["tidy_long.parquet"];
    let t = read("tidy_long.parquet");
    let schema = want["schema"].as_object().unwrap();
    assert_eq!(
        t.headers,
        schema.keys().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(t.rows.len() as u64, want["rows"].as_u64().unwrap());
    // Typed columns arrive typed: an int64 answer is a number, a zoned time an instant in UTC.
    let col = |h: &str| t.headers.iter().position(|x| x == h).unwrap();
    assert_eq!(schema["satisfied_outcome"], "int64");
    assert!(matches!(
        t.rows[0].1[col("satisfied_outcome")],
        RawValue::Number(_)
    ));
    assert_eq!(
        t.rows[0].1[col("submitted_at")],
        // fixtures/tidy_long.csv row 2: 2025-03-10T14:02:35+08:00.
        RawValue::Date("2025-03-10 06:02:35Z".into())
    );
}

/// The run's CSV with the opinion table given as `opinion`.
fn score_csv(survey: &str, opinion: &Path) -> String {
    let out = qbpc()
        .args(["score", "--format", "csv", "-q", survey, "--source"])
        .arg(format!("opinion={}", opinion.display()))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}: {}",
        opinion.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The CSV of a table as `expected.json` holds it (written by the csv crate: an independent
/// path into the same pipeline).
fn csv_of(want: &Value, path: &Path) {
    let mut w = csv::Writer::from_path(path).unwrap();
    let headers: Vec<String> = want["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap().to_string())
        .collect();
    w.write_record(&headers).unwrap();
    for row in want["rows"].as_array().unwrap() {
        let cells: Vec<String> = row
            .as_array()
            .unwrap()
            .iter()
            .map(|v| match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        w.write_record(&cells).unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn an_opinion_table_in_each_format_scores_as_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let expected = expected();
    for name in OPINION_FILES {
        let csv_path = dir.path().join(format!("{name}.csv"));
        csv_of(&expected[name], &csv_path);
        let from_csv = score_csv(SURVEY, &csv_path);
        let from_columnar = score_csv(SURVEY, &root().join(DIR).join(name));
        assert_eq!(from_columnar, from_csv, "{name}");
        // tmall's net_sentiment is null in the fixtures: the ranking still has 10 platforms.
        assert_eq!(from_csv.lines().count(), 11, "{name}");
    }
}

#[test]
fn a_tidy_survey_as_parquet_scores_as_its_csv() {
    let opinion = root().join("fixtures/platform_opinion.csv");
    let from_csv = score_csv("fixtures/tidy_long.csv", &opinion);
    let from_parquet = score_csv("fixtures/parquet/tidy_long.parquet", &opinion);
    assert_eq!(from_parquet, from_csv);
}

/// The exit code and standard error of a run that must be refused.
fn refused(args: &[&str]) -> String {
    let out = qbpc().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn nested_damaged_and_mislabelled_files_are_refused_with_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        format!("opinion={}", p.display())
    };
    let e = refused(&[
        "score",
        SURVEY,
        "--source",
        "opinion=fixtures/parquet/nested.parquet",
    ]);
    assert!(e.contains("nested.parquet"), "{e}");
    assert!(e.contains(r#"column "scores""#), "{e}");
    assert!(e.contains("List"), "{e}");

    let whole = std::fs::read(root().join(DIR).join("opinion_snappy.parquet")).unwrap();
    for cut in [whole.len() / 2, whole.len() - 3, 12] {
        let e = refused(&[
            "score",
            SURVEY,
            "--source",
            &tmp("cut.parquet", &whole[..cut]),
        ]);
        assert!(e.contains("cut.parquet"), "{e}");
        assert!(e.contains("Parquet"), "{e}");
    }
    // Every byte past the magic flipped in turn, in a few places: an error, never a panic.
    for at in [4, 40, whole.len() / 3, whole.len() - 12] {
        let mut bad = whole.clone();
        bad[at] ^= 0xFF;
        let out = qbpc()
            .args(["score", SURVEY, "--source", &tmp("flip.parquet", &bad)])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0..=2)), "{stderr}");
        assert!(!stderr.contains("panicked"), "byte {at}: {stderr}");
    }

    let e = refused(&[
        "score",
        SURVEY,
        "--source",
        &tmp("text.parquet", b"platform,net_sentiment\njd,0.4\n"),
    ]);
    assert!(e.contains("text, not a Parquet or Arrow file"), "{e}");
    assert!(e.contains("rename it to .csv"), "{e}");
}

#[test]
fn the_bytes_decide_over_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("opinion.csv");
    std::fs::copy(root().join(DIR).join("opinion_snappy.parquet"), &renamed).unwrap();
    let plain = score_csv(SURVEY, &root().join(DIR).join("opinion_snappy.parquet"));
    assert_eq!(score_csv(SURVEY, &renamed), plain);
}

#[test]
fn caps_refuse_an_oversized_table_and_name_the_key() {
    let file = "fixtures/parquet/opinion_snappy.parquet";
    // 10 records in rows 2 to 11, 6 columns, 60 cells; "xiaohongshu" is 11 bytes.
    for (limit, key) in [
        ("rows=10", "rows"),
        ("columns=5", "columns"),
        ("cells=59", "cells"),
        ("cell-bytes=10", "cell-bytes"),
    ] {
        let e = refused(&["inspect", "--limit", limit, file]);
        assert!(e.contains("opinion_snappy.parquet"), "{limit}: {e}");
        assert!(e.contains(&format!("--limit {key}=N")), "{limit}: {e}");
    }
    // At the caps the table is read (exit 1: `inspect` finds no survey preset in it).
    let out = qbpc()
        .args(["inspect", "--limit", "rows=11", "--limit", "columns=6"])
        .args(["--limit", "cells=60", "--limit", "cell-bytes=11", file])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("10 submission(s)"), "{stdout}");
}

#[test]
fn parquet_results_are_the_csv_results_typed_and_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let run = |out: &Path| {
        qbpc()
            .args(["score", "-q", SURVEY, "--source"])
            .arg("opinion=examples/platform_opinion.csv")
            .arg("-o")
            .arg(out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    let a = run(&dir.path().join("a.parquet"));
    let b = run(&dir.path().join("b.parquet"));
    assert_eq!(a, b, "two runs, one result: the same bytes");
    run(&dir.path().join("r.csv"));

    // Read back by the Parquet reader of the ingest side, cell by cell against the CSV.
    let parquet = read_table(&dir.path().join("a.parquet"), None).unwrap();
    let csv = read_table(&dir.path().join("r.csv"), None).unwrap();
    assert_eq!(parquet.headers, csv.headers);
    assert_eq!(parquet.rows.len(), 10);
    for ((_, p), (_, c)) in parquet.rows.iter().zip(&csv.rows) {
        for (h, (p, c)) in parquet.headers.iter().zip(p.iter().zip(c)) {
            // The CSV's text of a number column, read as the number it writes.
            let c = match (p, c) {
                (RawValue::Number(_), RawValue::Text(s)) => {
                    s.parse::<f64>().map_or(c.clone(), RawValue::Number)
                }
                _ => c.clone(),
            };
            assert_eq!(*p, c, "column {h}");
        }
    }
    // Numbers are numbers: the rank column is int64 and the score float64.
    let text = String::from_utf8_lossy(&a);
    assert!(a.starts_with(b"PAR1"));
    assert!(
        text.contains("qbpc_index:manifest"),
        "the manifest rides along"
    );
}

#[test]
fn parquet_goes_to_a_file_not_a_terminal_and_takes_no_level() {
    let e = refused(&[
        "score",
        SURVEY,
        "--source",
        "opinion=examples/platform_opinion.csv",
        "--format",
        "parquet",
        "--level",
        "item",
    ]);
    assert!(
        e.contains("--level item applies to CSV output, not parquet"),
        "{e}"
    );
}

#[test]
fn a_comparison_as_parquet_holds_the_cells_of_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let wave = |name: &str, opinion: &str| {
        let path = dir.path().join(name);
        qbpc()
            .args(["score", "-q", SURVEY, "--source", opinion, "-o"])
            .arg(&path)
            .assert()
            .success();
        path
    };
    let a = wave("2024.json", "opinion=examples/platform_opinion.csv");
    let b = wave("2025.json", "opinion=fixtures/parquet/opinion_zstd.parquet");
    for long in [false, true] {
        let out = |ext: &str| {
            let path = dir.path().join(format!("trend{long}.{ext}"));
            let mut cmd = qbpc();
            cmd.arg("compare").arg(&a).arg(&b).arg("-o").arg(&path);
            if long {
                cmd.arg("--long");
            }
            cmd.assert().success();
            read_table(&path, None).unwrap()
        };
        let (parquet, csv) = (out("parquet"), out("csv"));
        assert_eq!(parquet.headers, csv.headers);
        assert_eq!(parquet.rows.len(), csv.rows.len());
        for ((_, p), (row, c)) in parquet.rows.iter().zip(&csv.rows) {
            for (h, (p, c)) in parquet.headers.iter().zip(p.iter().zip(c)) {
                // The CSV's text of a number column, read as the number it writes.
                let c = match (p, c) {
                    (RawValue::Number(_), RawValue::Text(s)) => {
                        s.parse::<f64>().map_or(c.clone(), RawValue::Number)
                    }
                    _ => c.clone(),
                };
                assert_eq!(*p, c, "long {long}, CSV row {row}, column {h}");
            }
        }
    }
}

#[test]
fn a_bad_value_is_a_finding_at_its_cell_as_in_a_csv() {
    let out = qbpc()
        .args(["score", SURVEY, "--source"])
        .arg("opinion=fixtures/parquet/bad_value.parquet")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // Row 3 is the second record (row 1 holds the names), column B net_sentiment.
    assert!(
        stderr.contains(
            r#"fixtures/parquet/bad_value.parquet, cell B3, column "net_sentiment": answer "high" is not a number"#
        ),
        "{stderr}"
    );
}
