//! `[aggregation]` and `[quality]`: rules with defaults, each value checked.

use super::super::context::Ctx;
use super::super::model::DefinitionFile;
use super::*;
use crate::diagnostics::Code;
use toml::Spanned;

pub(super) fn aggregation(ctx: &mut Ctx, def: &DefinitionFile) -> AggregationRules {
    let a = &def.aggregation;
    let order = match a.order.as_ref() {
        None => PoolOrder::ItemsFirst,
        Some(s) => PoolOrder::from_name(s.get_ref()).unwrap_or_else(|| {
            ctx.bad_choice("order", s.get_ref(), s.span(), &PoolOrder::names());
            PoolOrder::ItemsFirst
        }),
    };
    let respondents = match a.respondents.as_ref() {
        None => RespondentStat::Mean,
        Some(s) => RespondentStat::parse(s.get_ref()).unwrap_or_else(|| {
            let choices = RespondentStat::choices();
            let choices: Vec<&str> = choices.iter().map(String::as_str).collect();
            ctx.bad_choice("respondents", s.get_ref(), s.span(), &choices);
            RespondentStat::Mean
        }),
    };
    let method = a
        .method
        .as_ref()
        .map_or(Method::Arithmetic, |m| method(ctx, m));
    let min_respondents = match &a.min_respondents {
        // Platform-level data only (a COINr-style index): there are no respondents to count.
        None if !has_survey_items(def) => 0,
        None => 1,
        Some(n) if *n.get_ref() >= 1 => *n.get_ref() as usize,
        Some(n) => {
            ctx.error(
                Code::InvalidValue,
                n.span(),
                format!("min_respondents = {} must be at least 1", n.get_ref()),
                "platforms with fewer respondents are scored but not ranked",
            );
            1
        }
    };
    let min_coverage = a.min_coverage.as_ref().map_or(0.0, |c| coverage(ctx, c));
    let min_children = a
        .min_children
        .as_ref()
        .map_or(0.0, |c| children_share(ctx, c));
    let decimals = match &a.decimals {
        None => 1,
        Some(d) if (0..=6).contains(d.get_ref()) => *d.get_ref() as u32,
        Some(d) => {
            ctx.error(
                Code::InvalidValue,
                d.span(),
                format!("decimals = {} is outside 0..6", d.get_ref()),
                "publication precision, usually 1",
            );
            1
        }
    };
    if let Some(t) = &a.rank_ties
        && t.get_ref() != "min"
    {
        ctx.bad_choice("rank_ties", t.get_ref(), t.span(), &["min"]);
    }
    let rank_on = match a.rank_on.as_ref() {
        None => RankOn::Published,
        Some(s) => RankOn::from_name(s.get_ref()).unwrap_or_else(|| {
            ctx.bad_choice("rank_on", s.get_ref(), s.span(), &RankOn::names());
            RankOn::Published
        }),
    };
    AggregationRules {
        order,
        respondents,
        method,
        min_respondents,
        min_coverage,
        min_children,
        renormalise: a.renormalise.as_ref().is_none_or(|r| *r.get_ref()),
        decimals,
        rank_on,
    }
}

/// Whether any item is read from a survey source (the default source is a survey).
fn has_survey_items(def: &DefinitionFile) -> bool {
    let kind_of = |sid: &str| {
        def.sources
            .iter()
            .map(|s| s.get_ref())
            .find(|s| s.id.as_ref().map_or("survey", |i| i.get_ref().as_str()) == sid)
            .and_then(|s| s.kind.as_ref().map(|k| k.get_ref().clone()))
    };
    def.items.values().any(|it| {
        let sid = it
            .get_ref()
            .source
            .as_ref()
            .map_or("survey", |s| s.get_ref().as_str());
        kind_of(sid).as_deref() != Some("platform")
    })
}

pub(super) fn method(ctx: &mut Ctx, m: &Spanned<String>) -> Method {
    let other = m.get_ref().as_str();
    match Method::parse(other) {
        Ok(method) => method,
        Err(MethodError::ZeroExponent) => {
            ctx.error(
                Code::InvalidValue,
                m.span(),
                "a generalised mean with p = 0 is undefined".into(),
                "its limit is the geometric mean: use method = \"geometric\"",
            );
            Method::Geometric
        }
        Err(MethodError::NoExponent) => {
            ctx.error(
                Code::InvalidValue,
                m.span(),
                format!("`method` = \"{other}\" has no number after the colon"),
                "generalised:2 is the quadratic mean, generalised:-1 the harmonic",
            );
            Method::Arithmetic
        }
        Err(MethodError::Unknown) => {
            let choices = Method::choices();
            let choices: Vec<&str> = choices.iter().map(String::as_str).collect();
            ctx.bad_choice("method", other, m.span(), &choices);
            Method::Arithmetic
        }
    }
}

pub(super) fn coverage(ctx: &mut Ctx, c: &Spanned<f64>) -> f64 {
    let v = *c.get_ref();
    if (0.0..=1.0).contains(&v) {
        v
    } else {
        ctx.error(
            Code::InvalidValue,
            c.span(),
            format!("min_coverage = {v} is outside 0..1"),
            "the share of a node's child weight that must have a score (0 = any one child)",
        );
        0.0
    }
}

/// `min_children`: a share of the number of children, in 0..1 (COINr's `dat_thresh`).
pub(super) fn children_share(ctx: &mut Ctx, c: &Spanned<f64>) -> f64 {
    let v = *c.get_ref();
    if (0.0..=1.0).contains(&v) {
        v
    } else {
        ctx.error(
            Code::InvalidValue,
            c.span(),
            format!("min_children = {v} is outside 0..1"),
            "the share of a node's children (counted, whatever their weights) that must have a score, like COINr's dat_thresh: 0.75 = three children in four; k of n children is k/n",
        );
        0.0
    }
}

pub(super) fn quality(ctx: &mut Ctx, def: &DefinitionFile) -> QualityRules {
    let q = &def.quality;
    let dedupe_latest = match q.dedupe.as_ref() {
        None => true,
        Some(s) if s.get_ref() == "latest" => true,
        Some(s) if s.get_ref() == "none" => false,
        Some(s) => {
            ctx.bad_choice("dedupe", s.get_ref(), s.span(), &["latest", "none"]);
            true
        }
    };
    let min_duration_s = q.min_duration_s.as_ref().map(|m| {
        if *m.get_ref() < 0.0 {
            ctx.error(
                Code::InvalidValue,
                m.span(),
                format!("min_duration_s = {} is negative", m.get_ref()),
                "seconds; submissions completed faster are excluded",
            );
        }
        *m.get_ref()
    });
    QualityRules {
        dedupe_latest,
        submitted_at: q.submitted_at.as_ref().map(|s| s.get_ref().clone()),
        duration: q.duration.as_ref().map(|s| s.get_ref().clone()),
        min_duration_s,
        min_duration_ratio: super::screening::min_duration_ratio(ctx, q),
        max_duplicate_share: super::screening::max_duplicate_share(ctx, q),
        max_cell_chars: super::screening::max_cell_chars(ctx, q),
        utc_offset_s: q
            .timezone
            .as_ref()
            .and_then(|t| super::screening::utc_offset(ctx, t))
            .unwrap_or(0),
        straightline: super::screening::straightline(ctx, q),
    }
}
