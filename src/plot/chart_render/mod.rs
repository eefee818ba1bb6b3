//! Drawing a [`Chart`]: title, subtitle and legend at the top, the plot, the axis label and the
//! wrapped provenance footer. Layout is measured with the embedded font at 1x and multiplied by
//! the scale `s`, so PNG (drawn at 2x) and SVG (1x) place everything alike.
//!
//! Here: the layout, the header, footer and x axis every chart shares; `bars`: the rows of a bar
//! chart; `scatter`: the y axis, points and labels of a scatter chart.

mod bars;
mod scatter;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use bars::{bars_range, draw_bars};
use scatter::draw_scatter;

use super::PlotError;
use super::chart::{Chart, ChartKind};
use super::font::text_width;
use super::layout::{Tick, nice_ticks};
use super::render::{INK, draw_err, rgb, text_style};
use super::wrap::wrap_caption;

const WIDTH: u32 = 1100;
const SIDE: u32 = 24;
const TITLE: f64 = 27.0;
const SUBTITLE: f64 = 18.0;
const LABEL: f64 = 17.0;
const TICK: f64 = 16.0;
const CAPTION: f64 = 14.0;
const BAR_H: u32 = 16;
const BAR_GAP: u32 = 4;
const ROW_PAD: u32 = 12;
const SCATTER_H: u32 = 620;
const GRID: RGBColor = RGBColor(225, 225, 225);
const AXIS: RGBColor = RGBColor(110, 110, 110);
const CAPTION_INK: RGBColor = RGBColor(120, 120, 120);
const REFERENCE: RGBColor = RGBColor(150, 150, 150);
const TRACK: RGBColor = RGBColor(236, 236, 236);

/// Where things go, at 1x.
struct Geometry {
    w: u32,
    h: u32,
    title: Vec<String>,
    subtitle: Vec<String>,
    footer: Vec<String>,
    plot: (u32, u32, u32, u32),
}

fn lines(text: &str, size: f64, max: f64) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    wrap_caption(text, max, &|t: &str| text_width(t, size))
}

fn geometry(c: &Chart) -> Geometry {
    let inner = f64::from(WIDTH - 2 * SIDE);
    let title = lines(&c.title, TITLE, inner);
    let subtitle = lines(&c.subtitle, SUBTITLE, inner);
    let legend_h = if c.legend.is_empty() { 0 } else { 30 };
    let header_h = 14 + title.len() as u32 * 34 + subtitle.len() as u32 * 24 + legend_h + 12;
    let footer = lines(&c.caption, CAPTION, inner);
    let footer_h = footer.len() as u32 * 18 + 14;
    let (left, plot_h) = match &c.kind {
        ChartKind::Bars { rows, .. } => {
            let label_w = rows
                .iter()
                .map(|r| text_width(&r.label, LABEL))
                .fold(0.0, f64::max)
                .min(f64::from(WIDTH) * 0.4);
            let h: u32 = rows
                .iter()
                .map(|r| r.bars.len().max(1) as u32 * (BAR_H + BAR_GAP) + ROW_PAD)
                .sum();
            (SIDE + label_w.ceil() as u32 + 14, h)
        }
        ChartKind::Scatter { .. } => (SIDE + 90, SCATTER_H),
    };
    let axis_h = 64;
    let right = 60;
    let h = header_h + plot_h + axis_h + footer_h;
    Geometry {
        w: WIDTH,
        h,
        title,
        subtitle,
        footer,
        plot: (left, header_h, WIDTH - right, header_h + plot_h),
    }
}

/// Size in pixels of a chart's image.
pub(crate) fn size(c: &Chart) -> (u32, u32) {
    let g = geometry(c);
    (g.w, g.h)
}

/// The range of `values` with margins of `pad.0` (below) and `pad.1` (above) of its span,
/// unless given.
fn fit(
    values: impl Iterator<Item = f64>,
    given: Option<(f64, f64)>,
    pad: (f64, f64),
) -> (f64, f64) {
    if let Some(r) = given {
        return r;
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-12 {
        let pad = if lo.abs() > 0.0 { lo.abs() * 0.1 } else { 1.0 };
        return (lo - pad, hi + pad);
    }
    let span = hi - lo;
    (lo - span * pad.0, hi + span * pad.1)
}

/// Draws the chart on `root` at scale `s`; the chart must have been validated.
pub(crate) fn draw_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    s: u32,
) -> Result<(), PlotError> {
    let g = geometry(c);
    root.fill(&WHITE).map_err(draw_err)?;
    draw_header(root, c, &g, s)?;
    draw_footer(root, &g, s)?;
    match &c.kind {
        ChartKind::Bars {
            rows,
            reference,
            x_range,
        } => {
            let xr = bars_range(rows, reference.as_ref().map(|r| r.0), *x_range);
            draw_bars(root, c, &g, xr, s)
        }
        ChartKind::Scatter {
            points,
            connect,
            x_range,
            y_range,
        } => {
            let xr = fit(points.iter().map(|p| p.x), *x_range, (0.05, 0.05));
            let yr = fit(points.iter().map(|p| p.y), *y_range, (0.05, 0.05));
            draw_scatter(root, c, &g, points, *connect, xr, yr, s)
        }
    }
}

/// The title and subtitle lines, centred, then the legend.
fn draw_header<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    g: &Geometry,
    s: u32,
) -> Result<(), PlotError> {
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    let centre = Pos::new(HPos::Center, VPos::Top);
    let mut y = 14;
    for l in &g.title {
        root.draw_text(
            l,
            &text_style(TITLE * sf, INK).pos(centre),
            (px(g.w / 2), px(y)),
        )
        .map_err(draw_err)?;
        y += 34;
    }
    for l in &g.subtitle {
        root.draw_text(
            l,
            &text_style(SUBTITLE * sf, INK).pos(centre),
            (px(g.w / 2), px(y)),
        )
        .map_err(draw_err)?;
        y += 24;
    }
    if !c.legend.is_empty() {
        draw_legend(root, c, g, y, s)?;
    }
    Ok(())
}

/// The legend on one line at `y`, centred: a swatch and a label per entry.
fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    g: &Geometry,
    y: u32,
    s: u32,
) -> Result<(), PlotError> {
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    let total: f64 = c
        .legend
        .iter()
        .map(|(l, _)| 30.0 + text_width(l, LABEL) + 24.0)
        .sum();
    let mut x = (f64::from(g.w) - total).max(0.0) / 2.0;
    for (label, color) in &c.legend {
        let x0 = (x * sf) as i32;
        root.draw(&Rectangle::new(
            [(x0, px(y + 4)), (x0 + px(22), px(y + 18))],
            rgb(*color).filled(),
        ))
        .map_err(draw_err)?;
        root.draw_text(
            label,
            &text_style(LABEL * sf, INK),
            (x0 + px(30), px(y + 2)),
        )
        .map_err(draw_err)?;
        x += 30.0 + text_width(label, LABEL) + 24.0;
    }
    Ok(())
}

/// The wrapped provenance footer at the bottom.
fn draw_footer<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    g: &Geometry,
    s: u32,
) -> Result<(), PlotError> {
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    for (i, l) in g.footer.iter().enumerate() {
        let fy = g.h - 10 - (g.footer.len() - i) as u32 * 18;
        root.draw_text(
            l,
            &text_style(CAPTION * sf, CAPTION_INK),
            (px(SIDE), px(fy)),
        )
        .map_err(draw_err)?;
    }
    Ok(())
}

/// Maps x in data units to pixels at scale `s`.
fn scale(v: f64, (lo, hi): (f64, f64), (a, b): (u32, u32), s: u32) -> i32 {
    let t = ((v - lo) / (hi - lo)).clamp(-0.05, 1.05);
    ((f64::from(a) + t * f64::from(b - a)) * f64::from(s)).round() as i32
}

/// Vertical grid lines and tick labels under the plot, and the x axis label.
fn x_axis<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    g: &Geometry,
    xr: (f64, f64),
    s: u32,
) -> Result<Vec<Tick>, PlotError> {
    let (l, t, r, b) = g.plot;
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    let ticks = nice_ticks(xr.0, xr.1, ((r - l) / 110).clamp(3, 9) as usize);
    for tk in &ticks {
        let x = scale(tk.value, xr, (l, r), s);
        root.draw(&PathElement::new(
            vec![(x, px(t)), (x, px(b))],
            GRID.stroke_width(s),
        ))
        .map_err(draw_err)?;
        root.draw_text(
            &tk.label,
            &text_style(TICK * sf, INK).pos(Pos::new(HPos::Center, VPos::Top)),
            (x, px(b + 6)),
        )
        .map_err(draw_err)?;
    }
    root.draw(&PathElement::new(
        vec![(px(l), px(b)), (px(r), px(b))],
        AXIS.stroke_width(s),
    ))
    .map_err(draw_err)?;
    root.draw_text(
        &c.x_label,
        &text_style(LABEL * sf, INK).pos(Pos::new(HPos::Center, VPos::Top)),
        (px((l + r) / 2), px(b + 32)),
    )
    .map_err(draw_err)?;
    Ok(ticks)
}
