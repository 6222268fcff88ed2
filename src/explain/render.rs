//! The explanation as text (terminal) and Markdown. JSON is the serialised [`Explanation`].

// Indexing is in range here: the table is rectangular (every row built with the header's width)
// and widths has one entry per column.
#![allow(clippy::indexing_slicing)]

use super::{Comparison, Explanation, Part};
use crate::output::labels::{L, Lang, Style, method_name, status_name};
use std::fmt::Write;

const HEADERS: [&str; 12] = [
    "part",
    "score",
    "weight",
    "share",
    "eff. weight",
    "contribution",
    "resp.",
    "N/A",
    "invalid",
    "vs avg",
    "vs best",
    "renormalised away",
];

const LABELS: [L; 12] = [
    L::Part,
    L::Score,
    L::Weight,
    L::Share,
    L::EffWeight,
    L::Contribution,
    L::Respondents,
    L::Na,
    L::Invalid,
    L::VsAverage,
    L::VsBest,
    L::RenormalisedAway,
];

fn headers(style: &Style<'_>) -> Vec<String> {
    HEADERS
        .iter()
        .zip(LABELS)
        .map(|(compact, l)| style.label(l, compact))
        .collect()
}

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.decimals$}"))
}

fn signed(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:+.2}"))
}

fn row(p: &Part, depth: usize, indent: &str, style: &Style<'_>) -> Vec<String> {
    vec![
        format!("{}{}", indent.repeat(depth), style.name(&p.id)),
        num(p.score, 2),
        format!("{}", p.weight),
        num(p.weight_share, 3),
        format!("{:.4}", p.effective_weight),
        num(p.contribution, 3),
        p.respondents.to_string(),
        p.na.to_string(),
        p.invalid.to_string(),
        signed(p.comparison.gap_to_average),
        signed(p.comparison.gap_to_best),
        style.names(&p.renormalised_away),
    ]
}

fn rows(e: &Explanation, indent: &str, style: &Style<'_>) -> Vec<Vec<String>> {
    fn walk(p: &Part, depth: usize, indent: &str, style: &Style<'_>, out: &mut Vec<Vec<String>>) {
        out.push(row(p, depth, indent, style));
        for c in &p.children {
            walk(c, depth + 1, indent, style, out);
        }
    }
    let mut out = Vec::new();
    for d in &e.dimensions {
        walk(d, 0, indent, style, &mut out);
    }
    out
}

fn versus(c: &Comparison, style: &Style<'_>) -> Vec<String> {
    match (c.average, c.best, &c.best_platform) {
        (Some(a), Some(b), Some(bp)) => style.say(
            format!(
                "average {a:.2} (gap {}), best {b:.2} by {bp} (gap {})",
                signed(c.gap_to_average),
                signed(c.gap_to_best)
            ),
            format!(
                "平均 {a:.2}（差 {}），最高 {b:.2}：{bp}（差 {}）",
                signed(c.gap_to_average),
                signed(c.gap_to_best)
            ),
        ),
        _ => style.say(
            "no other platform to compare with".into(),
            "没有可比较的其他平台".into(),
        ),
    }
}

fn headline(e: &Explanation, style: &Style<'_>) -> Vec<String> {
    let rank = e
        .rank
        .map_or_else(|| "no rank".into(), |r| format!("rank {r}"));
    let rank_zh = e
        .rank
        .map_or_else(|| "无排名".into(), |r| format!("排名 {r}"));
    let name = |style: Style<'_>| style.platform(&e.name, e.name_zh.as_deref());
    let mut out = style.say(
        format!(
            "{} ({}): index {}, {rank}, {}, {} respondents",
            e.platform,
            name(style.en()),
            num(e.score, 4),
            e.status,
            e.respondents
        ),
        format!(
            "{}（{}）：指数 {}，{rank_zh}，{}，受访者 {} 人",
            name(style.zh()),
            e.platform,
            num(e.score, 4),
            status_name(&e.status, Lang::Zh),
            e.respondents
        ),
    );
    out.extend(versus(&e.comparison, style));
    let method_zh = method_name(&e.method, Lang::Zh);
    out.extend(match &e.note {
        Some(n) if e.score.is_none() => style.say(n.clone(), "该平台没有指数得分：无可分解".into()),
        Some(n) => style.say(
            n.clone(),
            format!("指数是各维度的{method_zh}：各部分的贡献不可相加（有效权重为其指数份额）"),
        ),
        None => style.say(
            format!(
                "the index is the {} mean of the dimensions: the contributions add up to the index score",
                e.method
            ),
            format!("指数是各维度的{method_zh}：各部分的贡献之和即指数得分"),
        ),
    });
    if !e.renormalised_away.is_empty() {
        let away = |style: Style<'_>| style.names(&e.renormalised_away);
        out.extend(style.say(
            format!(
                "dimensions without a score, their weight renormalised away: {}",
                away(style.en())
            ),
            format!("无得分的维度，其权重已分配给其他维度：{}", away(style.zh())),
        ));
    }
    out
}

fn notes(e: &Explanation, style: &Style<'_>) -> Vec<String> {
    e.parts()
        .into_iter()
        .flat_map(|p| {
            let (name, name_zh) = (style.en().name(&p.id), style.zh().name(&p.id));
            if let Some(note) = &p.note {
                let zh = match &p.method {
                    Some(m) if m != super::ARITHMETIC => format!(
                        "{name_zh}：由其组成部分的{}得出，贡献不可相加",
                        method_name(m, Lang::Zh)
                    ),
                    _ => format!(
                        "{name_zh}：跨受访者汇总，其得分不是各组成部分平台得分的加权平均，贡献不可相加"
                    ),
                };
                style.say(format!("{name}: {note}"), zh)
            } else if let Some(why) = &p.missing_reason {
                // The reason is recorded in the results, in English.
                style.say(format!("{name}: {why}"), format!("{name_zh}：无得分（{why}）"))
            } else {
                Vec::new()
            }
        })
        .collect()
}

/// A plain-text tree with aligned columns.
pub fn text(e: &Explanation, style: &Style<'_>) -> String {
    let headers = headers(style);
    let mut out = String::new();
    for l in headline(e, style) {
        let _ = writeln!(out, "{l}");
    }
    out.push('\n');
    let mut table = vec![headers.clone()];
    table.extend(rows(e, "  ", style));
    let width = |s: &str| unicode_width::UnicodeWidthStr::width(s);
    let widths: Vec<usize> = (0..headers.len())
        .map(|c| table.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    for r in &table {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = widths[c] - width(cell);
            if c == 0 || c == headers.len() - 1 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
            line.push_str("  ");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let notes = notes(e, style);
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            let _ = writeln!(out, "{n}");
        }
    }
    out
}

/// A Markdown section: the headline, one table (depth shown by indentation), the notes.
pub fn markdown(e: &Explanation, style: &Style<'_>) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let headers = headers(style);
    let name = match style.lang {
        Some(lang) => lang.pick(&e.name, e.name_zh.as_deref()),
        None => e.name.clone(),
    };
    let mut out = format!("## {} ({})\n\n", esc(&e.platform), esc(&name));
    for l in headline(e, style) {
        let _ = writeln!(out, "- {}", esc(&l));
    }
    out.push('\n');
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        headers
            .iter()
            .enumerate()
            .map(|(c, _)| if c == 0 || c == headers.len() - 1 {
                "---|"
            } else {
                "---:|"
            })
            .collect::<String>()
    );
    for r in rows(e, "\u{a0}\u{a0}\u{a0}\u{a0}", style) {
        let cells: Vec<String> = r.iter().map(|c| esc(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let notes = notes(e, style);
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            let _ = writeln!(out, "- {}", esc(&n));
        }
    }
    out
}
