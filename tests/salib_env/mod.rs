//! The Python environment the SALib agreement tests share: a virtual environment at
//! `target/salib-venv` with SALib installed (made once, then reused), and how to run it.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes to the real stderr, which the test harness does not capture.
pub fn notice(msg: &str) {
    let _ = writeln!(std::io::stderr(), "{msg}");
}

/// `python3`'s version as (major, minor), or `None` if it cannot be run.
pub fn python_version() -> Option<(u32, u32)> {
    let out = Command::new("python3")
        .args(["-c", "import sys; print('%d %d' % sys.version_info[:2])"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8_lossy(&out.stdout);
    let mut it = s.split_whitespace().map(|t| t.parse::<u32>().ok());
    Some((it.next()??, it.next()??))
}

pub fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

pub fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: could not start: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The venv's Python, creating the venv and installing SALib if that has not been done.
pub fn salib_python() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target directory")
        .to_path_buf();
    let venv = target.join("salib-venv");
    let py = venv_python(&venv);
    let ready = py.exists()
        && Command::new(&py)
            .args(["-c", "import SALib, scipy"])
            .output()
            .is_ok_and(|o| o.status.success());
    if !ready {
        notice(&format!(
            "creating {} and installing SALib (once)",
            venv.display()
        ));
        run(
            Command::new("python3")
                .arg("-m")
                .arg("venv")
                .arg("--clear")
                .arg(&venv),
            "python3 -m venv (on Debian/Ubuntu install python3-venv)",
        );
        run(
            Command::new(&py).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "SALib",
            ]),
            "pip install SALib",
        );
    }
    py
}
