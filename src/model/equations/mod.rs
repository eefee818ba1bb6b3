//! The model's equations, in the order one step applies them. docs/MODEL.md states each one with
//! its rationale; the section numbers in the comments below refer to it.
//!
//! Transcendental functions come from `libm`, so results do not depend on the platform's maths
//! library. Nothing here allocates.

use libm::{exp, pow};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::normal::standard_normal;
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

/// `base^exponent`, recomputed only when the inputs differ from the last call at this slot. The
/// inputs rarely change during a run, and the same inputs give the same bits, so memoising changes
/// nothing but speed.
#[inline]
fn memo_pow(slot: &mut [f64; 3], base: f64, exponent: f64) -> f64 {
    if slot[0] != base || slot[1] != exponent {
        *slot = [base, exponent, pow(base, exponent)];
    }
    slot[2]
}

/// Sets up a run (§2): calibrates the contest (§8) on the world's parameter values and the
/// scenario's initial influence, then loads the scenario's values and applies the events dated
/// at the start. `world` and `scenario` are parameter vectors in the plan's order; `world` is
/// only read during calibration, and its initial-influence entries are not read at all.
pub fn initialise(plan: &Plan, st: &mut Variables, world: &[f64], scenario: &[f64]) {
    st.point = 0;
    st.growth.fill(1.0);
    st.offset.fill(0.0);
    st.shock.fill(0.0);
    st.deviation.fill(0.0);
    st.incident.fill(0.0);
    for (cell, &id) in plan.influence0.iter().enumerate() {
        st.influence[cell] = scenario[id];
    }

    // Calibration on the world as it stands at the start.
    st.base.copy_from_slice(world);
    st.eff.copy_from_slice(world);
    for r in 0..plan.resources {
        let total: f64 = (0..plan.powers)
            .map(|p| world[plan.power_resource[p * plan.resources + r]])
            .sum();
        st.resource_share[r] = if total > 0.0 { 1.0 / total } else { 0.0 };
    }
    for s in 0..plan.states {
        st.stability0[s] = world[plan.state_stability[s]];
    }
    drivers(plan, st, None);
    effective_parameters(plan, st, 0.0);
    powers(plan, st);
    threat_and_salience(plan, st, None);
    receptivity(plan, st);
    calibrate(plan, st);

    // The scenario from its first grid point.
    st.base.copy_from_slice(scenario);
    st.eff.copy_from_slice(scenario);
    st.growth.fill(1.0);
    apply_events(plan, st, 0);
    drivers(plan, st, None);
    effective_parameters(plan, st, 0.0);
    powers(plan, st);
    threat_and_salience(plan, st, None);
    receptivity(plan, st);
}

/// Advances the state by one step (§2). `rng` is `None` when noise is off.
pub fn step(plan: &Plan, st: &mut Variables, mut rng: Option<&mut ChaCha8Rng>) {
    st.point += 1;
    apply_events(plan, st, st.point);
    drivers(plan, st, rng.as_deref_mut());
    effective_parameters(plan, st, plan.dt);
    powers(plan, st);
    threat_and_salience(plan, st, rng.as_deref_mut());
    if plan.receptivity_moves {
        receptivity(plan, st);
    }
    contest(plan, st, rng);
}

/// §3 Events: `set` and `ramp` move scheduled values; shocks add offsets that halve every
/// half-life.
fn apply_events(plan: &Plan, st: &mut Variables, point: usize) {
    for &m in &plan.moving {
        st.offset[m] = 0.0;
    }
    for (e, ev) in plan.events.iter().enumerate() {
        match ev.action {
            Action::Set(v) if ev.point == point => st.base[ev.target] = v,
            Action::Ramp { to, until } if ev.point <= point && point <= until => {
                if ev.point == point {
                    st.ramp_from[e] = st.base[ev.target];
                }
                st.base[ev.target] = if point == until {
                    to
                } else {
                    let f = (point - ev.point) as f64 / (until - ev.point) as f64;
                    st.ramp_from[e] + (to - st.ramp_from[e]) * f
                };
            }
            Action::Shock { size, .. } => {
                if ev.point == point {
                    st.shock[e] = size;
                } else if ev.point < point {
                    st.shock[e] *= plan.shock_decay[e];
                }
                st.offset[ev.target] += st.shock[e];
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
fn drivers(plan: &Plan, st: &mut Variables, rng: Option<&mut ChaCha8Rng>) {
    let dt = plan.dt;
    let mut rng = rng;
    for (k, d) in plan.drivers.iter().enumerate() {
        if let Some(rng) = rng.as_deref_mut() {
            let z = standard_normal(rng);
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
fn effective_parameters(plan: &Plan, st: &mut Variables, dt: f64) {
    for &m in &plan.moving {
        st.level[m] = 0.0;
        st.rate[m] = 0.0;
    }
    for (i, &g) in plan.power_growth.iter().enumerate() {
        if g != NONE {
            st.rate[plan.power_resource[i]] += st.eff[g];
        }
    }
    for c in &plan.couplings {
        let e = st.eff[c.elasticity];
        match c.mode {
            CouplingMode::Level => st.level[c.target] += e * st.driver_z[c.driver],
            CouplingMode::Growth => st.rate[c.target] += e * st.driver[c.driver],
        }
    }
    for &m in &plan.coupled {
        if dt > 0.0 && st.rate[m] != 0.0 {
            st.growth[m] *= exp(st.rate[m] * dt);
        }
        let level = if st.level[m] != 0.0 {
            exp(st.level[m])
        } else {
            1.0
        };
        let v = (st.base[m] + st.offset[m]) * st.growth[m] * level;
        st.eff[m] = v.clamp(plan.min[m], plan.max[m]);
    }
}

/// §6 Powers: capability per domain from normalised resources, and attention for the region.
fn powers(plan: &Plan, st: &mut Variables) {
    let (nr, nd) = (plan.resources, plan.domains);
    for p in 0..plan.powers {
        for d in 0..nd {
            let mut c = 0.0;
            for r in 0..nr {
                // `resource_share` is 1 / total, or 0 for a resource no power holds.
                c += plan.domain_basis[d * nr + r]
                    * st.eff[plan.power_resource[p * nr + r]]
                    * st.resource_share[r];
            }
            st.capability[p * nd + d] = c;
        }
        st.attention[p] =
            st.eff[plan.power_priority[p]] * (1.0 - st.eff[plan.power_commitments[p]]);
    }
}

/// §7 States: incidents, threat, domain salience, and how powers split attention across domains
/// and states.
fn threat_and_salience(plan: &Plan, st: &mut Variables, rng: Option<&mut ChaCha8Rng>) {
    let (ns, nd) = (plan.states, plan.domains);
    let mut rng = rng;
    let size = st.eff[plan.incident_size];
    let slot = plan.domains + plan.drivers.len();
    let decay = memo_pow(
        &mut st.memo[slot],
        0.5,
        plan.dt / st.eff[plan.incident_half_life],
    );
    let rate = st.eff[plan.incident_rate];
    let phi = st.eff[plan.instability_threat];
    for s in 0..ns {
        if let Some(rng) = rng.as_deref_mut() {
            let u: f64 = rng.random();
            let p = (rate * plan.dt * st.threat[s]).min(1.0);
            st.incident[s] *= decay;
            if u < p {
                st.incident[s] += size;
            }
        }
        let mut t = phi * (1.0 - st.eff[plan.state_stability[s]]) + st.incident[s];
        for &(k, e) in &plan.state_exposure[s] {
            t += st.eff[e] * st.driver[k];
        }
        st.threat[s] = t.clamp(0.0, 1.0);
        let mut total = 0.0;
        for d in 0..nd {
            let w = st.eff[plan.domain_salience[d]] * threat_demand(plan, st, s, d);
            st.salience[s * nd + d] = w;
            total += w;
        }
        normalise(&mut st.salience, s * nd, 1, nd, total);
    }
    // Share of each domain's effort going to each state: weight x salience.
    for d in 0..nd {
        let mut total = 0.0;
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
    let weight_total: f64 = (0..ns).map(|s| st.eff[plan.state_weight[s]]).sum();
    for p in 0..plan.powers {
        let mut total = 0.0;
        for d in 0..nd {
            let regional = st.regional_salience[d] / weight_total.max(f64::MIN_POSITIVE);
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
#[inline]
fn normalise(values: &mut [f64], first: usize, stride: usize, count: usize, total: f64) {
    // One division per group; multiplying by the reciprocal differs from dividing by at most an
    // ulp, and is what the equations in docs/MODEL.md are computed with.
    let inverse = if total > 0.0 { 1.0 / total } else { 0.0 };
    for k in 0..count {
        values[first + k * stride] *= inverse;
    }
}

/// §9 Receptivity: public opinion and membership of organisations the power leads.
fn receptivity(plan: &Plan, st: &mut Variables) {
    let (np, nd, no) = (plan.powers, plan.domains, plan.organizations);
    for s in 0..plan.states {
        for d in 0..nd {
            let w = st.eff[plan.domain_opinion[d]];
            for p in 0..np {
                let opinion = st.eff[plan.state_opinion[s * np + p]];
                let mut bonus = 1.0;
                for o in 0..no {
                    let m = plan.state_member[s * no + o];
                    let b = plan.org_bonus[o * nd + d];
                    if m != NONE && b != NONE && plan.org_leads[o * np + p] {
                        bonus += st.eff[m] * st.eff[b];
                    }
                }
                let r = (1.0 + w * (opinion - 0.5)).max(MIN_RECEPTIVITY) * bonus;
                st.receptivity[plan.cell(p, s, d)] = r;
            }
        }
    }
}

/// §10 Effort a power brings to bear in one cell, before noise: attention x capability x domain
/// share x state share x stake protection x receptivity x hedging.
#[inline(always)]
fn effort(
    plan: &Plan,
    st: &Variables,
    p: usize,
    s: usize,
    d: usize,
    others_max: f64,
    own: f64,
) -> f64 {
    let nd = plan.domains;
    let mut y = st.reach[p * nd + d] * st.state_share[s * nd + d];
    let protected = plan.domain_protects[d];
    if protected != NONE {
        y *= 1.0
            + st.eff[plan.power_stake[p]]
                * st.threat[s]
                * st.influence_start[plan.cell(p, s, protected)];
    }
    let lead = (own - others_max).max(0.0);
    y * st.receptivity[plan.cell(p, s, d)] / (1.0 + st.eff[plan.state_hedging[s]] * lead)
}

/// The largest and second-largest influence among the powers of one cell group.
#[inline]
fn top_two(values: &[f64]) -> (f64, usize, f64) {
    let (mut first, mut at, mut second) = (f64::NEG_INFINITY, 0, f64::NEG_INFINITY);
    for (i, &v) in values.iter().enumerate() {
        if v > first {
            second = first;
            first = v;
            at = i;
        } else if v > second {
            second = v;
        }
    }
    (first, at, second)
}

/// The strongest rival's influence for power `p`.
#[inline]
fn rival(p: usize, top: (f64, usize, f64)) -> f64 {
    let (first, at, second) = top;
    let r = if p == at { second } else { first };
    if r.is_finite() { r } else { 0.0 }
}

/// How much a state's threat raises its need for outside help in a domain (the unnormalised
/// salience multiplier of §7).
#[inline]
fn threat_demand(plan: &Plan, st: &Variables, s: usize, d: usize) -> f64 {
    (1.0 + st.eff[plan.domain_threat[d]] * st.threat[s]).max(MIN_STABILITY)
}

/// §8 Calibration: the structural coefficient of each cell is set so that the contest's target
/// equals the initial influence at the start.
fn calibrate(plan: &Plan, st: &mut Variables) {
    let np = plan.powers;
    st.influence_start.copy_from_slice(&st.influence);
    for s in 0..plan.states {
        for d in 0..plan.domains {
            st.demand0[s * plan.domains + d] = threat_demand(plan, st, s, d);
            let base = plan.cell(0, s, d);
            let top = top_two(&st.influence[base..base + np]);
            let total: f64 = st.influence[base..base + np].iter().sum();
            let gamma = st.eff[plan.domain_exponent[d]];
            for p in 0..np {
                let own = st.influence[base + p];
                let y = effort(plan, st, p, s, d, rival(p, top), own);
                let y = if gamma == 1.0 { y } else { pow(y, gamma) };
                st.sigma[base + p] = if y > 0.0 && own > 0.0 {
                    own / ((1.0 - total) * y)
                } else {
                    0.0
                };
            }
        }
    }
}

/// §11-12 Contest and adjustment: target shares from a contest success function with the
/// state's autonomy as a contestant, then influence moves part of the way to the target.
fn contest(plan: &Plan, st: &mut Variables, mut rng: Option<&mut ChaCha8Rng>) {
    let np = plan.powers;
    let noise_sd = st.eff[plan.effort_noise];
    st.influence_start.copy_from_slice(&st.influence);
    for s in 0..plan.states {
        let stability = st.eff[plan.state_stability[s]].max(MIN_STABILITY)
            / st.stability0[s].max(MIN_STABILITY);
        for d in 0..plan.domains {
            let base = plan.cell(0, s, d);
            // The state's own weight in the contest falls as threat raises its need for help.
            let autonomy =
                stability * st.demand0[s * plan.domains + d] / threat_demand(plan, st, s, d);
            let gamma = st.eff[plan.domain_exponent[d]];
            let rate = 1.0
                - memo_pow(
                    &mut st.memo[d],
                    1.0 - st.eff[plan.domain_adjustment[d]],
                    plan.dt,
                );
            let top = top_two(&st.influence[base..base + np]);
            let mut total = autonomy;
            for p in 0..np {
                let mut y = effort(plan, st, p, s, d, rival(p, top), st.influence[base + p]);
                if let Some(rng) = rng.as_deref_mut() {
                    let z = standard_normal(rng);
                    y *= (1.0 + noise_sd * z).max(MIN_NOISE_FACTOR);
                }
                let x = st.sigma[base + p] * if gamma == 1.0 { y } else { pow(y, gamma) };
                st.contest[base + p] = x;
                total += x;
            }
            let inverse = 1.0 / total;
            for p in 0..np {
                let target = st.contest[base + p] * inverse;
                let i = &mut st.influence[base + p];
                *i += rate * (target - *i);
            }
        }
    }
}
