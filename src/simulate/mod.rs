//! The one way to simulate: a [`Subject`] (one scenario, or several compared with a baseline)
//! and a [`RunSpec`] (seed, noise, members, shard, threads) give [`Results`]: a single run, an
//! ensemble, a comparison, or member-level outcomes. Every command (`run`, `compare`, `check`,
//! `merge`) and every later analysis goes through here, and every output format is written from
//! the results by an exporter ([`crate::export`]). No I/O happens here.

mod ensemble;
mod single;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::engine::Trajectory;
use crate::ensemble::aggregate::{Aggregate, Layout};
use crate::ensemble::part::PartHeader;
use crate::ensemble::{EnsembleError, MAX_MEMBERS, Statistics};
use crate::inputs::Loaded;
use crate::metric::{Metric, Weights};
use crate::provenance::Provenance;

pub use ensemble::{Part, merge};

/// How many members have finished, a chunk at a time (for progress bars).
pub type Progress = Arc<dyn Fn(u64) + Send + Sync>;

/// Which members of an ensemble to run: shard `index` (1-based) of `count` equal shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, from 1 to `count`.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl Shard {
    /// The members shard `index` of `count` runs out of `members`.
    pub fn range(self, members: u64) -> Range<u64> {
        crate::ensemble::part::shard_range(members, self.index, self.count)
    }
}

/// A metric of one scenario at one grid point, recorded for every member (for checks, sweeps
/// and calibration, which need member-level values but no statistics of every series).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    /// Index of the scenario in the subject (0 for a single scenario).
    pub scenario: usize,
    /// The metric.
    pub metric: Metric,
    /// The grid point.
    pub point: usize,
}

/// How to simulate: everything a command line or an experiment may set, and nothing else.
#[derive(Clone, Default)]
pub struct RunSpec {
    /// Seed; `None` uses the scenario's own (a comparison's: the baseline's).
    pub seed: Option<u64>,
    /// Noise and random incidents on or off; `None` keeps each scenario's setting.
    pub noise: Option<bool>,
    /// `None`: a single run at central values. `Some(n)`: an ensemble of `n` members, each
    /// drawing the uncertain parameters (comparisons are always ensembles).
    pub members: Option<u64>,
    /// Run only this shard of the ensemble's members.
    pub shard: Option<Shard>,
    /// Worker threads; `None` uses every core. Results never depend on it.
    pub threads: Option<usize>,
    /// Keep every member's influence trajectory (ensembles of one scenario).
    pub keep_members: bool,
    /// Keep every member's drawn parameter values (ensembles of one scenario), so members can be
    /// related to their assumptions.
    pub keep_parameters: bool,
    /// Record these outcomes for every member instead of statistics of every series.
    pub outcomes: Vec<Outcome>,
    /// Told how many members have finished.
    pub progress: Option<Progress>,
}

impl fmt::Debug for RunSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunSpec")
            .field("seed", &self.seed)
            .field("noise", &self.noise)
            .field("members", &self.members)
            .field("shard", &self.shard)
            .field("threads", &self.threads)
            .field("keep_members", &self.keep_members)
            .field("keep_parameters", &self.keep_parameters)
            .field("outcomes", &self.outcomes)
            .finish_non_exhaustive()
    }
}

impl RunSpec {
    /// A single central run with the scenario's own settings.
    pub fn single() -> RunSpec {
        RunSpec::default()
    }

    /// An ensemble of `members` members with the scenario's own settings.
    pub fn ensemble(members: u64) -> RunSpec {
        RunSpec {
            members: Some(members),
            ..RunSpec::default()
        }
    }

    /// The same, with another seed.
    pub fn with_seed(mut self, seed: u64) -> RunSpec {
        self.seed = Some(seed);
        self
    }

    /// The same, with noise on or off.
    pub fn with_noise(mut self, noise: bool) -> RunSpec {
        self.noise = Some(noise);
        self
    }

    /// The same, on this many threads.
    pub fn with_threads(mut self, threads: usize) -> RunSpec {
        self.threads = Some(threads);
        self
    }

    fn tick(&self, n: u64) {
        if let Some(p) = &self.progress {
            p(n);
        }
    }
}

/// What to simulate.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// One scenario.
    Scenario(&'a Loaded),
    /// Several scenarios of one world run as paired ensembles (common random numbers), with
    /// differences from the scenario at index `baseline`.
    Comparison {
        /// The scenarios.
        scenarios: &'a [Loaded],
        /// Index of the baseline among them.
        baseline: usize,
    },
}

/// A single run at central parameter values.
#[derive(Debug, Clone)]
pub struct SingleRun<'a> {
    /// The scenario.
    pub loaded: &'a Loaded,
    /// Where the numbers come from.
    pub provenance: Provenance,
    /// Every variable at every grid point.
    pub trajectory: Trajectory,
    /// Aggregation weights (and the metric order).
    pub weights: Weights,
    /// Every metric, in [`crate::metric::all_metrics`] order.
    pub metrics: Vec<Metric>,
    /// `[metric * points + point]`.
    pub series: Vec<f64>,
}

impl SingleRun<'_> {
    /// The series of one metric over the grid.
    pub fn metric_series(&self, m: &Metric) -> &[f64] {
        let n = self.trajectory.points;
        let i = self.weights.index(m);
        &self.series[i * n..(i + 1) * n]
    }
}

/// An ensemble of one scenario (or one shard of it): statistics of every series.
#[derive(Debug, Clone)]
pub struct EnsembleRun<'a> {
    /// The scenario.
    pub loaded: &'a Loaded,
    /// Where the numbers come from (`members` counts the whole ensemble).
    pub provenance: Provenance,
    /// What was tracked.
    pub layout: Layout,
    /// Statistics of the members run.
    pub aggregate: Aggregate,
    /// The members run (all of them, or one shard's).
    pub members: Range<u64>,
    /// The shard, when only part of the ensemble was run.
    pub shard: Option<Shard>,
    /// Every kept member's influence, `(member, [point * cells + cell])`, in member order.
    pub kept: Option<Vec<(u64, Vec<f64>)>>,
    /// Every member's drawn parameter values (with [`RunSpec::keep_parameters`]),
    /// `(member, [parameter])` in the order of the scenario's parameter table, in member order.
    pub parameters: Option<Vec<(u64, Vec<f64>)>>,
}

impl EnsembleRun<'_> {
    /// The header of the part file holding this shard.
    pub fn part_header(&self) -> PartHeader {
        let p = &self.provenance;
        let shard = self.shard.unwrap_or(Shard { index: 1, count: 1 });
        PartHeader {
            steppe_version: p.steppe_version.clone(),
            scenario: p.scenario.clone(),
            file: p.file.clone(),
            files: p.files.clone(),
            seed: p.seed,
            noise: p.noise,
            members: p.members,
            shard: shard.index,
            shards: shard.count,
            first_member: self.members.start,
            end_member: self.members.end,
            payload_bytes: 0,
            checksum: String::new(),
        }
    }
}

/// Scenarios run as paired ensembles, with differences from the baseline.
#[derive(Debug, Clone)]
pub struct ComparisonRun<'a> {
    /// The scenarios, in the order given.
    pub scenarios: Vec<&'a Loaded>,
    /// Index of the baseline.
    pub baseline: usize,
    /// Provenance of each scenario.
    pub provenance: Vec<Provenance>,
    /// Seed shared by all.
    pub seed: u64,
    /// Members per scenario.
    pub members: u64,
    /// What was tracked.
    pub layout: Layout,
    /// The statistics.
    pub stats: Statistics,
}

/// Member-level outcomes of an ensemble or comparison, without statistics of every series.
#[derive(Debug, Clone)]
pub struct OutcomeRun<'a> {
    /// The scenarios (one, or the compared ones).
    pub scenarios: Vec<&'a Loaded>,
    /// Seed shared by all.
    pub seed: u64,
    /// The outcomes recorded.
    pub outcomes: Vec<Outcome>,
    /// The members run.
    pub members: Range<u64>,
    /// `[(member - members.start) * outcomes + outcome]`.
    pub values: Vec<f64>,
}

impl OutcomeRun<'_> {
    /// Outcome `j` of every member, in member order.
    pub fn column(&self, j: usize) -> impl Iterator<Item = f64> + '_ {
        let k = self.outcomes.len();
        self.values.iter().skip(j).step_by(k.max(1)).copied()
    }
}

/// What a simulation gives.
// Built once per simulation and matched on by every exporter: boxing the variants would buy
// nothing but indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Results<'a> {
    /// A single run.
    Single(SingleRun<'a>),
    /// An ensemble of one scenario, or one shard of it.
    Ensemble(EnsembleRun<'a>),
    /// Paired ensembles of several scenarios.
    Comparison(ComparisonRun<'a>),
    /// Member-level outcomes only.
    Outcomes(OutcomeRun<'a>),
}

/// Why a simulation could not be done.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimulateError {
    /// The ensemble could not be run (calendars differ, too large, a member not finite).
    #[error("{0}")]
    Ensemble(#[from] EnsembleError),
    /// A single run produced a value that is not a finite number.
    #[error("the model produced a value that is not a finite number with these parameters")]
    NotFinite,
    /// The run specification does not make sense for the subject.
    #[error("{0}")]
    Spec(String),
    /// The worker threads could not be started.
    #[error("cannot start {threads} threads: {reason}")]
    Threads {
        /// Threads asked for.
        threads: usize,
        /// Why not.
        reason: String,
    },
    /// Shard results do not belong together or do not match the scenario.
    #[error("{file}: {message}")]
    Parts {
        /// The part file at fault.
        file: String,
        /// What is wrong.
        message: String,
    },
}

/// Simulates a subject as the spec says.
pub fn simulate<'a>(subject: Subject<'a>, spec: &RunSpec) -> Result<Results<'a>, SimulateError> {
    if let (Some(s), Some(n)) = (spec.shard, spec.members) {
        if s.index == 0 || s.index > s.count {
            return Err(SimulateError::Spec(format!(
                "shard {}/{} does not exist",
                s.index, s.count
            )));
        }
        if s.count > n {
            return Err(SimulateError::Spec(format!(
                "--shard asks for {} shards of {n} members; use at most as many shards as members",
                s.count
            )));
        }
    }
    if spec.members.is_some_and(|n| n == 0 || n > MAX_MEMBERS) {
        return Err(SimulateError::Spec(format!(
            "an ensemble needs between 1 and {MAX_MEMBERS} members"
        )));
    }
    with_threads(spec.threads, || match (subject, spec.members) {
        (Subject::Scenario(l), None) if spec.outcomes.is_empty() => {
            single::run(l, spec).map(Results::Single)
        }
        (_, None) => Err(SimulateError::Spec(
            "member-level outcomes and comparisons need an ensemble: give the number of members"
                .into(),
        )),
        (Subject::Scenario(l), Some(n)) => ensemble::run(&[l], None, n, spec),
        (
            Subject::Comparison {
                scenarios,
                baseline,
            },
            Some(n),
        ) => {
            let all: Vec<&Loaded> = scenarios.iter().collect();
            ensemble::run(&all, Some(baseline), n, spec)
        }
    })?
}

/// Runs `f` on a pool of `threads` threads, or on the global pool.
fn with_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, SimulateError> {
    match threads {
        None => Ok(f()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| SimulateError::Threads {
                threads: n,
                reason: e.to_string(),
            }),
    }
}
