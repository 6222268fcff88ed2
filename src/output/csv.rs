//! Wide CSV: one row per platform in ranking order, for spreadsheets. Text cells go through
//! the formula guard; numeric cells never do, so `-0.5` stays a number.

use super::guard::{guard_numeric, guard_text};
use super::{Exporter, OutputError};
use crate::results::{PlatformResult, Results};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Renders one row per platform: identity, status, index score, then each dimension's
/// published score and rank.
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
        let mut w = ::csv::Writer::from_writer(start);
        w.write_record(header(results))?;
        let mut fields = Fields::default();
        for p in &results.platforms {
            fields.row(results, p);
            for f in fields.iter() {
                w.write_field(f)?;
            }
            w.write_record(None::<&[u8]>)?;
        }
        w.flush()?;
        w.into_inner().map_err(|e| OutputError::Io(e.into_error()))
    }
}

fn header(results: &Results) -> Vec<String> {
    let mut h: Vec<String> = [
        "rank",
        "group_rank",
        "platform_id",
        "name",
        "name_zh",
        "group",
        "status",
        "status_reason",
        "respondents",
        "index_score",
        "index_score_unrounded",
    ]
    .map(String::from)
    .to_vec();
    for d in &results.dimension_names {
        h.push(format!("{}_score", d.id));
        h.push(format!("{}_rank", d.id));
    }
    if results.bootstrap.is_some() {
        let targets =
            std::iter::once("index").chain(results.dimension_names.iter().map(|d| d.id.as_str()));
        for t in targets {
            for col in BOOTSTRAP_COLUMNS {
                h.push(format!("{t}_{col}"));
            }
        }
    }
    h
}

/// `score --bootstrap`: per target (index, then each dimension) the percentile interval, the
/// 5th–95th percentile rank interval, P(first) and the ids it is not significantly different
/// from (";"-separated).
const BOOTSTRAP_COLUMNS: [&str; 6] = [
    "ci_low",
    "ci_high",
    "rank_p5",
    "rank_p95",
    "p_first",
    "not_different_from",
];

/// One row's fields, written into one reused buffer: 10,000 platforms are 300,000 cells.
#[derive(Default)]
struct Fields {
    buf: String,
    ends: Vec<usize>,
}

impl Fields {
    fn row(&mut self, results: &Results, p: &PlatformResult) {
        self.buf.clear();
        self.ends.clear();
        self.integer(p.rank);
        self.integer(p.group_rank);
        self.text(&p.id);
        self.text(&p.name);
        self.text(p.name_zh.as_deref().unwrap_or(""));
        self.text(p.group.as_deref().unwrap_or(""));
        self.text(p.status.name());
        self.text(p.status_reason.as_deref().unwrap_or(""));
        self.integer(Some(p.respondents));
        self.numeric_text(p.score_display.as_deref());
        self.number(p.score.filter(|s| s.is_finite()));
        for d in &results.dimension_names {
            let node = p.dimensions.get(&d.id);
            self.numeric_text(node.and_then(|n| n.score_display.as_deref()));
            self.integer(node.and_then(|n| n.rank));
        }
        if results.bootstrap.is_some() {
            self.bootstrap(results, p);
        }
    }

    /// The [`BOOTSTRAP_COLUMNS`] of each target, the index first, then each dimension.
    fn bootstrap(&mut self, results: &Results, p: &PlatformResult) {
        let targets = std::iter::once(None)
            .chain(results.dimension_names.iter().map(|d| Some(d.id.as_str())));
        for t in targets {
            let u = super::intervals::uncertainty(results, &p.id, t);
            self.number(u.map(|u| u.low).filter(|x| x.is_finite()));
            self.number(u.map(|u| u.high).filter(|x| x.is_finite()));
            self.integer(u.and_then(|u| u.rank_low));
            self.integer(u.and_then(|u| u.rank_high));
            self.number(u.and_then(|u| u.p_first));
            self.text(&u.map_or(String::new(), |u| u.not_different_from.join(";")));
        }
    }

    /// A text cell, guarded against formula injection.
    fn text(&mut self, value: &str) {
        self.buf.push_str(&guard_text(value));
        self.ends.push(self.buf.len());
    }

    /// A numeric cell; empty when absent. f64 `Display` gives the shortest round-trip form and
    /// never an exponent, which spreadsheets read as a plain number.
    fn number(&mut self, value: Option<impl std::fmt::Display>) {
        use std::fmt::Write;
        let start = self.buf.len();
        if let Some(v) = value {
            let _ = write!(self.buf, "{v}");
        }
        if let std::borrow::Cow::Owned(guarded) = guard_numeric(&self.buf[start..]) {
            self.buf.truncate(start);
            self.buf.push_str(&guarded);
        }
        self.ends.push(self.buf.len());
    }

    /// A number written as text (a published score); empty when absent.
    fn numeric_text(&mut self, value: Option<&str>) {
        self.buf.push_str(&guard_numeric(value.unwrap_or("")));
        self.ends.push(self.buf.len());
    }

    /// A count or rank; empty when absent (integers need no guard).
    fn integer(&mut self, value: Option<impl itoa::Integer>) {
        if let Some(v) = value {
            self.buf.push_str(itoa::Buffer::new().format(v));
        }
        self.ends.push(self.buf.len());
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.buf[a..b])
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
