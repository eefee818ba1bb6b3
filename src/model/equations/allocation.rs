//! §10a Allocation: each power moves the split of its attention across (state, domain) cells
//! toward the split that equalises its marginal value of effort, given the other powers' efforts
//! as the last contest revealed them. Valuations are revealed by the start's allocation (§8).
//! Nothing here allocates.

use super::super::lanes::{Lane, select};
use super::super::plan::{NONE, Plan};
use super::super::variables::Variables;
use super::memo_pow;

/// Memo slot of the per-step allocation rate, after the domains, drivers and incident decay.
fn slot(plan: &Plan) -> usize {
    plan.domains + plan.drivers.len() + 1
}

/// The weight each power gives each partner's share in each domain this step: `2r - 1` in the
/// partner's core domain and `r - 1` elsewhere, with `r` the restraint of their relation; 0
/// between powers with no relation and for a power's own share. Laid out `[(d * P + p) * P + q]`
/// so that one power's weights in one domain are contiguous.
#[inline(always)]
pub(super) fn partner_weights<const N: usize>(plan: &Plan, st: &mut Variables<N>) {
    if !plan.agents.any_relation {
        return;
    }
    let (np, nd) = (plan.powers, plan.domains);
    for p in 0..np {
        for q in 0..np {
            let id = plan.agents.restraint[p * np + q];
            let core = plan.agents.partner_core[p * np + q];
            for d in 0..nd {
                st.partner_weight[(d * np + p) * np + q] = if id == NONE {
                    Lane::splat(0.0)
                } else if d == core {
                    2.0 * st.eff[id] - 1.0
                } else {
                    st.eff[id] - 1.0
                };
            }
        }
    }
}

/// Leverage of power `p` in cell (s, d): the marginal value of a relative increase of its effort,
/// `gamma T_p (1 - T_p - sum_q w_pq T_q)`, read from the last contest's targets `T`.
#[inline(always)]
pub(super) fn leverage<const N: usize>(
    plan: &Plan,
    st: &Variables<N>,
    p: usize,
    s: usize,
    d: usize,
) -> Lane<N> {
    let np = plan.powers;
    let base = plan.cell(0, s, d);
    group_leverage(
        plan,
        &st.partner_weight,
        &st.target[base..base + np],
        p,
        d,
        st.eff[plan.domain_exponent[d]],
    )
}

/// [`leverage`] from one group's targets and the domain's contest exponent.
#[inline(always)]
fn group_leverage<const N: usize>(
    plan: &Plan,
    weights: &[Lane<N>],
    targets: &[Lane<N>],
    p: usize,
    d: usize,
    gamma: Lane<N>,
) -> Lane<N> {
    let np = targets.len();
    let own = targets[p];
    let mut free = 1.0 - own;
    if plan.agents.any_relation {
        let weights = &weights[(d * np + p) * np..(d * np + p + 1) * np];
        for (q, (&w, &t)) in weights.iter().zip(targets).enumerate() {
            if q != p {
                free -= w * t;
            }
        }
    }
    gamma * own * free
}

/// The start's allocation (§8): each power's attention split by need, domain share x state share.
pub(super) fn start<const N: usize>(plan: &Plan, st: &mut Variables<N>) {
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

/// §10a One step of every power's allocation toward its best response. Cells are visited state
/// by state and domain by domain, so each power's total accumulates in that order. A run whose
/// allocation rate is 0 keeps its allocation.
#[inline(always)]
pub(super) fn update<const N: usize>(plan: &Plan, st: &mut Variables<N>) {
    let slot = slot(plan);
    let keep = memo_pow(
        &mut st.memo[slot],
        1.0 - st.eff[plan.agents.allocation_rate],
        Lane::splat(plan.dt),
    );
    let rate = 1.0 - keep;
    let moving = rate.ne(0.0);
    if !moving.any() {
        return;
    }
    if plan.agents.restraint_moves {
        partner_weights(plan, st);
    }
    let (np, nd) = (plan.powers, plan.domains);
    st.best_total.fill(Lane::splat(0.0));
    for s in 0..plan.states {
        for d in 0..nd {
            let base = plan.cell(0, s, d);
            let share = st.state_share[s * nd + d];
            let gamma = st.eff[plan.domain_exponent[d]];
            let cells = base..base + np;
            let targets = &st.target[cells.clone()];
            let leverage0 = &st.leverage0[cells.clone()];
            let best = &mut st.best[cells];
            for p in 0..np {
                let need = st.domain_share[p * nd + d] * share;
                let h0 = leverage0[p];
                let valued =
                    need * group_leverage(plan, &st.partner_weight, targets, p, d, gamma) / h0;
                let value = select(h0.gt(0.0), valued, need);
                best[p] = value;
                st.best_total[p] += value;
            }
        }
    }
    for p in 0..np {
        let total = st.best_total[p];
        st.best_total[p] = select(total.gt(0.0), 1.0 / total, Lane::splat(0.0));
    }
    let inverses = &st.best_total;
    for (group, best) in st
        .allocation
        .chunks_exact_mut(np)
        .zip(st.best.chunks_exact(np))
    {
        for ((a, &b), &inverse) in group.iter_mut().zip(best).zip(inverses) {
            // A power with nothing to value keeps its allocation.
            *a = select(moving & inverse.gt(0.0), *a + rate * (b * inverse - *a), *a);
        }
    }
}
