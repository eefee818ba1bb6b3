//! `steppe merge`: combine shard results into exactly what one machine would have written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::Outcome;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ensemble::aggregate::{Aggregate, Layout};
use crate::ensemble::part::{self, PartHeader, shard_range};
use crate::io::ensemble_results::{ensemble_summary, write_ensemble};
use crate::io::load::{display, load_scenario};
use crate::metric::Weights;

/// Arguments of `steppe merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Part files written by `steppe run --runs N --shard K/M` (all M of them).
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Folder to write the merged results into (OUT/<scenario>/).
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

fn read_part(path: &Path) -> Result<(PartHeader, Aggregate), Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(display(path), format!("cannot read the part file: {e}")))?;
    part::decode(&bytes).map_err(|msg| {
        Diagnostic::file(display(path), msg)
            .with_help("write it again with `steppe run ... --shard K/M`")
    })
}

/// The content hashes of input files (paths depend on where a command is run from).
fn hashes(files: &[crate::summary::FileRef]) -> Vec<&str> {
    files.iter().map(|f| f.sha256.as_str()).collect()
}

/// Checks that the parts belong together and cover every shard exactly once.
fn check_parts(parts: &[(PathBuf, PartHeader)]) -> Result<(), Diagnostic> {
    let (first_path, first) = &parts[0];
    for (path, h) in &parts[1..] {
        let mismatch = |what: &str| {
            Diagnostic::file(
                display(path),
                format!(
                    "cannot merge with {}: the parts differ in {what}",
                    display(first_path)
                ),
            )
        };
        if h.scenario != first.scenario || hashes(&h.files) != hashes(&first.files) {
            return Err(mismatch("scenario or input files"));
        }
        if h.seed != first.seed {
            return Err(mismatch("seed"));
        }
        if h.steppe_version != first.steppe_version {
            return Err(mismatch("steppe version"));
        }
        if h.members != first.members || h.shards != first.shards || h.noise != first.noise {
            return Err(mismatch("ensemble size, number of shards or noise setting"));
        }
    }
    let m = first.shards;
    if parts.len() as u64 > m {
        return Err(Diagnostic::file(
            display(first_path),
            format!("{} parts given for {m} shards", parts.len()),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (path, h) in parts {
        if h.shard == 0
            || h.shard > m
            || shard_range(h.members, h.shard, m) != (h.first_member..h.end_member)
        {
            return Err(Diagnostic::file(
                display(path),
                "the part's shard numbers are inconsistent",
            ));
        }
        if !seen.insert(h.shard) {
            return Err(Diagnostic::file(
                display(path),
                format!("shard {}/{m} is given twice", h.shard),
            ));
        }
    }
    // Fewer parts than shards: name the first few missing ones.
    let missing: Vec<String> = (1..=m)
        .filter(|k| !seen.contains(k))
        .take(10)
        .map(|k| format!("{k}/{m}"))
        .collect();
    if !missing.is_empty() {
        return Err(Diagnostic::file(
            display(first_path),
            format!("shards missing: {}", missing.join(", ")),
        ));
    }
    Ok(())
}

/// Runs `steppe merge`.
pub fn merge(args: &MergeArgs) -> Outcome {
    let mut headers = Vec::new();
    let mut aggregates = Vec::new();
    let mut errors = Vec::new();
    for p in &args.parts {
        match read_part(p) {
            Ok((h, a)) => {
                headers.push((p.clone(), h));
                aggregates.push(a);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    check_parts(&headers)?;
    let (first_path, header) = &headers[0];
    let loaded = load_scenario(Path::new(&header.file))?;
    if hashes(&loaded.files) != hashes(&header.files) {
        return Err(Diagnostic::file(
            display(first_path),
            format!("the scenario or world files have changed since the parts were written (compare `{}` and the files it uses)", header.file),
        )
        .into());
    }
    let layout = Layout::new(
        &loaded.world,
        &loaded.scenario.calendar,
        Weights::new(&loaded.world),
    );
    let mut total = Aggregate::new(&layout);
    for a in &aggregates {
        if !a.influence.same_shape(&total.influence)
            || !a.drivers.same_shape(&total.drivers)
            || a.first_overtake.len() != total.first_overtake.len()
        {
            return Err(Diagnostic::file(
                display(first_path),
                "the parts do not match this scenario's series",
            )
            .into());
        }
        total.merge(a);
    }
    let mut loaded = loaded;
    loaded.scenario.noise = header.noise;
    let summary = ensemble_summary(&loaded, &layout, &total, header.seed);
    let dir = write_ensemble(&args.out, &loaded, &layout, &total, &summary, None)?;
    if !args.quiet {
        super::run::print_ensemble_overview(&loaded, &summary, &dir);
    }
    Ok(ExitCode::SUCCESS)
}
