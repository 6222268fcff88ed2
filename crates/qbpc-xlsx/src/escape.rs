//! The three kinds of escaping a cell's text goes through, each exactly as calamine / quick-xml
//! 0.42 apply it:
//!
//! * XML references in text (`&amp;`, `&#13;`, `&#x4E2D;`): quick-xml's `resolve_xml_entity`
//!   then `BytesRef::resolve_char_ref` (calamine `utils::unescape_entity_to_buffer`);
//!   anything else is an error, as there.
//! * references in attribute values (sheet names, number format codes): quick-xml's
//!   `escape::unescape` (calamine `attrs::decode_attr`).
//! * Excel's own `_xHHHH_` escapes of UTF-16 code units (`_x000D_` for a carriage return),
//!   decoded by calamine's `utils::unescape_xml` in shared/inline strings and `t="str"` cells
//!   (not in `t="d"` ones, and not in the raw `<v>` of numbers), ported here verbatim.
//!
//! Plus quick-xml's XML 1.0 end-of-line normalisation of text (`\r\n` and `\r` become `\n`),
//! which happens before references are resolved, so `&#13;` survives as `\r`.

use super::{Result, XlsxError};
use std::borrow::Cow;

/// Appends the replacement of the reference `&name;` (`name` without `&` and `;`).
pub(crate) fn push_reference(name: &[u8], out: &mut String) -> Result<()> {
    match name {
        b"lt" => out.push('<'),
        b"gt" => out.push('>'),
        b"amp" => out.push('&'),
        b"apos" => out.push('\''),
        b"quot" => out.push('"'),
        [b'#', num @ ..] => out.push(char_reference(num)?),
        _ => {
            return Err(XlsxError::new(format!(
                "unrecognised entity &{};",
                String::from_utf8_lossy(name)
            )));
        }
    }
    Ok(())
}

/// quick-xml's `parse_number`: `x` (lower case only) then hex digits, or decimal digits; no
/// sign; not zero; a valid `char`.
fn char_reference(num: &[u8]) -> Result<char> {
    let (digits, radix) = match num {
        [b'x', hex @ ..] => (hex, 16),
        _ => (num, 10),
    };
    let bad = || {
        XlsxError::new(format!(
            "invalid character reference &#{};",
            String::from_utf8_lossy(num)
        ))
    };
    if matches!(digits.first(), None | Some(b'+' | b'-')) {
        return Err(bad());
    }
    let text = std::str::from_utf8(digits).map_err(|_| bad())?;
    let code = u32::from_str_radix(text, radix).map_err(|_| bad())?;
    if code == 0 {
        return Err(bad());
    }
    char::from_u32(code).ok_or_else(bad)
}

/// quick-xml `escape::unescape` of a raw attribute value: every `&` must close with `;`
/// before the next `&`.
pub(crate) fn unescape_attr(raw: &str) -> Result<Cow<'_, str>> {
    if memchr::memchr(b'&', raw.as_bytes()).is_none() {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut pieces = raw.split('&');
    out.push_str(pieces.next().unwrap_or_default());
    // Each piece follows an `&`: the entity up to the first `;`, then plain text.
    for piece in pieces {
        let Some((entity, text)) = piece.split_once(';') else {
            return Err(XlsxError::new(format!(
                "unterminated entity in attribute value {raw:?}"
            )));
        };
        push_reference(entity.as_bytes(), &mut out)?;
        out.push_str(text);
    }
    Ok(Cow::Owned(out))
}

/// Appends `text` with XML 1.0 end-of-line normalisation (quick-xml `xml10_content`).
pub(crate) fn push_xml10(out: &mut String, text: &str) {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        out.push_str(text);
        return;
    }
    let mut pieces = text.split('\r');
    out.push_str(pieces.next().unwrap_or_default());
    // Each piece follows a `\r`: `\r` and `\r\n` both become `\n`.
    for piece in pieces {
        out.push('\n');
        out.push_str(piece.strip_prefix('\n').unwrap_or(piece));
    }
}

const ESCAPE_LEN: usize = 7; // "_xHHHH_"

/// calamine `utils::unescape_xml`: decodes `_xHHHH_` UTF-16 escapes (surrogate pairs joined,
/// lone surrogates become U+FFFD). Borrows when there is nothing to decode.
pub(crate) fn unescape_underscore(original: &str) -> Cow<'_, str> {
    let Some((mut index, mut unit)) = find_escape(original, 0) else {
        return Cow::Borrowed(original);
    };
    let mut out = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        // `copied <= index` are offsets of ASCII bytes (an `_` or just past an escape), so
        // `get` always succeeds; it only stands in for an index that could panic.
        out.push_str(original.get(copied..index).unwrap_or_default());
        index += ESCAPE_LEN;
        match unit {
            0xD800..=0xDBFF => match parse_escape(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += ESCAPE_LEN;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find_escape(original, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    out.push_str(original.get(copied..).unwrap_or_default());
    Cow::Owned(out)
}

/// True when `text` may hold an `_xHHHH_` escape (a cheap pre-check for the hot path).
#[inline]
pub(crate) fn may_have_underscore_escape(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"_x").is_some()
}

fn find_escape(original: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = memchr::memchr(b'_', original.as_bytes().get(start..)?) {
        let index = start + offset;
        if let Some(unit) = parse_escape(original, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_escape(original: &str, index: usize) -> Option<u16> {
    let &[b'_', b'x', h1, h2, h3, h4, b'_'] = original.as_bytes().get(index..index + ESCAPE_LEN)?
    else {
        return None;
    };
    let mut unit = 0u16;
    for b in [h1, h2, h3, h4] {
        let digit = (b as char).to_digit(16)?;
        unit = unit * 16 + digit as u16;
    }
    Some(unit)
}
