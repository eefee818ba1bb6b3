//! `steppe report DIR`: rebuild `report.html` from a written result. The result's
//! `summary.json` says which scenario files (with their hashes), seed, members and noise made
//! it; if the files are unchanged, simulating again gives the same result byte for byte, which
//! is checked against `summary.json` before the report is written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{CommandResult, export_error, load_all, simulate_error};
use steppe::diag::{Diagnostic, Diagnostics};
use steppe::export::report::{REPORT_FILE, Recorded, reproduces};
use steppe::export::{Exporter, Report};
use steppe::inputs::Loaded;
use steppe::io::load::display;
use steppe::io::output::FolderSink;
use steppe::provenance::VERSION;
use steppe::simulate::{Results, Subject, simulate};

/// Arguments of `steppe report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A results folder written by `steppe run` or `steppe compare` (holds summary.json).
    pub dir: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `steppe report`: reads what made the result, simulates it again, checks that this
/// gives the same `summary.json`, and only then writes `report.html` into the folder.
pub fn report(args: &ReportArgs) -> CommandResult {
    let summary = args.dir.join("summary.json");
    let name = display(&summary);
    let (bytes, recorded) = read_recorded(&summary, &name)?;
    let loaded = reload(&name, &bytes, &recorded)?;
    let results = simulate_again(&name, &bytes, &recorded, &loaded)?;
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

/// The bytes of `summary.json` (shown as `name`) and what it records, provided this steppe
/// made it and the scenario files it names are still there.
fn read_recorded(summary: &Path, name: &str) -> Result<(Vec<u8>, Recorded), Diagnostic> {
    let bytes = std::fs::read(summary).map_err(|e| {
        Diagnostic::file(name, format!("cannot read it: {e}")).with_help(
            "give a results folder written by `steppe run` or `steppe compare` (it holds summary.json)",
        )
    })?;
    let recorded = Recorded::from_summary_json(&bytes).map_err(|m| Diagnostic::file(name, m))?;
    if let Some(v) = recorded.other_version() {
        return Err(Diagnostic::file(
            name,
            format!("the result was written by steppe {v}, this is steppe {VERSION}: it cannot be simulated again here"),
        )
        .with_help("run the command again with this steppe to make a new result and its report (add --report)"));
    }
    for s in &recorded.scenarios {
        if !Path::new(&s.file).is_file() {
            return Err(Diagnostic::file(
                name,
                format!("the scenario file `{}` the result was made from is not there", s.file),
            )
            .with_help("run `steppe report` from the folder the result was made in: paths in summary.json are relative to it"));
        }
    }
    Ok((bytes, recorded))
}

/// The recorded scenarios loaded again with the recorded command-line changes (`--set`,
/// `--start`, `--end`, kept in the provenance); their inputs must not have changed since.
fn reload(name: &str, bytes: &[u8], recorded: &Recorded) -> Result<Vec<Loaded>, Diagnostics> {
    let paths: Vec<PathBuf> = recorded
        .scenarios
        .iter()
        .map(|s| PathBuf::from(&s.file))
        .collect();
    let command_line = recorded_command_line(bytes).ok_or_else(|| {
        Diagnostic::file(
            name,
            "the command-line changes recorded under provenance.overrides cannot be read back",
        )
    })?;
    let loaded = load_all(&paths, &command_line)?;
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
    Ok(loaded)
}

/// The result simulated again as recorded (one scenario, or a comparison with its baseline),
/// provided it reproduces `summary.json` (`bytes`) exactly.
fn simulate_again<'a>(
    name: &str,
    bytes: &[u8],
    recorded: &Recorded,
    loaded: &'a [Loaded],
) -> Result<Results<'a>, Diagnostics> {
    let spec = recorded.spec(loaded);
    let subject = match recorded.baseline {
        Some(baseline) => Subject::Comparison {
            scenarios: loaded,
            baseline,
        },
        None => Subject::Scenario(&loaded[0]),
    };
    let results =
        simulate(subject, &spec).map_err(|e| simulate_error(e, &loaded[0], "steppe report"))?;
    if !reproduces(&results, bytes).map_err(export_error)? {
        return Err(Diagnostic::file(
            name,
            "simulating again from the same inputs does not give the same summary.json: the result was not written by this build of steppe, or was edited",
        )
        .with_help("run the command again to make a new result and its report (add --report)")
        .into());
    }
    Ok(results)
}

/// The command-line changes recorded in a summary.json's provenance (one provenance, or one per
/// scenario of a comparison: they all carry the same changes). `None` if they cannot be read.
fn recorded_command_line(summary: &[u8]) -> Option<steppe::scenario::CommandLine> {
    let v: serde_json::Value = serde_json::from_slice(summary).ok()?;
    // A run's or an ensemble's summary has one provenance; a comparison's, one per scenario.
    let provenance = v
        .get("provenance")
        .or_else(|| v.get("scenarios").and_then(|s| s.as_array()?.first()));
    let Some(overrides) = provenance.and_then(|p| p.get("overrides")) else {
        return Some(steppe::scenario::CommandLine::default());
    };
    let args: Vec<String> = overrides
        .as_array()?
        .iter()
        .map(|a| a.as_str().map(str::to_string))
        .collect::<Option<_>>()?;
    steppe::scenario::CommandLine::from_arguments(&args)
}
