//! Steps 4 and 5 over the whole definition tree, for one platform (items-first) or for one
//! respondent's answers (the other pooling orders).

// Indexing is in range here: node children/items, item.scale/source and floors are Model cross-
// references (floors sized from model.nodes/items); rows are sized to model.nodes.
#![allow(clippy::indexing_slicing)]

use super::pool::Pooled;
use super::tree::{Child, Combined, Rule, combine_by};
use super::{AggregateError, ItemScore, NodeScore};
use crate::definition::{ItemIx, Model, NodeIx, item_floor, node_floors};
use std::collections::{HashMap, HashSet};

/// The children of the nodes being evaluated, and their floors (one pair of buffers for the
/// whole walk).
#[derive(Default)]
struct Scratch {
    kids: Vec<Child>,
    floors: Vec<f64>,
}

/// The lowest value of every node and item: what a missing child counts as under
/// `renormalise = false` (0 where unknown: validation refuses renormalise = false there).
pub struct Floors {
    nodes: Vec<f64>,
    items: Vec<f64>,
}

impl Floors {
    pub fn of(model: &Model) -> Floors {
        let nodes = node_floors(&model.nodes, &model.items, &model.scales);
        Floors {
            nodes: nodes.into_iter().map(|f| f.unwrap_or(0.0)).collect(),
            items: model
                .items
                .iter()
                .map(|it| item_floor(it, &model.scales).unwrap_or(0.0))
                .collect(),
        }
    }
}

/// Combine one node from its parts (its children and items, or its `over` list): `value_of`
/// gives the nodes' values (already evaluated), `leaf` the items'. `scratch` holds the parts
/// (one buffer for the whole walk, not one vector per node and platform).
fn combine_node(
    model: &Model,
    platform: usize,
    node: NodeIx,
    value_of: &[Option<f64>],
    leaf: &dyn Fn(ItemIx) -> Option<f64>,
    scratch: &mut Scratch,
    floors: &Floors,
) -> Result<Combined, AggregateError> {
    let n = &model.nodes[node];
    let (kids, items) = model.parts_of(node);
    scratch.kids.clear();
    scratch.floors.clear();
    for &c in kids {
        scratch.kids.push(Child {
            weight: model.nodes[c].weight,
            value: value_of[c],
        });
        scratch.floors.push(floors.nodes[c]);
    }
    for &i in items {
        if model.scales[model.items[i].scale].is_scored() {
            scratch.kids.push(Child {
                weight: model.items[i].weight,
                value: leaf(i),
            });
            scratch.floors.push(floors.items[i]);
        }
    }
    let no_parts = scratch.kids.is_empty();
    let mut combined =
        combine_by(&scratch.kids, &scratch.floors, &Rule::of_node(n)).map_err(|e| {
            AggregateError::refused(e, n.method.name(), &n.id, &model.platforms[platform].id)
        })?;
    if no_parts {
        combined.missing_reason = Some("it has no items in this edition (N/A)".into());
    }
    Ok(combined)
}

/// Evaluate the nodes `which` selects, each after its parts (`model.order`). `fixed` may
/// replace a node's value (pooled node values); every evaluated node is appended to `out`,
/// and its value set in `values`.
#[allow(clippy::too_many_arguments)]
fn eval_nodes(
    model: &Model,
    platform: usize,
    which: &dyn Fn(NodeIx) -> bool,
    leaf: &dyn Fn(ItemIx) -> Option<f64>,
    fixed: &dyn Fn(NodeIx) -> Option<Option<f64>>,
    out: &mut Vec<(NodeIx, Combined)>,
    values: &mut Vec<Option<f64>>,
    scratch: &mut Scratch,
    floors: &Floors,
) -> Result<(), AggregateError> {
    values.clear();
    values.resize(model.nodes.len(), None);
    for &node in &model.order {
        if !which(node) {
            continue;
        }
        let mut combined = combine_node(model, platform, node, values, leaf, scratch, floors)?;
        if let Some(value) = fixed(node) {
            if value.is_none() && combined.missing_reason.is_none() {
                combined.missing_reason = Some("no respondent has a score for it".into());
            }
            combined.value = value;
        }
        values[node] = combined.value;
        out.push((node, combined));
    }
    Ok(())
}

/// Node and index scores of every platform from pooled item scores (and pooled node values
/// for the nodes at or below the pooling level of other orders).
#[allow(clippy::type_complexity)]
pub fn evaluate(
    model: &Model,
    items: &[Vec<ItemScore>],
    pooled: &HashMap<(usize, NodeIx), Pooled>,
) -> Result<(Vec<Vec<NodeScore>>, Vec<NodeScore>), AggregateError> {
    evaluate_with(model, items.len(), |p, i| items[p][i].score, pooled)
}

/// [`evaluate`] for `platforms` platforms whose item scores `leaf(platform, item)` gives.
#[allow(clippy::type_complexity)]
pub fn evaluate_with(
    model: &Model,
    platforms: usize,
    leaf: impl Fn(usize, ItemIx) -> Option<f64>,
    pooled: &HashMap<(usize, NodeIx), Pooled>,
) -> Result<(Vec<Vec<NodeScore>>, Vec<NodeScore>), AggregateError> {
    let territory = pooled_territory(model);
    let mut nodes = Vec::with_capacity(platforms);
    let mut index = Vec::with_capacity(platforms);
    let mut out = Vec::new();
    let mut values = Vec::new();
    let mut dims = Vec::new();
    let mut scratch = Scratch::default();
    let floors = Floors::of(model);
    let index_parts = model.index_parts();
    let dim_floors: Vec<f64> = index_parts.iter().map(|&d| floors.nodes[d]).collect();
    for p in 0..platforms {
        let leaf = |i: ItemIx| leaf(p, i);
        // Items-first runs pool no node: nothing to look up for each node and platform.
        let fixed = |n: NodeIx| {
            (!territory.is_empty() && territory.contains(&n))
                .then(|| pooled.get(&(p, n)).map(|v| v.value))
        };
        out.clear();
        eval_nodes(
            model,
            p,
            &|_| true,
            &leaf,
            &fixed,
            &mut out,
            &mut values,
            &mut scratch,
            &floors,
        )?;
        dims.clear();
        dims.extend(index_parts.iter().map(|&d| Child {
            weight: model.nodes[d].weight,
            value: values[d],
        }));
        let agg = &model.aggregation;
        let idx = combine_by(&dims, &dim_floors, &Rule::of_index(agg)).map_err(|e| {
            AggregateError::refused(e, agg.method.name(), "index", &model.platforms[p].id)
        })?;
        let mut row = vec![NodeScore::default(); model.nodes.len()];
        for (n, c) in out.drain(..) {
            row[n] = node_score(c);
        }
        nodes.push(row);
        index.push(node_score(idx));
    }
    Ok((nodes, index))
}

fn node_score(c: Combined) -> NodeScore {
    NodeScore {
        score: c.value,
        coverage: c.coverage,
        respondents: 0,
        missing_reason: c.missing_reason,
    }
}

// `pooling_nodes` is a property of the definition alone: it lives there, and the definition
// compiler checks `over` lists with it.
pub use crate::definition::parts::pooling_nodes;

/// The pooling nodes and everything below them.
fn pooled_territory(model: &Model) -> HashSet<NodeIx> {
    let mut out = HashSet::new();
    let mut stack = pooling_nodes(model, model.aggregation.order);
    while let Some(n) = stack.pop() {
        out.insert(n);
        stack.extend(model.nodes[n].children.iter().copied());
    }
    out
}

/// One respondent's values of the pooling nodes and the nodes below them, for one platform.
pub fn respondent_nodes(
    model: &Model,
    platform: usize,
    pool_set: &[NodeIx],
    leaf: &dyn Fn(ItemIx) -> Option<f64>,
    floors: &Floors,
) -> Result<Vec<(NodeIx, f64)>, AggregateError> {
    let mut territory = vec![false; model.nodes.len()];
    let mut stack = pool_set.to_vec();
    while let Some(n) = stack.pop() {
        territory[n] = true;
        stack.extend(model.nodes[n].children.iter().copied());
    }
    let mut out = Vec::new();
    let mut values = Vec::new();
    let mut scratch = Scratch::default();
    eval_nodes(
        model,
        platform,
        &|n| territory[n],
        leaf,
        &|_| None,
        &mut out,
        &mut values,
        &mut scratch,
        floors,
    )?;
    Ok(out
        .into_iter()
        .filter_map(|(n, c)| c.value.map(|v| (n, v)))
        .collect())
}
