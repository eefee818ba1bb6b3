//! Sweeps: an experiment's points run with the ensemble's machinery (compiled engines, member
//! random streams, parameter draws), recording only the outcomes asked for. Run `r` is point
//! `r / replicates`, replicate `r % replicates`; replicate `j` uses member `j`'s random streams
//! at every point (common random numbers), and the baseline shares them. Each run depends on
//! its index alone, so results are the same for any thread count and any split into shards.

use rayon::prelude::*;

use super::{ExperimentRun, Results, RunSpec, Shard, SimulateError};
use crate::engine::{Engine, Trajectory, cap_influence, draw_parameters, member_streams};
use crate::experiment::part::SweepPartHeader;
use crate::experiment::{Experiment, Others};
use crate::inputs::Loaded;
use crate::metric::Weights;
use crate::model::Variables;
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

struct Worker {
    states: Vec<Variables>,
    trajectories: Vec<Trajectory>,
    world: Vec<f64>,
    scenario: Vec<f64>,
    x: Vec<f64>,
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
    let runs = spec.shard.map_or(0..total, |s| s.range(total));
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
    let weights = Weights::new(world);
    let calendar = &e.scenario.scenario.calendar;
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
    let powers = world.powers.len();
    let n_out = e.outcomes.len();
    let mut values = vec![0.0; (runs.end - runs.start) as usize * n_out];
    let new_worker = || Worker {
        states: engines.iter().map(Engine::new_variables).collect(),
        trajectories: engines.iter().map(|g| Trajectory::new(&g.plan)).collect(),
        world: vec![0.0; world.params.len()],
        scenario: vec![0.0; world.params.len()],
        x: vec![0.0; e.factors.len()],
    };
    values
        .par_chunks_mut(CHUNK * n_out)
        .enumerate()
        .for_each_init(new_worker, |w, (c, out)| {
            let first = runs.start + (c * CHUNK) as u64;
            for (i, row) in out.chunks_exact_mut(n_out).enumerate() {
                let r = first + i as u64;
                let (point, replicate) = (r / e.replicates, r % e.replicates);
                let (params, dynamics) = member_streams(e.seed, replicate);
                e.point(point, &mut w.x);
                for (s, (engine, l)) in engines.iter().zip(&scenarios).enumerate() {
                    match e.others {
                        Others::Central => {
                            let (wc, sc) = engine.central_values();
                            w.world.copy_from_slice(wc);
                            w.scenario.copy_from_slice(sc);
                        }
                        Others::Drawn => draw_parameters(
                            &l.world.params,
                            &l.scenario.params,
                            &engine.plan.influence0,
                            powers,
                            &mut params.clone(),
                            &mut w.world,
                            &mut w.scenario,
                        ),
                    }
                    for (j, f) in e.factors.iter().enumerate() {
                        w.world[f.param.ix()] = w.x[j];
                        if !held[s][j] {
                            w.scenario[f.param.ix()] = w.x[j];
                        }
                    }
                    cap_influence(&engine.plan.influence0, powers, &mut w.world);
                    cap_influence(&engine.plan.influence0, powers, &mut w.scenario);
                    engine.run_into(
                        &w.world,
                        &w.scenario,
                        dynamics.clone(),
                        &mut w.states[s],
                        &mut w.trajectories[s],
                    );
                }
                let (own, base) = w.trajectories.split_at(1);
                for (v, o) in row.iter_mut().zip(&e.outcomes) {
                    *v = o.evaluate(&weights, calendar, &own[0], base.first());
                }
            }
            spec.tick((out.len() / n_out.max(1)) as u64);
        });
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
    let hashes = |h: &SweepPartHeader| h.files.iter().map(|f| f.sha256.clone()).collect::<Vec<_>>();
    if hashes(&first.header) != hashes(&own) {
        return Err(part_error(
            &first.name,
            format!(
                "the experiment or its input files have changed since the parts were written (compare `{}` and the files it uses)",
                own.file
            ),
        ));
    }
    let m = first.header.shards;
    for p in &parts {
        let h = &p.header;
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
        if hashes(h) != hashes(&own) {
            return Err(mismatch("input files"));
        }
        let range = crate::ensemble::part::shard_range(h.runs, h.shard.max(1), m.max(1));
        if h.shard == 0 || h.shard > m || range != (h.first_run..h.end_run) {
            return Err(part_error(
                &p.name,
                "the part's shard numbers are inconsistent",
            ));
        }
    }
    parts.sort_by_key(|p| p.header.shard);
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
    let values: Vec<f64> = parts.into_iter().flat_map(|p| p.values).collect();
    Ok(Results::Experiment(ExperimentRun {
        experiment: e,
        provenance: ExperimentProvenance::new(e),
        runs: 0..own.runs,
        shard: None,
        values,
    }))
}
