//! Plots of influence over time, rendered to PNG and SVG with an embedded font.
//!
//! The plotting layer knows nothing about the model: callers build a [`Figure`] of panels and series.

/// A colour as 8-bit RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// How a series' line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStyle {
    /// A solid line (the default).
    Solid,
    /// A dashed line, used for the baseline in comparisons.
    Dashed,
}

/// A shaded band between a lower and an upper line, e.g. the 5-95 % range of an ensemble.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Lower edge, one value per x.
    pub low: Vec<f64>,
    /// Upper edge, one value per x.
    pub high: Vec<f64>,
    /// Opacity of the fill in [0, 1].
    pub opacity: f64,
}

/// One line in a panel, with optional uncertainty bands drawn beneath it.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend label.
    pub label: String,
    /// Line and band colour.
    pub color: Rgb,
    /// Line style.
    pub style: LineStyle,
    /// y values, one per x of the figure.
    pub values: Vec<f64>,
    /// Bands drawn under the line, widest first.
    pub bands: Vec<Band>,
}

/// One chart in a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Panel title, e.g. a state's name.
    pub title: String,
    /// The lines of the panel.
    pub series: Vec<Series>,
}

/// A figure: one or more panels sharing an x axis of dates, laid out in a grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Title across the top.
    pub title: String,
    /// Provenance line printed at the foot: scenario file, hash, seed, steppe version.
    pub caption: String,
    /// x values as fractional years (2025.0 is 1 January 2025).
    pub x: Vec<f64>,
    /// Label of the y axis, with its unit.
    pub y_label: String,
    /// Range of the y axis; `None` fits the data.
    pub y_range: Option<(f64, f64)>,
    /// Draw a horizontal line at y = 0 (useful for difference plots).
    pub zero_line: bool,
    /// The panels, laid out row by row.
    pub panels: Vec<Panel>,
}
