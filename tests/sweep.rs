//! `steppe sweep`: results independent of threads and shards (merged with `steppe merge` or
//! `steppe sweep --merge`), runs that are exactly the model runs they claim to be, and a
//! synthetic case with a known ranking.

mod common;

use std::path::{Path, PathBuf};

use common::{Workspace, entries, tree};
use steppe::engine::{Engine, Trajectory, cap_influence, member_streams};
use steppe::io::load::load_experiment;
use steppe::simulate::{Results, RunSpec, Subject, simulate};

/// An experiment with a baseline, replicates, two outcomes, a tornado and PRIM.
const LHS: &str = r#"
title = "test sweep"
scenario = "../scenarios/ukraine-freeze.toml"
baseline = "../scenarios/baseline.toml"
replicates = 3

[[vary]]
path = "russia.commitments"

[[vary]]
path = "coupling.ukraine_war.russia.commitments"

[[vary]]
path = "security.adjustment_rate"

[design]
kind = "latin-hypercube"
samples = 40

[[outcome]]
name = "gain"
metric = "russia.region.security"
difference = true

[[outcome]]
name = "china-ahead"
metric = "china.uzbekistan.security"
ahead_of = "russia"

[prim]
outcome = "gain"
at_least = 0.09
"#;

/// A small Sobol' design over four parameters.
const SOBOL: &str = r#"
scenario = "../scenarios/ukraine-freeze.toml"
baseline = "../scenarios/baseline.toml"

[[vary]]
path = "russia.commitments"

[[vary]]
path = "coupling.ukraine_war.russia.commitments"

[[vary]]
path = "ukraine_war"

[[vary]]
path = "model.incident_size"

[design]
kind = "sobol"
samples = 32

[[outcome]]
name = "gain"
metric = "russia.region.security"
difference = true
"#;

fn same_trees(a: &Path, b: &Path, what: &str) {
    let (ta, tb) = (tree(a), tree(b));
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb), "{what}: different files");
    for ((name, x), (_, y)) in ta.iter().zip(&tb) {
        assert!(x == y, "{what}: {} differs", name.display());
    }
}

#[test]
fn sweeps_are_the_same_for_any_threads_and_any_shards() {
    let ws = Workspace::new();
    for (name, text) in [("lhs", LHS), ("sobol", SOBOL)] {
        let exp = format!("experiments/{name}.toml");
        ws.write(&exp, text);
        let folder = format!("sweep-{name}");
        ws.steppe(&["sweep", &exp, "--out", "one", "--threads", "1", "-q"])
            .expect_code(0);
        ws.steppe(&["sweep", &exp, "--out", "two", "--threads", "2", "-q"])
            .expect_code(0);
        same_trees(
            &ws.file("one").join(&folder),
            &ws.file("two").join(&folder),
            "threads",
        );
        for k in ["3/3", "1/3", "2/3"] {
            ws.steppe(&["sweep", &exp, "--shard", k, "--out", "parts", "-q"])
                .expect_code(0);
        }
        let parts: Vec<String> = (1..=3)
            .map(|k| format!("parts/{folder}.part-{k}-of-3"))
            .collect();
        let mut args = vec!["merge", "--out", "merged", "-q"];
        args.extend(parts.iter().rev().map(String::as_str));
        ws.steppe(&args).expect_code(0);
        same_trees(
            &ws.file("one").join(&folder),
            &ws.file("merged").join(&folder),
            "merge",
        );
        let mut args = vec!["sweep", &exp, "--out", "merged2", "-q", "--merge"];
        args.extend(parts.iter().map(String::as_str));
        ws.steppe(&args).expect_code(0);
        same_trees(
            &ws.file("one").join(&folder),
            &ws.file("merged2").join(&folder),
            "sweep --merge",
        );
        // A missing shard is refused and writes nothing.
        let r = ws.steppe(&["merge", "--out", "bad", &parts[0], &parts[1]]);
        r.expect_code(2);
        assert!(r.stderr.contains("shards missing: 3/3"), "{}", r.stderr);
        assert!(entries(&ws.file("bad")).is_empty());
    }
    let files = entries(&ws.file("one/sweep-lhs"));
    for f in [
        "experiments.csv",
        "outcomes.txt",
        "problem.txt",
        "attribution.csv",
        "tornado.csv",
        "prim.csv",
        "prim-box.csv",
        "summary.json",
        "summary.md",
        "prim-trajectory.png",
        "prim-trajectory.svg",
        "tornado-gain.png",
    ] {
        assert!(files.contains(&f.to_string()), "{f} missing from {files:?}");
    }
    let sobol = entries(&ws.file("one/sweep-sobol"));
    assert!(
        sobol.contains(&"sobol.csv".to_string()) && sobol.contains(&"sobol-gain.svg".to_string())
    );
    // One row per experiment: (40 design + 7 one-at-a-time points) x 3 replicates, plus a header.
    let table = ws.read("one/sweep-lhs/experiments.csv");
    assert_eq!(table.lines().count(), 1 + 47 * 3);
    assert!(table.starts_with(
        "experiment,replicate,set,russia.commitments,coupling.ukraine_war.russia.commitments,security.adjustment_rate,gain,china-ahead\n"
    ));
}

/// A point of the experiment run by hand through the engine, as the sweep says it runs it.
fn by_hand(e: &steppe::experiment::Experiment, point: u64, replicate: u64) -> Vec<f64> {
    let mut x = vec![0.0; e.factors.len()];
    e.point(point, &mut x);
    let run = |l: &steppe::inputs::Loaded| -> Trajectory {
        let engine = Engine::new(&l.world, &l.scenario).with_noise(e.noise);
        let (w0, s0) = engine.central_values();
        let (mut w, mut s) = (w0.to_vec(), s0.to_vec());
        for (f, v) in e.factors.iter().zip(&x) {
            w[f.param.ix()] = *v;
            s[f.param.ix()] = *v;
        }
        let powers = l.world.powers.len();
        cap_influence(&engine.plan.influence0, powers, &mut w);
        cap_influence(&engine.plan.influence0, powers, &mut s);
        let mut out = Trajectory::new(&engine.plan);
        let mut state = engine.new_variables();
        let (_, dynamics) = member_streams(e.seed, replicate);
        engine.run_into(&w, &s, dynamics, &mut state, &mut out);
        out
    };
    let own = run(&e.scenario);
    let base = e.baseline.as_ref().map(run);
    let weights = steppe::metric::Weights::new(&e.scenario.world);
    let cal = &e.scenario.scenario.calendar;
    e.outcomes
        .iter()
        .map(|o| o.evaluate(&weights, cal, &own, base.as_ref()))
        .collect()
}

#[test]
fn each_experiment_is_the_model_run_it_claims() {
    let ws = Workspace::new();
    ws.write("experiments/lhs.toml", LHS);
    let e = load_experiment(&ws.file("experiments/lhs.toml"), None).expect("loads");
    let Results::Experiment(r) = simulate(Subject::Experiment(&e), &RunSpec::default()).unwrap()
    else {
        panic!("expected a sweep")
    };
    assert_eq!(r.values.len() as u64, e.runs() * 2);
    for (point, replicate) in [(0, 0), (7, 2), (39, 1), (40, 0), (46, 2)] {
        let want = by_hand(&e, point, replicate);
        assert_eq!(
            r.run_values(point * 3 + replicate),
            &want[..],
            "point {point}"
        );
    }
    // The difference outcome is a real difference: the freeze helps Russia at every point.
    assert!((0..e.runs()).all(|i| r.run_values(i)[0] > 0.0));
}

/// A shard that does not exist, asked for through the library (the command line refuses it
/// earlier), is an error, not a panic or an empty result.
#[test]
fn a_shard_that_does_not_exist_is_an_error() {
    let ws = Workspace::new();
    ws.write("experiments/lhs.toml", LHS);
    let e = load_experiment(&ws.file("experiments/lhs.toml"), None).expect("loads");
    for (index, count) in [(0, 2), (3, 2)] {
        let spec = RunSpec {
            shard: Some(steppe::simulate::Shard { index, count }),
            ..RunSpec::default()
        };
        let Err(err) = simulate(Subject::Experiment(&e), &spec) else {
            panic!("shard {index}/{count} was accepted");
        };
        assert!(
            err.to_string()
                .contains(&format!("shard {index}/{count} does not exist")),
            "{err}"
        );
    }
}

#[test]
fn a_synthetic_case_gives_the_known_ranking() {
    // Noise off: incidents never happen, so their size and the effort noise cannot matter at
    // all (exactly zero effect); how fast Russia's military budget grows dominates its
    // security influence, the pace of adjustment comes second.
    let ws = Workspace::new();
    let common = r#"
scenario = "../scenarios/baseline.toml"
noise = false

[[vary]]
path = "model.incident_size"

[[vary]]
path = "russia.growth.military"
low = -0.1
high = 0.02

[[vary]]
path = "model.effort_noise"

[[vary]]
path = "security.adjustment_rate"

[[outcome]]
name = "russia"
metric = "russia.region.security"
"#;
    let designs = [
        ("sobol", "[design]\nkind = \"sobol\"\nsamples = 256\n"),
        ("morris", "[design]\nkind = \"morris\"\nsamples = 20\n"),
        (
            "lhs",
            "[design]\nkind = \"latin-hypercube\"\nsamples = 200\n",
        ),
    ];
    for (name, design) in designs {
        ws.write(
            &format!("experiments/{name}.toml"),
            &format!("{common}\n{design}"),
        );
        ws.steppe(&[
            "sweep",
            &format!("experiments/{name}.toml"),
            "--out",
            "out",
            "-q",
        ])
        .expect_code(0);
        let json: serde_json::Value =
            serde_json::from_str(&ws.read(&format!("out/sweep-{name}/summary.json"))).unwrap();
        let o = &json["outcomes"][0];
        let (key, coef) = match name {
            "sobol" => ("sobol", "ST"),
            "morris" => ("morris", "mu_star"),
            _ => ("rank_attribution", "srrc"),
        };
        let top: Vec<&str> = o[key]["top"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["parameter"].as_str().unwrap())
            .collect();
        assert_eq!(
            top[..2],
            ["russia.growth.military", "security.adjustment_rate"],
            "{name}: {o}"
        );
        // Variance-based and elementary-effect measures see the dummies as exactly nothing
        // (rank correlations over a random design only nearly so).
        for t in o[key]["top"].as_array().unwrap() {
            if name != "lhs" && t["parameter"].as_str().unwrap().starts_with("model.") {
                assert_eq!(
                    t[coef].as_f64().unwrap(),
                    0.0,
                    "{name}: a dummy matters: {t}"
                );
            }
        }
        // The tornado: dummies swing by exactly nothing, the military budget most.
        let tornado = o["tornado"]["top"].as_array().unwrap();
        assert_eq!(tornado[0]["parameter"], "russia.growth.military");
        assert_eq!(tornado[2]["swing"].as_f64().unwrap(), 0.0);
    }
}
