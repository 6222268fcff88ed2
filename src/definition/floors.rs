//! The lowest value each node can take (its "floor"): what a missing child counts as under
//! `renormalise = false`. An item's floor is its scale's lowest score; a node's is its method
//! applied to its children's floors (all present). None when a floor is not known in advance
//! (z-scores, fractions of the maximum, goalposts without truncation).

// Indexing is in range here: `floors` is sized to nodes, and node parts (children, items, `over`
// lists) are Model cross-references that compile checks.
#![allow(clippy::indexing_slicing)]

use super::resolved::{Item, Method, Node, Scale};

/// The floor of every node (by node index), computed from the leaves up: a node's parts
/// (children and items, or its `over` list) before the node. Nodes on a cycle of `over` lists
/// (reported by validation) have no floor.
pub fn node_floors(nodes: &[Node], items: &[Item], scales: &[Scale]) -> Vec<Option<f64>> {
    let (order, cyclic) = super::parts::evaluation_order(nodes);
    let mut floors: Vec<Option<f64>> = vec![None; nodes.len()];
    for n in order {
        if cyclic.contains(&n) {
            continue;
        }
        let (kids, its) = super::parts::parts_of(&nodes[n]);
        let mut parts: Vec<(f64, Option<f64>)> = Vec::new();
        for &c in kids {
            parts.push((nodes[c].weight, floors[c]));
        }
        for &i in its {
            let Some(scale) = scales.get(items[i].scale) else {
                continue;
            };
            if scale.is_scored() {
                parts.push((items[i].weight, scale.min_score()));
            }
        }
        floors[n] = combine_floors(&parts, nodes[n].method);
    }
    floors
}

/// The floor of an item: its scale's lowest score (None for unscored or unknown).
pub fn item_floor(item: &Item, scales: &[Scale]) -> Option<f64> {
    scales.get(item.scale).and_then(Scale::min_score)
}

/// `method` over floors that are all present (weights > 0 only); None when one is unknown.
pub fn combine_floors(parts: &[(f64, Option<f64>)], method: Method) -> Option<f64> {
    let used: Vec<(f64, f64)> = parts
        .iter()
        .filter(|(w, _)| *w > 0.0)
        .map(|&(w, f)| f.map(|f| (w, f)))
        .collect::<Option<_>>()?;
    if used.is_empty() {
        return None;
    }
    let total: f64 = used.iter().fold(0.0, |a, (w, _)| a + w);
    let value = match method {
        Method::Sum => used.iter().fold(0.0, |a, (w, f)| a + w * f),
        Method::Arithmetic => used.iter().fold(0.0, |a, (w, f)| a + w * f) / total,
        // The lowest mean is reached with every part at its lowest; 0 there gives 0.
        _ if used.iter().any(|(_, f)| *f <= 0.0) => used
            .iter()
            .map(|(_, f)| *f)
            .fold(f64::INFINITY, f64::min)
            .max(0.0),
        Method::Geometric => (used.iter().map(|(w, f)| w * f.ln()).sum::<f64>() / total).exp(),
        Method::Harmonic => total / used.iter().map(|(w, f)| w / f).sum::<f64>(),
        Method::Power(p) => {
            (used.iter().map(|(w, f)| w * f.powf(p)).sum::<f64>() / total).powf(1.0 / p)
        }
    };
    Some(value + 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_by_method_by_hand() {
        let parts = [(1.0, Some(10.0)), (3.0, Some(20.0)), (0.0, None)];
        // (1*10 + 3*20) / 4 = 17.5; sum 70; the weight-0 part plays no role.
        assert_eq!(combine_floors(&parts, Method::Arithmetic), Some(17.5));
        assert_eq!(combine_floors(&parts, Method::Sum), Some(70.0));
        // exp((ln 10 + 3 ln 20) / 4).
        let g = ((10f64.ln() + 3.0 * 20f64.ln()) / 4.0).exp();
        assert!((combine_floors(&parts, Method::Geometric).unwrap() - g).abs() < 1e-12);
        // A 0 among the parts: every mean's lowest value is 0.
        let zero = [(1.0, Some(0.0)), (1.0, Some(20.0))];
        assert_eq!(combine_floors(&zero, Method::Harmonic), Some(0.0));
        // One unknown floor makes the node's unknown.
        assert_eq!(
            combine_floors(&[(1.0, Some(0.0)), (1.0, None)], Method::Arithmetic),
            None
        );
    }
}
