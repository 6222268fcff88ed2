//! The report's charts, drawn with plotters' SVG backend: the ranking as horizontal bars
//! (with bootstrap whiskers when present), the platform × dimension heatmap, and a radar per
//! platform against the field average. Text is left to the browser's fonts (plotters'
//! SVG backend writes `<text>` elements and escapes them), so Chinese names need no font
//! files. Missing values are drawn as missing, never as 0.

// Indexing is in range here: `quantile` reads lo = floor(h) and hi = ceil(h) with
// h = (len - 1) * p, p in 0..=1, after its empty check; a radar ring has k >= 1 points and an
// outline is drawn only from 3 points on, so `[0]` exists.
#![allow(clippy::indexing_slicing)]

use super::markup::Svg;
use crate::output::OutputError;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(crate) type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

pub(crate) const INK: RGBColor = RGBColor(31, 41, 51);
pub(crate) const MUTED: RGBColor = RGBColor(95, 107, 122);
pub(crate) const GRID: RGBColor = RGBColor(213, 219, 227);
pub(crate) const ACCENT: RGBColor = RGBColor(43, 108, 176);
/// Values written on charts: darker than the accent, readable over its fill.
pub(crate) const VALUE_INK: RGBColor = RGBColor(20, 62, 112);
pub(crate) const UNRANKED: RGBColor = RGBColor(160, 174, 192);
const EMPTY: RGBColor = RGBColor(241, 243, 246);

/// plotters writes `font-size = size / 1.24`; this gives a 13px label.
pub(crate) const LABEL: f64 = 16.0;
pub(crate) const SMALL: f64 = 14.0;

pub(crate) fn font(size: f64, color: &RGBColor, h: HPos, v: VPos) -> TextStyle<'_> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal)
        .color(color)
        .pos(Pos::new(h, v))
}

/// Draw into a fresh white SVG of the given size.
pub(crate) fn render(
    name: &str,
    size: (u32, u32),
    draw: impl FnOnce(&Area<'_>) -> Drawn,
) -> Result<Svg, OutputError> {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        root.fill(&WHITE)
            .and_then(|()| draw(&root))
            .and_then(|()| root.present())
            .map_err(|e| OutputError::Chart {
                chart: name.to_string(),
                message: e.to_string(),
            })?;
    }
    Ok(Svg(buf))
}

/// One bar of the ranking chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// None: no bar (no score, or withheld), with `display` saying why.
    pub value: Option<f64>,
    pub display: String,
    pub interval: Option<(f64, f64)>,
    pub ranked: bool,
}

/// Horizontal bars on 0..100, first bar on top.
pub fn ranking_bars(bars: &[Bar], axis: &str) -> Result<Svg, OutputError> {
    let n = bars.len().max(1);
    let label_width = 250;
    let height = 70 + 30 * n as u32;
    render("ranking", (900, height), |root| {
        let mut chart = ChartBuilder::on(root)
            .margin(10)
            .margin_left(label_width)
            .margin_right(60)
            .x_label_area_size(40)
            .build_cartesian_2d(0f64..100f64, 0f64..n as f64)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .y_labels(0)
            .x_labels(11)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .x_desc(axis)
            .axis_style(MUTED)
            .light_line_style(WHITE)
            .bold_line_style(GRID)
            .label_style(font(SMALL, &MUTED, HPos::Center, VPos::Top))
            .axis_desc_style(font(SMALL, &MUTED, HPos::Center, VPos::Top))
            .draw()?;
        for (k, bar) in bars.iter().enumerate() {
            draw_bar(root, &mut chart, bar, (n - 1 - k) as f64)?;
        }
        Ok(())
    })
}

type BarChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// One bar at height `y` (bottom of its slot): the bar, its whiskers, its value and label.
fn draw_bar(root: &Area<'_>, chart: &mut BarChart<'_, '_>, bar: &Bar, y: f64) -> Drawn {
    let centre = y + 0.5;
    let colour = if bar.ranked { ACCENT } else { UNRANKED };
    if let Some(v) = bar.value {
        let v = v.clamp(0.0, 100.0);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.2), (v, y + 0.8)],
            colour.filled(),
        )))?;
    }
    if let Some((lo, hi)) = bar.interval {
        let (lo, hi) = (lo.clamp(0.0, 100.0), hi.clamp(0.0, 100.0));
        let style = INK.stroke_width(1);
        chart.draw_series([
            PathElement::new(vec![(lo, centre), (hi, centre)], style),
            PathElement::new(vec![(lo, y + 0.35), (lo, y + 0.65)], style),
            PathElement::new(vec![(hi, y + 0.35), (hi, y + 0.65)], style),
        ])?;
    }
    let end = bar.interval.map_or(bar.value.unwrap_or(0.0), |(_, hi)| {
        hi.max(bar.value.unwrap_or(0.0))
    });
    let at = chart.backend_coord(&(end.clamp(0.0, 100.0), centre));
    root.draw(&Text::new(
        bar.display.clone(),
        (at.0 + 6, at.1),
        font(LABEL, &INK, HPos::Left, VPos::Center),
    ))?;
    let left = chart.backend_coord(&(0.0, centre));
    root.draw(&Text::new(
        bar.label.clone(),
        (left.0 - 10, left.1),
        font(LABEL, &INK, HPos::Right, VPos::Center),
    ))?;
    Ok(())
}

/// One cell of the heatmap: its value for the colour, and the text shown in it.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatCell {
    pub value: Option<f64>,
    pub display: String,
}

/// Rows × columns of coloured cells, colours from the lowest (red) through yellow to the
/// highest (green) value shown. Column titles may have two lines.
pub fn heatmap(
    rows: &[String],
    columns: &[Vec<String>],
    cells: &[Vec<HeatCell>],
) -> Result<Svg, OutputError> {
    let lines = columns.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let (label_w, cell_w, cell_h, head_h) = (220i32, 112i32, 30i32, 14 + 18 * lines);
    let width = (label_w + cell_w * columns.len() as i32 + 10) as u32;
    let height = (head_h + cell_h * rows.len() as i32 + 10) as u32;
    let values: Vec<f64> = cells.iter().flatten().filter_map(|c| c.value).collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    render("heatmap", (width, height), |root| {
        column_titles(root, columns, label_w, cell_w)?;
        for (r, label) in rows.iter().enumerate() {
            let y = head_h + cell_h * r as i32;
            root.draw(&Text::new(
                label.clone(),
                (label_w - 10, y + cell_h / 2),
                font(LABEL, &INK, HPos::Right, VPos::Center),
            ))?;
            for (c, cell) in cells.get(r).into_iter().flatten().enumerate() {
                let x = label_w + cell_w * c as i32;
                let fill = cell.value.map_or(EMPTY, |v| scale_colour(v, lo, hi));
                root.draw(&Rectangle::new(
                    [(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)],
                    fill.filled(),
                ))?;
                let ink = if cell.value.is_some() { INK } else { MUTED };
                root.draw(&Text::new(
                    cell.display.clone(),
                    (x + cell_w / 2, y + cell_h / 2),
                    font(LABEL, &ink, HPos::Center, VPos::Center),
                ))?;
            }
        }
        Ok(())
    })
}

/// A correlation matrix (COINr's `plot_corr`): one coloured cell per pair, blue for positive,
/// red for negative, white at 0, the coefficient written in it; the lower triangle and the
/// diagonal only. `None`: fewer than three pairs of values.
pub fn correlation(
    labels: &[Vec<String>],
    rows: &[Vec<String>],
    matrix: &[Vec<Option<f64>>],
) -> Result<Svg, OutputError> {
    let n = labels.len() as i32;
    let lines = labels.iter().map(Vec::len).max().unwrap_or(1) as i32;
    let (label_w, cell, head_h) = (330i32, 84i32, 14 + 18 * lines);
    let width = (label_w + cell * n + 10) as u32;
    let height = (head_h + cell / 2 * n + 10) as u32;
    let row_h = cell / 2;
    render("correlation", (width, height), |root| {
        column_titles(root, labels, label_w, cell)?;
        for (r, title) in rows.iter().enumerate() {
            let y = head_h + row_h * r as i32;
            row_label(root, title, (label_w - 10, y + row_h / 2))?;
            for (c, &v) in matrix.get(r).into_iter().flatten().enumerate().take(r + 1) {
                let x = label_w + cell * c as i32;
                let fill = v.map_or(EMPTY, correlation_colour);
                root.draw(&Rectangle::new(
                    [(x + 1, y + 1), (x + cell - 1, y + row_h - 1)],
                    fill.filled(),
                ))?;
                let ink = match v {
                    Some(v) if v.abs() > 0.75 => WHITE,
                    Some(_) => INK,
                    None => MUTED,
                };
                root.draw(&Text::new(
                    v.map_or("–".to_string(), |v| format!("{v:.2}")),
                    (x + cell / 2, y + row_h / 2),
                    font(LABEL, &ink, HPos::Center, VPos::Center),
                ))?;
            }
        }
        Ok(())
    })
}

/// A right-aligned label of one or more lines, centred on `at`.
/// The titles over the columns of a grid (heatmap, correlation matrix), line by line, each
/// centred on its column.
fn column_titles(root: &Area<'_>, titles: &[Vec<String>], left: i32, cell_w: i32) -> Drawn {
    for (c, title) in titles.iter().enumerate() {
        let x = left + cell_w * c as i32 + cell_w / 2;
        for (l, line) in title.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (x, 8 + 18 * l as i32),
                font(SMALL, &INK, HPos::Center, VPos::Top),
            ))?;
        }
    }
    Ok(())
}

fn row_label(root: &Area<'_>, lines: &[String], at: (i32, i32)) -> Drawn {
    let top = at.1 - 8 * (lines.len() as i32 - 1);
    for (l, line) in lines.iter().enumerate() {
        root.draw(&Text::new(
            line.clone(),
            (at.0, top + 16 * l as i32),
            font(SMALL, &INK, HPos::Right, VPos::Center),
        ))?;
    }
    Ok(())
}

/// Red (-1), white (0), blue (+1).
fn correlation_colour(v: f64) -> RGBColor {
    let t = v.clamp(-1.0, 1.0);
    let (end, u) = if t < 0.0 {
        ((0xC0, 0x39, 0x2B), -t)
    } else {
        ((0x2B, 0x6C, 0xB0), t)
    };
    let mix = |y: u8| (255.0 + (f64::from(y) - 255.0) * u).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

/// Pearson's r over the pairs where both have a value; None with fewer than three pairs or
/// no spread.
pub fn pearson(a: &[Option<f64>], b: &[Option<f64>]) -> Option<f64> {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
        .collect();
    if pairs.len() < 3 {
        return None;
    }
    let n = pairs.len() as f64;
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// The distribution of each row's scores on 0..100 (COINr's `plot_dist`): a box from the
/// first to the third quartile with the median, whiskers to the lowest and highest score,
/// and every score as a dot.
pub fn distribution(rows: &[Vec<String>], values: &[Vec<f64>]) -> Result<Svg, OutputError> {
    let (label_w, plot_w, row_h, top) = (330i32, 600i32, 40i32, 10i32);
    let width = (label_w + plot_w + 30) as u32;
    let height = (top + row_h * rows.len() as i32 + 40) as u32;
    let x_of = move |v: f64| label_w + (plot_w as f64 * v.clamp(0.0, 100.0) / 100.0).round() as i32;
    render("distribution", (width, height), |root| {
        let bottom = top + row_h * rows.len() as i32;
        for tick in (0..=100).step_by(10) {
            let x = x_of(f64::from(tick));
            root.draw(&PathElement::new(
                vec![(x, top), (x, bottom)],
                GRID.stroke_width(1),
            ))?;
            root.draw(&Text::new(
                tick.to_string(),
                (x, bottom + 6),
                font(SMALL, &MUTED, HPos::Center, VPos::Top),
            ))?;
        }
        for (r, (label, vs)) in rows.iter().zip(values).enumerate() {
            let y = top + row_h * r as i32 + row_h / 2;
            row_label(root, label, (label_w - 10, y))?;
            let mut sorted = vs.clone();
            sorted.sort_by(f64::total_cmp);
            if let (Some(lo), Some(hi)) = (sorted.first(), sorted.last()) {
                root.draw(&PathElement::new(
                    vec![(x_of(*lo), y), (x_of(*hi), y)],
                    MUTED.stroke_width(1),
                ))?;
                let (q1, med, q3) = (
                    quantile(&sorted, 0.25),
                    quantile(&sorted, 0.5),
                    quantile(&sorted, 0.75),
                );
                root.draw(&Rectangle::new(
                    [(x_of(q1), y - 9), (x_of(q3), y + 9)],
                    ACCENT.mix(0.18).filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(x_of(q1), y - 9), (x_of(q3), y + 9)],
                    ACCENT.stroke_width(1),
                ))?;
                root.draw(&PathElement::new(
                    vec![(x_of(med), y - 9), (x_of(med), y + 9)],
                    ACCENT.stroke_width(2),
                ))?;
            }
            for v in vs {
                root.draw(&Circle::new((x_of(*v), y), 3, INK.mix(0.7).filled()))?;
            }
        }
        Ok(())
    })
}

/// The quantile of sorted values with linear interpolation (R's type 7, COINr's default).
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo as f64)
}

/// Red (F8696B) to yellow (FFEB84) to green (63BE7B), as Excel's default 3-colour scale.
pub fn scale_colour(v: f64, lo: f64, hi: f64) -> RGBColor {
    let t = if hi > lo {
        ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (a, b, u) = if t < 0.5 {
        ((0xF8, 0x69, 0x6B), (0xFF, 0xEB, 0x84), t * 2.0)
    } else {
        ((0xFF, 0xEB, 0x84), (0x63, 0xBE, 0x7B), (t - 0.5) * 2.0)
    };
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * u).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// One polygon of a radar chart: a value per axis (None: no point on that axis).
#[derive(Debug, Clone, PartialEq)]
pub struct RadarSeries {
    pub values: Vec<Option<f64>>,
    /// The platform (filled, accent) or the field average (outline only).
    pub highlight: bool,
    /// The published value written next to each point (empty: no values written).
    pub labels: Vec<Option<String>>,
}

/// A radar on 0..100 with rings at every 20 points. A series with a value on every axis is
/// a polygon; one with gaps is drawn as points only (a gap is not a zero).
pub fn radar(axes: &[Vec<String>], series: &[RadarSeries]) -> Result<Svg, OutputError> {
    let (w, h) = (420u32, 380u32);
    let centre = (210i32, 195i32);
    let radius = 120.0;
    let k = axes.len().max(1);
    let point = move |axis: usize, v: f64| -> (i32, i32) {
        let angle =
            -std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * axis as f64 / k as f64;
        let r = radius * v.clamp(0.0, 100.0) / 100.0;
        (
            centre.0 + (r * angle.cos()).round() as i32,
            centre.1 + (r * angle.sin()).round() as i32,
        )
    };
    render("radar", (w, h), |root| {
        for ring in [20.0, 40.0, 60.0, 80.0, 100.0] {
            let mut ring_points: Vec<(i32, i32)> = (0..k).map(|a| point(a, ring)).collect();
            ring_points.push(ring_points[0]);
            root.draw(&PathElement::new(ring_points, GRID.stroke_width(1)))?;
        }
        for (a, title) in axes.iter().enumerate() {
            root.draw(&PathElement::new(
                vec![centre, point(a, 100.0)],
                GRID.stroke_width(1),
            ))?;
            let (x, y) = point(a, 118.0);
            let h = if x < centre.0 - 5 {
                HPos::Right
            } else if x > centre.0 + 5 {
                HPos::Left
            } else {
                HPos::Center
            };
            let lines = title.len() as i32;
            for (l, line) in title.iter().enumerate() {
                let dy = 16 * l as i32 - if y < centre.1 { 16 * (lines - 1) } else { 0 };
                root.draw(&Text::new(
                    line.clone(),
                    (x, y + dy),
                    font(SMALL, &INK, h, VPos::Center),
                ))?;
            }
        }
        for s in series {
            draw_series(root, s, &point)?;
        }
        // Values last, over every line, on a light box: inside the point (towards the centre,
        // away from the axis titles at the rim), outside it for points near the centre.
        for s in series {
            for (a, (v, label)) in s.values.iter().zip(&s.labels).enumerate() {
                let (Some(v), Some(label)) = (v, label) else {
                    continue;
                };
                let at = if *v >= 25.0 { v - 13.0 } else { v + 13.0 };
                let (x, y) = point(a, at);
                let half = 4 * label.chars().count() as i32 + 2;
                root.draw(&Rectangle::new(
                    [(x - half, y - 8), (x + half, y + 8)],
                    WHITE.mix(0.85).filled(),
                ))?;
                root.draw(&Text::new(
                    label.clone(),
                    (x, y),
                    font(SMALL, &VALUE_INK, HPos::Center, VPos::Center),
                ))?;
            }
        }
        Ok(())
    })
}

fn draw_series(
    root: &Area<'_>,
    s: &RadarSeries,
    point: &dyn Fn(usize, f64) -> (i32, i32),
) -> Drawn {
    let colour = if s.highlight { ACCENT } else { MUTED };
    let points: Vec<(i32, i32)> = s
        .values
        .iter()
        .enumerate()
        .filter_map(|(a, v)| v.map(|v| point(a, v)))
        .collect();
    if points.len() == s.values.len() && points.len() >= 3 {
        if s.highlight {
            root.draw(&Polygon::new(points.clone(), colour.mix(0.22).filled()))?;
        }
        let mut outline = points.clone();
        outline.push(points[0]);
        root.draw(&PathElement::new(outline, colour.stroke_width(2)))?;
    }
    for p in points {
        root.draw(&Circle::new(p, 3, colour.filled()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_escape_their_labels_and_skip_missing_values() {
        let bars = [
            Bar {
                label: "<script>alert(1)</script>".into(),
                value: Some(71.2),
                display: "71.2".into(),
                interval: Some((68.0, 74.0)),
                ranked: true,
            },
            Bar {
                label: "美团".into(),
                value: None,
                display: "withheld".into(),
                interval: None,
                ranked: false,
            },
        ];
        let svg = ranking_bars(&bars, "Index").unwrap().0;
        assert!(svg.starts_with("<svg"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("美团"));
        assert_eq!(
            ranking_bars(&bars, "Index").unwrap().0,
            svg,
            "deterministic"
        );
    }

    #[test]
    fn colour_scale_runs_red_yellow_green() {
        assert_eq!(scale_colour(0.0, 0.0, 100.0), RGBColor(0xF8, 0x69, 0x6B));
        assert_eq!(scale_colour(50.0, 0.0, 100.0), RGBColor(0xFF, 0xEB, 0x84));
        assert_eq!(scale_colour(100.0, 0.0, 100.0), RGBColor(0x63, 0xBE, 0x7B));
        assert_eq!(scale_colour(5.0, 5.0, 5.0), RGBColor(0xFF, 0xEB, 0x84));
    }

    #[test]
    fn radar_with_a_gap_draws_points_not_a_polygon() {
        let axes: Vec<Vec<String>> = (0..4).map(|i| vec![format!("d{i}")]).collect();
        let full = RadarSeries {
            values: vec![Some(50.0); 4],
            highlight: true,
            labels: Vec::new(),
        };
        let gap = RadarSeries {
            values: vec![Some(50.0), None, Some(50.0), Some(50.0)],
            highlight: true,
            labels: Vec::new(),
        };
        let a = radar(&axes, &[full]).unwrap().0;
        let b = radar(&axes, &[gap]).unwrap().0;
        assert!(a.contains("<polygon"));
        assert!(!b.contains("<polygon"));
        assert_eq!(b.matches("<circle").count(), 3);
    }

    #[test]
    fn pearson_and_quantiles_by_hand() {
        let a = [Some(1.0), Some(2.0), Some(3.0), None];
        let b = [Some(2.0), Some(4.0), Some(6.0), Some(1.0)];
        assert!((pearson(&a, &b).unwrap() - 1.0).abs() < 1e-12);
        let c = [Some(3.0), Some(2.0), Some(1.0), Some(9.0)];
        assert!((pearson(&a, &c).unwrap() + 1.0).abs() < 1e-12);
        // x = 1,2,3,4 and y = 1,3,2,4: r = 0.8 (sxy = 4, sxx = syy = 5).
        let x = [Some(1.0), Some(2.0), Some(3.0), Some(4.0)];
        let y = [Some(1.0), Some(3.0), Some(2.0), Some(4.0)];
        assert!((pearson(&x, &y).unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(pearson(&a[..2], &b[..2]), None, "two pairs");
        assert_eq!(pearson(&x, &[Some(5.0); 4]), None, "no spread");
        // R: quantile(c(1, 2, 4, 10), c(.25, .5, .75)) = 1.75 3.00 5.50
        let s = [1.0, 2.0, 4.0, 10.0];
        assert_eq!(quantile(&s, 0.25), 1.75);
        assert_eq!(quantile(&s, 0.5), 3.0);
        assert_eq!(quantile(&s, 0.75), 5.5);
    }

    #[test]
    fn radar_writes_the_values_it_is_given() {
        let axes: Vec<Vec<String>> = (0..3).map(|i| vec![format!("d{i}")]).collect();
        let s = RadarSeries {
            values: vec![Some(90.0), Some(42.5), None],
            highlight: true,
            labels: vec![Some("90.0".into()), Some("42.5".into()), Some("x".into())],
        };
        let svg = radar(&axes, &[s]).unwrap().0;
        let texts: Vec<&str> = svg.lines().map(str::trim).collect();
        assert!(texts.contains(&"90.0") && texts.contains(&"42.5"), "{svg}");
        assert!(!texts.contains(&"x"), "no value without a point");
    }
}
