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

use super::columnar::{CellChunk, ColumnarSurvey, RowMeta};
use super::diag::Diags;
use super::meta::MetaCols;
use super::table::{self, Body, CellRef, Kind, Row, Table};
use super::text_stream::{self, Parsed, Parser, Record, Stop};
use super::tidy::{Platforms, Setup, cell_value_of};
use super::{IngestError, RawValue, Submission, detect, settings::Settings};
use crate::classify::columns::{ClassDict, Codes, FieldMemo};
use crate::classify::{CellClass, InvalidReason, classify, invalid_answer};
use crate::definition::{Model, PlatformIx, Preset};
use crate::diagnostics::Location;
use crate::text::trim;
use std::io::{Read, Seek, SeekFrom};

type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;
use std::path::Path;

/// Bytes read to find the header row and settle the preset.
const HEAD: usize = 256 << 10;

/// Read a tidy survey file for the columnar path. `Ok(None)`: the file is not for this path
/// (not UTF-8 text, another preset, drop rules, a forced encoding, a header row beyond the
/// first 256 KiB): read it the general way, which also reports whatever is wrong with it.
pub fn scan(model: &Model, si: usize, path: &Path) -> Result<Option<ColumnarSurvey>, IngestError> {
    let file = path.display().to_string();
    let io = |source| IngestError::Io {
        file: file.clone(),
        source,
    };
    let src = &model.sources[si];
    if src.overrides.encoding.is_some() {
        return Ok(None);
    }
    let mut f = std::fs::File::open(path).map_err(io)?;
    let len = f.metadata().map_err(io)?.len();
    let mut head = Vec::with_capacity(HEAD.min(len as usize));
    (&mut f)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let Some(head) = Head::read(&file, path, &head, len) else {
        return Ok(None);
    };
    let table = head.table;
    let preset = match detect::settle(model, src, &table, path) {
        Ok(Preset::Tidy) => Preset::Tidy,
        _ => return Ok(None),
    };
    if !Settings::new(model, src, preset).drop.is_empty() {
        return Ok(None);
    }
    let threads = if len < 8 << 20 {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
    };
    for sequential in [false, true] {
        // Findings about the columns come first, as in the tidy reader.
        let mut diags = Diags::default();
        let setup = Setup::new(model, si, &table, &mut diags)?;
        let ctx = Ctx {
            model,
            source: si,
            table: &table,
            setup: &setup,
            first_record: table.header_row + 1,
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
            Ok(workers) => return Ok(Some(merge.finish(workers, preset))),
            Err(Stop::Misaligned) => continue,
            Err(Stop::NotUtf8) => return Ok(None),
            Err(Stop::Io(e)) => return Err(io(e)),
        }
    }
    Ok(None)
}

/// The first bytes of the file: header row, where the data starts, and a table of the head
/// for preset detection.
struct Head {
    table: Table,
    body_start: u64,
}

impl Head {
    fn read(file: &str, path: &Path, bytes: &[u8], len: u64) -> Option<Head> {
        if !matches!(table::sniff(file, path, bytes), Ok(Kind::Text)) {
            return None;
        }
        if encoding_rs::Encoding::for_bom(bytes).is_some_and(|(e, _)| e != encoding_rs::UTF_8) {
            return None;
        }
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let whole = len as usize == bytes.len();
        let end = if whole {
            bytes.len()
        } else {
            bytes.iter().rposition(|&b| b == b'\n')? + 1
        };
        let text = std::str::from_utf8(&bytes[bom..end]).ok()?;
        if trim(text).is_empty() {
            return None;
        }
        let delimiter = super::text_file::sniff_delimiter(text);
        let (header_row, headers, consumed) = header(text, delimiter, whole)?;
        let table = Table {
            file: file.to_string(),
            sheet: None,
            encoding: Some("UTF-8"),
            headers,
            header_row,
            body: Body::Text {
                text: text.to_string(),
                delimiter,
            },
        };
        Some(Head {
            table,
            body_start: (bom + consumed) as u64,
        })
    }
}

/// The first record with any text: (its index, its cells, bytes up to its end). None when the
/// head ends inside it.
fn header(text: &str, delimiter: u8, whole: bool) -> Option<(usize, Vec<String>, usize)> {
    let mut reader = super::text_file::reader(text, delimiter);
    let mut rec = csv::StringRecord::new();
    for i in 0.. {
        if !reader.read_record(&mut rec).ok()? {
            return None;
        }
        let end = reader.position().byte() as usize;
        if end >= text.len() && !whole {
            return None;
        }
        if rec.iter().any(|c| !trim(c).is_empty()) {
            return Some((i, rec.iter().map(str::to_string).collect(), end));
        }
    }
    None
}

/// Whether no cell of the record holds anything but whitespace (skipped like the tidy reader
/// skips blank rows).
fn is_blank(rec: &Record) -> bool {
    (0..rec.len()).all(|i| trim(rec.get(i).unwrap_or("")).is_empty())
}

/// What every thread reads.
struct Ctx<'a> {
    model: &'a Model,
    source: usize,
    table: &'a Table,
    setup: &'a Setup,
    /// 0-based index of the first record after the header.
    first_record: usize,
}

/// A cell as the tidy reader sees a CSV field.
fn cell(field: Option<&str>) -> CellRef<'_> {
    match field {
        None | Some("") => CellRef::Blank,
        Some(s) => CellRef::Text(s),
    }
}

/// A submission's metadata as read by one thread: parsed, or to be parsed again by the merge
/// (it has findings, which need the row number).
enum MetaOut {
    Parsed(Submission),
    Replay(csv::StringRecord),
}

enum Event {
    UnknownPlatform(String),
    Invalid {
        k: usize,
        raw: RawValue,
        reason: InvalidReason,
    },
}

/// What a thread makes of one chunk.
struct ChunkOut {
    worker: usize,
    records: usize,
    /// (record index in the chunk, platform, index into `metas`).
    rows: Vec<(u32, Option<PlatformIx>, u32)>,
    metas: Vec<MetaOut>,
    codes: Codes,
    /// By record index, in order.
    events: Vec<(u32, Event)>,
}

/// One reading thread: its memo and class dictionary per item column.
struct Worker {
    id: usize,
    parser: Parser,
    meta: MetaCols,
    platforms: Platforms,
    /// The labels met so far (a file uses a handful): looked up without hashing.
    labels: Vec<(Box<str>, Option<PlatformIx>)>,
    memos: Vec<FieldMemo>,
    dicts: Vec<ClassDict>,
    /// Per item column and code: whether the class is invalid (reported on every cell).
    invalid: Vec<Vec<bool>>,
    /// Metadata fields of the previous row and its entry in the chunk's `metas`.
    prev: Option<(Vec<Vec<u8>>, u32)>,
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
            meta: own.meta,
            platforms: Platforms::default(),
            labels: Vec::new(),
            memos: vec![FieldMemo::default(); n],
            dicts: vec![ClassDict::default(); n],
            invalid: vec![Vec::new(); n],
            prev: None,
        })
    }

    fn chunk(&mut self, ctx: &Ctx, text: &str, at_eof: bool) -> (ChunkOut, Parsed) {
        let mut out = ChunkOut {
            worker: self.id,
            records: 0,
            rows: Vec::new(),
            metas: Vec::new(),
            codes: Codes::with_capacity(text.len() / 6),
            events: Vec::new(),
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
        if platform.is_none() {
            return;
        }
        for (k, m) in setup.mapped.iter().enumerate() {
            let field = rec.bytes(m.col);
            let code = match self.memos[k].get(field) {
                Some(code) => code,
                None => self.classify_new(ctx, k, rec),
            };
            out.codes.push(code);
            if self.invalid[k][code as usize]
                && let CellClass::Invalid(reason) = *self.dicts[k].get(code)
            {
                let other = m.other_col.map(|c| cell(rec.get(c)));
                let raw = cell_value_of(cell(rec.get(m.col)), other, m, &setup.markers, &setup.sep);
                out.events.push((rec_ix, Event::Invalid { k, raw, reason }));
            }
        }
    }

    /// Classify a spelling not seen before in column k (its class does not depend on the
    /// "other" fill-in text, so the field alone is the memo key).
    fn classify_new(&mut self, ctx: &Ctx, k: usize, rec: &Record) -> u32 {
        let m = &ctx.setup.mapped[k];
        let other = m.other_col.map(|c| cell(rec.get(c)));
        let raw = ctx.setup.cell_value(m, cell(rec.get(m.col)), other);
        let item = &ctx.model.items[m.item];
        let class = classify(&ctx.model.scales[item.scale], item.reverse, &raw);
        let invalid = matches!(class, CellClass::Invalid(_));
        let code = self.dicts[k].push(class, raw);
        let flags = &mut self.invalid[k];
        if flags.len() <= code as usize {
            flags.resize(code as usize + 1, false);
        }
        flags[code as usize] = invalid;
        self.memos[k].insert(rec.bytes(m.col), code);
        code
    }

    /// The submission of a row: the previous row's when its metadata cells are the same.
    fn meta_of(
        &mut self,
        ctx: &Ctx,
        rec: &Record,
        platform: Option<PlatformIx>,
        out: &mut ChunkOut,
    ) -> u32 {
        let cols = meta_cols(&self.meta);
        if let Some((fields, ix)) = &self.prev
            && cols
                .iter()
                .zip(fields)
                .all(|(&c, f)| rec.bytes(c) == f.as_slice())
        {
            return *ix;
        }
        let record = rec.to_string_record();
        let mut findings = Diags::default();
        let sub = self
            .meta
            .submission(ctx.table, 0, Row::Csv(&record), platform, &mut findings);
        let ix = out.metas.len() as u32;
        if findings.finish("").is_empty() {
            out.metas.push(MetaOut::Parsed(sub));
            self.prev = Some((cols.iter().map(|&c| rec.bytes(c).to_vec()).collect(), ix));
        } else {
            out.metas.push(MetaOut::Replay(record));
            self.prev = None;
        }
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

/// Chunks merged in file order into the [`ColumnarSurvey`].
struct Merge<'a> {
    ctx: &'a Ctx<'a>,
    meta: MetaCols,
    diags: Diags,
    platforms: Platforms,
    out: ColumnarSurvey,
    records: usize,
    respondent_ids: HashMap<String, u32>,
    key_ids: HashMap<String, u32>,
}

impl<'a> Merge<'a> {
    fn new(ctx: &'a Ctx<'a>, diags: Diags) -> Result<Self, IngestError> {
        let own = Setup::new(ctx.model, ctx.source, ctx.table, &mut Diags::default())?;
        Ok(Merge {
            ctx,
            meta: own.meta,
            diags,
            platforms: Platforms::default(),
            out: ColumnarSurvey {
                source: ctx.source,
                file: ctx.table.file.clone(),
                headers: ctx.table.headers.clone(),
                header_rows: ctx.table.header_row + 1,
                columns: ctx.setup.mapped.iter().map(|m| (m.item, m.col)).collect(),
                respondent_col: ctx.setup.resp_col,
                ..ColumnarSurvey::default()
            },
            records: 0,
            respondent_ids: HashMap::default(),
            key_ids: HashMap::default(),
        })
    }

    fn chunk(&mut self, c: ChunkOut) {
        let base = self.ctx.first_record + self.records;
        let first_row = self.out.rows.len();
        let mut metas: Vec<Option<(u32, RowMeta)>> = vec![None; c.metas.len()];
        let mut events = c.events.into_iter().peekable();
        for &(rec, platform, m) in &c.rows {
            let row_no = base + rec as usize + 1;
            let mut invalid = Vec::new();
            while let Some((_, ev)) = events.next_if(|(r, _)| *r == rec) {
                match ev {
                    Event::UnknownPlatform(label) => self.platforms.note_unknown(label, row_no),
                    Event::Invalid { k, raw, reason } => invalid.push((k, raw, reason)),
                }
            }
            let (respondent, meta) = match (&c.metas[m as usize], metas[m as usize]) {
                (_, Some(known)) => known,
                (MetaOut::Parsed(sub), None) => {
                    let known = self.intern(sub);
                    metas[m as usize] = Some(known);
                    known
                }
                (MetaOut::Replay(record), None) => {
                    let sub = self.meta.submission(
                        self.ctx.table,
                        row_no,
                        Row::Csv(record),
                        platform,
                        &mut self.diags,
                    );
                    self.intern(&sub)
                }
            };
            self.out.rows.push(row_no, respondent, platform, &meta);
            for (k, raw, reason) in invalid {
                self.invalid_answer(k, &raw, reason, platform, row_no);
            }
        }
        self.out.cells.push(CellChunk {
            worker: c.worker,
            first_row,
            rows: c.rows.len(),
            codes: c.codes,
        });
        self.records += c.records;
    }

    fn intern(&mut self, sub: &Submission) -> (u32, RowMeta) {
        let rows = &mut self.out.rows;
        let next = rows.respondents.len() as u32;
        let respondent = match self.respondent_ids.get(&sub.respondent) {
            Some(&r) => r,
            None => {
                let next_key = rows.keys.len() as u32;
                let key = *self
                    .key_ids
                    .entry(sub.respondent_key.clone())
                    .or_insert(next_key);
                if key == next_key {
                    rows.keys.push(sub.respondent_key.clone());
                }
                rows.respondents.push((sub.respondent.clone(), key));
                self.respondent_ids.insert(sub.respondent.clone(), next);
                next
            }
        };
        let meta = RowMeta {
            submitted_at: sub.submitted_at,
            submitted_raw: rows.intern_text(sub.submitted_at_raw.as_deref()),
            duration_s: sub.duration_s,
            duration_raw: rows.intern_text(sub.duration_raw.as_deref()),
            weight: sub.weight,
        };
        (respondent, meta)
    }

    /// The finding classification makes of an invalid cell (`classify_survey`).
    fn invalid_answer(
        &mut self,
        k: usize,
        raw: &RawValue,
        reason: InvalidReason,
        platform: Option<PlatformIx>,
        row: usize,
    ) {
        let (model, table) = (self.ctx.model, self.ctx.table);
        let (item, col) = self.out.columns[k];
        let Some(p) = platform else { return };
        let header = table.headers.get(col).map(String::as_str);
        let location = Location::cell(&table.file, None, row, col, header);
        let platform = &model.platforms[p].id;
        let d = invalid_answer(model, &model.items[item], raw, reason, platform, location);
        self.out.answer_findings.push(d);
    }

    fn finish(mut self, mut workers: Vec<Worker>, preset: Preset) -> ColumnarSurvey {
        workers.sort_by_key(|w| w.id);
        self.out.dicts = workers.into_iter().map(|w| w.dicts).collect();
        let (table, col) = (self.ctx.table, self.ctx.setup.plat_col);
        self.platforms.report(table, col, &mut self.diags);
        self.out.diagnostics = self.diags.finish(&self.out.file);
        self.out.preset = Some(preset);
        self.out
    }
}
