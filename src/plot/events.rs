//! Event markers: which to draw, where their labels go in the strip above a panel's plot area,
//! and the footer key when labels would crowd and numbers replace them.
//!
//! Labels never overlap data (they sit above the plot area) nor each other (a label that would
//! touch another goes one row up). Each label starts (or, near the right edge, ends) with a
//! small tick right above its marker's line.

use super::axis::TickedAxis;
use super::font::text_width;
use super::layout::MONTHS;
use super::{Figure, Marker};
use plotters::coord::ranged1d::Ranged;

/// Font size of marker labels at 1x.
pub(crate) const EVENT_SIZE: f64 = 14.0;
/// Height of one row of marker labels at 1x.
pub(crate) const EVENT_ROW_H: u32 = 17;
/// Space between a marker's tick and its label text at 1x.
pub(crate) const EVENT_GAP: f64 = 4.0;
/// Least space between two labels in a row at 1x.
const LABEL_SPACING: f64 = 10.0;
/// When labels need more rows than this, every marker of the figure is numbered instead and
/// the footer gets a key.
const MAX_LABEL_ROWS: usize = 2;
/// A label takes at most this share of the plot width; longer ones are shortened with "…".
const MAX_LABEL_SHARE: f64 = 0.6;

/// Markers inside the x range `(x0, x1)`, exact duplicates dropped, in order of x (stable).
pub(crate) fn visible_markers(fig: &Figure, (x0, x1): (f64, f64)) -> Vec<&Marker> {
    let eps = 1e-9 * (x1 - x0).abs().max(1.0);
    let mut out: Vec<&Marker> = Vec::new();
    for m in &fig.events {
        if m.x.is_finite() && m.x >= x0 - eps && m.x <= x1 + eps && !out.contains(&m) {
            out.push(m);
        }
    }
    out.sort_by(|a, b| a.x.total_cmp(&b.x));
    out
}

/// A label's box in the strip: its marker's x, left edge and width in pixels from the plot's left edge, its row
/// (0 nearest the plot) and whether the marker's tick is at its right end.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slot {
    pub anchor: f64,
    pub left: f64,
    pub width: f64,
    pub row: usize,
    pub right_aligned: bool,
}

/// Places label boxes of `widths` for markers at `anchors` (pixels from the plot's left edge, in
/// ascending order) within `0..=plot_w`: each box starts at its anchor, or ends there when it
/// would run past the right edge, in the lowest row where it keeps `spacing` from other boxes.
pub(crate) fn place(anchors: &[f64], widths: &[f64], plot_w: f64, spacing: f64) -> Vec<Slot> {
    let mut rows: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut out = Vec::new();
    for (&a, &w) in anchors.iter().zip(widths) {
        let right_aligned = a + w > plot_w && a - w >= 0.0;
        let left = if right_aligned {
            a - w
        } else {
            a.min((plot_w - w).max(0.0))
        };
        let (lo, hi) = (left - spacing, left + w + spacing);
        let free = |row: &Vec<(f64, f64)>| row.iter().all(|&(l, r)| hi <= l || lo >= r);
        let row = match rows.iter().position(free) {
            Some(r) => r,
            None => {
                rows.push(Vec::new());
                rows.len() - 1
            }
        };
        rows[row].push((left, left + w));
        out.push(Slot {
            anchor: a,
            left,
            width: w,
            row,
            right_aligned,
        });
    }
    out
}

/// The pixel position of `x` in a plot `plot_w` pixels wide over `(x0, x1)`, as the axis maps it.
pub(crate) fn anchor(x: f64, (x0, x1): (f64, f64), plot_w: f64, pad: i32) -> f64 {
    let axis = TickedAxis {
        lo: x0,
        hi: x1,
        ticks: Vec::new(),
        pad,
    };
    let end = (plot_w.round() as i32 - 1).max(0);
    f64::from(axis.map(&x, (0, end)))
}

/// Label texts at font `size`: each marker's label, shortened with "…" (at a word boundary
/// where possible) to at most `max_w` pixels, or its number from 1 when `numbered`.
pub(crate) fn label_texts(
    markers: &[&Marker],
    numbered: bool,
    max_w: f64,
    size: f64,
) -> Vec<String> {
    markers
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if numbered {
                return (i + 1).to_string();
            }
            let label = m.label.trim();
            if text_width(label, size) <= max_w {
                return label.to_string();
            }
            // Cut at a word boundary if that leaves at least half the room used, else anywhere.
            let chars: Vec<char> = label.chars().collect();
            let cut = |n: usize| format!("{}…", chars[..n].iter().collect::<String>().trim_end());
            let at_words = (1..chars.len())
                .rev()
                .filter(|&n| chars[n] == ' ')
                .map(cut)
                .find(|t| text_width(t, size) <= max_w)
                .filter(|t| text_width(t, size) >= 0.5 * max_w);
            at_words.unwrap_or_else(|| {
                (1..chars.len())
                    .rev()
                    .map(cut)
                    .find(|t| text_width(t, size) <= max_w)
                    .unwrap_or_else(|| "…".to_string())
            })
        })
        .collect()
}

/// Markers at (nearly) the same place share one label: their texts side by side, each in its
/// marker's colour, separated by [`separator`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// (index into the markers, text) of each member, in order.
    pub parts: Vec<(usize, String)>,
    /// Where the label goes.
    pub slot: Slot,
}

/// What separates the texts of markers sharing a label.
pub(crate) fn separator(numbered: bool) -> &'static str {
    if numbered { ", " } else { "; " }
}

/// The labels at scale `s` for the markers in a plot `plot_w` pixels wide: markers less than
/// two pixels apart are grouped, and each group is placed with [`place`].
pub(crate) fn layout(
    markers: &[&Marker],
    x: (f64, f64),
    plot_w: f64,
    pad: i32,
    numbered: bool,
    s: f64,
) -> Vec<Group> {
    let size = EVENT_SIZE * s;
    let texts = label_texts(markers, numbered, MAX_LABEL_SHARE * plot_w, size);
    let mut groups: Vec<(f64, Vec<(usize, String)>)> = Vec::new();
    for (i, (m, text)) in markers.iter().zip(texts).enumerate() {
        let a = anchor(m.x, x, plot_w, pad);
        match groups.last_mut() {
            Some((ga, parts)) if (a - *ga).abs() < 2.0 * s => parts.push((i, text)),
            _ => groups.push((a, vec![(i, text)])),
        }
    }
    let sep = separator(numbered);
    let widths: Vec<f64> = groups
        .iter()
        .map(|(_, parts)| {
            let joined: Vec<&str> = parts.iter().map(|(_, t)| t.as_str()).collect();
            text_width(&joined.join(sep), size) + EVENT_GAP * s + 1.0
        })
        .collect();
    let anchors: Vec<f64> = groups.iter().map(|(a, _)| *a).collect();
    let slots = place(&anchors, &widths, plot_w, LABEL_SPACING * s);
    groups
        .into_iter()
        .zip(slots)
        .map(|((_, parts), slot)| Group { parts, slot })
        .collect()
}

/// Number of label rows the groups use.
pub(crate) fn rows(groups: &[Group]) -> usize {
    groups.iter().map(|g| g.slot.row + 1).max().unwrap_or(0)
}

/// Whether the figure numbers its markers: when their labels would need more than
/// [`MAX_LABEL_ROWS`] rows in a plot about `plot_w` pixels wide at 1x, or labels of markers at
/// one date would together be nearly as wide as the plot.
pub(crate) fn numbered(fig: &Figure, x: (f64, f64), plot_w: f64, pad: i32) -> bool {
    let markers = visible_markers(fig, x);
    let groups = layout(&markers, x, plot_w, pad, false, 1.0);
    rows(&groups) > MAX_LABEL_ROWS || groups.iter().any(|g| g.slot.width > 0.9 * plot_w)
}

/// "Jul 2026" for a fractional year.
fn month_year(x: f64) -> String {
    let months = (x * 12.0 + 1e-6).floor() as i64;
    format!(
        "{} {}",
        MONTHS[months.rem_euclid(12) as usize],
        months.div_euclid(12)
    )
}

/// The footer key of numbered markers: "Events: 1 ceasefire (Jan 2026); 2 ...".
pub(crate) fn key(markers: &[&Marker]) -> String {
    let entries: Vec<String> = markers
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let text = if m.detail.trim().is_empty() {
                m.label.trim()
            } else {
                m.detail.trim()
            };
            format!("{} {text} ({})", i + 1, month_year(m.x))
        })
        .collect();
    format!("Events: {}", entries.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_labels_go_up_a_row() {
        let slots = place(
            &[0.0, 20.0, 200.0, 390.0],
            &[100.0, 50.0, 50.0, 50.0],
            400.0,
            5.0,
        );
        let rows: Vec<usize> = slots.iter().map(|s| s.row).collect();
        assert_eq!(rows, [0, 1, 0, 0]);
        // The last one would run past the right edge: it ends at its marker instead.
        assert!(slots[3].right_aligned);
        assert_eq!(slots[3].left, 340.0);
    }

    #[test]
    fn key_dates() {
        assert_eq!(month_year(2026.0), "Jan 2026");
        assert_eq!(month_year(2025.5), "Jul 2025");
        let m = Marker {
            x: 2026.0,
            label: "ceasefire".into(),
            ..Marker::default()
        };
        assert_eq!(key(&[&m]), "Events: 1 ceasefire (Jan 2026)");
    }
}
