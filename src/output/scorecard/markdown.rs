//! A scorecard as Markdown (for e-mail or a wiki). Every text is escaped.

use super::{Comparison, ItemLine, Scorecard};
use crate::output::intervals;
use crate::output::labels::{L, Lang, dimension_name, platform_name};
use crate::output::markdown::{escape, table};
use crate::rank::display;

const MISSING: &str = "–";

pub fn render(card: &Scorecard<'_>) -> String {
    let lang = card.options.lang;
    let results = card.results;
    let meta = &results.index;
    let mut out = format!(
        "# {}\n\n{} {}\n\n",
        escape(&platform_name(card.platform, lang)),
        escape(&lang.pick(&meta.name, meta.name_zh.as_deref())),
        escape(&meta.edition)
    );
    out.push_str(&summary(card));
    if card.withheld {
        out.push_str(&format!("\n{}\n", escape(&withheld_note(card))));
        return out;
    }
    out.push_str(&format!("\n## {}\n\n", escape(&lang.t(L::Dimensions))));
    out.push_str(&dimension_table(card));
    for (title, lines) in [
        (
            lang.pick("Strongest items", Some("表现最好的题目")),
            &card.strongest,
        ),
        (
            lang.pick("Weakest items", Some("表现最弱的题目")),
            &card.weakest,
        ),
    ] {
        if !lines.is_empty() {
            out.push_str(&format!("\n## {}\n\n", escape(&title)));
            out.push_str(&item_table(card, lines));
        }
    }
    if !card.texts.is_empty() {
        out.push_str(&format!(
            "\n## {}\n",
            escape(&lang.pick("Suggestions from respondents", Some("受访者的意见与建议")))
        ));
        for (question, answers) in &card.texts {
            out.push_str(&format!("\n**{}**\n\n", escape(question)));
            for (text, n) in answers {
                let times = if *n > 1 {
                    format!(" (×{n})")
                } else {
                    String::new()
                };
                out.push_str(&format!("* {}{times}\n", escape(text)));
            }
        }
    }
    out.push_str(&format!("\n---\n\n{}\n", escape(&privacy_note(card))));
    out
}

/// The headline lines: rank, index against the field, respondents, interval.
fn summary(card: &Scorecard<'_>) -> String {
    let lang = card.options.lang;
    let d = card.results.decimals;
    let c = &card.index;
    let mut lines = vec![format!(
        "{}: {}",
        lang.t(L::Respondents),
        card.platform.respondents
    )];
    if !card.withheld {
        lines.push(format!(
            "{}: {} / {}",
            lang.t(L::Rank),
            c.rank.map_or(MISSING.to_string(), |r| r.to_string()),
            card.ranked_platforms
        ));
        if let Some(r) = card.platform.group_rank {
            lines.push(format!(
                "{}: {r} / {}",
                lang.t(L::GroupRank),
                card.group_size
            ));
        }
        lines.push(format!(
            "{}: {} · {}: {} · {}: {}",
            lang.t(L::Index),
            score(c.score, d),
            lang.t(L::FieldAverage),
            score(c.field_average, d),
            lang.t(L::Best),
            score(c.best, d)
        ));
        if let Some(u) = intervals::uncertainty(card.results, &card.platform.id, None) {
            lines.push(format!(
                "{}: {}{}",
                lang.t(L::Interval),
                intervals::score_interval(card.results, u),
                intervals::rank_interval(u)
                    .map(|r| format!(" · {}: {r}", lang.t(L::RankInterval)))
                    .unwrap_or_default()
            ));
        }
        if let Some(reason) = &card.platform.status_reason {
            lines.push(format!("{}: {reason}", lang.t(L::Status)));
        }
    }
    lines.iter().map(|l| format!("* {}\n", escape(l))).collect()
}

pub(crate) fn score(v: Option<f64>, decimals: u32) -> String {
    v.filter(|x| x.is_finite())
        .map_or(MISSING.to_string(), |x| display(x, decimals))
}

fn cell(c: &Comparison, decimals: u32, min_cell: usize) -> String {
    if c.withheld {
        format!("< {min_cell}")
    } else {
        score(c.score, decimals)
    }
}

fn dimension_table(card: &Scorecard<'_>) -> String {
    let lang = card.options.lang;
    let d = card.results.decimals;
    let k = card.options.min_cell;
    let mut header = vec![
        lang.t(L::Dimension),
        lang.t(L::Score),
        lang.t(L::Rank),
        lang.t(L::FieldAverage),
        lang.t(L::Best),
        lang.t(L::Respondents),
    ];
    let bootstrapped = card.results.bootstrap.is_some();
    if bootstrapped {
        header.push(lang.t(L::Interval));
    }
    let rows: Vec<Vec<String>> = card
        .dimensions
        .iter()
        .map(|line| {
            let c = &line.comparison;
            let mark = if line.label.in_index { "" } else { " *" };
            let mut row = vec![
                format!("{}{mark}", dimension_name(&line.label, lang)),
                cell(c, d, k),
                c.rank.map_or(MISSING.to_string(), |r| r.to_string()),
                score(c.field_average, d),
                score(c.best, d),
                crate::output::scorecard::count(Some(c.respondents)),
            ];
            if bootstrapped {
                let u =
                    intervals::uncertainty(card.results, &card.platform.id, Some(&line.label.id));
                row.push(match u {
                    Some(u) if !c.withheld => intervals::score_interval(card.results, u),
                    _ => MISSING.to_string(),
                });
            }
            row
        })
        .collect();
    let mut out = table(&header, &rows, |i| i > 0);
    if card.dimensions.iter().any(|l| !l.label.in_index) {
        out.push_str(&format!(
            "\n\\* {}\n",
            escape(&lang.pick(
                "reported, not part of the index",
                Some("仅作报告，不计入指数")
            ))
        ));
    }
    if let Some((en, zh)) = intervals::method_text(card.results) {
        out.push_str(&format!("\n{}\n", escape(&lang.pick(&en, Some(&zh)))));
    }
    out
}

fn item_table(card: &Scorecard<'_>, lines: &[ItemLine]) -> String {
    let lang = card.options.lang;
    let header = vec![
        lang.t(L::Question),
        lang.t(L::Score),
        lang.t(L::FieldAverage),
        lang.pick("Difference", Some("差距")),
        lang.t(L::N),
    ];
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            vec![
                l.question.clone(),
                format!("{:.1}", l.score),
                format!("{:.1}", l.field_average),
                format!("{:+.1}", l.gap()),
                crate::output::scorecard::count(l.n),
            ]
        })
        .collect();
    table(&header, &rows, |i| i > 0)
}

pub fn withheld_note(card: &Scorecard<'_>) -> String {
    let k = card.options.min_cell;
    card.options.lang.pick(
        &format!(
            "Fewer than {k} respondents rated this platform: its scores, items and suggestions are withheld to protect the respondents."
        ),
        Some(&format!(
            "评价该平台的受访者少于{k}位：为保护受访者，其得分、题目和建议不予显示。"
        )),
    )
}

pub fn privacy_note(card: &Scorecard<'_>) -> String {
    let k = card.options.min_cell;
    let lang: Lang = card.options.lang;
    let mut en = format!(
        "Scores resting on fewer than {k} respondents are withheld (shown as \"< {k}\"). No respondent or company is named."
    );
    let mut zh =
        format!("基于少于{k}位受访者的得分不予显示（标为“< {k}”）。本表不含任何受访者或企业名称。");
    if card.items_withheld > 0 {
        en.push_str(&format!(
            " {} item(s) with fewer than {k} answers are left out of the item comparison.",
            card.items_withheld
        ));
        zh.push_str(&format!(
            "有{}个题目因有效回答少于{k}份未参与题目比较。",
            card.items_withheld
        ));
    }
    lang.pick(&en, Some(&zh))
}
