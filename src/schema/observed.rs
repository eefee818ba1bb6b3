//! Schema of measured series (`seeds/history/observed.toml`) and of the observation rules that
//! map them to model outputs (`seeds/history/rules.toml`).

use serde::Deserialize;

use super::{Finite, Name};
use crate::calendar::Date;
use crate::params::Grade;

/// A file of measured series, with `[[gap]]` tables for what was looked for and not found.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedFile {
    /// The series.
    #[serde(default)]
    pub series: Vec<ObservedSeriesSpec>,
    /// Quantities looked for and not found.
    #[serde(default)]
    pub gap: Vec<GapSpec>,
}

/// One measured series.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedSeriesSpec {
    /// Unique id, e.g. `kazakhstan-trade-china-share`.
    pub id: Name,
    /// A state id or `region`.
    pub state: String,
    /// The partner: a power id, `eu` or `none`.
    pub partner: String,
    /// What is measured, in words.
    pub quantity: String,
    /// Unit of the values.
    pub unit: String,
    /// Evidence grade.
    pub grade: Option<Grade>,
    /// Whose statistics or survey.
    #[serde(default)]
    pub reporter: String,
    /// Fact ids.
    #[serde(default)]
    pub sources: Vec<Name>,
    /// Uncertainty of points that give no range of their own.
    pub uncertainty: UncertaintySpec,
    /// The model quantity suggested for comparison, in words.
    #[serde(default)]
    pub maps_to: String,
    /// A suggested scoring rule, in words.
    #[serde(default)]
    pub rule: String,
    /// Caveats.
    #[serde(default)]
    pub note: String,
    /// The dated values.
    pub points: Vec<ObservedPointSpec>,
}

/// Whether an uncertainty is a fraction of the value or in the series' unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UncertaintyKind {
    /// A fraction of the value.
    Relative,
    /// In the series' unit.
    Absolute,
}

/// The uncertainty of a series' points, read as one standard error.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySpec {
    /// Relative or absolute.
    pub kind: UncertaintyKind,
    /// Its size.
    pub value: Finite,
    /// Why.
    #[serde(default)]
    pub why: String,
}

/// One measured value.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedPointSpec {
    /// Middle of the measurement window, or the date a status began.
    pub date: toml::Spanned<Date>,
    /// The value.
    pub value: Finite,
    /// Low end of the point's own range.
    pub low: Option<Finite>,
    /// High end of the point's own range.
    pub high: Option<Finite>,
    /// The window, in words (`year`, `Jan-Sep`, `survey`, ...).
    pub period: Option<String>,
    /// `lower` or `upper` when the source gives only a bound.
    pub bound: Option<String>,
    /// Whether the value was computed from two cited figures.
    pub derived: Option<bool>,
    /// Where the value comes from.
    #[serde(default)]
    pub note: String,
}

/// A quantity looked for and not found.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GapSpec {
    /// A state id or `region`.
    pub state: String,
    /// The partner.
    pub partner: String,
    /// What was looked for.
    pub quantity: String,
    /// Why it is missing.
    #[serde(default)]
    pub why: String,
}

/// A file of observation rules: how each measured series is set against a model output.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesFile {
    /// The measured series (relative to this file).
    pub observed: Name,
    /// First day of the test period: comparisons dated before it are in-sample (calibration),
    /// the rest out-of-sample.
    pub test_from: toml::Spanned<Date>,
    /// The rules.
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
    /// Series deliberately not scored, each with the reason.
    #[serde(default)]
    pub unscored: Vec<UnscoredSpec>,
}

/// How a model output is linked to a measured series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// observed = scale x output.
    Identity,
    /// observed = intercept + slope x output.
    Affine,
    /// observed(t) - observed(t') = slope x (output(t) - output(t')): changes only.
    Changes,
}

/// An uncertain link coefficient: a central value and a range members draw from.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coefficient {
    /// Central value.
    pub value: Finite,
    /// Low end (default: the value).
    pub low: Option<Finite>,
    /// High end (default: the value).
    pub high: Option<Finite>,
}

/// A measured value read at another date of the run (e.g. a five-year average read as the
/// state at the run's start), with the reason.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RedateSpec {
    /// The point's date in the series.
    pub from: toml::Spanned<Date>,
    /// The date of the run it is compared at.
    pub to: toml::Spanned<Date>,
    /// Why.
    pub why: String,
}

/// One observation rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// The measured series' id.
    pub series: Name,
    /// The model output: a metric (`china.kazakhstan.economy`, `russia.region.security`) or a
    /// state's own share, `autonomy.<state or region>.<domain or overall>`.
    pub output: Name,
    /// The link.
    pub link: toml::Spanned<LinkKind>,
    /// Unit conversion of an identity link (e.g. 100 for a percentage; default 1).
    pub scale: Option<Finite>,
    /// Slope of an affine or changes link.
    pub slope: Option<toml::Spanned<Coefficient>>,
    /// Intercept of an affine link.
    pub intercept: Option<toml::Spanned<Coefficient>>,
    /// Use only points dated on or after this.
    pub from: Option<toml::Spanned<Date>>,
    /// Use only points dated on or before this.
    pub to: Option<toml::Spanned<Date>>,
    /// Largest gap in years between consecutive points the rule accepts (changes need
    /// continuity); default: any.
    pub max_gap_years: Option<Finite>,
    /// Points read at another date of the run.
    #[serde(default)]
    pub redate: Vec<RedateSpec>,
    /// Why this mapping.
    #[serde(default)]
    pub note: String,
}

/// A series that is deliberately not scored.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnscoredSpec {
    /// The series' id.
    pub series: Name,
    /// Why it is not scored.
    pub why: String,
}
