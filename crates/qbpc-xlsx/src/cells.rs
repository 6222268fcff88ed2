//! What one `<c>` element is worth: calamine's `cells_reader.rs` (`read_value`, `read_v`,
//! `read_bool`, and the cell loop of `next_cell`), ported.
//!
//! The rules that matter and are easy to miss:
//! * the *last* child element decides the value (`<f>` after `<v>` empties it);
//! * for `t` absent/`n`/`s`/`b`/`e`, only the first text run of `<v>` is read, raw (no
//!   references, no `_x` escapes, no EOL normalisation); a `<v>` starting with anything else
//!   is empty;
//! * `t="str"` and `t="d"` gather all text and references of `<v>`; `str` then decodes
//!   `_xHHHH_`, `d` does not; any other `t` with a `<v>` is an error;
//! * a cell without `s` has no date format, one with an `s` outside `<cellXfs>` neither, and
//!   an unparsable `s` means style 0;
//! * a number that does not parse is text when the cell has no `t`, an error when `t="n"`.

use super::escape::{push_reference, push_xml10, unescape_underscore};
use super::numbers::{parse_f64, parse_index};
use super::shared_strings::{SharedStrings, read_string};
use super::styles::NumFmt;
use super::xml::{Attrs, Ev, Flow, Reader, Step, Tag, as_str, local_name, skip_to_end};
use super::{Cell, CellErrorType, ExcelDateTime, ExcelDateTimeType, Result, XlsxError};
use crate::Limits;

/// What the cell parser needs from the workbook.
pub(crate) struct Ctx<'w> {
    pub strings: &'w SharedStrings,
    pub formats: &'w [NumFmt],
    pub is_1904: bool,
    /// The caps the sheet is read within.
    pub limits: Limits,
}

/// The `r`, `s` and `t` attributes of a `<c>` tag.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CellAttrs<'a> {
    pub r: Option<&'a [u8]>,
    pub s: Option<&'a [u8]>,
    pub t: Option<&'a [u8]>,
}

/// Reads `r`, `s`, `t`. calamine's `get_attrs!` stops after three matches, so a repeated one
/// would shift what it sees; that is refused here, as is any malformed attribute.
#[inline]
pub(crate) fn cell_attrs(raw: &[u8]) -> Result<CellAttrs<'_>> {
    let mut out = CellAttrs::default();
    for item in Attrs::new(raw) {
        let (k, v) = item?;
        let slot = match k {
            b"r" => &mut out.r,
            b"s" => &mut out.s,
            b"t" => &mut out.t,
            _ => continue,
        };
        if slot.replace(v).is_some() {
            return Err(XlsxError::new("a <c> element repeats an attribute"));
        }
    }
    Ok(out)
}

/// A cell value before it is lent out: text is referred to by position so that the parser can
/// keep reusing its scratch buffer while it reads later children.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val {
    Empty,
    Number(f64),
    Bool(bool),
    Error(ErrorKind),
    DateTime(ExcelDateTime),
    /// Text at `buf[start..end]` (already validated UTF-8).
    BufText(usize, usize),
    /// Text in the scratch string.
    ScratchText,
    /// Shared string number `i`.
    Shared(usize),
    /// `t="d"` text in the scratch string.
    ScratchIso,
}

/// `CellErrorType` is not `Copy`; this is.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ErrorKind {
    Div0,
    NA,
    Name,
    Null,
    Num,
    Ref,
    Value,
}

impl ErrorKind {
    fn parse(v: &[u8]) -> Result<Self> {
        Ok(match v {
            b"#DIV/0!" => ErrorKind::Div0,
            b"#N/A" => ErrorKind::NA,
            b"#NAME?" => ErrorKind::Name,
            b"#NULL!" => ErrorKind::Null,
            b"#NUM!" => ErrorKind::Num,
            b"#REF!" => ErrorKind::Ref,
            b"#VALUE!" => ErrorKind::Value,
            _ => {
                return Err(XlsxError::new(format!(
                    "unsupported cell error value {:?}",
                    String::from_utf8_lossy(v)
                )));
            }
        })
    }

    fn to_calamine(self) -> CellErrorType {
        match self {
            ErrorKind::Div0 => CellErrorType::Div0,
            ErrorKind::NA => CellErrorType::NA,
            ErrorKind::Name => CellErrorType::Name,
            ErrorKind::Null => CellErrorType::Null,
            ErrorKind::Num => CellErrorType::Num,
            ErrorKind::Ref => CellErrorType::Ref,
            ErrorKind::Value => CellErrorType::Value,
        }
    }
}

impl Val {
    /// The public cell, or `None` for an empty one (which calamine's range leaves out).
    #[inline]
    pub fn lend<'s>(
        self,
        buf: &'s [u8],
        scratch: &'s str,
        ctx: &'s Ctx<'_>,
    ) -> Result<Option<Cell<'s>>> {
        Ok(Some(match self {
            Val::Empty => return Ok(None),
            Val::Number(v) => Cell::Number(v),
            Val::Bool(b) => Cell::Bool(b),
            Val::Error(e) => Cell::Error(e.to_calamine()),
            Val::DateTime(d) => Cell::DateTime(d),
            Val::BufText(s, e) => Cell::Text(as_str(block_bytes(buf, s, e)?)?),
            Val::ScratchText => Cell::Text(scratch),
            Val::Shared(i) => Cell::Text(ctx.strings.get(i).unwrap_or_default()),
            Val::ScratchIso => Cell::DateTimeIso(scratch),
        }))
    }
}

/// `read_v` for the raw types (absent, `n`, `s`, `b`, `e`) given the first text run of `<v>`
/// at `buf[start..end]` (never empty).
#[inline]
pub(crate) fn raw_value(
    ctx: &Ctx<'_>,
    buf: &[u8],
    start: usize,
    end: usize,
    attrs: &CellAttrs<'_>,
) -> Result<Val> {
    let v = block_bytes(buf, start, end)?;
    match attrs.t {
        Some(b"s") => {
            let i = parse_index(v).unwrap_or(0);
            if ctx.strings.get(i).is_none() {
                return Err(XlsxError::new(MISSING_STRING));
            }
            Ok(Val::Shared(i))
        }
        Some(b"b") => {
            let text = as_str(v)?.trim();
            if text == "0" || text.eq_ignore_ascii_case("false") {
                Ok(Val::Bool(false))
            } else if text == "1" || text.eq_ignore_ascii_case("true") {
                Ok(Val::Bool(true))
            } else if text.is_empty() {
                Ok(Val::Empty)
            } else {
                Err(XlsxError::new(format!(
                    "unrecognised boolean cell value {text:?}"
                )))
            }
        }
        Some(b"e") => Ok(Val::Error(ErrorKind::parse(v)?)),
        _ => match parse_f64(v) {
            Some(n) => Ok(number(ctx, n, attrs.s)),
            None if attrs.t.is_none() => {
                as_str(v)?;
                Ok(Val::BufText(start, end))
            }
            None => Err(XlsxError::new(format!(
                "cannot parse {:?} as a number",
                String::from_utf8_lossy(v)
            ))),
        },
    }
}

/// The error for a `t="s"` index past the end of the table.
/// `buf[start..end]`: the bytes of a value the scanner located in the XML block `buf` (an
/// error, never a panic, should the offsets ever disagree with the block).
#[inline]
pub(crate) fn block_bytes(buf: &[u8], start: usize, end: usize) -> Result<&[u8]> {
    buf.get(start..end).ok_or_else(|| {
        XlsxError::new(format!(
            "cell value at bytes {start}..{end} lies outside its XML block of {} bytes",
            buf.len()
        ))
    })
}

pub(crate) const MISSING_STRING: &str = "cell string index not found in the shared strings table";

/// The format `read_v` looks up for a number: none without `s`, style 0 when `s` does not
/// parse, none when it is past the end of `<cellXfs>`.
#[inline]
fn format_of(ctx: &Ctx<'_>, style: Option<&[u8]>) -> NumFmt {
    match style {
        None => NumFmt::Other,
        Some(s) => {
            let id = parse_index(s).unwrap_or(0);
            ctx.formats.get(id).copied().unwrap_or(NumFmt::Other)
        }
    }
}

/// `format_excel_f64_ref`: the number, or a date / duration by the cell's format.
#[inline]
pub(crate) fn number_cell(ctx: &Ctx<'_>, n: f64, style: Option<&[u8]>) -> Cell<'static> {
    let kind = match format_of(ctx, style) {
        NumFmt::Other => return Cell::Number(n),
        NumFmt::DateTime => ExcelDateTimeType::DateTime,
        NumFmt::TimeDelta => ExcelDateTimeType::TimeDelta,
    };
    Cell::DateTime(ExcelDateTime::new(n, kind, ctx.is_1904))
}

/// [`number_cell`] as a `Val`.
#[inline]
fn number(ctx: &Ctx<'_>, n: f64, style: Option<&[u8]>) -> Val {
    match number_cell(ctx, n, style) {
        Cell::DateTime(d) => Val::DateTime(d),
        _ => Val::Number(n),
    }
}

/// True for the types whose `<v>` calamine reads raw.
#[inline]
pub(crate) fn is_raw_type(t: Option<&[u8]>) -> bool {
    matches!(t, None | Some(b"n" | b"s" | b"b" | b"e"))
}

/// The general path: reads the children of a `<c>` (the start tag already consumed) through
/// its end tag, mirroring calamine's loop. `scratch` and `run` are reusable buffers.
pub(crate) fn cell_body(
    rd: &mut Reader<'_>,
    ctx: &Ctx<'_>,
    attrs: &CellAttrs<'_>,
    scratch: &mut String,
    run: &mut String,
) -> Step<Val> {
    let mut value = Val::Empty;
    loop {
        match rd.next()? {
            Ev::Start(child) => value = child_value(rd, ctx, attrs, &child, scratch, run)?,
            Ev::End(name) if local_name(name) == b"c" => return Ok(value),
            Ev::Eof => {
                return Err(Flow::Fail(XlsxError::new(
                    "unexpected end of XML inside <c>",
                )));
            }
            _ => {}
        }
    }
}

/// calamine `read_value` for one child element of `<c>`.
fn child_value(
    rd: &mut Reader<'_>,
    ctx: &Ctx<'_>,
    attrs: &CellAttrs<'_>,
    child: &Tag<'_>,
    scratch: &mut String,
    run: &mut String,
) -> Step<Val> {
    match local_name(child.name) {
        b"is" => {
            scratch.clear();
            read_string(rd, child.name, scratch, run)?;
            Ok(Val::ScratchText)
        }
        b"v" if matches!(attrs.t, Some(b"inlineStr" | b"is")) => {
            skip_to_end(rd, child.name)?;
            Ok(Val::Empty)
        }
        b"v" if is_raw_type(attrs.t) => {
            let before = rd.pos;
            match rd.next()? {
                Ev::Text(_) => {
                    let value = raw_value(ctx, rd.buf, before, rd.pos, attrs)?;
                    skip_to_end(rd, child.name)?;
                    Ok(value)
                }
                Ev::End(name) if name == child.name => Ok(Val::Empty),
                Ev::Eof => Err(Flow::Fail(XlsxError::new(
                    "unexpected end of XML inside <v>",
                ))),
                _ => {
                    skip_to_end(rd, child.name)?;
                    Ok(Val::Empty)
                }
            }
        }
        b"v" => {
            scratch.clear();
            loop {
                match rd.next()? {
                    Ev::Text(t) => push_xml10(scratch, as_str(t)?),
                    Ev::Ref(r) => push_reference(r, scratch)?,
                    Ev::End(name) if name == child.name => break,
                    Ev::Eof => {
                        return Err(Flow::Fail(XlsxError::new(
                            "unexpected end of XML inside <v>",
                        )));
                    }
                    _ => {}
                }
            }
            match attrs.t {
                Some(b"str") => {
                    if let std::borrow::Cow::Owned(decoded) = unescape_underscore(scratch) {
                        *scratch = decoded;
                    }
                    Ok(Val::ScratchText)
                }
                Some(b"d") => Ok(Val::ScratchIso),
                // (absent `t` is a raw type, read by the arm above)
                other => Err(Flow::Fail(XlsxError::new(format!(
                    "unsupported cell type t={:?}",
                    String::from_utf8_lossy(other.unwrap_or_default())
                )))),
            }
        }
        b"f" => {
            skip_to_end(rd, child.name)?;
            Ok(Val::Empty)
        }
        other => Err(Flow::Fail(XlsxError::new(format!(
            "unexpected element <{}> in a cell (calamine expects v, f or is)",
            String::from_utf8_lossy(other)
        )))),
    }
}
