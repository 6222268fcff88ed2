//! The ranking as one table value, built once and rendered by every format that shows it
//! (the hyperfine `export/markup.rs` layout): the terminal table, Markdown, the HTML report's
//! table, the wide CSV, Parquet and the XLSX Ranking sheet. Each column (its key, its label,
//! its cells) is defined here once; a [`Layout`] says which columns a format shows. Renderers
//! only write the cells, each with its own escaping (formula guard, HTML, Markdown).

use super::Report;
use super::intervals;
use super::labels::{L, Lang, dimension_name, group_name, platform_name};
use crate::results::{NodeLabel, PlatformResult, Results};

/// Shown for a missing value in the display formats (text, Markdown, HTML).
pub(crate) const MISSING: &str = "–";

/// Marks a dimension that is reported but does not enter the index.
pub(crate) const NOT_IN_INDEX: &str = "*";

/// Which columns a format shows, and in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// The terminal table. None: the compact default (English headers with dimension ids,
    /// both names of each platform, group ids).
    Text(Option<Lang>),
    /// The Markdown table: the index interval only, no rank columns of the bootstrap.
    Markdown(Lang),
    /// The HTML report's table: no dimensions, the status last; scores resting on fewer
    /// than `min_cell` respondents withheld.
    Html { lang: Lang, min_cell: usize },
    /// The wide CSV and Parquet: snake_case keys, ids and names as recorded, every
    /// dimension's score and rank, the bootstrap of every target.
    Data,
    /// The XLSX Ranking sheet: the data columns of the index in the language.
    Workbook(Lang),
    /// A business-model group's table in the HTML report: group rank first, overall rank
    /// last, the index withheld as in [`Layout::Html`].
    HtmlGroup { lang: Lang, min_cell: usize },
    /// The XLSX Groups sheet: the group, then its members by group rank.
    WorkbookGroups(Lang),
}

impl Layout {
    /// The language of labels and names; None for the compact text table and the data.
    fn lang(self) -> Option<Lang> {
        match self {
            Layout::Text(lang) => lang,
            Layout::Markdown(lang)
            | Layout::Workbook(lang)
            | Layout::WorkbookGroups(lang)
            | Layout::Html { lang, .. }
            | Layout::HtmlGroup { lang, .. } => Some(lang),
            Layout::Data => None,
        }
    }

    /// The HTML report's settings when the layout withholds small cells.
    fn withholding(self) -> Option<super::html::HtmlOptions> {
        match self {
            Layout::Html { lang, min_cell } | Layout::HtmlGroup { lang, min_cell } => {
                Some(super::html::HtmlOptions { lang, min_cell })
            }
            _ => None,
        }
    }
}

/// How a column's cells line up in the display formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    /// Numbers: right-aligned so that digits line up.
    Right,
}

/// What a column holds, which decides its type in Parquet and its number format in XLSX
/// and the text formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A rank or a count (Parquet int64).
    Count,
    /// Text (Parquet utf8).
    Text,
    /// A score: published at the publication precision (XLSX rounds it there).
    Score,
    /// A number in full (Parquet float64, XLSX general).
    Number,
    /// A probability (two decimals in text, a percentage in XLSX).
    Probability,
}

/// A cell of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// No value: "–" in the display formats, an empty cell or null in the data formats.
    Missing,
    Int(u64),
    Text(String),
    /// A published score: the text at the publication precision (what the text formats, the
    /// CSV and Parquet show) and the number it rounds (what XLSX rounds itself).
    Score {
        text: Option<String>,
        value: Option<f64>,
    },
    /// A number as computed (non-finite kept: the CSV writes them as they are).
    Number(f64),
    /// Text in place of a score withheld by the small-cell rule (HTML), or a dash.
    Withheld(String),
    /// Platform ids (";"-joined in CSV and Parquet, ", "-joined in XLSX).
    Ids(Vec<String>),
}

impl Value {
    /// The cell as the display formats show it, before their escaping.
    pub(crate) fn display(&self, kind: Kind) -> String {
        match self {
            Value::Missing => MISSING.into(),
            Value::Int(n) => n.to_string(),
            Value::Text(s) | Value::Withheld(s) => s.clone(),
            Value::Score { text, .. } => text.as_deref().unwrap_or(MISSING).into(),
            Value::Number(x) if kind == Kind::Probability => format!("{x:.2}"),
            Value::Number(x) => x.to_string(),
            Value::Ids(ids) => ids.join(", "),
        }
    }
}

/// One column: its machine key (the CSV header), its header in the layout, alignment, kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Column {
    pub key: String,
    pub header: String,
    pub align: Align,
    pub kind: Kind,
}

/// The ranking: the columns of a layout and one row of cells per platform, in ranking order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RankingTable {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

impl RankingTable {
    /// The table of a layout, one row per platform in ranking order.
    pub(crate) fn build(report: &Report<'_>, layout: Layout) -> RankingTable {
        RankingTable::of(report, layout, &report.results.platforms)
    }

    /// The table of a layout over some platforms (a group's members), in their order.
    pub(crate) fn of<'p>(
        report: &Report<'_>,
        layout: Layout,
        platforms: impl IntoIterator<Item = &'p PlatformResult>,
    ) -> RankingTable {
        let results = report.results;
        let cols = columns(results, layout);
        let columns = cols
            .iter()
            .map(|c| Column {
                key: c.key(),
                header: c.header(layout),
                align: c.align(),
                kind: c.kind(),
            })
            .collect();
        let rows = platforms
            .into_iter()
            .map(|p| cols.iter().map(|c| c.cell(report, layout, p)).collect())
            .collect();
        RankingTable { columns, rows }
    }

    /// The header labels, in order.
    pub(crate) fn headers(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.header.clone()).collect()
    }

    /// The rows as the display formats show them, before escaping.
    pub(crate) fn display_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&self.columns)
                    .map(|(v, c)| v.display(c.kind))
                    .collect()
            })
            .collect()
    }

    /// The index of the column with this key.
    pub(crate) fn position(&self, key: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }
}

/// A statistic of the bootstrap, per target (the index or a dimension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stat {
    CiLow,
    CiHigh,
    RankP5,
    RankP95,
    PFirst,
    NotDifferentFrom,
}

const STATS: [Stat; 6] = [
    Stat::CiLow,
    Stat::CiHigh,
    Stat::RankP5,
    Stat::RankP95,
    Stat::PFirst,
    Stat::NotDifferentFrom,
];

/// Every column of the ranking any format shows.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Col<'r> {
    Rank,
    GroupRank,
    PlatformId,
    /// The platform's name: in the language, both names (compact), or the English one (data).
    Platform,
    NameZh,
    Group,
    Status,
    StatusReason,
    /// The reason when there is one, else the status (HTML).
    StatusOrReason,
    Respondents,
    Index,
    IndexUnrounded,
    /// The index interval as "[low, high]".
    Interval,
    /// The rank interval as "2–4".
    RankInterval,
    /// The ranks of the platforms whose interval overlaps.
    Overlaps,
    Dimension(&'r NodeLabel),
    DimensionRank(&'r NodeLabel),
    /// A bootstrap statistic of the index (None) or of a dimension.
    Bootstrap(Option<&'r NodeLabel>, Stat),
}

/// The columns of a layout, in order. The differences between the formats are all here.
fn columns(results: &Results, layout: Layout) -> Vec<Col<'_>> {
    use Col::*;
    let bootstrapped = results.bootstrap.is_some();
    let dims = &results.dimension_names;
    let mut cols = match layout {
        Layout::Text(_) | Layout::Markdown(_) | Layout::Html { .. } => {
            vec![Rank, Platform, Group, Index]
        }
        Layout::Data => vec![
            Rank,
            GroupRank,
            PlatformId,
            Platform,
            NameZh,
            Group,
            Status,
            StatusReason,
            Respondents,
            Index,
            IndexUnrounded,
        ],
        Layout::HtmlGroup { .. } => vec![GroupRank, Platform, Index, Rank],
        Layout::WorkbookGroups(_) => vec![Group, GroupRank, PlatformId, Platform, Index, Status],
        Layout::Workbook(_) => vec![
            Rank,
            GroupRank,
            PlatformId,
            Platform,
            Group,
            Status,
            StatusReason,
            Respondents,
            Index,
            IndexUnrounded,
        ],
    };
    match layout {
        Layout::Text(_) => {
            if bootstrapped {
                cols.extend([
                    Interval,
                    RankInterval,
                    Bootstrap(None, Stat::PFirst),
                    Overlaps,
                ]);
            }
            cols.extend(dims.iter().map(Dimension));
            cols.push(Respondents);
        }
        Layout::Markdown(_) => {
            if bootstrapped {
                cols.push(Interval);
            }
            cols.extend(dims.iter().map(Dimension));
            cols.push(Respondents);
        }
        Layout::Html { .. } => {
            if bootstrapped {
                cols.extend([Interval, RankInterval]);
            }
            cols.extend([Respondents, StatusOrReason]);
        }
        Layout::Data => {
            for d in dims {
                cols.extend([Dimension(d), DimensionRank(d)]);
            }
            if bootstrapped {
                let targets = std::iter::once(None).chain(dims.iter().map(Some));
                for t in targets {
                    cols.extend(STATS.map(|s| Bootstrap(t, s)));
                }
            }
        }
        Layout::Workbook(_) => {
            if bootstrapped {
                cols.extend(STATS.map(|s| Bootstrap(None, s)));
            }
        }
        Layout::HtmlGroup { .. } | Layout::WorkbookGroups(_) => {}
    }
    cols
}

impl Col<'_> {
    /// The machine name: the CSV and Parquet header.
    fn key(self) -> String {
        match self {
            Col::Rank => "rank".into(),
            Col::GroupRank => "group_rank".into(),
            Col::PlatformId => "platform_id".into(),
            Col::Platform => "name".into(),
            Col::NameZh => "name_zh".into(),
            Col::Group => "group".into(),
            Col::Status => "status".into(),
            Col::StatusReason => "status_reason".into(),
            Col::StatusOrReason => "status_or_reason".into(),
            Col::Respondents => "respondents".into(),
            Col::Index => "index_score".into(),
            Col::IndexUnrounded => "index_score_unrounded".into(),
            Col::Interval => "index_interval".into(),
            Col::RankInterval => "index_rank_interval".into(),
            Col::Overlaps => "index_overlaps".into(),
            Col::Dimension(d) => format!("{}_score", d.id),
            Col::DimensionRank(d) => format!("{}_rank", d.id),
            Col::Bootstrap(t, s) => {
                let target = t.map_or("index", |d| d.id.as_str());
                let stat = match s {
                    Stat::CiLow => "ci_low",
                    Stat::CiHigh => "ci_high",
                    Stat::RankP5 => "rank_p5",
                    Stat::RankP95 => "rank_p95",
                    Stat::PFirst => "p_first",
                    Stat::NotDifferentFrom => "not_different_from",
                };
                format!("{target}_{stat}")
            }
        }
    }

    /// The header in the layout: the key for the data, else a label in the language.
    fn header(self, layout: Layout) -> String {
        if layout == Layout::Data {
            return self.key();
        }
        let lang = layout.lang().unwrap_or(Lang::En);
        let l = |label: L| lang.t(label);
        let t = |en: &str, zh: &str| lang.pick(en, Some(zh));
        let text = matches!(layout, Layout::Text(_));
        match self {
            Col::Rank => l(L::Rank),
            Col::GroupRank => l(L::GroupRank),
            Col::PlatformId => l(L::PlatformId),
            Col::Platform => l(L::Platform),
            Col::NameZh => l(L::Platform),
            Col::Group => l(L::Group),
            Col::Status | Col::StatusOrReason => l(L::Status),
            Col::StatusReason => l(L::Reason),
            Col::Respondents => l(L::Respondents),
            Col::Index => l(L::Index),
            Col::IndexUnrounded => l(L::IndexUnrounded),
            Col::Interval => l(L::Interval),
            Col::RankInterval if text => t("Rank 5–95%", "排名5–95%"),
            Col::RankInterval => l(L::RankInterval),
            Col::Overlaps => t("Overlaps", "无显著差异"),
            Col::Dimension(d) => {
                let mark = if d.in_index { "" } else { NOT_IN_INDEX };
                let name = match layout.lang() {
                    Some(lang) => dimension_name(d, lang),
                    None => d.id.clone(),
                };
                format!("{name}{mark}")
            }
            Col::DimensionRank(d) => format!("{} – {}", dimension_name(d, lang), l(L::Rank)),
            Col::Bootstrap(_, s) => match s {
                Stat::PFirst if text => t("P(1st)", "第一概率"),
                Stat::PFirst => l(L::ProbFirst),
                Stat::CiLow => format!("{} – low", l(L::Interval)),
                Stat::CiHigh => format!("{} – high", l(L::Interval)),
                Stat::RankP5 => format!("{} – low", l(L::RankInterval)),
                Stat::RankP95 => format!("{} – high", l(L::RankInterval)),
                Stat::NotDifferentFrom => t("Not significantly different from", "差异不显著的平台"),
            },
        }
    }

    fn align(self) -> Align {
        match self {
            Col::PlatformId
            | Col::Platform
            | Col::NameZh
            | Col::Group
            | Col::Status
            | Col::StatusReason
            | Col::StatusOrReason
            | Col::Bootstrap(_, Stat::NotDifferentFrom) => Align::Left,
            _ => Align::Right,
        }
    }

    fn kind(self) -> Kind {
        match self {
            Col::Rank
            | Col::GroupRank
            | Col::Respondents
            | Col::DimensionRank(_)
            | Col::Bootstrap(_, Stat::RankP5 | Stat::RankP95) => Kind::Count,
            Col::Index | Col::Dimension(_) | Col::Bootstrap(_, Stat::CiLow | Stat::CiHigh) => {
                Kind::Score
            }
            Col::IndexUnrounded => Kind::Number,
            Col::Bootstrap(_, Stat::PFirst) => Kind::Probability,
            Col::PlatformId
            | Col::Platform
            | Col::NameZh
            | Col::Group
            | Col::Status
            | Col::StatusReason
            | Col::StatusOrReason
            | Col::Interval
            | Col::RankInterval
            | Col::Overlaps
            | Col::Bootstrap(_, Stat::NotDifferentFrom) => Kind::Text,
        }
    }

    fn cell(self, report: &Report<'_>, layout: Layout, p: &PlatformResult) -> Value {
        let results = report.results;
        let int = |n: Option<u32>| n.map_or(Value::Missing, |n| Value::Int(n.into()));
        let text = |s: Option<&str>| s.map_or(Value::Missing, |s| Value::Text(s.into()));
        let finite = |x: Option<f64>| {
            x.filter(|x| x.is_finite())
                .map_or(Value::Missing, Value::Number)
        };
        // The HTML report withholds the index (and its interval) below the small-cell rule.
        let html_index = layout
            .withholding()
            .map(|options| super::html::index_text(p, options, options.lang));
        let index_uncertainty = || match &html_index {
            Some((value, _)) => value.and(intervals::uncertainty(results, &p.id, None)),
            None => intervals::uncertainty(results, &p.id, None),
        };
        match self {
            Col::Rank => int(p.rank),
            Col::GroupRank => int(p.group_rank),
            Col::PlatformId => Value::Text(p.id.clone()),
            Col::Platform => Value::Text(match layout {
                Layout::Data => p.name.clone(),
                Layout::Text(None) => platform_label(p),
                _ => platform_name(p, layout.lang().unwrap_or_default()),
            }),
            Col::NameZh => text(p.name_zh.as_deref()),
            Col::Group => match layout {
                Layout::Data | Layout::Text(None) => text(p.group.as_deref()),
                Layout::Text(Some(lang)) => {
                    let name = group_name(report, p.group.as_deref(), lang);
                    text(Some(name.as_str()).filter(|g| !g.is_empty()))
                }
                _ => Value::Text(group_name(
                    report,
                    p.group.as_deref(),
                    layout.lang().unwrap_or_default(),
                )),
            },
            Col::Status => Value::Text(p.status.name().into()),
            Col::StatusReason => text(p.status_reason.as_deref()),
            Col::StatusOrReason => Value::Text(
                p.status_reason
                    .clone()
                    .unwrap_or_else(|| p.status.name().to_string()),
            ),
            Col::Respondents => Value::Int(p.respondents as u64),
            Col::Index => match html_index {
                Some((Some(value), text)) => Value::Score {
                    text: Some(text),
                    value: Some(value),
                },
                Some((None, text)) => Value::Withheld(text),
                None => Value::Score {
                    text: p.score_display.clone(),
                    value: p.score,
                },
            },
            Col::IndexUnrounded => finite(p.score),
            Col::Interval => index_uncertainty().map_or(Value::Missing, |u| {
                Value::Text(intervals::score_interval(results, u))
            }),
            Col::RankInterval => index_uncertainty()
                .and_then(intervals::rank_interval)
                .map_or(Value::Missing, Value::Text),
            Col::Overlaps => overlaps(results, p),
            Col::Dimension(d) => {
                let node = p.dimensions.get(&d.id);
                Value::Score {
                    text: node.and_then(|n| n.score_display.clone()),
                    value: node.and_then(|n| n.score),
                }
            }
            Col::DimensionRank(d) => int(p.dimensions.get(&d.id).and_then(|n| n.rank)),
            Col::Bootstrap(t, s) => {
                let target = t.map(|d| d.id.as_str());
                let Some(u) = intervals::uncertainty(results, &p.id, target) else {
                    return Value::Missing;
                };
                match s {
                    Stat::CiLow => finite(Some(u.low)),
                    Stat::CiHigh => finite(Some(u.high)),
                    Stat::RankP5 => int(u.rank_low),
                    Stat::RankP95 => int(u.rank_high),
                    Stat::PFirst => u.p_first.map_or(Value::Missing, Value::Number),
                    Stat::NotDifferentFrom => Value::Ids(u.not_different_from.clone()),
                }
            }
        }
    }
}

/// The ranks of the platforms the index cannot be told apart from (overlapping intervals),
/// "1, 2".
fn overlaps(results: &Results, p: &PlatformResult) -> Value {
    let Some(u) = intervals::uncertainty(results, &p.id, None) else {
        return Value::Missing;
    };
    let rank_of = |id: &String| {
        results
            .platforms
            .iter()
            .find(|q| &q.id == id)
            .and_then(|q| q.rank)
    };
    let mut ranks: Vec<u32> = u.not_different_from.iter().filter_map(rank_of).collect();
    ranks.sort_unstable();
    ranks.dedup();
    if ranks.is_empty() {
        return Value::Missing;
    }
    let ranks: Vec<String> = ranks.iter().map(u32::to_string).collect();
    Value::Text(ranks.join(", "))
}

/// "Taobao 淘宝": the English name, then the Chinese one when the definition has it.
fn platform_label(p: &PlatformResult) -> String {
    match &p.name_zh {
        Some(zh) if !zh.is_empty() && *zh != p.name => format!("{} {zh}", p.name),
        _ => p.name.clone(),
    }
}

#[cfg(test)]
mod tests;
