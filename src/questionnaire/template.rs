//! The XLSX response template for members who answer offline: a long (tidy) sheet
//! `responses` with one row per respondent x platform and one column per item (the item ids,
//! which the `tidy` preset reads with no edits), data validation lists holding exactly the
//! scale's labels and its not-applicable options, a `questions` sheet with the wording and
//! guidance of every column, and the lists themselves on a hidden `lists` sheet.

use super::{Answer, Bi, Lang, Questionnaire, QuestionnaireError};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, Formula, Workbook, Worksheet,
};

/// The sheet the answers go in (the first: the one a reader opens).
pub const RESPONSES: &str = "responses";
/// The respondent and platform columns the `tidy` preset looks for.
pub const RESPONDENT: &str = "respondent_id";
pub const PLATFORM: &str = "platform";
/// When the row was filled in: deduplication keeps a respondent's latest answer.
pub const SUBMITTED_AT: &str = "submitted_at";
/// Rows (below the header) that carry the validation lists.
const ROWS: u32 = 2000;

/// A column of the response sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub text: Bi,
    /// The values a list allows (None: a number, free text or a multi-select).
    pub list: Option<Vec<String>>,
    /// What the input message says about the expected answer.
    pub note: Bi,
}

/// The label of a choice in the template's language (Chinese for both).
fn pick(b: &Bi, lang: Lang) -> String {
    match lang {
        Lang::En => b.en.clone(),
        _ => b.zh.clone(),
    }
}

/// The columns of the response sheet, in order.
pub fn columns(q: &Questionnaire, lang: Lang) -> Vec<Column> {
    let mut out = vec![
        Column {
            name: RESPONDENT.into(),
            text: q.respondent.text.clone(),
            list: None,
            note: Bi::new(
                "每个企业每次填写相同的名称",
                "the same name on every row of one company",
            ),
        },
        Column {
            name: PLATFORM.into(),
            text: Bi::new("评价的平台", "Platform rated"),
            list: Some(q.platforms.iter().map(|p| pick(&p.name, lang)).collect()),
            note: Bi::new("每个平台一行", "one row per platform"),
        },
        Column {
            name: SUBMITTED_AT.into(),
            text: Bi::new("填写日期", "Date filled in"),
            list: None,
            note: Bi::new("如 2025-03-14 10:00", "e.g. 2025-03-14 10:00"),
        },
    ];
    for question in q.questions() {
        let (list, note) = match &question.answer {
            Answer::Single { options, na, .. } => (
                Some(
                    options
                        .iter()
                        .chain(na)
                        .map(|c| pick(&c.label, lang))
                        .collect(),
                ),
                Bi::new("从列表中选择", "pick from the list"),
            ),
            Answer::Multi { options, .. } => {
                let codes: Vec<&str> = options.iter().filter_map(|c| c.name.as_deref()).collect();
                let joined = codes.join(";");
                (
                    None,
                    Bi::new(
                        format!("可多选，用 ; 分隔：{joined}"),
                        format!("any of, separated by ;: {joined}"),
                    ),
                )
            }
            Answer::Number {
                min, max, unit, na, ..
            } => {
                let unit = unit.as_ref().map(|u| pick(u, lang)).unwrap_or_default();
                let range = match (min, max) {
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    (Some(a), None) => format!("≥ {a}"),
                    (None, Some(b)) => format!("≤ {b}"),
                    (None, None) => String::new(),
                };
                let na = na.first().map(|c| pick(&c.label, lang)).unwrap_or_default();
                (
                    None,
                    Bi::new(
                        format!("填写数字 {range} {unit}；不适用填 {na}"),
                        format!("a number {range} {unit}; {na} when not applicable"),
                    ),
                )
            }
            Answer::Text => (None, Bi::new("文字，选填", "text, optional")),
        };
        out.push(Column {
            name: question.id.clone(),
            text: question.text.clone(),
            list,
            note,
        });
    }
    out
}

/// The template; `rows` fills the response sheet (the round-trip tests fill it this way, an
/// empty slice gives the blank template).
pub fn workbook(
    q: &Questionnaire,
    lang: Lang,
    rows: &[Vec<String>],
) -> Result<Vec<u8>, QuestionnaireError> {
    let cols = columns(q, lang);
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(q.title.show(lang))
            .set_creation_datetime(&created),
    );
    let bold = Format::new().set_bold();
    let mut responses = Worksheet::new();
    responses.set_name(RESPONSES)?;
    let mut lists = Worksheet::new();
    lists.set_name("lists")?;
    lists.set_hidden(true);
    let mut list_col: u16 = 0;
    for (c, col) in cols.iter().enumerate() {
        let c = c as u16;
        responses.write_string_with_format(0, c, &col.name, &bold)?;
        responses.set_column_width(c, 16)?;
        let title: String = col.name.chars().take(32).collect();
        let message: String = format!("{}\n{}", col.text.show(lang), col.note.show(lang))
            .chars()
            .take(255)
            .collect();
        let base = match &col.list {
            Some(values) => {
                lists.write_string_with_format(0, list_col, &col.name, &bold)?;
                for (r, v) in values.iter().enumerate() {
                    lists.write_string(r as u32 + 1, list_col, v)?;
                }
                let letter = rust_xlsxwriter::utility::column_number_to_name(list_col);
                let range = format!("=lists!${letter}$2:${letter}${}", values.len() + 1);
                list_col += 1;
                DataValidation::new().allow_list_formula(Formula::new(range))
            }
            None => match question_bounds(q, &col.name) {
                Some((min, max)) => DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(min, max))
                    // A warning, not a stop: the not-applicable word is typed in the cell too.
                    .set_error_style(DataValidationErrorStyle::Warning),
                None => DataValidation::new().allow_any_value(),
            },
        };
        let v = base.set_input_title(title)?.set_input_message(message)?;
        responses.add_data_validation(1, c, ROWS, c, &v)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                // Strings, never formulas: a typed "=..." stays text.
                responses.write_string(r as u32 + 1, c as u16, v)?;
            }
        }
    }
    responses.set_freeze_panes(1, 2)?;
    wb.push_worksheet(responses);
    wb.push_worksheet(questions_sheet(&cols, lang, &bold)?);
    wb.push_worksheet(lists);
    Ok(wb.save_to_buffer()?)
}

/// The numeric bounds of an item's column (numbers only).
fn question_bounds(q: &Questionnaire, id: &str) -> Option<(f64, f64)> {
    q.questions()
        .find(|x| x.id == id)
        .and_then(|x| match x.answer {
            Answer::Number { min, max, .. } => Some((min.unwrap_or(-1e15), max.unwrap_or(1e15))),
            _ => None,
        })
}

fn questions_sheet(
    cols: &[Column],
    lang: Lang,
    bold: &Format,
) -> Result<Worksheet, QuestionnaireError> {
    let mut ws = Worksheet::new();
    ws.set_name("questions")?;
    for (c, h) in ["column", "问题", "question", "how to answer"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *h, bold)?;
    }
    for (r, col) in cols.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string(r, 0, &col.name)?;
        ws.write_string(r, 1, &col.text.zh)?;
        ws.write_string(r, 2, &col.text.en)?;
        ws.write_string(r, 3, col.note.show(lang))?;
    }
    ws.set_column_width(1, 50)?;
    ws.set_column_width(2, 50)?;
    ws.set_column_width(3, 40)?;
    Ok(ws)
}
