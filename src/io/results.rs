//! The results of a single run on disk: tidy CSV tables, `summary.json` and the plots.

use std::path::{Path, PathBuf};

use crate::aggregate::{Weights, all_metrics, metric_series};
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::{Engine, Trajectory};
use crate::figures::{self, Line};
use crate::io::load::Loaded;
use crate::io::output::{Csv, Staging};
use crate::metric::Metric;
use crate::summary::{self, Provenance, RunInfo, Summary};

/// steppe's version, recorded in every result.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Provenance of a result of `loaded` run with `seed`: a single run (`members` = `None`) or an
/// ensemble of that many members.
pub fn provenance(loaded: &Loaded, seed: u64, members: Option<u64>) -> Provenance {
    let all: String = loaded
        .files
        .iter()
        .map(|f| format!("{}\n", f.sha256))
        .collect();
    Provenance {
        steppe_version: VERSION.to_string(),
        scenario: loaded.scenario.name.clone(),
        title: loaded.scenario.title.clone(),
        file: loaded.files[0].path.clone(),
        sha256: loaded.files[0].sha256.clone(),
        inputs_sha256: crate::io::load::sha256(&all),
        files: loaded.files.clone(),
        seed,
        noise: loaded.scenario.noise,
        members: members.unwrap_or(1),
        ensemble: members.is_some(),
    }
}

/// A single run and everything derived from it.
#[derive(Debug, Clone)]
pub struct SingleRun {
    /// The trajectory.
    pub trajectory: Trajectory,
    /// Every metric, in [`all_metrics`] order.
    pub metrics: Vec<Metric>,
    /// `[metric * points + point]`.
    pub series: Vec<f64>,
    /// The summary.
    pub summary: Summary,
}

/// Runs a loaded scenario once (central values) with a seed.
pub fn run_single(loaded: &Loaded, seed: u64) -> Result<SingleRun, Diagnostics> {
    let world = &loaded.world;
    let scenario = &loaded.scenario;
    let engine = Engine::new(world, scenario).with_seed(seed);
    let trajectory = engine.run_central();
    check_finite(loaded, &trajectory)?;
    let metrics = all_metrics(world);
    let weights = Weights::new(world);
    let series = metric_series(&weights, &trajectory.influence, trajectory.cells, &metrics);
    let summary = Summary {
        provenance: provenance(loaded, seed, None),
        run: RunInfo::from(&scenario.calendar),
        metrics: summary::metric_summaries(world, &scenario.calendar, &metrics, &series),
        crossovers: summary::crossovers(world, &scenario.calendar, &metrics, &series),
    };
    Ok(SingleRun {
        trajectory,
        metrics,
        series,
        summary,
    })
}

/// Refuses a trajectory with a value that is not a finite number (extreme inputs), naming the
/// scenario file.
pub fn check_finite(loaded: &Loaded, t: &Trajectory) -> Result<(), Diagnostic> {
    let bad = t
        .influence
        .iter()
        .chain(&t.drivers)
        .chain(&t.resources)
        .any(|v| !v.is_finite());
    if bad {
        return Err(Diagnostic::file(
            loaded.source.name.clone(),
            "the model produced a value that is not a finite number with these parameters",
        )
        .with_help("check extreme values in [override] and events; `steppe explain PATH` shows each parameter's range"));
    }
    Ok(())
}

/// Writes a single run's results to `root/<scenario name>/`, atomically.
pub fn write_single(root: &Path, loaded: &Loaded, run: &SingleRun) -> Result<PathBuf, Diagnostic> {
    let world = &loaded.world;
    let cal = &loaded.scenario.calendar;
    let t = &run.trajectory;
    let points = t.points;
    let staging = Staging::new(root, &loaded.scenario.name)?;

    let mut csv = Csv::new(&["date", "step", "power", "state", "domain", "influence"]);
    for point in 0..points {
        let date = cal.date(point);
        let at = t.influence_at(point);
        for (s, state) in world.states.iter().enumerate() {
            for (d, domain) in world.domains.iter().enumerate() {
                for (p, power) in world.powers.iter().enumerate() {
                    let v = at[(s * world.domains.len() + d) * world.powers.len() + p];
                    csv.row(&[&date, &point, &power.id, &state.id, &domain.id, &v]);
                }
            }
        }
    }
    staging.write("timeseries.csv", &csv.finish())?;

    let mut csv = Csv::new(&["date", "step", "power", "scope", "domain", "influence"]);
    for point in 0..points {
        for (i, m) in run.metrics.iter().enumerate() {
            let domain = m.domain_id(world);
            csv.row(&[
                &cal.date(point),
                &point,
                &world.powers[m.power].id,
                &m.scope_id(world),
                &domain,
                &run.series[i * points + point],
            ]);
        }
    }
    staging.write("aggregates.csv", &csv.finish())?;

    let mut csv = Csv::new(&["date", "step", "driver", "value", "unit"]);
    let nk = world.drivers.len();
    for point in 0..points {
        for (k, d) in world.drivers.iter().enumerate() {
            csv.row(&[
                &cal.date(point),
                &point,
                &d.id,
                &t.drivers[point * nk + k],
                &d.unit,
            ]);
        }
    }
    staging.write("drivers.csv", &csv.finish())?;

    let mut csv = Csv::new(&["date", "step", "power", "quantity", "value", "unit"]);
    let (np, nr) = (world.powers.len(), world.resources.len());
    for point in 0..points {
        for (p, power) in world.powers.iter().enumerate() {
            for (r, res) in world.resources.iter().enumerate() {
                csv.row(&[
                    &cal.date(point),
                    &point,
                    &power.id,
                    &res.id,
                    &t.resources[point * np * nr + p * nr + r],
                    &res.unit,
                ]);
            }
            csv.row(&[
                &cal.date(point),
                &point,
                &power.id,
                &"attention",
                &t.attention[point * np + p],
                &"share of external attention left for the region",
            ]);
        }
    }
    staging.write("resources.csv", &csv.finish())?;

    let mut csv = Csv::new(&["date", "step", "state", "threat"]);
    let ns = world.states.len();
    for point in 0..points {
        for (s, state) in world.states.iter().enumerate() {
            csv.row(&[
                &cal.date(point),
                &point,
                &state.id,
                &t.threat[point * ns + s],
            ]);
        }
    }
    staging.write("threat.csv", &csv.finish())?;

    let json = serde_json::to_string_pretty(&run.summary)
        .map_err(|e| crate::io::output::write_error(&staging.path("summary.json"), e))?;
    staging.write("summary.json", &(json + "\n"))?;

    let caption = run.summary.provenance.caption();
    let line_of = |m: &Metric| {
        let i = run.metrics.iter().position(|x| x == m).unwrap_or(0);
        Line {
            center: run.series[i * points..(i + 1) * points].to_vec(),
            band50: None,
            band90: None,
        }
    };
    let driver_line = |k: usize| Line {
        center: (0..points).map(|p| t.drivers[p * nk + k]).collect(),
        band50: None,
        band90: None,
    };
    let ctx = figures::FigureContext {
        world,
        calendar: cal,
        title: &loaded.scenario.title,
        caption: &caption,
        events: &loaded.scenario.events,
    };
    let autonomy = figures::autonomy_line(world, &line_of);
    for (stem, fig) in figures::run_figures(&ctx, &line_of, &driver_line, Some(autonomy)) {
        staging.figure(&stem, &fig)?;
    }
    staging.commit()
}
