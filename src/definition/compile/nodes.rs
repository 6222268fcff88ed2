//! Dimensions and indicators: the tree above the items, and weights.

// Indexing is in range here: `ids` maps every node id to its position in `nodes`;
// parents/places/skip are sized to nodes.
#![allow(clippy::indexing_slicing)]

use super::super::context::Ctx;
use super::super::model::{DefinitionFile, Loose, NodeDef};
use super::super::resolved::*;
use super::depth::{self, Place, Problem};
use super::*;
use crate::diagnostics::Code;
use indexmap::IndexSet;
use std::collections::HashMap;
use toml::Spanned;

pub(super) type NodeIds<'d> = HashMap<&'d str, NodeIx>;

/// The nodes, the dimensions (roots), the id lookup, and the nodes the tree checks skip (left
/// out of the tree for a cycle or too deep a chain, or above such a chain).
pub(super) fn nodes<'d>(
    ctx: &mut Ctx,
    def: &'d DefinitionFile,
    agg: &AggregationRules,
) -> (Vec<Node>, Vec<NodeIx>, NodeIds<'d>, Vec<bool>) {
    let mut nodes = Vec::new();
    let mut ids: NodeIds = HashMap::new();
    let mut new_node = |ctx: &mut Ctx, id: &'d str, d: &Spanned<NodeDef>, kind: NodeKind| {
        let nd = d.get_ref();
        if ids.contains_key(id) {
            ctx.error(
                Code::DuplicateId,
                d.span(),
                format!("\"{id}\" is both a dimension and an indicator"),
                "node ids must be unique across dimensions and indicators",
            );
        }
        ids.insert(id, nodes.len());
        nodes.push(Node {
            id: id.to_string(),
            name: nd.name.clone().unwrap_or_else(|| id.to_string()),
            name_zh: nd.name_zh.clone(),
            kind,
            parent: None,
            weight: weight(ctx, nd.weight.as_ref(), id),
            method: nd.method.as_ref().map_or(agg.method, |m| method(ctx, m)),
            min_coverage: nd
                .min_coverage
                .as_ref()
                .map_or(agg.min_coverage, |c| coverage(ctx, c)),
            min_children: nd
                .min_children
                .as_ref()
                .map_or(agg.min_children, |c| children_share(ctx, c)),
            renormalise: nd
                .renormalise
                .as_ref()
                .map_or(agg.renormalise, |r| *r.get_ref()),
            children: Vec::new(),
            items: Vec::new(),
            in_index: nd.in_index.unwrap_or(true),
            previous: nd.previous.as_ref().map(|p| p.get_ref().clone()),
            over: None,
            pool: None,
        });
    };
    for (id, d) in &def.dimensions {
        new_node(ctx, id, d, NodeKind::Dimension);
    }
    let roots: Vec<NodeIx> = (0..def.dimensions.len()).collect();
    for (id, d) in &def.indicators {
        new_node(ctx, id, d, NodeKind::Indicator);
    }
    // Each indicator's parent; linked into the tree only once its place is known.
    let dims: IndexSet<&str> = def.dimensions.keys().map(String::as_str).collect();
    let inds: IndexSet<&str> = def.indicators.keys().map(String::as_str).collect();
    let mut parents: Vec<Option<NodeIx>> = vec![None; nodes.len()];
    for (id, d) in &def.indicators {
        let me = ids[id.as_str()];
        let nd = d.get_ref();
        parents[me] = match (&nd.dimension, &nd.parent) {
            (Some(dim), None) => lookup(ctx, &ids, dim, "dimension", &dims),
            (None, Some(p)) => lookup(ctx, &ids, p, "indicator", &inds),
            _ => {
                ctx.error(
                    Code::InvalidReference,
                    d.span(),
                    format!("indicator \"{id}\" needs exactly one of `dimension` or `parent`"),
                    "dimension = \"...\" places it under a dimension; parent = \"...\" under another indicator",
                );
                None
            }
        };
    }
    let (places, problems) = depth::place(&parents);
    report_shape(ctx, def, &nodes, &problems);
    for (me, parent) in parents.iter().enumerate() {
        if let (Some(p), Place::Depth(_)) = (*parent, places[me]) {
            nodes[me].parent = Some(p);
            nodes[p].children.push(me);
        }
    }
    // Checks of the whole tree skip what was cut and the nodes above a cut chain: their
    // items are out of sight, and the cut already has its finding.
    let mut skip: Vec<bool> = places.iter().map(|p| *p == Place::Cut).collect();
    for problem in &problems {
        if let Problem::TooDeep(n) = problem {
            let mut at = parents[*n];
            while let Some(p) = at.filter(|&p| !skip[p]) {
                skip[p] = true;
                at = nodes[p].parent;
            }
        }
    }
    (nodes, roots, ids, skip)
}

pub(super) fn lookup(
    ctx: &mut Ctx,
    ids: &NodeIds,
    wanted: &Spanned<String>,
    what: &str,
    known: &IndexSet<&str>,
) -> Option<NodeIx> {
    if known.contains(&wanted.get_ref().as_str()) {
        ids.get(wanted.get_ref().as_str()).copied()
    } else {
        ctx.dangling(what, wanted.get_ref(), wanted.span(), known.iter().copied());
        None
    }
}

/// One finding per cycle (at the `parent` of its first node, naming every node of it) and
/// per chain deeper than the cap (at the first node over it).
fn report_shape(ctx: &mut Ctx, def: &DefinitionFile, nodes: &[Node], problems: &[Problem]) {
    let parent_span = |n: NodeIx| {
        def.indicators.get(nodes[n].id.as_str()).map_or(0..0, |d| {
            d.get_ref().parent.as_ref().map_or(d.span(), |p| p.span())
        })
    };
    for problem in problems {
        match problem {
            Problem::Cycle(cycle) => {
                let Some(&first) = cycle.first() else { continue };
                let names: Vec<String> = cycle
                    .iter()
                    .chain(std::iter::once(&first))
                    .map(|&n| format!("\"{}\"", nodes[n].id))
                    .collect();
                ctx.error(
                    Code::ParentCycle,
                    parent_span(first),
                    format!(
                        "indicators form a cycle of `parent` references: {}",
                        names.join(" -> ")
                    ),
                    "indicators form a tree under the dimensions: one indicator of the cycle must name its dimension (dimension = \"...\") or another parent",
                );
            }
            Problem::TooDeep(n) => ctx.error(
                Code::TreeTooDeep,
                parent_span(*n),
                format!(
                    "indicator \"{}\" is nested {} levels below its dimension; at most {} are allowed",
                    nodes[*n].id,
                    depth::MAX_DEPTH + 1,
                    depth::MAX_DEPTH
                ),
                "indices have a few levels; attach the deeper indicators closer to their dimension",
            ),
        }
    }
}

/// A weight as written: a number >= 0. Anything else is a finding; 1 stands in for it.
pub(super) fn weight(ctx: &mut Ctx, w: Option<&Loose>, owner: &str) -> f64 {
    let Some(w) = w else { return 1.0 };
    let v = match w.get_ref() {
        toml::Value::Integer(i) => *i as f64,
        toml::Value::Float(f) => *f,
        other => {
            ctx.error(
                Code::InvalidWeight,
                w.span(),
                format!("weight of \"{owner}\" is not a number: {other}"),
                "weights are numbers >= 0, e.g. weight = 1",
            );
            return 1.0;
        }
    };
    if !v.is_finite() || v < 0.0 {
        ctx.error(
            Code::InvalidWeight,
            w.span(),
            format!("weight of \"{owner}\" is {v}"),
            "weights are numbers >= 0",
        );
        return 1.0;
    }
    v
}
