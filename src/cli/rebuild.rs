//! `steppe report DIR`: rebuild `report.html` from a written result. The result's
//! `summary.json` says which scenario files (with their hashes), seed, members and noise made
//! it; if the files are unchanged, simulating again gives the same result byte for byte, which
//! is checked against `summary.json` before the report is written.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{CommandResult, export_error, load_all, simulate_error};
use steppe::diag::Diagnostic;
use steppe::export::report::{REPORT_FILE, Recorded, reproduces};
use steppe::export::{Exporter, Report};
use steppe::io::load::display;
use steppe::io::output::FolderSink;
use steppe::provenance::VERSION;
use steppe::simulate::{Subject, simulate};

/// Arguments of `steppe report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A results folder written by `steppe run` or `steppe compare` (holds summary.json).
    pub dir: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `steppe report`.
pub fn report(args: &ReportArgs) -> CommandResult {
    let summary = args.dir.join("summary.json");
    let name = display(&summary);
    let bytes = std::fs::read(&summary).map_err(|e| {
        Diagnostic::file(name.clone(), format!("cannot read it: {e}")).with_help(
            "give a results folder written by `steppe run` or `steppe compare` (it holds summary.json)",
        )
    })?;
    let recorded =
        Recorded::from_summary_json(&bytes).map_err(|m| Diagnostic::file(name.clone(), m))?;
    if let Some(v) = recorded.other_version() {
        return Err(Diagnostic::file(
            name,
            format!("the result was written by steppe {v}, this is steppe {VERSION}: it cannot be simulated again here"),
        )
        .with_help("run the command again with this steppe to make a new result and its report (add --report)")
        .into());
    }
    for s in &recorded.scenarios {
        if !std::path::Path::new(&s.file).is_file() {
            return Err(Diagnostic::file(
                name,
                format!("the scenario file `{}` the result was made from is not there", s.file),
            )
            .with_help("run `steppe report` from the folder the result was made in: paths in summary.json are relative to it")
            .into());
        }
    }
    let paths: Vec<PathBuf> = recorded
        .scenarios
        .iter()
        .map(|s| PathBuf::from(&s.file))
        .collect();
    let loaded = load_all(&paths)?;
    let changed = recorded.changed_inputs(&loaded);
    if !changed.is_empty() {
        return Err(Diagnostic::file(
            name,
            format!(
                "the inputs changed since the result was written, so the report would not show it: {}",
                changed.join("; ")
            ),
        )
        .with_help("run the command again to make a new result and its report (add --report)")
        .into());
    }
    let spec = recorded.spec(&loaded);
    let subject = match recorded.baseline {
        Some(baseline) => Subject::Comparison {
            scenarios: &loaded,
            baseline,
        },
        None => Subject::Scenario(&loaded[0]),
    };
    let results =
        simulate(subject, &spec).map_err(|e| simulate_error(e, &loaded[0], "steppe report"))?;
    if !reproduces(&results, &bytes).map_err(export_error)? {
        return Err(Diagnostic::file(
            name,
            "simulating again from the same inputs does not give the same summary.json: the result was not written by this build of steppe, or was edited",
        )
        .with_help("run the command again to make a new result and its report (add --report)")
        .into());
    }
    // Only a folder steppe wrote gets a report written into it.
    steppe::io::output::check_replaceable(&args.dir).map_err(export_error)?;
    let mut sink = FolderSink::new(&args.dir);
    Report::default()
        .export(&results, &mut sink)
        .map_err(export_error)?;
    if !args.quiet {
        outln!("wrote {}", display(&args.dir.join(REPORT_FILE)))?;
    }
    Ok(ExitCode::SUCCESS)
}
