//! The columnar read of a large tidy CSV: one streaming pass, chunks parsed on every core,
//! each cell classified while it is read into a one-byte code ([`ColumnarSurvey`]). A million
//! rows take the memory of their codes and metadata, not of a string per cell.
//!
//! The tidy reader's own pieces do the work ([`Setup`], [`Platforms`], `MetaCols`,
//! [`cell_value_of`], `classify`), so a row means the same on both paths; what this path adds
//! is memoisation: a column's distinct spellings are classified once per thread, and a
//! submission's metadata (repeated on each of its rows) is parsed once. Row numbers are only
//! known when chunks are merged in file order, so findings are made there: a row whose
//! metadata has a finding is parsed again by the merge with its real row number.

use super::columnar::ColumnarSurvey;
use super::columns::{ClassDict, Codes, FieldMemo};
use super::tidy_merge::Merge;
use super::{CellClass, InvalidReason, classify};
use crate::definition::{Model, PlatformIx, Preset};
use crate::ingest::diag::Diags;
use crate::ingest::meta::MetaCols;
use crate::ingest::table::{Body, CellRef, Row, Table};
use crate::ingest::text_stream::{self, Parsed, Parser, Record, Stop};
use crate::ingest::tidy::{Mapped, Platforms, Setup, cell_value_of};
use crate::ingest::{IngestError, RawValue, detect, settings::Settings};
use crate::text::trim;
use std::io::{Seek, SeekFrom};

use std::path::Path;

/// Why a survey file is not for the columnar path (the general reader then reads it, and
/// reports whatever is wrong with it). Displayed to follow the file's name: "FILE is ...".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotColumnar {
    /// The source forces an encoding or a delimiter.
    Forced,
    /// Standard input (a pipe cannot be read twice).
    Stdin,
    /// The head is no UTF-8 CSV: a workbook, another encoding, a header past the head.
    NotUtf8Csv,
    /// Another layout than tidy (or none recognised).
    Preset(Option<Preset>),
    /// The source has drop rules.
    DropRules,
    /// A chunk after the head is not UTF-8, or holds a NUL byte.
    NotUtf8Body,
    /// A quoted field defeated the sequential read too.
    Misaligned,
}

impl std::fmt::Display for NotColumnar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotColumnar::Forced => f.write_str("read with the encoding or delimiter its source sets"),
            NotColumnar::Stdin => f.write_str("standard input"),
            NotColumnar::NotUtf8Csv => f.write_str(
                "not a UTF-8 CSV (a workbook, another encoding, or a header past the first 256 KiB)",
            ),
            NotColumnar::Preset(Some(p)) => write!(f, "a {} export, not a tidy file", p.name()),
            NotColumnar::Preset(None) => f.write_str("not recognised as a tidy file"),
            NotColumnar::DropRules => f.write_str("read with the drop rules of its source"),
            NotColumnar::NotUtf8Body => {
                f.write_str("not UTF-8 after its head (or holds a NUL byte)")
            }
            NotColumnar::Misaligned => f.write_str("quoted in a way the chunked reader cannot split"),
        }
    }
}

/// Read a tidy survey file for the columnar path. `Ok(Err(why))`: the file is not for this
/// path: read it the general way, which also reports whatever is wrong with it.
pub fn scan(
    model: &Model,
    si: usize,
    path: &Path,
) -> Result<Result<ColumnarSurvey, NotColumnar>, IngestError> {
    let file = path.display().to_string();
    let io = |source| IngestError::Io {
        file: file.clone(),
        source,
    };
    let src = crate::ingest::source_at(model, si, &file)?;
    // Standard input is read whole by the general reader (a pipe cannot be reopened).
    if src.overrides.encoding.is_some() || src.overrides.delimiter.is_some() {
        return Ok(Err(NotColumnar::Forced));
    }
    if crate::stdin::is_dash(path) {
        return Ok(Err(NotColumnar::Stdin));
    }
    let (head, mut f, len) = crate::ingest::text_head::open(path)?;
    let Some(head) = head else {
        return Ok(Err(NotColumnar::NotUtf8Csv));
    };
    let table = head.table;
    let preset = match detect::settle(model, src, &table, path) {
        Ok(Preset::Tidy) => Preset::Tidy,
        Ok(other) => return Ok(Err(NotColumnar::Preset(Some(other)))),
        Err(_) => return Ok(Err(NotColumnar::Preset(None))),
    };
    if !Settings::new(model, src, preset).drop.is_empty() {
        return Ok(Err(NotColumnar::DropRules));
    }
    let threads = if len < 8 << 20 {
        1
    } else {
        crate::parallel::cores()
    };
    for sequential in [false, true] {
        if let Ok(mut ragged) = table.ragged.lock() {
            ragged.clear();
        }
        // Findings about the columns come first, as in the tidy reader.
        let mut diags = Diags::default();
        let setup = Setup::new(model, si, &table, &mut diags)?;
        let ctx = Ctx {
            model,
            source: si,
            table: &table,
            setup: &setup,
            first_record: table.header_row + 1,
            row_bytes: head.row_bytes,
            rows_expected: ((len - head.body_start) as usize / head.row_bytes.max(1)) * 21 / 20,
        };
        f.seek(SeekFrom::Start(head.body_start)).map_err(io)?;
        let mut merge = Merge::new(&ctx, diags)?;
        let workers: Result<Vec<Worker>, IngestError> =
            (0..threads).map(|id| Worker::new(&ctx, id)).collect();
        let scanned = text_stream::scan(
            &mut f,
            text_stream::CHUNK,
            workers?,
            sequential,
            |w, text, at_eof| w.chunk(&ctx, text, at_eof),
            |out| merge.chunk(out),
        );
        match scanned {
            Ok(workers) => return Ok(Ok(merge.finish(workers, preset))),
            Err(Stop::Misaligned) => continue,
            Err(Stop::NotUtf8) => return Ok(Err(NotColumnar::NotUtf8Body)),
            Err(Stop::Io(e)) => return Err(io(e)),
        }
    }
    Ok(Err(NotColumnar::Misaligned))
}

/// Whether no cell of the record holds anything but whitespace (skipped like the tidy reader
/// skips blank rows).
fn is_blank(rec: &Record) -> bool {
    (0..rec.len()).all(|i| trim(rec.get(i).unwrap_or("")).is_empty())
}

/// What every thread reads.
pub(super) struct Ctx<'a> {
    pub model: &'a Model,
    pub source: usize,
    pub table: &'a Table,
    pub setup: &'a Setup,
    /// 0-based index of the first record after the header.
    pub first_record: usize,
    /// Bytes per data row in the first part of the file (to size buffers), and the number of
    /// rows expected.
    pub row_bytes: usize,
    pub rows_expected: usize,
}

/// A cell as the tidy reader sees a CSV field.
fn cell(field: Option<&str>) -> CellRef<'_> {
    match field {
        None | Some("") => CellRef::Blank,
        Some(s) => CellRef::Text(s),
    }
}

/// A submission's metadata as read by one thread: parsed (its texts in the chunk's tables), or
/// to be parsed again by the merge (it has findings, which need the row number).
pub(super) enum MetaOut {
    Parsed {
        /// Index into the chunk's `people`.
        respondent: u32,
        submitted_at: Option<i64>,
        /// Indices into the chunk's `texts`.
        submitted_raw: Option<u32>,
        duration_s: Option<f64>,
        duration_raw: Option<u32>,
        weight: f64,
    },
    Replay(csv::StringRecord),
}

pub(super) enum Event {
    UnknownPlatform(String),
    Invalid {
        k: usize,
        raw: RawValue,
        reason: InvalidReason,
    },
}

/// What a thread makes of one chunk.
pub(super) struct ChunkOut {
    pub worker: usize,
    pub records: usize,
    /// (record index in the chunk, platform, index into `metas`).
    pub rows: Vec<(u32, Option<PlatformIx>, u32)>,
    pub metas: Vec<MetaOut>,
    /// Respondents as written and their keys, once per submission.
    pub people: Vec<(String, String)>,
    /// Raw submission times and durations.
    pub texts: Vec<String>,
    /// Values of the identifying columns, each once per run of equal cells.
    pub identities: Vec<String>,
    pub codes: Codes,
    /// By record index, in order.
    pub events: Vec<(u32, Event)>,
    /// Records whose field count differs from the header's (record index, fields): not read.
    pub ragged: Vec<(u32, usize)>,
}

/// The tag of a memoised class code whose class is invalid.
const INVALID: u32 = 1 << 31;

/// One reading thread: its memo and class dictionary per item column.
pub(super) struct Worker {
    pub id: usize,
    parser: Parser,
    meta: MetaCols,
    platforms: Platforms,
    /// The labels met so far (a file uses a handful): looked up without hashing.
    labels: Vec<(Box<str>, Option<PlatformIx>)>,
    /// Per item column: spelling -> class code, with [`INVALID`] set on the codes of invalid
    /// classes (reported on every cell).
    memos: Vec<FieldMemo>,
    pub dicts: Vec<ClassDict>,
    /// The columns a submission's metadata is read from.
    meta_cols: Vec<usize>,
    /// Metadata fields of the previous row (buffers reused) and its entry in the chunk's
    /// `metas` (None: no previous row to share with).
    prev_fields: Vec<Vec<u8>>,
    prev: Option<u32>,
    /// The record handed to the metadata reader, reused.
    record: csv::StringRecord,
    /// The previous row's identifying cells: a submission repeats them on each of its rows.
    prev_identities: Vec<String>,
}

impl Worker {
    fn new(ctx: &Ctx, id: usize) -> Result<Worker, IngestError> {
        // A thread's own metadata reader (it caches the last respondent); its column findings
        // were already reported by the first setup.
        let own = Setup::new(ctx.model, ctx.source, ctx.table, &mut Diags::default())?;
        let n = ctx.setup.mapped.len();
        Ok(Worker {
            id,
            parser: Parser::new(match &ctx.table.body {
                Body::Text { delimiter, .. } => *delimiter,
                Body::Grid(_) => b',',
            }),
            meta_cols: meta_cols(&own.meta),
            meta: own.meta,
            platforms: Platforms::default(),
            labels: Vec::new(),
            memos: vec![FieldMemo::default(); n],
            dicts: vec![ClassDict::default(); n],
            prev_fields: Vec::new(),
            prev: None,
            record: csv::StringRecord::new(),
            prev_identities: vec![String::new(); ctx.setup.identifying.len()],
        })
    }

    fn chunk(&mut self, ctx: &Ctx, text: &str, at_eof: bool) -> (ChunkOut, Parsed) {
        let rows = text.len() / ctx.row_bytes.max(1) + 16;
        let mut out = ChunkOut {
            worker: self.id,
            records: 0,
            rows: Vec::with_capacity(rows),
            metas: Vec::new(),
            people: Vec::new(),
            texts: Vec::new(),
            identities: Vec::new(),
            codes: Codes::with_capacity(rows * ctx.setup.mapped.len()),
            events: Vec::new(),
            ragged: Vec::new(),
        };
        self.prev = None;
        let mut parser = std::mem::replace(&mut self.parser, Parser::new(b','));
        let parsed = parser.parse(text, at_eof, |rec| {
            self.record(ctx, rec, &mut out);
            out.records += 1;
        });
        self.parser = parser;
        (out, parsed)
    }

    fn record(&mut self, ctx: &Ctx, rec: &Record, out: &mut ChunkOut) {
        let setup = ctx.setup;
        let rec_ix = out.records as u32;
        let label = trim(rec.get(setup.plat_col).unwrap_or(""));
        if label.is_empty()
            && trim(rec.get(setup.resp_col).unwrap_or("")).is_empty()
            && is_blank(rec)
        {
            return;
        }
        let header = ctx.table.headers.len();
        if crate::ingest::table::is_ragged(rec.len(), header, |c| {
            trim(rec.get(c).unwrap_or("")).is_empty()
        }) {
            out.ragged.push((rec_ix, rec.len()));
            return;
        }
        let platform = match self.labels.iter().find(|(l, _)| **l == *label) {
            Some(&(_, p)) => p,
            None => {
                let p = self.platforms.resolve(ctx.model, label);
                if self.labels.len() < 64 {
                    self.labels.push((label.into(), p));
                }
                p
            }
        };
        if platform.is_none() {
            out.events
                .push((rec_ix, Event::UnknownPlatform(label.to_string())));
        }
        let meta = self.meta_of(ctx, rec, platform, out);
        out.rows.push((rec_ix, platform, meta));
        for (prev, &c) in self.prev_identities.iter_mut().zip(&setup.identifying) {
            let value = trim(rec.get(c).unwrap_or(""));
            if value != prev.as_str() {
                prev.clear();
                prev.push_str(value);
                if !value.is_empty() {
                    out.identities.push(value.to_string());
                }
            }
        }
        if platform.is_none() {
            return;
        }
        // `memos` and `dicts` have one entry per mapped column (`Worker::new`).
        let columns = setup
            .mapped
            .iter()
            .zip(&mut self.memos)
            .zip(&mut self.dicts);
        for (k, ((m, memo), dict)) in columns.enumerate() {
            let field = rec.bytes(m.col);
            let tagged = match memo.get(field) {
                Some(code) => code,
                None => classify_new(ctx, m, memo, dict, rec),
            };
            let code = tagged & !INVALID;
            out.codes.push(code);
            if tagged & INVALID != 0
                && let CellClass::Invalid(reason) = *dict.get(code)
            {
                let other = m.other_col.map(|c| cell(rec.get(c)));
                let raw = cell_value_of(cell(rec.get(m.col)), other, m, &setup.markers, &setup.sep);
                out.events.push((rec_ix, Event::Invalid { k, raw, reason }));
            }
        }
    }

    /// The submission of a row: the previous row's when its metadata cells are the same.
    fn meta_of(
        &mut self,
        ctx: &Ctx,
        rec: &Record,
        platform: Option<PlatformIx>,
        out: &mut ChunkOut,
    ) -> u32 {
        if let Some(ix) = self.prev
            && self
                .meta_cols
                .iter()
                .zip(&self.prev_fields)
                .all(|(&c, f)| rec.bytes(c) == f.as_slice())
        {
            return ix;
        }
        rec.fill_string_record(&mut self.record);
        let mut findings = Diags::default();
        let sub = self.meta.submission(
            ctx.table,
            0,
            Row::Csv(&self.record),
            platform,
            &mut findings,
        );
        let ix = out.metas.len() as u32;
        if !findings.finish("").is_empty() {
            out.metas.push(MetaOut::Replay(self.record.clone()));
            self.prev = None;
            return ix;
        }
        let mut text = |t: Option<String>| {
            t.map(|t| {
                out.texts.push(t);
                out.texts.len() as u32 - 1
            })
        };
        let (submitted_raw, duration_raw) = (text(sub.submitted_at_raw), text(sub.duration_raw));
        out.people.push((sub.respondent, sub.respondent_key));
        out.metas.push(MetaOut::Parsed {
            respondent: out.people.len() as u32 - 1,
            submitted_at: sub.submitted_at,
            submitted_raw,
            duration_s: sub.duration_s,
            duration_raw,
            weight: sub.weight,
        });
        self.prev_fields.resize(self.meta_cols.len(), Vec::new());
        for (buf, &c) in self.prev_fields.iter_mut().zip(&self.meta_cols) {
            buf.clear();
            buf.extend_from_slice(rec.bytes(c));
        }
        self.prev = Some(ix);
        ix
    }
}

/// The columns a submission's metadata is read from.
fn meta_cols(meta: &MetaCols) -> Vec<usize> {
    [
        Some(meta.respondent),
        meta.submitted_at,
        meta.duration,
        meta.weight,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Classify a spelling not seen before in mapped column `m` (its class does not depend on the
/// "other" fill-in text, so the field alone is the memo key); its code in `dict`, tagged with
/// [`INVALID`] when the class is invalid.
#[allow(
    clippy::indexing_slicing,
    reason = "Model cross-references (item.scale, item.source, platform and source positions) are checked when the definition is compiled"
)]
fn classify_new(
    ctx: &Ctx,
    m: &Mapped,
    memo: &mut FieldMemo,
    dict: &mut ClassDict,
    rec: &Record,
) -> u32 {
    let other = m.other_col.map(|c| cell(rec.get(c)));
    let raw = ctx.setup.cell_value(m, cell(rec.get(m.col)), other);
    let item = &ctx.model.items[m.item];
    let class = classify(&ctx.model.scales[item.scale], item.reverse, &raw);
    let invalid = matches!(class, CellClass::Invalid(_));
    let code = dict.push(class, raw);
    let tagged = if invalid { code | INVALID } else { code };
    // (A column with two billion spellings would reach the tag: such codes are not
    // memoised, so a tagged code is never mistaken for another.)
    if code < INVALID - 1 {
        memo.insert(rec.bytes(m.col), tagged);
    }
    tagged
}
