//! Ensembles: many runs of one or more scenarios, each member drawing the uncertain parameters
//! from their ranges, folded into statistics as they finish.
//!
//! Member `i` uses random streams derived from (seed, i) alone and the statistics are exact and
//! order-independent, so results are bit-identical for any number of threads, any order and any
//! split into shards. Scenarios run together share member `i`'s random numbers (common random
//! numbers), so their differences come from the scenarios, not the noise.

pub mod aggregate;
pub mod part;
pub mod samples;
pub mod stats;
mod worker;

use worker::Worker;

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::engine::{Engine, Trajectory};
use crate::model::lanes::LANES;
use crate::scenario::Scenario;
use crate::world::World;
use aggregate::{Aggregate, Difference, Layout};
pub use samples::ParamSamples;

/// Most members an ensemble may have (about 10^12): far beyond any practical run, and small
/// enough that member indices and their random streams (2i, 2i + 1) never overflow.
pub const MAX_MEMBERS: u64 = 1 << 40;

/// Memory the statistics of an ensemble may take, all workers together (estimated up front, so
/// that a run too large for the machine is refused rather than aborted).
pub const MAX_STATISTICS_BYTES: u64 = 4_000_000_000;

/// Members handed to a worker at a time.
const CHUNK: u64 = 64;

/// Members whose values were not finite, shared by the workers of one fold.
struct Failures {
    /// The lowest failing member and the scenario it failed in.
    lowest: Mutex<Option<(u64, usize)>>,
    /// Lowest failing member so far: members after it are not worth running, and members
    /// before it still are, so the error always names the lowest failing member.
    first: AtomicU64,
}

impl Failures {
    /// Records that member `i` failed in scenario `k`.
    fn record(&self, i: u64, k: usize) {
        let mut f = self.lowest.lock().unwrap_or_else(|e| e.into_inner());
        if f.is_none_or(|(m, _)| i < m) {
            *f = Some((i, k));
        }
        self.first.fetch_min(i, Ordering::Relaxed);
    }
}

/// Scenarios of one world run as paired ensembles.
#[derive(Debug)]
pub struct Ensemble<'a> {
    /// The world.
    pub world: &'a World,
    /// The scenarios (same world and calendar).
    pub scenarios: Vec<&'a Scenario>,
    /// Their compiled plans.
    pub engines: Vec<Engine>,
    /// What is tracked.
    pub layout: Layout,
    /// Seed shared by all scenarios.
    pub seed: u64,
    series: bool,
    posterior: Option<(Arc<ParamSamples>, Vec<Vec<bool>>)>,
}

/// One member's results for every scenario, as handed to a fold.
#[derive(Debug)]
pub struct MemberView<'w> {
    /// Member index.
    pub member: u64,
    /// Per scenario: `[metric * points + point]` (empty for [`Ensemble::trajectories_only`]).
    pub metrics: &'w [Vec<f64>],
    /// Per scenario: `[driver * points + point]` (empty for [`Ensemble::trajectories_only`]).
    pub drivers: &'w [Vec<f64>],
    /// Per scenario: the full trajectory.
    pub trajectories: &'w [Trajectory],
    /// The world's parameter values this member drew (indexed by [`crate::params::ParamId`]).
    pub world_values: &'w [f64],
    /// Per scenario: the parameter values the member drew, in the order of the scenario's
    /// parameter table.
    pub parameters: &'w [Vec<f64>],
}

/// Why an ensemble could not be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnsembleError {
    /// Scenarios differ in calendar (start, end or step).
    CalendarMismatch(String, String),
    /// The statistics would need more memory than steppe allows itself.
    TooLarge {
        /// Estimated bytes.
        bytes: u64,
    },
    /// A member produced a non-finite value.
    NotFinite {
        /// Scenario name.
        scenario: String,
        /// Member index.
        member: u64,
    },
}

impl std::fmt::Display for EnsembleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EnsembleError::CalendarMismatch(a, b) => write!(
                f,
                "scenarios `{a}` and `{b}` run over different dates or steps; compared scenarios must share start, end and step"
            ),
            EnsembleError::TooLarge { bytes } => write!(
                f,
                "the ensemble's statistics would need about {:.1} GB of memory (more than the {} GB steppe allows itself); use fewer steps (quarterly rather than monthly), a shorter run, fewer scenarios or --threads 1",
                *bytes as f64 / 1e9,
                MAX_STATISTICS_BYTES / 1_000_000_000
            ),
            EnsembleError::NotFinite { scenario, member } => write!(
                f,
                "member {member} of `{scenario}` produced a value that is not a finite number"
            ),
        }
    }
}

impl std::error::Error for EnsembleError {}

impl<'a> Ensemble<'a> {
    /// Pairs scenarios of one world; their calendars must agree.
    pub fn new(
        world: &'a World,
        scenarios: Vec<&'a Scenario>,
        seed: u64,
    ) -> Result<Ensemble<'a>, EnsembleError> {
        let first = scenarios[0];
        for s in &scenarios[1..] {
            if s.calendar != first.calendar {
                return Err(EnsembleError::CalendarMismatch(
                    first.name.clone(),
                    s.name.clone(),
                ));
            }
        }
        let series = (world.cells()
            + world.powers.len() * (world.states.len() + 1) * (world.domains.len() + 1)
            + world.drivers.len()) as u64
            * first.calendar.points() as u64;
        let per_scenario = series * (aggregate::BINS as u64 * 3 + BATCH as u64 * 2);
        let workers = rayon::current_num_threads() as u64 + 1;
        let bytes = per_scenario * scenarios.len() as u64 * workers;
        if bytes > MAX_STATISTICS_BYTES {
            return Err(EnsembleError::TooLarge { bytes });
        }
        let engines = scenarios
            .iter()
            .map(|s| Engine::new(world, s).with_seed(seed))
            .collect();
        let weights = crate::metric::Weights::new(world);
        Ok(Ensemble {
            world,
            layout: Layout::new(world, &first.calendar, weights),
            scenarios,
            engines,
            seed,
            series: true,
            posterior: None,
        })
    }

    /// The same ensemble handing folds only members' trajectories: no metric or driver series
    /// are computed (for folds that read a few values, such as member-level outcomes).
    pub fn trajectories_only(mut self) -> Ensemble<'a> {
        self.series = false;
        self
    }

    /// The same ensemble with members drawing the sampled parameters from `samples` (one row
    /// per member, chosen by one more uniform number of the member's parameter stream, the same
    /// in every scenario) instead of from their ranges. A scenario that overrides a sampled
    /// parameter keeps its own draw of it.
    pub fn with_posterior(mut self, samples: Arc<ParamSamples>) -> Ensemble<'a> {
        let overridden = self
            .scenarios
            .iter()
            .map(|s| {
                self.world
                    .params
                    .iter()
                    .zip(s.params.iter())
                    .map(|(w, p)| (w.value, w.low, w.high) != (p.value, p.low, p.high))
                    .collect()
            })
            .collect();
        self.posterior = Some((samples, overridden));
        self
    }

    /// The same ensemble with noise and random incidents on or off in every scenario.
    pub fn with_noise(mut self, noise: bool) -> Ensemble<'a> {
        self.engines = self
            .engines
            .into_iter()
            .map(|e| e.with_noise(noise))
            .collect();
        self
    }

    /// Runs the members in `members` on all threads of the current rayon pool and folds each
    /// into an accumulator: `init` makes one per worker, `fold` adds a member, `merge` combines
    /// workers' accumulators. `progress` is told how many members finished, a chunk at a time.
    /// The result must not depend on the order of folding for it to be thread-count independent.
    pub fn fold<A: Send>(
        &self,
        members: Range<u64>,
        progress: &(dyn Fn(u64) + Sync),
        init: impl Fn() -> A + Sync,
        fold: impl Fn(&mut A, &MemberView) + Sync,
        merge: impl Fn(&mut A, A),
    ) -> Result<A, EnsembleError> {
        self.fold_with_finish(members, progress, init, fold, |_| {}, merge)
    }

    /// [`Ensemble::fold`] with a `finish` step applied to each worker's accumulator before the
    /// accumulators are merged (e.g. to flush buffered members).
    pub fn fold_with_finish<A: Send>(
        &self,
        members: Range<u64>,
        progress: &(dyn Fn(u64) + Sync),
        init: impl Fn() -> A + Sync,
        fold: impl Fn(&mut A, &MemberView) + Sync,
        finish: impl Fn(&mut A) + Sync,
        merge: impl Fn(&mut A, A),
    ) -> Result<A, EnsembleError> {
        let next = AtomicU64::new(members.start);
        let failures = Failures {
            lowest: Mutex::new(None),
            first: AtomicU64::new(u64::MAX),
        };
        let results: Mutex<Vec<A>> = Mutex::new(Vec::new());
        let threads = rayon::current_num_threads().max(1);
        rayon::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|_| {
                    let mut w = self.worker();
                    let mut acc = init();
                    loop {
                        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if start >= members.end {
                            break;
                        }
                        let end = (start + CHUNK).min(members.end);
                        self.fold_chunk(&mut w, &mut acc, start..end, &fold, &failures);
                        progress(end - start);
                    }
                    finish(&mut acc);
                    results.lock().unwrap_or_else(|e| e.into_inner()).push(acc);
                });
            }
        });
        if let Some((member, k)) = failures
            .lowest
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
        {
            return Err(EnsembleError::NotFinite {
                scenario: self.scenarios[k].name.clone(),
                member,
            });
        }
        let mut parts = results
            .into_inner()
            .unwrap_or_else(|e| e.into_inner())
            .into_iter();
        let mut acc = parts.next().unwrap_or_else(&init);
        for p in parts {
            merge(&mut acc, p);
        }
        Ok(acc)
    }

    /// Runs the members of `chunk` [`LANES`] at a time into `w` and folds each into `acc` in
    /// member order; a member whose values are not finite is recorded in `failures` instead.
    fn fold_chunk<A>(
        &self,
        w: &mut Worker,
        acc: &mut A,
        chunk: Range<u64>,
        fold: &(impl Fn(&mut A, &MemberView) + Sync),
        failures: &Failures,
    ) {
        let mut first = chunk.start;
        while first < chunk.end {
            if first > failures.first.load(Ordering::Relaxed) {
                break;
            }
            let count = (chunk.end - first).min(LANES as u64) as usize;
            let results = self.run_members(w, first, count);
            for (l, result) in results.into_iter().enumerate().take(count) {
                let i = first + l as u64;
                if let Err(k) = result {
                    failures.record(i, k);
                    continue;
                }
                let (metrics, drivers): (&[Vec<f64>], &[Vec<f64>]) = if self.series {
                    (&w.metrics[l], &w.drivers[l])
                } else {
                    (&[], &[])
                };
                let view = MemberView {
                    member: i,
                    metrics,
                    drivers,
                    trajectories: &w.trajectories[l],
                    world_values: &w.world_values[l],
                    parameters: &w.scenario_values[l],
                };
                fold(acc, &view);
            }
            first += count as u64;
        }
    }

    /// Statistics of every scenario, and paired differences from scenario `baseline` if given.
    pub fn aggregate(
        &self,
        members: Range<u64>,
        baseline: Option<usize>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Statistics, EnsembleError> {
        self.aggregate_with(members, baseline, progress, || (), |_, _| {}, |_, _| {})
            .map(|(stats, ())| stats)
    }

    /// [`Ensemble::aggregate`], also folding each member into an accumulator of the caller's
    /// (`init` per worker, `fold` per member, `merge` across workers), in the same pass.
    pub fn aggregate_with<X: Send>(
        &self,
        members: Range<u64>,
        baseline: Option<usize>,
        progress: &(dyn Fn(u64) + Sync),
        init: impl Fn() -> X + Sync,
        fold: impl Fn(&mut X, &MemberView) + Sync,
        merge: impl Fn(&mut X, X),
    ) -> Result<(Statistics, X), EnsembleError> {
        let n = self.scenarios.len();
        let layout = &self.layout;
        let metric_len = layout.metrics.len() * layout.points;
        let driver_len = layout.driver_ranges.len() * layout.points;
        self.fold_with_finish(
            members,
            progress,
            || {
                (
                    Statistics {
                        scenarios: (0..n).map(|_| Aggregate::new(layout)).collect(),
                        differences: (0..n)
                            .map(|k| {
                                (Some(k) != baseline && baseline.is_some())
                                    .then(|| Difference::new(layout))
                            })
                            .collect(),
                        batch: Batch {
                            len: 0,
                            metrics: vec![vec![0; BATCH * metric_len]; n],
                            drivers: vec![vec![0; BATCH * driver_len]; n],
                            differences: vec![vec![0; BATCH * metric_len]; n],
                            difference: vec![0.0; metric_len],
                            metric_sums: vec![vec![0; metric_len]; n],
                            driver_sums: vec![vec![0; driver_len]; n],
                            difference_sums: vec![vec![0; metric_len]; n],
                        },
                    },
                    init(),
                )
            },
            |(acc, extra), m| {
                fold(extra, m);
                let j = acc.batch.len;
                let batch = &mut acc.batch;
                for k in 0..n {
                    acc.scenarios[k].observe(
                        layout,
                        (&m.metrics[k], &m.drivers[k]),
                        (
                            &mut batch.metrics[k][j * metric_len..(j + 1) * metric_len],
                            &mut batch.drivers[k][j * driver_len..(j + 1) * driver_len],
                        ),
                        (&mut batch.metric_sums[k], &mut batch.driver_sums[k]),
                    );
                    if let (Some(b), Some(d)) = (baseline, acc.differences[k].as_mut()) {
                        d.record(&m.metrics[k], &m.metrics[b], &mut batch.difference);
                        d.stats.observe(
                            &batch.difference,
                            &mut batch.differences[k][j * metric_len..(j + 1) * metric_len],
                            &mut batch.difference_sums[k],
                        );
                    }
                }
                acc.batch.len += 1;
                if acc.batch.len == BATCH {
                    acc.flush();
                }
            },
            |(acc, _)| acc.flush(),
            |(acc, extra), (other, other_extra)| {
                acc.merge(&other);
                merge(extra, other_extra);
            },
        )
    }
}

/// Members buffered before being folded into statistics series by series: large enough that the
/// cache misses of touching every series' histogram are shared by many members.
const BATCH: usize = 256;
// The batch's partial sums are i64s that hold at most 256 members (SeriesStats::observe).
const _: () = assert!(BATCH <= 256);

/// Histogram bins of observed members waiting to be counted, member after member (their
/// sums, extremes and overtakes are folded in as they arrive; see
/// [`stats::SeriesStats::observe`]).
#[derive(Debug, Clone, Default)]
struct Batch {
    len: usize,
    metrics: Vec<Vec<u16>>,
    drivers: Vec<Vec<u16>>,
    differences: Vec<Vec<u16>>,
    /// One member's differences from the baseline (scratch).
    difference: Vec<f64>,
    /// Partial fixed-point sums of the batch's members, per scenario and series.
    metric_sums: Vec<Vec<i64>>,
    driver_sums: Vec<Vec<i64>>,
    difference_sums: Vec<Vec<i64>>,
}

/// Statistics of paired ensembles.
#[derive(Debug, Clone)]
pub struct Statistics {
    /// One aggregate per scenario.
    pub scenarios: Vec<Aggregate>,
    /// Per scenario, differences from the baseline (`None` for the baseline itself).
    pub differences: Vec<Option<Difference>>,
    batch: Batch,
}

impl PartialEq for Statistics {
    fn eq(&self, other: &Self) -> bool {
        self.scenarios == other.scenarios && self.differences == other.differences
    }
}

impl Statistics {
    /// Folds the buffered members into the statistics.
    fn flush(&mut self) {
        let count = self.batch.len;
        if count == 0 {
            return;
        }
        for (k, agg) in self.scenarios.iter_mut().enumerate() {
            let batch = &mut self.batch;
            agg.add_bins(
                (&batch.metrics[k], &batch.drivers[k]),
                (&mut batch.metric_sums[k], &mut batch.driver_sums[k]),
                count,
            );
            if let Some(d) = self.differences[k].as_mut() {
                d.stats
                    .add_bins(&batch.differences[k], &mut batch.difference_sums[k], count);
            }
        }
        self.batch.len = 0;
    }

    /// Adds statistics of other members of the same ensembles.
    pub fn merge(&mut self, other: &Statistics) {
        for (a, b) in self.scenarios.iter_mut().zip(&other.scenarios) {
            a.merge(b);
        }
        for (a, b) in self.differences.iter_mut().zip(&other.differences) {
            if let (Some(a), Some(b)) = (a.as_mut(), b.as_ref()) {
                a.merge(b);
            }
        }
    }
}
