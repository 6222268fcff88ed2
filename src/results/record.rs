//! What a result file records of the definition that produced it, so that `compare` can match
//! the nodes of two waves (`previous`), and tell when a weight, a scale or a normalisation
//! changed. Written by `score --format json` as the `definition` key; read back by `compare`.

use crate::output::Methodology;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DefinitionRecord {
    /// Publication precision of the run (`[aggregation] decimals`).
    pub decimals: u32,
    /// Dimensions and indicators, depth first in definition order.
    pub nodes: Vec<NodeRecord>,
    /// Items in definition order.
    pub items: Vec<ItemRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
                    previous: i.previous.clone(),
                }
            })
            .collect();
        DefinitionRecord {
            decimals,
            nodes,
            items,
        }
    }
}
