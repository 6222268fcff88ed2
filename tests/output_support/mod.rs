//! Shared by the output tests: running the binary, the fixtures, the scan for references to
//! anything outside an HTML file, and the identities (respondent ids, company names) that a
//! platform-facing output must never contain.

#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::Path;

pub const WJX: &str = "fixtures/wjx_text_wide.xlsx";
pub const TIDY: &str = "fixtures/tidy_long.csv";
pub const INJECTION: &str = "fixtures/tidy_injection.csv";
pub const OPINION: &str = "opinion=fixtures/platform_opinion.csv";
pub const HYPERLINK: &str = r#"=HYPERLINK("http://x","y")"#;
pub const SCRIPT: &str = "<script>alert(1)</script>";

pub fn qbpc() -> Command {
    let mut cmd = Command::cargo_bin("qbpc-index").expect("binary");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Run {
    let out = qbpc().args(args).output().expect("run");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs and insists on success.
pub fn ok(args: &[&str]) -> Run {
    let r = run(args);
    assert_eq!(r.code, 0, "qbpc-index {args:?}\n{}", r.stderr);
    r
}

/// Every reference to something outside the file: src/href (and similar) attributes other
/// than in-page anchors, CSS url() and @import, stylesheet links, scripts, frames, images.
pub fn external_references(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut found = Vec::new();
    for attr in ["src=", "href=", "action=", "srcset=", "poster=", " data="] {
        for (i, _) in lower.match_indices(attr) {
            let value = lower[i + attr.len()..].trim_start_matches(['"', '\'']);
            if !value.starts_with('#') {
                found.push(lower[i..(i + 60).min(lower.len())].to_string());
            }
        }
    }
    for needle in [
        "url(", "@import", "<link", "<script", "<iframe", "<object", "<embed", "<img", "<base",
    ] {
        if lower.contains(needle) {
            found.push(needle.to_string());
        }
    }
    found
}

fn ground_truth() -> serde_json::Value {
    let text = std::fs::read_to_string("fixtures/ground_truth.json").expect("ground truth");
    serde_json::from_str(&text).expect("json")
}

/// Respondent ids of the fixtures (M001 ...).
pub fn respondent_ids() -> BTreeSet<String> {
    ground_truth()["respondents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

/// Company names: the roster's canonical names and aliases, and every name as typed in the
/// exports (tidy `company_name`, WJX question 1, Qualtrics `Q1`), trimmed.
pub fn company_names() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for r in ground_truth()["respondents"].as_array().unwrap() {
        names.insert(r["canonical_name"].as_str().unwrap().to_string());
        names.insert(r["alias"].as_str().unwrap().to_string());
    }
    names.extend(csv_column(TIDY, "company_name", 0));
    // Qualtrics: real responses only (a Survey Preview row types "test", not a company).
    let status = csv_column("fixtures/qualtrics_long.csv", "Status", 2);
    let q1 = csv_column("fixtures/qualtrics_long.csv", "Q1", 2);
    names.extend(
        q1.into_iter()
            .zip(status)
            .filter(|(_, s)| s != "Survey Preview")
            .map(|(n, _)| n),
    );
    names.extend(wjx_company_names());
    names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

/// A column of a CSV file by header, skipping `extra_headers` rows after the header.
fn csv_column(path: &str, header: &str, extra_headers: usize) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .expect("csv");
    let headers = reader.headers().unwrap().clone();
    let col = headers
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}') == header)
        .unwrap_or_else(|| panic!("{header} in {path}"));
    reader
        .records()
        .skip(extra_headers)
        .map(|r| r.unwrap().get(col).unwrap_or("").to_string())
        .collect()
}

fn wjx_company_names() -> Vec<String> {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(WJX).expect("wjx");
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).expect("sheet");
    let mut rows = range.rows();
    let header = rows.next().unwrap();
    let col = header
        .iter()
        .position(|h| h.to_string().starts_with("1、"))
        .expect("question 1");
    rows.map(|r| r[col].to_string()).collect()
}

/// Every identity (respondent id or company name) found in a text, with a label.
pub fn leaks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for id in respondent_ids() {
        if text.contains(&id) {
            found.push(format!("respondent id {id}"));
        }
    }
    for name in company_names() {
        // As written, and as HTML or Markdown would escape it ("Grain & Oil").
        let escaped = name
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
            .replace('\'', "&#39;");
        if text.contains(&name) || text.contains(&escaped) {
            found.push(format!("company name {name:?}"));
        }
    }
    found
}

/// Every file under a directory, sorted, with its text.
pub fn files_in(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}
