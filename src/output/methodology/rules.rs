//! The rules of a definition as the methodology shows them: each setting with what it means,
//! in English and Chinese.

use super::Rule;
use crate::definition::{
    AggregationRules, Method, Model, PoolOrder, QualityRules, RankOn, Straightline,
    StraightlineAction,
};

pub(super) fn rule(
    key: &str,
    value: impl Into<String>,
    en: impl Into<String>,
    zh: impl Into<String>,
) -> Rule {
    Rule {
        key: key.into(),
        value: value.into(),
        en: en.into(),
        zh: zh.into(),
    }
}

/// The scoring rules in force, in the order a reader needs them.
pub(super) fn rules(model: &Model) -> Vec<Rule> {
    let mut rules = aggregation_rules(&model.aggregation);
    if let Some(over) = &model.index_over {
        let ids: Vec<&str> = over.iter().map(|&n| model.nodes[n].id.as_str()).collect();
        rules.push(rule(
            "index.over",
            ids.join(", "),
            "the index combines these nodes (with their own weights) instead of the dimensions; the dimensions are scored and ranked but do not enter the index",
            "指数由所列节点（按其自身权重）合成，而非各维度；维度仍计分、排名，但不计入指数",
        ));
    }
    rules.extend(quality_rules(&model.quality));
    rules
}

fn pooling_order(order: PoolOrder) -> (&'static str, &'static str, &'static str) {
    match order {
        PoolOrder::ItemsFirst => (
            order.name(),
            "respondents are pooled per item, then items go up the tree",
            "先按题目汇总受访者，再逐级向上汇总",
        ),
        PoolOrder::IndicatorsFirst => (
            order.name(),
            "each respondent's items are combined into indicators first, then pooled",
            "先将每位受访者的题目汇总为指标，再汇总受访者",
        ),
        PoolOrder::RespondentsFirst => (
            order.name(),
            "each respondent is scored up to the dimensions first, then pooled",
            "先将每位受访者汇总到维度，再汇总受访者",
        ),
    }
}

fn aggregation_rules(a: &AggregationRules) -> Vec<Rule> {
    let (order, order_en, order_zh) = pooling_order(a.order);
    let stat = a.respondents.spec();
    vec![
        rule("aggregation.order", order, order_en, order_zh),
        rule(
            "aggregation.respondents",
            stat,
            "how the answers of the respondents to one platform are pooled (weighted by respondent weight)",
            "同一平台受访者答案的汇总方式（按受访者权重加权）",
        ),
        rule(
            "aggregation.method",
            a.method.name(),
            method_en(a.method),
            "指数由各维度合成的方法；各节点可单独设定",
        ),
        rule(
            "aggregation.min_respondents",
            a.min_respondents.to_string(),
            "platforms rated by fewer respondents are scored but not ranked",
            "受访者少于此数的平台计算得分但不参与排名",
        ),
        rule(
            "aggregation.min_coverage",
            format!("{}", a.min_coverage),
            "share of a node's child weight that must have a score (0 = any one child)",
            "节点得分所需的有得分子项权重占比（0 = 任一子项即可）",
        ),
        rule(
            "aggregation.min_children",
            format!("{}", a.min_children),
            "share of a node's children, counted whatever their weights, that must have a score (COINr's dat_thresh; 0 = any one child)",
            "节点得分所需的有得分子项个数占比（不论权重，同 COINr 的 dat_thresh；0 = 任一子项即可）",
        ),
        rule(
            "aggregation.decimals",
            a.decimals.to_string(),
            "published precision: scores are rounded half away from zero, and ranks use the rounded values",
            "发布精度：四舍五入（远离零），排名基于修约后的数值",
        ),
        match a.rank_on {
            RankOn::Published => rule(
                "aggregation.rank_on",
                a.rank_on.name(),
                "ranks compare the published (rounded) scores",
                "排名基于发布（修约后）的得分",
            ),
            RankOn::Unrounded => rule(
                "aggregation.rank_on",
                a.rank_on.name(),
                "ranks compare the unrounded scores, not the published ones",
                "排名基于未修约的得分，而非发布值",
            ),
        },
        rule(
            "rank_ties",
            "min",
            "competition ranking: equal published scores share the best rank (1, 2, 2, 4)",
            "并列取最高名次（1, 2, 2, 4）",
        ),
        if a.renormalise {
            rule(
                "weights",
                "renormalised",
                "a node is the weighted mean of its children that have a score, weights renormalised over them (a node may set renormalise = false)",
                "节点为有得分子项的加权平均，权重在有得分子项间重新归一化（节点可设 renormalise = false）",
            )
        } else {
            rule(
                "aggregation.renormalise",
                "false",
                "a child without a score counts as its lowest possible score, with its full weight (a node may set renormalise = true)",
                "无得分的子项按其最低可能得分计入，权重不变（节点可设 renormalise = true）",
            )
        },
        rule(
            "na",
            "excluded",
            "N/A, unanswered, skipped and invalid answers are counted and reported, never scored as 0: they leave the mean",
            "不适用、未作答、跳过和无效答案只计数、不计为0分，不参与平均",
        ),
    ]
}

fn quality_rules(q: &QualityRules) -> Vec<Rule> {
    let min_duration = q
        .min_duration_s
        .map_or("none".to_string(), |s| format!("{s}"));
    vec![
        rule(
            "quality.dedupe",
            if q.dedupe_latest { "latest" } else { "none" },
            "repeated submissions of a respondent: the latest is kept",
            "同一受访者多次提交时保留最新一份",
        ),
        rule(
            "quality.min_duration_s",
            min_duration,
            "submissions completed faster (seconds) are excluded as speeders",
            "答题时间短于此秒数的答卷视为过快作答并剔除",
        ),
        rule(
            "quality.min_duration_ratio",
            q.min_duration_ratio
                .map_or("none".to_string(), |r| format!("{r}")),
            "submissions faster than this share of the median seconds per platform rated are excluded as speeders",
            "每评价一个平台的用时低于中位数的该比例的答卷视为过快作答并剔除",
        ),
        straightline_rule(&q.straightline),
    ]
}

fn straightline_rule(s: &Straightline) -> Rule {
    let share = format!("{}%", (s.min_share * 100.0).round());
    let (value, en, zh) = match s.action {
        StraightlineAction::Off => (
            "off".to_string(),
            "not checked".to_string(),
            "不检查".to_string(),
        ),
        StraightlineAction::Flag => (
            format!("flag, {share}"),
            format!(
                "a submission whose longest run of identical agreement/frequency answers covers {share} or more is reported, and still counts"
            ),
            format!("同一答案连续占比达{share}及以上的答卷会被提示，但仍计入"),
        ),
        StraightlineAction::Exclude => (
            format!("exclude, {share}"),
            format!(
                "a submission whose longest run of identical agreement/frequency answers covers {share} or more is excluded"
            ),
            format!("同一答案连续占比达{share}及以上的答卷被剔除"),
        ),
    };
    rule("quality.straightline", value, en, zh)
}

fn method_en(m: Method) -> String {
    match m {
        Method::Power(p) => {
            format!("weighted generalised mean (power {p}) of the dimensions in the index")
        }
        Method::Sum => "weighted sum of the dimensions in the index (no renormalisation)".into(),
        other => format!(
            "weighted {} mean of the dimensions in the index",
            other.name()
        ),
    }
}
