//! A worksheet being filled row by row: bold frozen header, text cells through the formula
//! guard, real numbers with number formats, column widths from the content, colour scales
//! on score ranges.

use crate::output::guard::guard_text;
use crate::rank::publish_round;
use rust_xlsxwriter::{
    Color, ConditionalFormat3ColorScale, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
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
    pub integer: Format,
    pub general: Format,
    pub percent: Format,
    pub weight: Format,
    pub text: Format,
}

impl Styles {
    pub fn new(decimals: u32) -> Styles {
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
        })
    }

    /// A bold header row, frozen when it is the first row.
    pub fn header(&mut self, labels: &[String]) -> Result<(), XlsxError> {
        for (c, label) in labels.iter().enumerate() {
            let text = guard_text(label);
            self.ws.write_string_with_format(
                self.row,
                c as u16,
                text.as_ref(),
                &self.styles.header,
            )?;
            // Headers wrap, so they only ask for the width of their longest word.
            let longest = label.split(' ').map(display_width).max().unwrap_or(0);
            self.fit(c, longest.max(6));
        }
        if self.row == 0 {
            self.ws.set_freeze_panes(1, 0)?;
        }
        self.row += 1;
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

    pub fn blank_line(&mut self) {
        self.row += 1;
    }

    pub fn cells(&mut self, values: &[V<'_>]) -> Result<(), XlsxError> {
        for (c, v) in values.iter().enumerate() {
            self.cell(c as u16, v)?;
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

    /// Sets the column widths and hands the worksheet over.
    pub fn finish(mut self) -> Result<Worksheet, XlsxError> {
        for (c, w) in self.widths.iter().enumerate() {
            let width = (*w).clamp(4, MAX_WIDTH) + 2;
            self.ws.set_column_width(c as u16, width as f64)?;
        }
        Ok(self.ws)
    }
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
    fn chinese_counts_double() {
        assert_eq!(display_width("Taobao"), 6);
        assert_eq!(display_width("淘宝"), 4);
        assert_eq!(display_width("（中国）"), 8);
    }
}
