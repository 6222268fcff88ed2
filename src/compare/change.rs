//! Changes between waves for one platform on one target (the index or a dimension lineage):
//! the score of every wave, the change between consecutive waves and over the whole span,
//! the rank movement, and whether the change is significant (bootstrap).

// Indexing is in range here: wave ixs `a`, `b`, `k` come from 0..waves.len(); per-wave id lists
// are built with one entry per wave.
#![allow(clippy::indexing_slicing)]

use super::wave::{IntervalIn, Wave};
use crate::rank::display;
use crate::stats::bootstrap::summary::quantile;
use serde::Serialize;

/// The score of a platform on a target in one wave.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Point {
    /// The node's id in this wave ("index" for the index).
    pub node: String,
    pub score: Option<f64>,
    pub score_display: Option<String>,
    pub rank: Option<u32>,
    /// The platform's status in this wave (ranked, insufficient, no_score).
    pub status: String,
    /// The platform's respondents in this wave (for the small-cell rule of the report's
    /// trend section); not part of the comparison's JSON.
    #[serde(skip)]
    pub respondents: Option<usize>,
}

/// From one wave to a later one.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Step {
    pub from: usize,
    pub to: usize,
    /// Later score minus earlier score, unrounded.
    pub change: Option<f64>,
    /// Later published score minus earlier published score, at the publication precision:
    /// what a reader of the two published tables computes.
    pub change_display: Option<String>,
    /// Earlier rank minus later rank: positive means the platform moved up.
    pub rank_change: Option<i64>,
    /// None when the platform is on neither side.
    pub movement: Option<Movement>,
    /// None when the two waves do not both carry bootstrap results for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub significance: Option<Significance>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    Up,
    Down,
    Unchanged,
    /// Absent from the earlier wave (the platform, or the node).
    New,
    /// Absent from the later wave.
    Dropped,
    /// On both sides, but unranked on at least one.
    Unranked,
}

impl Movement {
    pub fn name(self) -> &'static str {
        match self {
            Movement::Up => "up",
            Movement::Down => "down",
            Movement::Unchanged => "unchanged",
            Movement::New => "new",
            Movement::Dropped => "dropped",
            Movement::Unranked => "unranked",
        }
    }
}

/// Whether a change is larger than the sampling noise of the two waves.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Significance {
    pub significant: bool,
    /// The interval of the change (at the bootstrap's level).
    pub low: f64,
    pub high: f64,
    pub method: SignificanceMethod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignificanceMethod {
    /// Percentile interval of the replicate differences (both waves carry their draws).
    Draws,
    /// From the two score intervals only: [low_b - high_a, high_b - low_a], which excludes 0
    /// exactly when the intervals do not overlap (conservative).
    Intervals,
}

impl SignificanceMethod {
    pub fn name(self) -> &'static str {
        match self {
            SignificanceMethod::Draws => "draws",
            SignificanceMethod::Intervals => "intervals",
        }
    }
}

/// One platform on one target across the waves.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Series {
    /// "index" or the dimension's id in the last wave it appears in.
    pub target: String,
    /// One entry per wave; None where the platform or the node is absent.
    pub points: Vec<Option<Point>>,
    /// Between consecutive waves.
    pub steps: Vec<Step>,
    /// From the first wave to the last.
    pub span: Step,
}

/// Where a target's scores of one platform are in one wave.
pub struct Target<'a> {
    /// None: the index; Some(id): that dimension in each wave (None where absent).
    pub ids: Option<&'a [Option<String>]>,
}

pub fn series(waves: &[Wave], platform: &str, target: &Target<'_>, label: &str) -> Series {
    let points: Vec<Option<Point>> = (0..waves.len())
        .map(|k| point(&waves[k], k, platform, target))
        .collect();
    let step = |a: usize, b: usize| -> Step {
        let decimals = waves[a].decimals().max(waves[b].decimals());
        let draws = |k: usize| node_id(target, k).and_then(|n| draws(&waves[k], platform, &n));
        let interval =
            |k: usize| node_id(target, k).and_then(|n| interval(&waves[k], platform, &n));
        let level = waves[b].data.bootstrap.as_ref().map_or(0.95, |b| b.level);
        let sig = significance(
            (draws(a), draws(b)),
            (interval(a), interval(b)),
            level,
            points[a].as_ref().zip(points[b].as_ref()),
        );
        make_step(a, b, &points[a], &points[b], decimals, sig)
    };
    let n = waves.len();
    Series {
        target: label.to_string(),
        steps: (1..n).map(|k| step(k - 1, k)).collect(),
        span: step(0, n - 1),
        points,
    }
}

fn node_id(target: &Target<'_>, k: usize) -> Option<String> {
    match target.ids {
        None => Some("index".to_string()),
        Some(ids) => ids[k].clone(),
    }
}

fn point(wave: &Wave, k: usize, platform: &str, target: &Target<'_>) -> Option<Point> {
    let p = wave.platform(platform)?;
    match target.ids {
        None => Some(Point {
            node: "index".into(),
            score: p.score,
            score_display: p.score_display.clone(),
            rank: p.rank,
            status: p.status.clone(),
            respondents: p.respondents,
        }),
        Some(ids) => {
            let id = ids[k].as_ref()?;
            let node = p.dimensions.get(id);
            Some(Point {
                node: id.clone(),
                score: node.and_then(|n| n.score),
                score_display: node.and_then(|n| n.score_display.clone()),
                rank: node.and_then(|n| n.rank),
                status: p.status.clone(),
                respondents: p.respondents,
            })
        }
    }
}

fn make_step(
    from: usize,
    to: usize,
    a: &Option<Point>,
    b: &Option<Point>,
    decimals: u32,
    significance: Option<Significance>,
) -> Step {
    let (change, change_display, rank_change) = match (a, b) {
        (Some(a), Some(b)) => {
            let change = a.score.zip(b.score).map(|(x, y)| y - x);
            let published = |p: &Point| p.score_display.as_deref()?.trim().parse::<f64>().ok();
            let change_display = published(a)
                .zip(published(b))
                .map(|(x, y)| display(y - x, decimals));
            let rank_change = a.rank.zip(b.rank).map(|(x, y)| i64::from(x) - i64::from(y));
            (change, change_display, rank_change)
        }
        _ => (None, None, None),
    };
    let movement = match (a, b) {
        (None, None) => None,
        (None, Some(_)) => Some(Movement::New),
        (Some(_), None) => Some(Movement::Dropped),
        (Some(_), Some(_)) => Some(match rank_change {
            None => Movement::Unranked,
            Some(d) if d > 0 => Movement::Up,
            Some(d) if d < 0 => Movement::Down,
            Some(_) => Movement::Unchanged,
        }),
    };
    Step {
        from,
        to,
        change,
        change_display,
        rank_change,
        movement,
        significance: significance.filter(|_| change.is_some()),
    }
}

/// A node's replicate scores in one wave (None where a replicate left it without a score).
type Replicates = Vec<Option<f64>>;

fn draws(wave: &Wave, platform: &str, node: &str) -> Option<Replicates> {
    let d = wave
        .data
        .bootstrap
        .as_ref()?
        .platforms
        .get(platform)?
        .draws
        .as_ref()?;
    let v = if node == "index" {
        &d.index
    } else {
        d.dimensions.get(node)?
    };
    (!v.is_empty()).then(|| v.clone())
}

fn interval(wave: &Wave, platform: &str, node: &str) -> Option<IntervalIn> {
    let p = wave.data.bootstrap.as_ref()?.platforms.get(platform)?;
    if node == "index" {
        p.index
    } else {
        p.dimensions.get(node).copied()
    }
}

/// Replicate k of the later wave minus replicate k of the earlier one: the two waves are
/// independent samples, so the pairs are draws of the change's distribution. Without the
/// draws of both, the conservative interval from the two score intervals.
fn significance(
    (da, db): (Option<Replicates>, Option<Replicates>),
    (ia, ib): (Option<IntervalIn>, Option<IntervalIn>),
    level: f64,
    points: Option<(&Point, &Point)>,
) -> Option<Significance> {
    points?;
    if let (Some(da), Some(db)) = (da, db) {
        let mut diffs: Vec<f64> = da
            .iter()
            .zip(&db)
            .filter_map(|(x, y)| Some((*y)? - (*x)?))
            .collect();
        if diffs.len() >= 2 {
            diffs.sort_by(f64::total_cmp);
            let tail = (1.0 - level) / 2.0;
            let (low, high) = (quantile(&diffs, tail), quantile(&diffs, 1.0 - tail));
            return Some(Significance {
                significant: low > 0.0 || high < 0.0,
                low,
                high,
                method: SignificanceMethod::Draws,
            });
        }
    }
    let (a, b) = (ia?, ib?);
    let (low, high) = (b.low - a.high, b.high - a.low);
    Some(Significance {
        significant: low > 0.0 || high < 0.0,
        low,
        high,
        method: SignificanceMethod::Intervals,
    })
}
