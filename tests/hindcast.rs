//! The hindcast: scores computed by hand on a small synthetic case (a world at rest, so the
//! model predicts the same value at every date), and the files of a hindcast of the shipped
//! replay.

mod common;
mod tiny;

use std::collections::HashMap;

use common::{Workspace, entries, steppe_in};

/// The rows of a CSV file as maps from column to field.
fn csv_rows(text: &str) -> Vec<HashMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split(','))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn num(row: &HashMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key} = {:?}", row[key]))
}

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() < 1e-9, "{what}: {a} against {b} by hand");
}

#[test]
fn scores_match_a_hand_computation() {
    let dir = tempfile::tempdir().unwrap();
    let points = [
        ("2016-07-01", 30.0),
        ("2017-07-01", 34.0),
        ("2018-07-01", 35.0),
        ("2019-07-01", 41.0),
    ];
    tiny::write(
        dir.path(),
        &tiny::world((0.5, 0.5, 0.5), (0.3, 0.3, 0.3), 0.3),
        false,
        &tiny::observed(&points, 2.0),
        &tiny::rules("2018-01-01"),
    );
    let r = steppe_in(
        dir.path(),
        &[
            "hindcast",
            "replay.toml",
            "--rules",
            "rules.toml",
            "--runs",
            "20",
            "--out",
            "out",
        ],
    );
    r.expect_code(0);
    let out = dir.path().join("out/hindcast-replay");
    let rows = csv_rows(&std::fs::read_to_string(out.join("scores.csv")).unwrap());
    let get = |series: &str, period: &str| {
        rows.iter()
            .find(|r| r["series"] == series && r["period"] == period)
            .unwrap_or_else(|| panic!("no row {series} {period}"))
            .clone()
    };
    // The world is at rest: the model predicts 30 at every date. Errors 0, 4, 5, 11; the
    // no-change forecast's 4, 1, 6; the trend's (from two and three earlier points, a year of
    // 365 days apart) 3 and 3.
    let all = get("s-a-share", "all");
    close(num(&all, "n"), 4.0, "n");
    close(num(&all, "rmse"), (162.0f64 / 4.0).sqrt(), "rmse");
    close(num(&all, "mae"), 5.0, "mae");
    close(
        num(&all, "rmse_no_change"),
        (53.0f64 / 3.0).sqrt(),
        "rmse of no change",
    );
    close(
        num(&all, "skill_no_change"),
        1.0 - 162.0 / 53.0,
        "skill vs no change",
    );
    close(num(&all, "rmse_trend"), 3.0, "rmse of the trend");
    close(
        num(&all, "skill_trend"),
        1.0 - 146.0 / 18.0,
        "skill vs trend",
    );
    close(num(&all, "directions_right"), 0.0, "directions");
    // Changes: the model's 0, -4, -5 against 4, 1, 6.
    let (m, o) = ([0.0, -4.0, -5.0], [4.0, 1.0, 6.0]);
    let mean = |v: &[f64]| v.iter().sum::<f64>() / 3.0;
    let (mm, mo) = (mean(&m), mean(&o));
    let cov: f64 = m.iter().zip(&o).map(|(a, b)| (a - mm) * (b - mo)).sum();
    let var = |v: &[f64], c: f64| v.iter().map(|a| (a - c).powi(2)).sum::<f64>();
    close(
        num(&all, "change_correlation"),
        cov / (var(&m, mm) * var(&o, mo)).sqrt(),
        "correlation of changes",
    );
    // In-sample (before 2018): 30 and 34; out-of-sample: 35 and 41.
    let ins = get("s-a-share", "in-sample");
    close(num(&ins, "rmse"), 8.0f64.sqrt(), "in-sample rmse");
    close(num(&ins, "skill_no_change"), 0.0, "in-sample skill");
    let out_s = get("s-a-share", "out-of-sample");
    close(num(&out_s, "rmse"), 73.0f64.sqrt(), "out-of-sample rmse");
    close(
        num(&out_s, "skill_no_change"),
        1.0 - 146.0 / 37.0,
        "out-of-sample skill",
    );
    close(
        num(&out_s, "skill_trend"),
        1.0 - 146.0 / 18.0,
        "out-of-sample trend skill",
    );
    // Pooled rows are in standard errors (2): the RMSE halves, skills do not change.
    let pooled = get("all series", "all");
    close(
        num(&pooled, "rmse"),
        (162.0f64 / 4.0).sqrt() / 2.0,
        "standardised rmse",
    );
    close(
        num(&pooled, "skill_no_change"),
        1.0 - 162.0 / 53.0,
        "pooled skill",
    );
    let series = std::fs::read_to_string(out.join("series.csv")).unwrap();
    assert_eq!(series.lines().count(), 5, "{series}");
}

#[test]
fn a_hindcast_of_the_replay_writes_tables_and_figures() {
    let ws = Workspace::new();
    let r = ws.steppe(&["hindcast", "--runs", "40", "--out", "out"]);
    r.expect_code(0);
    assert!(r.stdout.contains("out-of-sample"), "{}", r.stdout);
    assert!(r.stdout.contains("landing on 2025-01-01"), "{}", r.stdout);
    let files = entries(&ws.file("out/hindcast-history"));
    for f in [
        "scores.csv",
        "series.csv",
        "bands.csv",
        "landing.csv",
        "unscored.csv",
        "hindcast.json",
        "summary.md",
        "scorecard.png",
        "scorecard.svg",
        "landing.png",
        "series-region-trade-china-share.png",
    ] {
        assert!(files.contains(&f.to_string()), "{f} missing: {files:?}");
    }
    let landing = ws.read("out/hindcast-history/landing.csv");
    assert_eq!(landing.lines().count(), 46, "one row per cell");
    let json = ws.read("out/hindcast-history/hindcast.json");
    assert!(
        json.contains("rules.toml") && json.contains("observed.toml"),
        "{json}"
    );
    assert!(json.contains("world-2014.toml"), "the snapshot is an input");
}
