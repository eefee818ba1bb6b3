//! `--set PATH=VALUE`, `--start` and `--end` on `run`, `compare` and `check`: the same results as
//! the same change written in a scenario file, byte for byte; the change recorded in the
//! provenance; and bad arguments named, with exit code 2 and nothing written.

mod common;

use common::{Run, Workspace, entries};

/// The changes `SET` makes, written in a scenario file after `extends` (and title, which is not
/// inherited).
const CHANGES: &str = r#"
[run]
end = 2032-01-01

[override]
"russia.commitments" = 0.4
"china.priority" = { value = 0.25, low = 0.2, high = 0.3 }
"agents.crisis_opinion" = 1.5
"relation.russia.china.restraint" = { value = 0.3, low = 0.2, high = 0.5, grade = "claim" }
"#;

/// The agents' parameters and an evidence grade go through `--set` like any other.
const SET: [&str; 10] = [
    "--set",
    "russia.commitments=0.4",
    "--set",
    "china.priority={value=0.25,low=0.2,high=0.3}",
    "--set",
    "agents.crisis_opinion=1.5",
    "--set",
    "relation.russia.china.restraint={value=0.3,low=0.2,high=0.5,grade=\"claim\"}",
    "--end",
    "2032-01-01",
];

fn csv_files(ws: &Workspace, dir: &str) -> Vec<(String, Vec<u8>)> {
    entries(&ws.file(dir))
        .into_iter()
        .filter(|f| f.ends_with(".csv"))
        .map(|f| {
            let bytes = std::fs::read(ws.file(dir).join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn same_csv(ws: &Workspace, a: &str, b: &str) {
    let (x, y) = (csv_files(ws, a), csv_files(ws, b));
    assert!(!x.is_empty(), "no CSV in {a}");
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&x), names(&y));
    for ((f, p), (_, q)) in x.iter().zip(&y) {
        assert!(p == q, "{f} differs between {a} and {b}");
    }
}

/// Writes `edited/NAME.toml`: the shipped scenario with the changes, under the same file stem
/// (so that folders and tables name the same scenario).
fn edited(ws: &Workspace, name: &str) -> String {
    let title = ws
        .read(&format!("scenarios/{name}.toml"))
        .lines()
        .find(|l| l.starts_with("title = "))
        .unwrap()
        .to_string();
    let rel = format!("edited/{name}.toml");
    ws.write(
        &rel,
        &format!("{title}\nextends = \"../scenarios/{name}.toml\"\n{CHANGES}"),
    );
    rel
}

#[test]
fn set_gives_the_same_csv_as_the_same_override_in_a_file() {
    let ws = Workspace::new();
    let base = edited(&ws, "baseline");
    let freeze = edited(&ws, "ukraine-freeze");
    for runs in [None, Some("40")] {
        let mut file_args = vec!["run", base.as_str(), "--out", "file", "-q"];
        let mut set_args = vec!["run", "scenarios/baseline.toml", "--out", "set", "-q"];
        if let Some(n) = runs {
            file_args.extend(["--runs", n]);
            set_args.extend(["--runs", n]);
        }
        set_args.extend(SET);
        ws.steppe(&file_args).expect_code(0);
        ws.steppe(&set_args).expect_code(0);
        same_csv(&ws, "file/baseline", "set/baseline");
        let summary = ws.read("set/baseline/summary.json");
        assert!(
            summary.contains("\"--set russia.commitments=0.4\"")
                && summary.contains("\"--end 2032-01-01\""),
            "the overrides are not in the provenance:\n{summary}"
        );
        assert!(
            !ws.read("file/baseline/summary.json")
                .contains("\"overrides\"")
        );
        // The members' draws, their attribution and the grades it shows are the same too.
        let attribution = |dir: &str| {
            let v: serde_json::Value =
                serde_json::from_str(&ws.read(&format!("{dir}/baseline/summary.json"))).unwrap();
            v.get("attribution").cloned()
        };
        assert_eq!(attribution("file"), attribution("set"));
        assert_eq!(attribution("set").is_some(), runs.is_some());
    }
    // Compare: every scenario gets the change, the baseline too.
    let compare = |a: &str, b: &str, out: &str, extra: &[&str]| {
        let mut args = vec!["compare", a, b, "--runs", "30", "--out", out, "-q"];
        args.extend_from_slice(extra);
        ws.steppe(&args).expect_code(0);
    };
    compare(&base, &freeze, "file", &[]);
    compare(
        "scenarios/baseline.toml",
        "scenarios/ukraine-freeze.toml",
        "set",
        &SET,
    );
    same_csv(
        &ws,
        "file/compare-baseline-ukraine-freeze",
        "set/compare-baseline-ukraine-freeze",
    );
}

fn rejected(r: &Run, ws: &Workspace, words: &[&str]) {
    r.expect_code(2);
    for w in words {
        assert!(r.stderr.contains(w), "expected `{w}` in:\n{}", r.stderr);
    }
    assert!(
        entries(&ws.file("out")).is_empty(),
        "bad input wrote something"
    );
}

#[test]
fn bad_set_arguments_are_named_and_write_nothing() {
    let ws = Workspace::new();
    let run = |extra: &[&str]| {
        let mut args = vec!["run", "scenarios/baseline.toml", "--out", "out"];
        args.extend_from_slice(extra);
        ws.steppe(&args)
    };
    rejected(
        &run(&["--set", "rusia.commitments=0.4"]),
        &ws,
        &[
            "--set rusia.commitments=0.4: unknown parameter `rusia.commitments`",
            "did you mean `russia.commitments`?",
        ],
    );
    rejected(
        &run(&["--set", "russia.commitments=1.5"]),
        &ws,
        &[
            "--set russia.commitments=1.5",
            "must lie in [0, 0.99]; found 1.5",
        ],
    );
    rejected(
        &run(&["--set", "russia.commitments"]),
        &ws,
        &["--set russia.commitments", "expected PATH=VALUE"],
    );
    rejected(
        &run(&["--set", "russia.commitments=lots"]),
        &ws,
        &["`lots` is not a parameter value"],
    );
    rejected(
        &run(&["--end", "2024-06-01"]),
        &ws,
        &[
            "--end 2024-06-01",
            "the run must end at least one quarter after it starts",
        ],
    );
    rejected(
        &run(&["--start", "2025-02-30"]),
        &ws,
        &["--start 2025-02-30", "not a date"],
    );
    // The same check on compare and check, reported once for all scenarios.
    let r = ws.steppe(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/ukraine-freeze.toml",
        "--set",
        "rusia.commitments=0.4",
        "--out",
        "out",
    ]);
    rejected(&r, &ws, &["did you mean `russia.commitments`?"]);
    assert_eq!(
        r.stderr.matches("unknown parameter").count(),
        1,
        "{}",
        r.stderr
    );
    let r = ws.steppe(&[
        "check",
        "scenarios/ukraine-freeze.toml",
        "--set",
        "russia.commitments=-1",
    ]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("--set russia.commitments=-1"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_applies_set_to_the_scenarios_it_compares_with() {
    let ws = Workspace::new();
    let r = ws.steppe(&[
        "check",
        "scenarios/ukraine-freeze.toml",
        "--runs",
        "20",
        "--set",
        "russia.commitments=0.5",
    ]);
    r.no_panic();
    assert!(r.code == Some(0) || r.code == Some(1), "{}", r.stderr);
    assert!(r.stdout.contains("ukraine-freeze"), "{}", r.stdout);
}
