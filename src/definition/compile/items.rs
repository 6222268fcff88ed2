//! Items: where each sits in the tree, how it is scored, which source reads it.

// Indexing is in range here: scale/source/node ixs come from the name→ix maps built from the same
// vectors; `a`, `b` are positions in `spans` found by the caller.
#![allow(clippy::indexing_slicing)]

use super::super::context::Ctx;
use super::super::model::{DefinitionFile, QuestionRef};
use super::super::resolved::*;
use super::*;
use crate::diagnostics::Code;
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
                    Code::InvalidReference,
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
                    Code::MissingKey,
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
                Code::InvalidValue,
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
                Code::InvalidValue,
                it.span(),
                format!("item \"{id}\" comes from platform-level source \"{}\" but its scale is not numeric", sources[src].id),
                "platform-level data files hold numbers",
            );
        }
        let derived = d
            .value
            .as_ref()
            .and_then(|v| derived(ctx, id, d, v, scale, scales));
        let when = d.when.as_ref().and_then(|w| gate(ctx, id, w));
        referenced.extend(node);
        let (Some(node), Some(scale), Some(source)) = (node, scale, source) else {
            continue;
        };
        let mut columns = Vec::new();
        if d.value.is_none() {
            columns.push(match_key(
                d.column.as_ref().map_or(id.as_str(), |c| c.get_ref()),
            ));
            columns.extend(d.headers.iter().map(|h| match_key(h)));
        }
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
            derived,
            when,
        });
    }
    shared_columns(ctx, &out, &spans);
    out
}

/// `value = "..."`: the expression parsed, its errors located at the offending character in
/// the TOML file (when the string is written without escapes) and by offset in the string.
fn derived(
    ctx: &mut Ctx,
    id: &str,
    d: &super::super::model::ItemDef,
    v: &Spanned<String>,
    scale: Option<usize>,
    scales: &[Scale],
) -> Option<crate::definition::expr::Expression> {
    let span = v.span();
    if d.column.is_some() || d.question.is_some() || !d.headers.is_empty() {
        ctx.error(
            Code::InvalidValue,
            span.clone(),
            format!("item \"{id}\" is derived (`value`) and also names a `column`, `question` or `headers`"),
            "a derived item computes its value from the columns its expression names; remove `column`, `question` and `headers`",
        );
    }
    if let Some(sc) = scale
        && !matches!(scales[sc].kind, ScaleKind::Numeric(_))
    {
        ctx.error(
            Code::InvalidValue,
            span.clone(),
            format!(
                "item \"{id}\" is derived but its scale \"{}\" is not numeric",
                scales[sc].id
            ),
            "a derived value is a number: give the item a numeric scale (goalposts or normalize)",
        );
    }
    match crate::definition::expr::parse(v.get_ref()) {
        Ok(e) => Some(e),
        Err(e) => {
            // Inside a basic or literal string without escapes, offset n of the value is byte
            // n + 1 of the TOML text.
            let written = ctx.text.get(span.clone()).unwrap_or("");
            let plain = written.len() == v.get_ref().len() + 2
                && (written.starts_with('"') || written.starts_with('\''));
            let at = if plain {
                span.start + 1 + e.offset
            } else {
                span.start
            };
            ctx.error(
                Code::InvalidExpression,
                at..at + 1,
                format!(
                    "item \"{id}\": {} at offset {} of the expression {:?}",
                    e.message,
                    e.offset,
                    v.get_ref()
                ),
                &e.hint,
            );
            None
        }
    }
}

/// `when = { column = "status", in = ["always"] }`, resolved.
fn gate(ctx: &mut Ctx, id: &str, w: &Spanned<super::super::model::WhenDef>) -> Option<Gate> {
    let def = w.get_ref();
    let hint = "when = { column = \"status\", in = [\"always\"] }";
    let Some(column) = &def.column else {
        ctx.error(
            Code::MissingKey,
            w.span(),
            format!("item \"{id}\": `when` names no `column`"),
            hint,
        );
        return None;
    };
    let mut values = Vec::new();
    for v in def.values.iter().flatten() {
        match v.get_ref() {
            toml::Value::String(s) => values.push(match_key(s)),
            toml::Value::Integer(i) => values.push(i.to_string()),
            toml::Value::Float(x) => values.push(crate::text::format_number(*x)),
            other => ctx.error(
                Code::InvalidValue,
                v.span(),
                format!("item \"{id}\": `when` value {other} is not a text or a number"),
                hint,
            ),
        }
    }
    if def.values.as_ref().is_none_or(Vec::is_empty) {
        ctx.error(
            Code::MissingKey,
            w.span(),
            format!("item \"{id}\": `when` lists no values (`in`)"),
            hint,
        );
        return None;
    }
    Some(Gate {
        column: column.get_ref().clone(),
        key: match_key(column.get_ref()),
        values,
    })
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
                Code::SharedColumn,
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
            Code::InvalidValue,
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
