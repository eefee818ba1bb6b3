//! Throughput of ensembles: 10,000 members of the baseline on one thread and on all threads,
//! and the cost of folding one member's trajectory into the ensemble statistics.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use steppe::engine::{Engine, Trajectory, draw_parameters, member_streams};
use steppe::ensemble::Ensemble;
use steppe::ensemble::aggregate::Aggregate;
use steppe::io::load::{Loaded, load_scenario};

fn baseline() -> Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    load_scenario(&path).expect("the shipped baseline loads")
}

/// Members per ensemble run.
const MEMBERS: u64 = 10_000;

/// Members folded at once by `Aggregate::add_batch` (the ensemble's batch size).
const BATCH: usize = 32;

/// `Ensemble::aggregate` of 10,000 baseline members, on 1 thread and on every thread.
fn ensemble(c: &mut Criterion) {
    let loaded = baseline();
    let ens = Ensemble::new(&loaded.world, vec![&loaded.scenario], loaded.scenario.seed)
        .expect("a one-scenario ensemble");
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut threads = vec![1, all];
    threads.dedup();

    let mut group = c.benchmark_group("ensemble");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Elements(MEMBERS));
    for n in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("a rayon pool");
        let name = format!("baseline/{n}-thread{}", if n == 1 { "" } else { "s" });
        group.bench_function(name, |b| {
            b.iter(|| {
                let stats = pool
                    .install(|| ens.aggregate(0..MEMBERS, None, &|_| {}))
                    .expect("the baseline ensemble runs");
                assert_eq!(stats.scenarios[0].members(), MEMBERS);
                black_box(stats)
            })
        });
    }
    group.finish();
}

/// Folding members into the statistics: the metric and driver series of one trajectory,
/// `Aggregate::add` of one member, `Aggregate::add_batch` of 32 members.
fn aggregate(c: &mut Criterion) {
    let loaded = baseline();
    let (world, scenario) = (&loaded.world, &loaded.scenario);
    let seed = scenario.seed;
    let ens = Ensemble::new(world, vec![scenario], seed).expect("a one-scenario ensemble");
    let layout = &ens.layout;
    let engine = Engine::new(world, scenario).with_seed(seed);
    let metric_len = layout.metrics.len() * layout.points;
    let driver_len = layout.driver_ranges.len() * layout.points;

    // The series of the first 32 members, member after member, as the ensemble batches them.
    let mut state = engine.new_variables();
    let mut trajectory = Trajectory::new(&engine.plan);
    let mut world_values = vec![0.0; world.params.len()];
    let mut scenario_values = vec![0.0; world.params.len()];
    let mut metrics = vec![0.0; BATCH * metric_len];
    let mut drivers = vec![0.0; BATCH * driver_len];
    let mut first = Trajectory::new(&engine.plan);
    for j in 0..BATCH {
        let (mut params, dynamics) = member_streams(seed, j as u64);
        draw_parameters(
            &world.params,
            &scenario.params,
            &engine.plan.influence0,
            world.powers.len(),
            &mut params,
            &mut world_values,
            &mut scenario_values,
        );
        engine.run_into(
            &world_values,
            &scenario_values,
            dynamics,
            &mut state,
            &mut trajectory,
        );
        layout.metric_series(
            &trajectory,
            &mut metrics[j * metric_len..(j + 1) * metric_len],
        );
        layout.driver_series(
            &trajectory,
            &mut drivers[j * driver_len..(j + 1) * driver_len],
        );
        if j == 0 {
            first.clone_from(&trajectory);
        }
    }

    let mut group = c.benchmark_group("aggregate");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    group.throughput(Throughput::Elements(1));
    let mut m = vec![0.0; metric_len];
    let mut d = vec![0.0; driver_len];
    group.bench_function("series", |b| {
        b.iter(|| {
            layout.metric_series(&first, &mut m);
            layout.driver_series(&first, &mut d);
            black_box((&m, &d));
        })
    });

    // One member at a time, cycling through the same 32 members as `add_batch`, so that the two
    // touch the same histogram bins.
    let mut agg = Aggregate::new(layout);
    let mut j = 0;
    group.bench_function("add", |b| {
        b.iter(|| {
            agg.add(
                layout,
                &metrics[j * metric_len..(j + 1) * metric_len],
                &drivers[j * driver_len..(j + 1) * driver_len],
            );
            j = (j + 1) % BATCH;
            black_box(&agg);
        })
    });

    group.throughput(Throughput::Elements(BATCH as u64));
    let mut agg = Aggregate::new(layout);
    group.bench_function(format!("add_batch/{BATCH}"), |b| {
        b.iter(|| {
            agg.add_batch(layout, &metrics, &drivers, BATCH);
            black_box(&agg);
        })
    });
    group.finish();
}

criterion_group!(benches, ensemble, aggregate);
criterion_main!(benches);
