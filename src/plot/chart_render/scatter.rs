//! Scatter charts: the y axis, the points (joined in order if asked) and their labels, placed so
//! that none overlaps.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{AXIS, GRID, Geometry, LABEL, SIDE, TICK, scale, x_axis};
use crate::plot::chart::{Chart, ScatterPoint};
use crate::plot::color::darken;
use crate::plot::font::text_width;
use crate::plot::layout::nice_ticks;
use crate::plot::render::{INK, draw_err, rgb, text_style};
use crate::plot::{PlotError, Rgb};

/// A scatter chart: the axes, the points (joined in order if `connect`) and their labels.
#[allow(clippy::too_many_arguments)]
pub(super) fn draw_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    g: &Geometry,
    points: &[ScatterPoint],
    connect: bool,
    xr: (f64, f64),
    yr: (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    x_axis(root, c, g, xr, s)?;
    y_axis(root, c, g, yr, s)?;
    let (l, _, r, _) = g.plot;
    let at = |p: &ScatterPoint| (scale(p.x, xr, (l, r), s), scale_y(p.y, yr, g, s));
    if connect && points.len() > 1 {
        let path: Vec<(i32, i32)> = points.iter().map(at).collect();
        root.draw(&PathElement::new(
            path,
            RGBColor(160, 160, 160).stroke_width(s),
        ))
        .map_err(draw_err)?;
    }
    for p in points {
        let radius = if p.emphasis {
            7
        } else if p.label.is_empty() {
            3
        } else {
            5
        };
        root.draw(&Circle::new(at(p), radius * s, rgb(p.color).filled()))
            .map_err(draw_err)?;
        if p.emphasis {
            root.draw(&Circle::new(at(p), 12 * s, INK.stroke_width(2 * s)))
                .map_err(draw_err)?;
        }
    }
    draw_point_labels(root, g, points, &at, s)
}

/// Maps y in data units to pixels at scale `s` (up is larger).
fn scale_y(v: f64, yr: (f64, f64), g: &Geometry, s: u32) -> i32 {
    let (_, t, _, b) = g.plot;
    let u = ((v - yr.0) / (yr.1 - yr.0)).clamp(-0.05, 1.05);
    ((f64::from(b) - u * f64::from(b - t)) * f64::from(s)).round() as i32
}

/// Horizontal grid lines and tick labels left of the plot, the y axis and its label.
fn y_axis<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    g: &Geometry,
    yr: (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    let (l, t, r, b) = g.plot;
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    for tk in nice_ticks(yr.0, yr.1, 7) {
        let y = scale_y(tk.value, yr, g, s);
        root.draw(&PathElement::new(
            vec![(px(l), y), (px(r), y)],
            GRID.stroke_width(s),
        ))
        .map_err(draw_err)?;
        root.draw_text(
            &tk.label,
            &text_style(TICK * sf, INK).pos(Pos::new(HPos::Right, VPos::Center)),
            (px(l - 6), y),
        )
        .map_err(draw_err)?;
    }
    root.draw(&PathElement::new(
        vec![(px(l), px(t)), (px(l), px(b))],
        AXIS.stroke_width(s),
    ))
    .map_err(draw_err)?;
    let desc = text_style(LABEL * sf, INK)
        .transform(FontTransform::Rotate270)
        .pos(Pos::new(HPos::Center, VPos::Top));
    root.draw_text(&c.y_label, &desc, (px(SIDE), px((t + b) / 2)))
        .map_err(draw_err)?;
    Ok(())
}

/// The points' labels, right of each point (left where there is no room), each moved down past
/// labels already placed so that none overlaps.
fn draw_point_labels<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    g: &Geometry,
    points: &[ScatterPoint],
    at: &dyn Fn(&ScatterPoint) -> (i32, i32),
    s: u32,
) -> Result<(), PlotError> {
    let (_, _, r, _) = g.plot;
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
    let lh = (LABEL * sf * 1.1) as i32;
    for p in points.iter().filter(|p| !p.label.is_empty()) {
        let (x, y) = at(p);
        let w = (text_width(&p.label, LABEL) * sf) as i32;
        let right_side = x + px(10) + w < px(r);
        let x0 = if right_side {
            x + px(10)
        } else {
            x - px(10) - w
        };
        let mut y0 = y - lh / 2;
        for _ in 0..12 {
            if placed
                .iter()
                .any(|&(a, b2, c2, d)| x0 < c2 && x0 + w > a && y0 < d && y0 + lh > b2)
            {
                y0 += lh;
            } else {
                break;
            }
        }
        placed.push((x0, y0, x0 + w, y0 + lh));
        let ink = rgb(darken(
            p.color,
            if p.color == Rgb(0, 0, 0) { 0.0 } else { 0.45 },
        ));
        root.draw_text(&p.label, &text_style(LABEL * sf, ink), (x0, y0))
            .map_err(draw_err)?;
    }
    Ok(())
}
