//! `[quality]` screening rules beyond duplicates and the absolute speeder limit: the speeder
//! rule relative to the run's median and straight-lining.

// Indexing is in range here: `rest` is checked non-empty just before its first byte is read; the
// slice `[1..]` starts after an ASCII sign byte.
#![allow(clippy::indexing_slicing)]

use super::super::context::Ctx;
use super::super::model::QualityDef;
use super::super::resolved::{Straightline, StraightlineAction};
use crate::diagnostics::Code;

pub(super) fn min_duration_ratio(ctx: &mut Ctx, q: &QualityDef) -> Option<f64> {
    let r = q.min_duration_ratio.as_ref()?;
    let v = *r.get_ref();
    if !(v > 0.0 && v < 1.0) {
        ctx.error(
            Code::InvalidValue,
            r.span(),
            format!("min_duration_ratio = {v} is outside 0..1 (exclusive)"),
            "a share of the run's median seconds per platform rated, e.g. 0.33",
        );
        return None;
    }
    Some(v)
}

use crate::definition::DEFAULT_MAX_CELL_CHARS;

pub(super) fn max_cell_chars(ctx: &mut Ctx, q: &QualityDef) -> usize {
    let Some(r) = q.max_cell_chars.as_ref() else {
        return DEFAULT_MAX_CELL_CHARS;
    };
    match usize::try_from(*r.get_ref()) {
        Ok(v) if v > 0 => v,
        _ => {
            ctx.error(
                Code::InvalidValue,
                r.span(),
                format!(
                    "max_cell_chars = {} is not a positive number of characters",
                    r.get_ref()
                ),
                "the longest answer read, in characters, e.g. 32767 (the default)",
            );
            DEFAULT_MAX_CELL_CHARS
        }
    }
}

/// Default of `max_duplicate_share`: a corrected resubmission is common, a fifth of a file
/// being resubmissions is not.
pub const DEFAULT_MAX_DUPLICATE_SHARE: f64 = 0.2;

pub(super) fn max_duplicate_share(ctx: &mut Ctx, q: &QualityDef) -> f64 {
    let Some(r) = q.max_duplicate_share.as_ref() else {
        return DEFAULT_MAX_DUPLICATE_SHARE;
    };
    let v = *r.get_ref();
    if !(0.0..=1.0).contains(&v) {
        ctx.error(
            Code::InvalidValue,
            r.span(),
            format!("max_duplicate_share = {v} is outside 0..1"),
            "the largest share of a file's submissions that may be dropped as duplicates, e.g. 0.2",
        );
        return DEFAULT_MAX_DUPLICATE_SHARE;
    }
    v
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
                Code::InvalidValue,
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
                Code::InvalidValue,
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

/// A UTC offset as written in `timezone`: "+08:00", "+0800", "+8", "-05:00", "UTC+8", "Z",
/// "UTC". Seconds east of UTC; a located error otherwise.
pub(super) fn utc_offset(ctx: &mut Ctx, t: &toml::Spanned<String>) -> Option<i64> {
    let parsed = parse_utc_offset(t.get_ref());
    if parsed.is_none() {
        ctx.error(
            Code::InvalidValue,
            t.span(),
            format!("timezone = \"{}\" is not a UTC offset", t.get_ref()),
            "write it as an offset from UTC, e.g. timezone = \"+08:00\" for Beijing time",
        );
    }
    parsed
}

fn parse_utc_offset(s: &str) -> Option<i64> {
    let s = s.trim();
    let rest = s
        .strip_prefix("UTC")
        .or_else(|| s.strip_prefix("GMT"))
        .unwrap_or(s)
        .trim();
    if rest.is_empty() || rest == "Z" {
        return Some(0);
    }
    let sign = match rest.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits = &rest[1..];
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let all_digits =
        |x: &str| !x.is_empty() && x.len() <= 2 && x.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || !all_digits(m) {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod utc_offset_tests {
    use super::parse_utc_offset;

    #[test]
    fn offsets_in_the_usual_spellings() {
        assert_eq!(parse_utc_offset("+08:00"), Some(8 * 3600));
        assert_eq!(parse_utc_offset("UTC+8"), Some(8 * 3600));
        assert_eq!(parse_utc_offset("+0530"), Some(5 * 3600 + 1800));
        assert_eq!(parse_utc_offset("-05:00"), Some(-5 * 3600));
        assert_eq!(parse_utc_offset("Z"), Some(0));
        assert_eq!(parse_utc_offset("UTC"), Some(0));
        assert_eq!(parse_utc_offset("Asia/Shanghai"), None);
        assert_eq!(parse_utc_offset("+25:00"), None);
    }
}
