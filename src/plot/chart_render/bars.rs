//! Bar charts: the rows (label, track, bars with whiskers and texts) and the reference line.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{BAR_GAP, BAR_H, Geometry, LABEL, REFERENCE, ROW_PAD, TICK, TRACK, fit, scale, x_axis};
use crate::plot::PlotError;
use crate::plot::chart::{Bar, BarRow, Chart, ChartKind};
use crate::plot::color::darken;
use crate::plot::render::{INK, draw_err, rgb, text_style};

/// The x range of a bar chart: every bar, whisker and the reference line, with room on the side
/// where texts are written past the bars' ends (left of bars pointing left, right of the others).
pub(super) fn bars_range(
    rows: &[BarRow],
    reference: Option<f64>,
    given: Option<(f64, f64)>,
) -> (f64, f64) {
    let all = rows.iter().flat_map(|r| &r.bars).flat_map(|b: &Bar| {
        let (wl, wh) = b.whisker.unwrap_or((b.from, b.to));
        [b.from, b.to, wl, wh]
    });
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
    fit(all.chain(reference), given, (left, right))
}

/// The rows of a bar chart (label, track, bars) under the x axis, and the reference line.
pub(super) fn draw_bars<DB: DrawingBackend>(
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
            draw_bar(root, g, bar, top, xr, s)?;
        }
        y += row_h;
    }
    if let Some((v, label)) = reference {
        draw_reference(root, g, (*v, label.as_str()), y, xr, s)?;
    }
    Ok(())
}

/// One bar from `top`: the box (at least a pixel wide), its whisker, and its text past its end.
fn draw_bar<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    g: &Geometry,
    bar: &Bar,
    top: u32,
    xr: (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    let (l, _, r, _) = g.plot;
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
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
    Ok(())
}

/// The reference line from the plot's top down to `bottom`, with its label above the plot.
fn draw_reference<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    g: &Geometry,
    (v, label): (f64, &str),
    bottom: u32,
    xr: (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    let (l, t, r, _) = g.plot;
    let sf = f64::from(s);
    let px = |v: u32| (v * s) as i32;
    let x = scale(v, xr, (l, r), s);
    root.draw(&PathElement::new(
        vec![(x, px(t)), (x, px(bottom))],
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
    Ok(())
}
