//! A serialisable summary of the definition for the methodology sheet and appendix: the
//! rules, the tree with its weights (as written, normalised among siblings, and the effective
//! weight of every node and item in the index), the scales, and how N/A is treated. Derived
//! from the resolved [`Model`], so it says what the run actually did.

// Indexing is in range here: node/item/scale/source ixs are Model cross-references that compile
// checks; out/node_weights are sized to model.nodes.
#![allow(clippy::indexing_slicing)]

mod rules;

use crate::definition::{
    IndexMeta, Model, NodeIx, NodeKind, NormaliseMethod, Scale, ScaleKind, SourceKind,
};
use rules::rules;
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
    /// `[index] over`: the ids of the nodes the index combines instead of the dimensions.
    pub index_over: Option<Vec<String>>,
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
    /// As the definition writes it (`generalised:2` with its exponent).
    pub method: String,
    pub min_coverage: f64,
    /// Share of the number of children that must have a score.
    pub min_children: f64,
    pub in_index: bool,
    /// Its id in the previous wave's definition (`previous = "old_id"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// `over`: the nodes it combines instead of its own children.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub over: Option<Vec<String>>,
    /// `pool`: its items' answers are averaged within each value of a respondent column
    /// first, then combined with these weights (`level: group 1, services 1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
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
    /// Its id in the previous wave's definition (`previous = "old_id"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// Fixed min-max bounds (a reference wave's, or recorded in the definition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds: Option<crate::results::BoundsRecord>,
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
    /// A normalisation over the platforms of this run (min-max, z-score, ranks ...), whose
    /// scores move when other platforms move; None for fixed bounds (goalposts) or none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
}

impl Methodology {
    pub fn from_model(model: &Model) -> Methodology {
        let node_weights = node_weights(model);
        let (_, item_shares) = index_shares(model);
        let nodes = depth_first(model)
            .into_iter()
            .map(|(n, depth)| node_summary(model, n, depth, node_weights[n]))
            .collect();
        let items = model
            .items
            .iter()
            .enumerate()
            .map(|(i, _)| item_summary(model, i, &item_shares))
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
            index_over: model
                .index_over
                .as_ref()
                .map(|list| (list.iter()).map(|&n| model.nodes[n].id.clone()).collect()),
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

/// (normalised weight among siblings, effective weight) of every node. The effective weight
/// is the node's share of the index, summed over every aggregate it feeds (`over`).
fn node_weights(model: &Model) -> Vec<(Option<f64>, f64)> {
    let mut out = vec![(None, 0.0); model.nodes.len()];
    let index_parts = model.index_parts();
    let index_total: f64 = index_parts.iter().map(|&r| model.nodes[r].weight).sum();
    for &r in &index_parts {
        if index_total > 0.0 {
            out[r].0 = Some(model.nodes[r].weight / index_total);
        }
    }
    for &r in &model.roots {
        fill_children(model, r, &mut out);
    }
    let (shares, _) = index_shares(model);
    for (n, share) in shares.into_iter().enumerate() {
        out[n].1 = share;
    }
    out
}

/// Each node's and item's share of the index.
fn index_shares(model: &Model) -> (Vec<f64>, Vec<f64>) {
    let scored = |i: usize| model.scales[model.items[i].scale].is_scored();
    let item_weights: Vec<f64> = model.items.iter().map(|it| it.weight).collect();
    crate::definition::parts::index_shares(
        &model.nodes,
        &item_weights,
        &scored,
        &model.index_parts(),
        &model.order,
    )
}

fn fill_children(model: &Model, n: NodeIx, out: &mut [(Option<f64>, f64)]) {
    let total = children_weight(model, n);
    for &c in &model.nodes[n].children {
        if total > 0.0 {
            out[c].0 = Some(model.nodes[c].weight / total);
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
        method: node.method.spec(),
        min_coverage: node.min_coverage,
        min_children: node.min_children,
        // With `[index] over`, a node is in the index when its score reaches it.
        in_index: match model.index_over {
            Some(_) => effective_weight > 0.0,
            None => model.nodes[model.dimension_of(n)].in_index,
        },
        previous: node.previous.clone(),
        over: node
            .over
            .as_ref()
            .map(|list| (list.iter()).map(|&m| model.nodes[m].id.clone()).collect()),
        pool: node
            .pool
            .as_ref()
            .map(crate::definition::PoolRule::describe),
    }
}

fn item_summary(model: &Model, i: usize, item_shares: &[f64]) -> ItemSummary {
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
        effective_weight: item_shares.get(i).copied().unwrap_or(0.0),
        source: source.id.clone(),
        platform_level: source.kind == SourceKind::Platform,
        scored,
        previous: item.previous.clone(),
        bounds: fixed_bounds(model, i),
    }
}

/// An item's fixed min-max bounds with where they come from and what they replace.
fn fixed_bounds(model: &Model, i: usize) -> Option<crate::results::BoundsRecord> {
    let item = &model.items[i];
    let ScaleKind::Numeric(n) = &model.scales[item.scale].kind else {
        return None;
    };
    let (fixed, rule) = (n.bounds.as_ref()?, n.normalise.as_ref()?);
    let &(min, max) = fixed.items.get(&item.id)?;
    Some(crate::results::BoundsRecord {
        min,
        max,
        from: match &fixed.from {
            crate::definition::BoundsFrom::Wave { given, .. } => format!("reference wave {given}"),
            crate::definition::BoundsFrom::Table => "definition".to_string(),
        },
        clamped: fixed.truncate,
        replaces: rule.describe(),
    })
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
    let relative = match &scale.kind {
        ScaleKind::Numeric(n) if n.goalposts.is_none() && n.bounds.is_none() => n
            .normalise
            .as_ref()
            .filter(|norm| !matches!(norm.method, NormaliseMethod::Goalposts { .. }))
            .map(|norm| norm.describe()),
        _ => None,
    };
    ScaleSummary {
        id: scale.id.clone(),
        kind,
        scoring,
        na: scale.na.clone(),
        relative,
    }
}

fn numeric_scoring(n: &crate::definition::Numeric) -> String {
    let mut text = match (&n.goalposts, &n.normalise) {
        (Some((best, worst)), _) => format!(
            "goalposts: {} → 100, {} → 0, clamped",
            number(*best),
            number(*worst)
        ),
        (None, Some(norm)) => norm.describe_on(n.bounds.as_deref()),
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
