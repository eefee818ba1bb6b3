//! The drivers figure: one panel per driver in its own unit, on an axis wide enough that noise
//! does not look like drama, with the driver's reference value marked.

use super::{FigureContext, Line, line_label, scenario_markers};
use crate::plot::{Figure, LineStyle, Panel, Rgb, Series};
use crate::world::Driver;

/// Colour of driver lines and bands.
const DRIVER_COLOR: Rgb = Rgb(60, 60, 60);

/// The unit of a driver as an axis label: its unit up to any parenthesised explanation
/// ("USD/bbl (Brent)" gives "USD/bbl"); `None` when it has no unit.
pub fn unit_label(driver: &Driver) -> Option<String> {
    let unit = driver.unit.split(" (").next().unwrap_or_default().trim();
    (!unit.is_empty()).then(|| unit.to_string())
}

/// The y range of a driver's panel: the data (line and bands) and the reference value, widened
/// symmetrically to span at least the driver's typical change (`scale`), kept inside the
/// driver's limits when they leave room, plus 5 % padding. A quiet driver thus shows as the
/// nearly flat line it is instead of a wobble blown up to fill the panel.
pub fn driver_range(driver: &Driver, line: &Line) -> (f64, f64) {
    let bands = [&line.band90, &line.band50];
    let values = line
        .center
        .iter()
        .chain(
            bands
                .into_iter()
                .flatten()
                .flat_map(|(low, high)| low.iter().chain(high)),
        )
        .copied()
        .chain(std::iter::once(driver.reference))
        .filter(|v| v.is_finite());
    let (mut lo, mut hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if !(lo.is_finite() && hi.is_finite()) {
        (lo, hi) = (0.0, 1.0);
    }
    let scale = if driver.scale.is_finite() && driver.scale > 0.0 {
        driver.scale
    } else {
        0.0
    };
    if hi - lo < scale {
        let mid = 0.5 * (lo + hi);
        (lo, hi) = (mid - 0.5 * scale, mid + 0.5 * scale);
        // Slide the window inside the limits (the data already are) when it fits there.
        if driver.max - driver.min >= scale {
            if lo < driver.min {
                (lo, hi) = (driver.min, driver.min + scale);
            } else if hi > driver.max {
                (lo, hi) = (driver.max - scale, driver.max);
            }
        }
    }
    let span = hi - lo;
    let pad = if span > 0.0 {
        0.05 * span
    } else {
        0.1 * lo.abs().max(1.0)
    };
    (lo - pad, hi + pad)
}

/// A figure of the drivers over time, one panel per driver: the driver's label as title, its
/// unit as the y axis label ([`unit_label`]), a y range from [`driver_range`] and a faint line
/// at its reference value; the scenario's events are marked.
pub fn driver_figure(ctx: &FigureContext, driver_line: &dyn Fn(usize) -> Line) -> Figure {
    let panels: Vec<Panel> = ctx
        .world
        .drivers
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let line = driver_line(k);
            let range = driver_range(d, &line);
            let bands = line.bands();
            Panel {
                title: d.label.clone(),
                series: vec![Series {
                    label: String::new(),
                    color: DRIVER_COLOR,
                    style: LineStyle::Solid,
                    values: line.center,
                    bands,
                }],
                y_label: unit_label(d),
                y_range: Some(range),
                reference: Some(d.reference),
            }
        })
        .collect();
    Figure {
        title: format!("Drivers: {}", ctx.title),
        caption: ctx.caption.to_string(),
        x: ctx.calendar.fractional_years(),
        y_label: String::new(),
        y_range: None,
        shared_y: false,
        zero_line: false,
        line_label: line_label(&panels),
        panels,
        events: scenario_markers(ctx),
        x_label: None,
    }
}
