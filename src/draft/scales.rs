//! Guess a scale from the distinct answers of one question: a known Likert set (Chinese or
//! English), yes/no, integer codes, numbers (with units, goalposts from the observed range),
//! multi-select options, free text, or an unordered set of labels for the analyst to order.
//! The guess tolerates a little dirt (an out-of-scale "7", a date cell among numbers): those
//! answers will be reported as invalid when scoring.

use crate::classify::parse_number;
use crate::ingest::format_number;
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
const APPROX: [&str; 6] = ["约", "大约", "左右", "about", "approx.", "approximately"];
/// Units (or words in the question) that make a number a duration, where less is better.
const TIME_WORDS: [&str; 9] = [
    "天", "小时", "时长", "周", "day", "hour", "week", "time", "duration",
];

/// More options than this is not a multi-select question.
const MAX_OPTIONS: usize = 25;

/// The share of answers a guess must explain; the rest will be invalid when scoring.
const MOSTLY: f64 = 0.9;

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
    if !about_time && let Some(s) = integer_codes(&rest, &na) {
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

fn share(matching: usize, all: usize) -> f64 {
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
    let (lang, other) = if zh * 2 >= yes + no { (0, 1) } else { (1, 0) };
    let mut na: Vec<String> = na.to_vec();
    na.splice(0..0, UNSURE.iter().map(|s| s.to_string()));
    Some(DraftScale {
        id: "yes_no".into(),
        kind: DraftScaleKind::Scored {
            scores: vec![(YES[lang].into(), 100.0), (NO[lang].into(), 0.0)],
            aliases: vec![
                (YES[other].into(), YES[lang].into()),
                (NO[other].into(), NO[lang].into()),
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

/// Answers that are all small integers from 1: option codes of a rating scale.
fn integer_codes(rest: &[&String], na: &[String]) -> Option<DraftScale> {
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
    Some(DraftScale {
        id: format!("codes{k}"),
        kind: DraftScaleKind::Ordinal {
            labels: (1..=k).map(|i| i.to_string()).collect(),
            aliases: Vec::new(),
        },
        na: na.to_vec(),
        comment: Some(format!(
            "answers are the codes 1..{k}; 1 is taken as the worst: check, and add the labels as aliases"
        )),
    })
}

fn numeric(o: &Observed, rest: &[&String], na: &[String]) -> Option<DraftScale> {
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

fn is_free_text(rest: &[&String]) -> bool {
    if rest.is_empty() {
        return true;
    }
    let distinct: std::collections::HashSet<String> = rest.iter().map(|a| match_key(a)).collect();
    let long = rest.iter().filter(|a| a.chars().count() > 20).count();
    distinct.len() > 12 || share(distinct.len(), rest.len()) > 0.5 || share(long, rest.len()) > 0.3
}

fn labels_to_order(o: &Observed, rest: &[&String], na: Vec<String>) -> DraftScale {
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

fn multi(o: &Observed, rest: &[&String], na: Vec<String>) -> DraftScale {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn guess_of(text: &str, answers: &[&str]) -> DraftScale {
        guess(&Observed {
            item: "q9",
            text,
            answers: answers.iter().map(|s| s.to_string()).collect(),
            multi_sep: "┋",
        })
    }

    #[test]
    fn chinese_and_english_likert_sets() {
        let s = guess_of(
            "规则清晰",
            &[
                "非常同意",
                "一般",
                "不适用",
                "7",
                "比较同意",
                "非常同意",
                "一般",
                "比较同意",
                "非常同意",
                "一般",
                "比较同意",
            ],
        );
        assert_eq!(s.id, "agree5");
        let DraftScaleKind::Ordinal { labels, aliases } = &s.kind else {
            panic!("{s:?}")
        };
        assert_eq!(labels[0], "非常不同意");
        assert!(aliases.contains(&("Strongly agree".into(), "非常同意".into())));
        assert!(s.na.contains(&"不适用".to_string()));
        let s = guess_of("x", &["Never", "Always", "Often"]);
        assert_eq!(s.id, "freq5");
        let DraftScaleKind::Ordinal { labels, .. } = &s.kind else {
            panic!()
        };
        assert_eq!(labels[4], "Always");
    }

    #[test]
    fn yes_no_with_not_sure_as_na() {
        let s = guess_of("是否", &["是", "否", "不确定", "是"]);
        assert_eq!(s.id, "yes_no");
        let DraftScaleKind::Scored { scores, .. } = &s.kind else {
            panic!()
        };
        assert_eq!(
            scores,
            &vec![("是".to_string(), 100.0), ("否".to_string(), 0.0)]
        );
        assert!(s.na.contains(&"不确定".to_string()));
        let s = guess_of("x", &["yes", "no", "not_sure", "Yes", "是"]);
        let DraftScaleKind::Scored { scores, .. } = &s.kind else {
            panic!()
        };
        assert_eq!(scores[0].0, "Yes");
    }

    #[test]
    fn numbers_with_units_and_time_direction() {
        let s = guess_of(
            "平均下架需要多少天？",
            &[
                "7天", "约10天", "3", "１５", "2.5", "3-5", "4", "5", "6", "8", "9", "12",
            ],
        );
        assert_eq!(s.id, "q9_number");
        let DraftScaleKind::Numeric {
            best,
            worst,
            min,
            units,
            approx,
        } = &s.kind
        else {
            panic!("{s:?}")
        };
        assert_eq!((*best, *worst, *min), (2.5, 15.0, Some(0.0)));
        assert_eq!(units, &vec!["天".to_string()]);
        assert_eq!(approx, &vec!["约".to_string()]);
    }

    #[test]
    fn codes_multi_text_and_unknown_labels() {
        assert_eq!(guess_of("x", &["1", "5", "3", "NA"]).id, "codes5");
        let s = guess_of("渠道（多选）", &["电子邮件┋其他〖协会〗", "在线投诉"]);
        let DraftScaleKind::Multi {
            options,
            aliases,
            other,
            ..
        } = &s.kind
        else {
            panic!()
        };
        assert_eq!(options.len(), 3);
        assert_eq!(aliases[1], ("其他".to_string(), "o2".to_string()));
        assert_eq!(other.as_deref(), Some("o2"));
        let s = guess_of("x", &["ip_portal┋email", "other"]);
        let DraftScaleKind::Multi { options, .. } = &s.kind else {
            panic!()
        };
        assert_eq!(options[0].0, "ip_portal");
        let texts: Vec<String> = (0..10).map(|i| format!("answer number {i}")).collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_eq!(guess_of("x", &refs).kind, DraftScaleKind::Text);
        let s = guess_of("行业", &["日化", "电子", "日化", "电子", "服饰", "日化"]);
        assert_eq!(s.id, "q9_labels");
    }

    #[test]
    fn multi_split_keeps_separators_inside_fill_ins() {
        assert_eq!(split_multi("A┋其他〖x┋y〗┋B", "┋"), vec!["A", "其他", "B"]);
    }
}
