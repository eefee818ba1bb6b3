//! Running one member: a worker's buffers, and member `i` of every scenario run into them
//! (parameters drawn from the member's own random streams, then the series the folds read).
//! How members are handed out to workers and folded is in the parent module.

use super::Ensemble;
use crate::engine::{Engine, Trajectory, cap_influence, draw_parameters, member_streams};
use crate::model::Variables;

/// One thread's buffers, reused for every member it runs: each scenario's state and trajectory,
/// the parameter values drawn, and the metric and driver series (filled unless only
/// trajectories are wanted).
pub(super) struct Worker {
    pub(super) states: Vec<Variables>,
    pub(super) trajectories: Vec<Trajectory>,
    pub(super) world_values: Vec<f64>,
    pub(super) scenario_values: Vec<Vec<f64>>,
    pub(super) metrics: Vec<Vec<f64>>,
    pub(super) drivers: Vec<Vec<f64>>,
}

impl Ensemble<'_> {
    /// Fresh buffers for one worker, sized for every scenario of the ensemble.
    pub(super) fn worker(&self) -> Worker {
        let n = self.scenarios.len();
        Worker {
            states: self.engines.iter().map(Engine::new_variables).collect(),
            trajectories: self
                .engines
                .iter()
                .map(|e| Trajectory::new(&e.plan))
                .collect(),
            world_values: vec![0.0; self.world.params.len()],
            scenario_values: vec![vec![0.0; self.world.params.len()]; n],
            metrics: vec![vec![0.0; self.layout.metrics.len() * self.layout.points]; n],
            drivers: vec![vec![0.0; self.layout.driver_ranges.len() * self.layout.points]; n],
        }
    }

    /// Runs member `i` of every scenario into the worker's buffers; `Err(scenario)` if a value is
    /// not finite.
    pub(super) fn run_member(&self, w: &mut Worker, i: u64) -> Result<(), usize> {
        let (params, dynamics) = member_streams(self.seed, i);
        for (k, scenario) in self.scenarios.iter().enumerate() {
            let mut rng = params.clone();
            let influence0 = &self.engines[k].plan.influence0;
            draw_parameters(
                &self.world.params,
                &scenario.params,
                influence0,
                self.world.powers.len(),
                &mut rng,
                &mut w.world_values,
                &mut w.scenario_values[k],
            );
            if let Some((samples, overridden)) = &self.posterior {
                let u: f64 = rand::RngExt::random(&mut rng);
                samples.apply(
                    u,
                    &mut w.world_values,
                    &mut w.scenario_values[k],
                    &overridden[k],
                );
                let powers = self.world.powers.len();
                cap_influence(influence0, powers, &mut w.world_values);
                cap_influence(influence0, powers, &mut w.scenario_values[k]);
            }
            self.engines[k].run_into(
                &w.world_values,
                &w.scenario_values[k],
                dynamics.clone(),
                &mut w.states[k],
                &mut w.trajectories[k],
            );
            if !self.series {
                if !w.trajectories[k].influence.iter().all(|v| v.is_finite()) {
                    return Err(k);
                }
                continue;
            }
            self.layout
                .metric_series(&w.trajectories[k], &mut w.metrics[k]);
            self.layout
                .driver_series(&w.trajectories[k], &mut w.drivers[k]);
            if !w.metrics[k]
                .iter()
                .chain(&w.drivers[k])
                .all(|v| v.is_finite())
            {
                return Err(k);
            }
        }
        Ok(())
    }
}
