//! Which cell formats make a number a date, time or duration: `xl/styles.xml` `<cellXfs>`
//! `numFmtId`s resolved through `<numFmts>`, ported from calamine's `Xlsx::read_styles` and
//! `formats.rs` (`detect_custom_number_format`, `builtin_format_by_id`), rule for rule.
//!
//! Only the number-format category is kept: fonts, fills and borders do not change values.

use super::Result;
use super::escape::unescape_attr;
use super::xml::{Attrs, Ev, as_str, attr, eof_error, get_attrs, local_name, part_reader, whole};
use std::collections::HashMap;

/// calamine's `CellFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumFmt {
    Other,
    DateTime,
    TimeDelta,
}

/// One entry per `<xf>` of `<cellXfs>`, in order (the cell's `s` attribute indexes it).
pub(crate) fn parse_styles(bytes: &[u8], max_depth: u64) -> Result<Vec<NumFmt>> {
    let (mut rd, cut) = part_reader(bytes, max_depth)?;
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut formats = Vec::new();
    loop {
        match whole(rd.next())? {
            Ev::Start(e) if local_name(e.name) == b"numFmts" => loop {
                match whole(rd.next())? {
                    Ev::Start(e) if local_name(e.name) == b"numFmt" => {
                        let [id, code] = get_attrs(e.attrs, ["numFmtId", "formatCode"])?;
                        if let (Some(id), Some(code)) = (id, code) {
                            let code = unescape_attr(as_str(code)?)?.into_owned();
                            custom.insert(as_str(id)?.to_string(), code);
                        }
                    }
                    Ev::End(e) if local_name(e) == b"numFmts" => break,
                    Ev::Eof => return Err(eof_error("numFmts", cut)),
                    _ => {}
                }
            },
            Ev::Start(e) if local_name(e.name) == b"cellXfs" => loop {
                match whole(rd.next())? {
                    Ev::Start(e) if local_name(e.name) == b"xf" => {
                        let format = match attr(e.attrs, b"numFmtId")? {
                            None => NumFmt::Other,
                            Some(id) => {
                                let id = as_str(id)?;
                                match custom.get(id) {
                                    Some(code) => detect_custom_number_format(code),
                                    None => builtin_format_by_id(id),
                                }
                            }
                        };
                        formats.push(format);
                        // calamine reads the rest of the xf record's attributes in one pass
                        // and fails on a malformed one.
                        for item in Attrs::new(e.attrs) {
                            item?;
                        }
                        loop {
                            match whole(rd.next())? {
                                Ev::End(x) if local_name(x) == b"xf" => break,
                                Ev::Eof => return Err(eof_error("xf", cut)),
                                _ => {}
                            }
                        }
                    }
                    Ev::End(e) if local_name(e) == b"cellXfs" => break,
                    Ev::Eof => return Err(eof_error("cellXfs", cut)),
                    _ => {}
                }
            },
            Ev::End(e) if local_name(e) == b"styleSheet" => break,
            Ev::Eof => return Err(eof_error("styleSheet", cut)),
            _ => {}
        }
    }
    Ok(formats)
}

/// calamine `formats::detect_custom_number_format`, verbatim.
pub(crate) fn detect_custom_number_format(format: &str) -> NumFmt {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumFmt::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumFmt::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumFmt::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumFmt::DateTime;
            }
            _ => {
                if hms && s.eq_ignore_ascii_case(&prev) {
                    // still inside the same [h] / [mm] / [ss] token
                } else {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumFmt::Other
}

/// calamine `formats::builtin_format_by_id` (the id as written in the file, not parsed).
pub(crate) fn builtin_format_by_id(id: &str) -> NumFmt {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" => {
            NumFmt::DateTime
        }
        "27" | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51"
        | "52" | "53" | "54" | "55" | "56" | "57" | "58" => NumFmt::DateTime,
        "46" => NumFmt::TimeDelta,
        _ => NumFmt::Other,
    }
}
