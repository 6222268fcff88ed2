//! Self-contained HTML: the report (`qbpc-index report`) and the platform scorecards. One
//! file each, no network (inline CSS, inline SVG charts, a content security policy that
//! forbids every load and every script), readable from a USB stick and printable to PDF.
//! Every string from the data is escaped (see `markup`).

// Indexing is in range here: `i` runs over 1..fit with fit ≤ rest.len(), so rest[i] and rest[i -
// 1] are in range.
#![allow(clippy::indexing_slicing)]

mod appendix;
pub(crate) mod charts;
mod manifest;
pub(crate) mod markup;
pub(crate) mod page;
mod report;
mod scorecard;
mod sections;
pub(crate) mod trend;

pub use markup::escape;
pub(crate) use report::index_text;
pub use report::render as report;
pub use report::render_with_trend as report_with_trend;
pub use scorecard::render as scorecard;

use super::labels::Lang;
use super::privacy::DEFAULT_MIN_CELL;

/// Settings of the HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlOptions {
    pub lang: Lang,
    /// k of the small-cell rule: scores resting on fewer respondents are withheld.
    pub min_cell: usize,
}

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            lang: Lang::default(),
            min_cell: DEFAULT_MIN_CELL,
        }
    }
}

/// Splits a bilingual label into chart lines: "English 中文" becomes two lines in `both`,
/// and long English names wrap at about `width` characters.
pub(crate) fn label_lines(en: &str, zh: Option<&str>, lang: Lang, width: usize) -> Vec<String> {
    let zh = zh.filter(|z| !z.trim().is_empty() && *z != en);
    let mut lines = Vec::new();
    if lang != Lang::Zh || zh.is_none() {
        lines.extend(wrap(en, width));
    }
    if lang != Lang::En
        && let Some(z) = zh
    {
        lines.extend(wrap_cjk(z.trim(), width));
    }
    lines
}

/// Width in Latin letters: CJK characters and full-width forms count two.
fn cells(c: char) -> usize {
    if (c as u32) >= 0x2E80 { 2 } else { 1 }
}

/// Wraps a Chinese label (no spaces) at about `width` Latin letters, preferring a break before
/// an opening bracket or after a slash.
fn wrap_cjk(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.iter().map(|&c| cells(c)).sum::<usize>() > width {
        // The longest prefix that fits, then a nicer break inside it when there is one.
        let mut used = 0;
        let mut fit = 0;
        for &c in &rest {
            if used + cells(c) > width {
                break;
            }
            used += cells(c);
            fit += 1;
        }
        let fit = fit.max(1);
        let nice = (1..fit)
            .rev()
            .find(|&i| matches!(rest[i], '（' | '(') || matches!(rest[i - 1], '/' | '、'))
            .filter(|&i| i * 2 >= fit);
        let cut = nice.unwrap_or(fit);
        lines.push(rest[..cut].iter().collect());
        rest.drain(..cut);
    }
    if !rest.is_empty() || lines.is_empty() {
        lines.push(rest.into_iter().collect());
    }
    lines
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

#[cfg(test)]
mod tests;
