//! Writing results: a results folder is filled under a temporary name and renamed into place
//! only when complete, so a failed or interrupted run never leaves half-written results. Both
//! sinks here implement [`Sink`], so every exporter writes through them.
//!
//! Every results folder holds a marker file, [`MARKER`]. steppe replaces a folder only when it
//! carries that marker (or is empty, or is a result of an earlier steppe version, whose
//! `summary.json` names it): a file or a folder of the user's is never replaced or deleted.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use crate::export::{ExportError, Sink};
use crate::io::load::display;
use crate::plot::{self, Figure};

mod replace;
pub use replace::{check_replaceable, previous_result};

/// Failure to write results (disk full, permissions, ...), naming the path.
pub fn write_error(path: &Path, e: impl std::fmt::Display) -> ExportError {
    // "File name too long (os error 36)" reads as "file name too long".
    let text = e.to_string();
    let text = match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => &text[..i],
        _ => &text,
    };
    let mut chars = text.chars();
    let reason = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    };
    ExportError::Write {
        path: display(path),
        reason,
    }
}

/// Makes the folder results go into, with a plain message when a file is in the way.
fn make_folder(root: &Path) -> Result<(), ExportError> {
    if root.exists() && !root.is_dir() {
        return Err(write_error(
            root,
            "it is a file, not a folder: give --out a folder to write results into",
        ));
    }
    fs::create_dir_all(root).map_err(|e| write_error(root, e))
}

/// The marker file in every results folder steppe writes: only folders holding it are replaced.
pub const MARKER: &str = ".steppe-result";

/// What the marker file says, for someone who finds it.
const MARKER_TEXT: &str = "This folder holds results written by steppe. steppe replaces it \
when asked to write the same results again; delete this file to keep steppe from replacing it.\n";

/// A results folder being written.
#[derive(Debug)]
pub struct Staging {
    /// The temporary folder being filled.
    dir: PathBuf,
    /// Where it goes when complete.
    target: PathBuf,
    /// Moved into place or removed: nothing left to clean up.
    finished: bool,
}

/// Temporary folders of this process not yet moved into place, removed by
/// [`abandon_unfinished`] when the process is interrupted. Held while a folder is created or
/// moved, so that an interruption never sees half a rename.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn unfinished() -> MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary folder this process has not finished, for a process about to exit
/// on a signal. Later attempts of this process to create or move results folders block, so the
/// caller must exit.
pub fn abandon_unfinished() {
    let mut live = unfinished();
    for dir in live.drain(..) {
        remove_dir_retrying(&dir);
    }
    // Keep the lock: no thread may start another folder between now and the exit.
    std::mem::forget(live);
}

/// Removes a folder that another thread may still be writing into.
fn remove_dir_retrying(dir: &Path) {
    for _ in 0..20 {
        match fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            _ => return,
        }
    }
}

/// The part of a temporary name after `.partial-`: `<pid>-<random>`, and `.old` for an earlier
/// result moved aside. Returns the owner's process id.
fn temporary_owner(file_name: &str) -> Option<u32> {
    let (_, rest) = file_name.strip_prefix('.')?.rsplit_once(".partial-")?;
    let rest = rest.strip_suffix(".old").unwrap_or(rest);
    let (pid, random) = rest.split_once('-')?;
    let ok = !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && random.len() == RANDOM_CHARS
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then(|| pid.parse().ok()).flatten()
}

/// Random characters in a temporary name.
const RANDOM_CHARS: usize = 6;

/// Whether process `pid` is running (a process that cannot be asked counts as running).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return true;
        };
        // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    true
}

/// Removes temporary folders in `root` left by steppe processes that were killed before they
/// could clean up (only steppe's own names, `.<name>.partial-<pid>-<random>`, and only when
/// process `pid` is gone). An earlier result moved aside (`.old`) is kept when nothing took its
/// place, so that no result is lost.
pub fn sweep(root: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(pid) = temporary_owner(name) else {
            continue;
        };
        if alive(pid) || !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        if let Some(aside) = name.strip_suffix(".old") {
            let target = aside
                .strip_prefix('.')
                .and_then(|a| a.rsplit_once(".partial-"))
                .map(|(target, _)| root.join(target));
            if !target.is_some_and(|t| t.exists()) {
                continue;
            }
        }
        let _ = fs::remove_dir_all(entry.path());
    }
}

impl Staging {
    /// Starts writing what will become `root/name`, after sweeping the temporary folders of
    /// killed runs from `root`.
    pub fn new(root: &Path, name: &str) -> Result<Staging, ExportError> {
        make_folder(root)?;
        sweep(root);
        let target = root.join(name);
        check_replaceable(&target)?;
        let mut live = unfinished();
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.partial-{}-", std::process::id()))
            .rand_bytes(RANDOM_CHARS)
            .tempdir_in(root)
            .map_err(|e| write_error(root, e))?
            .keep();
        live.push(dir.clone());
        drop(live);
        let staging = Staging {
            dir,
            target,
            finished: false,
        };
        let marker = staging.path(MARKER);
        fs::write(&marker, MARKER_TEXT).map_err(|e| write_error(&marker, e))?;
        Ok(staging)
    }

    /// Path of a file inside the folder being written.
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Where the folder goes when complete.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Moves the finished folder into place, replacing an earlier result of the same name.
    pub fn commit(self) -> Result<PathBuf, ExportError> {
        commit_all(vec![self]).map(|mut dirs| dirs.remove(0))
    }
}

/// Moves finished folders into place, all or none: if one cannot be moved, those already moved
/// are taken back and the earlier results they replaced restored. Returns the folders.
pub fn commit_all(mut stagings: Vec<Staging>) -> Result<Vec<PathBuf>, ExportError> {
    // Held throughout, so that an interruption waits for the moves to finish.
    let mut live = unfinished();
    for s in &mut stagings {
        s.finished = true;
        live.retain(|d| *d != s.dir);
    }
    let moved = move_all_into_place(&stagings);
    if moved.is_err() {
        for s in &stagings {
            let _ = fs::remove_dir_all(&s.dir);
        }
    }
    moved
}

fn move_all_into_place(stagings: &[Staging]) -> Result<Vec<PathBuf>, ExportError> {
    // Concurrent runs into the same folder take turns: each finds the last one's complete
    // result in place, replaces it whole and leaves nothing behind.
    let mut roots: Vec<&Path> = stagings
        .iter()
        .map(|s| s.target.parent().unwrap_or(Path::new(".")))
        .collect();
    roots.sort();
    roots.dedup();
    let _locks = roots
        .into_iter()
        .map(lock_folder)
        .collect::<Result<Vec<_>, _>>()?;
    for s in stagings {
        check_replaceable(&s.target)?;
        readable(&s.dir, 0o755)?;
    }
    let mut done: Vec<(&Staging, Option<PathBuf>)> = Vec::new();
    for s in stagings {
        match move_into_place(&s.dir, &s.target) {
            Ok(aside) => done.push((s, aside)),
            Err(e) => {
                roll_back(&done);
                return Err(e);
            }
        }
    }
    for (_, aside) in done {
        if let Some(aside) = aside {
            let _ = fs::remove_dir_all(aside);
        }
    }
    Ok(stagings.iter().map(|s| s.target.clone()).collect())
}

/// Takes folders moved into place back to where they were staged, and puts the earlier results
/// they replaced back in place.
fn roll_back(done: &[(&Staging, Option<PathBuf>)]) {
    for (s, aside) in done.iter().rev() {
        if fs::rename(&s.target, &s.dir).is_ok() {
            if let Some(aside) = aside {
                let _ = fs::rename(aside, &s.target);
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let mut live = unfinished();
            live.retain(|d| *d != self.dir);
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
        let path = self.path(name);
        fs::write(&path, bytes).map_err(|e| write_error(&path, e))
    }

    fn figure(&mut self, stem: &str, fig: &Figure) -> Result<(), ExportError> {
        self.render(stem, fig)
    }

    /// Figures are rendered on every core: each one is drawn into its own files, so the order
    /// they finish in changes nothing; the first failure in the given order is reported.
    fn figures(&mut self, figures: &[(String, Figure)]) -> Result<(), ExportError> {
        use rayon::prelude::*;
        let outcomes: Vec<Result<(), ExportError>> = figures
            .par_iter()
            .map(|(stem, fig)| self.render(stem, fig))
            .collect();
        outcomes.into_iter().collect()
    }
}

impl Staging {
    /// Renders one figure as `<stem>.png` and `<stem>.svg` in the folder.
    fn render(&self, stem: &str, fig: &Figure) -> Result<(), ExportError> {
        let plot_error = |source| ExportError::Plot {
            stem: stem.to_string(),
            source,
        };
        let png = self.path(&format!("{stem}.png"));
        plot::render_png(fig, &png).map_err(plot_error)?;
        let svg = self.path(&format!("{stem}.svg"));
        plot::render_svg(fig, &svg).map_err(plot_error)
    }
}

/// A sink writing each file straight into a folder, atomically (for single files such as the
/// part files of shards).
#[derive(Debug)]
pub struct FolderSink {
    root: PathBuf,
    written: Vec<PathBuf>,
}

impl FolderSink {
    /// Writes into `root`.
    pub fn new(root: &Path) -> FolderSink {
        FolderSink {
            root: root.to_path_buf(),
            written: Vec::new(),
        }
    }

    /// The files written so far.
    pub fn written(&self) -> &[PathBuf] {
        &self.written
    }
}

impl Sink for FolderSink {
    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
        let path = self.root.join(name);
        write_atomic(&path, bytes)?;
        self.written.push(path);
        Ok(())
    }

    fn figure(&mut self, stem: &str, fig: &Figure) -> Result<(), ExportError> {
        let svg = plot::render_svg_string(fig).map_err(|source| ExportError::Plot {
            stem: stem.to_string(),
            source,
        })?;
        self.write(&format!("{stem}.svg"), svg.as_bytes())
    }
}

/// An exclusive lock on a folder (an advisory `flock` on the folder itself, so no lock file is
/// left behind), released when the returned handle is dropped, or when the process ends however
/// it ends. Where folders cannot be locked (not Unix), `None`: runs are not serialised there.
#[cfg(unix)]
fn lock_folder(dir: &Path) -> Result<Option<fs::File>, ExportError> {
    use std::os::unix::io::AsRawFd;
    let handle = fs::File::open(dir).map_err(|e| write_error(dir, e))?;
    loop {
        // SAFETY: flock on a descriptor we own; it stays open as long as the lock is needed.
        if unsafe { libc::flock(handle.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(Some(handle));
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(write_error(dir, e));
        }
    }
}

#[cfg(not(unix))]
fn lock_folder(_dir: &Path) -> Result<Option<fs::File>, ExportError> {
    Ok(None)
}

/// Renames `staged` to `target`. An earlier result at `target` is moved aside (under the staged
/// folder's name with `.old`, so that one left by a killed run is known by its owner's pid) and
/// its new place returned; if the second rename fails, it is put back.
fn move_into_place(staged: &Path, target: &Path) -> Result<Option<PathBuf>, ExportError> {
    check_replaceable(target)?;
    if fs::symlink_metadata(target).is_err() {
        fs::rename(staged, target).map_err(|e| write_error(target, e))?;
        return Ok(None);
    }
    let mut aside = staged.as_os_str().to_owned();
    aside.push(".old");
    let aside = PathBuf::from(aside);
    fs::rename(target, &aside).map_err(|e| write_error(target, e))?;
    if let Err(e) = fs::rename(staged, target) {
        let _ = fs::rename(&aside, target);
        return Err(write_error(target, e));
    }
    Ok(Some(aside))
}

/// Checks that files can be written into `root` (making it if needed) by writing and removing a
/// temporary file: for results written as single files, checked before computing them.
pub fn probe_folder(root: &Path) -> Result<(), ExportError> {
    make_folder(root)?;
    tempfile::NamedTempFile::new_in(root)
        .map(drop)
        .map_err(|e| write_error(root, e))
}

/// Writes a file by writing a temporary file next to it and renaming it into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| write_error(dir, e))?;
    std::io::Write::write_all(&mut temp, bytes).map_err(|e| write_error(path, e))?;
    temp.persist(path).map_err(|e| write_error(path, e.error))?;
    readable(path, 0o644)
}

/// Gives a result the usual permissions (temporary files and folders are private by default).
fn readable(path: &Path, _mode: u32) -> Result<(), ExportError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(_mode))
            .map_err(|e| write_error(path, e))?;
    }
    Ok(())
}
