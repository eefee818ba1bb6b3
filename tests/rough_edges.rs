//! The rough edges a new user hit (issue 8), one test per item, each driving the real binary:
//! results never replace what steppe did not write, interrupted and concurrent runs leave one
//! complete result and no debris, and messages say plainly what is wrong.

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
