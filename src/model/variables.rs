//! The model's variables for one run, allocated once and reused for every run of a worker.

use super::plan::Plan;

/// Memo slots after the domains' and drivers': incident decay, allocation rate, opinion decay,
/// capacity decay.
pub const MEMO_EXTRA: usize = 4;

/// All variables of one run. Sizes are fixed by the [`Plan`]; nothing grows while stepping.
#[derive(Debug, Clone)]
pub struct Variables {
    /// Grid point the state describes.
    pub point: usize,
    /// `[param]` scheduled values: the scenario's values as moved by `set` and `ramp` events.
    pub base: Vec<f64>,
    /// `[param]` effective values this step (after shocks, couplings, growth and limits).
    pub eff: Vec<f64>,
    /// `[param]` accumulated growth factor.
    pub growth: Vec<f64>,
    /// `[param]` shock offsets.
    pub offset: Vec<f64>,
    /// `[param]` sum of level-coupling terms (scratch).
    pub level: Vec<f64>,
    /// `[param]` annual log growth rate (scratch).
    pub rate: Vec<f64>,
    /// `[event]` current size of each shock.
    pub shock: Vec<f64>,
    /// `[event]` value at the start of each ramp.
    pub ramp_from: Vec<f64>,
    /// `[driver]` random deviation, in units of the driver's scale.
    pub deviation: Vec<f64>,
    /// `[driver]` value.
    pub driver: Vec<f64>,
    /// `[driver]` normalised value (value - reference) / scale.
    pub driver_z: Vec<f64>,
    /// `[state]` threat added by recent incidents.
    pub incident: Vec<f64>,
    /// `[state]` threat level in [0, 1].
    pub threat: Vec<f64>,
    /// `[resource]` 1 / the total of each resource over all powers at the start (0 if none).
    pub resource_share: Vec<f64>,
    /// `[state]` stability at the start.
    pub stability0: Vec<f64>,
    /// `[state * D + domain]` threat-driven demand for outside help at the start.
    pub demand0: Vec<f64>,
    /// `[power * D + domain]` capability.
    pub capability: Vec<f64>,
    /// `[power]` attention available for the region.
    pub attention: Vec<f64>,
    /// `[power * D + domain]` share of attention given to each domain.
    pub domain_share: Vec<f64>,
    /// `[power * D + domain]` attention x capability x domain share: effort before it is split
    /// across states.
    pub reach: Vec<f64>,
    /// `[state * D + domain]` salience of each domain in each state (sums to 1 over domains).
    pub salience: Vec<f64>,
    /// `[domain]` weight-summed salience over states.
    pub regional_salience: Vec<f64>,
    /// `[state * D + domain]` share of a domain's effort going to each state.
    pub state_share: Vec<f64>,
    /// `[cell]` receptivity of the state to the power in the domain.
    pub receptivity: Vec<f64>,
    /// `[cell]` calibrated structural coefficient of the contest.
    pub sigma: Vec<f64>,
    /// `[cell]` influence share.
    pub influence: Vec<f64>,
    /// Memoised powers (input, input, result): `[domain]` adjustment rates, then `[driver]`
    /// persistence, then the incident decay, the allocation rate, the opinion decay and the
    /// capacity decay.
    pub memo: Vec<[f64; 3]>,
    /// `[cell]` influence at the start of the step (stakes are read from here, so the order of
    /// domains does not matter).
    pub influence_start: Vec<f64>,
    /// `[cell]` contest input of the current step (scratch).
    pub contest: Vec<f64>,

    /// `[cell]` share of each power's attention it allocates to the cell (§10a); sums to 1 over
    /// a power's cells.
    pub allocation: Vec<f64>,
    /// `[cell]` the contest's target share of the last step (§11); what powers read their
    /// marginal returns from.
    pub target: Vec<f64>,
    /// `[cell]` contest leverage at the start (§8), the denominator of revealed valuations.
    pub leverage0: Vec<f64>,
    /// `[cell]` commitment (effort before receptivity and openness) at the start (§8).
    pub commitment0: Vec<f64>,
    /// `[cell]` the state's openness to the power in the last contest (§10b).
    pub openness: Vec<f64>,
    /// `[cell]` best-response allocation of the current step (scratch).
    pub best: Vec<f64>,
    /// `[power]` total, then inverse total, of a power's best-response values (scratch).
    pub best_total: Vec<f64>,
    /// `[p * P * D + q * D + d]` weight power p gives power q's share in domain d (§10a).
    pub partner_weight: Vec<f64>,
    /// `[state]` threat at the start (§8).
    pub threat0: Vec<f64>,
    /// `[driver]` normalised driver value at the start (§8).
    pub driver_z0: Vec<f64>,
    /// `[power * D + domain]` capability at the start (§8).
    pub capability0: Vec<f64>,
    /// `[power]` the benefit term of opinion this step (§9a; scratch).
    pub benefit: Vec<f64>,
    /// `[state * P + power]` public opinion (§9a).
    pub opinion: Vec<f64>,
    /// `[state]` log of capacity from trend growth (§7a).
    pub capacity_trend: Vec<f64>,
    /// `[state]` log of revenue capacity (§7a).
    pub capacity_revenue: Vec<f64>,
    /// `[state]` factor of capacity on autonomy (§7a).
    pub capacity_factor: Vec<f64>,
    /// `[domain * P + power]` factor of driver channels on receptivity (§9).
    pub channel_factor: Vec<f64>,
    /// `[state * O + organisation]` legitimacy of the organisation in the state (§9b).
    pub legitimacy: Vec<f64>,
    /// `[state * O + organisation]` annual exit hazard (§9b).
    pub hazard: Vec<f64>,
    /// `[state * O + organisation]` probability of still being a member, from the hazards so
    /// far (§9b); a diagnostic, also computed with noise off.
    pub survival: Vec<f64>,
    /// `[state * O + organisation]` whether the state has left at random (§9b).
    pub exited: Vec<bool>,
}

impl Variables {
    /// Allocates the variables a plan needs.
    pub fn new(plan: &Plan) -> Variables {
        let cells = plan.cells();
        let pd = plan.powers * plan.domains;
        let sd = plan.states * plan.domains;
        let so = plan.states * plan.organizations;
        Variables {
            point: 0,
            base: vec![0.0; plan.params],
            eff: vec![0.0; plan.params],
            growth: vec![1.0; plan.params],
            offset: vec![0.0; plan.params],
            level: vec![0.0; plan.params],
            rate: vec![0.0; plan.params],
            shock: vec![0.0; plan.events.len()],
            ramp_from: vec![0.0; plan.events.len()],
            deviation: vec![0.0; plan.drivers.len()],
            driver: vec![0.0; plan.drivers.len()],
            driver_z: vec![0.0; plan.drivers.len()],
            incident: vec![0.0; plan.states],
            threat: vec![0.0; plan.states],
            resource_share: vec![0.0; plan.resources],
            stability0: vec![0.0; plan.states],
            demand0: vec![1.0; sd],
            capability: vec![0.0; pd],
            attention: vec![0.0; plan.powers],
            domain_share: vec![0.0; pd],
            salience: vec![0.0; sd],
            reach: vec![0.0; pd],
            state_share: vec![0.0; sd],
            regional_salience: vec![0.0; plan.domains],
            receptivity: vec![0.0; cells],
            sigma: vec![0.0; cells],
            influence: vec![0.0; cells],
            contest: vec![0.0; cells],
            influence_start: vec![0.0; cells],
            memo: vec![[f64::NAN; 3]; plan.domains + plan.drivers.len() + MEMO_EXTRA],
            allocation: vec![0.0; cells],
            target: vec![0.0; cells],
            leverage0: vec![0.0; cells],
            commitment0: vec![0.0; cells],
            openness: vec![1.0; cells],
            best: vec![0.0; cells],
            best_total: vec![0.0; plan.powers],
            partner_weight: vec![0.0; plan.powers * pd],
            threat0: vec![0.0; plan.states],
            driver_z0: vec![0.0; plan.drivers.len()],
            capability0: vec![0.0; pd],
            benefit: vec![0.0; plan.powers],
            opinion: vec![0.0; plan.states * plan.powers],
            capacity_trend: vec![0.0; plan.states],
            capacity_revenue: vec![0.0; plan.states],
            capacity_factor: vec![1.0; plan.states],
            channel_factor: vec![1.0; pd],
            legitimacy: vec![1.0; so],
            hazard: vec![0.0; so],
            survival: vec![1.0; so],
            exited: vec![false; so],
        }
    }
}
