//! `steppe check`: evaluate scenarios' expectations and print a table.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::CommandResult;
use steppe::analysis::expect::{self, Row};
use steppe::diag::{Diagnostic, Diagnostics};
use steppe::io::load::{Loaded, load_scenario, scenario_files};
use steppe::scenario::Against;

/// Arguments of `steppe check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files to check (default: every scenario in the scenario folder).
    pub scenarios: Vec<PathBuf>,
    /// The scenario folder used when no files are given.
    #[arg(long, default_value = super::DEFAULT_SCENARIOS)]
    pub dir: PathBuf,
    /// Ensemble members for expectations that state a probability.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CHECK_RUNS, value_parser = super::members, allow_negative_numbers = true)]
    pub runs: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = super::threads, allow_negative_numbers = true)]
    pub threads: Option<u64>,
}

/// Members used for probability expectations when `--runs` is not given.
pub const DEFAULT_CHECK_RUNS: u64 = 200;

/// Loads a scenario that an expectation compares against, relative to the checked scenario.
fn load_bound(l: &Loaded, name: &str, span: std::ops::Range<usize>) -> Result<Loaded, Diagnostics> {
    let dir = l.path.parent().unwrap_or(Path::new("."));
    let path = dir.join(format!("{name}.toml"));
    if !path.exists() {
        return Err(Diagnostic::at(
            &l.source,
            span,
            format!("no scenario `{name}`: {} does not exist", path.display()),
        )
        .into());
    }
    let other = load_scenario(&path)?;
    if !other.same_world(l) {
        return Err(Diagnostic::at(
            &l.source,
            span,
            format!("cannot compare with `{name}`: it uses a different world"),
        )
        .into());
    }
    if other.scenario.calendar != l.scenario.calendar {
        return Err(Diagnostic::at(
            &l.source,
            span,
            format!(
                "cannot compare with `{name}`: it runs from {} to {} in {:?} steps, this scenario from {} to {} in {:?} steps",
                other.scenario.calendar.start,
                other.scenario.calendar.end(),
                other.scenario.calendar.step,
                l.scenario.calendar.start,
                l.scenario.calendar.end(),
                l.scenario.calendar.step
            ),
        )
        .with_help("compared scenarios must share start, end and step")
        .into());
    }
    Ok(other)
}

/// Loads every scenario the expectations of `l` compare with (next to it, same world and calendar).
fn load_bounds(l: &Loaded) -> Result<Vec<Loaded>, Diagnostics> {
    let mut others: Vec<Loaded> = Vec::new();
    for x in &l.scenario.expectations {
        if let Against::Scenario(name) = &x.against {
            if !others.iter().any(|o| &o.scenario.name == name) {
                others.push(load_bound(l, name, x.bound_span.clone())?);
            }
        }
    }
    Ok(others)
}

/// Runs `steppe check`.
pub fn check(args: &CheckArgs) -> CommandResult {
    let files = if args.scenarios.is_empty() {
        scenario_files(&args.dir)?
    } else {
        args.scenarios.clone()
    };
    let loaded = super::load_all(&files)?;
    let mut rows = Vec::new();
    for l in &loaded {
        let others = load_bounds(l)?;
        let threads = args.threads.map(|t| t as usize);
        rows.extend(
            expect::evaluate(l, &others, args.runs, threads)
                .map_err(|e| super::simulate_error(e, l, "steppe check"))?,
        );
    }
    print_table(&rows)?;
    let failed = rows.iter().filter(|r| !r.pass).count();
    outln!(
        "\n{} expectations, {} passed, {} failed",
        rows.len(),
        rows.len() - failed,
        failed
    )?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_table(rows: &[Row]) -> std::io::Result<()> {
    let w = |f: &dyn Fn(&Row) -> usize, min: usize| rows.iter().map(f).max().unwrap_or(0).max(min);
    let (ws, wc, wm, we) = (
        w(&|r| r.scenario.len(), 8),
        w(&|r| r.claim.len(), 5),
        w(&|r| r.metric.len(), 6),
        w(&|r| r.expected.len(), 8),
    );
    outln!(
        "{:<ws$}  {:<wc$}  {:<wm$}  {:<we$}  {:>8}  {:>8}  result",
        "scenario",
        "claim",
        "metric",
        "expected",
        "value",
        "bound"
    )?;
    for r in rows {
        outln!(
            "{:<ws$}  {:<wc$}  {:<wm$}  {:<we$}  {:>8.4}  {:>8.4}  {}",
            r.scenario,
            r.claim,
            r.metric,
            r.expected,
            r.value,
            r.bound,
            if r.pass { "pass" } else { "FAIL" }
        )?;
    }
    Ok(())
}
