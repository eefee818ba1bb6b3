//! Metrics: named views of a run's influence, like `russia.region.security`, and the fixed
//! weights that aggregate cells into them.

mod weights;

use std::fmt;

pub use weights::{Weights, all_metrics, metric_series};

use crate::world::World;

/// Where influence is measured: one state or the weighted region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// All states, weighted by their regional weight.
    Region,
    /// One state.
    State(usize),
}

/// A power's influence in a scope and a domain (`None`: all domains, weighted by salience).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Metric {
    /// The power.
    pub power: usize,
    /// The state or the region.
    pub scope: Scope,
    /// The domain, or `None` for the salience-weighted overall influence.
    pub domain: Option<usize>,
}

/// Why a metric name could not be read, with the word at fault and valid alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricError {
    /// What is wrong.
    pub message: String,
    /// The part of the name that is wrong.
    pub word: String,
    /// Valid names for that part.
    pub candidates: Vec<String>,
}

impl Metric {
    /// Reads `power.scope.domain`, e.g. `china.kazakhstan.economy` or `us.region.overall`.
    pub fn parse(world: &World, text: &str) -> Result<Metric, MetricError> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 3 {
            return Err(MetricError {
                message: format!("`{text}` is not a metric: expected `power.state.domain`"),
                word: String::new(),
                candidates: Vec::new(),
            });
        }
        let powers: Vec<String> = world.powers.iter().map(|p| p.id.clone()).collect();
        let mut scopes: Vec<String> = vec!["region".into()];
        scopes.extend(world.states.iter().map(|s| s.id.clone()));
        let mut domains: Vec<String> = vec!["overall".into()];
        domains.extend(world.domains.iter().map(|d| d.id.clone()));
        let unknown = |what: &str, word: &str, candidates: Vec<String>| MetricError {
            message: format!(
                "unknown {what} `{word}` in metric `{text}`; expected one of: {}",
                candidates.join(", ")
            ),
            word: word.to_string(),
            candidates,
        };
        let power = world
            .power(parts[0])
            .ok_or_else(|| unknown("power", parts[0], powers))?;
        let scope = match parts[1] {
            "region" => Scope::Region,
            s => Scope::State(world.state(s).ok_or_else(|| unknown("state", s, scopes))?),
        };
        let domain = match parts[2] {
            "overall" => None,
            d => Some(
                world
                    .domain(d)
                    .ok_or_else(|| unknown("domain", d, domains))?,
            ),
        };
        Ok(Metric {
            power,
            scope,
            domain,
        })
    }

    /// The metric's name in a world.
    pub fn name(&self, world: &World) -> String {
        format!(
            "{}.{}.{}",
            world.powers[self.power].id,
            self.scope_id(world),
            self.domain_id(world)
        )
    }

    /// The id of the metric's domain (`overall` or a domain id).
    pub fn domain_id<'w>(&self, world: &'w World) -> &'w str {
        self.domain
            .map_or("overall", |d| world.domains[d].id.as_str())
    }

    /// The id of the metric's scope (`region` or a state id).
    pub fn scope_id<'w>(&self, world: &'w World) -> &'w str {
        match self.scope {
            Scope::Region => "region",
            Scope::State(s) => &world.states[s].id,
        }
    }
}

impl fmt::Display for MetricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
