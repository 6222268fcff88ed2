//! The HTML trend page of a comparison (`compare --format html`): one small line chart of the
//! index per platform over the waves, a slope chart of the index from the first wave to the
//! last, then the comparison tables, the node matching, the warnings and the methods. The
//! page, its charts and its styles are the report's (`output::html`): self-contained, no
//! script, every string from the result files escaped, no timestamps (byte-identical runs).

use super::rows::{grids, notes, platform_label};
use super::text::heading;
use crate::compare::{Comparison, PlatformSeries};
use crate::output::OutputError;
use crate::output::html::charts::{
    ACCENT, Area, Drawn, GRID, INK, LABEL, MUTED, SMALL, UNRANKED, VALUE_INK, font, render,
};
use crate::output::html::markup::{Cell, Html, Svg};
use crate::output::html::page::document;
use crate::output::labels::Lang;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// The index target (the first one when none is marked as the index).
fn index_target(c: &Comparison) -> usize {
    c.targets
        .iter()
        .position(|t| t.kind == "index")
        .unwrap_or(0)
}

/// A platform's index per wave: the score (for the position) and its published string.
fn index_points(p: &PlatformSeries, t: usize) -> Vec<Option<(f64, String)>> {
    p.series.get(t).map_or_else(Vec::new, |s| {
        s.points
            .iter()
            .map(|pt| {
                let pt = pt.as_ref()?;
                let score = pt.score?;
                let shown = pt
                    .score_display
                    .clone()
                    .unwrap_or_else(|| format!("{score:.1}"));
                Some((score, shown))
            })
            .collect()
    })
}

/// A platform's name and its index in the first and the last wave.
type End = (String, Option<(f64, String)>, Option<(f64, String)>);

/// The whole page.
pub fn page(c: &Comparison) -> Result<String, OutputError> {
    let t = index_target(c);
    let labels: Vec<String> = c.waves.iter().map(|w| w.label.clone()).collect();
    let title = heading(c);
    let mut h = Html::new();
    h.raw("<header>\n");
    h.el("h1", &title);
    h.raw("<p class=\"lead\">");
    h.text(&format!(
        "Index scores of {} platforms over {} waves: ",
        c.platforms.len(),
        c.waves.len()
    ));
    let files: Vec<String> = c
        .waves
        .iter()
        .map(|w| format!("{} ({})", w.label, w.file))
        .collect();
    h.text(&files.join(", "));
    h.raw("</p>\n</header>\n");

    h.raw("<section id=\"trend\">\n");
    h.el("h2", "Index by platform over the waves");
    h.raw("<div class=\"grid\">\n");
    for p in &c.platforms {
        let name = platform_label(p);
        h.raw("<div class=\"card\">\n");
        h.el("h3", &name);
        h.raw("<div class=\"chart trend\">\n");
        h.svg(&trend_line(&labels, &index_points(p, t))?);
        h.raw("</div>\n</div>\n");
    }
    h.raw("</div>\n");
    h.el(
        "p class=\"note\"",
        "Published index score of each wave; a wave without a score leaves a gap, never a 0.",
    );
    h.raw("</section>\n");

    let (first, last) = (labels.first(), labels.last());
    h.raw("<section id=\"slope\">\n");
    h.el("h2", "Slope of the index, first wave to last");
    let ends: Vec<End> = c
        .platforms
        .iter()
        .map(|p| {
            let pts = index_points(p, t);
            let a = pts.first().cloned().flatten();
            let b = pts.last().cloned().flatten();
            (p.name.clone(), a, b)
        })
        .collect();
    h.raw("<div class=\"chart slope\">\n");
    h.svg(&slope(
        first.map_or("", String::as_str),
        last.map_or("", String::as_str),
        &ends,
    )?);
    h.raw("</div>\n");
    h.el(
        "p class=\"note\"",
        "One line per platform scored in both waves, from its published index score in the \
         first wave (left) to the last (right); a platform in only one of them is a dot.",
    );
    h.raw("</section>\n");

    h.raw("<section id=\"tables\">\n");
    h.el("h2", "Comparison");
    for g in grids(c) {
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

    for (title, lines) in notes(c) {
        h.raw("<section>\n");
        h.el("h2", &title);
        h.raw("<ul>\n");
        for l in &lines {
            h.el("li", l);
        }
        h.raw("</ul>\n</section>\n");
    }
    h.raw("<footer>Written by qbpc-index compare.</footer>\n");
    Ok(document(Lang::En, &title, h))
}

/// A small line chart on 0..100: one point per wave with a score, its published value above
/// it, consecutive waves joined (a wave without a score breaks the line).
fn trend_line(waves: &[String], points: &[Option<(f64, String)>]) -> Result<Svg, OutputError> {
    let (w, h) = (320i32, 180i32);
    let (left, right, top, bottom) = (34i32, w - 24, 22i32, h - 34);
    let n = waves.len().max(1);
    let x_of = move |k: usize| {
        if n == 1 {
            (left + right) / 2
        } else {
            left + ((right - left) as f64 * k as f64 / (n - 1) as f64).round() as i32
        }
    };
    let y_of =
        move |v: f64| bottom - ((bottom - top) as f64 * v.clamp(0.0, 100.0) / 100.0).round() as i32;
    render("trend", (w as u32, h as u32), |root| {
        for tick in [0.0, 50.0, 100.0] {
            let y = y_of(tick);
            root.draw(&PathElement::new(
                vec![(left, y), (right, y)],
                GRID.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                format!("{tick:.0}"),
                (left - 6, y),
                font(SMALL, &MUTED, HPos::Right, VPos::Center),
            ))?;
        }
        for (k, wave) in waves.iter().enumerate() {
            root.draw(&Text::new(
                wave.clone(),
                (x_of(k), bottom + 8),
                font(SMALL, &MUTED, HPos::Center, VPos::Top),
            ))?;
        }
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (k, pt) in points.iter().enumerate() {
            match pt {
                Some((v, _)) => run.push((x_of(k), y_of(*v))),
                None => flush(root, &mut run)?,
            }
        }
        flush(root, &mut run)?;
        for (k, pt) in points.iter().enumerate() {
            if let Some((v, shown)) = pt {
                let at = (x_of(k), y_of(*v));
                root.draw(&Circle::new(at, 3, ACCENT.filled()))?;
                root.draw(&Text::new(
                    shown.clone(),
                    (at.0, at.1 - 6),
                    font(SMALL, &VALUE_INK, HPos::Center, VPos::Bottom),
                ))?;
            }
        }
        Ok(())
    })
}

/// Draws a run of joined points (two or more) and empties it.
fn flush(root: &Area<'_>, run: &mut Vec<(i32, i32)>) -> Drawn {
    if run.len() >= 2 {
        root.draw(&PathElement::new(run.clone(), ACCENT.stroke_width(2)))?;
    }
    run.clear();
    Ok(())
}

/// Label positions: the wanted heights, pushed apart to at least `gap` pixels in their order
/// and moved up where they would pass `bottom`. Returns the heights in the input order.
fn spread(wanted: &[i32], gap: i32, bottom: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (wanted[i], i));
    let mut placed: Vec<i32> = order.iter().map(|&i| wanted[i]).collect();
    for k in 1..placed.len() {
        placed[k] = placed[k].max(placed[k - 1] + gap);
    }
    if let Some(&end) = placed.last()
        && end > bottom
    {
        let mut limit = bottom;
        for y in placed.iter_mut().rev() {
            *y = (*y).min(limit);
            limit = *y - gap;
        }
    }
    let mut out = vec![0; wanted.len()];
    for (k, &i) in order.iter().enumerate() {
        out[i] = placed[k];
    }
    out
}

/// The slope chart: the first wave on the left, the last on the right, one line per platform
/// scored in both, labelled "name score" on the left and "score name" on the right.
fn slope(first: &str, last: &str, ends: &[End]) -> Result<Svg, OutputError> {
    let scores: Vec<f64> = ends
        .iter()
        .flat_map(|(_, a, b)| [a, b])
        .filter_map(|e| e.as_ref().map(|(v, _)| *v))
        .collect();
    let lo = scores.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        let lo = (lo / 10.0).floor() * 10.0;
        let hi = ((hi / 10.0).ceil() * 10.0).max(lo + 10.0);
        (lo.max(0.0), hi.min(100.0).max(lo.max(0.0) + 10.0))
    } else {
        (0.0, 100.0)
    };
    let gap = 16;
    let (w, h) = (760i32, (90 + gap * ends.len() as i32).max(320));
    let (xa, xb, top, bottom) = (290i32, 470i32, 44i32, h - 24);
    let y_of = move |v: f64| {
        bottom - ((bottom - top) as f64 * ((v - lo) / (hi - lo)).clamp(0.0, 1.0)).round() as i32
    };
    render("slope", (w as u32, h as u32), |root| {
        for (x, wave) in [(xa, first), (xb, last)] {
            root.draw(&PathElement::new(
                vec![(x, top), (x, bottom)],
                GRID.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                wave.to_string(),
                (x, top - 14),
                font(LABEL, &INK, HPos::Center, VPos::Bottom),
            ))?;
        }
        let side = |pick: fn(&End) -> Option<&(f64, String)>| {
            let at: Vec<(usize, i32)> = ends
                .iter()
                .enumerate()
                .filter_map(|(i, e)| pick(e).map(|(v, _)| (i, y_of(*v))))
                .collect();
            let wanted: Vec<i32> = at.iter().map(|&(_, y)| y).collect();
            let placed = spread(&wanted, gap, bottom + 6);
            at.into_iter()
                .zip(placed)
                .map(|((i, y), l)| (i, y, l))
                .collect::<Vec<_>>()
        };
        let left = side(|e| e.1.as_ref());
        let right = side(|e| e.2.as_ref());
        for (_, a, b) in ends {
            if let (Some((va, _)), Some((vb, _))) = (a, b) {
                root.draw(&PathElement::new(
                    vec![(xa, y_of(*va)), (xb, y_of(*vb))],
                    ACCENT.stroke_width(2),
                ))?;
            }
        }
        for (x, placed, is_left) in [(xa, &left, true), (xb, &right, false)] {
            for &(i, y, label_y) in placed {
                let (name, a, b) = &ends[i];
                let both = a.is_some() && b.is_some();
                let colour = if both { ACCENT } else { UNRANKED };
                root.draw(&Circle::new((x, y), 4, colour.filled()))?;
                let shown = if is_left { a } else { b };
                let Some((_, shown)) = shown else { continue };
                let (text, at, pos) = if is_left {
                    (format!("{name} {shown}"), (x - 12, label_y), HPos::Right)
                } else {
                    (format!("{shown} {name}"), (x + 12, label_y), HPos::Left)
                };
                root.draw(&Text::new(text, at, font(LABEL, &INK, pos, VPos::Center)))?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::spread;

    #[test]
    fn labels_are_pushed_apart_and_kept_in_order() {
        assert_eq!(spread(&[100, 100, 50], 16, 400), vec![100, 116, 50]);
        assert_eq!(spread(&[400, 400], 16, 400), vec![384, 400]);
        assert_eq!(spread(&[], 16, 400), Vec::<i32>::new());
    }
}
