//! `over` lists (issue 13, point 3): the index, or any node, aggregates a set of nodes named
//! by id, from any dimension, instead of its own children. Every list is checked here: unknown
//! ids, a node listed twice, a node that lists itself or a node above it (whose score contains
//! its own), and cycles through several lists. A list that closes a cycle is dropped after its
//! finding, so that every later walk sees an acyclic graph.

// Indexing is in range here: every index is a node position of the model being compiled
// (resolved from ids in this file, or a parent link the tree compile set), and `skip` is sized
// to the nodes.
#![allow(clippy::indexing_slicing)]

use super::super::context::Ctx;
use super::super::model::DefinitionFile;
use super::super::parts::{evaluation_order, parts_of};
use super::super::resolved::*;
use super::super::spanned::Spanned;
use super::NodeIds;
use crate::diagnostics::Code;
use indexmap::IndexSet;

const HINT_SHAPE: &str = "over = [\"node_id\", ...] lists dimensions or indicators (from any dimension) whose scores this node combines, with their own weights";

/// Resolve the `over` list of every node (into `nodes`) and the index's (returned).
pub(super) fn resolve(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    nodes: &mut [Node],
    ids: &NodeIds,
    skip: &[bool],
) -> Option<Vec<NodeIx>> {
    let known: IndexSet<&str> = def
        .dimensions
        .keys()
        .chain(def.indicators.keys())
        .map(String::as_str)
        .collect();
    for (id, d) in def.dimensions.iter().chain(def.indicators.iter()) {
        let Some(list) = &d.get_ref().over else {
            continue;
        };
        let Some(&me) = ids.get(id.as_str()) else {
            continue;
        };
        if skip[me] {
            continue;
        }
        let what = format!("\"{id}\"");
        let mut resolved = resolve_list(ctx, list, ids, &known, &what);
        resolved.retain(|&(n, ref at)| {
            if n == me {
                ctx.error(
                    Code::OverSelf,
                    at.clone(),
                    format!("{what} lists itself in `over`"),
                    "a node cannot aggregate its own score; list the nodes it is made of",
                );
                return false;
            }
            let mut up = nodes[me].parent;
            while let Some(a) = up {
                if a == n {
                    ctx.error(
                        Code::OverAncestor,
                        at.clone(),
                        format!(
                            "{what} lists \"{}\", a node above it: that node's score is made of {what}'s",
                            nodes[n].id
                        ),
                        "a node may aggregate nodes from other dimensions or below it, never the nodes above it; give the total its own node (e.g. a dimension with over = [...])",
                    );
                    return false;
                }
                up = nodes[a].parent;
            }
            true
        });
        nodes[me].over = Some(resolved.into_iter().map(|(n, _)| n).collect());
    }
    cut_cycles(ctx, def, nodes);
    let index_over = def.index.over.as_ref().map(|list| {
        resolve_list(ctx, list, ids, &known, "the index")
            .into_iter()
            .map(|(n, _)| n)
            .collect::<Vec<_>>()
    });
    if index_over.is_some() {
        for (id, d) in &def.dimensions {
            if d.get_ref().in_index == Some(false) {
                ctx.warning(
                    Code::InIndexIgnored,
                    d.span(),
                    format!("dimension \"{id}\" has in_index = false, but [index] over decides what the index aggregates"),
                    "with [index] over, in_index has no effect: the index combines the nodes of its `over` list",
                );
            }
        }
    }
    index_over
}

/// The ids of one list, resolved, with the span of each; unknown, duplicate and empty lists
/// are findings.
fn resolve_list(
    ctx: &mut Ctx,
    list: &Spanned<Vec<Spanned<String>>>,
    ids: &NodeIds,
    known: &IndexSet<&str>,
    what: &str,
) -> Vec<(NodeIx, std::ops::Range<usize>)> {
    if list.get_ref().is_empty() {
        ctx.error(
            Code::OverEmpty,
            list.span(),
            format!("the `over` list of {what} is empty"),
            HINT_SHAPE,
        );
        return Vec::new();
    }
    let mut out: Vec<(NodeIx, std::ops::Range<usize>)> = Vec::new();
    for wanted in list.get_ref() {
        let Some(&n) = ids.get(wanted.get_ref().as_str()) else {
            ctx.dangling(
                "node",
                wanted.get_ref(),
                wanted.span(),
                known.iter().copied(),
            );
            continue;
        };
        if out.iter().any(|(m, _)| *m == n) {
            ctx.error(
                Code::OverDuplicate,
                wanted.span(),
                format!(
                    "\"{}\" is listed twice in the `over` list of {what}",
                    wanted.get_ref()
                ),
                "list each node once; to give it more weight, raise its `weight`",
            );
            continue;
        }
        out.push((n, wanted.span()));
    }
    out
}

/// One finding per cycle of "combines" links that goes through an `over` list, at the list of
/// the first node of the cycle that has one; that list is dropped.
fn cut_cycles(ctx: &mut Ctx, def: &DefinitionFile, nodes: &mut [Node]) {
    loop {
        let (_, cyclic) = evaluation_order(nodes);
        let Some(&start) = cyclic.first() else {
            return;
        };
        let cycle = cycle_through(nodes, start);
        let Some(&cut) = cycle.iter().find(|&&n| nodes[n].over.is_some()) else {
            // Without an `over` list the tree alone is acyclic; nothing else to cut.
            return;
        };
        let names: Vec<String> = cycle
            .iter()
            .chain(cycle.first())
            .map(|&n| format!("\"{}\"", nodes[n].id))
            .collect();
        let id = nodes[cut].id.clone();
        let span = def
            .dimensions
            .get(&id)
            .or_else(|| def.indicators.get(&id))
            .map_or(0..0, |d| {
                (d.get_ref().over.as_ref()).map_or(d.span(), |l| l.span())
            });
        ctx.error(
            Code::OverCycle,
            span,
            format!(
                "`over` lists form a cycle: {} (each combines the next)",
                names.join(" -> ")
            ),
            "a node cannot depend on its own score; remove one of these nodes from the `over` list of another",
        );
        nodes[cut].over = None;
    }
}

/// A cycle of "combines" links through `start` (the node, then each node it combines, back to
/// before `start`), found breadth first.
fn cycle_through(nodes: &[Node], start: NodeIx) -> Vec<NodeIx> {
    let mut from: Vec<Option<NodeIx>> = vec![None; nodes.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = vec![false; nodes.len()];
    seen[start] = true;
    while let Some(n) = queue.pop_front() {
        for &k in parts_of(&nodes[n]).0 {
            if k == start {
                let mut path = vec![n];
                let mut at = n;
                while let Some(p) = from[at] {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return path;
            }
            if !seen[k] {
                seen[k] = true;
                from[k] = Some(n);
                queue.push_back(k);
            }
        }
    }
    vec![start]
}

/// With an order other than items-first, respondents are pooled at some nodes (the
/// dimensions, or the nodes holding items) and everything below them is evaluated per
/// respondent: a node there cannot combine another node's platform score. Such an `over` is
/// a finding; above the pooling level (and on the index) `over` combines pooled scores.
pub(super) fn check_pooling(ctx: &mut Ctx, def: &DefinitionFile, model: &Model) {
    let order = model.aggregation.order;
    if order == PoolOrder::ItemsFirst {
        return;
    }
    let mut stack = crate::definition::parts::pooling_nodes(model, order);
    while let Some(n) = stack.pop() {
        stack.extend(model.nodes[n].children.iter().copied());
        if model.nodes[n].over.is_none() {
            continue;
        }
        let id = &model.nodes[n].id;
        let span = def
            .dimensions
            .get(id)
            .or_else(|| def.indicators.get(id))
            .and_then(|d| d.get_ref().over.as_ref().map(|l| l.span()))
            .unwrap_or(0..0);
        ctx.error(
            Code::OverPooled,
            span,
            format!(
                "\"{id}\" has `over`, but with order = \"{}\" its score is pooled across respondents",
                order.name()
            ),
            "`over` combines platform scores, above the level where respondents are pooled: put it on the index, on a node without survey items of its own, or use order = \"items-first\"",
        );
    }
}
