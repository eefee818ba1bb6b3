//! The model's equations, in the order one step applies them. docs/MODEL.md states each one with
//! its rationale; the section numbers in the comments below refer to it.
//!
//! Transcendental functions come from `libm` (`exp` through [`super::exp`], which gives its bits
//! for all lanes at once), so results do not depend on the platform's maths library. Nothing
//! here allocates.

use super::exp::exp;
use libm::pow;
use rand_chacha::ChaCha8Rng;

mod allocation;
mod capacity;
mod contest;
mod opinion;

use super::lanes::{Lane, Mask, select};
use super::noise::Noise;
use super::plan::{NONE, Plan};
use super::variables::Variables;
use crate::scenario::Action;
use crate::schema::CouplingMode;

/// Smallest effort multiplier noise can produce (keeps effort positive).
pub const MIN_NOISE_FACTOR: f64 = 0.01;
/// Smallest receptivity (a hostile public dampens but never cancels effort).
pub const MIN_RECEPTIVITY: f64 = 0.01;
/// Floor on stability in the autonomy ratio, and on threat-driven demand.
pub const MIN_STABILITY: f64 = 0.01;

/// `base^exponent` in every lane, recomputed only when a lane's inputs differ from its last
/// call at this slot. The inputs rarely change during a run, and the same inputs give the same
/// bits, so memoising changes nothing but speed.
#[inline(always)]
pub(super) fn memo_pow<const N: usize>(
    slot: &mut [Lane<N>; 3],
    base: Lane<N>,
    exponent: Lane<N>,
) -> Lane<N> {
    // Compared all lanes at once: in most steps no lane's inputs changed.
    let changed = slot[0].ne_lane(base) | slot[1].ne_lane(exponent);
    if changed.any() {
        for l in 0..N {
            if changed.get(l) {
                slot[0].0[l] = base.0[l];
                slot[1].0[l] = exponent.0[l];
                slot[2].0[l] = pow(base.0[l], exponent.0[l]);
            }
        }
    }
    slot[2]
}

/// Sets up `N` runs side by side (§2), lane `l` from `world[l]` and `scenario[l]`: calibrates
/// the contest (§8) on the world's parameter values and the scenario's initial influence, then
/// loads the scenario's values and applies the events dated at the start. `world` and
/// `scenario` are parameter vectors in the plan's order; `world` is only read during
/// calibration, and its initial-influence entries are not read at all.
pub fn initialise_lanes<const N: usize>(
    plan: &Plan,
    st: &mut Variables<N>,
    world: [&[f64]; N],
    scenario: [&[f64]; N],
) {
    let at = |values: &[&[f64]; N], i: usize| Lane::from_fn(|l| values[l][i]);
    st.point = 0;
    st.growth.fill(Lane::splat(1.0));
    st.offset.fill(Lane::splat(0.0));
    st.shock.fill(Lane::splat(0.0));
    st.deviation.fill(Lane::splat(0.0));
    st.incident.fill(Lane::splat(0.0));
    for (cell, &id) in plan.influence0.iter().enumerate() {
        st.influence[cell] = at(&scenario, id);
    }

    // Calibration on the world as it stands at the start.
    for (i, (b, e)) in st.base.iter_mut().zip(st.eff.iter_mut()).enumerate() {
        *b = at(&world, i);
        *e = *b;
    }
    for r in 0..plan.resources {
        let total: Lane<N> = Lane::from_fn(|l| {
            (0..plan.powers)
                .map(|p| world[l][plan.power_resource[p * plan.resources + r]])
                .sum()
        });
        st.resource_share[r] = select(total.gt(0.0), 1.0 / total, Lane::splat(0.0));
    }
    for s in 0..plan.states {
        st.stability0[s] = at(&world, plan.state_stability[s]);
    }
    drivers(plan, st, None);
    effective_parameters(plan, st, 0.0);
    powers(plan, st);
    threat_and_salience(plan, st, None);
    st.driver_z0.copy_from_slice(&st.driver_z);
    st.threat0.copy_from_slice(&st.threat);
    st.capability0.copy_from_slice(&st.capability);
    capacity::reset(st);
    allocation::start(plan, st);
    opinion::start(plan, st);
    opinion::organisations(plan, st, None);
    receptivity(plan, st);
    contest::calibrate(plan, st);

    // The scenario from its first grid point. Allocation, capacity and the last targets are
    // state variables: they keep their start values.
    for (i, (b, e)) in st.base.iter_mut().zip(st.eff.iter_mut()).enumerate() {
        *b = at(&scenario, i);
        *e = *b;
    }
    st.growth.fill(Lane::splat(1.0));
    apply_events(plan, st, 0);
    drivers(plan, st, None);
    effective_parameters(plan, st, 0.0);
    powers(plan, st);
    threat_and_salience(plan, st, None);
    allocation::partner_weights(plan, st);
    capacity::update(plan, st, 0.0);
    opinion::start(plan, st);
    opinion::organisations(plan, st, None);
    receptivity(plan, st);
}

/// Sets up a run (§2): [`initialise_lanes`] with one lane.
pub fn initialise(plan: &Plan, st: &mut Variables, world: &[f64], scenario: &[f64]) {
    initialise_lanes(plan, st, [world], [scenario]);
}

/// Advances the state by one step (§2). `rng` is `None` when noise is off.
pub fn step(plan: &Plan, st: &mut Variables, rng: Option<&mut ChaCha8Rng>) {
    let mut noise = rng.map(|rng| Noise::new(std::array::from_mut(rng)));
    step_lanes(plan, st, noise.as_mut());
    if let Some(noise) = noise {
        noise.finish();
    }
}

/// Advances `N` runs by one step (§2), lane `l` drawing from lane `l` of `noise`; `noise` is
/// `None` when noise is off. Each lane's numbers are those [`step`] gives its run alone.
#[inline(always)]
pub fn step_lanes<const N: usize>(
    plan: &Plan,
    st: &mut Variables<N>,
    mut noise: Option<&mut Noise<'_, N>>,
) {
    st.point += 1;
    st.influence_start.copy_from_slice(&st.influence);
    apply_events(plan, st, st.point);
    drivers(plan, st, noise.as_deref_mut());
    effective_parameters(plan, st, plan.dt);
    powers(plan, st);
    threat_and_salience(plan, st, noise.as_deref_mut());
    capacity::update(plan, st, plan.dt);
    allocation::update(plan, st);
    opinion::update(plan, st);
    opinion::organisations(plan, st, noise.as_deref_mut());
    receptivity(plan, st);
    contest::contest(plan, st, noise);
}
/// §3 Events: `set` and `ramp` move scheduled values; shocks add offsets that halve every
/// half-life.
#[inline(always)]
fn apply_events<const N: usize>(plan: &Plan, st: &mut Variables<N>, point: usize) {
    for &m in &plan.moving {
        st.offset[m] = Lane::splat(0.0);
    }
    for (e, ev) in plan.events.iter().enumerate() {
        match ev.action {
            Action::Set(v) if ev.point == point => st.base[ev.target] = Lane::splat(v),
            Action::Ramp { to, until } if ev.point <= point && point <= until => {
                if ev.point == point {
                    st.ramp_from[e] = st.base[ev.target];
                }
                st.base[ev.target] = if point == until {
                    Lane::splat(to)
                } else {
                    let f = (point - ev.point) as f64 / (until - ev.point) as f64;
                    st.ramp_from[e] + (to - st.ramp_from[e]) * f
                };
            }
            Action::Shock { size, .. } => {
                if ev.point == point {
                    st.shock[e] = Lane::splat(size);
                } else if ev.point < point {
                    st.shock[e] *= plan.shock_decay[e];
                }
                let shock = st.shock[e];
                st.offset[ev.target] += shock;
            }
            _ => {}
        }
    }
    // Parameters only events move take effect at once, so later stages read today's values.
    for &m in &plan.event_only {
        st.eff[m] = (st.base[m] + st.offset[m]).clamp(plan.min[m], plan.max[m]);
    }
}

/// §4 Drivers: scheduled value plus a persistent random deviation, within the driver's limits.
#[inline(always)]
fn drivers<const N: usize>(plan: &Plan, st: &mut Variables<N>, noise: Option<&mut Noise<'_, N>>) {
    let dt = Lane::splat(plan.dt);
    let mut noise = noise;
    for (k, d) in plan.drivers.iter().enumerate() {
        if let Some(noise) = noise.as_deref_mut() {
            let z = noise.normals();
            let a = memo_pow(&mut st.memo[plan.domains + k], st.eff[d.persistence], dt);
            st.deviation[k] = a * st.deviation[k] + st.eff[d.volatility] * plan.sqrt_dt * z;
        }
        let scheduled = st.base[d.value] + st.offset[d.value];
        let x = (scheduled + d.scale * st.deviation[k]).clamp(d.min, d.max);
        st.driver[k] = x;
        st.driver_z[k] = (x - d.reference) / d.scale;
        st.eff[d.value] = x;
    }
}

/// §5 Effective parameters: scheduled value plus shocks, times accumulated growth and the level
/// effect of drivers, within the parameter's limits. `dt` is 0 at the start (no growth yet).
#[inline(always)]
fn effective_parameters<const N: usize>(plan: &Plan, st: &mut Variables<N>, dt: f64) {
    for &m in &plan.moving {
        st.level[m] = Lane::splat(0.0);
        st.rate[m] = Lane::splat(0.0);
    }
    for (i, &g) in plan.power_growth.iter().enumerate() {
        if g != NONE {
            let rate = st.eff[g];
            st.rate[plan.power_resource[i]] += rate;
        }
    }
    for c in &plan.couplings {
        let e = st.eff[c.elasticity];
        match c.mode {
            CouplingMode::Level => {
                let term = e * st.driver_z[c.driver];
                st.level[c.target] += term;
            }
            CouplingMode::Growth => {
                let term = e * st.driver[c.driver];
                st.rate[c.target] += term;
            }
        }
    }
    for &m in &plan.coupled {
        if dt > 0.0 {
            // exp(0) is 1 exactly, so lanes whose rate is 0 keep their growth.
            let (growth, rate) = (st.growth[m], st.rate[m]);
            st.growth[m] = select(rate.ne(0.0), growth * exp(rate * dt), growth);
        }
        let level = exp(st.level[m]);
        let v = (st.base[m] + st.offset[m]) * st.growth[m] * level;
        st.eff[m] = v.clamp(plan.min[m], plan.max[m]);
    }
}

/// §6 Powers: capability per domain from normalised resources, and attention for the region.
#[inline(always)]
fn powers<const N: usize>(plan: &Plan, st: &mut Variables<N>) {
    let (nr, nd) = (plan.resources, plan.domains);
    for p in 0..plan.powers {
        for d in 0..nd {
            let mut c = Lane::splat(0.0);
            for r in 0..nr {
                // `resource_share` is 1 / total, or 0 for a resource no power holds.
                let b = plan.domain_basis[d * nr + r];
                if b != NONE {
                    c += st.eff[b] * st.eff[plan.power_resource[p * nr + r]] * st.resource_share[r];
                }
            }
            st.capability[p * nd + d] = c;
        }
        st.attention[p] =
            st.eff[plan.power_priority[p]] * (1.0 - st.eff[plan.power_commitments[p]]);
    }
}

/// §7 States: incidents, threat, domain salience, and how powers split attention across domains
/// and states.
#[inline(always)]
fn threat_and_salience<const N: usize>(
    plan: &Plan,
    st: &mut Variables<N>,
    noise: Option<&mut Noise<'_, N>>,
) {
    let (ns, nd) = (plan.states, plan.domains);
    let mut noise = noise;
    let size = st.eff[plan.incident_size];
    let slot = plan.domains + plan.drivers.len();
    let decay = memo_pow(
        &mut st.memo[slot],
        Lane::splat(0.5),
        plan.dt / st.eff[plan.incident_half_life],
    );
    let rate = st.eff[plan.incident_rate];
    let phi = st.eff[plan.instability_threat];
    for s in 0..ns {
        if let Some(noise) = noise.as_deref_mut() {
            let u = noise.uniforms();
            let p = (rate * plan.dt * st.threat[s]).min(1.0);
            let incident = st.incident[s] * decay;
            st.incident[s] = select(u.lt_lane(p), incident + size, incident);
        }
        let mut t = phi * (1.0 - st.eff[plan.state_stability[s]]) + st.incident[s];
        for &(k, e) in &plan.state_exposure[s] {
            t += st.eff[e] * st.driver[k];
        }
        st.threat[s] = t.clamp(0.0, 1.0);
        let mut total = Lane::splat(0.0);
        for d in 0..nd {
            let w = st.eff[plan.domain_salience[d]] * threat_demand(plan, st, s, d);
            st.salience[s * nd + d] = w;
            total += w;
        }
        normalise(&mut st.salience, s * nd, 1, nd, total);
    }
    // Share of each domain's effort going to each state: weight x salience.
    for d in 0..nd {
        let mut total = Lane::splat(0.0);
        for s in 0..ns {
            let v = st.eff[plan.state_weight[s]] * st.salience[s * nd + d];
            st.state_share[s * nd + d] = v;
            total += v;
        }
        st.regional_salience[d] = total;
        normalise(&mut st.state_share, d, nd, ns, total);
    }
    // Share of each power's attention going to each domain: focus x regional salience (the
    // weight-averaged salience, i.e. the totals above over the total weight).
    let weight_total = Lane::from_fn(|l| (0..ns).map(|s| st.eff[plan.state_weight[s]].0[l]).sum());
    let weight_total = weight_total.max(f64::MIN_POSITIVE);
    for p in 0..plan.powers {
        let mut total = Lane::splat(0.0);
        for d in 0..nd {
            let regional = st.regional_salience[d] / weight_total;
            let v = st.eff[plan.power_focus[p * nd + d]] * regional;
            st.domain_share[p * nd + d] = v;
            total += v;
        }
        normalise(&mut st.domain_share, p * nd, 1, nd, total);
        for d in 0..nd {
            st.reach[p * nd + d] =
                st.attention[p] * st.capability[p * nd + d] * st.domain_share[p * nd + d];
        }
    }
}

/// Divides the `count` entries `values[first + k * stride]` by their `total`, or sets them to 0
/// when the total is not positive (a state or power with nothing to share out).
#[inline(always)]
fn normalise<const N: usize>(
    values: &mut [Lane<N>],
    first: usize,
    stride: usize,
    count: usize,
    total: Lane<N>,
) {
    // One division per group; multiplying by the reciprocal differs from dividing by at most an
    // ulp, and is what the equations in docs/MODEL.md are computed with.
    let inverse = select(total.gt(0.0), 1.0 / total, Lane::splat(0.0));
    for k in 0..count {
        values[first + k * stride] *= inverse;
    }
}

/// §9 Receptivity: public opinion, the legitimate membership of organisations the power leads,
/// and drivers' channels. The bonuses are accumulated per cell from the membership entries (in
/// organisation order for each cell), then multiplied by the opinion and channel factors.
#[inline(always)]
fn receptivity<const N: usize>(plan: &Plan, st: &mut Variables<N>) {
    let (np, nd) = (plan.powers, plan.domains);
    let a = &plan.agents;
    st.channel_factor.fill(Lane::splat(1.0));
    for c in &a.channels {
        let x = st.eff[c.elasticity] * st.driver_z[c.driver];
        let f = st.channel_factor[c.slot];
        st.channel_factor[c.slot] = select(x.ne(0.0), f * exp(x), f);
    }
    st.receptivity.fill(Lane::splat(1.0));
    for m in &a.memberships {
        let exited = st.exited[m.slot];
        if exited == Mask::splat(true) {
            continue;
        }
        let weight = st.eff[m.member] * st.legitimacy[m.slot];
        for &(d, b) in &a.org_bonuses[m.org] {
            let bonus = weight * st.eff[b];
            for &p in &a.org_leads[m.org] {
                let r = &mut st.receptivity[plan.cell(p, m.state, d)];
                *r = select(exited, *r, *r + bonus);
            }
        }
    }
    for s in 0..plan.states {
        let opinion = &st.opinion[s * np..(s + 1) * np];
        for d in 0..nd {
            let w = st.eff[plan.domain_opinion[d]];
            let base = plan.cell(0, s, d);
            let group = &mut st.receptivity[base..base + np];
            let channel = &st.channel_factor[d * np..(d + 1) * np];
            for ((r, &op), &c) in group.iter_mut().zip(opinion).zip(channel) {
                let factor = (1.0 + w * (op - 0.5)).max(MIN_RECEPTIVITY);
                *r = factor * *r * c;
            }
        }
    }
}

/// How much a state's threat raises its need for outside help in a domain (the unnormalised
/// salience multiplier of §7).
#[inline(always)]
pub(super) fn threat_demand<const N: usize>(
    plan: &Plan,
    st: &Variables<N>,
    s: usize,
    d: usize,
) -> Lane<N> {
    (1.0 + st.eff[plan.domain_threat[d]] * st.threat[s]).max(MIN_STABILITY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memoised_powers_follow_each_lanes_inputs() {
        let mut slot = [Lane::<4>::splat(f64::NAN); 3];
        let bases = [
            Lane([0.5, 0.5, 0.9, 2.0]),
            Lane([0.5, 0.7, 0.9, 2.0]),
            Lane([0.5, 0.7, 0.9, 3.0]),
        ];
        for base in bases {
            for exponent in [Lane([0.25, 0.25, 1.5, 0.25]), Lane([0.25, 2.0, 1.5, 0.25])] {
                let got = memo_pow(&mut slot, base, exponent);
                for l in 0..4 {
                    assert_eq!(got.0[l].to_bits(), pow(base.0[l], exponent.0[l]).to_bits());
                }
            }
        }
    }
}
