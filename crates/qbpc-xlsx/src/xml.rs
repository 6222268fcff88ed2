//! A small pull tokenizer for the XML of xlsx parts, reproducing the events quick-xml 0.42 gives
//! calamine (configured as calamine does: `expand_empty_elements`, no trimming, no end-name
//! check) — and the same well-formedness errors where they can change the outcome:
//!
//! * text runs end at `<` or `&`; a reference must close with `;` before `<`, `&` or the end;
//! * a start tag ends at the first `>` outside quotes; `<x/>` yields `Start` then a synthetic
//!   `End`; the name is everything up to the first XML whitespace;
//! * an end tag's name is trimmed of trailing whitespace; an end tag with no open element is
//!   an error (quick-xml's `UnmatchedEndTag`);
//! * comments, processing instructions and the XML declaration are skipped, CDATA is reported;
//!   a DOCTYPE is refused (entities declared there would change the text).
//!
//! Not a general XML parser: namespaces are handled only the way calamine does (match on the
//! local name after the first `:`), and the caller has validated UTF-8 for the whole buffer.
//! It works on a buffer that may end mid-token: `NeedMore` asks the caller for the next block
//! (see `stream.rs`), which is how one-pass parsing over ~1 MiB inflated blocks works.

use super::{Result, XlsxError};
use crate::Limits;

/// A start tag: name, the raw attribute text after the name, and whether it was `<x/>`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tag<'a> {
    pub name: &'a [u8],
    pub attrs: &'a [u8],
    pub empty: bool,
}

/// One event, as quick-xml would report it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ev<'a> {
    Text(&'a [u8]),
    /// `&name;` (without `&` and `;`); resolved only where calamine resolves it.
    Ref(&'a [u8]),
    Start(Tag<'a>),
    End(&'a [u8]),
    CData(&'a [u8]),
    /// Comment, processing instruction, XML declaration.
    Skip,
    Eof,
}

/// Why parsing stopped without a value: more input is needed, or the input is refused.
#[derive(Debug)]
pub(crate) enum Flow {
    NeedMore,
    Fail(XlsxError),
}

impl From<XlsxError> for Flow {
    fn from(e: XlsxError) -> Self {
        Flow::Fail(e)
    }
}

pub(crate) type Step<T> = std::result::Result<T, Flow>;

/// The local part of a qualified name (after the first `:`), as quick-xml's `local_name`.
#[inline]
pub(crate) fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memchr(b':', name) {
        Some(i) => split_around(name, i).map_or(name, |(_, local)| local),
        None => name,
    }
}

/// `(bytes[..i], bytes[i + 1..])`: the two sides of the byte at `i` (found by a search), or
/// `None` when `i` is not inside `bytes`.
#[inline]
pub(crate) fn split_around(bytes: &[u8], i: usize) -> Option<(&[u8], &[u8])> {
    let (before, from) = bytes.split_at_checked(i)?;
    let (_, after) = from.split_first()?;
    Some((before, after))
}

#[inline]
fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// A cursor over `buf` that yields events. `pos` and `depth` are public so that a caller can
/// save them before a unit and restore them when the unit turns out to be incomplete.
pub(crate) struct Reader<'a> {
    pub buf: &'a [u8],
    pub pos: usize,
    /// Number of open (non-empty) elements, to detect unmatched end tags.
    pub depth: u32,
    /// Whether `buf` ends the document (otherwise running out of bytes means `NeedMore`).
    pub eof: bool,
    pending_end: Option<&'a [u8]>,
    /// Most open elements allowed (the `xml-depth` cap).
    max_depth: u32,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8], pos: usize, depth: u32, eof: bool) -> Self {
        Reader {
            buf,
            pos,
            depth,
            eof,
            pending_end: None,
            max_depth: u32::try_from(Limits::default().xml_depth).unwrap_or(u32::MAX),
        }
    }

    /// The same reader with the `xml-depth` cap `max`.
    pub fn max_depth(mut self, max: u64) -> Self {
        self.max_depth = u32::try_from(max).unwrap_or(u32::MAX);
        self
    }

    fn need_more<T>(&self, what: &str) -> Step<T> {
        if self.eof {
            Err(Flow::Fail(XlsxError::new(format!(
                "unexpected end of XML in {what}"
            ))))
        } else {
            Err(Flow::NeedMore)
        }
    }

    /// The next event.
    pub fn next(&mut self) -> Step<Ev<'a>> {
        if let Some(name) = self.pending_end.take() {
            return Ok(Ev::End(name));
        }
        let buf = self.buf;
        let pos = self.pos;
        let rest = buf.get(pos..).unwrap_or_default();
        match rest {
            [] => {
                if self.eof {
                    Ok(Ev::Eof)
                } else {
                    Err(Flow::NeedMore)
                }
            }
            [b'<', ..] => self.markup(),
            [b'&', after @ ..] => match memchr::memchr3(b';', b'<', b'&', after) {
                Some(i) => match after.split_at_checked(i) {
                    Some((name, [b';', ..])) => {
                        self.pos = pos + 1 + i + 1;
                        Ok(Ev::Ref(name))
                    }
                    _ => Err(Flow::Fail(XlsxError::new(
                        "unclosed reference (a `&` without `;`)",
                    ))),
                },
                None => self.need_more("a reference"),
            },
            _ => match memchr::memchr2(b'<', b'&', rest).and_then(|i| rest.split_at_checked(i)) {
                Some((text, _)) => {
                    self.pos = pos + text.len();
                    Ok(Ev::Text(text))
                }
                None if self.eof => {
                    self.pos = buf.len();
                    Ok(Ev::Text(rest))
                }
                None => Err(Flow::NeedMore),
            },
        }
    }

    fn markup(&mut self) -> Step<Ev<'a>> {
        let pos = self.pos;
        // `rest` starts with the `<` that `next` saw.
        let rest = self.buf.get(pos..).unwrap_or_default();
        let Some((_, body @ [second, tail @ ..])) = rest.split_first() else {
            return self.need_more("a tag");
        };
        match *second {
            b'/' => match memchr::memchr(b'>', tail).and_then(|i| tail.split_at_checked(i)) {
                Some((name, _)) => {
                    let i = name.len();
                    let mut name = name;
                    while let [rest @ .., last] = name {
                        if is_xml_space(*last) {
                            name = rest;
                        } else {
                            break;
                        }
                    }
                    if self.depth == 0 {
                        return Err(Flow::Fail(XlsxError::new(format!(
                            "end tag </{}> without a start tag",
                            String::from_utf8_lossy(name)
                        ))));
                    }
                    self.depth -= 1;
                    self.pos = pos + 2 + i + 1;
                    Ok(Ev::End(name))
                }
                None => self.need_more("an end tag"),
            },
            b'!' => self.bang(),
            b'?' => match memchr::memmem::find(tail, b"?>") {
                Some(i) => {
                    self.pos = pos + 2 + i + 2;
                    Ok(Ev::Skip)
                }
                None => self.need_more("a processing instruction"),
            },
            _ => {
                // A start tag: the first `>` outside quoted attribute values ends it.
                let mut quote = 0u8;
                let mut end = None;
                for i in memchr::memchr3_iter(b'>', b'"', b'\'', body) {
                    let Some(&b) = body.get(i) else { break };
                    if quote == 0 {
                        if b == b'>' {
                            end = Some(i);
                            break;
                        }
                        quote = b;
                    } else if b == quote {
                        quote = 0;
                    }
                }
                // `gt` is the offset of the closing `>` in `body`.
                let Some((gt, (mut content, _))) =
                    end.and_then(|gt| Some((gt, body.split_at_checked(gt)?)))
                else {
                    return self.need_more("a start tag");
                };
                let empty = match content {
                    [head @ .., b'/'] => {
                        content = head;
                        true
                    }
                    _ => false,
                };
                let name_len = content
                    .iter()
                    .position(|&b| is_xml_space(b))
                    .unwrap_or(content.len());
                let (name, attrs) = content.split_at_checked(name_len).unwrap_or((content, &[]));
                let tag = Tag { name, attrs, empty };
                self.pos = pos + 1 + gt + 1;
                if empty {
                    self.pending_end = Some(tag.name);
                } else {
                    if self.depth >= self.max_depth {
                        return Err(Flow::Fail(XlsxError::over(
                            "xml-depth",
                            format!(
                                "XML elements nest deeper than {} levels (at <{}>)",
                                self.max_depth,
                                String::from_utf8_lossy(tag.name)
                            ),
                        )));
                    }
                    self.depth += 1;
                }
                Ok(Ev::Start(tag))
            }
        }
    }

    fn bang(&mut self) -> Step<Ev<'a>> {
        let pos = self.pos;
        let rest = self.buf.get(pos..).unwrap_or_default();
        if let Some(comment) = rest.strip_prefix(b"<!--") {
            return match memchr::memmem::find(comment, b"-->") {
                Some(i) => {
                    self.pos = pos + 4 + i + 3;
                    Ok(Ev::Skip)
                }
                None => self.need_more("a comment"),
            };
        }
        if let Some(cdata) = rest.strip_prefix(b"<![CDATA[") {
            return match memchr::memmem::find(cdata, b"]]>").and_then(|i| cdata.split_at_checked(i))
            {
                Some((text, _)) => {
                    self.pos = pos + 9 + text.len() + 3;
                    Ok(Ev::CData(text))
                }
                None => self.need_more("a CDATA section"),
            };
        }
        // Still a possible prefix of one of the two forms above?
        if (b"<!--".starts_with(rest) || b"<![CDATA[".starts_with(rest)) && !self.eof {
            return Err(Flow::NeedMore);
        }
        if matches!(rest.get(2), Some(b'D' | b'd')) {
            // Entities declared there could expand a few bytes into gigabytes.
            return Err(Flow::Fail(XlsxError::new(
                "a DOCTYPE (document type declaration) is refused: its entities could expand without bound",
            )));
        }
        Err(Flow::Fail(XlsxError::new("malformed `<!` markup")))
    }
}

/// Raw attributes, split exactly as calamine's `attrs::RawAttrIter` splits them: the key runs
/// to `=` (trailing whitespace trimmed), the value is quoted with `"` or `'`, no unescaping.
pub(crate) struct Attrs<'a> {
    raw: &'a [u8],
    pos: usize,
}

impl<'a> Attrs<'a> {
    pub fn new(raw: &'a [u8]) -> Self {
        Attrs { raw, pos: 0 }
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<(&'a [u8], &'a [u8])>;

    fn next(&mut self) -> Option<Self::Item> {
        let len = self.raw.len();
        let rest = self
            .raw
            .get(self.pos..)
            .unwrap_or_default()
            .trim_ascii_start();
        if rest.is_empty() {
            self.pos = len;
            return None;
        }
        let Some((key, after)) = memchr::memchr(b'=', rest).and_then(|i| split_around(rest, i))
        else {
            self.pos = len;
            return Some(Err(XlsxError::new("attribute without `=`")));
        };
        let key = key.trim_ascii_end();
        let (quote, quoted) = match after.trim_ascii_start().split_first() {
            Some((&q @ (b'"' | b'\''), quoted)) => (q, quoted),
            _ => {
                self.pos = len;
                return Some(Err(XlsxError::new("unquoted attribute value")));
            }
        };
        // An unclosed quote runs to the end of the attributes.
        let (value, remaining) = memchr::memchr(quote, quoted)
            .and_then(|i| split_around(quoted, i))
            .unwrap_or((quoted, &[]));
        self.pos = len - remaining.len();
        Some(Ok((key, value)))
    }
}

/// The first attribute named exactly `key` (calamine's `raw_attr`: errors met before it are
/// reported, attributes after it are not examined).
pub(crate) fn attr<'a>(raw: &'a [u8], key: &[u8]) -> Result<Option<&'a [u8]>> {
    for item in Attrs::new(raw) {
        let (k, v) = item?;
        if k == key {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// calamine's `get_attrs!` macro: one pass over the attributes that keeps the last value of
/// each key and stops once `N` matches were counted (a repeated key counts twice).
pub(crate) fn get_attrs<'a, const N: usize>(
    raw: &'a [u8],
    keys: [&str; N],
) -> Result<[Option<&'a [u8]>; N]> {
    let mut out = [None; N];
    let mut found = 0;
    for item in Attrs::new(raw) {
        let (k, v) = item?;
        if let Some((_, slot)) = keys
            .iter()
            .zip(out.iter_mut())
            .find(|(key, _)| key.as_bytes() == k)
        {
            *slot = Some(v);
            found += 1;
            if found == N {
                break;
            }
        }
    }
    Ok(out)
}

/// Text of a validated buffer as `&str` (the whole part was checked as UTF-8 already, but a
/// slice may still be cut mid-character by a bug; report that rather than panic).
#[inline]
pub(crate) fn as_str(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|_| XlsxError::new("text is not valid UTF-8"))
}

/// Skips to the end tag matching `name` (quick-xml `read_to_end_into`: same-name elements
/// nest, everything else is passed over).
pub(crate) fn skip_to_end(rd: &mut Reader<'_>, name: &[u8]) -> Step<()> {
    let mut depth = 0u32;
    loop {
        match rd.next()? {
            Ev::Start(tag) if tag.name == name => depth += 1,
            Ev::End(end) if end == name => {
                if depth == 0 {
                    return Ok(());
                }
                depth -= 1;
            }
            Ev::Eof => {
                return Err(Flow::Fail(XlsxError::new(format!(
                    "unexpected end of XML inside <{}>",
                    String::from_utf8_lossy(name)
                ))));
            }
            _ => {}
        }
    }
}

/// Splits a validated XML part into its UTF-8-valid prefix and whether bytes were cut off
/// because they are not UTF-8 (quick-xml rejects them when it reaches them; parsing may still
/// succeed if it finishes before that point, as calamine's does).
pub(crate) fn utf8_prefix(bytes: &[u8]) -> (&[u8], bool) {
    match std::str::from_utf8(bytes) {
        Ok(_) => (bytes, false),
        Err(e) => (bytes.get(..e.valid_up_to()).unwrap_or_default(), true),
    }
}

/// Checks the start of a part for a byte-order mark: skips a UTF-8 one, refuses UTF-16 ones
/// (quick-xml would detect them, then fail on or misread the text).
pub(crate) fn skip_bom(bytes: &[u8]) -> Result<usize> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(3);
    }
    if bytes.starts_with(&[0xFE, 0xFF])
        || bytes.starts_with(&[0xFF, 0xFE])
        || bytes.starts_with(&[0x00, b'<'])
        || bytes.starts_with(&[b'<', 0x00])
    {
        return Err(XlsxError::new("UTF-16 XML parts are not supported"));
    }
    Ok(0)
}

/// A whole (small) part as a reader, with its UTF-8 check and BOM handled. Returns the reader
/// over the valid prefix and whether the part was cut short by invalid UTF-8 (then reaching
/// the end of the reader is an error, see [`eof_error`]).
pub(crate) fn part_reader(bytes: &[u8], max_depth: u64) -> Result<(Reader<'_>, bool)> {
    let start = skip_bom(bytes)?;
    let (valid, cut) = utf8_prefix(bytes);
    let reader = Reader::new(valid, start.min(valid.len()), 0, true).max_depth(max_depth);
    Ok((reader, cut))
}

/// The error for reaching the end of a part while still expecting `what`.
pub(crate) fn eof_error(what: &str, cut: bool) -> XlsxError {
    if cut {
        XlsxError::new(format!("XML is not valid UTF-8 (while reading {what})"))
    } else {
        XlsxError::new(format!("unexpected end of XML while reading {what}"))
    }
}

/// Turns a `Step` of a whole-part parse (where `NeedMore` cannot happen) into a `Result`.
pub(crate) fn whole<T>(step: Step<T>) -> Result<T> {
    match step {
        Ok(v) => Ok(v),
        Err(Flow::Fail(e)) => Err(e),
        Err(Flow::NeedMore) => Err(XlsxError::new("unexpected end of XML")),
    }
}
