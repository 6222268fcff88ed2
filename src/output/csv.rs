//! Wide CSV: one row per platform in ranking order, for spreadsheets. Text cells go through
//! the formula guard; numeric cells never do, so `-0.5` stays a number.

use super::guard::{guard_numeric, guard_text};
use super::ranking::{Layout, RankingTable, Value};
use super::{Exporter, OutputError, Report};
use crate::results::Results;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Renders one row per platform: the data layout of the shared ranking table (identity,
/// status, index score, each dimension's published score and rank, the bootstrap).
#[derive(Debug, Clone, Default)]
pub struct CsvExporter {
    /// Start with a UTF-8 byte order mark (Excel otherwise guesses a legacy code page and
    /// garbles Chinese names; other tools may not expect it, hence opt-in).
    pub bom: bool,
}

impl Exporter for CsvExporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError> {
        let start = if self.bom {
            UTF8_BOM.to_vec()
        } else {
            Vec::new()
        };
        let report = Report {
            results,
            methodology: None,
        };
        let ranking = RankingTable::build(&report, Layout::Data);
        let mut w = ::csv::Writer::from_writer(start);
        w.write_record(ranking.headers())?;
        // One reused buffer: 10,000 platforms are 300,000 cells.
        let mut buf = String::new();
        for row in &ranking.rows {
            for value in row {
                buf.clear();
                field(&mut buf, value);
                w.write_field(&buf)?;
            }
            w.write_record(None::<&[u8]>)?;
        }
        w.flush()?;
        w.into_inner().map_err(|e| OutputError::Io(e.into_error()))
    }
}

/// Writes one cell: text through the formula guard, numbers as they are (a number cannot be
/// a formula; the numeric guard is a second line of defence), absent values empty.
fn field(buf: &mut String, value: &Value) {
    use std::fmt::Write;
    match value {
        Value::Missing => {}
        Value::Int(n) => buf.push_str(itoa::Buffer::new().format(*n)),
        Value::Text(s) | Value::Withheld(s) => buf.push_str(&guard_text(s)),
        // A published score, written as published.
        Value::Score { text, .. } => buf.push_str(&guard_numeric(text.as_deref().unwrap_or(""))),
        // f64 `Display` gives the shortest round-trip form and never an exponent, which
        // spreadsheets read as a plain number.
        Value::Number(x) => {
            let _ = write!(buf, "{x}");
            if let std::borrow::Cow::Owned(guarded) = guard_numeric(buf) {
                *buf = guarded;
            }
        }
        Value::Ids(ids) => buf.push_str(&guard_text(&ids.join(";"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_fixture::sample;

    fn render(results: &Results) -> String {
        String::from_utf8(CsvExporter::default().render(results).unwrap()).unwrap()
    }

    #[test]
    fn csv_snapshot() {
        insta::assert_snapshot!(render(&sample()));
    }

    #[test]
    fn formula_in_a_name_is_defused_but_negative_numbers_stay_numeric() {
        let mut results = sample();
        let p = &mut results.platforms[0];
        p.name = r#"=HYPERLINK("http://x","y")"#.into();
        p.group = Some("-group".into());
        p.score = Some(-0.5);
        p.score_display = Some("-0.5".into());
        let text = render(&results);
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let first = reader.records().next().unwrap().unwrap();
        let cell = |name: &str| &first[headers.iter().position(|h| h == name).unwrap()];
        assert_eq!(cell("name"), r#"'=HYPERLINK("http://x","y")"#);
        assert_eq!(cell("group"), "'-group");
        assert_eq!(cell("index_score"), "-0.5");
        assert_eq!(cell("index_score_unrounded"), "-0.5");
    }

    /// The bootstrap columns follow the dimension columns: interval, rank interval, P(first)
    /// and the ids not significantly different, per target; empty where a target has none.
    #[test]
    fn bootstrap_columns_per_target() {
        let text = render(&crate::output::test_fixture::bootstrapped());
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        let cell = |r: usize, name: &str| {
            rows[r][headers.iter().position(|h| h == name).unwrap()].to_string()
        };
        let taobao = rows.iter().position(|r| &r[2] == "taobao").unwrap();
        let other = (taobao + 1) % rows.len();
        let columns = [
            "index_ci_low",
            "index_ci_high",
            "index_rank_p5",
            "index_rank_p95",
            "index_p_first",
            "index_not_different_from",
            "complaint_ci_low",
        ];
        let got: Vec<String> = columns.iter().map(|h| cell(taobao, h)).collect();
        assert_eq!(got, ["68.26", "74", "1", "2", "0.75", "jd", "60.04"]);
        assert_eq!(cell(taobao, "opinion_ci_low"), "");
        assert_eq!(cell(other, "index_ci_low"), "");
    }

    #[test]
    fn bom_is_opt_in() {
        let with = CsvExporter { bom: true }.render(&sample()).unwrap();
        assert!(with.starts_with(UTF8_BOM));
        assert_eq!(&with[3..], render(&sample()).as_bytes());
    }

    #[test]
    fn non_finite_unrounded_score_is_left_empty() {
        let mut results = sample();
        results.platforms[0].score = Some(f64::NAN);
        assert!(!render(&results).contains("NaN"));
    }
}
