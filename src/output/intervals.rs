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
