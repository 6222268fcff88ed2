//! From the parsed TOML to the resolved [`Model`], collecting every finding on the way.

use super::context::Ctx;
use super::model::DefinitionFile;
use super::resolved::*;
use super::scales::compile_scale;
use crate::diagnostics::Code;
use std::collections::HashMap;
use std::path::Path;

pub(crate) fn compile(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    base_dir: Option<&Path>,
) -> Option<Model> {
    if let Some(f) = &def.format
        && *f.get_ref() != 1
    {
        ctx.error(
            Code::UnsupportedFormat,
            f.span(),
            format!("definition format {} is not supported", f.get_ref()),
            "this version reads format = 1",
        );
    }
    let aggregation = aggregation(ctx, def);
    let quality = quality(ctx, def);
    respondents::roster(ctx, def, base_dir);
    let groups: Vec<Group> = def
        .groups
        .iter()
        .map(|(id, g)| Group {
            id: id.clone(),
            name: g.get_ref().name.clone().unwrap_or_else(|| id.clone()),
            name_zh: g.get_ref().name_zh.clone(),
        })
        .collect();
    let (platforms, platform_lookup) = platforms(ctx, def, &groups, base_dir);
    let mut scales = Vec::new();
    let mut scale_ix: HashMap<&str, Option<usize>> = HashMap::new();
    for (id, s) in &def.scales {
        let compiled = compile_scale(ctx, id, s);
        scale_ix.insert(id, compiled.as_ref().map(|_| scales.len()));
        if let Some(c) = compiled {
            scales.push(c);
        }
    }
    super::scale_methods::check_references(ctx, def, &scales, &platforms);
    let (mut nodes, roots, node_ix, skip) = nodes(ctx, def, &aggregation);
    let index_over = over::resolve(ctx, def, &mut nodes, &node_ix, &skip);
    let pool_columns = pool::resolve(ctx, def, &mut nodes, &node_ix, aggregation.order);
    let sources = sources(ctx, def, base_dir);
    let mut referenced = Vec::new();
    let known = Known {
        scale_ix: &scale_ix,
        node_ix: &node_ix,
        scales: &scales,
        sources: &sources,
    };
    let items = items(ctx, def, &known, &mut nodes, &mut referenced);
    bounds::resolve(ctx, &mut scales, &items, base_dir);
    let mut sources = sources;
    source_columns(ctx, def, &items, &mut sources);
    source_overrides(ctx, def, &platforms, &scale_ix, &mut sources);
    let tree = Tree {
        nodes: &nodes,
        node_ix: &node_ix,
        items: &items,
        referenced: &referenced,
        skip: &skip,
        index_over: index_over.as_deref(),
    };
    structure_checks(ctx, def, &tree, &scales, &sources);
    for s in &mut scales {
        s.max_chars = quality.max_cell_chars;
    }
    if ctx.has_errors() {
        return None;
    }
    let (order, _) = super::parts::evaluation_order(&nodes);
    let model = Model {
        meta: def.index.clone(),
        quality,
        aggregation,
        groups,
        platforms,
        platform_lookup,
        scales,
        nodes,
        roots,
        index_over,
        order,
        pool_columns,
        items,
        sources,
        // Read after compiling, by the ingest stage (identity::with_roster).
        roster: None,
        origin: ctx.file.to_string(),
    };
    let before = ctx.diags.len();
    over::check_pooling(ctx, def, &model);
    if let Some(roster) = &mut ctx.roster {
        roster.model_findings = ctx.diags.get(before..).unwrap_or_default().to_vec();
    }
    (!ctx.has_errors()).then_some(model)
}

mod bounds;
mod checks;
mod depth;
mod items;
mod nodes;
mod over;
mod overrides;
mod platforms;
mod pool;
mod respondents;
mod screening;
mod settings;
mod sources;

use checks::{Tree, structure_checks};
use items::{Known, items};
use nodes::{NodeIds, lookup, nodes, weight};
use overrides::source_overrides;
use platforms::platforms;
use settings::{aggregation, children_share, coverage, method, quality};
use sources::{source_columns, sources};
