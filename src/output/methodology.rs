//! A serialisable summary of the definition for the methodology sheet and appendix: the
//! rules, the tree with its weights (as written, normalised among siblings, and the effective
//! weight of every node and item in the index), the scales, and how N/A is treated. Derived
//! from the resolved [`Model`], so it says what the run actually did.

use crate::definition::{
    IndexMeta, Method, Model, NodeIx, NodeKind, PoolOrder, RespondentStat, Scale, ScaleKind,
    SourceKind, Straightline, StraightlineAction,
};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Methodology {
    pub index: IndexMeta,
    /// The scoring rules in force, in the order a reader needs them.
    pub rules: Vec<Rule>,
    /// Business-model groups in definition order.
    pub groups: Vec<GroupSummary>,
    /// Dimensions and indicators, depth first in definition order.
    pub nodes: Vec<NodeSummary>,
    /// Items in definition order.
    pub items: Vec<ItemSummary>,
    pub scales: Vec<ScaleSummary>,
}

/// One setting with what it means, in English and Chinese.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Rule {
    pub key: String,
    pub value: String,
    pub en: String,
    pub zh: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct NodeSummary {
    pub id: String,
    pub name: String,
    pub name_zh: Option<String>,
    /// "dimension" or "indicator".
    pub kind: &'static str,
    pub parent: Option<String>,
    /// 0 for dimensions.
    pub depth: usize,
    pub weight: f64,
    /// Weight divided by the weights of its scored siblings (for a dimension: of the
    /// dimensions in the index); None for a dimension outside the index.
    pub weight_normalised: Option<f64>,
    /// Product of the normalised weights from the index down to this node; 0 outside it.
    pub effective_weight: f64,
    pub method: &'static str,
    pub min_coverage: f64,
    pub in_index: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ItemSummary {
    pub id: String,
    pub text: Option<String>,
    pub text_en: Option<String>,
    /// The node holding the item, and the dimension above it.
    pub node: String,
    pub dimension: String,
    pub scale: String,
    pub reverse: bool,
    pub weight: f64,
    /// None for items that are not scored (free text).
    pub weight_normalised: Option<f64>,
    pub effective_weight: f64,
    pub source: String,
    /// True for platform-level data (one value per platform), false for survey answers.
    pub platform_level: bool,
    pub scored: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScaleSummary {
    pub id: String,
    /// ordinal | numeric | multi | text
    pub kind: &'static str,
    /// How an answer becomes a score, e.g. "非常不同意 = 0; 一般 = 50; 非常同意 = 100".
    pub scoring: String,
    /// Answers counted as not applicable (normalised spellings).
    pub na: Vec<String>,
}

impl Methodology {
    pub fn from_model(model: &Model) -> Methodology {
        let node_weights = node_weights(model);
        let nodes = depth_first(model)
            .into_iter()
            .map(|(n, depth)| node_summary(model, n, depth, node_weights[n]))
            .collect();
        let items = model
            .items
            .iter()
            .enumerate()
            .map(|(i, _)| item_summary(model, i, &node_weights))
            .collect();
        Methodology {
            index: model.meta.clone(),
            rules: rules(model),
            groups: model
                .groups
                .iter()
                .map(|g| GroupSummary {
                    id: g.id.clone(),
                    name: g.name.clone(),
                    name_zh: g.name_zh.clone(),
                })
                .collect(),
            nodes,
            items,
            scales: model.scales.iter().map(scale_summary).collect(),
        }
    }

    /// Whether an item is platform-level data (never subject to the small-cell rule).
    pub fn is_platform_level(&self, item: &str) -> bool {
        self.items.iter().any(|i| i.id == item && i.platform_level)
    }

    pub fn group(&self, id: &str) -> Option<&GroupSummary> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn item(&self, id: &str) -> Option<&ItemSummary> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn node(&self, id: &str) -> Option<&NodeSummary> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// (normalised weight among siblings, effective weight) of every node.
fn node_weights(model: &Model) -> Vec<(Option<f64>, f64)> {
    let mut out = vec![(None, 0.0); model.nodes.len()];
    let index_total: f64 = model
        .roots
        .iter()
        .filter(|&&r| model.nodes[r].in_index)
        .map(|&r| model.nodes[r].weight)
        .sum();
    for &r in &model.roots {
        let node = &model.nodes[r];
        if node.in_index && index_total > 0.0 {
            let w = node.weight / index_total;
            out[r] = (Some(w), w);
        }
        fill_children(model, r, &mut out);
    }
    out
}

fn fill_children(model: &Model, n: NodeIx, out: &mut [(Option<f64>, f64)]) {
    let total = children_weight(model, n);
    for &c in &model.nodes[n].children {
        if total > 0.0 {
            let w = model.nodes[c].weight / total;
            out[c] = (Some(w), w * out[n].1);
        }
        fill_children(model, c, out);
    }
}

/// The weight a node's children share: its indicators and its scored items (the children
/// the tree aggregation combines).
fn children_weight(model: &Model, n: NodeIx) -> f64 {
    let node = &model.nodes[n];
    let indicators: f64 = node.children.iter().map(|&c| model.nodes[c].weight).sum();
    let items: f64 = node
        .items
        .iter()
        .filter(|&&i| model.scales[model.items[i].scale].is_scored())
        .map(|&i| model.items[i].weight)
        .sum();
    indicators + items
}

fn depth_first(model: &Model) -> Vec<(NodeIx, usize)> {
    fn walk(model: &Model, n: NodeIx, depth: usize, out: &mut Vec<(NodeIx, usize)>) {
        out.push((n, depth));
        for &c in &model.nodes[n].children {
            walk(model, c, depth + 1, out);
        }
    }
    let mut out = Vec::with_capacity(model.nodes.len());
    for &r in &model.roots {
        walk(model, r, 0, &mut out);
    }
    out
}

fn node_summary(
    model: &Model,
    n: NodeIx,
    depth: usize,
    (weight_normalised, effective_weight): (Option<f64>, f64),
) -> NodeSummary {
    let node = &model.nodes[n];
    NodeSummary {
        id: node.id.clone(),
        name: node.name.clone(),
        name_zh: node.name_zh.clone(),
        kind: match node.kind {
            NodeKind::Dimension => "dimension",
            NodeKind::Indicator => "indicator",
        },
        parent: node.parent.map(|p| model.nodes[p].id.clone()),
        depth,
        weight: node.weight,
        weight_normalised,
        effective_weight,
        method: node.method.name(),
        min_coverage: node.min_coverage,
        in_index: model.nodes[model.dimension_of(n)].in_index,
    }
}

fn item_summary(model: &Model, i: usize, node_weights: &[(Option<f64>, f64)]) -> ItemSummary {
    let item = &model.items[i];
    let scored = model.scales[item.scale].is_scored();
    let total = children_weight(model, item.node);
    let weight_normalised = (scored && total > 0.0).then(|| item.weight / total);
    let source = &model.sources[item.source];
    ItemSummary {
        id: item.id.clone(),
        text: item.text.clone(),
        text_en: item.text_en.clone(),
        node: model.nodes[item.node].id.clone(),
        dimension: model.nodes[model.dimension_of(item.node)].id.clone(),
        scale: model.scales[item.scale].id.clone(),
        reverse: item.reverse,
        weight: item.weight,
        weight_normalised,
        effective_weight: weight_normalised.unwrap_or(0.0) * node_weights[item.node].1,
        source: source.id.clone(),
        platform_level: source.kind == SourceKind::Platform,
        scored,
    }
}

fn rule(key: &str, value: impl Into<String>, en: impl Into<String>, zh: impl Into<String>) -> Rule {
    Rule {
        key: key.into(),
        value: value.into(),
        en: en.into(),
        zh: zh.into(),
    }
}

fn rules(model: &Model) -> Vec<Rule> {
    let a = &model.aggregation;
    let q = &model.quality;
    let (order, order_en, order_zh) = match a.order {
        PoolOrder::ItemsFirst => (
            "items-first",
            "respondents are pooled per item, then items go up the tree",
            "先按题目汇总受访者，再逐级向上汇总",
        ),
        PoolOrder::IndicatorsFirst => (
            "indicators-first",
            "each respondent's items are combined into indicators first, then pooled",
            "先将每位受访者的题目汇总为指标，再汇总受访者",
        ),
        PoolOrder::RespondentsFirst => (
            "respondents-first",
            "each respondent is scored up to the dimensions first, then pooled",
            "先将每位受访者汇总到维度，再汇总受访者",
        ),
    };
    let stat = match a.respondents {
        RespondentStat::Mean => "mean".to_string(),
        RespondentStat::Median => "median".to_string(),
        RespondentStat::TrimmedMean(t) => format!("trimmed-mean:{t}"),
    };
    let min_duration = q
        .min_duration_s
        .map_or("none".to_string(), |s| format!("{s}"));
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
            "aggregation.decimals",
            a.decimals.to_string(),
            "published precision: scores are rounded half away from zero, and ranks use the rounded values",
            "发布精度：四舍五入（远离零），排名基于修约后的数值",
        ),
        rule(
            "rank_ties",
            "min",
            "competition ranking: equal published scores share the best rank (1, 2, 2, 4)",
            "并列取最高名次（1, 2, 2, 4）",
        ),
        rule(
            "weights",
            "renormalised",
            "a node is the weighted mean of its children that have a score, weights renormalised over them",
            "节点为有得分子项的加权平均，权重在有得分子项间重新归一化",
        ),
        rule(
            "na",
            "excluded",
            "N/A, unanswered, skipped and invalid answers are counted and reported, never scored as 0: they leave the mean",
            "不适用、未作答、跳过和无效答案只计数、不计为0分，不参与平均",
        ),
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
        other => format!(
            "weighted {} mean of the dimensions in the index",
            other.name()
        ),
    }
}

fn scale_summary(scale: &Scale) -> ScaleSummary {
    let (kind, scoring) = match &scale.kind {
        ScaleKind::Ordinal(o) => (
            "ordinal",
            o.labels
                .iter()
                .map(|(l, v)| format!("{l} = {}", number(*v)))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        ScaleKind::Numeric(n) => ("numeric", numeric_scoring(n)),
        ScaleKind::Multi(m) => (
            "multi",
            format!(
                "{}; 100 × min(1, points / {})",
                m.options
                    .iter()
                    .map(|(o, p)| format!("{o} = {} pt", number(*p)))
                    .collect::<Vec<_>>()
                    .join("; "),
                number(m.full)
            ),
        ),
        ScaleKind::Text => ("text", "collected, not scored".to_string()),
    };
    ScaleSummary {
        id: scale.id.clone(),
        kind,
        scoring,
        na: scale.na.clone(),
    }
}

fn numeric_scoring(n: &crate::definition::Numeric) -> String {
    let mut text = match (&n.goalposts, &n.normalize) {
        (Some((best, worst)), _) => format!(
            "goalposts: {} → 100, {} → 0, clamped",
            number(*best),
            number(*worst)
        ),
        (None, Some(norm)) => norm.describe(),
        (None, None) => "as given".to_string(),
    };
    if let Some(impute) = n.impute {
        text.push_str(&format!(
            "; missing platform values imputed ({})",
            impute.name()
        ));
    }
    if n.treat.is_some() {
        text.push_str("; outliers treated (winsorisation, log fallback)");
    }
    text
}

/// A weight or score as a short number: 1 not 1.0, 0.5 as is.
fn number(x: f64) -> String {
    format!("{x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::load_default;

    #[test]
    fn effective_weights_of_the_index_items_sum_to_one() {
        let (model, _) = load_default().unwrap();
        let m = Methodology::from_model(&model);
        let total: f64 = m.items.iter().map(|i| i.effective_weight).sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        let dims: f64 = m
            .nodes
            .iter()
            .filter(|n| n.depth == 0)
            .map(|n| n.effective_weight)
            .sum();
        assert!((dims - 1.0).abs() < 1e-12, "{dims}");
    }

    #[test]
    fn items_outside_the_index_or_unscored_weigh_nothing() {
        let (model, _) = load_default().unwrap();
        let m = Methodology::from_model(&model);
        let best = m.item("best_practice").unwrap();
        assert!(!best.scored);
        assert_eq!(best.weight_normalised, None);
        assert_eq!(best.effective_weight, 0.0);
        let overall = m.node("overall").unwrap();
        assert!(!overall.in_index);
        assert_eq!(overall.effective_weight, 0.0);
        let sat = m.item("overall_satisfaction").unwrap();
        assert_eq!(sat.weight_normalised, Some(1.0));
        assert_eq!(sat.effective_weight, 0.0);
    }

    #[test]
    fn effective_weight_is_the_product_down_the_tree() {
        let (model, _) = load_default().unwrap();
        let m = Methodology::from_model(&model);
        for item in m.items.iter().filter(|i| i.scored) {
            let node = m.node(&item.node).unwrap();
            let expected = item.weight_normalised.unwrap() * node.effective_weight;
            assert!(
                (item.effective_weight - expected).abs() < 1e-15,
                "{}",
                item.id
            );
        }
        let opinion = m.items.iter().find(|i| i.platform_level).unwrap();
        assert_eq!(opinion.source, "opinion");
        assert!(
            m.scales
                .iter()
                .any(|s| s.kind == "ordinal" && s.scoring.contains("= 100"))
        );
    }
}
