//! Schema of the world file (`seeds/world.toml`): actors, domains, drivers and their parameters.

use serde::Deserialize;

use super::agents::{
    AgencySpec, AgentsSpec, ChannelSpec, ExitSpec, OpinionChannelSpec, RelationSpec,
};
use super::{Finite, Name, ParamEntry, Table};
use crate::calendar::Date;

/// A world file: everything the model needs to know about the region, as data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorldFile {
    /// Name of the world, e.g. "Central Asia".
    pub name: String,
    /// What the world represents.
    #[serde(default)]
    pub description: String,
    /// Files of claims and facts (relative to this file) that parameters cite.
    #[serde(default)]
    pub evidence: Vec<Name>,
    /// The date the world's values describe, e.g. 2025-01-01. Runs are calibrated on the world
    /// as of their start: this file or one of its `snapshots`.
    pub date: Option<toml::Spanned<Date>>,
    /// Files holding the world as of earlier dates (relative to this file).
    #[serde(default)]
    pub snapshots: Vec<Name>,
    /// A file of dated driver histories (relative to this file) that scenarios may follow.
    pub history: Option<Name>,
    /// Region-wide model parameters.
    pub model: ModelSpec,
    /// Kinds of resource a power has (economy, military, soft power, ...).
    #[serde(default)]
    pub resource: Vec<ResourceSpec>,
    /// Domains of influence (security, economy, politics, ...).
    #[serde(default)]
    pub domain: Vec<DomainSpec>,
    /// Global drivers (oil price, sanctions, ...).
    #[serde(default)]
    pub driver: Vec<DriverSpec>,
    /// Organisations states belong to and powers lead (CSTO, SCO, ...).
    #[serde(default)]
    pub organization: Vec<OrganizationSpec>,
    /// Outside powers competing for influence.
    #[serde(default)]
    pub power: Vec<PowerSpec>,
    /// The states in which influence is contested.
    #[serde(default)]
    pub state: Vec<StateSpec>,
    /// How drivers move powers' parameters.
    #[serde(default)]
    pub coupling: Vec<CouplingSpec>,
    /// Region-wide parameters of the agents' decisions and of public opinion.
    pub agents: AgentsSpec,
    /// Relationships between powers (bargain or rivalry).
    #[serde(default)]
    pub relation: Vec<RelationSpec>,
    /// Each state's agency: openness, capacity and revenue.
    #[serde(default)]
    pub agency: Vec<AgencySpec>,
    /// Drivers that move public opinion of a power.
    #[serde(default)]
    pub opinion_channel: Vec<OpinionChannelSpec>,
    /// Drivers that move how well a power's effort lands in a domain.
    #[serde(default)]
    pub channel: Vec<ChannelSpec>,
    /// Hazards of leaving organisations.
    #[serde(default)]
    pub exit: Vec<ExitSpec>,
}

/// Region-wide parameters of the model (see docs/MODEL.md).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    /// Standard deviation of the multiplicative noise on effort, per step.
    pub effort_noise: ParamEntry,
    /// Weight of a state's instability (1 - stability) in its threat level.
    pub instability_threat: ParamEntry,
    /// Expected security incidents per year in a state at threat level 1.
    pub incident_rate: ParamEntry,
    /// Threat added by one incident.
    pub incident_size: ParamEntry,
    /// Half-life of an incident's effect on threat, in years.
    pub incident_half_life: ParamEntry,
}

/// A kind of resource powers hold, in which domains' capabilities are measured.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceSpec {
    /// Identifier used in `[power.resources]` and domain `basis`.
    pub id: Name,
    /// Human-readable name.
    pub label: String,
    /// Unit of the values.
    #[serde(default)]
    pub unit: String,
}

/// A domain of influence.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DomainSpec {
    /// Identifier, e.g. `security`.
    pub id: Name,
    /// Human-readable name.
    pub label: String,
    /// Baseline weight of the domain in a state's overall alignment.
    pub salience: ParamEntry,
    /// How much a state's threat level raises the domain's salience.
    pub threat_sensitivity: ParamEntry,
    /// Share of the gap to target influence closed per year (inertia).
    pub adjustment_rate: ParamEntry,
    /// How strongly public opinion scales the effect of a power's effort here.
    pub opinion_weight: ParamEntry,
    /// Exponent of the contest success function (1 = proportional contest).
    pub contest_exponent: ParamEntry,
    /// Mix of resources that make up capability in this domain: one parameter per resource used,
    /// e.g. `basis.military = { value = 0.75, ... }` (path `<domain>.basis.<resource>`).
    pub basis: Table<ParamEntry>,
    /// A domain whose influence powers protect with effort here (security protects economic stakes).
    pub protects: Option<Name>,
}

/// A global driver: an exogenous variable scenarios move, with optional stochastic variation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriverSpec {
    /// Identifier, e.g. `oil_price`.
    pub id: Name,
    /// Human-readable name.
    pub label: String,
    /// Unit of the driver's values.
    #[serde(default)]
    pub unit: String,
    /// What the driver measures.
    #[serde(default)]
    pub description: String,
    /// Value at the start of a run.
    pub initial: ParamEntry,
    /// Value at which the driver has no effect through level couplings.
    pub reference: Finite,
    /// A typical change; level couplings act on (value - reference) / scale.
    pub scale: Finite,
    /// Smallest value the driver can take.
    pub min: Finite,
    /// Largest value the driver can take.
    pub max: Finite,
    /// Standard deviation of the driver's random variation per year, in units of `scale`.
    pub volatility: ParamEntry,
    /// Share of a random deviation that persists after one year (0 = none, 1 = forever).
    pub persistence: ParamEntry,
}

/// An organisation with member states and lead powers, e.g. the CSTO.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationSpec {
    /// Identifier, e.g. `csto`.
    pub id: Name,
    /// Human-readable name.
    pub label: String,
    /// The powers that lead it and gain from states' membership.
    pub powers: Vec<Name>,
    /// Extra receptivity of member states to the lead powers, per domain.
    pub bonus: Table<ParamEntry>,
}

/// An outside power.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerSpec {
    /// Identifier, e.g. `russia`.
    pub id: Name,
    /// Human-readable name.
    pub label: String,
    /// Colour used for the power in every plot, `#rrggbb`.
    pub color: Name,
    /// Amount of each resource.
    pub resources: Table<ParamEntry>,
    /// Trend growth of resources, per year (log rate); resources not listed do not grow.
    #[serde(default)]
    pub growth: Table<ParamEntry>,
    /// Share of the power's external attention the region receives.
    pub priority: ParamEntry,
    /// Share of that attention absorbed by commitments elsewhere.
    pub commitments: ParamEntry,
    /// How strongly the power adds security effort to protect its economic stake under threat.
    pub stake_protection: ParamEntry,
    /// Emphasis the power puts on each domain.
    pub focus: Table<ParamEntry>,
}

/// A state in which influence is contested.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSpec {
    /// Identifier, e.g. `kazakhstan`.
    pub id: Name,
    /// Human-readable name.
    pub label: String,
    /// Weight in regional aggregates and in powers' allocation of effort.
    pub weight: ParamEntry,
    /// Domestic stability, 0-1.
    pub stability: ParamEntry,
    /// Propensity to balance against a dominant power (multi-vector hedging).
    pub hedging: ParamEntry,
    /// Exposure to threat drivers (e.g. `afghan_instability`), 0-1.
    #[serde(default)]
    pub exposure: Table<ParamEntry>,
    /// Public opinion of each power, 0 (hostile) to 1 (favourable).
    pub opinion: Table<ParamEntry>,
    /// Membership of organisations, 0-1 (1 full member, fractions for observers).
    #[serde(default)]
    pub member: Table<ParamEntry>,
    /// Initial influence share of each power, per domain: `[state.influence.security] russia = 0.5`.
    pub influence: Table<Table<ParamEntry>>,
}

/// How a coupling acts on its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CouplingMode {
    /// Multiplies the target by exp(elasticity x (driver - reference) / scale).
    #[default]
    Level,
    /// Adds elasticity x driver to the target's annual log growth rate.
    Growth,
}

/// A link from a driver to a parameter, e.g. sanctions lowering Russia's economy.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouplingSpec {
    /// The driver.
    pub driver: Name,
    /// The parameter it moves, by path, e.g. `russia.economy`.
    pub target: Name,
    /// Strength (and sign) of the effect.
    pub elasticity: ParamEntry,
    /// Level (default) or growth.
    #[serde(default)]
    pub mode: CouplingMode,
    /// Why the link exists.
    #[serde(default)]
    pub note: String,
}
