//! Drift between an export and the questionnaire the definition would generate: a question
//! whose wording differs, an answer label renamed (`比较同意` -> `同意`), a platform on one side
//! only. Each is an error finding with both texts: the export would be read, but what it
//! asked is not what the definition scores. 问卷星 exports are compared by question number
//! (titles, matrix rows, the platform in 【】), Qualtrics exports by field name (question texts
//! of the second header row, Loop & Merge numbers).

use super::qualtrics::{field, matrix_field};
use super::{Answer, Question, Questionnaire};
use crate::definition::{Model, Preset, QuestionSel, ScaleKind};
use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ingest::{FileProfile, RawValue};
use crate::text::{did_you_mean, match_key};
use std::collections::{BTreeMap, BTreeSet};

const CODE: Code = Code::QuestionnaireDrift;

/// The drift findings of one export (empty when it asks what the definition scores).
pub fn check(q: &Questionnaire, model: &Model, profile: &FileProfile) -> Vec<Diagnostic> {
    let preset = profile.preset.as_ref().map(|(p, _)| *p);
    let mut d = Drift {
        q,
        model,
        profile,
        out: Vec::new(),
        missing: Vec::new(),
    };
    match preset {
        Some(Preset::WjxText | Preset::WjxIndex | Preset::WjxScore) => d.numbered(),
        Some(Preset::Qualtrics | Preset::QualtricsLegacy) => d.qualtrics(),
        _ => {}
    }
    d.out
}

struct Drift<'a> {
    q: &'a Questionnaire,
    model: &'a Model,
    profile: &'a FileProfile,
    out: Vec<Diagnostic>,
    /// Numbered questions of items that the export lacks ("12 (item)").
    missing: Vec<String>,
}

/// A numbered question of a 问卷星 export: its title and its columns (row label, column).
#[derive(Default)]
struct Numbered {
    title: String,
    first_col: usize,
    rows: Vec<(String, usize)>,
}

/// `12、题目` / `12. 题目` -> (12, "题目").
fn numbered_header(h: &str) -> Option<(u32, &str)> {
    let digits = h.bytes().take_while(u8::is_ascii_digit).count();
    let n = h.get(..digits)?.parse().ok()?;
    let rest = h.get(digits..)?;
    let rest = rest
        .strip_prefix('、')
        .or_else(|| rest.strip_prefix('.'))
        .or_else(|| rest.strip_prefix('．'))?;
    Some((n, rest.trim()))
}

impl Drift<'_> {
    fn at(&self, col: usize) -> Location {
        let t = &self.profile.table;
        Location::cell(
            &t.file,
            t.sheet.as_deref(),
            1,
            col + 1,
            t.headers.get(col).map(String::as_str),
        )
    }

    fn finding(&mut self, col: usize, message: String, hint: &str) {
        let at = self.at(col);
        self.out
            .push(Diagnostic::error(CODE, message, at).with_hint(hint));
    }

    fn numbered(&mut self) {
        let headers = &self.profile.table.headers;
        let mut by_no: BTreeMap<u32, Numbered> = BTreeMap::new();
        let mut current: Option<(u32, bool)> = None; // (number, a matrix)
        for (c, h) in headers.iter().enumerate() {
            if self.profile.kinds.get(c) == Some(&crate::ingest::ColumnKind::Metadata) {
                current = None;
                continue;
            }
            if let Some((n, rest)) = numbered_header(h) {
                let fresh = !by_no.contains_key(&n);
                let e = by_no.entry(n).or_default();
                // Legacy headers: `4、(天猫)` for every row, no title.
                let legacy = rest
                    .strip_prefix('(')
                    .and_then(|r| r.strip_suffix(')'))
                    .filter(|_| !rest.contains('—'));
                if let Some(row) = legacy {
                    if fresh {
                        e.first_col = c;
                    }
                    e.rows.push((row.trim().to_string(), c));
                    current = Some((n, true));
                    continue;
                }
                match rest.rsplit_once('—') {
                    Some((title, row)) => {
                        *e = Numbered {
                            title: title.trim().to_string(),
                            first_col: c,
                            rows: vec![(row.trim().to_string(), c)],
                        };
                        current = Some((n, true));
                    }
                    None => {
                        e.title = rest.to_string();
                        e.first_col = c;
                        current = Some((n, false));
                    }
                }
            } else if let Some((n, true)) = current
                && let Some(e) = by_no.get_mut(&n)
            {
                e.rows.push((h.trim().to_string(), c));
            }
        }
        let questions: Vec<&Question> = self.q.questions().collect();
        // Headers in a style not parsed here (第N题(行)) carry no item's number: nothing to say.
        let any = questions.iter().any(|x| {
            by_no
                .keys()
                .any(|n| x.number.as_ref().is_some_and(|s| s.contains(*n)))
        });
        if !any {
            return;
        }
        for question in questions {
            match question.number {
                Some(QuestionSel::Number(n)) => self.matrix(question, n, by_no.get(&n)),
                Some(QuestionSel::Range(a, b)) => self.range(question, a, b, &by_no),
                None => {}
            }
        }
        if !self.missing.is_empty() {
            let list = std::mem::take(&mut self.missing).join(", ");
            self.finding(
                0,
                format!("questions of the questionnaire that are not in the export: {list}"),
                "the survey lacks questions the definition scores: add them, or drop the items",
            );
        }
    }

    fn matrix(&mut self, question: &Question, n: u32, found: Option<&Numbered>) {
        let Some(found) = found else {
            self.missing.push(format!("{n} ({})", question.id));
            return;
        };
        self.wording(question, n, &found.title, found.first_col);
        let mut seen = BTreeSet::new();
        for (row, col) in &found.rows {
            match self.model.platform_by_label(row) {
                Some(p) => {
                    seen.insert(p);
                    self.labels(question, *col, &format!("question {n}, row {row:?}"));
                }
                None => self.finding(
                    *col,
                    format!("question {n} has a row {row:?} that is no platform of the definition"),
                    "add the platform (or the row label as an alias) to the definition, or drop the row from the survey",
                ),
            }
        }
        for (p, platform) in self.q.platforms.iter().enumerate() {
            if !seen.contains(&p) {
                self.finding(
                    found.first_col,
                    format!(
                        "platform {:?} of the definition has no row in question {n} of the export",
                        platform.name.zh
                    ),
                    "add the platform's row to the survey, or drop the platform from the definition",
                );
            }
        }
    }

    fn range(&mut self, question: &Question, a: u32, b: u32, by_no: &BTreeMap<u32, Numbered>) {
        if !(a..=b).any(|n| by_no.contains_key(&n)) {
            self.missing.push(format!("{a}-{b} ({})", question.id));
            return;
        }
        let mut seen = BTreeSet::new();
        let mut untitled = false;
        for n in a..=b {
            let Some(found) = by_no.get(&n) else {
                continue;
            };
            // Legacy headers (`10、(选项)`) carry no title, so no platform: nothing to compare.
            untitled |= found.title.is_empty();
            // 您在【淘宝】投诉侵权时使用过哪些渠道？ -> the platform, and the wording after 】.
            let Some((before, after)) = found
                .title
                .split_once('【')
                .and_then(|(x, r)| r.split_once('】').map(|(p, rest)| ((x, p), rest)))
            else {
                continue;
            };
            let (_, platform) = before;
            match self.model.platform_by_label(platform) {
                Some(p) => {
                    seen.insert(p);
                }
                None => self.finding(
                    found.first_col,
                    format!(
                        "question {n} names 【{platform}】, which is no platform of the definition"
                    ),
                    "add the platform (or this name as an alias) to the definition",
                ),
            }
            self.wording(question, n, after, found.first_col);
            self.labels(question, found.first_col, &format!("question {n}"));
        }
        for (p, platform) in self.q.platforms.iter().enumerate() {
            if !seen.contains(&p) && !untitled {
                self.finding(
                    by_no.get(&a).map_or(0, |f| f.first_col),
                    format!(
                        "platform {:?} of the definition has no question among {a}-{b} of the export (item {})",
                        platform.name.zh, question.id
                    ),
                    "add the platform's question to the survey, or drop the platform from the definition",
                );
            }
        }
    }

    /// The export's wording against the item's (either language; punctuation and case aside).
    fn wording(&mut self, question: &Question, n: u32, found: &str, col: usize) {
        let key = |s: &str| {
            match_key(s)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        };
        let found_key = key(found);
        if found_key.is_empty()
            || found_key == key(&question.text.zh)
            || found_key == key(&question.text.en)
        {
            return;
        }
        // 问卷星 titles may carry the remark the definition leaves out: "…（多选）".
        let contains = |t: &str| !key(t).is_empty() && found_key.contains(&key(t));
        if contains(&question.text.zh) || contains(&question.text.en) {
            return;
        }
        let ours = if super::choices::has_cjk(found) {
            &question.text.zh
        } else {
            &question.text.en
        };
        self.finding(
            col,
            format!(
                "question {n} is worded differently: the export asks {found:?}, the definition (item {}) {ours:?}",
                question.id
            ),
            "make the survey and the item's `text` say the same (regenerate the survey with `qbpc-index questionnaire`)",
        );
    }

    /// Answers of a column that are no spelling of the scale but close to one of its labels:
    /// a renamed label.
    fn labels(&mut self, question: &Question, col: usize, what: &str) {
        let Some(item) = self.model.items.iter().find(|i| i.id == question.id) else {
            return;
        };
        let Some(scale) = self.model.scales.get(item.scale) else {
            return;
        };
        let ScaleKind::Ordinal(o) = &scale.kind else {
            return;
        };
        let labels: Vec<String> = match &question.answer {
            Answer::Single { .. } => question
                .answer
                .all_choices()
                .iter()
                .map(|c| c.label.zh.clone())
                .collect(),
            _ => return,
        };
        let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
        let mut answered: BTreeSet<String> = BTreeSet::new();
        for (_, row) in &self.profile.table.rows {
            let Some(RawValue::Text(v)) = row.get(col) else {
                continue;
            };
            let k = match_key(v);
            answered.insert(k.clone());
            // Skip markers, and codes of index downloads (a number is no renamed label).
            let marker = v.starts_with('(')
                || v.starts_with('（')
                || k.is_empty()
                || v.trim().parse::<f64>().is_ok();
            if marker || o.scores.contains_key(&k) || scale.na.contains(&k) {
                continue;
            }
            *unknown.entry(v.trim().to_string()).or_default() += 1;
        }
        // The renamed label is one the export never answers: look among those first.
        let unused: Vec<&str> = labels
            .iter()
            .filter(|l| !answered.contains(&match_key(l)))
            .map(String::as_str)
            .collect();
        for (v, times) in unknown {
            let closest = did_you_mean(&v, unused.iter().copied())
                .or_else(|| did_you_mean(&v, labels.iter().map(String::as_str)))
                .filter(|l| shares_most(&v, l));
            if let Some(closest) = closest {
                self.finding(
                    col,
                    format!(
                        "{what}: the export answers {v:?} ({times} time(s)) where the questionnaire's label is {closest:?} (scale {})",
                        scale.id
                    ),
                    "a label was renamed in the survey: rename it back, or add the new spelling to the scale's `aliases`",
                );
            }
        }
    }

    fn qualtrics(&mut self) {
        let headers = self.profile.table.headers.clone();
        let questions: Vec<&Question> = self.q.questions().collect();
        let mut loops_seen: BTreeSet<u32> = BTreeSet::new();
        for (c, h) in headers.iter().enumerate() {
            let (loop_no, f) = split_loop(h);
            let Some(question) = questions.iter().find(|x| field(x) == f) else {
                continue;
            };
            if let Some(k) = loop_no {
                loops_seen.insert(k);
                if !self.q.loop_numbers.iter().any(|(n, _)| *n == k) {
                    self.finding(
                        c,
                        format!("column {h:?} belongs to loop {k}, which is no platform of the definition (`loop_platforms`)"),
                        "add the loop number to the survey source's `loop_platforms`, or drop the platform from the survey",
                    );
                }
            }
            let text = self
                .profile
                .texts
                .get(c)
                .and_then(|t| t.first())
                .cloned()
                .unwrap_or_default();
            if !text.is_empty() {
                let statement = text.rsplit(" - ").next().unwrap_or(&text);
                let statement = statement.rsplit_once(": ").map_or(statement, |(_, s)| s);
                let n = matrix_field(&f).map_or(0, |(stem, _)| {
                    stem.trim_start_matches('Q').parse().unwrap_or(0)
                });
                self.wording(question, n, statement, c);
            }
            self.labels(question, c, &format!("column {h:?}"));
        }
        if !loops_seen.is_empty() {
            for (k, p) in self.q.loop_numbers.clone() {
                if !loops_seen.contains(&k) {
                    let name = self
                        .q
                        .platforms
                        .get(p)
                        .map(|x| x.name.en.clone())
                        .unwrap_or_default();
                    self.finding(
                        0,
                        format!(
                            "platform {name:?} (loop {k}) of the definition is not in the export"
                        ),
                        "add the platform to the survey's loop, or drop it from the definition",
                    );
                }
            }
        }
    }
}

/// Whether most characters of an answer occur in a label (同意 in 比较同意): a renamed label,
/// not a typo of another answer.
fn shares_most(answer: &str, label: &str) -> bool {
    let chars: Vec<char> = answer.chars().filter(|c| !c.is_whitespace()).collect();
    let shared = chars.iter().filter(|c| label.contains(**c)).count();
    !chars.is_empty() && shared * 2 >= chars.len()
}

/// `2_Q3_1` -> (Some(2), "Q3_1").
fn split_loop(h: &str) -> (Option<u32>, String) {
    let h = h.trim();
    let digits = h.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = h.get(digits..).and_then(|r| r.strip_prefix('_'))
        && rest.starts_with('Q')
    {
        return (
            h.get(..digits).and_then(|d| d.parse().ok()),
            rest.to_string(),
        );
    }
    (None, h.to_string())
}
