//! The shared-string table (`xl/sharedStrings.xml`), parsed once into one `String` arena plus
//! end offsets, so that a `t="s"` cell is a borrowed `&str` and the table is two allocations
//! instead of one per string.
//!
//! The string grammar (`<si>` here, `<is>` in inline-string cells) is calamine's
//! `read_string_with_bufs`: plain `<t>` and rich-text `<r><t>` runs are concatenated in file
//! order, `<t>` inside phonetic `<rPh>` runs is ignored, a `<t>` without
//! `xml:space="preserve"` is trimmed of ASCII spaces/tabs/CR/LF, and each run then has its
//! `_xHHHH_` escapes decoded.

use super::escape::{push_reference, push_xml10, unescape_underscore};
use super::xml::{Ev, Flow, Reader, Step, as_str, attr, eof_error, local_name, part_reader, whole};
use super::{Result, XlsxError};

/// All shared strings, `get(i)` being `arena[ends[i-1]..ends[i]]`.
#[derive(Debug, Default)]
pub(crate) struct SharedStrings {
    arena: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    /// The `i`-th string, or `None` past the end of the table.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(prev) => *self.ends.get(prev)?,
            None => 0,
        };
        self.arena.get(start..end)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// calamine `Xlsx::read_shared_strings`.
    pub fn parse(bytes: &[u8], max_depth: u64) -> Result<SharedStrings> {
        let (mut rd, cut) = part_reader(bytes, max_depth)?;
        let mut table = SharedStrings::default();
        loop {
            match whole(rd.next())? {
                Ev::Start(e) if local_name(e.name) == b"sst" => {
                    let count = attr(e.attrs, b"uniqueCount")?;
                    if let Some(n) = count.and_then(super::numbers::parse_index) {
                        // The count is the file's word: reserve no more than its bytes can hold.
                        table.ends.reserve(n.min(bytes.len() / 8));
                    }
                    break;
                }
                Ev::Eof => return Err(eof_error("sst", cut)),
                _ => {}
            }
        }
        table.arena.reserve(bytes.len() / 2);
        let mut run = String::new();
        loop {
            match whole(rd.next())? {
                Ev::Start(e) if local_name(e.name) == b"si" => {
                    whole(read_string(&mut rd, e.name, &mut table.arena, &mut run))?;
                    table.ends.push(table.arena.len());
                }
                Ev::End(e) if local_name(e) == b"sst" => break,
                Ev::Eof => return Err(eof_error("sst", cut)),
                _ => {}
            }
        }
        Ok(table)
    }
}

/// Appends to `out` the string of the element just opened with qualified name `closing`
/// (`<si>` or `<is>`), reading through its end tag. `run` is scratch space for one `<t>`.
pub(crate) fn read_string(
    rd: &mut Reader<'_>,
    closing: &[u8],
    out: &mut String,
    run: &mut String,
) -> Step<()> {
    let mut phonetic = false;
    loop {
        match rd.next()? {
            Ev::Start(e) if local_name(e.name) == b"rPh" => phonetic = true,
            Ev::End(e) if e == closing => return Ok(()),
            Ev::End(e) if local_name(e) == b"rPh" => phonetic = false,
            Ev::Start(e) if local_name(e.name) == b"t" && !phonetic => {
                let preserve = attr(e.attrs, b"xml:space")? == Some(b"preserve".as_slice());
                run.clear();
                loop {
                    match rd.next()? {
                        Ev::Text(t) | Ev::CData(t) => push_xml10(run, as_str(t)?),
                        Ev::Ref(r) => push_reference(r, run)?,
                        Ev::End(end) if end == e.name => break,
                        Ev::Eof => return Err(Flow::Fail(eof_error("t", false))),
                        _ => {}
                    }
                }
                let value = if preserve {
                    run.as_str()
                } else {
                    run.trim_matches([' ', '\t', '\r', '\n'])
                };
                out.push_str(&unescape_underscore(value));
            }
            Ev::Eof => {
                return Err(Flow::Fail(XlsxError::new(
                    "unexpected end of XML inside a string",
                )));
            }
            _ => {}
        }
    }
}
