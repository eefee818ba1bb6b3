//! The rough edges a new user hit (issue 8), items 7-13, one test per item, each driving the
//! real binary: comparisons that pick and check their baseline, scenarios by name from any
//! folder, plain messages, and tidy tables with a `scenario` column everywhere. Items 1-6 are in
//! `rough_edges.rs`.

mod common;

use std::fs;
use std::path::Path;

use common::{Workspace, entries, steppe};
use steppe::io::output::MARKER;

/// A path as a command-line argument.
fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

// Item 7: worlds are compared by content, not by the path text; different dates are told so.
#[test]
fn compare_tells_worlds_by_content_and_names_different_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let r = steppe(&[
        "compare",
        "scenarios/baseline.toml",
        "./scenarios/ukraine-freeze.toml",
        "--runs",
        "4",
        "-q",
        "--out",
        arg(tmp.path()),
    ]);
    r.expect_code(0);

    let ws = Workspace::new();
    ws.write(
        "scenarios/short.toml",
        "extends = \"baseline.toml\"\n[run]\nend = 2030-01-01\n",
    );
    let r = ws.steppe(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/short.toml",
        "--runs",
        "4",
    ]);
    r.expect_code(2);
    assert!(
        r.stderr.contains(
            "runs from 2025-01-01 to 2030-01-01 in quarter steps, the baseline `baseline` from 2025-01-01 to 2035-01-01"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("different world"), "{}", r.stderr);
}

// Item 8: the baseline is --baseline, else baseline.toml, else the first; the output says which.
// `steppe compare scenarios/*.toml` works as it is.
#[test]
fn compare_picks_baseline_toml_as_the_baseline() {
    let tmp = tempfile::tempdir().unwrap();
    // What the shell's `scenarios/*.toml` gives: every future (the replays are in scenarios/past/).
    let mut all: Vec<String> = common::entries(&common::repo().join("scenarios"))
        .into_iter()
        .filter(|f| f.ends_with(".toml"))
        .map(|f| format!("scenarios/{f}"))
        .collect();
    assert!(all.len() >= 12, "{all:?}");
    all.sort();
    let mut args: Vec<&str> = vec!["compare", "--runs", "2", "--out", arg(tmp.path())];
    args.extend(all.iter().map(String::as_str));
    let r = steppe(&args);
    r.expect_code(0);
    assert!(
        r.stdout
            .contains("baseline: `baseline` (the file named baseline.toml)"),
        "{}",
        r.stdout
    );
    let r = steppe(&[
        "compare",
        "scenarios/ukraine-freeze.toml",
        "scenarios/us-return.toml",
        "--runs",
        "2",
        "--out",
        arg(tmp.path()),
    ]);
    r.expect_code(0);
    assert!(
        r.stdout
            .contains("baseline: `ukraine-freeze` (the first scenario given"),
        "{}",
        r.stdout
    );
}

// Item 9: a run says when it replaces an earlier result and what that was; the header says when
// noise is off.
#[test]
fn a_run_says_what_earlier_result_it_replaces() {
    let tmp = tempfile::tempdir().unwrap();
    let out = arg(tmp.path());
    let first = steppe(&["run", "scenarios/baseline.toml", "--out", out]);
    first.expect_code(0);
    assert!(!first.stdout.contains("replaced"), "{}", first.stdout);
    let r = steppe(&["run", "scenarios/baseline.toml", "--no-noise", "--out", out]);
    r.expect_code(0);
    assert!(
        r.stdout.contains("seed 20250101, noise off:"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("replaced the earlier result there: seed 20250101, a single run, noise on"),
        "{}",
        r.stdout
    );
    let r = steppe(&[
        "run",
        "scenarios/baseline.toml",
        "--runs",
        "3",
        "--seed",
        "7",
        "--out",
        out,
    ]);
    r.expect_code(0);
    assert!(
        r.stdout
            .contains("replaced the earlier result there: seed 20250101, a single run, noise off"),
        "{}",
        r.stdout
    );
}

// Item 12: `--runs 1` is a one-member ensemble, and the output says so.
#[test]
fn runs_1_is_noted_as_a_one_member_ensemble() {
    let tmp = tempfile::tempdir().unwrap();
    let r = steppe(&[
        "run",
        "scenarios/baseline.toml",
        "--runs",
        "1",
        "--out",
        arg(tmp.path()),
    ]);
    r.expect_code(0);
    assert!(r.stdout.contains(", 1 member:"), "{}", r.stdout);
    assert!(
        r.stdout.contains("note: --runs 1 is a one-member ensemble"),
        "{}",
        r.stdout
    );
}

// Item 10: bare scenario names, suggestions for misspelt ones, and commands from any folder of
// the project (or a plain message outside it).
#[test]
fn scenarios_by_name_from_any_folder_of_the_project() {
    let ws = Workspace::new();
    ws.steppe(&["run", "ukraine-freeze", "--out", "out", "-q"])
        .expect_code(0);
    assert!(ws.file("out/ukraine-freeze").join(MARKER).is_file());
    let r = ws.steppe(&["run", "ukraine-freez", "--out", "out"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("did you mean `ukraine-freeze`"),
        "{}",
        r.stderr
    );
    let r = ws.steppe(&["explain", "ukraine-freez"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("did you mean `ukraine-freeze`"),
        "{}",
        r.stderr
    );

    let sub = ws.file("scenarios");
    let r = common::steppe_in(&sub, &["list"]);
    r.expect_code(0);
    assert!(r.stdout.contains("ukraine-freeze"), "{}", r.stdout);
    common::steppe_in(&sub, &["explain", "russia.commitments"]).expect_code(0);
    common::steppe_in(&sub, &["explain", "ukraine-freeze"]).expect_code(0);

    let elsewhere = tempfile::tempdir().unwrap();
    let r = common::steppe_in(elsewhere.path(), &["list"]);
    r.expect_code(2);
    assert!(
        r.stderr
            .contains("no `seeds/world.toml` in this folder or any folder above it"),
        "{}",
        r.stderr
    );
}

// Item 11: negative numbers, --out at a file, non-UTF-8 files and grammar get plain messages.
#[test]
fn plain_messages_for_negative_numbers_files_bytes_and_counts() {
    let r = steppe(&["run", "scenarios/baseline.toml", "--runs", "-5"]);
    r.expect_code(2);
    assert!(r.stderr.contains("`-5` is negative"), "{}", r.stderr);
    assert!(!r.stderr.contains("-- -5"), "{}", r.stderr);

    let ws = Workspace::new();
    ws.write("results", "a file");
    let r = ws.steppe(&["run", "scenarios/baseline.toml", "--out", "results"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("it is a file, not a folder"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);

    let mut bytes = b"title = \"x\"\nnote\xff = 1\n".to_vec();
    bytes.extend_from_slice(b"extends = \"baseline.toml\"\n");
    fs::write(ws.file("scenarios/latin1.toml"), bytes).unwrap();
    let r = ws.steppe(&["validate", "scenarios/latin1.toml"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("byte 0xff at line 2, column 5"),
        "{}",
        r.stderr
    );

    ws.write(
        "scenarios/one.toml",
        "extends = \"baseline.toml\"\n[[event]]\ndate = 2026-01-01\ntarget = \"oil_price\"\nset = 90\n",
    );
    let r = ws.steppe(&["validate", "scenarios/one.toml"]);
    r.expect_code(0);
    assert!(
        r.stdout.contains(": 1 event, 0 expectations,"),
        "{}",
        r.stdout
    );
    let r = ws.steppe(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/us-return.toml",
        "--runs",
        "1",
        "--out",
        "out",
    ]);
    r.expect_code(0);
    assert!(r.stdout.contains("1 member per scenario"), "{}", r.stdout);
    let svg = ws.read("out/compare-baseline-us-return/overlay-states-us.svg");
    // SVG writes the apostrophe as an entity.
    let title = svg.replace("&apos;", "'").replace("&#39;", "'");
    assert!(
        title.contains("United States' influence by state"),
        "possessive in the title"
    );
    assert!(!title.contains("States's"));
}

/// The header line of a CSV file.
fn header(path: &Path) -> String {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

// Item 13: one long layout with a `scenario` column everywhere, the same names for the same
// meaning, and members' drawn parameter values next to their trajectories.
#[test]
fn every_table_is_long_with_a_scenario_column_and_members_carry_their_parameters() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    steppe(&[
        "run",
        "scenarios/baseline.toml",
        "-q",
        "--out",
        arg(&out.join("single")),
    ])
    .expect_code(0);
    steppe(&[
        "run",
        "scenarios/baseline.toml",
        "--runs",
        "5",
        "--keep-members",
        "-q",
        "--out",
        arg(&out.join("ensemble")),
    ])
    .expect_code(0);
    steppe(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/us-return.toml",
        "--runs",
        "5",
        "-q",
        "--out",
        arg(&out.join("compare")),
    ])
    .expect_code(0);
    let single = out.join("single/baseline");
    let ensemble = out.join("ensemble/baseline");
    let compare = out.join("compare/compare-baseline-us-return");
    let stats = "mean,p05,p25,p50,p75,p95";
    let differences = "difference_mean,difference_p05,difference_p25,difference_p50,difference_p75,difference_p95";
    for (file, expected) in [
        (
            single.join("aggregates.csv"),
            "scenario,date,step,power,scope,domain,influence".to_string(),
        ),
        (
            ensemble.join("aggregates.csv"),
            format!("scenario,date,step,power,scope,domain,{stats}"),
        ),
        (
            compare.join("aggregates.csv"),
            format!("scenario,date,step,power,scope,domain,{stats}"),
        ),
        (
            single.join("drivers.csv"),
            "scenario,date,step,driver,unit,value".to_string(),
        ),
        (
            ensemble.join("drivers.csv"),
            format!("scenario,date,step,driver,unit,{stats}"),
        ),
        (
            ensemble.join("members.csv"),
            "scenario,member,date,step,power,state,domain,influence".to_string(),
        ),
        (
            ensemble.join("members-parameters.csv"),
            "scenario,member,parameter,value".to_string(),
        ),
        (
            compare.join("differences.csv"),
            format!(
                "scenario,baseline,date,step,power,scope,domain,{differences},share_above_baseline"
            ),
        ),
        (
            compare.join("comparison.csv"),
            format!(
                "scenario,baseline,date,step,power,scope,domain,{stats},{differences},share_above_baseline"
            ),
        ),
    ] {
        assert_eq!(header(&file), expected, "{}", file.display());
    }
    for dir in [&single, &ensemble, &compare] {
        for f in entries(dir).iter().filter(|f| f.ends_with(".csv")) {
            assert!(header(&dir.join(f)).starts_with("scenario,"), "{f}");
        }
    }

    // Every member has a value of every uncertain parameter, within its range.
    let l = common::load("baseline");
    let uncertain: Vec<_> = l
        .scenario
        .params
        .iter()
        .filter(|p| p.is_uncertain())
        .collect();
    let text = fs::read_to_string(ensemble.join("members-parameters.csv")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|r| r.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 5 * uncertain.len());
    for (j, r) in rows.iter().enumerate() {
        let p = uncertain[j % uncertain.len()];
        assert_eq!(r[0], "baseline");
        assert_eq!(r[1], (j / uncertain.len()).to_string());
        assert_eq!(r[2], p.path);
        let v: f64 = r[3].parse().unwrap();
        assert!(
            v >= p.low - 1e-12 && v <= p.high + 1e-12,
            "{r:?} outside [{}, {}]",
            p.low,
            p.high
        );
    }
    let first: Vec<&str> = rows
        .iter()
        .filter(|r| r[2] == uncertain[0].path)
        .map(|r| r[3])
        .collect();
    assert!(
        first.windows(2).any(|w| w[0] != w[1]),
        "members draw different values: {first:?}"
    );
}
