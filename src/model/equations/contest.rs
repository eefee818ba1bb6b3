//! §8 calibration, §10 effort with the state's openness (§10b), §11 contest and §12 adjustment.
//! Nothing here allocates.

use libm::pow;
use rand_chacha::ChaCha8Rng;

use super::super::normal::standard_normal;
use super::super::plan::{NONE, Plan};
use super::super::variables::Variables;
use super::{MIN_NOISE_FACTOR, MIN_STABILITY, allocation, memo_pow, threat_demand};

/// Smallest factor by which leaning (§10b) can scale a state's openness to a power, so that a
/// state whose threat falls far below the start still lets some effort through.
pub const MIN_OPENNESS: f64 = 0.01;

/// What a state sees of one (state, domain) group at the start of the step (§10b): the leader
/// and its share, the runner-up's share, and the shares of all powers.
#[derive(Debug, Clone, Copy)]
struct Group {
    first: f64,
    at: usize,
    second: f64,
    total: f64,
}

/// The group's leader, runner-up and total from the powers' shares.
#[inline]
fn group(values: &[f64]) -> Group {
    let (mut first, mut at, mut second) = (f64::NEG_INFINITY, 0, f64::NEG_INFINITY);
    let mut total = 0.0;
    for (i, &v) in values.iter().enumerate() {
        total += v;
        if v > first {
            second = first;
            first = v;
            at = i;
        } else if v > second {
            second = v;
        }
    }
    let first = if first.is_finite() { first } else { 0.0 };
    let second = if second.is_finite() { second } else { 0.0 };
    Group {
        first,
        at,
        second,
        total,
    }
}

/// §10 Commitment: what power `p` puts into cell (s, d) before the state's filters: attention x
/// capability x allocation x stake protection.
#[inline(always)]
pub(super) fn commitment(plan: &Plan, st: &Variables, p: usize, s: usize, d: usize) -> f64 {
    let nd = plan.domains;
    let mut y = st.attention[p] * st.capability[p * nd + d] * st.allocation[plan.cell(p, s, d)];
    let protected = plan.domain_protects[d];
    if protected != NONE {
        y *= 1.0
            + st.eff[plan.power_stake[p]]
                * st.threat[s]
                * st.influence_start[plan.cell(p, s, protected)];
    }
    y
}

/// A state's openness coefficients for this step (§10b): balancing, courting and the leaning
/// rate times the rise of threat since the start.
#[derive(Debug, Clone, Copy)]
struct Stance {
    hedging: f64,
    courting: f64,
    leaning: f64,
}

impl Stance {
    #[inline(always)]
    fn of(plan: &Plan, st: &Variables, s: usize) -> Stance {
        Stance {
            hedging: st.eff[plan.state_hedging[s]],
            courting: st.eff[plan.agents.courting[s]],
            leaning: st.eff[plan.agents.leaning[s]] * (st.threat[s] - st.threat0[s]),
        }
    }
}

/// §10b Openness of a state to power `p` in a domain with threat sensitivity `eta`: balancing
/// against a leader, courting its challengers in proportion to its lead, leaning on established
/// helpers when threat rises.
#[inline(always)]
fn openness(p: usize, g: &Group, own: f64, stance: &Stance, eta: f64) -> f64 {
    let rival = if p == g.at { g.second } else { g.first };
    let lead = (own - rival).max(0.0);
    // Only the leader has a lead; for the others the balancing factor is exactly 1.
    let mut o = if lead > 0.0 {
        1.0 / (1.0 + stance.hedging * lead)
    } else {
        1.0
    };
    if p != g.at {
        o *= 1.0 + stance.courting * (g.first - g.second);
    }
    if eta > 0.0 && g.total > 0.0 {
        let x = stance.leaning * eta * own / g.total;
        o *= (1.0 + x).max(MIN_OPENNESS);
    }
    o
}

/// §10 Effort of power `p` in cell (s, d) before noise, given the state's openness to it:
/// commitment x receptivity x openness.
#[inline(always)]
fn effort(plan: &Plan, st: &Variables, p: usize, s: usize, d: usize, openness: f64) -> f64 {
    commitment(plan, st, p, s, d) * st.receptivity[plan.cell(p, s, d)] * openness
}

/// §8 Calibration: the structural coefficient of each cell is set so that the contest's target
/// equals the initial influence at the start; the powers' leverage and commitment at the start
/// are kept as the denominators of their revealed valuations (§10a) and of opinion's reading
/// of help and benefit (§9a).
pub(super) fn calibrate(plan: &Plan, st: &mut Variables) {
    let np = plan.powers;
    st.influence_start.copy_from_slice(&st.influence);
    st.target.copy_from_slice(&st.influence);
    allocation::partner_weights(plan, st);
    for s in 0..plan.states {
        let stance = Stance::of(plan, st, s);
        for d in 0..plan.domains {
            st.demand0[s * plan.domains + d] = threat_demand(plan, st, s, d);
            let base = plan.cell(0, s, d);
            let g = group(&st.influence[base..base + np]);
            let gamma = st.eff[plan.domain_exponent[d]];
            let eta = st.eff[plan.domain_threat[d]];
            for p in 0..np {
                let own = st.influence[base + p];
                let o = openness(p, &g, own, &stance, eta);
                st.openness[base + p] = o;
                let y = effort(plan, st, p, s, d, o);
                let y = if gamma == 1.0 { y } else { pow(y, gamma) };
                st.sigma[base + p] = if y > 0.0 && own > 0.0 {
                    own / ((1.0 - g.total) * y)
                } else {
                    0.0
                };
                st.leverage0[base + p] = allocation::leverage(plan, st, p, s, d);
                st.commitment0[base + p] = commitment(plan, st, p, s, d);
            }
        }
    }
}

/// §11-12 Contest and adjustment: target shares from a contest success function with the
/// state's autonomy as a contestant, then influence moves part of the way to the target. The
/// targets are kept for the powers' next allocation (§10a).
pub(super) fn contest(plan: &Plan, st: &mut Variables, mut rng: Option<&mut ChaCha8Rng>) {
    let (np, nd) = (plan.powers, plan.domains);
    let noise_sd = st.eff[plan.effort_noise];
    for s in 0..plan.states {
        let stability = st.eff[plan.state_stability[s]].max(MIN_STABILITY)
            / st.stability0[s].max(MIN_STABILITY);
        let capacity = st.capacity_factor[s];
        let stance = Stance::of(plan, st, s);
        let threat = st.threat[s];
        for d in 0..nd {
            let base = plan.cell(0, s, d);
            // The state's own weight in the contest falls as threat raises its need for help,
            // and grows with its own capacity (§7a).
            let autonomy =
                stability * st.demand0[s * nd + d] / threat_demand(plan, st, s, d) * capacity;
            let gamma = st.eff[plan.domain_exponent[d]];
            let rate = 1.0
                - memo_pow(
                    &mut st.memo[d],
                    1.0 - st.eff[plan.domain_adjustment[d]],
                    plan.dt,
                );
            let eta = st.eff[plan.domain_threat[d]];
            // The group's cells, sliced once (the same values [`effort`] reads cell by cell).
            let cells = base..base + np;
            let influence = &st.influence[cells.clone()];
            let g = group(influence);
            let protected = plan.domain_protects[d];
            let stakes = (protected != NONE)
                .then(|| &st.influence_start[plan.cell(0, s, protected)..][..np]);
            let allocation = &st.allocation[cells.clone()];
            let receptivity = &st.receptivity[cells.clone()];
            let sigma = &st.sigma[cells.clone()];
            let openness_out = &mut st.openness[cells.clone()];
            let contest_out = &mut st.contest[cells.clone()];
            let mut total = autonomy;
            for p in 0..np {
                let o = openness(p, &g, influence[p], &stance, eta);
                openness_out[p] = o;
                // commitment x receptivity x openness, as [`effort`] computes it.
                let mut y = st.attention[p] * st.capability[p * nd + d] * allocation[p];
                if let Some(stakes) = stakes {
                    y *= 1.0 + st.eff[plan.power_stake[p]] * threat * stakes[p];
                }
                let mut y = y * receptivity[p] * o;
                if let Some(rng) = rng.as_deref_mut() {
                    let z = standard_normal(rng);
                    y *= (1.0 + noise_sd * z).max(MIN_NOISE_FACTOR);
                }
                let x = sigma[p] * if gamma == 1.0 { y } else { pow(y, gamma) };
                contest_out[p] = x;
                total += x;
            }
            let inverse = 1.0 / total;
            for ((&x, target), i) in st.contest[cells.clone()]
                .iter()
                .zip(&mut st.target[cells.clone()])
                .zip(&mut st.influence[cells])
            {
                *target = x * inverse;
                *i += rate * (*target - *i);
            }
        }
    }
}
