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
        for p in &results.platforms {
            w.write_record(row(results, p))?;
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

fn bootstrap_fields(results: &Results, p: &PlatformResult) -> Vec<String> {
    if results.bootstrap.is_none() {
        return Vec::new();
    }
    let targets =
        std::iter::once(None).chain(results.dimension_names.iter().map(|d| Some(d.id.as_str())));
    let mut out = Vec::new();
    for t in targets {
        let u = super::intervals::uncertainty(results, &p.id, t);
        let ids = u.map_or(String::new(), |u| u.not_different_from.join(";"));
        out.extend(
            [
                number(u.map(|u| u.low).filter(|x| x.is_finite())),
                number(u.map(|u| u.high).filter(|x| x.is_finite())),
                number(u.and_then(|u| u.rank_low)),
                number(u.and_then(|u| u.rank_high)),
                number(u.and_then(|u| u.p_first)),
            ]
            .map(Cell::into_field),
        );
        out.push(guard_text(&ids).into_owned());
    }
    out
}

/// A cell: text guarded against formula injection, or a number left as written.
enum Cell<'a> {
    Text(&'a str),
    Number(String),
}

fn row(results: &Results, p: &PlatformResult) -> Vec<String> {
    let mut cells = vec![
        number(p.rank),
        number(p.group_rank),
        Cell::Text(&p.id),
        Cell::Text(&p.name),
        text(p.name_zh.as_deref()),
        text(p.group.as_deref()),
        Cell::Text(p.status.name()),
        text(p.status_reason.as_deref()),
        Cell::Number(p.respondents.to_string()),
        number(p.score_display.as_deref()),
        number(p.score.filter(|s| s.is_finite())),
    ];
    for d in &results.dimension_names {
        let node = p.dimensions.get(&d.id);
        cells.push(number(node.and_then(|n| n.score_display.as_deref())));
        cells.push(number(node.and_then(|n| n.rank)));
    }
    let mut fields: Vec<String> = cells.into_iter().map(Cell::into_field).collect();
    fields.extend(bootstrap_fields(results, p));
    fields
}

/// A text cell; empty when absent.
fn text(value: Option<&str>) -> Cell<'_> {
    Cell::Text(value.unwrap_or(""))
}

/// A numeric cell; empty when absent. f64 `Display` gives the shortest round-trip form and
/// never an exponent, which spreadsheets read as a plain number.
fn number<T: ToString>(value: Option<T>) -> Cell<'static> {
    Cell::Number(value.map_or(String::new(), |v| v.to_string()))
}

impl Cell<'_> {
    fn into_field(self) -> String {
        match self {
            Cell::Text(s) => guard_text(s).into_owned(),
            Cell::Number(s) => guard_numeric(&s).into_owned(),
        }
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
