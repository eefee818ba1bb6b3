//! Aggregate views of influence: a power's influence over the region (states weighted by their
//! regional weight) and over all domains (weighted by baseline salience).
//!
//! The weights are fixed from the world's central values, so that a metric means the same thing
//! at every date, in every member and in every scenario compared.

use super::{Metric, Scope};
use crate::world::World;

/// Fixed aggregation weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    /// `[state]` regional weight, summing to 1.
    pub state: Vec<f64>,
    /// `[domain]` baseline salience, summing to 1.
    pub domain: Vec<f64>,
    powers: usize,
    domains: usize,
}

fn normalised(v: Vec<f64>) -> Vec<f64> {
    let total: f64 = v.iter().sum();
    if total > 0.0 {
        v.iter().map(|x| x / total).collect()
    } else {
        vec![1.0 / v.len().max(1) as f64; v.len()]
    }
}

impl Weights {
    /// Weights from a world's central values. They come from the world, not a scenario, so a
    /// metric means the same thing in every scenario and comparison.
    pub fn new(world: &World) -> Weights {
        let params = &world.params;
        Weights {
            state: normalised(
                world
                    .states
                    .iter()
                    .map(|s| params.get(s.weight).value)
                    .collect(),
            ),
            domain: normalised(
                world
                    .domains
                    .iter()
                    .map(|d| params.get(d.salience).value)
                    .collect(),
            ),
            powers: world.powers.len(),
            domains: world.domains.len(),
        }
    }

    /// Position of a metric in [`all_metrics`] order. Infallible for metrics of this world (they
    /// are checked when parsed), so no lookup can silently fall back to another metric.
    #[inline]
    pub fn index(&self, m: &Metric) -> usize {
        let per_scope = self.domains + 1;
        let per_power = (self.state.len() + 1) * per_scope;
        let scope = match m.scope {
            Scope::Region => 0,
            Scope::State(s) => s + 1,
        };
        let domain = m.domain.map_or(0, |d| d + 1);
        m.power * per_power + scope * per_scope + domain
    }

    /// Number of metrics of the world (the length of [`all_metrics`]).
    pub fn metric_count(&self) -> usize {
        self.powers * (self.state.len() + 1) * (self.domains + 1)
    }

    /// The value of a metric given the influence of every cell at one point.
    #[inline]
    pub fn value(&self, influence: &[f64], m: &Metric) -> f64 {
        let cell = |s: usize, d: usize| influence[(s * self.domains + d) * self.powers + m.power];
        let in_state = |s: usize| match m.domain {
            Some(d) => cell(s, d),
            None => (0..self.domains).map(|d| self.domain[d] * cell(s, d)).sum(),
        };
        match m.scope {
            Scope::State(s) => in_state(s),
            Scope::Region => (0..self.state.len())
                .map(|s| self.state[s] * in_state(s))
                .sum(),
        }
    }
}

/// Every metric of a world: each power in the region and each state, overall and per domain.
/// Ordered power, then scope (region first), then domain (overall first).
pub fn all_metrics(world: &World) -> Vec<Metric> {
    let scopes: Vec<Scope> = std::iter::once(Scope::Region)
        .chain((0..world.states.len()).map(Scope::State))
        .collect();
    let domains: Vec<Option<usize>> = std::iter::once(None)
        .chain((0..world.domains.len()).map(Some))
        .collect();
    let mut out = Vec::new();
    for power in 0..world.powers.len() {
        for &scope in &scopes {
            for &domain in &domains {
                out.push(Metric {
                    power,
                    scope,
                    domain,
                });
            }
        }
    }
    out
}

/// Metric values over a trajectory: `[metric * points + point]`.
pub fn metric_series(
    weights: &Weights,
    influence: &[f64],
    cells: usize,
    metrics: &[Metric],
) -> Vec<f64> {
    let points = influence.len() / cells.max(1);
    let mut out = vec![0.0; metrics.len() * points];
    for t in 0..points {
        let at = &influence[t * cells..(t + 1) * cells];
        for (i, m) in metrics.iter().enumerate() {
            out[i * points + t] = weights.value(at, m);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_is_the_position_in_all_metrics() {
        let w = Weights {
            state: vec![0.5, 0.3, 0.2],
            domain: vec![0.6, 0.4],
            powers: 4,
            domains: 2,
        };
        let mut all = Vec::new();
        for power in 0..4 {
            for scope in std::iter::once(Scope::Region).chain((0..3).map(Scope::State)) {
                for domain in std::iter::once(None).chain((0..2).map(Some)) {
                    all.push(Metric {
                        power,
                        scope,
                        domain,
                    });
                }
            }
        }
        assert_eq!(all.len(), w.metric_count());
        for (i, m) in all.iter().enumerate() {
            assert_eq!(w.index(m), i);
        }
    }
}
