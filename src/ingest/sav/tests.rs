//! The reader against the fixtures of fixtures/sav (made by make_sav.py): what it reads must be
//! what pyreadstat (ReadStat) read from the same file, stored beside it as NAME.expected.json.

use super::*;
use serde_json::Value as Json;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/sav")
        .join(name)
}

const FIXTURES: [&str; 5] = [
    "survey_plain.sav",
    "survey_bytecode.sav",
    "survey.zsav",
    "survey_gbk.sav",
    "survey_gbk_be.sav",
];

fn code_json(code: &SavCode) -> Json {
    match code {
        SavCode::Number(x) => Json::from(*x),
        SavCode::Text(s) => Json::from(s.as_str()),
    }
}

fn same_value(ours: &RawValue, theirs: &Json) -> bool {
    match (ours, theirs) {
        // ReadStat gives an empty string where the reader gives Blank.
        (RawValue::Blank, Json::Null) => true,
        (RawValue::Blank, Json::String(s)) => s.is_empty(),
        (RawValue::Number(x), Json::Number(_)) => theirs.as_f64() == Some(*x),
        (RawValue::Text(s), Json::String(t)) => s == t,
        _ => false,
    }
}

/// Compare the reading of `path` with pyreadstat's reading stored in `expected`.
fn check_against(path: &Path, expected: &Path) {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).unwrap();
    let sav = read_sav(&file, &bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
    let want: Json = serde_json::from_str(&std::fs::read_to_string(expected).unwrap()).unwrap();
    assert!(
        sav.encoding
            .eq_ignore_ascii_case(want["encoding"].as_str().unwrap()),
        "{file}: encoding {} vs {}",
        sav.encoding,
        want["encoding"]
    );
    let vars = want["variables"].as_array().unwrap();
    assert_eq!(sav.variables.len(), vars.len(), "{file}: variable count");
    for (ours, theirs) in sav.variables.iter().zip(vars) {
        let what = format!("{file}: variable {}", ours.name);
        assert_eq!(ours.name, theirs["name"].as_str().unwrap(), "{what}");
        assert_eq!(
            ours.label.as_deref(),
            theirs["label"].as_str(),
            "{what}: label"
        );
        assert_eq!(
            ours.is_string,
            theirs["is_string"].as_bool().unwrap(),
            "{what}: type"
        );
        assert_eq!(
            ours.measure.as_deref(),
            theirs["measure"].as_str(),
            "{what}: measure"
        );
        let labels: Vec<Json> = ours
            .value_labels
            .iter()
            .map(|(c, l)| Json::Array(vec![code_json(c), Json::from(l.as_str())]))
            .collect();
        assert_eq!(
            &Json::Array(labels),
            &theirs["value_labels"],
            "{what}: value labels"
        );
        let missing: Vec<Json> = ours.missing.iter().map(code_json).collect();
        assert_eq!(
            &Json::Array(missing),
            &theirs["missing"],
            "{what}: missing values"
        );
        let range: Vec<Json> = ours
            .missing_range
            .iter()
            .map(|&(lo, hi)| serde_json::json!([lo, hi]))
            .collect();
        assert_eq!(
            &Json::Array(range),
            &theirs["missing_ranges"],
            "{what}: missing range"
        );
    }
    let rows = want["rows"].as_array().unwrap();
    assert_eq!(sav.rows.len(), rows.len(), "{file}: row count");
    assert_eq!(sav.rows.len() as u64, want["rows_count"].as_u64().unwrap());
    for (i, (ours, theirs)) in sav.rows.iter().zip(rows).enumerate() {
        let theirs = theirs.as_array().unwrap();
        assert_eq!(ours.len(), theirs.len(), "{file}: row {i} width");
        for (j, (a, b)) in ours.iter().zip(theirs).enumerate() {
            assert!(same_value(a, b), "{file}: row {i} column {j}: {a:?} vs {b}");
        }
    }
}

#[test]
fn fixtures_read_as_pyreadstat_reads_them() {
    for name in FIXTURES {
        let path = fixture(name);
        check_against(&path, &fixture(&format!("{name}.expected.json")));
    }
}

#[test]
fn all_three_compressions_read_the_same() {
    let read = |name: &str| read_sav(name, &std::fs::read(fixture(name)).unwrap()).unwrap();
    let plain = read("survey_plain.sav");
    assert_eq!(plain, read("survey_bytecode.sav"));
    assert_eq!(plain, read("survey.zsav"));
    let gbk = read("survey_gbk.sav");
    assert_eq!(gbk.encoding, "GBK");
    assert_eq!(gbk, read("survey_gbk_be.sav"));
}

#[test]
fn labels_codes_and_missing_values() {
    let sav = read_sav("f", &std::fs::read(fixture("survey_plain.sav")).unwrap()).unwrap();
    let q1 = &sav.variables[1];
    assert_eq!(q1.name, "q1_satisfaction");
    assert_eq!(
        q1.label.as_deref(),
        Some("1、您对平台的知识产权保护满意吗？")
    );
    assert_eq!(q1.value_label(&RawValue::Number(5.0)), Some("非常满意"));
    assert_eq!(q1.missing, vec![SavCode::Number(99.0)]);
    // The user-missing code is kept in the rows; system-missing is blank.
    assert_eq!(sav.rows[3][1], RawValue::Number(99.0));
    assert!(q1.is_user_missing(&sav.rows[3][1]));
    assert_eq!(sav.rows[2][1], RawValue::Blank);
    let q2 = &sav.variables[2];
    assert_eq!(q2.missing_range, Some((8.0, 9.0)));
    assert!(q2.is_user_missing(&RawValue::Number(8.5)));
    let platform = &sav.variables[3];
    assert!(platform.is_string);
    assert_eq!(
        platform.value_label(&RawValue::Text("淘宝".into())),
        Some("Taobao")
    );
    // Trailing padding and typed trailing spaces alike are trimmed; a very long string whole.
    assert_eq!(sav.rows[4][5], RawValue::Text("ok".into()));
    let RawValue::Text(essay) = &sav.rows[0][6] else {
        panic!("{:?}", sav.rows[0][6])
    };
    assert_eq!(essay.chars().count(), 320);
}

#[test]
fn table_has_names_then_cases_with_user_missing_blank() {
    let table = super::super::table::open(&fixture("survey_bytecode.sav"), None).unwrap();
    assert_eq!(table.headers[..3], ["id", "q1_satisfaction", "q2"]);
    assert_eq!(table.header_row, 0);
    assert_eq!(table.encoding, Some("UTF-8"));
    let Body::Grid(grid) = &table.body else {
        panic!("not a grid")
    };
    assert_eq!(grid.len(), 6);
    assert_eq!(grid[0][1], RawValue::Text("q1_satisfaction".into()));
    assert_eq!(grid[1][1], RawValue::Number(5.0));
    // 99 (discrete), 8 (range 8..9), "X" and "n/a" are user-missing.
    assert_eq!(grid[4][1], RawValue::Blank);
    assert_eq!(grid[4][2], RawValue::Blank);
    assert_eq!(grid[4][4], RawValue::Blank);
    assert_eq!(grid[4][5], RawValue::Blank);
    assert_eq!(grid[1][3], RawValue::Text("淘宝".into()));

    let gbk = super::super::table::open(&fixture("survey_gbk.sav"), None).unwrap();
    assert_eq!(gbk.headers, ["序号", "满意度", "平台", "意见"]);
    assert_eq!(gbk.encoding, Some("GBK"));
}

#[test]
fn labels_without_data() {
    let labels = read_labels(&fixture("survey_gbk.sav")).unwrap();
    assert_eq!(labels.encoding, "GBK");
    assert_eq!(
        labels.variables[1].label.as_deref(),
        Some("您对平台的保护满意吗")
    );
    assert_eq!(
        labels.variables[2].value_labels[0],
        (SavCode::Text("TB".into()), "淘宝".into())
    );
    assert!(matches!(
        read_labels(&fixture("missing.sav")),
        Err(IngestError::Io { .. })
    ));
}

#[test]
fn recognised_by_extension_or_signature() {
    assert!(is_sav(Path::new("a.SAV"), b""));
    assert!(is_sav(Path::new("a.zsav"), b""));
    assert!(is_sav(Path::new("a.dat"), b"$FL2@(#)"));
    assert!(!is_sav(Path::new("a.csv"), b"id,q1"));
}

/// Every cut of every fixture is an error (with a hint), never a panic nor a shorter reading.
#[test]
fn truncated_files_are_errors() {
    for name in FIXTURES {
        let bytes = std::fs::read(fixture(name)).unwrap();
        for cut in 0..bytes.len() {
            match read_sav(name, &bytes[..cut]) {
                Err(IngestError::Format { hint: Some(_), .. }) => {}
                other => panic!("{name} cut at {cut}: {other:?}"),
            }
        }
    }
}

/// Random byte changes give an error or some reading, never a panic.
#[test]
fn corrupted_files_do_not_panic() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for name in FIXTURES {
        let bytes = std::fs::read(fixture(name)).unwrap();
        for _ in 0..400 {
            let mut bad = bytes.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() % bad.len() as u64) as usize;
                bad[at] = next() as u8;
            }
            let _ = read_sav(name, &bad);
        }
    }
}

#[test]
fn not_sav_files_are_errors() {
    for bytes in [&b""[..], b"$FL2", b"id,q1\n1,2\n", &[0u8; 300]] {
        let err = read_sav("x.sav", bytes).unwrap_err();
        assert!(matches!(err, IngestError::Format { .. }), "{err:?}");
    }
}

/// Real downloads put in fixtures/real/spss_*.sav by hand: read as pyreadstat reads them
/// (their expected readings are made by `python3 fixtures/sav/make_sav.py --real`).
#[test]
fn real_spss_downloads_read_as_pyreadstat_reads_them() {
    let real = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/real");
    let Ok(entries) = std::fs::read_dir(&real) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("spss_") && (n.ends_with(".sav") || n.ends_with(".zsav")))
        .collect();
    names.sort();
    for name in names {
        let expected = fixture(&format!("real/{name}.expected.json"));
        assert!(
            expected.exists(),
            "{} has no expected reading: run python3 fixtures/sav/make_sav.py --real",
            real.join(&name).display()
        );
        let path = real.join(&name);
        check_against(&path, &expected);
        // A few cuts of the real file too (an error, unless only bytes after the last case
        // went).
        let bytes = std::fs::read(&path).unwrap();
        let whole = read_sav(&name, &bytes).unwrap();
        for k in 1..40 {
            let cut = bytes.len() * k / 40 + k;
            match read_sav(&name, &bytes[..cut.min(bytes.len() - 1)]) {
                Err(IngestError::Format { .. }) => {}
                Err(e) => panic!("{name} cut at {cut}: unexpected error {e:?}"),
                Ok(sav) => assert_eq!(sav, whole, "{name} cut at {cut} read without error"),
            }
        }
    }
}
