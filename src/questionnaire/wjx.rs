//! The questionnaire as a 问卷星 text import ("文本导入": paste the text, 问卷星 builds the
//! questions). The format, as 问卷星's own import page parses it: the first line is the title,
//! the lines after it the description; each question starts with its number and carries its
//! type in brackets (`[单选题]`, `[多选题]`, `[矩阵单选题]`, `[问答题]`); options follow one a
//! line; a matrix lists its columns on the first line after the title, separated by spaces,
//! then one row a line; a blank line ends a question.
//!
//! The numbers are the definition's: an item with `question = 4` is matrix 4 with one row per
//! platform, an item with `question = "10-19"` is one question per platform with the platform
//! in 【】 in its title, the respondent and the platforms question take their numbers (or the
//! first free ones), and a number no item uses is filled with an unscored remark so that
//! 问卷星's running numbers stay the definition's. The form is in Chinese: 问卷星 exports the
//! option texts, which the scales read.

use super::{Answer, Questionnaire, QuestionnaireError};
use crate::definition::QuestionSel;
use std::collections::BTreeMap;

/// An unscored question that keeps the numbering when the definition skips a number.
const FILLER: &str = "补充说明（选填，不计分）";

fn put(by_no: &mut BTreeMap<u32, String>, n: u32, body: String) -> Result<(), QuestionnaireError> {
    if by_no.insert(n, body).is_some() {
        return Err(unsupported(
            format!("two questions of the 问卷星 form would be number {n}"),
            "give each item its own `question` number (the respondent and platforms questions take theirs too)",
        ));
    }
    Ok(())
}

pub fn render(q: &Questionnaire) -> Result<String, QuestionnaireError> {
    let mut by_no: BTreeMap<u32, String> = BTreeMap::new();
    let platforms: Vec<&str> = q.platforms.iter().map(|p| p.name.zh.as_str()).collect();
    for question in q.questions() {
        let text = one_line(&question.text.zh);
        match (&question.number, &question.answer) {
            (None, _) => {
                return Err(unsupported(
                    format!(
                        "item {:?} has no `question` number for the 问卷星 form",
                        question.id
                    ),
                    format!(
                        "add `question = N` to [items.{}] (its number in the 问卷星 survey)",
                        question.id
                    ),
                ));
            }
            (Some(QuestionSel::Number(n)), Answer::Single { .. }) => {
                let cols = columns(question)?;
                put(
                    &mut by_no,
                    *n,
                    format!(
                        "{n}. {text}[矩阵单选题]\n{}\n{}",
                        cols.join(" "),
                        platforms.join("\n")
                    ),
                )?;
            }
            (Some(QuestionSel::Number(n)), Answer::Number { .. } | Answer::Text) => {
                put(
                    &mut by_no,
                    *n,
                    format!("{n}. {text}[矩阵填空题]\n{}", platforms.join("\n")),
                )?;
            }
            (Some(QuestionSel::Number(_)), Answer::Multi { .. }) => {
                return Err(unsupported(
                    format!(
                        "the multi-select item {:?} has one question number: 问卷星 has no matrix of multi-selects that its export keeps apart per platform",
                        question.id
                    ),
                    format!(
                        "give [items.{}] one question per platform: `question = \"a-b\"` with as many numbers as platforms",
                        question.id
                    ),
                ));
            }
            (Some(QuestionSel::Range(a, b)), answer) => {
                let count = (b - a + 1) as usize;
                if count != platforms.len() {
                    return Err(unsupported(
                        format!(
                            "item {:?} has questions {a}-{b} ({count}) for {} platforms",
                            question.id,
                            platforms.len()
                        ),
                        "one question per platform: the range needs as many numbers as there are platforms",
                    ));
                }
                for (k, p) in platforms.iter().enumerate() {
                    let n = a + k as u32;
                    let title = format!("{n}. 您在【{p}】{text}");
                    let body = match answer {
                        Answer::Single { .. } => {
                            format!("{title}[单选题]\n{}", options(question).join("\n"))
                        }
                        Answer::Multi { .. } => {
                            format!("{title}[多选题]\n{}", options(question).join("\n"))
                        }
                        Answer::Number { .. } | Answer::Text => format!("{title}[问答题]"),
                    };
                    put(&mut by_no, n, body)?;
                }
            }
        }
    }
    let free = |taken: &BTreeMap<u32, String>| (1..).find(|n| !taken.contains_key(n)).unwrap_or(1);
    if let Some(p) = q.platforms_question.number {
        let body = format!(
            "{p}. {}[多选题]\n{}",
            one_line(&q.platforms_question.text.zh),
            platforms.join("\n")
        );
        put(&mut by_no, p, body)?;
    }
    let r = match q.respondent.number {
        Some(r) => r,
        None => free(&by_no),
    };
    put(
        &mut by_no,
        r,
        format!("{r}. {}[问答题]", one_line(&q.respondent.text.zh)),
    )?;
    let last = by_no.keys().next_back().copied().unwrap_or(0);
    for n in 1..=last {
        by_no
            .entry(n)
            .or_insert_with(|| format!("{n}. {FILLER}[问答题]"));
    }
    let mut t = one_line(&q.title.zh);
    t.push('\n');
    if let Some(g) = &q.guidance {
        t.push_str(&one_line(&g.zh));
        t.push('\n');
    }
    t.push_str("每个评价的平台请逐一作答；不了解的问题请选择“不适用”。\n");
    for body in by_no.values() {
        t.push('\n');
        t.push_str(body);
        t.push('\n');
    }
    Ok(t)
}

/// A matrix's columns: the scale's labels and its not-applicable options, in Chinese, each
/// without spaces (问卷星 splits the column line at spaces).
fn columns(question: &super::Question) -> Result<Vec<String>, QuestionnaireError> {
    let cols = options(question);
    if let Some(bad) = cols
        .iter()
        .find(|c| c.contains(char::is_whitespace) || c.is_empty())
    {
        return Err(unsupported(
            format!(
                "option {bad:?} of scale {:?} has a space: 问卷星 reads a matrix's columns as one line split at spaces",
                question.answer.scale().unwrap_or("")
            ),
            "write the Chinese label without spaces (the English spelling can stay an alias)",
        ));
    }
    Ok(cols)
}

fn options(question: &super::Question) -> Vec<String> {
    question
        .answer
        .all_choices()
        .iter()
        .map(|c| one_line(&c.label.zh))
        .collect()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unsupported(message: String, hint: impl Into<String>) -> QuestionnaireError {
    QuestionnaireError::Unsupported {
        message,
        hint: hint.into(),
    }
}
