//! The hot path: the spellings nearly every cell has, recognised by byte position without the
//! event machinery of `xml.rs`.
//!
//! Why: a 100,000 x 30 sheet is three million `<c r="AB12" t="s"><v>123</v></c>` elements; going
//! through general events costs several times the inflate time, these checks a fraction of it.
//! Every function here only *recognises*: anything not in the exact expected shape (or cut by
//! the end of the block) returns `None`, and the general path in `cells.rs` reads the same
//! bytes the calamine way, so the fast path can decline but never decide differently.

use super::cells::CellAttrs;
use super::escape::may_have_underscore_escape;

/// The start tag of a cell in its usual spelling, `<c r="A1" s="2" t="s">` (single spaces or
/// more, plain ASCII keys, quoted values), read in one pass: the attributes (into `attrs`),
/// the position after the tag, and whether it was `<c .../>`. Any other spelling — or a tag cut by the end of the
/// buffer — returns `None` and goes through the general tokenizer, which reads it the same
/// way or reports the error.
#[inline(always)]
pub(crate) fn scan_cell_tag<'a>(
    buf: &'a [u8],
    pos: usize,
    attrs: &mut CellAttrs<'a>,
) -> Option<(usize, bool)> {
    if buf.get(pos) != Some(&b'<') || buf.get(pos + 1) != Some(&b'c') {
        return None;
    }
    let mut i = pos + 2;
    loop {
        match *buf.get(i)? {
            b'>' => return Some((i + 1, false)),
            b'/' => return (buf.get(i + 1) == Some(&b'>')).then_some((i + 2, true)),
            b' ' => {
                while buf.get(i) == Some(&b' ') {
                    i += 1;
                }
                if matches!(buf.get(i), Some(b'>' | b'/')) {
                    continue;
                }
                let key_start = i;
                while buf
                    .get(i)
                    .is_some_and(|&k| k.is_ascii_alphanumeric() || matches!(k, b':' | b'_' | b'-'))
                {
                    i += 1;
                }
                if i == key_start || buf.get(i) != Some(&b'=') {
                    return None;
                }
                let key = buf.get(key_start..i)?;
                let quote = *buf.get(i + 1)?;
                if quote != b'"' && quote != b'\'' {
                    return None;
                }
                let value_start = i + 2;
                let mut j = value_start;
                while *buf.get(j)? != quote {
                    j += 1;
                }
                let value = buf.get(value_start..j)?;
                i = j + 1;
                let slot = match key {
                    b"r" => &mut attrs.r,
                    b"s" => &mut attrs.s,
                    b"t" => &mut attrs.t,
                    _ => continue,
                };
                if slot.replace(value).is_some() {
                    return None; // repeated: the general path reports it
                }
            }
            _ => return None,
        }
    }
}

/// The two shapes nearly every cell body has.
pub(crate) enum Shape {
    /// `<v>raw</v></c>`: the raw text at `start..end`, never empty, without `&`.
    V {
        start: usize,
        end: usize,
        next: usize,
    },
    /// `<is><t>text</t></is></c>`: the trimmed text at `start..end`, without `&`, CR or `_x`.
    Is {
        start: usize,
        end: usize,
        next: usize,
    },
}

/// The first `<` or `&` at or after `from`: a plain loop for the few bytes a value usually
/// has (cheaper than setting up a vector search), `memchr2` beyond that.
#[inline(always)]
fn find_lt_or_amp(buf: &[u8], from: usize) -> Option<usize> {
    let near = buf.get(from..)?;
    for (i, &b) in near.iter().take(16).enumerate() {
        if b == b'<' || b == b'&' {
            return Some(from + i);
        }
    }
    if near.len() <= 16 {
        return None;
    }
    memchr::memchr2(b'<', b'&', near.get(16..)?).map(|i| from + 16 + i)
}

/// Recognises the two shapes nearly every cell body has, by position only (numbers,
/// shared-string indices, booleans and errors in `<v>`; inline strings as openpyxl and others
/// write them). Anything else — or a shape cut by the end of the buffer — returns `None` for
/// the general path, which reads the same bytes the calamine way.
#[inline(always)]
pub(crate) fn fast_shape(buf: &[u8], p: usize) -> Option<Shape> {
    let rest = buf.get(p..)?;
    if rest.starts_with(b"<v>") {
        let start = p + 3;
        let end = find_lt_or_amp(buf, start)?;
        let i = end - start;
        if i > 0 && buf.get(end..)?.starts_with(b"</v></c>") {
            return Some(Shape::V {
                start,
                end,
                next: end + 8,
            });
        }
    } else if rest.starts_with(b"<is><t>") {
        let s = p + 7;
        let after = buf.get(s..)?;
        let i = memchr::memchr3(b'<', b'&', b'\r', after)?;
        let lt = s + i;
        let (seg, close) = after.split_at_checked(i)?;
        if close.starts_with(b"</t></is></c>") && !may_have_underscore_escape(seg) {
            let is_trim = |b: &u8| matches!(b, b' ' | b'\t' | b'\n');
            let lead = seg.iter().position(|b| !is_trim(b)).unwrap_or(seg.len());
            let trail = seg
                .iter()
                .rposition(|b| !is_trim(b))
                .map_or(lead, |i| i + 1);
            return Some(Shape::Is {
                start: s + lead,
                end: s + trail,
                next: lt + 13,
            });
        }
    }
    None
}
