//! Agreement with SALib: steppe's Sobol' and Morris estimators give SALib's point estimates on
//! SALib's own designs and outputs, steppe's Saltelli layout is SALib's, and steppe's Sobol'
//! sequence is SciPy's (which SALib samples from).
//!
//! The test makes (once, then reuses) a Python virtual environment at `target/salib-venv` with
//! `python3 -m venv` and `pip install SALib`, writes a Python script to a temporary folder, and
//! runs it: SALib samples, evaluates the Ishigami function and a linear function, analyses them,
//! and writes everything to JSON. Without `python3` (or with one older than 3.9) the test prints
//! `SKIPPED` to stderr and passes; with Python present, a failing venv or pip is a failure.

use std::process::Command;

mod salib_env;

use salib_env::{notice, python_version, run, salib_python};

use serde_json::Value;
use steppe::sensitivity::design::{Design, FactorRange, SobolSequence, saltelli};
use steppe::sensitivity::{MorrisOptions, SobolOptions, morris_indices, sobol_indices};

/// Point estimates must agree to this absolute difference.
const TOL: f64 = 1e-9;

const SCRIPT: &str = r#"
import json, sys
from importlib.metadata import version
import numpy as np
from scipy.stats import qmc
from SALib.sample import sobol as sobol_sample
from SALib.sample import morris as morris_sample
from SALib.analyze import sobol as sobol_analyze
from SALib.analyze import morris as morris_analyze
from SALib.test_functions import Ishigami

out = {"salib": version("SALib"), "scipy": version("scipy"), "numpy": version("numpy")}

ish = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
X = sobol_sample.sample(ish, 1024, calc_second_order=False, seed=42)
Y = Ishigami.evaluate(X)
S = sobol_analyze.analyze(ish, Y, calc_second_order=False, num_resamples=100, seed=42)
out["sobol"] = {"X": X.tolist(), "Y": Y.tolist(),
                "S1": S["S1"].tolist(), "ST": S["ST"].tolist(),
                "S1_conf": S["S1_conf"].tolist(), "ST_conf": S["ST_conf"].tolist()}

def morris_case(problem, f, n, seed):
    Xm = morris_sample.sample(problem, n, num_levels=4, seed=seed)
    Ym = f(Xm)
    M = morris_analyze.analyze(problem, Xm, Ym, num_levels=4, num_resamples=100, seed=seed)
    return {"X": Xm.tolist(), "Y": Ym.tolist(), "mu": np.asarray(M["mu"]).tolist(),
            "mu_star": np.asarray(M["mu_star"]).tolist(),
            "sigma": np.asarray(M["sigma"]).tolist(),
            "mu_star_conf": np.asarray(M["mu_star_conf"]).tolist()}

lin = {"num_vars": 4, "names": ["a", "b", "c", "d"],
       "bounds": [[0.0, 1.0], [-5.0, 5.0], [100.0, 104.0], [0.0, 2.0]]}
coef = np.array([3.0, -2.0, 0.5, 0.0])
out["morris_linear"] = morris_case(lin, lambda x: x @ coef, 50, 7)
out["morris_ishigami"] = morris_case(ish, Ishigami.evaluate, 60, 8)

# SciPy's unscrambled Sobol' sequence: 2^14 points in 1024 dimensions, exercising every initial
# direction number. Exact integer checksums per dimension, plus some points in full.
d, m = 1024, 14
P = qmc.Sobol(d=d, scramble=False).random_base2(m)
ints = np.rint(P * 2.0**30).astype(np.int64)
idx = np.arange(2**m, dtype=np.int64)[:, None]
rows = list(range(40)) + [2**b + 2**(b - 1) + 1 for b in range(6, m)] + [2**m - 1]
out["sobol_seq"] = {"dims": d, "n": 2**m, "sum": ints.sum(axis=0).tolist(),
                    "weighted": (ints * idx).sum(axis=0).tolist(),
                    "rows": rows, "points": P[rows].tolist()}

with open(sys.argv[1], "w") as fh:
    json.dump(out, fh)
"#;

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

fn matrix(v: &Value) -> Vec<Vec<f64>> {
    v.as_array()
        .expect("array of rows")
        .iter()
        .map(floats)
        .collect()
}

/// Largest absolute difference, asserting it is within `TOL`.
fn agree(what: &str, ours: &[f64], theirs: &[f64]) -> f64 {
    assert_eq!(ours.len(), theirs.len(), "{what}: lengths");
    let d = ours
        .iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max);
    assert!(
        d <= TOL,
        "{what}: steppe {ours:?} vs SALib {theirs:?} (max diff {d:e})"
    );
    d
}

/// Bootstrap half-widths use different random streams: they must only be of the same size.
fn similar_conf(what: &str, ours: &[f64], theirs: &[f64]) {
    for (a, b) in ours.iter().zip(theirs) {
        if *b > 1e-12 {
            let ratio = a / b;
            assert!(
                (0.5..2.0).contains(&ratio),
                "{what}: {ours:?} vs SALib {theirs:?}"
            );
        } else {
            assert!(*a < 1e-9, "{what}: {ours:?} vs SALib {theirs:?}");
        }
    }
}

fn check_sobol(res: &Value) {
    let s = &res["sobol"];
    let x = matrix(&s["X"]);
    let y = floats(&s["Y"]);
    let k = 3;
    // SALib's layout is steppe's: rebuild the design from its A and B rows.
    let r = FactorRange::new(-std::f64::consts::PI, std::f64::consts::PI).unwrap();
    let ranges = [r; 3];
    let a: Vec<&Vec<f64>> = x.iter().step_by(k + 2).collect();
    let b: Vec<&Vec<f64>> = x.iter().skip(k + 1).step_by(k + 2).collect();
    let rebuilt = saltelli(
        &Design::from_scaled_rows(&a, &ranges).unwrap(),
        &Design::from_scaled_rows(&b, &ranges).unwrap(),
    )
    .unwrap()
    .scale(&ranges)
    .unwrap();
    assert_eq!(rebuilt.len(), x.len());
    let layout = rebuilt
        .iter()
        .flatten()
        .zip(x.iter().flatten())
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f64::max);
    assert!(
        layout < 1e-12,
        "Saltelli layout differs from SALib's by {layout:e}"
    );

    let ours = sobol_indices(&y, k, &SobolOptions::default()).unwrap();
    let d1 = agree("S1", &ours.s1, &floats(&s["S1"]));
    let dt = agree("ST", &ours.st, &floats(&s["ST"]));
    similar_conf("S1_conf", &ours.s1_conf, &floats(&s["S1_conf"]));
    similar_conf("ST_conf", &ours.st_conf, &floats(&s["ST_conf"]));
    notice(&format!(
        "SALib agreement, Sobol' (Ishigami, N=1024): max |dS1| = {d1:e}, max |dST| = {dt:e}; \
         S1 = {:?}, ST = {:?}",
        ours.s1, ours.st
    ));
}

fn check_morris(res: &Value, case: &str) {
    let m = &res[case];
    let x = matrix(&m["X"]);
    let y = floats(&m["Y"]);
    let ours = morris_indices(&x, &y, &MorrisOptions::default()).unwrap();
    let d = [
        agree("mu", &ours.mu, &floats(&m["mu"])),
        agree("mu_star", &ours.mu_star, &floats(&m["mu_star"])),
        agree("sigma", &ours.sigma, &floats(&m["sigma"])),
    ];
    similar_conf(
        "mu_star_conf",
        &ours.mu_star_conf,
        &floats(&m["mu_star_conf"]),
    );
    notice(&format!(
        "SALib agreement, Morris ({case}): max |d| mu {:e}, mu* {:e}, sigma {:e}",
        d[0], d[1], d[2]
    ));
}

fn check_sobol_sequence(res: &Value) {
    let s = &res["sobol_seq"];
    let dims = s["dims"].as_u64().unwrap() as usize;
    let n = s["n"].as_u64().unwrap();
    let seq = SobolSequence::new(dims).unwrap();
    for (row, want) in s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .zip(matrix(&s["points"]))
    {
        let i = row.as_u64().unwrap();
        assert_eq!(
            seq.point(i).unwrap(),
            want,
            "Sobol' point {i} differs from SciPy's"
        );
    }
    let mut sum = vec![0i64; dims];
    let mut weighted = vec![0i64; dims];
    let mut seq = seq;
    let mut buf = vec![0.0; dims];
    for i in 0..n {
        seq.next_point(&mut buf).unwrap();
        for d in 0..dims {
            let v = (buf[d] * 2f64.powi(30)).round() as i64;
            sum[d] += v;
            weighted[d] += v * i as i64;
        }
    }
    let want_sum: Vec<i64> = s["sum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let want_w: Vec<i64> = s["weighted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    for d in 0..dims {
        assert_eq!(
            (sum[d], weighted[d]),
            (want_sum[d], want_w[d]),
            "Sobol' dimension {}",
            d + 1
        );
    }
    notice(&format!(
        "Sobol' sequence: {n} points x {dims} dimensions identical to SciPy's"
    ));
}

#[test]
fn steppe_agrees_with_salib() {
    match python_version() {
        None => {
            notice("SKIPPED: python3 not found; SALib agreement not checked");
            return;
        }
        Some(v) if v < (3, 9) => {
            notice(&format!(
                "SKIPPED: python3 is {}.{} (< 3.9); SALib agreement not checked",
                v.0, v.1
            ));
            return;
        }
        Some(_) => {}
    }
    let py = salib_python();
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("salib_reference.py");
    std::fs::write(&script, SCRIPT).expect("write script");
    let out_path = dir.path().join("salib.json");
    run(
        Command::new(&py).arg(&script).arg(&out_path),
        "SALib reference script",
    );
    let res: Value =
        serde_json::from_str(&std::fs::read_to_string(&out_path).expect("read output")).unwrap();
    notice(&format!(
        "SALib {} (SciPy {}, NumPy {})",
        res["salib"].as_str().unwrap_or("?"),
        res["scipy"].as_str().unwrap_or("?"),
        res["numpy"].as_str().unwrap_or("?")
    ));
    check_sobol(&res);
    check_morris(&res, "morris_linear");
    check_morris(&res, "morris_ishigami");
    check_sobol_sequence(&res);
}
