//! §8 calibration, §10 effort with the state's openness (§10b), §11 contest and §12 adjustment.
//! Nothing here allocates.

use libm::pow;

use super::super::lanes::{Lane, Mask, select};
use super::super::noise::Noise;
use super::super::plan::{NONE, Plan};
use super::super::variables::Variables;
use super::{MIN_NOISE_FACTOR, MIN_STABILITY, allocation, memo_pow, threat_demand};

/// Smallest factor by which leaning (§10b) can scale a state's openness to a power, so that a
/// state whose threat falls far below the start still lets some effort through.
pub const MIN_OPENNESS: f64 = 0.01;

/// What a state sees of one (state, domain) group at the start of the step (§10b): the leader
/// and its share, the runner-up's share, and the shares of all powers, lane by lane.
#[derive(Debug, Clone, Copy)]
struct Group<const N: usize> {
    first: Lane<N>,
    /// The leader's index, as a number so that lanes compare at once.
    at: Lane<N>,
    second: Lane<N>,
    total: Lane<N>,
}

impl<const N: usize> Group<N> {
    /// Lanes in which power `p` leads the group.
    #[inline(always)]
    fn leads(&self, p: usize) -> Mask<N> {
        Mask::from_fn(|l| self.at.0[l] == p as f64)
    }
}

/// The group's leader, runner-up and total from the powers' shares.
#[inline(always)]
fn group<const N: usize>(values: &[Lane<N>]) -> Group<N> {
    let (mut first, mut at, mut second) = (
        Lane::splat(f64::NEG_INFINITY),
        Lane::splat(0.0),
        Lane::splat(f64::NEG_INFINITY),
    );
    let mut total = Lane::splat(0.0);
    for (i, &v) in values.iter().enumerate() {
        total += v;
        let above_first = v.gt_lane(first);
        let above_second = v.gt_lane(second);
        second = select(above_first, first, select(above_second, v, second));
        first = select(above_first, v, first);
        at = select(above_first, Lane::splat(i as f64), at);
    }
    let finite = |x: Lane<N>| x.map(|x| if x.is_finite() { x } else { 0.0 });
    Group {
        first: finite(first),
        at,
        second: finite(second),
        total,
    }
}

/// §10 Commitment: what power `p` puts into cell (s, d) before the state's filters: attention x
/// capability x allocation x stake protection.
#[inline(always)]
pub(super) fn commitment<const N: usize>(
    plan: &Plan,
    st: &Variables<N>,
    p: usize,
    s: usize,
    d: usize,
) -> Lane<N> {
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
struct Stance<const N: usize> {
    hedging: Lane<N>,
    courting: Lane<N>,
    leaning: Lane<N>,
}

impl<const N: usize> Stance<N> {
    #[inline(always)]
    fn of(plan: &Plan, st: &Variables<N>, s: usize) -> Stance<N> {
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
fn openness<const N: usize>(
    p: usize,
    g: &Group<N>,
    own: Lane<N>,
    stance: &Stance<N>,
    eta: Lane<N>,
) -> Lane<N> {
    let leader = g.leads(p);
    let rival = select(leader, g.second, g.first);
    let lead = (own - rival).max(0.0);
    // Only the leader has a lead; for the others the balancing factor is exactly 1.
    let balancing = 1.0 / (1.0 + stance.hedging * lead);
    let mut o = select(lead.gt(0.0), balancing, Lane::splat(1.0));
    let courted = o * (1.0 + stance.courting * (g.first - g.second));
    o = select(leader, o, courted);
    let leaning = eta.gt(0.0) & g.total.gt(0.0);
    if leaning.any() {
        let x = stance.leaning * eta * own / g.total;
        o = select(leaning, o * (1.0 + x).max(MIN_OPENNESS), o);
    }
    o
}

/// §10 Effort of power `p` in cell (s, d) before noise, given the state's openness to it:
/// commitment x receptivity x openness.
#[inline(always)]
fn effort<const N: usize>(
    plan: &Plan,
    st: &Variables<N>,
    p: usize,
    s: usize,
    d: usize,
    openness: Lane<N>,
) -> Lane<N> {
    commitment(plan, st, p, s, d) * st.receptivity[plan.cell(p, s, d)] * openness
}

/// `y^gamma`, lane by lane; exactly `y` where `gamma` is 1 (checked for all lanes at once,
/// as the exponent is usually 1 in every lane).
#[inline(always)]
fn power_of<const N: usize>(y: Lane<N>, gamma: Lane<N>) -> Lane<N> {
    if !gamma.ne(1.0).any() {
        return y;
    }
    y.zip(
        gamma,
        |y, gamma| if gamma == 1.0 { y } else { pow(y, gamma) },
    )
}

/// §8 Calibration: the structural coefficient of each cell is set so that the contest's target
/// equals the initial influence at the start; the powers' leverage and commitment at the start
/// are kept as the denominators of their revealed valuations (§10a) and of opinion's reading
/// of help and benefit (§9a).
pub(super) fn calibrate<const N: usize>(plan: &Plan, st: &mut Variables<N>) {
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
                let y = power_of(effort(plan, st, p, s, d, o), gamma);
                let sigma = own / ((1.0 - g.total) * y);
                st.sigma[base + p] = select(y.gt(0.0) & own.gt(0.0), sigma, Lane::splat(0.0));
                st.leverage0[base + p] = allocation::leverage(plan, st, p, s, d);
                st.commitment0[base + p] = commitment(plan, st, p, s, d);
            }
        }
    }
}

/// §11-12 Contest and adjustment: target shares from a contest success function with the
/// state's autonomy as a contestant, then influence moves part of the way to the target. The
/// targets are kept for the powers' next allocation (§10a).
#[inline(always)]
pub(super) fn contest<const N: usize>(
    plan: &Plan,
    st: &mut Variables<N>,
    mut noise: Option<&mut Noise<'_, N>>,
) {
    let (np, nd) = (plan.powers, plan.domains);
    let noise_sd = st.eff[plan.effort_noise];
    let dt = Lane::splat(plan.dt);
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
            let rate = 1.0 - memo_pow(&mut st.memo[d], 1.0 - st.eff[plan.domain_adjustment[d]], dt);
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
                if let Some(noise) = noise.as_deref_mut() {
                    let z = noise.normals();
                    y *= (1.0 + noise_sd * z).max(MIN_NOISE_FACTOR);
                }
                let x = sigma[p] * power_of(y, gamma);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn powers_of_effort_are_exact_where_the_exponent_is_one() {
        let y = Lane([0.3, 2.0, 0.0, 7.5]);
        assert_eq!(power_of(y, Lane::splat(1.0)), y);
        let gamma = Lane([1.0, 0.5, 2.0, 1.0]);
        let got = power_of(y, gamma);
        for l in 0..4 {
            let expected = if gamma.0[l] == 1.0 {
                y.0[l]
            } else {
                pow(y.0[l], gamma.0[l])
            };
            assert_eq!(got.0[l].to_bits(), expected.to_bits());
        }
    }

    #[test]
    fn a_group_names_its_leader_and_runner_up_in_each_lane() {
        // Lane 0: power 1 leads; lane 1: power 2; lane 2: a tie keeps the first; lane 3: power 0.
        let shares = [
            Lane([0.1, 0.2, 0.3, 0.6]),
            Lane([0.5, 0.1, 0.3, 0.2]),
            Lane([0.2, 0.4, 0.1, 0.1]),
        ];
        let g = group(&shares);
        let leaders = [1, 2, 0, 0];
        for (l, &leader) in leaders.iter().enumerate() {
            for p in 0..3 {
                assert_eq!(g.leads(p).get(l), p == leader, "lane {l}, power {p}");
            }
        }
        assert_eq!(g.first.0, [0.5, 0.4, 0.3, 0.6]);
        assert_eq!(g.second.0, [0.2, 0.2, 0.3, 0.2]);
    }
}
