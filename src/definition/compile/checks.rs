//! Checks that need the whole resolved tree.

// Indexing is in range here: node/item/scale/source ixs were assigned by this compile step from
// the same vectors; mentioned/skip/floors are sized from nodes.
#![allow(clippy::indexing_slicing)]

use super::super::context::Ctx;
use super::super::model::{DefinitionFile, NodeDef};
use super::super::resolved::*;
use super::super::spanned::Spanned;
use super::*;
use crate::diagnostics::Code;
use indexmap::IndexMap;

/// The resolved tree, for the checks that need all of it.
pub(super) struct Tree<'a, 'd> {
    pub(super) nodes: &'a [Node],
    pub(super) node_ix: &'a NodeIds<'d>,
    pub(super) items: &'a [Item],
    /// Nodes named by items, including items dropped for another mistake.
    pub(super) referenced: &'a [NodeIx],
    /// Nodes left out of the tree (cycles, too deep) or above a cut chain: reported already,
    /// not checked again.
    pub(super) skip: &'a [bool],
    /// `[index] over`, resolved.
    pub(super) index_over: Option<&'a [NodeIx]>,
}

/// Checks that need the whole tree: empty nodes, zero-sum weights, geometric means over scales
/// that reach 0, items no source can reach.
pub(super) fn structure_checks(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    tree: &Tree,
    scales: &[Scale],
    sources: &[Source],
) {
    let Tree {
        nodes,
        node_ix,
        items,
        referenced,
        skip,
        index_over,
    } = *tree;
    // Every node at or above an item reference, found in one walk per reference (not one
    // per node and reference).
    let mut mentioned = vec![false; nodes.len()];
    for &r in referenced {
        let mut at = Some(r);
        while let Some(n) = at.filter(|&n| !mentioned[n]) {
            mentioned[n] = true;
            at = nodes[n].parent;
        }
    }
    let floors = super::super::floors::node_floors(nodes, items, scales);
    let node_defs: IndexMap<&str, &Spanned<NodeDef>> = def
        .dimensions
        .iter()
        .chain(def.indicators.iter())
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    for (id, d) in &node_defs {
        let Some(&n) = node_ix.get(id).filter(|&&n| !skip[n]) else {
            continue;
        };
        let node = &nodes[n];
        // A node with `over` combines other nodes: the items that reach it are theirs.
        let under = if node.over.is_some() {
            super::super::parts::items_feeding(nodes, n)
        } else {
            items_under(nodes, n)
        };
        let what = match node.kind {
            NodeKind::Dimension => "dimension",
            NodeKind::Indicator => "indicator",
        };
        // An item that points here but has another mistake still counts: one mistake, one finding.
        if under.is_empty() && !mentioned[n] {
            // A node with no items in this edition is published as N/A (issue 13): a warning,
            // and the node has no score; its parent and the index use the other parts.
            ctx.warning(
                Code::EmptyNode,
                d.span(),
                format!("{what} \"{id}\" has no items: it has no score (N/A) in this edition"),
                "its parent is computed from its other parts (the empty node counts as a missing part for min_coverage and min_children); attach items with dimension = \"...\" or indicator = \"...\", or remove it",
            );
            continue;
        }
        if under.is_empty() {
            continue;
        }
        let (part_nodes, part_items) = super::super::parts::parts_of(node);
        let child_weights: Vec<f64> = part_nodes
            .iter()
            .map(|&c| nodes[c].weight)
            .chain(part_items.iter().map(|&i| items[i].weight))
            .collect();
        if !child_weights.is_empty() && child_weights.iter().sum::<f64>() == 0.0 {
            ctx.error(
                Code::InvalidWeight,
                d.span(),
                format!("the weights under {what} \"{id}\" sum to 0"),
                "at least one child needs a weight above 0",
            );
        }
        if !node.renormalise {
            let unknown = part_nodes
                .iter()
                .filter(|&&c| floors[c].is_none())
                .map(|&c| format!("\"{}\"", nodes[c].id))
                .chain(
                    part_items
                        .iter()
                        .filter(|&&i| scales[items[i].scale].is_scored())
                        .filter(|&&i| super::super::floors::item_floor(&items[i], scales).is_none())
                        .map(|&i| format!("item \"{}\"", items[i].id)),
                )
                .next();
            if let Some(child) = unknown {
                let span = d
                    .get_ref()
                    .renormalise
                    .as_ref()
                    .map_or(d.span(), |r| r.span());
                ctx.error(
                    Code::UnknownMinimum,
                    span,
                    format!(
                        "{what} \"{id}\" has renormalise = false, but the lowest value of {child} is not known in advance"
                    ),
                    "a missing part counts as its lowest possible score: use a scale with a known lowest score (labels, goalposts, minmax, rank ...), not z-scores or untruncated goalposts, or keep renormalise = true",
                );
            }
        }
        if node.method.needs_positive() {
            for &i in &under {
                let scale = &scales[items[i].scale];
                if scale.min_score().is_some_and(|m| m <= 0.0) {
                    ctx.error(
                        Code::GeometricZero,
                        d.span(),
                        format!(
                            "{what} \"{id}\" uses the {} mean, but item \"{}\" (scale \"{}\") can score 0",
                            node.method.name(),
                            items[i].id,
                            scale.id
                        ),
                        "a zero makes a geometric or harmonic mean undefined; use arithmetic, or a scale whose scores stay above 0",
                    );
                    break;
                }
            }
        }
    }
    if let Some(r) = def
        .aggregation
        .renormalise
        .as_ref()
        .filter(|r| !*r.get_ref())
    {
        let unknown = index_parts(nodes, index_over)
            .into_iter()
            .find(|&n| floors[n].is_none());
        if let Some(n) = unknown {
            ctx.error(
                Code::UnknownMinimum,
                r.span(),
                format!(
                    "the index has renormalise = false, but the lowest value of \"{}\" is not known in advance",
                    nodes[n].id
                ),
                "a missing dimension counts as its lowest possible score: use scales with a known lowest score below it, or keep renormalise = true",
            );
        }
    }
    let in_index: Vec<f64> = index_parts(nodes, index_over)
        .into_iter()
        .map(|n| nodes[n].weight)
        .collect();
    if def.dimensions.is_empty() {
        ctx.error(
            Code::EmptyNode,
            0..0,
            "the definition has no dimensions".into(),
            "add [dimensions.<id>] tables",
        );
    } else if index_over.is_some_and(|l| l.is_empty()) {
        // An empty `over` list has its own finding.
    } else if in_index.iter().sum::<f64>() == 0.0 {
        ctx.error(
            Code::InvalidWeight,
            0..0,
            "the weights of the index dimensions sum to 0".into(),
            "at least one dimension in the index needs a weight above 0",
        );
    }
    for (ix, it) in items.iter().enumerate() {
        let src = &sources[it.source];
        let wide_only = src.kind == SourceKind::Survey
            && (src.preset.is_numbered() || src.layout == Some(Layout::Wide));
        if wide_only && it.derived.is_some() {
            let span = def.items.get(&it.id).map_or(0..0, |s| s.span());
            ctx.error(
                Code::UnreachableItem,
                span,
                format!(
                    "item \"{}\" is derived, but the wide source \"{}\" has no row per platform to compute it on",
                    it.id, src.id
                ),
                "derived items read other columns of the same row: use them in platform files and long (tidy) surveys",
            );
        } else if wide_only && it.question.is_none() && !src.columns.values().any(|&c| c == ix) {
            let span = def.items.get(&it.id).map_or(0..0, |s| s.span());
            ctx.error(
                Code::UnreachableItem,
                span,
                format!(
                    "item \"{}\" has no `question`, so the wide source \"{}\" cannot find it",
                    it.id, src.id
                ),
                "add question = <number> (or \"first-last\" for one question per platform)",
            );
        }
    }
    for s in sources {
        if !items.iter().any(|it| sources[it.source].id == s.id) {
            let span = def
                .sources
                .iter()
                .find(|d| d.get_ref().id.as_ref().map_or("survey", |i| i.get_ref()) == s.id)
                .map_or(0..0, |d| d.span());
            ctx.warning(
                Code::UnusedSource,
                span,
                format!("no item reads source \"{}\"", s.id),
                "items name their source with source = \"...\" (default \"survey\")",
            );
        }
    }
}

/// The nodes the index combines: its `over` list, or the dimensions in the index.
fn index_parts(nodes: &[Node], index_over: Option<&[NodeIx]>) -> Vec<NodeIx> {
    match index_over {
        Some(list) => list.to_vec(),
        None => (0..nodes.len())
            .filter(|&n| nodes[n].kind == NodeKind::Dimension && nodes[n].in_index)
            .collect(),
    }
}

pub(super) fn items_under(nodes: &[Node], n: NodeIx) -> Vec<ItemIx> {
    let mut out = nodes[n].items.clone();
    for &c in &nodes[n].children {
        out.extend(items_under(nodes, c));
    }
    out
}
