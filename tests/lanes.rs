//! Ensemble members run side by side in lanes (`Engine::run_lanes`) give, lane by lane, the
//! trajectory each member gives run alone (`Engine::run_into`), bit for bit: the lanes are only
//! a way of computing faster, never a different model.

mod common;

use common::member;
use rand_chacha::ChaCha8Rng;
use steppe::engine::{Engine, Trajectory};
use steppe::model::Variables;
use steppe::model::lanes::LANES;

/// Runs `members` in lanes (repeated if there are fewer than [`LANES`]) and one by one, and
/// asserts the trajectories are identical.
fn lanes_match_single_runs(name: &str, members: &[u64], noise: bool) {
    let members: [u64; LANES] = std::array::from_fn(|i| members[i % members.len()]);
    let l = common::load_quiet(name);
    let engine = Engine::new(&l.world, &l.scenario).with_noise(noise);
    let drawn: Vec<_> = members.iter().map(|&m| member(&l, &engine, m)).collect();

    let mut lanes: Variables<LANES> = Variables::new(&engine.plan);
    let mut outs: [Trajectory; LANES] = std::array::from_fn(|_| Trajectory::new(&engine.plan));
    let mut dynamics: [ChaCha8Rng; LANES] = std::array::from_fn(|i| drawn[i].2.clone());
    engine.run_lanes(
        std::array::from_fn(|i| drawn[i].0.as_slice()),
        std::array::from_fn(|i| drawn[i].1.as_slice()),
        &mut dynamics,
        &mut lanes,
        outs.each_mut(),
    );

    let mut single = engine.new_variables();
    let mut alone = Trajectory::new(&engine.plan);
    for (i, (w, s, rng)) in drawn.into_iter().enumerate() {
        engine.run_into(&w, &s, rng, &mut single, &mut alone);
        let bits = |t: &Trajectory| {
            [
                &t.influence,
                &t.drivers,
                &t.resources,
                &t.attention,
                &t.threat,
            ]
            .iter()
            .flat_map(|v| v.iter().map(|x| x.to_bits()))
            .collect::<Vec<u64>>()
        };
        assert!(
            bits(&outs[i]) == bits(&alone),
            "{name}: lane {i} (member {}) differs from the member run alone",
            members[i]
        );
    }
}

#[test]
fn every_shipped_scenario_runs_the_same_in_lanes_as_alone() {
    for name in common::SCENARIOS {
        lanes_match_single_runs(name, &[0, 1, 2, 3, 4, 5, 6, 7], true);
    }
}

#[test]
fn lanes_match_without_noise_and_for_far_apart_members() {
    for name in ["baseline", "bargain-breaks", "csto-exit", "history"] {
        lanes_match_single_runs(name, &[0, 1, 2, 3, 4, 5, 6, 7], false);
        lanes_match_single_runs(
            name,
            &[7, 4_321, 99_999, 12, 65_536, 3, 1_000_003, 250],
            true,
        );
    }
}

#[test]
fn a_lane_repeating_another_member_matches_it() {
    // The worker fills lanes past the last member with a copy of it.
    lanes_match_single_runs("ukraine-freeze", &[5], true);
}

#[test]
fn the_avx2_code_gives_the_bits_of_the_portable_code() {
    // On a processor with AVX2, `run_lanes` takes the copy of the step compiled for it; it must
    // compute exactly what the baseline x86-64 code does (elsewhere both are the same code).
    for name in common::SCENARIOS {
        let l = common::load_quiet(name);
        let engine = Engine::new(&l.world, &l.scenario);
        let drawn: Vec<_> = (0..LANES as u64).map(|m| member(&l, &engine, m)).collect();
        let run = |portable: bool| {
            let mut state: Variables<LANES> = Variables::new(&engine.plan);
            let mut outs: [Trajectory; LANES] =
                std::array::from_fn(|_| Trajectory::new(&engine.plan));
            let mut dynamics: [ChaCha8Rng; LANES] = std::array::from_fn(|i| drawn[i].2.clone());
            let world = std::array::from_fn(|i| drawn[i].0.as_slice());
            let scenario = std::array::from_fn(|i| drawn[i].1.as_slice());
            if portable {
                engine.run_lanes_portable(
                    world,
                    scenario,
                    &mut dynamics,
                    &mut state,
                    outs.each_mut(),
                );
            } else {
                engine.run_lanes(world, scenario, &mut dynamics, &mut state, outs.each_mut());
            }
            outs.iter()
                .flat_map(|t| {
                    [
                        &t.influence,
                        &t.drivers,
                        &t.resources,
                        &t.attention,
                        &t.threat,
                    ]
                })
                .flat_map(|v| v.iter().map(|x| x.to_bits()))
                .collect::<Vec<u64>>()
        };
        assert!(
            run(true) == run(false),
            "{name}: the AVX2 step differs from the portable one"
        );
    }
}
