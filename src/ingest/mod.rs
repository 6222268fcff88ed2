//! Ingest: read a survey export or a platform-level data file and reshape it into long rows
//! (one per submission x platform x item) that still hold the raw text and its location.
//! Nothing here scores: presets only know the file's structure (header rows, markers,
//! separators); the scales of the definition are applied by `classify`.
//!
//! Decisions a reader should know about:
//! * Text files: UTF-8/UTF-16 by BOM, else UTF-8 if valid, else GB18030; tab-separated when the
//!   first line has tabs and no commas. Workbooks: the source's `sheet`, else the first; merged
//!   cells (xlsx/xls) take their top-left value. The bytes decide over the extension where they
//!   are unambiguous (an xlsx renamed .csv is read as a workbook).
//! * Column names of submission times and durations: the source's, else `[quality]`'s, else the
//!   preset's (`提交答卷时间`/`所用时间`, `submitted_at`/`duration_sec`). Times without an offset
//!   are taken as UTC; unparseable ones are warnings and leave the field None.
//! * A respondent weight that is not a number >= 0 (or blank) is an error finding; 1 stands in
//!   so that the rest of the file is still read and reported.
//! * A blank respondent gives an empty `respondent_key` (screening excludes it).
//! * Tidy rows with an unknown platform are submissions with `platform: None` and no cells; one
//!   warning per distinct label names its first cell and the row count. Skip/empty markers are
//!   WJX's; tidy files use them only when the source declares them. A tidy column
//!   `<item column>_other` is the fill-in text of a multi-select item.
//! * Findings are capped at 50 per code and file, plus one summary with the count left out.

use crate::definition::{ItemIx, Layout, Model, PlatformIx, Preset};
use crate::diagnostics::{Diagnostic, Location};

mod attributes;
mod choices;
mod derived;
pub(crate) mod detect;
pub(crate) mod diag;
mod drop;
mod excel;
mod identifying;
mod kobo;
pub mod limits;
pub use limits::{Limits, limits, set_limits};
pub(crate) mod meta;
mod named;
mod named_headers;
mod named_map;
mod numbered;
mod parquet;
mod platform_file;
mod platform_scan;
pub use platform_scan::{CellValue, PlatformColumns};
mod presets;
mod profile;
pub use profile::{ColumnKind, FileProfile, read_profile};
pub(crate) mod respondent;
mod sav;
pub(crate) mod settings;
mod survey;
pub(crate) mod table;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_synthetic;
mod text_file;
pub(crate) mod text_head;
pub(crate) mod text_stream;
pub(crate) mod tidy;
mod time;
pub(crate) mod values;
mod wjx_headers;
pub use qbpc_xlsx as xlsx;

/// A cell as the export wrote it, with the preset's structural markers recognised.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// An empty cell.
    Blank,
    /// A skip marker of the preset ("(跳过)"): the question was not shown.
    Skipped,
    /// An empty marker of the preset ("(空)"): shown, not answered.
    Unanswered,
    /// Text as typed (outer whitespace kept: classification trims for matching).
    Text(String),
    /// A number cell of a spreadsheet.
    Number(f64),
    /// A date/time cell of a spreadsheet, shown as Excel displays it (e.g. "2025-03-05").
    /// Never a number: Excel turned a typed "3-5" into a date.
    Date(String),
    /// A multi-select answer split by the preset: the chosen labels or codes as written, and
    /// the fill-in text of an "other" option.
    Choices {
        chosen: Vec<String>,
        other_text: Option<String>,
    },
}

impl RawValue {
    /// The text shown to a person for this value in findings and logs.
    pub fn display(&self) -> String {
        match self {
            RawValue::Blank => String::new(),
            RawValue::Skipped => "(skipped)".into(),
            RawValue::Unanswered => "(no answer)".into(),
            RawValue::Text(s) => s.clone(),
            RawValue::Number(x) => format_number(*x),
            RawValue::Date(s) => s.clone(),
            RawValue::Choices { chosen, other_text } => {
                let mut s = chosen.join("|");
                if let Some(o) = other_text {
                    s.push_str(&format!(" [{o}]"));
                }
                s
            }
        }
    }
}

// In `text`, which every stage may use (the definition compiler writes numbers this way too).
pub use crate::text::format_number;

/// One submission (one data row of the export).
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    /// 1-based row number in the file, header rows included.
    pub row: usize,
    /// The respondent as written (trimmed), e.g. a company name or a member id.
    pub respondent: String,
    /// The key that identifies the respondent across submissions (match_key of `respondent`;
    /// the member id when the definition has a respondent roster).
    pub respondent_key: String,
    /// 0-based column of the respondent cell (index into `SurveyData::headers`), for findings.
    pub respondent_col: usize,
    /// Long layouts: the platform this row rates. Wide layouts: None.
    pub platform: Option<PlatformIx>,
    /// Submission time as seconds since 1970-01-01 UTC (local times taken as UTC).
    pub submitted_at: Option<i64>,
    pub submitted_at_raw: Option<String>,
    /// Completion time in seconds.
    pub duration_s: Option<f64>,
    pub duration_raw: Option<String>,
    /// Respondent weight w_r (1 unless the source names a weight column).
    pub weight: f64,
    /// The respondent attributes that `pool` rules name (`Model::pool_columns`, in order):
    /// the match key of this row's cell, "" when blank or when the file lacks the column.
    /// Empty when the definition has no `pool` rule.
    pub attributes: Vec<String>,
}

/// One answer cell, reshaped to long form.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    /// Index into `SurveyData::submissions`.
    pub submission: usize,
    pub platform: PlatformIx,
    pub item: ItemIx,
    pub value: RawValue,
    /// 0-based column in the file (index into `SurveyData::headers`).
    pub col: usize,
}

/// A submission dropped by a rule of the preset or the source (`drop`), with why.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    /// Index into `SurveyData::submissions`.
    pub submission: usize,
    /// Short reason code for the exclusion log ("preview", "unfinished", "test-response" ...).
    pub reason: String,
    /// What the row held, for people.
    pub detail: String,
}

/// What the respondent of each submission was taken from: the key that deduplication uses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum RespondentBasis {
    /// The source's `respondent` names the column.
    Declared { column: String },
    /// The export format's own respondent column (tidy `respondent_id`, Qualtrics
    /// `ExternalReference`, SurveyMonkey `Custom Data 1`).
    Preset { column: String },
    /// A column whose header names the respondent (企业名称, company name, e-mail ...): a
    /// guess, stated by `inspect` and `init` and confirmed by `respondent = ...`.
    Header { column: String },
    /// No column names the respondent: every submission is its own respondent (keyed by the
    /// submission id column, if any), and no duplicates are removed.
    Submission { column: Option<String> },
}

impl Default for RespondentBasis {
    fn default() -> Self {
        RespondentBasis::Submission { column: None }
    }
}

impl RespondentBasis {
    /// For people: what the respondent is, and on what evidence.
    pub fn describe(&self) -> String {
        match self {
            RespondentBasis::Declared { column } => {
                format!("column {column:?} (the source's `respondent`)")
            }
            RespondentBasis::Preset { column } => {
                format!("column {column:?} (the export format's respondent column)")
            }
            RespondentBasis::Header { column } => format!(
                "column {column:?}, because its header names the respondent (a guess: confirm it with `respondent = {column:?}` in the source)"
            ),
            RespondentBasis::Submission { column } => format!(
                "none: no column names the respondent, so each submission{} counts as its own respondent and no duplicates are removed (name the column with `respondent = \"...\"` in the source to deduplicate)",
                column
                    .as_ref()
                    .map_or(String::new(), |c| format!(" (by {c:?})"))
            ),
        }
    }
}

/// A column taken as identifying a respondent: its values are redacted from free text in
/// platform-facing outputs. Never holds a value of the column.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
pub struct IdentifyingColumn {
    /// Spreadsheet letters ("A", "ED").
    pub column: String,
    /// 1-based column number.
    pub number: usize,
    pub header: String,
    /// The sheet, when it is not the one the answers are read from (a Kobo main sheet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    pub basis: IdentifyingBasis,
    /// Why the column counts as identifying, in words.
    pub why: String,
}

impl IdentifyingColumn {
    /// The 0-based column index.
    pub fn index(&self) -> usize {
        self.number.saturating_sub(1)
    }
}

/// What made a column identifying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentifyingBasis {
    /// The respondent column (deduplication keys on it).
    Respondent,
    /// The preset marks it (Qualtrics `RecipientEmail`, Kobo `username` ...).
    Preset,
    /// The source lists it in `identifying`.
    Source,
    /// Its header names the respondent or a contact (企业名称, 联系人, 电话, e-mail ...).
    Header,
}

/// A survey export, reshaped.
#[derive(Debug, Clone, Default)]
pub struct SurveyData {
    /// Index into `Model::sources`.
    pub source: usize,
    /// The file as given by the user, for locations.
    pub file: String,
    pub sheet: Option<String>,
    /// The preset used (the detected one when the source said "auto").
    pub preset: Option<Preset>,
    /// The header row as written (one entry per column; duplicates kept).
    pub headers: Vec<String>,
    /// Number of header rows before the first data row.
    pub header_rows: usize,
    /// The layout read: wide (one submission rates every platform) or long (one platform per
    /// row). None only for data built by hand.
    pub layout: Option<Layout>,
    pub submissions: Vec<Submission>,
    /// What identifies a respondent in this file.
    pub respondent_basis: RespondentBasis,
    /// Submissions the preset drops before screening (Qualtrics previews and unfinished
    /// responses, SurveyMonkey test rows ...); screening logs each as an exclusion.
    pub dropped: Vec<Dropped>,
    pub cells: Vec<RawCell>,
    /// The distinct values of the file's identifying columns other than the respondent's
    /// (company name next to a member id, contact, e-mail, phone: `identifying.rs`), redacted
    /// from platform-facing outputs.
    pub identities: Vec<String>,
    /// Which columns those values come from, and why each counts as identifying (`inspect`
    /// lists them, headers only, so that a researcher can check what is redacted).
    pub identifying_columns: Vec<IdentifyingColumn>,
    /// Problems found while reading (unknown platform labels, unmapped columns ...).
    pub diagnostics: Vec<Diagnostic>,
}

impl SurveyData {
    /// Location of a cell for findings.
    pub fn location(&self, cell: &RawCell) -> Location {
        let row = self.submissions.get(cell.submission).map_or(0, |s| s.row);
        Location::cell(
            &self.file,
            self.sheet.as_deref(),
            row,
            cell.col,
            self.headers.get(cell.col).map(String::as_str),
        )
    }
}

/// One value of a platform-level data file.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformValue {
    pub platform: PlatformIx,
    pub item: ItemIx,
    pub value: RawValue,
    /// 1-based file row and 0-based column of the cell ([`PlatformData::location`]): a
    /// location is made only for the values a finding names (10,000 units x 60 indicators
    /// would otherwise format 600,000 cell references).
    pub row: u32,
    pub col: u32,
}

/// A platform-level data file (one row per platform), reshaped.
#[derive(Debug, Clone, Default)]
pub struct PlatformData {
    pub source: usize,
    pub file: String,
    /// The sheet read (workbooks only) and the header row, for locations.
    pub sheet: Option<String>,
    pub headers: Vec<String>,
    pub values: Vec<PlatformValue>,
    pub diagnostics: Vec<Diagnostic>,
}

impl PlatformData {
    /// Where a value was read: file, sheet, cell reference and column header.
    pub fn location(&self, v: &PlatformValue) -> Location {
        Location::cell(
            &self.file,
            self.sheet.as_deref(),
            v.row as usize,
            v.col as usize,
            self.headers.get(v.col as usize).map(String::as_str),
        )
    }
}

/// Why a file could not be read at all. Cell-level problems are diagnostics instead.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Format {
        file: String,
        message: String,
        hint: Option<String>,
    },
}

/// Source `si` of the model. Positions come from the Model itself, so a miss is a bug of
/// the caller, reported as an error rather than a panic.
pub(crate) fn source_at<'m>(
    model: &'m Model,
    si: usize,
    file: &str,
) -> Result<&'m crate::definition::Source, IngestError> {
    model.sources.get(si).ok_or_else(|| IngestError::Format {
        file: file.to_string(),
        message: format!("the definition has no source number {si}"),
        hint: None,
    })
}

impl IngestError {
    pub fn hint(&self) -> Option<&str> {
        match self {
            IngestError::Format { hint, .. } => hint.as_deref(),
            IngestError::Io { .. } => None,
        }
    }
}

/// Read a survey export for the given survey source of the model.
pub fn read_survey(
    model: &Model,
    source: usize,
    path: &std::path::Path,
) -> Result<SurveyData, IngestError> {
    survey::read(model, source, path)
}

/// A data file as a plain table, for tools that look at a file without (or before) a
/// definition: `inspect`, `init --from`, respondent rosters.
#[derive(Debug, Clone, Default)]
pub struct PlainTable {
    pub file: String,
    pub sheet: Option<String>,
    /// The encoding a text file was decoded from.
    pub encoding: Option<&'static str>,
    pub headers: Vec<String>,
    /// Data rows as (1-based file row, cells); empty rows are left out.
    pub rows: Vec<(usize, Vec<RawValue>)>,
}

/// Read any table (CSV in any supported encoding, or a workbook sheet) without a preset.
pub fn read_table(path: &std::path::Path, sheet: Option<&str>) -> Result<PlainTable, IngestError> {
    plain(&mut table::open(path, sheet)?)
}

/// [`read_table`] of bytes already in memory; `name` stands for the file (in messages, and its
/// extension where the bytes are ambiguous). What the fuzz targets call.
pub fn read_table_bytes(
    name: &std::path::Path,
    bytes: Vec<u8>,
    sheet: Option<&str>,
) -> Result<PlainTable, IngestError> {
    plain(&mut table::open_bytes(name, bytes, sheet, None, None)?)
}

/// Every non-empty sheet of a workbook in memory (one table for a text file), as
/// [`read_table_bytes`] reads one.
pub fn read_tables_bytes(
    name: &std::path::Path,
    bytes: Vec<u8>,
) -> Result<Vec<PlainTable>, IngestError> {
    let file = name.display().to_string();
    let tables = match table::sniff(&file, name, &bytes)? {
        table::Kind::Text => vec![text_file::read(file, bytes, None)?],
        table::Kind::Columnar(c) => vec![parquet::read_table(file, bytes, c)?],
        kind => excel::read_all(file, bytes, kind)?,
    };
    tables.into_iter().map(|mut t| plain(&mut t)).collect()
}

/// [`read_survey`] of bytes already in memory (`name` as in [`read_table_bytes`]).
pub fn read_survey_bytes(
    model: &Model,
    source: usize,
    name: &std::path::Path,
    bytes: Vec<u8>,
) -> Result<SurveyData, IngestError> {
    let t = open_source_bytes(model, source, name, bytes)?;
    survey::read_table(model, source, name, t)
}

/// [`read_platform_file`] of bytes already in memory (`name` as in [`read_table_bytes`]).
pub fn read_platform_bytes(
    model: &Model,
    source: usize,
    name: &std::path::Path,
    bytes: Vec<u8>,
) -> Result<PlatformData, IngestError> {
    let t = open_source_bytes(model, source, name, bytes)?;
    platform_file::read_table(model, source, t)
}

/// The bytes of one source's file as a table, read with the source's sheet, encoding and
/// delimiter.
fn open_source_bytes(
    model: &Model,
    source: usize,
    name: &std::path::Path,
    bytes: Vec<u8>,
) -> Result<table::Table, IngestError> {
    let src = source_of(model, source, &name.display().to_string())?;
    let o = &src.overrides;
    table::open_bytes(
        name,
        bytes,
        src.sheet.as_deref(),
        o.encoding.as_deref(),
        o.delimiter,
    )
}

/// Source `source` of the definition; the callers pass an index they took from it.
fn source_of<'m>(
    model: &'m Model,
    source: usize,
    file: &str,
) -> Result<&'m crate::definition::Source, IngestError> {
    model.sources.get(source).ok_or_else(|| {
        table::format_error(
            file,
            format!("the definition has no source #{source}"),
            "this is a bug in the caller",
        )
    })
}

fn plain(t: &mut table::Table) -> Result<PlainTable, IngestError> {
    let rows = t.take_data_rows()?;
    Ok(PlainTable {
        file: std::mem::take(&mut t.file),
        sheet: t.sheet.take(),
        encoding: t.encoding,
        headers: std::mem::take(&mut t.headers),
        rows,
    })
}

/// Questions of a numbered export (问卷星, 腾讯问卷) that no item of the survey source reads,
/// as warnings at their header cells: what `validate` with the survey lists. Empty for other
/// exports.
pub fn unread_questions(
    model: &Model,
    source: usize,
    path: &std::path::Path,
) -> Result<Vec<Diagnostic>, IngestError> {
    let src = source_at(model, source, &path.display().to_string())?;
    let table = table::open_source(path, src)?;
    let preset = detect::settle(model, src, &table, path)?;
    if !preset.is_numbered() {
        return Ok(Vec::new());
    }
    let settings = settings::Settings::new(model, src, preset);
    Ok(numbered::unread(model, source, &settings, &table))
}

/// Whether a column header names the respondent (企业名称, company name, e-mail ...): the
/// only evidence on which a respondent column is taken without the definition naming it.
pub fn header_names_respondent(header: &str) -> bool {
    respondent::names_respondent(header)
}

/// The preset the export's header rows match, as `score` detects it, with the evidence for it;
/// None when the file is no known export.
pub fn detect_preset(path: &std::path::Path) -> Result<Option<(Preset, String)>, IngestError> {
    Ok(detect_in(&table::open(path, None)?, path))
}

/// [`read_table`] of the first sheet and [`detect_preset`] of the same file, read once.
pub fn read_table_detected(
    path: &std::path::Path,
) -> Result<(PlainTable, Option<(Preset, String)>), IngestError> {
    let mut t = table::open(path, None)?;
    let detected = detect_in(&t, path);
    Ok((plain(&mut t)?, detected))
}

/// Auto-detection with the embedded definition's survey source (whose settings are the
/// presets' own).
fn detect_in(table: &table::Table, path: &std::path::Path) -> Option<(Preset, String)> {
    let (model, _) = crate::definition::load_default().ok()?;
    let src = model.sources.get(model.source_ix("survey")?)?;
    detect::detect(&model, src, table, path)
}

/// A 问卷星 header row parsed: per column, its question number and the platform label it
/// carries (matrix row label or the name in `【】`).
pub fn wjx_header_columns(headers: &[String]) -> Vec<(Option<u32>, Option<String>)> {
    wjx_headers::parse_headers(headers)
        .into_iter()
        .map(|c| (c.question, c.label))
        .collect()
}

/// Read a platform-level data file for the platform-only scoring path: the rows, cells and
/// findings of [`read_platform_file`], one number per cell, a CSV body parsed on every core.
pub fn read_platform_columns(
    model: &Model,
    source: usize,
    path: &std::path::Path,
) -> Result<PlatformColumns, IngestError> {
    platform_scan::read(model, source, path)
}

/// Read a platform-level data file for the given platform source of the model.
pub fn read_platform_file(
    model: &Model,
    source: usize,
    path: &std::path::Path,
) -> Result<PlatformData, IngestError> {
    platform_file::read(model, source, path)
}

pub use sav::{SavCode, SavLabels, SavVariable};

/// The dictionary of an SPSS `.sav`/`.zsav` file: per variable its name, label (the question),
/// value labels (the answer of each code), user-missing codes, type and measure.
pub fn read_sav_labels(path: &std::path::Path) -> Result<SavLabels, IngestError> {
    sav::read_labels(path)
}
