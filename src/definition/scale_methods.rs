//! `normalize`, `impute` and `treat` on numeric scales: from the TOML value (a method name, or
//! a table with `method` and its parameters) to the resolved rules, every mistake a finding.

// Indexing is in range here: `a` is a two-element array matched by the caller.
#![allow(clippy::indexing_slicing)]

use super::context::Ctx;
use super::methods::{
    BoundsFrom, FixedBounds, Impute, Normalise, NormaliseKind as K, NormaliseMethod, Treatment,
};
use super::model::{NormalizeDef, ScaleDef};
use crate::diagnostics::Code;
use indexmap::IndexMap;
use std::ops::Range;
use toml::Spanned;

/// A method name with its parameters, read one by one; what is left over is unknown.
struct Params<'a> {
    scale: &'a str,
    method: String,
    span: Range<usize>,
    values: IndexMap<String, toml::Value>,
}

impl<'a> Params<'a> {
    fn new(scale: &'a str, def: &Spanned<NormalizeDef>) -> Self {
        let (method, values) = match def.get_ref() {
            NormalizeDef::Method(m) => (m.clone(), IndexMap::new()),
            NormalizeDef::Table(t) => (t.method.clone(), t.params.clone()),
        };
        Params {
            scale,
            method,
            span: def.span(),
            values,
        }
    }

    fn number(&mut self, ctx: &mut Ctx, key: &str, default: Option<f64>) -> Option<f64> {
        match self.values.shift_remove(key) {
            None if default.is_none() => {
                self.fail(ctx, format!("needs `{key}`"), "add it to the table");
                None
            }
            None => default,
            Some(toml::Value::Integer(i)) => Some(i as f64),
            Some(toml::Value::Float(f)) if f.is_finite() => Some(f),
            // NaN and infinities are reported, at the value, by the number guard (numbers.rs).
            Some(toml::Value::Float(_)) => None,
            Some(other) => {
                self.fail(ctx, format!("`{key}` = {other} is not a number"), "");
                None
            }
        }
    }

    fn flag(&mut self, ctx: &mut Ctx, key: &str, default: bool) -> bool {
        match self.values.shift_remove(key) {
            None => default,
            Some(toml::Value::Boolean(b)) => b,
            Some(other) => {
                self.fail(ctx, format!("`{key}` = {other} is not true or false"), "");
                default
            }
        }
    }

    fn text(&mut self, ctx: &mut Ctx, key: &str) -> Option<String> {
        match self.values.shift_remove(key) {
            Some(toml::Value::String(s)) => Some(s),
            None => {
                self.fail(ctx, format!("needs `{key}`"), "add it to the table");
                None
            }
            Some(other) => {
                self.fail(ctx, format!("`{key}` = {other} is not a text"), "");
                None
            }
        }
    }

    fn fail(&self, ctx: &mut Ctx, what: String, hint: &str) {
        ctx.error(
            Code::InvalidScale,
            self.span.clone(),
            format!("scale \"{}\": {} {what}", self.scale, self.method),
            hint,
        );
    }

    /// Report parameters nobody read, naming the ones the method knows.
    fn finish(self, ctx: &mut Ctx, known: &[&str]) {
        for key in self.values.keys() {
            let hint = if known.is_empty() {
                "this method takes no parameters".to_string()
            } else {
                format!("parameters of {}: {}", self.method, known.join(", "))
            };
            ctx.error(
                Code::UnknownKey,
                self.span.clone(),
                format!(
                    "scale \"{}\": unknown parameter `{key}` for {}",
                    self.scale, self.method
                ),
                &hint,
            );
        }
    }
}

/// The scale's `normalize` with its direction (`better`), and its fixed bounds when it has
/// `bounds` (min-max only; the items' entries are filled once the items are known).
pub(crate) fn normalise(
    ctx: &mut Ctx,
    id: &str,
    def: &ScaleDef,
    n: &Spanned<NormalizeDef>,
) -> Option<(Normalise, Option<Box<FixedBounds>>)> {
    let higher_is_better = match def.better.as_ref().map(|b| b.get_ref().as_str()) {
        None | Some("higher") => true,
        Some("lower") => false,
        Some(other) => {
            let b = def.better.as_ref().map_or(n.span(), |b| b.span());
            ctx.bad_choice("better", other, b, &["higher", "lower"]);
            true
        }
    };
    let mut p = Params::new(id, n);
    let given = match n.get_ref() {
        NormalizeDef::Table(t) => t.bounds.as_ref(),
        NormalizeDef::Method(_) => None,
    };
    let mut bounds = None;
    let method = normalise_method(ctx, &mut p, given, &mut bounds)?;
    Some((
        Normalise {
            method,
            higher_is_better,
        },
        bounds,
    ))
}

/// `bounds = "wave.json"` or `bounds = { item = [min, max] }`, with `truncate`.
fn fixed_bounds(ctx: &mut Ctx, p: &mut Params, given: &toml::Value) -> Option<FixedBounds> {
    let truncate = p.flag(ctx, "truncate", true);
    let span = p.span.clone();
    let from = match given {
        toml::Value::String(path) if !path.trim().is_empty() => BoundsFrom::Wave {
            path: path.into(),
            given: path.clone(),
        },
        toml::Value::Table(t) => {
            let mut items = IndexMap::new();
            for (item, v) in t {
                let pair = match v {
                    toml::Value::Array(a) if a.len() == 2 => {
                        let num = |x: &toml::Value| match x {
                            toml::Value::Integer(i) => Some(*i as f64),
                            toml::Value::Float(f) if f.is_finite() => Some(*f),
                            _ => None,
                        };
                        num(&a[0]).zip(num(&a[1]))
                    }
                    _ => None,
                };
                match pair {
                    Some((min, max)) if min < max => {
                        items.insert(item.clone(), (min, max));
                    }
                    Some((min, max)) => p.fail(
                        ctx,
                        format!(
                            "bounds of item \"{item}\" are [{min}, {max}]: min must be below max"
                        ),
                        "bounds = { item = [min, max] }",
                    ),
                    None => p.fail(
                        ctx,
                        format!("bounds of item \"{item}\" = {v} is not [min, max]"),
                        "two finite numbers: bounds = { item = [min, max] }",
                    ),
                }
            }
            return Some(FixedBounds {
                from: BoundsFrom::Table,
                items,
                truncate,
                span,
            });
        }
        other => {
            p.fail(
                ctx,
                format!("`bounds` = {other} is neither a result file nor a table"),
                "bounds = \"wave2024.json\" (a reference wave's result file, relative to the definition) or bounds = { item = [min, max] }",
            );
            return None;
        }
    };
    Some(FixedBounds {
        from,
        items: IndexMap::new(),
        truncate,
        span,
    })
}

fn normalise_method(
    ctx: &mut Ctx,
    p: &mut Params,
    bounds_given: Option<&toml::Value>,
    bounds: &mut Option<Box<FixedBounds>>,
) -> Option<NormaliseMethod> {
    let kind = K::from_name(&p.method);
    if kind != Some(K::MinMax) && bounds_given.is_some() {
        p.fail(
            ctx,
            "does not take `bounds`".into(),
            "bounds fix the min and max of minmax; goalposts fix theirs with lower and upper",
        );
    }
    let (m, known): (Option<NormaliseMethod>, &[&str]) = match kind {
        Some(K::MinMax) => {
            // Fixed bounds (a reference wave's, or recorded) replace the run's min and max;
            // `truncate` then says whether values outside them are clamped.
            let fixed = bounds_given.is_some();
            if fixed {
                *bounds = bounds_given
                    .and_then(|b| fixed_bounds(ctx, p, b))
                    .map(Box::new);
            }
            let low = p.number(ctx, "low", Some(0.0));
            let high = p.number(ctx, "high", Some(100.0));
            let m = match (low, high) {
                (Some(l), Some(h)) if l == h => {
                    p.fail(ctx, "needs low != high".into(), "low = 0, high = 100");
                    None
                }
                (Some(low), Some(high)) => Some(NormaliseMethod::MinMax { low, high }),
                _ => None,
            };
            let known: &[&str] = if fixed {
                &["low", "high", "bounds", "truncate"]
            } else {
                &["low", "high", "bounds"]
            };
            (m, known)
        }
        Some(K::ZScore) => {
            let mean = p.number(ctx, "mean", Some(0.0));
            let sd = p.number(ctx, "sd", Some(1.0));
            let m = match (mean, sd) {
                (Some(_), Some(sd)) if sd <= 0.0 => {
                    p.fail(ctx, format!("needs sd > 0, found {sd}"), "");
                    None
                }
                (Some(mean), Some(sd)) => Some(NormaliseMethod::ZScore { mean, sd }),
                _ => None,
            };
            (m, &["mean", "sd"])
        }
        Some(K::Rank) => (Some(NormaliseMethod::Rank), &[]),
        Some(K::Borda) => (Some(NormaliseMethod::Borda), &[]),
        Some(k @ (K::PercentRank | K::FracMax | K::Dist2Max)) => {
            let scale = p.number(ctx, "scale", Some(100.0));
            let m = scale.map(|scale| match k {
                K::PercentRank => NormaliseMethod::PercentRank { scale },
                K::FracMax => NormaliseMethod::FracMax { scale },
                _ => NormaliseMethod::Dist2Max { scale },
            });
            (m, &["scale"])
        }
        Some(K::Dist2Ref) => {
            let reference = p.text(ctx, "ref");
            let cap = p.flag(ctx, "cap", false);
            let scale = p.number(ctx, "scale", Some(100.0));
            let m = reference
                .zip(scale)
                .map(|(reference, scale)| NormaliseMethod::Dist2Ref {
                    reference,
                    cap,
                    scale,
                });
            (m, &["ref", "cap", "scale"])
        }
        Some(K::Dist2Targ) => {
            let target = p.number(ctx, "target", None);
            let cap = p.flag(ctx, "cap", false);
            let scale = p.number(ctx, "scale", Some(100.0));
            let m = target
                .zip(scale)
                .map(|(target, scale)| NormaliseMethod::Dist2Targ { target, cap, scale });
            (m, &["target", "cap", "scale"])
        }
        Some(K::Goalposts) => (goalposts(ctx, p), &["lower", "upper", "scale", "truncate"]),
        None => {
            let other = p.method.clone();
            ctx.bad_choice("normalize", &other, p.span.clone(), &K::names());
            return None;
        }
    };
    let rest = Params {
        scale: p.scale,
        method: p.method.clone(),
        span: p.span.clone(),
        values: std::mem::take(&mut p.values),
    };
    rest.finish(ctx, known);
    m
}

fn goalposts(ctx: &mut Ctx, p: &mut Params) -> Option<NormaliseMethod> {
    let lower = p.number(ctx, "lower", None);
    let upper = p.number(ctx, "upper", None);
    let scale = p.number(ctx, "scale", Some(100.0));
    let truncate = p.flag(ctx, "truncate", true);
    match (lower, upper, scale) {
        (Some(l), Some(u), Some(_)) if l == u => {
            p.fail(
                ctx,
                format!("has lower = upper = {l}"),
                "the goalposts must differ",
            );
            None
        }
        (Some(lower), Some(upper), Some(scale)) => Some(NormaliseMethod::Goalposts {
            lower,
            upper,
            scale,
            truncate,
        }),
        _ => None,
    }
}

/// The scale's `impute`.
pub(crate) fn impute(ctx: &mut Ctx, v: &Spanned<String>) -> Option<Impute> {
    let found = Impute::ALL.into_iter().find(|i| i.name() == v.get_ref());
    if found.is_none() {
        let names: Vec<&str> = Impute::ALL.iter().map(|i| i.name()).collect();
        ctx.bad_choice("impute", v.get_ref(), v.span(), &names);
    }
    found
}

/// The scale's `treat`: "winsorise", or a table with its thresholds.
pub(crate) fn treat(ctx: &mut Ctx, id: &str, v: &Spanned<NormalizeDef>) -> Option<Treatment> {
    let mut p = Params::new(id, v);
    if !matches!(p.method.as_str(), "winsorise" | "winsorize") {
        let m = p.method.clone();
        ctx.bad_choice("treat", &m, p.span.clone(), &["winsorise"]);
        return None;
    }
    let d = Treatment::default();
    let winmax = p.number(ctx, "winmax", Some(5.0));
    let skew = p.number(ctx, "skew", Some(d.skew));
    let kurt = p.number(ctx, "kurt", Some(d.kurt));
    let log_fallback = p.flag(ctx, "log_fallback", d.log_fallback);
    let force = p.flag(ctx, "force", d.force);
    let winmax = match winmax {
        Some(w) if w >= 0.0 && w.fract() == 0.0 => Some(w as usize),
        Some(w) => {
            p.fail(
                ctx,
                format!("winmax = {w} is not a whole number >= 0"),
                "winmax = 0 means no limit",
            );
            None
        }
        None => None,
    };
    p.finish(ctx, &["winmax", "skew", "kurt", "log_fallback", "force"]);
    Some(Treatment {
        winmax: winmax.filter(|&w| w > 0),
        skew: skew?,
        kurt: kurt?,
        log_fallback,
        force,
    })
}

/// Every `dist2ref` reference must name a platform of the definition.
pub(crate) fn check_references(
    ctx: &mut Ctx,
    def: &super::model::DefinitionFile,
    scales: &[super::resolved::Scale],
    platforms: &[super::resolved::Platform],
) {
    for scale in scales {
        let super::resolved::ScaleKind::Numeric(n) = &scale.kind else {
            continue;
        };
        let Some(Normalise {
            method: NormaliseMethod::Dist2Ref { reference, .. },
            ..
        }) = &n.normalise
        else {
            continue;
        };
        if !platforms.iter().any(|p| &p.id == reference) {
            let span = def.scales.get(&scale.id).map_or(0..0, |s| s.span());
            ctx.dangling(
                "platform",
                reference,
                span,
                platforms.iter().map(|p| p.id.as_str()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::definition::{Impute, Method, NormaliseKind, NormaliseMethod, ScaleKind, check_str};

    const BASE: &str = "format = 1\n[platforms.a]\n[platforms.b]\n[dimensions.d]\n\
        [[sources]]\nid = \"data\"\nkind = \"platform\"\n\
        [items.x]\ndimension = \"d\"\nscale = \"s\"\nsource = \"data\"\n";

    fn check(scale: &str, extra: &str) -> (Vec<String>, Option<crate::definition::Model>) {
        let text = format!("{BASE}{extra}[scales.s]\nkind = \"numeric\"\n{scale}\n");
        let c = check_str(&text, "t.toml", None);
        (
            c.diagnostics.iter().map(|d| d.to_string()).collect(),
            c.model,
        )
    }

    #[test]
    fn methods_with_parameters_impute_and_treat_resolve() {
        let (found, model) = check(
            "normalize = { method = \"zscore\", mean = 50, sd = 10 }\nbetter = \"lower\"\n\
             impute = \"group-mean\"\ntreat = { method = \"winsorise\", winmax = 3 }",
            "[dimensions.d2]\nmethod = \"generalised:2\"\n[items.y]\ndimension = \"d2\"\nscale = \"s\"\nsource = \"data\"\n",
        );
        assert!(found.is_empty(), "{found:?}");
        let model = model.unwrap();
        let ScaleKind::Numeric(n) = &model.scales[0].kind else {
            panic!("numeric")
        };
        let z = n.normalise.as_ref().unwrap();
        assert_eq!(
            z.method,
            NormaliseMethod::ZScore {
                mean: 50.0,
                sd: 10.0
            }
        );
        assert!(!z.higher_is_better);
        assert_eq!(n.impute, Some(Impute::GroupMean));
        assert_eq!(n.treat.as_ref().unwrap().winmax, Some(3));
        assert_eq!(model.nodes[1].method, Method::Power(2.0));
    }

    /// The methods as README's definition reference lists them (COINr's `n_*` functions).
    const DOCUMENTED: [&str; 10] = [
        "minmax",
        "zscore",
        "rank",
        "borda",
        "prank",
        "fracmax",
        "dist2max",
        "dist2ref",
        "dist2targ",
        "goalposts",
    ];

    #[test]
    fn every_normalisation_name_compiles_to_itself_and_the_error_lists_them_all() {
        assert_eq!(NormaliseKind::names(), DOCUMENTED);
        for kind in NormaliseKind::ALL {
            assert_eq!(NormaliseKind::from_name(kind.name()), Some(kind));
        }
        for name in DOCUMENTED {
            let params = match name {
                "dist2ref" => ", ref = \"a\"",
                "dist2targ" => ", target = 1",
                "goalposts" => ", lower = 0, upper = 1",
                _ => "",
            };
            let (found, model) = check(
                &format!("normalize = {{ method = \"{name}\"{params} }}"),
                "",
            );
            assert!(found.is_empty(), "{name}: {found:?}");
            let model = model.unwrap();
            let ScaleKind::Numeric(n) = &model.scales[0].kind else {
                panic!("numeric")
            };
            let method = &n.normalise.as_ref().unwrap().method;
            assert_eq!(method.name(), name);
            assert_eq!(method.kind().name(), name);
        }
        let (found, _) = check("normalize = \"minimax\"", "");
        let want = format!("allowed: {}", DOCUMENTED.join(", "));
        assert!(found.iter().any(|f| f.contains(&want)), "{found:?}");
    }

    #[test]
    fn mistakes_are_located_findings() {
        let (found, _) = check("normalize = { method = \"zscore\", sdd = 2 }", "");
        assert!(
            found
                .iter()
                .any(|f| f.contains("unknown parameter `sdd`") && f.contains("t.toml:")),
            "{found:?}"
        );
        let (found, _) = check("normalize = { method = \"dist2ref\", ref = \"c\" }", "");
        assert!(
            found.iter().any(|f| f.contains("unknown platform \"c\"")),
            "{found:?}"
        );
        let (found, _) = check(
            "normalize = { method = \"goalposts\", lower = 1, upper = 1 }",
            "",
        );
        assert!(
            found.iter().any(|f| f.contains("lower = upper")),
            "{found:?}"
        );
        let (found, _) = check("best = 1\nworst = 0\nimpute = \"mean\"", "");
        assert!(
            found.iter().any(|f| f.contains("need `normalize`")),
            "{found:?}"
        );
        let (found, _) = check(
            "normalize = \"minmax\"",
            "[aggregation]\nmethod = \"generalised:0\"\n",
        );
        assert!(found.iter().any(|f| f.contains("p = 0")), "{found:?}");
        let (found, _) = check("normalize = \"minmux\"", "");
        assert!(
            found.iter().any(|f| f.contains("did you mean \"minmax\"")),
            "{found:?}"
        );
    }
}
