//! A worksheet being filled row by row: bold frozen header, text cells through the formula
//! guard, real numbers with number formats, column widths from the content, colour scales
//! on score ranges.

// Indexing is in range here: widths is grown to the column before it is indexed.
#![allow(clippy::indexing_slicing)]

use super::notes::Notes;
use crate::output::guard::guard_text;
use crate::rank::publish_round;
use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, Format, FormatAlign, FormatBorder, Note, Table,
    TableColumn, TableStyle, Worksheet, XlsxError,
};

/// Excel's limit on the characters of one cell.
const MAX_CELL_CHARS: usize = 32_767;

/// What ends a text cut to fit one cell: the cut is said in the cell itself.
const CUT_NOTE: &str =
    " […cut: an XLSX cell holds 32,767 characters; the JSON output has the whole text]";

/// The text as one cell holds it: whole, or cut with [`CUT_NOTE`] at its end.
fn fit_cell(t: &str) -> String {
    if t.len() <= MAX_CELL_CHARS || t.chars().count() <= MAX_CELL_CHARS {
        return t.to_string();
    }
    let keep = MAX_CELL_CHARS - CUT_NOTE.chars().count();
    let mut out: String = t.chars().take(keep).collect();
    out.push_str(CUT_NOTE);
    out
}

#[cfg(test)]
mod cut_tests {
    #[test]
    fn a_text_too_long_for_a_cell_is_cut_with_a_note() {
        let long = "字".repeat(40_000);
        let cell = super::fit_cell(&long);
        assert_eq!(cell.chars().count(), super::MAX_CELL_CHARS);
        assert!(cell.ends_with(super::CUT_NOTE));
        assert_eq!(super::fit_cell("short"), "short");
        let exact = "a".repeat(super::MAX_CELL_CHARS);
        assert_eq!(super::fit_cell(&exact), exact);
    }
}

/// Column widths stay within this (characters); longer texts are cut off on screen only.
const MAX_WIDTH: usize = 60;

/// The formats of one workbook.
#[derive(Debug, Clone)]
pub struct Styles {
    pub header: Format,
    pub title: Format,
    /// Published scores: the publication precision.
    pub score: Format,
    /// The header notes of the workbook's language.
    pub notes: Notes,
    pub integer: Format,
    pub general: Format,
    pub percent: Format,
    pub weight: Format,
    pub text: Format,
}

impl Styles {
    pub fn new(decimals: u32, notes: Notes) -> Styles {
        let score = if decimals == 0 {
            "0".to_string()
        } else {
            format!("0.{}", "0".repeat(decimals as usize))
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE5F0))
                .set_border_bottom(FormatBorder::Thin)
                .set_align(FormatAlign::Top)
                .set_text_wrap(),
            title: Format::new().set_bold().set_font_size(13),
            score: Format::new().set_num_format(score),
            notes,
            integer: Format::new().set_num_format("0"),
            general: Format::new(),
            percent: Format::new().set_num_format("0%"),
            weight: Format::new().set_num_format("0.0000"),
            text: Format::new().set_align(FormatAlign::Top),
        }
    }
}

/// One cell value.
#[derive(Debug, Clone)]
pub enum V<'a> {
    Text(&'a str),
    Owned(String),
    /// A count or a rank.
    Int(Option<u64>),
    /// A score published at the workbook's precision: the rounded value, so that the cell
    /// shows (and holds) exactly the published number.
    Score(Option<f64>),
    /// An unrounded number, shown in full.
    Float(Option<f64>),
    /// A score kept unrounded in the cell (item scores, which are not published) but shown at
    /// the publication precision.
    ScoreFull(Option<f64>),
    Percent(Option<f64>),
    Weight(Option<f64>),
}

impl<'a> V<'a> {
    pub fn opt_text(s: Option<&'a str>) -> V<'a> {
        V::Text(s.unwrap_or(""))
    }

    pub fn count(n: usize) -> V<'a> {
        V::Int(Some(n as u64))
    }

    pub fn rank(r: Option<u32>) -> V<'a> {
        V::Int(r.map(u64::from))
    }
}

pub struct Sheet<'s> {
    pub ws: Worksheet,
    styles: &'s Styles,
    decimals: u32,
    widths: Vec<usize>,
    pub row: u32,
    /// The tables of the sheet: header row, header labels, last row (inclusive).
    tables: Vec<(u32, Vec<String>, u32)>,
    /// The paragraphs: row and text.
    paras: Vec<(u32, String)>,
    /// Columns given a width beyond the content's (README's text column).
    wide: Vec<(usize, usize)>,
}

impl<'s> Sheet<'s> {
    pub fn new(name: &str, styles: &'s Styles, decimals: u32) -> Result<Sheet<'s>, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(Sheet {
            ws,
            styles,
            decimals,
            widths: Vec::new(),
            row: 0,
            tables: Vec::new(),
            paras: Vec::new(),
            wide: Vec::new(),
        })
    }

    /// A bold header row that starts a table (filtered, its height fitted to the wrapped
    /// labels), frozen and repeated on every printed page when it is the first row. Each
    /// label known to the workbook's notes gets a note (comment) explaining the column.
    pub fn header(&mut self, labels: &[String]) -> Result<(), XlsxError> {
        for (c, label) in labels.iter().enumerate() {
            let text = guard_text(label);
            self.ws.write_string_with_format(
                self.row,
                c as u16,
                text.as_ref(),
                &self.styles.header,
            )?;
            if let Some(note) = self.styles.notes.of(label) {
                self.note(c as u16, &note)?;
            }
            // Headers wrap, so they only ask for the width of their longest word.
            let longest = label.split(' ').map(display_width).max().unwrap_or(0);
            self.fit(c, longest.max(6));
        }
        if self.row == 0 {
            self.ws.set_freeze_panes(1, 0)?;
            self.ws.set_repeat_rows(0, 0)?;
        }
        let labels = labels.iter().map(|l| guard_text(l).into_owned()).collect();
        self.tables.push((self.row, labels, self.row));
        self.row += 1;
        Ok(())
    }

    /// A note (comment) on a header cell of the last header row, replacing any other.
    pub fn note(&mut self, col: u16, text: &str) -> Result<(), XlsxError> {
        let row = self.tables.last().map_or(self.row, |t| t.0);
        let lines = text.lines().count() as u32;
        let note = Note::new(text)
            .add_author_prefix(false)
            .set_width(300)
            .set_height(40 + 16 * lines.max(2) * 2);
        self.ws.insert_note(row, col, &note)?;
        Ok(())
    }

    /// A bold title line (sections of the methodology sheet).
    pub fn title(&mut self, text: &str) -> Result<(), XlsxError> {
        self.ws.write_string_with_format(
            self.row,
            0,
            guard_text(text).as_ref(),
            &self.styles.title,
        )?;
        self.row += 1;
        Ok(())
    }

    /// An empty row: it also ends the current table.
    pub fn blank_line(&mut self) {
        self.row += 1;
    }

    /// A paragraph in the second column, wrapped (its row height set by `finish`): it does
    /// not widen the column (README sheet).
    pub fn para(&mut self, text: &str) -> Result<(), XlsxError> {
        let wrap = self.styles.text.clone().set_text_wrap();
        let text = fit_cell(&guard_text(text));
        self.ws
            .write_string_with_format(self.row, 1, &text, &wrap)?;
        self.paras.push((self.row, text));
        self.row += 1;
        Ok(())
    }

    pub fn cells(&mut self, values: &[V<'_>]) -> Result<(), XlsxError> {
        for (c, v) in values.iter().enumerate() {
            self.cell(c as u16, v)?;
        }
        if let Some(t) = self.tables.last_mut() {
            t.2 = self.row;
        }
        self.row += 1;
        Ok(())
    }

    fn cell(&mut self, col: u16, v: &V<'_>) -> Result<(), XlsxError> {
        let (row, s) = (self.row, self.styles);
        let c = col as usize;
        match v {
            V::Text(t) => self.text(col, t)?,
            V::Owned(t) => self.text(col, t)?,
            V::Int(Some(n)) => {
                self.ws
                    .write_number_with_format(row, col, *n as f64, &s.integer)?;
                self.fit(c, n.to_string().len());
            }
            V::Score(Some(x)) if x.is_finite() => {
                let published = publish_round(*x, self.decimals);
                self.ws
                    .write_number_with_format(row, col, published, &s.score)?;
                self.fit(c, 6);
            }
            V::ScoreFull(Some(x)) if x.is_finite() => {
                self.ws.write_number_with_format(row, col, *x, &s.score)?;
                self.fit(c, 6);
            }
            V::Float(Some(x)) if x.is_finite() => {
                self.ws.write_number_with_format(row, col, *x, &s.general)?;
                self.fit(c, 12);
            }
            V::Percent(Some(x)) if x.is_finite() => {
                self.ws.write_number_with_format(row, col, *x, &s.percent)?;
                self.fit(c, 5);
            }
            V::Weight(Some(x)) if x.is_finite() => {
                self.ws.write_number_with_format(row, col, *x, &s.weight)?;
                self.fit(c, 7);
            }
            // Absent or not finite: an empty cell, never 0 or NaN.
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, col: u16, t: &str) -> Result<(), XlsxError> {
        if t.is_empty() {
            return Ok(());
        }
        let guarded = guard_text(t);
        let value = fit_cell(&guarded);
        self.ws
            .write_string_with_format(self.row, col, value, &self.styles.text)?;
        let widest = t.lines().map(display_width).max().unwrap_or(0);
        self.fit(col as usize, widest);
        Ok(())
    }

    /// Gives a column this width (characters), whatever its content.
    pub fn widen(&mut self, col: usize, width: usize) {
        self.wide.push((col, width));
    }

    fn fit(&mut self, col: usize, width: usize) {
        if self.widths.len() <= col {
            self.widths.resize(col + 1, 0);
        }
        self.widths[col] = self.widths[col].max(width);
    }

    /// A red-yellow-green colour scale over a block of score cells (rows are 0-based and
    /// inclusive). Nothing when the block is empty.
    pub fn colour_scale(&mut self, rows: (u32, u32), cols: (u16, u16)) -> Result<(), XlsxError> {
        if rows.1 < rows.0 || cols.1 < cols.0 {
            return Ok(());
        }
        let scale = ConditionalFormat3ColorScale::new()
            .set_minimum_color("F8696B")
            .set_midpoint_color("FFEB84")
            .set_maximum_color("63BE7B");
        self.ws
            .add_conditional_format(rows.0, cols.0, rows.1, cols.1, &scale)?;
        Ok(())
    }

    /// Sets the column widths, the header heights, the filters and the print setup, and
    /// hands the worksheet over.
    pub fn finish(mut self) -> Result<Worksheet, XlsxError> {
        let mut widths: Vec<usize> = self
            .widths
            .iter()
            .map(|w| (*w).clamp(4, MAX_WIDTH) + 2)
            .collect();
        for &(col, width) in &self.wide {
            if widths.len() <= col {
                widths.resize(col + 1, 6);
            }
            widths[col] = width;
        }
        for (c, width) in widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *width as f64)?;
        }
        for (row, labels, _) in &self.tables {
            // An explicit height: the wrapped header stays inside its row in every
            // spreadsheet (LibreOffice does not grow a row for wrapped text it did not edit).
            let lines = labels
                .iter()
                .zip(&widths)
                .map(|(l, w)| wrapped_lines(l, *w))
                .max()
                .unwrap_or(1);
            self.ws.set_row_height(*row, 3.0 + 15.0 * lines as f64)?;
        }
        let span = widths.get(1).copied().unwrap_or(MAX_WIDTH);
        for (row, text) in &self.paras {
            let lines = wrapped_lines_scaled(text, span, 0.85);
            self.ws.set_row_height(*row, 3.0 + 15.0 * lines as f64)?;
        }
        match self.tables.as_slice() {
            [] => {}
            // One table: the sheet's filter (what Excel, LibreOffice and WPS all show).
            [(first, labels, last)] => {
                let cols = labels.len().max(1) as u16 - 1;
                self.ws.autofilter(*first, 0, *last, cols)?;
            }
            // Several tables (Methodology): a sheet has one filter, so each is an Excel table
            // with its own, without table styling (the header format is kept).
            tables => {
                for (first, labels, last) in tables {
                    if last <= first || labels.is_empty() {
                        continue;
                    }
                    let columns: Vec<TableColumn> = labels
                        .iter()
                        .map(|l| {
                            TableColumn::new()
                                .set_header(l)
                                .set_header_format(&self.styles.header)
                        })
                        .collect();
                    let table = Table::new()
                        .set_style(TableStyle::None)
                        .set_banded_rows(false)
                        .set_columns(&columns);
                    let cols = labels.len() as u16 - 1;
                    self.ws.add_table(*first, 0, *last, cols, &table)?;
                }
            }
        }
        // Print: A4 landscape, one page wide, the header row on every page, the sheet name
        // and page numbers in the footer.
        self.ws
            .set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0)
            .set_margins(0.4, 0.4, 0.5, 0.5, 0.2, 0.2)
            .set_footer("&L&A&R&P / &N");
        Ok(self.ws)
    }
}

/// Lines a header label takes when wrapped at word boundaries in a column of this width.
fn wrapped_lines(label: &str, width: usize) -> usize {
    wrapped_lines_scaled(label, width, 1.0)
}

/// Lines a text takes in a column of this width, its characters counted at `scale` of their
/// display width (bold headers 1, plain text about 0.85 of the digit width columns use).
fn wrapped_lines_scaled(label: &str, width: usize, scale: f64) -> usize {
    let room = width.saturating_sub(1).max(1) as f64;
    let mut lines = 1;
    let mut used = 0.0;
    for word in label.split(' ').filter(|w| !w.is_empty()) {
        let w = display_width(word) as f64 * scale;
        if used == 0.0 {
            used = w;
        } else if used + scale + w <= room {
            used += scale + w;
        } else {
            lines += 1;
            used = w;
        }
        // A word longer than the column breaks across lines.
        while used > room {
            lines += 1;
            used -= room;
        }
    }
    lines
}

/// Width of a text in character cells: East Asian wide characters count two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_wrap_at_words() {
        assert_eq!(wrapped_lines("Rank 排名", 12), 1);
        assert_eq!(wrapped_lines("Rank 排名", 8), 2);
        assert_eq!(wrapped_lines("Index (unrounded) 指数（未修约）", 20), 2);
        assert_eq!(wrapped_lines("", 8), 1);
    }

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("Taobao"), 6);
        assert_eq!(display_width("淘宝"), 4);
        assert_eq!(display_width("（中国）"), 8);
    }
}
