//! What an export holds when the definition cannot read it: the preset detected, the header
//! rows, every column with its kind and its most frequent answers, and what scoring still
//! needs. `inspect` shows this instead of stopping at the first missing piece.

use crate::diagnostics::column_letters;
use crate::ingest::{self, ColumnKind, IngestError};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Answers listed per question column.
const ANSWERS_SHOWN: usize = 8;
/// Answers longer than this are cut.
const ANSWER_CHARS: usize = 40;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Profile {
    pub file: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
    /// The preset `score` would detect (None: no known export).
    pub preset: Option<String>,
    pub preset_evidence: Option<String>,
    pub header_rows: usize,
    /// Data rows (submissions).
    pub submissions: usize,
    /// What identifies a respondent (the column deduplication would key on), and on what
    /// evidence: a header guess is said so, with the key that confirms it.
    pub respondent_basis: ingest::RespondentBasis,
    pub columns: Vec<ColumnProfile>,
    /// What scoring still needs, with a hint each.
    pub needs: Vec<Need>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ColumnProfile {
    /// Spreadsheet letters ("A", "ED").
    pub column: String,
    pub header: String,
    /// The other header rows' text (a question, a sub-label), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub kind: ColumnKind,
    /// Non-blank cells.
    pub answered: usize,
    pub distinct: usize,
    /// Most frequent answers of question columns, with their counts (none for metadata and
    /// respondent columns: identities are not listed).
    pub answers: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Need {
    pub message: String,
    pub hint: Option<String>,
}

/// Profile an export; `needs` says why the definition could not read it.
pub fn profile(path: &Path, needs: Vec<Need>) -> Result<Profile, IngestError> {
    let p = ingest::read_profile(path)?;
    let t = &p.table;
    // SPSS files say what each code means: shown beside it.
    let variable = |c: usize| p.sav.as_ref().and_then(|s| s.variables.get(c));
    let columns = t
        .headers
        .iter()
        .enumerate()
        .map(|(c, header)| {
            let mut counts: HashMap<String, usize> = HashMap::new();
            for (_, cells) in &t.rows {
                let Some(value) = cells.get(c) else { continue };
                let shown = value.display();
                let shown = crate::text::trim(&shown);
                if shown.is_empty() {
                    continue;
                }
                let labelled = variable(c)
                    .and_then(|v| v.value_label(value))
                    .map_or(shown.to_string(), |l| format!("{shown} = {l}"));
                *counts.entry(labelled).or_default() += 1;
            }
            // One kind per header (`read_profile`); "a question" is what a column is otherwise.
            let kind = p.kinds.get(c).copied().unwrap_or(ColumnKind::Question);
            let answers = if kind == ColumnKind::Question {
                let mut list: Vec<(String, usize)> =
                    counts.iter().map(|(a, n)| (cut(a), *n)).collect();
                list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                list.truncate(ANSWERS_SHOWN);
                list
            } else {
                Vec::new()
            };
            ColumnProfile {
                column: column_letters(c),
                header: header.clone(),
                text: p
                    .texts
                    .get(c)
                    .filter(|t| !t.is_empty())
                    .map(|t| cut(&t.join(" / "))),
                kind,
                answered: counts.values().sum(),
                distinct: counts.len(),
                answers,
            }
        })
        .collect();
    let (preset, preset_evidence) = match &p.preset {
        Some((preset, evidence)) => (Some(preset.name().to_string()), Some(evidence.clone())),
        None => (None, None),
    };
    Ok(Profile {
        file: t.file.clone(),
        sheet: t.sheet.clone(),
        encoding: t.encoding,
        preset,
        preset_evidence,
        header_rows: p.header_rows,
        submissions: t.rows.len(),
        respondent_basis: p.respondent.clone(),
        columns,
        needs,
    })
}

fn cut(s: &str) -> String {
    if s.chars().count() <= ANSWER_CHARS {
        return s.to_string();
    }
    let head: String = s.chars().take(ANSWER_CHARS - 1).collect();
    format!("{head}…")
}
