//! Contract steps 6 and 7: eligibility, publication rounding and competition ranking
//! (1, 2, 2, 4) on the published values, overall, per dimension and within each group.

// Indexing is in range here: per-platform and per-node score tables are sized from the Model that
// supplies p, n and i; member ixs come from filtering 0..platforms.
#![allow(clippy::indexing_slicing)]

use crate::aggregate::Scores;
use crate::definition::{Model, NodeKind, RankOn};
use crate::diagnostics::Diagnostic;
use crate::results::{
    ById, Detail, Exclusion, Ids, ItemResult, NodeLabel, NodeResult, PlatformResult, Results,
    Status, TreatmentEntry,
};
use indexmap::IndexMap;

/// Round half away from zero to `decimals`, after nudging by 1e-9 away from zero so that a
/// value computed as 82.4499999999 for an intended 82.45 publishes as 82.5.
pub fn publish_round(x: f64, decimals: u32) -> f64 {
    published_units(x, decimals) / pow10(decimals)
}

/// The published value in units of the last decimal (82.45 at one decimal: 825), signed,
/// +0 for a value that publishes as zero: what [`publish_round`], [`display`] and
/// [`competition_ranks`] all start from.
fn published_units(x: f64, decimals: u32) -> f64 {
    let k = round_positive((x.abs() + 1e-9) * pow10(decimals));
    if k == 0.0 { 0.0 } else { k.copysign(x) }
}

/// 10^d, exact (from a table up to 10^22, which every power up to there is).
#[inline]
fn pow10(d: u32) -> f64 {
    const POW10: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    POW10
        .get(d as usize)
        .copied()
        .unwrap_or_else(|| 10f64.powi(d as i32))
}

/// `y.round()` for `y >= 0`, without the library call below 2^52 (where the integer part
/// converts exactly and `y - t` is exact): publication rounds every value of a run.
#[inline]
fn round_positive(y: f64) -> f64 {
    if (0.0..4.5e15).contains(&y) {
        let t = (y as i64) as f64;
        if y - t >= 0.5 { t + 1.0 } else { t }
    } else {
        y.round()
    }
}

/// The published string of a value.
pub fn display(x: f64, decimals: u32) -> String {
    let units = published_units(x, decimals);
    // The rounded value is the double nearest k / 10^d for the integer k, so its d-decimal
    // form is k's digits with a point: written from k directly, which is what `{:.d}` prints
    // (and about ten times faster, for runs that publish 100,000 values), while k is far from
    // the limits of exact doubles.
    let k = units.abs();
    if decimals > 9 || k >= 1e15 || !k.is_finite() {
        return format!("{:.*}", decimals as usize, units / pow10(decimals));
    }
    // k's digits, with the point before the last `decimals` of them and at least one digit
    // before it.
    let d = decimals as usize;
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(k as u64);
    let negative = units < 0.0;
    let mut out = String::with_capacity(digits.len() + d + 3);
    if negative {
        out.push('-');
    }
    if d == 0 {
        out.push_str(digits);
    } else if digits.len() <= d {
        out.push_str("0.");
        out.push_str(&"000000000"[..d - digits.len()]);
        out.push_str(digits);
    } else {
        let (int, frac) = digits.split_at(digits.len() - d);
        out.push_str(int);
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `x` with a negative zero made positive (every other value unchanged): no output writes
/// `-0.0` (JSON) or `-0` (CSV) for a coverage or score of zero.
#[inline]
pub fn unsigned_zero(x: f64) -> f64 {
    x + 0.0
}

/// Competition ranks ("1224") of the published values; None where a value is missing.
/// Equal published values share the best rank; the next rank skips accordingly.
pub fn competition_ranks(values: &[Option<f64>], decimals: u32) -> Vec<Option<u32>> {
    // Compare integers of the published precision, so that float noise cannot split a tie.
    let keys: Vec<Option<i64>> = values
        .iter()
        .map(|v| v.map(|x| published_units(x, decimals) as i64))
        .collect();
    // Rank = 1 + the number of strictly greater keys: a binary search in the keys sorted from
    // the highest (O(n log n): 10,000 units rank in a millisecond).
    let mut sorted: Vec<i64> = keys.iter().flatten().copied().collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    keys.iter()
        .map(|k| k.map(|k| 1 + sorted.partition_point(|&o| o > k) as u32))
        .collect()
}

/// Competition ranks under `rank_on`: on the published values ([`competition_ranks`]) or on
/// the unrounded ones (equal only when the doubles are equal).
pub fn ranks_on(values: &[Option<f64>], decimals: u32, on: RankOn) -> Vec<Option<u32>> {
    match on {
        RankOn::Published => competition_ranks(values, decimals),
        RankOn::Unrounded => {
            let mut sorted: Vec<f64> = values.iter().flatten().copied().collect();
            sorted.sort_unstable_by(|a, b| b.total_cmp(a));
            values
                .iter()
                .map(|v| v.map(|x| 1 + sorted.partition_point(|&o| o > x) as u32))
                .collect()
        }
    }
}

/// Turn scores into the published result tree (without item results for
/// [`Detail::Summary`]).
pub fn publish(
    model: &Model,
    scores: &Scores,
    excluded: Vec<Exclusion>,
    diagnostics: Vec<Diagnostic>,
    detail: Detail,
) -> Results {
    let agg = &model.aggregation;
    let d = agg.decimals;
    let status: Vec<(Status, Option<String>)> = (0..model.platforms.len())
        .map(|p| eligibility(model, scores, p))
        .collect();
    let ranked = |p: usize| status[p].0 == Status::Ranked;
    let masked = |f: &dyn Fn(usize) -> Option<f64>| -> Vec<Option<f64>> {
        (0..model.platforms.len())
            .map(|p| if ranked(p) { f(p) } else { None })
            .collect()
    };
    let index_values = masked(&|p| scores.index[p].score);
    let on = agg.rank_on;
    let overall = ranks_on(&index_values, d, on);
    let group_ranks = group_ranks(model, &index_values, d);
    // Every platform has the same dimensions, indicators and items: their ids are shared.
    let indicator_nodes: Vec<usize> = (0..model.nodes.len())
        .filter(|&n| model.nodes[n].kind == NodeKind::Indicator)
        .collect();
    // Ranks at every level, as COINr gives them: among the platforms with a score at that
    // node, whether or not they have an index score. A platform with fewer respondents than
    // `min_respondents` is ranked nowhere (the rule protects every published rank).
    let enough = |p: usize| scores.respondents[p] >= agg.min_respondents;
    let level_ranks = |n: usize| -> Vec<Option<u32>> {
        let values: Vec<Option<f64>> = (0..model.platforms.len())
            .map(|p| scores.nodes[p][n].score.filter(|_| enough(p)))
            .collect();
        ranks_on(&values, d, on)
    };
    let dim_ranks: Vec<Vec<Option<u32>>> = model.roots.iter().map(|&n| level_ranks(n)).collect();
    let indicator_ranks: Vec<Vec<Option<u32>>> =
        indicator_nodes.iter().map(|&n| level_ranks(n)).collect();
    let scored_items: Vec<usize> = match detail {
        Detail::Full => (0..model.items.len())
            .filter(|&i| model.scales[model.items[i].scale].is_scored())
            .collect(),
        Detail::Summary => Vec::new(),
    };
    let node_ids =
        |nodes: &[usize]| Ids::new(nodes.iter().map(|&n| model.nodes[n].id.clone()).collect());
    let dimension_ids = node_ids(&model.roots);
    let indicator_ids = node_ids(&indicator_nodes);
    let item_ids = Ids::new(
        scored_items
            .iter()
            .map(|&i| model.items[i].id.clone())
            .collect(),
    );

    // Ranked first by rank (ties keep definition order), then the unranked in definition
    // order; built in that order (sorting the built results would move every record).
    let mut order: Vec<usize> = (0..model.platforms.len()).collect();
    order.sort_by_key(|&p| (overall[p].is_none(), overall[p].unwrap_or(0)));
    let build = |p: usize| {
        let plat = &model.platforms[p];
        let node = |n: usize, rank: Option<u32>| {
            let s = &scores.nodes[p][n];
            NodeResult {
                score: s.score.map(unsigned_zero),
                score_display: s.score.map(|x| display(x, d)),
                rank,
                respondents: s.respondents,
                coverage: unsigned_zero(s.coverage),
                missing_reason: s.missing_reason.clone(),
            }
        };
        let dimensions = model
            .roots
            .iter()
            .enumerate()
            .map(|(k, &n)| node(n, dim_ranks[k][p]))
            .collect();
        let indicators = indicator_nodes
            .iter()
            .enumerate()
            .map(|(k, &n)| node(n, indicator_ranks[k][p]))
            .collect();
        let items = scored_items
            .iter()
            .map(|&i| {
                let s = &scores.items[p][i];
                ItemResult {
                    score: s.score.map(unsigned_zero),
                    n: s.n,
                    na: s.counts.na,
                    no_answer: s.counts.no_answer,
                    invalid: s.counts.invalid,
                    skipped: s.counts.skipped,
                    raw: s.raw.map(unsigned_zero),
                    missing_reason: if s.score.is_none() {
                        s.missing_reason.clone()
                    } else {
                        None
                    },
                }
            })
            .collect();
        let idx = &scores.index[p];
        PlatformResult {
            id: plat.id.clone(),
            name: plat.name.clone(),
            name_zh: plat.name_zh.clone(),
            group: plat.group.map(|g| model.groups[g].id.clone()),
            status: status[p].0,
            status_reason: status[p].1.clone(),
            respondents: scores.respondents[p],
            score: idx.score.map(unsigned_zero),
            score_display: idx.score.map(|x| display(x, d)),
            rank: overall[p],
            group_rank: group_ranks[p],
            dimensions: ById::with_ids(dimension_ids.clone(), dimensions),
            indicators: ById::with_ids(indicator_ids.clone(), indicators),
            items: ById::with_ids(item_ids.clone(), items),
            texts: IndexMap::new(),
        }
    };
    let platforms: Vec<PlatformResult> = order.into_iter().map(build).collect();

    Results {
        schema_version: 1,
        index: model.meta.clone(),
        platforms,
        excluded_submissions: excluded,
        diagnostics,
        bootstrap: None,
        data_treatment: scores
            .treatment
            .iter()
            .map(|t| TreatmentEntry {
                before: t.before.map(unsigned_zero),
                after: t.after.map(unsigned_zero),
                ..t.clone()
            })
            .collect(),
        dimension_names: model
            .roots
            .iter()
            .map(|&n| NodeLabel {
                id: model.nodes[n].id.clone(),
                name: model.nodes[n].name.clone(),
                name_zh: model.nodes[n].name_zh.clone(),
                in_index: model.is_index_part(n),
            })
            .collect(),
        decimals: d,
        rows_read: 0,
        manifest: None,
    }
}

fn eligibility(model: &Model, scores: &Scores, p: usize) -> (Status, Option<String>) {
    let n = scores.respondents[p];
    let min = model.aggregation.min_respondents;
    match &scores.index[p].score {
        None => (
            Status::NoScore,
            Some(format!(
                "no index score: {}",
                scores.index[p]
                    .missing_reason
                    .as_deref()
                    .unwrap_or("no data")
            )),
        ),
        Some(_) if n < min => (
            Status::Insufficient,
            Some(format!(
                "{n} respondent(s), fewer than min_respondents = {min}"
            )),
        ),
        Some(_) => (Status::Ranked, None),
    }
}

fn group_ranks(model: &Model, values: &[Option<f64>], d: u32) -> Vec<Option<u32>> {
    let mut out = vec![None; values.len()];
    for g in 0..model.groups.len() {
        let members: Vec<usize> = (0..values.len())
            .filter(|&p| model.platforms[p].group == Some(g))
            .collect();
        let vals: Vec<Option<f64>> = members.iter().map(|&p| values[p]).collect();
        let on = model.aggregation.rank_on;
        for (k, r) in ranks_on(&vals, d, on).into_iter().enumerate() {
            out[members[k]] = r;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_with_a_nudge() {
        assert_eq!(display(82.4999999999, 1), "82.5");
        assert_eq!(display(82.45, 1), "82.5");
        assert_eq!(display(82.4499999999, 1), "82.5");
        assert_eq!(display(82.44, 1), "82.4");
        assert_eq!(display(-0.25, 1), "-0.3");
        assert_eq!(display(-0.01, 1), "0.0");
        assert_eq!(display(70.0, 0), "70");
        assert_eq!(display(0.125, 2), "0.13");
    }

    /// The fast form equals `{:.d}` of the rounded value, over magnitudes, signs and
    /// precisions (and -0.0 publishes as 0).
    #[test]
    fn display_equals_the_formatted_rounded_value() {
        let mut x = 0.000_123_456_789_f64;
        while x < 1e13 {
            for v in [x, -x, x * 1.000_000_1, 1.0 / x] {
                for d in 0..=9 {
                    let want = format!("{:.*}", d as usize, publish_round(v, d));
                    assert_eq!(display(v, d), want, "{v} at {d} decimals");
                }
            }
            x *= 1.37;
        }
        for v in [0.0, -0.0, 0.05, -0.05, 0.5, 99.95, 1e15, f64::MAX] {
            for d in 0..=9 {
                assert_eq!(
                    display(v, d),
                    format!("{:.*}", d as usize, publish_round(v, d))
                );
            }
        }
    }

    #[test]
    fn unrounded_ranks_split_published_ties() {
        let v = [Some(70.04), Some(80.0), Some(70.0), None, Some(70.04)];
        // At 1 decimal 70.04 and 70.0 publish as 70.0: tied at 2. Unrounded they are not,
        // and the two equal 70.04 stay tied: 2, 1, 4, -, 2.
        assert_eq!(
            ranks_on(&v, 1, RankOn::Published),
            vec![Some(2), Some(1), Some(2), None, Some(2)]
        );
        assert_eq!(
            ranks_on(&v, 1, RankOn::Unrounded),
            vec![Some(2), Some(1), Some(4), None, Some(2)]
        );
    }

    #[test]
    fn competition_ranks_share_the_best_rank_and_skip() {
        let v = [Some(70.04), Some(80.0), Some(70.0), None, Some(60.0)];
        // 70.04 and 70.0 both publish as 70.0: a tie at rank 2, then rank 4.
        assert_eq!(
            competition_ranks(&v, 1),
            vec![Some(2), Some(1), Some(2), None, Some(4)]
        );
        // At 2 decimals they differ.
        assert_eq!(
            competition_ranks(&v, 2),
            vec![Some(2), Some(1), Some(3), None, Some(4)]
        );
    }
}
