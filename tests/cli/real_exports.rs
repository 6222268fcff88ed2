//! The corpus of real downloads (`fixtures/real/`, sources and licences in its SOURCES files):
//! every file is read as its expectation says (data rows, cells, preset), and every command a
//! new user runs on it either works or refuses with a hint; none scores with exit 0 what it
//! cannot score. Expectations were written by reading each file by hand, not from this tool.

use crate::common::qbpc;
use qbpc_index::ingest::{self, PlainTable};
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real")
}

#[derive(Debug)]
struct Expect {
    name: String,
    file: PathBuf,
    toml: toml::Table,
}

impl Expect {
    fn str(&self, key: &str) -> &str {
        self.toml.get(key).and_then(|v| v.as_str()).unwrap_or("")
    }
    fn int(&self, key: &str) -> usize {
        self.toml
            .get(key)
            .and_then(|v| v.as_integer())
            .unwrap_or_else(|| panic!("{}: no {key}", self.name)) as usize
    }
    fn rates_platforms(&self) -> bool {
        self.toml
            .get("rates_platforms")
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }
}

fn expectations() -> Vec<Expect> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(corpus()).expect("fixtures/real") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".expect.toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let toml: toml::Table = text.parse().unwrap_or_else(|e| panic!("{name}: {e}"));
        let file = corpus().join(toml["file"].as_str().expect("file"));
        assert!(file.exists(), "{name}: {} is missing", file.display());
        out.push(Expect { name, file, toml });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(out.len() >= 15, "the corpus lost files: {}", out.len());
    out
}

fn table(e: &Expect) -> PlainTable {
    ingest::read_table(&e.file, None).unwrap_or_else(|err| panic!("{}: {err}", e.name))
}

/// The column an expectation names: its exact header (trimmed), or `column_index`.
fn column(t: &PlainTable, cell: &toml::Table, name: &str) -> usize {
    if let Some(i) = cell.get("column_index").and_then(|v| v.as_integer()) {
        return i as usize;
    }
    let want = cell["column"].as_str().expect("column").trim();
    t.headers
        .iter()
        .position(|h| h.trim() == want)
        .unwrap_or_else(|| panic!("{name}: no column {want:?} in {:?}", t.headers))
}

fn same_cell(shown: &str, raw: &str) -> bool {
    let (a, b) = (shown.trim(), raw.trim());
    a == b
        || matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if (x - y).abs() < 1e-9)
        || us_date_as_iso(b).is_some_and(|iso| a == iso)
}

/// `8/29/2025 17:17:56` (a spreadsheet's display of a date cell) as `2025-08-29 17:17:56`
/// (how the reader shows a date cell).
fn us_date_as_iso(s: &str) -> Option<String> {
    let (date, time) = s.split_once(' ')?;
    let mut parts = date.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    Some(format!("{y}-{m:02}-{d:02} {time}"))
}

#[test]
fn every_file_reads_its_data_rows_and_cells_as_read_by_hand() {
    let mut failures = Vec::new();
    for e in expectations() {
        let t = table(&e);
        // Header rows after the first are data rows to a plain table.
        let rows = t.rows.len() + 1 - e.int("header_rows");
        if rows != e.int("data_rows") {
            failures.push(format!(
                "{}: {rows} data rows, want {}",
                e.name,
                e.int("data_rows")
            ));
        }
        let cells = e.toml.get("cells").and_then(|c| c.as_array());
        for cell in cells.into_iter().flatten() {
            let cell = cell.as_table().expect("cell");
            let row = cell["row"].as_integer().expect("row") as usize;
            let col = column(&t, cell, &e.name);
            let raw = match &cell["raw"] {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let shown = t
                .rows
                .iter()
                .find(|(r, _)| *r == row)
                .and_then(|(_, cells)| cells.get(col))
                .map(|v| v.display())
                .unwrap_or_default();
            // SPSS user-missing codes read as blank (they are missing, never an answer).
            let missing_code = e.str("tool") == "spss" && shown.is_empty();
            if !same_cell(&shown, &raw) && !missing_code {
                failures.push(format!(
                    "{} row {row} column {col}: read {shown:?}, want {raw:?}",
                    e.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_detected_preset_is_the_one_read_by_hand() {
    let mut failures = Vec::new();
    for e in expectations() {
        let got = ingest::detect_preset(&e.file)
            .unwrap_or_else(|err| panic!("{}: {err}", e.name))
            .map_or("none", |(p, _)| p.name());
        if got != e.str("preset") {
            failures.push(format!(
                "{}: detected {got}, want {}",
                e.name,
                e.str("preset")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_file_scores_with_exit_0_what_it_cannot_score() {
    for e in expectations().iter().filter(|e| !e.rates_platforms()) {
        // The embedded QBPC definition: these surveys rate no platform of it.
        let out = qbpc().arg("score").arg(&e.file).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", e.name);
        assert!(err.contains("hint:"), "{}: no hint in {err}", e.name);
    }
}

#[test]
fn init_refuses_a_survey_without_platforms_and_names_what_to_add() {
    let dir = tempfile::tempdir().expect("tmp");
    for e in expectations().iter().filter(|e| !e.rates_platforms()) {
        let draft = dir.path().join(format!("{}.toml", e.name));
        let out = qbpc()
            .args(["init", "--from"])
            .arg(&e.file)
            .arg("-o")
            .arg(&draft)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", e.name);
        assert!(
            err.contains("platform = ") && err.contains("aliases"),
            "{}: the refusal does not name the keys to add: {err}",
            e.name
        );
        assert!(!draft.exists(), "{}: a refused draft was written", e.name);
    }
}

#[test]
fn inspect_always_shows_what_it_read() {
    // Issue 10, class 5: inspect stopped at "cannot tell which platform ..." and showed nothing.
    for e in expectations() {
        let out = qbpc()
            .args(["inspect", "--format", "json"])
            .arg(&e.file)
            .output()
            .expect("runs");
        let code = out.status.code();
        // A file that rates no platform is a finding: inspect says what scoring needs.
        let want = if e.rates_platforms() { 0 } else { 1 };
        assert_eq!(code, Some(want), "{}", e.name);
        let json: serde_json::Value =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|err| panic!("{}: {err}", e.name));
        let want = match e.str("preset") {
            "none" => serde_json::Value::Null,
            p => p.into(),
        };
        assert_eq!(json["preset"], want, "{}", e.name);
        if code == Some(1) {
            // What the file holds: every column, the data rows, and what scoring needs.
            let t = table(&e);
            let columns = json["columns"].as_array().expect("columns");
            assert_eq!(columns.len(), t.headers.len(), "{}", e.name);
            assert_eq!(json["submissions"], e.int("data_rows"), "{}", e.name);
            assert!(json["needs"][0]["hint"].is_string(), "{}", e.name);
        }
    }
}

#[test]
fn a_file_that_rates_several_units_scores_right_once_the_unit_is_declared() {
    // google_forms_games_awe.tsv: each respondent rates one video game (free-text title). With
    // the edits the refusal names (fixtures/real/edits/), the four declared games score as a
    // Python reading of the file gives (csv module, titles trimmed and case-folded, 1..5 ->
    // 0..100, mean per item over answered cells, then over the three items):
    // Elden Ring (5 rows, "Elden ring" once): graphics 85, story 60, soundtrack 85 -> 76.667;
    // Horizon Zero Dawn (4, one with a trailing space): 100, 93.75, 75 -> 89.583;
    // Zelda BotW (4): 93.75, 68.75, 87.5 -> 83.333; Red Dead Redemption 2 (4): 100, 93.75,
    // 93.75 -> 95.833. The 43 rows rating other games are excluded, each listed.
    let out = qbpc()
        .arg("score")
        .arg(corpus().join("google_forms_games_awe.tsv"))
        .arg("--index")
        .arg(corpus().join("edits/google_forms_games_awe.toml"))
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let want = [
        ("rdr2", 95.0 + 5.0 / 6.0, 4),
        ("horizon_zero_dawn", 89.0 + 7.0 / 12.0, 4),
        ("zelda_botw", 83.0 + 1.0 / 3.0, 4),
        ("elden_ring", 76.0 + 2.0 / 3.0, 5),
    ];
    let platforms = json["platforms"].as_array().expect("platforms");
    assert_eq!(platforms.len(), want.len());
    for (p, (id, score, n)) in platforms.iter().zip(want) {
        assert_eq!(p["id"], id);
        let got = p["score"].as_f64().expect("score");
        assert!((got - score).abs() < 1e-9, "{id}: {got} != {score}");
        assert_eq!(p["respondents"], n, "{id}");
    }
    assert_eq!(
        json["excluded_submissions"].as_array().map(Vec::len),
        Some(43)
    );
}
