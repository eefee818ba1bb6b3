//! Schema of the agent sections of a world file: how powers reallocate effort, how Russia and
//! China treat each other's core domains, how states set their openness and build capacity, how
//! public opinion moves and when states leave organisations (docs/MODEL.md §7a, §9a, §9b, §10a,
//! §10b). Every number is a parameter with a range and sources, like the rest of the world file.

use serde::Deserialize;

use super::{Name, ParamEntry, Table};

/// Region-wide parameters of the agents (`[agents]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentsSpec {
    /// Share of the gap between a power's allocation and its best response closed per year.
    pub allocation_rate: ParamEntry,
    /// Half-life of public opinion's memory, in years.
    pub opinion_half_life: ParamEntry,
    /// The domain whose effort answers a crisis (threat), e.g. `security`.
    pub crisis_domain: Name,
    /// The domain whose effort brings economic benefit, e.g. `economy`.
    pub benefit_domain: Name,
    /// Opinion gained per unit of threat rise times help given beyond the rise in need.
    pub crisis_opinion: ParamEntry,
    /// Opinion gained per relative rise of a power's economic commitment, by power (absent: 0).
    #[serde(default)]
    pub benefit_opinion: Table<ParamEntry>,
    /// How strongly opinion of an organisation's lead powers scales its members' ties.
    pub legitimacy: ParamEntry,
    /// Log-hazard of leaving an organisation per unit of opinion of its leads below neutral.
    pub exit_opinion: ParamEntry,
    /// Log-hazard of leaving an organisation per unit of threat above the start.
    pub exit_threat: ParamEntry,
    /// Half-life of a state's revenue capacity adjusting to drivers, in years.
    pub capacity_half_life: ParamEntry,
}

/// A relationship between two powers (`[[relation]]`): how far each restrains itself in the
/// other's core domain (a bargain) or competes everywhere (a rivalry).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationSpec {
    /// The two powers.
    pub powers: Vec<Name>,
    /// The core domain of each power, in the order of `powers`.
    pub core: Vec<Name>,
    /// 1: each welcomes the other's lead in the other's core domain; 0: rivalry everywhere.
    pub restraint: ParamEntry,
    /// Why.
    #[serde(default)]
    pub note: String,
}

/// One state's agency (`[[agency]]`, one per state).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencySpec {
    /// The state.
    pub state: Name,
    /// Extra openness to the challengers of a leading power, per unit of the leader's lead.
    pub courting: ParamEntry,
    /// Extra openness to established outside helpers when threat rises.
    pub leaning: ParamEntry,
    /// Elasticity of the state's autonomy in the contest to its own capacity.
    pub self_reliance: ParamEntry,
    /// Trend growth of the state's own capacity (log rate per year).
    pub capacity_growth: ParamEntry,
    /// Elasticity of revenue capacity to drivers (`revenue.oil_price = ...`), per driver scale.
    #[serde(default)]
    pub revenue: Table<ParamEntry>,
}

/// A driver moving public opinion of a power (`[[opinion_channel]]`), state by state.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionChannelSpec {
    /// The driver.
    pub driver: Name,
    /// The power whose standing it moves.
    pub power: Name,
    /// Opinion change per driver scale unit, by state (absent: none).
    pub effect: Table<ParamEntry>,
    /// Why.
    #[serde(default)]
    pub note: String,
}

/// A driver moving how well a power's effort lands in a domain across the region (`[[channel]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    /// The driver.
    pub driver: Name,
    /// The power.
    pub power: Name,
    /// The domain.
    pub domain: Name,
    /// Log change of receptivity per driver scale unit.
    pub elasticity: ParamEntry,
    /// Why.
    #[serde(default)]
    pub note: String,
}

/// The hazard of leaving an organisation (`[[exit]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExitSpec {
    /// The organisation.
    pub organization: Name,
    /// Exits per member and year at neutral opinion and the start's threat.
    pub hazard: ParamEntry,
    /// Why.
    #[serde(default)]
    pub note: String,
}
