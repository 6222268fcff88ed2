//! The weight each item carries in the index (the product of the normalised weights on its
//! path), for the `stats` report: what the definition's nested weights amount to.

// Indexing is in range here: item/node/source ixs are Model cross-references that compile checks.
#![allow(clippy::indexing_slicing)]

use crate::aggregate::tree::effective_weights;
use crate::definition::Model;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EffectiveWeight {
    pub item: String,
    pub dimension: String,
    pub source: String,
    /// Share of the index (all shares sum to 1 over the dimensions in the index) when every
    /// score is present; missing scores renormalise the weights of a platform.
    pub weight: f64,
}

/// Every scored item's effective weight, in definition order.
pub fn effective(model: &Model) -> Vec<EffectiveWeight> {
    effective_weights(model)
        .into_iter()
        .map(|(i, weight)| {
            let it = &model.items[i];
            EffectiveWeight {
                item: it.id.clone(),
                dimension: model.nodes[model.dimension_of(it.node)].id.clone(),
                source: model.sources[it.source].id.clone(),
                weight,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::load_default;

    #[test]
    fn effective_weights_of_the_index_sum_to_one() {
        let (model, _) = load_default().unwrap();
        let w = effective(&model);
        let in_index: f64 = w.iter().map(|e| e.weight).sum();
        assert!((in_index - 1.0).abs() < 1e-12, "{in_index}");
        // The auxiliary "overall" block is reported but kept out of the index.
        assert!(
            w.iter()
                .filter(|e| e.dimension == "overall")
                .all(|e| e.weight == 0.0)
        );
    }
}
