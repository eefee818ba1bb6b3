//! The TOML schema: every key a world, scenario or experiment file may contain, in one place.
//!
//! These types mirror the files one to one and are checked by serde (types, unknown keys, finite
//! numbers, ordered ranges) with the file's line and column kept for every name that must be
//! resolved later. [`crate::world`] and [`crate::scenario`] turn them into the resolved model.

mod agents;
mod evidence;
mod experiment;
mod history;
mod observed;
mod param;
mod scenario;
mod world;

pub use agents::{AgencySpec, AgentsSpec, ChannelSpec, ExitSpec, OpinionChannelSpec, RelationSpec};
pub use evidence::{ClaimEntry, EvidenceFile, FactEntry, SourceEntry};
pub use experiment::{
    AnalysisSpec, DesignSpec, ExperimentFile, OutcomeSpec, OutputSpec, PrimSpec, SpannedCount,
    SpannedNumber, VarySpec,
};
pub use history::{
    DriverHistoryFile, DriverSeriesSpec, HistoryPointSpec, HistoryTable, Interpolation,
    SnapshotEntry, SnapshotFile,
};
pub use observed::{
    Coefficient, GapSpec, LinkKind, ObservedFile, ObservedPointSpec, ObservedSeriesSpec,
    RedateSpec, RuleSpec, RulesFile, UncertaintyKind, UncertaintySpec, UnscoredSpec,
};
pub use param::{Finite, ParamSpec};
pub use scenario::{Bound, EventSpec, ExpectSpec, RunTable, ScenarioFile};
pub use world::{
    CouplingMode, CouplingSpec, DomainSpec, DriverSpec, ModelSpec, OrganizationSpec, PowerSpec,
    ResourceSpec, StateSpec, WorldFile,
};

/// A name written in a file, with its byte span for error messages.
pub type Name = toml::Spanned<String>;

/// A parameter as written, with its byte span for error messages.
pub type ParamEntry = toml::Spanned<ParamSpec>;

/// A TOML table whose keys are names (actors, domains, drivers, ...), sorted by name.
pub type Table<V> = std::collections::BTreeMap<Name, V>;
