//! Opening a workbook the way calamine's `Xlsx::new` does: `_rels/.rels` names the workbook
//! part (usually `xl/workbook.xml`), whose folder holds `sharedStrings.xml` and `styles.xml`
//! (found by name, not through relationships, as calamine finds them); the workbook's
//! relationships resolve each `<sheet r:id=..>` to its part, absolute (`/xl/worksheets/..`)
//! or relative to that folder; `<workbookPr date1904=..>` picks the date system.
//!
//! Shared strings and styles are read at open, as calamine reads them, so that a broken part
//! fails `open` here too (the caller then falls back to calamine and gets its error).

use super::cells::Ctx;
use super::escape::unescape_attr;
use super::shared_strings::SharedStrings;
use super::stream::read_sheet_entry;
use super::styles::{NumFmt, parse_styles};
use super::xml::{Attrs, Ev, as_str, attr, eof_error, get_attrs, local_name, part_reader, whole};
use super::zip_parts::Archive;
use super::{Cell, Result, SheetExtras, XlsxError};
use crate::Limits;
use std::collections::HashMap;

/// An open workbook, borrowing the file's bytes (so that the caller still has them to hand to
/// calamine if a sheet turns out to need it).
pub struct Workbook<'a> {
    pub(super) archive: Archive<'a>,
    /// (name, part path) in workbook order.
    pub(super) sheets: Vec<(String, String)>,
    names: Vec<String>,
    pub(super) strings: SharedStrings,
    pub(super) formats: Vec<NumFmt>,
    pub(super) is_1904: bool,
    pub(super) limits: Limits,
}

impl<'a> Workbook<'a> {
    /// Reads the workbook structure, shared strings and styles, within the default caps.
    pub fn open(bytes: &'a [u8]) -> Result<Workbook<'a>> {
        Self::open_with(bytes, Limits::default())
    }

    /// [`Workbook::open`] within the caps `limits` (they bound every later read too).
    pub fn open_with(bytes: &'a [u8], limits: Limits) -> Result<Workbook<'a>> {
        let archive = Archive::open(bytes, limits)?;
        let depth = limits.xml_depth;
        let (xl_path, workbook_name) = package_relationships(&archive, depth)?;
        let strings = match archive.read(&format!("{xl_path}sharedStrings.xml"))? {
            Some(xml) => SharedStrings::parse(&xml, depth)?,
            None => SharedStrings::default(),
        };
        let formats = match archive.read(&format!("{xl_path}styles.xml"))? {
            Some(xml) => parse_styles(&xml, depth)?,
            None => Vec::new(),
        };
        let rels_path = format!("{xl_path}_rels/{workbook_name}.rels");
        let rels = match archive.read(&rels_path)? {
            Some(xml) => relationships(&xml, depth)?,
            None => return Err(XlsxError::new(format!("{rels_path} not found"))),
        };
        let (sheets, is_1904) = match archive.read(&format!("{xl_path}{workbook_name}"))? {
            Some(xml) => read_workbook(&xml, &rels, &xl_path, depth)?,
            None => (Vec::new(), false),
        };
        let names = sheets.iter().map(|(n, _)| n.clone()).collect();
        Ok(Workbook {
            archive,
            sheets,
            names,
            strings,
            formats,
            is_1904,
            limits,
        })
    }

    /// Sheet names in workbook order (calamine's `sheet_names`), chartsheets included.
    pub fn sheet_names(&self) -> &[String] {
        &self.names
    }

    /// Reports every non-empty cell of sheet `name` to `visit(row, col, cell)` in file order,
    /// with 0-based absolute positions, and returns the sheet's merged regions.
    ///
    /// To rebuild calamine's `Range`: its start is the minimum row and column over the
    /// reported cells, its end the maximum, and a position reported twice keeps the later
    /// value. A sheet that is not a worksheet (a chartsheet) reports nothing, as calamine
    /// returns an empty range for it.
    pub fn read_sheet<F>(&self, name: &str, mut visit: F) -> Result<SheetExtras>
    where
        F: FnMut(u32, u32, Cell<'_>),
    {
        let not_found = || XlsxError::new(format!("worksheet {name:?} not found"));
        let (_, path) = self
            .sheets
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(not_found)?;
        let entry = self.archive.entry(path)?.ok_or_else(not_found)?;
        let ctx = Ctx {
            strings: &self.strings,
            formats: &self.formats,
            is_1904: self.is_1904,
            limits: self.limits,
        };
        read_sheet_entry(&entry, &ctx, &mut visit)
    }
}

/// calamine `read_package_relationships`: the folder and file name of the workbook part.
fn package_relationships(archive: &Archive<'_>, depth: u64) -> Result<(String, String)> {
    let Some(xml) = archive.read("_rels/.rels")? else {
        return Err(XlsxError::new("_rels/.rels not found"));
    };
    let (mut rd, cut) = part_reader(&xml, depth)?;
    loop {
        match whole(rd.next())? {
            Ev::Start(e) if local_name(e.name) == b"Relationships" => break,
            Ev::Eof => return Err(eof_error("Relationships", cut)),
            _ => {}
        }
    }
    let mut target = None;
    loop {
        match whole(rd.next())? {
            Ev::Start(e) if local_name(e.name) == b"Relationship" => {
                let [rel_type, t] = get_attrs(e.attrs, ["Type", "Target"])?;
                let is_doc =
                    rel_type.is_some_and(|t| t.ends_with(b"/relationships/officeDocument"));
                if let (true, Some(t)) = (is_doc, t) {
                    target = Some(unescape_attr(as_str(t)?)?.into_owned());
                }
            }
            Ev::End(e) if local_name(e) == b"Relationships" => break,
            Ev::Eof => return Err(eof_error("Relationships", cut)),
            _ => {}
        }
    }
    let target =
        target.ok_or_else(|| XlsxError::new("no officeDocument relationship in _rels/.rels"))?;
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };
    Ok((dir, name.to_string()))
}

/// calamine `read_relationships`: Id -> (Target, Type), raw (not unescaped), later Ids win.
fn relationships(xml: &[u8], depth: u64) -> Result<HashMap<String, (String, String)>> {
    let (mut rd, cut) = part_reader(xml, depth)?;
    let mut rels = HashMap::new();
    loop {
        match whole(rd.next())? {
            Ev::Start(e) if local_name(e.name) == b"Relationship" => {
                let [id, rel_type, target] = get_attrs(e.attrs, ["Id", "Type", "Target"])?;
                if let Some(id) = id {
                    let text = |v: Option<&[u8]>| -> Result<String> {
                        Ok(as_str(v.unwrap_or_default())?.to_string())
                    };
                    rels.insert(as_str(id)?.to_string(), (text(target)?, text(rel_type)?));
                }
            }
            Ev::End(e) if local_name(e) == b"Relationships" => break,
            Ev::Eof => return Err(eof_error("Relationships", cut)),
            _ => {}
        }
    }
    Ok(rels)
}

/// calamine `read_workbook`: the sheets (name, part path) and the 1904 flag.
fn read_workbook(
    xml: &[u8],
    rels: &HashMap<String, (String, String)>,
    xl_path: &str,
    depth: u64,
) -> Result<(Vec<(String, String)>, bool)> {
    let (mut rd, cut) = part_reader(xml, depth)?;
    let mut sheets = Vec::new();
    let mut is_1904 = false;
    loop {
        match whole(rd.next())? {
            Ev::Start(e) if local_name(e.name) == b"sheet" => {
                let mut name = String::new();
                let mut rel_id: &[u8] = b"";
                for item in Attrs::new(e.attrs) {
                    let (key, val) = item?;
                    match key {
                        b"name" => name = unescape_attr(as_str(val)?)?.into_owned(),
                        b"state" if !matches!(val, b"visible" | b"hidden" | b"veryHidden") => {
                            return Err(XlsxError::new(format!(
                                "unrecognised sheet state {:?}",
                                String::from_utf8_lossy(val)
                            )));
                        }
                        key if key == b"id" || key.ends_with(b":id") => rel_id = val,
                        _ => {}
                    }
                }
                let (target, rel_type) = rels
                    .get(as_str(rel_id)?)
                    .ok_or_else(|| XlsxError::new(format!("sheet {name:?} has no relationship")))?;
                let path = match target.strip_prefix('/') {
                    Some(abs) => abs.to_string(),
                    None => format!("{xl_path}{target}"),
                };
                match rel_type.rsplit('/').next() {
                    Some("worksheet" | "chartsheet" | "dialogsheet") => {}
                    _ => {
                        return Err(XlsxError::new(format!(
                            "sheet {name:?} is of unknown type {rel_type:?}"
                        )));
                    }
                }
                sheets.push((name, path));
            }
            Ev::Start(e) if local_name(e.name) == b"workbookPr" => {
                if let Some(v) = attr(e.attrs, b"date1904")? {
                    is_1904 = v == b"1" || v == b"true";
                }
            }
            Ev::Start(e) if local_name(e.name) == b"definedName" => {
                // calamine decodes the name and the text, failing on a bad reference.
                if let Some(v) = attr(e.attrs, b"name")? {
                    unescape_attr(as_str(v)?)?;
                    let mut text = String::new();
                    loop {
                        match whole(rd.next())? {
                            Ev::Text(t) => text.push_str(as_str(t)?),
                            Ev::Ref(r) => super::escape::push_reference(r, &mut text)?,
                            Ev::End(end) if end == e.name => break,
                            Ev::Eof => return Err(eof_error("workbook", cut)),
                            _ => {}
                        }
                    }
                }
            }
            Ev::End(e) if local_name(e) == b"workbook" => break,
            Ev::Eof => return Err(eof_error("workbook", cut)),
            _ => {}
        }
    }
    Ok((sheets, is_1904))
}
