//! The resolved world: actors, domains, drivers and organisations with every name turned into an
//! index and every number into an entry of the [`ParamTable`].

mod agents;
mod build;

use crate::diag::Diagnostic;
use crate::diag::{Diagnostics, Source};
use crate::evidence::Evidence;
use crate::history::WorldHistory;
use crate::params::{ParamId, ParamTable};
use crate::schema::{CouplingMode, WorldFile};
pub use agents::{Agency, Agents, Channel, OpinionChannel, Relation};
use build::Builder;

/// A kind of resource (economy, military, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Unit of values.
    pub unit: String,
}

/// A domain of influence with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Weight of each resource in capability here, indexed by resource (absent: not used).
    pub basis: Vec<Option<ParamId>>,
    /// The domain whose stakes effort here protects, if any.
    pub protects: Option<usize>,
    /// Baseline salience.
    pub salience: ParamId,
    /// Salience response to threat.
    pub threat_sensitivity: ParamId,
    /// Annual adjustment rate of influence toward target.
    pub adjustment_rate: ParamId,
    /// Weight of public opinion in receptivity.
    pub opinion_weight: ParamId,
    /// Contest success function exponent.
    pub contest_exponent: ParamId,
}

/// A global driver.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Unit of values.
    pub unit: String,
    /// What it measures.
    pub description: String,
    /// Value with no level effect.
    pub reference: f64,
    /// Typical change.
    pub scale: f64,
    /// Lower limit.
    pub min: f64,
    /// Upper limit.
    pub max: f64,
    /// The scheduled value (initial value, moved by events).
    pub value: ParamId,
    /// Annual volatility in units of `scale`.
    pub volatility: ParamId,
    /// Annual persistence of random deviations.
    pub persistence: ParamId,
}

/// An organisation and the powers it favours.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Lead powers.
    pub powers: Vec<usize>,
    /// Receptivity bonus per domain (absent: none).
    pub bonus: Vec<Option<ParamId>>,
}

/// An outside power.
#[derive(Debug, Clone, PartialEq)]
pub struct Power {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Plot colour.
    pub color: [u8; 3],
    /// Resource amounts, indexed by resource.
    pub resources: Vec<ParamId>,
    /// Trend growth per resource, when given.
    pub growth: Vec<Option<ParamId>>,
    /// Share of attention on the region.
    pub priority: ParamId,
    /// Share absorbed elsewhere.
    pub commitments: ParamId,
    /// Protection of economic stakes under threat.
    pub stake_protection: ParamId,
    /// Emphasis per domain.
    pub focus: Vec<ParamId>,
}

/// A contested state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub label: String,
    /// Regional weight.
    pub weight: ParamId,
    /// Domestic stability.
    pub stability: ParamId,
    /// Hedging propensity.
    pub hedging: ParamId,
    /// Exposure per driver (absent: none).
    pub exposure: Vec<Option<ParamId>>,
    /// Opinion of each power.
    pub opinion: Vec<ParamId>,
    /// Membership per organisation (absent: not a member).
    pub member: Vec<Option<ParamId>>,
    /// Initial influence, indexed `domain * powers + power`.
    pub influence: Vec<ParamId>,
}

/// A driver's link to a parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Coupling {
    /// The driver.
    pub driver: usize,
    /// The parameter moved.
    pub target: ParamId,
    /// Strength.
    pub elasticity: ParamId,
    /// Level or growth.
    pub mode: CouplingMode,
    /// Why.
    pub note: String,
}

/// Region-wide model parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelParams {
    /// Effort noise per step.
    pub effort_noise: ParamId,
    /// Weight of instability in threat.
    pub instability_threat: ParamId,
    /// Incidents per year at threat 1.
    pub incident_rate: ParamId,
    /// Threat added per incident.
    pub incident_size: ParamId,
    /// Half-life of incidents, years.
    pub incident_half_life: ParamId,
}

/// A fully resolved world, ready for scenarios and the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Resources.
    pub resources: Vec<Resource>,
    /// Domains.
    pub domains: Vec<Domain>,
    /// Drivers.
    pub drivers: Vec<Driver>,
    /// Organisations.
    pub organizations: Vec<Organization>,
    /// Powers.
    pub powers: Vec<Power>,
    /// States.
    pub states: Vec<State>,
    /// Couplings.
    pub couplings: Vec<Coupling>,
    /// Region-wide parameters.
    pub model: ModelParams,
    /// The agents' decisions, opinion, capacity and exits.
    pub agents: Agents,
    /// Every parameter.
    pub params: ParamTable,
    /// The claims and facts parameters cite.
    pub evidence: Evidence,
    /// The date of the world's values, snapshots of earlier dates and driver histories (filled
    /// in by [`crate::io::load`], which reads their files).
    pub history: WorldHistory,
}

/// Largest total initial influence of all powers in one state and domain; the rest is the
/// state's own autonomy, which the model needs to be positive.
pub const MAX_TOTAL_INFLUENCE: f64 = 0.95;

impl World {
    /// Resolves a parsed world file against its evidence, reporting every problem found.
    pub fn resolve(
        source: &Source,
        file: WorldFile,
        evidence: Evidence,
    ) -> Result<World, Diagnostics> {
        let mut b = Builder {
            source,
            evidence: &evidence,
            params: ParamTable::default(),
            errors: Vec::new(),
        };
        let world = b.build(&file);
        if let (None, Some(first)) = (&file.date, file.snapshots.first()) {
            b.errors.push(
                Diagnostic::at(
                    source,
                    first.span(),
                    "a world with snapshots needs a `date` of its own",
                )
                .with_help("add `date = 2025-01-01` (the date the world file's values describe)"),
            );
        }
        if b.errors.is_empty() {
            let mut world = world;
            world.params = b.params;
            world.evidence = evidence;
            world.history.date = file.date.as_ref().map(|d| *d.get_ref());
            world.history.file = source.name.clone();
            Ok(world)
        } else {
            Err(Diagnostics(b.errors))
        }
    }

    /// Index of a power by id.
    pub fn power(&self, id: &str) -> Option<usize> {
        self.powers.iter().position(|p| p.id == id)
    }

    /// Index of a state by id.
    pub fn state(&self, id: &str) -> Option<usize> {
        self.states.iter().position(|s| s.id == id)
    }

    /// Index of a domain by id.
    pub fn domain(&self, id: &str) -> Option<usize> {
        self.domains.iter().position(|d| d.id == id)
    }

    /// Index of a driver by id.
    pub fn driver(&self, id: &str) -> Option<usize> {
        self.drivers.iter().position(|d| d.id == id)
    }

    /// Number of (power, state, domain) cells.
    pub fn cells(&self) -> usize {
        self.powers.len() * self.states.len() * self.domains.len()
    }
}
