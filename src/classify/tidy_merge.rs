//! Chunks of the columnar tidy read (`tidy_scan.rs`), merged in file order into a
//! [`ColumnarSurvey`]: row numbers, the submissions' metadata with respondents interned, the
//! findings that need row numbers (metadata replayed through the tidy reader, invalid answers,
//! unknown platforms), and the cell codes as they are.

use super::columnar::{CellChunk, ColumnarSurvey, RowMeta};
use super::tidy_scan::{ChunkOut, Ctx, Event, MetaOut, Worker};
use super::{InvalidReason, invalid_answer};
use crate::definition::{PlatformIx, Preset};
use crate::diagnostics::Location;
use crate::ingest::diag::Diags;
use crate::ingest::meta::MetaCols;
use crate::ingest::table::Row;
use crate::ingest::tidy::{Platforms, Setup};
use crate::ingest::{IngestError, RawValue, Submission};

type IndexMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::FixedState>;
type IndexSet<K> = indexmap::IndexSet<K, foldhash::fast::FixedState>;

/// Chunks merged in file order into the [`ColumnarSurvey`].
pub(super) struct Merge<'a> {
    ctx: &'a Ctx<'a>,
    meta: MetaCols,
    diags: Diags,
    platforms: Platforms,
    out: ColumnarSurvey,
    records: usize,
    /// Respondents as written (in order of appearance) with the index of their key: each
    /// string is stored once, here, and moved into the survey at the end.
    respondents: IndexMap<String, u32>,
    keys: IndexSet<String>,
    identities: IndexSet<String>,
}

impl<'a> Merge<'a> {
    pub fn new(ctx: &'a Ctx<'a>, diags: Diags) -> Result<Self, IngestError> {
        let own = Setup::new(ctx.model, ctx.source, ctx.table, &mut Diags::default())?;
        let mut out = ColumnarSurvey {
            source: ctx.source,
            file: ctx.table.file.clone(),
            headers: ctx.table.headers.clone(),
            header_rows: ctx.table.header_row + 1,
            columns: ctx.setup.mapped.iter().map(|m| (m.item, m.col)).collect(),
            respondent_col: ctx.setup.resp_col,
            respondent_basis: ctx.setup.meta.identity.basis.clone(),
            ..ColumnarSurvey::default()
        };
        out.rows.reserve(ctx.rows_expected);
        Ok(Merge {
            ctx,
            meta: own.meta,
            diags,
            platforms: Platforms::default(),
            out,
            records: 0,
            respondents: IndexMap::with_capacity_and_hasher(
                ctx.rows_expected / 4,
                Default::default(),
            ),
            keys: IndexSet::with_capacity_and_hasher(ctx.rows_expected / 4, Default::default()),
            identities: IndexSet::default(),
        })
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "a worker's `respondent` and `m` are positions it issued into this chunk's own `people` and `metas`, which `metas` and `c.metas` mirror one to one"
    )]
    pub fn chunk(&mut self, c: ChunkOut) {
        let base = self.ctx.first_record + self.records;
        let first_row = self.out.rows.len();
        let people: Vec<u32> = c
            .people
            .into_iter()
            .map(|(respondent, key)| self.respondent(respondent, key))
            .collect();
        self.identities.extend(c.identities);
        let text_base = self.out.rows.texts.len() as u32;
        self.out.rows.texts.extend(c.texts);
        let metas: Vec<Option<(u32, RowMeta)>> = c
            .metas
            .iter()
            .map(|m| match *m {
                MetaOut::Parsed {
                    respondent,
                    submitted_at,
                    submitted_raw,
                    duration_s,
                    duration_raw,
                    weight,
                } => Some((
                    people[respondent as usize],
                    RowMeta {
                        submitted_at,
                        submitted_raw: submitted_raw.map_or(u32::MAX, |t| text_base + t),
                        duration_s,
                        duration_raw: duration_raw.map_or(u32::MAX, |t| text_base + t),
                        weight,
                    },
                )),
                MetaOut::Replay(_) => None,
            })
            .collect();
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
            let (respondent, meta) = match (&metas[m as usize], &c.metas[m as usize]) {
                (Some(known), _) => *known,
                (None, MetaOut::Replay(record)) => self.replay(record, row_no, platform),
                (None, MetaOut::Parsed { .. }) => unreachable!("parsed metadata is known"),
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
        if let Ok(mut ragged) = self.ctx.table.ragged.lock() {
            ragged.extend(
                c.ragged
                    .iter()
                    .map(|&(rec, n)| (base + rec as usize + 1, n)),
            );
        }
        self.records += c.records;
    }

    /// The number of a respondent as written (its key interned too).
    fn respondent(&mut self, respondent: String, key: String) -> u32 {
        if let Some(r) = self.respondents.get_index_of(&respondent) {
            return r as u32;
        }
        let (key_ix, _) = self.keys.insert_full(key);
        let (r, _) = self.respondents.insert_full(respondent, key_ix as u32);
        r as u32
    }

    /// A row whose metadata has findings: read again with its row number, findings reported.
    fn replay(
        &mut self,
        record: &csv::StringRecord,
        row: usize,
        platform: Option<PlatformIx>,
    ) -> (u32, RowMeta) {
        let table = self.ctx.table;
        let sub: Submission =
            self.meta
                .submission(table, row, Row::Csv(record), platform, &mut self.diags);
        let respondent = self.respondent(sub.respondent, sub.respondent_key);
        let rows = &mut self.out.rows;
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
    #[allow(
        clippy::indexing_slicing,
        reason = "Model cross-references (item.scale, item.source, item.node, source, platform and node positions) are checked when the definition is compiled"
    )]
    fn invalid_answer(
        &mut self,
        k: usize,
        raw: &RawValue,
        reason: InvalidReason,
        platform: Option<PlatformIx>,
        row: usize,
    ) {
        let (model, table) = (self.ctx.model, self.ctx.table);
        let Some(&(item, col)) = self.out.columns.get(k) else {
            return;
        };
        let Some(p) = platform else { return };
        let header = table.headers.get(col).map(String::as_str);
        let location = Location::cell(&table.file, None, row, col, header);
        let platform = &model.platforms[p].id;
        let d = invalid_answer(model, &model.items[item], raw, reason, platform, location);
        self.out.answer_findings.push(d);
    }

    pub fn finish(mut self, mut workers: Vec<Worker>, preset: Preset) -> ColumnarSurvey {
        self.out.rows.respondents = std::mem::take(&mut self.respondents).into_iter().collect();
        self.out.rows.keys = std::mem::take(&mut self.keys).into_iter().collect();
        self.out.identities = std::mem::take(&mut self.identities).into_iter().collect();
        workers.sort_by_key(|w| w.id);
        self.out.dicts = workers.into_iter().map(|w| w.dicts).collect();
        let (table, col) = (self.ctx.table, self.ctx.setup.plat_col);
        self.platforms.report(table, col, &mut self.diags);
        for d in table.ragged_findings() {
            self.diags.push(d);
        }
        self.out.diagnostics = self.diags.finish(&self.out.file);
        self.out.preset = Some(preset);
        self.out
    }
}
