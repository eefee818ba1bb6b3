//! The engine: runs a scenario's plan over its step grid with seeded randomness and records the
//! trajectory. Same plan, parameters and seed give the same trajectory, bit for bit.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::equations;
use crate::model::lanes::Lane;
use crate::model::noise::Noise;
use crate::model::{Plan, Variables};
use crate::params::ParamTable;
use crate::scenario::Scenario;
use crate::world::{MAX_TOTAL_INFLUENCE, World};

/// The recorded values of a run at every grid point.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// Number of grid points (steps + 1).
    pub points: usize,
    /// Cells per point (powers x states x domains).
    pub cells: usize,
    /// `[point * cells + cell]` influence share.
    pub influence: Vec<f64>,
    /// `[point * drivers + driver]` driver value.
    pub drivers: Vec<f64>,
    /// `[point * powers * resources + power * resources + resource]` effective resource amount.
    pub resources: Vec<f64>,
    /// `[point * powers + power]` attention available for the region.
    pub attention: Vec<f64>,
    /// `[point * states + state]` threat level.
    pub threat: Vec<f64>,
}

impl Trajectory {
    /// A trajectory buffer sized for a plan.
    pub fn new(plan: &Plan) -> Trajectory {
        let n = plan.steps + 1;
        Trajectory {
            points: n,
            cells: plan.cells(),
            influence: vec![0.0; n * plan.cells()],
            drivers: vec![0.0; n * plan.drivers.len()],
            resources: vec![0.0; n * plan.powers * plan.resources],
            attention: vec![0.0; n * plan.powers],
            threat: vec![0.0; n * plan.states],
        }
    }

    /// Influence of every cell at grid point `point`.
    pub fn influence_at(&self, point: usize) -> &[f64] {
        &self.influence[point * self.cells..(point + 1) * self.cells]
    }
}

/// A scenario compiled for running, shared by all runs and threads.
#[derive(Debug, Clone)]
pub struct Engine {
    /// The compiled model.
    pub plan: Plan,
    world_central: Vec<f64>,
    scenario_central: Vec<f64>,
    seed: u64,
}

/// The two random streams of ensemble member `member`: parameter draws and dynamics (noise and
/// incidents). They depend on the seed and the member index alone, so a member's result does
/// not depend on which thread or shard runs it, and member `i` of two scenarios shares its
/// random numbers (common random numbers).
pub fn member_streams(seed: u64, member: u64) -> (ChaCha8Rng, ChaCha8Rng) {
    let mut params = ChaCha8Rng::seed_from_u64(seed);
    params.set_stream(2 * member);
    let mut dynamics = ChaCha8Rng::seed_from_u64(seed);
    dynamics.set_stream(2 * member + 1);
    (params, dynamics)
}

impl Engine {
    /// Compiles a scenario of a world.
    pub fn new(world: &World, scenario: &Scenario) -> Engine {
        Engine {
            plan: Plan::new(world, scenario),
            world_central: world.params.central_values(),
            scenario_central: scenario.params.central_values(),
            seed: scenario.seed,
        }
    }

    /// The same compiled scenario run with another seed.
    pub fn with_seed(mut self, seed: u64) -> Engine {
        self.seed = seed;
        self
    }

    /// The same compiled scenario with noise and random incidents on or off.
    pub fn with_noise(mut self, noise: bool) -> Engine {
        self.plan.noise = noise;
        self
    }

    /// The seed runs use.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Fresh variables for this plan (allocate once per worker, reuse across runs).
    pub fn new_variables(&self) -> Variables {
        Variables::new(&self.plan)
    }

    /// Central parameter values of the world and of the scenario.
    pub fn central_values(&self) -> (&[f64], &[f64]) {
        (&self.world_central, &self.scenario_central)
    }

    /// One run with every parameter at its central value, with the scenario's noise setting
    /// (dynamics stream of member 0).
    pub fn run_central(&self) -> Trajectory {
        let mut state = self.new_variables();
        let mut out = Trajectory::new(&self.plan);
        let (_, dynamics) = member_streams(self.seed, 0);
        self.run_into(
            &self.world_central,
            &self.scenario_central,
            dynamics,
            &mut state,
            &mut out,
        );
        out
    }

    /// Runs once from the given parameter vectors into `out`, reusing `state`. Allocates nothing.
    pub fn run_into(
        &self,
        world: &[f64],
        scenario: &[f64],
        mut dynamics: ChaCha8Rng,
        state: &mut Variables,
        out: &mut Trajectory,
    ) {
        self.run_lanes(
            [world],
            [scenario],
            std::array::from_mut(&mut dynamics),
            state,
            [out],
        );
    }

    /// Runs `N` members side by side, lane `l` from `world[l]`, `scenario[l]` and the dynamics
    /// stream `dynamics[l]` into `out[l]`, reusing `state`. Each lane's trajectory is the one
    /// [`Engine::run_into`] gives that member alone. Allocates nothing.
    pub fn run_lanes<const N: usize>(
        &self,
        world: [&[f64]; N],
        scenario: [&[f64]; N],
        dynamics: &mut [ChaCha8Rng; N],
        state: &mut Variables<N>,
        out: [&mut Trajectory; N],
    ) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: `run_lanes_avx2` only needs AVX2, and this processor has it (checked
            // just above).
            unsafe { self.run_lanes_avx2(world, scenario, dynamics, state, out) };
            return;
        }
        self.run_lanes_portable(world, scenario, dynamics, state, out);
    }

    /// [`Engine::run_lanes`] compiled for processors with AVX2, which does each lane-wise
    /// operation of four members in one instruction instead of two. The same IEEE operations
    /// in the same order (nothing is fused), so the same bits.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn run_lanes_avx2<const N: usize>(
        &self,
        world: [&[f64]; N],
        scenario: [&[f64]; N],
        dynamics: &mut [ChaCha8Rng; N],
        state: &mut Variables<N>,
        out: [&mut Trajectory; N],
    ) {
        self.run_lanes_portable(world, scenario, dynamics, state, out);
    }

    /// [`Engine::run_lanes`] without the choice of AVX2: the code for the processor the caller
    /// is compiled for, inlined into each caller with the step's equations (so the AVX2 copy is
    /// this code compiled for AVX2). The same bits as `run_lanes`; tests compare the two.
    #[inline(always)]
    pub fn run_lanes_portable<const N: usize>(
        &self,
        world: [&[f64]; N],
        scenario: [&[f64]; N],
        dynamics: &mut [ChaCha8Rng; N],
        state: &mut Variables<N>,
        mut out: [&mut Trajectory; N],
    ) {
        let plan = &self.plan;
        let mut noise = Noise::new(dynamics);
        equations::initialise_lanes(plan, state, world, scenario);
        for (lane, out) in out.iter_mut().enumerate() {
            record(plan, state, lane, out, 0);
        }
        for point in 1..=plan.steps {
            let noise = if plan.noise { Some(&mut noise) } else { None };
            equations::step_lanes(plan, state, noise);
            for (lane, out) in out.iter_mut().enumerate() {
                record(plan, state, lane, out, point);
            }
        }
        noise.finish();
    }
}

/// Copies lane `lane` of the variables into `out` at grid point `point`.
#[inline(always)]
fn record<const N: usize>(
    plan: &Plan,
    st: &Variables<N>,
    lane: usize,
    out: &mut Trajectory,
    point: usize,
) {
    let copy = |to: &mut [f64], from: &[Lane<N>]| {
        for (t, f) in to.iter_mut().zip(from) {
            *t = f.0[lane];
        }
    };
    let cells = plan.cells();
    copy(
        &mut out.influence[point * cells..(point + 1) * cells],
        &st.influence,
    );
    let k = plan.drivers.len();
    copy(&mut out.drivers[point * k..(point + 1) * k], &st.driver);
    let pr = plan.powers * plan.resources;
    for (i, &r) in plan.power_resource.iter().enumerate() {
        out.resources[point * pr + i] = st.eff[r].0[lane];
    }
    let np = plan.powers;
    copy(
        &mut out.attention[point * np..(point + 1) * np],
        &st.attention,
    );
    let ns = plan.states;
    copy(&mut out.threat[point * ns..(point + 1) * ns], &st.threat);
}

/// Draws one ensemble member's parameters: for every parameter, in table order, one uniform
/// number `u` mapped through the triangular distribution (low, central value, high) of the world
/// and, with the same `u`, of the scenario, so that overrides keep members paired. Initial
/// influence that would leave a state no autonomy is scaled back to the allowed total.
pub fn draw_parameters(
    world: &ParamTable,
    scenario: &ParamTable,
    influence0: &[usize],
    powers: usize,
    rng: &mut ChaCha8Rng,
    world_out: &mut [f64],
    scenario_out: &mut [f64],
) {
    for (i, (w, s)) in world.iter().zip(scenario.iter()).enumerate() {
        let u: f64 = rng.random();
        world_out[i] = triangular(w.low, w.value, w.high, u);
        // Most parameters are not overridden: the same range gives the same draw.
        scenario_out[i] = if (s.low, s.value, s.high) == (w.low, w.value, w.high) {
            world_out[i]
        } else {
            triangular(s.low, s.value, s.high, u)
        };
    }
    cap_influence(influence0, powers, world_out);
    cap_influence(influence0, powers, scenario_out);
}

/// Scales back every (state, domain) group of initial influence in `values` whose sum exceeds
/// [`MAX_TOTAL_INFLUENCE`], so that every state keeps some autonomy. `influence0` lists the
/// parameter indices of initial influence, `powers` per group.
pub fn cap_influence(influence0: &[usize], powers: usize, values: &mut [f64]) {
    for group in influence0.chunks(powers) {
        let total: f64 = group.iter().map(|&i| values[i]).sum();
        if total > MAX_TOTAL_INFLUENCE {
            for &i in group {
                values[i] *= MAX_TOTAL_INFLUENCE / total;
            }
        }
    }
}

/// Inverse distribution function of the triangular distribution with the given low end, mode and
/// high end, at `u` in [0, 1).
pub fn triangular(low: f64, mode: f64, high: f64, u: f64) -> f64 {
    let width = high - low;
    if width <= 0.0 {
        return mode;
    }
    let split = (mode - low) / width;
    if u < split {
        low + (u * width * (mode - low)).sqrt()
    } else {
        high - ((1.0 - u) * width * (high - mode)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::triangular;

    #[test]
    fn triangular_covers_its_range() {
        assert_eq!(triangular(0.0, 0.5, 1.0, 0.0), 0.0);
        assert!((triangular(0.0, 0.5, 1.0, 0.5) - 0.5).abs() < 1e-12);
        assert!((triangular(0.0, 0.5, 1.0, 1.0) - 1.0).abs() < 1e-12);
        assert_eq!(triangular(2.0, 2.0, 2.0, 0.7), 2.0);
        // Mode at an end.
        assert!(triangular(0.0, 0.0, 1.0, 0.3) > 0.0);
    }
}
