//! Figures of a run or an ensemble, built as plot descriptions (no drawing, no files here).

use crate::calendar::Calendar;
use crate::metric::{Metric, Scope};
use crate::plot::{Band, Figure, LineStyle, Panel, Rgb, Series};
use crate::world::World;

/// Label of influence axes.
pub const INFLUENCE_LABEL: &str = "Influence share (0-1)";

/// A metric's series with optional uncertainty bands: the line (median or single run) and, for
/// ensembles, the 50 % and 90 % bands as (low, high) pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The central line.
    pub center: Vec<f64>,
    /// (5 %, 95 %) band.
    pub band90: Option<(Vec<f64>, Vec<f64>)>,
    /// (25 %, 75 %) band.
    pub band50: Option<(Vec<f64>, Vec<f64>)>,
}

impl Line {
    /// The shaded bands of the line, widest first.
    pub fn bands(&self) -> Vec<Band> {
        [(&self.band90, 0.15), (&self.band50, 0.3)]
            .into_iter()
            .filter_map(|(band, opacity)| {
                band.as_ref().map(|(low, high)| Band {
                    low: low.clone(),
                    high: high.clone(),
                    opacity,
                })
            })
            .collect()
    }
}

/// Gives the line of a metric.
pub type LineOf<'a> = dyn Fn(&Metric) -> Line + 'a;

fn power_series(
    world: &World,
    power: usize,
    label: String,
    style: LineStyle,
    line: Line,
) -> Series {
    let [r, g, b] = world.powers[power].color;
    let bands = line.bands();
    Series {
        label,
        color: Rgb(r, g, b),
        style,
        values: line.center,
        bands,
    }
}

fn panel(
    world: &World,
    title: String,
    scope: Scope,
    domain: Option<usize>,
    line_of: &LineOf,
) -> Panel {
    let series = (0..world.powers.len())
        .map(|power| {
            let m = Metric {
                power,
                scope,
                domain,
            };
            power_series(
                world,
                power,
                world.powers[power].label.clone(),
                LineStyle::Solid,
                line_of(&m),
            )
        })
        .collect();
    Panel { title, series }
}

/// A y range from 0 to a round number above every value and band edge.
fn share_range(panels: &[Panel]) -> (f64, f64) {
    let max = panels
        .iter()
        .flat_map(|p| &p.series)
        .flat_map(|s| s.values.iter().chain(s.bands.iter().flat_map(|b| &b.high)))
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    (0.0, ((max + 0.02) * 10.0).ceil().clamp(1.0, 10.0) / 10.0)
}

fn figure(calendar: &Calendar, title: String, caption: &str, panels: Vec<Panel>) -> Figure {
    Figure {
        title,
        caption: caption.to_string(),
        x: calendar.fractional_years(),
        y_label: INFLUENCE_LABEL.to_string(),
        y_range: Some(share_range(&panels)),
        shared_y: true,
        zero_line: false,
        panels,
    }
}

/// The standard figures of a run: `(file stem, figure)` for regional influence, one panel per
/// state, one panel per domain.
pub fn influence_figures(
    world: &World,
    calendar: &Calendar,
    scenario_title: &str,
    caption: &str,
    line_of: &LineOf,
) -> Vec<(String, Figure)> {
    let regional = figure(
        calendar,
        format!("Regional influence, all domains: {scenario_title}"),
        caption,
        vec![panel(
            world,
            format!("{} (states weighted)", world.name),
            Scope::Region,
            None,
            line_of,
        )],
    );
    let states = figure(
        calendar,
        format!("Influence by state, all domains: {scenario_title}"),
        caption,
        (0..world.states.len())
            .map(|s| {
                panel(
                    world,
                    world.states[s].label.clone(),
                    Scope::State(s),
                    None,
                    line_of,
                )
            })
            .collect(),
    );
    let domains = figure(
        calendar,
        format!("Regional influence by domain: {scenario_title}"),
        caption,
        (0..world.domains.len())
            .map(|d| {
                panel(
                    world,
                    world.domains[d].label.clone(),
                    Scope::Region,
                    Some(d),
                    line_of,
                )
            })
            .collect(),
    );
    vec![
        ("regional".into(), regional),
        ("states".into(), states),
        ("domains".into(), domains),
    ]
}

/// Every figure of a run or an ensemble: the influence figures and, when the world has drivers,
/// the drivers.
pub fn run_figures(
    world: &World,
    calendar: &Calendar,
    scenario_title: &str,
    caption: &str,
    line_of: &LineOf,
    driver_line: &dyn Fn(usize) -> Line,
) -> Vec<(String, Figure)> {
    let mut out = influence_figures(world, calendar, scenario_title, caption, line_of);
    if !world.drivers.is_empty() {
        out.push((
            "drivers".into(),
            driver_figure(world, calendar, scenario_title, caption, driver_line),
        ));
    }
    out
}

/// A figure of the drivers over time, one panel per driver.
pub fn driver_figure(
    world: &World,
    calendar: &Calendar,
    scenario_title: &str,
    caption: &str,
    driver_line: &dyn Fn(usize) -> Line,
) -> Figure {
    let panels = world
        .drivers
        .iter()
        .enumerate()
        .map(|(k, d)| {
            let line = driver_line(k);
            let bands = line.bands();
            Panel {
                title: match d.unit.split(" (").next().unwrap_or_default() {
                    "" => d.label.clone(),
                    unit => format!("{}, {unit}", d.label),
                },
                series: vec![Series {
                    label: String::new(),
                    color: Rgb(60, 60, 60),
                    style: LineStyle::Solid,
                    values: line.center,
                    bands,
                }],
            }
        })
        .collect();
    Figure {
        title: format!("Drivers: {scenario_title}"),
        caption: caption.to_string(),
        x: calendar.fractional_years(),
        y_label: "Driver value".into(),
        y_range: None,
        shared_y: false,
        zero_line: false,
        panels,
    }
}

/// Colours of scenarios in comparison plots (Okabe-Ito, colour-blind safe); the baseline is
/// drawn dashed in black.
pub const SCENARIO_COLORS: [Rgb; 7] = [
    Rgb(230, 159, 0),
    Rgb(86, 180, 233),
    Rgb(0, 158, 115),
    Rgb(0, 114, 178),
    Rgb(213, 94, 0),
    Rgb(204, 121, 167),
    Rgb(120, 120, 120),
];

/// Colour and style of scenario `k` of a comparison.
pub fn scenario_style(k: usize, baseline: usize) -> (Rgb, LineStyle) {
    if k == baseline {
        (Rgb(0, 0, 0), LineStyle::Dashed)
    } else {
        let i = if k > baseline { k - 1 } else { k };
        (SCENARIO_COLORS[i % SCENARIO_COLORS.len()], LineStyle::Solid)
    }
}

/// One panel per (label, metric-picker) with one line per scenario: `line(k, metric)` gives
/// scenario `k`'s line. Only the 50 % band is drawn, to keep overlays readable.
pub fn comparison_panels(
    panels: &[(String, Metric)],
    titles: &[String],
    baseline: usize,
    line: &dyn Fn(usize, &Metric) -> Line,
) -> Vec<Panel> {
    panels
        .iter()
        .map(|(title, m)| Panel {
            title: title.clone(),
            series: (0..titles.len())
                .map(|k| {
                    let (color, style) = scenario_style(k, baseline);
                    let l = line(k, m);
                    let label = if k == baseline {
                        format!("{} (baseline)", titles[k])
                    } else {
                        titles[k].clone()
                    };
                    Series {
                        label,
                        color,
                        style,
                        values: l.center,
                        bands: l
                            .band50
                            .map(|(low, high)| Band {
                                low,
                                high,
                                opacity: 0.2,
                            })
                            .into_iter()
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

/// A comparison figure: overlay (`zero = false`, shares from 0) or difference (`zero = true`).
pub fn comparison_figure(
    calendar: &Calendar,
    title: String,
    caption: &str,
    panels: Vec<Panel>,
    difference: bool,
) -> Figure {
    Figure {
        title,
        caption: caption.to_string(),
        x: calendar.fractional_years(),
        y_label: if difference {
            "Difference from baseline (share)".into()
        } else {
            INFLUENCE_LABEL.into()
        },
        y_range: if difference {
            None
        } else {
            Some(share_range(&panels))
        },
        shared_y: true,
        zero_line: difference,
        panels,
    }
}
