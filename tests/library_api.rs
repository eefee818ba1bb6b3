//! The library API without the binary: run, compare, check and merge through
//! `steppe::simulate`, the way an analysis script or another tool would.

use std::path::Path;

use steppe::analysis::expect;
use steppe::io::load::load_scenario;
use steppe::simulate::{Outcome, Part, Results, RunSpec, Shard, Subject, merge, simulate};

fn load(name: &str) -> steppe::inputs::Loaded {
    load_scenario(Path::new(&format!("scenarios/{name}.toml"))).expect("a shipped scenario loads")
}

#[test]
fn a_single_run_gives_every_metric_as_shares_and_repeats_exactly() {
    let l = load("ukraine-freeze");
    let run = |spec: &RunSpec| match simulate(Subject::Scenario(&l), spec).expect("runs") {
        Results::Single(r) => r,
        other => panic!("expected a single run, got {other:?}"),
    };
    let a = run(&RunSpec::single());
    assert_eq!(a.provenance.seed, l.scenario.seed);
    assert_eq!(a.series.len(), a.metrics.len() * a.trajectory.points);
    assert!(a.series.iter().all(|v| (0.0..=1.0).contains(v)));
    let b = run(&RunSpec::single());
    assert_eq!(a.series, b.series);
    let other_seed = run(&RunSpec::single().with_seed(7));
    assert_eq!(other_seed.provenance.seed, 7);
    assert_ne!(a.series, other_seed.series, "the seed must reach the noise");
    let quiet = run(&RunSpec::single().with_noise(false));
    assert!(!quiet.provenance.noise);
    assert_ne!(a.series, quiet.series, "noise off must change the run");
}

#[test]
fn an_ensemble_does_not_depend_on_threads_and_shards_merge_back() {
    let l = load("oil-price-rise");
    let whole = |threads| match simulate(
        Subject::Scenario(&l),
        &RunSpec::ensemble(96).with_threads(threads),
    )
    .expect("runs")
    {
        Results::Ensemble(e) => e,
        other => panic!("expected an ensemble, got {other:?}"),
    };
    let (one, two) = (whole(1), whole(2));
    assert_eq!(one.aggregate, two.aggregate);
    assert_eq!(one.aggregate.members(), 96);
    let parts: Vec<Part> = (1..=3)
        .map(|index| {
            let spec = RunSpec {
                shard: Some(Shard { index, count: 3 }),
                ..RunSpec::ensemble(96)
            };
            match simulate(Subject::Scenario(&l), &spec).expect("a shard runs") {
                Results::Ensemble(e) => Part {
                    name: format!("part {index}"),
                    header: e.part_header(),
                    aggregate: e.aggregate,
                    draws: None,
                },
                other => panic!("expected an ensemble, got {other:?}"),
            }
        })
        .collect();
    match merge(&l, parts).expect("the parts merge") {
        Results::Ensemble(m) => assert_eq!(m.aggregate, one.aggregate),
        other => panic!("expected an ensemble, got {other:?}"),
    }
}

#[test]
fn a_comparison_of_a_scenario_with_itself_differs_by_nothing() {
    let scenarios = vec![load("baseline"), load("baseline"), load("ukraine-freeze")];
    let subject = Subject::Comparison {
        scenarios: &scenarios,
        baseline: 0,
    };
    let Results::Comparison(c) = simulate(subject, &RunSpec::ensemble(64)).expect("runs") else {
        panic!("expected a comparison");
    };
    let rows = c.rows();
    let same: Vec<_> = rows.iter().filter(|r| r.scenario == "baseline").collect();
    assert!(
        same.iter()
            .filter_map(|r| r.difference)
            .all(|d| d.p05 == 0.0 && d.p95 == 0.0 && d.mean == 0.0)
    );
    let freeze = rows
        .iter()
        .find(|r| r.scenario == "ukraine-freeze" && r.metric == "russia.region.security")
        .expect("a row for the freeze");
    assert!(freeze.difference.is_some_and(|d| d.p50 != 0.0));
}

#[test]
fn member_outcomes_are_recorded_in_member_order_for_any_thread_count() {
    let l = load("baseline");
    let metric = steppe::metric::Metric::parse(&l.world, "china.region.economy").expect("metric");
    let spec = |threads| RunSpec {
        outcomes: vec![Outcome {
            scenario: 0,
            metric,
            point: l.scenario.calendar.steps,
        }],
        ..RunSpec::ensemble(70).with_threads(threads)
    };
    let get = |threads| match simulate(Subject::Scenario(&l), &spec(threads)).expect("runs") {
        Results::Outcomes(o) => o,
        other => panic!("expected outcomes, got {other:?}"),
    };
    let (a, b) = (get(1), get(2));
    assert_eq!(a.values.len(), 70);
    assert_eq!(a.values, b.values);
    assert!(a.values.iter().all(|v| (0.0..=1.0).contains(v)));
    assert!(a.values.windows(2).any(|w| w[0] != w[1]), "members differ");
}

#[test]
fn expectations_are_checked_on_simulated_results() {
    let l = load("ukraine-freeze");
    let others = vec![load("baseline")];
    let rows = expect::evaluate(&l, &others, 50, Some(2)).expect("evaluates");
    assert_eq!(rows.len(), l.scenario.expectations.len());
    for r in &rows {
        assert!(r.value.is_finite() && r.bound.is_finite(), "{r:?}");
        assert!(r.pass, "a shipped expectation fails: {r:?}");
    }
    // The same rows whatever the thread count.
    assert_eq!(
        rows,
        expect::evaluate(&l, &others, 50, Some(1)).expect("evaluates")
    );
}

#[test]
fn nonsense_specs_are_errors_not_panics() {
    let l = load("baseline");
    let too_many_shards = RunSpec {
        shard: Some(Shard { index: 1, count: 5 }),
        ..RunSpec::ensemble(3)
    };
    assert!(simulate(Subject::Scenario(&l), &too_many_shards).is_err());
    let scenarios = vec![load("baseline")];
    let no_members = Subject::Comparison {
        scenarios: &scenarios,
        baseline: 0,
    };
    assert!(simulate(no_members, &RunSpec::single()).is_err());
    assert!(merge(&l, Vec::new()).is_err());
}
