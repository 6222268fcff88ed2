//! `inspect`: what the tool makes of one survey export under a definition, before scoring —
//! the preset and layout detected, the respondents and platforms found, which column holds
//! which (item, platform), and every distinct answer per item with its count, marking the
//! answers that no scale covers (they would be `invalid` when scoring).

mod answers;
mod columns;
mod profile;
pub use profile::{ColumnProfile, Need, Profile, profile};

use crate::definition::{Layout, Model, SourceKind};
use crate::diagnostics::Diagnostic;
use crate::ingest::{self, IngestError, RawValue, SurveyData};
use indexmap::IndexMap;
use serde::Serialize;
use std::path::Path;

/// The picture of one export.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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
    /// What identifies a respondent (the column deduplication keys on), and on what evidence.
    pub respondent_basis: ingest::RespondentBasis,
    pub respondents: Vec<RespondentSummary>,
    /// Every platform of the definition with the number of submissions that rated it.
    pub platforms: Vec<PlatformSummary>,
    pub columns: Vec<ColumnMapping>,
    /// The columns whose values are redacted from free text in platform-facing outputs (the
    /// respondent column, company name, contact, e-mail, phone ...), and why each is: headers
    /// only, never their values.
    pub identifying_columns: Vec<ingest::IdentifyingColumn>,
    pub items: Vec<ItemAnswers>,
    /// Findings of reading the file (unknown platform labels, unknown respondents ...).
    pub diagnostics: Vec<Diagnostic>,
    /// What scoring still needs (empty when some answer is a score): `score` would refuse.
    pub needs: Vec<Need>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DroppedRow {
    pub row: usize,
    pub reason: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RespondentSummary {
    /// As typed in the first submission.
    pub respondent: String,
    /// The roster member, when the definition has a roster that knows the respondent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// File rows of the respondent's submissions.
    pub rows: Vec<usize>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlatformSummary {
    pub id: String,
    pub name: String,
    pub submissions: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
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

#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
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
        .filter(|&s| {
            model
                .sources
                .get(s)
                .is_some_and(|src| src.kind == SourceKind::Survey)
        })
        .or_else(|| {
            model
                .sources
                .iter()
                .position(|s| s.kind == SourceKind::Survey)
        })
        .ok_or(InspectError::NoSurveySource)?;
    let mut data = ingest::read_survey(model, source, path)?;
    let items = answers::items(model, source, &data);
    let mut diagnostics = data.diagnostics.clone();
    if let Some(roster) = &model.roster {
        diagnostics.extend(crate::identity::apply(roster, &mut data));
    }
    let columns = columns::columns(model, &data, &columns::metadata_columns(model, &data, path));
    let identifying_columns = identifying_columns(&data, &columns);
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
                row: data.submissions.get(d.submission).map_or(0, |s| s.row),
                reason: d.reason.clone(),
                detail: d.detail.clone(),
            })
            .collect(),
        respondent_basis: data.respondent_basis.clone(),
        respondents: respondents(model, &data),
        platforms: platforms(model, &data),
        columns,
        identifying_columns,
        items: items.clone(),
        diagnostics,
        needs: needs(&items),
    })
}

/// The respondent column (unless the reader found it elsewhere: a Kobo repeat sheet's
/// respondent is in the main sheet) and the reader's other identifying columns, in column order.
fn identifying_columns(
    data: &SurveyData,
    columns: &[ColumnMapping],
) -> Vec<ingest::IdentifyingColumn> {
    let elsewhere = data
        .identifying_columns
        .iter()
        .any(|c| c.basis == ingest::IdentifyingBasis::Respondent);
    let mut out: Vec<ingest::IdentifyingColumn> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role == ColumnRole::Respondent && !elsewhere)
        .map(|(ix, c)| ingest::IdentifyingColumn {
            column: c.column.clone(),
            number: ix + 1,
            header: c.header.clone(),
            sheet: None,
            basis: ingest::IdentifyingBasis::Respondent,
            why: "the respondent column".into(),
        })
        .collect();
    out.extend(data.identifying_columns.iter().cloned());
    out.sort_by_key(|c| (c.sheet.clone(), c.number));
    out
}

/// Scoring needs an answer that is a score; without one `score` refuses the file.
fn needs(items: &[ItemAnswers]) -> Vec<Need> {
    let scored = items
        .iter()
        .flat_map(|i| &i.answers)
        .any(|a| a.class == "score");
    if scored {
        return Vec::new();
    }
    vec![Need {
        message: "no answer of this file is a score of an item for a platform of the definition, so `score` would refuse it".into(),
        hint: Some("the export may rate no platform of the definition, or its questions are not the definition's: check the columns above, and draft a definition with `init --from FILE`".into()),
    }]
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
        .or(model.sources.get(data.source).and_then(|s| s.layout))
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
        if !matches!(cell.value, RawValue::Skipped)
            && let Some(r) = rated.get_mut(cell.platform)
        {
            r.insert(cell.submission);
        }
    }
    for (s, sub) in data.submissions.iter().enumerate() {
        if let Some(r) = sub.platform.and_then(|p| rated.get_mut(p)) {
            r.insert(s);
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
