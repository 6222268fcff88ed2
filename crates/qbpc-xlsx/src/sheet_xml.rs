//! One pass over a worksheet's XML: the prelude (`<dimension>` checked as calamine checks it),
//! `<sheetData>` (rows and cells, calamine's `XlsxCellReader::next_cell` position rules), and
//! the tail up to the end of `<mergeCells>` (calamine's `merge_cells_by_sheet_name`).
//!
//! The parser is fed blocks of a buffer that grows at the end: `feed` consumes whole units
//! (one tag, one text run, or one complete `<c>...</c>`) and returns how many bytes it used;
//! the caller keeps the rest and appends the next block (see `stream.rs`). A unit that is cut
//! by the end of the buffer is re-read from its start next time, so a cell is only reported
//! once it is complete, and nothing is reported twice.
//!
//! Position rules (calamine): `<row r=..>` sets the current row, `</row>` adds one and resets
//! the column; a `<c r=..>` takes its own position and moves the column there (not the row);
//! a `<c>` without `r` takes (current row, current column); every `<c>` moves the column on
//! by one; empty cells are not reported.

use super::cells::{
    CellAttrs, Ctx, MISSING_STRING, Val, block_bytes, cell_attrs, cell_body, is_raw_type,
    number_cell, raw_value,
};
use super::fast_path::{Shape, fast_shape, scan_cell_tag};
use super::numbers::{parse_f64, parse_index};
use super::refs::{dimension, row_column, row_only};
use super::xml::{Ev, Flow, Reader, Step, as_str, attr, local_name, skip_bom};
use super::{Cell, Result, SheetExtras, XlsxError};
use crate::Limits;
use crate::refs::column_letters;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `<sheetData>`.
    Prelude,
    /// Inside `<sheetData>`.
    Data,
    /// After `</sheetData>`, looking for `<mergeCells>`.
    Tail,
    /// Inside `<mergeCells>`.
    Merge,
    /// Nothing more is read.
    Done,
}

/// The state carried from one block to the next.
pub(crate) struct SheetParser<'c, 'w> {
    ctx: &'c Ctx<'w>,
    phase: Phase,
    depth: u32,
    row: u32,
    col: u32,
    started: bool,
    seen_element: bool,
    merged: Vec<((u32, u32), (u32, u32))>,
    scratch: String,
    run: String,
    /// The zip part being read, for messages.
    pub part: String,
    counts: Counts,
}

/// What has been reported so far, against the caps.
#[derive(Default)]
struct Counts {
    cells: u64,
    text_bytes: u64,
}

/// `A1`-style name of a 0-based position.
fn cell_name(row: u32, col: u32) -> String {
    format!("{}{}", column_letters(col as usize), u64::from(row) + 1)
}

/// Refuses a position past the `rows` or `columns` cap.
fn check_position(limits: &Limits, row: u32, col: u32) -> Step<()> {
    if u64::from(row) >= limits.rows {
        return Err(Flow::Fail(XlsxError::over(
            "rows",
            format!(
                "cell {} is below row {}, the last one allowed",
                cell_name(row, col),
                limits.rows
            ),
        )));
    }
    if u64::from(col) >= limits.columns {
        return Err(Flow::Fail(XlsxError::over(
            "columns",
            format!(
                "cell {} is right of column {} ({}), the last one allowed",
                cell_name(row, col),
                limits.columns,
                column_letters(usize::try_from(limits.columns - 1).unwrap_or(usize::MAX))
            ),
        )));
    }
    Ok(())
}

/// Reports one non-empty cell, once it is within the caps.
#[inline]
fn report<F>(
    counts: &mut Counts,
    limits: &Limits,
    (row, col): (u32, u32),
    cell: Cell<'_>,
    visit: &mut F,
) -> Step<()>
where
    F: FnMut(u32, u32, Cell<'_>),
{
    check_position(limits, row, col)?;
    counts.cells += 1;
    if counts.cells > limits.cells {
        return Err(Flow::Fail(XlsxError::over(
            "cells",
            format!(
                "the sheet has more than {} non-empty cells (the one past the cap is {})",
                limits.cells,
                cell_name(row, col)
            ),
        )));
    }
    if let Cell::Text(s) | Cell::DateTimeIso(s) = cell {
        let len = s.len() as u64;
        if len > limits.cell_bytes {
            return Err(Flow::Fail(XlsxError::over(
                "cell-bytes",
                format!(
                    "cell {} holds {len} bytes of text, more than the {} allowed",
                    cell_name(row, col),
                    limits.cell_bytes
                ),
            )));
        }
        counts.text_bytes += len;
        if counts.text_bytes > limits.unzipped_bytes {
            return Err(Flow::Fail(XlsxError::over(
                "unzipped-mb",
                format!(
                    "the sheet's cells hold more than {} MiB of text (reached at cell {})",
                    limits.unzipped_bytes >> 20,
                    cell_name(row, col)
                ),
            )));
        }
    }
    visit(row, col, cell);
    Ok(())
}

impl<'c, 'w> SheetParser<'c, 'w> {
    pub fn new(ctx: &'c Ctx<'w>) -> Self {
        SheetParser {
            ctx,
            phase: Phase::Prelude,
            depth: 0,
            row: 0,
            col: 0,
            started: false,
            seen_element: false,
            merged: Vec::new(),
            scratch: String::new(),
            run: String::new(),
            part: "the worksheet".into(),
            counts: Counts::default(),
        }
    }

    /// The caps this sheet is read within.
    pub fn limits(&self) -> Limits {
        self.ctx.limits
    }

    /// True once the parser needs no more input.
    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// The merged regions, once done.
    pub fn finish(self) -> Result<SheetExtras> {
        if self.phase != Phase::Done {
            return Err(XlsxError::new("internal: sheet parse did not finish"));
        }
        Ok(SheetExtras {
            merged: self.merged,
        })
    }

    /// Parses what it can of `buf` (the unconsumed input so far; `eof` when nothing follows)
    /// and returns the number of bytes consumed. With `eof`, everything is consumed or an
    /// error is returned.
    pub fn feed<F>(&mut self, buf: &[u8], eof: bool, visit: &mut F) -> Result<usize>
    where
        F: FnMut(u32, u32, Cell<'_>),
    {
        let mut start = 0;
        if !self.started {
            if buf.len() < 3 && !eof {
                return Ok(0);
            }
            start = skip_bom(buf)?;
            self.started = true;
        }
        let mut rd = Reader::new(buf, start, self.depth, eof).max_depth(self.ctx.limits.xml_depth);
        loop {
            let (pos, depth) = (rd.pos, rd.depth);
            let step = match self.phase {
                Phase::Prelude => self.prelude(&mut rd),
                Phase::Data => self.data(&mut rd, visit),
                Phase::Tail => self.tail(&mut rd),
                Phase::Merge => self.merge(&mut rd),
                Phase::Done => {
                    self.depth = rd.depth;
                    return Ok(rd.pos);
                }
            };
            match step {
                Ok(()) => {}
                Err(Flow::NeedMore) => {
                    self.depth = depth;
                    return Ok(pos);
                }
                Err(Flow::Fail(e)) => return Err(e),
            }
        }
    }

    fn prelude(&mut self, rd: &mut Reader<'_>) -> Step<()> {
        match rd.next()? {
            Ev::Start(e) => {
                let local = local_name(e.name);
                if local == b"dimension" {
                    match attr(e.attrs, b"ref")? {
                        Some(r) => {
                            dimension(r)?;
                        }
                        None => return Err(fail("a <dimension> without ref")),
                    }
                } else if local == b"sheetData" {
                    self.phase = Phase::Data;
                    if e.empty {
                        rd.next()?;
                        self.phase = Phase::Tail;
                    }
                    return Ok(());
                } else if local == b"mergeCells" {
                    return Err(fail("<mergeCells> before <sheetData> is not supported"));
                } else {
                    self.seen_element = true;
                }
                if e.empty {
                    rd.next()?;
                }
            }
            Ev::Eof => {
                if !self.seen_element {
                    return Err(fail("the worksheet part has no elements"));
                }
                // Not a worksheet (a chartsheet, say): calamine returns an empty range.
                self.phase = Phase::Done;
            }
            _ => {}
        }
        Ok(())
    }

    fn data<F>(&mut self, rd: &mut Reader<'_>, visit: &mut F) -> Step<()>
    where
        F: FnMut(u32, u32, Cell<'_>),
    {
        let mut attrs = CellAttrs::default();
        if let Some((after, empty)) = scan_cell_tag(rd.buf, rd.pos, &mut attrs) {
            rd.pos = after;
            if !empty {
                rd.depth += 1;
            }
            return self.cell(rd, &attrs, empty, false, visit);
        }
        match rd.next()? {
            Ev::Start(e) => {
                let local = local_name(e.name);
                if local == b"c" {
                    return self.cell(rd, &cell_attrs(e.attrs)?, e.empty, true, visit);
                }
                if local == b"row" {
                    if let Some(r) = attr(e.attrs, b"r")? {
                        self.row = row_only(r)?;
                    }
                } else if local == b"mergeCells" {
                    return Err(fail("<mergeCells> inside <sheetData> is not supported"));
                }
                if e.empty {
                    rd.next()?;
                    self.end_in_data(local);
                }
            }
            Ev::End(name) => self.end_in_data(local_name(name)),
            Ev::Eof => return Err(fail("unexpected end of XML inside <sheetData>")),
            _ => {}
        }
        Ok(())
    }

    fn end_in_data(&mut self, local: &[u8]) {
        if local == b"row" {
            self.row = self.row.wrapping_add(1);
            self.col = 0;
        } else if local == b"sheetData" {
            self.phase = Phase::Tail;
        }
    }

    /// One whole `<c>` element (its start tag just read: `empty` for `<c/>`, whose synthetic
    /// end tag is still due from the reader when `pending_end`). Nothing is committed or
    /// reported unless the element is complete.
    fn cell<F>(
        &mut self,
        rd: &mut Reader<'_>,
        attrs: &CellAttrs<'_>,
        empty: bool,
        pending_end: bool,
        visit: &mut F,
    ) -> Step<()>
    where
        F: FnMut(u32, u32, Cell<'_>),
    {
        let (row, col) = match attrs.r {
            Some(r) => row_column(r)?,
            None => (self.row, self.col),
        };
        let buf = rd.buf;
        if !empty {
            match fast_shape(buf, rd.pos) {
                Some(Shape::V { start, end, next }) if is_raw_type(attrs.t) => {
                    rd.pos = next;
                    rd.depth -= 1;
                    self.col = col.wrapping_add(1);
                    let v = block_bytes(buf, start, end)?;
                    // The two commonest cases straight to the visitor, the rest via `Val`.
                    match attrs.t {
                        Some(b"s") => {
                            let text = self.ctx.strings.get(parse_index(v).unwrap_or(0));
                            let text = text.ok_or_else(|| fail(MISSING_STRING))?;
                            let limits = &self.ctx.limits;
                            return report(
                                &mut self.counts,
                                limits,
                                (row, col),
                                Cell::Text(text),
                                visit,
                            );
                        }
                        None | Some(b"n") => {
                            if let Some(n) = parse_f64(v) {
                                let cell = number_cell(self.ctx, n, attrs.s);
                                let limits = &self.ctx.limits;
                                return report(&mut self.counts, limits, (row, col), cell, visit);
                            }
                        }
                        _ => {}
                    }
                    let value = raw_value(self.ctx, buf, start, end, attrs)?;
                    if let Some(cell) = value.lend(buf, &self.scratch, self.ctx)? {
                        let limits = &self.ctx.limits;
                        report(&mut self.counts, limits, (row, col), cell, visit)?;
                    }
                    return Ok(());
                }
                Some(Shape::Is { start, end, next }) => {
                    rd.pos = next;
                    rd.depth -= 1;
                    self.col = col.wrapping_add(1);
                    let cell = Cell::Text(as_str(block_bytes(buf, start, end)?)?);
                    let limits = &self.ctx.limits;
                    return report(&mut self.counts, limits, (row, col), cell, visit);
                }
                _ => {}
            }
        }
        let value = if empty {
            if pending_end {
                rd.next()?;
            }
            Val::Empty
        } else {
            cell_body(rd, self.ctx, attrs, &mut self.scratch, &mut self.run)?
        };
        self.col = col.wrapping_add(1);
        if let Some(cell) = value.lend(rd.buf, &self.scratch, self.ctx)? {
            let limits = &self.ctx.limits;
            report(&mut self.counts, limits, (row, col), cell, visit)?;
        }
        Ok(())
    }

    fn tail(&mut self, rd: &mut Reader<'_>) -> Step<()> {
        match rd.next()? {
            Ev::Start(e) => {
                if local_name(e.name) == b"mergeCells" {
                    self.phase = Phase::Merge;
                    if e.empty {
                        rd.next()?;
                        self.phase = Phase::Done;
                    }
                } else if e.empty {
                    rd.next()?;
                }
            }
            Ev::Eof => self.phase = Phase::Done,
            _ => {}
        }
        Ok(())
    }

    fn merge(&mut self, rd: &mut Reader<'_>) -> Step<()> {
        match rd.next()? {
            Ev::Start(e) => {
                let local = local_name(e.name);
                let merge_ref = if local == b"mergeCell" {
                    attr(e.attrs, b"ref")?
                } else {
                    None
                };
                if let Some(r) = merge_ref {
                    let (start, end) = dimension(r)?;
                    for (row, col) in [start, end] {
                        check_position(&self.ctx.limits, row, col)?;
                    }
                    self.merged.push((start, end));
                }
                if e.empty {
                    rd.next()?;
                    if local == b"mergeCells" {
                        self.phase = Phase::Done;
                    }
                }
            }
            Ev::End(name) if local_name(name) == b"mergeCells" => self.phase = Phase::Done,
            Ev::Eof => return Err(fail("unexpected end of XML inside <mergeCells>")),
            _ => {}
        }
        Ok(())
    }
}

fn fail(msg: &str) -> Flow {
    Flow::Fail(XlsxError::new(msg))
}
