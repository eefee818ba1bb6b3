//! Throughput of the engine (see docs/PERFORMANCE.md).

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use steppe::engine::{Engine, Trajectory, member_streams};
use steppe::io::load::load_scenario;

fn baseline() -> steppe::io::load::Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    load_scenario(&path).expect("the shipped baseline loads")
}

fn run(c: &mut Criterion) {
    let loaded = baseline();
    let mut group = c.benchmark_group("run");
    for noise in [true, false] {
        let mut scenario = loaded.scenario.clone();
        scenario.noise = noise;
        let engine = Engine::new(&loaded.world, &scenario);
        let mut state = engine.new_state();
        let mut out = Trajectory::new(&engine.plan);
        let (world, scen) = engine.central_values();
        let (world, scen) = (world.to_vec(), scen.to_vec());
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
                    engine.run_into(&world, &scen, dynamics, &mut state, &mut out);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, run);
criterion_main!(benches);
