//! What a result file records of the definition that produced it, so that `compare` can match
//! the nodes of two waves (`previous`), and tell when a weight, a scale or a normalisation
//! changed. Written by `score --format json` as the `definition` key; read back by `compare`.

// Indexing is in range here: `below` has one entry per k of the same loop.
#![allow(clippy::indexing_slicing)]

use crate::output::Methodology;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DefinitionRecord {
    /// Publication precision of the run (`[aggregation] decimals`).
    pub decimals: u32,
    /// Dimensions and indicators, depth first in definition order.
    pub nodes: Vec<NodeRecord>,
    /// Items in definition order.
    pub items: Vec<ItemRecord>,
    /// How the dimensions combine into the index (`[aggregation] method`): what `explain`
    /// needs to decompose the index. Absent from older result files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_method: Option<String>,
    /// Nodes whose scores are pooled across respondents (orders other than items-first):
    /// their score is not a weighted mean of their children's platform scores.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pooled: Vec<String>,
    /// `[index] over`: the nodes the index combines instead of the in-index dimensions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index_over: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NodeRecord {
    pub id: String,
    /// "dimension" or "indicator".
    pub kind: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub weight: f64,
    /// The weight as a share of its siblings' (None: a dimension outside the index).
    #[serde(default)]
    pub weight_share: Option<f64>,
    pub in_index: bool,
    pub method: String,
    /// Its id in the previous wave's definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// `over`: the nodes it combines instead of its own children and items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub over: Option<Vec<String>>,
    /// `pool`: its items' answers are averaged within each value of a respondent column
    /// first, then combined with these weights (`level: group 1, services 1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ItemRecord {
    pub id: String,
    /// The dimension or indicator holding the item.
    pub node: String,
    pub dimension: String,
    pub scale: String,
    /// How an answer becomes a score (the methodology's wording of the scale).
    pub scoring: String,
    pub reverse: bool,
    pub weight: f64,
    #[serde(default)]
    pub weight_share: Option<f64>,
    pub scored: bool,
    /// A normalisation over the platforms of the run (min-max ...): None for fixed bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative: Option<String>,
    /// Fixed min-max bounds (`normalize = { method = "minmax", bounds = ... }`): a reference
    /// wave's or recorded ones, so the item's scale does not move with this wave's platforms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bounds: Option<super::BoundsRecord>,
    /// Its id in the previous wave's definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
}

impl DefinitionRecord {
    pub fn from_methodology(m: &Methodology, decimals: u32) -> DefinitionRecord {
        let nodes = m
            .nodes
            .iter()
            .map(|n| NodeRecord {
                id: n.id.clone(),
                kind: n.kind.to_string(),
                parent: n.parent.clone(),
                weight: n.weight,
                weight_share: n.weight_normalised,
                in_index: n.in_index,
                method: n.method.to_string(),
                previous: n.previous.clone(),
                over: n.over.clone(),
                pool: n.pool.clone(),
            })
            .collect();
        let items = m
            .items
            .iter()
            .map(|i| {
                let scale = m.scales.iter().find(|s| s.id == i.scale);
                ItemRecord {
                    id: i.id.clone(),
                    node: i.node.clone(),
                    dimension: i.dimension.clone(),
                    scale: i.scale.clone(),
                    scoring: scale.map_or_else(String::new, |s| s.scoring.clone()),
                    reverse: i.reverse,
                    weight: i.weight,
                    weight_share: i.weight_normalised,
                    scored: i.scored,
                    relative: scale.and_then(|s| s.relative.clone()),
                    bounds: i.bounds.clone(),
                    previous: i.previous.clone(),
                }
            })
            .collect();
        let rule = |key: &str| {
            m.rules
                .iter()
                .find(|r| r.key == key)
                .map(|r| r.value.clone())
        };
        DefinitionRecord {
            decimals,
            nodes,
            items,
            index_method: rule("aggregation.method"),
            pooled: pooled_nodes(m, rule("aggregation.order").as_deref()),
            index_over: m.index_over.clone(),
        }
    }
}

/// The nodes pooled across respondents, and every node below them (as
/// `definition::parts::pooling_nodes` picks them, read from the methodology): the
/// dimensions (respondents-first) or the highest nodes holding items (indicators-first), among
/// the nodes with a survey item below them. Depth-first definition order.
fn pooled_nodes(m: &Methodology, order: Option<&str>) -> Vec<String> {
    use crate::definition::PoolOrder;
    let order = order.and_then(PoolOrder::from_name);
    let pools_at = |n: &crate::output::methodology::NodeSummary| match order {
        Some(PoolOrder::RespondentsFirst) => true,
        Some(PoolOrder::IndicatorsFirst) => m.items.iter().any(|i| i.node == n.id),
        Some(PoolOrder::ItemsFirst) | None => false,
    };
    let has_survey = |id: &str| {
        let mut below = vec![id.to_string()];
        let mut k = 0;
        while k < below.len() {
            let here = below[k].clone();
            below.extend(
                m.nodes
                    .iter()
                    .filter(|c| c.parent.as_deref() == Some(here.as_str()))
                    .map(|c| c.id.clone()),
            );
            k += 1;
        }
        m.items
            .iter()
            .any(|i| !i.platform_level && below.contains(&i.node))
    };
    let mut pooled: Vec<String> = Vec::new();
    for n in &m.nodes {
        let parent_pooled = n
            .parent
            .as_ref()
            .is_some_and(|p| pooled.iter().any(|q| q == p));
        if parent_pooled || (has_survey(&n.id) && pools_at(n)) {
            pooled.push(n.id.clone());
        }
    }
    pooled
}
