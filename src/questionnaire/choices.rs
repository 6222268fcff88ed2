//! A scale's options as a respondent reads them (Chinese and English labels) and as the data
//! holds them (a choice name the scale reads back). Compiling keeps only match keys, so the
//! labels come from the scale as written: its labels, aliases and N/A spellings.

use super::{Answer, Bi, Choice};
use crate::definition::model::ScaleDef;
use crate::definition::{Scale, ScaleKind};

/// Whether a text has Chinese (or other CJK) characters.
pub(crate) fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    })
}

/// A spelling usable as an XLSForm choice name (an ODK value: no spaces, plain ASCII).
pub(crate) fn name_like(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

pub(super) fn answer_of(scale: &Scale, raw: Option<&ScaleDef>) -> Answer {
    let empty = ScaleDef::default();
    let raw = raw.unwrap_or(&empty);
    let aliases: Vec<(&str, &str)> = raw
        .aliases
        .iter()
        .map(|(k, v)| (k.as_str(), v.get_ref().as_str()))
        .collect();
    let na = na_choices(raw);
    match &scale.kind {
        ScaleKind::Ordinal(o) => {
            let written: Vec<String> = match (&raw.labels, &raw.scores) {
                (Some(l), _) => l.iter().map(|s| s.get_ref().clone()).collect(),
                (None, Some(s)) => s.keys().cloned().collect(),
                // Not reachable for a compiled ordinal scale; keep its own labels.
                _ => o.labels.iter().map(|(l, _)| l.clone()).collect(),
            };
            let options = written.iter().map(|l| option(l, l, &aliases)).collect();
            Answer::Single {
                scale: scale.id.clone(),
                options,
                na,
            }
        }
        ScaleKind::Multi(m) => {
            let options = m
                .options
                .iter()
                .map(|(code, _)| option(code, code, &aliases))
                .collect();
            Answer::Multi {
                scale: scale.id.clone(),
                options,
                other: m.other,
            }
        }
        ScaleKind::Numeric(n) => {
            let zh = raw.units.iter().find(|u| has_cjk(u));
            let en = raw.units.iter().find(|u| !has_cjk(u));
            Answer::Number {
                scale: scale.id.clone(),
                min: n.min,
                max: n.max,
                unit: Bi::either(zh.map(String::as_str), en.map(String::as_str)),
                na,
            }
        }
        ScaleKind::Text => Answer::Text,
    }
}

/// An option whose target (label or code) is `target`: the Chinese label is the written label
/// or the first Chinese alias, the English one the first alias in Latin letters (not a bare
/// number); the choice name the first spelling without spaces.
fn option(written: &str, target: &str, aliases: &[(&str, &str)]) -> Choice {
    let mine: Vec<&str> = aliases
        .iter()
        .filter(|(_, t)| *t == target)
        .map(|(k, _)| *k)
        .collect();
    let wordy = |s: &&str| !s.bytes().all(|b| b.is_ascii_digit());
    let zh = Some(written)
        .filter(|w| has_cjk(w))
        .or_else(|| mine.iter().copied().find(|a| has_cjk(a)));
    let en = Some(written)
        .filter(|w| !has_cjk(w) && wordy(w) && !name_like(w))
        .or_else(|| mine.iter().copied().filter(wordy).find(|a| !has_cjk(a)));
    let label = Bi::either(zh, en).unwrap_or_else(|| Bi::new(written, written));
    let name = std::iter::once(written)
        .chain(mine.iter().copied())
        .find(|s| name_like(s))
        .map(str::to_string);
    Choice { name, label }
}

/// The N/A spellings grouped into options: each Chinese spelling starts an option, the Latin
/// spellings after it are its English label (the first) and its choice name (the first
/// without spaces). `["不确定", "Not sure", "not_sure", "不适用", "N/A", "NA"]` are two options.
fn na_choices(raw: &ScaleDef) -> Vec<Choice> {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    for s in raw.na.iter().map(|s| s.get_ref().as_str()) {
        match groups.last_mut() {
            Some(g) if !has_cjk(s) => g.push(s),
            _ => groups.push(vec![s]),
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let zh = g.first().copied().filter(|s| has_cjk(s));
            let en = g
                .iter()
                .copied()
                .find(|s| !has_cjk(s) && s.contains(|c: char| c.is_ascii_alphabetic()));
            Choice {
                name: g.iter().copied().find(|s| name_like(s)).map(str::to_string),
                label: Bi::either(zh, en).unwrap_or_default(),
            }
        })
        .collect()
}
