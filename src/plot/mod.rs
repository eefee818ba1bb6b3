//! Plots of influence over time, rendered to PNG and SVG with an embedded font, and charts of
//! analyses (bars with whiskers, labelled scatter plots) in the same style.
//!
//! The plotting layer knows nothing about the model: callers build a [`Figure`] of panels and
//! series, or a [`Chart`].

mod axis;
mod chart;
mod chart_render;
mod clip;
mod color;
mod dash;
mod events;
mod font;
mod layout;
mod legend;
mod output;
mod render;
mod wrap;

pub use chart::{Bar, BarRow, Chart, ChartKind, ScatterPoint, chart_png, chart_svg};
pub use color::{CLOSE_COLOR, QUALITATIVE, color_distance};
pub use font::FONT_FAMILY;
pub use layout::{MAX_PANELS, figure_size};
pub use output::{render_png, render_svg, render_svg_string};
pub use wrap::wrap_caption;

/// Why a figure could not be rendered. Rendering never panics; every failure ends up here.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The figure has no panels: there is nothing to draw.
    #[error("the figure has no panels")]
    NoPanels,
    /// More panels than [`MAX_PANELS`]; the image would be unreasonably large.
    #[error("the figure has {count} panels, more than the maximum of {max}")]
    TooManyPanels {
        /// Number of panels in the figure.
        count: usize,
        /// The maximum, [`MAX_PANELS`].
        max: usize,
    },
    /// `Figure.x` is empty or has no finite value, so there is no time axis.
    #[error("the figure has no finite x values")]
    NoXValues,
    /// A series' values or band edges are not as long as `Figure.x`.
    #[error("panel {panel}, series {series:?}: {field} has {found} values but x has {expected}")]
    LengthMismatch {
        /// Index of the panel (0-based).
        panel: usize,
        /// Label of the series.
        series: String,
        /// Which vector is wrong: "values", "band low" or "band high".
        field: &'static str,
        /// Length of `Figure.x`.
        expected: usize,
        /// Length found.
        found: usize,
    },
    /// `y_range` is not finite or not increasing, or the data span is not finite.
    #[error("invalid y range {low}..{high}")]
    InvalidRange {
        /// Lower end.
        low: f64,
        /// Upper end.
        high: f64,
    },
    /// The embedded font could not be registered with plotters (a corrupt font file).
    #[error("the embedded font could not be loaded")]
    Font,
    /// plotters failed to draw or encode the image; the message is plotters' own.
    #[error("drawing failed: {0}")]
    Draw(String),
    /// Writing the output file failed.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file being written.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// A colour as 8-bit RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// How a line is drawn: solid or one of a few dash patterns, so that lines of the same colour
/// (or seen in grey-scale, or by colour-blind readers) stay apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineStyle {
    /// A solid line (the default).
    #[default]
    Solid,
    /// Medium dashes; the baseline in comparisons.
    Dashed,
    /// Short dots.
    Dotted,
    /// Alternating dash and dot.
    DashDot,
    /// Long dashes.
    LongDash,
}

impl LineStyle {
    /// Every style, solid first.
    pub const ALL: [LineStyle; 5] = [
        LineStyle::Solid,
        LineStyle::Dashed,
        LineStyle::Dotted,
        LineStyle::DashDot,
        LineStyle::LongDash,
    ];

    /// Alternating on and off lengths in pixels at 1x (empty for a solid line).
    pub fn pattern(self) -> &'static [u32] {
        match self {
            LineStyle::Solid => &[],
            LineStyle::Dashed => &[9, 5],
            LineStyle::Dotted => &[2, 4],
            LineStyle::DashDot => &[10, 4, 2, 4],
            LineStyle::LongDash => &[18, 6],
        }
    }
}

/// A shaded band between a lower and an upper line, e.g. the 5-95 % range of an ensemble.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Band {
    /// Lower edge, one value per x.
    pub low: Vec<f64>,
    /// Upper edge, one value per x.
    pub high: Vec<f64>,
    /// Opacity of the fill in [0, 1].
    pub opacity: f64,
    /// What the band is, e.g. "90 % of members (5-95 %)". Each distinct label gets one neutral
    /// legend entry (grey at this opacity), so readers need not look for the footer; empty: none.
    pub label: String,
}

/// One line in a panel, with optional uncertainty bands drawn beneath it.
#[derive(Debug, Clone, PartialEq, Default)]
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Panel {
    /// Panel title, e.g. a state's name.
    pub title: String,
    /// The lines of the panel.
    pub series: Vec<Series>,
    /// Label of this panel's y axis with its unit, instead of `Figure.y_label` (for panels in
    /// their own units, such as drivers).
    pub y_label: Option<String>,
    /// This panel's y range when `Figure.shared_y` is false; `None` fits the data.
    pub y_range: Option<(f64, f64)>,
    /// A reference value drawn as a faint horizontal line (e.g. a driver's neutral level); it
    /// gets a legend entry "reference value" and is kept inside a fitted y range.
    pub reference: Option<f64>,
}

/// A dated event drawn as a thin vertical line across every panel, with a small label above the
/// plot area (or a number keyed in the footer when labels would crowd).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Marker {
    /// Date as a fractional year, like `Figure.x`.
    pub x: f64,
    /// Short label, e.g. "ceasefire".
    pub label: String,
    /// Longer text for the footer key when markers are numbered (e.g. with the scenario and
    /// date); empty: the label.
    pub detail: String,
    /// Colour of the line and label.
    pub color: Rgb,
    /// Dash pattern of the line.
    pub style: LineStyle,
}

/// A figure: one or more panels sharing an x axis of dates, laid out in a grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    /// Title across the top.
    pub title: String,
    /// Provenance line printed at the foot: scenario file, hash, seed, steppe version. Sections
    /// separated by " | " are kept whole where they fit (see [`wrap_caption`]).
    pub caption: String,
    /// x values as fractional years (2025.0 is 1 January 2025).
    pub x: Vec<f64>,
    /// Label of the y axis, with its unit.
    pub y_label: String,
    /// Range of the y axis; `None` fits the data.
    pub y_range: Option<(f64, f64)>,
    /// Whether all panels share one y axis (true for comparable quantities such as influence
    /// shares; false when panels measure different things, such as drivers in their own units).
    pub shared_y: bool,
    /// Draw a horizontal line at y = 0 (useful for difference plots).
    pub zero_line: bool,
    /// The panels, laid out row by row.
    pub panels: Vec<Panel>,
    /// Events marked on every panel.
    pub events: Vec<Marker>,
    /// What the series' lines are when they summarise a distribution, e.g. "median"; shown as a
    /// neutral legend entry before the band entries. Empty: no entry.
    pub line_label: String,
    /// Label of the x axis when `x` holds values rather than dates (plain number ticks); `None`:
    /// a time axis labelled "Year".
    pub x_label: Option<String>,
}
