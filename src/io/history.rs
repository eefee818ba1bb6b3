//! Reading the history files a world names: snapshots of earlier dates (with any evidence files
//! they add) and driver histories; and the measured series with their observation rules.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::load::{display, parse, read_source};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::history::{drivers, observe, snapshot};
use crate::provenance::{FileRef, sha256_hex};
use crate::schema::{DriverHistoryFile, EvidenceFile, Name, ObservedFile, RulesFile, SnapshotFile};
use crate::world::World;

/// A file as read, with its stamp for provenance.
fn stamp(source: &Source) -> FileRef {
    FileRef {
        path: source.name.clone(),
        sha256: sha256_hex(source.text.as_bytes()),
    }
}

fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads a file a world (or another file) names, reporting a missing file where it is named.
fn read_named(
    referrer: &Source,
    dir: &Path,
    name: &Name,
    what: &str,
) -> Result<Source, Diagnostic> {
    read_source(&dir.join(name.get_ref()))
        .map_err(|d| Diagnostic::at(referrer, name.span(), format!("{what}: {}", d.message)))
}

/// Reads and resolves the snapshots and driver histories a world file names into
/// `world.history`, adding every file read (and any evidence a snapshot brings) to `stamps`.
pub fn attach(
    world: &mut World,
    world_source: &Source,
    world_path: &Path,
    evidence_names: &[Name],
    snapshots: &[Name],
    history: Option<&Name>,
    stamps: &mut Vec<FileRef>,
) -> Result<(), Diagnostics> {
    let dir = world_path.parent().unwrap_or(Path::new("."));
    let mut loaded_evidence: HashSet<PathBuf> = evidence_names
        .iter()
        .map(|n| canonical(&dir.join(n.get_ref())))
        .collect();
    let world_canonical = canonical(world_path);
    let mut errors = Vec::new();
    for name in snapshots {
        let source = read_named(world_source, dir, name, "snapshot")?;
        let file: SnapshotFile = parse(&source, "a snapshot: `date`, `base` and `[override]`")?;
        let snap_dir = dir.join(name.get_ref());
        let snap_dir = snap_dir.parent().unwrap_or(Path::new("."));
        if canonical(&snap_dir.join(file.base.get_ref())) != world_canonical {
            errors.push(Diagnostic::at(
                &source,
                file.base.span(),
                format!(
                    "this snapshot is of `{}`, not of the world that lists it ({})",
                    file.base.get_ref(),
                    world_source.name
                ),
            ));
            continue;
        }
        for ev in &file.evidence {
            let path = canonical(&snap_dir.join(ev.get_ref()));
            if !loaded_evidence.insert(path) {
                continue;
            }
            let ev_source = read_named(&source, snap_dir, ev, "evidence file")?;
            let parsed: EvidenceFile =
                parse(&ev_source, "[[claim]], [[fact]] or [[source]] tables")?;
            stamps.push(stamp(&ev_source));
            world.evidence.extend(parsed);
        }
        let snap = snapshot::resolve(world, &source, &file)?;
        if let Some(other) = world.history.snapshots.iter().find(|s| s.date == snap.date) {
            errors.push(Diagnostic::at(
                &source,
                file.date.span(),
                format!(
                    "another snapshot ({}) already describes {}",
                    other.file, snap.date
                ),
            ));
            continue;
        }
        stamps.push(stamp(&source));
        world.history.snapshots.push(snap);
    }
    world.history.snapshots.sort_by_key(|s| s.date);
    if let Some(name) = history {
        let source = read_named(world_source, dir, name, "driver histories")?;
        let file: DriverHistoryFile = parse(&source, "`[[series]]` of driver histories")?;
        let resolved = drivers::resolve(world, &source, &file)?;
        stamps.push(stamp(&source));
        world.history.drivers = Some(resolved);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(errors))
    }
}

/// Measured series and the rules that map them to model outputs, as read.
#[derive(Debug, Clone)]
pub struct ObservationFiles {
    /// The rules file.
    pub rules_source: Source,
    /// Its parsed contents.
    pub rules: RulesFile,
    /// The measured series' file.
    pub observed_source: Source,
    /// Its parsed contents.
    pub observed: ObservedFile,
    /// Both files with their hashes.
    pub files: Vec<FileRef>,
}

/// Reads a rules file and the measured series it names.
pub fn read_observations(rules_path: &Path) -> Result<ObservationFiles, Diagnostics> {
    let rules_source = read_source(rules_path)?;
    let rules: RulesFile = parse(
        &rules_source,
        "observation rules: `observed`, `test_from` and `[[rule]]` tables",
    )?;
    let dir = rules_path.parent().unwrap_or(Path::new("."));
    let observed_source = read_named(&rules_source, dir, &rules.observed, "measured series")?;
    let observed: ObservedFile = parse(&observed_source, "`[[series]]` of measured values")?;
    let files = vec![stamp(&rules_source), stamp(&observed_source)];
    Ok(ObservationFiles {
        rules_source,
        rules,
        observed_source,
        observed,
        files,
    })
}

/// Reads and resolves observation rules against a loaded history scenario's world and calendar.
pub fn load_observations(
    rules_path: &Path,
    world: &World,
    calendar: &crate::calendar::Calendar,
) -> Result<(observe::Observations, Vec<FileRef>), Diagnostics> {
    let f = read_observations(rules_path)?;
    let obs = observe::resolve(
        world,
        calendar,
        (&f.rules_source, &f.rules),
        (&f.observed_source, &f.observed),
    )?;
    Ok((obs, f.files))
}

/// Reads a posterior file (written by `steppe calibrate`) and puts its samples into a loaded
/// scenario, so that its ensemble members draw from them; the file joins the scenario's inputs.
pub fn attach_posterior(
    loaded: &mut crate::inputs::Loaded,
    path: &Path,
) -> Result<(), Diagnostics> {
    let source = read_source(path)?;
    let samples = crate::calibrate::samples_file::read_samples(&source, &loaded.world)?;
    loaded.files.push(stamp(&source));
    loaded.posterior = Some(std::sync::Arc::new(samples));
    Ok(())
}

/// A path as shown to the user (re-exported for the history commands).
pub fn shown(path: &Path) -> String {
    display(path)
}
