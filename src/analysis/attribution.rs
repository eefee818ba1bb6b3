//! Which assumptions drive each headline result of an ensemble or comparison, from the members'
//! own draws (no extra runs): standardised rank regression coefficients (SRRC) of every drawn
//! parameter on each result, with Spearman's rank correlation alongside
//! ([`crate::sensitivity::rank_fits`]), and each parameter's evidence grade. For a comparison
//! the results are the paired differences from the baseline.

use serde::Serialize;

use crate::inputs::Loaded;
use crate::params::Grade;
use crate::sensitivity::{RankFit, rank_fits};
use crate::simulate::{ComparisonRun, EnsembleRun, MemberDraws};
use crate::world::World;

/// Drivers named per result.
pub const DRIVERS_SHOWN: usize = 3;
/// A parameter whose coefficient is smaller than this (in absolute value) is not named.
pub const MIN_COEFFICIENT: f64 = 0.05;
/// Ensembles up to this size record their members' draws for attribution on the command line
/// (the draws take members x parameters numbers of memory).
pub const ATTRIBUTION_MAX_MEMBERS: u64 = 20_000;

/// A parameter that drives a result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Driver {
    /// Parameter path.
    pub parameter: String,
    /// Evidence grade (`judgement` for ungraded parameters).
    pub grade: &'static str,
    /// Whether the grade is given in the world file (false: ungraded, treated as judgement).
    pub graded: bool,
    /// Standardised rank regression coefficient (sign: direction), when it could be computed.
    pub srrc: Option<f64>,
    /// Spearman's rank correlation with the result.
    pub spearman: f64,
}

/// The drivers of one result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultDrivers {
    /// Scenario name.
    pub scenario: String,
    /// Metric name (regional influence of a power, overall or in a domain, at the end).
    pub metric: String,
    /// `value`, or `difference from <baseline>`.
    pub of: String,
    /// The leading parameters, strongest first.
    pub drivers: Vec<Driver>,
    /// Why fewer drivers than usual are named, if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Attribution of every headline result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribution {
    /// How the drivers were found.
    pub method: String,
    /// Members whose draws were used.
    pub members: u64,
    /// Parameters drawn.
    pub parameters: usize,
    /// How many of them have no grade in the world file (treated as judgement).
    pub ungraded_as_judgement: usize,
    /// One entry per result.
    pub results: Vec<ResultDrivers>,
}

const METHOD: &str = "standardised rank regression coefficients (SRRC) of each result on every parameter the members drew, with Spearman's rank correlation; no extra runs";

fn attribute(scenarios: &[&Loaded], baseline: Option<usize>, d: &MemberDraws) -> Attribution {
    let world = &scenarios[0].world;
    let targets = targets(baseline, d);
    let fits = d.fits_with(baseline, || {
        let ys: Vec<Vec<f64>> = targets.iter().map(|t| t.2.clone()).collect();
        rank_fits(&d.rows(), &ys)
    });
    let results = targets
        .iter()
        .zip(fits)
        .map(|((h, k, _), fit)| {
            let of = match baseline {
                Some(b) if *k != b => format!("difference from {}", scenarios[b].scenario.name),
                _ => "value".to_string(),
            };
            let (drivers, note) = match fit {
                Err(e) => (Vec::new(), Some(format!("no attribution: {e}"))),
                Ok(fit) => drivers_of(&fit, world, d),
            };
            ResultDrivers {
                scenario: scenarios[*k].scenario.name.clone(),
                metric: d.headline[*h].metric.name(world),
                of,
                drivers,
                note,
            }
        })
        .collect();
    Attribution {
        method: METHOD.into(),
        members: d.members.end - d.members.start,
        parameters: d.params.len(),
        ungraded_as_judgement: d
            .params
            .iter()
            .filter(|&&p| world.params.get(p).grade.is_none())
            .count(),
        results,
    }
}

/// The results to attribute, `(headline index, scenario, values member by member)`: each
/// headline result, or with a baseline, each other scenario's paired difference from it.
fn targets(baseline: Option<usize>, d: &MemberDraws) -> Vec<(usize, usize, Vec<f64>)> {
    let mut targets = Vec::new();
    for (h, o) in d.headline.iter().enumerate() {
        let y = d.headline_column(h);
        match baseline {
            Some(b) if o.scenario != b => {
                let base = d
                    .headline
                    .iter()
                    .position(|x| x.scenario == b && x.metric == o.metric)
                    .map(|i| d.headline_column(i))
                    .unwrap_or_default();
                let diff = y.iter().zip(&base).map(|(a, b)| a - b).collect();
                targets.push((h, o.scenario, diff));
            }
            _ => targets.push((h, o.scenario, y)),
        }
    }
    targets
}

/// The leading parameters of one fit, strongest first (by SRRC, or Spearman's correlation when
/// the regression failed), and a note when fewer than usual are named.
fn drivers_of(fit: &RankFit, world: &World, d: &MemberDraws) -> (Vec<Driver>, Option<String>) {
    let param = |j: usize| world.params.get(d.params[j]);
    let score: &[f64] = fit.srrc.as_deref().unwrap_or(&fit.spearman);
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[b].abs().total_cmp(&score[a].abs()).then(a.cmp(&b)));
    let drivers: Vec<Driver> = order
        .into_iter()
        .take(DRIVERS_SHOWN)
        .filter(|&j| score[j].abs() >= MIN_COEFFICIENT)
        .map(|j| Driver {
            parameter: param(j).path.clone(),
            grade: param(j).grade.unwrap_or(Grade::Judgement).as_str(),
            graded: param(j).grade.is_some(),
            srrc: fit.srrc.as_ref().ok().map(|s| s[j]),
            spearman: fit.spearman[j],
        })
        .collect();
    let note = match (&fit.srrc, drivers.is_empty()) {
        (_, true) => Some("no parameter stands out".to_string()),
        (Err(e), false) => Some(format!("ranked by Spearman's correlation: {e}")),
        _ => None,
    };
    (drivers, note)
}

/// The drivers of each power's regional influence at the end of an ensemble, if its members'
/// draws were recorded.
pub fn of_ensemble(run: &EnsembleRun) -> Option<Attribution> {
    run.draws
        .as_ref()
        .map(|d| attribute(&[run.loaded], None, d))
}

/// The drivers of each scenario's difference from the baseline (and of the baseline's own
/// results) in a comparison, if the members' draws were recorded.
pub fn of_comparison(run: &ComparisonRun) -> Option<Attribution> {
    run.draws
        .as_ref()
        .map(|d| attribute(&run.scenarios, Some(run.baseline), d))
}

impl Driver {
    /// `path (grade) +0.82`: the coefficient is the SRRC when there is one, else Spearman's.
    pub fn short(&self) -> String {
        format!(
            "{} ({}) {:+.2}",
            self.parameter,
            self.grade,
            self.srrc.unwrap_or(self.spearman)
        )
    }
}

impl ResultDrivers {
    /// The drivers in one line, or the note.
    pub fn line(&self) -> String {
        if self.drivers.is_empty() {
            return self.note.clone().unwrap_or_default();
        }
        self.drivers
            .iter()
            .map(Driver::short)
            .collect::<Vec<_>>()
            .join("; ")
    }
}
