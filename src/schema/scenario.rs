//! Schema of a scenario file (`scenarios/*.toml`).

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

use super::{Finite, HistoryTable, Name, ParamEntry, Table};
use crate::calendar::{Date, StepLength};

/// A scenario file: run settings, parameter overrides, a timeline of events and expectations.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short title, shown on plots.
    pub title: Option<String>,
    /// What the scenario represents and why.
    pub description: Option<String>,
    /// Claim ids that motivate the scenario.
    #[serde(default)]
    pub claims: Vec<Name>,
    /// Another scenario file (relative path) this one starts from.
    pub extends: Option<Name>,
    /// The world file (relative path); inherited through `extends` when absent.
    pub world: Option<Name>,
    /// Run settings; each inherited through `extends` when absent.
    #[serde(default)]
    pub run: RunTable,
    /// Parameter values replacing the world's, by path: `"russia.commitments" = 0.4`.
    #[serde(default, rename = "override")]
    pub overrides: Table<ParamEntry>,
    /// Timeline of events.
    #[serde(default)]
    pub event: Vec<EventSpec>,
    /// Checkable expectations drawn from the articles' claims (not inherited).
    #[serde(default)]
    pub expect: Vec<ExpectSpec>,
    /// Follow the world's driver histories up to a date (each key inherited through `extends`).
    #[serde(default)]
    pub history: HistoryTable,
    /// Posterior samples (relative path, written by `steppe calibrate`) that ensemble members
    /// draw calibrated parameters from; inherited through `extends`.
    pub posterior: Option<Name>,
}

/// Run settings of a scenario.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RunTable {
    /// First date of the run.
    pub start: Option<toml::Spanned<Date>>,
    /// Last date of the run.
    pub end: Option<toml::Spanned<Date>>,
    /// `quarter` (default) or `month`.
    pub step: Option<StepLength>,
    /// Seed of the random number generator.
    pub seed: Option<u64>,
    /// Whether noise and random incidents are on (default true).
    pub noise: Option<bool>,
}

/// One event on the timeline: set a parameter or driver, ramp it, or shock it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// When the event happens (it takes effect at the first step on or after this date).
    pub date: toml::Spanned<Date>,
    /// The parameter or driver it acts on, by path: `ukraine_war`, `russia.commitments`.
    pub target: Name,
    /// Set the value from this date on.
    pub set: Option<Finite>,
    /// Move the value linearly to this one, reaching it on `until`.
    pub ramp: Option<Finite>,
    /// End date of a ramp.
    pub until: Option<toml::Spanned<Date>>,
    /// Add this amount at once, fading away with `half_life`.
    pub shock: Option<Finite>,
    /// Half-life of a shock, in years (default 1).
    pub half_life: Option<Finite>,
    /// What the event represents.
    #[serde(default)]
    pub note: String,
    /// Claim ids behind the event.
    #[serde(default)]
    pub claims: Vec<Name>,
}

/// An expectation: a claim of the articles stated as a check on the scenario's results.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectSpec {
    /// The claim the expectation tests.
    pub claim: Name,
    /// Metric: `power.state.domain`, with `region` for all states and `overall` for all domains.
    pub metric: Name,
    /// Date at which to compare (default: the end of the run).
    pub at: Option<toml::Spanned<Date>>,
    /// The metric must be above this number or above the same metric in this scenario.
    pub above: Option<toml::Spanned<Bound>>,
    /// The metric must be below this number or below the same metric in this scenario.
    pub below: Option<toml::Spanned<Bound>>,
    /// Margin by which a comparison must hold (default 0).
    pub by: Option<Finite>,
    /// For ensembles: the share of members in which the comparison must hold.
    pub probability: Option<toml::Spanned<Finite>>,
    /// What the expectation means in words.
    #[serde(default)]
    pub note: String,
}

/// What an expectation compares against: a number, another scenario (by file stem) or another
/// metric (a name with dots, e.g. `"china.region.security"`).
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    /// A threshold.
    Value(f64),
    /// Another scenario (file stem, relative to this file's folder) or a metric name.
    Scenario(String),
}

impl<'de> Deserialize<'de> for Bound {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct BoundVisitor;
        impl Visitor<'_> for BoundVisitor {
            type Value = Bound;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or the name of another scenario, e.g. \"baseline\"")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Bound, E> {
                if v.is_finite() {
                    Ok(Bound::Value(v))
                } else {
                    Err(E::custom(format!("expected a finite number, found {v}")))
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Bound, E> {
                Ok(Bound::Value(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Bound, E> {
                Ok(Bound::Scenario(v.to_string()))
            }
        }
        d.deserialize_any(BoundVisitor)
    }
}
