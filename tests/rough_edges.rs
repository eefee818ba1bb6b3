//! The rough edges a new user hit (issue 8), items 1-6, one test per item, each driving the real
//! binary: results never replace what steppe did not write, interrupted and concurrent runs leave
//! one complete result and no debris, and a closed pipe ends quietly. Items 7-13 (messages,
//! comparisons, tables) are in `rough_edges_output.rs`.

mod common;

use std::fs;
use std::path::Path;

use common::{entries, steppe};
use steppe::io::output::MARKER;

/// A path as a command-line argument.
fn arg(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// Names in `dir` that are steppe's temporary folders.
fn debris(dir: &Path) -> Vec<String> {
    entries(dir)
        .into_iter()
        .filter(|e| e.contains(".partial-") || e.ends_with(".old"))
        .collect()
}

// Item 1: a file, or a folder steppe did not write, is never replaced.
#[test]
fn results_never_replace_a_file_or_a_folder_steppe_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    fs::write(out.join("baseline"), "my notes").unwrap();
    let r = steppe(&["run", "scenarios/baseline.toml", "--out", arg(out)]);
    r.expect_code(2);
    assert!(r.stderr.contains("a file is in the way"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(out.join("baseline")).unwrap(),
        "my notes"
    );

    fs::remove_file(out.join("baseline")).unwrap();
    fs::create_dir(out.join("baseline")).unwrap();
    fs::write(out.join("baseline/notes.txt"), "keep me").unwrap();
    let r = steppe(&["run", "scenarios/baseline.toml", "--out", arg(out)]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("a folder steppe did not write") && r.stderr.contains("notes.txt"),
        "{}",
        r.stderr
    );
    assert_eq!(entries(&out.join("baseline")), ["notes.txt"]);
    assert!(debris(out).is_empty(), "{:?}", entries(out));

    // A folder steppe wrote carries the marker, and is replaced by the next run.
    fs::remove_dir_all(out.join("baseline")).unwrap();
    steppe(&["run", "scenarios/baseline.toml", "--out", arg(out), "-q"]).expect_code(0);
    assert!(out.join("baseline").join(MARKER).is_file());
    steppe(&["run", "scenarios/baseline.toml", "--out", arg(out), "-q"]).expect_code(0);
    assert_eq!(entries(out), ["baseline"]);
}

/// Runs the binary in the repository, failing the test if it takes longer than `seconds`.
fn steppe_within(args: &[&str], seconds: u64) -> common::Run {
    let mut child = std::process::Command::new(common::bin())
        .args(args)
        .current_dir(common::repo())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("steppe starts");
    let start = std::time::Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed().as_secs() >= seconds {
            let _ = child.kill();
            panic!("`steppe {}` still runs after {seconds} s", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    common::Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// Item 5: an output folder that cannot be written is found before a long ensemble is computed.
#[test]
fn an_unwritable_output_folder_is_found_before_computing() {
    let tmp = tempfile::tempdir().unwrap();
    let too_long = tmp.path().join("x".repeat(300));
    for command in ["run", "compare"] {
        let mut args = vec![command, "scenarios/baseline.toml"];
        if command == "compare" {
            args.push("scenarios/ukraine-freeze.toml");
        }
        args.extend(["--runs", "1000000", "--out", arg(&too_long)]);
        let r = steppe_within(&args, 20);
        r.expect_code(2);
        assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    }
    // A folder in the way of the second of two scenarios stops the run before computing, too.
    fs::create_dir(tmp.path().join("us-return")).unwrap();
    fs::write(tmp.path().join("us-return/notes.txt"), "mine").unwrap();
    let r = steppe_within(
        &[
            "run",
            "scenarios/baseline.toml",
            "scenarios/us-return.toml",
            "--runs",
            "1000000",
            "--out",
            arg(tmp.path()),
        ],
        20,
    );
    r.expect_code(2);
    assert_eq!(entries(tmp.path()), ["us-return"]);
}

/// Starts `steppe run` of a large ensemble of the baseline into `out` and waits until its
/// temporary folder exists (it is made before computing starts).
#[cfg(unix)]
fn start_large_ensemble(out: &Path) -> std::process::Child {
    let child = std::process::Command::new(common::bin())
        .args(["run", "scenarios/baseline.toml", "--runs", "1000000", "-q"])
        .args(["--out", arg(out)])
        .current_dir(common::repo())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("steppe starts");
    let start = std::time::Instant::now();
    while debris(out).is_empty() {
        assert!(
            start.elapsed().as_secs() < 60,
            "no temporary folder appeared in {}",
            out.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child
}

/// Sends `signal` to a running child and returns its exit code.
#[cfg(unix)]
fn interrupt(mut child: std::process::Child, signal: i32) -> Option<i32> {
    // Let the ensemble get going, so that the signal arrives while members are computed.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    // SAFETY: sends a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    let status = child.wait().expect("steppe exits");
    status.code()
}

// Item 2: Ctrl-C or SIGTERM during an ensemble removes the temporary folder; exit 130 / 143.
#[cfg(unix)]
#[test]
fn an_interrupted_ensemble_leaves_no_temporary_folder() {
    for (signal, code) in [(libc::SIGINT, 130), (libc::SIGTERM, 143)] {
        let tmp = tempfile::tempdir().unwrap();
        let child = start_large_ensemble(tmp.path());
        assert_eq!(interrupt(child, signal), Some(code), "signal {signal}");
        assert!(
            entries(tmp.path()).is_empty(),
            "after signal {signal}: {:?}",
            entries(tmp.path())
        );
    }
}

// Item 2: the temporary folder of a killed run (kill -9) is swept by the next run into the same
// folder; a live process's temporary folder and names steppe does not use are left alone.
#[cfg(unix)]
#[test]
fn the_next_run_sweeps_what_a_killed_run_left() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let child = start_large_ensemble(out);
    let left = debris(out);
    let mut child = child;
    child.kill().expect("kill -9");
    child.wait().unwrap();
    assert_eq!(debris(out), left, "a killed run cannot clean up");

    let live = format!(".baseline.partial-{}-abcdef", std::process::id());
    fs::create_dir(out.join(&live)).unwrap();
    fs::create_dir(out.join(".notes.partial-old")).unwrap();
    steppe(&["run", "scenarios/baseline.toml", "--out", arg(out), "-q"]).expect_code(0);
    assert_eq!(
        entries(out),
        [live.as_str(), ".notes.partial-old", "baseline"],
        "only the killed run's folder is swept"
    );
}

// Item 4: when one of several scenarios cannot be written, none is: the earlier result of the
// first stays as it was.
#[test]
fn several_scenarios_are_written_all_or_none() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    let earlier = out.join("baseline");
    fs::create_dir(&earlier).unwrap();
    fs::write(earlier.join(MARKER), "").unwrap();
    fs::write(earlier.join("earlier.txt"), "an earlier result").unwrap();
    let child = std::process::Command::new(common::bin())
        .args(["run", "scenarios/baseline.toml", "scenarios/us-return.toml"])
        .args(["--runs", "3000", "-q", "--out", arg(out)])
        .current_dir(common::repo())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("steppe starts");
    // Once both folders are staged, something of the user's lands where the second goes.
    let start = std::time::Instant::now();
    while debris(out).len() < 2 {
        assert!(start.elapsed().as_secs() < 60, "{:?}", entries(out));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    fs::create_dir(out.join("us-return")).unwrap();
    fs::write(out.join("us-return/notes.txt"), "mine").unwrap();
    let o = child.wait_with_output().expect("steppe exits");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("us-return"), "{stderr}");
    assert_eq!(
        entries(&earlier),
        [MARKER, "earlier.txt"],
        "the first was replaced"
    );
    assert_eq!(entries(&out.join("us-return")), ["notes.txt"]);
    assert!(debris(out).is_empty(), "{:?}", entries(out));
}

// Item 3: simultaneous runs into the same folder each end with one complete result in place
// and leave nothing behind.
#[test]
fn concurrent_runs_into_one_folder_leave_one_complete_result() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    steppe(&["run", "scenarios/baseline.toml", "--out", arg(out), "-q"]).expect_code(0);
    let complete = entries(&out.join("baseline"));
    for round in 0..6 {
        let children: Vec<std::process::Child> = (0..6)
            .map(|_| {
                std::process::Command::new(common::bin())
                    .args(["run", "scenarios/baseline.toml", "-q", "--out", arg(out)])
                    .current_dir(common::repo())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("steppe starts")
            })
            .collect();
        for c in children {
            let o = c.wait_with_output().expect("steppe exits");
            assert!(
                o.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        assert_eq!(entries(out), ["baseline"], "round {round}");
        assert_eq!(entries(&out.join("baseline")), complete, "round {round}");
    }
}

/// Runs the binary with its standard output a pipe closed before it writes (as `| head -1`
/// closes it after the first line).
fn steppe_into_closed_pipe(args: &[&str]) -> common::Run {
    let mut child = std::process::Command::new(common::bin())
        .args(args)
        .current_dir(common::repo())
        .env_remove("RUST_BACKTRACE")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("steppe starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("steppe exits");
    common::Run {
        code: out.status.code(),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

// Item 6: output piped into `head` ends quietly with exit 0 instead of a panic.
#[test]
fn a_closed_pipe_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        &["list", "--params"][..],
        &["list"],
        &["explain", "russia"],
        &["run", "scenarios/baseline.toml", "--out", arg(tmp.path())],
    ] {
        let r = steppe_into_closed_pipe(args);
        r.expect_code(0);
        assert!(r.stderr.is_empty(), "steppe {args:?}: {}", r.stderr);
    }
    assert!(tmp.path().join("baseline").join(MARKER).is_file());
}
