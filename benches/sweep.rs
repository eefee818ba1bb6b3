//! Sweeps: what one experiment costs next to a plain run of the same scenario (the sweep must
//! compute only the outcomes it needs), and the whole of `experiments/ukraine-freeze-sobol.toml`
//! (Sobol' indices of one outcome over every judgement-grade parameter, 4,096 base samples, two
//! scenarios per experiment) on every thread, analysis included.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use steppe::analysis::sweep::SweepAnalysis;
use steppe::engine::{Engine, Trajectory, member_streams};
use steppe::experiment::Experiment;
use steppe::io::load::load_experiment;
use steppe::simulate::{Results, RunSpec, Subject, simulate};

fn experiment(rel: &str) -> Experiment {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    load_experiment(&path, None).expect("the experiment loads")
}

/// Experiments per measured sweep in the per-experiment comparison.
const RUNS: u64 = 2_048;

/// One experiment of a Latin hypercube over every judgement-grade parameter of the baseline,
/// against a plain run of the baseline (its central values, the same noise streams).
fn per_experiment(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let text = format!(
        "scenario = \"{}\"\n[[vary]]\nall = \"judgement\"\n[design]\nkind = \"latin-hypercube\"\nsamples = {RUNS}\n\
         [[outcome]]\nname = \"russia\"\nmetric = \"russia.region.security\"\n[analysis]\ntornado = false\n",
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/baseline.toml")
            .display()
    );
    std::fs::write(dir.path().join("lhs.toml"), text).expect("writes the experiment");
    let e = load_experiment(&dir.path().join("lhs.toml"), None).expect("loads");
    assert_eq!(e.runs(), RUNS);
    let engine = Engine::new(&e.scenario.world, &e.scenario.scenario);
    let spec = RunSpec::default().with_threads(1);

    let mut group = c.benchmark_group("experiment");
    group
        .sample_size(20)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Elements(RUNS));
    group.bench_function("plain-run", |b| {
        let mut out = Trajectory::new(&engine.plan);
        let mut state = engine.new_variables();
        let (w, s) = engine.central_values();
        b.iter(|| {
            for i in 0..RUNS {
                let (_, dynamics) = member_streams(e.seed, i);
                engine.run_into(w, s, dynamics, &mut state, &mut out);
            }
            black_box(out.influence[0])
        })
    });
    group.bench_function("lhs-judgement-parameters", |b| {
        b.iter(|| {
            let r = simulate(Subject::Experiment(&e), &spec).expect("the sweep runs");
            black_box(r)
        })
    });
    group.finish();
}

/// The shipped Sobol' experiment, end to end in the library: N(k + 2) experiments of two model
/// runs each (k = 91 judgement-grade parameters: 381,111 experiments, 762,222 runs) and the
/// indices with bootstrap intervals.
fn sobol(c: &mut Criterion) {
    let e = experiment("experiments/ukraine-freeze-sobol.toml");
    let mut group = c.benchmark_group("sobol");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(e.runs()));
    group.bench_function("ukraine-freeze-4096", |b| {
        b.iter(|| {
            let r = simulate(Subject::Experiment(&e), &RunSpec::default()).expect("runs");
            let Results::Experiment(run) = &r else {
                panic!("a sweep gives a sweep's results")
            };
            let a = SweepAnalysis::of(run);
            assert!(a.sobol.as_ref().is_some_and(|s| s[0].is_ok()));
            black_box(a)
        })
    });
    group.finish();
}

criterion_group!(benches, per_experiment, sobol);
criterion_main!(benches);
