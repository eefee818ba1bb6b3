//! Figures of a hindcast: each measured series against the model's band, a scorecard of the
//! model's errors against the naive forecasts, and where a replay lands on the world file's date.
//!
//! Measured values are drawn as dots with a vertical bar of one standard error: each gets x
//! entries of its own (dot, bar low, bar high) between the grid's dates, where the model's band
//! is interpolated, so the line renderer draws an isolated dot and a vertical segment.

use super::{AUTONOMY_COLOR, BAND50_LABEL, BAND90_LABEL, INFLUENCE_LABEL, MEDIAN_LABEL};
use crate::calendar::{Calendar, Date};
use crate::history::hindcast::{CaseResult, Quantiles};
use crate::history::landing::Landing;
use crate::history::observe::{Output, Rule};
use crate::plot::{Band, Figure, LineStyle, Marker, Panel, Rgb, Series};
use crate::world::World;

/// Colour of measured values.
pub const MEASURED_COLOR: Rgb = Rgb(20, 20, 20);
/// Colour of the no-change forecast.
pub const NO_CHANGE_COLOR: Rgb = Rgb(150, 150, 150);
/// Colour of the trend forecast.
pub const TREND_COLOR: Rgb = Rgb(120, 70, 170);
/// Colour of the model's forecasts in the scorecard.
pub const MODEL_COLOR: Rgb = Rgb(30, 110, 90);

/// What an x entry of a figure stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    Grid(usize),
    Dot(usize),
    Low(usize),
    High(usize),
}

/// x entries: every grid date, and three at each extra date (dot, bar low, bar high), sorted.
fn entries(calendar: &Calendar, extra: &[f64]) -> (Vec<f64>, Vec<Entry>) {
    let mut all: Vec<(f64, u8, Entry)> = calendar
        .fractional_years()
        .into_iter()
        .enumerate()
        .map(|(p, x)| (x, 0, Entry::Grid(p)))
        .collect();
    for (j, &x) in extra.iter().enumerate() {
        all.push((x, 1, Entry::Dot(j)));
        all.push((x, 2, Entry::Low(j)));
        all.push((x, 3, Entry::High(j)));
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    (
        all.iter().map(|e| e.0).collect(),
        all.iter().map(|e| e.2).collect(),
    )
}

/// A quantity known at grid points, at every x entry (interpolated linearly in between).
fn at_entries(x: &[f64], grid_x: &[f64], values: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|&t| {
            let i = grid_x.partition_point(|&g| g <= t);
            match i {
                0 => values[0],
                i if i >= grid_x.len() => values[grid_x.len() - 1],
                i => {
                    let (a, b) = (grid_x[i - 1], grid_x[i]);
                    let f = if b > a { (t - a) / (b - a) } else { 0.0 };
                    values[i - 1] + (values[i] - values[i - 1]) * f
                }
            }
        })
        .collect()
}

/// A banded series (median, 50 % and 90 % bands) from quantiles at grid points.
fn banded(label: &str, color: Rgb, x: &[f64], grid_x: &[f64], q: &[Quantiles]) -> Series {
    let get = |f: fn(&Quantiles) -> f64| {
        let v: Vec<f64> = q.iter().map(f).collect();
        at_entries(x, grid_x, &v)
    };
    Series {
        label: label.to_string(),
        color,
        style: LineStyle::Solid,
        values: get(|q| q.p50),
        bands: vec![
            Band {
                low: get(|q| q.p05),
                high: get(|q| q.p95),
                opacity: 0.15,
                label: BAND90_LABEL.into(),
            },
            Band {
                low: get(|q| q.p25),
                high: get(|q| q.p75),
                opacity: 0.3,
                label: BAND50_LABEL.into(),
            },
        ],
    }
}

/// Dots at the extra entries and vertical bars from `low` to `high`.
fn dots(label: &str, color: Rgb, kinds: &[Entry], pts: &[(f64, f64, f64)]) -> [Series; 2] {
    let pick = |f: &dyn Fn(Entry) -> Option<f64>| -> Vec<f64> {
        kinds.iter().map(|&e| f(e).unwrap_or(f64::NAN)).collect()
    };
    [
        Series {
            label: label.to_string(),
            color,
            style: LineStyle::Solid,
            values: pick(&|e| match e {
                Entry::Dot(j) => Some(pts[j].0),
                _ => None,
            }),
            bands: Vec::new(),
        },
        Series {
            label: String::new(),
            color,
            style: LineStyle::Solid,
            values: pick(&|e| match e {
                Entry::Low(j) => Some(pts[j].1),
                Entry::High(j) => Some(pts[j].2),
                _ => None,
            }),
            bands: Vec::new(),
        },
    ]
}

fn test_marker(test_from: Date) -> Marker {
    Marker {
        x: test_from.fractional_year(),
        label: "test period from here".into(),
        detail: format!("out-of-sample (test) period from {test_from}"),
        color: Rgb(90, 90, 90),
        style: LineStyle::Dashed,
    }
}

/// The colour of a rule's output: its power's, or grey for autonomy.
pub fn output_color(world: &World, rule: &Rule) -> Rgb {
    match rule.output {
        Output::Metric(m) => {
            let [r, g, b] = world.powers[m.power].color;
            Rgb(r, g, b)
        }
        Output::Autonomy { .. } => AUTONOMY_COLOR,
    }
}

/// A measured series against the model's band (in the series' unit; for a changes-only link,
/// the model's change since the first measured value, added to it).
pub fn series_figure(
    world: &World,
    calendar: &Calendar,
    rule: &Rule,
    path: &[Quantiles],
    test_from: Date,
    caption: &str,
) -> Figure {
    let extra: Vec<f64> = rule.points.iter().map(|p| p.at.fractional_year()).collect();
    let (x, kinds) = entries(calendar, &extra);
    let grid_x = calendar.fractional_years();
    let pts: Vec<(f64, f64, f64)> = rule
        .points
        .iter()
        .map(|p| (p.value, p.value - p.sigma, p.value + p.sigma))
        .collect();
    let model = banded("model", output_color(world, rule), &x, &grid_x, path);
    let [measured, bars] = dots(
        "measured (bar: one standard error)",
        MEASURED_COLOR,
        &kinds,
        &pts,
    );
    let how = if rule.link.changes_only() {
        "changes since the first measured value"
    } else {
        "levels"
    };
    Figure {
        title: format!("{}: measured and replayed ({how})", rule.series),
        caption: caption.to_string(),
        x,
        y_label: rule.unit.clone(),
        y_range: None,
        shared_y: true,
        zero_line: false,
        panels: vec![Panel {
            title: format!(
                "{} ({} of {})",
                rule.quantity,
                rule.link.name(),
                rule.output_name
            ),
            series: vec![model, measured, bars],
            ..Panel::default()
        }],
        events: vec![test_marker(test_from)],
        line_label: MEDIAN_LABEL.into(),
        x_label: None,
    }
}

/// The scorecard: every forecast's error in standard errors (model, no change, trend) and the
/// cumulative squared errors, in date order, with the start of the test period marked.
pub fn scorecard_figure(
    cases: &[CaseResult],
    test_from: Date,
    title: &str,
    caption: &str,
) -> Figure {
    let columns = ErrorColumns::of(cases);
    Figure {
        title: title.to_string(),
        caption: caption.to_string(),
        x: columns.x,
        y_label: "standard errors".into(),
        y_range: None,
        shared_y: false,
        zero_line: false,
        panels: vec![
            Panel {
                title: "Absolute error of each forecast".into(),
                series: forecaster_series(&columns.errors),
                ..Panel::default()
            },
            Panel {
                title: "Cumulative squared error (forecasts with a previous value)".into(),
                series: forecaster_series(&columns.cumulative),
                ..Panel::default()
            },
        ],
        events: vec![test_marker(test_from)],
        line_label: String::new(),
        x_label: None,
    }
}

/// The scorecard's x entries and, per forecaster (model, no change, trend), each forecast's
/// absolute error and the running sum of squared errors.
struct ErrorColumns {
    /// Three entries per forecast (one slot per forecaster), in date order.
    x: Vec<f64>,
    /// Absolute errors in standard errors: each forecaster's only in its own slot, NaN elsewhere
    /// (so each is drawn as an isolated dot).
    errors: [Vec<f64>; 3],
    /// Cumulative squared errors, at every entry.
    cumulative: [Vec<f64>; 3],
}

impl ErrorColumns {
    /// The columns of every case in date order; cases on the same date are spread a little
    /// apart so that they do not overlap.
    fn of(cases: &[CaseResult]) -> ErrorColumns {
        let mut order: Vec<&CaseResult> = cases.iter().collect();
        order.sort_by_key(|c| c.comparison.at);
        let mut columns = ErrorColumns {
            x: Vec::new(),
            errors: Default::default(),
            cumulative: Default::default(),
        };
        let mut sums = [0.0; 3];
        let mut last: Option<(Date, usize)> = None;
        for c in order {
            let rank = match last {
                Some((d, r)) if d == c.comparison.at => r + 1,
                _ => 0,
            };
            last = Some((c.comparison.at, rank));
            let t = c.comparison.at.fractional_year() + rank as f64 * 0.03;
            let case = &c.case;
            let z = |v: Option<f64>| v.map(|v| ((v - case.observed) / case.sigma).abs());
            let forecasts = [z(Some(case.predicted)), z(case.previous), z(case.trend)];
            // Model and no change over the cases with a previous value, trend where it exists.
            if case.previous.is_some() {
                for (i, f) in forecasts.iter().enumerate() {
                    if let Some(f) = f {
                        sums[i] += f * f;
                    }
                }
            }
            columns.push(t, &forecasts, &sums);
        }
        columns
    }

    /// One forecast's three entries: in slot `i`, forecaster `i`'s error.
    fn push(&mut self, t: f64, forecasts: &[Option<f64>; 3], sums: &[f64; 3]) {
        for slot in 0..3 {
            self.x.push(t + slot as f64 * 0.01);
            for (i, f) in forecasts.iter().enumerate() {
                self.errors[i].push(if i == slot {
                    f.unwrap_or(f64::NAN)
                } else {
                    f64::NAN
                });
                self.cumulative[i].push(sums[i]);
            }
        }
    }
}

/// One series per forecaster (model, no change, trend), in its colour and line style.
fn forecaster_series(values: &[Vec<f64>; 3]) -> Vec<Series> {
    let styles = [
        ("model", MODEL_COLOR, LineStyle::Solid),
        (
            "no change from the last measured value",
            NO_CHANGE_COLOR,
            LineStyle::Dashed,
        ),
        (
            "linear trend of the earlier values",
            TREND_COLOR,
            LineStyle::Dotted,
        ),
    ];
    styles
        .iter()
        .zip(values)
        .map(|(&(label, color, style), v)| Series {
            label: label.into(),
            color,
            style,
            values: v.clone(),
            bands: Vec::new(),
        })
        .collect()
}

/// Every cell's replay (median and bands, in its power's colour) with the world file's value
/// and range on its date, one panel per state and domain.
pub fn landing_figure(
    world: &World,
    calendar: &Calendar,
    landing: &Landing,
    cell_paths: &[Vec<Quantiles>],
    title: &str,
    caption: &str,
) -> Figure {
    let np = world.powers.len();
    let t = landing.date.fractional_year();
    let extra: Vec<f64> = (0..np).map(|p| t + 0.12 * (p + 1) as f64).collect();
    let (x, kinds) = entries(calendar, &extra);
    let grid_x = calendar.fractional_years();
    let mut panels = Vec::new();
    for (s, state) in world.states.iter().enumerate() {
        for (d, domain) in world.domains.iter().enumerate() {
            let mut series = Vec::new();
            let mut targets = Vec::new();
            for (p, power) in world.powers.iter().enumerate() {
                let cell = (s * world.domains.len() + d) * np + p;
                let [r, g, b] = power.color;
                let mut line = banded(&power.label, Rgb(r, g, b), &x, &grid_x, &cell_paths[cell]);
                line.bands.retain(|b| b.label == BAND90_LABEL);
                for (v, k) in line.values.iter_mut().zip(&kinds) {
                    if !matches!(k, Entry::Grid(_)) {
                        *v = f64::NAN;
                    }
                }
                series.push(line);
                let c = &landing.cells[cell];
                let mut pts = vec![(f64::NAN, f64::NAN, f64::NAN); np];
                pts[p] = (c.target, c.target_low, c.target_high);
                targets.extend(dots(
                    &format!(
                        "{}: world file on {} (bar: its range)",
                        power.label, landing.date
                    ),
                    Rgb(r, g, b),
                    &kinds,
                    &pts,
                ));
            }
            series.extend(targets);
            panels.push(Panel {
                title: format!("{}, {}", state.label, domain.label.to_lowercase()),
                series,
                ..Panel::default()
            });
        }
    }
    Figure {
        title: title.to_string(),
        caption: caption.to_string(),
        x,
        y_label: INFLUENCE_LABEL.into(),
        y_range: Some((0.0, 0.8)),
        shared_y: true,
        zero_line: false,
        panels,
        events: Vec::new(),
        line_label: MEDIAN_LABEL.into(),
        x_label: None,
    }
}
