//! Attribution from an ensemble that already ran: which of the parameters each member drew
//! explain the spread of an outcome — no extra model runs.
//!
//! All three measures work on ranks (ties averaged), so they capture monotone, not only
//! linear, relations and ignore the parameters' units (Saltelli et al. 2004, ch. 1.2.4;
//! Marino et al. 2008):
//! - [`spearman`]: Spearman's rank correlation of each parameter with the outcome, one at a time.
//! - [`srrc`]: standardised rank regression coefficients, the slopes of a regression of the
//!   outcome's ranks on all parameters' ranks, each scaled by sd(rank x_j) / sd(rank y).
//! - [`prcc`]: partial rank correlation coefficients, the correlation of the outcome and a
//!   parameter once the other parameters' (linear, on ranks) effects are removed from both.
//!
//! SRRC and PRCC come from the matrix C of rank correlations of [x_1 … x_p, y]: with
//! P = C⁻¹, PRCC_j = −P_jy / √(P_jj P_yy), and SRRC = C_xx⁻¹ c_xy. A constant parameter
//! carries no information: its coefficient is 0 and it is left out of the regression.

use rayon::prelude::*;

use super::error::{Result, SensitivityError};
use super::stats::{check_finite, pearson, ranks};

/// A parameter and its attribution coefficient.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Driver {
    /// Zero-based parameter (column) index.
    pub factor: usize,
    /// Its coefficient (sign gives the direction of the effect).
    pub coefficient: f64,
}

/// Spearman rank correlation of each column of `x` (n × k) with `y`; 0 for a constant column.
pub fn spearman<R: AsRef<[f64]> + Sync>(x: &[R], y: &[f64]) -> Result<Vec<f64>> {
    let (cols, ry) = ranked(x, y)?;
    Ok(cols
        .iter()
        .map(|c| c.as_ref().and_then(|c| pearson(c, &ry)).unwrap_or(0.0))
        .collect())
}

/// Partial rank correlation coefficient of each column of `x` with `y`; 0 for a constant column.
/// Errors if the ranked columns are collinear or there are too few runs (n < p + 2, p the
/// number of non-constant columns).
pub fn prcc<R: AsRef<[f64]> + Sync>(x: &[R], y: &[f64]) -> Result<Vec<f64>> {
    let (cols, ry) = ranked(x, y)?;
    let (kept, c) = correlation_matrix(&cols, &ry)?;
    let p = kept.len();
    let inv = invert(c).map_err(|col| {
        if col == p {
            SensitivityError::ZeroVariance {
                what: "outcome ranks once the parameters' rank-linear effects are removed",
            }
        } else {
            SensitivityError::Collinear { factor: kept[col] }
        }
    })?;
    let mut out = vec![0.0; cols.len()];
    for (a, &j) in kept.iter().enumerate() {
        let v = -inv[a][p] / (inv[a][a] * inv[p][p]).sqrt();
        out[j] = v.clamp(-1.0, 1.0);
    }
    Ok(out)
}

/// Standardised rank regression coefficient of each column of `x` on `y`; 0 for a constant
/// column. Errors as [`prcc`] does.
pub fn srrc<R: AsRef<[f64]> + Sync>(x: &[R], y: &[f64]) -> Result<Vec<f64>> {
    let (cols, ry) = ranked(x, y)?;
    let (kept, c) = correlation_matrix(&cols, &ry)?;
    let p = kept.len();
    let cxx: Vec<Vec<f64>> = c.iter().take(p).map(|r| r[..p].to_vec()).collect();
    let inv = invert(cxx).map_err(|col| SensitivityError::Collinear { factor: kept[col] })?;
    let mut out = vec![0.0; cols.len()];
    for (a, &j) in kept.iter().enumerate() {
        out[j] = (0..p).map(|b| inv[a][b] * c[b][p]).sum();
    }
    Ok(out)
}

/// The `m` largest coefficients by absolute value, largest first (ties: lower index first).
pub fn top_drivers(coefficients: &[f64], m: usize) -> Vec<Driver> {
    let mut d: Vec<Driver> = coefficients
        .iter()
        .enumerate()
        .map(|(factor, &coefficient)| Driver {
            factor,
            coefficient,
        })
        .collect();
    d.sort_by(|a, b| {
        b.coefficient
            .abs()
            .total_cmp(&a.coefficient.abs())
            .then(a.factor.cmp(&b.factor))
    });
    d.truncate(m);
    d
}

/// Spearman's correlations and SRRCs of one outcome, from [`rank_fits`].
#[derive(Debug, Clone, PartialEq)]
pub struct RankFit {
    /// Spearman's rank correlation of each parameter with the outcome (0 for a constant one).
    pub spearman: Vec<f64>,
    /// Standardised rank regression coefficients, or why there are none (too few members,
    /// collinear parameters).
    pub srrc: Result<Vec<f64>>,
}

/// [`spearman`] and [`srrc`] of many outcomes over the same parameters `x`, ranking `x` and
/// inverting its rank correlation matrix once (the cost of attributing every headline result of
/// an ensemble is then one matrix product per outcome). Same values as the one-outcome
/// functions; an outcome that is constant or not finite gets its own error.
///
/// Columns are ranked, the matrix filled and the outcomes fitted on every core; each value is
/// computed by one thread in a fixed order, so results do not depend on the number of threads.
pub fn rank_fits<R: AsRef<[f64]> + Sync>(x: &[R], ys: &[Vec<f64>]) -> Vec<Result<RankFit>> {
    let Some(first) = ys.iter().find(|y| {
        y.len() == x.len() && y.iter().all(|v| v.is_finite()) && y.iter().any(|&v| v != y[0])
    }) else {
        // No outcome is usable: each gets the reason ranking it fails (or its zero variance).
        return ys
            .iter()
            .map(|y| ranked(x, y).and(Err(SensitivityError::ZeroVariance { what: "outcome" })))
            .collect();
    };
    let cols = match ranked(x, first) {
        Ok((cols, _)) => cols,
        Err(e) => return ys.iter().map(|_| Err(e.clone())).collect(),
    };
    let kept: Vec<usize> = (0..cols.len()).filter(|&j| cols[j].is_some()).collect();
    let n = x.len();
    let z: Vec<Vec<f64>> = kept
        .iter()
        .map(|&j| standardise(cols[j].as_deref().unwrap_or_default()))
        .collect();
    let inverse = inverse_correlation(&z, &kept, n);
    let fitted = Fitted {
        members: n,
        columns: cols.len(),
        kept: &kept,
        z: &z,
        inverse: &inverse,
    };
    ys.par_iter().map(|y| fitted.fit(y)).collect()
}

/// Centres a ranked series and scales it to unit norm, so that dot products of two such series
/// are their rank correlation.
fn standardise(s: &[f64]) -> Vec<f64> {
    let n = s.len();
    let m = s.iter().sum::<f64>() / n as f64;
    let mut z: Vec<f64> = s.iter().map(|v| v - m).collect();
    let norm = z.iter().map(|v| v * v).sum::<f64>().sqrt();
    z.iter_mut().for_each(|v| *v /= norm);
    z
}

/// The inverse of the rank correlation matrix of the kept parameters' standardised ranks `z`
/// over `n` members, or why there is none (too few members, collinear parameters).
fn inverse_correlation(z: &[Vec<f64>], kept: &[usize], n: usize) -> Result<Vec<Vec<f64>>> {
    let p = z.len();
    if n < p + 2 {
        return Err(SensitivityError::TooFew {
            what: "ensemble members for rank regression",
            needed: p + 2,
            found: n,
        });
    }
    // The upper triangle, row by row on every core, then mirrored: entry (b, a) would sum the
    // same products in the same order as (a, b), so it has the same bits.
    let upper: Vec<Vec<f64>> = (0..p)
        .into_par_iter()
        .map(|a| {
            (a..p)
                .map(|b| z[a].iter().zip(&z[b]).map(|(u, v)| u * v).sum())
                .collect()
        })
        .collect();
    let cxx: Vec<Vec<f64>> = (0..p)
        .map(|a| {
            (0..p)
                .map(|b| {
                    if b < a {
                        upper[b][a - b]
                    } else {
                        upper[a][b - a]
                    }
                })
                .collect()
        })
        .collect();
    invert(cxx).map_err(|col| SensitivityError::Collinear { factor: kept[col] })
}

/// What every outcome of [`rank_fits`] is fitted against: the parameters' standardised ranks
/// and the inverse of their correlation matrix.
struct Fitted<'a> {
    members: usize,
    columns: usize,
    kept: &'a [usize],
    z: &'a [Vec<f64>],
    inverse: &'a Result<Vec<Vec<f64>>>,
}

impl Fitted<'_> {
    /// Spearman's correlations and SRRCs of one outcome.
    fn fit(&self, y: &[f64]) -> Result<RankFit> {
        let n = self.members;
        if y.len() != n {
            return Err(SensitivityError::LengthMismatch {
                what: "outcomes",
                expected: n,
                found: y.len(),
            });
        }
        check_finite("outcomes", y)?;
        if y.iter().all(|&v| v == y[0]) {
            return Err(SensitivityError::ZeroVariance { what: "outcome" });
        }
        let zy = standardise(&ranks(y));
        let cxy: Vec<f64> = self
            .z
            .iter()
            .map(|za| za.iter().zip(&zy).map(|(u, v)| u * v).sum())
            .collect();
        let mut spearman = vec![0.0; self.columns];
        for (a, &j) in self.kept.iter().enumerate() {
            spearman[j] = cxy[a];
        }
        let srrc = self.inverse.as_ref().map_err(Clone::clone).map(|inv| {
            let mut out = vec![0.0; self.columns];
            for (a, &j) in self.kept.iter().enumerate() {
                out[j] = (0..self.kept.len()).map(|b| inv[a][b] * cxy[b]).sum();
            }
            out
        });
        Ok(RankFit { spearman, srrc })
    }
}

/// Validates inputs and ranks them: per column `Some(ranks)` or `None` if constant, and y's ranks.
#[allow(clippy::type_complexity)]
fn ranked<R: AsRef<[f64]> + Sync>(x: &[R], y: &[f64]) -> Result<(Vec<Option<Vec<f64>>>, Vec<f64>)> {
    if x.is_empty() {
        return Err(SensitivityError::Empty {
            what: "ensemble members",
        });
    }
    let k = x[0].as_ref().len();
    if k == 0 {
        return Err(SensitivityError::Empty { what: "parameters" });
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
                what: "parameters",
                index: row * k + j,
            });
        }
    }
    if y.len() != x.len() {
        return Err(SensitivityError::LengthMismatch {
            what: "outcomes",
            expected: x.len(),
            found: y.len(),
        });
    }
    check_finite("outcomes", y)?;
    if y.iter().all(|&v| v == y[0]) {
        return Err(SensitivityError::ZeroVariance { what: "outcome" });
    }
    let cols = (0..k)
        .into_par_iter()
        .map(|j| {
            let col: Vec<f64> = x.iter().map(|r| r.as_ref()[j]).collect();
            if col.iter().all(|&v| v == col[0]) {
                None
            } else {
                Some(ranks(&col))
            }
        })
        .collect();
    Ok((cols, ranks(y)))
}

/// Indices of the non-constant columns and the (p+1)² correlation matrix of their ranks and y's.
fn correlation_matrix(
    cols: &[Option<Vec<f64>>],
    ry: &[f64],
) -> Result<(Vec<usize>, Vec<Vec<f64>>)> {
    let kept: Vec<usize> = (0..cols.len()).filter(|&j| cols[j].is_some()).collect();
    let p = kept.len();
    let n = ry.len();
    if n < p + 2 {
        return Err(SensitivityError::TooFew {
            what: "ensemble members for rank regression",
            needed: p + 2,
            found: n,
        });
    }
    // Centre and scale each ranked series to unit norm; C = Zᵀ Z.
    let mut z: Vec<Vec<f64>> = kept
        .iter()
        .map(|&j| cols[j].clone().unwrap_or_default())
        .collect();
    z.push(ry.to_vec());
    for s in &mut z {
        let m = s.iter().sum::<f64>() / n as f64;
        s.iter_mut().for_each(|v| *v -= m);
        let norm = s.iter().map(|v| v * v).sum::<f64>().sqrt();
        s.iter_mut().for_each(|v| *v /= norm);
    }
    let c = (0..=p)
        .map(|a| {
            (0..=p)
                .map(|b| z[a].iter().zip(&z[b]).map(|(u, v)| u * v).sum())
                .collect()
        })
        .collect();
    Ok((kept, c))
}

/// Inverse of a symmetric positive-semidefinite correlation matrix by Gauss–Jordan elimination
/// with partial pivoting. A pivot below 1e-10 means column `col` is (nearly) a linear combination
/// of the columns before it: `Err(col)`.
fn invert(mut a: Vec<Vec<f64>>) -> std::result::Result<Vec<Vec<f64>>, usize> {
    let m = a.len();
    let mut inv: Vec<Vec<f64>> = (0..m)
        .map(|i| (0..m).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    for col in 0..m {
        let piv = (col..m)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        if a[piv][col].abs() < 1e-10 {
            return Err(col);
        }
        a.swap(col, piv);
        inv.swap(col, piv);
        let d = a[col][col];
        for j in 0..m {
            a[col][j] /= d;
            inv[col][j] /= d;
        }
        // Every other row loses its multiple of the pivot row: rows are independent, so they
        // are updated on every core, each with the same operations in the same order.
        let (pivot, pivot_inv) = (a[col].clone(), inv[col].clone());
        a.par_iter_mut()
            .zip(inv.par_iter_mut())
            .enumerate()
            .filter(|(i, _)| *i != col)
            .for_each(|(_, (row, row_inv))| {
                let f = row[col];
                if f != 0.0 {
                    for (x, &p) in row.iter_mut().zip(&pivot) {
                        *x -= f * p;
                    }
                    for (x, &p) in row_inv.iter_mut().zip(&pivot_inv) {
                        *x -= f * p;
                    }
                }
            });
    }
    Ok(inv)
}

#[cfg(test)]
#[path = "attribution_tests.rs"]
mod tests;
