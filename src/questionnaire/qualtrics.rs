//! The questionnaire as a Qualtrics Advanced Format TXT import (`[[AdvancedFormat]]`,
//! `[[Block:...]]`, `[[Question:Matrix:SingleAnswer]]` / `[[Question:MC:...]]` /
//! `[[Question:TE:...]]`, `[[ID:...]]`, `[[AdvancedChoices]]` with `[[Choice:k]]`,
//! `[[Answers]]`).
//!
//! Items whose Qualtrics field name (`headers`) is `Qn_k` become row k of the matrix `Qn`;
//! items named `Qn` (or with no Qualtrics name: then `[[ID:<item id>]]`) are questions of
//! their own. The platform questions sit in one block, `Platform rating`, meant to loop over
//! the platforms ticked in the platforms question (Loop & Merge over its selected choices,
//! set after the import: the TXT format has no loop); the platforms' recodes are the loop
//! numbers of the definition (`loop_platforms`), so the export's `k_Qn_m` columns map back.
//! Answers are written in the form's language (English unless `--lang zh`), spellings the
//! scales read: download the responses with "Use choice text".

use super::{Answer, Bi, Choice, Lang, Question, Questionnaire};

/// The loop & merge field that names the platform in question texts.
const PIPED_PLATFORM: &str = "${lm://Field/1}";

/// Which language the form is written in: Chinese only for `--lang zh`.
fn pick(b: &Bi, lang: Lang) -> &str {
    if lang == Lang::Zh { &b.zh } else { &b.en }
}

/// `Q3_1` -> ("Q3", 1).
pub(crate) fn matrix_field(h: &str) -> Option<(&str, u32)> {
    let (stem, k) = h.rsplit_once('_')?;
    let plain = stem.strip_prefix('Q')?;
    if plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((stem, k.parse().ok()?))
}

/// The Qualtrics field name of an item: its first `Qn` / `Qn_k` header, else its id.
pub(crate) fn field(q: &Question) -> String {
    q.headers
        .iter()
        .find(|h| {
            matrix_field(h).is_some()
                || h.strip_prefix('Q')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
        .cloned()
        .unwrap_or_else(|| q.id.clone())
}

/// A question of the form: a matrix of items, or one item.
pub(crate) enum Unit<'a> {
    Matrix {
        id: String,
        rows: Vec<(u32, &'a Question)>,
    },
    Single(String, &'a Question),
}

/// The questions in definition order; the rows of a matrix sit where its first row is.
pub(crate) fn units(q: &Questionnaire) -> Vec<Unit<'_>> {
    let mut out: Vec<Unit<'_>> = Vec::new();
    for question in q.questions() {
        let f = field(question);
        match matrix_field(&f) {
            Some((stem, k)) if matches!(question.answer, Answer::Single { .. }) => {
                let same = out.iter_mut().find_map(|u| match u {
                    Unit::Matrix { id, rows } if id == stem => Some(rows),
                    _ => None,
                });
                match same {
                    Some(rows) => rows.push((k, question)),
                    None => out.push(Unit::Matrix {
                        id: stem.to_string(),
                        rows: vec![(k, question)],
                    }),
                }
            }
            _ => out.push(Unit::Single(f, question)),
        }
    }
    for u in &mut out {
        if let Unit::Matrix { rows, .. } = u {
            rows.sort_by_key(|(k, _)| *k);
        }
    }
    out
}

pub fn render(q: &Questionnaire, lang: Lang) -> String {
    let mut t = String::from("[[AdvancedFormat]]\n\n[[Block:Respondent]]\n\n");
    if let Some(g) = &q.guidance {
        t.push_str(&format!(
            "[[Question:Text]]\n[[ID:guidance]]\n{}\n\n",
            line(pick(g, lang))
        ));
    }
    let resp_id = free_id(q, "Q1", "QR");
    t.push_str(&format!(
        "[[Question:TE:SingleLine]]\n[[ID:{resp_id}]]\n{}\n\n",
        line(pick(&q.respondent.text, lang))
    ));
    t.push_str(&format!(
        "[[Question:MC:MultipleAnswer:Vertical]]\n[[ID:{}]]\n{}\n[[AdvancedChoices]]\n",
        platforms_id(q),
        line(pick(&q.platforms_question.text, lang))
    ));
    for &(k, p) in &q.loop_numbers {
        if let Some(p) = q.platforms.get(p) {
            t.push_str(&format!("[[Choice:{k}]]\n{}\n", line(pick(&p.name, lang))));
        }
    }
    t.push_str("\n[[Block:Platform rating]]\n\n");
    for u in units(q) {
        match u {
            Unit::Matrix { id, rows } => {
                let first = rows.first().map(|(_, x)| *x);
                let Some(first) = first else { continue };
                t.push_str(&format!(
                    "[[Question:Matrix:SingleAnswer]]\n[[ID:{id}]]\n{}\n[[AdvancedChoices]]\n",
                    line(&stem(q, first, lang))
                ));
                for (k, x) in &rows {
                    t.push_str(&format!("[[Choice:{k}]]\n{}\n", line(pick(&x.text, lang))));
                }
                t.push_str("[[Answers]]\n");
                for c in first.answer.all_choices() {
                    t.push_str(&format!("{}\n", line(pick(&c.label, lang))));
                }
                t.push('\n');
            }
            Unit::Single(id, x) => {
                let text = format!("{PIPED_PLATFORM}: {}", pick(&x.text, lang));
                let (tag, choices): (&str, Vec<&Choice>) = match &x.answer {
                    Answer::Single { .. } => ("MC:SingleAnswer:Vertical", x.answer.all_choices()),
                    Answer::Multi { .. } => ("MC:MultipleAnswer:Vertical", x.answer.all_choices()),
                    Answer::Number { .. } => ("TE:SingleLine", Vec::new()),
                    Answer::Text => ("TE:Essay", Vec::new()),
                };
                t.push_str(&format!(
                    "[[Question:{tag}]]\n[[ID:{id}]]\n{}\n",
                    line(&text)
                ));
                if !choices.is_empty() {
                    t.push_str("[[Choices]]\n");
                    for c in choices {
                        t.push_str(&format!("{}\n", line(pick(&c.label, lang))));
                    }
                }
                t.push('\n');
            }
        }
    }
    t
}

/// The field name of the platforms question (Loop & Merge runs over its selected choices).
/// `Q2` unless an item's field uses it (the numbers of 问卷星 and Qualtrics differ).
pub(crate) fn platforms_id(q: &Questionnaire) -> String {
    free_id(q, "Q2", "QP")
}

/// `wanted` unless an item's field (or matrix) is named so, else `fallback`.
fn free_id(q: &Questionnaire, wanted: &str, fallback: &str) -> String {
    let taken = q.questions().any(|x| {
        let f = field(x);
        f == wanted || matrix_field(&f).is_some_and(|(stem, _)| stem == wanted)
    });
    if taken { fallback } else { wanted }.to_string()
}

/// A matrix's question text: its dimension's name and the piped platform.
fn stem(q: &Questionnaire, first: &Question, lang: Lang) -> String {
    let section = q
        .sections
        .iter()
        .find(|s| s.questions.iter().any(|x| x.id == first.id));
    let name = section
        .map(|s| pick(&s.name, lang).to_string())
        .unwrap_or_default();
    if lang == Lang::Zh {
        format!("{PIPED_PLATFORM}：{name}")
    } else {
        format!("{PIPED_PLATFORM}: {name}")
    }
}

/// One line of the TXT format: a line break would start a new element.
fn line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
