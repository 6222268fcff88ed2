//! The box table of the terminal outputs (the ranking, comparisons, `stats`, `sensitivity`):
//! one style, cells that are already text, numbers right-aligned. Written once so that every
//! terminal table looks and wraps the same.

use comfy_table::{CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// A UTF-8 box table of display cells; `right(column)` right-aligns a column (numbers, so
/// that digits line up). `width`: wrap cells to fit this many columns; None: never wrap,
/// whatever the terminal (the terminal size is never asked, so the text is stable).
pub(crate) fn boxed(
    header: Vec<String>,
    rows: impl IntoIterator<Item = Vec<String>>,
    right: impl Fn(usize) -> bool,
    width: Option<u16>,
) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).force_no_tty();
    match width {
        Some(w) => table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(w),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    };
    table.set_header(header);
    for row in rows {
        table.add_row(row);
    }
    for (i, col) in table.column_iter_mut().enumerate() {
        if right(i) {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_right_aligned_text_left() {
        let t = super::boxed(
            vec!["Name".into(), "Score".into()],
            [vec!["a".into(), "7".into()]],
            |i| i == 1,
            None,
        );
        let expected = "\
┌──────┬───────┐
│ Name ┆ Score │
╞══════╪═══════╡
│ a    ┆     7 │
└──────┴───────┘";
        assert_eq!(t.to_string(), expected);
    }
}
