//! Determinism: the same scenario and seed give byte-identical results; another seed gives other
//! results unless noise is off.

mod common;

use std::fs;
use std::path::Path;

use common::{entries, load, steppe};
use steppe::engine::Engine;

/// Runs `steppe run scenarios/ukraine-freeze.toml --out OUT EXTRA...` and returns the results
/// folder.
fn run_into(out: &Path, extra: &[&str]) -> std::path::PathBuf {
    let mut args = vec![
        "run",
        "scenarios/ukraine-freeze.toml",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    steppe(&args).expect_code(0);
    out.join("ukraine-freeze")
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
}

#[test]
fn same_seed_gives_byte_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let a = run_into(&tmp.path().join("a"), &[]);
    let b = run_into(&tmp.path().join("b"), &[]);
    let files = entries(&a);
    assert_eq!(files, entries(&b));
    assert!(files.len() >= 14, "all results written: {files:?}");
    for f in &files {
        assert!(read(&a, f) == read(&b, f), "{f} differs between two runs");
    }
    // An explicit --seed equal to the scenario's own gives the same results too.
    let c = run_into(&tmp.path().join("c"), &["--seed", "20250101"]);
    for f in &files {
        assert!(
            read(&a, f) == read(&c, f),
            "{f} differs with --seed 20250101"
        );
    }
}

#[test]
fn another_seed_gives_another_path() {
    let tmp = tempfile::tempdir().unwrap();
    let a = run_into(&tmp.path().join("a"), &[]);
    let b = run_into(&tmp.path().join("b"), &["--seed", "7"]);
    assert_ne!(read(&a, "timeseries.csv"), read(&b, "timeseries.csv"));
    let summary: serde_json::Value = serde_json::from_slice(&read(&b, "summary.json")).unwrap();
    assert_eq!(summary["provenance"]["seed"], 7);
    assert_eq!(summary["provenance"]["noise"], true);
}

#[test]
fn without_noise_the_seed_does_not_matter() {
    let tmp = tempfile::tempdir().unwrap();
    let a = run_into(&tmp.path().join("a"), &["--no-noise", "--seed", "1"]);
    let b = run_into(&tmp.path().join("b"), &["--no-noise", "--seed", "2"]);
    assert_eq!(read(&a, "timeseries.csv"), read(&b, "timeseries.csv"));
    assert_eq!(read(&a, "drivers.csv"), read(&b, "drivers.csv"));
    let summary: serde_json::Value = serde_json::from_slice(&read(&a, "summary.json")).unwrap();
    assert_eq!(summary["provenance"]["noise"], false);
    // ... while with noise the same two seeds differ.
    let c = run_into(&tmp.path().join("c"), &["--seed", "1"]);
    let d = run_into(&tmp.path().join("d"), &["--seed", "2"]);
    assert_ne!(read(&c, "timeseries.csv"), read(&d, "timeseries.csv"));
    assert_ne!(read(&a, "timeseries.csv"), read(&c, "timeseries.csv"));
}

#[test]
fn library_runs_are_identical() {
    for name in ["baseline", "ukraine-freeze", "afghan-spillover"] {
        let l = load(name);
        let engine = Engine::new(&l.world, &l.scenario);
        let first = engine.run_central();
        let second = engine.run_central();
        assert_eq!(first, second, "{name}: two central runs differ");
        // A freshly compiled engine gives the same run as well.
        let third = Engine::new(&l.world, &l.scenario).run_central();
        assert_eq!(first, third, "{name}: a recompiled engine differs");
        // Bitwise, not just ==.
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&first.influence), bits(&third.influence));

        let other = Engine::new(&l.world, &l.scenario)
            .with_seed(l.scenario.seed + 1)
            .run_central();
        assert_ne!(
            first.influence, other.influence,
            "{name}: the seed is ignored"
        );

        let mut quiet = l.scenario.clone();
        quiet.noise = false;
        let q1 = Engine::new(&l.world, &quiet).with_seed(1).run_central();
        let q2 = Engine::new(&l.world, &quiet).with_seed(2).run_central();
        assert_eq!(q1, q2, "{name}: without noise the seed must not matter");
    }
}
