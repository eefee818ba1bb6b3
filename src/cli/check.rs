//! `steppe check`: evaluate scenarios' expectations and print a table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::Outcome;
use crate::diag::{Diagnostic, Diagnostics};
use crate::engine::{Engine, Trajectory};
use crate::ensemble::Ensemble;
use crate::expect;
use crate::io::load::{Loaded, load_scenario, scenario_files};
use crate::metric::Metric;
use crate::metric::Weights;
use crate::scenario::{Against, Expectation};

/// Arguments of `steppe check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files to check (default: every scenario in the scenario folder).
    pub scenarios: Vec<PathBuf>,
    /// The scenario folder used when no files are given.
    #[arg(long, default_value = super::DEFAULT_SCENARIOS)]
    pub dir: PathBuf,
    /// Ensemble members for expectations that state a probability.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CHECK_RUNS, value_parser = clap::value_parser!(u64).range(1..=crate::ensemble::MAX_MEMBERS))]
    pub runs: u64,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
}

/// Members used for probability expectations when `--runs` is not given.
pub const DEFAULT_CHECK_RUNS: u64 = 200;

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
    /// Value in the scenario (for a probability expectation: the share of members in which it holds).
    pub value: f64,
    /// Value of the bound (for a probability expectation: the share required).
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

/// Evaluates every expectation of a loaded scenario: those with a probability over an ensemble of
/// `runs` members paired with the scenarios they compare with, the others with single central runs.
pub fn evaluate(l: &Loaded, runs: u64) -> Result<Vec<Row>, Diagnostics> {
    let mut rows = evaluate_single(l)?;
    rows.extend(evaluate_ensemble(l, runs)?);
    Ok(rows)
}

/// Expectations that state a probability: the share of paired members in which they hold.
fn evaluate_ensemble(l: &Loaded, runs: u64) -> Result<Vec<Row>, Diagnostics> {
    let wanted: Vec<&Expectation> = l
        .scenario
        .expectations
        .iter()
        .filter(|x| x.probability.is_some())
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let mut others: Vec<Loaded> = Vec::new();
    for x in &wanted {
        if let Against::Scenario(name) = &x.against {
            if !others.iter().any(|o| &o.scenario.name == name) {
                others.push(load_bound(l, name, x.bound_span.clone())?);
            }
        }
    }
    let mut scenarios = vec![&l.scenario];
    scenarios.extend(others.iter().map(|o| &o.scenario));
    let ensemble = Ensemble::new(&l.world, scenarios, l.scenario.seed)
        .map_err(|e| Diagnostic::file(l.source.name.clone(), e.to_string()))?;
    let layout = &ensemble.layout;
    let n = layout.points;
    let at = |m: &Metric, point: usize| layout.metric_index(m).unwrap_or(0) * n + point;
    let counts = ensemble
        .fold(
            0..runs,
            &|_| {},
            || vec![0u64; wanted.len()],
            |acc, m| {
                for (j, x) in wanted.iter().enumerate() {
                    let value = m.metrics[0][at(&x.metric, x.point)];
                    let bound = match &x.against {
                        Against::Value(v) => *v,
                        Against::Metric(other, _) => m.metrics[0][at(other, x.point)],
                        Against::Scenario(name) => {
                            let k = 1 + others
                                .iter()
                                .position(|o| &o.scenario.name == name)
                                .unwrap_or(0);
                            m.metrics[k][at(&x.metric, x.point)]
                        }
                    };
                    if expect::holds(x, value, bound) {
                        acc[j] += 1;
                    }
                }
            },
            |a, b| a.iter_mut().zip(b).for_each(|(x, y)| *x += y),
        )
        .map_err(|e| Diagnostic::file(l.source.name.clone(), e.to_string()))?;
    Ok(wanted
        .iter()
        .zip(counts)
        .map(|(x, c)| {
            let share = c as f64 / runs as f64;
            let required = x.probability.unwrap_or(1.0);
            Row {
                scenario: l.scenario.name.clone(),
                claim: x.claim.clone(),
                metric: format!("{} @ {}", x.metric_text, l.scenario.calendar.date(x.point)),
                expected: expect::describe(x),
                value: share,
                bound: required,
                pass: share >= required,
            }
        })
        .collect())
}

/// Expectations without a probability, on single central runs with the scenario's seed.
fn evaluate_single(l: &Loaded) -> Result<Vec<Row>, Diagnostics> {
    let seed = l.scenario.seed;
    let run = |x: &Loaded| -> Result<Trajectory, Diagnostics> {
        let t = Engine::new(&x.world, &x.scenario)
            .with_seed(seed)
            .run_central();
        crate::io::results::check_finite(x, &t)?;
        Ok(t)
    };
    let own = run(l)?;
    let weights = Weights::new(&l.world);
    let mut others: HashMap<String, Trajectory> = HashMap::new();
    let mut rows = Vec::new();
    for x in l
        .scenario
        .expectations
        .iter()
        .filter(|x| x.probability.is_none())
    {
        let value = weights.value(own.influence_at(x.point), &x.metric);
        let bound = match &x.against {
            Against::Value(v) => *v,
            Against::Metric(m, _) => weights.value(own.influence_at(x.point), m),
            Against::Scenario(name) => {
                if !others.contains_key(name) {
                    let other = load_bound(l, name, x.bound_span.clone())?;
                    others.insert(name.clone(), run(&other)?);
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
        rows.extend(super::run::with_threads(args.threads, || {
            evaluate(l, args.runs)
        })??);
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
