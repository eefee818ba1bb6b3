//! The binary against the reference implementation: `docs/reference/model.py`, an independent
//! Python re-implementation written from docs/MODEL.md alone, must reproduce every influence value
//! of `steppe run --no-noise` to within 1e-9 on every scenario shipped in `scenarios/`: the
//! baseline (trend growth, the agents' reallocation as shares move), driver ramps that move
//! coupled parameters, opinion and capacity (ukraine-freeze, taiwan-crisis, oil-price-rise), a
//! driver ramp with threat exposure plus a stability shock (afghan-spillover, crises in opinion),
//! a membership ramp that moves receptivity (csto-exit), parameter overrides (russia-stagnation),
//! a ramp of the Russia-China restraint (bargain-holds, bargain-breaks), and a run from the 2014
//! snapshot whose drivers follow their histories, with and without a hand-over (history,
//! freeze-2023). A failure means the code and the specification have drifted apart: fix
//! whichever is wrong.
//!
//! The script needs Python 3.11 or later (for `tomllib`) and nothing else. CI machines have
//! Python 3.11; where `python3` is missing or older, the test prints why to stderr and passes
//! without checking anything.

mod common;

use std::path::Path;
use std::process::Command;

use common::{entries, repo, steppe};

/// Scenarios checked: every file stem under `scenarios/`.
fn checked() -> Vec<String> {
    let names: Vec<String> = entries(&repo().join("scenarios"))
        .into_iter()
        .filter_map(|f| f.strip_suffix(".toml").map(str::to_string))
        .collect();
    assert!(
        names.len() >= 14,
        "the shipped scenarios are found: {names:?}"
    );
    names
}

/// Largest difference allowed between the two implementations.
const TOLERANCE: f64 = 1e-9;

/// Header of `timeseries.csv` and of the script's output.
const HEADER: &str = "date,step,power,state,domain,influence";

/// Whether `python3` runs and is at least 3.11; otherwise the reason it cannot be used.
fn python_ok() -> Result<(), String> {
    let out = Command::new("python3")
        .args(["-c", "import sys; print(sys.version_info >= (3, 11))"])
        .output()
        .map_err(|e| format!("`python3` could not be started ({e})"))?;
    let said = String::from_utf8_lossy(&out.stdout);
    match said.trim() {
        "True" => Ok(()),
        "False" => Err("`python3` is older than 3.11 (the script needs tomllib)".into()),
        _ => Err(format!(
            "`python3` did not report its version (exit {:?}): {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
    }
}

/// Rows of an influence table: the key columns (date, step, power, state, domain) and the value.
fn rows(text: &str, what: &str) -> Vec<(String, f64)> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(HEADER), "header of {what}");
    lines
        .map(|line| {
            let (key, value) = line
                .rsplit_once(',')
                .unwrap_or_else(|| panic!("{what}: malformed row `{line}`"));
            let value: f64 = value
                .parse()
                .unwrap_or_else(|e| panic!("{what}: `{value}` is not a number ({e})"));
            (key.to_string(), value)
        })
        .collect()
}

/// The script's table for a scenario.
fn reference(scenario: &Path) -> String {
    let script = repo().join("docs/reference/model.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(scenario)
        .output()
        .expect("python3 starts");
    assert!(
        out.status.success(),
        "{} failed on {}:\n{}",
        script.display(),
        scenario.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the script writes UTF-8")
}

#[test]
fn reference_implementation_matches_the_binary() {
    if let Err(why) = python_ok() {
        eprintln!(
            "SKIPPED reference_model: {why}; the check of the binary against \
             docs/reference/model.py did not run (install Python 3.11 or later to run it)"
        );
        return;
    }
    let out = tempfile::tempdir().expect("a temporary folder");
    let names = checked();
    let files: Vec<String> = names.iter().map(|s| common::scenario_file(s)).collect();
    let mut args = vec!["run", "--no-noise", "-q", "--out"];
    args.push(out.path().to_str().expect("a UTF-8 temporary path"));
    args.extend(files.iter().map(String::as_str));
    steppe(&args).expect_code(0);

    for name in &names {
        let binary = std::fs::read_to_string(out.path().join(name).join("timeseries.csv"))
            .expect("the run wrote timeseries.csv");
        // The binary's table starts with a `scenario` column, which the script does not write.
        let binary: String = binary
            .lines()
            .map(|l| format!("{}\n", l.split_once(',').map_or(l, |(_, rest)| rest)))
            .collect();
        let binary = rows(&binary, &format!("{name}: timeseries.csv"));
        let script = rows(
            &reference(&repo().join("scenarios").join(format!("{name}.toml"))),
            &format!("{name}: model.py"),
        );
        assert_eq!(
            binary.len(),
            script.len(),
            "{name}: the binary and the script give different numbers of rows"
        );
        let mut worst = (0.0_f64, String::new());
        for ((key_b, b), (key_s, s)) in binary.iter().zip(&script) {
            assert_eq!(key_b, key_s, "{name}: rows differ in order or labels");
            let diff = (b - s).abs();
            assert!(
                diff <= TOLERANCE,
                "{name}: influence at {key_b} is {b} in the binary but {s} in the reference \
                 implementation (difference {diff:e})"
            );
            if diff > worst.0 {
                worst = (diff, key_b.clone());
            }
        }
        eprintln!(
            "{name}: {} values, largest difference {:e} {}",
            binary.len(),
            worst.0,
            worst.1
        );
    }
}
