//! §9a Public opinion of each power in each state, moving with memory toward a target set by
//! drivers (a war), crises (threat against the help a power gives) and the economic benefit of
//! a growing partner; §9b the
//! legitimacy of organisations and the hazard of leaving them. Nothing here allocates.

use super::super::exp::exp;

use super::super::lanes::{Lane, Mask, select};
use super::super::noise::Noise;
use super::super::plan::{NONE, Plan};
use super::super::variables::Variables;
use super::contest::commitment;
use super::{memo_pow, threat_demand};

/// Opinion at its scheduled value (the start), memberships intact.
pub(super) fn start<const N: usize>(plan: &Plan, st: &mut Variables<N>) {
    for (o, &id) in st.opinion.iter_mut().zip(&plan.state_opinion) {
        *o = st.eff[id];
    }
    st.survival.fill(Lane::splat(1.0));
    st.exited.fill(Mask::splat(false));
}

/// §9a One step of opinion toward its target.
#[inline(always)]
pub(super) fn update<const N: usize>(plan: &Plan, st: &mut Variables<N>) {
    let a = &plan.agents;
    let (np, nd) = (plan.powers, plan.domains);
    let slot = plan.domains + plan.drivers.len() + 2;
    let keep = memo_pow(
        &mut st.memo[slot],
        Lane::splat(0.5),
        plan.dt / st.eff[a.opinion_half_life],
    );
    let step = 1.0 - keep;
    let (cd, bd) = (a.crisis_domain, a.benefit_domain);
    let kappa = st.eff[a.crisis_opinion];
    // The benefit term does not depend on the state.
    for p in 0..np {
        let b = a.benefit_opinion[p];
        let c0 = st.capability0[p * nd + bd];
        st.benefit[p] = if b != NONE {
            let benefit = st.eff[b] * (st.capability[p * nd + bd] / c0 - 1.0);
            select(c0.gt(0.0), benefit, Lane::splat(0.0))
        } else {
            Lane::splat(0.0)
        };
    }
    for s in 0..plan.states {
        let rise = (st.threat[s] - st.threat0[s]).max(0.0);
        let need = threat_demand(plan, st, s, cd) / st.demand0[s * nd + cd];
        let crisis = rise.gt(0.0) & kappa.ne(0.0);
        for p in 0..np {
            let mut target = st.eff[plan.state_opinion[s * np + p]];
            for t in &a.opinion_terms[s * np + p] {
                target += st.eff[t.effect] * (st.driver_z[t.driver] - st.driver_z0[t.driver]);
            }
            if crisis.any() {
                let c0 = st.commitment0[plan.cell(p, s, cd)];
                let help = commitment(plan, st, p, s, cd) / c0;
                let moved = target + kappa * rise * (help - need);
                target = select(crisis & c0.gt(0.0), moved, target);
            }
            if a.benefit_opinion[p] != NONE {
                target += st.benefit[p];
            }
            let o = &mut st.opinion[s * np + p];
            *o += step * (target.clamp(0.0, 1.0) - *o);
        }
    }
}

/// §9b Legitimacy of each organisation in each member state, the hazard of leaving it, and (with
/// noise on) random exits: one uniform draw per (state, organisation) pair that has a membership
/// entry and a hazard, in that order, whether or not the state is still a member.
#[inline(always)]
pub(super) fn organisations<const N: usize>(
    plan: &Plan,
    st: &mut Variables<N>,
    mut noise: Option<&mut Noise<'_, N>>,
) {
    let a = &plan.agents;
    let np = plan.powers;
    let lambda = st.eff[a.legitimacy];
    let (by_opinion, by_threat) = (st.eff[a.exit_opinion], st.eff[a.exit_threat]);
    for m in &a.memberships {
        let leads = &a.org_leads[m.org];
        let op = if leads.is_empty() {
            Lane::splat(0.5)
        } else {
            let mut sum = Lane::splat(0.0);
            for &p in leads {
                sum += st.opinion[m.state * np + p];
            }
            sum / leads.len() as f64
        };
        st.legitimacy[m.slot] = (1.0 + lambda * (op - 0.5)).max(0.0);
        if m.hazard == NONE {
            continue;
        }
        let rise = st.threat[m.state] - st.threat0[m.state];
        let x = by_opinion * (0.5 - op) + by_threat * rise;
        let rate = st.eff[m.hazard] * exp(x);
        st.hazard[m.slot] = rate;
        let chance = (rate * plan.dt).min(1.0);
        let member = !st.exited[m.slot] & st.eff[m.member].gt(0.0);
        let survival = st.survival[m.slot];
        st.survival[m.slot] = select(member, survival * (1.0 - chance), survival);
        if let Some(noise) = noise.as_deref_mut() {
            let u = noise.uniforms();
            st.exited[m.slot] = st.exited[m.slot] | (member & u.lt_lane(chance));
        }
    }
}
