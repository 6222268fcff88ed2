//! The terminal table and the Markdown of a comparison: one grid per target, then the node
//! matching, the warnings and the methods.

use super::rows::{Grid, grids, notes};
use crate::compare::Comparison;
use crate::output::labels::Lang;
use crate::output::markdown::{self, escape};
use crate::output::text_table::boxed;
use comfy_table::Table;

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

/// A grid as a box table: the platform left, every number right-aligned.
fn comfy(g: &Grid, width: Option<u16>) -> Table {
    boxed(g.header.clone(), g.rows.iter().cloned(), |i| i != 0, width)
}

pub fn markdown(c: &Comparison, lang: Lang) -> String {
    let mut out = format!("# {}\n", escape(&heading(c, lang)));
    for g in grids(c, lang) {
        out.push_str(&format!("\n## {}\n\n", escape(&g.title)));
        out.push_str(&markdown::table(&g.header, &g.rows, |i| i != 0));
    }
    for (title, lines) in notes(c, lang) {
        out.push_str(&format!("\n## {}\n\n", escape(&title)));
        for l in lines {
            out.push_str(&format!("* {}\n", escape(&l)));
        }
    }
    out
}
