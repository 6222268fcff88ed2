//! The trend of the index over waves, drawn once for both pages that show it: the trend
//! section of the report (`report --previous ...`) and the trend page of `compare --format
//! html`. One small line chart of the index per platform, a slope chart of the index from the
//! first wave to the last, and a table of each platform's scores and rank movement. The
//! points are the published index scores of each wave's result file (a [`Comparison`]); a
//! wave without a score, or with a score withheld under the small-cell rule, leaves a gap,
//! never a 0. Text in the charts is escaped by plotters, text in the page by `Html`.

// Indexing is in range here: order/placed/out are permutations of 0..wanted.len(); ends is
// enumerated.
#![allow(clippy::indexing_slicing)]

use super::charts::{
    ACCENT, Area, Drawn, GRID, INK, LABEL, MUTED, SMALL, UNRANKED, VALUE_INK, font, render,
};
use super::markup::{Cell, Html, Svg};
use crate::compare::{Comparison, PlatformSeries};
use crate::output::OutputError;
use crate::output::compare::{change_text, movement_word, platform_label};
use crate::output::labels::Lang;
use crate::output::privacy::shown;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

/// What the trend shows and in which language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendOptions {
    pub lang: Lang,
    /// The report's small-cell rule: a wave's score resting on fewer respondents is withheld
    /// (None: every published score is shown, as `compare` does).
    pub min_cell: Option<usize>,
}

/// The index target (the first one when none is marked as the index).
fn index_target(c: &Comparison) -> usize {
    c.targets
        .iter()
        .position(|t| t.kind == "index")
        .unwrap_or(0)
}

/// A platform's index per wave: the score (for the position) and its published string; None
/// where it has none or where the small-cell rule withholds it.
pub(crate) fn index_points(
    p: &PlatformSeries,
    c: &Comparison,
    options: TrendOptions,
) -> Vec<Option<(f64, String)>> {
    let t = index_target(c);
    p.series.get(t).map_or_else(Vec::new, |s| {
        s.points
            .iter()
            .map(|pt| {
                let pt = pt.as_ref()?;
                let score = pt.score?;
                if let (Some(k), Some(n)) = (options.min_cell, pt.respondents)
                    && !shown(n, k)
                {
                    return None;
                }
                let shown = pt
                    .score_display
                    .clone()
                    .unwrap_or_else(|| format!("{score:.1}"));
                Some((score, shown))
            })
            .collect()
    })
}

fn wave_labels(c: &Comparison) -> Vec<String> {
    c.waves.iter().map(|w| w.label.clone()).collect()
}

/// One card per platform with its small line chart, then a note.
pub(crate) fn cards(
    h: &mut Html,
    c: &Comparison,
    options: TrendOptions,
) -> Result<(), OutputError> {
    let lang = options.lang;
    let labels = wave_labels(c);
    h.raw("<div class=\"grid\">\n");
    for p in &c.platforms {
        h.raw("<div class=\"card\">\n");
        h.el("h3", &platform_label(p, lang));
        h.raw("<div class=\"chart trend\">\n");
        h.svg(&trend_line(&labels, &index_points(p, c, options))?);
        h.raw("</div>\n</div>\n");
    }
    h.raw("</div>\n");
    let mut note = lang.pick(
        "Published index score of each wave; a wave without a score leaves a gap, never a 0.",
        Some("各期公布的指数得分；某期无得分时折线断开，不记为0。"),
    );
    if let Some(k) = options.min_cell {
        note.push(' ');
        note.push_str(&lang.pick(
            &format!("A score resting on fewer than {k} respondents is withheld (a gap)."),
            Some(&format!("受访者少于{k}位的得分不予显示（断开）。")),
        ));
    }
    h.el("p class=\"note\"", &note);
    Ok(())
}

/// The slope chart of the index, first wave to last, then a note.
pub(crate) fn slope_chart(
    h: &mut Html,
    c: &Comparison,
    options: TrendOptions,
) -> Result<(), OutputError> {
    let lang = options.lang;
    let labels = wave_labels(c);
    let ends: Vec<End> = c
        .platforms
        .iter()
        .map(|p| {
            let pts = index_points(p, c, options);
            let a = pts.first().cloned().flatten();
            let b = pts.last().cloned().flatten();
            (lang.pick(&p.name, p.name_zh.as_deref()), a, b)
        })
        .collect();
    h.raw("<div class=\"chart slope\">\n");
    h.svg(&slope(
        labels.first().map_or("", String::as_str),
        labels.last().map_or("", String::as_str),
        &ends,
    )?);
    h.raw("</div>\n");
    h.el(
        "p class=\"note\"",
        &lang.pick(
            "One line per platform scored in both waves, from its published index score in the \
             first wave (left) to the last (right); a platform in only one of them is a dot.",
            Some("每个在首末两期均有得分的平台一条线，左端为首期公布的指数得分，右端为末期；只出现在其中一期的平台为一个点。"),
        ),
    );
    Ok(())
}

/// A table of each platform's published index per wave, the change from the first wave to
/// the last and the rank movement in words (up / 上升, down / 下降, new / 新增, dropped /
/// 退出, unchanged / 不变).
pub(crate) fn movements(h: &mut Html, c: &Comparison, options: TrendOptions) {
    let lang = options.lang;
    let t = index_target(c);
    let labels = wave_labels(c);
    let (first, last) = (
        labels.first().cloned().unwrap_or_default(),
        labels.last().cloned().unwrap_or_default(),
    );
    let mut header = vec![Cell::text(lang.pick("Platform", Some("平台")))];
    header.extend(labels.iter().map(|l| Cell::num(l.clone())));
    header.push(Cell::num(format!("Δ {first}→{last}")));
    header.push(Cell::num(format!(
        "{} {first}→{last}",
        lang.pick("Rank", Some("排名"))
    )));
    header.push(Cell::text(lang.pick("Movement", Some("变动"))));
    let rows: Vec<Vec<Cell>> = c
        .platforms
        .iter()
        .map(|p| {
            let points = index_points(p, c, options);
            let mut row = vec![Cell::text(platform_label(p, lang))];
            row.extend(
                points
                    .iter()
                    .map(|pt| Cell::num(pt.as_ref().map_or("–".to_string(), |(_, d)| d.clone()))),
            );
            let span = p.series.get(t).map(|s| &s.span);
            let rank = |k: usize| {
                p.series
                    .get(t)
                    .and_then(|s| s.points.get(k).cloned().flatten())
                    .and_then(|pt| pt.rank)
                    .map_or("–".to_string(), |r| r.to_string())
            };
            // A change resting on a withheld score is withheld with it.
            let ends_shown = points.first().is_some_and(Option::is_some)
                && points.last().is_some_and(Option::is_some);
            let change = match span {
                Some(s) if ends_shown => change_text(s),
                _ => "–".to_string(),
            };
            row.push(Cell::num(change));
            row.push(Cell::num(format!(
                "{} → {}",
                rank(0),
                rank(labels.len().saturating_sub(1))
            )));
            row.push(Cell::text(
                span.and_then(|s| s.movement)
                    .map_or("–".to_string(), |m| movement_word(m, lang)),
            ));
            row
        })
        .collect();
    h.table("trend", &header, &rows);
}

/// A platform's name and its index in the first and the last wave.
type End = (String, Option<(f64, String)>, Option<(f64, String)>);

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
