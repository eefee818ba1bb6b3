//! Backend-independent geometry: validation, grid shape, figure size, axis ranges and ticks.
//!
//! Everything here is plain arithmetic so that it can be unit-tested without drawing.
//!
//! Why hand-written: plotters lays out one chart at a time; panels sharing an axis, a legend and
//! a wrapped caption across a grid need a layout of their own, and ticks must be stable
//! (the same data give the same figure, byte for byte).

use super::events::{key, numbered, visible_markers};
use super::font::text_width;
use super::render::{AXIS_PAD, CAPTION_SIZE};
use super::wrap::wrap_caption;
use super::{Figure, Panel, PlotError, Series};

/// Largest number of panels a figure may have; beyond it the image would be absurdly large.
pub const MAX_PANELS: usize = 100;

/// Width of one grid cell in pixels (multi-panel figures).
const CELL_W: u32 = 560;
/// Height of one grid cell in pixels (multi-panel figures).
const CELL_H: u32 = 400;
/// Left and right outer margin of the figure.
pub(crate) const SIDE_MARGIN: u32 = 16;
/// Vertical room reserved for the title, legend and caption on top of the grid cells.
const CHROME_H: u32 = 130;

/// A labelled tick on an axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tick {
    pub value: f64,
    pub label: String,
}

/// Columns and rows of the panel grid for `n` panels.
///
/// 1 panel: 1x1; 2-3: one row; 4: 2x2; 5-6: 3 columns by 2 rows; more: ceil(sqrt(n)) columns.
pub(crate) fn grid_shape(n: usize) -> (usize, usize) {
    match n {
        0 => (0, 0),
        1 => (1, 1),
        2 | 3 => (n, 1),
        4 => (2, 2),
        5 | 6 => (3, 2),
        _ => {
            let mut cols = (n as f64).sqrt().ceil() as usize;
            while cols * cols < n {
                cols += 1;
            }
            (cols, n.div_ceil(cols))
        }
    }
}

/// Height of one footer line at 1x.
pub(crate) const FOOTER_LINE_H: u32 = 20;
/// Footer lines that fit in the base size; each further line makes the figure taller.
const BASE_FOOTER_LINES: usize = 2;
/// Most footer lines drawn; the last one ends with "…" when text is left over.
const MAX_FOOTER_LINES: usize = 12;
/// Rough width of the y tick labels and axis label, and of the right margin, of a panel at 1x:
/// enough to decide before drawing whether event labels fit.
const Y_AREA_GUESS: u32 = 100;
const RIGHT_GUESS: u32 = 30;

/// Size in pixels (width, height) of the image that [`super::render_png`] writes for `fig`.
///
/// A single panel gives 1000x600; otherwise each grid cell is 560x400 plus room for title,
/// legend and a two-line footer. A longer footer (a long caption, or the key of numbered event
/// markers) adds 20 pixels of height per extra line, so the panels keep their size.
pub fn figure_size(fig: &Figure) -> (u32, u32) {
    let (w, h) = base_size(fig);
    let extra = footer_lines(fig).len().saturating_sub(BASE_FOOTER_LINES) as u32;
    (w, h + extra * FOOTER_LINE_H)
}

/// The size for a footer of at most two lines.
fn base_size(fig: &Figure) -> (u32, u32) {
    let n = fig.panels.len().clamp(1, MAX_PANELS);
    if n == 1 {
        return (1000, 600);
    }
    let (cols, rows) = grid_shape(n);
    (
        cols as u32 * CELL_W + 2 * SIDE_MARGIN,
        rows as u32 * CELL_H + CHROME_H,
    )
}

/// Whether event markers are numbered (with a key in the footer) rather than labelled, judged
/// on an estimate of the plot width of a panel at 1x.
pub(crate) fn markers_numbered(fig: &Figure) -> bool {
    if fig.events.is_empty() {
        return false;
    }
    let (w, _) = base_size(fig);
    let (cols, _) = grid_shape(fig.panels.len().clamp(1, MAX_PANELS));
    let cell_w = w.saturating_sub(SIDE_MARGIN) / cols.max(1) as u32;
    let plot_w = cell_w
        .saturating_sub(4 + Y_AREA_GUESS + RIGHT_GUESS)
        .max(50);
    numbered(fig, x_range(&fig.x), f64::from(plot_w), AXIS_PAD as i32)
}

/// The footer at 1x: the caption and, when markers are numbered, their key, wrapped at phrase
/// boundaries to the figure's inner width. The same lines are drawn at every scale.
pub(crate) fn footer_lines(fig: &Figure) -> Vec<String> {
    let mut text = fig.caption.trim().to_string();
    if markers_numbered(fig) {
        let markers = visible_markers(fig, x_range(&fig.x));
        text = format!("{text}\n{}", key(&markers));
    }
    if text.trim().is_empty() {
        return Vec::new();
    }
    let (w, _) = base_size(fig);
    let inner = f64::from(w.saturating_sub(2 * SIDE_MARGIN));
    let mut lines = wrap_caption(&text, inner, &|t| text_width(t, CAPTION_SIZE));
    lines.retain(|l| !l.trim().is_empty());
    if lines.len() > MAX_FOOTER_LINES {
        lines.truncate(MAX_FOOTER_LINES);
        if let Some(last) = lines.last_mut() {
            last.push_str(" …");
        }
    }
    lines
}

/// Checks the figure's shape: at least one panel, x values present, every series and band as
/// long as `x`, and a sensible `y_range`.
pub(crate) fn validate(fig: &Figure) -> Result<(), PlotError> {
    if fig.panels.is_empty() {
        return Err(PlotError::NoPanels);
    }
    if fig.panels.len() > MAX_PANELS {
        return Err(PlotError::TooManyPanels {
            count: fig.panels.len(),
            max: MAX_PANELS,
        });
    }
    if !fig.x.iter().any(|x| x.is_finite()) {
        return Err(PlotError::NoXValues);
    }
    let expected = fig.x.len();
    for (p, panel) in fig.panels.iter().enumerate() {
        for s in &panel.series {
            let mismatch = |field: &'static str, found: usize| PlotError::LengthMismatch {
                panel: p,
                series: s.label.clone(),
                field,
                expected,
                found,
            };
            if s.values.len() != expected {
                return Err(mismatch("values", s.values.len()));
            }
            for b in &s.bands {
                if b.low.len() != expected {
                    return Err(mismatch("band low", b.low.len()));
                }
                if b.high.len() != expected {
                    return Err(mismatch("band high", b.high.len()));
                }
            }
        }
    }
    for (lo, hi) in fig
        .y_range
        .into_iter()
        .chain(fig.panels.iter().filter_map(|p| p.y_range))
    {
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(PlotError::InvalidRange { low: lo, high: hi });
        }
    }
    Ok(())
}

/// The x range covered by the finite x values, widened when it is a single instant.
pub(crate) fn x_range(x: &[f64]) -> (f64, f64) {
    let (lo, hi) = finite_min_max(x.iter().copied()).unwrap_or((2025.0, 2026.0));
    if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, hi + 0.5)
    }
}

/// The y range of a figure: `y_range` if given, otherwise all finite values, band edges and
/// reference values of every panel with 5 % padding.
pub(crate) fn y_range(fig: &Figure) -> Result<(f64, f64), PlotError> {
    let refs: Vec<f64> = fig.panels.iter().filter_map(|p| p.reference).collect();
    y_range_of(
        fig.y_range,
        fig.panels.iter().flat_map(|p| &p.series),
        &refs,
    )
}

/// The y range of one panel: the figure's when it shares its y axis, otherwise the panel's own
/// `y_range`, the figure's `y_range`, or the panel's data and reference value.
pub(crate) fn panel_y_range(
    fig: &Figure,
    panel: &Panel,
    shared: (f64, f64),
) -> Result<(f64, f64), PlotError> {
    if fig.shared_y {
        return Ok(shared);
    }
    let refs: Vec<f64> = panel.reference.into_iter().collect();
    let range = y_range_of(panel.y_range.or(fig.y_range), panel.series.iter(), &refs)?;
    match range {
        (lo, hi) if lo.is_finite() && hi.is_finite() && lo < hi => Ok(range),
        (lo, hi) => Err(PlotError::InvalidRange { low: lo, high: hi }),
    }
}

/// The y range of some series: `fixed` if given, otherwise their finite values, band edges and
/// `extra` values with 5 % padding.
pub(crate) fn y_range_of<'a>(
    fixed: Option<(f64, f64)>,
    series: impl Iterator<Item = &'a Series>,
    extra: &[f64],
) -> Result<(f64, f64), PlotError> {
    if let Some(r) = fixed {
        return Ok(r);
    }
    let all = series
        .flat_map(|s| {
            s.values
                .iter()
                .chain(s.bands.iter().flat_map(|b| b.low.iter().chain(&b.high)))
                .copied()
        })
        .chain(extra.iter().copied());
    let Some((lo, hi)) = finite_min_max(all) else {
        return Ok((0.0, 1.0));
    };
    let span = hi - lo;
    let (lo, hi) = if span > 0.0 {
        (lo - 0.05 * span, hi + 0.05 * span)
    } else {
        let pad = if lo == 0.0 { 1.0 } else { 0.1 * lo.abs() };
        (lo - pad, hi + pad)
    };
    if lo.is_finite() && hi.is_finite() && hi > lo {
        Ok((lo, hi))
    } else {
        Err(PlotError::InvalidRange { low: lo, high: hi })
    }
}

fn finite_min_max(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

pub(crate) const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Date ticks for fractional years in `[lo, hi]`, at most `max_ticks` of them.
///
/// Whole years ("2026") at a step of 1, 2, 5, 10, ... years; when fewer than two whole years fall
/// in the range, months ("Apr 2025") at a step of 1, 2, 3 or 6 months.
pub(crate) fn year_ticks(lo: f64, hi: f64, max_ticks: usize, max_month_ticks: usize) -> Vec<Tick> {
    let eps = 1e-9 * (hi - lo).abs().max(1.0);
    let max_ticks = max_ticks.max(2);
    let first = |step: f64| (lo / step - eps).ceil() as i64;
    let last = |step: f64| (hi / step + eps).floor() as i64;
    let count = |step: f64| {
        last(step)
            .saturating_sub(first(step))
            .saturating_add(1)
            .max(0) as usize
    };
    if count(1.0) >= 2 {
        const YEAR_STEPS: [f64; 12] = [
            1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 250.0, 500.0, 1000.0,
        ];
        let Some(step) = YEAR_STEPS.into_iter().find(|s| count(*s) <= max_ticks) else {
            // Not a range of calendar years anyone will plot; plain round numbers.
            return nice_ticks(lo, hi, max_ticks);
        };
        return (first(step)..=last(step))
            .take(200)
            .map(|k| {
                let year = k as f64 * step;
                Tick {
                    value: year,
                    label: format!("{year:.0}"),
                }
            })
            .collect();
    }
    let max_ticks = max_month_ticks.max(2);
    let month_step = [1.0, 2.0, 3.0, 6.0, 12.0]
        .into_iter()
        .find(|m| count(m / 12.0) <= max_ticks)
        .unwrap_or(12.0);
    let step = month_step / 12.0;
    (first(step)..=last(step))
        .take(200)
        .map(|k| {
            let months = (k as f64 * month_step).round() as i64;
            let (year, month) = (months.div_euclid(12), months.rem_euclid(12));
            Tick {
                value: months as f64 / 12.0,
                label: format!("{} {year}", MONTHS[month as usize]),
            }
        })
        .collect()
}

/// Round-number ticks in `[lo, hi]`: about `target` of them at a step of 1, 2, 2.5 or 5 times a
/// power of ten, labelled with just enough decimals.
pub(crate) fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<Tick> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / target.max(2) as f64;
    let mut exp = libm::log10(raw).floor();
    let (mut mult, extra_decimal) = [(1.0, 0), (2.0, 0), (2.5, 1), (5.0, 0), (10.0, 0)]
        .into_iter()
        .find(|(m, _)| m * libm::pow(10.0, exp) >= raw * (1.0 - 1e-9))
        .unwrap_or((10.0, 0));
    if mult >= 10.0 {
        (mult, exp) = (1.0, exp + 1.0);
    }
    let step = mult * libm::pow(10.0, exp);
    if !(step.is_finite() && step > 0.0) {
        return Vec::new();
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let values: Vec<f64> = (first..=last)
        .take(100)
        .map(|k| k as f64 * step)
        .map(|v| if v.abs() < step * 1e-9 { 0.0 } else { v })
        .collect();
    // Very large or small numbers get scientific notation instead of 300-digit labels, with the
    // fewest mantissa decimals that still tell every tick apart.
    let max_abs = lo.abs().max(hi.abs());
    let scientific = max_abs >= 1e6 || exp < -4.0;
    let format = |v: f64, decimals: usize| {
        let label = if !scientific {
            format!("{v:.decimals$}")
        } else if v == 0.0 {
            "0".to_string()
        } else {
            format!("{v:.decimals$e}")
        };
        // A typographic minus sign (U+2212) reads better than a hyphen.
        label.replace('-', "\u{2212}")
    };
    let decimals = if scientific {
        let exact = |v: f64, d: usize| {
            format!("{v:.d$e}")
                .parse::<f64>()
                .is_ok_and(|p| (p - v).abs() <= step * 1e-6)
        };
        values
            .iter()
            .map(|&v| (0..12).find(|&d| exact(v, d)).unwrap_or(12))
            .max()
            .unwrap_or(0)
    } else {
        ((-exp).max(0.0) as usize + extra_decimal).min(12)
    };
    values
        .into_iter()
        .map(|value| Tick {
            value,
            label: format(value, decimals),
        })
        .collect()
}

/// The label of the tick nearest to `v` (the mesh asks for labels by value).
pub(crate) fn tick_label(ticks: &[Tick], v: f64) -> String {
    ticks
        .iter()
        .min_by(|a, b| (a.value - v).abs().total_cmp(&(b.value - v).abs()))
        .map(|t| t.label.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(t: &[Tick]) -> Vec<&str> {
        t.iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn grid_shapes() {
        assert_eq!(grid_shape(1), (1, 1));
        assert_eq!(grid_shape(3), (3, 1));
        assert_eq!(grid_shape(4), (2, 2));
        assert_eq!(grid_shape(5), (3, 2));
        assert_eq!(grid_shape(7), (3, 3));
        assert_eq!(grid_shape(10), (4, 3));
        assert_eq!(grid_shape(100), (10, 10));
    }

    #[test]
    fn year_ticks_pick_sensible_steps() {
        assert_eq!(
            labels(&year_ticks(2025.0, 2035.0, 6, 4)),
            ["2026", "2028", "2030", "2032", "2034"]
        );
        assert_eq!(labels(&year_ticks(2025.0, 2028.0, 8, 4)).len(), 4);
        assert_eq!(
            labels(&year_ticks(2025.0, 2025.75, 8, 4)),
            ["Jan 2025", "Apr 2025", "Jul 2025", "Oct 2025"]
        );
        assert_eq!(
            labels(&year_ticks(2000.0, 2100.0, 6, 4)),
            ["2000", "2020", "2040", "2060", "2080", "2100"]
        );
    }

    #[test]
    fn nice_ticks_format() {
        assert_eq!(
            labels(&nice_ticks(-0.05, 1.05, 6)),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
        );
        assert_eq!(
            labels(&nice_ticks(0.0, 1.0, 4)),
            ["0.00", "0.25", "0.50", "0.75", "1.00"]
        );
        assert_eq!(
            labels(&nice_ticks(-12.0, 37.0, 5)),
            ["\u{2212}10", "0", "10", "20", "30"]
        );
        assert_eq!(labels(&nice_ticks(0.0, 3e6, 3)), ["0", "1e6", "2e6", "3e6"]);
        assert_eq!(
            labels(&nice_ticks(0.0, 1e-5, 4)),
            [
                "0",
                "2.5e\u{2212}6",
                "5.0e\u{2212}6",
                "7.5e\u{2212}6",
                "1.0e\u{2212}5"
            ]
        );
        assert_eq!(
            labels(&nice_ticks(-1e300, 1e300, 2)),
            ["\u{2212}1e300", "0", "1e300"]
        );
    }
}
