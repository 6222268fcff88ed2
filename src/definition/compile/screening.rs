//! `[quality]` screening rules beyond duplicates and the absolute speeder limit: the speeder
//! rule relative to the run's median and straight-lining.

use super::super::context::Ctx;
use super::super::model::QualityDef;
use super::super::resolved::{Straightline, StraightlineAction};

pub(super) fn min_duration_ratio(ctx: &mut Ctx, q: &QualityDef) -> Option<f64> {
    let r = q.min_duration_ratio.as_ref()?;
    let v = *r.get_ref();
    if !(v > 0.0 && v < 1.0) {
        ctx.error(
            "invalid-value",
            r.span(),
            format!("min_duration_ratio = {v} is outside 0..1 (exclusive)"),
            "a share of the run's median seconds per platform rated, e.g. 0.33",
        );
        return None;
    }
    Some(v)
}

pub(super) fn straightline(ctx: &mut Ctx, q: &QualityDef) -> Straightline {
    let mut rule = Straightline::default();
    if let Some(a) = &q.straightline {
        rule.action = match a.get_ref().as_str() {
            "off" => StraightlineAction::Off,
            "flag" => StraightlineAction::Flag,
            "exclude" => StraightlineAction::Exclude,
            other => {
                ctx.bad_choice("straightline", other, a.span(), &["flag", "exclude", "off"]);
                rule.action
            }
        };
    }
    if let Some(s) = &q.straightline_share {
        let v = *s.get_ref();
        if v > 0.0 && v <= 1.0 {
            rule.min_share = v;
        } else {
            ctx.error(
                "invalid-value",
                s.span(),
                format!("straightline_share = {v} is outside 0..1"),
                "the share of a submission's Likert/frequency answers covered by its longest run of identical answers, e.g. 0.9",
            );
        }
    }
    if let Some(n) = &q.straightline_min_answers {
        match usize::try_from(*n.get_ref()) {
            Ok(v) if v >= 2 => rule.min_answers = v,
            _ => ctx.error(
                "invalid-value",
                n.span(),
                format!(
                    "straightline_min_answers = {} must be at least 2",
                    n.get_ref()
                ),
                "submissions with fewer Likert/frequency answers are not judged",
            ),
        }
    }
    rule
}
