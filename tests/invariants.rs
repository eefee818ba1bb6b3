//! Invariants of every run, over random seeds, scenarios and ensemble parameter draws: every
//! recorded value is finite, every influence share lies in [0, 1], and in every state and domain
//! the powers' shares add up to at most 1 (the rest is the state's autonomy).

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use steppe::engine::{Engine, Trajectory, draw_parameters, member_streams};
use steppe::io::load::Loaded;
use steppe::world::MAX_TOTAL_INFLUENCE;

/// Every shipped scenario, compiled with noise on (as shipped) and off.
struct Compiled {
    loaded: Loaded,
    noisy: Engine,
    quiet: Engine,
}

fn compiled() -> &'static [Compiled] {
    static ALL: OnceLock<Vec<Compiled>> = OnceLock::new();
    ALL.get_or_init(|| {
        common::SCENARIOS
            .iter()
            .map(|name| {
                let loaded = common::load(name);
                assert!(loaded.scenario.noise, "{name} ships with noise on");
                let noisy = Engine::new(&loaded.world, &loaded.scenario);
                let mut quiet = loaded.scenario.clone();
                quiet.noise = false;
                let quiet = Engine::new(&loaded.world, &quiet);
                Compiled {
                    loaded,
                    noisy,
                    quiet,
                }
            })
            .collect()
    })
}

fn check_trajectory(t: &Trajectory, powers: usize, what: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(t.influence.len(), t.points * t.cells);
    for (name, series) in [
        ("driver", &t.drivers),
        ("resource", &t.resources),
        ("attention", &t.attention),
        ("threat", &t.threat),
    ] {
        if let Some(i) = series.iter().position(|v| !v.is_finite()) {
            prop_assert!(false, "{what}: {name} value {i} is {}", series[i]);
        }
    }
    for point in 0..t.points {
        let at = t.influence_at(point);
        for (group, shares) in at.chunks(powers).enumerate() {
            for (p, &v) in shares.iter().enumerate() {
                prop_assert!(
                    v.is_finite() && (0.0..=1.0).contains(&v),
                    "{what}: influence of power {p} in state/domain {group} at point {point} is {v}"
                );
            }
            let total: f64 = shares.iter().sum();
            prop_assert!(
                total <= 1.0 + 1e-12,
                "{what}: shares in state/domain {group} at point {point} add up to {total}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Central runs of a random scenario with a random seed.
    #[test]
    fn central_runs_stay_in_bounds(which in 0..common::SCENARIOS.len(), seed in any::<u64>()) {
        let c = &compiled()[which];
        let t = c.noisy.clone().with_seed(seed).run_central();
        check_trajectory(&t, c.noisy.plan.powers, &format!("{} seed {seed}", common::SCENARIOS[which]))?;
    }

    /// Ensemble members: parameters drawn from their ranges, then a run with the member's own
    /// dynamics stream.
    #[test]
    fn ensemble_members_stay_in_bounds(
        which in 0..common::SCENARIOS.len(),
        seed in any::<u64>(),
        member in 0u64..1_000_000,
        noise in any::<bool>(),
    ) {
        let c = &compiled()[which];
        let engine = if noise { &c.noisy } else { &c.quiet };
        let (wc, sc) = engine.central_values();
        let mut world = vec![f64::NAN; wc.len()];
        let mut scenario = vec![f64::NAN; sc.len()];
        let (mut params, dynamics) = member_streams(seed, member);
        draw_parameters(
            &c.loaded.world.params,
            &c.loaded.scenario.params,
            &engine.plan.influence0,
            engine.plan.powers,
            &mut params,
            &mut world,
            &mut scenario,
        );
        // Every drawn value lies within its parameter's limits and under its range's top.
        for (values, table) in [(&world, &c.loaded.world.params), (&scenario, &c.loaded.scenario.params)] {
            for (v, p) in values.iter().zip(table.iter()) {
                prop_assert!(
                    v.is_finite() && *v >= p.min && *v <= p.max && *v <= p.high + 1e-12,
                    "{} drawn as {v} (range [{}, {}], limits [{}, {}])", p.path, p.low, p.high, p.min, p.max
                );
            }
            for group in engine.plan.influence0.chunks(engine.plan.powers) {
                let total: f64 = group.iter().map(|&i| values[i]).sum();
                prop_assert!(total <= MAX_TOTAL_INFLUENCE + 1e-12, "initial shares add up to {total}");
            }
        }
        let mut state = engine.new_variables();
        let mut out = Trajectory::new(&engine.plan);
        engine.run_into(&world, &scenario, dynamics, &mut state, &mut out);
        let what = format!("{} seed {seed} member {member} noise {noise}", common::SCENARIOS[which]);
        check_trajectory(&out, engine.plan.powers, &what)?;

        // The same member again gives the same trajectory (reusing the state buffer).
        let (_, dynamics) = member_streams(seed, member);
        let mut again = Trajectory::new(&engine.plan);
        engine.run_into(&world, &scenario, dynamics, &mut state, &mut again);
        prop_assert!(out == again, "{}: rerunning a member gives another trajectory", what);
    }
}

#[test]
fn central_parameters_start_from_the_world_file() {
    // A member drawn with every range collapsed is the central run: run_into with the central
    // values reproduces run_central.
    for c in compiled() {
        let (w, s) = c.noisy.central_values();
        let (w, s) = (w.to_vec(), s.to_vec());
        let (_, dynamics) = member_streams(c.noisy.seed(), 0);
        let mut state = c.noisy.new_variables();
        let mut out = Trajectory::new(&c.noisy.plan);
        c.noisy.run_into(&w, &s, dynamics, &mut state, &mut out);
        assert_eq!(out, c.noisy.run_central(), "{}", c.loaded.scenario.name);
        // Point 0 is the initial influence (the world's, with the scenario's overrides).
        for (cell, &param) in c.noisy.plan.influence0.iter().enumerate() {
            assert_eq!(
                out.influence[cell], s[param],
                "{} cell {cell}",
                c.loaded.scenario.name
            );
        }
    }
}
