//! Schema of an experiment file (`experiments/*.toml`, run by `steppe sweep`): which scenario,
//! which parameters vary over which ranges, the design, replicates, outcomes and analyses.
//! Every name and number that is checked later keeps its span, so errors name the line.

use serde::Deserialize;

use super::{Finite, Name};
use crate::calendar::Date;

/// A number written in the file, with its span.
pub type SpannedNumber = toml::Spanned<Finite>;
/// A count written in the file, with its span.
pub type SpannedCount = toml::Spanned<u64>;

/// An experiment file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentFile {
    /// Short title, shown on figures.
    pub title: Option<String>,
    /// The question the experiment asks.
    pub description: Option<String>,
    /// The scenario run at every design point (path relative to this file).
    pub scenario: Name,
    /// A scenario run with the same parameter values and random numbers at every point, for
    /// outcomes that are differences (`difference = true`).
    pub baseline: Option<Name>,
    /// Seed of the noise streams and of random designs (default: the scenario's seed).
    pub seed: Option<u64>,
    /// Noise and random incidents on or off (default: the scenario's setting).
    pub noise: Option<bool>,
    /// Runs per design point, each with its own noise stream; replicate `r` uses the same stream
    /// at every point (common random numbers). Default 1.
    pub replicates: Option<SpannedCount>,
    /// Parameters not varied: `"central"` (default: their central values) or `"drawn"` (drawn
    /// from their ranges as ensemble members draw them, the same draw at every point).
    pub others: Option<toml::Spanned<String>>,
    /// What varies: parameters by path, or every parameter of a grade.
    #[serde(default)]
    pub vary: Vec<toml::Spanned<VarySpec>>,
    /// How the points are chosen.
    pub design: toml::Spanned<DesignSpec>,
    /// What is recorded of each run.
    #[serde(default)]
    pub outcome: Vec<toml::Spanned<OutcomeSpec>>,
    /// Scenario discovery: where in parameter space a case of interest happens.
    pub prim: Option<toml::Spanned<PrimSpec>>,
    /// Settings of the analyses.
    #[serde(default)]
    pub analysis: AnalysisSpec,
    /// What the results folder holds.
    #[serde(default)]
    pub output: OutputSpec,
}

/// What a sweep writes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    /// Whether `experiments.csv` has a column for every varied parameter (default true). A
    /// Sobol' design of many parameters makes that table gigabytes large; without them it holds
    /// the experiment id, replicate and outcomes, and the design can be rebuilt from the file.
    pub parameters: Option<bool>,
}

/// One entry of `[[vary]]`: a parameter by path, or every uncertain parameter of a grade.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VarySpec {
    /// A parameter path (`steppe list --params`).
    pub path: Option<Name>,
    /// Every parameter with a range and this evidence grade: `judgement` (ungraded parameters
    /// count as judgement), `claim`, `fact`, or `any`.
    pub all: Option<Name>,
    /// With `all`: paths to leave out.
    #[serde(default)]
    pub except: Vec<Name>,
    /// Low end of the range (default: the parameter's low).
    pub low: Option<SpannedNumber>,
    /// High end of the range (default: the parameter's high).
    pub high: Option<SpannedNumber>,
    /// Levels of this parameter in a full-factorial design (default: the design's).
    pub levels: Option<SpannedCount>,
}

/// The experimental design.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignSpec {
    /// `full-factorial`, `latin-hypercube`, `sobol` (Saltelli), `morris` or `external`.
    pub kind: Name,
    /// Points (latin-hypercube), base samples N (sobol: N·(k+2) points; a power of two) or
    /// trajectories r (morris: r·(k+1) points).
    pub samples: Option<SpannedCount>,
    /// Levels per parameter (full-factorial, default 3) or grid levels p (morris, default 4).
    pub levels: Option<SpannedCount>,
    /// external: the design matrix (path relative to this file), one row per point and one
    /// column per varied parameter in model units, separated by spaces, tabs or commas.
    pub file: Option<Name>,
    /// external: how the rows are laid out, for the analyses: `sobol` (SALib's Saltelli
    /// layout), `morris` (SALib's trajectories) or `none` (default).
    pub layout: Option<Name>,
}

/// One recorded outcome.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    /// Column name (letters, digits, `-`, `_`, `.`).
    pub name: Name,
    /// The metric, `power.state.domain` (`region`, `overall` for aggregates).
    pub metric: Name,
    /// The date it is read at (default: the end of the run).
    pub at: Option<toml::Spanned<Date>>,
    /// Record the difference from the baseline's same metric (same parameters, same noise).
    #[serde(default)]
    pub difference: bool,
    /// Another power: record whether (or when) the metric's power gets ahead of this one in
    /// the same state and domain.
    pub ahead_of: Option<Name>,
    /// With `ahead_of`: the last date that counts (default: the end of the run).
    pub by: Option<toml::Spanned<Date>>,
    /// With `ahead_of`: `probability` (default; 1 if it happens by `by`, else 0; the mean over
    /// replicates is a probability) or `date` (the year it first happens; `by` if it does not).
    pub measure: Option<Name>,
}

/// PRIM's case of interest and settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrimSpec {
    /// The outcome (by name) that defines the case of interest.
    pub outcome: Name,
    /// A point is a case if the outcome's mean over replicates is at least this ...
    pub at_least: Option<SpannedNumber>,
    /// ... or at most this.
    pub at_most: Option<SpannedNumber>,
    /// The box reported: the one with the highest coverage among those at least this dense
    /// (default 0.8; the densest box if none is).
    pub density: Option<SpannedNumber>,
    /// Share of points each peel removes (default 0.05).
    pub peel_alpha: Option<SpannedNumber>,
    /// Smallest share of points a box may keep (default 0.05).
    pub mass_min: Option<SpannedNumber>,
}

/// Settings of the analyses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisSpec {
    /// Also run every parameter alone to both ends of its range for a tornado chart (1 + 2k
    /// extra points; default true).
    pub tornado: Option<bool>,
    /// Bootstrap resamples for confidence intervals (default 100).
    pub resamples: Option<SpannedCount>,
    /// Confidence level of the intervals (default 0.95).
    pub confidence: Option<SpannedNumber>,
}
