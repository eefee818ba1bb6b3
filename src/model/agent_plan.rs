//! The agent part of the compiled plan: parameter indices of the decisions of powers and states,
//! of public opinion and of exits, laid out for the equations (docs/MODEL.md §7a-§10b).

use super::plan::NONE;
use crate::params::ParamId;
use crate::world::World;

/// A driver's term in one state's opinion of one power.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpinionTerm {
    /// The driver.
    pub driver: usize,
    /// The effect parameter.
    pub effect: usize,
}

/// A driver's factor on a power's receptivity in a domain, in every state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChannelPlan {
    /// The driver.
    pub driver: usize,
    /// `domain * P + power`.
    pub slot: usize,
    /// The elasticity parameter.
    pub elasticity: usize,
}

/// A state's membership of an organisation, with what §9 and §9b need of it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Membership {
    /// The state.
    pub state: usize,
    /// The organisation.
    pub org: usize,
    /// `state * O + org`.
    pub slot: usize,
    /// The membership parameter.
    pub member: usize,
    /// The organisation's exit hazard (or NONE).
    pub hazard: usize,
}

/// Indices of every agent parameter.
#[derive(Debug, Clone)]
pub struct AgentPlan {
    /// Allocation adjustment rate per year.
    pub allocation_rate: usize,
    /// Half-life of opinion.
    pub opinion_half_life: usize,
    /// Half-life of revenue capacity.
    pub capacity_half_life: usize,
    /// Domain that answers crises.
    pub crisis_domain: usize,
    /// Domain that brings economic benefit.
    pub benefit_domain: usize,
    /// Opinion per threat rise times help.
    pub crisis_opinion: usize,
    /// `[p]` opinion per relative rise of economic commitment (or NONE).
    pub benefit_opinion: Vec<usize>,
    /// Elasticity of membership ties to opinion.
    pub legitimacy: usize,
    /// Log-hazard of exit per unit of opinion below neutral.
    pub exit_opinion: usize,
    /// Log-hazard of exit per unit of threat rise.
    pub exit_threat: usize,
    /// `[p * P + q]` restraint of the relation between p and q (or NONE).
    pub restraint: Vec<usize>,
    /// `[p * P + q]` core domain of q in its relation with p (or NONE).
    pub partner_core: Vec<usize>,
    /// Whether any relation exists (skips the partner terms otherwise).
    pub any_relation: bool,
    /// `[s]` courting.
    pub courting: Vec<usize>,
    /// `[s]` leaning.
    pub leaning: Vec<usize>,
    /// `[s]` self-reliance.
    pub self_reliance: Vec<usize>,
    /// `[s]` capacity growth.
    pub capacity_growth: Vec<usize>,
    /// `[s]` revenue terms (driver, elasticity parameter), in driver order.
    pub revenue: Vec<Vec<(usize, usize)>>,
    /// `[s * P + p]` opinion terms, in the order of the channels.
    pub opinion_terms: Vec<Vec<OpinionTerm>>,
    /// Receptivity channels, in file order.
    pub channels: Vec<ChannelPlan>,
    /// `[o]` exit hazard (or NONE).
    pub exit_hazard: Vec<usize>,
    /// Every membership entry, states outermost, organisations in file order.
    pub memberships: Vec<Membership>,
    /// `[o]` (domain, bonus parameter) of each bonus, in domain order.
    pub org_bonuses: Vec<Vec<(usize, usize)>>,
    /// `[o]` lead powers, in power order.
    pub org_leads: Vec<Vec<usize>>,
    /// Whether an event can move a restraint (partner weights are then recomputed every step).
    pub restraint_moves: bool,
}

fn ix(id: ParamId) -> usize {
    id.ix()
}

fn opt(id: Option<ParamId>) -> usize {
    id.map_or(NONE, ParamId::ix)
}

impl AgentPlan {
    /// Compiles the agent sections of a world. Like `Plan::new`, one literal with a line per
    /// table, so that every field's source is where it is set.
    pub fn new(world: &World) -> AgentPlan {
        let a = &world.agents;
        let np = world.powers.len();
        let mut restraint = vec![NONE; np * np];
        let mut partner_core = vec![NONE; np * np];
        for r in &a.relations {
            let [p, q] = r.powers;
            restraint[p * np + q] = ix(r.restraint);
            restraint[q * np + p] = ix(r.restraint);
            partner_core[p * np + q] = r.core[1];
            partner_core[q * np + p] = r.core[0];
        }
        let mut opinion_terms = vec![Vec::new(); world.states.len() * np];
        for c in &a.opinion_channels {
            for (s, e) in c.effect.iter().enumerate() {
                if let Some(e) = e {
                    opinion_terms[s * np + c.power].push(OpinionTerm {
                        driver: c.driver,
                        effect: ix(*e),
                    });
                }
            }
        }
        AgentPlan {
            allocation_rate: ix(a.allocation_rate),
            opinion_half_life: ix(a.opinion_half_life),
            capacity_half_life: ix(a.capacity_half_life),
            crisis_domain: a.crisis_domain,
            benefit_domain: a.benefit_domain,
            crisis_opinion: ix(a.crisis_opinion),
            benefit_opinion: a.benefit_opinion.iter().map(|&b| opt(b)).collect(),
            legitimacy: ix(a.legitimacy),
            exit_opinion: ix(a.exit_opinion),
            exit_threat: ix(a.exit_threat),
            any_relation: !a.relations.is_empty(),
            restraint,
            partner_core,
            courting: a.agency.iter().map(|g| ix(g.courting)).collect(),
            leaning: a.agency.iter().map(|g| ix(g.leaning)).collect(),
            self_reliance: a.agency.iter().map(|g| ix(g.self_reliance)).collect(),
            capacity_growth: a.agency.iter().map(|g| ix(g.capacity_growth)).collect(),
            revenue: a
                .agency
                .iter()
                .map(|g| {
                    g.revenue
                        .iter()
                        .enumerate()
                        .filter_map(|(k, e)| e.map(|e| (k, ix(e))))
                        .collect()
                })
                .collect(),
            opinion_terms,
            channels: a
                .channels
                .iter()
                .map(|c| ChannelPlan {
                    driver: c.driver,
                    slot: c.domain * np + c.power,
                    elasticity: ix(c.elasticity),
                })
                .collect(),
            exit_hazard: a.exit_hazard.iter().map(|&h| opt(h)).collect(),
            memberships: world
                .states
                .iter()
                .enumerate()
                .flat_map(|(s, st)| {
                    st.member.iter().enumerate().filter_map(move |(o, m)| {
                        m.map(|m| Membership {
                            state: s,
                            org: o,
                            slot: s * world.organizations.len() + o,
                            member: ix(m),
                            hazard: opt(a.exit_hazard[o]),
                        })
                    })
                })
                .collect(),
            org_bonuses: world
                .organizations
                .iter()
                .map(|o| {
                    o.bonus
                        .iter()
                        .enumerate()
                        .filter_map(|(d, b)| b.map(|b| (d, ix(b))))
                        .collect()
                })
                .collect(),
            org_leads: world
                .organizations
                .iter()
                .map(|o| (0..np).filter(|p| o.powers.contains(p)).collect())
                .collect(),
            restraint_moves: false,
        }
    }
}
