//! The command line: argument parsing and one module per subcommand. Exit codes: 0 success,
//! 1 an expectation failed (`check`), 2 bad input or a failure to write results.

/// `println!` that returns an error instead of panicking when standard output is gone (a pipe
/// into `head` closed early): `outln!(...)?`.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

mod calibrate;
mod check;
mod compare;
mod explain;
mod hindcast;
mod list;
mod merge;
mod overrides;
mod progress;
mod rebuild;
mod report;
mod run;
mod sweep;
mod validate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use steppe::diag::{Diagnostic, Diagnostics};
use steppe::export::{self, ExportError};
use steppe::inputs::Loaded;
use steppe::io::load::load_scenario_with;
use steppe::io::output::Staging;
use steppe::scenario::CommandLine;
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
        /// With --params: `table` (default), `salib` (a SALib problem file for
        /// `read_param_file`: name, low, high of every parameter with a range) or `salib-json`
        /// (SALib's problem dictionary as JSON).
        #[arg(long, requires = "params", default_value = "table", value_parser = ["table", "salib", "salib-json"])]
        format: String,
        /// With --params: only parameters of this evidence grade (`judgement` includes ungraded
        /// ones), as `all = "..."` in an experiment picks them.
        #[arg(long, requires = "params", value_parser = ["judgement", "claim", "fact"])]
        grade: Option<String>,
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
    /// Run an experiment over parameters (EXPERIMENT.toml): which assumptions drive an outcome.
    Sweep(sweep::SweepArgs),
    /// Replay the past (2014-2024) as an ensemble and score it against measured series.
    Hindcast(hindcast::HindcastArgs),
    /// Fit judgement- and claim-grade parameters to measured series (ABC) and write a posterior.
    Calibrate(calibrate::CalibrateArgs),
    /// Rebuild report.html in a results folder (checks that its inputs are unchanged).
    Report(rebuild::ReportArgs),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    on_signals_remove_unfinished();
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Validate { files } => validate::validate(&files),
        Command::List {
            world,
            scenarios,
            params,
            format,
            grade,
        } => in_project(&world, DEFAULT_WORLD).and_then(|world| {
            list::list(
                &world,
                &in_project_or_same(&scenarios, DEFAULT_SCENARIOS),
                params,
                &format,
                grade.as_deref(),
            )
        }),
        Command::Explain {
            name,
            world,
            scenario,
        } => in_project(&world, DEFAULT_WORLD)
            .and_then(|world| explain::explain(&name, &world, scenario.as_deref())),
        Command::Check(mut args) => {
            args.dir = in_project_or_same(&args.dir, DEFAULT_SCENARIOS);
            check::check(&args)
        }
        Command::Merge(args) if calibrate::is_calibration(&args.parts) => calibrate::merge(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Hindcast(args) => hindcast::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
        Command::Report(args) => rebuild::report(&args),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Input(diagnostics)) => {
            report::print(&diagnostics);
            ExitCode::from(2)
        }
        // Whoever read the output has all they wanted (`steppe list | head -1`): as ripgrep
        // does, stop quietly and successfully.
        Err(Failure::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!("steppe: cannot write to standard output: {e}");
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

/// Why a command stopped early.
#[derive(Debug)]
pub enum Failure {
    /// Bad input, or results that could not be written (exit 2).
    Input(Diagnostics),
    /// Standard output could not be written (a closed pipe ends quietly, with exit 0).
    Output(std::io::Error),
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Failure {
        Failure::Input(d)
    }
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Failure {
        Failure::Input(d.into())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Output(e)
    }
}

/// On SIGINT (Ctrl-C) or SIGTERM, removes the results folders still being written and exits
/// with 128 + the signal's number (130, 143), as shells expect of an interrupted program.
fn on_signals_remove_unfinished() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        // Without the handler a signal still stops steppe; the next run sweeps what is left.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                steppe::io::output::abandon_unfinished();
                std::process::exit(128 + signal);
            }
        });
    }
}

/// A whole number from 1 to `max`, with a message that says so (a negative number is read as a
/// value, not as an option, so that its message is about the number).
fn whole_number(text: &str, what: &str, max: u64) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ if text.trim().starts_with('-') => Err(format!(
            "`{text}` is negative: {what} is a whole number from 1 to {max}"
        )),
        _ => Err(format!(
            "`{text}` is not {what}: give a whole number from 1 to {max}"
        )),
    }
}

/// Reads a number of ensemble members (`--runs`).
pub fn members(text: &str) -> Result<u64, String> {
    whole_number(text, "a number of members", steppe::ensemble::MAX_MEMBERS)
}

/// Reads a number of worker threads (`--threads`).
pub fn threads(text: &str) -> Result<u64, String> {
    whole_number(text, "a number of threads", 1024)
}

/// Reads a seed (`--seed`).
pub fn seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "`{text}` is not a seed: give a whole number from 0 to {}",
            u64::MAX
        )
    })
}

/// The project root: the nearest folder, from the working folder up, holding
/// `seeds/world.toml`.
pub fn project_root() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    here.ancestors()
        .find(|d| d.join(DEFAULT_WORLD).is_file())
        .map(Path::to_path_buf)
}

/// A default path (`seeds/world.toml`, `scenarios`) found from any folder of the project: as
/// given when it exists or was given explicitly, else under the project root.
pub fn in_project_or_same(path: &Path, default: &str) -> PathBuf {
    if path.exists() || path != Path::new(default) {
        return path.to_path_buf();
    }
    project_root().map_or_else(|| path.to_path_buf(), |root| root.join(default))
}

/// [`in_project_or_same`], or a message saying that the project cannot be found.
fn in_project(path: &Path, default: &str) -> Result<PathBuf, Failure> {
    let found = in_project_or_same(path, default);
    if found.exists() || path != Path::new(default) {
        return Ok(found);
    }
    Err(Diagnostic::file(
        default,
        format!("no `{default}` in this folder or any folder above it"),
    )
    .with_help("run steppe inside its repository (the folder holding seeds/ and scenarios/), or give --world FILE")
    .into())
}

/// A scenario argument as a file: a path as given, or a bare name (`ukraine-freeze`) as
/// `scenarios/<name>.toml` of the project.
fn scenario_path(arg: &Path) -> Result<PathBuf, Diagnostic> {
    let bare = arg.extension().is_none() && arg.components().count() == 1;
    if arg.exists() || !bare {
        return Ok(arg.to_path_buf());
    }
    let dir = in_project_or_same(Path::new(DEFAULT_SCENARIOS), DEFAULT_SCENARIOS);
    let file = dir.join(arg).with_extension("toml");
    if file.is_file() {
        return Ok(file);
    }
    let name = arg.to_string_lossy();
    let files = steppe::io::load::scenario_files(&dir).unwrap_or_default();
    let stem = |f: &PathBuf| f.file_stem().map(|s| s.to_string_lossy().into_owned());
    // A scenario in a subfolder (`scenarios/past/history.toml`) by its bare name too.
    if let Some(f) = files.iter().find(|f| stem(f).as_deref() == Some(&*name)) {
        return Ok(f.clone());
    }
    let stems: Vec<String> = files.iter().filter_map(stem).collect();
    let d = Diagnostic::file(
        name.to_string(),
        format!(
            "no such file, and no scenario `{name}` in {}",
            dir.display()
        ),
    );
    Err(
        match steppe::diag::closest(&name, stems.iter().map(String::as_str)) {
            Some(best) => {
                let file = files.iter().find(|f| stem(f).as_deref() == Some(best));
                let shown = file.map_or_else(
                    || dir.join(format!("{best}.toml")).display().to_string(),
                    |f| f.display().to_string(),
                );
                d.with_help(format!("did you mean `{best}` ({shown})?"))
            }
            None => d.with_help("`steppe list` shows the scenarios"),
        },
    )
}

/// Loads every scenario first, with the command line's changes, so that bad input anywhere
/// writes nothing at all. A bad argument is reported once, not once per scenario.
pub fn load_all(paths: &[PathBuf], command_line: &CommandLine) -> Result<Vec<Loaded>, Diagnostics> {
    let mut loaded = Vec::new();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for p in paths {
        let p = match scenario_path(p) {
            Ok(p) => p,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        match load_scenario_with(&p, command_line) {
            Ok(l) => {
                print_warnings(&l);
                loaded.push(l);
            }
            Err(d) => {
                for x in d.0 {
                    if !errors.contains(&x) {
                        errors.push(x);
                    }
                }
            }
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
        SimulateError::Sweep(m) => Diagnostic::file(l.source.name.clone(), m),
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
        ExportError::InTheWay { path, what } => Diagnostic::file(
            path,
            format!("cannot write results here: {what} is in the way, and steppe only replaces folders it wrote itself"),
        )
        .with_help("move it away, or write the results elsewhere with --out DIR"),
        other => Diagnostic::file("steppe", other.to_string()),
    }
    .into()
}

/// The exporters a command writes with: the standard formats, and the HTML report when asked.
pub fn exporters(report: bool) -> Vec<Box<dyn export::Exporter>> {
    if report {
        export::standard_with_report()
    } else {
        export::standard()
    }
}

/// Writes results with every standard exporter into `out/<folder>/`, atomically; returns the
/// folder.
pub fn write_results(out: &Path, results: &Results) -> Result<PathBuf, Diagnostics> {
    let mut staging = Staging::new(out, &export::folder_name(results)).map_err(export_error)?;
    export::export_all(&export::standard(), results, &mut staging).map_err(export_error)?;
    staging.commit().map_err(export_error)
}

/// Result of a subcommand: an exit code, or why it stopped (input problems: exit code 2).
pub type CommandResult = Result<ExitCode, Failure>;
