//! The printable form: one self-contained HTML page (no script, no external resource), in
//! Chinese, English or both, with the guidance of the index, its dimensions and its items.
//! Filled in once per platform rated. Everything taken from the definition is escaped.

use super::{Answer, Bi, Lang, Questionnaire};
use crate::output::html::escape;

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','PingFang SC',sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45}\
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;border-bottom:2px solid #333;margin-top:1.8rem}\
.guidance{background:#f3f6fa;border-left:4px solid #2b6cb0;padding:.5rem .8rem;margin:.6rem 0;white-space:pre-line}\
.q{margin:.9rem 0;break-inside:avoid}.q .n{font-weight:600;margin-right:.3rem}.en{color:#444}\
.opts{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:.3rem 0 0 1.4rem}.box{display:inline-block;width:.9em;height:.9em;border:1px solid #222;margin-right:.3rem;vertical-align:-.1em}\
.line{display:inline-block;min-width:16rem;border-bottom:1px solid #222;height:1.2em}.area{border:1px solid #999;height:4rem;margin:.3rem 0 0 1.4rem}\
.aux{color:#555;font-size:.9rem}@media print{body{margin:0}h2{break-after:avoid}}";

/// The form as an HTML page.
pub fn render(q: &Questionnaire, lang: Lang) -> String {
    let mut h = String::new();
    let html_lang = if lang == Lang::En { "en" } else { "zh" };
    h.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        escape(&q.title.show(lang))
    ));
    h.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"aux\">{}{}</p>\n",
        text(&q.title, lang),
        escape(&label(lang, "问卷", "Questionnaire")),
        if q.edition.is_empty() {
            String::new()
        } else {
            format!(" · {}", escape(&q.edition))
        }
    ));
    if let Some(g) = &q.guidance {
        h.push_str(&format!(
            "<div class=\"guidance\">{}</div>\n",
            text(g, lang)
        ));
    }
    h.push_str(&format!(
        "<p class=\"aux\">{}</p>\n",
        escape(&label(
            lang,
            "每个评价的平台填写一份；不了解的问题请选择“不适用”。",
            "Fill in one copy per platform rated; choose \"N/A\" where you cannot judge.",
        ))
    ));
    h.push_str(&format!(
        "<div class=\"q\"><span class=\"n\">{}</span>{}<br><span class=\"line\"></span></div>\n",
        escape(&number_of(q.respondent.number, "R")),
        text(&q.respondent.text, lang)
    ));
    h.push_str(&format!(
        "<div class=\"q\"><span class=\"n\">P</span>{}<div class=\"opts\">",
        escape(&label(
            lang,
            "本份评价的平台（选一个）",
            "Platform rated in this copy (pick one)"
        ))
    ));
    for p in &q.platforms {
        h.push_str(&format!(
            "<span><span class=\"box\"></span>{}</span>",
            text(&p.name, lang)
        ));
    }
    h.push_str("</div></div>\n");
    let mut n = 0;
    for s in &q.sections {
        h.push_str(&format!("<h2>{}</h2>\n", text(&s.name, lang)));
        if !s.in_index {
            h.push_str(&format!(
                "<p class=\"aux\">{}</p>\n",
                escape(&label(lang, "（不计入指数）", "(not part of the index)"))
            ));
        }
        if let Some(g) = &s.guidance {
            h.push_str(&format!(
                "<div class=\"guidance\">{}</div>\n",
                text(g, lang)
            ));
        }
        for question in &s.questions {
            n += 1;
            h.push_str(&format!(
                "<div class=\"q\" id=\"{}\"><span class=\"n\">{n}.</span>{}",
                escape(&question.id),
                text(&question.text, lang)
            ));
            if let Some(g) = &question.guidance {
                h.push_str(&format!("<div class=\"guidance\">{}</div>", text(g, lang)));
            }
            h.push_str(&answer(&question.answer, lang));
            h.push_str("</div>\n");
        }
    }
    h.push_str("</body>\n</html>\n");
    h
}

fn answer(a: &Answer, lang: Lang) -> String {
    let boxes = |choices: Vec<&super::Choice>| -> String {
        let mut s = String::from("<div class=\"opts\">");
        for c in choices {
            s.push_str(&format!(
                "<span><span class=\"box\"></span>{}</span>",
                text(&c.label, lang)
            ));
        }
        s.push_str("</div>");
        s
    };
    match a {
        Answer::Single { .. } => boxes(a.all_choices()),
        Answer::Multi { .. } => format!(
            "<div class=\"aux\" style=\"margin-left:1.4rem\">{}</div>{}",
            escape(&label(lang, "（可多选）", "(select all that apply)")),
            boxes(a.all_choices())
        ),
        Answer::Number { unit, na, .. } => {
            let unit = unit.as_ref().map(|u| text(u, lang)).unwrap_or_default();
            format!(
                "<div class=\"opts\"><span><span class=\"line\" style=\"min-width:6rem\"></span> {unit}</span>{}</div>",
                na.iter()
                    .map(|c| format!(
                        "<span><span class=\"box\"></span>{}</span>",
                        text(&c.label, lang)
                    ))
                    .collect::<String>()
            )
        }
        Answer::Text => "<div class=\"area\"></div>".into(),
    }
}

/// Escaped text in the chosen language(s); the English half of a bilingual text is muted.
fn text(b: &Bi, lang: Lang) -> String {
    match lang {
        Lang::Both if b.zh != b.en => format!(
            "{} <span class=\"en\">/ {}</span>",
            escape(&b.zh),
            escape(&b.en)
        ),
        _ => escape(&b.show(lang)),
    }
}

pub(super) fn label(lang: Lang, zh: &str, en: &str) -> String {
    Bi::new(zh, en).show(lang)
}

fn number_of(n: Option<u32>, fallback: &str) -> String {
    n.map_or_else(|| fallback.to_string(), |n| n.to_string())
}
