//! Figures of a run or an ensemble, built as plot descriptions (no drawing, no files here).
//!
//! Conventions that hold in every figure: a power is always drawn in the colour the world file
//! gives it; scenarios in comparisons get styles that avoid those colours
//! ([`scenario_styles`]); every time plot marks the scenario's events; bands say in the legend
//! which share of members they hold.

pub mod calibration;
mod comparison;
mod drivers;
pub mod history;
pub mod sweep;

pub use comparison::{
    BASELINE_STYLE, ComparisonKind, ScenarioSet, ScenarioStyle, comparison_figure,
    comparison_markers, comparison_panels, scenario_palette, scenario_styles,
};
pub use drivers::{driver_figure, driver_range, unit_label};

use crate::calendar::Calendar;
use crate::metric::{Metric, Scope};
use crate::plot::{Band, Figure, LineStyle, Marker, Panel, Rgb, Series};
use crate::scenario::Event;
use crate::world::World;

/// Label of influence axes.
pub const INFLUENCE_LABEL: &str = "Influence share (0-1)";
/// Legend label of the states' own autonomy on the regional figure.
pub const AUTONOMY_LABEL: &str = "own autonomy (remainder)";
/// Colour of the autonomy line: a neutral grey, unlike any power.
pub const AUTONOMY_COLOR: Rgb = Rgb(100, 100, 100);
/// Legend entry of the central line of ensemble figures.
pub const MEDIAN_LABEL: &str = "median";
/// Legend entry of the 25-75 % band.
pub const BAND50_LABEL: &str = "50 % of members (25-75 %)";
/// Legend entry of the 5-95 % band.
pub const BAND90_LABEL: &str = "90 % of members (5-95 %)";
/// Colour of event markers of a single scenario.
pub const EVENT_COLOR: Rgb = Rgb(90, 90, 90);
/// Event labels longer than this many characters are cut at a word boundary.
pub const EVENT_LABEL_CHARS: usize = 36;

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
    /// A line without bands (a single run).
    pub fn single(center: Vec<f64>) -> Line {
        Line {
            center,
            band90: None,
            band50: None,
        }
    }

    /// The shaded bands of the line, widest first, labelled for the legend.
    pub fn bands(&self) -> Vec<Band> {
        [
            (&self.band90, 0.15, BAND90_LABEL),
            (&self.band50, 0.3, BAND50_LABEL),
        ]
        .into_iter()
        .filter_map(|(band, opacity, label)| {
            band.as_ref().map(|(low, high)| Band {
                low: low.clone(),
                high: high.clone(),
                opacity,
                label: label.to_string(),
            })
        })
        .collect()
    }

    /// Whether the line has a band (it summarises an ensemble).
    pub fn has_bands(&self) -> bool {
        self.band50.is_some() || self.band90.is_some()
    }
}

/// Gives the line of a metric.
pub type LineOf<'a> = dyn Fn(&Metric) -> Line + 'a;

/// What every figure of one scenario shares: the world, the time axis, the scenario's title and
/// events, and the provenance caption.
#[derive(Debug, Clone, Copy)]
pub struct FigureContext<'a> {
    /// The world (powers, their colours, drivers ...).
    pub world: &'a World,
    /// The scenario's calendar: x values of every figure.
    pub calendar: &'a Calendar,
    /// The scenario's title, used in figure titles.
    pub title: &'a str,
    /// The provenance caption at the foot of every figure.
    pub caption: &'a str,
    /// The scenario's events, marked on every figure.
    pub events: &'a [Event],
}

/// A short label of an event: its note, else the path of the parameter it moves, cut to at most
/// [`EVENT_LABEL_CHARS`] characters at a word boundary (with "…").
pub fn event_label(world: &World, event: &Event) -> String {
    shorten(&event_text(world, event), EVENT_LABEL_CHARS)
}

/// The event's full note, or the path of its target parameter when it has none.
fn event_text(world: &World, event: &Event) -> String {
    let note = event.note.trim();
    if !note.is_empty() {
        return note.to_string();
    }
    if event.target.ix() < world.params.len() {
        world.params.get(event.target).path.clone()
    } else {
        "event".to_string()
    }
}

/// `text` cut to at most `max` characters, at the last space if there is one, ending in "…".
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max.saturating_sub(1)).collect();
    let whole_words = text.chars().nth(max.saturating_sub(1)) == Some(' ');
    let cut = match head.rfind(' ') {
        _ if whole_words => &head,
        Some(i) if i > max / 2 => &head[..i],
        _ => &head,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', ';', ':']))
}

/// Markers for `events` drawn in `color` and `style`; `scenario` (a title) prefixes the text of
/// the footer key, for comparisons. Events that replay a driver's history are not marked (there
/// is one at every step where a driver moves; the driver figure shows them).
pub fn event_markers(
    world: &World,
    events: &[Event],
    color: Rgb,
    style: LineStyle,
    scenario: Option<&str>,
) -> Vec<Marker> {
    events
        .iter()
        .filter(|e| !e.history)
        .map(|e| {
            let text = event_text(world, e);
            Marker {
                x: e.date.fractional_year(),
                label: event_label(world, e),
                detail: match scenario {
                    Some(s) => format!("{s}: {text}"),
                    None => text,
                },
                color,
                style,
            }
        })
        .collect()
}

/// The markers of a single scenario's events: thin dashed grey lines.
fn scenario_markers(ctx: &FigureContext) -> Vec<Marker> {
    event_markers(ctx.world, ctx.events, EVENT_COLOR, LineStyle::Dashed, None)
}

/// The states' own autonomy in the region for a single run: 1 minus the sum of every power's
/// regional overall influence. The regional aggregation is linear in the cells, so this is
/// exactly the weighted autonomy of the states. Only for single runs: quantiles of members do
/// not add up, so for an ensemble the autonomy must be tracked member by member.
pub fn autonomy_line(world: &World, line_of: &LineOf) -> Line {
    let mut center: Vec<f64> = Vec::new();
    for power in 0..world.powers.len() {
        let m = Metric {
            power,
            scope: Scope::Region,
            domain: None,
        };
        let line = line_of(&m);
        if center.is_empty() {
            center = vec![1.0; line.center.len()];
        }
        for (c, v) in center.iter_mut().zip(&line.center) {
            *c -= v;
        }
    }
    Line::single(center)
}

fn power_series(world: &World, power: usize, line: Line) -> Series {
    let [r, g, b] = world.powers[power].color;
    let bands = line.bands();
    Series {
        label: world.powers[power].label.clone(),
        color: Rgb(r, g, b),
        style: LineStyle::Solid,
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
            power_series(world, power, line_of(&m))
        })
        .collect();
    Panel {
        title,
        series,
        ..Panel::default()
    }
}

/// A y range from 0 to a round number above every value and band edge.
pub(crate) fn share_range(panels: &[Panel]) -> (f64, f64) {
    let max = panels
        .iter()
        .flat_map(|p| &p.series)
        .flat_map(|s| s.values.iter().chain(s.bands.iter().flat_map(|b| &b.high)))
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    (0.0, ((max + 0.02) * 10.0).ceil().clamp(1.0, 10.0) / 10.0)
}

/// "median" when some series has bands (an ensemble), else nothing.
pub(crate) fn line_label(panels: &[Panel]) -> String {
    let banded = panels
        .iter()
        .flat_map(|p| &p.series)
        .any(|s| !s.bands.is_empty());
    if banded {
        MEDIAN_LABEL.to_string()
    } else {
        String::new()
    }
}

fn figure(ctx: &FigureContext, title: String, panels: Vec<Panel>) -> Figure {
    Figure {
        title,
        caption: ctx.caption.to_string(),
        x: ctx.calendar.fractional_years(),
        y_label: INFLUENCE_LABEL.to_string(),
        y_range: Some(share_range(&panels)),
        shared_y: true,
        zero_line: false,
        line_label: line_label(&panels),
        panels,
        events: scenario_markers(ctx),
        x_label: None,
    }
}

/// The regional figure: every power's salience- and weight-averaged influence and, when given,
/// the states' own autonomy (`autonomy`, e.g. from [`autonomy_line`] for a single run) as a grey
/// dash-dotted line labelled [`AUTONOMY_LABEL`]. Ensembles pass `None` until autonomy statistics
/// are tracked member by member (quantiles of shares do not add up).
pub fn regional_figure(ctx: &FigureContext, line_of: &LineOf, autonomy: Option<Line>) -> Figure {
    let world = ctx.world;
    let mut p = panel(
        world,
        format!("{} (states weighted)", world.name),
        Scope::Region,
        None,
        line_of,
    );
    if let Some(line) = autonomy {
        let bands = line.bands();
        p.series.push(Series {
            label: AUTONOMY_LABEL.to_string(),
            color: AUTONOMY_COLOR,
            style: LineStyle::DashDot,
            values: line.center,
            bands,
        });
    }
    figure(
        ctx,
        format!("Regional influence, all domains: {}", ctx.title),
        vec![p],
    )
}

/// The standard figures of a run: `(file stem, figure)` for regional influence (with the
/// autonomy line when given, see [`regional_figure`]), one panel per state, one panel per
/// domain.
pub fn influence_figures(
    ctx: &FigureContext,
    line_of: &LineOf,
    autonomy: Option<Line>,
) -> Vec<(String, Figure)> {
    let world = ctx.world;
    let states = figure(
        ctx,
        format!("Influence by state, all domains: {}", ctx.title),
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
        ctx,
        format!("Regional influence by domain: {}", ctx.title),
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
        ("regional".into(), regional_figure(ctx, line_of, autonomy)),
        ("states".into(), states),
        ("domains".into(), domains),
    ]
}

/// Every figure of a run or an ensemble: the influence figures and, when the world has drivers,
/// the drivers. `autonomy` goes to the regional figure ([`regional_figure`]).
pub fn run_figures(
    ctx: &FigureContext,
    line_of: &LineOf,
    driver_line: &dyn Fn(usize) -> Line,
    autonomy: Option<Line>,
) -> Vec<(String, Figure)> {
    let mut out = influence_figures(ctx, line_of, autonomy);
    if !ctx.world.drivers.is_empty() {
        out.push(("drivers".into(), driver_figure(ctx, driver_line)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn labels_are_cut_at_words() {
        assert_eq!(shorten("Sanctions lifted", 30), "Sanctions lifted");
        assert_eq!(shorten("Ceasefire and a frozen front line", 36).len(), 33);
        assert_eq!(
            shorten("Militant activity grows in northern Afghanistan", 30),
            "Militant activity grows in…"
        );
        assert_eq!(
            shorten("Militant activity grows in northern Afghanistan", 36),
            "Militant activity grows in northern…"
        );
        assert_eq!(
            shorten("abcdefghijklmnopqrstuvwxyz0123456789", 10),
            "abcdefghi…"
        );
    }
}
