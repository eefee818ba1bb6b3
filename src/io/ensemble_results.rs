//! The results of an ensemble on disk: quantiles in tidy CSV, `summary.json` and fan charts.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::ensemble::aggregate::{Aggregate, Layout};
use crate::ensemble::stats::SeriesStats;
use crate::figures::{self, Line};
use crate::io::load::Loaded;
use crate::io::output::{Csv, Staging, write_error};
use crate::io::results::provenance;
use crate::metric::{Metric, Scope};
use crate::summary::{EnsembleCrossover, EnsembleMetric, EnsembleSummary, Quantiles, RunInfo};

/// Column names for mean and quantiles.
pub const STAT_COLUMNS: [&str; 6] = ["mean", "p05", "p25", "p50", "p75", "p95"];

/// The fan-chart line of series `first..first + points` of some statistics.
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

/// Summarises one scenario's ensemble.
pub fn ensemble_summary(
    loaded: &Loaded,
    layout: &Layout,
    agg: &Aggregate,
    seed: u64,
) -> EnsembleSummary {
    let world = &loaded.world;
    let cal = &loaded.scenario.calendar;
    let n = layout.points;
    let metrics = layout
        .metrics
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let median: Vec<f64> = (0..n)
                .map(|t| agg.influence.quantile(i * n + t, 0.5))
                .collect();
            let (at, peak) =
                median
                    .iter()
                    .copied()
                    .enumerate()
                    .fold(
                        (0, f64::NEG_INFINITY),
                        |b, (t, v)| if v > b.1 { (t, v) } else { b },
                    );
            EnsembleMetric {
                metric: m.name(world),
                initial: Quantiles::of(&agg.influence, i * n),
                last: Quantiles::of(&agg.influence, i * n + n - 1),
                median_peak: peak,
                median_peak_date: cal.date(at),
            }
        })
        .collect();
    let members = agg.members();
    let mut crossovers = Vec::new();
    for (k, &(a, b)) in layout.pairs.iter().enumerate() {
        let counts = &agg.first_overtake[k * (n + 1)..(k + 1) * (n + 1)];
        let happened: u64 = counts[..n].iter().sum();
        if happened == 0 {
            continue;
        }
        let mut seen = 0;
        let half = happened.div_ceil(2);
        let median_point = counts[..n]
            .iter()
            .position(|&c| {
                seen += c;
                seen >= half
            })
            .unwrap_or(n - 1);
        let (ma, mb) = (&layout.metrics[a], &layout.metrics[b]);
        crossovers.push(EnsembleCrossover {
            scope: ma.scope_id(world).to_string(),
            domain: ma.domain_id(world).to_string(),
            power: world.powers[ma.power].id.clone(),
            overtakes: world.powers[mb.power].id.clone(),
            share: happened as f64 / members as f64,
            median_date: cal.date(median_point),
        });
    }
    crossovers.sort_by(|x, y| {
        (&x.scope, &x.domain, &x.power, &x.overtakes).cmp(&(
            &y.scope,
            &y.domain,
            &y.power,
            &y.overtakes,
        ))
    });
    EnsembleSummary {
        provenance: provenance(loaded, seed, Some(members)),
        run: RunInfo::from(cal),
        quantile_resolution: agg.influence.resolution(0),
        metrics,
        crossovers,
    }
}

fn stat_row(stats: &SeriesStats, i: usize) -> [f64; 6] {
    Quantiles::of(stats, i).fields()
}

/// Writes an ensemble's results to `root/<scenario name>/`, atomically. `members` holds kept
/// member trajectories (`--keep-members`): `(member, [point * cells + cell])`.
pub fn write_ensemble(
    root: &Path,
    loaded: &Loaded,
    layout: &Layout,
    agg: &Aggregate,
    summary: &EnsembleSummary,
    members: Option<&[(u64, Vec<f64>)]>,
) -> Result<PathBuf, Diagnostic> {
    let world = &loaded.world;
    let cal = &loaded.scenario.calendar;
    let n = layout.points;
    let staging = Staging::new(root, &loaded.scenario.name)?;
    let header = |first: &[&'static str]| {
        let mut cols: Vec<&str> = first.to_vec();
        cols.extend(STAT_COLUMNS);
        cols
    };

    let mut csv = Csv::new(&header(&["date", "step", "power", "state", "domain"]));
    for t in 0..n {
        for (s, state) in world.states.iter().enumerate() {
            for (d, domain) in world.domains.iter().enumerate() {
                for (p, power) in world.powers.iter().enumerate() {
                    let m = Metric {
                        power: p,
                        scope: Scope::State(s),
                        domain: Some(d),
                    };
                    let i = layout.metric_index(&m).unwrap_or(0);
                    let r = stat_row(&agg.influence, i * n + t);
                    csv.row_with(&[&cal.date(t), &t, &power.id, &state.id, &domain.id], &r);
                }
            }
        }
    }
    staging.write("timeseries.csv", &csv.finish())?;

    let mut csv = Csv::new(&header(&["date", "step", "power", "scope", "domain"]));
    for t in 0..n {
        for (i, m) in layout.metrics.iter().enumerate() {
            let domain = m.domain_id(world);
            let r = stat_row(&agg.influence, i * n + t);
            csv.row_with(
                &[
                    &cal.date(t),
                    &t,
                    &world.powers[m.power].id,
                    &m.scope_id(world),
                    &domain,
                ],
                &r,
            );
        }
    }
    staging.write("aggregates.csv", &csv.finish())?;

    let mut csv = Csv::new(&header(&["date", "step", "driver", "unit"]));
    for t in 0..n {
        for (k, d) in world.drivers.iter().enumerate() {
            let r = stat_row(&agg.drivers, k * n + t);
            csv.row_with(&[&cal.date(t), &t, &d.id, &d.unit], &r);
        }
    }
    staging.write("drivers.csv", &csv.finish())?;

    if let Some(members) = members {
        let mut csv = Csv::new(&[
            "member",
            "date",
            "step",
            "power",
            "state",
            "domain",
            "influence",
        ]);
        let cells = world.cells();
        for (member, values) in members {
            for t in 0..n {
                for (s, state) in world.states.iter().enumerate() {
                    for (d, domain) in world.domains.iter().enumerate() {
                        for (p, power) in world.powers.iter().enumerate() {
                            let v = values[t * cells
                                + (s * world.domains.len() + d) * world.powers.len()
                                + p];
                            csv.row(&[
                                member,
                                &cal.date(t),
                                &t,
                                &power.id,
                                &state.id,
                                &domain.id,
                                &v,
                            ]);
                        }
                    }
                }
            }
        }
        staging.write("members.csv", &csv.finish())?;
    }

    let json = serde_json::to_string_pretty(summary)
        .map_err(|e| write_error(&staging.path("summary.json"), e))?;
    staging.write("summary.json", &(json + "\n"))?;

    let caption = format!(
        "{} | median with 50 % and 90 % bands",
        summary.provenance.caption()
    );
    let line_of = |m: &Metric| fan_line(&agg.influence, layout.metric_index(m).unwrap_or(0) * n, n);
    let driver_line = |k: usize| fan_line(&agg.drivers, k * n, n);
    let ctx = figures::FigureContext {
        world,
        calendar: cal,
        title: &loaded.scenario.title,
        caption: &caption,
        events: &loaded.scenario.events,
    };
    // Autonomy statistics are not tracked per member yet; quantiles of shares do not add up.
    for (stem, fig) in figures::run_figures(&ctx, &line_of, &driver_line, None) {
        staging.figure(&stem, &fig)?;
    }
    staging.commit()
}
