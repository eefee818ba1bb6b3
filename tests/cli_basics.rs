//! The command line itself: help, version, `list`, and bad subcommands or flags.

mod common;

use common::{SCENARIOS, steppe};

const POWERS: [&str; 3] = ["russia", "china", "us"];
const STATES: [&str; 5] = [
    "kazakhstan",
    "kyrgyzstan",
    "tajikistan",
    "turkmenistan",
    "uzbekistan",
];
const DOMAINS: [&str; 3] = ["security", "economy", "politics"];
const DRIVERS: [&str; 7] = [
    "oil_price",
    "sanctions_on_russia",
    "ukraine_war",
    "us_engagement",
    "china_growth",
    "afghan_instability",
    "us_china_tension",
];

/// The ids listed (first word of each indented line) under `heading` in `steppe list` output.
fn section<'a>(stdout: &'a str, heading: &str) -> Vec<&'a str> {
    let mut lines = stdout.lines().skip_while(|l| !l.starts_with(heading));
    assert!(
        lines.next().is_some(),
        "no `{heading}` section in:\n{stdout}"
    );
    lines
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect()
}

#[test]
fn help_lists_the_subcommands() {
    let r = steppe(&["--help"]);
    r.expect_code(0);
    for sub in ["run", "validate", "list", "explain", "check"] {
        assert!(
            r.stdout.lines().any(|l| l.trim_start().starts_with(sub)),
            "`{sub}` missing from --help:\n{}",
            r.stdout
        );
    }
    let r = steppe(&["run", "--help"]);
    r.expect_code(0);
    for flag in ["--seed", "--out", "--no-noise", "--quiet"] {
        assert!(r.stdout.contains(flag), "`{flag}` missing:\n{}", r.stdout);
    }
}

#[test]
fn version_is_the_crate_version() {
    let r = steppe(&["--version"]);
    r.expect_code(0);
    assert_eq!(
        r.stdout.trim(),
        format!("steppe {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn list_shows_scenarios_actors_domains_and_drivers() {
    let r = steppe(&["list"]);
    r.expect_code(0);
    assert_eq!(section(&r.stdout, "Scenarios"), SCENARIOS);
    assert!(
        !r.stdout.contains("does not validate"),
        "a shipped scenario does not validate:\n{}",
        r.stdout
    );
    // Titles come from the files.
    for name in SCENARIOS {
        let title = common::load(name).scenario.title;
        assert!(r.stdout.contains(&title), "title of {name}:\n{}", r.stdout);
    }
    assert_eq!(section(&r.stdout, "Powers"), POWERS);
    assert_eq!(section(&r.stdout, "States"), STATES);
    assert_eq!(section(&r.stdout, "Domains"), DOMAINS);
    assert_eq!(section(&r.stdout, "Drivers"), DRIVERS);
}

#[test]
fn list_params_shows_every_parameter_path() {
    let r = steppe(&["list", "--params"]);
    r.expect_code(0);
    let paths: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(paths.contains(&"russia.commitments"), "{}", r.stdout);
    let world = common::load("baseline").world;
    let expected: Vec<&str> = world.params.paths().collect();
    assert_eq!(paths, expected);
    for d in DRIVERS {
        assert!(paths.contains(&d), "driver `{d}` is a parameter path");
    }
}

#[test]
fn list_from_another_folder_names_the_missing_world() {
    let tmp = tempfile::tempdir().unwrap();
    let r = common::steppe_in(tmp.path(), &["list"]);
    r.expect_code(2);
    assert!(r.stderr.contains("seeds/world.toml"), "{}", r.stderr);
}

#[test]
fn unknown_subcommand_or_flag_is_bad_input() {
    // Run in a scratch folder with an absolute scenario path, so that an accepted command line
    // could not write into the repository; the scenario itself is fine.
    let tmp = tempfile::tempdir().unwrap();
    let scenario = common::repo().join("scenarios/baseline.toml");
    let scenario = scenario.to_str().unwrap();
    for args in [
        &["frobnicate"][..],
        &["run", "--frobnicate", scenario],
        &["list", "--everything"],
        &["run"],
        &["run", scenario, "--seed", "abc"],
        &["run", scenario, "--seed", "-1"],
        &[],
    ] {
        let r = common::steppe_in(tmp.path(), args);
        assert_eq!(r.code, Some(2), "steppe {args:?}:\n{}", r.stderr);
        r.no_panic();
        assert!(!r.stderr.is_empty(), "steppe {args:?} says why");
        assert!(
            common::entries(tmp.path()).is_empty(),
            "steppe {args:?} wrote something"
        );
    }
    // The same scenario with valid flags runs.
    common::steppe_in(tmp.path(), &["run", scenario, "--quiet", "--seed", "3"]).expect_code(0);
    assert_eq!(common::entries(&tmp.path().join("output")), ["baseline"]);
}

#[test]
fn validate_recognises_evidence_files() {
    let r = steppe(&[
        "validate",
        "seeds/claims.toml",
        "seeds/facts.toml",
        "seeds/sources.toml",
    ]);
    r.expect_code(0);
    let claims = std::fs::read_to_string(common::repo().join("seeds/claims.toml"))
        .expect("seeds/claims.toml reads")
        .matches("[[claim]]")
        .count();
    assert!(
        r.stdout
            .contains(&format!("seeds/claims.toml: evidence: {claims} claims")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("5 sources"), "{}", r.stdout);
}

#[test]
fn explain_a_scenario() {
    let r = steppe(&["explain", "russia-stagnation"]);
    r.expect_code(0);
    assert!(
        r.stdout.contains("scenario Russian economic stagnation"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("russia.growth.military = -0.02"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("C28 (A1"), "{}", r.stdout);
    let r = steppe(&["explain", "ukraine-freeze"]);
    assert!(
        r.stdout.contains("ukraine_war ramp to 0.1 by 2027-01-01"),
        "{}",
        r.stdout
    );
}
