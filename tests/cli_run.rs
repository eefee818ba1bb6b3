//! End to end: `steppe run` on a shipped scenario writes every result file, complete and
//! consistent, atomically, and a second run replaces the first cleanly.

mod common;

use std::fs;
use std::path::Path;

use common::{entries, load, steppe};
use sha2::{Digest, Sha256};

const PNG_MAGIC: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
const POINTS: usize = 41;
const POWERS: usize = 3;
const STATES: usize = 5;
const DOMAINS: usize = 3;
const DRIVERS: usize = 7;
const RESOURCES: usize = 3;
const FIGURES: [&str; 4] = ["regional", "states", "domains", "drivers"];
const TABLES: [&str; 5] = [
    "timeseries.csv",
    "aggregates.csv",
    "drivers.csv",
    "resources.csv",
    "threat.csv",
];

/// Every file a single run writes.
fn expected_files() -> Vec<String> {
    let mut files: Vec<String> = TABLES.iter().map(|s| s.to_string()).collect();
    files.push("summary.json".into());
    files.push("summary.md".into());
    files.push(steppe::io::output::MARKER.into());
    for f in FIGURES {
        files.push(format!("{f}.png"));
        files.push(format!("{f}.svg"));
    }
    files.sort();
    files
}

fn run_freeze(out: &Path) {
    steppe(&[
        "run",
        "scenarios/ukraine-freeze.toml",
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
}

/// Header and data rows of a CSV file.
fn csv(dir: &Path, name: &str) -> (String, Vec<Vec<String>>) {
    let text = fs::read_to_string(dir.join(name)).unwrap();
    assert!(text.ends_with('\n'), "{name} ends with a newline");
    let mut lines = text.lines();
    let header = lines.next().expect("a header").to_string();
    (header, lines.map(split_csv).collect())
}

/// Fields of one CSV line, with `"..."` quoting (`""` for a quote inside).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().unwrap().push(c),
        }
    }
    assert!(!quoted, "unterminated quote in `{line}`");
    fields
}

fn check_table(dir: &Path, name: &str, header: &str, rows: usize) -> Vec<Vec<String>> {
    let (h, data) = csv(dir, name);
    assert_eq!(h, header, "{name} header");
    assert_eq!(data.len(), rows, "{name} row count");
    let columns = header.split(',').count();
    for r in &data {
        assert_eq!(r.len(), columns, "{name} row {r:?}");
    }
    // Every table covers every grid point in order, from 2025-01-01 (step 0) to 2035-01-01 (40).
    assert_eq!(&data[0][1..3], ["2025-01-01", "0"], "{name} first row");
    assert_eq!(
        &data[data.len() - 1][1..3],
        ["2035-01-01", "40"],
        "{name} last row"
    );
    let steps: Vec<usize> = data.iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(
        steps.windows(2).all(|w| w[0] <= w[1]),
        "{name} is in step order"
    );
    data
}

#[test]
fn run_writes_every_result_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("results");
    run_freeze(&out);
    let dir = out.join("ukraine-freeze");
    assert_eq!(entries(&dir), expected_files());

    // timeseries.csv: one row per point, power, state and domain; shares in [0, 1].
    let rows = check_table(
        &dir,
        "timeseries.csv",
        "scenario,date,step,power,state,domain,influence",
        POINTS * POWERS * STATES * DOMAINS,
    );
    for r in &rows {
        let v: f64 = r[6].parse().unwrap();
        assert!((0.0..=1.0).contains(&v), "influence {v} in {r:?}");
    }
    for (column, ids) in [
        (3, &["russia", "china", "us"][..]),
        (
            4,
            &[
                "kazakhstan",
                "kyrgyzstan",
                "tajikistan",
                "turkmenistan",
                "uzbekistan",
            ][..],
        ),
        (5, &["security", "economy", "politics"][..]),
    ] {
        for id in ids {
            let n = rows.iter().filter(|r| r[column] == *id).count();
            assert_eq!(n * ids.len(), rows.len(), "`{id}` in column {column}");
        }
    }

    // aggregates.csv: each power in the region and each state, overall and per domain.
    let metrics = POWERS * (1 + STATES) * (1 + DOMAINS);
    let aggregates = check_table(
        &dir,
        "aggregates.csv",
        "scenario,date,step,power,scope,domain,influence",
        POINTS * metrics,
    );
    check_table(
        &dir,
        "drivers.csv",
        "scenario,date,step,driver,unit,value",
        POINTS * DRIVERS,
    );
    check_table(
        &dir,
        "resources.csv",
        "scenario,date,step,power,quantity,unit,value",
        POINTS * POWERS * (RESOURCES + 1),
    );
    check_table(
        &dir,
        "threat.csv",
        "scenario,date,step,state,threat",
        POINTS * STATES,
    );

    // summary.json: provenance, metrics, crossovers.
    let loaded = load("ukraine-freeze");
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    let prov = &summary["provenance"];
    assert_eq!(prov["steppe_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(prov["seed"], loaded.scenario.seed);
    assert_eq!(prov["seed"], 20250101u64);
    let bytes = fs::read(common::repo().join("scenarios/ukraine-freeze.toml")).unwrap();
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(prov["sha256"], sha.as_str());
    let files = prov["files"].as_array().expect("provenance.files");
    assert!(
        files.len() >= 3,
        "scenario chain, world and evidence: {files:?}"
    );
    assert_eq!(files[0]["sha256"], sha.as_str());

    let ms = summary["metrics"].as_array().expect("metrics array");
    assert_eq!(ms.len(), metrics);
    for m in ms {
        for key in ["initial", "final", "peak"] {
            let v = m[key].as_f64().unwrap_or_else(|| panic!("{key} in {m}"));
            assert!((0.0..=1.0).contains(&v), "{key} of {m}");
        }
        assert!(m["peak"].as_f64() >= m["final"].as_f64(), "{m}");
        assert!(m["peak"].as_f64() >= m["initial"].as_f64(), "{m}");
    }
    // The summary's final value is the last row of aggregates.csv.
    let rrs = ms
        .iter()
        .find(|m| m["metric"] == "russia.region.security")
        .expect("russia.region.security in the summary");
    let last = aggregates
        .iter()
        .find(|r| r[2] == "40" && r[3] == "russia" && r[4] == "region" && r[5] == "security")
        .unwrap();
    assert_eq!(
        rrs["final"].as_f64().unwrap(),
        last[6].parse::<f64>().unwrap()
    );
    let crossovers = summary["crossovers"].as_array().expect("crossovers array");
    for c in crossovers {
        for key in ["date", "scope", "domain", "power", "overtakes"] {
            assert!(c[key].is_string(), "{key} in {c}");
        }
        assert_ne!(c["power"], c["overtakes"]);
    }

    // Figures: real PNGs and SVGs with the scenario title.
    for f in FIGURES {
        let png = fs::read(dir.join(format!("{f}.png"))).unwrap();
        assert_eq!(png[..8], PNG_MAGIC, "{f}.png magic");
        assert!(png.len() > 10_000, "{f}.png is only {} bytes", png.len());
        let svg = fs::read_to_string(dir.join(format!("{f}.svg"))).unwrap();
        assert!(svg.contains("<svg"), "{f}.svg");
        assert!(
            svg.contains(&loaded.scenario.title),
            "{f}.svg shows the title `{}`",
            loaded.scenario.title
        );
        assert!(svg.len() > 2_000, "{f}.svg is only {} bytes", svg.len());
    }

    // Nothing but the results folder: no staging leftovers.
    assert_eq!(entries(&out), ["ukraine-freeze"]);
}

#[test]
fn second_run_replaces_the_first_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    run_freeze(out);
    let dir = out.join("ukraine-freeze");
    let first: Vec<Vec<u8>> = expected_files()
        .iter()
        .map(|f| fs::read(dir.join(f)).unwrap())
        .collect();
    // A stray file in the old results must not survive: the folder is replaced, not merged.
    fs::write(dir.join("stray.txt"), "old").unwrap();
    fs::write(dir.join("timeseries.csv"), "truncated").unwrap();

    run_freeze(out);
    assert_eq!(entries(&dir), expected_files());
    for (f, bytes) in expected_files().iter().zip(&first) {
        assert_eq!(
            &fs::read(dir.join(f)).unwrap(),
            bytes,
            "{f} after the second run"
        );
    }
    assert_eq!(entries(out), ["ukraine-freeze"]);
}

#[test]
fn leftovers_of_an_interrupted_run_do_not_block_the_next() {
    // A run killed while writing leaves its staging folder (`.NAME.partial-*`), and one killed
    // while replacing earlier results leaves them beside it (`.NAME.partial-*.old`). The next run
    // must still succeed, write complete results and leave no staging folder of its own.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    run_freeze(out);
    let leftovers = [
        ".ukraine-freeze.partial-killed",
        ".ukraine-freeze.partial-killed.old",
    ];
    for l in leftovers {
        fs::create_dir_all(out.join(l)).unwrap();
        fs::write(out.join(l).join("timeseries.csv"), "stale").unwrap();
    }

    run_freeze(out);
    assert_eq!(entries(&out.join("ukraine-freeze")), expected_files());
    let staging: Vec<String> = entries(out)
        .into_iter()
        .filter(|e| e.contains(".partial-") && !leftovers.contains(&e.as_str()))
        .collect();
    assert!(staging.is_empty(), "staging leftovers: {staging:?}");
}

#[test]
fn run_of_several_scenarios_writes_each() {
    let tmp = tempfile::tempdir().unwrap();
    let r = steppe(&[
        "run",
        "scenarios/baseline.toml",
        "scenarios/us-return.toml",
        "--out",
        tmp.path().to_str().unwrap(),
        "--quiet",
    ]);
    r.expect_code(0);
    assert!(r.stdout.is_empty(), "--quiet prints nothing: {}", r.stdout);
    assert_eq!(entries(tmp.path()), ["baseline", "us-return"]);
    for name in ["baseline", "us-return"] {
        assert_eq!(entries(&tmp.path().join(name)), expected_files());
    }
}
