//! The questionnaire as an XLSForm (the open form standard that KoboToolbox, ODK and
//! SurveyCTO import): `survey`, `choices` and `settings` sheets, bilingual labels
//! (`label::中文 (zh)`, `label::English (en)`), one repeat group with one row per platform
//! rated and one group per dimension inside it.
//!
//! Field names are the item ids and choice names are spellings the scales read back, so a
//! Kobo download (main sheet with `company`, `start`, `end`; repeat sheet `platform_rating`
//! with `_parent_index`, the platform and `platform_rating/<dimension>/<item>` columns) maps
//! to the items with the `kobo` preset and no edits.

use super::{Answer, Choice, Questionnaire, QuestionnaireError};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// The repeat group: one row per platform rated (the Kobo repeat sheet's name).
pub const REPEAT: &str = "platform_rating";
/// The field naming the platform of a repeat row.
pub const PLATFORM_FIELD: &str = "platform";
/// The choice list of the platforms.
pub const PLATFORM_LIST: &str = "rated_platforms";
const ZH: &str = "中文 (zh)";
const EN: &str = "English (en)";

/// A sheet as rows of cells.
type Rows = Vec<Vec<String>>;

/// The three sheets, as rows (the header row first).
pub struct Sheets {
    pub survey: Rows,
    pub choices: Rows,
    pub settings: Rows,
}

pub fn sheets(q: &Questionnaire) -> Result<Sheets, QuestionnaireError> {
    let mut names = std::collections::HashSet::new();
    let mut survey: Rows = vec![row(&[
        "type",
        "name",
        &format!("label::{ZH}"),
        &format!("label::{EN}"),
        &format!("hint::{ZH}"),
        &format!("hint::{EN}"),
        "required",
        "relevant",
        "constraint",
    ])];
    let mut push = |cells: [&str; 9]| -> Result<(), QuestionnaireError> {
        let name = cells[1];
        if !name.is_empty() && !cells[0].starts_with("end") && !names.insert(name.to_string()) {
            return Err(unsupported(
                format!(
                    "two fields of the XLSForm would be named {name:?} (an item and a dimension, or two dimensions)"
                ),
                "give the item or dimension another id",
            ));
        }
        survey.push(cells.iter().map(|s| s.to_string()).collect());
        Ok(())
    };
    push(["start", "start", "", "", "", "", "", "", ""])?;
    push(["end", "end", "", "", "", "", "", "", ""])?;
    if let Some(g) = &q.guidance {
        push(["note", "guidance", &g.zh, &g.en, "", "", "", "", ""])?;
    }
    let r = &q.respondent;
    push([
        "text", &r.name, &r.text.zh, &r.text.en, "", "", "yes", "", "",
    ])?;
    push([
        "begin_repeat",
        REPEAT,
        "平台评价（每个评价的平台一次）",
        "Platform rating (once per platform you rate)",
        "",
        "",
        "",
        "",
        "",
    ])?;
    push([
        &format!("select_one {PLATFORM_LIST}"),
        PLATFORM_FIELD,
        "评价的平台",
        "Platform rated",
        "",
        "",
        "yes",
        "",
        "",
    ])?;
    for s in &q.sections {
        field_name(&s.id, "dimension")?;
        push([
            "begin_group",
            &s.id,
            &s.name.zh,
            &s.name.en,
            "",
            "",
            "",
            "",
            "",
        ])?;
        if let Some(g) = &s.guidance {
            let note = format!("{}_guidance", s.id);
            push(["note", &note, &g.zh, &g.en, "", "", "", "", ""])?;
        }
        for question in &s.questions {
            field_name(&question.id, "item")?;
            let (hint_zh, hint_en) = question
                .guidance
                .as_ref()
                .map_or(("", ""), |g| (g.zh.as_str(), g.en.as_str()));
            let (zh, en) = (question.text.zh.as_str(), question.text.en.as_str());
            let id = question.id.as_str();
            match &question.answer {
                Answer::Single { scale, .. } => {
                    let t = format!("select_one {scale}");
                    push([&t, id, zh, en, hint_zh, hint_en, "", "", ""])?;
                }
                Answer::Multi {
                    scale,
                    options,
                    other,
                } => {
                    let t = format!("select_multiple {scale}");
                    push([&t, id, zh, en, hint_zh, hint_en, "", "", ""])?;
                    if let Some(name) = other
                        .and_then(|o| options.get(o))
                        .and_then(|c| c.name.as_deref())
                    {
                        let rel = format!("selected(${{{id}}}, '{name}')");
                        let other_name = format!("{id}_other");
                        push([
                            "text",
                            &other_name,
                            "请注明其他",
                            "Please specify other",
                            "",
                            "",
                            "",
                            &rel,
                            "",
                        ])?;
                    }
                }
                Answer::Number { min, max, .. } => {
                    let constraint = bounds(*min, *max);
                    push(["decimal", id, zh, en, hint_zh, hint_en, "", "", &constraint])?;
                }
                Answer::Text => push(["text", id, zh, en, hint_zh, hint_en, "", "", ""])?,
            }
        }
        push(["end_group", "", "", "", "", "", "", "", ""])?;
    }
    push(["end_repeat", "", "", "", "", "", "", "", ""])?;

    let mut choices: Rows = vec![row(&[
        "list_name",
        "name",
        &format!("label::{ZH}"),
        &format!("label::{EN}"),
    ])];
    for p in &q.platforms {
        field_name(&p.id, "platform")?;
        choices.push(row(&[PLATFORM_LIST, &p.id, &p.name.zh, &p.name.en]));
    }
    let mut listed = std::collections::HashSet::new();
    for question in q.questions() {
        let Some(scale) = question.answer.scale() else {
            continue;
        };
        if matches!(question.answer, Answer::Number { .. }) || !listed.insert(scale.to_string()) {
            continue;
        }
        if scale == PLATFORM_LIST {
            return Err(unsupported(
                format!("the scale {scale:?} has the name of the XLSForm's platform list"),
                "give the scale another id",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for c in question.answer.all_choices() {
            let name = choice_name(scale, c)?;
            if !seen.insert(name.to_string()) {
                return Err(unsupported(
                    format!("two options of scale {scale:?} would have the choice name {name:?}"),
                    "give each option an alias of its own without spaces",
                ));
            }
            choices.push(row(&[scale, name, &c.label.zh, &c.label.en]));
        }
    }
    let settings = vec![
        row(&["form_title", "form_id", "version", "default_language"]),
        row(&[
            &q.title.show(super::Lang::Both),
            &form_id(&q.id),
            &q.edition,
            ZH,
        ]),
    ];
    Ok(Sheets {
        survey,
        choices,
        settings,
    })
}

/// The XLSForm workbook (byte-identical for the same definition).
pub fn workbook(q: &Questionnaire) -> Result<Vec<u8>, QuestionnaireError> {
    let s = sheets(q)?;
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    for (name, rows) in [
        ("survey", &s.survey),
        ("choices", &s.choices),
        ("settings", &s.settings),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        for (r, cells) in rows.iter().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                if r == 0 {
                    ws.write_string_with_format(r as u32, c as u16, v, &bold)?;
                } else if !v.is_empty() {
                    ws.write_string(r as u32, c as u16, v)?;
                }
            }
        }
        ws.set_column_width(2, 40)?;
        ws.set_column_width(3, 40)?;
    }
    Ok(wb.save_to_buffer()?)
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

fn bounds(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!(". >= {a} and . <= {b}"),
        (Some(a), None) => format!(". >= {a}"),
        (None, Some(b)) => format!(". <= {b}"),
        (None, None) => String::new(),
    }
}

fn choice_name<'a>(scale: &str, c: &'a Choice) -> Result<&'a str, QuestionnaireError> {
    c.name.as_deref().ok_or_else(|| {
        unsupported(
            format!(
                "option {:?} of scale {scale:?} has no spelling without spaces for an XLSForm choice name",
                c.label.zh
            ),
            format!(
                "add an alias such as `\"1\" = \"{}\"` to [scales.{scale}.aliases] (or a spelling without spaces to its `na`)",
                c.label.zh
            ),
        )
    })
}

/// An XML name (what ODK accepts as a field name), in ASCII.
fn field_name(id: &str, what: &str) -> Result<(), QuestionnaireError> {
    let ok = id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(unsupported(
            format!("the {what} id {id:?} is not a valid XLSForm name"),
            "ids of items, dimensions and platforms must start with a letter and hold only letters, digits, _ - .",
        ))
    }
}

fn form_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s
    } else {
        format!("form_{s}")
    }
}

fn unsupported(message: String, hint: impl Into<String>) -> QuestionnaireError {
    QuestionnaireError::Unsupported {
        message,
        hint: hint.into(),
    }
}
