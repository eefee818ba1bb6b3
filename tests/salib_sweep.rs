//! SALib and `steppe sweep` together, end to end: `steppe list --params --format salib` writes the
//! problem, SALib samples a Saltelli and a Morris design from it, `steppe sweep` runs each as an
//! external design matrix, and SALib's analysers, reading steppe's plain outcome file, agree with
//! the indices steppe wrote. Skipped (passing, with `SKIPPED` on stderr) without Python >= 3.9.

mod common;
mod salib_env;

use std::process::Command;

use common::Workspace;
use salib_env::{notice, python_version, run, salib_python};
use serde_json::Value;

/// The parameters varied, in the world's table order: four that drive the frozen war's effect.
const NAMES: [&str; 4] = [
    "security.adjustment_rate",
    "ukraine_war",
    "russia.commitments",
    "coupling.ukraine_war.russia.commitments",
];

const SAMPLE: &str = r#"
import sys
import numpy as np
from SALib.util import read_param_file
from SALib.sample import sobol, morris
problem = read_param_file(sys.argv[1])
np.savetxt(sys.argv[2], sobol.sample(problem, 256, calc_second_order=False, seed=3))
np.savetxt(sys.argv[3], morris.sample(problem, 20, num_levels=4, seed=4))
"#;

const ANALYSE: &str = r#"
import sys, json
import numpy as np
from SALib.util import read_param_file
from SALib.analyze import sobol, morris
problem = read_param_file(sys.argv[1])
Ys = np.loadtxt(sys.argv[2], ndmin=2)[:, 0]
S = sobol.analyze(problem, Ys, calc_second_order=False, num_resamples=100, seed=5)
Xm = np.loadtxt(sys.argv[3])
Ym = np.loadtxt(sys.argv[4], ndmin=2)[:, 0]
M = morris.analyze(problem, Xm, Ym, num_levels=4, num_resamples=100, seed=6)
out = {"names": problem["names"],
       "S1": S["S1"].tolist(), "ST": S["ST"].tolist(),
       "S1_conf": S["S1_conf"].tolist(), "ST_conf": S["ST_conf"].tolist(),
       "mu": np.asarray(M["mu"]).tolist(), "mu_star": np.asarray(M["mu_star"]).tolist(),
       "sigma": np.asarray(M["sigma"]).tolist()}
json.dump(out, open(sys.argv[5], "w"))
"#;

fn experiment(matrix: &str, layout: &str) -> String {
    let vary: String = NAMES
        .iter()
        .map(|n| format!("[[vary]]\npath = \"{n}\"\n\n"))
        .collect();
    format!(
        "scenario = \"../scenarios/ukraine-freeze.toml\"\nbaseline = \"../scenarios/baseline.toml\"\n\n{vary}\
         [design]\nkind = \"external\"\nfile = \"{matrix}\"\nlayout = \"{layout}\"\n\n\
         [[outcome]]\nname = \"gain\"\nmetric = \"russia.region.security\"\ndifference = true\n\n\
         [analysis]\ntornado = false\n"
    )
}

/// steppe's column `col` of a table, per parameter (in `NAMES` order).
fn column(csv: &str, col: &str) -> Vec<f64> {
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let (pi, ci) = (
        header.iter().position(|h| *h == "parameter").unwrap(),
        header.iter().position(|h| *h == col).unwrap(),
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    NAMES
        .iter()
        .map(|n| {
            let r = rows.iter().find(|r| r[pi] == *n).unwrap();
            r[ci].parse().unwrap()
        })
        .collect()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn agree(what: &str, ours: &[f64], theirs: &[f64]) {
    for (a, b) in ours.iter().zip(theirs) {
        assert!(
            (a - b).abs() <= 1e-9,
            "{what}: steppe {ours:?} vs SALib {theirs:?}"
        );
    }
}

#[test]
fn a_sweep_of_a_salib_design_agrees_with_salib() {
    match python_version() {
        Some(v) if v >= (3, 9) => {}
        _ => {
            notice("SKIPPED: python3 >= 3.9 not found; SALib agreement through sweep not checked");
            return;
        }
    }
    let py = salib_python();
    let ws = Workspace::new();
    // The problem file: steppe's SALib format, the four parameters' lines.
    let listed = ws.steppe(&["list", "--params", "--format", "salib"]);
    listed.expect_code(0);
    let problem: String = listed
        .stdout
        .lines()
        .filter(|l| NAMES.contains(&l.split_whitespace().next().unwrap_or("")))
        .map(|l| format!("{l}\n"))
        .collect();
    let ordered: Vec<&str> = problem
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        ordered, NAMES,
        "the problem lists the parameters in table order"
    );
    ws.write("experiments/problem.txt", &problem);
    ws.write("sample.py", SAMPLE);
    ws.write("analyse.py", ANALYSE);
    let f = |rel: &str| ws.file(rel);
    run(
        Command::new(&py)
            .arg(f("sample.py"))
            .arg(f("experiments/problem.txt"))
            .arg(f("experiments/sobol-x.txt"))
            .arg(f("experiments/morris-x.txt")),
        "SALib sampling",
    );
    ws.write(
        "experiments/sobol.toml",
        &experiment("sobol-x.txt", "sobol"),
    );
    ws.write(
        "experiments/morris.toml",
        &experiment("morris-x.txt", "morris"),
    );
    for e in ["sobol", "morris"] {
        ws.steppe(&[
            "sweep",
            &format!("experiments/{e}.toml"),
            "--out",
            "out",
            "-q",
        ])
        .expect_code(0);
    }
    // steppe's own problem file of the sweep is SALib's.
    assert_eq!(ws.read("out/sweep-sobol/problem.txt"), problem);
    run(
        Command::new(&py)
            .arg(f("analyse.py"))
            .arg(f("experiments/problem.txt"))
            .arg(f("out/sweep-sobol/outcomes.txt"))
            .arg(f("experiments/morris-x.txt"))
            .arg(f("out/sweep-morris/outcomes.txt"))
            .arg(f("salib.json")),
        "SALib analysis",
    );
    let res: Value = serde_json::from_str(&ws.read("salib.json")).unwrap();
    let sobol = ws.read("out/sweep-sobol/sobol.csv");
    agree("S1", &column(&sobol, "S1"), &floats(&res["S1"]));
    agree("ST", &column(&sobol, "ST"), &floats(&res["ST"]));
    for (ours, theirs) in [("S1_conf", "S1_conf"), ("ST_conf", "ST_conf")] {
        for (a, b) in column(&sobol, ours).iter().zip(floats(&res[theirs])) {
            assert!(
                b < 1e-12 || (0.5..2.0).contains(&(a / b)),
                "{ours}: {a} vs SALib {b}"
            );
        }
    }
    let morris = ws.read("out/sweep-morris/morris.csv");
    agree("mu", &column(&morris, "mu"), &floats(&res["mu"]));
    agree("mu*", &column(&morris, "mu_star"), &floats(&res["mu_star"]));
    agree("sigma", &column(&morris, "sigma"), &floats(&res["sigma"]));
    // The ranking both tell: the commitments absorbed by the war drive the gain.
    let st = column(&sobol, "ST");
    assert!(st[2] > st[0] && st[2] > st[1], "{st:?}");
    notice(&format!("SALib through sweep: ST {st:?}"));
}
