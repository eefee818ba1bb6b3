//! A posterior sample: the parameter vectors of the accepted members (regenerated from their
//! streams, exactly as they ran), restricted to the calibrated parameters, with the prior and
//! posterior statistics of each and their correlations.
//!
//! Calibrated parameters are the uncertain ones graded `judgement` or `claim` (ungraded ones count
//! as judgement) that mean the same on any date: neither the snapshot the replay starts from nor
//! the replay scenario replaces them. The snapshot's parameters (the state of the world in 2014)
//! and fact-grade parameters are drawn from their ranges too, but as nuisance: they are not
//! carried to runs from other dates.

use crate::engine::{draw_parameters, member_streams};
use crate::history::hindcast::Quantiles;
use crate::inputs::Loaded;
use crate::params::{Grade, ParamId};

use super::Selection;

/// Prior and posterior of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamStats {
    /// The parameter.
    pub param: ParamId,
    /// Its path.
    pub path: String,
    /// Its grade (`None`: ungraded, counted as judgement).
    pub grade: Option<Grade>,
    /// Prior: low end, mode (central value), high end of the triangular range.
    pub prior: (f64, f64, f64),
    /// Prior mean.
    pub prior_mean: f64,
    /// Prior standard deviation.
    pub prior_sd: f64,
    /// Posterior quantiles.
    pub posterior: Quantiles,
    /// Posterior mean.
    pub mean: f64,
    /// Posterior standard deviation.
    pub sd: f64,
}

impl ParamStats {
    /// How far the mean moved, in prior standard deviations.
    pub fn shift(&self) -> f64 {
        (self.mean - self.prior_mean) / self.prior_sd
    }

    /// How much narrower the posterior is: 1 - posterior sd / prior sd.
    pub fn shrinkage(&self) -> f64 {
        1.0 - self.sd / self.prior_sd
    }
}

/// A posterior sample with its statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    /// The calibrated parameters, in table order.
    pub stats: Vec<ParamStats>,
    /// Accepted members' values, `[row][column]`, closest member first.
    pub rows: Vec<Vec<f64>>,
    /// Correlations `(column a, column b, r)` for a < b.
    pub correlations: Vec<(usize, usize, f64)>,
}

/// Mean and standard deviation of the triangular distribution (low, mode, high).
pub fn triangular_moments(l: f64, m: f64, h: f64) -> (f64, f64) {
    let mean = (l + m + h) / 3.0;
    let var = (l * l + m * m + h * h - l * m - l * h - m * h) / 18.0;
    (mean, var.max(0.0).sqrt())
}

/// The parameters a calibration of `loaded` fits (see the module documentation).
pub fn calibrated_params(loaded: &Loaded) -> Vec<ParamId> {
    let w = &loaded.world;
    let replaced: Vec<ParamId> = w.history.own.iter().map(|e| e.param).collect();
    let initial: Vec<ParamId> = w
        .states
        .iter()
        .flat_map(|s| s.influence.iter().copied())
        .collect();
    w.params
        .iter()
        .zip(loaded.scenario.params.iter())
        .enumerate()
        .filter(|(_, (wp, sp))| {
            wp.is_uncertain()
                && matches!(wp.grade, None | Some(Grade::Judgement) | Some(Grade::Claim))
                && (wp.value, wp.low, wp.high) == (sp.value, sp.low, sp.high)
        })
        .map(|(i, _)| ParamId(i as u32))
        .filter(|id| !replaced.contains(id) && !initial.contains(id))
        .collect()
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len().max(1) as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

/// The posterior of a (complete) selection: each accepted member's parameters drawn again from
/// its stream, as the ensemble drew them.
pub fn build(loaded: &Loaded, selection: &Selection, params: &[ParamId]) -> Posterior {
    let w = &loaded.world;
    let n = w.params.len();
    let (mut wv, mut sv) = (vec![0.0; n], vec![0.0; n]);
    let influence0: Vec<usize> = (0..w.states.len())
        .flat_map(|s| {
            (0..w.domains.len()).flat_map(move |d| (0..w.powers.len()).map(move |p| (s, d, p)))
        })
        .map(|(s, d, p)| w.states[s].influence[d * w.powers.len() + p].ix())
        .collect();
    let rows: Vec<Vec<f64>> = selection
        .candidates
        .iter()
        .map(|c| {
            let (mut rng, _) = member_streams(selection.seed, c.member);
            draw_parameters(
                &w.params,
                &loaded.scenario.params,
                &influence0,
                w.powers.len(),
                &mut rng,
                &mut wv,
                &mut sv,
            );
            params.iter().map(|id| sv[id.ix()]).collect()
        })
        .collect();
    let column = |j: usize| -> Vec<f64> { rows.iter().map(|r| r[j]).collect() };
    let stats = params
        .iter()
        .enumerate()
        .map(|(j, &id)| {
            let p = w.params.get(id);
            let (prior_mean, prior_sd) = triangular_moments(p.low, p.value, p.high);
            let mut v = column(j);
            let (mean, sd) = mean_sd(&v);
            ParamStats {
                param: id,
                path: p.path.clone(),
                grade: p.grade,
                prior: (p.low, p.value, p.high),
                prior_mean,
                prior_sd,
                posterior: Quantiles::of(&mut v),
                mean,
                sd,
            }
        })
        .collect();
    let mut correlations = Vec::new();
    let cols: Vec<Vec<f64>> = (0..params.len()).map(column).collect();
    for a in 0..params.len() {
        for b in a + 1..params.len() {
            let r = crate::history::score::correlation(&cols[a], &cols[b]).unwrap_or(0.0);
            correlations.push((a, b, r));
        }
    }
    Posterior {
        stats,
        rows,
        correlations,
    }
}
