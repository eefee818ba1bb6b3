//! Comparison figures: one line per scenario in a style of its own, overlays of shares and
//! differences from the baseline with their 50 % and 90 % bands, and every scenario's events.

use super::{BAND50_LABEL, INFLUENCE_LABEL, Line, event_markers, line_label, share_range};
use crate::calendar::Calendar;
use crate::metric::Metric;
use crate::plot::{
    CLOSE_COLOR, Figure, LineStyle, Marker, Panel, QUALITATIVE, Rgb, Series, color_distance,
};
use crate::scenario::Event;
use crate::world::World;

/// How one scenario is drawn in comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScenarioStyle {
    /// Line colour.
    pub color: Rgb,
    /// Dash pattern.
    pub style: LineStyle,
}

/// The baseline: black and dashed, a style no other scenario gets.
pub const BASELINE_STYLE: ScenarioStyle = ScenarioStyle {
    color: Rgb(0, 0, 0),
    style: LineStyle::Dashed,
};

/// Dash patterns of the other scenarios, combined with the colours ([`scenario_styles`]).
const SCENARIO_DASHES: [LineStyle; 4] = [
    LineStyle::Solid,
    LineStyle::DashDot,
    LineStyle::Dotted,
    LineStyle::LongDash,
];

/// Further colour-blind-safe colours (Okabe-Ito, and two greys) used when a world's powers take
/// colours close to most of [`QUALITATIVE`].
const FALLBACK: [Rgb; 9] = [
    Rgb(0, 158, 115),
    Rgb(86, 180, 233),
    Rgb(204, 121, 167),
    Rgb(213, 94, 0),
    Rgb(0, 114, 178),
    Rgb(230, 159, 0),
    Rgb(240, 228, 66),
    Rgb(90, 90, 90),
    Rgb(160, 160, 160),
];

/// Scenario colours for a world whose powers use `avoid`: the colour-blind-safe
/// [`QUALITATIVE`] palette without any colour closer than [`CLOSE_COLOR`] to one of them
/// (falling back on further colours if fewer than four are left). Never empty.
pub fn scenario_palette(avoid: &[Rgb]) -> Vec<Rgb> {
    let far = |c: &Rgb| avoid.iter().all(|&a| color_distance(*c, a) >= CLOSE_COLOR);
    let mut palette: Vec<Rgb> = QUALITATIVE.iter().copied().filter(far).collect();
    for c in FALLBACK.iter().filter(|c| far(c)) {
        if palette.len() >= 4 {
            break;
        }
        if palette
            .iter()
            .all(|&p| color_distance(p, *c) >= CLOSE_COLOR)
        {
            palette.push(*c);
        }
    }
    if palette.is_empty() {
        palette.push(BASELINE_STYLE.color);
    }
    palette
}

/// Styles of `count` scenarios compared with scenario `baseline`: the baseline gets
/// [`BASELINE_STYLE`], the others the colours of [`scenario_palette`] (avoiding the world's
/// power colours, so that a colour always means the same power) in turn, first solid, then
/// dash-dotted, dotted and long-dashed. With the 7 colours of the standard palette, 28
/// scenarios besides the baseline get pairwise distinct styles.
pub fn scenario_styles(world: &World, count: usize, baseline: usize) -> Vec<ScenarioStyle> {
    let avoid: Vec<Rgb> = world
        .powers
        .iter()
        .map(|p| Rgb(p.color[0], p.color[1], p.color[2]))
        .collect();
    let palette = scenario_palette(&avoid);
    let n = palette.len();
    (0..count)
        .map(|k| {
            if k == baseline {
                return BASELINE_STYLE;
            }
            let i = if k > baseline { k - 1 } else { k };
            ScenarioStyle {
                color: palette[i % n],
                style: SCENARIO_DASHES[(i / n) % SCENARIO_DASHES.len()],
            }
        })
        .collect()
}

/// What a comparison figure shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComparisonKind {
    /// Each scenario's shares with their 50 % band (90 % bands of many scenarios would bury
    /// each other).
    Overlay,
    /// Each scenario's paired difference from the baseline with its 50 % and 90 % (5-95 %)
    /// bands, the range the comparison table quotes.
    Difference,
}

/// The scenarios of a comparison as its figures need them.
#[derive(Debug, Clone)]
pub struct ScenarioSet<'a> {
    /// The world (for the power colours to avoid and event targets).
    pub world: &'a World,
    /// The common calendar.
    pub calendar: &'a Calendar,
    /// Provenance caption of every figure.
    pub caption: &'a str,
    /// Title of each scenario.
    pub titles: &'a [String],
    /// Index of the baseline.
    pub baseline: usize,
    /// Each scenario's events, in the order of `titles`.
    pub events: Vec<&'a [Event]>,
}

impl ScenarioSet<'_> {
    /// Each scenario's style ([`scenario_styles`]).
    pub fn styles(&self) -> Vec<ScenarioStyle> {
        scenario_styles(self.world, self.titles.len(), self.baseline)
    }
}

/// One panel per (label, metric) with one line per scenario: `line(k, metric)` gives scenario
/// `k`'s line. Overlays draw each line's 50 % band; differences its 50 % and 90 % bands.
pub fn comparison_panels(
    set: &ScenarioSet,
    panels: &[(String, Metric)],
    kind: ComparisonKind,
    line: &dyn Fn(usize, &Metric) -> Line,
) -> Vec<Panel> {
    let styles = set.styles();
    panels
        .iter()
        .map(|(title, m)| Panel {
            title: title.clone(),
            series: (0..set.titles.len())
                .map(|k| {
                    let l = line(k, m);
                    let label = if k == set.baseline {
                        format!("{} (baseline)", set.titles[k])
                    } else {
                        set.titles[k].clone()
                    };
                    let mut bands = l.bands();
                    match kind {
                        ComparisonKind::Overlay => bands.retain(|b| b.label == BAND50_LABEL),
                        ComparisonKind::Difference => {}
                    }
                    // Many scenarios share a panel: lighter fills than single-scenario fans.
                    for b in &mut bands {
                        b.opacity *= 0.6;
                    }
                    Series {
                        label,
                        color: styles[k].color,
                        style: styles[k].style,
                        values: l.center,
                        bands,
                    }
                })
                .collect(),
            ..Panel::default()
        })
        .collect()
}

/// Markers of the events of every scenario in its style. Events the baseline has too (inherited
/// through `extends`) are marked once, in the baseline's style.
pub fn comparison_markers(set: &ScenarioSet) -> Vec<Marker> {
    let styles = set.styles();
    let base: &[Event] = set.events.get(set.baseline).copied().unwrap_or_default();
    let mut out = Vec::new();
    for (k, events) in set.events.iter().enumerate() {
        let own: Vec<Event> = if k == set.baseline {
            events.to_vec()
        } else {
            events
                .iter()
                .filter(|e| !base.contains(e))
                .cloned()
                .collect()
        };
        let Some(style) = styles.get(k) else { continue };
        let title = set.titles.get(k).map(String::as_str);
        out.extend(event_markers(
            set.world,
            &own,
            style.color,
            style.style,
            title,
        ));
    }
    out
}

/// A comparison figure of `panels` (from [`comparison_panels`]): shares from 0 (overlay) or
/// differences around a zero line, with every scenario's events marked.
pub fn comparison_figure(
    set: &ScenarioSet,
    title: String,
    panels: Vec<Panel>,
    kind: ComparisonKind,
) -> Figure {
    let difference = kind == ComparisonKind::Difference;
    Figure {
        title,
        caption: set.caption.to_string(),
        x: set.calendar.fractional_years(),
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
        line_label: line_label(&panels),
        panels,
        events: comparison_markers(set),
        x_label: None,
    }
}
