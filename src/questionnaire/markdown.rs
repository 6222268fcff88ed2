//! The form as Markdown (for a wiki, an e-mail or a pull request), with the guidance of the
//! definition. Text from the definition is escaped so that it renders as written.

use super::html::label;
use super::{Answer, Bi, Lang, Questionnaire};
// The table cells' escaping: a definition's text renders as written.
use crate::output::escape_markdown as esc;

pub fn render(q: &Questionnaire, lang: Lang) -> String {
    let mut m = format!("# {}\n\n", esc(&q.title.show(lang)));
    if !q.edition.is_empty() {
        m.push_str(&format!(
            "{} {}\n\n",
            label(lang, "版本", "Edition"),
            esc(&q.edition)
        ));
    }
    if let Some(g) = &q.guidance {
        m.push_str(&quote(g, lang));
    }
    m.push_str(&format!(
        "{}\n\n",
        esc(&label(
            lang,
            "每个评价的平台填写一份；不了解的问题请选择“不适用”。",
            "Fill in one copy per platform rated; choose \"N/A\" where you cannot judge.",
        ))
    ));
    m.push_str(&format!(
        "**{}**: ______\n\n",
        esc(&q.respondent.text.show(lang))
    ));
    m.push_str(&format!(
        "**{}**:\n\n",
        esc(&label(
            lang,
            "本份评价的平台（选一个）",
            "Platform rated in this copy (pick one)"
        ))
    ));
    for p in &q.platforms {
        m.push_str(&format!("- [ ] {}\n", esc(&p.name.show(lang))));
    }
    let mut n = 0;
    for s in &q.sections {
        m.push_str(&format!("\n## {}\n\n", esc(&s.name.show(lang))));
        if !s.in_index {
            m.push_str(&format!(
                "*{}*\n\n",
                esc(&label(lang, "（不计入指数）", "(not part of the index)"))
            ));
        }
        if let Some(g) = &s.guidance {
            m.push_str(&quote(g, lang));
        }
        for question in &s.questions {
            n += 1;
            m.push_str(&format!("**{n}. {}**\n\n", esc(&question.text.show(lang))));
            if let Some(g) = &question.guidance {
                m.push_str(&quote(g, lang));
            }
            match &question.answer {
                Answer::Single { .. } | Answer::Multi { .. } => {
                    if matches!(question.answer, Answer::Multi { .. }) {
                        m.push_str(&format!(
                            "*{}*\n\n",
                            esc(&label(lang, "可多选", "select all that apply"))
                        ));
                    }
                    for c in question.answer.all_choices() {
                        m.push_str(&format!("- [ ] {}\n", esc(&c.label.show(lang))));
                    }
                }
                Answer::Number { unit, na, .. } => {
                    let unit = unit
                        .as_ref()
                        .map(|u| esc(&u.show(lang)))
                        .unwrap_or_default();
                    m.push_str(&format!("______ {unit}\n"));
                    for c in na {
                        m.push_str(&format!("- [ ] {}\n", esc(&c.label.show(lang))));
                    }
                }
                Answer::Text => m.push_str("______\n"),
            }
            m.push('\n');
        }
    }
    m
}

fn quote(g: &Bi, lang: Lang) -> String {
    let mut out = String::new();
    for line in g.show(lang).lines() {
        out.push_str(&format!("> {}\n", esc(line)));
    }
    out.push('\n');
    out
}
