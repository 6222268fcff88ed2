//! The platform-only path (COINr-style runs: platform-level data alone, ranking tables out)
//! gives exactly the results of the general path: every COINr variant of `examples/coinr/`,
//! and a large hand-made file with every kind of dirt, as CSV (parsed on several threads)
//! and as XLSX, with the findings and their locations.

use crate::paths::assert_run_paths_agree;
use qbpc_index::definition::load_file;
use qbpc_index::pipeline::{RunFiles, run_for};
use qbpc_index::results::Detail;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every path's results as JSON (or the error's message), asserted byte-identical: the text.
fn agreed(definition: &Path, files: &RunFiles) -> String {
    let (model, findings) = load_file(definition).unwrap_or_else(|e| panic!("{e:?}"));
    let what = definition.display().to_string();
    assert_run_paths_agree(&what, &model, files, &findings, Detail::Summary)
}

#[test]
fn every_coinr_variant_scores_the_same_on_both_paths() {
    let dir = root().join("examples/coinr");
    let mut variants = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let fast = agreed(&path, &RunFiles::default());
            assert!(
                fast.contains("\"rank\": 1"),
                "{}: nothing ranked",
                path.display()
            );
            variants += 1;
        }
    }
    assert!(variants >= 10);
}

const DEFINITION: &str = r#"
format = 1
platform_list = "units.csv"

[index]
id = "dirty"
name = "Dirty platform data"
edition = "test"

[aggregation]
method = "arithmetic"
min_coverage = 0.5
decimals = 3

[[sources]]
id = "data"
kind = "platform"
preset = "platform-table"
platform = "unit"

[scales.up]
kind = "numeric"
na = ["NA", "n/a"]
normalize = "minmax"
better = "higher"

[scales.down]
kind = "numeric"
na = ["99"]
min = 0
max = 1000
normalize = "zscore"
better = "lower"

[scales.days]
kind = "numeric"
best = 1
worst = 30
units = ["days"]
na = ["NA"]

[dimensions.A]
name = "A"

[dimensions.B]
name = "B"
weight = 2

[items.a1]
dimension = "A"
source = "data"
scale = "up"

[items.a2]
dimension = "A"
source = "data"
scale = "down"
weight = 2

[items.b1]
dimension = "B"
source = "data"
scale = "days"

[items.b2]
dimension = "B"
source = "data"
scale = "up"
column = "B two"
"#;

/// A data file of `units` rows (some repeated, some unknown, blank lines, quoted and
/// unquoted fields, CRLF) with every kind of cell.
fn dirty_rows(units: usize) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "unit".into(),
        "a1".into(),
        "a2".into(),
        "b1".into(),
        "B two".into(),
    ]];
    for u in 0..units {
        let cell = |k: usize| -> String {
            match (u * 7 + k * 3) % 23 {
                0 => "NA".into(),
                1 => String::new(),
                2 => "n/a".into(),
                3 => "1.5e2".into(),
                4 => "about 3".into(),
                5 => "99".into(),
                6 => "2000".into(),
                7 => " 12 ".into(),
                8 => "５".into(),
                9 => "7 days".into(),
                10 => "-4".into(),
                _ => format!("{}.{}", (u * 31 + k * 17) % 977, u % 10),
            }
        };
        let id = if u % 997 == 5 {
            format!("nobody{u}")
        } else {
            format!("U{u:05}")
        };
        rows.push(vec![id, cell(1), cell(2), cell(3), cell(4)]);
        if u % 1500 == 3 {
            // The same unit again: only its first row is read.
            rows.push(vec![
                format!("U{u:05}"),
                "1".into(),
                "2".into(),
                "3".into(),
                "4".into(),
            ]);
        }
    }
    rows
}

fn write_units(dir: &Path, units: usize) {
    let mut list = String::from("id,name\n");
    for u in 0..units {
        writeln!(list, "U{u:05},Unit {u}").unwrap();
    }
    std::fs::write(dir.join("units.csv"), list).unwrap();
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut text = String::from("\u{feff}");
    for (r, row) in rows.iter().enumerate() {
        let fields: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(k, f)| match (r + k) % 3 {
                0 => format!("\"{f}\""),
                1 if f.contains(',') => format!("\"{f}\""),
                _ => f.clone(),
            })
            .collect();
        text.push_str(&fields.join(","));
        text.push_str(if r % 5 == 0 { "\r\n" } else { "\n" });
        if r % 4000 == 7 {
            text.push_str("\n ,  ,,,\n");
        }
    }
    std::fs::write(path, text).unwrap();
}

fn write_xlsx(path: &Path, rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, f) in row.iter().enumerate() {
            match f.parse::<f64>() {
                Ok(x) if r > 0 && !f.contains('e') => sheet.write_number(r as u32, c as u16, x),
                _ => sheet.write_string(r as u32, c as u16, f),
            }
            .unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn dirty_data_scores_the_same_on_both_paths_from_csv_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    // Enough rows for the CSV body to be parsed on several threads (over 1 MiB).
    let units = 40_000;
    write_units(dir.path(), units);
    let rows = dirty_rows(units);
    write_csv(&dir.path().join("data.csv"), &rows);
    assert!(
        std::fs::metadata(dir.path().join("data.csv"))
            .unwrap()
            .len()
            > 1 << 20
    );
    write_xlsx(&dir.path().join("data.xlsx"), &rows[..3000]);
    let definition = dir.path().join("dirty.toml");
    std::fs::write(&definition, DEFINITION).unwrap();
    for data in ["data.csv", "data.xlsx"] {
        let files = RunFiles {
            surveys: Vec::new(),
            named: vec![("data".into(), dir.path().join(data))],
            ..Default::default()
        };
        let fast = agreed(&definition, &files);
        for finding in ["unknown-platform", "duplicate-platform", "invalid-answer"] {
            assert!(fast.contains(finding), "{data}: no {finding} finding");
        }
        assert!(fast.contains("\"rank\": 1"), "{data}: nothing ranked");
    }
}

/// Regression: a CSV whose head is UTF-8 but whose later bytes are GB18030 (a Chinese export
/// with the Chinese further down) is read whole and decoded, as the general path reads it,
/// not refused.
#[test]
fn a_gb18030_body_after_a_utf8_head_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let units = 20_000;
    write_units(dir.path(), units);
    let mut rows = dirty_rows(units);
    let last = rows.len() - 1;
    rows[last][1] = "不适用".into();
    let utf8 = dir.path().join("utf8.csv");
    write_csv(&utf8, &rows);
    let text = std::fs::read_to_string(&utf8).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(text.trim_start_matches('\u{feff}'));
    assert!(gbk.len() > 256 << 10 && std::str::from_utf8(&gbk).is_err());
    std::fs::write(dir.path().join("data.csv"), &gbk).unwrap();
    let definition = dir.path().join("dirty.toml");
    std::fs::write(&definition, DEFINITION).unwrap();
    let files = RunFiles {
        surveys: Vec::new(),
        named: vec![("data".into(), dir.path().join("data.csv"))],
        ..Default::default()
    };
    let fast = agreed(&definition, &files);
    assert!(
        fast.contains("不适用"),
        "the GB18030 cell is read: {}",
        &fast[..300]
    );
}

/// A definition that reads a file the general way only (a survey) is not this path's, and
/// item-level detail is never dropped on the general path's account.
#[test]
fn full_detail_keeps_the_item_results() {
    let def = root().join("examples/coinr/v1_minmax_amean.toml");
    let (model, findings) = load_file(&def).unwrap();
    let full = run_for(&model, &RunFiles::default(), findings.clone(), Detail::Full).unwrap();
    let summary = run_for(&model, &RunFiles::default(), findings, Detail::Summary).unwrap();
    assert_eq!(full.platforms[0].items.len(), 49);
    assert!(summary.platforms[0].items.is_empty());
    assert_eq!(full.platforms[0].score, summary.platforms[0].score);
}
