//! Running members: a worker's buffers, and members `i..i + count` of every scenario run into
//! them side by side, one per lane (parameters drawn from each member's own random streams,
//! then the series the folds read). How members are handed out to workers and folded is in the
//! parent module.

use rand_chacha::ChaCha8Rng;

use super::Ensemble;
use crate::engine::{Trajectory, cap_influence, draw_parameters, member_streams};
use crate::model::Variables;
use crate::model::lanes::LANES;

/// One thread's buffers, reused for every group of members it runs: each scenario's state (all
/// lanes), and per lane each scenario's trajectory, the parameter values drawn, and the metric
/// and driver series (filled unless only trajectories are wanted).
pub(super) struct Worker {
    pub(super) states: Vec<Variables<LANES>>,
    pub(super) trajectories: [Vec<Trajectory>; LANES],
    pub(super) world_values: [Vec<f64>; LANES],
    pub(super) scenario_values: [Vec<Vec<f64>>; LANES],
    pub(super) metrics: [Vec<Vec<f64>>; LANES],
    pub(super) drivers: [Vec<Vec<f64>>; LANES],
}

impl Ensemble<'_> {
    /// Fresh buffers for one worker, sized for every scenario of the ensemble.
    pub(super) fn worker(&self) -> Worker {
        let n = self.scenarios.len();
        let params = self.world.params.len();
        let (metrics, drivers, points) = (
            self.layout.metrics.len(),
            self.layout.driver_ranges.len(),
            self.layout.points,
        );
        Worker {
            states: self
                .engines
                .iter()
                .map(|e| Variables::new(&e.plan))
                .collect(),
            trajectories: std::array::from_fn(|_| {
                self.engines
                    .iter()
                    .map(|e| Trajectory::new(&e.plan))
                    .collect()
            }),
            world_values: std::array::from_fn(|_| vec![0.0; params]),
            scenario_values: std::array::from_fn(|_| vec![vec![0.0; params]; n]),
            metrics: std::array::from_fn(|_| vec![vec![0.0; metrics * points]; n]),
            drivers: std::array::from_fn(|_| vec![vec![0.0; drivers * points]; n]),
        }
    }

    /// Runs members `first..first + count` (`count` at most [`LANES`]) of every scenario into
    /// the worker's buffers, member `first + l` in lane `l`; lanes past `count` repeat the last
    /// member and are not read. Lane `l`'s result is `Err(scenario)` if a value of the first
    /// such scenario is not finite.
    pub(super) fn run_members(
        &self,
        w: &mut Worker,
        first: u64,
        count: usize,
    ) -> [Result<(), usize>; LANES] {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: `run_members_avx2` only needs AVX2, and this processor has it (checked
            // just above).
            return unsafe { self.run_members_avx2(w, first, count) };
        }
        self.run_members_portable(w, first, count)
    }

    /// [`Ensemble::run_members`] compiled for processors with AVX2: the parameter draws, the
    /// metric series of the lanes and the checks that values are finite, four values to an
    /// instruction instead of two. The same IEEE operations in the same order (nothing is
    /// fused), so the same bits. The step has its own AVX2 copy, chosen inside `run_lanes`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn run_members_avx2(
        &self,
        w: &mut Worker,
        first: u64,
        count: usize,
    ) -> [Result<(), usize>; LANES] {
        self.run_members_portable(w, first, count)
    }

    /// [`Ensemble::run_members`] for the processor the caller is compiled for.
    #[inline(always)]
    fn run_members_portable(
        &self,
        w: &mut Worker,
        first: u64,
        count: usize,
    ) -> [Result<(), usize>; LANES] {
        let member = |l: usize| first + l.min(count.saturating_sub(1)) as u64;
        let streams: [(ChaCha8Rng, ChaCha8Rng); LANES] =
            std::array::from_fn(|l| member_streams(self.seed, member(l)));
        let mut results = [Ok(()); LANES];
        for (k, scenario) in self.scenarios.iter().enumerate() {
            let influence0 = &self.engines[k].plan.influence0;
            for (l, (params, _)) in streams.iter().enumerate() {
                let mut rng = params.clone();
                draw_parameters(
                    &self.world.params,
                    &scenario.params,
                    influence0,
                    self.world.powers.len(),
                    &mut rng,
                    &mut w.world_values[l],
                    &mut w.scenario_values[l][k],
                );
                if let Some((samples, overridden)) = &self.posterior {
                    let u: f64 = rand::RngExt::random(&mut rng);
                    samples.apply(
                        u,
                        &mut w.world_values[l],
                        &mut w.scenario_values[l][k],
                        &overridden[k],
                    );
                    let powers = self.world.powers.len();
                    cap_influence(influence0, powers, &mut w.world_values[l]);
                    cap_influence(influence0, powers, &mut w.scenario_values[l][k]);
                }
            }
            let mut dynamics: [ChaCha8Rng; LANES] = std::array::from_fn(|l| streams[l].1.clone());
            self.engines[k].run_lanes(
                w.world_values.each_ref().map(Vec::as_slice),
                std::array::from_fn(|l| w.scenario_values[l][k].as_slice()),
                &mut dynamics,
                &mut w.states[k],
                w.trajectories.each_mut().map(|t| &mut t[k]),
            );
            if self.series {
                let trajectories = std::array::from_fn(|l| &w.trajectories[l][k]);
                let metrics = w.metrics.each_mut().map(|m| m[k].as_mut_slice());
                self.layout.metric_series_lanes(trajectories, metrics);
            }
            for (l, result) in results.iter_mut().enumerate().take(count) {
                if result.is_err() {
                    continue;
                }
                let trajectory = &w.trajectories[l][k];
                if !self.series {
                    if !all_finite(&trajectory.influence) {
                        *result = Err(k);
                    }
                    continue;
                }
                self.layout.driver_series(trajectory, &mut w.drivers[l][k]);
                if !all_finite(&w.metrics[l][k]) || !all_finite(&w.drivers[l][k]) {
                    *result = Err(k);
                }
            }
        }
        results
    }
}

/// Whether every value is finite, read without a branch so that it runs on whole vectors.
fn all_finite(values: &[f64]) -> bool {
    values.iter().fold(true, |all, v| all & v.is_finite())
}
