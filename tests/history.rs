//! A world as of any date and driver histories: a run from 2014 is calibrated on the 2014
//! snapshot and starts at rest there; a scenario follows history until a date and then its own
//! path; starts before the earliest snapshot are refused and starts far from every snapshot warned.

mod common;

use std::path::{Path, PathBuf};

use common::{Workspace, load_quiet, position, repo, run};
use steppe::engine::Engine;
use steppe::io::load::load_scenario;
use steppe::schema::CouplingMode;

/// A scenario file in `dir` on the shipped world, with `body` after the `world` line.
fn scenario(dir: &Path, name: &str, body: &str) -> PathBuf {
    let world = repo().join("seeds/world.toml");
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(
        &path,
        format!("world = {:?}\n{body}", world.display().to_string()),
    )
    .unwrap();
    path
}

/// `[override]` lines that switch off every source of drift other than the contest itself:
/// trend growth of the powers' resources and of the states' own capacity, and growth couplings
/// (China's growth driver). Phase A of initialisation runs with no time step, so these do not
/// change the rest point.
fn no_growth(l: &steppe::inputs::Loaded) -> String {
    let mut lines = String::from("[override]\n");
    for p in l
        .world
        .params
        .iter()
        .filter(|p| p.path.contains(".growth.") || p.path.ends_with(".capacity_growth"))
    {
        lines += &format!("{:?} = 0.0\n", p.path);
    }
    for c in l
        .world
        .couplings
        .iter()
        .filter(|c| c.mode == CouplingMode::Growth)
    {
        lines += &format!("{:?} = 0.0\n", l.world.params.get(c.elasticity).path);
    }
    lines
}

#[test]
fn a_run_from_2014_is_at_rest_on_the_2014_world() {
    let dir = tempfile::tempdir().unwrap();
    let run_table = "[run]\nstart = 2014-01-01\nend = 2019-01-01\nnoise = false\n";
    let probe = load_scenario(&scenario(dir.path(), "probe", run_table)).unwrap();
    let as_of = probe.as_of.clone().expect("the shipped world has a date");
    assert_eq!(as_of.date.to_string(), "2014-01-01");
    assert!(as_of.file.ends_with("world-2014.toml"), "{}", as_of.file);
    assert!(probe.warnings.is_empty());

    let body = format!("{run_table}{}", no_growth(&probe));
    let l = load_scenario(&scenario(dir.path(), "rest", &body)).unwrap();
    // The snapshot's values are the world's: initial influence of 2014, not of 2025.
    let path = "kazakhstan.influence.economy.china";
    let id = l.world.params.find(path).unwrap();
    assert_eq!(l.world.params.get(id).value, 0.28);
    let t = Engine::new(&l.world, &l.scenario).run_central();
    let start = t.influence_at(0).to_vec();
    for point in 0..t.points {
        for (cell, (a, b)) in t.influence_at(point).iter().zip(&start).enumerate() {
            assert!(
                (a - b).abs() < 1e-12,
                "cell {cell} drifts from {b} to {a} by point {point}"
            );
        }
    }

    // Calibrated on the 2025 world instead (the old behaviour), the same run drifts.
    let base = common::load("baseline");
    let wrong = Engine::new(&base.world, &l.scenario).run_central();
    let drift = wrong
        .influence_at(wrong.points - 1)
        .iter()
        .zip(&start)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        drift > 0.01,
        "calibrated on 2025 values it drifts by only {drift}"
    );
}

#[test]
fn the_replay_follows_history_and_the_counterfactual_switches_at_its_date() {
    let h = load_quiet("history");
    let f = load_quiet("freeze-2023");
    let (th, tf) = (run(&h), run(&f));
    let cal = h.scenario.calendar;
    assert_eq!(cal, f.scenario.calendar);
    let k = h.world.driver("ukraine_war").unwrap();
    let oil = h.world.driver("oil_price").unwrap();
    let sanctions = h.world.driver("sanctions_on_russia").unwrap();
    let nk = h.world.drivers.len();
    let driver = |t: &steppe::engine::Trajectory, k: usize, p: usize| t.drivers[p * nk + k];
    let point = |y: i32, m: u32| {
        let d = steppe::calendar::Date::new(y, m, 1).unwrap();
        (0..cal.points()).find(|&p| cal.date(p) == d).unwrap()
    };
    // Histories as data: Brent averaged 44 USD in 2016 (a point at mid-year), the post-invasion
    // sanctions regime stood at 0.65 in spring 2022.
    assert!((driver(&th, oil, point(2016, 7)) - 44.0).abs() < 1e-12);
    assert_eq!(driver(&th, sanctions, point(2022, 4)), 0.65);
    assert_eq!(driver(&th, sanctions, point(2014, 1)), 0.0);

    let switch = point(2023, 1);
    for p in 0..cal.points() {
        for d in 0..nk {
            let (a, b) = (driver(&th, d, p), driver(&tf, d, p));
            if d == k && p > switch {
                continue;
            }
            assert_eq!(a, b, "driver {d} differs at point {p}");
        }
        if p <= switch {
            assert_eq!(th.influence_at(p), tf.influence_at(p), "point {p}");
        }
    }
    assert!((driver(&tf, k, point(2023, 7)) - 0.1).abs() < 1e-12);
    assert_eq!(driver(&th, k, point(2024, 4)), 1.0);
    assert_ne!(th.influence_at(cal.steps), tf.influence_at(cal.steps));
    // History's events are not drawn as markers on figures; the scenario's own are.
    assert!(h.scenario.events.iter().filter(|e| e.history).count() > 50);
    assert_eq!(f.scenario.events.iter().filter(|e| !e.history).count(), 15);
}

#[test]
fn a_start_before_the_earliest_snapshot_is_refused_and_a_distant_one_warned() {
    let ws = Workspace::new();
    let text = ws.write(
        "scenarios/early.toml",
        "extends = \"baseline.toml\"\n\n[run]\nstart = 2010-01-01\nend = 2012-01-01\n",
    );
    let r = ws.steppe(&["run", "scenarios/early.toml", "--out", "out"]);
    r.expect_code(2);
    let (line, col) = position(&text, "2010-01-01");
    assert!(
        r.stderr
            .contains(&format!("scenarios/early.toml:{line}:{col}")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("before the earliest state"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("2014-01-01"), "{}", r.stderr);
    assert!(!ws.file("out").exists(), "nothing is written");

    ws.write(
        "scenarios/late.toml",
        "extends = \"baseline.toml\"\n\n[run]\nstart = 2019-01-01\nend = 2020-01-01\n",
    );
    let r = ws.steppe(&["run", "scenarios/late.toml", "--out", "out", "--no-noise"]);
    r.expect_code(0);
    assert!(
        r.stderr.contains("warning: scenarios/late.toml:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("5.0 years after"), "{}", r.stderr);
}
