//! The model's variables for one run, allocated once and reused for every run of a worker.

use super::lanes::{Lane, Mask};
use super::plan::Plan;

/// Memo slots after the domains' and drivers': incident decay, allocation rate, opinion decay,
/// capacity decay.
pub const MEMO_EXTRA: usize = 4;

/// All variables of `N` runs side by side (one per lane; see [`super::lanes`]). Sizes are fixed
/// by the [`Plan`]; nothing grows while stepping.
#[derive(Debug, Clone)]
pub struct Variables<const N: usize = 1> {
    /// Grid point the state describes.
    pub point: usize,
    /// `[param]` scheduled values: the scenario's values as moved by `set` and `ramp` events.
    pub base: Vec<Lane<N>>,
    /// `[param]` effective values this step (after shocks, couplings, growth and limits).
    pub eff: Vec<Lane<N>>,
    /// `[param]` accumulated growth factor.
    pub growth: Vec<Lane<N>>,
    /// `[param]` shock offsets.
    pub offset: Vec<Lane<N>>,
    /// `[param]` sum of level-coupling terms (scratch).
    pub level: Vec<Lane<N>>,
    /// `[param]` annual log growth rate (scratch).
    pub rate: Vec<Lane<N>>,
    /// `[event]` current size of each shock.
    pub shock: Vec<Lane<N>>,
    /// `[event]` value at the start of each ramp.
    pub ramp_from: Vec<Lane<N>>,
    /// `[driver]` random deviation, in units of the driver's scale.
    pub deviation: Vec<Lane<N>>,
    /// `[driver]` value.
    pub driver: Vec<Lane<N>>,
    /// `[driver]` normalised value (value - reference) / scale.
    pub driver_z: Vec<Lane<N>>,
    /// `[state]` threat added by recent incidents.
    pub incident: Vec<Lane<N>>,
    /// `[state]` threat level in [0, 1].
    pub threat: Vec<Lane<N>>,
    /// `[resource]` 1 / the total of each resource over all powers at the start (0 if none).
    pub resource_share: Vec<Lane<N>>,
    /// `[state]` stability at the start.
    pub stability0: Vec<Lane<N>>,
    /// `[state * D + domain]` threat-driven demand for outside help at the start.
    pub demand0: Vec<Lane<N>>,
    /// `[power * D + domain]` capability.
    pub capability: Vec<Lane<N>>,
    /// `[power]` attention available for the region.
    pub attention: Vec<Lane<N>>,
    /// `[power * D + domain]` share of attention given to each domain.
    pub domain_share: Vec<Lane<N>>,
    /// `[power * D + domain]` attention x capability x domain share: effort before it is split
    /// across states.
    pub reach: Vec<Lane<N>>,
    /// `[state * D + domain]` salience of each domain in each state (sums to 1 over domains).
    pub salience: Vec<Lane<N>>,
    /// `[domain]` weight-summed salience over states.
    pub regional_salience: Vec<Lane<N>>,
    /// `[state * D + domain]` share of a domain's effort going to each state.
    pub state_share: Vec<Lane<N>>,
    /// `[cell]` receptivity of the state to the power in the domain.
    pub receptivity: Vec<Lane<N>>,
    /// `[cell]` calibrated structural coefficient of the contest.
    pub sigma: Vec<Lane<N>>,
    /// `[cell]` influence share.
    pub influence: Vec<Lane<N>>,
    /// Memoised powers (input, input, result): `[domain]` adjustment rates, then `[driver]`
    /// persistence, then the incident decay, the allocation rate, the opinion decay and the
    /// capacity decay.
    pub memo: Vec<[Lane<N>; 3]>,
    /// `[cell]` influence at the start of the step (stakes are read from here, so the order of
    /// domains does not matter).
    pub influence_start: Vec<Lane<N>>,
    /// `[cell]` contest input of the current step (scratch).
    pub contest: Vec<Lane<N>>,

    /// `[cell]` share of each power's attention it allocates to the cell (§10a); sums to 1 over
    /// a power's cells.
    pub allocation: Vec<Lane<N>>,
    /// `[cell]` the contest's target share of the last step (§11); what powers read their
    /// marginal returns from.
    pub target: Vec<Lane<N>>,
    /// `[cell]` contest leverage at the start (§8), the denominator of revealed valuations.
    pub leverage0: Vec<Lane<N>>,
    /// `[cell]` commitment (effort before receptivity and openness) at the start (§8).
    pub commitment0: Vec<Lane<N>>,
    /// `[cell]` the state's openness to the power in the last contest (§10b).
    pub openness: Vec<Lane<N>>,
    /// `[cell]` best-response allocation of the current step (scratch).
    pub best: Vec<Lane<N>>,
    /// `[power]` total, then inverse total, of a power's best-response values (scratch).
    pub best_total: Vec<Lane<N>>,
    /// `[p * P * D + q * D + d]` weight power p gives power q's share in domain d (§10a).
    pub partner_weight: Vec<Lane<N>>,
    /// `[state]` threat at the start (§8).
    pub threat0: Vec<Lane<N>>,
    /// `[driver]` normalised driver value at the start (§8).
    pub driver_z0: Vec<Lane<N>>,
    /// `[power * D + domain]` capability at the start (§8).
    pub capability0: Vec<Lane<N>>,
    /// `[power]` the benefit term of opinion this step (§9a; scratch).
    pub benefit: Vec<Lane<N>>,
    /// `[state * P + power]` public opinion (§9a).
    pub opinion: Vec<Lane<N>>,
    /// `[state]` log of capacity from trend growth (§7a).
    pub capacity_trend: Vec<Lane<N>>,
    /// `[state]` log of revenue capacity (§7a).
    pub capacity_revenue: Vec<Lane<N>>,
    /// `[state]` factor of capacity on autonomy (§7a).
    pub capacity_factor: Vec<Lane<N>>,
    /// `[domain * P + power]` factor of driver channels on receptivity (§9).
    pub channel_factor: Vec<Lane<N>>,
    /// `[state * O + organisation]` legitimacy of the organisation in the state (§9b).
    pub legitimacy: Vec<Lane<N>>,
    /// `[state * O + organisation]` annual exit hazard (§9b).
    pub hazard: Vec<Lane<N>>,
    /// `[state * O + organisation]` probability of still being a member, from the hazards so
    /// far (§9b); a diagnostic, also computed with noise off.
    pub survival: Vec<Lane<N>>,
    /// `[state * O + organisation]` whether the state has left at random (§9b).
    pub exited: Vec<Mask<N>>,
}

impl<const N: usize> Variables<N> {
    /// Allocates the variables a plan needs.
    pub fn new(plan: &Plan) -> Variables<N> {
        let cells = plan.cells();
        let pd = plan.powers * plan.domains;
        let sd = plan.states * plan.domains;
        let so = plan.states * plan.organizations;
        Variables {
            point: 0,
            base: vec![Lane::splat(0.0); plan.params],
            eff: vec![Lane::splat(0.0); plan.params],
            growth: vec![Lane::splat(1.0); plan.params],
            offset: vec![Lane::splat(0.0); plan.params],
            level: vec![Lane::splat(0.0); plan.params],
            rate: vec![Lane::splat(0.0); plan.params],
            shock: vec![Lane::splat(0.0); plan.events.len()],
            ramp_from: vec![Lane::splat(0.0); plan.events.len()],
            deviation: vec![Lane::splat(0.0); plan.drivers.len()],
            driver: vec![Lane::splat(0.0); plan.drivers.len()],
            driver_z: vec![Lane::splat(0.0); plan.drivers.len()],
            incident: vec![Lane::splat(0.0); plan.states],
            threat: vec![Lane::splat(0.0); plan.states],
            resource_share: vec![Lane::splat(0.0); plan.resources],
            stability0: vec![Lane::splat(0.0); plan.states],
            demand0: vec![Lane::splat(1.0); sd],
            capability: vec![Lane::splat(0.0); pd],
            attention: vec![Lane::splat(0.0); plan.powers],
            domain_share: vec![Lane::splat(0.0); pd],
            salience: vec![Lane::splat(0.0); sd],
            reach: vec![Lane::splat(0.0); pd],
            state_share: vec![Lane::splat(0.0); sd],
            regional_salience: vec![Lane::splat(0.0); plan.domains],
            receptivity: vec![Lane::splat(0.0); cells],
            sigma: vec![Lane::splat(0.0); cells],
            influence: vec![Lane::splat(0.0); cells],
            contest: vec![Lane::splat(0.0); cells],
            influence_start: vec![Lane::splat(0.0); cells],
            memo: vec![[Lane::splat(f64::NAN); 3]; plan.domains + plan.drivers.len() + MEMO_EXTRA],
            allocation: vec![Lane::splat(0.0); cells],
            target: vec![Lane::splat(0.0); cells],
            leverage0: vec![Lane::splat(0.0); cells],
            commitment0: vec![Lane::splat(0.0); cells],
            openness: vec![Lane::splat(1.0); cells],
            best: vec![Lane::splat(0.0); cells],
            best_total: vec![Lane::splat(0.0); plan.powers],
            partner_weight: vec![Lane::splat(0.0); plan.powers * pd],
            threat0: vec![Lane::splat(0.0); plan.states],
            driver_z0: vec![Lane::splat(0.0); plan.drivers.len()],
            capability0: vec![Lane::splat(0.0); pd],
            benefit: vec![Lane::splat(0.0); plan.powers],
            opinion: vec![Lane::splat(0.0); plan.states * plan.powers],
            capacity_trend: vec![Lane::splat(0.0); plan.states],
            capacity_revenue: vec![Lane::splat(0.0); plan.states],
            capacity_factor: vec![Lane::splat(1.0); plan.states],
            channel_factor: vec![Lane::splat(1.0); pd],
            legitimacy: vec![Lane::splat(1.0); so],
            hazard: vec![Lane::splat(0.0); so],
            survival: vec![Lane::splat(1.0); so],
            exited: vec![Mask::splat(false); so],
        }
    }
}
