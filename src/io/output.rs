//! Writing results: a results folder is filled under a temporary name and renamed into place
//! only when complete, so a failed or interrupted run never leaves half-written results.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::io::load::display;
use crate::plot::{self, Figure};

/// A results folder being written.
#[derive(Debug)]
pub struct Staging {
    temp: tempfile::TempDir,
    target: PathBuf,
}

/// Failure to write results (disk full, permissions, ...), naming the path.
pub fn write_error(path: &Path, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::file(display(path), format!("cannot write: {e}"))
}

impl Staging {
    /// Starts writing what will become `root/name`.
    pub fn new(root: &Path, name: &str) -> Result<Staging, Diagnostic> {
        fs::create_dir_all(root).map_err(|e| write_error(root, e))?;
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.partial-"))
            .tempdir_in(root)
            .map_err(|e| write_error(root, e))?;
        Ok(Staging {
            temp,
            target: root.join(name),
        })
    }

    /// Path of a file inside the folder being written.
    pub fn path(&self, file: &str) -> PathBuf {
        self.temp.path().join(file)
    }

    /// Writes a text file.
    pub fn write(&self, file: &str, text: &str) -> Result<(), Diagnostic> {
        let path = self.path(file);
        fs::write(&path, text).map_err(|e| write_error(&path, e))
    }

    /// Renders a figure as `<stem>.png` and `<stem>.svg`.
    pub fn figure(&self, stem: &str, fig: &Figure) -> Result<(), Diagnostic> {
        let png = self.path(&format!("{stem}.png"));
        plot::render_png(fig, &png).map_err(|e| write_error(&png, e))?;
        let svg = self.path(&format!("{stem}.svg"));
        plot::render_svg(fig, &svg).map_err(|e| write_error(&svg, e))
    }

    /// Moves the finished folder into place, replacing an earlier result of the same name.
    pub fn commit(self) -> Result<PathBuf, Diagnostic> {
        let target = self.target.clone();
        let staged = self.temp.keep();
        readable(&staged, 0o755)?;
        let moved = replace_dir(&staged, &target);
        if moved.is_err() {
            let _ = fs::remove_dir_all(&staged);
        }
        moved.map(|()| target)
    }
}

/// Renames `staged` to `target`, replacing an existing `target`. The old folder is moved aside
/// under a name as unique as the staging folder's, so that a backup left by an interrupted run
/// cannot block later runs; if the second rename fails, the old folder is put back.
fn replace_dir(staged: &Path, target: &Path) -> Result<(), Diagnostic> {
    if !target.exists() {
        return fs::rename(staged, target).map_err(|e| write_error(target, e));
    }
    let mut old = staged.as_os_str().to_owned();
    old.push(".old");
    let old = PathBuf::from(old);
    fs::rename(target, &old).map_err(|e| write_error(target, e))?;
    if let Err(e) = fs::rename(staged, target) {
        let _ = fs::rename(&old, target);
        return Err(write_error(target, e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Writes a file by writing a temporary file next to it and renaming it into place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
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
fn readable(path: &Path, _mode: u32) -> Result<(), Diagnostic> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(_mode))
            .map_err(|e| write_error(path, e))?;
    }
    Ok(())
}

/// A CSV table built in memory: a header and rows of already formatted fields.
#[derive(Debug, Default)]
pub struct Csv {
    text: String,
}

impl Csv {
    /// A table with the given column names.
    pub fn new(columns: &[&str]) -> Csv {
        let mut text = columns.join(",");
        text.push('\n');
        Csv { text }
    }

    /// Appends a row. Fields are ids, dates and numbers, which need no quoting; anything with a
    /// comma or quote is quoted.
    pub fn row(&mut self, fields: &[&dyn std::fmt::Display]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            let start = self.text.len();
            let _ = write!(self.text, "{f}");
            let field = &self.text[start..];
            if field.contains([',', '"', '\n']) {
                let quoted = format!("\"{}\"", field.replace('"', "\"\""));
                self.text.truncate(start);
                self.text.push_str(&quoted);
            }
        }
        self.text.push('\n');
    }

    /// Appends a row of labels followed by numbers.
    pub fn row_with(&mut self, labels: &[&dyn std::fmt::Display], numbers: &[f64]) {
        let mut fields: Vec<&dyn std::fmt::Display> = labels.to_vec();
        fields.extend(numbers.iter().map(|n| n as &dyn std::fmt::Display));
        self.row(&fields);
    }

    /// The table as text.
    pub fn finish(self) -> String {
        self.text
    }
}
