//! A tidy survey file read for scoring at scale ([`ColumnarSurvey`]): the submissions'
//! metadata in columns and, per row with a known platform, one small class code per item
//! column. What screening, the answer table and the findings need of a [`crate::ingest::SurveyData`],
//! in some forty bytes per row plus one or two bytes per cell.

use super::CellClass;
use super::columns::{ClassDict, CodeUnit, Codes};
use crate::definition::{ItemIx, PlatformIx, Preset};
use crate::diagnostics::Diagnostic;

/// `platform` of a row whose label names no platform of the definition.
pub const NO_PLATFORM: u32 = u32::MAX;
const NO_TIME: i64 = i64::MIN;
const NO_TEXT: u32 = u32::MAX;

/// A tidy survey file, classified, in columns.
#[derive(Debug, Default)]
pub struct ColumnarSurvey {
    /// Index into `Model::sources`.
    pub source: usize,
    /// The file as given by the user, for locations.
    pub file: String,
    pub preset: Option<Preset>,
    pub headers: Vec<String>,
    pub header_rows: usize,
    /// The item columns read, in file order: (item, 0-based column).
    pub columns: Vec<(ItemIx, usize)>,
    /// 0-based column of the respondent.
    pub respondent_col: usize,
    /// What identifies a respondent (the tidy file's respondent column).
    pub respondent_basis: crate::ingest::RespondentBasis,
    pub rows: SubmissionRows,
    /// Distinct values of the identifying columns besides the respondent's (`identifying.rs`),
    /// redacted from platform-facing outputs.
    pub identities: Vec<String>,
    pub(super) cells: Vec<CellChunk>,
    /// `dicts[worker][k]`: the classes of item column k as seen by one reading thread.
    pub(super) dicts: Vec<Vec<ClassDict>>,
    /// Findings of reading (unknown platforms, bad times ...), capped per code.
    pub diagnostics: Vec<Diagnostic>,
    /// Invalid answers, in file order (what classification reports of a `SurveyData`).
    pub answer_findings: Vec<Diagnostic>,
}

/// The codes of the rows of one chunk that have a platform, row after row.
#[derive(Debug, Default)]
pub(super) struct CellChunk {
    pub worker: usize,
    /// Index of the chunk's first row in [`SubmissionRows`], and its number of rows.
    pub first_row: usize,
    pub rows: usize,
    pub codes: Codes,
}

/// One submission (data row) per entry, in file order.
#[derive(Debug, Default)]
pub struct SubmissionRows {
    /// 1-based row in the file.
    pub row: Vec<u32>,
    /// Index into `respondents`.
    pub respondent: Vec<u32>,
    /// Respondents as written (trimmed), with the index of their key in `keys`.
    pub respondents: Vec<(String, u32)>,
    /// Distinct respondent keys (match keys).
    pub keys: Vec<String>,
    pub(super) platform: Vec<u32>,
    pub(super) submitted_at: Vec<i64>,
    pub(super) submitted_raw: Vec<u32>,
    pub(super) duration: Vec<f64>,
    pub(super) duration_raw: Vec<u32>,
    pub weight: Vec<f64>,
    /// Raw times and durations as written (each distinct run once).
    pub(super) texts: Vec<String>,
}

impl SubmissionRows {
    pub fn len(&self) -> usize {
        self.row.len()
    }

    pub fn is_empty(&self) -> bool {
        self.row.is_empty()
    }

    // Accessors of row `i` in 0..len(); a row past the end reads as empty (no platform,
    // respondent "", key 0, no time) rather than panicking.

    pub fn platform(&self, i: usize) -> Option<PlatformIx> {
        self.platform
            .get(i)
            .filter(|&&p| p != NO_PLATFORM)
            .map(|&p| p as PlatformIx)
    }

    fn respondent_entry(&self, i: usize) -> Option<&(String, u32)> {
        let r = *self.respondent.get(i)?;
        self.respondents.get(r as usize)
    }

    /// The respondent as written.
    pub fn respondent(&self, i: usize) -> &str {
        self.respondent_entry(i).map_or("", |r| r.0.as_str())
    }

    /// Index of the respondent's key in `keys`.
    pub fn key_ix(&self, i: usize) -> u32 {
        self.respondent_entry(i).map_or(0, |r| r.1)
    }

    pub fn respondent_key(&self, i: usize) -> &str {
        self.keys
            .get(self.key_ix(i) as usize)
            .map_or("", String::as_str)
    }

    pub fn submitted_at(&self, i: usize) -> Option<i64> {
        self.submitted_at.get(i).copied().filter(|&t| t != NO_TIME)
    }

    pub fn submitted_at_raw(&self, i: usize) -> Option<&str> {
        self.text(*self.submitted_raw.get(i)?)
    }

    pub fn duration_s(&self, i: usize) -> Option<f64> {
        self.duration.get(i).copied().filter(|d| !d.is_nan())
    }

    pub fn duration_raw(&self, i: usize) -> Option<&str> {
        self.text(*self.duration_raw.get(i)?)
    }

    fn text(&self, ix: u32) -> Option<&str> {
        if ix == NO_TEXT {
            return None;
        }
        self.texts.get(ix as usize).map(String::as_str)
    }

    /// Append a row; `meta` is the row's submission as the tidy reader makes it.
    pub(super) fn push(
        &mut self,
        row: usize,
        respondent: u32,
        platform: Option<PlatformIx>,
        meta: &RowMeta,
    ) {
        self.row.push(row as u32);
        self.respondent.push(respondent);
        self.platform
            .push(platform.map_or(NO_PLATFORM, |p| p as u32));
        self.submitted_at.push(meta.submitted_at.unwrap_or(NO_TIME));
        self.submitted_raw.push(meta.submitted_raw);
        self.duration.push(meta.duration_s.unwrap_or(f64::NAN));
        self.duration_raw.push(meta.duration_raw);
        self.weight.push(meta.weight);
    }

    pub(super) fn reserve(&mut self, n: usize) {
        self.row.reserve(n);
        self.respondent.reserve(n);
        self.platform.reserve(n);
        self.submitted_at.reserve(n);
        self.submitted_raw.reserve(n);
        self.duration.reserve(n);
        self.duration_raw.reserve(n);
        self.weight.reserve(n);
    }

    /// Index of a raw text, stored once per run of equal texts.
    pub(super) fn intern_text(&mut self, text: Option<&str>) -> u32 {
        let Some(t) = text else { return NO_TEXT };
        if self.texts.last().is_none_or(|last| last != t) {
            self.texts.push(t.to_string());
        }
        self.texts.len() as u32 - 1
    }
}

/// The metadata of a submission, with its raw texts already interned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RowMeta {
    pub submitted_at: Option<i64>,
    pub submitted_raw: u32,
    pub duration_s: Option<f64>,
    pub duration_raw: u32,
    pub weight: f64,
}

/// The classes of one row's item columns.
#[derive(Debug, Clone, Copy)]
pub struct CellRow<'a> {
    /// Index into [`SubmissionRows`].
    pub row: usize,
    /// Which reading thread classified the row (rows of one thread share code numbers).
    pub worker: usize,
    dicts: &'a [ClassDict],
    codes: &'a Codes,
    offset: usize,
}

impl<'a> CellRow<'a> {
    /// The class of item column k (the k-th entry of [`ColumnarSurvey::columns`]).
    #[inline]
    pub fn class(&self, k: usize) -> &'a CellClass {
        match self.dicts.get(k) {
            Some(dict) => dict.get(self.code(k)),
            None => &CellClass::NoAnswer,
        }
    }

    /// The code of item column k: equal codes of one worker are equal classes.
    #[inline]
    pub fn code(&self, k: usize) -> u32 {
        self.codes.get(self.offset + k)
    }
}

/// What walks the rows of a [`ColumnarSurvey`] with their codes ([`ColumnarSurvey::visit`]).
pub trait RowVisitor {
    /// Row `row` (index into [`SubmissionRows`]) has a platform; `codes[k]` is the code of item
    /// column k in the dictionaries of reading thread `worker`.
    fn row<T: CodeUnit>(&mut self, row: usize, worker: usize, codes: &[T]);
}

impl ColumnarSurvey {
    /// Every row that has a platform, in file order, with its codes as a slice: the tight
    /// loop for passes over millions of rows (no per-cell dispatch on the code width).
    pub fn visit(&self, v: &mut impl RowVisitor) {
        let width = self.columns.len();
        for chunk in &self.cells {
            match &chunk.codes {
                Codes::U8(c) => self.visit_chunk(chunk, c, width, v),
                Codes::U16(c) => self.visit_chunk(chunk, c, width, v),
                Codes::U32(c) => self.visit_chunk(chunk, c, width, v),
            }
        }
    }

    /// [`visit`](Self::visit) on `threads` threads, each over a run of consecutive chunks
    /// with its own visitor (made by `make`); the visitors come back in file order.
    pub fn visit_parallel<V: RowVisitor + Send>(
        &self,
        threads: usize,
        make: impl Fn() -> V + Sync,
    ) -> Vec<V> {
        let width = self.columns.len();
        crate::parallel::map_ranges(self.cells.len(), threads, |chunks| {
            let mut v = make();
            for chunk in self.cells.get(chunks).unwrap_or_default() {
                match &chunk.codes {
                    Codes::U8(c) => self.visit_chunk(chunk, c, width, &mut v),
                    Codes::U16(c) => self.visit_chunk(chunk, c, width, &mut v),
                    Codes::U32(c) => self.visit_chunk(chunk, c, width, &mut v),
                }
            }
            v
        })
    }

    fn visit_chunk<T: CodeUnit>(
        &self,
        chunk: &CellChunk,
        codes: &[T],
        width: usize,
        v: &mut impl RowVisitor,
    ) {
        let mut offset = 0;
        for row in chunk.first_row..chunk.first_row + chunk.rows {
            if self.rows.platform(row).is_none() {
                continue;
            }
            let Some(row_codes) = codes.get(offset..offset + width) else {
                break;
            };
            v.row(row, chunk.worker, row_codes);
            offset += width;
        }
    }

    /// Every row that has a platform, with the classes of its item columns, in file order.
    pub fn cell_rows(&self) -> impl Iterator<Item = CellRow<'_>> + '_ {
        let width = self.columns.len();
        self.cells.iter().flat_map(move |chunk| {
            let dicts = self.dicts(chunk.worker);
            let mut offset = 0;
            (chunk.first_row..chunk.first_row + chunk.rows).filter_map(move |row| {
                self.rows.platform(row)?;
                let r = CellRow {
                    row,
                    worker: chunk.worker,
                    dicts,
                    codes: &chunk.codes,
                    offset,
                };
                offset += width;
                Some(r)
            })
        })
    }

    /// The class dictionaries of one reading thread, per item column.
    pub fn dicts(&self, worker: usize) -> &[ClassDict] {
        self.dicts.get(worker).map_or(&[], Vec::as_slice)
    }

    /// Number of reading threads (dictionaries).
    pub fn workers(&self) -> usize {
        self.dicts.len()
    }

    /// Bytes held by the cell codes (for the benchmark's memory figures).
    pub fn code_bytes(&self) -> usize {
        self.cells.iter().map(|c| c.codes.heap_bytes()).sum()
    }
}
