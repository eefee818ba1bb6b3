//! The figure's single legend: a centred strip under the title, one entry per distinct label.
//!
//! Panels usually share their series (Russia, China, US ...), so one legend for the whole figure
//! avoids repeating it in every panel and never hides data.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::dash::dash_runs;
use super::render::{
    INK, LEGEND_SIZE, LINE_WIDTH, REFERENCE_INK, REFERENCE_STYLE, draw_err, pattern, rgb,
    text_style,
};
use super::{Figure, LineStyle, PlotError, Rgb};

/// One legend entry: the first series seen with a given label, or a neutral entry explaining
/// what lines, bands or reference lines mean.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendEntry<'a> {
    pub label: &'a str,
    pub color: Rgb,
    pub style: LineStyle,
    /// Opacities of the series' bands, in the order given (widest first).
    pub bands: Vec<f64>,
    /// Line width at 1x; 0 draws no line (a band-only entry).
    pub width: u32,
}

/// Neutral grey of the entries that explain lines and bands rather than name a series.
const NEUTRAL: Rgb = Rgb(90, 90, 90);

/// Width of the line sample in front of each label, at 1x.
const SWATCH_W: u32 = 34;
/// Space between the sample and its label, at 1x.
const SWATCH_GAP: u32 = 8;
/// Space between entries on one row, at 1x.
const ENTRY_GAP: u32 = 28;
/// Height of one legend row, at 1x.
const ROW_H: u32 = 28;
/// At most this many rows are drawn; further entries are dropped.
const MAX_ROWS: usize = 4;

/// Distinct series labels across all panels, in order of first appearance (empty labels
/// skipped), then neutral entries: the figure's `line_label` (e.g. "median"), one per distinct
/// band label (e.g. "50 % of members"), and "reference value" when a panel has one. When bands
/// are labelled, series entries show just their line.
pub(crate) fn legend_entries(fig: &Figure) -> Vec<LegendEntry<'_>> {
    let series = || fig.panels.iter().flat_map(|p| &p.series);
    let band_labels = series()
        .flat_map(|s| &s.bands)
        .any(|b| !b.label.trim().is_empty());
    let mut entries: Vec<LegendEntry> = Vec::new();
    for ser in series() {
        if ser.label.trim().is_empty() || entries.iter().any(|e| e.label == ser.label) {
            continue;
        }
        entries.push(LegendEntry {
            label: &ser.label,
            color: ser.color,
            style: ser.style,
            bands: if band_labels {
                Vec::new()
            } else {
                ser.bands.iter().map(|b| b.opacity).collect()
            },
            width: LINE_WIDTH,
        });
    }
    let neutral = |label, bands, width, style, color| LegendEntry {
        label,
        color,
        style,
        bands,
        width,
    };
    if !fig.line_label.trim().is_empty() {
        entries.push(neutral(
            &fig.line_label,
            Vec::new(),
            LINE_WIDTH,
            LineStyle::Solid,
            NEUTRAL,
        ));
    }
    // Band entries narrowest (most opaque) first: "50 %" reads before "90 %".
    let mut bands: Vec<LegendEntry> = Vec::new();
    for band in series().flat_map(|s| &s.bands) {
        if band.label.trim().is_empty() || bands.iter().any(|e| e.label == band.label) {
            continue;
        }
        bands.push(neutral(
            &band.label,
            vec![band.opacity],
            0,
            LineStyle::Solid,
            NEUTRAL,
        ));
    }
    bands.sort_by(|a, b| b.bands[0].total_cmp(&a.bands[0]));
    entries.extend(bands);
    if fig.panels.iter().any(|p| p.reference.is_some()) {
        entries.push(neutral(
            "reference value",
            Vec::new(),
            1,
            REFERENCE_STYLE,
            REFERENCE_INK,
        ));
    }
    entries
}

/// Entries grouped into rows no wider than `max_w`, each with its width in pixels.
pub(crate) fn legend_rows<'e, 'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &'e [LegendEntry<'a>],
    max_w: u32,
    s: u32,
) -> Result<Vec<Vec<(&'e LegendEntry<'a>, u32)>>, PlotError> {
    let style = text_style(LEGEND_SIZE * f64::from(s), INK);
    let mut rows: Vec<Vec<(&LegendEntry, u32)>> = vec![Vec::new()];
    let mut row_w = 0;
    for e in entries {
        let (tw, _) = area.estimate_text_size(e.label, &style).map_err(draw_err)?;
        let w = (SWATCH_W + SWATCH_GAP) * s + tw;
        let needed = if row_w == 0 {
            w
        } else {
            row_w + ENTRY_GAP * s + w
        };
        if needed > max_w && row_w > 0 {
            if rows.len() == MAX_ROWS {
                break;
            }
            rows.push(Vec::new());
            row_w = w;
        } else {
            row_w = needed;
        }
        if let Some(row) = rows.last_mut() {
            row.push((e, w));
        }
    }
    Ok(rows)
}

/// Draws the rows centred horizontally from `top` down; returns the y just below the last row.
pub(crate) fn draw_legend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rows: &[Vec<(&LegendEntry, u32)>],
    top: u32,
    s: u32,
) -> Result<u32, PlotError> {
    let (w, _) = root.dim_in_pixel();
    let style = text_style(LEGEND_SIZE * f64::from(s), INK).pos(Pos::new(HPos::Left, VPos::Center));
    let mut y = top;
    for row in rows {
        let total: u32 = row.iter().map(|(_, ew)| ew).sum::<u32>()
            + ENTRY_GAP * s * (row.len() as u32).saturating_sub(1);
        let mut x = (w.saturating_sub(total) / 2) as i32;
        let cy = (y + ROW_H * s / 2) as i32;
        for (entry, ew) in row {
            draw_swatch(root, entry, x, cy, s)?;
            let tx = x + ((SWATCH_W + SWATCH_GAP) * s) as i32;
            root.draw_text(entry.label, &style, (tx, cy))
                .map_err(draw_err)?;
            x += (*ew + ENTRY_GAP * s) as i32;
        }
        y += ROW_H * s;
    }
    Ok(y)
}

/// A short sample of the series: nested band rectangles (widest first) under its line.
fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    entry: &LegendEntry,
    x: i32,
    cy: i32,
    s: u32,
) -> Result<(), PlotError> {
    let color = rgb(entry.color);
    let sw = (SWATCH_W * s) as i32;
    let n = entry.bands.len() as i32;
    for (k, opacity) in entry.bands.iter().enumerate() {
        let half = (9 * s as i32) * (n - k as i32) / n;
        let opacity = if opacity.is_finite() {
            opacity.clamp(0.0, 1.0)
        } else {
            0.2
        };
        root.draw(&Rectangle::new(
            [(x, cy - half), (x + sw, cy + half)],
            color.mix(opacity).filled(),
        ))
        .map_err(draw_err)?;
    }
    if entry.width == 0 {
        return Ok(());
    }
    let line = color.stroke_width(entry.width * s);
    let ends = [
        (f64::from(x), f64::from(cy)),
        (f64::from(x + sw), f64::from(cy)),
    ];
    for run in dash_runs(&ends, &pattern(entry.style, s)) {
        let run: Vec<(i32, i32)> = run
            .into_iter()
            .map(|(px, py)| (px.round() as i32, py.round() as i32))
            .collect();
        root.draw(&PathElement::new(run, line)).map_err(draw_err)?;
    }
    Ok(())
}
