//! Tidy CSV: one row per date and series, long layout, written with the `csv` crate. Every table
//! of single runs, ensembles and comparisons starts with a `scenario` column, and a column has
//! the same name wherever it means the same: `influence` (or `value`) holds one run's number,
//! `mean`, `p05` ... `p95` the statistics over members, `difference_*` those of the paired
//! differences from the baseline. Every column is described in README.md.

use std::fmt::Display;

use super::{ExportError, Exporter, Sink};
use crate::analysis::summary::Quantiles;
use crate::calendar::Calendar;
use crate::metric::{Metric, Scope};
use crate::simulate::{ComparisonRun, EnsembleRun, OutcomeRun, Results, SingleRun};
use crate::world::World;

/// Column names for mean and quantiles.
pub const STAT_COLUMNS: [&str; 6] = ["mean", "p05", "p25", "p50", "p75", "p95"];

/// Column names for the mean and quantiles of paired differences from the baseline.
pub const DIFFERENCE_COLUMNS: [&str; 6] = [
    "difference_mean",
    "difference_p05",
    "difference_p25",
    "difference_p50",
    "difference_p75",
    "difference_p95",
];

/// A CSV table being built in memory: a header, then rows of displayable fields (quoted only
/// where a field holds a comma, quote or line break).
pub struct Table {
    writer: csv::Writer<Vec<u8>>,
    fields: Vec<String>,
}

impl Table {
    /// A table with the given column names.
    pub fn new(columns: &[&str]) -> Table {
        let mut t = Table {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new()),
            fields: Vec::new(),
        };
        let header: Vec<&dyn Display> = columns.iter().map(|c| c as &dyn Display).collect();
        t.row(&header);
        t
    }

    /// Appends a row.
    pub fn row(&mut self, fields: &[&dyn Display]) {
        self.fields.resize(fields.len(), String::new());
        for (buffer, f) in self.fields.iter_mut().zip(fields) {
            buffer.clear();
            let _ = std::fmt::Write::write_fmt(buffer, format_args!("{f}"));
        }
        // Writing into memory cannot fail.
        let _ = self.writer.write_record(&self.fields);
    }

    /// Appends a row of labels followed by numbers.
    pub fn row_with(&mut self, labels: &[&dyn Display], numbers: &[f64]) {
        let mut fields: Vec<&dyn Display> = labels.to_vec();
        fields.extend(numbers.iter().map(|n| n as &dyn Display));
        self.row(&fields);
    }

    /// The table's bytes.
    pub fn finish(self) -> Vec<u8> {
        match self.writer.into_inner() {
            Ok(bytes) => bytes,
            // Flushing into memory cannot fail; keep what was written if it ever does.
            Err(e) => e.into_inner().get_ref().clone(),
        }
    }
}

/// The CSV exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Csv;

impl Exporter for Csv {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        let tables = match results {
            Results::Single(r) => single(r),
            Results::Ensemble(r) => ensemble(r),
            Results::Comparison(r) => comparison(r),
            Results::Outcomes(r) => vec![("outcomes.csv", outcomes(r))],
        };
        for (name, bytes) in tables {
            sink.write(name, &bytes)?;
        }
        Ok(())
    }
}

/// Every (state, domain, power) cell in output order, with its index in a cell vector.
fn cells(world: &World) -> impl Iterator<Item = (usize, usize, usize, usize)> + '_ {
    let (np, nd) = (world.powers.len(), world.domains.len());
    (0..world.states.len()).flat_map(move |s| {
        (0..nd).flat_map(move |d| (0..np).map(move |p| (s, d, p, (s * nd + d) * np + p)))
    })
}

fn single(r: &SingleRun) -> Vec<(&'static str, Vec<u8>)> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let t = &r.trajectory;
    let name = &r.loaded.scenario.name;
    let mut timeseries = Table::new(&[
        "scenario",
        "date",
        "step",
        "power",
        "state",
        "domain",
        "influence",
    ]);
    for point in 0..t.points {
        let at = t.influence_at(point);
        for (s, d, p, cell) in cells(world) {
            let (power, state) = (&world.powers[p].id, &world.states[s].id);
            let domain = &world.domains[d].id;
            timeseries.row(&[
                name,
                &cal.date(point),
                &point,
                power,
                state,
                domain,
                &at[cell],
            ]);
        }
    }
    let mut aggregates = Table::new(&[
        "scenario",
        "date",
        "step",
        "power",
        "scope",
        "domain",
        "influence",
    ]);
    for point in 0..t.points {
        for (i, m) in r.metrics.iter().enumerate() {
            let labels = metric_labels(world, cal, m, point);
            aggregates.row(&[
                name,
                &labels.0,
                &point,
                &labels.1,
                &labels.2,
                &labels.3,
                &r.series[i * t.points + point],
            ]);
        }
    }
    vec![
        ("timeseries.csv", timeseries.finish()),
        ("aggregates.csv", aggregates.finish()),
        ("drivers.csv", drivers_single(r)),
        ("resources.csv", resources(r)),
        ("threat.csv", threat(r)),
    ]
}

/// Date, power id, scope id and domain id of a metric at a point.
fn metric_labels<'w>(
    world: &'w World,
    cal: &Calendar,
    m: &Metric,
    point: usize,
) -> (crate::calendar::Date, &'w str, &'w str, &'w str) {
    (
        cal.date(point),
        &world.powers[m.power].id,
        m.scope_id(world),
        m.domain_id(world),
    )
}

fn drivers_single(r: &SingleRun) -> Vec<u8> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let t = &r.trajectory;
    let name = &r.loaded.scenario.name;
    let mut table = Table::new(&["scenario", "date", "step", "driver", "unit", "value"]);
    let nk = world.drivers.len();
    for point in 0..t.points {
        for (k, d) in world.drivers.iter().enumerate() {
            let v = t.drivers[point * nk + k];
            table.row(&[name, &cal.date(point), &point, &d.id, &d.unit, &v]);
        }
    }
    table.finish()
}

fn resources(r: &SingleRun) -> Vec<u8> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let t = &r.trajectory;
    let name = &r.loaded.scenario.name;
    let mut table = Table::new(&[
        "scenario", "date", "step", "power", "quantity", "unit", "value",
    ]);
    let (np, nr) = (world.powers.len(), world.resources.len());
    for point in 0..t.points {
        let date = cal.date(point);
        for (p, power) in world.powers.iter().enumerate() {
            for (k, res) in world.resources.iter().enumerate() {
                let v = t.resources[point * np * nr + p * nr + k];
                table.row(&[name, &date, &point, &power.id, &res.id, &res.unit, &v]);
            }
            table.row(&[
                name,
                &date,
                &point,
                &power.id,
                &"attention",
                &"share of external attention left for the region",
                &t.attention[point * np + p],
            ]);
        }
    }
    table.finish()
}

fn threat(r: &SingleRun) -> Vec<u8> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let t = &r.trajectory;
    let name = &r.loaded.scenario.name;
    let mut table = Table::new(&["scenario", "date", "step", "state", "threat"]);
    let ns = world.states.len();
    for point in 0..t.points {
        for (s, state) in world.states.iter().enumerate() {
            table.row(&[
                name,
                &cal.date(point),
                &point,
                &state.id,
                &t.threat[point * ns + s],
            ]);
        }
    }
    table.finish()
}

/// Column names: the given labels, then mean and quantiles.
fn with_stats(first: &[&'static str]) -> Vec<&'static str> {
    let mut cols = first.to_vec();
    cols.extend(STAT_COLUMNS);
    cols
}

fn ensemble(r: &EnsembleRun) -> Vec<(&'static str, Vec<u8>)> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let (layout, agg) = (&r.layout, &r.aggregate);
    let n = layout.points;
    let stats = |s: &crate::ensemble::stats::SeriesStats, i| Quantiles::of(s, i).fields();
    let name = &r.loaded.scenario.name;
    let mut timeseries = Table::new(&with_stats(&[
        "scenario", "date", "step", "power", "state", "domain",
    ]));
    for t in 0..n {
        for (s, d, p, _) in cells(world) {
            let m = Metric {
                power: p,
                scope: Scope::State(s),
                domain: Some(d),
            };
            let q = stats(&agg.influence, layout.metric_index(&m) * n + t);
            let (power, state) = (&world.powers[p].id, &world.states[s].id);
            let domain = &world.domains[d].id;
            timeseries.row_with(&[name, &cal.date(t), &t, power, state, domain], &q);
        }
    }
    let mut aggregates = Table::new(&with_stats(&[
        "scenario", "date", "step", "power", "scope", "domain",
    ]));
    for t in 0..n {
        for (i, m) in layout.metrics.iter().enumerate() {
            let l = metric_labels(world, cal, m, t);
            let q = stats(&agg.influence, i * n + t);
            aggregates.row_with(&[name, &l.0, &t, &l.1, &l.2, &l.3], &q);
        }
    }
    let mut drivers = Table::new(&with_stats(&["scenario", "date", "step", "driver", "unit"]));
    for t in 0..n {
        for (k, d) in world.drivers.iter().enumerate() {
            let q = stats(&agg.drivers, k * n + t);
            drivers.row_with(&[name, &cal.date(t), &t, &d.id, &d.unit], &q);
        }
    }
    let mut out = vec![
        ("timeseries.csv", timeseries.finish()),
        ("aggregates.csv", aggregates.finish()),
        ("drivers.csv", drivers.finish()),
    ];
    if let Some(kept) = &r.kept {
        out.push(("members.csv", members(r, kept)));
    }
    if let Some(drawn) = &r.parameters {
        out.push(("members-parameters.csv", member_parameters(r, drawn)));
    }
    out
}

/// Every member's value of every uncertain parameter (those drawn from a range), long: one row
/// per member and parameter, so members can be regressed on their assumptions.
fn member_parameters(r: &EnsembleRun, drawn: &[(u64, Vec<f64>)]) -> Vec<u8> {
    let params = &r.loaded.scenario.params;
    let name = &r.loaded.scenario.name;
    let uncertain: Vec<(usize, &str)> = params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_uncertain())
        .map(|(i, p)| (i, p.path.as_str()))
        .collect();
    let mut table = Table::new(&["scenario", "member", "parameter", "value"]);
    for (member, values) in drawn {
        for &(i, path) in &uncertain {
            table.row(&[name, member, &path, &values[i]]);
        }
    }
    table.finish()
}

fn members(r: &EnsembleRun, kept: &[(u64, Vec<f64>)]) -> Vec<u8> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let name = &r.loaded.scenario.name;
    let cols = [
        "scenario",
        "member",
        "date",
        "step",
        "power",
        "state",
        "domain",
        "influence",
    ];
    let mut table = Table::new(&cols);
    let cells_per_point = world.cells();
    for (member, values) in kept {
        for t in 0..r.layout.points {
            let date = cal.date(t);
            for (s, d, p, cell) in cells(world) {
                let (power, state) = (&world.powers[p].id, &world.states[s].id);
                let v = values[t * cells_per_point + cell];
                let domain = &world.domains[d].id;
                table.row(&[name, member, &date, &t, power, state, domain, &v]);
            }
        }
    }
    table.finish()
}

fn comparison(r: &ComparisonRun) -> Vec<(&'static str, Vec<u8>)> {
    let (world, cal) = (&r.scenarios[0].world, &r.scenarios[0].scenario.calendar);
    let n = r.layout.points;
    let baseline = &r.scenarios[r.baseline].scenario.name;
    let labels = ["scenario", "date", "step", "power", "scope", "domain"];
    let aggregates_columns = with_stats(&labels);
    let mut differences_columns = vec!["scenario", "baseline"];
    differences_columns.extend(&labels[1..]);
    differences_columns.extend(DIFFERENCE_COLUMNS);
    differences_columns.push("share_above_baseline");
    // The final date: the scenario's statistics and its differences side by side.
    let mut final_columns = vec!["scenario", "baseline"];
    final_columns.extend(&labels[1..]);
    final_columns.extend(STAT_COLUMNS);
    final_columns.extend(DIFFERENCE_COLUMNS);
    final_columns.push("share_above_baseline");
    let mut table = Table::new(&final_columns);
    let mut aggregates = Table::new(&aggregates_columns);
    let mut differences = Table::new(&differences_columns);
    for t in 0..n {
        for (i, m) in r.layout.metrics.iter().enumerate() {
            let l = metric_labels(world, cal, m, t);
            for (k, loaded) in r.scenarios.iter().enumerate() {
                let name = &loaded.scenario.name;
                let q = Quantiles::of(&r.stats.scenarios[k].influence, i * n + t).fields();
                aggregates.row_with(&[name, &l.0, &t, &l.1, &l.2, &l.3], &q);
                let with_baseline: [&dyn Display; 7] = [name, baseline, &l.0, &t, &l.1, &l.2, &l.3];
                let diff = r.stats.differences[k].as_ref().map(|d| {
                    let mut numbers = Quantiles::of(&d.stats, i * n + t).fields().to_vec();
                    numbers.push(d.above[i * n + t] as f64 / d.stats.members() as f64);
                    numbers
                });
                if let Some(numbers) = &diff {
                    differences.row_with(&with_baseline, numbers);
                }
                if t + 1 == n {
                    // The baseline has no difference from itself: those fields are empty.
                    let empty = vec![String::new(); DIFFERENCE_COLUMNS.len() + 1];
                    let rest: Vec<String> = diff
                        .map(|d| d.iter().map(f64::to_string).collect())
                        .unwrap_or(empty);
                    let mut fields: Vec<&dyn Display> = with_baseline.to_vec();
                    fields.extend(q.iter().map(|v| v as &dyn Display));
                    fields.extend(rest.iter().map(|v| v as &dyn Display));
                    table.row(&fields);
                }
            }
        }
    }
    let mut drivers = Table::new(&with_stats(&["scenario", "date", "step", "driver", "unit"]));
    for t in 0..n {
        for (k, loaded) in r.scenarios.iter().enumerate() {
            for (j, d) in world.drivers.iter().enumerate() {
                let q = Quantiles::of(&r.stats.scenarios[k].drivers, j * n + t).fields();
                let labels: [&dyn Display; 5] =
                    [&loaded.scenario.name, &cal.date(t), &t, &d.id, &d.unit];
                drivers.row_with(&labels, &q);
            }
        }
    }
    vec![
        ("comparison.csv", table.finish()),
        ("aggregates.csv", aggregates.finish()),
        ("differences.csv", differences.finish()),
        ("drivers.csv", drivers.finish()),
    ]
}

fn outcomes(r: &OutcomeRun) -> Vec<u8> {
    let mut cols = vec!["member".to_string()];
    for o in &r.outcomes {
        let l = r.scenarios[o.scenario];
        let date = l.scenario.calendar.date(o.point);
        cols.push(format!(
            "{}:{}@{date}",
            l.scenario.name,
            o.metric.name(&l.world)
        ));
    }
    let header: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut table = Table::new(&header);
    let k = r.outcomes.len().max(1);
    for (j, member) in r.members.clone().enumerate() {
        table.row_with(&[&member], &r.values[j * k..(j + 1) * k]);
    }
    table.finish()
}
