//! The model outputs an observation rule reads: a metric, or the states' own share.

use crate::metric::{Metric, MetricError, Scope};
use crate::world::World;

/// A model output a rule reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Output {
    /// A metric, e.g. `china.kazakhstan.economy`.
    Metric(Metric),
    /// The states' own share (1 minus every power's influence) in a scope and domain.
    Autonomy {
        /// The state or the region.
        scope: Scope,
        /// The domain, or `None` for all domains.
        domain: Option<usize>,
    },
}

impl Output {
    /// Reads `power.scope.domain` or `autonomy.scope.domain`.
    pub fn parse(world: &World, text: &str) -> Result<Output, MetricError> {
        match text.split_once('.') {
            Some(("autonomy", rest)) => {
                let first = world.powers.first().map_or("", |p| p.id.as_str());
                let m = Metric::parse(world, &format!("{first}.{rest}")).map_err(|mut e| {
                    e.message = e.message.replace(&format!("{first}.{rest}"), text);
                    e
                })?;
                Ok(Output::Autonomy {
                    scope: m.scope,
                    domain: m.domain,
                })
            }
            _ => Metric::parse(world, text).map(Output::Metric),
        }
    }

    /// The metrics the output is computed from, with their coefficients, and a constant:
    /// output = constant + sum of coefficient x metric.
    pub fn terms(&self, world: &World) -> (f64, Vec<(Metric, f64)>) {
        match *self {
            Output::Metric(m) => (0.0, vec![(m, 1.0)]),
            Output::Autonomy { scope, domain } => (
                1.0,
                (0..world.powers.len())
                    .map(|power| {
                        (
                            Metric {
                                power,
                                scope,
                                domain,
                            },
                            -1.0,
                        )
                    })
                    .collect(),
            ),
        }
    }
}
