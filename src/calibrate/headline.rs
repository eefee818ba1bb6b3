//! How scenarios' headline results change from prior to posterior: paired ensembles of a
//! baseline and scenarios, run once drawing parameters from their ranges and once drawing the
//! calibrated ones from posterior samples, compared on each power's regional influence by domain
//! at the end of the run.

use std::sync::Arc;

use crate::ensemble::ParamSamples;
use crate::inputs::Loaded;
use crate::metric::{Metric, Scope};
use crate::simulate::{Results, RunSpec, SimulateError, Subject, simulate};

/// A difference from the baseline (scenario minus baseline, paired members) at the end of the run.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Difference {
    /// 5 % quantile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95 % quantile.
    pub p95: f64,
    /// Median level of the scenario's metric itself.
    pub level: f64,
}

/// One scenario's one metric, prior and posterior.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadlineRow {
    /// The scenario's name.
    pub scenario: String,
    /// The metric's name, e.g. `russia.region.security`.
    pub metric: String,
    /// Drawing every parameter from its range.
    pub prior: Difference,
    /// Drawing the calibrated parameters from the posterior.
    pub posterior: Difference,
}

/// Differences of `scenarios[1..]` from `scenarios[0]` at the end, for every power's regional
/// influence in every domain.
fn differences(
    scenarios: &[Loaded],
    members: u64,
    seed: u64,
) -> Result<Vec<(String, String, Difference)>, SimulateError> {
    let spec = RunSpec::ensemble(members).with_seed(seed);
    let Results::Comparison(c) = simulate(
        Subject::Comparison {
            scenarios,
            baseline: 0,
        },
        &spec,
    )?
    else {
        return Err(SimulateError::Spec("expected a comparison".into()));
    };
    let w = &scenarios[0].world;
    let last = c.layout.points - 1;
    let mut out = Vec::new();
    for (k, l) in scenarios.iter().enumerate().skip(1) {
        let Some(d) = &c.stats.differences[k] else {
            continue;
        };
        for power in 0..w.powers.len() {
            for domain in 0..w.domains.len() {
                let m = Metric {
                    power,
                    scope: Scope::Region,
                    domain: Some(domain),
                };
                let i = c.layout.metric_index(&m) * c.layout.points + last;
                out.push((
                    l.scenario.name.clone(),
                    m.name(w),
                    Difference {
                        p05: d.stats.quantile(i, 0.05),
                        p50: d.stats.quantile(i, 0.5),
                        p95: d.stats.quantile(i, 0.95),
                        level: c.stats.scenarios[k].influence.quantile(i, 0.5),
                    },
                ));
            }
        }
    }
    Ok(out)
}

/// Runs the comparison with the prior and with `samples` (members drawing the calibrated
/// parameters from them); `scenarios[0]` is the baseline.
pub fn headline(
    scenarios: &mut [Loaded],
    samples: &ParamSamples,
    members: u64,
    seed: u64,
) -> Result<Vec<HeadlineRow>, SimulateError> {
    for l in scenarios.iter_mut() {
        l.posterior = None;
    }
    let prior = differences(scenarios, members, seed)?;
    scenarios[0].posterior = Some(Arc::new(samples.clone()));
    let posterior = differences(scenarios, members, seed)?;
    scenarios[0].posterior = None;
    Ok(prior
        .into_iter()
        .zip(posterior)
        .map(
            |((scenario, metric, prior), (_, _, posterior))| HeadlineRow {
                scenario,
                metric,
                prior,
                posterior,
            },
        )
        .collect())
}
