//! A survey export read without a definition: the preset that `score` would detect, the header
//! rows it implies, and what each column is by the preset's own knowledge (metadata, the
//! submission id, a column whose header names the respondent, or a question). `inspect` shows
//! this when the definition cannot read the file, so that a user always sees what was read.

use super::presets::defaults;
use super::{IngestError, PlainTable, Preset, detect_in, plain, table};
use crate::text::match_key;

/// What a column of an export is, by the preset's knowledge and its header alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// A column the survey tool adds (times, IP, status ...): never an item.
    Metadata,
    /// The column that identifies a submission (问卷星 序号, `ResponseId`, `_uuid`).
    SubmissionId,
    /// A column whose name says it holds the respondent (company name, member id, e-mail).
    Respondent,
    /// Anything else: a question.
    Question,
}

/// An export as a table, with its detected preset and the kind of each column.
#[derive(Debug, Clone)]
pub struct FileProfile {
    /// Headers and data rows (the rows below every header row).
    pub table: PlainTable,
    pub preset: Option<(Preset, String)>,
    pub header_rows: usize,
    /// Per column, the text of the header rows after the first (Qualtrics question texts,
    /// SurveyMonkey sub-labels); empty for one-row headers.
    pub texts: Vec<Vec<String>>,
    pub kinds: Vec<ColumnKind>,
    /// The respondent `score` would key on with the source's `respondent` unset, and on what
    /// evidence (the preset's identity column, or a header that names the respondent).
    pub respondent: super::RespondentBasis,
    /// The variables of an SPSS file (labels of questions and codes).
    pub sav: Option<super::SavLabels>,
}

/// Read an export as `score` would detect it, without a definition.
pub fn read_profile(path: &std::path::Path) -> Result<FileProfile, IngestError> {
    let mut t = table::open(path, None)?;
    let preset = detect_in(&t, path);
    let mut table = plain(&mut t)?;
    let d = defaults(preset.as_ref().map_or(Preset::Auto, |(p, _)| *p));
    // Header rows after the first arrive as data rows of a plain table.
    let extra = d.header_rows.saturating_sub(1).min(table.rows.len());
    let below: Vec<(usize, Vec<super::RawValue>)> = table.rows.drain(..extra).collect();
    // SPSS files: the variable labels are the question texts.
    let sav = super::sav::has_sav_extension(path)
        .then(|| super::read_sav_labels(path).ok())
        .flatten();
    let texts: Vec<Vec<String>> = (0..table.headers.len())
        .map(|c| {
            below
                .iter()
                .map(|(_, cells)| cells.get(c).map(|v| v.display()).unwrap_or_default())
                .chain(
                    sav.as_ref()
                        .and_then(|s| s.variables.get(c))
                        .and_then(|v| v.label.clone()),
                )
                .filter(|t| !crate::text::trim(t).is_empty())
                .collect()
        })
        .collect();
    let is = |list: &[&str], h: &str| list.iter().any(|n| match_key(n) == match_key(h));
    let mut by_preset = None;
    let mut by_header = None;
    let kinds: Vec<ColumnKind> = table
        .headers
        .iter()
        .zip(&texts)
        .map(|(h, more)| {
            let names = || std::iter::once(h).chain(more);
            if names().any(|n| is(d.submission_id, n)) {
                ColumnKind::SubmissionId
            } else if names().any(|n| is(d.identity_columns, n)) {
                by_preset.get_or_insert_with(|| h.clone());
                ColumnKind::Respondent
            } else if names().any(|n| super::respondent::names_respondent(n)) {
                by_header.get_or_insert_with(|| h.clone());
                ColumnKind::Respondent
            } else if names()
                .any(|n| is(d.metadata, n) || is(d.submitted_at, n) || is(d.duration, n))
            {
                ColumnKind::Metadata
            } else {
                ColumnKind::Question
            }
        })
        .collect();
    // As `respondent::resolve` chooses: the preset's column first, then a header.
    let respondent = match (by_preset, by_header) {
        (Some(column), _) => super::RespondentBasis::Preset { column },
        (None, Some(column)) => super::RespondentBasis::Header { column },
        (None, None) => super::RespondentBasis::Submission {
            column: table
                .headers
                .iter()
                .zip(&kinds)
                .find(|(_, k)| **k == ColumnKind::SubmissionId)
                .map(|(h, _)| h.clone()),
        },
    };
    Ok(FileProfile {
        respondent,
        sav,
        table,
        preset,
        header_rows: d.header_rows,
        texts,
        kinds,
    })
}
