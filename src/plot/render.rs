//! Drawing a [`Figure`] onto any plotters backend: title, legend strip, panel grid and caption.
//!
//! Every length is given at 1x and multiplied by a scale factor `s`, so the PNG path can draw at
//! twice the size and downsample for smooth lines while the SVG is drawn at 1x.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::TickedAxis;
use super::clip::{band_polygons, line_geometry, mean_width};
use super::font::family;
use super::layout::{
    SIDE_MARGIN, Tick, nice_ticks, tick_label, x_range, y_range, y_range_of, year_ticks,
};
use super::legend::{draw_legend, legend_entries, legend_rows};
use super::{Figure, LineStyle, Panel, PlotError, Rgb};

/// Font sizes at 1x, in plotters' size units (the SVG `font-size` is this divided by 1.24).
pub(crate) const TITLE_SIZE: f64 = 29.0;
const PANEL_TITLE_SIZE: f64 = 22.0;
const TICK_SIZE: f64 = 18.0;
const AXIS_DESC_SIZE: f64 = 19.0;
pub(crate) const LEGEND_SIZE: f64 = 19.0;
const CAPTION_SIZE: f64 = 16.0;

/// Dark grey for axes and text, light grey for grid lines, mid grey for the caption.
pub(crate) const INK: RGBColor = RGBColor(40, 40, 40);
const GRID: RGBColor = RGBColor(225, 225, 225);
const AXIS: RGBColor = RGBColor(110, 110, 110);
const CAPTION_INK: RGBColor = RGBColor(120, 120, 120);

/// Line width of a series at 1x.
pub(crate) const LINE_WIDTH: u32 = 2;
/// Dash and gap lengths of a dashed series at 1x.
pub(crate) const DASH: (u32, u32) = (9, 5);

/// Converts a plotters error into a [`PlotError`].
pub(crate) fn draw_err<E: std::error::Error + Send + Sync>(
    e: DrawingAreaErrorKind<E>,
) -> PlotError {
    PlotError::Draw(e.to_string())
}

/// A text style in the embedded font.
pub(crate) fn text_style(size: f64, color: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: FontDesc::new(family(), size, FontStyle::Normal),
        color: color.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    }
}

/// The plotters colour of an [`Rgb`].
pub(crate) fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Splits `text` into lines no wider than `max_w`, breaking at newlines and spaces.
pub(crate) fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle,
    max_w: u32,
) -> Result<Vec<String>, PlotError> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split(' ') {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            let (w, _) = area
                .estimate_text_size(&candidate, style)
                .map_err(draw_err)?;
            if w > max_w && !line.is_empty() {
                lines.push(std::mem::replace(&mut line, word.to_string()));
            } else {
                line = candidate;
            }
        }
        lines.push(line);
    }
    Ok(lines)
}

/// Draws the whole figure on `root` at scale `s`. The figure must have been validated.
pub(crate) fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    fig: &Figure,
    s: u32,
) -> Result<(), PlotError> {
    let sf = f64::from(s);
    root.fill(&WHITE).map_err(draw_err)?;
    let (w, h) = root.dim_in_pixel();
    let side = SIDE_MARGIN * s;
    let inner_w = w.saturating_sub(2 * side).max(1);

    // Title, centred across the top.
    let mut top = 14 * s;
    if !fig.title.trim().is_empty() {
        let style = text_style(TITLE_SIZE * sf, INK);
        let lines = wrap(root, &fig.title, &style, inner_w)?;
        for line in lines.iter().take(2) {
            let (_, th) = root.estimate_text_size(line, &style).map_err(draw_err)?;
            let centred = style.pos(Pos::new(HPos::Center, VPos::Top));
            root.draw_text(line, &centred, ((w / 2) as i32, top as i32))
                .map_err(draw_err)?;
            top += th + 6 * s;
        }
        top += 4 * s;
    }

    // One legend for the whole figure, in a strip under the title.
    let entries = legend_entries(fig);
    if !entries.is_empty() {
        let rows = legend_rows(root, &entries, inner_w, s)?;
        top = draw_legend(root, &rows, top, s)? + 8 * s;
    }

    // Provenance caption, left-aligned at the foot.
    let mut bottom = h.saturating_sub(10 * s);
    if !fig.caption.trim().is_empty() {
        let style = text_style(CAPTION_SIZE * sf, CAPTION_INK);
        let lines = wrap(root, &fig.caption, &style, inner_w)?;
        let lines = &lines[..lines.len().min(3)];
        let line_h = 20 * s;
        bottom = bottom.saturating_sub(line_h * lines.len() as u32);
        for (i, line) in lines.iter().enumerate() {
            let y = bottom + 3 * s + line_h * i as u32;
            root.draw_text(line, &style, (side as i32, y as i32))
                .map_err(draw_err)?;
        }
    }

    // The panel grid between header and footer.
    let grid_h = bottom.saturating_sub(top).max(50 * s);
    let grid = root
        .clone()
        .shrink((side / 2, top), (w.saturating_sub(side), grid_h));
    let (cols, rows) = super::layout::grid_shape(fig.panels.len());
    let cells = grid.split_evenly((rows, cols));
    let x = x_range(&fig.x);
    let shared = y_range(fig)?;
    for (panel, cell) in fig.panels.iter().zip(&cells) {
        let y = if fig.shared_y {
            shared
        } else {
            y_range_of(fig.y_range, panel.series.iter())?
        };
        draw_panel(cell, fig, panel, x, y, s)?;
    }
    Ok(())
}

/// Draws one panel: title, axes with date and value ticks, bands, zero line and series.
fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &Figure,
    panel: &Panel,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    let sf = f64::from(s);
    let tick_style = text_style(TICK_SIZE * sf, INK);
    let desc_style = text_style(AXIS_DESC_SIZE * sf, INK);
    let (cell_w, cell_h) = area.dim_in_pixel();
    let tick_mark = 5 * s as i32;
    let gap = 6 * s;

    // Rough plot size first, to choose how many ticks fit.
    let approx_w = cell_w.saturating_sub(110 * s);
    let approx_h = cell_h.saturating_sub(110 * s);
    let x_ticks = year_ticks(
        x0,
        x1,
        (approx_w / (75 * s)) as usize,
        (approx_w / (110 * s)) as usize,
    );
    let y_ticks = nice_ticks(y0, y1, ((approx_h / (55 * s)) as usize).clamp(3, 8));

    // Label areas sized to their contents.
    let max_w = |ticks: &[Tick]| -> Result<(u32, u32), PlotError> {
        ticks.iter().try_fold((0, 0), |(mw, mh), t| {
            let (tw, th) = area
                .estimate_text_size(&t.label, &tick_style)
                .map_err(draw_err)?;
            Ok((mw.max(tw), mh.max(th)))
        })
    };
    let (y_label_w, _) = max_w(&y_ticks)?;
    // Room on the right for half of the last date label, which is centred on its tick.
    let (last_x_w, _) = max_w(&x_ticks[x_ticks.len().saturating_sub(1)..])?;
    let right = (22 * s).max(last_x_w / 2 + 6 * s);
    let (_, x_label_h) = max_w(&x_ticks)?;
    let (_, desc_h) = area
        .estimate_text_size("Year", &desc_style)
        .map_err(draw_err)?;
    let has_y_desc = !fig.y_label.trim().is_empty();
    let y_area = 2 * tick_mark as u32 + y_label_w + gap + if has_y_desc { desc_h + gap } else { 0 };
    let x_area = 2 * tick_mark as u32 + x_label_h + gap + desc_h + gap;
    // Absurd labels (huge numbers, long y label) must not squeeze the plot to nothing.
    let (y_area, x_area) = (y_area.min(cell_w / 3), x_area.min(cell_h / 3));

    let mut builder = ChartBuilder::on(area);
    builder
        .margin_top(8 * s)
        .margin_bottom(6 * s)
        .margin_left(4 * s)
        .margin_right(right)
        .x_label_area_size(x_area)
        .y_label_area_size(y_area);
    if !panel.title.trim().is_empty() {
        builder.caption(&panel.title, text_style(PANEL_TITLE_SIZE * sf, INK));
    }
    let x_values: Vec<f64> = x_ticks.iter().map(|t| t.value).collect();
    let y_values: Vec<f64> = y_ticks.iter().map(|t| t.value).collect();
    let mut chart = builder
        .build_cartesian_2d(
            TickedAxis {
                lo: x0,
                hi: x1,
                ticks: x_values,
            },
            TickedAxis {
                lo: y0,
                hi: y1,
                ticks: y_values,
            },
        )
        .map_err(draw_err)?;

    let x_fmt = |v: &f64| tick_label(&x_ticks, *v);
    let y_fmt = |v: &f64| tick_label(&y_ticks, *v);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc("Year")
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_label_style(tick_style.clone())
        .y_label_style(tick_style.clone())
        .axis_desc_style(desc_style.clone())
        .bold_line_style(GRID.stroke_width(s))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(s))
        .set_all_tick_mark_size(tick_mark);
    if has_y_desc {
        mesh.y_desc(fig.y_label.as_str());
    }
    mesh.draw().map_err(draw_err)?;

    // Bands first, widest first across all series, so narrow bands stay visible on top.
    let mut bands: Vec<_> = panel
        .series
        .iter()
        .flat_map(|ser| ser.bands.iter().map(move |b| (ser, b)))
        .collect();
    bands.sort_by(|a, b| {
        mean_width(&b.1.low, &b.1.high).total_cmp(&mean_width(&a.1.low, &a.1.high))
    });
    for (ser, band) in bands {
        let opacity = if band.opacity.is_finite() {
            band.opacity.clamp(0.0, 1.0)
        } else {
            0.2
        };
        let fill = rgb(ser.color).mix(opacity).filled();
        let polygons = band_polygons(&fig.x, &band.low, &band.high, y0, y1);
        chart
            .draw_series(polygons.into_iter().map(|p| Polygon::new(p, fill)))
            .map_err(draw_err)?;
    }

    if fig.zero_line && y0 < 0.0 && 0.0 < y1 {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x0, 0.0), (x1, 0.0)],
                BLACK.stroke_width(s),
            )))
            .map_err(draw_err)?;
    }

    for ser in &panel.series {
        let style = rgb(ser.color).stroke_width(LINE_WIDTH * s);
        let geometry = line_geometry(&fig.x, &ser.values, y0, y1);
        for run in geometry.runs {
            match ser.style {
                LineStyle::Solid => chart
                    .draw_series(std::iter::once(PathElement::new(run, style)))
                    .map(|_| ()),
                LineStyle::Dashed => chart
                    .draw_series(DashedLineSeries::new(run, DASH.0 * s, DASH.1 * s, style))
                    .map(|_| ()),
            }
            .map_err(draw_err)?;
        }
        let dot = rgb(ser.color).filled();
        chart
            .draw_series(
                geometry
                    .dots
                    .into_iter()
                    .map(|p| Circle::new(p, 2 * s, dot)),
            )
            .map_err(draw_err)?;
    }
    Ok(())
}
