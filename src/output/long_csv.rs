//! Long CSV for pipelines (`--format csv --level item|indicator|dimension|text`): one row per
//! platform × node with one column set whatever the level, so that files of several levels
//! can be stacked; or one row per free-text answer. Headers are fixed snake_case names.

use super::guard::guard_text;
use super::methodology::Methodology;
use super::{Exporter, OutputError, Report};
use crate::results::{ItemResult, NodeResult, PlatformResult, Results};
use std::fmt;
use std::str::FromStr;

/// The level of the rows of a long CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Dimension,
    Indicator,
    Item,
    /// One row per free-text answer (platform, item, text).
    Text,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Item, Level::Indicator, Level::Dimension, Level::Text];

    pub fn name(self) -> &'static str {
        match self {
            Level::Dimension => "dimension",
            Level::Indicator => "indicator",
            Level::Item => "item",
            Level::Text => "text",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .into_iter()
            .find(|l| l.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown level {s:?} (expected one of: item, indicator, dimension, text)")
            })
    }
}

const PLATFORM_COLUMNS: [&str; 5] = ["platform_id", "name", "name_zh", "group", "status"];

const NODE_COLUMNS: [&str; 18] = [
    "level",
    "node_id",
    "node_name",
    "node_name_zh",
    "dimension",
    "parent",
    "score",
    "score_display",
    "rank",
    "respondents",
    "coverage",
    "n",
    "na",
    "no_answer",
    "invalid",
    "skipped",
    "raw",
    "missing_reason",
];

/// Renders the long CSV of one level.
#[derive(Debug, Clone)]
pub struct LongCsvExporter {
    pub level: Level,
    pub bom: bool,
}

impl Exporter for LongCsvExporter {
    fn render(&self, results: &Results) -> Result<Vec<u8>, OutputError> {
        self.render_report(&Report {
            results,
            methodology: None,
        })
    }

    fn render_report(&self, report: &Report<'_>) -> Result<Vec<u8>, OutputError> {
        let start = if self.bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        let mut w = ::csv::Writer::from_writer(start);
        let rows = match self.level {
            Level::Text => text_rows(report.results),
            level => node_rows(report, level),
        };
        let header: Vec<&str> = match self.level {
            Level::Text => PLATFORM_COLUMNS
                .iter()
                .chain(&["item", "text"])
                .copied()
                .collect(),
            _ => PLATFORM_COLUMNS
                .iter()
                .chain(&NODE_COLUMNS)
                .copied()
                .collect(),
        };
        w.write_record(header)?;
        for row in rows {
            w.write_record(row)?;
        }
        w.flush()?;
        w.into_inner().map_err(|e| OutputError::Io(e.into_error()))
    }
}

/// The identity columns of a platform, text guarded.
fn platform_cells(p: &PlatformResult) -> Vec<String> {
    [
        p.id.as_str(),
        &p.name,
        p.name_zh.as_deref().unwrap_or(""),
        p.group.as_deref().unwrap_or(""),
        p.status.name(),
    ]
    .map(text)
    .to_vec()
}

fn text(s: &str) -> String {
    guard_text(s).into_owned()
}

/// A number cell: shortest round-trip form, empty when absent or not finite.
fn num<T: ToString>(v: Option<T>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

fn text_rows(results: &Results) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for p in &results.platforms {
        for (item, answers) in &p.texts {
            for answer in answers {
                let mut row = platform_cells(p);
                row.push(text(item));
                row.push(text(answer));
                rows.push(row);
            }
        }
    }
    rows
}

/// Names and place in the tree of a node or item, from the methodology when there is one.
struct Place {
    name: String,
    name_zh: String,
    dimension: String,
    parent: String,
}

fn node_place(report: &Report<'_>, id: &str) -> Place {
    let results = report.results;
    if let Some(d) = results.dimension_names.iter().find(|d| d.id == id) {
        return Place {
            name: d.name.clone(),
            name_zh: d.name_zh.clone().unwrap_or_default(),
            dimension: d.id.clone(),
            parent: String::new(),
        };
    }
    let summary = report.methodology.and_then(|m| m.node(id));
    let dimension = summary
        .map(|s| dimension_of(report.methodology, &s.id))
        .unwrap_or_default();
    Place {
        name: summary.map(|s| s.name.clone()).unwrap_or_default(),
        name_zh: summary.and_then(|s| s.name_zh.clone()).unwrap_or_default(),
        dimension,
        parent: summary.and_then(|s| s.parent.clone()).unwrap_or_default(),
    }
}

fn dimension_of(methodology: Option<&Methodology>, node: &str) -> String {
    let Some(m) = methodology else {
        return String::new();
    };
    let mut id = node.to_string();
    while let Some(parent) = m.node(&id).and_then(|n| n.parent.clone()) {
        id = parent;
    }
    id
}

fn item_place(report: &Report<'_>, id: &str) -> Place {
    let summary = report.methodology.and_then(|m| m.item(id));
    Place {
        name: summary
            .and_then(|s| s.text_en.clone().or_else(|| s.text.clone()))
            .unwrap_or_default(),
        name_zh: summary.and_then(|s| s.text.clone()).unwrap_or_default(),
        dimension: summary.map(|s| s.dimension.clone()).unwrap_or_default(),
        parent: summary.map(|s| s.node.clone()).unwrap_or_default(),
    }
}

fn node_rows(report: &Report<'_>, level: Level) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for p in &report.results.platforms {
        match level {
            Level::Dimension => {
                for (id, node) in &p.dimensions {
                    rows.push(node_row(p, level, id, &node_place(report, id), node));
                }
            }
            Level::Indicator => {
                for (id, node) in &p.indicators {
                    rows.push(node_row(p, level, id, &node_place(report, id), node));
                }
            }
            Level::Item | Level::Text => {
                for (id, item) in &p.items {
                    rows.push(item_row(p, id, &item_place(report, id), item));
                }
            }
        }
    }
    rows
}

fn place_cells(row: &mut Vec<String>, level: Level, id: &str, place: &Place) {
    row.push(level.name().to_string());
    for s in [
        id,
        &place.name,
        &place.name_zh,
        &place.dimension,
        &place.parent,
    ] {
        row.push(text(s));
    }
}

fn node_row(
    p: &PlatformResult,
    level: Level,
    id: &str,
    place: &Place,
    node: &NodeResult,
) -> Vec<String> {
    let mut row = platform_cells(p);
    place_cells(&mut row, level, id, place);
    row.extend([
        num(finite(node.score)),
        num(node.score_display.as_deref()),
        num(node.rank),
        node.respondents.to_string(),
        num(finite(Some(node.coverage))),
    ]);
    row.extend(std::iter::repeat_n(String::new(), 6));
    row.push(text(node.missing_reason.as_deref().unwrap_or("")));
    row
}

fn item_row(p: &PlatformResult, id: &str, place: &Place, item: &ItemResult) -> Vec<String> {
    let mut row = platform_cells(p);
    place_cells(&mut row, Level::Item, id, place);
    row.extend([
        num(finite(item.score)),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        item.n.to_string(),
        item.na.to_string(),
        item.no_answer.to_string(),
        item.invalid.to_string(),
        item.skipped.to_string(),
        num(finite(item.raw)),
    ]);
    row.push(text(item.missing_reason.as_deref().unwrap_or("")));
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::test_fixture::sample;

    fn render(results: &Results, level: Level) -> String {
        let bytes = LongCsvExporter { level, bom: false }
            .render(results)
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    fn records(text: &str) -> Vec<csv::StringRecord> {
        let mut r = csv::Reader::from_reader(text.as_bytes());
        r.records().map(Result::unwrap).collect()
    }

    #[test]
    fn one_row_per_platform_and_node_with_one_column_set() {
        let results = sample();
        let dims = render(&results, Level::Dimension);
        let items = render(&results, Level::Item);
        assert_eq!(records(&dims).len(), 4 * 3);
        assert_eq!(records(&items).len(), 4);
        assert_eq!(dims.lines().next(), items.lines().next(), "same header");
        insta::assert_snapshot!(dims);
    }

    #[test]
    fn every_record_has_the_header_width() {
        let results = sample();
        for level in Level::ALL {
            let text = render(&results, level);
            let width = text.lines().next().unwrap().split(',').count();
            for r in records(&text) {
                assert_eq!(r.len(), width, "{level}");
            }
        }
    }

    #[test]
    fn free_text_rows_are_guarded() {
        let mut results = sample();
        results.platforms[0].texts.insert(
            "best_practice".into(),
            vec![r#"=HYPERLINK("http://x","y")"#.into(), "plain".into()],
        );
        let text = render(&results, Level::Text);
        let rows = records(&text);
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][6], r#"'=HYPERLINK("http://x","y")"#);
        assert_eq!(&rows[1][6], "plain");
    }

    #[test]
    fn level_parses_its_names() {
        for l in Level::ALL {
            assert_eq!(l.name().parse::<Level>(), Ok(l));
        }
        assert!("platform".parse::<Level>().is_err());
    }
}
