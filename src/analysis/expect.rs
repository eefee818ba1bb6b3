//! Expectations: whether a metric lies above or below its bound, by a margin, evaluated on the
//! same results a run writes (single runs, or member-level outcomes of paired ensembles).

use crate::inputs::Loaded;
use crate::scenario::{Against, Direction, Expectation};
use crate::simulate::{
    Outcome, OutcomeRun, Results, RunSpec, SimulateError, SingleRun, Subject, simulate,
};

/// Whether `value` satisfies the expectation against `bound`.
pub fn holds(x: &Expectation, value: f64, bound: f64) -> bool {
    match x.direction {
        Direction::Above => value > bound + x.by,
        Direction::Below => value < bound - x.by,
    }
}

/// The expectation as a short phrase, e.g. `> baseline + 0.01` or `< 0.3`.
pub fn describe(x: &Expectation) -> String {
    let op = match x.direction {
        Direction::Above => ">",
        Direction::Below => "<",
    };
    let bound = match &x.against {
        Against::Value(v) => format!("{v}"),
        Against::Scenario(s) | Against::Metric(_, s) => s.clone(),
    };
    let margin = match (x.by, x.direction) {
        (0.0, _) => String::new(),
        (b, Direction::Above) => format!(" + {b}"),
        (b, Direction::Below) => format!(" - {b}"),
    };
    let prob = x.probability.map_or(String::new(), |p| {
        format!(" in >= {:.0} % of members", p * 100.0)
    });
    format!("{op} {bound}{margin}{prob}")
}

/// One evaluated expectation.
#[derive(Debug, Clone, PartialEq)]
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

impl Row {
    fn new(l: &Loaded, x: &Expectation, value: f64, bound: f64, pass: bool) -> Row {
        Row {
            scenario: l.scenario.name.clone(),
            claim: x.claim.clone(),
            metric: format!("{} @ {}", x.metric_text, l.scenario.calendar.date(x.point)),
            expected: describe(x),
            value,
            bound,
            pass,
        }
    }
}

/// Evaluates every expectation of a scenario. `others` are the scenarios its expectations
/// compare with (by name; same world and calendar). Expectations without a probability are
/// evaluated on single central runs with the scenario's seed; those with a probability over
/// `members` paired ensemble members (common random numbers).
pub fn evaluate(
    l: &Loaded,
    others: &[Loaded],
    members: u64,
    threads: Option<usize>,
) -> Result<Vec<Row>, SimulateError> {
    let mut rows = evaluate_single(l, others)?;
    rows.extend(evaluate_probabilities(l, others, members, threads)?);
    Ok(rows)
}

fn other<'a>(others: &'a [Loaded], name: &str) -> Result<(usize, &'a Loaded), SimulateError> {
    others
        .iter()
        .enumerate()
        .find(|(_, o)| o.scenario.name == name)
        .ok_or_else(|| SimulateError::Spec(format!("no scenario `{name}` to compare with")))
}

/// A single central run of a scenario.
fn single<'a>(l: &'a Loaded, spec: &RunSpec) -> Result<SingleRun<'a>, SimulateError> {
    match simulate(Subject::Scenario(l), spec)? {
        Results::Single(r) => Ok(r),
        _ => Err(SimulateError::Spec("expected a single run".into())),
    }
}

/// Expectations without a probability, on single central runs with the scenario's seed.
fn evaluate_single(l: &Loaded, others: &[Loaded]) -> Result<Vec<Row>, SimulateError> {
    let spec = RunSpec::single().with_seed(l.scenario.seed);
    let own = single(l, &spec)?;
    let mut runs: Vec<Option<SingleRun>> = vec![None; others.len()];
    let mut rows = Vec::new();
    for x in l
        .scenario
        .expectations
        .iter()
        .filter(|x| x.probability.is_none())
    {
        let value = own.metric_series(&x.metric)[x.point];
        let bound = match &x.against {
            Against::Value(v) => *v,
            Against::Metric(m, _) => own.metric_series(m)[x.point],
            Against::Scenario(name) => {
                let (k, o) = other(others, name)?;
                if runs[k].is_none() {
                    runs[k] = Some(single(o, &spec)?);
                }
                runs[k]
                    .as_ref()
                    .map_or(f64::NAN, |r| r.metric_series(&x.metric)[x.point])
            }
        };
        rows.push(Row::new(l, x, value, bound, holds(x, value, bound)));
    }
    Ok(rows)
}

/// Expectations that state a probability: the share of paired members in which they hold.
fn evaluate_probabilities(
    l: &Loaded,
    others: &[Loaded],
    members: u64,
    threads: Option<usize>,
) -> Result<Vec<Row>, SimulateError> {
    let wanted: Vec<&Expectation> = l
        .scenario
        .expectations
        .iter()
        .filter(|x| x.probability.is_some())
        .collect();
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let paired = paired(l, others, &wanted)?;
    let spec = RunSpec {
        members: Some(members),
        threads,
        outcomes: outcomes(&paired, &wanted),
        ..RunSpec::default()
    };
    let subject = Subject::Comparison {
        scenarios: &paired,
        baseline: 0,
    };
    let Results::Outcomes(run) = simulate(subject, &spec)? else {
        return Err(SimulateError::Spec("expected member-level outcomes".into()));
    };
    Ok(shares(l, &wanted, &run, members))
}

/// The scenarios run as paired members: the scenario first, then the scenarios its
/// expectations compare with, in order of mention.
fn paired(
    l: &Loaded,
    others: &[Loaded],
    wanted: &[&Expectation],
) -> Result<Vec<Loaded>, SimulateError> {
    let mut paired: Vec<Loaded> = vec![l.clone()];
    for x in wanted {
        if let Against::Scenario(name) = &x.against {
            if !paired.iter().skip(1).any(|o| &o.scenario.name == name) {
                paired.push(other(others, name)?.1.clone());
            }
        }
    }
    Ok(paired)
}

/// The outcomes each member records: per expectation its metric, then (unless it compares with a
/// fixed value) what it is compared with, in the scenario or the other one.
fn outcomes(paired: &[Loaded], wanted: &[&Expectation]) -> Vec<Outcome> {
    let index = |name: &str| paired.iter().skip(1).position(|o| o.scenario.name == name);
    let mut outcomes = Vec::new();
    for x in wanted {
        let bound = match &x.against {
            Against::Value(_) => None,
            Against::Metric(m, _) => Some((0, *m)),
            Against::Scenario(name) => index(name).map(|k| (k + 1, x.metric)),
        };
        outcomes.push(Outcome {
            scenario: 0,
            metric: x.metric,
            point: x.point,
        });
        if let Some((scenario, metric)) = bound {
            outcomes.push(Outcome {
                scenario,
                metric,
                point: x.point,
            });
        }
    }
    outcomes
}

/// Per expectation, the share of members in which it holds against the probability it requires,
/// reading the outcomes in the order [`outcomes`] recorded them.
fn shares(l: &Loaded, wanted: &[&Expectation], run: &OutcomeRun, members: u64) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut j = 0;
    for x in wanted {
        let values: Vec<f64> = run.column(j).collect();
        let bounds: Vec<f64> = match x.against {
            Against::Value(v) => vec![v; values.len()],
            _ => {
                j += 1;
                run.column(j).collect()
            }
        };
        j += 1;
        let held = values
            .iter()
            .zip(&bounds)
            .filter(|(v, b)| holds(x, **v, **b))
            .count();
        let share = held as f64 / members as f64;
        let required = x.probability.unwrap_or(1.0);
        rows.push(Row::new(l, x, share, required, share >= required));
    }
    rows
}
