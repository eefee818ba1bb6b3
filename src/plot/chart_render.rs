//! Drawing a [`Chart`]: title, subtitle and legend at the top, the plot, the axis label and the
//! wrapped provenance footer. Layout is measured with the embedded font at 1x and multiplied by
//! the scale `s`, so PNG (drawn at 2x) and SVG (1x) place everything alike.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{Bar, Chart, ChartKind, ScatterPoint};
use super::color::darken;
use super::font::text_width;
use super::layout::{Tick, nice_ticks};
use super::render::{INK, draw_err, rgb, text_style};
use super::wrap::wrap_caption;
use super::{PlotError, Rgb};

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
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    root.fill(&WHITE).map_err(draw_err)?;
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
    }
    for (i, l) in g.footer.iter().enumerate() {
        let fy = g.h - 10 - (g.footer.len() - i) as u32 * 18;
        root.draw_text(
            l,
            &text_style(CAPTION * sf, CAPTION_INK),
            (px(SIDE), px(fy)),
        )
        .map_err(draw_err)?;
    }
    match &c.kind {
        ChartKind::Bars {
            rows,
            reference,
            x_range,
        } => {
            let all = rows.iter().flat_map(|r| &r.bars).flat_map(|b: &Bar| {
                let (wl, wh) = b.whisker.unwrap_or((b.from, b.to));
                [b.from, b.to, wl, wh]
            });
            let refv = reference.as_ref().map(|r| r.0);
            // Room for the texts written past the bars' ends.
            let bars = || {
                rows.iter()
                    .flat_map(|r| &r.bars)
                    .filter(|b| !b.text.is_empty())
            };
            let left = if bars().any(|b| b.to < b.from) {
                0.25
            } else {
                0.05
            };
            let right = if bars().any(|b| b.to >= b.from) {
                0.25
            } else {
                0.05
            };
            let xr = fit(all.chain(refv), *x_range, (left, right));
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

fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    g: &Geometry,
    xr: (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    let ChartKind::Bars {
        rows, reference, ..
    } = &c.kind
    else {
        return Ok(());
    };
    let (l, t, r, _) = g.plot;
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    x_axis(root, c, g, xr, s)?;
    let mut y = t;
    for row in rows {
        let n = row.bars.len().max(1) as u32;
        let row_h = n * (BAR_H + BAR_GAP) + ROW_PAD;
        root.draw_text(
            &row.label,
            &text_style(LABEL * sf, INK).pos(Pos::new(HPos::Right, VPos::Center)),
            (px(l - 10), px(y + row_h / 2)),
        )
        .map_err(draw_err)?;
        if let Some((lo, hi)) = row.track {
            let (a, b) = (scale(lo, xr, (l, r), s), scale(hi, xr, (l, r), s));
            let bottom = y + ROW_PAD / 2 + n * (BAR_H + BAR_GAP) - BAR_GAP;
            root.draw(&Rectangle::new(
                [(a, px(y + ROW_PAD / 2)), (b, px(bottom))],
                TRACK.filled(),
            ))
            .map_err(draw_err)?;
        }
        for (i, bar) in row.bars.iter().enumerate() {
            let top = y + ROW_PAD / 2 + i as u32 * (BAR_H + BAR_GAP);
            let (x0, x1) = (scale(bar.from, xr, (l, r), s), scale(bar.to, xr, (l, r), s));
            let (a, b) = (x0.min(x1), x0.max(x1).max(x0.min(x1) + 1));
            root.draw(&Rectangle::new(
                [(a, px(top)), (b, px(top + BAR_H))],
                rgb(bar.color).filled(),
            ))
            .map_err(draw_err)?;
            let mid = px(top + BAR_H / 2);
            let ink = rgb(darken(bar.color, 0.5));
            if let Some((wl, wh)) = bar.whisker {
                let (w0, w1) = (scale(wl, xr, (l, r), s), scale(wh, xr, (l, r), s));
                let cap = px(5);
                for path in [
                    vec![(w0, mid), (w1, mid)],
                    vec![(w0, mid - cap), (w0, mid + cap)],
                    vec![(w1, mid - cap), (w1, mid + cap)],
                ] {
                    root.draw(&PathElement::new(path, ink.stroke_width(2 * s)))
                        .map_err(draw_err)?;
                }
            }
            if !bar.text.is_empty() {
                let end = bar.whisker.map_or(bar.to, |(wl, wh)| {
                    if bar.to >= bar.from {
                        wh.max(bar.to)
                    } else {
                        wl.min(bar.to)
                    }
                });
                let xe = scale(end, xr, (l, r), s);
                let (hpos, dx) = if bar.to >= bar.from {
                    (HPos::Left, px(5))
                } else {
                    (HPos::Right, -px(5))
                };
                root.draw_text(
                    &bar.text,
                    &text_style(TICK * sf, INK).pos(Pos::new(hpos, VPos::Center)),
                    (xe + dx, mid),
                )
                .map_err(draw_err)?;
            }
        }
        y += row_h;
    }
    if let Some((v, label)) = reference {
        let x = scale(*v, xr, (l, r), s);
        root.draw(&PathElement::new(
            vec![(x, px(t)), (x, px(y))],
            REFERENCE.stroke_width(2 * s),
        ))
        .map_err(draw_err)?;
        if !label.is_empty() {
            root.draw_text(
                label,
                &text_style(TICK * sf, INK).pos(Pos::new(HPos::Center, VPos::Bottom)),
                (x, px(t) - px(2)),
            )
            .map_err(draw_err)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn draw_scatter<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &Chart,
    g: &Geometry,
    points: &[ScatterPoint],
    connect: bool,
    xr: (f64, f64),
    yr: (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    let (l, t, r, b) = g.plot;
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    x_axis(root, c, g, xr, s)?;
    let ypx = |v: f64| {
        let u = ((v - yr.0) / (yr.1 - yr.0)).clamp(-0.05, 1.05);
        ((f64::from(b) - u * f64::from(b - t)) * sf).round() as i32
    };
    for tk in nice_ticks(yr.0, yr.1, 7) {
        let y = ypx(tk.value);
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
    let at = |p: &ScatterPoint| (scale(p.x, xr, (l, r), s), ypx(p.y));
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
    // Labels, each moved down past labels already placed so that none overlaps.
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
