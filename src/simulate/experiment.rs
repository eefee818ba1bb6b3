//! Sweeps: an experiment's points run with the ensemble's machinery (compiled engines, member
//! random streams, parameter draws), recording only the outcomes asked for. Run `r` is point
//! `r / replicates`, replicate `r % replicates`; replicate `j` uses member `j`'s random streams
//! at every point (common random numbers), and the baseline shares them. Each run depends on
//! its index alone, so results are the same for any thread count and any split into shards.

use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::{ExperimentRun, Results, RunSpec, Shard, SimulateError};
use crate::engine::{Engine, Trajectory, cap_influence, draw_parameters, member_streams};
use crate::experiment::part::SweepPartHeader;
use crate::experiment::{Experiment, Others};
use crate::inputs::Loaded;
use crate::metric::Weights;
use crate::model::Variables;
use crate::model::lanes::LANES;
use crate::provenance::{ExperimentProvenance, VERSION};

/// Runs handed to a worker at a time.
const CHUNK: usize = 64;

/// One sweep shard's outcomes, as read from a part file, with a name for messages.
#[derive(Debug, Clone)]
pub struct SweepPart {
    /// The part file's name, as the user gave it.
    pub name: String,
    /// What the part holds.
    pub header: SweepPartHeader,
    /// `[(run - first_run) * outcomes + outcome]`.
    pub values: Vec<f64>,
}

/// A worker's buffers, reused from run to run: per scenario its state (every lane), and per
/// lane each scenario's trajectory and the point and parameter values of the run being made.
struct Worker {
    states: Vec<Variables<LANES>>,
    trajectories: [Vec<Trajectory>; LANES],
    world: [Vec<f64>; LANES],
    scenario: [Vec<f64>; LANES],
    x: [Vec<f64>; LANES],
}

/// The scenarios run at each point: the scenario, then the baseline.
fn loaded(e: &Experiment) -> Vec<&Loaded> {
    std::iter::once(&e.scenario).chain(&e.baseline).collect()
}

/// Runs the experiment's runs (or one shard of them).
pub(super) fn run<'a>(
    e: &'a Experiment,
    spec: &RunSpec,
) -> Result<ExperimentRun<'a>, SimulateError> {
    check_spec(e, spec)?;
    let total = e.runs();
    let runs = spec.shard.map_or(0..total, |s| s.range(total));
    let sweep = Sweeper::new(e);
    let n_out = e.outcomes.len();
    let mut values = vec![0.0; (runs.end - runs.start) as usize * n_out];
    values
        .par_chunks_mut(CHUNK * n_out)
        .enumerate()
        .for_each_init(
            || sweep.worker(),
            |w, (c, out)| {
                let first = runs.start + (c * CHUNK) as u64;
                for (g, rows) in out.chunks_mut(LANES * n_out).enumerate() {
                    sweep.run_lanes(w, first + (g * LANES) as u64, rows);
                }
                spec.tick((out.len() / n_out.max(1)) as u64);
            },
        );
    if let Some(bad) = values.iter().position(|v| !v.is_finite()) {
        let r = runs.start + (bad / n_out) as u64;
        return Err(SimulateError::Sweep(format!(
            "point {} (replicate {}) produced an outcome that is not a finite number; check the ranges of the varied parameters",
            r / e.replicates + 1,
            r % e.replicates + 1
        )));
    }
    Ok(ExperimentRun {
        experiment: e,
        provenance: ExperimentProvenance::new(e),
        runs,
        shard: spec.shard,
        values,
    })
}

/// An experiment sets its own seed, noise, replicates and outcomes, and its shard must exist
/// with at least one run in it.
fn check_spec(e: &Experiment, spec: &RunSpec) -> Result<(), SimulateError> {
    if spec.seed.is_some()
        || spec.noise.is_some()
        || spec.members.is_some()
        || !spec.outcomes.is_empty()
    {
        return Err(SimulateError::Spec(
            "an experiment sets its own seed, noise, replicates and outcomes in its file".into(),
        ));
    }
    let total = e.runs();
    if let Some(s) = spec.shard {
        if s.index == 0 || s.index > s.count {
            return Err(SimulateError::Spec(format!(
                "shard {}/{} does not exist",
                s.index, s.count
            )));
        }
        if s.count > total {
            return Err(SimulateError::Spec(format!(
                "--shard asks for {} shards of {total} experiments; use at most as many shards as experiments",
                s.count
            )));
        }
    }
    Ok(())
}

/// What every run of a sweep shares: the compiled engines of the scenarios run at each point,
/// which of them hold which factors, and what the outcomes are read with.
struct Sweeper<'a> {
    e: &'a Experiment,
    scenarios: Vec<&'a Loaded>,
    engines: Vec<Engine>,
    weights: Weights,
    /// `[scenario][factor]`: whether that scenario overrides the factor (it keeps its own value).
    held: Vec<Vec<bool>>,
    powers: usize,
}

impl<'a> Sweeper<'a> {
    /// Compiles the scenario (and baseline) with the experiment's seed and noise.
    fn new(e: &'a Experiment) -> Sweeper<'a> {
        let scenarios = loaded(e);
        let world = &e.scenario.world;
        let engines: Vec<Engine> = scenarios
            .iter()
            .map(|l| {
                Engine::new(&l.world, &l.scenario)
                    .with_seed(e.seed)
                    .with_noise(e.noise)
            })
            .collect();
        let held: Vec<Vec<bool>> = (0..scenarios.len())
            .map(|s| {
                e.factors
                    .iter()
                    .map(|f| {
                        if s == 0 {
                            f.held_by_scenario
                        } else {
                            f.held_by_baseline
                        }
                    })
                    .collect()
            })
            .collect();
        Sweeper {
            e,
            scenarios,
            engines,
            weights: Weights::new(world),
            held,
            powers: world.powers.len(),
        }
    }

    /// Fresh buffers for one worker thread.
    fn worker(&self) -> Worker {
        let params = self.e.scenario.world.params.len();
        Worker {
            states: self
                .engines
                .iter()
                .map(|g| Variables::new(&g.plan))
                .collect(),
            trajectories: std::array::from_fn(|_| {
                self.engines
                    .iter()
                    .map(|g| Trajectory::new(&g.plan))
                    .collect()
            }),
            world: std::array::from_fn(|_| vec![0.0; params]),
            scenario: std::array::from_fn(|_| vec![0.0; params]),
            x: std::array::from_fn(|_| vec![0.0; self.e.factors.len()]),
        }
    }

    /// Runs `first..first + rows.len() / outcomes` (at most [`LANES`]) side by side, run
    /// `first + l` in lane `l`: run `r` is point `r / replicates` with replicate
    /// `r % replicates`'s random streams, each scenario run in turn; its outcomes go to its row
    /// of `rows`. Lanes past the last run repeat it and are not read.
    fn run_lanes(&self, w: &mut Worker, first: u64, rows: &mut [f64]) {
        let e = self.e;
        let n_out = e.outcomes.len();
        let count = rows.len() / n_out;
        let run = |l: usize| first + l.min(count - 1) as u64;
        let params: [ChaCha8Rng; LANES] = std::array::from_fn(|l| {
            let r = run(l);
            e.point(r / e.replicates, &mut w.x[l]);
            member_streams(e.seed, r % e.replicates).0
        });
        for (s, (engine, l)) in self.engines.iter().zip(&self.scenarios).enumerate() {
            let lanes = w
                .world
                .iter_mut()
                .zip(&mut w.scenario)
                .zip(&w.x)
                .zip(&params);
            for (((world, scenario), x), params) in lanes {
                self.set_parameters((world, scenario), x, s, engine, l, params);
            }
            let mut dynamics: [ChaCha8Rng; LANES] =
                std::array::from_fn(|l| member_streams(e.seed, run(l) % e.replicates).1);
            engine.run_lanes(
                w.world.each_ref().map(Vec::as_slice),
                w.scenario.each_ref().map(Vec::as_slice),
                &mut dynamics,
                &mut w.states[s],
                w.trajectories.each_mut().map(|t| &mut t[s]),
            );
        }
        let calendar = &e.scenario.scenario.calendar;
        for (row, trajectories) in rows.chunks_exact_mut(n_out).zip(&w.trajectories) {
            let (own, base) = trajectories.split_at(1);
            for (v, o) in row.iter_mut().zip(&e.outcomes) {
                *v = o.evaluate(&self.weights, calendar, &own[0], base.first());
            }
        }
    }

    /// Scenario `s`'s world and scenario parameter values at point `x`: the others central or
    /// drawn from the replicate's parameter stream `params`, then the factors set (in the
    /// scenario's table only where it does not hold them), then influence capped.
    fn set_parameters(
        &self,
        (world, scenario): (&mut [f64], &mut [f64]),
        x: &[f64],
        s: usize,
        engine: &Engine,
        l: &Loaded,
        params: &ChaCha8Rng,
    ) {
        let powers = self.powers;
        match self.e.others {
            Others::Central => {
                let (wc, sc) = engine.central_values();
                world.copy_from_slice(wc);
                scenario.copy_from_slice(sc);
            }
            Others::Drawn => draw_parameters(
                &l.world.params,
                &l.scenario.params,
                &engine.plan.influence0,
                powers,
                &mut params.clone(),
                world,
                scenario,
            ),
        }
        for (j, f) in self.e.factors.iter().enumerate() {
            world[f.param.ix()] = x[j];
            if !self.held[s][j] {
                scenario[f.param.ix()] = x[j];
            }
        }
        cap_influence(&engine.plan.influence0, powers, world);
        cap_influence(&engine.plan.influence0, powers, scenario);
    }
}

impl ExperimentRun<'_> {
    /// The header of the part file holding this shard.
    pub fn part_header(&self) -> SweepPartHeader {
        let p = &self.provenance;
        let shard = self.shard.unwrap_or(Shard { index: 1, count: 1 });
        SweepPartHeader {
            steppe_version: VERSION.to_string(),
            experiment: p.experiment.clone(),
            file: p.file.clone(),
            files: p.files.clone(),
            seed: p.seed,
            runs: p.experiments,
            outcomes: self.experiment.outcomes.len() as u64,
            shard: shard.index,
            shards: shard.count,
            first_run: self.runs.start,
            end_run: self.runs.end,
            payload_bytes: 0,
            checksum: String::new(),
        }
    }
}

/// A problem with part file `name`.
fn part_error(name: &str, message: impl Into<String>) -> SimulateError {
    SimulateError::Parts {
        file: name.to_string(),
        message: message.into(),
    }
}

/// Puts the shards of a sweep back together: exactly the runs one machine would have made. The
/// parts must all be there, belong together and match the experiment's input files (by hash).
pub fn merge_sweep(
    e: &Experiment,
    mut parts: Vec<SweepPart>,
) -> Result<Results<'_>, SimulateError> {
    let Some(first) = parts.first() else {
        return Err(SimulateError::Spec("no parts to merge".into()));
    };
    let own = ExperimentRun {
        experiment: e,
        provenance: ExperimentProvenance::new(e),
        runs: 0..0,
        shard: None,
        values: Vec::new(),
    }
    .part_header();
    if input_hashes(&first.header) != input_hashes(&own) {
        return Err(part_error(
            &first.name,
            format!(
                "the experiment or its input files have changed since the parts were written (compare `{}` and the files it uses)",
                own.file
            ),
        ));
    }
    for p in &parts {
        check_belongs(p, first, &own)?;
    }
    parts.sort_by_key(|p| p.header.shard);
    check_complete(&parts)?;
    let values: Vec<f64> = parts.into_iter().flat_map(|p| p.values).collect();
    Ok(Results::Experiment(ExperimentRun {
        experiment: e,
        provenance: ExperimentProvenance::new(e),
        runs: 0..own.runs,
        shard: None,
        values,
    }))
}

/// The hashes of the input files a part (or this experiment) was made from.
fn input_hashes(h: &SweepPartHeader) -> Vec<String> {
    h.files.iter().map(|f| f.sha256.clone()).collect()
}

/// Part `p` must come from the same steppe, experiment and inputs as the `first` part and this
/// experiment (`own`), and hold exactly the runs its shard number says.
fn check_belongs(
    p: &SweepPart,
    first: &SweepPart,
    own: &SweepPartHeader,
) -> Result<(), SimulateError> {
    let h = &p.header;
    let m = first.header.shards;
    let mismatch = |what: &str| {
        part_error(
            &p.name,
            format!(
                "cannot merge with {}: the parts differ in {what}",
                first.name
            ),
        )
    };
    if h.steppe_version != own.steppe_version {
        return Err(mismatch("steppe version"));
    }
    if h.seed != own.seed || h.runs != own.runs || h.outcomes != own.outcomes || h.shards != m {
        return Err(mismatch("seed, size, outcomes or number of shards"));
    }
    if input_hashes(h) != input_hashes(own) {
        return Err(mismatch("input files"));
    }
    let range = crate::ensemble::part::shard_range(h.runs, h.shard.max(1), m.max(1));
    if h.shard == 0 || h.shard > m || range != (h.first_run..h.end_run) {
        return Err(part_error(
            &p.name,
            "the part's shard numbers are inconsistent",
        ));
    }
    Ok(())
}

/// The parts, sorted by shard, must hold each shard once and none may be missing.
fn check_complete(parts: &[SweepPart]) -> Result<(), SimulateError> {
    let m = parts[0].header.shards;
    for w in parts.windows(2) {
        if w[0].header.shard == w[1].header.shard {
            return Err(part_error(
                &w[1].name,
                format!("shard {}/{m} is given twice", w[1].header.shard),
            ));
        }
    }
    let missing: Vec<String> = (1..=m)
        .filter(|k| !parts.iter().any(|p| p.header.shard == *k))
        .take(10)
        .map(|k| format!("{k}/{m}"))
        .collect();
    if !missing.is_empty() {
        return Err(part_error(
            &parts[0].name,
            format!("shards missing: {}", missing.join(", ")),
        ));
    }
    Ok(())
}
