//! The command line: argument parsing and one module per subcommand. Exit codes: 0 success,
//! 1 an expectation failed (`check`), 2 bad input or a failure to write results.

mod calibrate;
mod check;
mod compare;
mod explain;
mod hindcast;
mod list;
mod merge;
mod progress;
mod report;
mod run;
mod validate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use steppe::diag::{Diagnostic, Diagnostics};
use steppe::export::{self, ExportError};
use steppe::inputs::Loaded;
use steppe::io::load::load_scenario;
use steppe::io::output::Staging;
use steppe::simulate::{Results, SimulateError};

/// Default world file, relative to the working folder.
pub const DEFAULT_WORLD: &str = "seeds/world.toml";
/// Default scenario folder, relative to the working folder.
pub const DEFAULT_SCENARIOS: &str = "scenarios";

/// steppe: scenarios of Russian, Chinese and US influence in Central Asia.
#[derive(Debug, Parser)]
#[command(name = "steppe", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run scenarios and write tidy CSV, summary.json and plots to OUT/<scenario>/.
    Run(run::RunArgs),
    /// Check world or scenario files without running them.
    Validate {
        /// Files to check (world files and scenario files).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List scenarios, actors, domains and drivers (or every parameter with --params).
    List {
        /// The world file.
        #[arg(long, default_value = DEFAULT_WORLD)]
        world: PathBuf,
        /// The scenario folder.
        #[arg(long, default_value = DEFAULT_SCENARIOS)]
        scenarios: PathBuf,
        /// List every parameter path with its value and range.
        #[arg(long)]
        params: bool,
    },
    /// Explain an actor, driver, domain, parameter path, claim or scenario: values, ranges, evidence.
    Explain {
        /// An id (`russia`, `oil_price`), a parameter path (`russia.commitments`), a claim (`C12`)
        /// or a scenario (`ukraine-freeze`, or a path to a scenario file).
        name: String,
        /// The world file.
        #[arg(long, default_value = DEFAULT_WORLD)]
        world: PathBuf,
        /// Show values as overridden by this scenario.
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Compare scenarios as paired ensembles: overlays, differences from a baseline, a table.
    Compare(compare::CompareArgs),
    /// Combine the partial results of `steppe run --runs N --shard K/M` into the full result.
    Merge(merge::MergeArgs),
    /// Evaluate scenarios' expectations and print a table; exits 1 if one fails.
    Check(check::CheckArgs),
    /// Replay the past (2014-2024) as an ensemble and score it against measured series.
    Hindcast(hindcast::HindcastArgs),
    /// Fit judgement- and claim-grade parameters to measured series (ABC) and write a posterior.
    Calibrate(calibrate::CalibrateArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Validate { files } => validate::validate(&files),
        Command::List {
            world,
            scenarios,
            params,
        } => list::list(&world, &scenarios, params),
        Command::Explain {
            name,
            world,
            scenario,
        } => explain::explain(&name, &world, scenario.as_deref()),
        Command::Check(args) => check::check(&args),
        Command::Merge(args) if calibrate::is_calibration(&args.parts) => calibrate::merge(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Hindcast(args) => hindcast::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(diagnostics) => {
            report::print(&diagnostics);
            ExitCode::from(2)
        }
    }
}

/// Prints problems that do not stop a command (e.g. a run starting far from every known state
/// of the world) on stderr as `warning: file:line:column: message`.
pub fn print_warnings(l: &Loaded) {
    for w in &l.warnings {
        let at = w
            .location()
            .map_or(String::new(), |p| format!(":{}:{}", p.line, p.column));
        eprintln!("warning: {}{at}: {}", w.file, w.message);
    }
}

/// Loads every scenario first, so that bad input anywhere writes nothing at all.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Loaded>, Diagnostics> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match load_scenario(p) {
            Ok(l) => {
                print_warnings(&l);
                loaded.push(l);
            }
            Err(d) => errors.extend(d.0),
        }
    }
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(Diagnostics(errors))
    }
}

/// A simulation error as a diagnostic: about the scenario `l` run by `command`.
pub fn simulate_error(e: SimulateError, l: &Loaded, command: &str) -> Diagnostics {
    let d = match e {
        SimulateError::NotFinite => Diagnostic::file(l.source.name.clone(), e.to_string())
            .with_help("check extreme values in [override] and events; `steppe explain PATH` shows each parameter's range"),
        SimulateError::Ensemble(e) => Diagnostic::file(l.source.name.clone(), e.to_string()),
        SimulateError::Spec(m) => Diagnostic::file(command, m),
        SimulateError::Threads { .. } => Diagnostic::file("steppe", e.to_string()),
        SimulateError::Parts { file, message } => Diagnostic::file(file, message),
    };
    d.into()
}

/// A failure to write results as a diagnostic naming the file.
pub fn export_error(e: ExportError) -> Diagnostics {
    match e {
        ExportError::Write { path, reason } => {
            Diagnostic::file(path, format!("cannot write: {reason}"))
        }
        other => Diagnostic::file("steppe", other.to_string()),
    }
    .into()
}

/// Writes results with every standard exporter into `out/<folder>/`, atomically; returns the
/// folder.
pub fn write_results(out: &Path, results: &Results) -> Result<PathBuf, Diagnostics> {
    let mut staging = Staging::new(out, &export::folder_name(results)).map_err(export_error)?;
    export::export_all(&export::standard(), results, &mut staging).map_err(export_error)?;
    staging.commit().map_err(export_error)
}

/// Result of a subcommand: an exit code, or input problems (exit code 2).
pub type CommandResult = Result<ExitCode, Diagnostics>;
