//! Ingest on small hand-made files: unreadable inputs, and dirt the fixtures do not carry.

use super::tests::model;
use super::*;
use crate::diagnostics::{Code, Severity};
use std::path::{Path, PathBuf};

fn sv(m: &crate::definition::Model) -> usize {
    m.source_ix("survey").expect("survey source")
}

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn format_err(r: Result<SurveyData, IngestError>) -> (String, String) {
    match r {
        Err(e @ IngestError::Format { .. }) => (e.to_string(), e.hint().unwrap_or("").to_string()),
        other => panic!("expected a format error, got {other:?}"),
    }
}

#[test]
fn missing_file_is_io() {
    let m = model();
    let r = read_survey(&m, sv(&m), Path::new("/nonexistent/survey.xlsx"));
    assert!(matches!(r, Err(IngestError::Io { .. })), "{r:?}");
}

#[test]
fn unreadable_files_are_format_errors_with_hints() {
    let m = model();
    let dir = tempfile::tempdir().expect("tmp");
    let png = write(&dir, "a.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let (msg, _) = format_err(read_survey(&m, sv(&m), &png));
    assert!(msg.contains("PNG"), "{msg}");
    let bin = write(
        &dir,
        "b.csv",
        &[0xFF, 0xFE, 0x00, 0x41, 0xFF, 0xFF, 0x13, 0x00, 0x9C],
    );
    let (msg, hint) = format_err(read_survey(&m, sv(&m), &bin));
    assert!(msg.contains("not a text table"), "{msg}");
    assert!(!hint.is_empty());
    let junk = write(&dir, "c.csv", &[0x81, 0xFF, 0x20, 0xFE, 0xFF, 0x7F, 0x80]);
    let (msg, _) = format_err(read_survey(&m, sv(&m), &junk));
    assert!(msg.contains("not a text table"), "{msg}");
    let empty = write(&dir, "d.csv", b"");
    let (msg, _) = format_err(read_survey(&m, sv(&m), &empty));
    assert!(msg.contains("empty"), "{msg}");
    let fake = write(&dir, "e.xlsx", b"a,b\n1,2\n");
    let (msg, hint) = format_err(read_survey(&m, sv(&m), &fake));
    assert!(msg.contains("not a spreadsheet"), "{msg}");
    assert!(hint.contains(".csv"), "{hint}");
    let broken = write(&dir, "f.xlsx", b"PK\x03\x04garbage");
    let (msg, _) = format_err(read_survey(&m, sv(&m), &broken));
    assert!(msg.contains("cannot be opened"), "{msg}");
}

#[test]
fn unrecognised_headers_name_what_was_expected() {
    let m = model();
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(&dir, "x.csv", "name,score,备注\nA,1,x\n".as_bytes());
    let (msg, hint) = format_err(read_survey(&m, sv(&m), &p));
    assert!(
        msg.contains("序号") && msg.contains("respondent_id"),
        "{msg}"
    );
    assert!(msg.contains("\"name\", \"score\", \"备注\""), "{msg}");
    assert!(hint.contains("preset"), "{hint}");
}

#[test]
fn tidy_dirt_becomes_located_findings() {
    let mut m = model();
    let s = sv(&m);
    m.sources[s].weight = Some("w".into());
    let dir = tempfile::tempdir().expect("tmp");
    let csv = "respondent_id,platform,submitted_at,duration_sec,w,rules_clear,complaint_channels,best_practice\n\
               M1,淘宝,2025-03-10 14:02:35,1分38秒,2,5,ip_portal; email,\"line1\r\nline2\"\n\
               M1,Amazon,2025-03-10 14:02:35,100,1,4,,\n\
               M2,taobao,yesterday,fast,heavy,(跳过),,\n\
               ,,,,,,,\n\
               M3,Amazon,2025-03-11T08:00:00Z,100,0,3,,\n";
    let p = write(&dir, "t.csv", csv.as_bytes());
    let d = read_survey(&m, sv(&m), &p).expect("reads");
    assert_eq!(d.preset, Some(Preset::Tidy));
    assert_eq!(d.submissions.len(), 4, "the blank row is skipped");
    let s0 = &d.submissions[0];
    assert_eq!((s0.duration_s, s0.weight), (Some(98.0), 2.0));
    assert_eq!(d.submissions[1].platform, None);
    assert_eq!(d.submissions[3].row, 6);
    let codes: Vec<(&str, Severity, Option<&str>)> = d
        .diagnostics
        .iter()
        .map(|x| (x.code.as_str(), x.severity, x.location.cell.as_deref()))
        .collect();
    assert!(
        codes.contains(&("bad-timestamp", Severity::Warning, Some("C4"))),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("bad-duration", Severity::Warning, Some("D4"))),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("bad-weight", Severity::Error, Some("E4"))),
        "{codes:?}"
    );
    assert_eq!(d.submissions[2].weight, 1.0);
    let unknown: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|x| x.code == Code::UnknownPlatform)
        .collect();
    assert_eq!(unknown.len(), 1, "one finding per unknown label");
    assert!(
        unknown[0].message.contains("2 rows"),
        "{}",
        unknown[0].message
    );
    assert_eq!(unknown[0].location.cell.as_deref(), Some("B3"));
    // Items missing from the file are reported, once each.
    let missing = d
        .diagnostics
        .iter()
        .filter(|x| x.code == Code::MissingColumn)
        .count();
    assert_eq!(missing, 28);
    let values: Vec<&RawValue> = d
        .cells
        .iter()
        .filter(|c| c.submission == 0)
        .map(|c| &c.value)
        .collect();
    assert_eq!(values.len(), 3);
    assert!(values.contains(&&RawValue::Text("line1\r\nline2".into())));
    let multi = RawValue::Choices {
        chosen: vec!["ip_portal".into(), " email".into()],
        other_text: None,
    };
    assert!(values.contains(&&multi));
    // Markers are WJX's: a tidy file keeps "(跳过)" as text unless the source declares it.
    assert!(
        d.cells
            .iter()
            .any(|c| c.value == RawValue::Text("(跳过)".into()))
    );
}

#[test]
fn wjx_csv_with_unknown_row_label_and_markers() {
    let m = model();
    let dir = tempfile::tempdir().expect("tmp");
    let csv = "序号,提交答卷时间,所用时间,1、贵企业名称：,4、规则清晰—淘宝,美团外卖,京东(JD),10、您在【淘宝】用过哪些渠道？\r\n\
               1,2025/03/10 14:02:35,1分38秒, 星河日化 ,非常同意,一般,（跳过）,电子邮件┋其他〖协会┋律所〗\r\n\
               2,2025/03/11 09:00:00,1时2分3秒,,(空),,,(跳过)\r\n";
    let p = write(&dir, "w.csv", csv.as_bytes());
    let d = read_survey(&m, sv(&m), &p).expect("reads");
    assert_eq!(d.preset, Some(Preset::WjxText));
    assert_eq!(d.submissions[0].respondent, "星河日化");
    // The company-name column is a guess from its header: a blank cell makes the submission
    // its own respondent (keyed by 序号), never a merged or excluded one.
    assert_eq!(d.submissions[1].respondent_key, "#2");
    assert_eq!(
        d.respondent_basis,
        crate::ingest::RespondentBasis::Header {
            column: "1、贵企业名称：".into()
        }
    );
    assert_eq!(d.submissions[1].duration_s, Some(3723.0));
    let unknown: Vec<_> = d
        .diagnostics
        .iter()
        .filter(|x| x.code == Code::UnknownPlatform)
        .collect();
    assert_eq!(unknown.len(), 1);
    assert!(unknown[0].message.contains("column F") && unknown[0].message.contains("美团外卖"));
    assert_eq!(unknown[0].location.cell.as_deref(), Some("F1"));
    assert!(
        unknown[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("aliases"))
    );
    let vals: Vec<(usize, usize, &RawValue)> = d
        .cells
        .iter()
        .map(|c| (c.submission, c.col, &c.value))
        .collect();
    assert!(vals.contains(&(0, 6, &RawValue::Skipped)));
    assert!(vals.contains(&(1, 4, &RawValue::Unanswered)));
    // No platforms question here: a platform whose every cell is empty was not rated.
    assert!(vals.contains(&(1, 6, &RawValue::Skipped)));
    let other = RawValue::Choices {
        chosen: vec!["电子邮件".into(), "其他".into()],
        other_text: Some("协会┋律所".into()),
    };
    assert!(vals.contains(&(0, 7, &other)));
    assert!(vals.contains(&(1, 7, &RawValue::Skipped)));
}

#[test]
fn platform_file_dirt() {
    let m = model();
    let src = m.source_ix("opinion").expect("opinion");
    let dir = tempfile::tempdir().expect("tmp");
    let csv = "平台,media_reports_positive,net_sentiment\n淘宝,1,0.5\nAmazon,2,0.1\ntaobao,3,0.2\n";
    let p = write(&dir, "o.csv", csv.as_bytes());
    let d = read_platform_file(&m, src, &p).expect("reads");
    assert_eq!(d.values.len(), 2);
    let codes: Vec<&str> = d.diagnostics.iter().map(|x| x.code.as_str()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "missing-column").count(), 3);
    assert!(codes.contains(&"unknown-platform") && codes.contains(&"duplicate-platform"));
    let nope = write(&dir, "n.csv", b"name,value\nx,1\n");
    let err = read_platform_file(&m, src, &nope).expect_err("no platform column");
    assert!(err.to_string().contains("no platform column"), "{err}");
}

#[test]
fn bom_csv_and_undetectable_export() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/qualtrics_long.csv");
    let t = super::table::open(Path::new(path), None).expect("opens");
    assert_eq!(t.encoding, Some("UTF-8"));
    assert_eq!(t.headers[0], "StartDate");
    let m = model();
    let dir = tempfile::tempdir().expect("tmp");
    let odd = write(&dir, "odd.csv", b"\xEF\xBB\xBFname,score\nx,1\n");
    let (msg, hint) = format_err(read_survey(&m, sv(&m), &odd));
    assert!(msg.contains("cannot tell which export"), "{msg}");
    assert!(
        msg.contains("Qualtrics") && msg.contains("\"name\", \"score\""),
        "{msg}"
    );
    assert!(hint.contains("preset"), "{hint}");
}

#[test]
fn unknown_sheet_lists_the_sheets() {
    let mut m = model();
    let s = sv(&m);
    m.sources[s].sheet = Some("Data".into());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/wjx_text_wide.xlsx");
    let (msg, hint) = format_err(read_survey(&m, s, Path::new(path)));
    assert!(msg.contains("no sheet \"Data\""), "{msg}");
    assert!(hint.contains("\"Sheet1\""), "{hint}");
}

#[test]
fn source_overrides_encoding_dates_durations_and_drop_rules() {
    let mut m = model();
    let s = sv(&m);
    m.sources[s].overrides = crate::definition::PresetOverrides {
        encoding: Some("big5".into()),
        date_order: Some("dmy".into()),
        duration_unit: Some(60.0),
        drop: Some(vec![crate::definition::DropRule {
            column: "status".into(),
            keep: Vec::new(),
            values: vec!["test".into()],
            reason: "test-response".into(),
        }]),
        ..Default::default()
    };
    let text = "respondent_id,platform,submitted_at,duration_sec,status,rules_clear\n\
                M1,Taobao,13/03/2025 10:00:00,12,ok,非常同意\n\
                M2,Taobao,14/03/2025 10:00:00,3,test,一般\n";
    let (bytes, _, bad) = encoding_rs::BIG5.encode(text);
    assert!(!bad);
    let dir = tempfile::tempdir().expect("tmp");
    let p = write(&dir, "big5.csv", &bytes);
    let d = read_survey(&m, s, &p).expect("reads");
    assert_eq!(d.preset, Some(Preset::Tidy));
    // 2025-03-13 10:00:00 Beijing time (the embedded definition's timezone), day first; 12 minutes.
    assert_eq!(
        d.submissions[0].submitted_at,
        Some(1_741_860_000 - 8 * 3600)
    );
    assert_eq!(d.submissions[0].duration_s, Some(720.0));
    assert!(
        d.cells
            .iter()
            .any(|c| c.value == RawValue::Text("非常同意".into()))
    );
    assert_eq!(
        d.dropped,
        vec![Dropped {
            submission: 1,
            reason: "test-response".into(),
            detail: "status is \"test\"".into()
        }]
    );
}
