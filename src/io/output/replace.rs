//! What steppe may replace: a results folder it wrote (marked, empty, or from an earlier
//! steppe version) and nothing else, and what an earlier result there was.

use std::fs;
use std::path::Path;

use super::{MARKER, write_error};
use crate::export::ExportError;
use crate::io::load::display;

/// Whether results may be written to `target`: nothing is there, or a folder steppe wrote (it
/// holds the [`MARKER`], or is empty, or holds the `summary.json` of an earlier steppe version).
/// Anything else, a file or a folder of the user's, is in the way.
pub fn check_replaceable(target: &Path) -> Result<(), ExportError> {
    let in_the_way = |what: String| ExportError::InTheWay {
        path: display(target),
        what,
    };
    let meta = match fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(write_error(target, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(in_the_way("a symbolic link".into()));
    }
    if !meta.is_dir() {
        return Err(in_the_way("a file".into()));
    }
    if target.join(MARKER).is_file() || written_by_old_steppe(target) {
        return Ok(());
    }
    let mut names: Vec<String> = fs::read_dir(target)
        .map_err(|e| write_error(target, e))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    let more = match names.len() - shown.len() {
        0 => String::new(),
        1 => " and 1 more".into(),
        n => format!(" and {n} more"),
    };
    Err(in_the_way(format!(
        "a folder steppe did not write (it holds {}{more})",
        shown.join(", ")
    )))
}

/// What an earlier result in `dir` was, read from its `summary.json` (seed, members, noise),
/// e.g. "seed 7, a single run, noise on"; `None` when nothing is there.
pub fn previous_result(dir: &Path) -> Option<String> {
    if !dir.is_dir() {
        return None;
    }
    let summary = fs::read_to_string(dir.join("summary.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
    let Some(summary) = summary else {
        return Some("an earlier result".into());
    };
    // A run's summary has its provenance; a comparison's, one per scenario and the shared seed.
    let p = summary
        .get("provenance")
        .or_else(|| summary.get("scenarios").and_then(|s| s.get(0)))
        .unwrap_or(&summary);
    let seed = p.get("seed").or_else(|| summary.get("seed"));
    let members = p.get("members").and_then(serde_json::Value::as_u64);
    let ensemble = p.get("ensemble").and_then(serde_json::Value::as_bool);
    let mut parts = Vec::new();
    if let Some(seed) = seed {
        parts.push(format!("seed {seed}"));
    }
    parts.push(match (ensemble, members) {
        (Some(false), _) => "a single run".to_string(),
        (_, Some(1)) => "1 member".to_string(),
        (_, Some(n)) => format!("{n} members"),
        _ => "an earlier result".to_string(),
    });
    if let Some(noise) = p.get("noise").and_then(serde_json::Value::as_bool) {
        parts.push(format!("noise {}", if noise { "on" } else { "off" }));
    }
    Some(parts.join(", "))
}

/// Whether a folder is a result of a steppe version from before the marker: its `summary.json`
/// records the steppe version that wrote it.
fn written_by_old_steppe(dir: &Path) -> bool {
    fs::read_to_string(dir.join("summary.json")).is_ok_and(|t| t.contains("\"steppe_version\""))
}
