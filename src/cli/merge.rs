//! `steppe merge`: combine shard results into exactly what one machine would have written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{CommandResult, simulate_error, write_results};
use steppe::analysis::summary::EnsembleSummary;
use steppe::diag::{Diagnostic, Diagnostics};
use steppe::ensemble::part;
use steppe::io::load::{display, load_scenario};
use steppe::simulate::{Part, Results, merge as merge_parts};

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

fn read_part(path: &Path) -> Result<Part, Diagnostic> {
    let name = display(path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(name.clone(), format!("cannot read the part file: {e}")))?;
    let (header, aggregate) = part::decode(&bytes).map_err(|msg| {
        Diagnostic::file(name.clone(), msg)
            .with_help("write it again with `steppe run ... --shard K/M`")
    })?;
    Ok(Part {
        name,
        header,
        aggregate,
    })
}

/// Runs `steppe merge`.
pub fn merge(args: &MergeArgs) -> CommandResult {
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    for p in &args.parts {
        match read_part(p) {
            Ok(part) => parts.push(part),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors).into());
    }
    let loaded = load_scenario(Path::new(&parts[0].header.file))?;
    let results =
        merge_parts(&loaded, parts).map_err(|e| simulate_error(e, &loaded, "steppe merge"))?;
    let dir = write_results(&args.out, &results)?;
    if let (false, Results::Ensemble(e)) = (args.quiet, &results) {
        super::run::print_ensemble_overview(&loaded, &EnsembleSummary::of(e), &dir)?;
    }
    Ok(ExitCode::SUCCESS)
}
