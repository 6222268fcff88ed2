//! Streaming a large UTF-8 CSV in record-aligned chunks, parsed on several threads, with the
//! record semantics of the csv crate (`csv_core`, the parser under it: RFC 4180 quotes, `\r`,
//! `\n` or `\r\n` ends, empty lines skipped). Memory stays bounded by a few chunks in flight.
//!
//! Chunks are cut after a newline with an even number of quotes before it (outside quotes, if
//! the file is well formed). Each chunk is parsed by a fresh reader that must end exactly at a
//! record end; if one does not (a stray quote made the cut land inside a field), the caller
//! is told to rescan sequentially, where every chunk continues where the last complete record
//! ended. A chunk that is not valid UTF-8 stops the scan: such files are read the general way
//! (which decodes GB18030).

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Bytes per chunk.
pub(crate) const CHUNK: usize = 4 << 20;

/// One record: its fields, unescaped. The chunk it came from is valid UTF-8.
pub(crate) struct Record<'a> {
    /// Unescaped field bytes of valid UTF-8 text cut at ASCII delimiters, with `""` turned
    /// into `"`: every field is valid UTF-8 too.
    out: &'a [u8],
    /// Where each field starts and ends in `out` (back to back for csv_core's output; with
    /// the delimiters and quotes between them for a line split in place).
    starts: &'a [usize],
    ends: &'a [usize],
}

impl<'a> Record<'a> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i` as bytes (empty past the end, like a short row of a flexible CSV).
    #[inline]
    pub fn bytes(&self, i: usize) -> &'a [u8] {
        match (self.starts.get(i), self.ends.get(i)) {
            (Some(&start), Some(&end)) => self.out.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Field `i` as text; None past the end.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        if i >= self.ends.len() {
            return None;
        }
        let bytes = self.bytes(i);
        debug_assert!(std::str::from_utf8(bytes).is_ok());
        // SAFETY: `Parser::parse` takes `&str`; a field is a piece of it between ASCII bytes
        // (delimiters, quotes, line ends) with ASCII quotes removed, so it is valid UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    }

    /// The record as a csv crate record (for code written against `csv::StringRecord`),
    /// into `rec` (its buffers reused).
    pub fn fill_string_record(&self, rec: &mut csv::StringRecord) {
        rec.clear();
        for i in 0..self.len() {
            rec.push_field(self.get(i).unwrap_or(""));
        }
    }
}

/// Buffers reused from record to record.
pub(crate) struct Parser {
    delimiter: u8,
    out: Vec<u8>,
    starts: Vec<usize>,
    ends: Vec<usize>,
    core: csv_core::Reader,
}

/// How the parse of a chunk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub records: usize,
    /// Bytes up to the end of the last complete record.
    pub consumed: usize,
    /// Whether the chunk ended at a record end (or at the end of the file).
    pub clean: bool,
}

impl Parser {
    pub fn new(delimiter: u8) -> Self {
        Parser {
            delimiter,
            out: vec![0; 4096],
            starts: Vec::with_capacity(64),
            ends: vec![0; 64],
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
        }
    }

    /// Call `f` on every complete record of `chunk`, which starts at a record start. At the
    /// end of the file (`at_eof`) a last record without a line end is complete too.
    ///
    /// A line without a lone `\r` whose quotes only enclose whole fields (`"a,b",c`: no
    /// doubled quote, no line end inside) is one record, split in place (no copy); anything
    /// else goes through csv_core, record by record.
    pub fn parse(&mut self, chunk: &str, at_eof: bool, mut f: impl FnMut(&Record)) -> Parsed {
        let bytes = chunk.as_bytes();
        let (mut pos, mut records) = (0, 0);
        let mut starts: Vec<usize> = Vec::with_capacity(64);
        let mut ends: Vec<usize> = Vec::with_capacity(64);
        while let Some(rest) = bytes.get(pos..).filter(|r| !r.is_empty()) {
            let Some((mut line, _)) =
                memchr::memchr(b'\n', rest).and_then(|nl| rest.split_at_checked(nl))
            else {
                break;
            };
            let nl = line.len();
            if let [head @ .., b'\r'] = line {
                line = head;
            }
            let split = match memchr::memchr2(b'"', b'\r', line) {
                None => {
                    split_plain(line, self.delimiter, &mut starts, &mut ends);
                    true
                }
                Some(_) => split_quoted(line, self.delimiter, &mut starts, &mut ends),
            };
            if !split {
                // Doubled quotes, a field over several lines, an old Mac line end: the
                // general parser for this record.
                let parsed =
                    self.parse_core(bytes.get(pos..).unwrap_or_default(), at_eof, true, &mut f);
                if parsed.records == 0 {
                    break;
                }
                records += 1;
                pos += parsed.consumed;
                continue;
            }
            pos += nl + 1;
            if line.is_empty() {
                continue; // an empty line is no record
            }
            f(&Record {
                out: line,
                starts: &starts,
                ends: &ends,
            });
            records += 1;
        }
        // The last line without a line end, or a record still open.
        let tail = self.parse_core(bytes.get(pos..).unwrap_or_default(), at_eof, false, &mut f);
        Parsed {
            records: records + tail.records,
            consumed: pos + tail.consumed,
            clean: tail.clean,
        }
    }

    /// csv_core over `chunk` (from a record start): every record, or only the first (`one`).
    fn parse_core(
        &mut self,
        chunk: &[u8],
        at_eof: bool,
        one: bool,
        f: &mut impl FnMut(&Record),
    ) -> Parsed {
        use csv_core::ReadRecordResult as R;
        self.core.reset();
        let core = &mut self.core;
        let (mut pos, mut outlen, mut endlen) = (0, 0, 0);
        let (mut records, mut consumed) = (0, 0);
        loop {
            let input = chunk.get(pos..).unwrap_or_default();
            if input.is_empty() && !at_eof {
                // Never signal the end of input in the middle of the file. Only line ends
                // after the last record (the `\n` of a `\r\n`, empty lines) start no record.
                let tail_is_line_ends = chunk
                    .get(consumed..)
                    .unwrap_or_default()
                    .iter()
                    .all(|&b| b == b'\n' || b == b'\r');
                return Parsed {
                    records,
                    consumed,
                    clean: outlen == 0 && endlen == 0 && tail_is_line_ends,
                };
            }
            let (res, nin, nout, nend) = core.read_record(
                input,
                self.out.get_mut(outlen..).unwrap_or_default(),
                self.ends.get_mut(endlen..).unwrap_or_default(),
            );
            pos += nin;
            outlen += nout;
            endlen += nend;
            match res {
                R::InputEmpty => {}
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => {
                    let ends = self.ends.get(..endlen).unwrap_or_default();
                    self.starts.clear();
                    self.starts.push(0);
                    self.starts
                        .extend_from_slice(ends.split_last().map_or(&[][..], |(_, init)| init));
                    f(&Record {
                        out: self.out.get(..outlen).unwrap_or_default(),
                        starts: &self.starts,
                        ends,
                    });
                    records += 1;
                    consumed = pos;
                    outlen = 0;
                    endlen = 0;
                    if one {
                        return Parsed {
                            records,
                            consumed,
                            clean: true,
                        };
                    }
                }
                R::End => {
                    return Parsed {
                        records,
                        consumed: chunk.len(),
                        clean: true,
                    };
                }
            }
        }
    }
}

/// Fields of a line without quotes: between the delimiters. Survey lines are dense with
/// delimiters (one-byte Likert answers), so they are found eight bytes at a time in a word
/// rather than by a `memchr` call per field.
fn split_plain(line: &[u8], delimiter: u8, starts: &mut Vec<usize>, ends: &mut Vec<usize>) {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    starts.clear();
    ends.clear();
    starts.push(0);
    let pattern = u64::from_ne_bytes([delimiter; 8]);
    let mut words = line.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        #[allow(
            clippy::expect_used,
            reason = "chunks_exact(8) yields slices of exactly eight bytes"
        )]
        let w = u64::from_le_bytes(word.try_into().expect("eight bytes")) ^ pattern;
        // High bit set exactly in the bytes of `w` that are zero (the delimiters): no false
        // positives, unlike the shorter `(w - 0x01..) & !w` test.
        let mut zeros = !((((w & LOW7) + LOW7) | w) | LOW7) & HIGH;
        while zeros != 0 {
            let d = at + zeros.trailing_zeros() as usize / 8;
            ends.push(d);
            starts.push(d + 1);
            zeros &= zeros - 1;
        }
        at += 8;
    }
    for (k, &b) in words.remainder().iter().enumerate() {
        if b == delimiter {
            ends.push(at + k);
            starts.push(at + k + 1);
        }
    }
    ends.push(line.len());
}

/// Fields of a line whose quotes only enclose whole fields, as csv_core reads them (`"a,b"`
/// is `a,b`). False, with the fields undefined, when a quote is anywhere else (doubled, in
/// the middle of a field, unclosed on this line): csv_core decides those.
fn split_quoted(
    line: &[u8],
    delimiter: u8,
    starts: &mut Vec<usize>,
    ends: &mut Vec<usize>,
) -> bool {
    starts.clear();
    ends.clear();
    if memchr::memchr(b'\r', line).is_some() {
        return false;
    }
    let mut at = 0;
    loop {
        let Some(rest) = line.get(at..) else {
            return false;
        };
        if let [b'"', inner @ ..] = rest {
            let Some(close) = memchr::memchr(b'"', inner) else {
                return false;
            };
            let end = at + 1 + close;
            starts.push(at + 1);
            ends.push(end);
            match line.get(end + 1) {
                None => return true,
                Some(&b) if b == delimiter => at = end + 2,
                Some(_) => return false,
            }
        } else {
            let len = memchr::memchr2(delimiter, b'"', rest).unwrap_or(rest.len());
            if rest.get(len) == Some(&b'"') {
                return false;
            }
            starts.push(at);
            ends.push(at + len);
            if at + len == line.len() {
                return true;
            }
            at += len + 1;
        }
    }
}

/// Where to cut `buf`: just after the last newline with an even number of quotes before it.
fn cut(buf: &[u8]) -> Option<usize> {
    let mut quotes = memchr::memchr_iter(b'"', buf).count();
    for (i, &b) in buf.iter().enumerate().rev() {
        match b {
            b'"' => quotes -= 1,
            b'\n' if quotes.is_multiple_of(2) => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// A chunk as text: UTF-8 with no NUL byte. The head of the file is checked for NUL bytes
/// before streaming; a NUL further on would otherwise be read into an answer.
fn text_of(bytes: &[u8]) -> Option<&str> {
    if memchr::memchr(0, bytes).is_some() {
        return None;
    }
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Why a scan stopped early.
#[derive(Debug)]
pub(crate) enum Stop {
    Io(std::io::Error),
    /// A chunk is not UTF-8, or holds a NUL byte (which no text table does): read the file
    /// the general way, which refuses it or reads it in another encoding.
    NotUtf8,
    /// A cut landed inside a quoted field: scan again with `sequential`.
    Misaligned,
}

/// A chunk handed to a worker thread.
struct Chunk {
    pub seq: usize,
    pub bytes: Vec<u8>,
    pub at_eof: bool,
}

/// Stream `input` in chunks to one worker state per thread. `work` parses a chunk (its text
/// and whether it ends the file, with [`Parser::parse`]) and returns its result and how the
/// parse ended; `merge` receives the
/// results in file order. With `sequential`, one thread parses, each chunk continuing at the
/// end of the last complete record (no misalignment possible). Returns the worker states.
pub(crate) fn scan<S, R>(
    input: &mut impl Read,
    chunk: usize,
    states: Vec<S>,
    sequential: bool,
    work: impl Fn(&mut S, &str, bool) -> (R, Parsed) + Sync,
    mut merge: impl FnMut(R),
) -> Result<Vec<S>, Stop>
where
    S: Send,
    R: Send,
{
    if sequential || states.len() < 2 {
        let mut states = states;
        let Some(state) = states.first_mut() else {
            return Err(Stop::Io(std::io::Error::other(
                "no worker state to scan with",
            )));
        };
        scan_sequential(input, chunk, state, &work, &mut merge)?;
        return Ok(states);
    }
    let (job_tx, job_rx) = mpsc::sync_channel::<Chunk>(states.len());
    let job_rx = Arc::new(Mutex::new(job_rx));
    // Results come back with the chunk's buffer, for the reader to fill again.
    let (done_tx, done_rx) = mpsc::channel::<(usize, Result<R, Stop>, Vec<u8>)>();
    std::thread::scope(|s| {
        let work = &work;
        let handles: Vec<_> = states
            .into_iter()
            .map(|mut state| {
                let rx = Arc::clone(&job_rx);
                let tx = done_tx.clone();
                s.spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok(chunk) = job else { break };
                        let out = match text_of(&chunk.bytes) {
                            None => Err(Stop::NotUtf8),
                            Some(text) => {
                                let (r, parsed) = work(&mut state, text, chunk.at_eof);
                                if parsed.clean {
                                    Ok(r)
                                } else {
                                    Err(Stop::Misaligned)
                                }
                            }
                        };
                        if tx.send((chunk.seq, out, chunk.bytes)).is_err() {
                            break;
                        }
                    }
                    state
                })
            })
            .collect();
        drop(done_tx);
        let fed = feed(input, chunk, &job_tx, &done_rx, &mut merge);
        drop(job_tx);
        // After an early stop, drop what the workers still send, so that they can finish.
        while done_rx.recv().is_ok() {}
        let states: Vec<S> = handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect();
        fed?;
        Ok(states)
    })
}

/// Read, cut and send the chunks; merge results as they come back, in order. Returns the
/// number of chunks sent and merged so far (the rest is drained by the caller).
fn feed<R>(
    input: &mut impl Read,
    chunk: usize,
    jobs: &mpsc::SyncSender<Chunk>,
    done: &mpsc::Receiver<(usize, Result<R, Stop>, Vec<u8>)>,
    merge: &mut impl FnMut(R),
) -> Result<usize, Stop> {
    let mut carry: Vec<u8> = Vec::new();
    let mut seq = 0;
    let mut order = Reorder::default();
    // Buffers back from the workers: reused, so that each chunk is not fresh memory to fault in.
    let mut spare: Vec<Vec<u8>> = Vec::new();
    loop {
        let mut next = spare.pop().unwrap_or_default();
        next.clear();
        next.extend_from_slice(&carry);
        let (mut buf, at_eof) = fill(input, next, chunk)?;
        if !at_eof {
            match cut(&buf) {
                Some(at) => {
                    carry = buf.get(at..).unwrap_or_default().to_vec();
                    buf.truncate(at);
                }
                // A record longer than a chunk: read on; many chunks without a cut mean a
                // stray quote upset the count, and a sequential scan keeps memory bounded.
                None if buf.len() > 8 * chunk => return Err(Stop::Misaligned),
                None => {
                    carry = buf;
                    continue;
                }
            }
        }
        if !buf.is_empty() || at_eof {
            jobs.send(Chunk {
                seq,
                bytes: buf,
                at_eof,
            })
            .map_err(|_| Stop::Misaligned)?;
            seq += 1;
        }
        while let Ok((s, r, bytes)) = done.try_recv() {
            spare.push(bytes);
            order.put(s, r, merge)?;
        }
        if at_eof {
            // Wait for the results of everything sent.
            while order.next < seq {
                let Ok((s, r, _)) = done.recv() else { break };
                order.put(s, r, merge)?;
            }
            return Ok(seq);
        }
    }
}

/// Results back in file order.
struct Reorder<R> {
    next: usize,
    waiting: BTreeMap<usize, Result<R, Stop>>,
}

impl<R> Default for Reorder<R> {
    fn default() -> Self {
        Reorder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<R> Reorder<R> {
    fn put(
        &mut self,
        seq: usize,
        r: Result<R, Stop>,
        merge: &mut impl FnMut(R),
    ) -> Result<(), Stop> {
        self.waiting.insert(seq, r);
        while let Some(r) = self.waiting.remove(&self.next) {
            merge(r?);
            self.next += 1;
        }
        Ok(())
    }
}

/// `carry` followed by up to one chunk of fresh bytes; true at the end of the input.
fn fill(input: &mut impl Read, mut buf: Vec<u8>, chunk: usize) -> Result<(Vec<u8>, bool), Stop> {
    let start = buf.len();
    buf.reserve(chunk);
    // `read_to_end` reads into the spare capacity without zeroing it first.
    let n = input
        .take(chunk as u64)
        .read_to_end(&mut buf)
        .map_err(Stop::Io)?;
    debug_assert_eq!(buf.len(), start + n);
    Ok((buf, n < chunk))
}

fn scan_sequential<S, R>(
    input: &mut impl Read,
    chunk_len: usize,
    state: &mut S,
    work: &impl Fn(&mut S, &str, bool) -> (R, Parsed),
    merge: &mut impl FnMut(R),
) -> Result<(), Stop> {
    let mut carry = Vec::new();
    loop {
        let (mut buf, at_eof) = fill(input, std::mem::take(&mut carry), chunk_len)?;
        // Cut at a line end so that UTF-8 can be checked; the parse decides the real end.
        let end = if at_eof {
            buf.len()
        } else {
            buf.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
        };
        if end == 0 && !at_eof {
            carry = buf;
            continue;
        }
        let rest = buf.split_off(end);
        let Some(text) = text_of(&buf) else {
            return Err(Stop::NotUtf8);
        };
        let (r, parsed) = work(state, text, at_eof);
        merge(r);
        if at_eof {
            return Ok(());
        }
        carry = buf.split_off(parsed.consumed);
        carry.extend_from_slice(&rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(data: &str, at_eof: bool) -> (Vec<Vec<String>>, Parsed) {
        let mut p = Parser::new(b',');
        let mut out = Vec::new();
        let parsed = p.parse(data, at_eof, |r| {
            out.push(
                (0..r.len())
                    .map(|i| r.get(i).unwrap().to_string())
                    .collect(),
            )
        });
        (out, parsed)
    }

    /// The records the csv crate reads from `data` (the reference of these tests).
    fn csv_crate_records(data: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(data.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn parses_like_the_csv_crate() {
        let data = "a,\"b,\"\"c\"\"\"\r\n\n\"multi\nline\",x\nlast,row";
        let (recs, parsed) = records(data, true);
        assert_eq!(recs, csv_crate_records(data));
        assert_eq!(parsed.records, 3);
        assert!(parsed.clean);
    }

    /// The word-at-a-time split finds every delimiter, at every position and next to every
    /// byte value.
    #[test]
    fn plain_lines_split_at_every_delimiter() {
        let mut line: Vec<u8> = (0u8..=255).filter(|&b| b != b',').collect();
        for at in [0, 1, 7, 8, 9, 15, 16, 17, 100, 253] {
            line.insert(at, b',');
        }
        for len in 0..line.len() {
            let part = &line[..len];
            let (mut s, mut e) = (Vec::new(), Vec::new());
            split_plain(part, b',', &mut s, &mut e);
            let mut want_s = vec![0];
            let mut want_e = Vec::new();
            for (i, &b) in part.iter().enumerate() {
                if b == b',' {
                    want_e.push(i);
                    want_s.push(i + 1);
                }
            }
            want_e.push(part.len());
            assert_eq!((s, e), (want_s, want_e), "length {len}");
        }
    }

    /// Lines whose quotes enclose whole fields are split in place; the fields are those of the
    /// csv crate, on every shape of quoting around them.
    #[test]
    fn quoted_fields_split_in_place_like_the_csv_crate() {
        let data = concat!(
            "\"U1\",\"914.8\",\"NA\"\n",
            "\"a,b\",,\"\"\n",
            "x,\"y\"\n",
            "\"\",\"\"\r\n",
            "ab\"c,d\n",
            "\"q\"x,y\n",
            " \"s\",t\n",
            "\"two\nlines\",z\n",
            "\"dq\"\"\",w\n",
            "\"last\",\"row\""
        );
        let (recs, _) = records(data, true);
        assert_eq!(recs, csv_crate_records(data));
        let (mut s, mut e) = (Vec::new(), Vec::new());
        assert!(split_quoted(b"\"a,b\",,\"\"", b',', &mut s, &mut e));
        assert_eq!((s, e), (vec![1, 6, 8], vec![4, 6, 8]));
    }

    #[test]
    fn a_cut_inside_quotes_is_not_clean() {
        let (_, parsed) = records("a,b\r\nc,d\r\n", false);
        assert!(parsed.clean, "a CRLF file cut after its LF");
        let (recs, parsed) = records("a,b\n\"open\n", false);
        assert_eq!(recs.len(), 1);
        assert_eq!((parsed.consumed, parsed.clean), (4, false));
        let (_, parsed) = records("a,b\nc,d\n", false);
        assert!(parsed.clean);
    }

    #[test]
    fn cuts_after_a_newline_outside_quotes() {
        assert_eq!(cut(b"a\nb\"x\ny\"\nc"), Some(9));
        assert_eq!(cut(b"a\"\nb"), None);
    }

    /// Every chunking (parallel or sequential, tiny chunks) gives the records of one pass.
    #[test]
    fn chunked_scans_agree_with_one_pass() {
        let mut data = String::new();
        for i in 0..5000 {
            data.push_str(&format!("{i},\"q,\"\"{i}\"\"\",\"two\nlines\",x\n"));
            if i % 7 == 0 {
                data.push('\n');
            }
        }
        let (whole, _) = records(&data, true);
        for sequential in [false, true] {
            let mut got: Vec<Vec<String>> = Vec::new();
            let states = vec![Parser::new(b','), Parser::new(b',')];
            scan(
                &mut data.as_bytes(),
                1000,
                states,
                sequential,
                |p, text, at_eof| {
                    let mut recs = Vec::new();
                    let parsed = p.parse(text, at_eof, |r| {
                        recs.push(
                            (0..r.len())
                                .map(|i| r.get(i).unwrap().to_string())
                                .collect(),
                        )
                    });
                    (recs, parsed)
                },
                |recs: Vec<Vec<String>>| got.extend(recs),
            )
            .unwrap();
            assert_eq!(got, whole, "sequential = {sequential}");
        }
    }

    /// A stray quote in an unquoted field (`ab"c` is literal text) fools the quote count: the
    /// parallel scan says so (here the cut lands inside the later quoted field), and the
    /// sequential scan reads it right.
    #[test]
    fn a_stray_quote_asks_for_a_sequential_scan() {
        let mut data = String::from("h1,h2\n");
        for i in 0..400 {
            data.push_str(&format!("{i},x\n"));
        }
        data.push_str("ab\"c,y\n");
        for i in 0..100 {
            data.push_str(&format!("{i},\"two\nlines\"\n"));
        }
        for i in 0..2000 {
            data.push_str(&format!("{i},z\n"));
        }
        let (whole, _) = records(&data, true);
        let run = |sequential: bool| {
            let mut got = Vec::new();
            let states = vec![Parser::new(b','), Parser::new(b',')];
            scan(
                &mut data.as_bytes(),
                1000,
                states,
                sequential,
                |p, text, at_eof| {
                    let mut n = Vec::new();
                    let parsed = p.parse(text, at_eof, |r| n.push(r.get(0).unwrap().to_string()));
                    (n, parsed)
                },
                |n: Vec<String>| got.extend(n),
            )
            .map(|_| got)
        };
        assert!(matches!(run(false), Err(Stop::Misaligned)));
        let firsts: Vec<String> = whole.iter().map(|r| r[0].clone()).collect();
        assert_eq!(run(true).unwrap(), firsts);
    }
}
