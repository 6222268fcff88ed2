//! Fixed min-max bounds, once the items are known: every item of a scale with `bounds` gets
//! its (min, max), from the reference wave's result file (read here, relative to the
//! definition's folder) or from the table in the definition. An item without bounds, a
//! table entry for an item that does not use the scale, and an unreadable reference wave are
//! errors located at the scale's `normalize`.

use super::super::context::Ctx;
use super::super::methods::{BoundsFrom, FixedBounds};
use super::super::resolved::{Item, Scale, ScaleKind};
use crate::diagnostics::Code;
use crate::results::bounds::BoundsView;
use std::path::Path;

pub(crate) fn resolve(
    ctx: &mut Ctx,
    scales: &mut [Scale],
    items: &[Item],
    base_dir: Option<&Path>,
) {
    for (ix, scale) in scales.iter_mut().enumerate() {
        let ScaleKind::Numeric(n) = &mut scale.kind else {
            continue;
        };
        let Some(bounds) = n.bounds.as_mut() else {
            continue;
        };
        let users: Vec<&Item> = items.iter().filter(|i| i.scale == ix).collect();
        match &mut bounds.from {
            BoundsFrom::Table => table(ctx, &scale.id, bounds, &users),
            BoundsFrom::Wave { path, given } => {
                if let Some(b) = base_dir
                    && path.is_relative()
                {
                    *path = b.join(&*path);
                }
                let (path, given) = (path.clone(), given.clone());
                wave(ctx, &scale.id, bounds, &users, &path, &given);
            }
        }
    }
}

fn table(ctx: &mut Ctx, scale: &str, bounds: &FixedBounds, users: &[&Item]) {
    for id in bounds.items.keys() {
        if !users.iter().any(|i| &i.id == id) {
            let known: Vec<&str> = users.iter().map(|i| i.id.as_str()).collect();
            ctx.error(
                Code::InvalidScale,
                bounds.span.clone(),
                format!(
                    "scale \"{scale}\": bounds name item \"{id}\", which does not use this scale"
                ),
                &format!("items of the scale: {}", known.join(", ")),
            );
        }
    }
    for item in users {
        if !bounds.items.contains_key(&item.id) {
            ctx.error(
                Code::InvalidScale,
                bounds.span.clone(),
                format!("scale \"{scale}\": item \"{}\" has no bounds", item.id),
                &format!("add {} = [min, max] to bounds", item.id),
            );
        }
    }
}

fn wave(
    ctx: &mut Ctx,
    scale: &str,
    bounds: &mut FixedBounds,
    users: &[&Item],
    path: &Path,
    given: &str,
) {
    let shown = path.display().to_string();
    let hint = "bounds names a result file of the reference wave (score --format json), relative to the definition file";
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            ctx.error(
                Code::MissingFile,
                bounds.span.clone(),
                format!("scale \"{scale}\": cannot read the reference wave {shown}: {e}"),
                hint,
            );
            return;
        }
    };
    let view = match BoundsView::from_json(&text) {
        Ok(v) => v,
        Err(e) => {
            ctx.error(
                Code::InvalidFile,
                bounds.span.clone(),
                format!("scale \"{scale}\": the reference wave {shown} is not a result file: {e}"),
                hint,
            );
            return;
        }
    };
    for item in users {
        match view.bounds(&item.id, item.previous.as_deref()) {
            Ok((_, b)) => {
                bounds.items.insert(item.id.clone(), b);
            }
            Err(why) => ctx.error(
                Code::InvalidScale,
                bounds.span.clone(),
                format!(
                    "scale \"{scale}\": no bounds for item \"{}\" in the reference wave {given}: {}",
                    item.id,
                    why.explain(item.previous.as_deref().unwrap_or(&item.id))
                ),
                "give the item `previous = \"its id there\"`, or record its bounds: bounds = { item = [min, max] }",
            ),
        }
    }
}
