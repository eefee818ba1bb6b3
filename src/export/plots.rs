//! Figures: influence over time by region, state and domain, the drivers, and for comparisons
//! overlays and differences from the baseline. The figures are described by [`crate::figures`]
//! and rendered (PNG and SVG) by the sink.

use super::{ExportError, Exporter, Sink};
use crate::ensemble::stats::SeriesStats;
use crate::figures::{self, Line};
use crate::metric::{Metric, Scope};
use crate::plot::Figure;
use crate::provenance::VERSION;
use crate::simulate::{ComparisonRun, EnsembleRun, Results, SingleRun};
use crate::world::World;

/// The figures exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures;

impl Exporter for Figures {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        sink.figures(&figures_of(results))
    }
}

/// Every figure of a result as `(file stem, figure)`, in the order they are written (the HTML
/// report shows the same figures).
pub fn figures_of(results: &Results) -> Vec<(String, Figure)> {
    match results {
        Results::Single(r) => single(r),
        Results::Ensemble(r) => ensemble(r),
        Results::Comparison(r) => comparison(r),
        Results::Outcomes(_) | Results::Experiment(_) => Vec::new(),
    }
}

/// The fan-chart line of series `first..first + points` of some statistics: the median with
/// its 50 % and 90 % bands.
pub fn fan_line(stats: &SeriesStats, first: usize, points: usize) -> Line {
    let q = |p: f64| {
        (first..first + points)
            .map(|i| stats.quantile(i, p))
            .collect::<Vec<_>>()
    };
    Line {
        center: q(0.5),
        band50: Some((q(0.25), q(0.75))),
        band90: Some((q(0.05), q(0.95))),
    }
}

fn single(r: &SingleRun) -> Vec<(String, Figure)> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let t = &r.trajectory;
    let nk = world.drivers.len();
    let line_of = |m: &Metric| Line::single(r.metric_series(m).to_vec());
    let driver_line =
        |k: usize| Line::single((0..t.points).map(|p| t.drivers[p * nk + k]).collect());
    let caption = r.provenance.caption();
    let ctx = figures::FigureContext {
        world,
        calendar: cal,
        title: &r.loaded.scenario.title,
        caption: &caption,
        events: &r.loaded.scenario.events,
    };
    let autonomy = figures::autonomy_line(world, &line_of);
    figures::run_figures(&ctx, &line_of, &driver_line, Some(autonomy))
}

fn ensemble(r: &EnsembleRun) -> Vec<(String, Figure)> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let (layout, agg) = (&r.layout, &r.aggregate);
    let n = layout.points;
    let caption = format!(
        "{} | median with 50 % and 90 % bands",
        r.provenance.caption()
    );
    let line_of = |m: &Metric| fan_line(&agg.influence, layout.metric_index(m) * n, n);
    let driver_line = |k: usize| fan_line(&agg.drivers, k * n, n);
    let ctx = figures::FigureContext {
        world,
        calendar: cal,
        title: &r.loaded.scenario.title,
        caption: &caption,
        events: &r.loaded.scenario.events,
    };
    // Autonomy is not tracked per member yet, and quantiles of shares do not add up.
    figures::run_figures(&ctx, &line_of, &driver_line, None)
}

/// The caption of comparison figures: every file with its hash, seed, members, version.
fn comparison_caption(r: &ComparisonRun) -> String {
    format!(
        "{} | seed {}, {}, common random numbers | steppe {}",
        r.scenarios
            .iter()
            .map(|l| format!("{} ({})", l.files[0].path, &l.files[0].sha256[..8]))
            .collect::<Vec<_>>()
            .join(", "),
        r.seed,
        crate::diag::counted(r.stats.scenarios[r.baseline].members(), "member", "members"),
        VERSION
    )
}

/// The scenario lines of a comparison: each scenario's fan, or its paired difference from the
/// baseline.
struct Lines<'r, 'a> {
    run: &'r ComparisonRun<'a>,
}

impl Lines<'_, '_> {
    fn overlay(&self, k: usize, m: &Metric) -> Line {
        let (r, n) = (self.run, self.run.layout.points);
        fan_line(
            &r.stats.scenarios[k].influence,
            r.layout.metric_index(m) * n,
            n,
        )
    }

    fn difference(&self, k: usize, m: &Metric) -> Line {
        let (r, n) = (self.run, self.run.layout.points);
        match &r.stats.differences[k] {
            Some(d) => fan_line(&d.stats, r.layout.metric_index(m) * n, n),
            None => Line::single(vec![0.0; n]),
        }
    }
}

fn comparison(r: &ComparisonRun) -> Vec<(String, Figure)> {
    let world = &r.scenarios[0].world;
    let titles: Vec<String> = r
        .scenarios
        .iter()
        .map(|l| l.scenario.title.clone())
        .collect();
    let caption = comparison_caption(r);
    let set = figures::ScenarioSet {
        world,
        calendar: &r.scenarios[0].scenario.calendar,
        caption: &caption,
        titles: &titles,
        baseline: r.baseline,
        events: r
            .scenarios
            .iter()
            .map(|l| l.scenario.events.as_slice())
            .collect(),
    };
    let lines = Lines { run: r };
    let (overlay, difference) = (
        |k: usize, m: &Metric| lines.overlay(k, m),
        |k: usize, m: &Metric| lines.difference(k, m),
    );
    let figure = |title: String,
                  panels: &[(String, Metric)],
                  kind,
                  line: &dyn Fn(usize, &Metric) -> Line| {
        let panels = figures::comparison_panels(&set, panels, kind, line);
        figures::comparison_figure(&set, title, panels, kind)
    };
    let (overlay_kind, difference_kind) = (
        figures::ComparisonKind::Overlay,
        figures::ComparisonKind::Difference,
    );
    let mut out = Vec::new();
    for d in std::iter::once(None).chain((0..world.domains.len()).map(Some)) {
        let (suffix, what) = match d {
            None => (String::new(), "all domains".to_string()),
            Some(d) => (
                format!("-{}", world.domains[d].id),
                world.domains[d].label.to_lowercase(),
            ),
        };
        let panels = power_panels(world, d);
        let title = format!("Regional influence, {what}, by scenario");
        out.push((
            format!("overlay{suffix}"),
            figure(title, &panels, overlay_kind, &overlay),
        ));
        let title =
            format!("Difference from the baseline, regional influence, {what} (paired members)");
        out.push((
            format!("difference{suffix}"),
            figure(title, &panels, difference_kind, &difference),
        ));
    }
    for (p, power) in world.powers.iter().enumerate() {
        let panels = state_panels(world, p);
        let title = format!(
            "{} influence by state, all domains, by scenario",
            crate::diag::possessive(&power.label)
        );
        out.push((
            format!("overlay-states-{}", power.id),
            figure(title, &panels, overlay_kind, &overlay),
        ));
    }
    out
}

/// One panel per power: its regional influence in a domain (`None`: all domains).
fn power_panels(world: &World, domain: Option<usize>) -> Vec<(String, Metric)> {
    let metric = |power| Metric {
        power,
        scope: Scope::Region,
        domain,
    };
    (0..world.powers.len())
        .map(|p| (world.powers[p].label.clone(), metric(p)))
        .collect()
}

/// One panel per state: a power's influence there, all domains.
fn state_panels(world: &World, power: usize) -> Vec<(String, Metric)> {
    let metric = |s| Metric {
        power,
        scope: Scope::State(s),
        domain: None,
    };
    (0..world.states.len())
        .map(|s| (world.states[s].label.clone(), metric(s)))
        .collect()
}
