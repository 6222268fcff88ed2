//! The rows every compare format shows: wide (one row per platform and target), long (one
//! row per platform, target and wave), and the per-target grids of the table and Markdown.

use crate::compare::{Comparison, Movement, PlatformSeries, Series, Step};
use crate::rank::display;

/// A cell: text (guarded where a spreadsheet reads it), a published score, or a whole number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A score or change at the publication precision (None: empty).
    Score(Option<f64>),
    Int(Option<i64>),
}

impl Cell {
    /// The cell as plain text (CSV).
    pub fn plain(&self, decimals: u32) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Score(x) => x.map_or_else(String::new, |x| display(x, decimals)),
            Cell::Int(n) => n.map_or_else(String::new, |n| n.to_string()),
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn published(s: Option<&str>) -> Cell {
    Cell::Score(s.and_then(|s| s.trim().parse().ok()))
}

fn movement(m: Option<Movement>) -> Cell {
    text(m.map_or("", Movement::name))
}

fn significant(step: &Step) -> Cell {
    text(match &step.significance {
        Some(s) if s.significant => "yes",
        Some(_) => "no",
        None => "",
    })
}

fn step_cells(step: &Step) -> Vec<Cell> {
    vec![
        published(step.change_display.as_deref()),
        Cell::Int(step.rank_change),
        movement(step.movement),
        significant(step),
    ]
}

/// Whether the span columns are shown (more than two waves; with two the span is the step).
pub fn with_span(c: &Comparison) -> bool {
    c.waves.len() > 2
}

fn lead(p: &PlatformSeries, s: &Series, c: &Comparison, t: usize) -> Vec<Cell> {
    vec![
        text(&p.id),
        text(&p.name),
        text(&s.target),
        text(c.targets[t].kind),
    ]
}

/// One row per platform and target: the score and rank of every wave, then each step, then
/// the span.
pub fn wide(c: &Comparison) -> (Vec<String>, Vec<Vec<Cell>>) {
    let labels: Vec<&str> = c.waves.iter().map(|w| w.label.as_str()).collect();
    let mut header: Vec<String> = ["platform", "platform_name", "target", "target_kind"]
        .map(String::from)
        .to_vec();
    for l in &labels {
        header.push(format!("score_{l}"));
        header.push(format!("rank_{l}"));
    }
    let step_header = |suffix: &str| {
        ["change", "rank_change", "movement", "significant"].map(|h| format!("{h}_{suffix}"))
    };
    for k in 1..labels.len() {
        header.extend(step_header(&format!("{}_{}", labels[k - 1], labels[k])));
    }
    if with_span(c) {
        header.extend(step_header("span"));
    }
    header.push("relative_normalisation".into());
    let mut body = Vec::new();
    for p in &c.platforms {
        for (t, s) in p.series.iter().enumerate() {
            let mut row = lead(p, s, c, t);
            for point in &s.points {
                row.push(published(
                    point.as_ref().and_then(|x| x.score_display.as_deref()),
                ));
                row.push(Cell::Int(
                    point.as_ref().and_then(|x| x.rank).map(i64::from),
                ));
            }
            for step in &s.steps {
                row.extend(step_cells(step));
            }
            if with_span(c) {
                row.extend(step_cells(&s.span));
            }
            let relative = !c.targets[t].relative_items.is_empty();
            row.push(text(if relative { "yes" } else { "no" }));
            body.push(row);
        }
    }
    (header, body)
}

/// One row per platform, target and wave; the change columns hold the change from the wave
/// before (empty on the first wave).
pub fn long(c: &Comparison) -> (Vec<String>, Vec<Vec<Cell>>) {
    let header = [
        "platform",
        "platform_name",
        "target",
        "target_kind",
        "wave",
        "node",
        "score",
        "rank",
        "change",
        "rank_change",
        "movement",
        "significant",
        "change_low",
        "change_high",
        "significance_method",
    ]
    .map(String::from)
    .to_vec();
    let mut body = Vec::new();
    for p in &c.platforms {
        for (t, s) in p.series.iter().enumerate() {
            for (k, point) in s.points.iter().enumerate() {
                let mut row = lead(p, s, c, t);
                row.push(text(&c.waves[k].label));
                row.push(text(point.as_ref().map_or_else(
                    || c.targets[t].ids[k].clone().unwrap_or_default(),
                    |x| x.node.clone(),
                )));
                row.push(published(
                    point.as_ref().and_then(|x| x.score_display.as_deref()),
                ));
                row.push(Cell::Int(
                    point.as_ref().and_then(|x| x.rank).map(i64::from),
                ));
                match k.checked_sub(1).map(|j| &s.steps[j]) {
                    Some(step) => {
                        row.extend(step_cells(step));
                        let sig = step.significance.as_ref();
                        row.push(Cell::Score(sig.map(|x| x.low)));
                        row.push(Cell::Score(sig.map(|x| x.high)));
                        row.push(text(sig.map_or("", |x| x.method.name())));
                    }
                    None => {
                        row.extend([
                            Cell::Score(None),
                            Cell::Int(None),
                            text(""),
                            text(""),
                            Cell::Score(None),
                            Cell::Score(None),
                            text(""),
                        ]);
                    }
                }
                body.push(row);
            }
        }
    }
    (header, body)
}

/// A titled grid of display strings (terminal table and Markdown).
pub struct Grid {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One grid per target: platform, each wave's "score (rank)", each step's change and rank
/// movement, then the span.
pub fn grids(c: &Comparison) -> Vec<Grid> {
    let labels: Vec<&str> = c.waves.iter().map(|w| w.label.as_str()).collect();
    let n = labels.len();
    let mut header = vec!["Platform".to_string()];
    header.extend(labels.iter().map(|l| l.to_string()));
    let mut pairs: Vec<(usize, usize)> = (1..n).map(|k| (k - 1, k)).collect();
    if with_span(c) {
        pairs.push((0, n - 1));
    }
    for &(a, b) in &pairs {
        header.push(format!("Δ {}→{}", labels[a], labels[b]));
        header.push(format!("Rank {}→{}", labels[a], labels[b]));
    }
    c.targets
        .iter()
        .enumerate()
        .map(|(t, target)| {
            let title = if target.kind == "index" {
                "Index".to_string()
            } else {
                let former: Vec<String> = target
                    .ids
                    .iter()
                    .zip(&labels)
                    .filter_map(|(id, l)| {
                        id.as_ref()
                            .filter(|id| **id != target.id)
                            .map(|id| format!("{id} in {l}"))
                    })
                    .collect();
                if former.is_empty() {
                    format!("Dimension {}", target.id)
                } else {
                    format!("Dimension {} ({})", target.id, former.join(", "))
                }
            };
            let rows = c
                .platforms
                .iter()
                .map(|p| {
                    let s = &p.series[t];
                    let mut row = vec![platform_label(p)];
                    row.extend(s.points.iter().map(|pt| match pt {
                        None => "—".to_string(),
                        Some(pt) => format!(
                            "{} ({})",
                            pt.score_display.as_deref().unwrap_or("—"),
                            pt.rank.map_or("–".to_string(), |r| r.to_string())
                        ),
                    }));
                    let mut steps: Vec<&Step> = s.steps.iter().collect();
                    if with_span(c) {
                        steps.push(&s.span);
                    }
                    for step in steps {
                        row.push(change_text(step));
                        row.push(rank_text(step));
                    }
                    row
                })
                .collect();
            Grid {
                title,
                header: header.clone(),
                rows,
            }
        })
        .collect()
}

pub fn platform_label(p: &PlatformSeries) -> String {
    match &p.name_zh {
        Some(zh) if zh != &p.name => format!("{} {zh}", p.name),
        _ => p.name.clone(),
    }
}

/// "+0.3*": the published change with its sign, * when significant.
fn change_text(step: &Step) -> String {
    let Some(d) = step.change_display.as_deref() else {
        return "—".into();
    };
    let signed = if d.starts_with('-') || d.trim_start_matches(['0', '.']).is_empty() {
        d.to_string()
    } else {
        format!("+{d}")
    };
    match &step.significance {
        Some(s) if s.significant => format!("{signed}*"),
        _ => signed,
    }
}

fn rank_text(step: &Step) -> String {
    match (step.movement, step.rank_change) {
        (Some(Movement::Up), Some(d)) => format!("↑{d}"),
        (Some(Movement::Down), Some(d)) => format!("↓{}", -d),
        (Some(Movement::Unchanged), _) => "=".into(),
        (Some(m), _) => m.name().into(),
        (None, _) => "—".into(),
    }
}

/// The notes under the grids: node matching per transition, platforms new and dropped,
/// warnings and the methods.
pub fn notes(c: &Comparison) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for t in &c.transitions {
        let (a, b) = (&c.waves[t.from].label, &c.waves[t.to].label);
        let mut lines = Vec::new();
        let same = t
            .nodes
            .iter()
            .filter(|m| m.status.comparable() && m.changes.is_empty())
            .count();
        for m in &t.nodes {
            let line = match m.status {
                crate::compare::MatchStatus::Renamed => format!(
                    "renamed {} {} → {}",
                    m.kind,
                    m.before.as_deref().unwrap_or(""),
                    m.after.as_deref().unwrap_or("")
                ),
                crate::compare::MatchStatus::New => format!("new {} {}", m.kind, m.id()),
                crate::compare::MatchStatus::Dropped => format!("dropped {} {}", m.kind, m.id()),
                crate::compare::MatchStatus::Same => String::new(),
            };
            let changed = (!m.changes.is_empty())
                .then(|| format!("changed {} {}: {}", m.kind, m.id(), m.changes.join("; ")));
            lines.extend([line].into_iter().filter(|l| !l.is_empty()));
            lines.extend(changed);
        }
        lines.push(format!("{same} matched nodes without changes"));
        let present = |k: usize, id: &str| {
            c.platforms[..]
                .iter()
                .find(|p| p.id == id)
                .is_some_and(|p| p.series[0].points[k].is_some())
        };
        let new: Vec<&str> = c
            .platforms
            .iter()
            .filter(|p| !present(t.from, &p.id) && present(t.to, &p.id))
            .map(|p| p.id.as_str())
            .collect();
        let dropped: Vec<&str> = c
            .platforms
            .iter()
            .filter(|p| present(t.from, &p.id) && !present(t.to, &p.id))
            .map(|p| p.id.as_str())
            .collect();
        if !new.is_empty() {
            lines.push(format!("new platforms: {}", new.join(", ")));
        }
        if !dropped.is_empty() {
            lines.push(format!("dropped platforms: {}", dropped.join(", ")));
        }
        out.push((format!("Nodes {a} → {b}"), lines));
    }
    if !c.warnings.is_empty() {
        out.push((
            "Warnings".into(),
            c.warnings.iter().map(|d| d.to_string()).collect(),
        ));
    }
    out.push((
        "Method".into(),
        vec![
            format!("change: {}", c.methods.change),
            format!("rank: {}", c.methods.rank),
            format!("significance (* in the tables): {}", c.methods.significance),
        ],
    ));
    out
}
