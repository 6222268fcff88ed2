//! Cell references (`AB12`, `A1:C3`) as calamine reads them (`get_row_column`, `get_row`,
//! `get_dimension`): letters in any case then digits, 1-based in the text, 0-based out.
//!
//! The common short form is read by a loop without the general checks; anything else goes
//! through the general function, which also turns calamine's unchecked overflow into an error.

use super::{Result, XlsxError};

/// calamine `get_row_and_optional_column`: letters (any case) then digits, 1-based in the
/// text. Overflow, which calamine does not guard, is an error here.
fn row_and_optional_column(text: &[u8]) -> Result<(u32, Option<u32>)> {
    let bad = |why: &str| {
        XlsxError::new(format!(
            "bad cell reference {:?}: {why}",
            String::from_utf8_lossy(text)
        ))
    };
    let mut bytes = text.iter().copied();
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    for c in bytes.by_ref() {
        match c {
            b'A'..=b'Z' | b'a'..=b'z' => {
                let digit = u32::from(c.to_ascii_uppercase() - b'A') + 1;
                col = col
                    .checked_mul(26)
                    .and_then(|v| v.checked_add(digit))
                    .ok_or_else(|| bad("column too large"))?;
            }
            b'0'..=b'9' => {
                row = u32::from(c - b'0');
                break;
            }
            _ => return Err(bad("unexpected character")),
        }
    }
    for c in bytes {
        if !c.is_ascii_digit() {
            return Err(bad("unexpected character"));
        }
        row = row
            .checked_mul(10)
            .and_then(|v| v.checked_add(u32::from(c - b'0')))
            .ok_or_else(|| bad("row too large"))?;
    }
    let row = row.checked_sub(1).ok_or_else(|| bad("no row"))?;
    Ok((row, col.checked_sub(1)))
}

/// calamine `get_row_column`: a cell reference such as `AB12` as 0-based `(row, col)`.
#[inline]
pub(crate) fn row_column(text: &[u8]) -> Result<(u32, u32)> {
    // Hot path: up to three upper-case letters then up to seven digits.
    let mut i = 0;
    let mut col: u32 = 0;
    for &c in text.iter().take(3) {
        if !c.is_ascii_uppercase() {
            break;
        }
        col = col * 26 + u32::from(c - b'A') + 1;
        i += 1;
    }
    if i > 0
        && let Some(digits) = text.get(i..)
        && !digits.is_empty()
        && digits.len() <= 7
    {
        let mut row: u32 = 0;
        let mut ok = true;
        for &c in digits {
            if c.is_ascii_digit() {
                row = row * 10 + u32::from(c - b'0');
            } else {
                ok = false;
                break;
            }
        }
        if ok && row > 0 {
            return Ok((row - 1, col - 1));
        }
    }
    let (row, col) = row_and_optional_column(text)?;
    let col = col.ok_or_else(|| {
        XlsxError::new(format!(
            "cell reference {:?} has no column",
            String::from_utf8_lossy(text)
        ))
    })?;
    Ok((row, col))
}

/// calamine `get_row`: the row of a reference, ignoring any column letters.
pub(crate) fn row_only(text: &[u8]) -> Result<u32> {
    if !text.is_empty() && text.len() <= 7 && text.iter().all(u8::is_ascii_digit) {
        let row = text.iter().fold(0u32, |r, &c| r * 10 + u32::from(c - b'0'));
        if row > 0 {
            return Ok(row - 1);
        }
    }
    row_and_optional_column(text).map(|(row, _)| row)
}

/// calamine `get_dimension`: `A1` or `A1:B2` (more parts is an error).
pub(crate) fn dimension(text: &[u8]) -> Result<((u32, u32), (u32, u32))> {
    let mut parts = text.split(|&b| b == b':');
    let first = row_column(parts.next().unwrap_or_default())?;
    let Some(second) = parts.next() else {
        return Ok((first, first));
    };
    let second = row_column(second)?;
    if parts.next().is_some() {
        return Err(XlsxError::new(format!(
            "bad range {:?}: more than two parts",
            String::from_utf8_lossy(text)
        )));
    }
    Ok((first, second))
}

/// Spreadsheet column letters for a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_letters(mut col0: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col0 % 26) as u8);
        if col0 < 26 {
            break;
        }
        col0 = col0 / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
