//! The cost of a calibration member against a plain run of the replay (at central values, and
//! with its own draw of the parameters, as an ensemble member): a calibration member draws its
//! parameters, runs, computes only the outputs the observation rules read and its distance from
//! the measurements. Also whole calibrations of 10,000 members on every thread (members/s).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use steppe::calibrate::{CalibrationSpec, Train, select, training_mask};
use steppe::engine::{Engine, Trajectory, draw_parameters, member_streams};
use steppe::history::predict::Predictor;
use steppe::io::history::load_observations;
use steppe::io::load::load_scenario;
use steppe::metric::Weights;

fn path(rel: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// One member of the replay: a plain run (central values) against a calibration member.
fn member(c: &mut Criterion) {
    let l = load_scenario(&path("scenarios/past/history.toml")).expect("the replay loads");
    let (obs, _) = load_observations(
        &path("seeds/history/rules.toml"),
        &l.world,
        &l.scenario.calendar,
    )
    .expect("the rules load");
    let engine = Engine::new(&l.world, &l.scenario);
    let seed = l.scenario.seed;
    let predictor = Predictor::new(&l.world, &obs, l.scenario.calendar.points(), false, seed);
    let mask = training_mask(&predictor, Train::InSample);
    let weights = Weights::new(&l.world);
    let n = l.world.params.len();
    let (wc, sc) = engine.central_values();
    let (wc, sc) = (wc.to_vec(), sc.to_vec());
    let mut state = engine.new_variables();
    let mut out = Trajectory::new(&engine.plan);
    let (mut wv, mut sv) = (vec![0.0; n], vec![0.0; n]);
    let mut row = vec![0.0; predictor.outcomes.len()];
    let mut coefs = vec![(0.0, 0.0); predictor.rules()];
    let mut preds = vec![0.0; predictor.comparisons.len()];

    let mut group = c.benchmark_group("calibration");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .throughput(Throughput::Elements(1));
    let mut i = 0u64;
    group.bench_function("history/plain-run", |b| {
        b.iter(|| {
            i += 1;
            let (_, dynamics) = member_streams(seed, i);
            engine.run_into(&wc, &sc, dynamics, &mut state, &mut out);
            black_box(out.influence[0])
        })
    });
    // A plain run with its own draw of every uncertain parameter, as an ensemble member runs
    // before its statistics are accumulated: the calibration member's extra cost over it is the
    // observation rules' outputs, the predictions and the distance.
    group.bench_function("history/drawn-run", |b| {
        b.iter(|| {
            i += 1;
            let (mut params, dynamics) = member_streams(seed, i);
            draw_parameters(
                &l.world.params,
                &l.scenario.params,
                &engine.plan.influence0,
                l.world.powers.len(),
                &mut params,
                &mut wv,
                &mut sv,
            );
            engine.run_into(&wv, &sv, dynamics, &mut state, &mut out);
            black_box(out.influence[0])
        })
    });
    group.bench_function("history/calibration-member", |b| {
        b.iter(|| {
            i += 1;
            let (mut params, dynamics) = member_streams(seed, i);
            draw_parameters(
                &l.world.params,
                &l.scenario.params,
                &engine.plan.influence0,
                l.world.powers.len(),
                &mut params,
                &mut wv,
                &mut sv,
            );
            engine.run_into(&wv, &sv, dynamics, &mut state, &mut out);
            for (v, o) in row.iter_mut().zip(&predictor.outcomes) {
                *v = weights.value(out.influence_at(o.point), &o.metric);
            }
            predictor.coefficients(i, &mut coefs);
            predictor.predict(&row, &coefs, &mut preds);
            black_box(predictor.distance(&preds, &mask))
        })
    });
    group.finish();

    let mut group = c.benchmark_group("calibrate");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10))
        .throughput(Throughput::Elements(10_000));
    group.bench_function("history/10000-members", |b| {
        b.iter(|| {
            let s = select(
                &l,
                &obs,
                &CalibrationSpec {
                    members: 10_000,
                    accept: 100,
                    seed: Some(seed),
                    threads: None,
                    shard: None,
                    train: Train::InSample,
                    progress: None,
                },
            )
            .expect("the calibration runs");
            black_box(s.epsilon())
        })
    });
    group.finish();
}

criterion_group!(benches, member);
criterion_main!(benches);
