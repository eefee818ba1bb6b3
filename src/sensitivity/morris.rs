//! Morris elementary-effects screening (Morris 1991; μ* of Campolongo, Cariboni & Saltelli 2007)
//! — the statistics of SALib's `analyze.morris.analyze` (no groups, unscaled effects).
//!
//! Along each trajectory exactly one factor moves per step. If factor i moves between rows s and
//! s+1, its elementary effect is EE_i = (y_{s+1} − y_s)/Δ when it went up and (y_s − y_{s+1})/Δ
//! when it went down, with Δ = p/(2(p−1)) the step *in unit space* (so EE is the change of y per
//! unit of the factor's normalised range, whatever units X is in). Over the r trajectories:
//! μ_i = mean EE_i, μ*_i = mean |EE_i|, σ_i = sd EE_i (divisor r − 1). μ*'s confidence
//! half-width is z_{(1+level)/2} · sd of μ* over `num_resamples` bootstrap resamples of the r
//! effects (with replacement, ChaCha8 stream from `seed`).

use super::design::morris_delta;
use super::error::{Result, SensitivityError};
use super::rng;
use super::stats::{check_conf_level, check_finite, mean, std_sample, z_for_level};

/// Settings of [`morris_indices`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MorrisOptions {
    /// Grid levels p the design was built with (sets Δ); SALib's default 4.
    pub levels: usize,
    /// Bootstrap resamples for μ*'s confidence interval (at least 2).
    pub num_resamples: usize,
    /// Confidence level in (0, 1); 0.95 by default.
    pub conf_level: f64,
    /// Seed of the resampling stream.
    pub seed: u64,
}

impl Default for MorrisOptions {
    fn default() -> Self {
        MorrisOptions {
            levels: 4,
            num_resamples: 100,
            conf_level: 0.95,
            seed: 0,
        }
    }
}

/// Morris statistics per factor.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndices {
    /// Mean elementary effect μ (signed; effects of opposite sign cancel).
    pub mu: Vec<f64>,
    /// Mean absolute elementary effect μ*: the screening measure of importance.
    pub mu_star: Vec<f64>,
    /// Standard deviation σ of the effects: non-linearity or interactions.
    pub sigma: Vec<f64>,
    /// Bootstrap half-width of μ*'s confidence interval.
    pub mu_star_conf: Vec<f64>,
    /// The elementary effects themselves, `effects[i][t]` for factor i on trajectory t.
    pub effects: Vec<Vec<f64>>,
}

/// Morris statistics from a trajectory design `x` (r·(k+1) rows, in unit or model units, as
/// [`crate::sensitivity::design::morris_trajectories`] or SALib lays them out) and its outputs
/// `y`. Errors if shapes disagree, values are not finite, there are fewer than 2 trajectories,
/// or a step does not move exactly one factor (each factor once per trajectory).
pub fn morris_indices<R: AsRef<[f64]>>(
    x: &[R],
    y: &[f64],
    opts: &MorrisOptions,
) -> Result<MorrisIndices> {
    let k = check_shape(x, y)?;
    check_conf_level(opts.conf_level)?;
    if opts.levels < 2 {
        return Err(SensitivityError::InvalidParameter {
            name: "levels",
            reason: format!("need at least 2 grid levels, got {}", opts.levels),
        });
    }
    if opts.num_resamples < 2 {
        return Err(SensitivityError::InvalidParameter {
            name: "num_resamples",
            reason: format!(
                "need at least 2 bootstrap resamples, got {}",
                opts.num_resamples
            ),
        });
    }
    let delta = morris_delta(opts.levels);
    let r = x.len() / (k + 1);
    let mut effects = vec![vec![0.0; r]; k];
    #[allow(clippy::needless_range_loop)] // t indexes rows of x and y as well as effects.
    for t in 0..r {
        let mut seen = vec![false; k];
        for s in 0..k {
            let row = t * (k + 1) + s;
            let (a, b) = (x[row].as_ref(), x[row + 1].as_ref());
            let i = moved_factor(a, b, t, s)?;
            if seen[i] {
                return Err(SensitivityError::NotATrajectory {
                    trajectory: t,
                    reason: format!("factor {i} moves more than once"),
                });
            }
            seen[i] = true;
            let diff = if b[i] > a[i] {
                y[row + 1] - y[row]
            } else {
                y[row] - y[row + 1]
            };
            effects[i][t] = diff / delta;
        }
    }
    let z = z_for_level(opts.conf_level);
    let mut g = rng::rng(opts.seed);
    let mut out = MorrisIndices {
        mu: Vec::with_capacity(k),
        mu_star: Vec::with_capacity(k),
        sigma: Vec::with_capacity(k),
        mu_star_conf: Vec::with_capacity(k),
        effects: Vec::new(),
    };
    let mut resampled = vec![0.0; r];
    let mut boot = vec![0.0; opts.num_resamples];
    for ee in &effects {
        let abs: Vec<f64> = ee.iter().map(|v| v.abs()).collect();
        out.mu.push(mean(ee));
        out.mu_star.push(mean(&abs));
        out.sigma.push(std_sample(ee));
        for b in boot.iter_mut() {
            for v in resampled.iter_mut() {
                *v = abs[rng::index(&mut g, r)];
            }
            *b = mean(&resampled);
        }
        out.mu_star_conf.push(z * std_sample(&boot));
    }
    out.effects = effects;
    Ok(out)
}

/// Checks the design and outputs agree and form whole trajectories; returns k.
fn check_shape<R: AsRef<[f64]>>(x: &[R], y: &[f64]) -> Result<usize> {
    if x.is_empty() {
        return Err(SensitivityError::Empty {
            what: "design rows",
        });
    }
    let k = x[0].as_ref().len();
    if k == 0 {
        return Err(SensitivityError::Empty {
            what: "design columns",
        });
    }
    for (row, xr) in x.iter().enumerate() {
        let xr = xr.as_ref();
        if xr.len() != k {
            return Err(SensitivityError::ColumnCount {
                row,
                expected: k,
                found: xr.len(),
            });
        }
        if let Some(j) = xr.iter().position(|v| !v.is_finite()) {
            return Err(SensitivityError::NonFinite {
                what: "design",
                index: row * k + j,
            });
        }
    }
    if y.len() != x.len() {
        return Err(SensitivityError::LengthMismatch {
            what: "outputs",
            expected: x.len(),
            found: y.len(),
        });
    }
    check_finite("outputs", y)?;
    if x.len() % (k + 1) != 0 {
        return Err(SensitivityError::LengthMismatch {
            what: "design rows (must be r*(k+1))",
            expected: (x.len() / (k + 1) + 1) * (k + 1),
            found: x.len(),
        });
    }
    let r = x.len() / (k + 1);
    if r < 2 {
        return Err(SensitivityError::TooFew {
            what: "Morris trajectories",
            needed: 2,
            found: r,
        });
    }
    Ok(k)
}

/// The single factor that differs between consecutive rows `a` and `b`.
fn moved_factor(a: &[f64], b: &[f64], t: usize, s: usize) -> Result<usize> {
    let mut moved = (0..a.len()).filter(|&j| a[j] != b[j]);
    match (moved.next(), moved.next()) {
        (Some(i), None) => Ok(i),
        (None, _) => Err(SensitivityError::NotATrajectory {
            trajectory: t,
            reason: format!("step {s} moves no factor"),
        }),
        (Some(_), Some(_)) => Err(SensitivityError::NotATrajectory {
            trajectory: t,
            reason: format!("step {s} moves more than one factor"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitivity::design::{FactorRange, morris_trajectories};

    #[test]
    fn linear_function_effects_are_exact() {
        // y = Σ b_i x_i on ranges [lo_i, hi_i]: every EE_i = b_i (hi_i − lo_i).
        let b = [3.0, -2.0, 0.5, 0.0];
        let ranges = [
            FactorRange::new(0.0, 1.0).unwrap(),
            FactorRange::new(-5.0, 5.0).unwrap(),
            FactorRange::new(100.0, 104.0).unwrap(),
            FactorRange::new(0.0, 2.0).unwrap(),
        ];
        let d = morris_trajectories(30, 4, 4, 3).unwrap();
        let x = d.scale(&ranges).unwrap();
        let y: Vec<f64> = x
            .iter()
            .map(|r| r.iter().zip(&b).map(|(v, c)| v * c).sum())
            .collect();
        let m = morris_indices(&x, &y, &MorrisOptions::default()).unwrap();
        for i in 0..4 {
            let truth = b[i] * (ranges[i].high - ranges[i].low);
            assert!(
                (m.mu_star[i] - truth.abs()).abs() < 1e-9,
                "{i}: {}",
                m.mu_star[i]
            );
            assert!((m.mu[i] - truth).abs() < 1e-9);
            assert!(m.sigma[i] < 1e-9 && m.mu_star_conf[i] < 1e-9);
        }
        // Same result from the unit design.
        let y_unit: Vec<f64> = d.iter_rows().map(|r| r[0] * 7.0).collect();
        let mu = morris_indices(&d.to_rows(), &y_unit, &MorrisOptions::default()).unwrap();
        assert!((mu.mu_star[0] - 7.0).abs() < 1e-12 && mu.mu_star[1] == 0.0);
    }

    #[test]
    fn nonlinear_function_has_spread_and_seeded_conf() {
        let d = morris_trajectories(40, 2, 4, 5).unwrap();
        let y: Vec<f64> = d
            .iter_rows()
            .map(|r| (6.0 * r[0]).sin() + r[0] * r[1])
            .collect();
        let o = MorrisOptions::default();
        let a = morris_indices(&d.to_rows(), &y, &o).unwrap();
        assert!(a.sigma[0] > 0.1 && a.mu_star_conf[0] > 0.0);
        assert_eq!(a, morris_indices(&d.to_rows(), &y, &o).unwrap());
        let b = morris_indices(&d.to_rows(), &y, &MorrisOptions { seed: 1, ..o }).unwrap();
        assert_eq!(a.mu_star, b.mu_star);
        assert_ne!(a.mu_star_conf, b.mu_star_conf);
    }

    #[test]
    fn bad_designs_are_errors() {
        let o = MorrisOptions::default();
        let x = vec![vec![0.0, 0.0], vec![1.0, 1.0], vec![1.0, 0.0]];
        let x2: Vec<Vec<f64>> = x.iter().chain(&x).cloned().collect();
        assert!(matches!(
            morris_indices(&x2, &[0.0; 6], &o),
            Err(SensitivityError::NotATrajectory { .. })
        ));
        let x = vec![vec![0.0, 0.0], vec![1.0, 0.0], vec![0.0, 0.0]];
        let x2: Vec<Vec<f64>> = x.iter().chain(&x).cloned().collect();
        assert!(matches!(
            morris_indices(&x2, &[0.0; 6], &o),
            Err(SensitivityError::NotATrajectory { .. })
        ));
        let good = morris_trajectories(2, 2, 4, 0).unwrap().to_rows();
        assert!(morris_indices(&good, &[0.0; 5], &o).is_err());
        assert!(morris_indices(&good[..3], &[0.0; 3], &o).is_err());
        let mut y = [0.0; 6];
        y[2] = f64::INFINITY;
        assert!(morris_indices(&good, &y, &o).is_err());
        assert!(morris_indices(&good[..5], &[0.0; 5], &o).is_err());
        // Constant output is fine: all effects are 0.
        let m = morris_indices(&good, &[1.0; 6], &o).unwrap();
        assert_eq!(m.mu_star, vec![0.0, 0.0]);
    }
}
