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
    if digits.is_empty() || matches!(digits[0], b'+' | b'-') {
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
    let bytes = raw.as_bytes();
    let Some(first) = memchr::memchr(b'&', bytes) else {
        return Ok(Cow::Borrowed(raw));
    };
    let mut out = String::with_capacity(raw.len());
    out.push_str(&raw[..first]);
    let mut pos = first;
    while pos < bytes.len() {
        // `pos` is at an `&`.
        let rest = &bytes[pos + 1..];
        let end = match memchr::memchr2(b'&', b';', rest) {
            Some(i) if rest[i] == b';' => pos + 1 + i,
            _ => {
                return Err(XlsxError::new(format!(
                    "unterminated entity in attribute value {raw:?}"
                )));
            }
        };
        push_reference(&bytes[pos + 1..end], &mut out)?;
        let next = memchr::memchr(b'&', &bytes[end + 1..]).map_or(bytes.len(), |i| end + 1 + i);
        out.push_str(&raw[end + 1..next]);
        pos = next;
    }
    Ok(Cow::Owned(out))
}

/// Appends `text` with XML 1.0 end-of-line normalisation (quick-xml `xml10_content`).
pub(crate) fn push_xml10(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let Some(first) = memchr::memchr(b'\r', bytes) else {
        out.push_str(text);
        return;
    };
    out.push_str(&text[..first]);
    let mut pos = first;
    while pos < bytes.len() {
        // `pos` is at a `\r`.
        out.push('\n');
        pos += 1;
        if bytes.get(pos) == Some(&b'\n') {
            pos += 1;
        }
        let next = memchr::memchr(b'\r', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
        out.push_str(&text[pos..next]);
        pos = next;
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
        out.push_str(&original[copied..index]);
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
    out.push_str(&original[copied..]);
    Cow::Owned(out)
}

/// True when `text` may hold an `_xHHHH_` escape (a cheap pre-check for the hot path).
#[inline]
pub(crate) fn may_have_underscore_escape(text: &[u8]) -> bool {
    memchr::memmem::find(text, b"_x").is_some()
}

fn find_escape(original: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = memchr::memchr(b'_', &original.as_bytes()[start..]) {
        let index = start + offset;
        if let Some(unit) = parse_escape(original, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_escape(original: &str, index: usize) -> Option<u16> {
    let bytes = original.as_bytes().get(index..index + ESCAPE_LEN)?;
    if bytes[0] != b'_' || bytes[1] != b'x' || bytes[6] != b'_' {
        return None;
    }
    let mut unit = 0u16;
    for &b in &bytes[2..6] {
        let digit = (b as char).to_digit(16)?;
        unit = unit * 16 + digit as u16;
    }
    Some(unit)
}
