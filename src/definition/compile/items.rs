//! Items: where each sits in the tree, how it is scored, which source reads it.

use super::super::context::Ctx;
use super::super::model::{DefinitionFile, QuestionRef};
use super::super::resolved::*;
use super::*;
use crate::text::match_key;
use indexmap::IndexSet;
use std::collections::HashMap;
use toml::Spanned;

/// What items may refer to, resolved before the items.
pub(super) struct Known<'a, 'd> {
    pub(super) scale_ix: &'a HashMap<&'d str, Option<usize>>,
    pub(super) node_ix: &'a NodeIds<'d>,
    pub(super) scales: &'a [Scale],
    pub(super) sources: &'a [Source],
}

pub(super) fn items(
    ctx: &mut Ctx,
    def: &DefinitionFile,
    known: &Known,
    nodes: &mut [Node],
    referenced: &mut Vec<NodeIx>,
) -> Vec<Item> {
    let Known {
        scale_ix,
        node_ix,
        scales,
        sources,
    } = *known;
    let dims: IndexSet<&str> = def.dimensions.keys().map(String::as_str).collect();
    let inds: IndexSet<&str> = def.indicators.keys().map(String::as_str).collect();
    let scale_names: Vec<&str> = def.scales.keys().map(String::as_str).collect();
    let source_names: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for (id, it) in &def.items {
        let d = it.get_ref();
        let node = match (&d.indicator, &d.dimension) {
            (Some(i), None) => lookup(ctx, node_ix, i, "indicator", &inds),
            (None, Some(dm)) => lookup(ctx, node_ix, dm, "dimension", &dims),
            _ => {
                ctx.error(
                    "invalid-reference",
                    it.span(),
                    format!("item \"{id}\" needs exactly one of `indicator` or `dimension`"),
                    "it says where in the index the item counts",
                );
                None
            }
        };
        let scale = match &d.scale {
            None => {
                ctx.error(
                    "missing-key",
                    it.span(),
                    format!("item \"{id}\" has no `scale`"),
                    "scale = \"...\" names how its answers are scored",
                );
                None
            }
            Some(s) => match scale_ix.get(s.get_ref().as_str()) {
                Some(ix) => *ix,
                None => {
                    ctx.dangling("scale", s.get_ref(), s.span(), scale_names.iter().copied());
                    None
                }
            },
        };
        let source_id = d.source.as_ref().map_or("survey", |s| s.get_ref().as_str());
        let source = match sources.iter().position(|s| s.id == source_id) {
            Some(s) => Some(s),
            None => {
                let span = d.source.as_ref().map_or(it.span(), |s| s.span());
                ctx.dangling("source", source_id, span, source_names.iter().copied());
                None
            }
        };
        let question = d.question.as_ref().and_then(|q| question(ctx, id, q));
        let weight = weight(ctx, d.weight.as_ref(), id);
        if let (Some(sc), true) = (scale, d.reverse)
            && !matches!(scales[sc].kind, ScaleKind::Ordinal(_))
        {
            ctx.error(
                "invalid-value",
                it.span(),
                format!(
                    "item \"{id}\" is reverse-keyed but its scale \"{}\" is not ordinal",
                    scales[sc].id
                ),
                "reverse keying mirrors an ordinal scale; for numbers swap best and worst",
            );
        }
        if let (Some(sc), Some(src)) = (scale, source)
            && sources[src].kind == SourceKind::Platform
            && !matches!(scales[sc].kind, ScaleKind::Numeric(_))
        {
            ctx.error(
                "invalid-value",
                it.span(),
                format!("item \"{id}\" comes from platform-level source \"{}\" but its scale is not numeric", sources[src].id),
                "platform-level data files hold numbers",
            );
        }
        referenced.extend(node);
        let (Some(node), Some(scale), Some(source)) = (node, scale, source) else {
            continue;
        };
        let mut columns = vec![match_key(
            d.column.as_ref().map_or(id.as_str(), |c| c.get_ref()),
        )];
        columns.extend(d.headers.iter().map(|h| match_key(h)));
        nodes[node].items.push(out.len());
        spans.push(it.span());
        out.push(Item {
            id: id.clone(),
            node,
            scale,
            reverse: d.reverse,
            weight,
            source,
            question,
            columns,
            column_shared: d.column_shared,
            text: d.text.clone(),
            text_en: d.text_en.clone(),
            previous: d.previous.as_ref().map(|p| p.get_ref().clone()),
        });
    }
    shared_columns(ctx, &out, &spans);
    out
}

/// Two items of one source on one question or column: one would silently take the other's
/// answers (issue 10, class 9), unless both say `column_shared = true`.
fn shared_columns(ctx: &mut Ctx, items: &[Item], spans: &[std::ops::Range<usize>]) {
    for (b, second) in items.iter().enumerate() {
        for (a, first) in items[..b].iter().enumerate() {
            if first.source != second.source || (first.column_shared && second.column_shared) {
                continue;
            }
            let question = match (&first.question, &second.question) {
                (Some(x), Some(y)) => overlap(x, y),
                _ => None,
            };
            let column = first.columns.iter().find(|c| second.columns.contains(c));
            let what = match (question, column) {
                (Some(q), _) => format!("question {q}"),
                (None, Some(c)) => format!("column {c:?}"),
                (None, None) => continue,
            };
            let at = ctx.at(spans[a].clone());
            ctx.error(
                "shared-column",
                spans[b].clone(),
                format!(
                    "items \"{}\" ({at}) and \"{}\" both read {what}: one would take the other's answers",
                    first.id, second.id
                ),
                "give each item its own question or column; to score the same answers under two parents on purpose, set `column_shared = true` on both items",
            );
        }
    }
}

/// The first question number two selections share.
fn overlap(x: &QuestionSel, y: &QuestionSel) -> Option<u32> {
    let range = |s: &QuestionSel| match *s {
        QuestionSel::Number(n) => (n, n),
        QuestionSel::Range(a, b) => (a, b),
    };
    let ((a, b), (c, d)) = (range(x), range(y));
    let (lo, hi) = (a.max(c), b.min(d));
    (lo <= hi).then_some(lo)
}

pub(super) fn question(ctx: &mut Ctx, item: &str, q: &Spanned<QuestionRef>) -> Option<QuestionSel> {
    let bad = |ctx: &mut Ctx, shown: String| {
        ctx.error(
            "invalid-value",
            q.span(),
            format!("item \"{item}\": question = {shown} is not a question number or range"),
            "question = 4, or question = \"10-19\" for one question per platform",
        );
        None
    };
    match q.get_ref() {
        QuestionRef::Number(n) if *n >= 1 => Some(QuestionSel::Number(*n as u32)),
        QuestionRef::Number(n) => bad(ctx, n.to_string()),
        QuestionRef::Text(t) => {
            let t2 = t.replace("..", "-");
            let parsed = match t2.split_once('-') {
                Some((a, b)) => a
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .zip(b.trim().parse::<u32>().ok())
                    .filter(|(a, b)| a >= &1 && a <= b)
                    .map(|(a, b)| QuestionSel::Range(a, b)),
                None => t
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .map(QuestionSel::Number),
            };
            parsed.or_else(|| bad(ctx, format!("\"{t}\"")))
        }
    }
}
