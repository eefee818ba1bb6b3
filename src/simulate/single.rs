//! A single run at central parameter values, with every metric's series.

use super::{RunSpec, SimulateError, SingleRun};
use crate::engine::Engine;
use crate::inputs::Loaded;
use crate::metric::{Weights, all_metrics, metric_series};
use crate::provenance::Provenance;

/// Runs a scenario once, at its central values, as the spec says.
pub(super) fn run<'a>(loaded: &'a Loaded, spec: &RunSpec) -> Result<SingleRun<'a>, SimulateError> {
    let world = &loaded.world;
    let seed = spec.seed.unwrap_or(loaded.scenario.seed);
    let noise = spec.noise.unwrap_or(loaded.scenario.noise);
    let engine = Engine::new(world, &loaded.scenario)
        .with_seed(seed)
        .with_noise(noise);
    let trajectory = engine.run_central();
    let finite = trajectory
        .influence
        .iter()
        .chain(&trajectory.drivers)
        .chain(&trajectory.resources)
        .all(|v| v.is_finite());
    if !finite {
        return Err(SimulateError::NotFinite);
    }
    let metrics = all_metrics(world);
    let weights = Weights::new(world);
    let series = metric_series(&weights, &trajectory.influence, trajectory.cells, &metrics);
    spec.tick(1);
    Ok(SingleRun {
        loaded,
        provenance: Provenance::new(loaded, seed, noise, None),
        trajectory,
        weights,
        metrics,
        series,
    })
}
