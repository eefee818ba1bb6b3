//! PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), for scenario discovery
//! (Bryant & Lempert 2010): find a box — an interval per factor — in which a "case of interest"
//! is much more common than overall, following the EMA Workbench's `analysis/prim.py`.
//!
//! Peeling starts from the box spanning the data. At each step, for every factor, two candidate
//! peels are tried: drop the points above the (1 − α) quantile of that factor among the points
//! still in the box, or below its α quantile. The candidate that scores best on the objective is
//! taken (ties: the one restricting fewer factors, then factor order, upper before lower), as long
//! as the box keeps at least `mass_min` of all points, loses mass, and scores above 0. Every box
//! on the way is recorded: the *peeling trajectory* trades coverage (share of all cases of
//! interest inside the box) against density (share of the box's points that are cases).
//!
//! Quantiles are the EMA Workbench's (from sdtoolkit): on the sorted values at position
//! (n−1)·q, moved outward past ties, and the midpoint of the two neighbours taken, so a limit
//! lies between data points. Unlike the Workbench, a candidate peel that would remove no point
//! (a factor with one value) is not considered. Pasting is not implemented.

use super::error::{Result, SensitivityError};

/// The score a candidate peel is chosen by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrimObjective {
    /// Friedman & Fisher's: the mean of y (the density) in the candidate box.
    #[default]
    Original,
    /// The Workbench's default "lenient 1": gain in mean divided by the number of points lost.
    Lenient1,
}

/// Settings of [`prim`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrimOptions {
    /// Share of the box's points each peel removes, in (0, 0.5); 0.05 by default.
    pub peel_alpha: f64,
    /// Smallest share of all points a box may hold, in [0, 1); 0.05 by default.
    pub mass_min: f64,
    /// How candidate peels are scored.
    pub objective: PrimObjective,
}

impl Default for PrimOptions {
    fn default() -> Self {
        PrimOptions {
            peel_alpha: 0.05,
            mass_min: 0.05,
            objective: PrimObjective::Original,
        }
    }
}

/// One box on the peeling trajectory.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimStep {
    /// Share of all cases of interest that fall in the box.
    pub coverage: f64,
    /// Share of the box's points that are cases of interest.
    pub density: f64,
    /// Share of all points that fall in the box.
    pub mass: f64,
    /// Points in the box.
    pub n: usize,
    /// Cases of interest in the box.
    pub cases: usize,
    /// Factors whose limits differ from the initial box, ascending.
    pub restricted: Vec<usize>,
    /// `(low, high)` limits per factor; a point is in the box if low ≤ x ≤ high on every factor.
    pub limits: Vec<(f64, f64)>,
}

/// The peeling trajectory, from the whole data (step 0) to the last box.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimResult {
    /// Boxes in peeling order.
    pub steps: Vec<PrimStep>,
    /// Cases of interest in all the data.
    pub total_cases: usize,
}

impl PrimResult {
    /// Index of the box to report for a wanted density: among boxes with density ≥
    /// `min_density`, the one with the highest coverage (the earliest on ties); `None` if no
    /// box is that dense.
    pub fn select_by_density(&self, min_density: f64) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, s) in self.steps.iter().enumerate() {
            if s.density >= min_density && best.is_none_or(|b| s.coverage > self.steps[b].coverage)
            {
                best = Some(i);
            }
        }
        best
    }
}

/// Runs PRIM's peeling on factors `x` (n rows × k) and cases of interest `y` (n flags).
pub fn prim<R: AsRef<[f64]>>(x: &[R], y: &[bool], opts: &PrimOptions) -> Result<PrimResult> {
    let k = check_inputs(x, y, opts)?;
    let n = x.len();
    let total_cases = y.iter().filter(|&&b| b).count();
    let init: Vec<(f64, f64)> = (0..k)
        .map(|j| {
            x.iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), r| {
                    (lo.min(r.as_ref()[j]), hi.max(r.as_ref()[j]))
                })
        })
        .collect();
    let mut inside: Vec<usize> = (0..n).collect();
    let mut limits = init.clone();
    let mut steps = vec![step(&inside, &limits, &init, y, total_cases, n)];
    loop {
        let mean_old = density(&inside, y);
        let mut best: Option<(f64, usize, Vec<usize>, usize, bool, f64)> = None;
        let mut column = Vec::with_capacity(inside.len());
        for j in 0..k {
            column.clear();
            column.extend(inside.iter().map(|&i| x[i].as_ref()[j]));
            column.sort_by(f64::total_cmp);
            for upper in [true, false] {
                let q = if upper {
                    quantile(&column, 1.0 - opts.peel_alpha)
                } else {
                    quantile(&column, opts.peel_alpha)
                };
                let kept: Vec<usize> = inside
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let v = x[i].as_ref()[j];
                        if upper { v <= q } else { v >= q }
                    })
                    .collect();
                if kept.len() == inside.len() {
                    continue;
                }
                let obj = objective(opts.objective, mean_old, inside.len(), &kept, y);
                let mut cand = limits.clone();
                if upper {
                    cand[j].1 = q;
                } else {
                    cand[j].0 = q;
                }
                let free = k - restricted(&cand, &init).len();
                let better = match &best {
                    None => true,
                    Some((bo, bf, ..)) => obj > *bo || (obj == *bo && free > *bf),
                };
                if better {
                    best = Some((obj, free, kept, j, upper, q));
                }
            }
        }
        let Some((obj, _, kept, j, upper, q)) = best else {
            break;
        };
        let mass_new = kept.len() as f64 / n as f64;
        if mass_new < opts.mass_min || kept.len() >= inside.len() || obj <= 0.0 {
            break;
        }
        if upper {
            limits[j].1 = q;
        } else {
            limits[j].0 = q;
        }
        inside = kept;
        steps.push(step(&inside, &limits, &init, y, total_cases, n));
    }
    Ok(PrimResult { steps, total_cases })
}

fn check_inputs<R: AsRef<[f64]>>(x: &[R], y: &[bool], opts: &PrimOptions) -> Result<usize> {
    if x.is_empty() {
        return Err(SensitivityError::Empty { what: "PRIM rows" });
    }
    let k = x[0].as_ref().len();
    if k == 0 {
        return Err(SensitivityError::Empty {
            what: "PRIM factors",
        });
    }
    for (row, r) in x.iter().enumerate() {
        let r = r.as_ref();
        if r.len() != k {
            return Err(SensitivityError::ColumnCount {
                row,
                expected: k,
                found: r.len(),
            });
        }
        if let Some(j) = r.iter().position(|v| !v.is_finite()) {
            return Err(SensitivityError::NonFinite {
                what: "PRIM factors",
                index: row * k + j,
            });
        }
    }
    if y.len() != x.len() {
        return Err(SensitivityError::LengthMismatch {
            what: "PRIM cases of interest",
            expected: x.len(),
            found: y.len(),
        });
    }
    if !(opts.peel_alpha > 0.0 && opts.peel_alpha < 0.5) {
        return Err(SensitivityError::InvalidParameter {
            name: "peel_alpha",
            reason: format!("{} is not in (0, 0.5)", opts.peel_alpha),
        });
    }
    if !(opts.mass_min >= 0.0 && opts.mass_min < 1.0) {
        return Err(SensitivityError::InvalidParameter {
            name: "mass_min",
            reason: format!("{} is not in [0, 1)", opts.mass_min),
        });
    }
    Ok(k)
}

/// Share of the points `idx` that are cases of interest (0 for no points).
fn density(idx: &[usize], y: &[bool]) -> f64 {
    if idx.is_empty() {
        return 0.0;
    }
    idx.iter().filter(|&&i| y[i]).count() as f64 / idx.len() as f64
}

/// The Workbench's objective functions.
fn objective(obj: PrimObjective, mean_old: f64, n_old: usize, kept: &[usize], y: &[bool]) -> f64 {
    match obj {
        PrimObjective::Original => {
            if kept.is_empty() {
                -1.0
            } else {
                density(kept, y)
            }
        }
        PrimObjective::Lenient1 => {
            let mean_new = density(kept, y);
            if mean_new == mean_old {
                0.0
            } else {
                (mean_new - mean_old) / n_old.abs_diff(kept.len()) as f64
            }
        }
    }
}

/// Factors whose limits moved from the initial box.
fn restricted(limits: &[(f64, f64)], init: &[(f64, f64)]) -> Vec<usize> {
    (0..limits.len())
        .filter(|&j| limits[j] != init[j])
        .collect()
}

fn step(
    idx: &[usize],
    limits: &[(f64, f64)],
    init: &[(f64, f64)],
    y: &[bool],
    total_cases: usize,
    n: usize,
) -> PrimStep {
    let cases = idx.iter().filter(|&&i| y[i]).count();
    PrimStep {
        coverage: cases as f64 / total_cases.max(1) as f64,
        density: density(idx, y),
        mass: idx.len() as f64 / n as f64,
        n: idx.len(),
        cases,
        restricted: restricted(limits, init),
        limits: limits.to_vec(),
    }
}

/// The sdtoolkit quantile the Workbench uses, on ascending `sorted` data (non-empty).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let last = sorted.len() - 1;
    let pos = last as f64 * q;
    let (mut lo, mut hi) = (pos.floor() as usize, pos.ceil() as usize);
    if q > 0.5 {
        while sorted[lo] == sorted[hi] && lo > 0 {
            lo -= 1;
        }
    } else {
        while sorted[lo] == sorted[hi] && hi < last {
            hi += 1;
        }
    }
    (sorted[lo] + sorted[hi]) / 2.0
}

#[cfg(test)]
#[path = "prim_tests.rs"]
mod tests;
