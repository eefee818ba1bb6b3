//! Charts of analyses, which are not series over time: horizontal bars with whiskers (Sobol'
//! indices, tornado, PRIM box limits) and labelled scatter plots (Morris μ*–σ, PRIM's peeling
//! trajectory). Like [`super::Figure`], a [`Chart`] is a plain description; [`chart_svg`] and
//! [`chart_png`] draw it with the embedded font, so the two look alike on every machine.

use super::chart_render::{draw_chart, size};
use super::font::ensure_font;
use super::render::draw_err;
use super::{PlotError, Rgb};
use plotters::prelude::*;

/// A chart: title, subtitle, legend, axis labels, the plot, and a provenance footer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    /// Title across the top.
    pub title: String,
    /// A line under the title saying what is measured.
    pub subtitle: String,
    /// Provenance line at the foot.
    pub caption: String,
    /// Legend entries: a coloured swatch and a label each.
    pub legend: Vec<(String, Rgb)>,
    /// Label of the horizontal axis, with its unit.
    pub x_label: String,
    /// Label of the vertical axis (scatter plots; bar charts label their rows).
    pub y_label: String,
    /// What is drawn.
    pub kind: ChartKind,
}

/// The plot of a chart.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartKind {
    /// Horizontal bars, one row per category from top to bottom.
    Bars {
        /// The rows.
        rows: Vec<BarRow>,
        /// A vertical reference line (e.g. 0, or the central outcome of a tornado).
        reference: Option<(f64, String)>,
        /// The x range; `None` fits the data.
        x_range: Option<(f64, f64)>,
    },
    /// Points with labels.
    Scatter {
        /// The points, in drawing order.
        points: Vec<ScatterPoint>,
        /// Join the points with a line in their order (a trajectory).
        connect: bool,
        /// The x range; `None` fits the data.
        x_range: Option<(f64, f64)>,
        /// The y range; `None` fits the data.
        y_range: Option<(f64, f64)>,
    },
}

impl Default for ChartKind {
    fn default() -> Self {
        ChartKind::Bars {
            rows: Vec::new(),
            reference: None,
            x_range: None,
        }
    }
}

/// One row of a bar chart: a label and one or more bars drawn one under the other.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarRow {
    /// The row's label, left of the bars.
    pub label: String,
    /// The bars.
    pub bars: Vec<Bar>,
    /// A light track drawn behind the bars from low to high (e.g. the whole range).
    pub track: Option<(f64, f64)>,
}

/// A bar from `from` to `to`, with an optional whisker (a confidence interval).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bar {
    /// Where the bar starts.
    pub from: f64,
    /// Where it ends.
    pub to: f64,
    /// Its colour.
    pub color: Rgb,
    /// A whisker from low to high across the bar's middle.
    pub whisker: Option<(f64, f64)>,
    /// Text written just past the bar's end (e.g. its value); empty: none.
    pub text: String,
}

/// A point of a scatter plot.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScatterPoint {
    /// x value.
    pub x: f64,
    /// y value.
    pub y: f64,
    /// Label written next to the point; empty: none.
    pub label: String,
    /// Colour.
    pub color: Rgb,
    /// Drawn larger, with a ring (a chosen point).
    pub emphasis: bool,
}

impl Chart {
    /// Checks the chart can be drawn: something to draw, finite values.
    pub fn validate(&self) -> Result<(), PlotError> {
        let finite = |v: f64| v.is_finite();
        match &self.kind {
            ChartKind::Bars { rows, x_range, .. } => {
                if rows.is_empty() || rows.iter().all(|r| r.bars.is_empty()) {
                    return Err(PlotError::NoPanels);
                }
                let ok = rows.iter().flat_map(|r| &r.bars).all(|b| {
                    finite(b.from)
                        && finite(b.to)
                        && b.whisker.is_none_or(|(l, h)| finite(l) && finite(h))
                });
                if !ok {
                    return Err(PlotError::NoXValues);
                }
                check_range(*x_range)
            }
            ChartKind::Scatter {
                points,
                x_range,
                y_range,
                ..
            } => {
                if points.is_empty() {
                    return Err(PlotError::NoPanels);
                }
                if !points.iter().all(|p| finite(p.x) && finite(p.y)) {
                    return Err(PlotError::NoXValues);
                }
                check_range(*x_range)?;
                check_range(*y_range)
            }
        }
    }
}

fn check_range(r: Option<(f64, f64)>) -> Result<(), PlotError> {
    match r {
        Some((low, high)) if !(low.is_finite() && high.is_finite() && low < high) => {
            Err(PlotError::InvalidRange { low, high })
        }
        _ => Ok(()),
    }
}

/// Renders a chart as an SVG document.
pub fn chart_svg(chart: &Chart) -> Result<String, PlotError> {
    chart.validate()?;
    ensure_font()?;
    let (w, h) = size(chart);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        draw_chart(&root, chart, 1)?;
        root.present().map_err(draw_err)?;
    }
    Ok(out)
}

/// Renders a chart as PNG bytes (drawn at twice the size and averaged down, like figures).
pub fn chart_png(chart: &Chart) -> Result<Vec<u8>, PlotError> {
    chart.validate()?;
    ensure_font()?;
    let (w, h) = size(chart);
    let s = 2;
    let mut buf = vec![255u8; (w * s) as usize * (h * s) as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w * s, h * s)).into_drawing_area();
        draw_chart(&root, chart, s)?;
        root.present().map_err(draw_err)?;
    }
    let rgb = super::output::downsample(&buf, w, h, s);
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Best);
        let mut writer = enc
            .write_header()
            .map_err(|e| PlotError::Draw(format!("encoding PNG: {e}")))?;
        writer
            .write_image_data(&rgb)
            .map_err(|e| PlotError::Draw(format!("encoding PNG: {e}")))?;
    }
    Ok(bytes)
}
