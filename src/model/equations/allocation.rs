//! §10a Allocation: each power moves the split of its attention across (state, domain) cells
//! toward the split that equalises its marginal value of effort, given the other powers' efforts
//! as the last contest revealed them. Valuations are revealed by the start's allocation (§8).
//! Nothing here allocates.

use super::super::plan::{NONE, Plan};
use super::super::variables::Variables;
use super::memo_pow;

/// Memo slot of the per-step allocation rate, after the domains, drivers and incident decay.
fn slot(plan: &Plan) -> usize {
    plan.domains + plan.drivers.len() + 1
}

/// The weight each power gives each partner's share in each domain this step: `2r - 1` in the
/// partner's core domain and `r - 1` elsewhere, with `r` the restraint of their relation; 0
/// between powers with no relation.
pub(super) fn partner_weights(plan: &Plan, st: &mut Variables) {
    if !plan.agents.any_relation {
        return;
    }
    let (np, nd) = (plan.powers, plan.domains);
    for p in 0..np {
        for q in 0..np {
            let id = plan.agents.restraint[p * np + q];
            let core = plan.agents.partner_core[p * np + q];
            let r = if id == NONE { f64::NAN } else { st.eff[id] };
            for d in 0..nd {
                st.partner_weight[(p * np + q) * nd + d] = if id == NONE {
                    0.0
                } else if d == core {
                    2.0 * r - 1.0
                } else {
                    r - 1.0
                };
            }
        }
    }
}

/// Leverage of power `p` in cell (s, d): the marginal value of a relative increase of its effort,
/// `gamma T_p (1 - T_p - sum_q w_pq T_q)`, read from the last contest's targets `T`.
#[inline]
pub(super) fn leverage(plan: &Plan, st: &Variables, p: usize, s: usize, d: usize) -> f64 {
    let (np, nd) = (plan.powers, plan.domains);
    let base = plan.cell(0, s, d);
    let own = st.target[base + p];
    let mut free = 1.0 - own;
    if plan.agents.any_relation {
        for q in 0..np {
            if q != p {
                free -= st.partner_weight[(p * np + q) * nd + d] * st.target[base + q];
            }
        }
    }
    st.eff[plan.domain_exponent[d]] * own * free
}

/// The start's allocation (§8): each power's attention split by need, domain share x state share.
pub(super) fn start(plan: &Plan, st: &mut Variables) {
    let nd = plan.domains;
    for s in 0..plan.states {
        for d in 0..nd {
            for p in 0..plan.powers {
                st.allocation[plan.cell(p, s, d)] =
                    st.domain_share[p * nd + d] * st.state_share[s * nd + d];
            }
        }
    }
}

/// §10a One step of every power's allocation toward its best response.
pub(super) fn update(plan: &Plan, st: &mut Variables) {
    let slot = slot(plan);
    let keep = memo_pow(
        &mut st.memo[slot],
        1.0 - st.eff[plan.agents.allocation_rate],
        plan.dt,
    );
    let rate = 1.0 - keep;
    if rate == 0.0 {
        return;
    }
    partner_weights(plan, st);
    let (np, nd) = (plan.powers, plan.domains);
    for p in 0..np {
        let mut total = 0.0;
        for s in 0..plan.states {
            for d in 0..nd {
                let cell = plan.cell(p, s, d);
                let need = st.domain_share[p * nd + d] * st.state_share[s * nd + d];
                let h0 = st.leverage0[cell];
                let value = if h0 > 0.0 {
                    need * leverage(plan, st, p, s, d) / h0
                } else {
                    need
                };
                st.best[cell] = value;
                total += value;
            }
        }
        if total <= 0.0 {
            continue;
        }
        let inverse = 1.0 / total;
        for s in 0..plan.states {
            for d in 0..nd {
                let cell = plan.cell(p, s, d);
                let a = &mut st.allocation[cell];
                *a += rate * (st.best[cell] * inverse - *a);
            }
        }
    }
}
