//! The oracle: read a workbook with calamine and with the module, require the same answer.
#![allow(dead_code)]

use calamine::{Data, DataRef, Range, Reader, Xlsx, open_workbook_from_rs};
use qbpc_index::ingest::xlsx::{Cell, Workbook};
use std::io::{Cursor, Write};

/// A value both readers can be mapped to, compared exactly (floats by bits).
#[derive(Debug, Clone, PartialEq)]
pub enum V {
    Float(u64),
    Text(String),
    Bool(bool),
    Error(String),
    /// serial bits, is_duration, and the whole ExcelDateTime's Debug (carries the 1904 flag)
    Date(u64, bool, String),
    Iso(String),
}

pub fn from_cell(cell: Cell<'_>) -> V {
    match cell {
        Cell::Number(v) => V::Float(v.to_bits()),
        Cell::Text(s) => V::Text(s.to_string()),
        Cell::Bool(b) => V::Bool(b),
        Cell::Error(e) => V::Error(format!("{e:?}")),
        Cell::DateTime(d) => V::Date(d.as_f64().to_bits(), d.is_duration(), format!("{d:?}")),
        Cell::DateTimeIso(s) => V::Iso(s.to_string()),
    }
}

pub fn from_data(d: &Data) -> Option<V> {
    Some(match d {
        Data::Empty => return None,
        Data::Float(v) => V::Float(v.to_bits()),
        Data::Int(i) => panic!("calamine produced Int({i}) for xlsx"),
        Data::String(s) => V::Text(s.clone()),
        Data::Bool(b) => V::Bool(*b),
        Data::Error(e) => V::Error(format!("{e:?}")),
        Data::DateTime(d) => V::Date(d.as_f64().to_bits(), d.is_duration(), format!("{d:?}")),
        Data::DateTimeIso(s) => V::Iso(s.clone()),
        Data::DurationIso(s) => panic!("calamine produced DurationIso({s}) for xlsx"),
    })
}

fn from_data_ref(d: &DataRef<'_>) -> Option<V> {
    from_data(&Data::from(d.clone()))
}

/// A cell for calamine's own `Range::from_sparse` (so the module's range is built by the
/// very code that builds calamine's).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct D(pub Option<V>);
impl calamine::CellType for D {}

/// One sheet as read by one reader.
#[derive(Debug, PartialEq)]
pub struct SheetRead {
    /// Non-empty cells in file order.
    pub cells: Vec<(u32, u32, V)>,
    pub start: Option<(u32, u32)>,
    pub end: Option<(u32, u32)>,
    /// The dense range, row-major.
    pub dense: Vec<Option<V>>,
    pub merged: Vec<((u32, u32), (u32, u32))>,
}

/// What a whole workbook gives: sheet names and, per sheet, a read or an error message.
pub type BookRead = Result<(Vec<String>, Vec<Result<SheetRead, String>>), String>;

/// calamine: `worksheet_range` for the range, `worksheet_cells_reader` for the file order,
/// `merge_cells_by_sheet_name` for the merges (an error there is recorded as an error of the
/// sheet: the module must then fail too, so that the caller falls back to calamine).
pub fn read_calamine(bytes: &[u8]) -> BookRead {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e: calamine::XlsxError| e.to_string())?;
    let names = book.sheet_names();
    let mut sheets = Vec::new();
    for name in &names {
        let read = (|| -> Result<SheetRead, String> {
            let range = book.worksheet_range(name).map_err(|e| e.to_string())?;
            let mut cells = Vec::new();
            match book.worksheet_cells_reader(name) {
                Ok(mut reader) => {
                    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                        if let Some(v) = from_data_ref(cell.get_value()) {
                            let (r, c) = cell.get_position();
                            cells.push((r, c, v));
                        }
                    }
                }
                Err(calamine::XlsxError::NotAWorksheet(_)) => {}
                Err(e) => return Err(e.to_string()),
            }
            let merged = book
                .merge_cells_by_sheet_name(name)
                .map_err(|e| format!("merge cells: {e}"))?
                .into_iter()
                .map(|d| (d.start, d.end))
                .collect();
            Ok(SheetRead {
                cells,
                start: range.start(),
                end: range.end(),
                dense: range.cells().map(|(_, _, d)| from_data(d)).collect(),
                merged,
            })
        })();
        sheets.push(read);
    }
    Ok((names, sheets))
}

/// The module; its range is rebuilt with calamine's `Range::from_sparse`. Read without the
/// sheet-shape caps (rows, columns, cells), which calamine does not have: the oracle compares
/// what is read; the caps are tested in `tests/cli/xlsx_limits.rs`.
pub fn read_module(bytes: &[u8]) -> BookRead {
    let limits = qbpc_index::ingest::Limits {
        rows: u64::MAX,
        columns: u64::MAX,
        cells: u64::MAX,
        ..qbpc_index::ingest::Limits::default()
    };
    let book = Workbook::open_with(bytes, limits).map_err(|e| e.to_string())?;
    let names = book.sheet_names().to_vec();
    let mut sheets = Vec::new();
    for name in &names {
        let mut cells = Vec::new();
        let read = book
            .read_sheet(name, |r, c, cell| cells.push((r, c, from_cell(cell))))
            .map_err(|e| e.to_string())
            .map(|extras| {
                let sparse = cells
                    .iter()
                    .map(|(r, c, v)| calamine::Cell::new((*r, *c), D(Some(v.clone()))))
                    .collect();
                let range: Range<D> = Range::from_sparse(sparse);
                SheetRead {
                    start: range.start(),
                    end: range.end(),
                    dense: range.cells().map(|(_, _, d)| d.0.clone()).collect(),
                    cells: std::mem::take(&mut cells),
                    merged: extras.merged,
                }
            });
        sheets.push(read);
    }
    Ok((names, sheets))
}

/// How two reads compare.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    /// Same names, same cells, same ranges, same merges (or the same sheets failing).
    Same,
    /// calamine reads it, the module declines with this message (allowed: the caller falls
    /// back to calamine).
    ModuleDeclined(String),
}

/// Compares, panicking with a useful message on any real difference.
pub fn compare(label: &str, bytes: &[u8]) -> Outcome {
    let cal = read_calamine(bytes);
    let module = read_module(bytes);
    match (cal, module) {
        (Err(_), Err(_)) => Outcome::Same,
        (Ok(_), Err(m)) => Outcome::ModuleDeclined(m),
        (Err(c), Ok(_)) => panic!("{label}: calamine fails ({c}) but the module reads it"),
        (Ok((cn, cs)), Ok((mn, ms))) => {
            assert_eq!(cn, mn, "{label}: sheet names");
            let mut declined = None;
            for ((name, c), m) in cn.iter().zip(cs).zip(ms) {
                match (c, m) {
                    (Err(_), Err(_)) => {}
                    (Ok(_), Err(m)) => declined = Some(format!("sheet {name}: {m}")),
                    (Err(c), Ok(_)) => panic!(
                        "{label}: sheet {name}: calamine fails ({c}) but the module reads it"
                    ),
                    (Ok(c), Ok(m)) => {
                        assert_eq!(c.start, m.start, "{label}: sheet {name}: range start");
                        assert_eq!(c.end, m.end, "{label}: sheet {name}: range end");
                        assert_eq!(c.merged, m.merged, "{label}: sheet {name}: merged regions");
                        assert_eq!(
                            c.cells.len(),
                            m.cells.len(),
                            "{label}: sheet {name}: cell count"
                        );
                        for (i, (a, b)) in c.cells.iter().zip(&m.cells).enumerate() {
                            assert_eq!(a, b, "{label}: sheet {name}: cell #{i}");
                        }
                        assert!(
                            c.dense == m.dense,
                            "{label}: sheet {name}: dense range differs"
                        );
                    }
                }
            }
            declined.map_or(Outcome::Same, Outcome::ModuleDeclined)
        }
    }
}

/// Compares and requires `Same`.
pub fn assert_same(label: &str, bytes: &[u8]) {
    match compare(label, bytes) {
        Outcome::Same => {}
        Outcome::ModuleDeclined(m) => {
            panic!("{label}: the module declined a workbook calamine reads: {m}")
        }
    }
}

/// Counts of cells, for sanity (so that a test over an empty read does not pass vacuously).
pub fn cell_count(bytes: &[u8]) -> usize {
    match read_module(bytes) {
        Ok((_, sheets)) => sheets.iter().flatten().map(|s| s.cells.len()).sum(),
        Err(_) => 0,
    }
}

/// A minimal xlsx package around hand-written parts.
pub struct Package {
    pub files: Vec<(String, Vec<u8>)>,
    pub stored: bool,
}

pub const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
pub const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

impl Package {
    /// A workbook with the given sheets (name, sheet XML), optional shared strings and styles.
    pub fn new(
        sheets: &[(&str, &str)],
        shared: Option<&str>,
        styles: Option<&str>,
        workbook_pr: &str,
    ) -> Package {
        let mut files = Vec::new();
        files.push((
            "_rels/.rels".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            )
            .into_bytes(),
        ));
        let mut rels = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        let mut list = String::new();
        for (i, (name, xml)) in sheets.iter().enumerate() {
            let n = i + 1;
            rels.push_str(&format!(
                r#"<Relationship Id="rId{n}" Type="{REL_NS}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
            ));
            list.push_str(&format!(
                r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
            ));
            files.push((
                format!("xl/worksheets/sheet{n}.xml"),
                xml.as_bytes().to_vec(),
            ));
        }
        rels.push_str("</Relationships>");
        files.push(("xl/_rels/workbook.xml.rels".to_string(), rels.into_bytes()));
        files.push((
            "xl/workbook.xml".to_string(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{workbook_pr}<sheets>{list}</sheets></workbook>"#
            )
            .into_bytes(),
        ));
        if let Some(s) = shared {
            files.push(("xl/sharedStrings.xml".to_string(), s.as_bytes().to_vec()));
        }
        if let Some(s) = styles {
            files.push(("xl/styles.xml".to_string(), s.as_bytes().to_vec()));
        }
        Package {
            files,
            stored: false,
        }
    }

    pub fn set(&mut self, path: &str, bytes: Vec<u8>) -> &mut Self {
        self.files.retain(|(p, _)| p != path);
        self.files.push((path.to_string(), bytes));
        self
    }

    pub fn rename(&mut self, from: &str, to: &str) -> &mut Self {
        for (p, _) in &mut self.files {
            if p == from {
                *p = to.to_string();
            }
        }
        self
    }

    pub fn zip(&self) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let method = if self.stored {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let opts = zip::write::SimpleFileOptions::default().compression_method(method);
        for (path, bytes) in &self.files {
            w.start_file(path.as_str(), opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }
}

/// A sheet part around `sheet_data` (the inside of `<sheetData>`) and an optional tail.
pub fn sheet(sheet_data: &str, tail: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetData>{sheet_data}</sheetData>{tail}</worksheet>"#
    )
}

/// Shared strings from raw `<si>` bodies.
pub fn sst(items: &[&str]) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{0}" uniqueCount="{0}">"#,
        items.len()
    );
    for i in items {
        s.push_str("<si>");
        s.push_str(i);
        s.push_str("</si>");
    }
    s.push_str("</sst>");
    s
}

/// Styles with custom formats `(id, code)` and cellXfs numFmtIds.
pub fn styles(custom: &[(u32, &str)], xfs: &[u32]) -> String {
    let mut s = format!(r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN_NS}">"#);
    if !custom.is_empty() {
        s.push_str(&format!(r#"<numFmts count="{}">"#, custom.len()));
        for (id, code) in custom {
            s.push_str(&format!(r#"<numFmt numFmtId="{id}" formatCode="{code}"/>"#));
        }
        s.push_str("</numFmts>");
    }
    s.push_str(r#"<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#);
    s.push_str(&format!(r#"<cellXfs count="{}">"#, xfs.len()));
    for id in xfs {
        s.push_str(&format!(r#"<xf numFmtId="{id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#));
    }
    s.push_str("</cellXfs></styleSheet>");
    s
}
