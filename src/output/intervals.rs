//! Bootstrap intervals (`score --bootstrap N`) as the publishable outputs show them, when the
//! results carry them.

use crate::rank::display;
use crate::results::{Results, Uncertainty};

/// The bootstrap summary of a platform's index (`node` None) or of one of its dimensions.
pub fn uncertainty<'r>(
    results: &'r Results,
    platform: &str,
    node: Option<&str>,
) -> Option<&'r Uncertainty> {
    let p = results.bootstrap.as_ref()?.platforms.get(platform)?;
    match node {
        None => p.index.as_ref(),
        Some(id) => p.dimensions.get(id),
    }
}

/// "[68.2, 74.9]" at the publication precision.
pub fn score_interval(results: &Results, u: &Uncertainty) -> String {
    let d = results.decimals;
    format!("[{}, {}]", display(u.low, d), display(u.high, d))
}

/// "2–4", or "1" when the interval is one rank; None for unranked platforms.
pub fn rank_interval(u: &Uncertainty) -> Option<String> {
    match (u.rank_low, u.rank_high) {
        (Some(a), Some(b)) if a == b => Some(a.to_string()),
        (Some(a), Some(b)) => Some(format!("{a}–{b}")),
        _ => None,
    }
}

/// The interval's coverage as a label, e.g. "95%".
pub fn level_label(results: &Results) -> Option<String> {
    let b = results.bootstrap.as_ref()?;
    Some(format!("{}%", (b.level * 100.0).round()))
}

/// How the intervals were made, in English and Chinese: replicates, seed and method. None
/// without a bootstrap.
pub fn method_text(results: &Results) -> Option<(String, String)> {
    let b = results.bootstrap.as_ref()?;
    let level = (b.level * 100.0).round();
    let [lo, hi] = b.rank_percentiles;
    let (tail_lo, tail_hi) = ((100.0 - level) / 2.0, 100.0 - (100.0 - level) / 2.0);
    Some((
        format!(
            "Bootstrap over respondents: {n} replicates, seed {seed}. In each replicate the respondents of every platform are resampled with replacement and the whole index is recomputed; score intervals are the {tail_lo}th–{tail_hi}th percentiles ({level}% percentile intervals), rank intervals the {lo}th–{hi}th percentiles of the ranks, P(first) the share of replicates in which a platform ranks first. The same seed gives the same intervals.",
            n = b.replicates,
            seed = b.seed,
        ),
        format!(
            "基于受访者的自助法（bootstrap）：重抽样 {n} 次，随机种子 {seed}。每次在各平台内有放回地重抽受访者并重算整个指数；分数区间为第 {tail_lo}–{tail_hi} 百分位（{level}% 百分位区间），排名区间为排名的第 {lo}–{hi} 百分位，“排名第一的概率”为平台排名第一的重抽样比例。相同的种子给出相同的区间。",
            n = b.replicates,
            seed = b.seed,
        ),
    ))
}
