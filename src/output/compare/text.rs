//! The terminal table and the Markdown of a comparison: one grid per target, then the node
//! matching, the warnings and the methods.

use super::rows::{Grid, grids, notes};
use crate::compare::Comparison;
use crate::output::labels::Lang;
use crate::output::markdown::escape;
use comfy_table::{CellAlignment, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// "Index name: 2024 → 2025", the name in `lang`.
pub(crate) fn heading(c: &Comparison, lang: Lang) -> String {
    let labels: Vec<&str> = c.waves.iter().map(|w| w.label.as_str()).collect();
    let name = c.waves.last().map_or(String::new(), |w| {
        lang.pick(&w.index.name, w.index.name_zh.as_deref())
    });
    format!("{name}: {}", labels.join(" → "))
}

pub fn table(c: &Comparison, width: Option<u16>, lang: Lang) -> String {
    let mut out = format!("{}\n", heading(c, lang));
    for g in grids(c, lang) {
        out.push('\n');
        out.push_str(&g.title);
        out.push('\n');
        out.push_str(&comfy(&g, width).to_string());
        out.push('\n');
    }
    for (title, lines) in notes(c, lang) {
        out.push('\n');
        out.push_str(&title);
        out.push('\n');
        for l in lines {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}

fn comfy(g: &Grid, width: Option<u16>) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).force_no_tty();
    match width {
        Some(w) => table
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(w),
        None => table.set_content_arrangement(ContentArrangement::Disabled),
    };
    table.set_header(g.header.clone());
    for row in &g.rows {
        table.add_row(row.clone());
    }
    for (i, col) in table.column_iter_mut().enumerate() {
        if i != 0 {
            col.set_cell_alignment(CellAlignment::Right);
        }
    }
    table
}

pub fn markdown(c: &Comparison, lang: Lang) -> String {
    let mut out = format!("# {}\n", escape(&heading(c, lang)));
    for g in grids(c, lang) {
        out.push_str(&format!("\n## {}\n\n", escape(&g.title)));
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        out.push_str(&line(&g.header));
        let rule: Vec<&str> = (0..g.header.len())
            .map(|i| if i == 0 { "---" } else { "---:" })
            .collect();
        out.push_str(&format!("|{}|\n", rule.join("|")));
        for row in &g.rows {
            out.push_str(&line(row));
        }
    }
    for (title, lines) in notes(c, lang) {
        out.push_str(&format!("\n## {}\n\n", escape(&title)));
        for l in lines {
            out.push_str(&format!("* {}\n", escape(&l)));
        }
    }
    out
}
