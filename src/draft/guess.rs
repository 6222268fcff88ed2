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
    let text = match_key(&format!("{} {}", o.text, units.join(" ")));
    let lower_is_better = TIME_WORDS.iter().any(|w| text.contains(w));
    let points = units
        .iter()
        .any(|u| POINT_UNITS.contains(&match_key(u).as_str()));
    let rating = !lower_is_better && lo >= 0.0 && (points || asks_for_rating(&text));
    let kind = |best: f64, worst: f64| DraftScaleKind::Numeric {
        best,
        worst,
        min: (lo >= 0.0).then_some(0.0),
        units: units.clone(),
        approx: approx.clone(),
    };
    let id = format!("{}_number", o.item);
    if rating {
        // A rating's goalposts are its own range (1..5, 0..10), never the answers seen: with
        // the observed range a "3分" that was the best answer given scored 100 (issue 10).
        let stated = stated_range(o.text);
        let fits = |&(a, b): &(f64, f64)| a <= lo && hi <= b;
        // Answers beyond the range the question states (an 11 on a 0-10 question), or up to
        // 20 with none stated, fit no rating range: option positions of a 按序号 download
        // (code 11 = the option "10分") or another scale. Not a value to score.
        let contradicts = match stated {
            Some(range) => !fits(&range),
            None => hi > 10.0 && hi <= 20.0,
        };
        if contradicts {
            return Some(DraftScale {
                id,
                kind: DraftScaleKind::Text,
                na: Vec::new(),
                comment: Some(format!(
                    "a rating whose answers ({}..{}) fit no range of it{}: option positions (code k = the k-th option, as a 按序号 download writes them) or another scale; reported, not scored; to score it write the scale (`kind = \"ordinal\"` with `labels`, or `kind = \"numeric\"` with `best` and `worst`)",
                    format_number(lo),
                    format_number(hi),
                    stated.map_or(String::new(), |(a, b)| format!(
                        " (the question states {}..{})",
                        format_number(a),
                        format_number(b)
                    ))
                )),
            });
        }
        let (bottom, top) = stated.filter(fits).unwrap_or_else(|| {
            let top = [5.0, 7.0, 10.0, 100.0]
                .into_iter()
                .find(|&k| hi <= k)
                .unwrap_or(hi);
            // 0..10 is the usual eleven-point scale (NPS); 1..5 and 1..7 start at 1.
            let bottom = if lo < 1.0 || top >= 10.0 { 0.0 } else { 1.0 };
            (bottom, top)
        });
        return Some(DraftScale {
            id,
            kind: kind(top, bottom),
            na: na.to_vec(),
            comment: Some(format!(
                "a rating ({}): more is better, on its own range {}..{}; check the range",
                if points {
                    "answers in points"
                } else {
                    "the question asks for one"
                },
                format_number(bottom),
                format_number(top)
            )),
        });
    }
    if !lower_is_better {
        // A count or an amount says nothing of which way is better: reported, not scored.
        return Some(DraftScale {
            id,
            kind: DraftScaleKind::Text,
            na: Vec::new(),
            comment: Some(format!(
                "numbers ({}..{}) with no direction in the question: reported, not scored; to score them make this `kind = \"numeric\"` with `best` and `worst`",
                format_number(lo),
                format_number(hi)
            )),
        });
    }
    let hi = if hi > lo { hi } else { lo + 1.0 };
    Some(DraftScale {
        id,
        kind: kind(lo, hi),
        na: na.to_vec(),
        comment: Some(format!(
            "CONFIRM: a duration, so less is taken as better; goalposts from the observed range {}..{}",
            format_number(lo),
            format_number(hi)
        )),
    })
}

/// A range the question states: `(0-10)`, `1～5分`, `0 到 10`.
pub(super) fn stated_range(text: &str) -> Option<(f64, f64)> {
    let t = match_key(text);
    let chars: Vec<char> = t.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let digit = |i: usize| at(i).is_some_and(|c| c.is_ascii_digit());
    let number_at = |i: usize| {
        let n: String = chars
            .iter()
            .skip(i)
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let end = i + n.chars().count();
        n.parse::<f64>().ok().map(|n| (n, end))
    };
    let mut i = 0;
    while i < chars.len() {
        if digit(i) && (i == 0 || !digit(i - 1)) {
            let (a, mut j) = number_at(i)?;
            while at(j) == Some(' ') {
                j += 1;
            }
            if at(j).is_some_and(|c| "-–~～到至".contains(c)) {
                j += 1;
                while at(j) == Some(' ') {
                    j += 1;
                }
                if let Some((b, _)) = number_at(j)
                    && a < b
                {
                    return Some((a, b));
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// Whether a question (or column name) asks for a rating, where more is better.
pub(super) fn asks_for_rating(text: &str) -> bool {
    let t = match_key(text);
    // A negated rating word asks for the opposite: 不满意 holds 满意, dissatisfied holds satisf.
    if ["不满意", "dissatisf", "unsatisf", "not satisf"]
        .iter()
        .any(|n| t.contains(n))
    {
        return false;
    }
    // "rate" only as a word: "How would you rate ..." asks for a rating, "corporate" does not.
    RATING_WORDS.iter().any(|w| t.contains(w))
        || t.split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "rate" || w == "rated")
}

/// Units of ratings: points (1分 … 5分 is a rating, 分钟 is minutes).
const POINT_UNITS: [&str; 5] = ["分", "points", "point", "pts", "pt"];
/// Words of questions that ask for a rating, where more is better.
const RATING_WORDS: [&str; 12] = [
    "评分",
    "打分",
    "满意",
    "推荐",
    "评价",
    "分数",
    "rating",
    "score",
    "satisf",
    "likely",
    "recommend",
    "nps",
];

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
        "CONFIRM: only one answer was seen, and nothing says where it stands on the scale; `validate` refuses this scale until `labels` lists all the answers worst first".to_string()
    } else {
        "CONFIRM: answers of no known scale, and nothing in the file says which is best; `validate` refuses this scale until `labels` lists them worst first".to_string()
    };
    DraftScale {
        id: format!("{}_labels", o.item),
        kind: DraftScaleKind::Unordered {
            answers: labels,
            codes: false,
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
