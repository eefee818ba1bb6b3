//! The hot loop allocates nothing: once the engine, state, trajectory and parameter buffers exist,
//! a run, a step and one ensemble member's whole path (draw, run, series, fold) make no heap
//! allocation.
//!
//! A counting global allocator counts allocations (alloc, alloc_zeroed, realloc) made by the
//! current thread while that thread's flag is set, so allocations of other test threads (the
//! harness runs tests in parallel) never show up in a measurement.

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

use std::alloc::{GlobalAlloc, Layout as AllocLayout, System};
use std::cell::Cell;
use std::path::Path;

use steppe::engine::{Engine, Trajectory, draw_parameters, member_streams};
use steppe::ensemble::Ensemble;
use steppe::ensemble::aggregate::Aggregate;
use steppe::io::load::{Loaded, load_scenario};
use steppe::model::equations;
use steppe::scenario::Scenario;
use steppe::world::World;

/// The system allocator, counting the current thread's allocations while it is measuring.
struct Counting;

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: the thread-locals may already be gone while a thread shuts down.
    let _ = MEASURING.try_with(|m| {
        if m.get() {
            let _ = COUNT.try_with(|c| c.set(c.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`; counting touches only const-initialised
// thread-locals of `Cell` type, which neither allocate nor re-enter the allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: AllocLayout) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: AllocLayout) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: AllocLayout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: AllocLayout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the number of allocations it made on this thread.
fn allocations<R>(f: impl FnOnce() -> R) -> (R, u64) {
    COUNT.with(|c| c.set(0));
    MEASURING.with(|m| m.set(true));
    let r = f();
    MEASURING.with(|m| m.set(false));
    (r, COUNT.with(Cell::get))
}

fn baseline() -> Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    load_scenario(&path).expect("the shipped baseline loads")
}

/// A synthetic world with events (shock, ramp, set), trend growth and growth couplings, so
/// that every branch of the step is exercised.
fn synthetic_world() -> (World, Scenario) {
    synthetic::build(&synthetic::Spec {
        events: true,
        ..synthetic::Spec::new(6, 20, 40)
    })
}

#[test]
fn the_counter_sees_allocations() {
    let (v, n) = allocations(|| std::hint::black_box(vec![1u8; 100]));
    assert_eq!(v.len(), 100);
    assert!(n >= 1, "a Vec allocation was not counted");
    let ((), n) = allocations(|| {
        let mut v = Vec::with_capacity(1);
        for i in 0..100u32 {
            v.push(i);
        }
        std::hint::black_box(&v);
    });
    assert!(n >= 2, "growing a Vec counts its reallocations, got {n}");
    let ((), n) = allocations(|| {});
    assert_eq!(n, 0);
    // Allocations made inside the library count too: a central run allocates its own state and
    // trajectory.
    let loaded = baseline();
    let engine = Engine::new(&loaded.world, &loaded.scenario);
    let (t, n) = allocations(|| engine.run_central());
    assert!(t.points > 1);
    assert!(
        n >= 2,
        "run_central allocates a state and a trajectory, got {n}"
    );
}

/// `run_into` with several member streams, after set-up, allocates nothing.
fn run_into_allocates_nothing(world: &World, scenario: &Scenario) {
    assert!(scenario.noise, "measure with noise on");
    let engine = Engine::new(world, scenario);
    let mut state = engine.new_variables();
    let mut out = Trajectory::new(&engine.plan);
    let (w, s) = engine.central_values();
    let (w, s) = (w.to_vec(), s.to_vec());
    for member in 0..5 {
        let (_, dynamics) = member_streams(engine.seed(), member);
        let ((), n) = allocations(|| engine.run_into(&w, &s, dynamics, &mut state, &mut out));
        assert_eq!(n, 0, "run_into of member {member} made {n} allocations");
    }
    assert!(out.influence.iter().all(|v| v.is_finite()));
}

#[test]
fn baseline_run_into_allocates_nothing() {
    let loaded = baseline();
    run_into_allocates_nothing(&loaded.world, &loaded.scenario);
}

#[test]
fn synthetic_run_into_with_events_allocates_nothing() {
    let (world, scenario) = synthetic_world();
    assert!(!scenario.events.is_empty());
    run_into_allocates_nothing(&world, &scenario);
}

#[test]
fn a_thousand_steps_allocate_nothing() {
    let loaded = baseline();
    let engine = Engine::new(&loaded.world, &loaded.scenario);
    let plan = &engine.plan;
    let (w, s) = engine.central_values();
    let mut state = engine.new_variables();
    let (_, mut rng) = member_streams(engine.seed(), 0);
    let ((), n) = allocations(|| equations::initialise(plan, &mut state, w, s));
    assert_eq!(n, 0, "initialise made {n} allocations");
    let ((), n) = allocations(|| {
        for _ in 0..1000 {
            equations::step(plan, &mut state, Some(&mut rng));
        }
    });
    assert_eq!(n, 0, "1,000 noisy steps made {n} allocations");
    let ((), n) = allocations(|| {
        for _ in 0..1000 {
            equations::step(plan, &mut state, None);
        }
    });
    assert_eq!(n, 0, "1,000 quiet steps made {n} allocations");
    assert_eq!(state.point, 2000);
}

/// One ensemble member's whole path, call by call, each measured on its own so that a failure
/// names the call that allocates.
fn member_path_allocates_nothing(world: &World, scenario: &Scenario) {
    let seed = scenario.seed;
    let ens = Ensemble::new(world, vec![scenario], seed).expect("a one-scenario ensemble");
    let layout = &ens.layout;
    let engine = Engine::new(world, scenario).with_seed(seed);
    let mut state = engine.new_variables();
    let mut trajectory = Trajectory::new(&engine.plan);
    let mut world_values = vec![0.0; world.params.len()];
    let mut scenario_values = vec![0.0; world.params.len()];
    let mut metrics = vec![0.0; layout.metrics.len() * layout.points];
    let mut drivers = vec![0.0; layout.driver_ranges.len() * layout.points];
    let mut agg = Aggregate::new(layout);

    for member in 0..4 {
        let count = |call: &str, n: u64| {
            assert_eq!(n, 0, "member {member}: {call} made {n} allocations");
        };
        let ((mut params, dynamics), n) = allocations(|| member_streams(seed, member));
        count("member_streams", n);
        let ((), n) = allocations(|| {
            draw_parameters(
                &world.params,
                &scenario.params,
                &engine.plan.influence0,
                world.powers.len(),
                &mut params,
                &mut world_values,
                &mut scenario_values,
            )
        });
        count("draw_parameters", n);
        let ((), n) = allocations(|| {
            engine.run_into(
                &world_values,
                &scenario_values,
                dynamics,
                &mut state,
                &mut trajectory,
            )
        });
        count("Engine::run_into", n);
        let ((), n) = allocations(|| layout.metric_series(&trajectory, &mut metrics));
        count("Layout::metric_series", n);
        let ((), n) = allocations(|| layout.driver_series(&trajectory, &mut drivers));
        count("Layout::driver_series", n);
        let ((), n) = allocations(|| agg.add(layout, &metrics, &drivers));
        count("Aggregate::add", n);
    }
    // The ensemble itself folds members in batches.
    let ((), n) = allocations(|| agg.add_batch(layout, &metrics, &drivers, 1));
    assert_eq!(n, 0, "Aggregate::add_batch made {n} allocations");
    assert_eq!(agg.members(), 5);
}

#[test]
fn baseline_ensemble_member_allocates_nothing() {
    let loaded = baseline();
    member_path_allocates_nothing(&loaded.world, &loaded.scenario);
}

#[test]
fn synthetic_ensemble_member_allocates_nothing() {
    let (world, scenario) = synthetic_world();
    member_path_allocates_nothing(&world, &scenario);
}

#[test]
fn members_in_lanes_allocate_nothing() {
    use steppe::model::Variables;
    use steppe::model::lanes::LANES;
    let loaded = baseline();
    let engine = Engine::new(&loaded.world, &loaded.scenario);
    let mut state: Variables<LANES> = Variables::new(&engine.plan);
    let mut outs: [Trajectory; LANES] = std::array::from_fn(|_| Trajectory::new(&engine.plan));
    let (w, s) = engine.central_values();
    let (w, s) = (w.to_vec(), s.to_vec());
    let mut dynamics = std::array::from_fn(|l| member_streams(engine.seed(), l as u64).1);
    let ((), n) = allocations(|| {
        engine.run_lanes(
            [&w[..]; LANES],
            [&s[..]; LANES],
            &mut dynamics,
            &mut state,
            outs.each_mut(),
        )
    });
    assert_eq!(
        n, 0,
        "a run of {LANES} members in lanes made {n} allocations"
    );
    assert!(
        outs.iter()
            .all(|t| t.influence.iter().all(|v| v.is_finite()))
    );
}
