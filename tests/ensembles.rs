//! Ensembles, shards, comparisons: thread-count independence, shard-and-merge equality, common
//! random numbers, quantile accuracy, and bad input, through the library and the real binary.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::tree;
use steppe::ensemble::Ensemble;
use steppe::ensemble::aggregate::Aggregate;
use steppe::io::load::{Loaded, load_scenario};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scenario(name: &str) -> Loaded {
    load_scenario(&root().join("scenarios").join(format!("{name}.toml")))
        .expect("shipped scenario loads")
}

fn steppe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steppe"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn pool(n: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .expect("thread pool")
}

#[test]
fn statistics_do_not_depend_on_thread_count() {
    let l = scenario("ukraine-freeze");
    let ensemble = Ensemble::new(&l.world, vec![&l.scenario], 11).expect("ensemble");
    let one = pool(1)
        .install(|| ensemble.aggregate(0..300, None, &|_| {}))
        .expect("runs");
    let four = pool(4)
        .install(|| ensemble.aggregate(0..300, None, &|_| {}))
        .expect("runs");
    assert_eq!(one, four);
    assert_eq!(one.scenarios[0].members(), 300);
}

#[test]
fn binary_output_does_not_depend_on_thread_count() {
    let (a, b) = (tmp(), tmp());
    let run = |out: &Path, threads: &str| {
        let o = steppe(&[
            "run",
            "scenarios/baseline.toml",
            "--runs",
            "400",
            "--threads",
            threads,
            "--out",
            s(out),
            "-q",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    run(a.path(), "1");
    run(b.path(), "3");
    assert_eq!(tree(a.path()), tree(b.path()));
}

#[test]
fn shards_merge_into_exactly_the_single_machine_result() {
    let (whole, parts, merged) = (tmp(), tmp(), tmp());
    let o = steppe(&[
        "run",
        "scenarios/oil-price-rise.toml",
        "--runs",
        "500",
        "--out",
        s(whole.path()),
        "-q",
    ]);
    assert!(o.status.success());
    for k in ["2/3", "1/3", "3/3"] {
        let o = steppe(&[
            "run",
            "scenarios/oil-price-rise.toml",
            "--runs",
            "500",
            "--shard",
            k,
            "--out",
            s(parts.path()),
            "-q",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let mut files: Vec<String> = fs::read_dir(parts.path())
        .expect("parts")
        .map(|e| e.expect("entry").path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files.reverse(); // merge order must not matter
    assert_eq!(files.len(), 3);
    let mut args = vec!["merge", "--out", s(merged.path()), "-q"];
    args.extend(files.iter().map(String::as_str));
    let o = steppe(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (a, b) = (tree(whole.path()), tree(merged.path()));
    assert!(!a.is_empty());
    assert_eq!(a, b, "merged shards differ from the single-machine result");
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    let l = scenario("afghan-spillover");
    let ensemble = Ensemble::new(&l.world, vec![&l.scenario, &l.scenario], 5).expect("ensemble");
    let stats = ensemble.aggregate(0..100, Some(0), &|_| {}).expect("runs");
    let d = stats.differences[1]
        .as_ref()
        .expect("differences of the second scenario");
    for i in 0..d.stats.len() {
        assert_eq!(d.stats.mean(i), 0.0);
        assert_eq!(d.stats.quantile(i, 0.05), 0.0);
        assert_eq!(d.stats.quantile(i, 0.95), 0.0);
    }
    assert!(d.above.iter().all(|&c| c == 0));
    assert_eq!(stats.scenarios[0], stats.scenarios[1]);
}

#[test]
fn paired_members_share_their_random_numbers() {
    // With common random numbers, a scenario that only changes things from 2026 matches the
    // baseline exactly before then, member by member.
    let base = scenario("baseline");
    let freeze = scenario("ukraine-freeze");
    let ensemble =
        Ensemble::new(&base.world, vec![&base.scenario, &freeze.scenario], 9).expect("ensemble");
    let first_event = freeze.scenario.events[0].point;
    let mismatches = ensemble
        .fold(
            0..50,
            &|_| {},
            || 0usize,
            |acc, m| {
                let n = ensemble.layout.points;
                for i in 0..ensemble.layout.metrics.len() {
                    for t in 0..=first_event {
                        if m.metrics[0][i * n + t] != m.metrics[1][i * n + t] {
                            *acc += 1;
                        }
                    }
                }
            },
            |a, b| *a += b,
        )
        .expect("runs");
    assert_eq!(mismatches, 0);
}

#[test]
fn quantiles_match_an_exact_computation() {
    let l = scenario("baseline");
    let ensemble = Ensemble::new(&l.world, vec![&l.scenario], 3).expect("ensemble");
    let n = ensemble.layout.points;
    let members = 157;
    let stats = ensemble.aggregate(0..members, None, &|_| {}).expect("runs");
    let mut values = ensemble
        .fold(
            0..members,
            &|_| {},
            Vec::new,
            |acc, m| acc.push(m.metrics[0].clone()),
            |a, mut b| a.append(&mut b),
        )
        .expect("runs");
    values.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let agg = &stats.scenarios[0].influence;
    for series in [0, n - 1, 5 * n + 17, agg.len() - 1] {
        let mut v: Vec<f64> = values.iter().map(|m| m[series]).collect();
        v.sort_by(f64::total_cmp);
        for q in [0.05, 0.25, 0.5, 0.75, 0.95] {
            let k = ((q * v.len() as f64).ceil() as usize).clamp(1, v.len());
            let exact = v[k - 1];
            let err = (agg.quantile(series, q) - exact).abs();
            assert!(
                err <= agg.resolution(series),
                "series {series} q {q}: {err} > {}",
                agg.resolution(series)
            );
        }
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        assert!((agg.mean(series) - mean).abs() < 1e-9);
    }
}

#[test]
fn compare_writes_table_and_plots() {
    let out = tmp();
    let o = steppe(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/ukraine-freeze.toml",
        "scenarios/sanctions-lifted.toml",
        "--runs",
        "60",
        "--out",
        s(out.path()),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = out
        .path()
        .join("compare-baseline-ukraine-freeze-sanctions-lifted");
    let md = fs::read_to_string(dir.join("comparison.md")).expect("markdown table");
    assert!(md.contains("| metric | baseline | ukraine-freeze | sanctions-lifted |"));
    assert!(md.contains("russia.region.security"));
    let csv = fs::read_to_string(dir.join("comparison.csv")).expect("csv table");
    let freeze_row = csv
        .lines()
        .find(|l| {
            l.starts_with("ukraine-freeze,baseline,") && l.contains(",40,russia,region,security,")
        })
        .expect("row for the freeze");
    let share: f64 = freeze_row
        .rsplit(',')
        .next()
        .expect("share")
        .parse()
        .expect("number");
    assert!(
        share > 0.9,
        "the freeze should raise Russia's security influence in most members: {share}"
    );
    for stem in [
        "overlay",
        "overlay-security",
        "difference",
        "difference-economy",
        "overlay-states-russia",
    ] {
        let png = fs::read(dir.join(format!("{stem}.png"))).expect("png");
        assert!(
            png.starts_with(b"\x89PNG") && png.len() > 10_000,
            "{stem}.png"
        );
        let svg = fs::read_to_string(dir.join(format!("{stem}.svg"))).expect("svg");
        assert!(
            svg.contains("<svg") && svg.contains("Ukraine conflict frozen"),
            "{stem}.svg"
        );
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(summary["members"], 60);
    assert_eq!(summary["scenarios"].as_array().map(Vec::len), Some(3));
}

#[test]
fn ensemble_run_writes_quantiles_crossover_shares_and_members() {
    let out = tmp();
    let o = steppe(&[
        "run",
        "scenarios/ukraine-freeze.toml",
        "--runs",
        "40",
        "--keep-members",
        "--out",
        s(out.path()),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dir = out.path().join("ukraine-freeze");
    let ts = fs::read_to_string(dir.join("timeseries.csv")).expect("timeseries");
    assert!(ts.starts_with("scenario,date,step,power,state,domain,mean,p05,p25,p50,p75,p95\n"));
    for line in ts.lines().skip(1) {
        let v: Vec<f64> = line
            .split(',')
            .skip(6)
            .map(|x| x.parse().expect("number"))
            .collect();
        assert!(
            v[1] <= v[2] && v[2] <= v[3] && v[3] <= v[4] && v[4] <= v[5],
            "quantiles out of order: {line}"
        );
        assert!(v.iter().all(|x| (0.0..=1.0).contains(x)));
    }
    let members = fs::read_to_string(dir.join("members.csv")).expect("members");
    assert_eq!(members.lines().count(), 1 + 40 * 41 * 45);
    let summary: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("summary.json")).expect("summary"))
            .expect("json");
    assert_eq!(summary["provenance"]["members"], 40);
    for c in summary["crossovers"].as_array().expect("crossovers") {
        let share = c["share"].as_f64().expect("share");
        assert!(share > 0.0 && share <= 1.0);
    }
    // Not a terminal: no progress bar, nothing on stderr.
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn assert_bad(o: &Output, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains(needle), "stderr lacks `{needle}`: {err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn bad_ensemble_arguments_are_refused() {
    let out = tmp();
    assert_bad(
        &steppe(&[
            "run",
            "scenarios/baseline.toml",
            "--runs",
            "0",
            "--out",
            s(out.path()),
        ]),
        "--runs",
    );
    assert_bad(
        &steppe(&[
            "run",
            "scenarios/baseline.toml",
            "--runs",
            "10",
            "--shard",
            "3/2",
            "--out",
            s(out.path()),
        ]),
        "shard 3/2",
    );
    assert_bad(
        &steppe(&[
            "run",
            "scenarios/baseline.toml",
            "--runs",
            "10",
            "--shard",
            "0/0",
            "--out",
            s(out.path()),
        ]),
        "shard 0/0",
    );
    assert_bad(
        &steppe(&[
            "run",
            "scenarios/baseline.toml",
            "--runs",
            "10",
            "--shard",
            "x",
            "--out",
            s(out.path()),
        ]),
        "K/M",
    );
    assert_bad(
        &steppe(&[
            "run",
            "scenarios/baseline.toml",
            "--shard",
            "1/2",
            "--out",
            s(out.path()),
        ]),
        "--runs",
    );
    assert_bad(
        &steppe(&[
            "compare",
            "scenarios/baseline.toml",
            "scenarios/us-return.toml",
            "--baseline",
            "basline",
            "--out",
            s(out.path()),
        ]),
        "did you mean `baseline`",
    );
    assert_eq!(
        fs::read_dir(out.path()).expect("dir").count(),
        0,
        "nothing may be written"
    );
}

#[test]
fn bad_parts_are_refused_and_nothing_is_overwritten() {
    let parts = tmp();
    let out = tmp();
    // Writes shard `k` of a 30-member ensemble into `dir` and returns the part's path.
    let shard = |scenario: &str, seed: &str, k: &str, dir: &Path| {
        let o = steppe(&[
            "run",
            scenario,
            "--runs",
            "30",
            "--seed",
            seed,
            "--shard",
            k,
            "--out",
            s(dir),
            "-q",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let stem = Path::new(scenario)
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        dir.join(format!("{stem}.part-{}-of-2", &k[..1]))
    };
    let p1 = shard("scenarios/baseline.toml", "1", "1/2", parts.path());
    let p2 = shard("scenarios/baseline.toml", "1", "2/2", parts.path());
    let merge_with_first =
        |second: &Path| steppe(&["merge", s(&p1), s(second), "--out", s(out.path())]);
    // A good merge first, so there is something that must not be overwritten.
    let o = steppe(&["merge", s(&p1), s(&p2), "--out", s(out.path()), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = tree(out.path());

    let other = tmp();
    // Different seed.
    let reseeded = shard("scenarios/baseline.toml", "2", "2/2", other.path());
    assert_bad(&merge_with_first(&reseeded), "seed");
    // Different scenario.
    let us = shard("scenarios/us-return.toml", "1", "2/2", other.path());
    assert_bad(&merge_with_first(&us), "scenario");
    // A missing shard and a repeated one.
    assert_bad(
        &steppe(&["merge", s(&p1), "--out", s(out.path())]),
        "missing: 2/2",
    );
    assert_bad(
        &steppe(&["merge", s(&p1), s(&p1), "--out", s(out.path())]),
        "given twice",
    );
    // Truncated.
    let bytes = fs::read(&p2).expect("part");
    let truncated = parts.path().join("truncated");
    fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    assert_bad(
        &steppe(&["merge", s(&p1), s(&truncated), "--out", s(out.path())]),
        "truncated",
    );
    // One payload byte edited.
    let mut edited = bytes.clone();
    let last = edited.len() - 1;
    edited[last] ^= 1;
    let edited_path = parts.path().join("edited");
    fs::write(&edited_path, &edited).expect("write");
    assert_bad(
        &steppe(&["merge", s(&p1), s(&edited_path), "--out", s(out.path())]),
        "checksum",
    );
    // A header edited by hand (here the seed) breaks the checksum.
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(text.contains("\"seed\":1,"));
    let header_end = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .expect("header")
        .0;
    let mut reseeded = String::from_utf8_lossy(&bytes[..header_end])
        .replace("\"seed\":1,", "\"seed\":2,")
        .into_bytes();
    reseeded.extend_from_slice(&bytes[header_end..]);
    let reseeded_path = parts.path().join("reseeded");
    fs::write(&reseeded_path, &reseeded).expect("write");
    assert_bad(
        &steppe(&["merge", s(&p1), s(&reseeded_path), "--out", s(out.path())]),
        "checksum does not match",
    );
    // A well-formed part from another steppe version.
    let (mut header, aggregate, draws) =
        steppe::ensemble::part::decode(&bytes).expect("a good part");
    header.steppe_version = "0.0.0-other".into();
    let other = parts.path().join("other-steppe");
    fs::write(
        &other,
        steppe::ensemble::part::encode(header, &aggregate, draws).expect("encodes"),
    )
    .expect("write");
    assert_bad(
        &steppe(&["merge", s(&p1), s(&other), "--out", s(out.path())]),
        "differ in steppe version",
    );
    // Not a part file at all.
    assert_bad(
        &steppe(&["merge", "scenarios/baseline.toml", "--out", s(out.path())]),
        "not a steppe part file",
    );

    assert_eq!(
        tree(out.path()),
        before,
        "a failed merge must not touch earlier results"
    );
}

#[test]
fn fast_metric_series_equal_the_reference_aggregation() {
    let l = scenario("afghan-spillover");
    let ensemble = Ensemble::new(&l.world, vec![&l.scenario], 4).expect("ensemble");
    let t = ensemble.engines[0].run_central();
    let layout = &ensemble.layout;
    let mut fast = vec![f64::NAN; layout.metrics.len() * layout.points];
    layout.metric_series(&t, &mut fast);
    let reference =
        steppe::metric::metric_series(&layout.weights, &t.influence, t.cells, &layout.metrics);
    assert_eq!(fast, reference);
}

#[test]
fn metric_series_in_lanes_equal_each_trajectory_alone() {
    // Four different trajectories: the central run, and three members with drawn parameters
    // and noise, so that every lane holds other numbers.
    let l = scenario("ukraine-freeze");
    let ensemble = Ensemble::new(&l.world, vec![&l.scenario], 4).expect("ensemble");
    let engine = &ensemble.engines[0];
    let mut ts = vec![engine.run_central()];
    for m in [1, 2, 3] {
        let (w, s, dynamics) = common::member(&l, engine, m);
        let mut t = steppe::engine::Trajectory::new(&engine.plan);
        engine.run_into(&w, &s, dynamics, &mut engine.new_variables(), &mut t);
        ts.push(t);
    }
    let layout = &ensemble.layout;
    let len = layout.metrics.len() * layout.points;
    let mut lanes = vec![vec![f64::NAN; len]; 4];
    let [a, b, c, d] = &mut lanes[..] else {
        unreachable!()
    };
    layout.metric_series_lanes(
        [&ts[0], &ts[1], &ts[2], &ts[3]],
        [a.as_mut_slice(), b, c, d],
    );
    for (t, lane) in ts.iter().zip(&lanes) {
        let mut alone = vec![f64::NAN; len];
        layout.metric_series(t, &mut alone);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(lane), bits(&alone));
    }
    assert_ne!(
        lanes[1], lanes[2],
        "the members must differ for the test to mean anything"
    );
}

#[test]
fn the_avx2_fold_gives_the_bits_of_the_portable_fold() {
    // On a processor with AVX2, `Aggregate::observe` takes a copy compiled for it; folding the
    // same members both ways must give identical statistics (elsewhere both are the same code).
    let l = scenario("ukraine-freeze");
    let ensemble = Ensemble::new(&l.world, vec![&l.scenario], 40).expect("ensemble");
    let engine = &ensemble.engines[0];
    let layout = &ensemble.layout;
    let (metric_len, driver_len) = (
        layout.metrics.len() * layout.points,
        layout.driver_ranges.len() * layout.points,
    );
    let series: Vec<(Vec<f64>, Vec<f64>)> = (0..40)
        .map(|m| {
            let (w, s, dynamics) = common::member(&l, engine, m);
            let mut t = steppe::engine::Trajectory::new(&engine.plan);
            engine.run_into(&w, &s, dynamics, &mut engine.new_variables(), &mut t);
            let (mut metrics, mut drivers) = (vec![0.0; metric_len], vec![0.0; driver_len]);
            layout.metric_series(&t, &mut metrics);
            layout.driver_series(&t, &mut drivers);
            (metrics, drivers)
        })
        .collect();
    let fold = |portable: bool| {
        let mut aggregate = Aggregate::new(layout);
        let mut bins = (vec![0; 40 * metric_len], vec![0; 40 * driver_len]);
        let mut sums = (vec![0; metric_len], vec![0; driver_len]);
        for (j, (metrics, drivers)) in series.iter().enumerate() {
            let at = (
                &mut bins.0[j * metric_len..(j + 1) * metric_len],
                &mut bins.1[j * driver_len..(j + 1) * driver_len],
            );
            let sums = (sums.0.as_mut_slice(), sums.1.as_mut_slice());
            if portable {
                aggregate.observe_portable(layout, (metrics, drivers), at, sums);
            } else {
                aggregate.observe(layout, (metrics, drivers), at, sums);
            }
        }
        aggregate.add_bins((&bins.0, &bins.1), (&mut sums.0, &mut sums.1), 40);
        aggregate
    };
    let (portable, dispatched) = (fold(true), fold(false));
    assert!(
        portable == dispatched,
        "the AVX2 fold differs from the portable one"
    );
    // The ensemble itself: its workers draw, run, and compute the metric series eight members
    // at a time, in a copy compiled for AVX2 where the processor has it.
    let stats = ensemble
        .aggregate(0..40, None, &|_| {})
        .expect("the ensemble runs");
    assert!(
        stats.scenarios[0] == portable,
        "the ensemble's workers differ from the members drawn, run and folded one by one"
    );
    assert!(
        portable != Aggregate::new(layout),
        "the fold must have counted something"
    );
}
