//! Calibration by approximate Bayesian computation (rejection). Members of the replay's ensemble
//! draw every uncertain parameter from its range, exactly as ensembles do (the prior); each is
//! run recording only the outcomes the observation rules read (member-level outcomes of
//! [`crate::simulate`]), scored by its distance from the measured series (root mean square of
//! standardised errors over the training forecasts), and the `accept` closest members are the
//! posterior sample. Ties are broken by member index, so the selection is exact and the same for
//! any number of threads, any batching and any split into shards ([`merge`]).
//!
//! [`posterior`] turns a selection into posterior samples of the calibrated parameters with their
//! statistics; [`part`] holds shards' selections as files for `steppe merge`.

pub mod headline;
pub mod part;
pub mod posterior;
pub mod samples_file;

use std::cmp::Ordering;
use std::ops::Range;

use crate::ensemble::part::shard_range;
use crate::history::observe::Observations;
use crate::history::predict::Predictor;
use crate::inputs::Loaded;
use crate::simulate::{Progress, Results, RunSpec, Shard, SimulateError, Subject, simulate};

/// Members run per call of the simulator (bounds the memory of member-level outcomes).
pub const BATCH: u64 = 65_536;

/// Which forecasts the distance uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Train {
    /// Forecasts before the rules' `test_from` (the calibration period).
    InSample,
    /// Every forecast.
    All,
}

impl Train {
    /// Name in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Train::InSample => "in-sample",
            Train::All => "all",
        }
    }
}

/// How to calibrate.
#[derive(Clone)]
pub struct CalibrationSpec {
    /// Members drawn from the prior (the whole calibration, all shards together).
    pub members: u64,
    /// Size of the posterior sample: the closest members kept.
    pub accept: usize,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Worker threads (default: every core); results do not depend on it.
    pub threads: Option<usize>,
    /// Run only this shard of the members.
    pub shard: Option<Shard>,
    /// Which forecasts the distance uses.
    pub train: Train,
    /// Told how many members have finished.
    pub progress: Option<Progress>,
}

/// A member and its distance from the measurements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Member index.
    pub member: u64,
    /// Distance (infinite for a member whose prediction is not finite).
    pub distance: f64,
}

fn order(a: &Candidate, b: &Candidate) -> Ordering {
    a.distance
        .total_cmp(&b.distance)
        .then(a.member.cmp(&b.member))
}

/// The closest members of a calibration (or of one shard of it).
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// Members of the whole calibration.
    pub members: u64,
    /// The members this selection ran (all, or a shard's).
    pub ran: Range<u64>,
    /// Seed.
    pub seed: u64,
    /// Posterior sample size asked for.
    pub accept: usize,
    /// Which forecasts the distance used.
    pub train: Train,
    /// Number of forecasts the distance used.
    pub forecasts: usize,
    /// The closest members, closest first (ties by member index), at most `accept`.
    pub candidates: Vec<Candidate>,
}

impl Selection {
    /// The distance of the last member accepted (the rejection threshold).
    pub fn epsilon(&self) -> f64 {
        self.candidates.last().map_or(f64::NAN, |c| c.distance)
    }
}

/// Why a calibration could not be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrateError {
    /// The simulation failed.
    #[error("{0}")]
    Simulate(#[from] SimulateError),
    /// No forecast to fit.
    #[error("the observation rules give no {0} forecast to calibrate on")]
    NoData(&'static str),
    /// The spec does not make sense.
    #[error("{0}")]
    Spec(String),
}

/// Which forecasts a predictor's distance uses for `train`.
pub fn training_mask(predictor: &Predictor, train: Train) -> Vec<bool> {
    predictor
        .comparisons
        .iter()
        .map(|c| train == Train::All || !c.test)
        .collect()
}

/// Runs the members of the spec (or of its shard) and keeps the `accept` closest.
///
/// The members are run in batches of at most [`BATCH`] (so that their outcomes fit in memory);
/// after each batch only the `accept` closest so far are kept.
pub fn select(
    loaded: &Loaded,
    observations: &Observations,
    spec: &CalibrationSpec,
) -> Result<Selection, CalibrateError> {
    check_prior_and_accept(loaded, spec)?;
    let seed = spec.seed.unwrap_or(loaded.scenario.seed);
    let points = loaded.scenario.calendar.points();
    let predictor = Predictor::new(&loaded.world, observations, points, false, seed);
    let mask = training_mask(&predictor, spec.train);
    let forecasts = mask.iter().filter(|&&u| u).count();
    if forecasts == 0 {
        return Err(CalibrateError::NoData(spec.train.name()));
    }
    let shard = shard_of(spec)?;
    let ran = shard_range(spec.members, shard.index, shard.count);
    let scorer = Scorer {
        loaded,
        spec,
        seed,
        predictor: &predictor,
        mask: &mask,
    };
    let mut kept: Vec<Candidate> = Vec::new();
    for sub in batches(spec.members, shard) {
        if sub.range(spec.members).is_empty() {
            continue;
        }
        scorer.score_batch(sub, &mut kept)?;
        kept.sort_by(order);
        kept.truncate(spec.accept);
    }
    Ok(Selection {
        members: spec.members,
        ran,
        seed,
        accept: spec.accept,
        train: spec.train,
        forecasts,
        candidates: kept,
    })
}

/// A calibration draws from the prior, so the scenario must not name a posterior; and it
/// accepts between 1 and all of its members.
fn check_prior_and_accept(loaded: &Loaded, spec: &CalibrationSpec) -> Result<(), CalibrateError> {
    if loaded.posterior.is_some() {
        return Err(CalibrateError::Spec(
            "a calibration draws from the prior: remove the scenario's `posterior`".into(),
        ));
    }
    if spec.accept == 0 || spec.accept as u64 > spec.members {
        return Err(CalibrateError::Spec(format!(
            "accept between 1 and the number of members ({}) members",
            spec.members
        )));
    }
    Ok(())
}

/// The shard this run makes (the whole calibration if none), which must exist.
fn shard_of(spec: &CalibrationSpec) -> Result<Shard, CalibrateError> {
    let shard = spec.shard.unwrap_or(Shard { index: 1, count: 1 });
    if shard.index == 0 || shard.index > shard.count || shard.count > spec.members {
        return Err(CalibrateError::Spec(format!(
            "shard {}/{} of {} members does not exist",
            shard.index, shard.count, spec.members
        )));
    }
    Ok(shard)
}

/// The batches of a shard, as sub-shards: shard s of S is exactly sub-shards
/// (s - 1) B + 1 ..= s B of S B, whatever B, so batching never changes which members run.
fn batches(members: u64, shard: Shard) -> impl Iterator<Item = Shard> {
    let per_shard = members.div_ceil(shard.count);
    let batches = per_shard.div_ceil(BATCH).max(1);
    let sub_count = shard.count * batches;
    (1..=batches).map(move |j| Shard {
        index: (shard.index - 1) * batches + j,
        count: sub_count,
    })
}

/// Runs members and measures each one's distance from the measurements.
struct Scorer<'a> {
    loaded: &'a Loaded,
    spec: &'a CalibrationSpec,
    seed: u64,
    predictor: &'a Predictor,
    /// Which forecasts the distance uses.
    mask: &'a [bool],
}

impl Scorer<'_> {
    /// Runs the members of sub-shard `sub`, recording the outcomes the rules read, and adds
    /// each member with its distance to `kept` (infinite when it is not a finite number).
    fn score_batch(&self, sub: Shard, kept: &mut Vec<Candidate>) -> Result<(), CalibrateError> {
        let predictor = self.predictor;
        let run = RunSpec {
            seed: Some(self.seed),
            members: Some(self.spec.members),
            shard: Some(sub),
            threads: self.spec.threads,
            outcomes: predictor.outcomes.clone(),
            progress: self.spec.progress.clone(),
            ..RunSpec::default()
        };
        let Results::Outcomes(o) = simulate(Subject::Scenario(self.loaded), &run)? else {
            return Err(CalibrateError::Spec(
                "expected member-level outcomes".into(),
            ));
        };
        let k = predictor.outcomes.len();
        let mut coefs = vec![(0.0, 0.0); predictor.rules()];
        let mut preds = vec![0.0; predictor.comparisons.len()];
        for (row, member) in o.values.chunks_exact(k.max(1)).zip(o.members.clone()) {
            predictor.coefficients(member, &mut coefs);
            predictor.predict(row, &coefs, &mut preds);
            let d = predictor
                .distance(&preds, self.mask)
                .unwrap_or(f64::INFINITY);
            kept.push(Candidate {
                member,
                distance: if d.is_nan() { f64::INFINITY } else { d },
            });
        }
        Ok(())
    }
}

/// Merges the selections of shards into the selection one machine would have made.
pub fn merge(parts: Vec<Selection>) -> Option<Selection> {
    let mut it = parts.into_iter();
    let mut all = it.next()?;
    for p in it {
        all.candidates.extend(p.candidates);
        all.ran = all.ran.start.min(p.ran.start)..all.ran.end.max(p.ran.end);
    }
    all.candidates.sort_by(order);
    all.candidates.truncate(all.accept);
    Some(all)
}
