//! The XLSX workbook opened by a real spreadsheet engine: LibreOffice (headless) converts every
//! sheet back to CSV, and the numbers it shows are the numbers of the JSON output. Ignored by a
//! plain `cargo test` (it needs LibreOffice); `.ci/run` installs LibreOffice and runs it, and it
//! fails when `soffice` is missing (docs/testing.md, "External programs").

use crate::output_support as support;

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use support::*;

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Every sheet of the workbook as CSV rows, by sheet name, as LibreOffice shows them.
fn sheets_via_libreoffice(
    soffice: &str,
    xlsx: &Path,
    dir: &Path,
) -> HashMap<String, Vec<Vec<String>>> {
    let out = dir.join("csv");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    // Filter options: comma, double quote, UTF-8, from line 1, ..., cells as shown (true),
    // ..., last token -1 = every sheet into its own file.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1";
    let status = std::process::Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(&out)
        .arg(xlsx)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let stem = xlsx.file_stem().unwrap().to_str().unwrap();
    let mut sheets = HashMap::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path: PathBuf = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap();
        let sheet = name.strip_prefix(&format!("{stem}-")).unwrap().to_string();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)
            .unwrap();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        sheets.insert(sheet, rows);
    }
    sheets
}

/// Rows of a sheet keyed by the header names.
fn records(rows: &[Vec<String>]) -> Vec<HashMap<&str, &str>> {
    let header = &rows[0];
    rows[1..]
        .iter()
        .map(|r| {
            header
                .iter()
                .map(String::as_str)
                .zip(r.iter().map(String::as_str))
                .collect()
        })
        .collect()
}

fn close(shown: &str, expected: f64, what: &str) {
    let v: f64 = shown
        .parse()
        .unwrap_or_else(|_| panic!("{what}: {shown:?} is not a number"));
    assert!(
        (v - expected).abs() <= 1e-9 * expected.abs().max(1.0),
        "{what}: {v} vs {expected}"
    );
}

fn shown_or_empty(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
#[ignore = "needs soffice: see docs/testing.md"]
fn libreoffice_shows_the_numbers_of_the_json() {
    let soffice = soffice().expect(
        "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui \
         (docs/testing.md)",
    );
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("results.xlsx");
    let args = ["--quiet", TIDY, "--source", OPINION];
    let mut xlsx_args = vec!["score", "--lang", "en", "-o", xlsx.to_str().unwrap()];
    xlsx_args.extend_from_slice(&args);
    ok(&xlsx_args);
    let mut json_args = vec!["score", "--format", "json"];
    json_args.extend_from_slice(&args);
    let json: Value = serde_json::from_slice(&ok(&json_args).stdout).unwrap();
    let sheets = sheets_via_libreoffice(soffice, &xlsx, dir.path());
    let platforms = json["platforms"].as_array().unwrap();

    let ranking = records(&sheets["Ranking"]);
    assert_eq!(ranking.len(), platforms.len());
    for (row, p) in ranking.iter().zip(platforms) {
        assert_eq!(row["Platform id"], p["id"].as_str().unwrap());
        assert_eq!(
            row["Rank"],
            shown_or_empty(&p["rank"]),
            "rank of {}",
            p["id"]
        );
        assert_eq!(row["Respondents"], p["respondents"].to_string());
        assert_eq!(
            row["Index"],
            shown_or_empty(&p["score_display"]),
            "index of {}",
            p["id"]
        );
        close(
            row["Index (unrounded)"],
            p["score"].as_f64().unwrap(),
            "unrounded index",
        );
    }

    let dimensions = records(&sheets["Dimensions"]);
    let dims = platforms[0]["dimensions"].as_object().unwrap();
    let names: Vec<&String> = sheets["Dimensions"][0][2..2 + dims.len()].iter().collect();
    for (row, p) in dimensions.iter().zip(platforms) {
        for (name, (id, node)) in names.iter().zip(p["dimensions"].as_object().unwrap()) {
            assert_eq!(
                row[name.as_str()],
                shown_or_empty(&node["score_display"]),
                "{} {id}",
                p["id"]
            );
            assert_eq!(
                row[format!("{name} – Rank").as_str()],
                shown_or_empty(&node["rank"]),
                "{} {id} rank",
                p["id"]
            );
        }
    }

    let items = records(&sheets["Items"]);
    let mut checked = 0;
    for row in &items {
        let p = platforms
            .iter()
            .find(|p| p["id"] == row["Platform id"])
            .unwrap();
        let item = &p["items"][row["Item"]];
        for (column, key) in [
            ("n", "n"),
            ("N/A", "na"),
            ("No answer", "no_answer"),
            ("Invalid", "invalid"),
        ] {
            assert_eq!(
                row[column],
                item[key].to_string(),
                "{} {} {key}",
                p["id"],
                row["Item"]
            );
        }
        // Item scores keep their full value in the cell but are shown at the publication
        // precision (one decimal in the default definition).
        match item["score"].as_f64() {
            Some(s) => {
                let shown = row["Score"];
                assert_eq!(
                    shown.split_once('.').map(|(_, d)| d.len()),
                    Some(1),
                    "{shown}: one decimal"
                );
                let v: f64 = shown.parse().unwrap();
                assert!(
                    (v - s).abs() <= 0.05 + 1e-9,
                    "{} {shown} vs {s}",
                    row["Item"]
                );
            }
            None => assert_eq!(row["Score"], "", "no score, an empty cell"),
        }
        checked += 1;
    }
    assert_eq!(
        checked,
        platforms.len() * platforms[0]["items"].as_object().unwrap().len()
    );

    let indicators = records(&sheets["Indicators"]);
    for row in &indicators {
        let p = platforms
            .iter()
            .find(|p| p["id"] == row["Platform id"])
            .unwrap();
        let node = &p["indicators"][row["Indicator"]];
        assert_eq!(row["Score"], shown_or_empty(&node["score_display"]));
        assert_eq!(row["Rank"], shown_or_empty(&node["rank"]));
    }
}

/// The text of every page of a PDF (`pdftotext -raw`, pages split at form feeds).
fn pdf_pages(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect(
            "pdftotext (poppler-utils) is not installed: apt-get install poppler-utils \
             (docs/testing.md)",
        );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The README's example printed by LibreOffice: a few landscape pages, every sheet one page
/// wide (no column split), its header row repeated on every page. Columns split across pages
/// would leave pages without the first or the last header of their sheet.
#[test]
#[ignore = "needs soffice and pdftotext: see docs/testing.md"]
fn libreoffice_prints_each_sheet_one_page_wide() {
    let soffice = soffice().expect(
        "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui \
         (docs/testing.md)",
    );
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("results.xlsx");
    ok(&[
        "score",
        "--quiet",
        "--lang",
        "en",
        "-o",
        xlsx.to_str().unwrap(),
        "examples/survey_wjx.xlsx",
        "--source",
        "opinion=examples/platform_opinion.csv",
    ]);
    let sheets = sheets_via_libreoffice(soffice, &xlsx, dir.path());
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("lo-profile").display()
    );
    let out = dir.path().join("pdf");
    let status = std::process::Command::new(soffice)
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&out)
        .arg(&xlsx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success());
    let pdf = out.join("results.pdf");
    let pages = pdf_pages(&pdf);
    // 11 sheets; before print setup this workbook printed as 85 portrait pages.
    assert!((11..=20).contains(&pages.len()), "{} pages", pages.len());
    let bytes = std::fs::read(&pdf).unwrap();
    let count = String::from_utf8_lossy(&bytes)
        .split("/Count ")
        .skip(1)
        .filter_map(|s| {
            s.split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<usize>()
                .ok()
        })
        .max()
        .unwrap();
    assert_eq!(
        count,
        pages.len(),
        "the page tree counts the pages of the text"
    );
    let mut seen = std::collections::BTreeMap::new();
    for (i, page) in pages.iter().enumerate() {
        // The footer: "<sheet> <page> / <pages>".
        let footer = page
            .lines()
            .rev()
            .find(|l| l.trim_end().ends_with(&format!("/ {}", pages.len())))
            .unwrap_or_else(|| panic!("page {}: no footer in {page}", i + 1));
        let sheet = footer
            .trim_end()
            .rsplitn(4, ' ')
            .nth(3)
            .unwrap()
            .trim()
            .to_string();
        *seen.entry(sheet.clone()).or_insert(0) += 1;
        let Some(rows) = sheets.get(&sheet) else {
            panic!("page {}: unknown sheet {sheet:?}", i + 1)
        };
        if ["README", "Methodology", "Manifest"].contains(&sheet.as_str()) {
            continue;
        }
        let header = &rows[0];
        let text = squeeze(page);
        for label in [&header[0], header.last().unwrap()] {
            assert!(
                text.contains(&squeeze(label)),
                "page {} of {sheet}: header {label:?} missing (columns split?)",
                i + 1
            );
        }
    }
    assert_eq!(seen.len(), sheets.len(), "every sheet printed: {seen:?}");
}
