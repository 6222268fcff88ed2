//! Workbooks into a grid by absolute cell position so that locations name the cells a person
//! sees in Excel. Date cells stay dates: Excel turns a typed "3-5" into 5 March, and reading
//! that back as a number would invent an answer.
//!
//! `.xlsx`/`.xlsm` are read by the project's own reader ([`super::xlsx`]) only, within the
//! caps of [`super::limits`]; calamine's xlsx reader is never given one (it trusts cell
//! references and the used range: see the reader's module doc). xls, xlsb and ods go through
//! calamine. The grid is ragged: each row is as long as its last cell, so that memory follows
//! the cells present, not the used range (one stray cell at `XFD1048576` costs one row).

use super::table::{Body, Kind, Table, format_error};
use super::{IngestError, RawValue, time, xlsx};
use calamine::{Data, Dimensions, Range, Reader, Sheets, open_workbook_from_rs};
use std::io::Cursor;

type Book = Sheets<Cursor<Vec<u8>>>;
/// Cells by absolute position (row 0 = sheet row 1).
type Grid = Vec<Vec<RawValue>>;

pub(super) fn read(
    file: String,
    bytes: Vec<u8>,
    kind: Kind,
    sheet: Option<&str>,
) -> Result<Table, IngestError> {
    if kind == Kind::Xlsx {
        let (name, grid) = read_fast(&file, &bytes, sheet)?;
        return table_of(file, name, grid);
    }
    let mut book = open(&file, bytes, kind)?;
    let name = pick_sheet(&file, &book.sheet_names(), sheet)?;
    let range = book.worksheet_range(&name).map_err(|e| {
        format_error(
            &file,
            format!("sheet {name:?} cannot be read: {e}"),
            "re-save the workbook from Excel, or export the sheet as CSV",
        )
    })?;
    let mut grid = to_grid(&range);
    fill_merged(
        &mut grid,
        &merged_regions(&mut book, &name),
        &super::limits(),
    )
    .map_err(|e| refusal(&file, &name, &e))?;
    table_of(file, name, grid)
}

/// A sheet's cells as a table: the header is the first row with anything in it.
fn table_of(file: String, name: String, grid: Grid) -> Result<Table, IngestError> {
    let Some((header_row, header)) = grid
        .iter()
        .enumerate()
        .find(|(_, r)| r.iter().any(|c| !is_blank(c)))
    else {
        return Err(format_error(
            &file,
            format!("sheet {name:?} is empty"),
            "name the sheet that holds the data with `sheet = \"...\"` in the source",
        ));
    };
    let headers = header.iter().map(header_text).collect();
    Ok(Table {
        file,
        sheet: Some(name),
        encoding: None,
        headers,
        header_row,
        body: Body::Grid(grid),
        ragged: Default::default(),
    })
}

/// Every non-empty sheet of the workbook, in workbook order.
pub(super) fn read_all(
    file: String,
    bytes: Vec<u8>,
    kind: Kind,
) -> Result<Vec<Table>, IngestError> {
    if kind == Kind::Xlsx {
        return read_all_fast(&file, &bytes);
    }
    let mut book = open(&file, bytes, kind)?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let mut grid = to_grid(&range);
        fill_merged(
            &mut grid,
            &merged_regions(&mut book, &name),
            &super::limits(),
        )
        .map_err(|e| refusal(&file, &name, &e))?;
        if let Some((header_row, header)) = grid
            .iter()
            .enumerate()
            .find(|(_, r)| r.iter().any(|c| !is_blank(c)))
        {
            let headers = header.iter().map(header_text).collect();
            out.push(Table {
                file: file.clone(),
                sheet: Some(name),
                encoding: None,
                headers,
                header_row,
                body: Body::Grid(grid),
                ragged: Default::default(),
            });
        }
    }
    Ok(out)
}

fn open(file: &str, bytes: Vec<u8>, kind: Kind) -> Result<Book, IngestError> {
    let rs = Cursor::new(bytes);
    let opened = match kind {
        Kind::Xls => open_workbook_from_rs(rs)
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        Kind::Xlsb => open_workbook_from_rs(rs)
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        Kind::Ods => open_workbook_from_rs(rs)
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        Kind::Xlsx | Kind::Text | Kind::Columnar(_) => open_workbook_from_rs(rs)
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
    };
    opened.map_err(|e| {
        format_error(
            file,
            format!("the workbook cannot be opened: {e}"),
            "the file may be damaged or password-protected: open it in Excel and save it again as .xlsx, or export CSV",
        )
    })
}

/// The sheet read through the project's xlsx reader ([`super::xlsx`]), merged regions
/// filled.
fn read_fast(file: &str, bytes: &[u8], sheet: Option<&str>) -> Result<(String, Grid), IngestError> {
    let limits = super::limits();
    let book = xlsx::Workbook::open_with(bytes, limits).map_err(|e| cannot_open(file, &e))?;
    let name = pick_sheet(file, book.sheet_names(), sheet)?;
    let grid = sheet_grid(&book, &name, &limits).map_err(|e| refusal(file, &name, &e))?;
    Ok((name, grid))
}

/// Every non-empty sheet through the project's reader.
fn read_all_fast(file: &str, bytes: &[u8]) -> Result<Vec<Table>, IngestError> {
    let limits = super::limits();
    let book = xlsx::Workbook::open_with(bytes, limits).map_err(|e| cannot_open(file, &e))?;
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let grid = sheet_grid(&book, name, &limits).map_err(|e| refusal(file, name, &e))?;
        if let Ok(table) = table_of(file.to_string(), name.clone(), grid) {
            out.push(table);
        }
    }
    Ok(out)
}

/// The error of a workbook the reader cannot open.
fn cannot_open(file: &str, e: &xlsx::XlsxError) -> IngestError {
    match e.limit() {
        Some(key) => format_error(
            file,
            format!("the workbook is refused: {}", e.message()),
            &super::limits::raise_hint(key),
        ),
        None => format_error(
            file,
            format!("the workbook cannot be opened: {}", e.message()),
            "the file may be damaged or password-protected: open it in Excel and save it again as .xlsx, or export CSV",
        ),
    }
}

/// The error of a sheet the reader cannot read.
fn refusal(file: &str, sheet: &str, e: &xlsx::XlsxError) -> IngestError {
    match e.limit() {
        Some(key) => format_error(
            file,
            format!("sheet {sheet:?} is refused: {}", e.message()),
            &super::limits::raise_hint(key),
        ),
        None => format_error(
            file,
            format!("sheet {sheet:?} cannot be read: {}", e.message()),
            "re-save the workbook from Excel, or export the sheet as CSV",
        ),
    }
}

/// One sheet's cells by absolute position, merged regions filled. Rows are ragged (each as
/// long as its last cell; [`super::table::Row::get`] reads past the end as blank) and rows
/// above the first used one are empty, so memory follows the cells present.
fn sheet_grid(
    book: &xlsx::Workbook,
    name: &str,
    limits: &super::Limits,
) -> Result<Grid, xlsx::XlsxError> {
    let mut rows: Grid = Vec::new();
    let extras = book.read_sheet(name, |r, c, cell| {
        // Within the `rows` and `columns` caps: the reader checked each position.
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        if let Some(row) = rows.get_mut(r) {
            if row.len() <= c {
                row.resize(c + 1, RawValue::Blank);
            }
            if let Some(slot) = row.get_mut(c) {
                *slot = fast_cell_value(cell);
            }
        }
    })?;
    let merged: Vec<Dimensions> = extras
        .merged
        .iter()
        .map(|&(start, end)| Dimensions { start, end })
        .collect();
    fill_merged(&mut rows, &merged, limits)?;
    Ok(rows)
}

/// [`cell_value`] of the fast reader's cells.
fn fast_cell_value(cell: xlsx::Cell<'_>) -> RawValue {
    match cell {
        xlsx::Cell::Number(x) => RawValue::Number(x),
        xlsx::Cell::Text("") => RawValue::Blank,
        xlsx::Cell::Text(s) => RawValue::Text(s.to_string()),
        xlsx::Cell::Bool(b) => cell_value(&Data::Bool(b)),
        xlsx::Cell::Error(e) => cell_value(&Data::Error(e)),
        xlsx::Cell::DateTime(dt) => cell_value(&Data::DateTime(dt)),
        xlsx::Cell::DateTimeIso(s) => RawValue::Date(s.to_string()),
    }
}

/// The sheet the source names (exact, then by match key), else the first one.
fn pick_sheet(file: &str, names: &[String], wanted: Option<&str>) -> Result<String, IngestError> {
    let found = match wanted {
        None => names.first().cloned(),
        Some(w) => {
            let key = crate::text::match_key(w);
            names
                .iter()
                .find(|n| n.as_str() == w)
                .or_else(|| names.iter().find(|n| crate::text::match_key(n) == key))
                .cloned()
        }
    };
    found.ok_or_else(|| {
        let list: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
        format_error(
            file,
            match wanted {
                Some(w) => format!("the workbook has no sheet {w:?}"),
                None => "the workbook has no sheets".into(),
            },
            &format!(
                "sheets in this workbook: {}; set `sheet` in the source",
                list.join(", ")
            ),
        )
    })
}

/// Cells by absolute position: rows and columns before the used range are padded with blanks.
fn to_grid(range: &Range<Data>) -> Grid {
    let Some((r0, c0)) = range.start() else {
        return Vec::new();
    };
    let (r0, c0) = (r0 as usize, c0 as usize);
    let mut grid: Vec<Vec<RawValue>> = vec![Vec::new(); r0];
    for cells in range.rows() {
        let mut row = vec![RawValue::Blank; c0];
        row.extend(cells.iter().map(cell_value));
        grid.push(row);
    }
    grid
}

fn cell_value(d: &Data) -> RawValue {
    match d {
        Data::Empty => RawValue::Blank,
        Data::String(s) if s.is_empty() => RawValue::Blank,
        Data::String(s) => RawValue::Text(s.clone()),
        Data::Int(i) => RawValue::Number(*i as f64),
        Data::Float(x) => RawValue::Number(*x),
        Data::Bool(b) => RawValue::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(dt) if dt.is_duration() => RawValue::Date(clock(dt.as_f64() * 86_400.0)),
        Data::DateTime(dt) => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            RawValue::Date(time::display_datetime(y, mo, d, h, mi, s))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => RawValue::Date(s.clone()),
        Data::Error(e) => RawValue::Text(e.to_string()),
    }
}

/// A duration cell as `H:MM:SS` (Excel's `[h]:mm:ss`).
fn clock(secs: f64) -> String {
    let t = secs.round().max(0.0) as u64;
    format!("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
}

fn is_blank(v: &RawValue) -> bool {
    super::table::CellRef::from(v).is_blank()
}

fn header_text(v: &RawValue) -> String {
    super::table::CellRef::from(v).display()
}

/// Merged regions of the sheet, where the format exposes them cheaply (xlsx, xls).
fn merged_regions(book: &mut Book, sheet: &str) -> Vec<Dimensions> {
    let found = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).ok(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).ok(),
        Sheets::Xlsb(_) | Sheets::Ods(_) => None,
    };
    found.unwrap_or_default()
}

/// Give every cell of a merged region the value of its top-left cell, as a reader sees it
/// (a "平台" header over several columns, SurveyMonkey's question over its options). The
/// cells filled count against the `cells` cap (one region `A1:XFD1048576` would be 17
/// billion), and a region right of the `columns` cap is refused.
fn fill_merged(
    grid: &mut [Vec<RawValue>],
    regions: &[Dimensions],
    limits: &super::Limits,
) -> Result<(), xlsx::XlsxError> {
    let mut budget = limits.cells;
    for m in regions {
        let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
        let (r1, c1) = (m.end.0 as usize, m.end.1 as usize);
        let Some(value) = grid.get(r0).and_then(|r| r.get(c0)).cloned() else {
            continue;
        };
        if c1 < c0 {
            continue;
        }
        if u64::from(m.end.1) >= limits.columns {
            return Err(xlsx::XlsxError::over(
                "columns",
                format!(
                    "merged region ending at column {} is right of column {}, the last one allowed",
                    u64::from(m.end.1) + 1,
                    limits.columns
                ),
            ));
        }
        let rows = grid.len().min(r1.saturating_add(1)).saturating_sub(r0) as u64;
        let area = rows.saturating_mul((c1 - c0 + 1) as u64);
        budget = budget.checked_sub(area).ok_or_else(|| {
            xlsx::XlsxError::over(
                "cells",
                format!(
                    "its merged regions cover more than {} cells (the cap on cells)",
                    limits.cells
                ),
            )
        })?;
        for row in grid.iter_mut().take(r1.saturating_add(1)).skip(r0) {
            if row.len() <= c1 {
                row.resize(c1 + 1, RawValue::Blank);
            }
            for cell in row.iter_mut().take(c1 + 1).skip(c0) {
                *cell = value.clone();
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_header_cells_are_filled() {
        let t = |s: &str| RawValue::Text(s.into());
        let mut grid = vec![
            vec![t("平台"), RawValue::Blank, t("x")],
            vec![t("a"), t("b"), t("c")],
        ];
        let region = Dimensions {
            start: (0, 0),
            end: (0, 1),
        };
        fill_merged(&mut grid, &[region], &crate::ingest::Limits::default()).unwrap();
        assert_eq!(grid[0], vec![t("平台"), t("平台"), t("x")]);
        assert_eq!(grid[1][1], t("b"));
    }

    #[test]
    fn duration_cells_show_as_clock() {
        assert_eq!(clock(98.0), "0:01:38");
        assert_eq!(clock(3723.4), "1:02:03");
    }
}
