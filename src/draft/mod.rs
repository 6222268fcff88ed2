//! `init --from`: a draft index definition from a survey export, ready to edit and validate.
//! Questions become items (问卷星 question numbers, or the columns of a long file), scales are
//! guessed from the distinct answers ([`scales`]), platforms come from matrix rows, `【平台】`
//! names or the platform column ([`platforms`]), and each run of consecutive questions on one
//! scale becomes a placeholder dimension. Every guess that needs a decision carries a comment
//! in the TOML ([`render`]).

mod guess;
mod long;
pub mod platforms;
mod render;
pub mod scales;
mod stated;
mod wjx;

pub use platforms::{DraftGroup, DraftPlatform};
pub use render::render;
pub use scales::{DraftScale, DraftScaleKind};

use crate::ingest::{self, IngestError, RawValue};
use crate::text::{match_key, trim};
use std::path::Path;

/// A drafted definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The export it was drafted from, as given.
    pub file: String,
    /// The preset of the source ("wjx-text", "tidy", "qualtrics", or "auto" when unsure).
    pub preset: String,
    /// What the preset was detected from (the detector `score` uses).
    pub preset_evidence: Option<String>,
    pub layout: &'static str,
    /// Column (or question number) naming the respondent.
    pub respondent: Option<String>,
    /// Column naming the platform (long layouts).
    pub platform: Option<String>,
    /// True when `platform` was stated by the person (`init --platform-column`), not guessed.
    pub platform_stated: bool,
    pub groups: Vec<DraftGroup>,
    pub platforms: Vec<DraftPlatform>,
    pub scales: Vec<DraftScale>,
    pub dimensions: Vec<DraftDimension>,
    pub items: Vec<DraftItem>,
    /// What was left out, and why (written as comments at the top).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftDimension {
    pub id: String,
    pub name: String,
    /// False for a group of free-text questions (reported, never scored).
    pub in_index: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DraftItem {
    pub id: String,
    /// Index into `Draft::dimensions`.
    pub dimension: usize,
    /// Id of its scale.
    pub scale: String,
    /// Wide exports: "4" or "10-19".
    pub question: Option<String>,
    /// Long files: the header, when it is not the item id.
    pub column: Option<String>,
    pub text: Option<String>,
}

/// One question (wide) or column (long) that becomes an item, before grouping.
pub(crate) struct Candidate {
    pub id: String,
    pub question: Option<String>,
    pub column: Option<String>,
    pub text: Option<String>,
    pub scale: DraftScale,
    /// Label of the question for dimension names ("Q4", "rules_clear").
    pub label: String,
}

/// What the person states instead of letting the draft guess.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DraftOptions {
    /// The header of the column that names the unit each row rates (`--platform-column`):
    /// matched exactly after trimming. The draft never guesses a unit column without evidence,
    /// so this is how a survey of units the embedded list does not know gets one.
    pub platform_column: Option<String>,
}

/// Draft a definition from an export (the first sheet of a workbook).
pub fn draft(path: &Path) -> Result<Draft, IngestError> {
    draft_with(path, &DraftOptions::default())
}

/// [`draft`], with what the person stated in `options`.
pub fn draft_with(path: &Path, options: &DraftOptions) -> Result<Draft, IngestError> {
    let (table, detected) = ingest::read_table_detected(path)?;
    if table.headers.is_empty() || table.rows.is_empty() {
        return Err(IngestError::Format {
            file: table.file.clone(),
            message: "the file has no data rows to draft from".into(),
            hint: Some("give a survey export with its header row and at least one response".into()),
        });
    }
    let stated = match &options.platform_column {
        Some(name) => Some(stated::column(&table, name)?),
        None => None,
    };
    let mut d = if wjx::is_wjx(&table) {
        if let Some(c) = stated {
            return Err(stated::not_for_wjx(&table, c));
        }
        // One detector: the 按选项序号 download writes option positions, not answers.
        let index_mode = matches!(&detected, Some((crate::definition::Preset::WjxIndex, _)));
        wjx::draft(&table, index_mode)
    } else {
        long::draft(&table, stated)
    };
    // One detector for `inspect`, `init` and `score`: the draft names the preset that scoring
    // will detect, and says on what evidence.
    match detected {
        Some((preset, evidence)) => {
            d.preset = preset.name().to_string();
            d.notes
                .retain(|n| !n.starts_with("the export was not recognised"));
            d.preset_evidence = Some(evidence);
        }
        None if d.preset != "tidy" => {
            d.preset = "auto".into();
        }
        None => {}
    }
    refuse_unscorable(&d)?;
    Ok(d)
}

impl Draft {
    /// The scales whose direction the analyst must state before the draft validates (codes
    /// with no labels, labels of no known set), each with the items that use it:
    /// `("codes5", ["q1", "q3"])`.
    pub fn directions_to_confirm(&self) -> Vec<(String, Vec<String>)> {
        self.scales
            .iter()
            .filter(|s| matches!(s.kind, DraftScaleKind::Unordered { .. }))
            .map(|s| {
                let items = self
                    .items
                    .iter()
                    .filter(|i| i.scale == s.id)
                    .map(|i| i.id.clone())
                    .collect();
                (s.id.clone(), items)
            })
            .collect()
    }
}

/// A draft that could not score is no draft: no platform (the survey rates none, or names
/// them where the tool cannot see it), or no item.
fn refuse_unscorable(d: &Draft) -> Result<(), IngestError> {
    let refuse = |message: String, hint: &str| {
        Err(IngestError::Format {
            file: d.file.clone(),
            message,
            hint: Some(hint.to_string()),
        })
    };
    if d.platforms.is_empty()
        && d.platform_stated
        && let Some(column) = &d.platform
    {
        return refuse(
            format!(
                "column {column:?} (named by --platform-column) holds no answer, so no unit can be listed"
            ),
            "name the column whose cells name the unit each row rates; `qbpc-index inspect FILE` shows the columns and answers read",
        );
    }
    if d.platforms.is_empty() {
        return refuse(
            "no platform found: no matrix row, `【平台】` question title or platform column names a platform the tool knows (淘宝, Tmall, JD.com ...), so this export rates no platform that can be ranked".into(),
            "say which unit each answer rates: a column that names it (`platform = \"COLUMN\"` in the [[sources]] entry, one row per unit; or draft again with `--platform-column COLUMN`, which writes that line and one [platforms.ID] per value), matrix rows or `【平台】` titles that name platforms, and `[platforms.ID]` with `aliases = [...]` for names the embedded list does not know; `qbpc-index inspect FILE` shows the columns and answers read",
        );
    }
    if d.items.is_empty() {
        return refuse(
            format!(
                "no question rates the {} platform(s) found, so the draft would have no item",
                d.platforms.len()
            ),
            "map a question to an item with `question = N` (问卷星 / 腾讯问卷) or `headers = [\"COLUMN\"]` under [items.ID]; `qbpc-index inspect FILE` shows the columns read",
        );
    }
    Ok(())
}

/// Assemble the draft: scales shared by id (their N/A spellings merged), and one placeholder
/// dimension per run of consecutive items on the same scale.
pub(crate) fn assemble(mut d: Draft, candidates: Vec<Candidate>) -> Draft {
    let mut prev_scale: Option<String> = None;
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for mut c in candidates {
        // Ids are keys of the TOML: a question asked twice, or two headers with the same
        // letters, must not give a draft that does not parse.
        let id = unique_id(&c.id, &mut used);
        if id != c.id
            && let Some(rest) = c.scale.id.strip_prefix(&format!("{}_", c.id))
        {
            c.scale.id = format!("{id}_{rest}");
        }
        c.id = id;
        merge_scale(&mut d.scales, c.scale.clone());
        if prev_scale.as_deref() != Some(c.scale.id.as_str()) {
            d.dimensions.push(DraftDimension {
                id: format!("group_{}", d.dimensions.len() + 1),
                name: c.label.clone(),
                in_index: c.scale.kind != DraftScaleKind::Text,
            });
        } else if let Some(last) = d.dimensions.last_mut() {
            let first = last
                .name
                .split(" – ")
                .next()
                .unwrap_or_default()
                .to_string();
            last.name = format!("{first} – {}", c.label);
        }
        prev_scale = Some(c.scale.id.clone());
        d.items.push(DraftItem {
            id: c.id,
            dimension: d.dimensions.len() - 1,
            scale: c.scale.id,
            question: c.question,
            column: c.column,
            text: c.text,
        });
    }
    if !d.dimensions.iter().any(|x| x.in_index)
        && let Some(first) = d.dimensions.first_mut()
    {
        // An index needs one dimension in it, even if it only collects text.
        first.in_index = true;
    }
    d
}

/// `id`, else `id_2`, `id_3` ...: never one in `used`.
fn unique_id(id: &str, used: &mut std::collections::HashSet<String>) -> String {
    let mut out = id.to_string();
    let mut n = 2;
    while used.contains(&out) {
        out = format!("{id}_{n}");
        n += 1;
    }
    used.insert(out.clone());
    out
}

fn merge_scale(scales: &mut Vec<DraftScale>, s: DraftScale) {
    match scales.iter_mut().find(|x| x.id == s.id) {
        Some(existing) => {
            for n in s.na {
                if !existing.na.iter().any(|e| match_key(e) == match_key(&n)) {
                    existing.na.push(n);
                }
            }
        }
        None => scales.push(s),
    }
}

/// A cell as typed, or None for blanks and the given markers.
pub(crate) fn answer_text(v: &RawValue, markers: &[&str]) -> Option<String> {
    let s = match v {
        RawValue::Blank | RawValue::Skipped | RawValue::Unanswered => return None,
        other => other.display(),
    };
    let t = trim(&s);
    (!t.is_empty() && !markers.iter().any(|m| match_key(m) == match_key(t))).then(|| t.to_string())
}

/// The cells of one column over the data rows.
pub(crate) fn column_values(
    rows: &[(usize, Vec<RawValue>)],
    col: usize,
) -> impl Iterator<Item = &RawValue> {
    rows.iter().filter_map(move |(_, cells)| cells.get(col))
}

#[cfg(test)]
mod scales_tests;
#[cfg(test)]
mod tests;
