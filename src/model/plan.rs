//! The compiled model: every quantity the equations read, resolved to parameter indices and laid
//! out in flat arrays, built once per scenario and shared by every run and thread.

use super::agent_plan::AgentPlan;
use crate::params::ParamId;
use crate::scenario::{Action, Scenario};
use crate::schema::CouplingMode;
use crate::world::World;

/// Marks an absent optional parameter in the index arrays.
pub const NONE: usize = usize::MAX;

/// A driver with its fixed constants and parameter indices.
#[derive(Debug, Clone)]
pub struct DriverPlan {
    /// Scheduled value.
    pub value: usize,
    /// Annual volatility (in units of scale).
    pub volatility: usize,
    /// Annual persistence.
    pub persistence: usize,
    /// Reference value of level couplings.
    pub reference: f64,
    /// Scale of level couplings.
    pub scale: f64,
    /// Lower limit.
    pub min: f64,
    /// Upper limit.
    pub max: f64,
}

/// A coupling from a driver to a parameter.
#[derive(Debug, Clone, Copy)]
pub struct CouplingPlan {
    /// Driver index.
    pub driver: usize,
    /// Target parameter.
    pub target: usize,
    /// Elasticity parameter.
    pub elasticity: usize,
    /// Level or growth.
    pub mode: CouplingMode,
}

/// An event of the timeline.
#[derive(Debug, Clone, Copy)]
pub struct EventPlan {
    /// Grid point where it starts.
    pub point: usize,
    /// Target parameter.
    pub target: usize,
    /// What it does.
    pub action: Action,
}

/// Everything the equations need, indexed. Cells are laid out `(state * D + domain) * P + power`
/// so that the contest over powers in one state and domain reads contiguous memory.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Number of powers.
    pub powers: usize,
    /// Number of states.
    pub states: usize,
    /// Number of domains.
    pub domains: usize,
    /// Number of resources.
    pub resources: usize,
    /// Number of organisations.
    pub organizations: usize,
    /// Number of parameters.
    pub params: usize,
    /// Years per step.
    pub dt: f64,
    /// Its square root (drivers' random walk).
    pub sqrt_dt: f64,
    /// Number of steps.
    pub steps: usize,

    /// `[p * R + r]` resource amount.
    pub power_resource: Vec<usize>,
    /// `[p * R + r]` trend growth (or NONE).
    pub power_growth: Vec<usize>,
    /// `[p]` attention share.
    pub power_priority: Vec<usize>,
    /// `[p]` commitments elsewhere.
    pub power_commitments: Vec<usize>,
    /// `[p]` stake protection.
    pub power_stake: Vec<usize>,
    /// `[p * D + d]` domain focus.
    pub power_focus: Vec<usize>,

    /// `[s]` regional weight.
    pub state_weight: Vec<usize>,
    /// `[s]` stability.
    pub state_stability: Vec<usize>,
    /// `[s]` hedging propensity.
    pub state_hedging: Vec<usize>,
    /// `[s]` list of (driver, exposure parameter).
    pub state_exposure: Vec<Vec<(usize, usize)>>,
    /// `[s * P + p]` opinion.
    pub state_opinion: Vec<usize>,
    /// `[s * O + o]` membership (or NONE).
    pub state_member: Vec<usize>,
    /// `[cell]` initial influence.
    pub influence0: Vec<usize>,

    /// `[d]` salience.
    pub domain_salience: Vec<usize>,
    /// `[d]` threat sensitivity.
    pub domain_threat: Vec<usize>,
    /// `[d]` annual adjustment rate.
    pub domain_adjustment: Vec<usize>,
    /// `[d]` opinion weight.
    pub domain_opinion: Vec<usize>,
    /// `[d]` contest exponent.
    pub domain_exponent: Vec<usize>,
    /// `[d * R + r]` capability basis weight (or NONE: the resource does not count here).
    pub domain_basis: Vec<usize>,
    /// `[d]` protected domain (or NONE).
    pub domain_protects: Vec<usize>,

    /// `[o * P + p]` whether power p leads organisation o.
    pub org_leads: Vec<bool>,
    /// `[o * D + d]` receptivity bonus (or NONE).
    pub org_bonus: Vec<usize>,

    /// Drivers.
    pub drivers: Vec<DriverPlan>,
    /// Couplings.
    pub couplings: Vec<CouplingPlan>,
    /// Events, sorted by point.
    pub events: Vec<EventPlan>,
    /// `[event]` factor by which a shock shrinks each step (1 for other events).
    pub shock_decay: Vec<f64>,

    /// Effort noise.
    pub effort_noise: usize,
    /// Weight of instability in threat.
    pub instability_threat: usize,
    /// Incident rate.
    pub incident_rate: usize,
    /// Incident size.
    pub incident_size: usize,
    /// Incident half-life.
    pub incident_half_life: usize,

    /// The agents' decisions, opinion, capacity and exits.
    pub agents: AgentPlan,

    /// Parameters whose effective value can change during a run (events, couplings, growth).
    pub moving: Vec<usize>,
    /// Moving parameters only events move (effective value: scheduled value plus shocks).
    pub event_only: Vec<usize>,
    /// Moving parameters that couplings or growth also move (effective value set in §5).
    pub coupled: Vec<usize>,
    /// `[param]` whether the parameter is in `moving`.
    pub is_moving: Vec<bool>,
    /// Whether noise and incidents are on.
    pub noise: bool,
    /// `[param]` lower limit.
    pub min: Vec<f64>,
    /// `[param]` upper limit.
    pub max: Vec<f64>,
}

fn ix(id: ParamId) -> usize {
    id.ix()
}

fn opt(id: Option<ParamId>) -> usize {
    id.map_or(NONE, ParamId::ix)
}

impl Plan {
    /// Compiles a world and a scenario into the flat form the equations use. One field per
    /// table of the plan, each the world's parameter ids flattened in cell order: kept as one
    /// literal so that every field's source is on the line that sets it.
    pub fn new(world: &World, scenario: &Scenario) -> Plan {
        let (np, ns, nd, nr, no) = (
            world.powers.len(),
            world.states.len(),
            world.domains.len(),
            world.resources.len(),
            world.organizations.len(),
        );
        let params = scenario.params.len();
        let mut plan = Plan {
            powers: np,
            states: ns,
            domains: nd,
            resources: nr,
            organizations: no,
            params,
            dt: scenario.calendar.dt(),
            sqrt_dt: scenario.calendar.dt().sqrt(),
            steps: scenario.calendar.steps,
            power_resource: world
                .powers
                .iter()
                .flat_map(|p| p.resources.iter().map(|&r| ix(r)))
                .collect(),
            power_growth: world
                .powers
                .iter()
                .flat_map(|p| p.growth.iter().map(|&g| opt(g)))
                .collect(),
            power_priority: world.powers.iter().map(|p| ix(p.priority)).collect(),
            power_commitments: world.powers.iter().map(|p| ix(p.commitments)).collect(),
            power_stake: world
                .powers
                .iter()
                .map(|p| ix(p.stake_protection))
                .collect(),
            power_focus: world
                .powers
                .iter()
                .flat_map(|p| p.focus.iter().map(|&f| ix(f)))
                .collect(),
            state_weight: world.states.iter().map(|s| ix(s.weight)).collect(),
            state_stability: world.states.iter().map(|s| ix(s.stability)).collect(),
            state_hedging: world.states.iter().map(|s| ix(s.hedging)).collect(),
            state_exposure: world
                .states
                .iter()
                .map(|s| {
                    s.exposure
                        .iter()
                        .enumerate()
                        .filter_map(|(k, e)| e.map(|e| (k, ix(e))))
                        .collect()
                })
                .collect(),
            state_opinion: world
                .states
                .iter()
                .flat_map(|s| s.opinion.iter().map(|&o| ix(o)))
                .collect(),
            state_member: world
                .states
                .iter()
                .flat_map(|s| s.member.iter().map(|&m| opt(m)))
                .collect(),
            influence0: world
                .states
                .iter()
                .flat_map(|s| s.influence.iter().map(|&i| ix(i)))
                .collect(),
            domain_salience: world.domains.iter().map(|d| ix(d.salience)).collect(),
            domain_threat: world
                .domains
                .iter()
                .map(|d| ix(d.threat_sensitivity))
                .collect(),
            domain_adjustment: world
                .domains
                .iter()
                .map(|d| ix(d.adjustment_rate))
                .collect(),
            domain_opinion: world.domains.iter().map(|d| ix(d.opinion_weight)).collect(),
            domain_exponent: world
                .domains
                .iter()
                .map(|d| ix(d.contest_exponent))
                .collect(),
            domain_basis: world
                .domains
                .iter()
                .flat_map(|d| d.basis.iter().map(|&b| opt(b)))
                .collect(),
            domain_protects: world
                .domains
                .iter()
                .map(|d| d.protects.unwrap_or(NONE))
                .collect(),
            org_leads: world
                .organizations
                .iter()
                .flat_map(|o| (0..np).map(move |p| o.powers.contains(&p)))
                .collect(),
            org_bonus: world
                .organizations
                .iter()
                .flat_map(|o| o.bonus.iter().map(|&b| opt(b)))
                .collect(),
            drivers: world
                .drivers
                .iter()
                .map(|d| DriverPlan {
                    value: ix(d.value),
                    volatility: ix(d.volatility),
                    persistence: ix(d.persistence),
                    reference: d.reference,
                    scale: d.scale,
                    min: d.min,
                    max: d.max,
                })
                .collect(),
            couplings: world
                .couplings
                .iter()
                .map(|c| CouplingPlan {
                    driver: c.driver,
                    target: ix(c.target),
                    elasticity: ix(c.elasticity),
                    mode: c.mode,
                })
                .collect(),
            events: scenario
                .events
                .iter()
                .map(|e| EventPlan {
                    point: e.point,
                    target: ix(e.target),
                    action: e.action,
                })
                .collect(),
            shock_decay: scenario
                .events
                .iter()
                .map(|e| match e.action {
                    Action::Shock { half_life, .. } => {
                        libm::pow(0.5, scenario.calendar.dt() / half_life)
                    }
                    _ => 1.0,
                })
                .collect(),
            effort_noise: ix(world.model.effort_noise),
            instability_threat: ix(world.model.instability_threat),
            incident_rate: ix(world.model.incident_rate),
            incident_size: ix(world.model.incident_size),
            incident_half_life: ix(world.model.incident_half_life),
            agents: AgentPlan::new(world),
            moving: Vec::new(),
            event_only: Vec::new(),
            coupled: Vec::new(),
            is_moving: vec![false; params],
            noise: scenario.noise,
            min: scenario.params.iter().map(|p| p.min).collect(),
            max: scenario.params.iter().map(|p| p.max).collect(),
        };
        plan.mark_moving();
        plan
    }

    /// Which parameters can move during a run (event targets, coupling targets, growing
    /// resources), and which of them only events move: the step recomputes effective values for
    /// these alone.
    fn mark_moving(&mut self) {
        let mut moving: Vec<usize> = self.events.iter().map(|e| e.target).collect();
        moving.extend(self.couplings.iter().map(|c| c.target));
        for (i, &g) in self.power_growth.iter().enumerate() {
            if g != NONE {
                moving.push(self.power_resource[i]);
            }
        }
        for c in &self.couplings {
            if c.mode == CouplingMode::Growth {
                moving.push(c.target);
            }
        }
        moving.sort_unstable();
        moving.dedup();
        for &m in &moving {
            self.is_moving[m] = true;
        }
        self.agents.restraint_moves = self
            .agents
            .restraint
            .iter()
            .any(|&r| r != NONE && self.is_moving[r]);
        let mut coupled: Vec<usize> = self.couplings.iter().map(|c| c.target).collect();
        for (i, &g) in self.power_growth.iter().enumerate() {
            if g != NONE {
                coupled.push(self.power_resource[i]);
            }
        }
        coupled.sort_unstable();
        coupled.dedup();
        self.event_only = moving
            .iter()
            .copied()
            .filter(|m| !coupled.contains(m) && !self.drivers.iter().any(|d| d.value == *m))
            .collect();
        self.coupled = coupled;
        self.moving = moving;
    }

    /// Number of (power, state, domain) cells.
    pub fn cells(&self) -> usize {
        self.powers * self.states * self.domains
    }

    /// Index of a cell.
    #[inline]
    pub fn cell(&self, power: usize, state: usize, domain: usize) -> usize {
        (state * self.domains + domain) * self.powers + power
    }
}
