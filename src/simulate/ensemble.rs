//! Ensembles, comparisons and member-level outcomes, and merging shards back into one ensemble.

use std::collections::BTreeSet;
use std::ops::Range;

use super::draws::{MemberDraws, Recorder, headline, positions, uncertain};
use super::{
    ComparisonRun, EnsembleRun, Outcome, OutcomeRun, Results, RunSpec, Shard, SimulateError,
};
use crate::ensemble::aggregate::{Aggregate, Layout};
use crate::ensemble::part::{PartHeader, shard_range};
use crate::ensemble::{Ensemble, MemberView};
use crate::inputs::Loaded;
use crate::metric::Weights;
use crate::params::ParamId;
use crate::provenance::Provenance;
use crate::world::World;

/// Runs `n` members of the scenarios (paired, with differences from `baseline` when given).
pub(super) fn run<'a>(
    scenarios: &[&'a Loaded],
    baseline: Option<usize>,
    n: u64,
    spec: &RunSpec,
) -> Result<Results<'a>, SimulateError> {
    let lead = scenarios[baseline.unwrap_or(0)];
    let seed = spec.seed.unwrap_or(lead.scenario.seed);
    let ensemble = paired(scenarios, lead, seed, spec)?;
    let pass = Pass {
        scenarios,
        spec,
        seed,
        n,
        members: spec.shard.map_or(0..n, |s| s.range(n)),
    };
    if !spec.outcomes.is_empty() {
        return pass.outcomes(ensemble.trajectories_only());
    }
    let draws = DrawsRecorded::new(
        &lead.world,
        &ensemble.layout,
        scenarios.len(),
        spec.record_draws,
    );
    match baseline {
        Some(baseline) => pass.comparison(&ensemble, baseline, &draws),
        None => pass.ensemble(&ensemble, &draws),
    }
}

/// The scenarios paired on the lead scenario's world and seed (common random numbers), with the
/// run's noise setting and the lead's posterior samples, if it has any.
fn paired<'a>(
    scenarios: &[&'a Loaded],
    lead: &'a Loaded,
    seed: u64,
    spec: &RunSpec,
) -> Result<Ensemble<'a>, SimulateError> {
    let mut ensemble = Ensemble::new(
        &lead.world,
        scenarios.iter().map(|l| &l.scenario).collect(),
        seed,
    )?;
    if let Some(noise) = spec.noise {
        ensemble = ensemble.with_noise(noise);
    }
    if let Some(samples) = &lead.posterior {
        ensemble = ensemble.with_posterior(samples.clone());
    }
    Ok(ensemble)
}

/// Per member, in member order: `(member, values)` (kept trajectories or drawn parameters).
type Kept = Vec<(u64, Vec<f64>)>;

/// One pass over the members of an ensemble: what every kind of result (outcomes, comparison,
/// ensemble) needs to run its members and say where its numbers come from.
struct Pass<'a, 's> {
    scenarios: &'s [&'a Loaded],
    spec: &'s RunSpec,
    seed: u64,
    /// Members of the whole ensemble (provenance counts them all, even for one shard).
    n: u64,
    /// The members run here: all of them, or one shard's.
    members: Range<u64>,
}

impl<'a> Pass<'a, '_> {
    /// Tells the run's progress how many more members finished.
    fn progress(&self, k: u64) {
        self.spec.tick(k);
    }

    /// Where one scenario's numbers come from (its own noise setting unless the run overrides it).
    fn provenance(&self, l: &Loaded) -> Provenance {
        let noise = self.spec.noise.unwrap_or(l.scenario.noise);
        Provenance::new(l, self.seed, noise, Some(self.n))
    }

    /// Member-level outcomes only: the values asked for, no statistics of every series.
    fn outcomes(self, ensemble: Ensemble) -> Result<Results<'a>, SimulateError> {
        let progress = |k| self.progress(k);
        let values = outcomes(
            &ensemble,
            self.members.clone(),
            &self.spec.outcomes,
            &progress,
        )?;
        Ok(Results::Outcomes(OutcomeRun {
            scenarios: self.scenarios.to_vec(),
            seed: self.seed,
            outcomes: self.spec.outcomes.clone(),
            members: self.members,
            values,
        }))
    }

    /// Paired statistics of every scenario and their differences from `baseline`, with the
    /// draws recorded if asked for.
    fn comparison(
        self,
        ensemble: &Ensemble,
        baseline: usize,
        draws: &DrawsRecorded,
    ) -> Result<Results<'a>, SimulateError> {
        let (stats, rec) = ensemble.aggregate_with(
            self.members.clone(),
            Some(baseline),
            &|k| self.progress(k),
            Recorder::default,
            |r, m| draws.add(r, m),
            Recorder::merge,
        )?;
        Ok(Results::Comparison(ComparisonRun {
            scenarios: self.scenarios.to_vec(),
            baseline,
            provenance: self.scenarios.iter().map(|l| self.provenance(l)).collect(),
            seed: self.seed,
            members: self.n,
            layout: ensemble.layout.clone(),
            stats,
            draws: draws.finish(rec, self.members.clone()),
        }))
    }

    /// Statistics of one scenario's members (this shard's), with the members' trajectories and
    /// drawn parameters kept, and their draws recorded, if asked for.
    fn ensemble(
        self,
        ensemble: &Ensemble,
        draws: &DrawsRecorded,
    ) -> Result<Results<'a>, SimulateError> {
        let l = self.scenarios[0];
        let folded = if self.spec.keep_members || self.spec.keep_parameters {
            self.keeping(ensemble, draws)?
        } else {
            self.statistics_only(ensemble, draws)?
        };
        Ok(Results::Ensemble(EnsembleRun {
            loaded: l,
            provenance: self.provenance(l),
            layout: ensemble.layout.clone(),
            aggregate: folded.aggregate,
            draws: draws.finish(folded.recorder, self.members.clone()),
            members: self.members,
            shard: self.spec.shard,
            kept: folded.kept,
            parameters: folded.parameters,
        }))
    }

    /// Folds the members into statistics while keeping each member's influence trajectory
    /// and/or drawn parameters, as asked; the kept lists come back in member order.
    fn keeping(&self, ensemble: &Ensemble, draws: &DrawsRecorded) -> Result<Folded, SimulateError> {
        let layout = &ensemble.layout;
        let (keep_members, keep_parameters) = (self.spec.keep_members, self.spec.keep_parameters);
        let (aggregate, mut kept, mut parameters, recorder) = ensemble.fold(
            self.members.clone(),
            &|k| self.progress(k),
            || {
                (
                    Aggregate::new(layout),
                    Kept::new(),
                    Kept::new(),
                    Recorder::default(),
                )
            },
            |(agg, kept, parameters, rec), m| {
                agg.add(layout, &m.metrics[0], &m.drivers[0]);
                if keep_members {
                    kept.push((m.member, m.trajectories[0].influence.clone()));
                }
                if keep_parameters {
                    parameters.push((m.member, m.parameters[0].clone()));
                }
                draws.add(rec, m);
            },
            |(a, k, p, r), (b, mut kb, mut pb, rb)| {
                a.merge(&b);
                k.append(&mut kb);
                p.append(&mut pb);
                r.merge(rb);
            },
        )?;
        kept.sort_by_key(|(i, _)| *i);
        parameters.sort_by_key(|(i, _)| *i);
        Ok(Folded {
            aggregate,
            kept: keep_members.then_some(kept),
            parameters: keep_parameters.then_some(parameters),
            recorder,
        })
    }

    /// Folds the members into statistics only (batched, the fast path), nothing kept.
    fn statistics_only(
        &self,
        ensemble: &Ensemble,
        draws: &DrawsRecorded,
    ) -> Result<Folded, SimulateError> {
        let (stats, recorder) = ensemble.aggregate_with(
            self.members.clone(),
            None,
            &|k| self.progress(k),
            Recorder::default,
            |r, m| draws.add(r, m),
            Recorder::merge,
        )?;
        let aggregate = stats
            .scenarios
            .into_iter()
            .next()
            .unwrap_or_else(|| Aggregate::new(&ensemble.layout));
        Ok(Folded {
            aggregate,
            kept: None,
            parameters: None,
            recorder,
        })
    }
}

/// One scenario's statistics from a pass over its members, with what was kept on the way.
struct Folded {
    aggregate: Aggregate,
    kept: Option<Kept>,
    parameters: Option<Kept>,
    recorder: Recorder,
}

/// The members' draws recorded for attribution (which parameters drive each headline result),
/// or nothing when the run does not ask for them.
struct DrawsRecorded {
    record: bool,
    /// The uncertain parameters whose drawn values are recorded.
    params: Vec<ParamId>,
    /// The headline results recorded.
    heads: Vec<Outcome>,
    /// Where each headline result sits in a member's metric series: (scenario, index).
    at: Vec<(usize, usize)>,
}

impl DrawsRecorded {
    fn new(world: &World, layout: &Layout, scenarios: usize, record: bool) -> DrawsRecorded {
        let params = uncertain(world);
        let heads = headline(world, layout, scenarios);
        let at = positions(layout, &heads);
        DrawsRecorded {
            record,
            params,
            heads,
            at,
        }
    }

    /// Adds one member's draws to a worker's recorder (if recording).
    fn add(&self, r: &mut Recorder, m: &MemberView) {
        if self.record {
            r.add(&self.params, &self.at, m);
        }
    }

    /// The recorded draws of `members`, in member order (if recording).
    fn finish(&self, r: Recorder, members: Range<u64>) -> Option<MemberDraws> {
        self.record
            .then(|| r.finish(self.params.clone(), self.heads.clone(), members))
    }
}

/// Every member's outcomes, in member order: `[(member - start) * outcomes + outcome]`. Only the
/// outcomes asked for are computed, from each member's trajectory.
fn outcomes(
    ensemble: &Ensemble,
    members: Range<u64>,
    wanted: &[Outcome],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Vec<f64>, SimulateError> {
    let weights = &ensemble.layout.weights;
    let (ids, values) = ensemble.fold(
        members.clone(),
        progress,
        || (Vec::new(), Vec::new()),
        |(ids, values): &mut (Vec<u64>, Vec<f64>), m| {
            ids.push(m.member);
            // Bit for bit the value the metric series would hold (Weights::value).
            values.extend(wanted.iter().map(|o| {
                weights.value(m.trajectories[o.scenario].influence_at(o.point), &o.metric)
            }));
        },
        |(a, va), (b, vb)| {
            a.extend(b);
            va.extend(vb);
        },
    )?;
    let k = wanted.len();
    let mut out = vec![0.0; values.len()];
    for (j, member) in ids.iter().enumerate() {
        let row = (member - members.start) as usize;
        out[row * k..(row + 1) * k].copy_from_slice(&values[j * k..(j + 1) * k]);
    }
    Ok(out)
}

/// One shard's statistics, as read from a part file, with a name for messages.
#[derive(Debug, Clone)]
pub struct Part {
    /// The part file's name, as the user gave it.
    pub name: String,
    /// What the part holds.
    pub header: PartHeader,
    /// Its statistics.
    pub aggregate: Aggregate,
    /// Its members' draws, if the shard recorded them.
    pub draws: Option<crate::ensemble::part::PartDraws>,
}

/// The content hashes of input files (paths depend on where a command is run from).
fn hashes(files: &[crate::provenance::FileRef]) -> Vec<&str> {
    files.iter().map(|f| f.sha256.as_str()).collect()
}

fn parts_error(name: &str, message: impl Into<String>) -> SimulateError {
    SimulateError::Parts {
        file: name.to_string(),
        message: message.into(),
    }
}

/// Checks that the parts belong together and cover every shard exactly once.
fn check_parts(parts: &[Part]) -> Result<(), SimulateError> {
    let first = &parts[0];
    for p in &parts[1..] {
        let mismatch = |what: &str| {
            parts_error(
                &p.name,
                format!(
                    "cannot merge with {}: the parts differ in {what}",
                    first.name
                ),
            )
        };
        let (h, f) = (&p.header, &first.header);
        if h.scenario != f.scenario || hashes(&h.files) != hashes(&f.files) {
            return Err(mismatch("scenario or input files"));
        }
        if h.seed != f.seed {
            return Err(mismatch("seed"));
        }
        if h.overrides != f.overrides {
            return Err(mismatch("command-line changes (--set, --start, --end)"));
        }
        if h.steppe_version != f.steppe_version {
            return Err(mismatch("steppe version"));
        }
        if h.members != f.members || h.shards != f.shards || h.noise != f.noise {
            return Err(mismatch("ensemble size, number of shards or noise setting"));
        }
    }
    let m = first.header.shards;
    if parts.len() as u64 > m {
        return Err(parts_error(
            &first.name,
            format!("{} parts given for {m} shards", parts.len()),
        ));
    }
    let mut seen = BTreeSet::new();
    for p in parts {
        let h = &p.header;
        if h.shard == 0
            || h.shard > m
            || shard_range(h.members, h.shard, m) != (h.first_member..h.end_member)
        {
            return Err(parts_error(
                &p.name,
                "the part's shard numbers are inconsistent",
            ));
        }
        if !seen.insert(h.shard) {
            return Err(parts_error(
                &p.name,
                format!("shard {}/{m} is given twice", h.shard),
            ));
        }
    }
    // Fewer parts than shards: name the first few missing ones.
    let missing: Vec<String> = (1..=m)
        .filter(|k| !seen.contains(k))
        .take(10)
        .map(|k| format!("{k}/{m}"))
        .collect();
    if !missing.is_empty() {
        return Err(parts_error(
            &first.name,
            format!("shards missing: {}", missing.join(", ")),
        ));
    }
    Ok(())
}

/// Adds the shards of an ensemble of `loaded` back together: exactly the result one machine
/// would have computed. The parts must all be there, belong together and match the scenario's
/// input files (by hash).
pub fn merge<'a>(loaded: &'a Loaded, parts: Vec<Part>) -> Result<Results<'a>, SimulateError> {
    if parts.is_empty() {
        return Err(SimulateError::Spec("no parts to merge".into()));
    }
    check_parts(&parts)?;
    let first = &parts[0];
    let header = first.header.clone();
    if hashes(&loaded.files) != hashes(&header.files) {
        return Err(parts_error(
            &first.name,
            format!(
                "the scenario or world files have changed since the parts were written (compare `{}` and the files it uses)",
                header.file
            ),
        ));
    }
    let layout = Layout::new(
        &loaded.world,
        &loaded.scenario.calendar,
        Weights::new(&loaded.world),
    );
    let mut total = Aggregate::new(&layout);
    let recorded = parts.iter().filter(|p| p.draws.is_some()).count();
    if recorded != 0 && recorded != parts.len() {
        return Err(parts_error(
            &first.name,
            "some parts hold the members' draws and some do not; write them all with the same steppe command",
        ));
    }
    for p in &parts {
        let a = &p.aggregate;
        if !a.influence.same_shape(&total.influence)
            || !a.drivers.same_shape(&total.drivers)
            || a.first_overtake.len() != total.first_overtake.len()
        {
            return Err(parts_error(
                &first.name,
                "the parts do not match this scenario's series",
            ));
        }
        total.merge(a);
    }
    let mut ordered: Vec<&Part> = parts.iter().collect();
    ordered.sort_by_key(|p| p.header.shard);
    let mut draws: Option<MemberDraws> = None;
    for p in ordered {
        let Some(d) = p.draws.clone() else { continue };
        let range = p.header.first_member..p.header.end_member;
        let d = MemberDraws::from_part(d, &loaded.world, &layout, 1, range).ok_or_else(|| {
            parts_error(
                &p.name,
                "the part's recorded draws do not match this scenario",
            )
        })?;
        match draws.as_mut() {
            Some(all) => all.append(d),
            None => draws = Some(d),
        }
    }
    Ok(Results::Ensemble(EnsembleRun {
        loaded,
        provenance: Provenance::new(loaded, header.seed, header.noise, Some(header.members)),
        layout,
        aggregate: total,
        members: 0..header.members,
        shard: None::<Shard>,
        kept: None,
        draws,
        parameters: None,
    }))
}
