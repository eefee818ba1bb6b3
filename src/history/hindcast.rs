//! The hindcast: a replay of the past run as an ensemble (member-level outcomes of exactly what
//! the observation rules read), every measured value predicted member by member, and scores of
//! the median prediction against the measurements and two naive forecasts, in the calibration
//! period (before the rules' `test_from`) and the test period.

use super::landing::Landing;
use super::observe::Observations;
use super::predict::{Comparison, Predictor};
use super::score::{Case, Scores, score};
use crate::inputs::Loaded;
use crate::simulate::{OutcomeRun, Progress, Results, RunSpec, SimulateError, Subject, simulate};

/// How to run a hindcast.
#[derive(Clone, Default)]
pub struct HindcastSpec {
    /// Ensemble members.
    pub members: u64,
    /// Seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Worker threads (default: every core); results do not depend on it.
    pub threads: Option<usize>,
    /// Told how many members have finished.
    pub progress: Option<Progress>,
}

/// Quantiles of a quantity over members.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Quantiles {
    /// 5 %.
    pub p05: f64,
    /// 25 %.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75 %.
    pub p75: f64,
    /// 95 %.
    pub p95: f64,
}

impl Quantiles {
    /// Quantiles of `values` (sorted in place), interpolating between order statistics.
    pub fn of(values: &mut [f64]) -> Quantiles {
        values.sort_by(f64::total_cmp);
        let q = |p: f64| {
            if values.is_empty() {
                return f64::NAN;
            }
            let h = p * (values.len() - 1) as f64;
            let (lo, f) = (h.floor() as usize, h - h.floor());
            let hi = (lo + 1).min(values.len() - 1);
            values[lo] + (values[hi] - values[lo]) * f
        };
        Quantiles {
            p05: q(0.05),
            p25: q(0.25),
            p50: q(0.5),
            p75: q(0.75),
            p95: q(0.95),
        }
    }
}

/// Which comparisons a score covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Before the test period: the calibration period.
    InSample,
    /// The test period.
    OutOfSample,
    /// Both.
    All,
}

impl Period {
    /// Every period, in table order.
    pub const ALL: [Period; 3] = [Period::InSample, Period::OutOfSample, Period::All];

    /// Whether a comparison belongs to the period.
    pub fn holds(self, c: &Comparison) -> bool {
        match self {
            Period::InSample => !c.test,
            Period::OutOfSample => c.test,
            Period::All => true,
        }
    }

    /// Name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Period::InSample => "in-sample",
            Period::OutOfSample => "out-of-sample",
            Period::All => "all",
        }
    }
}

/// A measured value with the model's prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseResult {
    /// What is predicted.
    pub comparison: Comparison,
    /// The members' predictions.
    pub model: Quantiles,
    /// The case as scored.
    pub case: Case,
}

/// Scores of one series, or of every series pooled (standardised), in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    /// A series id, or `None` for every series pooled.
    pub series: Option<String>,
    /// The period.
    pub period: Period,
    /// The scores (in the series' unit; pooled ones in standard errors).
    pub scores: Scores,
}

/// A scored replay.
#[derive(Debug, Clone)]
pub struct Hindcast<'a> {
    /// The replay scenario.
    pub loaded: &'a Loaded,
    /// The rules and measured series.
    pub observations: Observations,
    /// Seed.
    pub seed: u64,
    /// Members.
    pub members: u64,
    /// Every measured value with its prediction.
    pub cases: Vec<CaseResult>,
    /// Per rule, the members' output at every grid point, in the series' unit.
    pub paths: Vec<Vec<Quantiles>>,
    /// Scores per series and period, then pooled per period.
    pub scores: Vec<ScoreRow>,
    /// Where the replay lands on the world file's date, with every cell's path (if the replay
    /// starts from a snapshot and reaches that date).
    pub landing: Option<(Landing, Vec<Vec<Quantiles>>)>,
}

/// Runs and scores a replay.
pub fn hindcast<'a>(
    loaded: &'a Loaded,
    observations: Observations,
    spec: &HindcastSpec,
) -> Result<Hindcast<'a>, SimulateError> {
    let seed = spec.seed.unwrap_or(loaded.scenario.seed);
    let points = loaded.scenario.calendar.points();
    let mut predictor = Predictor::new(&loaded.world, &observations, points, true, seed);
    let landing_at = Landing::point(loaded);
    let cell_rows: Vec<Vec<usize>> = match landing_at {
        Some(_) => Landing::cell_metrics(loaded)
            .into_iter()
            .map(|m| (0..points).map(|p| predictor.probe(m, p)).collect())
            .collect(),
        None => Vec::new(),
    };
    let o = run_members(loaded, spec, &predictor, seed)?;
    let members = Members {
        values: &o.values,
        outcomes: predictor.outcomes.len(),
        n: spec.members as usize,
    };
    let Predictions {
        mut by_case,
        mut by_path,
    } = members.predictions(&predictor, points);
    let cases = cases(&predictor, &mut by_case);
    let paths = by_path
        .iter_mut()
        .map(|ps| ps.iter_mut().map(|v| Quantiles::of(v)).collect())
        .collect();
    let scores = score_rows(&observations, &cases);
    let landing = landing_at.map(|(point, date)| {
        let cell_paths = members.cell_paths(&cell_rows);
        let at: Vec<Quantiles> = cell_paths.iter().map(|p| p[point]).collect();
        (Landing::new(loaded, point, date, &at), cell_paths)
    });
    Ok(Hindcast {
        loaded,
        observations,
        seed,
        members: spec.members,
        cases,
        paths,
        scores,
        landing,
    })
}

/// Runs the replay's ensemble, recording member by member exactly the outcomes the predictor
/// reads.
fn run_members<'a>(
    loaded: &'a Loaded,
    spec: &HindcastSpec,
    predictor: &Predictor,
    seed: u64,
) -> Result<OutcomeRun<'a>, SimulateError> {
    let run = RunSpec {
        seed: Some(seed),
        members: Some(spec.members),
        threads: spec.threads,
        outcomes: predictor.outcomes.clone(),
        progress: spec.progress.clone(),
        ..RunSpec::default()
    };
    let Results::Outcomes(o) = simulate(Subject::Scenario(loaded), &run)? else {
        return Err(SimulateError::Spec(
            "a hindcast needs member-level outcomes".into(),
        ));
    };
    Ok(o)
}

/// The members' predictions, one value per member.
struct Predictions {
    /// By measured value (case).
    by_case: Vec<Vec<f64>>,
    /// By rule and grid point.
    by_path: Vec<Vec<Vec<f64>>>,
}

/// The members' recorded outcomes, one row of `outcomes` values per member.
struct Members<'v> {
    /// `[member * outcomes + outcome]`.
    values: &'v [f64],
    /// Outcomes per member.
    outcomes: usize,
    /// Members.
    n: usize,
}

impl Members<'_> {
    /// Every member's prediction of every measured value, and every rule's path (the output
    /// at every grid point, in the series' unit), each with its member's link coefficients.
    fn predictions(&self, predictor: &Predictor, points: usize) -> Predictions {
        let (k, n) = (self.outcomes, self.n);
        let nc = predictor.comparisons.len();
        let nr = predictor.rules();
        let mut coefs = vec![(0.0, 0.0); nr];
        let mut preds = vec![0.0; nc];
        let mut by_case = vec![Vec::with_capacity(n); nc];
        let mut by_path = vec![vec![Vec::with_capacity(n); points]; nr];
        let mut path = Vec::new();
        for m in 0..n {
            let row = &self.values[m * k..(m + 1) * k];
            predictor.coefficients(m as u64, &mut coefs);
            predictor.predict(row, &coefs, &mut preds);
            for (c, p) in preds.iter().enumerate() {
                by_case[c].push(*p);
            }
            for (r, paths) in by_path.iter_mut().enumerate() {
                predictor.path(r, row, &coefs, &mut path);
                for (p, v) in path.iter().enumerate() {
                    paths[p].push(*v);
                }
            }
        }
        Predictions { by_case, by_path }
    }

    /// Quantiles over members of every cell at every grid point (for the landing), from the
    /// outcome each was probed as.
    fn cell_paths(&self, cell_rows: &[Vec<usize>]) -> Vec<Vec<Quantiles>> {
        let (k, n) = (self.outcomes, self.n);
        cell_rows
            .iter()
            .map(|rows| {
                rows.iter()
                    .map(|&i| {
                        let mut v: Vec<f64> = (0..n).map(|m| self.values[m * k + i]).collect();
                        Quantiles::of(&mut v)
                    })
                    .collect()
            })
            .collect()
    }
}

/// Every measured value with the quantiles of the members' predictions, scored at their median
/// with the 5-95 % band.
fn cases(predictor: &Predictor, by_case: &mut [Vec<f64>]) -> Vec<CaseResult> {
    predictor
        .comparisons
        .iter()
        .zip(by_case.iter_mut())
        .map(|(c, values)| {
            let model = Quantiles::of(values);
            CaseResult {
                comparison: c.clone(),
                model,
                case: Case {
                    observed: c.observed,
                    previous: c.previous,
                    trend: c.trend,
                    predicted: model.p50,
                    band: Some((model.p05, model.p95)),
                    sigma: c.sigma,
                },
            }
        })
        .collect()
}

/// Scores per series and period (in the series' unit), then of every series pooled per period
/// (standardised).
fn score_rows(observations: &Observations, cases: &[CaseResult]) -> Vec<ScoreRow> {
    let mut scores = Vec::new();
    for (r, rule) in observations.rules.iter().enumerate() {
        for period in Period::ALL {
            let cs: Vec<Case> = cases
                .iter()
                .filter(|c| c.comparison.rule == r && period.holds(&c.comparison))
                .map(|c| c.case)
                .collect();
            scores.push(ScoreRow {
                series: Some(rule.series.clone()),
                period,
                scores: score(&cs, false),
            });
        }
    }
    for period in Period::ALL {
        let cs: Vec<Case> = cases
            .iter()
            .filter(|c| period.holds(&c.comparison))
            .map(|c| c.case)
            .collect();
        scores.push(ScoreRow {
            series: None,
            period,
            scores: score(&cs, true),
        });
    }
    scores
}
