//! Text and JSON renderings of the `stats` and `sensitivity` reports (the bootstrap is part of
//! the score results and rendered by the score exporters).

use super::reliability::Reliability;
use super::sensitivity::{Perturbation, Sensitivity};
use super::weights::EffectiveWeight;
use crate::output::labels::{L, Lang, Style, method_name};
use crate::output::text_table::boxed;
use serde::Serialize;

/// The report of `qbpc-index stats`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatsReport {
    pub reliability: Reliability,
    pub effective_weights: Vec<EffectiveWeight>,
}

/// Shown for a value that cannot be computed.
const MISSING: &str = "–";

fn number(x: Option<f64>, decimals: usize) -> String {
    x.filter(|v| v.is_finite())
        .map_or(MISSING.to_string(), |v| format!("{v:.decimals$}"))
}

/// A box table of the terminal outputs (never wrapped), right-aligned from column `from` on.
fn table(header: Vec<String>, rows: Vec<Vec<String>>, from: usize) -> String {
    boxed(header, rows, |i| i >= from, None).to_string()
}

/// Pretty JSON with a final newline (non-finite numbers become null).
pub fn json<T: Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = serde_json::to_vec_pretty(value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// The lines of a heading, each followed by a newline.
fn heading(lines: Vec<String>) -> String {
    lines.into_iter().map(|l| l + "\n").collect()
}

/// Headers in the style: the compact English ones, or the labels in the language.
fn headers(style: &Style<'_>, cols: &[(L, &str)]) -> Vec<String> {
    cols.iter().map(|(l, c)| style.label(*l, c)).collect()
}

fn level(style: &Style<'_>, level: &str) -> String {
    match level {
        "dimension" => style.label(L::Dimension, level),
        "indicator" => style.label(L::Indicator, level),
        other => other.to_string(),
    }
}

const TOO_FEW: &str = "fewer than two items with variance and overlapping answers";

/// Reliability per scale, the item table of each scale, then the effective weights.
pub fn stats_text(report: &StatsReport, style: &Style<'_>) -> String {
    let r = &report.reliability;
    let mut out = heading(style.say(
        format!(
            "Reliability (psych::alpha, pairwise covariances) on {} respondent x platform rows",
            r.rows
        ),
        format!(
            "信度（psych::alpha，成对协方差），基于 {} 个“受访者 × 平台”行",
            r.rows
        ),
    ));
    let summary = table(
        headers(
            style,
            &[
                (L::Scale, "Scale"),
                (L::Level, "Level"),
                (L::ItemCount, "Items"),
                (L::Rows, "Rows"),
                (L::Alpha, "Alpha"),
                (L::StdAlpha, "Std. alpha"),
            ],
        ),
        r.scales
            .iter()
            .map(|s| {
                vec![
                    style.name(&s.node),
                    level(style, s.level),
                    s.items.to_string(),
                    s.rows.to_string(),
                    number(s.alpha, 3),
                    number(s.std_alpha, 3),
                ]
            })
            .collect(),
        2,
    );
    out.push_str(&format!("{summary}\n"));
    for s in &r.scales {
        out.push('\n');
        out.push_str(&match style.lang {
            None => format!("{} ({}): {}\n", s.node, s.level, s.name),
            Some(_) => heading(style.say(
                format!("{} ({}, {})", style.en().name(&s.node), s.node, s.level),
                format!(
                    "{}（{}，{}）",
                    style.zh().name(&s.node),
                    s.node,
                    level(&style.zh(), s.level)
                ),
            )),
        });
        if let Some(note) = &s.note {
            let zh = if note == TOO_FEW {
                "有方差且答案有重叠的题目不足两个".to_string()
            } else {
                note.clone()
            };
            for l in style.say(note.clone(), zh) {
                out.push_str(&format!("  {l}\n"));
            }
        }
        if !s.dropped.is_empty() {
            let dropped = s.dropped.join(", ");
            for l in style.say(
                format!("left out (no variance): {dropped}"),
                format!("未计入（无方差）：{dropped}"),
            ) {
                out.push_str(&format!("  {l}\n"));
            }
        }
        if s.item_stats.is_empty() {
            continue;
        }
        let items = table(
            headers(
                style,
                &[
                    (L::Item, "Item"),
                    (L::N, "n"),
                    (L::Mean, "Mean"),
                    (L::Sd, "SD"),
                    (L::RDrop, "r.drop"),
                    (L::AlphaIfDropped, "Alpha if dropped"),
                ],
            ),
            s.item_stats
                .iter()
                .map(|i| {
                    vec![
                        i.item.clone(),
                        i.n.to_string(),
                        number(Some(i.mean), 1),
                        number(Some(i.sd), 1),
                        number(i.r_drop, 3),
                        number(i.alpha_if_dropped, 3),
                    ]
                })
                .collect(),
            1,
        );
        out.push_str(&format!("{items}\n"));
    }
    let weights = table(
        headers(
            style,
            &[
                (L::Item, "Item"),
                (L::Dimension, "Dimension"),
                (L::Source, "Source"),
                (L::EffectiveWeight, "Effective weight"),
            ],
        ),
        report
            .effective_weights
            .iter()
            .map(|w| {
                vec![
                    w.item.clone(),
                    style.name(&w.dimension),
                    w.source.clone(),
                    format!("{:.4}", w.weight),
                ]
            })
            .collect(),
        3,
    );
    out.push('\n');
    out.push_str(&heading(style.say(
        "Effective weights (share of the index when every score is present)".into(),
        "有效权重（各项得分齐全时在指数中的份额）".into(),
    )));
    out.push_str(&format!("{weights}\n"));
    out
}

/// Rank ranges per platform, then the rank shifts when a dimension is left out.
pub fn sensitivity_text(s: &Sensitivity, style: &Style<'_>) -> String {
    let (how, how_zh) = match s.perturbation {
        Perturbation::Uniform { share } => (
            format!("dimension weights × (1 ± up to {:.0}%)", share * 100.0),
            format!("维度权重 × (1 ± 至多 {:.0}%)", share * 100.0),
        ),
        Perturbation::Dirichlet { concentration } => (
            format!("dimension weight shares ~ Dirichlet(concentration {concentration})"),
            format!("维度权重份额 ~ Dirichlet（集中度 {concentration}）"),
        ),
    };
    let methods_zh: Vec<String> = s.methods.iter().map(|m| method_name(m, Lang::Zh)).collect();
    let mut out = heading(style.say(
        format!(
            "Weight sensitivity: {} runs (seed {}), {how}; index method: {}",
            s.runs,
            s.seed,
            s.methods.join(" | ")
        ),
        format!(
            "权重敏感性：{} 次运行（随机种子 {}），{how_zh}；指数方法：{}",
            s.runs,
            s.seed,
            methods_zh.join(" | ")
        ),
    ));
    let t = table(
        headers(
            style,
            &[
                (L::Platform, "Platform"),
                (L::NominalRank, "Nominal rank"),
                (L::MedianRank, "Median rank"),
                (L::RankRange, "Rank 5–95%"),
            ],
        ),
        s.platforms
            .iter()
            .map(|p| {
                vec![
                    style.platform(&p.name, p.name_zh.as_deref()),
                    p.nominal_rank.to_string(),
                    format!("{}", p.median_rank),
                    format!("{}–{}", p.rank_low, p.rank_high),
                ]
            })
            .collect(),
        1,
    );
    out.push_str(&format!("{t}\n"));
    let l = table(
        headers(
            style,
            &[
                (L::LeftOut, "Left out"),
                (L::MeanRankShift, "Mean |rank shift|"),
                (L::MaxRankShift, "Max |rank shift|"),
            ],
        ),
        s.left_out
            .iter()
            .map(|d| {
                vec![
                    style.name(&d.dimension),
                    format!("{:.2}", d.mean_abs_rank_shift),
                    d.max_abs_rank_shift.to_string(),
                ]
            })
            .collect(),
        1,
    );
    out.push('\n');
    out.push_str(&heading(style.say(
        "Each dimension left out in turn".into(),
        "依次剔除每个维度".into(),
    )));
    out.push_str(&format!("{l}\n"));
    out
}
