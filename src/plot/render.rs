//! Drawing a [`Figure`] onto any plotters backend: title, legend strip, panel grid and caption.
//!
//! Every length is given at 1x and multiplied by a scale factor `s`, so the PNG path can draw at
//! twice the size and downsample for smooth lines while the SVG is drawn at 1x.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::TickedAxis;
use super::clip::{band_polygons, line_geometry, mean_width};
use super::color::darken;
use super::dash::draw_pattern;
use super::events::{
    EVENT_GAP, EVENT_ROW_H, EVENT_SIZE, Group, layout, rows, separator, visible_markers,
};
use super::font::{family, text_width};
use super::layout::{
    FOOTER_LINE_H, SIDE_MARGIN, Tick, footer_lines, markers_numbered, nice_ticks, panel_y_range,
    tick_label, x_range, y_range, year_ticks,
};
use super::legend::{draw_legend, legend_entries, legend_rows};
use super::wrap::wrap_caption;
use super::{Figure, LineStyle, Marker, Panel, PlotError, Rgb};

/// Font sizes at 1x, in plotters' size units (the SVG `font-size` is this divided by 1.24).
pub(crate) const TITLE_SIZE: f64 = 29.0;
const PANEL_TITLE_SIZE: f64 = 22.0;
const TICK_SIZE: f64 = 18.0;
const AXIS_DESC_SIZE: f64 = 19.0;
pub(crate) const LEGEND_SIZE: f64 = 19.0;
pub(crate) const CAPTION_SIZE: f64 = 16.0;
/// Smallest size an overlong y axis label is shrunk to.
const MIN_AXIS_DESC_SIZE: f64 = 12.0;

/// Dark grey for axes and text, light grey for grid lines, mid grey for the caption.
pub(crate) const INK: RGBColor = RGBColor(40, 40, 40);
const GRID: RGBColor = RGBColor(225, 225, 225);
const AXIS: RGBColor = RGBColor(110, 110, 110);
const CAPTION_INK: RGBColor = RGBColor(120, 120, 120);
/// Colour of reference lines (faint).
pub(crate) const REFERENCE_INK: Rgb = Rgb(150, 150, 150);
/// Dash pattern of reference lines at 1x.
pub(crate) const REFERENCE_STYLE: LineStyle = LineStyle::LongDash;

/// Line width of a series at 1x.
pub(crate) const LINE_WIDTH: u32 = 2;
/// Gap in pixels at 1x between the ends of the data range and the axis lines, so that no tick
/// (the lowest y tick, the first date) sits on the other axis.
pub(crate) const AXIS_PAD: u32 = 10;

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

/// A line style's dash pattern in pixels at scale `s`.
pub(crate) fn pattern(style: LineStyle, s: u32) -> Vec<f64> {
    style.pattern().iter().map(|&l| f64::from(l * s)).collect()
}

/// Width of `text` at font `size` as the layout measures it.
fn width_at(size: f64) -> impl Fn(&str) -> f64 {
    move |t: &str| text_width(t, size)
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
        let lines = wrap_caption(&fig.title, f64::from(inner_w), &width_at(TITLE_SIZE * sf));
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

    // Footer (provenance caption and any key of numbered events), left-aligned at the foot; the
    // lines are wrapped at 1x so that PNG and SVG break them alike.
    let footer = footer_lines(fig);
    let line_h = FOOTER_LINE_H * s;
    let mut bottom = h.saturating_sub(10 * s);
    if !footer.is_empty() {
        let style = text_style(CAPTION_SIZE * sf, CAPTION_INK);
        bottom = bottom.saturating_sub(line_h * footer.len() as u32);
        for (i, line) in footer.iter().enumerate() {
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
    let numbered = markers_numbered(fig);
    for (panel, cell) in fig.panels.iter().zip(&cells) {
        let y = panel_y_range(fig, panel, shared)?;
        draw_panel(cell, fig, panel, x, y, numbered, s)?;
    }
    Ok(())
}

/// The coordinate system of a panel's plot area.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<TickedAxis, TickedAxis>>;

/// Draws one panel: title, event labels, axes with date and value ticks, bands, zero and
/// reference lines, event lines and series.
fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    fig: &Figure,
    panel: &Panel,
    xs: (f64, f64),
    ys: (f64, f64),
    numbered: bool,
    s: u32,
) -> Result<(), PlotError> {
    let title_h = draw_panel_title(area, panel, s)?;
    let markers = visible_markers(fig, xs);
    let axes = Axes::measure(area, fig, panel, (xs, ys), !markers.is_empty(), s)?;
    // Event labels in a strip between the title and the plot.
    let (cell_w, _) = area.dim_in_pixel();
    let plot_w = f64::from(
        cell_w
            .saturating_sub(axes.left + axes.y_area + axes.right)
            .max(1),
    );
    let groups = layout(&markers, xs, plot_w, axes.pad, numbered, f64::from(s));
    let strip_h = match rows(&groups) {
        0 => 0,
        n => n as u32 * EVENT_ROW_H * s + 3 * s,
    };
    let plot_top = 8 * s + title_h + strip_h;
    let mut chart = axes.draw(area, plot_top, xs, ys, s)?;
    draw_bands(&mut chart, fig, panel, ys)?;
    draw_guides(&mut chart, fig, panel, &markers, xs, ys, s)?;
    draw_series(&mut chart, fig, panel, ys, s)?;
    // The labels, each with a tick right above its line.
    let plot_left = (axes.left + axes.y_area) as i32;
    let strip_bottom = plot_top.saturating_sub(2 * s) as i32;
    for g in &groups {
        draw_event_label(area, &markers, g, numbered, (plot_left, strip_bottom), s)?;
    }
    Ok(())
}

/// Draws the panel's title centred at the top of the cell; returns the height it takes.
fn draw_panel_title<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    s: u32,
) -> Result<u32, PlotError> {
    if panel.title.trim().is_empty() {
        return Ok(0);
    }
    let (cell_w, _) = area.dim_in_pixel();
    let title_style = text_style(PANEL_TITLE_SIZE * f64::from(s), INK);
    let (_, th) = area
        .estimate_text_size(&panel.title, &title_style)
        .map_err(draw_err)?;
    let centred = title_style.pos(Pos::new(HPos::Center, VPos::Top));
    area.draw_text(
        &panel.title,
        &centred,
        ((cell_w / 2) as i32, (8 * s) as i32),
    )
    .map_err(draw_err)?;
    Ok(th + 8 * s)
}

/// A panel's axes: ticks, labels and the room they need around the plot.
struct Axes {
    x_ticks: Vec<Tick>,
    y_ticks: Vec<Tick>,
    /// "Year", or the figure's own label of a value axis.
    x_label: String,
    y_label: String,
    desc_size: f64,
    y_area: u32,
    x_area: u32,
    left: u32,
    right: u32,
    pad: i32,
    tick_mark: i32,
}

impl Axes {
    /// Chooses ticks that fit the cell and sizes the label areas to their contents.
    fn measure<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        fig: &Figure,
        panel: &Panel,
        ((x0, x1), (y0, y1)): ((f64, f64), (f64, f64)),
        has_markers: bool,
        s: u32,
    ) -> Result<Axes, PlotError> {
        let sf = f64::from(s);
        let tick_style = text_style(TICK_SIZE * sf, INK);
        let (cell_w, cell_h) = area.dim_in_pixel();
        let tick_mark = 5 * s as i32;
        let (gap, pad) = (6 * s, (AXIS_PAD * s) as i32);
        // Rough plot size first, to choose how many ticks fit.
        let strip_guess = if has_markers { EVENT_ROW_H * s } else { 0 };
        let approx_w = cell_w.saturating_sub(110 * s);
        let approx_h = cell_h.saturating_sub(110 * s + strip_guess);
        // A value axis has plain number ticks; a time axis has years.
        let x_ticks = match &fig.x_label {
            Some(_) => nice_ticks(x0, x1, ((approx_w / (75 * s)) as usize).clamp(3, 8)),
            None => year_ticks(
                x0,
                x1,
                (approx_w / (75 * s)) as usize,
                (approx_w / (110 * s)) as usize,
            ),
        };
        let y_ticks = nice_ticks(y0, y1, ((approx_h / (55 * s)) as usize).clamp(3, 8));
        // The y axis label, shrunk if it is longer than the plot is high.
        let y_label = panel
            .y_label
            .as_deref()
            .unwrap_or(&fig.y_label)
            .trim()
            .to_string();
        let full = text_width(&y_label, AXIS_DESC_SIZE * sf);
        let room = f64::from(approx_h.max(1));
        let desc_size = if full > room {
            (AXIS_DESC_SIZE * sf * room / full).max(MIN_AXIS_DESC_SIZE * sf)
        } else {
            AXIS_DESC_SIZE * sf
        };
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
        let right = (22 * s).max((last_x_w / 2 + 6 * s).saturating_sub(pad as u32));
        let (_, x_label_h) = max_w(&x_ticks)?;
        let (_, desc_h) = area
            .estimate_text_size("Year", &text_style(AXIS_DESC_SIZE * sf, INK))
            .map_err(draw_err)?;
        let y_desc = if y_label.is_empty() { 0 } else { desc_h + gap };
        let y_area = 2 * tick_mark as u32 + y_label_w + gap + y_desc;
        let x_area = 2 * tick_mark as u32 + x_label_h + gap + desc_h + gap;
        Ok(Axes {
            x_ticks,
            y_ticks,
            x_label: fig.x_label.as_deref().unwrap_or("Year").to_string(),
            y_label,
            desc_size,
            // Absurd labels (huge numbers, long y label) must not squeeze the plot to nothing.
            y_area: y_area.min(cell_w / 3),
            x_area: x_area.min(cell_h / 3),
            left: 4 * s,
            right,
            pad,
            tick_mark,
        })
    }

    /// Builds the plot area below `plot_top` and draws the grid, axes, ticks and labels.
    fn draw<'a, DB: DrawingBackend>(
        &self,
        area: &'a DrawingArea<DB, Shift>,
        plot_top: u32,
        (x0, x1): (f64, f64),
        (y0, y1): (f64, f64),
        s: u32,
    ) -> Result<Chart<'a, DB>, PlotError> {
        let mut builder = ChartBuilder::on(area);
        builder
            .margin_top(plot_top)
            .margin_bottom(6 * s)
            .margin_left(self.left)
            .margin_right(self.right)
            .x_label_area_size(self.x_area)
            .y_label_area_size(self.y_area);
        let axis = |lo, hi, ticks: &[Tick]| TickedAxis {
            lo,
            hi,
            ticks: ticks.iter().map(|t| t.value).collect(),
            pad: self.pad,
        };
        let mut chart = builder
            .build_cartesian_2d(axis(x0, x1, &self.x_ticks), axis(y0, y1, &self.y_ticks))
            .map_err(draw_err)?;
        let tick_style = text_style(TICK_SIZE * f64::from(s), INK);
        let x_fmt = |v: &f64| tick_label(&self.x_ticks, *v);
        let y_fmt = |v: &f64| tick_label(&self.y_ticks, *v);
        let mut mesh = chart.configure_mesh();
        mesh.x_desc(&self.x_label)
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .x_label_style(tick_style.clone())
            .y_label_style(tick_style)
            .axis_desc_style(text_style(self.desc_size, INK))
            .bold_line_style(GRID.stroke_width(s))
            .light_line_style(TRANSPARENT)
            .axis_style(AXIS.stroke_width(s))
            .set_all_tick_mark_size(self.tick_mark);
        if !self.y_label.is_empty() {
            mesh.y_desc(&self.y_label);
        }
        mesh.draw().map_err(draw_err)?;
        Ok(chart)
    }
}

/// Bands first, widest first across all series, so narrow bands stay visible on top.
fn draw_bands<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    fig: &Figure,
    panel: &Panel,
    (y0, y1): (f64, f64),
) -> Result<(), PlotError> {
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
    Ok(())
}

/// The zero line, the reference line and the event lines.
fn draw_guides<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    fig: &Figure,
    panel: &Panel,
    markers: &[&Marker],
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    if fig.zero_line && y0 < 0.0 && 0.0 < y1 {
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x0, 0.0), (x1, 0.0)],
                BLACK.stroke_width(s),
            )))
            .map_err(draw_err)?;
    }
    if let Some(r) = panel.reference.filter(|r| (y0..=y1).contains(r)) {
        let style = rgb(REFERENCE_INK).stroke_width(s);
        draw_pattern(
            chart,
            &[(x0, r), (x1, r)],
            &pattern(REFERENCE_STYLE, s),
            style,
        )?;
    }
    for m in markers {
        let style = rgb(m.color).mix(0.75).stroke_width(s);
        draw_pattern(chart, &[(m.x, y0), (m.x, y1)], &pattern(m.style, s), style)?;
    }
    Ok(())
}

/// Each series' line, clipped to the y range, with isolated points as dots.
fn draw_series<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    fig: &Figure,
    panel: &Panel,
    (y0, y1): (f64, f64),
    s: u32,
) -> Result<(), PlotError> {
    for ser in &panel.series {
        let style = rgb(ser.color).stroke_width(LINE_WIDTH * s);
        let geometry = line_geometry(&fig.x, &ser.values, y0, y1);
        for run in geometry.runs {
            draw_pattern(chart, &run, &pattern(ser.style, s), style)?;
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

/// One event label in the strip: a tick at the markers' x and their texts beside it, each in
/// its marker's colour (darkened for legibility).
fn draw_event_label<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    markers: &[&Marker],
    group: &Group,
    numbered: bool,
    (plot_left, strip_bottom): (i32, i32),
    s: u32,
) -> Result<(), PlotError> {
    let sf = f64::from(s);
    let slot = &group.slot;
    let row_h = (EVENT_ROW_H * s) as i32;
    let bottom = strip_bottom - slot.row as i32 * row_h;
    let left = plot_left + slot.left.round() as i32;
    let tick_x = plot_left + slot.anchor.round() as i32;
    let colors: Vec<Rgb> = group.parts.iter().map(|(i, _)| markers[*i].color).collect();
    let tick_color = if colors.windows(2).all(|w| w[0] == w[1]) {
        colors.first().copied().unwrap_or(Rgb(90, 90, 90))
    } else {
        Rgb(90, 90, 90)
    };
    area.draw(&PathElement::new(
        vec![(tick_x, bottom), (tick_x, bottom - row_h + 3 * s as i32)],
        rgb(tick_color).stroke_width(s),
    ))
    .map_err(draw_err)?;
    let gap = (EVENT_GAP * sf).round() as i32;
    let mut tx = if slot.right_aligned { left } else { left + gap };
    let ty = bottom - row_h / 2 + s as i32;
    let size = EVENT_SIZE * sf;
    let sep_style = text_style(size, INK).pos(Pos::new(HPos::Left, VPos::Center));
    for (k, (i, text)) in group.parts.iter().enumerate() {
        if k > 0 {
            let sep = separator(numbered);
            area.draw_text(sep, &sep_style, (tx, ty))
                .map_err(draw_err)?;
            tx += text_width(sep, size).round() as i32;
        }
        let style = text_style(size, rgb(darken(markers[*i].color, 0.35)))
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw_text(text, &style, (tx, ty)).map_err(draw_err)?;
        tx += text_width(text, size).round() as i32;
    }
    Ok(())
}
