//! Platform scorecards (`qbpc-index scorecards`): what one platform is sent about itself.
//! Its scores and ranks against the field average and the best, its strongest and weakest
//! items, respondent counts, intervals when bootstrapped, and the free-text suggestions
//! about it. Never respondent ids or company names (nothing here reads exclusions or
//! diagnostics), and any breakdown resting on fewer than `min_cell` respondents is withheld,
//! saying so.

mod markdown;

pub use markdown::{privacy_note, render as render_markdown, withheld_note};

use super::labels::Lang;
use super::privacy::shown;
use super::{OutputError, Report};
use crate::results::{NodeLabel, PlatformResult, Results, Status};

/// Items listed as strongest and as weakest.
pub const TOP_ITEMS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScorecardOptions {
    pub lang: Lang,
    /// k of the small-cell rule.
    pub min_cell: usize,
}

impl Default for ScorecardOptions {
    fn default() -> Self {
        ScorecardOptions {
            lang: Lang::default(),
            min_cell: super::privacy::DEFAULT_MIN_CELL,
        }
    }
}

/// A score of the platform next to the field.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// None when there is no score or it is withheld.
    pub score: Option<f64>,
    pub rank: Option<u32>,
    /// Mean over the ranked platforms with a score.
    pub field_average: Option<f64>,
    /// Highest score among the ranked platforms.
    pub best: Option<f64>,
    pub respondents: usize,
    /// True when the score exists but rests on fewer than `min_cell` respondents.
    pub withheld: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DimensionLine {
    pub label: NodeLabel,
    pub comparison: Comparison,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ItemLine {
    pub id: String,
    /// The question in the scorecard's language (the id when the definition has no text).
    pub question: String,
    pub score: f64,
    pub field_average: f64,
    /// Respondents with a score; None for platform-level data (one value per platform).
    pub n: Option<usize>,
}

impl ItemLine {
    /// Points above (positive) or below the field average.
    pub fn gap(&self) -> f64 {
        self.score - self.field_average
    }
}

/// Everything one scorecard shows.
#[derive(Debug, Clone)]
pub struct Scorecard<'a> {
    pub results: &'a Results,
    pub platform: &'a PlatformResult,
    pub options: ScorecardOptions,
    /// The whole platform rests on fewer than `min_cell` respondents: only counts are shown.
    pub withheld: bool,
    pub ranked_platforms: usize,
    /// Ranked platforms in the platform's group.
    pub group_size: usize,
    pub index: Comparison,
    pub dimensions: Vec<DimensionLine>,
    pub strongest: Vec<ItemLine>,
    pub weakest: Vec<ItemLine>,
    /// Items left out of the comparison for having fewer than `min_cell` answers.
    pub items_withheld: usize,
    /// Free-text answers by item (question, answers with how many gave each).
    pub texts: Vec<(String, Vec<(String, usize)>)>,
}

/// One platform's scorecard.
pub fn build<'a>(
    report: &Report<'a>,
    platform: &'a PlatformResult,
    options: ScorecardOptions,
) -> Scorecard<'a> {
    let results = report.results;
    let k = options.min_cell;
    let withheld = !shown(platform.respondents, k);
    let ranked: Vec<&PlatformResult> = results
        .platforms
        .iter()
        .filter(|p| p.status == Status::Ranked)
        .collect();
    let index = compare(
        platform.score,
        platform.rank,
        platform.respondents,
        ranked.iter().map(|p| p.score),
        k,
        withheld,
    );
    let dimensions = dimension_lines(results, platform, &ranked, k, withheld);
    let (lines, items_withheld) = item_lines(report, platform, &ranked, options);
    let (strongest, weakest) = if withheld {
        (Vec::new(), Vec::new())
    } else {
        extremes(lines)
    };
    Scorecard {
        results,
        platform,
        options,
        withheld,
        ranked_platforms: ranked.len(),
        group_size: ranked
            .iter()
            .filter(|p| p.group.is_some() && p.group == platform.group)
            .count(),
        index,
        dimensions,
        strongest,
        weakest,
        items_withheld,
        texts: if withheld {
            Vec::new()
        } else {
            texts(report, platform, options.lang)
        },
    }
}

/// Each dimension of the platform next to the ranked platforms.
fn dimension_lines(
    results: &Results,
    platform: &PlatformResult,
    ranked: &[&PlatformResult],
    k: usize,
    platform_withheld: bool,
) -> Vec<DimensionLine> {
    results
        .dimension_names
        .iter()
        .map(|d| {
            let node = platform.dimensions.get(&d.id);
            let field = ranked
                .iter()
                .map(|p| p.dimensions.get(&d.id).and_then(|n| n.score));
            DimensionLine {
                label: d.clone(),
                comparison: compare(
                    node.and_then(|n| n.score),
                    node.and_then(|n| n.rank),
                    node.map_or(0, |n| n.respondents),
                    field,
                    k,
                    platform_withheld,
                ),
            }
        })
        .collect()
}

fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().filter(|x| x.is_finite()).collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn compare(
    score: Option<f64>,
    rank: Option<u32>,
    respondents: usize,
    field: impl Iterator<Item = Option<f64>> + Clone,
    k: usize,
    platform_withheld: bool,
) -> Comparison {
    let withheld = score.is_some() && (platform_withheld || !shown(respondents, k));
    Comparison {
        score: if withheld { None } else { score },
        rank: if withheld { None } else { rank },
        field_average: mean(field.clone()),
        best: field.flatten().filter(|x| x.is_finite()).reduce(f64::max),
        respondents,
        withheld,
    }
}

/// Item lines that may be shown (a score on at least `min_cell` answers, or platform-level
/// data, and a field average), and how many items were withheld for too few answers.
fn item_lines(
    report: &Report<'_>,
    platform: &PlatformResult,
    ranked: &[&PlatformResult],
    options: ScorecardOptions,
) -> (Vec<ItemLine>, usize) {
    let mut lines = Vec::new();
    let mut withheld = 0;
    for (id, item) in &platform.items {
        let Some(score) = item.score.filter(|s| s.is_finite()) else {
            continue;
        };
        let platform_level = report.methodology.is_some_and(|m| m.is_platform_level(id));
        if !platform_level && item.n < options.min_cell {
            withheld += 1;
            continue;
        }
        let Some(field_average) =
            mean(ranked.iter().map(|p| p.items.get(id).and_then(|i| i.score)))
        else {
            continue;
        };
        lines.push(ItemLine {
            id: id.clone(),
            question: question(report, id, options.lang),
            score,
            field_average,
            n: (!platform_level).then_some(item.n),
        });
    }
    (lines, withheld)
}

fn question(report: &Report<'_>, id: &str, lang: Lang) -> String {
    match report.methodology.and_then(|m| m.item(id)) {
        Some(i) if i.text.is_some() || i.text_en.is_some() => {
            let en = i.text_en.as_deref().or(i.text.as_deref()).unwrap_or(id);
            lang.pick(en, i.text.as_deref())
        }
        // Without a wording (platform-level data columns), the id reads as words.
        _ => id.replace('_', " "),
    }
}

/// A count for display: platform-level data (no respondents) shows a dash.
pub fn count(n: Option<usize>) -> String {
    match n {
        Some(n) if n > 0 => n.to_string(),
        _ => "–".to_string(),
    }
}

/// The items furthest above and below the field average, strongest first and weakest first;
/// an item appears in one list at most. Ties keep the definition order.
fn extremes(mut lines: Vec<ItemLine>) -> (Vec<ItemLine>, Vec<ItemLine>) {
    lines.sort_by(|a, b| b.gap().total_cmp(&a.gap()));
    let strong = TOP_ITEMS.min(lines.len().div_ceil(2));
    let weak = TOP_ITEMS.min(lines.len() - strong);
    let strongest: Vec<ItemLine> = lines.iter().take(strong).cloned().collect();
    let weakest: Vec<ItemLine> = lines.iter().rev().take(weak).cloned().collect();
    (strongest, weakest)
}

/// Free-text answers grouped by item; identical answers are shown once with their count.
fn texts(
    report: &Report<'_>,
    platform: &PlatformResult,
    lang: Lang,
) -> Vec<(String, Vec<(String, usize)>)> {
    platform
        .texts
        .iter()
        .map(|(item, answers)| {
            let mut counted: Vec<(String, usize)> = Vec::new();
            for a in answers {
                match counted.last_mut() {
                    Some((last, n)) if last == a => *n += 1,
                    _ => counted.push((a.clone(), 1)),
                }
            }
            (question(report, item, lang), counted)
        })
        .collect()
}

/// A file of the scorecards directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScorecardFile {
    /// File name (no directory): `<platform id>.html` or `.md`.
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Every platform's scorecard as HTML and Markdown, in ranking order.
pub fn render_all(
    report: &Report<'_>,
    options: ScorecardOptions,
) -> Result<Vec<ScorecardFile>, OutputError> {
    let mut files = Vec::new();
    let mut stems: Vec<String> = Vec::new();
    for p in &report.results.platforms {
        let card = build(report, p, options);
        let stem = unique_stem(&p.id, &stems);
        files.push(ScorecardFile {
            name: format!("{stem}.html"),
            bytes: super::html::scorecard(report, &card)?.into_bytes(),
        });
        files.push(ScorecardFile {
            name: format!("{stem}.md"),
            bytes: render_markdown(&card).into_bytes(),
        });
        stems.push(stem);
    }
    Ok(files)
}

/// A file stem from a platform id that is safe on every file system (ids come from a
/// user-edited definition), unique among the stems already taken.
fn unique_stem(id: &str, taken: &[String]) -> String {
    let mut stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() || stem.starts_with('.') {
        stem.insert(0, 'p');
    }
    let base = stem.clone();
    let mut n = 2;
    while taken.contains(&stem) {
        stem = format!("{base}-{n}");
        n += 1;
    }
    stem
}

#[cfg(test)]
mod tests;
