//! `inspect`: what the tool makes of one survey export under a definition, before scoring —
//! the preset and layout detected, the respondents and platforms found, which column holds
//! which (item, platform), and every distinct answer per item with its count, marking the
//! answers that no scale covers (they would be `invalid` when scoring).

use crate::classify::{CellClass, classify};
use crate::definition::{Layout, Model, ScaleKind, SourceKind};
use crate::diagnostics::{Diagnostic, column_letters};
use crate::ingest::{self, IngestError, RawValue, SurveyData};
use crate::text::trim;
use indexmap::IndexMap;
use serde::Serialize;
use std::path::Path;

/// The picture of one export.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The preset read with (the detected one when the source says "auto").
    pub preset: String,
    pub layout: &'static str,
    pub header_rows: usize,
    /// Data rows read (submissions), dropped ones included.
    pub submissions: usize,
    /// Rows the preset drops (previews, unfinished responses ...): (row, reason, detail).
    pub dropped: Vec<DroppedRow>,
    pub respondents: Vec<RespondentSummary>,
    /// Every platform of the definition with the number of submissions that rated it.
    pub platforms: Vec<PlatformSummary>,
    pub columns: Vec<ColumnMapping>,
    pub items: Vec<ItemAnswers>,
    /// Findings of reading the file (unknown platform labels, unknown respondents ...).
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DroppedRow {
    pub row: usize,
    pub reason: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RespondentSummary {
    /// As typed in the first submission.
    pub respondent: String,
    /// The roster member, when the definition has a roster that knows the respondent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// File rows of the respondent's submissions.
    pub rows: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlatformSummary {
    pub id: String,
    pub name: String,
    pub submissions: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// Holds one item for one platform (for every platform in long layouts).
    Answer,
    Respondent,
    /// Names the platform of each row (long layouts).
    Platform,
    /// Holds the submission time read for duplicates.
    SubmittedAt,
    /// Holds the completion time read for speeders.
    Duration,
    Unmapped,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnMapping {
    /// Spreadsheet letters ("A", "ED").
    pub column: String,
    pub header: String,
    pub role: ColumnRole,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The platform of the column (wide layouts); None in long layouts, where a row names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemAnswers {
    pub item: String,
    pub scale: String,
    /// Cells read for the item.
    pub cells: usize,
    /// Distinct answers, most frequent first. Free text is counted, not listed.
    pub answers: Vec<AnswerCount>,
    /// Cells whose answer no scale covers.
    pub not_covered: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnswerCount {
    pub answer: String,
    pub count: usize,
    /// score | na | no_answer | skipped | text | invalid
    pub class: &'static str,
    /// False when the scale does not cover the answer (class "invalid").
    pub covered: bool,
}

/// Shown for free-text answers, which are counted but not listed.
pub const FREE_TEXT: &str = "(free text)";

/// Inspect a survey export with the definition's survey source (`survey`, else the first).
pub fn inspect(model: &Model, path: &Path) -> Result<Inspection, InspectError> {
    let source = model
        .source_ix("survey")
        .filter(|&s| model.sources[s].kind == SourceKind::Survey)
        .or_else(|| {
            model
                .sources
                .iter()
                .position(|s| s.kind == SourceKind::Survey)
        })
        .ok_or(InspectError::NoSurveySource)?;
    let mut data = ingest::read_survey(model, source, path)?;
    let mut diagnostics = data.diagnostics.clone();
    if let Some(roster) = &model.roster {
        diagnostics.extend(crate::identity::apply(roster, &mut data));
    }
    Ok(Inspection {
        file: data.file.clone(),
        sheet: data.sheet.clone(),
        preset: data.preset.map_or("auto", |p| p.name()).to_string(),
        layout: match layout(model, &data) {
            Layout::Wide => "wide",
            Layout::Long => "long",
        },
        header_rows: data.header_rows,
        submissions: data.submissions.len(),
        dropped: data
            .dropped
            .iter()
            .map(|d| DroppedRow {
                row: data.submissions[d.submission].row,
                reason: d.reason.clone(),
                detail: d.detail.clone(),
            })
            .collect(),
        respondents: respondents(model, &data),
        platforms: platforms(model, &data),
        columns: columns(model, &data, &metadata_columns(model, &data, path)),
        items: items(model, source, &data),
        diagnostics,
    })
}

#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error("the definition has no survey source to read the file with")]
    NoSurveySource,
}

impl InspectError {
    pub fn hint(&self) -> Option<String> {
        match self {
            InspectError::Ingest(e) => e.hint().map(str::to_string),
            InspectError::NoSurveySource => {
                Some("add a [[sources]] block with kind = \"survey\" to the definition".into())
            }
        }
    }
}

fn layout(model: &Model, data: &SurveyData) -> Layout {
    data.layout
        .or(model.sources[data.source].layout)
        .or(data.preset.and_then(|p| p.layout()))
        .unwrap_or(if data.submissions.iter().any(|s| s.platform.is_some()) {
            Layout::Long
        } else {
            Layout::Wide
        })
}

fn respondents(model: &Model, data: &SurveyData) -> Vec<RespondentSummary> {
    let mut by_key: IndexMap<&str, RespondentSummary> = IndexMap::new();
    for sub in &data.submissions {
        let member = model
            .roster
            .as_ref()
            .and_then(|r| r.member(&sub.respondent_key))
            .map(|m| m.id.clone());
        by_key
            .entry(sub.respondent_key.as_str())
            .or_insert_with(|| RespondentSummary {
                respondent: sub.respondent.clone(),
                member,
                rows: Vec::new(),
            })
            .rows
            .push(sub.row);
    }
    by_key.into_values().collect()
}

fn platforms(model: &Model, data: &SurveyData) -> Vec<PlatformSummary> {
    let mut rated = vec![std::collections::BTreeSet::new(); model.platforms.len()];
    for cell in &data.cells {
        if !matches!(cell.value, RawValue::Skipped) {
            rated[cell.platform].insert(cell.submission);
        }
    }
    for (s, sub) in data.submissions.iter().enumerate() {
        if let Some(p) = sub.platform {
            rated[p].insert(s);
        }
    }
    model
        .platforms
        .iter()
        .zip(rated)
        .map(|(p, subs)| PlatformSummary {
            id: p.id.clone(),
            name: p.name.clone(),
            submissions: subs.len(),
        })
        .collect()
}

/// The columns that hold each submission's platform, time and duration, found by comparing
/// the file's cells with what the preset read from them (presets name these columns in many
/// ways). A file that cannot be read again as a plain table gets none.
fn metadata_columns(model: &Model, data: &SurveyData, path: &Path) -> Vec<(usize, ColumnRole)> {
    let Ok(table) = ingest::read_table(path, data.sheet.as_deref()) else {
        return Vec::new();
    };
    let rows: std::collections::HashMap<usize, &Vec<RawValue>> =
        table.rows.iter().map(|(r, cells)| (*r, cells)).collect();
    let mut out = Vec::new();
    for c in 0..table.headers.len() {
        let cell = |row: usize| {
            rows.get(&row)
                .and_then(|cells| cells.get(c))
                .map(|v| trim(&v.display()).to_string())
        };
        let share = |hits: usize, of: usize| of > 0 && hits * 10 >= of * 9;
        let mut test = |role: ColumnRole,
                        wanted: &dyn Fn(&ingest::Submission) -> Option<String>,
                        same: &dyn Fn(&str, &str) -> bool| {
            let subs: Vec<(&ingest::Submission, String)> = data
                .submissions
                .iter()
                .filter_map(|s| wanted(s).map(|w| (s, w)))
                .collect();
            let hits = subs
                .iter()
                .filter(|(s, w)| cell(s.row).is_some_and(|v| same(&v, w)))
                .count();
            if share(hits, subs.len()) {
                out.push((c, role));
            }
        };
        test(
            ColumnRole::Platform,
            &|s| s.platform.map(|p| p.to_string()),
            &|v, w| model.platform_by_label(v).map(|p| p.to_string()).as_deref() == Some(w),
        );
        test(
            ColumnRole::SubmittedAt,
            &|s| s.submitted_at_raw.clone(),
            &|v, w| v == w,
        );
        test(
            ColumnRole::Duration,
            &|s| s.duration_raw.clone(),
            &|v, w| v == w,
        );
    }
    out
}

fn columns(model: &Model, data: &SurveyData, meta: &[(usize, ColumnRole)]) -> Vec<ColumnMapping> {
    let long = layout(model, data) == Layout::Long;
    let mut mapped: Vec<Option<(usize, usize)>> = vec![None; data.headers.len()];
    for cell in &data.cells {
        if let Some(slot) = mapped.get_mut(cell.col)
            && slot.is_none()
        {
            *slot = Some((cell.item, cell.platform));
        }
    }
    let respondent_col = data.submissions.first().map(|s| s.respondent_col);
    data.headers
        .iter()
        .enumerate()
        .map(|(c, header)| {
            let (role, item, platform) = match mapped[c] {
                Some((i, p)) => (
                    ColumnRole::Answer,
                    Some(model.items[i].id.clone()),
                    (!long).then(|| model.platforms[p].id.clone()),
                ),
                None if respondent_col == Some(c) => (ColumnRole::Respondent, None, None),
                None => match meta.iter().find(|(mc, _)| *mc == c) {
                    Some(&(_, role)) => (role, None, None),
                    None => (ColumnRole::Unmapped, None, None),
                },
            };
            ColumnMapping {
                column: column_letters(c),
                header: header.clone(),
                role,
                item,
                platform,
            }
        })
        .collect()
}

fn items(model: &Model, source: usize, data: &SurveyData) -> Vec<ItemAnswers> {
    let mut per_item: IndexMap<usize, Vec<&RawValue>> = model
        .items_of_source(source)
        .map(|(ix, _)| (ix, Vec::new()))
        .collect();
    for cell in &data.cells {
        per_item.entry(cell.item).or_default().push(&cell.value);
    }
    per_item
        .into_iter()
        .map(|(ix, values)| item_answers(model, ix, &values))
        .collect()
}

fn item_answers(model: &Model, ix: usize, values: &[&RawValue]) -> ItemAnswers {
    let item = &model.items[ix];
    let scale = &model.scales[item.scale];
    let mut counts: IndexMap<String, (usize, &'static str)> = IndexMap::new();
    for v in values {
        for (answer, class) in answers_of(scale, v) {
            counts.entry(answer).or_insert((0, class)).0 += 1;
        }
    }
    let mut answers: Vec<AnswerCount> = counts
        .into_iter()
        .map(|(answer, (count, class))| AnswerCount {
            answer,
            count,
            class,
            covered: class != "invalid",
        })
        .collect();
    answers.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.answer.cmp(&b.answer)));
    let not_covered = values
        .iter()
        .filter(|v| class_name(&classify(scale, false, v)) == "invalid")
        .count();
    ItemAnswers {
        item: item.id.clone(),
        scale: scale.id.clone(),
        cells: values.len(),
        answers,
        not_covered,
    }
}

/// The answers a cell holds, as shown, each with its class on the scale. A multi-select
/// cell holds one answer per chosen option; free text is one "(free text)" answer.
fn answers_of(scale: &crate::definition::Scale, v: &RawValue) -> Vec<(String, &'static str)> {
    let class = class_name(&classify(scale, false, v));
    match v {
        RawValue::Blank => vec![("(blank)".into(), class)],
        RawValue::Choices { chosen, .. } if matches!(scale.kind, ScaleKind::Multi(_)) => chosen
            .iter()
            .map(|c| {
                let one = RawValue::Text(c.clone());
                (
                    trim(c).to_string(),
                    class_name(&classify(scale, false, &one)),
                )
            })
            .collect(),
        RawValue::Date(d) => vec![(format!("{d} (date cell)"), class)],
        _ if class == "text" => vec![(FREE_TEXT.into(), class)],
        other => vec![(trim(&other.display()).to_string(), class)],
    }
}

fn class_name(c: &CellClass) -> &'static str {
    match c {
        CellClass::Score(_) | CellClass::Number(_) => "score",
        CellClass::Text(_) => "text",
        CellClass::Na => "na",
        CellClass::NoAnswer => "no_answer",
        CellClass::Skipped => "skipped",
        CellClass::Invalid(_) => "invalid",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::load_default;

    fn model() -> Model {
        load_default().expect("default definition").0
    }

    fn scale<'a>(m: &'a Model, item: &str) -> &'a crate::definition::Scale {
        let it = m.items.iter().find(|i| i.id == item).unwrap();
        &m.scales[it.scale]
    }

    #[test]
    fn answers_are_counted_with_their_class() {
        let m = model();
        let text = |s: &str| RawValue::Text(s.into());
        let values = [
            text("非常同意"),
            text("非常同意 "),
            text("7"),
            text("不适用"),
            RawValue::Skipped,
        ];
        let refs: Vec<&RawValue> = values.iter().collect();
        let ix = m.items.iter().position(|i| i.id == "rules_clear").unwrap();
        let a = item_answers(&m, ix, &refs);
        assert_eq!(a.not_covered, 1);
        assert_eq!(
            a.answers[0],
            AnswerCount {
                answer: "非常同意".into(),
                count: 2,
                class: "score",
                covered: true
            }
        );
        assert!(a.answers.contains(&AnswerCount {
            answer: "7".into(),
            count: 1,
            class: "invalid",
            covered: false
        }));
        assert!(
            a.answers
                .iter()
                .any(|x| x.class == "na" && x.answer == "不适用")
        );
        assert!(a.answers.iter().any(|x| x.class == "skipped"));
    }

    #[test]
    fn multi_select_answers_count_per_option_and_text_is_not_listed() {
        let m = model();
        let cell = RawValue::Choices {
            chosen: vec!["电子邮件".into(), "飞鸽传书".into()],
            other_text: None,
        };
        let got = answers_of(scale(&m, "complaint_channels"), &cell);
        assert_eq!(
            got,
            vec![("电子邮件".into(), "score"), ("飞鸽传书".into(), "invalid")]
        );
        let got = answers_of(scale(&m, "best_practice"), &RawValue::Text("很好".into()));
        assert_eq!(got, vec![(FREE_TEXT.into(), "text")]);
        let got = answers_of(
            scale(&m, "takedown_days"),
            &RawValue::Date("2025-03-05".into()),
        );
        assert_eq!(got, vec![("2025-03-05 (date cell)".into(), "invalid")]);
    }
}
