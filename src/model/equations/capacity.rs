//! §7a State capacity: each state's own means (budget, forces) relative to the start, from a
//! trend and from revenue that follows drivers (oil for exporters) with a half-life. Capacity
//! feeds the state's autonomy in the contest (§11). Nothing here allocates.

use super::super::exp::exp;

use super::super::lanes::Lane;
use super::super::plan::Plan;
use super::super::variables::Variables;
use super::memo_pow;

/// Capacity equal to the start's in every state.
pub(super) fn reset<const N: usize>(st: &mut Variables<N>) {
    st.capacity_trend.fill(Lane::splat(0.0));
    st.capacity_revenue.fill(Lane::splat(0.0));
    st.capacity_factor.fill(Lane::splat(1.0));
}

/// §7a One step of capacity (`dt` is 0 at the start): the trend compounds, log revenue capacity
/// moves toward the drivers' effect since the start, and the autonomy factor is capacity to the
/// state's self-reliance.
#[inline(always)]
pub(super) fn update<const N: usize>(plan: &Plan, st: &mut Variables<N>, dt: f64) {
    let a = &plan.agents;
    let slot = plan.domains + plan.drivers.len() + 3;
    let keep = memo_pow(
        &mut st.memo[slot],
        Lane::splat(0.5),
        dt / st.eff[a.capacity_half_life],
    );
    let step = 1.0 - keep;
    for s in 0..plan.states {
        let trend = st.eff[a.capacity_growth[s]] * dt;
        st.capacity_trend[s] += trend;
        let mut target = Lane::splat(0.0);
        for &(k, e) in &a.revenue[s] {
            target += st.eff[e] * (st.driver_z[k] - st.driver_z0[k]);
        }
        let revenue = &mut st.capacity_revenue[s];
        *revenue += step * (target - *revenue);
        let x = st.eff[a.self_reliance[s]] * (st.capacity_trend[s] + st.capacity_revenue[s]);
        st.capacity_factor[s] = exp(x);
    }
}
