//! Scales: from `[scales.*]` tables to lookup tables keyed by matching keys.

use super::DEFAULT_MAX_CELL_CHARS;
use super::context::Ctx;
use super::model::ScaleDef;
use super::resolved::{Multi, Numeric, Ordinal, Scale, ScaleKind};
use super::scale_methods;
use crate::diagnostics::Code;
use crate::text::match_key;
use std::collections::HashMap;
use toml::Spanned;

const KINDS: &[&str] = &["ordinal", "numeric", "multi", "text"];

pub(crate) fn compile_scale(ctx: &mut Ctx, id: &str, def: &Spanned<ScaleDef>) -> Option<Scale> {
    let span = def.span();
    let def = def.get_ref();
    let Some(kind) = &def.kind else {
        ctx.error(
            Code::MissingKey,
            span,
            format!("scale \"{id}\" has no `kind`"),
            "add kind = \"ordinal\" | \"numeric\" | \"multi\" | \"text\"",
        );
        return None;
    };
    let na: Vec<String> = def.na.iter().map(|s| match_key(s.get_ref())).collect();
    let kind = match kind.get_ref().as_str() {
        "ordinal" => ScaleKind::Ordinal(ordinal(ctx, id, span.clone(), def, &na)?),
        "numeric" => ScaleKind::Numeric(numeric(ctx, id, span.clone(), def)?),
        "multi" => ScaleKind::Multi(multi(ctx, id, span.clone(), def)?),
        "text" => ScaleKind::Text,
        other => {
            ctx.bad_choice("kind", other, kind.span(), KINDS);
            return None;
        }
    };
    Some(Scale {
        id: id.to_string(),
        kind,
        na,
        max_chars: DEFAULT_MAX_CELL_CHARS,
    })
}

fn ordinal(
    ctx: &mut Ctx,
    id: &str,
    span: std::ops::Range<usize>,
    def: &ScaleDef,
    na: &[String],
) -> Option<Ordinal> {
    let mut labels: Vec<(String, f64, std::ops::Range<usize>)> = Vec::new();
    match (&def.labels, &def.scores) {
        (Some(_), Some(_)) | (None, None) => {
            ctx.error(
                Code::InvalidScale,
                span,
                format!("ordinal scale \"{id}\" needs exactly one of `labels` or `scores`"),
                "labels = [worst, ..., best] spaces them evenly on 0..100; scores = { label = points } sets them",
            );
            return None;
        }
        (Some(list), None) => {
            if list.len() < 2 {
                ctx.error(
                    Code::InvalidScale,
                    span,
                    format!("ordinal scale \"{id}\" needs at least two labels"),
                    "",
                );
                return None;
            }
            let k = (list.len() - 1) as f64;
            for (i, l) in list.iter().enumerate() {
                labels.push((l.get_ref().clone(), 100.0 * i as f64 / k, l.span()));
            }
        }
        (None, Some(map)) => {
            for (label, score) in map {
                let v = *score.get_ref();
                if !(0.0..=100.0).contains(&v) {
                    ctx.error(
                        Code::InvalidScale,
                        score.span(),
                        format!(
                            "score {v} of label \"{label}\" in scale \"{id}\" is outside 0..100"
                        ),
                        "scores are on the 0..100 scale of the index",
                    );
                }
                labels.push((label.clone(), v, score.span()));
            }
            if labels.is_empty() {
                ctx.error(
                    Code::InvalidScale,
                    span,
                    format!("scale \"{id}\" has no scores"),
                    "",
                );
                return None;
            }
        }
    }
    let mut scores: HashMap<String, f64> = HashMap::new();
    for (label, v, lspan) in &labels {
        let key = match_key(label);
        if scores.insert(key.clone(), *v).is_some() {
            ctx.error(
                Code::DuplicateLabel,
                lspan.clone(),
                format!("label \"{label}\" appears twice in scale \"{id}\""),
                "labels are compared after NFKC, trimming and case-folding; each must be distinct",
            );
        }
        if na.contains(&key) {
            ctx.error(
                Code::DuplicateLabel,
                lspan.clone(),
                format!("\"{label}\" is both a label and an N/A answer in scale \"{id}\""),
                "remove it from `na` or from the labels",
            );
        }
    }
    for (spelling, target) in &def.aliases {
        let Some(&v) = scores.get(&match_key(target.get_ref())) else {
            let known: Vec<&str> = labels.iter().map(|(l, _, _)| l.as_str()).collect();
            ctx.dangling("label", target.get_ref(), target.span(), known);
            continue;
        };
        let key = match_key(spelling);
        match scores.get(&key) {
            Some(&old) if old != v => ctx.error(
                Code::DuplicateLabel,
                target.span(),
                format!("alias \"{spelling}\" of scale \"{id}\" already means another label"),
                "each spelling may stand for one label only",
            ),
            _ => {
                scores.insert(key, v);
            }
        }
    }
    let min = labels.iter().map(|l| l.1).fold(f64::INFINITY, f64::min);
    let max = labels.iter().map(|l| l.1).fold(f64::NEG_INFINITY, f64::max);
    Some(Ordinal {
        scores,
        labels: labels.into_iter().map(|(l, v, _)| (l, v)).collect(),
        min,
        max,
    })
}

fn numeric(
    ctx: &mut Ctx,
    id: &str,
    span: std::ops::Range<usize>,
    def: &ScaleDef,
) -> Option<Numeric> {
    let goalposts = match (&def.best, &def.worst) {
        (Some(b), Some(w)) => {
            if b.get_ref() == w.get_ref() {
                ctx.error(
                    Code::InvalidScale,
                    b.span(),
                    format!(
                        "scale \"{id}\": best and worst are both {}, so no score can be computed",
                        b.get_ref()
                    ),
                    "goalposts need best != worst (best scores 100, worst 0)",
                );
                None
            } else {
                Some((*b.get_ref(), *w.get_ref()))
            }
        }
        (None, None) => None,
        (Some(s), None) | (None, Some(s)) => {
            ctx.error(
                Code::InvalidScale,
                s.span(),
                format!("scale \"{id}\" sets only one goalpost"),
                "give both `best` and `worst`, or use `normalize`",
            );
            None
        }
    };
    let (normalise, bounds) = def
        .normalize
        .as_ref()
        .and_then(|n| scale_methods::normalise(ctx, id, def, n))
        .map_or((None, None), |(n, b)| (Some(n), b));
    let impute = def
        .impute
        .as_ref()
        .and_then(|v| scale_methods::impute(ctx, v));
    let treat = def
        .treat
        .as_ref()
        .and_then(|v| scale_methods::treat(ctx, id, v));
    if def.normalize.is_none()
        && let Some(span) = def
            .impute
            .as_ref()
            .map(|v| v.span())
            .or(def.treat.as_ref().map(|v| v.span()))
    {
        ctx.error(
            Code::InvalidScale,
            span,
            format!("scale \"{id}\": `impute` and `treat` need `normalize`"),
            "they work on values compared across platforms, before normalisation",
        );
    }
    let has_goalposts = def.best.is_some() || def.worst.is_some();
    if has_goalposts && def.normalize.is_some() {
        ctx.error(
            Code::InvalidScale,
            span.clone(),
            format!("scale \"{id}\" has both goalposts and `normalize`"),
            "choose one: goalposts score each answer; normalize compares platforms",
        );
    } else if !has_goalposts && def.normalize.is_none() {
        ctx.error(
            Code::InvalidScale,
            span,
            format!("numeric scale \"{id}\" has neither goalposts nor `normalize`"),
            "add best = ... and worst = ..., or normalize = \"minmax\"",
        );
        return None;
    }
    let mut strip: Vec<String> = def
        .units
        .iter()
        .chain(def.approx.iter())
        .map(|s| match_key(s))
        .filter(|s| !s.is_empty())
        .collect();
    strip.sort_by_key(|s| std::cmp::Reverse(s.len()));
    Some(Numeric {
        goalposts,
        normalise,
        bounds,
        strip,
        min: def.min.as_ref().map(|v| *v.get_ref()),
        max: def.max.as_ref().map(|v| *v.get_ref()),
        impute,
        treat,
    })
}

fn multi(ctx: &mut Ctx, id: &str, span: std::ops::Range<usize>, def: &ScaleDef) -> Option<Multi> {
    let Some(opts) = def.options.as_ref().filter(|o| !o.is_empty()) else {
        ctx.error(
            Code::InvalidScale,
            span,
            format!("multi-select scale \"{id}\" has no `options`"),
            "options = { code = points, ... }",
        );
        return None;
    };
    let options: Vec<(String, f64)> = opts
        .iter()
        .map(|(k, v)| (k.clone(), *v.get_ref()))
        .collect();
    let mut lookup: HashMap<String, usize> = HashMap::new();
    for (i, (code, _)) in options.iter().enumerate() {
        lookup.insert(match_key(code), i);
    }
    for (spelling, target) in &def.aliases {
        match lookup.get(&match_key(target.get_ref())) {
            Some(&i) => {
                lookup.insert(match_key(spelling), i);
            }
            None => ctx.dangling(
                "option",
                target.get_ref(),
                target.span(),
                options.iter().map(|o| o.0.as_str()),
            ),
        }
    }
    let full = match &def.full {
        Some(f) if *f.get_ref() > 0.0 => *f.get_ref(),
        Some(f) => {
            ctx.error(
                Code::InvalidScale,
                f.span(),
                format!(
                    "scale \"{id}\": `full` must be above 0, found {}",
                    f.get_ref()
                ),
                "full is the number of points that gives 100",
            );
            1.0
        }
        None => options
            .iter()
            .map(|o| o.1)
            .sum::<f64>()
            .max(f64::MIN_POSITIVE),
    };
    let other = match &def.other {
        None => None,
        Some(o) => match lookup.get(&match_key(o.get_ref())) {
            Some(&i) => Some(i),
            None => {
                ctx.dangling(
                    "option",
                    o.get_ref(),
                    o.span(),
                    options.iter().map(|o| o.0.as_str()),
                );
                None
            }
        },
    };
    Some(Multi {
        options,
        lookup,
        full,
        other,
    })
}

impl Scale {
    /// Lowest score the scale can give (for the geometric-mean check).
    pub fn min_score(&self) -> Option<f64> {
        match &self.kind {
            ScaleKind::Ordinal(o) => Some(o.min),
            // Normalised across platforms: the method's lowest value, when it is known.
            // Fixed bounds that let values pass beyond them can go below `low`.
            ScaleKind::Numeric(n) if n.bounds.as_ref().is_some_and(|b| !b.truncate) => None,
            ScaleKind::Numeric(n) => n.normalise.as_ref().map_or(Some(0.0), |z| z.lowest()),
            ScaleKind::Multi(_) => Some(0.0),
            ScaleKind::Text => None,
        }
    }

    pub fn is_scored(&self) -> bool {
        !matches!(self.kind, ScaleKind::Text)
    }
}
