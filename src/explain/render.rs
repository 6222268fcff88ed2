//! The explanation as text (terminal) and Markdown. JSON is the serialised [`Explanation`].

use super::{Comparison, Explanation, Part};
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

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.decimals$}"))
}

fn signed(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:+.2}"))
}

fn row(p: &Part, depth: usize, indent: &str) -> Vec<String> {
    vec![
        format!("{}{}", indent.repeat(depth), p.id),
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
        p.renormalised_away.join(", "),
    ]
}

fn rows(e: &Explanation, indent: &str) -> Vec<Vec<String>> {
    fn walk(p: &Part, depth: usize, indent: &str, out: &mut Vec<Vec<String>>) {
        out.push(row(p, depth, indent));
        for c in &p.children {
            walk(c, depth + 1, indent, out);
        }
    }
    let mut out = Vec::new();
    for d in &e.dimensions {
        walk(d, 0, indent, &mut out);
    }
    out
}

fn versus(c: &Comparison) -> String {
    match (c.average, c.best, &c.best_platform) {
        (Some(a), Some(b), Some(bp)) => format!(
            "average {a:.2} (gap {}), best {b:.2} by {bp} (gap {})",
            signed(c.gap_to_average),
            signed(c.gap_to_best)
        ),
        _ => "no other platform to compare with".into(),
    }
}

fn headline(e: &Explanation) -> Vec<String> {
    let rank = e
        .rank
        .map_or_else(|| "no rank".into(), |r| format!("rank {r}"));
    let mut lines = vec![
        format!(
            "{} ({}): index {}, {rank}, {}, {} respondents",
            e.platform,
            e.name,
            num(e.score, 4),
            e.status,
            e.respondents
        ),
        versus(&e.comparison),
    ];
    lines.push(match &e.note {
        Some(n) => n.clone(),
        None => format!(
            "the index is the {} mean of the dimensions: the contributions add up to the index score",
            e.method
        ),
    });
    if !e.renormalised_away.is_empty() {
        lines.push(format!(
            "dimensions without a score, their weight renormalised away: {}",
            e.renormalised_away.join(", ")
        ));
    }
    lines
}

fn notes(e: &Explanation) -> Vec<String> {
    e.parts()
        .into_iter()
        .filter_map(|p| {
            let why = p.note.as_ref().or(p.missing_reason.as_ref())?;
            Some(format!("{}: {why}", p.id))
        })
        .collect()
}

/// A plain-text tree with aligned columns.
pub fn text(e: &Explanation) -> String {
    let mut out = String::new();
    for l in headline(e) {
        let _ = writeln!(out, "{l}");
    }
    out.push('\n');
    let mut table = vec![HEADERS.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    table.extend(rows(e, "  "));
    let widths: Vec<usize> = (0..HEADERS.len())
        .map(|c| {
            table
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for r in &table {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            if c == 0 || c == HEADERS.len() - 1 {
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
    let notes = notes(e);
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            let _ = writeln!(out, "{n}");
        }
    }
    out
}

/// A Markdown section: the headline, one table (depth shown by indentation), the notes.
pub fn markdown(e: &Explanation) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = format!("## {} ({})\n\n", esc(&e.platform), esc(&e.name));
    for l in headline(e) {
        let _ = writeln!(out, "- {}", esc(&l));
    }
    out.push('\n');
    let _ = writeln!(out, "| {} |", HEADERS.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        HEADERS
            .iter()
            .enumerate()
            .map(|(c, _)| if c == 0 || c == HEADERS.len() - 1 {
                "---|"
            } else {
                "---:|"
            })
            .collect::<String>()
    );
    for r in rows(e, "\u{a0}\u{a0}\u{a0}\u{a0}") {
        let cells: Vec<String> = r.iter().map(|c| esc(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let notes = notes(e);
    if !notes.is_empty() {
        out.push('\n');
        for n in notes {
            let _ = writeln!(out, "- {}", esc(&n));
        }
    }
    out
}
