//! The resolved agent sections of a world: every name turned into an index and every number into
//! a parameter (docs/MODEL.md §7a, §9a, §9b, §10a, §10b).

use crate::params::ParamId;

/// Region-wide parameters of the agents.
#[derive(Debug, Clone, PartialEq)]
pub struct Agents {
    /// Annual rate at which powers move their allocation toward their best response.
    pub allocation_rate: ParamId,
    /// Half-life of public opinion, years.
    pub opinion_half_life: ParamId,
    /// Domain whose effort answers a crisis.
    pub crisis_domain: usize,
    /// Domain whose effort brings economic benefit.
    pub benefit_domain: usize,
    /// Opinion per unit of threat rise times help beyond need.
    pub crisis_opinion: ParamId,
    /// Opinion per relative rise of economic commitment, by power (absent: none).
    pub benefit_opinion: Vec<Option<ParamId>>,
    /// Elasticity of membership ties to opinion of the lead powers.
    pub legitimacy: ParamId,
    /// Log-hazard of exit per unit of opinion below neutral.
    pub exit_opinion: ParamId,
    /// Log-hazard of exit per unit of threat above the start.
    pub exit_threat: ParamId,
    /// Half-life of revenue capacity, years.
    pub capacity_half_life: ParamId,
    /// Relationships between powers.
    pub relations: Vec<Relation>,
    /// Agency of each state, indexed by state.
    pub agency: Vec<Agency>,
    /// Drivers moving opinion of a power.
    pub opinion_channels: Vec<OpinionChannel>,
    /// Drivers moving receptivity of a power in a domain.
    pub channels: Vec<Channel>,
    /// Exit hazard of each organisation (absent: members never leave at random).
    pub exit_hazard: Vec<Option<ParamId>>,
}

/// A relationship between two powers.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The two powers.
    pub powers: [usize; 2],
    /// The core domain of each, in the order of `powers`.
    pub core: [usize; 2],
    /// Restraint in the other's core domain, 0 (rivalry) to 1 (bargain).
    pub restraint: ParamId,
    /// Why.
    pub note: String,
}

/// One state's agency.
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    /// Courting the challengers of a leader.
    pub courting: ParamId,
    /// Leaning on established helpers under threat.
    pub leaning: ParamId,
    /// Elasticity of autonomy to own capacity.
    pub self_reliance: ParamId,
    /// Trend growth of own capacity.
    pub capacity_growth: ParamId,
    /// Revenue elasticity per driver (absent: none).
    pub revenue: Vec<Option<ParamId>>,
}

/// A driver moving opinion of a power, state by state.
#[derive(Debug, Clone, PartialEq)]
pub struct OpinionChannel {
    /// The driver.
    pub driver: usize,
    /// The power.
    pub power: usize,
    /// Effect per driver scale unit, by state (absent: none).
    pub effect: Vec<Option<ParamId>>,
    /// Why.
    pub note: String,
}

/// A driver moving receptivity of a power in a domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// The driver.
    pub driver: usize,
    /// The power.
    pub power: usize,
    /// The domain.
    pub domain: usize,
    /// Log change per driver scale unit.
    pub elasticity: ParamId,
    /// Why.
    pub note: String,
}
