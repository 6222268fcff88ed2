//! `pool` rules (issue 13, point 8): per-node pooling weights by a respondent attribute,
//! `pool = { level = { group = 1, services = 1 } }`. Checked here: one column per rule, at
//! least one value, weights that are numbers >= 0 and not all 0, no value listed twice (after
//! matching as answers are matched), and the items-first order (the other orders pool whole
//! nodes per respondent, where a per-item rule has no place).

// Indexing is in range here: `me` is a node position of the model being compiled.
#![allow(clippy::indexing_slicing)]

use super::super::context::Ctx;
use super::super::model::DefinitionFile;
use super::super::resolved::*;
use super::{NodeIds, weight};
use crate::diagnostics::Code;
use crate::text::match_key;

const HINT_SHAPE: &str = "pool = { level = { group = 1, services = 1 } }: one respondent column, and a weight for each of its values";

/// Resolve the `pool` rule of every node (into `nodes`); the distinct columns, in order.
pub(super) fn resolve(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    nodes: &mut [Node],
    ids: &NodeIds,
    order: PoolOrder,
) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for (id, d) in def.dimensions.iter().chain(def.indicators.iter()) {
        let Some(pool) = &d.get_ref().pool else {
            continue;
        };
        let Some(&me) = ids.get(id.as_str()) else {
            continue;
        };
        if order != PoolOrder::ItemsFirst {
            ctx.error(
                Code::PoolOrder,
                pool.span(),
                format!("\"{id}\" has `pool`, which needs order = \"items-first\""),
                "pool weights average each item's answers within each attribute value first; the other orders pool whole nodes per respondent. Use [aggregation] order = \"items-first\"",
            );
            continue;
        }
        let mut entries = pool.get_ref().iter();
        let (Some((column, weights)), None) = (entries.next(), entries.next()) else {
            ctx.error(
                Code::InvalidPool,
                pool.span(),
                format!(
                    "the `pool` of \"{id}\" names {} columns; it names exactly one",
                    pool.get_ref().len()
                ),
                HINT_SHAPE,
            );
            continue;
        };
        if crate::text::trim(column).is_empty() {
            ctx.error(
                Code::InvalidPool,
                pool.span(),
                format!("the `pool` of \"{id}\" names an empty column"),
                HINT_SHAPE,
            );
            continue;
        }
        if weights.is_empty() {
            ctx.error(
                Code::InvalidPool,
                pool.span(),
                format!("the `pool` of \"{id}\" gives no value of column \"{column}\""),
                HINT_SHAPE,
            );
            continue;
        }
        let mut values: Vec<(String, String, f64)> = Vec::new();
        for (value, w) in weights {
            let owner = format!("{id}: {column} = {value}");
            let w = weight(ctx, Some(w), &owner);
            let key = match_key(value);
            if let Some((first, _, _)) = values.iter().find(|(_, k, _)| *k == key) {
                ctx.error(
                    Code::InvalidPool,
                    pool.span(),
                    format!(
                        "the `pool` of \"{id}\" lists the value \"{value}\" twice (as \"{first}\" too: values match as answers do, ignoring case and width)"
                    ),
                    "list each value once",
                );
                continue;
            }
            values.push((value.clone(), key, w));
        }
        if values.iter().all(|(_, _, w)| *w == 0.0) {
            ctx.error(
                Code::InvalidWeight,
                pool.span(),
                format!("the `pool` weights of \"{id}\" sum to 0"),
                "at least one value needs a weight above 0",
            );
            continue;
        }
        let key = match_key(column);
        let column_ix = match columns.iter().position(|c| match_key(c) == key) {
            Some(c) => c,
            None => {
                columns.push(column.clone());
                columns.len() - 1
            }
        };
        nodes[me].pool = Some(PoolRule {
            column: column.clone(),
            column_ix,
            values,
        });
    }
    columns
}
