//! The HTML trend page of a comparison (`compare --format html`): one small line chart of the
//! index per platform over the waves, a slope chart of the index from the first wave to the
//! last (both drawn by `output::html::trend`, as in the report's trend section), then the
//! comparison tables, the node matching, the warnings and the methods. The page and its
//! styles are the report's (`output::html`): self-contained, no script, every string from the
//! result files escaped, no timestamps (byte-identical runs). Headings, labels and movement
//! words follow `--lang`.

use super::rows::{grids, notes};
use super::text::heading;
use crate::compare::Comparison;
use crate::output::OutputError;
use crate::output::html::markup::{Cell, Html};
use crate::output::html::page::document;
use crate::output::html::trend::{self, TrendOptions};
use crate::output::labels::Lang;

/// The whole page.
pub fn page(c: &Comparison, lang: Lang) -> Result<String, OutputError> {
    let options = TrendOptions {
        lang,
        min_cell: None,
    };
    let title = heading(c, lang);
    let mut h = Html::new();
    h.raw("<header>\n");
    h.el("h1", &title);
    h.raw("<p class=\"lead\">");
    let (platforms, waves) = (c.platforms.len(), c.waves.len());
    h.text(&lang.pick(
        &format!("Index scores of {platforms} platforms over {waves} waves: "),
        Some(&format!("{platforms}个平台在{waves}期中的指数得分：")),
    ));
    let files: Vec<String> = c
        .waves
        .iter()
        .map(|w| format!("{} ({})", w.label, w.file))
        .collect();
    h.text(&files.join(", "));
    h.raw("</p>\n</header>\n");

    h.raw("<section id=\"trend\">\n");
    h.el(
        "h2",
        &lang.pick("Index by platform over the waves", Some("各平台历年指数")),
    );
    trend::cards(&mut h, c, options)?;
    h.raw("</section>\n");

    h.raw("<section id=\"slope\">\n");
    h.el(
        "h2",
        &lang.pick(
            "Slope of the index, first wave to last",
            Some("指数斜率图：首期至末期"),
        ),
    );
    trend::slope_chart(&mut h, c, options)?;
    h.raw("</section>\n");

    h.raw("<section id=\"tables\">\n");
    h.el("h2", &lang.pick("Comparison", Some("对比")));
    for g in grids(c, lang) {
        h.el("h3", &g.title);
        let header: Vec<Cell> = g
            .header
            .iter()
            .enumerate()
            .map(|(i, x)| if i == 0 { Cell::text(x) } else { Cell::num(x) })
            .collect();
        let rows: Vec<Vec<Cell>> = g
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(i, x)| if i == 0 { Cell::text(x) } else { Cell::num(x) })
                    .collect()
            })
            .collect();
        h.table("compare", &header, &rows);
    }
    h.raw("</section>\n");

    for (title, lines) in notes(c, lang) {
        h.raw("<section>\n");
        h.el("h2", &title);
        h.raw("<ul>\n");
        for l in &lines {
            h.el("li", l);
        }
        h.raw("</ul>\n</section>\n");
    }
    h.raw("<footer>");
    h.text(&lang.pick(
        "Written by qbpc-index compare.",
        Some("由 qbpc-index compare 生成。"),
    ));
    h.raw("</footer>\n");
    Ok(document(lang, &title, h))
}
