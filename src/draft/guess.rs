//! The guesses past the fixed answer sets: numbers (units, goalposts), multi-select options,
//! free text, and labels the analyst has to put in order.

use super::scales::{APPROX, DraftScale, DraftScaleKind, MOSTLY, Observed, TIME_WORDS, share};
use crate::classify::parse_number;
use crate::ingest::format_number;
use crate::text::{match_key, trim};

pub(super) fn numeric(o: &Observed, rest: &[&String], na: &[String]) -> Option<DraftScale> {
    let approx: Vec<String> = APPROX
        .iter()
        .filter(|w| rest.iter().any(|a| match_key(a).contains(&match_key(w))))
        .map(|w| w.to_string())
        .collect();
    let mut units: Vec<String> = Vec::new();
    for a in rest {
        if let Some(u) = unit_of(a, &approx)
            && !units.contains(&u)
        {
            units.push(u);
        }
    }
    let strip: Vec<String> = units.iter().chain(&approx).map(|s| match_key(s)).collect();
    let numbers: Vec<f64> = rest
        .iter()
        .filter_map(|a| parse_number(a, &strip).ok())
        .collect();
    if numbers.is_empty() || share(numbers.len(), rest.len()) < MOSTLY {
        return None;
    }
    let lo = numbers.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = numbers.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let text = match_key(&format!("{} {}", o.text, units.join(" ")));
    let lower_is_better = TIME_WORDS.iter().any(|w| text.contains(w));
    let (best, worst) = if lower_is_better { (lo, hi) } else { (hi, lo) };
    Some(DraftScale {
        id: format!("{}_number", o.item),
        kind: DraftScaleKind::Numeric {
            best,
            worst,
            min: (lo >= 0.0).then_some(0.0),
            units,
            approx,
        },
        na: na.to_vec(),
        comment: Some(format!(
            "goalposts from the observed range {}..{}; {} is taken as better: check the direction",
            format_number(lo),
            format_number(hi),
            if lower_is_better { "less" } else { "more" }
        )),
    })
}

/// "7天" -> "天", "10 days" -> "days": what follows the number, if it is a word.
fn unit_of(answer: &str, approx: &[String]) -> Option<String> {
    let mut s = trim(answer).to_string();
    for w in approx {
        s = s.replace(w.as_str(), "");
    }
    let s = trim(&s);
    let digits_end = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || c.is_numeric()))
        .map_or(s.len(), |(i, _)| i);
    let unit = trim(&s[digits_end..]);
    let ok = digits_end > 0
        && !unit.is_empty()
        && unit.chars().count() <= 6
        && !unit
            .chars()
            .any(|c| c.is_numeric() || "-~/到至月日年".contains(c));
    ok.then(|| unit.to_string())
}

pub(super) fn is_free_text(rest: &[&String]) -> bool {
    if rest.is_empty() {
        return true;
    }
    let distinct: std::collections::HashSet<String> = rest.iter().map(|a| match_key(a)).collect();
    let long = rest.iter().filter(|a| a.chars().count() > 20).count();
    distinct.len() > 12 || share(distinct.len(), rest.len()) > 0.5 || share(long, rest.len()) > 0.3
}

pub(super) fn labels_to_order(o: &Observed, rest: &[&String], na: Vec<String>) -> DraftScale {
    let mut labels: Vec<String> = Vec::new();
    for a in rest {
        let t = trim(a).to_string();
        if !labels.iter().any(|l| match_key(l) == match_key(&t)) {
            labels.push(t);
        }
    }
    let comment = if labels.len() == 1 {
        "only one answer was seen: add the others, worst first".to_string()
    } else {
        "labels in the order they first appear: put them worst -> best".to_string()
    };
    if labels.len() == 1 {
        labels.push(format!("{} (add the other answers)", labels[0]));
    }
    DraftScale {
        id: format!("{}_labels", o.item),
        kind: DraftScaleKind::Ordinal {
            labels,
            aliases: Vec::new(),
        },
        na,
        comment: Some(comment),
    }
}

pub(super) fn multi(o: &Observed, rest: &[&String], na: Vec<String>) -> DraftScale {
    let mut labels: Vec<String> = Vec::new();
    for a in rest {
        for part in split_multi(a, o.multi_sep) {
            if !labels.iter().any(|l| match_key(l) == match_key(&part)) {
                labels.push(part);
            }
        }
    }
    let mut options = Vec::new();
    let mut aliases = Vec::new();
    let mut other = None;
    for (k, label) in labels.iter().enumerate() {
        let code = option_code(label, k);
        if other.is_none() && (label.starts_with("其他") || match_key(label).starts_with("other"))
        {
            other = Some(code.clone());
        }
        if match_key(&code) != match_key(label) {
            aliases.push((label.clone(), code.clone()));
        }
        options.push((code, 1.0));
    }
    let full = options.len().max(1) as f64;
    DraftScale {
        id: format!("{}_options", o.item),
        kind: DraftScaleKind::Multi {
            options,
            aliases,
            full,
            other,
        },
        na,
        comment: Some(
            "one point per option and 100 for all of them: set the points each option deserves"
                .into(),
        ),
    }
}

/// Options of a multi-select cell: split on the separator outside `〖…〗`; `其他〖text〗`
/// becomes `其他`.
pub fn split_multi(cell: &str, sep: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        if depth == 0 && !sep.is_empty() && rest.starts_with(sep) {
            out.push(std::mem::take(&mut current));
            rest = &rest[sep.len()..];
            continue;
        }
        match c {
            '〖' => depth += 1,
            '〗' => depth = depth.saturating_sub(1),
            _ if depth == 0 => current.push(c),
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    out.push(current);
    out.into_iter()
        .map(|s| trim(&s).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// An option code: the label if it is already a code (`ip_portal`), else `o<k>`.
fn option_code(label: &str, k: usize) -> String {
    let is_code = !label.is_empty()
        && label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && label.starts_with(|c: char| c.is_ascii_lowercase());
    if is_code {
        label.to_string()
    } else {
        format!("o{}", k + 1)
    }
}
