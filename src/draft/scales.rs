//! Guess a scale from the distinct answers of one question: a known Likert set (Chinese or
//! English), yes/no, integer codes, numbers (with units, goalposts from the observed range),
//! multi-select options, free text, or an unordered set of labels for the analyst to order.
//! The guess tolerates a little dirt (an out-of-scale "7", a date cell among numbers): those
//! answers will be reported as invalid when scoring.

use super::guess::{is_free_text, labels_to_order, multi, numeric};
use crate::text::{match_key, trim};

/// A drafted scale.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftScale {
    pub id: String,
    pub kind: DraftScaleKind,
    /// N/A spellings (answers meaning "not applicable": excluded, never 0).
    pub na: Vec<String>,
    /// A note for the analyst, written above the scale.
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DraftScaleKind {
    /// Labels worst -> best; aliases: spelling -> label.
    Ordinal {
        labels: Vec<String>,
        aliases: Vec<(String, String)>,
    },
    /// Explicit scores (yes/no).
    Scored {
        scores: Vec<(String, f64)>,
        aliases: Vec<(String, String)>,
    },
    Numeric {
        best: f64,
        worst: f64,
        min: Option<f64>,
        units: Vec<String>,
        approx: Vec<String>,
    },
    Multi {
        /// (code, points)
        options: Vec<(String, f64)>,
        /// label -> code
        aliases: Vec<(String, String)>,
        full: f64,
        other: Option<String>,
    },
    /// Answers with no known order (whole-number codes without labels, or labels of no known
    /// set) and nothing that says which end is best: the draft writes no active `labels`, so
    /// the scale does not validate until the analyst writes them worst first (issue 10: a
    /// guessed direction is never taken without evidence). `codes`: the answers are numbers
    /// (both orders are offered); else labels in the order first seen.
    Unordered {
        answers: Vec<String>,
        codes: bool,
    },
    Text,
}

/// A known answer set: id, labels worst -> best in Chinese and in English.
struct Known {
    id: &'static str,
    zh: &'static [&'static str],
    en: &'static [&'static str],
}

const KNOWN: [Known; 4] = [
    Known {
        id: "agree5",
        zh: &["非常不同意", "比较不同意", "一般", "比较同意", "非常同意"],
        en: &[
            "Strongly disagree",
            "Somewhat disagree",
            "Neither agree nor disagree",
            "Somewhat agree",
            "Strongly agree",
        ],
    },
    Known {
        id: "agree5b",
        zh: &["非常不同意", "不同意", "一般", "同意", "非常同意"],
        en: &[
            "Strongly disagree",
            "Disagree",
            "Neutral",
            "Agree",
            "Strongly agree",
        ],
    },
    Known {
        id: "freq5",
        zh: &["从不", "很少", "有时", "经常", "总是"],
        en: &["Never", "Rarely", "Sometimes", "Often", "Always"],
    },
    Known {
        id: "satisfied5",
        zh: &["非常不满意", "不满意", "一般", "满意", "非常满意"],
        en: &[
            "Very dissatisfied",
            "Dissatisfied",
            "Neutral",
            "Satisfied",
            "Very satisfied",
        ],
    },
];

/// Spellings of "not applicable".
pub const NA_SPELLINGS: [&str; 5] = ["不适用", "N/A", "NA", "n/a", "Not applicable"];
/// Spellings of "not sure" on yes/no questions (treated as not applicable).
const UNSURE: [&str; 4] = ["不确定", "Not sure", "not_sure", "不清楚"];
const YES: [&str; 2] = ["是", "Yes"];
const NO: [&str; 2] = ["否", "No"];
pub(super) const APPROX: [&str; 6] = ["约", "大约", "左右", "about", "approx.", "approximately"];
/// Units (or words in the question) that make a number a duration, where less is better.
pub(super) const TIME_WORDS: [&str; 13] = [
    "天", "小时", "分钟", "秒", "时长", "周", "day", "hour", "minute", "week", "time", "duration",
    "多久",
];

/// More options than this is not a multi-select question.
const MAX_OPTIONS: usize = 25;

/// The share of answers a guess must explain; the rest will be invalid when scoring.
pub(super) const MOSTLY: f64 = 0.9;

/// What was observed for one question.
pub struct Observed<'a> {
    /// The item id the scale is for (names per-item scales).
    pub item: &'a str,
    /// The question text or column name (hints: "多选", "days").
    pub text: &'a str,
    /// Answers as typed, markers and blanks removed; multi-select cells still joined.
    pub answers: Vec<String>,
    /// The separator of multi-select cells in this export.
    pub multi_sep: &'a str,
}

pub fn guess(o: &Observed) -> DraftScale {
    let (na, rest): (Vec<&String>, Vec<&String>) =
        o.answers.iter().partition(|a| is_one_of(a, &NA_SPELLINGS));
    let na = observed_spellings(&na, &NA_SPELLINGS);
    let is_multi = rest.iter().any(|a| a.contains(o.multi_sep))
        || o.text.contains("多选")
        || match_key(o.text).contains("select all");
    if is_multi && !rest.is_empty() {
        let m = multi(o, &rest, na.clone());
        // Free text that happens to hold the separator has many long "options".
        if matches!(&m.kind, DraftScaleKind::Multi { options, .. } if options.len() <= MAX_OPTIONS)
        {
            return m;
        }
    }
    if let Some(s) = yes_no(&rest, &na) {
        return s;
    }
    if let Some(s) = known_set(&rest, &na) {
        return s;
    }
    let about_time = TIME_WORDS.iter().any(|w| match_key(o.text).contains(w));
    if !about_time && let Some(s) = integer_codes(o, &rest, &na) {
        return s;
    }
    if let Some(s) = numeric(o, &rest, &na) {
        return s;
    }
    if is_free_text(&rest) {
        return DraftScale {
            id: "free_text".into(),
            kind: DraftScaleKind::Text,
            na: Vec::new(),
            comment: None,
        };
    }
    labels_to_order(o, &rest, na)
}

fn is_one_of(a: &str, set: &[&str]) -> bool {
    let k = match_key(a);
    set.iter().any(|s| match_key(s) == k)
}

/// The standard spellings plus the ones observed (as typed), without repeats.
fn observed_spellings(seen: &[&String], standard: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = standard.iter().map(|s| s.to_string()).collect();
    for s in seen {
        let t = trim(s).to_string();
        if !out.iter().any(|o| match_key(o) == match_key(&t)) {
            out.push(t);
        }
    }
    out
}

pub(super) fn share(matching: usize, all: usize) -> f64 {
    if all == 0 {
        0.0
    } else {
        matching as f64 / all as f64
    }
}

fn yes_no(rest: &[&String], na: &[String]) -> Option<DraftScale> {
    let (yes, no, unsure) = (
        rest.iter().filter(|a| is_one_of(a, &YES)).count(),
        rest.iter().filter(|a| is_one_of(a, &NO)).count(),
        rest.iter().filter(|a| is_one_of(a, &UNSURE)).count(),
    );
    if yes + no == 0 || share(yes + no + unsure, rest.len()) < MOSTLY {
        return None;
    }
    let zh = rest.iter().filter(|a| is_one_of(a, &["是", "否"])).count();
    let ([yes_lang, no_lang], [yes_other, no_other]) = if zh * 2 >= yes + no {
        ([YES[0], NO[0]], [YES[1], NO[1]])
    } else {
        ([YES[1], NO[1]], [YES[0], NO[0]])
    };
    let mut na: Vec<String> = na.to_vec();
    na.splice(0..0, UNSURE.iter().map(|s| s.to_string()));
    Some(DraftScale {
        id: "yes_no".into(),
        kind: DraftScaleKind::Scored {
            scores: vec![(yes_lang.into(), 100.0), (no_lang.into(), 0.0)],
            aliases: vec![
                (yes_other.into(), yes_lang.into()),
                (no_other.into(), no_lang.into()),
            ],
        },
        na: dedupe(na),
        comment: Some("\"not sure\" counts as not applicable here, not as \"no\"".into()),
    })
}

fn dedupe(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in v {
        if !out.iter().any(|o| match_key(o) == match_key(&s)) {
            out.push(s);
        }
    }
    out
}

fn known_set(rest: &[&String], na: &[String]) -> Option<DraftScale> {
    if rest.is_empty() {
        return None;
    }
    for k in &KNOWN {
        let zh = rest.iter().filter(|a| is_one_of(a, k.zh)).count();
        let en = rest.iter().filter(|a| is_one_of(a, k.en)).count();
        if share(zh + en, rest.len()) < MOSTLY {
            continue;
        }
        let (labels, other) = if zh >= en { (k.zh, k.en) } else { (k.en, k.zh) };
        let mut aliases: Vec<(String, String)> = other
            .iter()
            .zip(labels)
            .filter(|(o, l)| match_key(o) != match_key(l))
            .map(|(o, l)| (o.to_string(), l.to_string()))
            .collect();
        aliases.extend(
            labels
                .iter()
                .enumerate()
                .map(|(i, l)| ((i + 1).to_string(), l.to_string())),
        );
        return Some(DraftScale {
            id: k.id.into(),
            kind: DraftScaleKind::Ordinal {
                labels: labels.iter().map(|s| s.to_string()).collect(),
                aliases,
            },
            na: na.to_vec(),
            comment: None,
        });
    }
    None
}

/// Answers that are all small integers from 1: option codes of a scale. Which end is best is
/// taken only from the question: a rating (满意, 评分, "rate", "satisfied" ...) is higher-is-
/// better on 1..k; any other codes get no direction until the analyst writes the labels.
fn integer_codes(o: &Observed, rest: &[&String], na: &[String]) -> Option<DraftScale> {
    let ints: Vec<i64> = rest
        .iter()
        .filter_map(|a| match_key(a).parse::<i64>().ok())
        .collect();
    let distinct: std::collections::BTreeSet<i64> = ints.iter().copied().collect();
    if share(ints.len(), rest.len()) < MOSTLY || distinct.len() < 3 {
        return None;
    }
    // The smallest usual scale that explains nearly all answers (a stray 7 on a 1..5 scale
    // stays invalid).
    let within = |k: i64| ints.iter().filter(|&&i| (1..=k).contains(&i)).count();
    let k = [5, 7]
        .into_iter()
        .find(|&k| share(within(k), rest.len()) >= MOSTLY)?;
    let codes: Vec<String> = (1..=k).map(|i| i.to_string()).collect();
    if super::guess::asks_for_rating(o.text) {
        return Some(DraftScale {
            id: format!("rating{k}"),
            kind: DraftScaleKind::Ordinal {
                labels: codes,
                aliases: Vec::new(),
            },
            na: na.to_vec(),
            comment: Some(format!(
                "a rating (the question asks for one): more is better on its own range 1..{k}; check"
            )),
        });
    }
    Some(DraftScale {
        id: format!("codes{k}"),
        kind: DraftScaleKind::Unordered {
            answers: codes,
            codes: true,
        },
        na: na.to_vec(),
        comment: Some(format!(
            "CONFIRM: the answers are the codes 1..{k}, and nothing in the file says which end is best (no labels, and the question asks for no rating); `validate` refuses this scale until `labels` lists the codes worst first"
        )),
    })
}
