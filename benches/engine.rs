//! Throughput of the engine: one step, one run of the shipped baseline, and runs of synthetic
//! worlds of growing size and length. Throughput is in cells (powers x states x domains) for a
//! step and in cells x steps for a run, so constant throughput means cost linear in both.

#[path = "common/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use steppe::engine::{Engine, Trajectory, member_streams};
use steppe::io::load::{Loaded, load_scenario};
use steppe::model::equations;

fn baseline() -> Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    load_scenario(&path).expect("the shipped baseline loads")
}

/// Steps between re-initialisations of the state in the `step` bench: a thousand years of
/// quarters, so that trend growth never overflows however long criterion keeps stepping, while
/// the re-initialisation (a few steps' work) adds well under 0.1 % per step.
const RESET_EVERY: usize = 4000;

/// One step of the baseline with noise on, from a state initialised once.
fn step(c: &mut Criterion) {
    let loaded = baseline();
    let engine = Engine::new(&loaded.world, &loaded.scenario);
    assert!(engine.plan.noise, "the baseline runs with noise");
    let plan = &engine.plan;
    let (world, scen) = engine.central_values();
    let mut state = engine.new_variables();
    equations::initialise(plan, &mut state, world, scen);
    let (_, mut rng) = member_streams(engine.seed(), 0);

    let mut group = c.benchmark_group("step");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(plan.cells() as u64));
    group.bench_function("baseline/noise", |b| {
        b.iter(|| {
            if state.point >= RESET_EVERY {
                equations::initialise(plan, &mut state, world, scen);
            }
            equations::step(plan, &mut state, Some(&mut rng));
            black_box(&state.influence);
        })
    });
    group.finish();
}

/// A whole baseline run (ten years quarterly), with noise on and off.
fn run(c: &mut Criterion) {
    let loaded = baseline();
    let mut group = c.benchmark_group("run");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for noise in [true, false] {
        let mut scenario = loaded.scenario.clone();
        scenario.noise = noise;
        let engine = Engine::new(&loaded.world, &scenario);
        let mut state = engine.new_variables();
        let mut out = Trajectory::new(&engine.plan);
        let (world, scen) = engine.central_values();
        group.throughput(Throughput::Elements(
            (engine.plan.cells() * engine.plan.steps) as u64,
        ));
        group.bench_function(
            if noise {
                "baseline/noise"
            } else {
                "baseline/no-noise"
            },
            |b| {
                b.iter(|| {
                    let (_, dynamics) = member_streams(1, 0);
                    engine.run_into(world, scen, dynamics, &mut state, &mut out);
                    black_box(&out.influence);
                })
            },
        );
    }
    group.finish();
}

/// Runs of synthetic worlds: growing powers x states at 40 steps, then growing steps at 3 x 5.
fn scaling(c: &mut Criterion) {
    let specs = [
        synthetic::Spec::new(3, 5, 40),
        synthetic::Spec::new(6, 20, 40),
        synthetic::Spec::new(12, 50, 40),
        synthetic::Spec::new(30, 200, 40),
        synthetic::Spec::new(3, 5, 400),
        synthetic::Spec::new(3, 5, 4000),
    ];
    let mut group = c.benchmark_group("scaling");
    // Flat sampling: the same estimator at every size (runs take from 30 µs to 10 ms).
    group
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for spec in specs {
        let (world, scenario) = synthetic::build(&spec);
        let engine = Engine::new(&world, &scenario);
        assert_eq!(engine.plan.cells(), spec.cells());
        assert_eq!(engine.plan.steps, spec.steps);
        let mut state = engine.new_variables();
        let mut out = Trajectory::new(&engine.plan);
        let (w, s) = engine.central_values();
        group.throughput(Throughput::Elements((spec.cells() * spec.steps) as u64));
        let name = format!("{}x{}/{}-steps", spec.powers, spec.states, spec.steps);
        group.bench_function(name, |b| {
            b.iter(|| {
                let (_, dynamics) = member_streams(engine.seed(), 0);
                engine.run_into(w, s, dynamics, &mut state, &mut out);
                black_box(&out.influence);
            })
        });
    }
    group.finish();
}

/// The bound: a bare kernel of the same shape as a baseline run (45 cells, 40 steps), one normal
/// draw and a share update per cell, with and without the draw.
fn kernel(c: &mut Criterion) {
    use rand::SeedableRng;
    let mut group = c.benchmark_group("kernel");
    let (cells, steps) = (45, 40);
    group.throughput(Throughput::Elements((cells * steps) as u64));
    let mut shares = vec![0.3_f64; cells];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    group.bench_function("normal-per-cell", |b| {
        b.iter(|| {
            for _ in 0..steps {
                for s in shares.iter_mut() {
                    let z = steppe::model::normal::standard_normal(&mut rng);
                    let target = (0.3 * (1.0 + 0.05 * z)).clamp(0.0, 1.0);
                    *s += 0.05 * (target - *s);
                }
            }
            black_box(&shares);
        })
    });
    group.bench_function("no-noise", |b| {
        b.iter(|| {
            for t in 0..steps {
                for s in shares.iter_mut() {
                    let target = 0.3 + 0.001 * t as f64;
                    *s += 0.05 * (target - *s);
                }
            }
            black_box(&shares);
        })
    });
    group.finish();
}

criterion_group!(benches, step, run, scaling, kernel);
criterion_main!(benches);
