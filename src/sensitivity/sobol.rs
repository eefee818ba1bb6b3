//! Variance-based (Sobol') first- and total-order indices from a Saltelli design's outputs, with
//! bootstrap confidence intervals — the estimators of SALib's `analyze.sobol.analyze` with
//! `calc_second_order=False`.
//!
//! With Y in the layout of [`crate::sensitivity::design::saltelli`] and f_A, f_B, f_{AB^i} the
//! outputs at A_j, B_j and AB_j^i:
//! 1. Y is standardised, Y ← (Y − mean Y) / sd Y (population sd over all N(k+2) outputs), as
//!    SALib does to reduce the bias of non-centred outputs.
//! 2. V = population variance of the 2N values (f_A, f_B).
//! 3. First order (Saltelli et al. 2010, Table 2 (b)): S1_i = mean_j[f_B (f_{AB^i} − f_A)] / V.
//! 4. Total order (Jansen 1999): ST_i = ½ mean_j[(f_A − f_{AB^i})²] / V.
//! 5. If (f_A, f_B) is constant (range or variance ≤ machine epsilon) the index is 0, as in
//!    SALib 1.6; the same rule applies within each bootstrap resample, so no NaN can arise.
//!
//! Confidence: `num_resamples` bootstrap resamples of the N base rows (indices drawn with
//! replacement from a ChaCha8 stream seeded with `seed`), the estimator applied to each, and
//! conf = z_{(1+level)/2} · sd(resampled estimates) (sd with divisor R − 1), as SALib reports it;
//! the interval is estimate ± conf. Point estimates use NumPy's pairwise summation, so they match
//! SALib's to rounding; the resampling stream differs from NumPy's, so the conf values agree with
//! SALib's only statistically.

use rayon::prelude::*;

use super::error::{Result, SensitivityError};
use super::rng;
use super::stats::{check_conf_level, check_finite, mean, ptp, std_sample, var_pop, z_for_level};

/// Settings of [`sobol_indices`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SobolOptions {
    /// Bootstrap resamples for the confidence intervals (at least 2; SALib's default 100).
    pub num_resamples: usize,
    /// Confidence level of the intervals, in (0, 1); 0.95 by default.
    pub conf_level: f64,
    /// Seed of the resampling stream.
    pub seed: u64,
}

impl Default for SobolOptions {
    fn default() -> Self {
        SobolOptions {
            num_resamples: 100,
            conf_level: 0.95,
            seed: 0,
        }
    }
}

/// First- and total-order Sobol' indices per factor, each with its bootstrap half-width.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndices {
    /// First-order index S1_i: share of output variance due to factor i alone.
    pub s1: Vec<f64>,
    /// Half-width of S1's confidence interval.
    pub s1_conf: Vec<f64>,
    /// Total-order index ST_i: share of variance involving factor i, interactions included.
    pub st: Vec<f64>,
    /// Half-width of ST's confidence interval.
    pub st_conf: Vec<f64>,
    /// Number of base rows N the estimates rest on.
    pub n_base: usize,
}

/// Outputs split by role, after standardisation.
struct Split {
    a: Vec<f64>,
    b: Vec<f64>,
    /// ab[i][j]: output at AB_j^i.
    ab: Vec<Vec<f64>>,
}

/// Sobol' indices of `k` factors from the outputs `y` of a Saltelli design (N·(k+2) values in
/// SALib's layout, see the module doc). Errors on a length that is not a multiple of k+2,
/// fewer than 2 base rows, non-finite or constant outputs, or bad options.
pub fn sobol_indices(y: &[f64], k: usize, opts: &SobolOptions) -> Result<SobolIndices> {
    let split = prepare(y, k, opts)?;
    let n = split.a.len();
    let s1: Vec<f64> = split
        .ab
        .iter()
        .map(|ab| first_order(&split.a, ab, &split.b))
        .collect();
    let st: Vec<f64> = split
        .ab
        .iter()
        .map(|ab| total_order(&split.a, ab, &split.b))
        .collect();

    // Bootstrap indices, resample-major: draws[r*n + j] is base row j of resample r.
    let mut g = rng::rng(opts.seed);
    // u32 halves the memory of large bootstraps; N < 2^32 as the outputs fit in memory.
    let draws: Vec<u32> = (0..opts.num_resamples * n)
        .map(|_| rng::index(&mut g, n) as u32)
        .collect();
    let z = z_for_level(opts.conf_level);
    let confs: Vec<(f64, f64)> = split
        .ab
        .par_iter()
        .map(|ab| bootstrap_conf(&split, ab, &draws, n, z))
        .collect();
    Ok(SobolIndices {
        s1,
        s1_conf: confs.iter().map(|c| c.0).collect(),
        st,
        st_conf: confs.iter().map(|c| c.1).collect(),
        n_base: n,
    })
}

/// Validates, standardises and splits the outputs.
fn prepare(y: &[f64], k: usize, opts: &SobolOptions) -> Result<Split> {
    if k == 0 {
        return Err(SensitivityError::Empty { what: "factors" });
    }
    if y.is_empty() {
        return Err(SensitivityError::Empty { what: "outputs" });
    }
    if y.len() % (k + 2) != 0 {
        return Err(SensitivityError::LengthMismatch {
            what: "outputs (must be N*(k+2) for a Saltelli design without second order)",
            expected: (y.len() / (k + 2) + 1) * (k + 2),
            found: y.len(),
        });
    }
    let n = y.len() / (k + 2);
    if n < 2 {
        return Err(SensitivityError::TooFew {
            what: "Saltelli base rows",
            needed: 2,
            found: n,
        });
    }
    if n > u32::MAX as usize {
        return Err(SensitivityError::InvalidParameter {
            name: "outputs",
            reason: format!("{n} base rows exceed the 2^32 the bootstrap indexes"),
        });
    }
    check_finite("outputs", y)?;
    check_conf_level(opts.conf_level)?;
    if opts.num_resamples < 2 {
        return Err(SensitivityError::InvalidParameter {
            name: "num_resamples",
            reason: format!(
                "need at least 2 bootstrap resamples, got {}",
                opts.num_resamples
            ),
        });
    }
    let m = mean(y);
    let sd = var_pop(y).sqrt();
    if sd == 0.0 || !sd.is_finite() {
        return Err(SensitivityError::ZeroVariance { what: "outputs" });
    }
    let z: Vec<f64> = y.iter().map(|v| (v - m) / sd).collect();
    let step = k + 2;
    Ok(Split {
        a: z.iter().step_by(step).copied().collect(),
        b: z.iter().skip(k + 1).step_by(step).copied().collect(),
        ab: (0..k)
            .map(|i| z.iter().skip(i + 1).step_by(step).copied().collect())
            .collect(),
    })
}

/// Population variance of (A, B) concatenated, or `None` if they are (numerically) constant:
/// range or variance at most machine epsilon on the standardised scale (SALib 1.6's rule).
fn joint_variance(a: &[f64], b: &[f64]) -> Option<f64> {
    let y: Vec<f64> = a.iter().chain(b).copied().collect();
    if ptp(&y) <= f64::EPSILON {
        return None;
    }
    let v = var_pop(&y);
    (v > f64::EPSILON).then_some(v)
}

/// S1 = mean(f_B (f_AB − f_A)) / V (Saltelli et al. 2010).
fn first_order(a: &[f64], ab: &[f64], b: &[f64]) -> f64 {
    match joint_variance(a, b) {
        None => 0.0,
        Some(v) => {
            let t: Vec<f64> = (0..a.len()).map(|j| b[j] * (ab[j] - a[j])).collect();
            mean(&t) / v
        }
    }
}

/// ST = ½ mean((f_A − f_AB)²) / V (Jansen 1999).
fn total_order(a: &[f64], ab: &[f64], b: &[f64]) -> f64 {
    match joint_variance(a, b) {
        None => 0.0,
        Some(v) => {
            let t: Vec<f64> = (0..a.len())
                .map(|j| {
                    let d = a[j] - ab[j];
                    d * d
                })
                .collect();
            0.5 * mean(&t) / v
        }
    }
}

/// (S1 conf, ST conf) of one factor from the shared resampling indices.
fn bootstrap_conf(s: &Split, ab: &[f64], draws: &[u32], n: usize, z: f64) -> (f64, f64) {
    let (mut ra, mut rb, mut rab) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    let resamples = draws.len() / n;
    let mut e1 = Vec::with_capacity(resamples);
    let mut et = Vec::with_capacity(resamples);
    for idx in draws.chunks_exact(n) {
        for (j, &i) in idx.iter().enumerate() {
            let i = i as usize;
            ra[j] = s.a[i];
            rb[j] = s.b[i];
            rab[j] = ab[i];
        }
        e1.push(first_order(&ra, &rab, &rb));
        et.push(total_order(&ra, &rab, &rb));
    }
    if joint_variance(&s.a, &s.b).is_none() {
        return (0.0, 0.0);
    }
    (z * std_sample(&e1), z * std_sample(&et))
}

#[cfg(test)]
#[path = "sobol_tests.rs"]
mod tests;
