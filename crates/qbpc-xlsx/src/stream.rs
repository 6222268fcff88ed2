//! Feeding a worksheet part to the parser: stored parts and small deflated parts in one go,
//! large deflated parts through a second thread that inflates while this one parses.
//!
//! Why two threads: a sheet is one deflate stream, and inflating 90 MB of XML costs about as
//! much as scanning it, so overlapping the two nearly halves the wall time on two cores. The
//! inflater sends ~1 MiB blocks over a bounded channel (so memory stays a few MiB whatever the
//! sheet size) and gets the emptied buffers back for reuse. It also checks UTF-8 as it goes,
//! carrying a character cut by a block boundary into the next block, so every block the
//! parser sees is whole UTF-8, and keeps the CRC-32 that is compared with the archive's once
//! the stream has been inflated to its end (as zip's reader does for calamine).
//!
//! Below [`THREAD_THRESHOLD`] compressed bytes a thread costs more than it saves (the
//! 40-respondent fixtures are a few KiB), so the part is inflated into one buffer instead.

use super::cells::Ctx;
use super::sheet_xml::SheetParser;
use super::xml::utf8_prefix;
use super::zip_parts::{Entry, Method, check_inflated};
use super::{Cell, Result, SheetExtras, XlsxError};
use crate::Limits;
use flate2::{Decompress, FlushDecompress, Status};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

/// Compressed size from which the sheet is inflated on a second thread.
pub(crate) const THREAD_THRESHOLD: usize = 1 << 20;

/// Size of an inflated block.
pub(crate) const BLOCK: usize = 1 << 20;

/// Blocks in flight between the threads.
const IN_FLIGHT: usize = 3;

/// Parses the sheet part `entry` and reports its cells to `visit`.
pub(crate) fn read_sheet_entry<F>(
    entry: &Entry<'_>,
    ctx: &Ctx<'_>,
    visit: &mut F,
) -> Result<SheetExtras>
where
    F: FnMut(u32, u32, Cell<'_>),
{
    let mut parser = SheetParser::new(ctx);
    parser.part.clone_from(&entry.name);
    if entry.method == Method::Deflated && entry.data.len() >= THREAD_THRESHOLD {
        feed_threaded(&mut parser, entry.data, Some(entry.crc32), BLOCK, visit)?;
    } else {
        feed_whole(&mut parser, &entry.bytes()?, visit)?;
    }
    parser.finish()
}

/// The whole part is in memory: one feed, up to the first byte that is not UTF-8.
pub(crate) fn feed_whole<F>(
    parser: &mut SheetParser<'_, '_>,
    xml: &[u8],
    visit: &mut F,
) -> Result<()>
where
    F: FnMut(u32, u32, Cell<'_>),
{
    let (valid, cut) = utf8_prefix(xml);
    parser.feed(valid, !cut, visit)?;
    if !parser.is_done() {
        return Err(not_utf8());
    }
    Ok(())
}

/// The refusal of a tag, text run or cell that goes on past `unit` bytes.
pub(crate) fn unit_too_long(parser: &SheetParser<'_, '_>, unit: usize) -> XlsxError {
    XlsxError::over(
        "cell-bytes",
        format!(
            "{:?} has one tag, text or cell longer than {unit} bytes of XML (the cap on a cell's text is {} bytes)",
            parser.part,
            parser.limits().cell_bytes
        ),
    )
}

fn not_utf8() -> XlsxError {
    XlsxError::new("the worksheet XML is not valid UTF-8")
}

/// What the inflater sends.
enum Msg {
    /// Whole UTF-8 text.
    Block(Vec<u8>),
    /// The stream goes on with bytes that are not UTF-8: nothing more will come.
    NotUtf8,
    /// Inflating failed.
    Failed(XlsxError),
}

/// Feeds `xml` (already in memory) in blocks of `block` bytes, to exercise the carry-over
/// logic the same way the threaded path does (used by the tests with every block size).
#[cfg(test)]
pub(crate) fn feed_in_blocks<F>(
    parser: &mut SheetParser<'_, '_>,
    xml: &[u8],
    block: usize,
    visit: &mut F,
) -> Result<()>
where
    F: FnMut(u32, u32, Cell<'_>),
{
    let (valid, cut) = utf8_prefix(xml);
    let mut work = Vec::new();
    let mut start = 0;
    for chunk in valid.chunks(block.max(1)) {
        if parser.is_done() {
            return Ok(());
        }
        work.drain(..start);
        work.extend_from_slice(chunk);
        start = parser.feed(&work, false, visit)?;
    }
    if parser.is_done() {
        return Ok(());
    }
    let tail = work
        .get(start..)
        .ok_or_else(|| XlsxError::new("the sheet parser consumed past its buffer"))?;
    parser.feed(tail, !cut, visit)?;
    if !parser.is_done() {
        return Err(not_utf8());
    }
    Ok(())
}

/// Inflates `raw` on a scoped thread and parses the blocks here as they arrive; `crc32`, if
/// given, is checked when the stream has been inflated to its end.
pub(crate) fn feed_threaded<F>(
    parser: &mut SheetParser<'_, '_>,
    raw: &[u8],
    crc32: Option<u32>,
    block: usize,
    visit: &mut F,
) -> Result<()>
where
    F: FnMut(u32, u32, Cell<'_>),
{
    let limits = parser.limits();
    let part = parser.part.clone();
    std::thread::scope(|scope| {
        let (tx, rx) = sync_channel::<Msg>(IN_FLIGHT);
        let (back_tx, back_rx) = channel::<Vec<u8>>();
        let inflater = scope.spawn(move || {
            inflate_blocks(raw, crc32, block, (&limits, &part), &tx, &back_rx);
        });
        let parsed = consume(parser, rx, back_tx, block, visit);
        // `rx` is gone: a still-running inflater stops at its next send.
        match inflater.join() {
            Ok(()) => parsed,
            Err(_) => Err(XlsxError::new("the inflate thread panicked")),
        }
    })
}

fn consume<F>(
    parser: &mut SheetParser<'_, '_>,
    rx: Receiver<Msg>,
    back: std::sync::mpsc::Sender<Vec<u8>>,
    block: usize,
    visit: &mut F,
) -> Result<()>
where
    F: FnMut(u32, u32, Cell<'_>),
{
    let unit = usize::try_from(parser.limits().unit_bytes()).unwrap_or(usize::MAX);
    let mut work: Vec<u8> = Vec::with_capacity(2 * block);
    let mut start = 0;
    let mut cut = false;
    for msg in rx.iter() {
        match msg {
            Msg::Block(data) => {
                // Keep only the unconsumed tail (a partial cell), then append.
                work.drain(..start);
                work.extend_from_slice(&data);
                // The inflater may have finished; then the buffer is simply dropped.
                let _ = back.send(data);
                start = parser.feed(&work, false, visit)?;
                if parser.is_done() {
                    return Ok(());
                }
                // What is left is one unit still incomplete: bounded by the cell-length cap.
                if work.len() - start > unit {
                    return Err(unit_too_long(parser, unit));
                }
            }
            Msg::NotUtf8 => {
                cut = true;
                break;
            }
            Msg::Failed(e) => return Err(e),
        }
    }
    let tail = work
        .get(start..)
        .ok_or_else(|| XlsxError::new("the sheet parser consumed past its buffer"))?;
    parser.feed(tail, !cut, visit)?;
    if !parser.is_done() {
        return Err(not_utf8());
    }
    Ok(())
}

/// The inflater: raw deflate `raw` into blocks of about `block` bytes, each ending on a
/// character boundary (the cut character's bytes open the next block).
fn inflate_blocks(
    raw: &[u8],
    crc32: Option<u32>,
    block: usize,
    (limits, part): (&Limits, &str),
    tx: &SyncSender<Msg>,
    back: &Receiver<Vec<u8>>,
) {
    let mut inflater = Decompress::new(false);
    let mut crc = flate2::Crc::new();
    let mut carry: Vec<u8> = Vec::with_capacity(4);
    loop {
        let mut out = back
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(block));
        out.clear();
        out.extend_from_slice(&carry);
        carry.clear();
        // Room for at least one whole character after a carried partial one.
        if out.capacity() - out.len() < 4 {
            out.reserve(4);
        }
        let fresh = out.len();
        let mut ended = false;
        while out.len() < out.capacity() {
            let in_before = inflater.total_in();
            let out_before = out.len();
            let consumed = usize::try_from(in_before).unwrap_or(usize::MAX);
            let input = raw.get(consumed..).unwrap_or_default();
            let step = inflater.decompress_vec(input, &mut out, FlushDecompress::None);
            if let Err(e) = check_inflated(inflater.total_out(), inflater.total_in(), limits, part)
            {
                let _ = tx.send(Msg::Failed(e));
                return;
            }
            match step {
                Ok(Status::StreamEnd) => {
                    ended = true;
                    break;
                }
                Ok(Status::Ok | Status::BufError) => {
                    if inflater.total_in() == in_before && out.len() == out_before {
                        let _ = tx.send(Msg::Failed(XlsxError::new(
                            "the worksheet's deflate stream is truncated",
                        )));
                        return;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Msg::Failed(XlsxError::new(format!(
                        "cannot inflate the worksheet: {e}"
                    ))));
                    return;
                }
            }
        }
        // `out` only grew since `fresh` was taken (a miss would fail the CRC check below).
        crc.update(out.get(fresh..).unwrap_or_default());
        if ended && crc32.is_some_and(|want| want != crc.sum()) {
            let _ = tx.send(Msg::Failed(XlsxError::new(
                "the worksheet fails its CRC-32 check",
            )));
            return;
        }
        match std::str::from_utf8(&out) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() && !ended => {
                // A character cut by the block end: move its bytes to the next block.
                carry.extend_from_slice(out.get(e.valid_up_to()..).unwrap_or_default());
                out.truncate(e.valid_up_to());
            }
            Err(e) => {
                out.truncate(e.valid_up_to());
                let _ = tx.send(Msg::Block(out));
                let _ = tx.send(Msg::NotUtf8);
                return;
            }
        }
        if tx.send(Msg::Block(out)).is_err() {
            return; // the parser is done or failed
        }
        if ended {
            return;
        }
    }
}
