//! The summary of a run or an ensemble: provenance, initial, final and peak value of every
//! metric, and the dates (or, over members, how often and when) one power overtakes another.

use serde::Serialize;

use crate::calendar::{Calendar, Date, StepLength};
use crate::ensemble::stats::SeriesStats;
use crate::metric::Metric;
use crate::provenance::Provenance;
use crate::simulate::{EnsembleRun, SingleRun};
use crate::world::World;

/// The run's calendar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunInfo {
    /// First date.
    pub start: Date,
    /// Last date.
    pub end: Date,
    /// `quarter` or `month`.
    pub step: StepLength,
    /// Number of steps.
    pub steps: usize,
}

impl From<&Calendar> for RunInfo {
    fn from(c: &Calendar) -> Self {
        RunInfo {
            start: c.start,
            end: c.end(),
            step: c.step,
            steps: c.steps,
        }
    }
}

/// Start, end and peak of one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricSummary {
    /// Metric name, `power.scope.domain`.
    pub metric: String,
    /// Value at the start.
    pub initial: f64,
    /// Value at the end.
    #[serde(rename = "final")]
    pub last: f64,
    /// Change from start to end.
    pub change: f64,
    /// Highest value.
    pub peak: f64,
    /// Date of the highest value (first, if repeated).
    pub peak_date: Date,
}

/// One power overtaking another in a scope and domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Crossover {
    /// First grid date at which `power` is ahead.
    pub date: Date,
    /// `region` or a state id.
    pub scope: String,
    /// `overall` or a domain id.
    pub domain: String,
    /// The power that moves ahead.
    pub power: String,
    /// The power it overtakes.
    pub overtakes: String,
}

/// The summary of a single run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Where the numbers come from.
    pub provenance: Provenance,
    /// Calendar.
    pub run: RunInfo,
    /// Every metric.
    pub metrics: Vec<MetricSummary>,
    /// Every crossover, by date.
    pub crossovers: Vec<Crossover>,
}

impl Summary {
    /// The summary of a single run.
    pub fn of(run: &SingleRun) -> Summary {
        let world = &run.loaded.world;
        let cal = &run.loaded.scenario.calendar;
        Summary {
            provenance: run.provenance.clone(),
            run: RunInfo::from(cal),
            metrics: metric_summaries(world, cal, &run.metrics, &run.series),
            crossovers: crossovers(world, cal, &run.metrics, &run.series),
        }
    }
}

/// Summaries of every metric from its series (`[metric * points + point]`).
pub fn metric_summaries(
    world: &World,
    calendar: &Calendar,
    metrics: &[Metric],
    series: &[f64],
) -> Vec<MetricSummary> {
    let points = calendar.points();
    metrics
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let s = &series[i * points..(i + 1) * points];
            let (peak_at, peak) =
                s.iter()
                    .copied()
                    .enumerate()
                    .fold((0, f64::NEG_INFINITY), |best, (t, v)| {
                        if v > best.1 { (t, v) } else { best }
                    });
            MetricSummary {
                metric: m.name(world),
                initial: s[0],
                last: s[points - 1],
                change: s[points - 1] - s[0],
                peak,
                peak_date: calendar.date(peak_at),
            }
        })
        .collect()
}

/// Grid points at which `a` moves from not ahead of `b` to ahead of it.
pub fn overtakes<'a>(a: &'a [f64], b: &'a [f64]) -> impl Iterator<Item = usize> + 'a {
    (1..a.len()).filter(move |&t| a[t - 1] <= b[t - 1] && a[t] > b[t])
}

/// Every crossover between pairs of powers for metrics sharing scope and domain.
pub fn crossovers(
    world: &World,
    calendar: &Calendar,
    metrics: &[Metric],
    series: &[f64],
) -> Vec<Crossover> {
    let points = calendar.points();
    let mut out = Vec::new();
    for (i, a) in metrics.iter().enumerate() {
        for (j, b) in metrics.iter().enumerate() {
            if i == j || a.scope != b.scope || a.domain != b.domain {
                continue;
            }
            let sa = &series[i * points..(i + 1) * points];
            let sb = &series[j * points..(j + 1) * points];
            for t in overtakes(sa, sb) {
                out.push(Crossover {
                    date: calendar.date(t),
                    scope: a.scope_id(world).to_string(),
                    domain: a.domain_id(world).to_string(),
                    power: world.powers[a.power].id.clone(),
                    overtakes: world.powers[b.power].id.clone(),
                });
            }
        }
    }
    out.sort_by(|x, y| {
        (x.date, &x.scope, &x.domain, &x.power).cmp(&(y.date, &y.scope, &y.domain, &y.power))
    });
    out
}

/// Mean and quantiles of a quantity over ensemble members.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantiles {
    /// Mean.
    pub mean: f64,
    /// 5 % quantile.
    pub p05: f64,
    /// 25 % quantile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75 % quantile.
    pub p75: f64,
    /// 95 % quantile.
    pub p95: f64,
}

/// The quantiles every ensemble output reports.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

impl Quantiles {
    /// Mean, 5, 25, 50, 75 and 95 %, in that order (the CSV columns).
    pub fn fields(&self) -> [f64; 6] {
        [self.mean, self.p05, self.p25, self.p50, self.p75, self.p95]
    }

    /// Reads mean and quantiles of series `i` of ensemble statistics.
    pub fn of(stats: &SeriesStats, i: usize) -> Quantiles {
        let q = QUANTILES.map(|q| stats.quantile(i, q));
        Quantiles {
            mean: stats.mean(i),
            p05: q[0],
            p25: q[1],
            p50: q[2],
            p75: q[3],
            p95: q[4],
        }
    }
}

/// One metric over an ensemble: its distribution at the start and at the end, and the peak of
/// its median path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsembleMetric {
    /// Metric name.
    pub metric: String,
    /// At the start (spread comes from uncertain initial influence).
    pub initial: Quantiles,
    /// At the end.
    #[serde(rename = "final")]
    pub last: Quantiles,
    /// Highest value of the median path.
    pub median_peak: f64,
    /// Its date.
    pub median_peak_date: Date,
}

/// How often one power overtakes another over an ensemble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsembleCrossover {
    /// `region` or a state id.
    pub scope: String,
    /// `overall` or a domain id.
    pub domain: String,
    /// The power that moves ahead.
    pub power: String,
    /// The power it overtakes.
    pub overtakes: String,
    /// Share of members in which it happens at least once.
    pub share: f64,
    /// Median date of the first time it happens, among those members.
    pub median_date: Date,
}

/// The summary of an ensemble.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnsembleSummary {
    /// Where the numbers come from.
    pub provenance: Provenance,
    /// Calendar.
    pub run: RunInfo,
    /// Largest error of a reported influence quantile (one histogram bin).
    pub quantile_resolution: f64,
    /// Every metric.
    pub metrics: Vec<EnsembleMetric>,
    /// Every crossover that happens in at least one member.
    pub crossovers: Vec<EnsembleCrossover>,
    /// The parameters that drive each regional result, from the members' own draws (when
    /// recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<super::attribution::Attribution>,
}

impl EnsembleSummary {
    /// The summary of an ensemble: each metric's distribution at the start and the end, the
    /// peak of its median path, and how often and when (median date) each overtaking happens.
    pub fn of(run: &EnsembleRun) -> EnsembleSummary {
        let world = &run.loaded.world;
        let cal = &run.loaded.scenario.calendar;
        let (layout, agg) = (&run.layout, &run.aggregate);
        let n = layout.points;
        let metrics = layout
            .metrics
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let median = (0..n).map(|t| agg.influence.quantile(i * n + t, 0.5));
                let (at, peak) = median
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
        let mut crossovers: Vec<EnsembleCrossover> = layout
            .pairs
            .iter()
            .enumerate()
            .filter_map(|(k, &(a, b))| {
                let counts = &agg.first_overtake[k * (n + 1)..k * (n + 1) + n];
                let happened: u64 = counts.iter().sum();
                if happened == 0 {
                    return None;
                }
                let (ma, mb) = (&layout.metrics[a], &layout.metrics[b]);
                Some(EnsembleCrossover {
                    scope: ma.scope_id(world).to_string(),
                    domain: ma.domain_id(world).to_string(),
                    power: world.powers[ma.power].id.clone(),
                    overtakes: world.powers[mb.power].id.clone(),
                    share: happened as f64 / members as f64,
                    median_date: cal.date(median_point(counts, happened)),
                })
            })
            .collect();
        crossovers.sort_by(|x, y| {
            (&x.scope, &x.domain, &x.power, &x.overtakes).cmp(&(
                &y.scope,
                &y.domain,
                &y.power,
                &y.overtakes,
            ))
        });
        EnsembleSummary {
            provenance: run.provenance.clone(),
            run: RunInfo::from(cal),
            quantile_resolution: agg.influence.resolution(0),
            metrics,
            crossovers,
            attribution: super::attribution::of_ensemble(run),
        }
    }
}

/// The grid point by which half of the `happened` first overtakings have happened.
fn median_point(counts: &[u64], happened: u64) -> usize {
    let half = happened.div_ceil(2);
    let mut seen = 0;
    counts
        .iter()
        .position(|&c| {
            seen += c;
            seen >= half
        })
        .unwrap_or(counts.len().saturating_sub(1))
}
