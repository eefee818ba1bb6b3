//! Golden files: every output file of a single run and of an ensemble, byte for byte, as
//! SHA-256 manifests in `tests/golden/`. A change to any output shows up here; when a change is
//! deliberate, regenerate the manifests with `STEPPE_BLESS=1 cargo test --release --test golden`
//! and say in the commit why the outputs changed.

use std::fs;
use std::path::Path;

use steppe::export;
use steppe::io::load::load_scenario;
use steppe::io::output::Staging;
use steppe::provenance::sha256_hex;
use steppe::simulate::{RunSpec, Subject, simulate};

/// Writes the results of `scenario` run as `spec` and returns `hash  file` lines, sorted.
fn manifest(scenario: &str, spec: &RunSpec) -> String {
    let l = load_scenario(Path::new(&format!("scenarios/{scenario}.toml"))).expect("loads");
    let results = simulate(Subject::Scenario(&l), spec).expect("runs");
    let out = tempfile::tempdir().expect("a temporary folder");
    let mut staging = Staging::new(out.path(), "result").expect("staging");
    export::export_all(&export::standard(), &results, &mut staging).expect("exports");
    let dir = staging.commit().expect("commits");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("lists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .iter()
        .map(|n| {
            let bytes = fs::read(dir.join(n)).expect("reads");
            format!("{}  {n}\n", sha256_hex(&bytes))
        })
        .collect()
}

fn check(name: &str, actual: &str) {
    let path = Path::new("tests/golden").join(format!("{name}.sha256"));
    if std::env::var_os("STEPPE_BLESS").is_some() {
        fs::write(&path, actual).expect("writes the manifest");
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    let differ: Vec<&str> = actual
        .lines()
        .filter(|l| !expected.lines().any(|e| e == *l))
        .chain(
            expected
                .lines()
                .filter(|e| !actual.lines().any(|l| l == *e)),
        )
        .collect();
    assert!(
        differ.is_empty(),
        "outputs of {name} changed (regenerate with STEPPE_BLESS=1 only if deliberate):\n{}",
        differ.join("\n")
    );
}

#[test]
fn a_single_run_writes_exactly_the_golden_files() {
    check("baseline-single", &manifest("baseline", &RunSpec::single()));
}

#[test]
fn an_ensemble_writes_exactly_the_golden_files() {
    check(
        "ukraine-freeze-ensemble",
        &manifest("ukraine-freeze", &RunSpec::ensemble(200)),
    );
}
