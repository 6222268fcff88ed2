//! The rows every compare format shows: wide (one row per platform and target), long (one
//! row per platform, target and wave), and the per-target grids of the table and Markdown.

// Indexing is in range here: target/wave/step ixs come from 0..len of the comparison built by
// compare (one id and point per wave, one step per wave pair).
#![allow(clippy::indexing_slicing)]

use crate::compare::{Comparison, MatchStatus, Movement, PlatformSeries, Series, Step};
use crate::output::labels::Lang;
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
/// movement, then the span. Headings, titles and movement words in `lang`.
pub fn grids(c: &Comparison, lang: Lang) -> Vec<Grid> {
    let labels: Vec<&str> = c.waves.iter().map(|w| w.label.as_str()).collect();
    let n = labels.len();
    let mut header = vec![lang.pick("Platform", Some("平台"))];
    header.extend(labels.iter().map(|l| l.to_string()));
    let mut pairs: Vec<(usize, usize)> = (1..n).map(|k| (k - 1, k)).collect();
    if with_span(c) {
        pairs.push((0, n - 1));
    }
    for &(a, b) in &pairs {
        header.push(format!("Δ {}→{}", labels[a], labels[b]));
        header.push(format!(
            "{} {}→{}",
            lang.pick("Rank", Some("排名")),
            labels[a],
            labels[b]
        ));
    }
    c.targets
        .iter()
        .enumerate()
        .map(|(t, target)| {
            let title = if target.kind == "index" {
                lang.pick("Index", Some("指数"))
            } else {
                let dimension = lang.pick("Dimension", Some("维度"));
                let within = |id: &str, l: &str| {
                    lang.pick(&format!("{id} in {l}"), Some(&format!("{l}年为{id}")))
                };
                let former: Vec<String> = target
                    .ids
                    .iter()
                    .zip(&labels)
                    .filter_map(|(id, l)| {
                        id.as_ref()
                            .filter(|id| **id != target.id)
                            .map(|id| within(id, l))
                    })
                    .collect();
                if former.is_empty() {
                    format!("{dimension} {}", target.id)
                } else {
                    format!("{dimension} {} ({})", target.id, former.join(", "))
                }
            };
            let rows = c
                .platforms
                .iter()
                .map(|p| {
                    let s = &p.series[t];
                    let mut row = vec![platform_label(p, lang)];
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
                        row.push(rank_text(step, lang));
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

/// A platform's name in the language ("Taobao", "淘宝" or "Taobao 淘宝").
pub fn platform_label(p: &PlatformSeries, lang: Lang) -> String {
    lang.pick(&p.name, p.name_zh.as_deref())
}

/// A rank movement in words: up / 上升, down / 下降, new / 新增, dropped / 退出,
/// unchanged / 不变, unranked / 未排名.
pub fn movement_word(m: Movement, lang: Lang) -> String {
    let zh = match m {
        Movement::Up => "上升",
        Movement::Down => "下降",
        Movement::New => "新增",
        Movement::Dropped => "退出",
        Movement::Unchanged => "不变",
        Movement::Unranked => "未排名",
    };
    lang.pick(m.name(), Some(zh))
}

/// "+0.3*": the published change with its sign, * when significant.
pub fn change_text(step: &Step) -> String {
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

pub fn rank_text(step: &Step, lang: Lang) -> String {
    match (step.movement, step.rank_change) {
        (Some(Movement::Up), Some(d)) => format!("↑{d}"),
        (Some(Movement::Down), Some(d)) => format!("↓{}", -d),
        (Some(Movement::Unchanged), _) => "=".into(),
        (Some(m), _) => movement_word(m, lang),
        (None, _) => "—".into(),
    }
}

/// A node kind in words: dimension / 维度, indicator / 指标, item / 题目.
fn kind_word(kind: &str, lang: Lang) -> String {
    let zh = match kind {
        "dimension" => "维度",
        "indicator" => "指标",
        "item" => "题目",
        _ => kind,
    };
    lang.pick(kind, Some(zh))
}

/// The notes under the grids: node matching per transition, platforms new and dropped,
/// warnings and the methods. Titles and fixed words in `lang`; the warnings, the changes of a
/// node and the methods are the comparison's own (English) sentences.
pub fn notes(c: &Comparison, lang: Lang) -> Vec<(String, Vec<String>)> {
    let word = |en: &str, zh: &str| lang.pick(en, Some(zh));
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
            let kind = kind_word(m.kind, lang);
            let line = match m.status {
                MatchStatus::Renamed => format!(
                    "{} {kind} {} → {}",
                    word("renamed", "更名"),
                    m.before.as_deref().unwrap_or(""),
                    m.after.as_deref().unwrap_or("")
                ),
                MatchStatus::New => format!("{} {kind} {}", word("new", "新增"), m.id()),
                MatchStatus::Dropped => format!("{} {kind} {}", word("dropped", "退出"), m.id()),
                MatchStatus::Same => String::new(),
            };
            let changed = (!m.changes.is_empty()).then(|| {
                format!(
                    "{} {kind} {}: {}",
                    word("changed", "有变化"),
                    m.id(),
                    m.changes.join("; ")
                )
            });
            lines.extend([line].into_iter().filter(|l| !l.is_empty()));
            lines.extend(changed);
        }
        lines.push(lang.pick(
            &format!("{same} matched nodes without changes"),
            Some(&format!("{same}个匹配节点无变化")),
        ));
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
            lines.push(format!(
                "{}: {}",
                word("new platforms", "新增平台"),
                new.join(", ")
            ));
        }
        if !dropped.is_empty() {
            lines.push(format!(
                "{}: {}",
                word("dropped platforms", "退出平台"),
                dropped.join(", ")
            ));
        }
        out.push((format!("{} {a} → {b}", word("Nodes", "节点匹配")), lines));
    }
    if !c.warnings.is_empty() {
        out.push((
            word("Warnings", "警告"),
            c.warnings.iter().map(|d| d.to_string()).collect(),
        ));
    }
    out.push((
        word("Method", "方法"),
        vec![
            format!("{}: {}", word("change", "变化"), c.methods.change),
            format!("{}: {}", word("rank", "排名"), c.methods.rank),
            format!(
                "{}: {}",
                word("significance (* in the tables)", "显著性（表中以 * 标注）"),
                c.methods.significance
            ),
        ],
    ));
    out
}
