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

/// The figures exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Figures;

impl Exporter for Figures {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        let figures = match results {
            Results::Single(r) => single(r),
            Results::Ensemble(r) => ensemble(r),
            Results::Comparison(r) => comparison(r),
            Results::Outcomes(_) => Vec::new(),
        };
        for (stem, fig) in figures {
            sink.figure(&stem, &fig)?;
        }
        Ok(())
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
    let line_of = |m: &Metric| Line {
        center: r.metric_series(m).to_vec(),
        band50: None,
        band90: None,
    };
    let driver_line = |k: usize| Line {
        center: (0..t.points).map(|p| t.drivers[p * nk + k]).collect(),
        band50: None,
        band90: None,
    };
    figures::run_figures(
        world,
        cal,
        &r.loaded.scenario.title,
        &r.provenance.caption(),
        &line_of,
        &driver_line,
    )
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
    figures::run_figures(
        world,
        cal,
        &r.loaded.scenario.title,
        &caption,
        &line_of,
        &driver_line,
    )
}

/// The caption of comparison figures: every file with its hash, seed, members, version.
fn comparison_caption(r: &ComparisonRun) -> String {
    format!(
        "{} | seed {}, {} members, common random numbers | steppe {} | median with 50 % band",
        r.scenarios
            .iter()
            .map(|l| format!("{} ({})", l.files[0].path, &l.files[0].sha256[..8]))
            .collect::<Vec<_>>()
            .join(", "),
        r.seed,
        r.stats.scenarios[r.baseline].members(),
        VERSION
    )
}

fn comparison(r: &ComparisonRun) -> Vec<(String, Figure)> {
    let world = &r.scenarios[0].world;
    let cal = &r.scenarios[0].scenario.calendar;
    let n = r.layout.points;
    let titles: Vec<String> = r
        .scenarios
        .iter()
        .map(|l| l.scenario.title.clone())
        .collect();
    let caption = comparison_caption(r);
    let overlay = |k: usize, m: &Metric| {
        fan_line(
            &r.stats.scenarios[k].influence,
            r.layout.metric_index(m) * n,
            n,
        )
    };
    let difference = |k: usize, m: &Metric| match &r.stats.differences[k] {
        Some(d) => fan_line(&d.stats, r.layout.metric_index(m) * n, n),
        None => Line {
            center: vec![0.0; n],
            band50: None,
            band90: None,
        },
    };
    let region = |power: usize, domain: Option<usize>| Metric {
        power,
        scope: Scope::Region,
        domain,
    };
    let by_power = |domain: Option<usize>| -> Vec<(String, Metric)> {
        (0..world.powers.len())
            .map(|p| (world.powers[p].label.clone(), region(p, domain)))
            .collect()
    };
    let mut out = Vec::new();
    for d in std::iter::once(None).chain((0..world.domains.len()).map(Some)) {
        let (suffix, what) = match d {
            None => (String::new(), "all domains".to_string()),
            Some(d) => (
                format!("-{}", world.domains[d].id),
                world.domains[d].label.to_lowercase(),
            ),
        };
        let panels = by_power(d);
        out.push((
            format!("overlay{suffix}"),
            figures::comparison_figure(
                cal,
                format!("Regional influence, {what}, by scenario"),
                &caption,
                figures::comparison_panels(&panels, &titles, r.baseline, &overlay),
                false,
            ),
        ));
        out.push((
            format!("difference{suffix}"),
            figures::comparison_figure(
                cal,
                format!(
                    "Difference from the baseline, regional influence, {what} (paired members)"
                ),
                &caption,
                figures::comparison_panels(&panels, &titles, r.baseline, &difference),
                true,
            ),
        ));
    }
    for (p, power) in world.powers.iter().enumerate() {
        let panels: Vec<(String, Metric)> = (0..world.states.len())
            .map(|s| {
                let m = Metric {
                    power: p,
                    scope: Scope::State(s),
                    domain: None,
                };
                (world.states[s].label.clone(), m)
            })
            .collect();
        out.push((
            format!("overlay-states-{}", power.id),
            figures::comparison_figure(
                cal,
                format!(
                    "{}'s influence by state, all domains, by scenario",
                    power.label
                ),
                &caption,
                figures::comparison_panels(&panels, &titles, r.baseline, &overlay),
                false,
            ),
        ));
    }
    out
}
