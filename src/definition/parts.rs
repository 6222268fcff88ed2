//! What each node aggregates (issue 13, point 3): its own children and items, or the nodes its
//! `over` list names (from anywhere in the tree). A node listed by an `over` still sits in its
//! own place and is scored there; its score feeds every node that lists it. The walks below
//! are iterative: `over` links make dependency chains that the tree's depth cap does not bound.

// Indexing is in range here: node and item positions are Model cross-references (children,
// items, `over` lists) that compile checks, and the work vectors are sized to the nodes.
#![allow(clippy::indexing_slicing)]

use super::resolved::{ItemIx, Model, Node, NodeIx, PoolOrder, SourceKind};

/// The nodes and items a node combines.
pub fn parts_of(node: &Node) -> (&[NodeIx], &[ItemIx]) {
    match &node.over {
        Some(list) => (list, &[]),
        None => (&node.children, &node.items),
    }
}

/// The items whose scores reach a node's score, in definition order, each once.
pub fn items_feeding(nodes: &[Node], node: NodeIx) -> Vec<ItemIx> {
    let mut seen = vec![false; nodes.len()];
    let mut stack = vec![node];
    let mut out = Vec::new();
    while let Some(n) = stack.pop() {
        if std::mem::replace(&mut seen[n], true) {
            continue;
        }
        let (kids, items) = parts_of(&nodes[n]);
        out.extend_from_slice(items);
        stack.extend(kids.iter().copied().filter(|&k| !seen[k]));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Every node after the nodes it combines (a topological order of the "combines" relation),
/// and the nodes on a cycle of that relation (empty for a valid definition: validation
/// reports cycles and removes the `over` lists that close them). Among nodes that do not
/// depend on each other, definition order is kept.
pub fn evaluation_order(nodes: &[Node]) -> (Vec<NodeIx>, Vec<NodeIx>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut mark = vec![Mark::New; nodes.len()];
    let mut order = Vec::with_capacity(nodes.len());
    let mut cyclic = Vec::new();
    // Depth-first with an explicit stack of (node, next part to visit).
    let mut stack: Vec<(NodeIx, usize)> = Vec::new();
    for start in 0..nodes.len() {
        if mark[start] != Mark::New {
            continue;
        }
        mark[start] = Mark::Open;
        stack.push((start, 0));
        while let Some(&mut (n, ref mut next)) = stack.last_mut() {
            let (kids, _) = parts_of(&nodes[n]);
            if let Some(&k) = kids.get(*next) {
                *next += 1;
                match mark[k] {
                    Mark::New => {
                        mark[k] = Mark::Open;
                        stack.push((k, 0));
                    }
                    Mark::Open => cyclic.push(k),
                    Mark::Done => {}
                }
            } else {
                mark[n] = Mark::Done;
                order.push(n);
                stack.pop();
            }
        }
    }
    cyclic.sort_unstable();
    cyclic.dedup();
    (order, cyclic)
}

/// Each node's and item's share of the index when every score is present: the index's parts
/// get their weight over the parts' total; a node passes its share on to its parts in
/// proportion to their weights. A node or item that feeds several aggregates gets the sum of
/// its shares. `index_parts` are the index's parts; `order` is [`evaluation_order`]'s.
pub fn index_shares(
    nodes: &[Node],
    item_weights: &[f64],
    scored: &dyn Fn(ItemIx) -> bool,
    index_parts: &[NodeIx],
    order: &[NodeIx],
) -> (Vec<f64>, Vec<f64>) {
    let mut node_share = vec![0.0; nodes.len()];
    let mut item_share = vec![0.0; item_weights.len()];
    let total: f64 = index_parts.iter().map(|&n| nodes[n].weight).sum();
    if total > 0.0 {
        for &n in index_parts {
            node_share[n] += nodes[n].weight / total;
        }
    }
    // Consumers before the nodes they combine: the reverse of the evaluation order.
    for &n in order.iter().rev() {
        let share = node_share[n];
        if share == 0.0 {
            continue;
        }
        let (kids, items) = parts_of(&nodes[n]);
        let items: Vec<ItemIx> = items.iter().copied().filter(|&i| scored(i)).collect();
        let sum: f64 = kids.iter().map(|&k| nodes[k].weight).sum::<f64>()
            + items.iter().map(|&i| item_weights[i]).sum::<f64>();
        if sum <= 0.0 {
            continue;
        }
        for &k in kids {
            node_share[k] += share * nodes[k].weight / sum;
        }
        for &i in &items {
            item_share[i] += share * item_weights[i] / sum;
        }
    }
    (node_share, item_share)
}

/// The nodes where respondents are pooled for an order other than items-first: the dimensions
/// (respondents-first) or the lowest nodes holding items (indicators-first). Nodes whose items
/// are all platform-level have no respondents and are left to the tree.
pub fn pooling_nodes(model: &Model, order: PoolOrder) -> Vec<NodeIx> {
    let has_survey = |n: NodeIx| {
        model
            .items_under(n)
            .iter()
            .any(|&i| model.sources[model.items[i].source].kind == SourceKind::Survey)
    };
    let mut set = Vec::new();
    let mut stack: Vec<NodeIx> = model.roots.clone();
    while let Some(n) = stack.pop() {
        if !has_survey(n) {
            continue;
        }
        let here = match order {
            PoolOrder::ItemsFirst => false,
            PoolOrder::RespondentsFirst => true,
            PoolOrder::IndicatorsFirst => !model.nodes[n].items.is_empty(),
        };
        if here {
            set.push(n);
        } else {
            stack.extend(model.nodes[n].children.iter().copied());
        }
    }
    set.sort_unstable();
    set
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::{Method, NodeKind};

    fn node(children: &[NodeIx], items: &[ItemIx], over: Option<&[NodeIx]>, w: f64) -> Node {
        Node {
            id: String::new(),
            name: String::new(),
            name_zh: None,
            kind: NodeKind::Indicator,
            parent: None,
            weight: w,
            method: Method::Arithmetic,
            min_coverage: 0.0,
            min_children: 0.0,
            renormalise: true,
            children: children.to_vec(),
            items: items.to_vec(),
            in_index: true,
            previous: None,
            over: over.map(<[NodeIx]>::to_vec),
            pool: None,
        }
    }

    /// Two dimensions (0, 1) with two indicators each (2, 3 under 0; 4, 5 under 1); a total
    /// (6) over the four indicators. Hand-worked shares with weights 1, 3 / 1, 1.
    fn tree() -> Vec<Node> {
        vec![
            node(&[2, 3], &[], None, 1.0),
            node(&[4, 5], &[], None, 1.0),
            node(&[], &[0], None, 1.0),
            node(&[], &[1], None, 3.0),
            node(&[], &[2], None, 1.0),
            node(&[], &[3, 4], None, 1.0),
            node(&[], &[], Some(&[2, 3, 4, 5]), 1.0),
        ]
    }

    #[test]
    fn the_order_puts_parts_first_and_over_lists_count() {
        let (order, cyclic) = evaluation_order(&tree());
        assert!(cyclic.is_empty());
        let pos = |n: NodeIx| order.iter().position(|&m| m == n).unwrap();
        for (n, parts) in [(0, vec![2, 3]), (1, vec![4, 5]), (6, vec![2, 3, 4, 5])] {
            assert!(parts.iter().all(|&k| pos(k) < pos(n)), "{n}: {order:?}");
        }
        assert_eq!(order.len(), 7);
    }

    #[test]
    fn a_cycle_of_over_lists_is_found() {
        let mut t = tree();
        t[2].over = Some(vec![6]);
        let (_, cyclic) = evaluation_order(&t);
        assert!(!cyclic.is_empty());
    }

    #[test]
    fn items_feeding_follow_over_lists() {
        let t = tree();
        assert_eq!(items_feeding(&t, 6), vec![0, 1, 2, 3, 4]);
        assert_eq!(items_feeding(&t, 1), vec![2, 3, 4]);
    }

    #[test]
    fn shares_by_hand() {
        let t = tree();
        let (order, _) = evaluation_order(&t);
        let w = [1.0; 5];
        // The index over node 6 alone: indicators 1/6, 3/6, 1/6, 1/6 (weights 1, 3, 1, 1).
        let (nodes, items) = index_shares(&t, &w, &|_| true, &[6], &order);
        assert_eq!(nodes[6], 1.0);
        assert!((nodes[3] - 0.5).abs() < 1e-15);
        assert!((items[3] - 1.0 / 12.0).abs() < 1e-15);
        assert_eq!(nodes[0], 0.0);
        // The index over the two dimensions and node 6 (all weight 1): indicator 3 gets
        // 1/3 * 3/4 from dimension 0 and 1/3 * 1/2 from node 6.
        let (nodes, _) = index_shares(&t, &w, &|_| true, &[0, 1, 6], &order);
        assert!((nodes[3] - (0.25 + 1.0 / 6.0)).abs() < 1e-15);
        let total: f64 = [2, 3, 4, 5].iter().map(|&n| nodes[n]).sum();
        assert!((total - 1.0).abs() < 1e-15);
    }
}
