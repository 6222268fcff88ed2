//! Dimensions and indicators: the tree above the items, and weights.

use super::super::context::Ctx;
use super::super::model::{DefinitionFile, Loose, NodeDef};
use super::super::resolved::*;
use super::*;
use std::collections::HashMap;
use toml::Spanned;

pub(super) type NodeIds<'d> = HashMap<&'d str, NodeIx>;

pub(super) fn nodes<'d>(
    ctx: &mut Ctx,
    def: &'d DefinitionFile,
    agg: &AggregationRules,
) -> (Vec<Node>, Vec<NodeIx>, NodeIds<'d>) {
    let mut nodes = Vec::new();
    let mut ids: NodeIds = HashMap::new();
    let mut new_node = |ctx: &mut Ctx, id: &'d str, d: &Spanned<NodeDef>, kind: NodeKind| {
        let nd = d.get_ref();
        if ids.contains_key(id) {
            ctx.error(
                "duplicate-id",
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
        });
    };
    for (id, d) in &def.dimensions {
        new_node(ctx, id, d, NodeKind::Dimension);
    }
    let roots: Vec<NodeIx> = (0..def.dimensions.len()).collect();
    for (id, d) in &def.indicators {
        new_node(ctx, id, d, NodeKind::Indicator);
    }
    // Link indicators to their parents.
    let dims: Vec<&str> = def.dimensions.keys().map(String::as_str).collect();
    let inds: Vec<&str> = def.indicators.keys().map(String::as_str).collect();
    for (id, d) in &def.indicators {
        let me = ids[id.as_str()];
        let nd = d.get_ref();
        let parent = match (&nd.dimension, &nd.parent) {
            (Some(dim), None) => lookup(ctx, &ids, dim, "dimension", &dims),
            (None, Some(p)) => lookup(ctx, &ids, p, "indicator", &inds),
            _ => {
                ctx.error(
                    "invalid-reference",
                    d.span(),
                    format!("indicator \"{id}\" needs exactly one of `dimension` or `parent`"),
                    "dimension = \"...\" places it under a dimension; parent = \"...\" under another indicator",
                );
                None
            }
        };
        if let Some(p) = parent {
            nodes[me].parent = Some(p);
            nodes[p].children.push(me);
        }
    }
    // Cycles among indicators: walk up from each node.
    for (id, d) in &def.indicators {
        let start = ids[id.as_str()];
        let mut at = nodes[start].parent;
        let mut steps = 0;
        while let Some(p) = at {
            if p == start || steps > nodes.len() {
                ctx.error(
                    "cycle",
                    d.span(),
                    format!("indicator \"{id}\" is its own ancestor"),
                    "indicators must form a tree under the dimensions",
                );
                nodes[start].parent = None;
                break;
            }
            at = nodes[p].parent;
            steps += 1;
        }
    }
    (nodes, roots, ids)
}

pub(super) fn lookup(
    ctx: &mut Ctx,
    ids: &NodeIds,
    wanted: &Spanned<String>,
    what: &str,
    known: &[&str],
) -> Option<NodeIx> {
    if known.contains(&wanted.get_ref().as_str()) {
        ids.get(wanted.get_ref().as_str()).copied()
    } else {
        ctx.dangling(what, wanted.get_ref(), wanted.span(), known.iter().copied());
        None
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
                "invalid-weight",
                w.span(),
                format!("weight of \"{owner}\" is not a number: {other}"),
                "weights are numbers >= 0, e.g. weight = 1",
            );
            return 1.0;
        }
    };
    if !v.is_finite() || v < 0.0 {
        ctx.error(
            "invalid-weight",
            w.span(),
            format!("weight of \"{owner}\" is {v}"),
            "weights are numbers >= 0",
        );
        return 1.0;
    }
    v
}
