//! `steppe check`: evaluate scenarios' expectations and print a table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::Outcome;
use crate::aggregate::Weights;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::{Engine, Trajectory};
use crate::expect;
use crate::io::load::{Loaded, load_scenario, scenario_files};
use crate::scenario::Against;

/// Arguments of `steppe check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files to check (default: every scenario in the scenario folder).
    pub scenarios: Vec<PathBuf>,
    /// The scenario folder used when no files are given.
    #[arg(long, default_value = super::DEFAULT_SCENARIOS)]
    pub dir: PathBuf,
}

/// One evaluated expectation.
#[derive(Debug, Clone)]
pub struct Row {
    /// Scenario name.
    pub scenario: String,
    /// Claim id.
    pub claim: String,
    /// Metric and date.
    pub metric: String,
    /// Expected relation.
    pub expected: String,
    /// Value in the scenario.
    pub value: f64,
    /// Value of the bound.
    pub bound: f64,
    /// Whether it holds.
    pub pass: bool,
}

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
    if other.world != l.world {
        return Err(Diagnostic::at(
            &l.source,
            0..0,
            format!("cannot compare with `{name}`: it uses a different world"),
        )
        .into());
    }
    Ok(other)
}

/// Evaluates every expectation of a loaded scenario with single central runs.
pub fn evaluate(l: &Loaded) -> Result<Vec<Row>, Diagnostics> {
    let seed = l.scenario.seed;
    let run = |x: &Loaded| -> Trajectory {
        Engine::new(&x.world, &x.scenario)
            .with_seed(seed)
            .run_central()
    };
    let own = run(l);
    let weights = Weights::new(&l.world, &l.scenario.params);
    let mut others: HashMap<String, Trajectory> = HashMap::new();
    let mut rows = Vec::new();
    for x in &l.scenario.expectations {
        let value = weights.value(own.influence_at(x.point), &x.metric);
        let bound = match &x.against {
            Against::Value(v) => *v,
            Against::Metric(m, _) => weights.value(own.influence_at(x.point), m),
            Against::Scenario(name) => {
                if !others.contains_key(name) {
                    let other = load_bound(l, name, x.bound_span.clone())?;
                    others.insert(name.clone(), run(&other));
                }
                weights.value(others[name].influence_at(x.point), &x.metric)
            }
        };
        rows.push(Row {
            scenario: l.scenario.name.clone(),
            claim: x.claim.clone(),
            metric: format!("{} @ {}", x.metric_text, l.scenario.calendar.date(x.point)),
            expected: expect::describe(x),
            value,
            bound,
            pass: expect::holds(x, value, bound),
        });
    }
    Ok(rows)
}

/// Runs `steppe check`.
pub fn check(args: &CheckArgs) -> Outcome {
    let files = if args.scenarios.is_empty() {
        scenario_files(&args.dir)?
    } else {
        args.scenarios.clone()
    };
    let loaded = super::run::load_all(&files)?;
    let mut rows = Vec::new();
    for l in &loaded {
        rows.extend(evaluate(l)?);
    }
    print_table(&rows);
    let failed = rows.iter().filter(|r| !r.pass).count();
    println!(
        "\n{} expectations, {} passed, {} failed",
        rows.len(),
        rows.len() - failed,
        failed
    );
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_table(rows: &[Row]) {
    let w = |f: &dyn Fn(&Row) -> usize, min: usize| rows.iter().map(f).max().unwrap_or(0).max(min);
    let (ws, wc, wm, we) = (
        w(&|r| r.scenario.len(), 8),
        w(&|r| r.claim.len(), 5),
        w(&|r| r.metric.len(), 6),
        w(&|r| r.expected.len(), 8),
    );
    println!(
        "{:<ws$}  {:<wc$}  {:<wm$}  {:<we$}  {:>8}  {:>8}  result",
        "scenario", "claim", "metric", "expected", "value", "bound"
    );
    for r in rows {
        println!(
            "{:<ws$}  {:<wc$}  {:<wm$}  {:<we$}  {:>8.4}  {:>8.4}  {}",
            r.scenario,
            r.claim,
            r.metric,
            r.expected,
            r.value,
            r.bound,
            if r.pass { "pass" } else { "FAIL" }
        );
    }
}
