//! Helpers shared by the integration tests: the binary, the repository, scratch copies of the
//! scenario and seed folders, loading and running scenarios at library level.
//!
//! Each test file compiles this module on its own and uses only part of it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rand_chacha::ChaCha8Rng;
use steppe::engine::{Engine, Trajectory, draw_parameters, member_streams};
use steppe::io::load::{Loaded, load_scenario};
use steppe::metric::Metric;
use steppe::metric::Weights;

/// The sixteen shipped scenarios (file stems): fourteen futures from 2025, the 2014-2024 replay
/// and its counterfactual.
pub const SCENARIOS: [&str; 16] = [
    "afghan-spillover",
    "bargain-breaks",
    "bargain-holds",
    "baseline",
    "china-slowdown",
    "csto-exit",
    "detente-and-oil",
    "freeze-2023",
    "history",
    "oil-price-rise",
    "russia-pivots-away",
    "russia-stagnation",
    "sanctions-lifted",
    "taiwan-crisis",
    "ukraine-freeze",
    "us-return",
];

/// The shipped scenarios that replay the past (2014-2025) rather than run a future from 2025:
/// they live in `scenarios/past/`, apart from the futures, because their dates differ from the
/// baseline's.
pub const REPLAYS: [&str; 2] = ["freeze-2023", "history"];

/// A shipped scenario's file, relative to the repository: `scenarios/<name>.toml`, or
/// `scenarios/past/<name>.toml` for a replay.
pub fn scenario_file(name: &str) -> String {
    if REPLAYS.contains(&name) {
        format!("scenarios/past/{name}.toml")
    } else {
        format!("scenarios/{name}.toml")
    }
}

/// The steppe binary built for this test run.
pub fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_steppe"))
}

/// The repository root (holds `scenarios/` and `seeds/`).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, printing both streams when it differs, and that nothing panicked.
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self.no_panic()
    }

    /// Asserts that neither stream mentions a panic.
    pub fn no_panic(&self) -> &Run {
        for s in [&self.stdout, &self.stderr] {
            assert!(
                !s.contains("panicked") && !s.contains("RUST_BACKTRACE"),
                "the program panicked:\n{s}"
            );
        }
        self
    }
}

/// Runs the binary with `args` in the working folder `dir`.
pub fn steppe_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the steppe binary starts");
    Run::from(out)
}

/// Runs the binary with `args` in the repository root (read-only use of its files).
pub fn steppe(args: &[&str]) -> Run {
    steppe_in(&repo(), args)
}

/// A scratch working folder holding copies of `scenarios/` and `seeds/`, for tests that add or
/// edit input files. Removed when dropped.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    /// A fresh copy of the repository's `scenarios/` and `seeds/` folders.
    pub fn new() -> Workspace {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for sub in ["scenarios", "seeds"] {
            copy_dir(&repo().join(sub), &dir.path().join(sub));
        }
        Workspace { dir }
    }

    /// The working folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Absolute path of a file in the workspace.
    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// Writes a file (relative to the workspace) and returns its text.
    pub fn write(&self, rel: &str, text: &str) -> String {
        let path = self.file(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, text).unwrap();
        text.to_string()
    }

    /// Reads a file of the workspace.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.file(rel)).unwrap()
    }

    /// Runs the binary in the workspace.
    pub fn steppe(&self, args: &[&str]) -> Run {
        steppe_in(self.path(), args)
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Names of the entries of a folder, sorted (empty if it does not exist).
/// Every file under `dir`, relative path and bytes, sorted (to compare two results folders).
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("readable dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("prefix").to_path_buf();
                out.push((rel, fs::read(&p).expect("readable file")));
            }
        }
    }
    out.sort();
    out
}

pub fn entries(dir: &Path) -> Vec<String> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `text` with `from` replaced by `to`, which must occur exactly once (so that a change to the
/// shipped files makes the test fail loudly instead of testing nothing).
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "expected exactly one `{from}` in the file"
    );
    text.replacen(from, to, 1)
}

/// 1-based line and column (in characters) of the first occurrence of `needle` in `text`.
pub fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"));
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..at].chars().count() + 1)
}

/// Loads a shipped scenario from the repository.
pub fn load(name: &str) -> Loaded {
    let path = repo().join(scenario_file(name));
    load_scenario(&path).unwrap_or_else(|e| panic!("{name} loads:\n{e}"))
}

/// Loads a shipped scenario with noise and random incidents switched off.
pub fn load_quiet(name: &str) -> Loaded {
    let mut l = load(name);
    l.scenario.noise = false;
    l
}

/// The central run of a loaded scenario at its own seed.
pub fn run(l: &Loaded) -> Trajectory {
    Engine::new(&l.world, &l.scenario).run_central()
}

/// Ensemble member `member`'s drawn world and scenario parameter values, and its dynamics
/// stream, as an ensemble of `engine` draws them.
pub fn member(l: &Loaded, engine: &Engine, member: u64) -> (Vec<f64>, Vec<f64>, ChaCha8Rng) {
    let (mut params, dynamics) = member_streams(engine.seed(), member);
    let n = l.world.params.len();
    let (mut w, mut s) = (vec![0.0; n], vec![0.0; n]);
    draw_parameters(
        &l.world.params,
        &l.scenario.params,
        &engine.plan.influence0,
        l.world.powers.len(),
        &mut params,
        &mut w,
        &mut s,
    );
    (w, s, dynamics)
}

/// The value of `metric` at grid point `point` of a trajectory, with aggregation weights of `l`.
pub fn metric_at(l: &Loaded, t: &Trajectory, metric: &str, point: usize) -> f64 {
    let m = Metric::parse(&l.world, metric).unwrap_or_else(|e| panic!("{metric}: {e}"));
    Weights::new(&l.world).value(t.influence_at(point), &m)
}

/// The value of `metric` at the end of a trajectory.
pub fn metric_end(l: &Loaded, t: &Trajectory, metric: &str) -> f64 {
    metric_at(l, t, metric, t.points - 1)
}
