//! The analyses of a sweep, from its runs: each point's outcome averaged over replicates, then
//! Sobol' indices (Saltelli designs), Morris elementary effects (trajectories), a tornado from
//! the one-at-a-time points, rank attribution (plain designs) and PRIM's boxes, all with
//! [`crate::sensitivity`]. An analysis that
//! cannot be done for an outcome (a constant outcome, no case of interest) says why instead.

use crate::experiment::{Experiment, Factor, PrimDef, RowLayout};
use crate::sensitivity::design::FactorRange;
use crate::sensitivity::{
    MorrisIndices, MorrisOptions, OatDesign, PrimOptions, PrimResult, SobolIndices, SobolOptions,
    Tornado, morris_indices, prim, sobol_indices, spearman, srrc, tornado,
};
use crate::simulate::ExperimentRun;

/// Most values (points × parameters) PRIM is given; beyond this it is skipped with a note.
pub const PRIM_MAX_VALUES: usize = 50_000_000;

/// An analysis of one outcome, or why it could not be done.
pub type Analysed<T> = Result<T, String>;

/// PRIM's peeling trajectory and the box chosen from it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimAnalysis {
    /// Index of the outcome.
    pub outcome: usize,
    /// Points that are cases of interest.
    pub cases: usize,
    /// Points analysed.
    pub points: usize,
    /// The trajectory.
    pub result: PrimResult,
    /// Index of the chosen box on the trajectory.
    pub chosen: usize,
    /// Whether the chosen box reaches the density asked for (else it is the densest box).
    pub meets_density: bool,
}

/// Rank attribution of an outcome over the points of a plain design (Latin hypercube,
/// factorial, external): which parameters go with it, monotonically.
#[derive(Debug, Clone, PartialEq)]
pub struct RankAttribution {
    /// Spearman's rank correlation of each parameter with the outcome.
    pub spearman: Vec<f64>,
    /// Standardised rank regression coefficients, or why they could not be computed.
    pub srrc: Analysed<Vec<f64>>,
}

impl RankAttribution {
    /// The coefficients to rank parameters by: SRRC when computed, else Spearman's.
    pub fn score(&self) -> &[f64] {
        self.srrc.as_deref().unwrap_or(&self.spearman)
    }
}

/// Every analysis of a complete sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepAnalysis {
    /// `[outcome][point]`: each design point's outcome, averaged over replicates.
    pub means: Vec<Vec<f64>>,
    /// Per outcome, Sobol' indices (Saltelli designs only).
    pub sobol: Option<Vec<Analysed<SobolIndices>>>,
    /// Per outcome, Morris statistics (trajectory designs only).
    pub morris: Option<Vec<Analysed<MorrisIndices>>>,
    /// Per outcome, the tornado (when the one-at-a-time points were run).
    pub tornado: Option<Vec<Analysed<Tornado>>>,
    /// Per outcome, rank attribution (plain designs only).
    pub ranks: Option<Vec<Analysed<RankAttribution>>>,
    /// PRIM, if the experiment asks for it.
    pub prim: Option<Analysed<PrimAnalysis>>,
}

/// Each of `points` points' outcomes averaged over replicates, starting at point `first`.
fn point_means(run: &ExperimentRun, first: u64, points: u64) -> Vec<Vec<f64>> {
    let e = run.experiment;
    let reps = e.replicates;
    (0..e.outcomes.len())
        .map(|o| {
            (first..first + points)
                .map(|p| {
                    let sum: f64 = (0..reps).map(|r| run.run_values(p * reps + r)[o]).sum();
                    sum / reps as f64
                })
                .collect()
        })
        .collect()
}

/// The design's rows in model units.
pub fn design_rows(e: &Experiment) -> Vec<Vec<f64>> {
    (0..e.design.rows)
        .map(|i| {
            let mut row = vec![0.0; e.factors.len()];
            e.design.row(i, &e.factors, &mut row);
            row
        })
        .collect()
}

impl SweepAnalysis {
    /// Analyses a complete sweep (every run present).
    ///
    /// Each analysis applies to some layouts only (Sobol' to Saltelli rows, Morris to
    /// trajectories, ranks to plain designs) and is `None` elsewhere; the design's rows are
    /// built once, for the analyses that need them.
    pub fn of(run: &ExperimentRun) -> SweepAnalysis {
        let e = run.experiment;
        let means = point_means(run, 0, e.design.rows as u64);
        let sobol = (e.design.layout == RowLayout::Saltelli).then(|| sobol_of(e, &means));
        let x = rows_to_analyse(e);
        let ranks = match (e.design.layout, &x) {
            (RowLayout::Plain, Some(x)) => Some(ranks_of(x, &means)),
            _ => None,
        };
        let morris = match (e.design.layout, &x) {
            (RowLayout::Morris { levels }, Some(x)) => Some(morris_of(e, levels, x, &means)),
            _ => None,
        };
        let tornado = e.analysis.tornado.then(|| tornado_of(run));
        let prim = e.prim.as_ref().map(|p| match &x {
            None => Err(format!(
                "PRIM skipped: the design has {} points of {} parameters, more than steppe gives PRIM ({PRIM_MAX_VALUES} values); use a latin-hypercube design",
                e.design.rows,
                e.factors.len()
            )),
            Some(x) => prim_of(p, x, &means[p.outcome]),
        });
        SweepAnalysis {
            means,
            sobol,
            morris,
            tornado,
            ranks,
            prim,
        }
    }
}

/// The design's rows, when an analysis reads them (Morris, ranks or PRIM) and they are few
/// enough to hold ([`PRIM_MAX_VALUES`]); Sobol' indices need only the outcomes.
fn rows_to_analyse(e: &Experiment) -> Option<Vec<Vec<f64>>> {
    match (e.design.layout, &e.prim) {
        (RowLayout::Morris { .. } | RowLayout::Plain, _) | (_, Some(_))
            if e.design.rows.saturating_mul(e.factors.len()) <= PRIM_MAX_VALUES =>
        {
            Some(design_rows(e))
        }
        _ => None,
    }
}

/// Per outcome, Sobol' indices from the Saltelli rows' means, bootstrapped as the experiment
/// asks.
fn sobol_of(e: &Experiment, means: &[Vec<f64>]) -> Vec<Analysed<SobolIndices>> {
    let opts = SobolOptions {
        num_resamples: e.analysis.resamples,
        conf_level: e.analysis.confidence,
        seed: e.seed,
    };
    means
        .iter()
        .map(|y| sobol_indices(y, e.factors.len(), &opts).map_err(|err| err.to_string()))
        .collect()
}

/// Per outcome, Spearman's correlations and SRRCs of the parameters with it.
fn ranks_of(x: &[Vec<f64>], means: &[Vec<f64>]) -> Vec<Analysed<RankAttribution>> {
    means
        .iter()
        .map(|y| {
            let spearman = spearman(x, y).map_err(|err| err.to_string())?;
            let srrc = srrc(x, y).map_err(|err| err.to_string());
            Ok(RankAttribution { spearman, srrc })
        })
        .collect()
}

/// Per outcome, Morris elementary effects over trajectories on a grid of `levels`.
fn morris_of(
    e: &Experiment,
    levels: usize,
    x: &[Vec<f64>],
    means: &[Vec<f64>],
) -> Vec<Analysed<MorrisIndices>> {
    let opts = MorrisOptions {
        levels,
        num_resamples: e.analysis.resamples,
        conf_level: e.analysis.confidence,
        seed: e.seed,
    };
    means
        .iter()
        .map(|y| morris_indices(x, y, &opts).map_err(|err| err.to_string()))
        .collect()
}

/// Per outcome, the tornado from the one-at-a-time points that follow the design's rows.
fn tornado_of(run: &ExperimentRun) -> Vec<Analysed<Tornado>> {
    let e = run.experiment;
    let oat = point_means(run, e.design.rows as u64, e.oat_points());
    let central: Vec<f64> = e.factors.iter().map(|f| f.central).collect();
    let ranges: Vec<FactorRange> = e.factors.iter().map(Factor::range).collect();
    let design = OatDesign::new(&central, &ranges);
    oat.iter()
        .map(|y| match &design {
            Ok(d) => tornado(d, y).map_err(|err| err.to_string()),
            Err(err) => Err(err.to_string()),
        })
        .collect()
}

/// PRIM on the points `x` whose mean outcome `y` makes a case of interest; the box reported is
/// the first on the peeling trajectory dense enough, else the densest.
fn prim_of(p: &PrimDef, x: &[Vec<f64>], y: &[f64]) -> Analysed<PrimAnalysis> {
    let y: Vec<bool> = y
        .iter()
        .map(|&v| {
            if p.at_least {
                v >= p.threshold
            } else {
                v <= p.threshold
            }
        })
        .collect();
    let cases = y.iter().filter(|&&c| c).count();
    if cases == 0 {
        return Err("no point is a case of interest, so there is no box to find".into());
    }
    let opts = PrimOptions {
        peel_alpha: p.peel_alpha,
        mass_min: p.mass_min,
        ..PrimOptions::default()
    };
    let result = prim(x, &y, &opts).map_err(|err| err.to_string())?;
    let (chosen, meets_density) = match result.select_by_density(p.density) {
        Some(i) => (i, true),
        None => {
            let best = result.steps.iter().enumerate().fold(0, |b, (i, s)| {
                if s.density > result.steps[b].density {
                    i
                } else {
                    b
                }
            });
            (best, false)
        }
    };
    Ok(PrimAnalysis {
        outcome: p.outcome,
        cases,
        points: y.len(),
        result,
        chosen,
        meets_density,
    })
}

/// Factor indices ordered by decreasing `score` (ties keep factor order).
pub fn ranked(score: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..score.len()).collect();
    idx.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    idx
}
