//! Experimental designs: where in factor space to run the model.
//!
//! Every design is a [`Design`]: `rows × k` points in the unit hypercube, stored row-major in one
//! `Vec<f64>` (row `i` is `values[i*k .. (i+1)*k]`, one run; column `j` is factor `j`).
//! Random and quasi-random designs ([`latin_hypercube`], [`sobol_design`], [`saltelli`]) lie in
//! `[0, 1)`; grid designs ([`full_factorial`], [`morris_trajectories`]) include the upper end 1.
//! [`Design::scale`] maps unit values onto each factor's [`FactorRange`] for the model;
//! [`Design::from_unit_rows`] and [`Design::from_scaled_rows`] accept a design made elsewhere
//! (for example by SALib). Random designs are deterministic in their `u64` seed
//! (ChaCha8 stream).

mod external;
mod factorial;
mod lhs;
mod morris;
mod saltelli;
mod sobol_seq;

pub use factorial::full_factorial;
pub use lhs::latin_hypercube;
pub use morris::{morris_delta, morris_trajectories};
pub use saltelli::{saltelli, saltelli_sobol};
pub use sobol_seq::{SOBOL_MAX_DIMS, SobolSequence, sobol_design};

use super::error::{Result, SensitivityError};

/// The closed interval a factor is varied over, in the model's own units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FactorRange {
    /// Value at unit coordinate 0.
    pub low: f64,
    /// Value at unit coordinate 1.
    pub high: f64,
}

impl FactorRange {
    /// A range, checked to be finite with `low < high`.
    pub fn new(low: f64, high: f64) -> Result<Self> {
        let r = FactorRange { low, high };
        r.check(0)?;
        Ok(r)
    }

    /// Errors (naming factor `factor`) unless the range is finite with `low < high`.
    pub fn check(&self, factor: usize) -> Result<()> {
        if self.low.is_finite() && self.high.is_finite() && self.low < self.high {
            Ok(())
        } else {
            Err(SensitivityError::InvalidRange {
                factor,
                low: self.low,
                high: self.high,
            })
        }
    }

    /// Maps a unit coordinate `u` to `low + u (high − low)` (SALib's uniform scaling).
    pub fn scale(&self, u: f64) -> f64 {
        self.low + u * (self.high - self.low)
    }

    /// Maps a value in the range back to its unit coordinate `(x − low) / (high − low)`.
    pub fn unscale(&self, x: f64) -> f64 {
        (x - self.low) / (self.high - self.low)
    }
}

/// Checks every range and returns the number of factors.
pub(crate) fn check_ranges(ranges: &[FactorRange]) -> Result<usize> {
    if ranges.is_empty() {
        return Err(SensitivityError::Empty {
            what: "factor ranges",
        });
    }
    for (j, r) in ranges.iter().enumerate() {
        r.check(j)?;
    }
    Ok(ranges.len())
}

/// A set of model runs as points in the unit hypercube: `rows × k`, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    k: usize,
    values: Vec<f64>,
}

impl Design {
    /// Wraps row-major unit values; crate-internal because callers go through the checked
    /// constructors.
    pub(crate) fn from_raw(k: usize, values: Vec<f64>) -> Self {
        debug_assert!(k > 0 && values.len() % k == 0);
        Design { k, values }
    }

    /// Number of factors (columns).
    pub fn k(&self) -> usize {
        self.k
    }

    /// Number of runs (rows).
    pub fn rows(&self) -> usize {
        self.values.len() / self.k
    }

    /// Row `i` (one run's unit coordinates); panics if `i >= rows()`, like slice indexing.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.k..(i + 1) * self.k]
    }

    /// Iterator over the rows, in run order.
    pub fn iter_rows(&self) -> std::slice::ChunksExact<'_, f64> {
        self.values.chunks_exact(self.k)
    }

    /// All values, row-major.
    pub fn as_slice(&self) -> &[f64] {
        &self.values
    }

    /// The rows as owned vectors (unit coordinates), e.g. to feed an analysis.
    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        self.iter_rows().map(<[f64]>::to_vec).collect()
    }

    /// Column `j` (one factor's unit values over all runs); panics if `j >= k()`.
    pub fn column(&self, j: usize) -> Vec<f64> {
        self.iter_rows().map(|r| r[j]).collect()
    }

    /// The runs in model units: each unit value mapped onto its factor's range by
    /// [`FactorRange::scale`]. Errors if the number of ranges is not `k` or a range is invalid.
    pub fn scale(&self, ranges: &[FactorRange]) -> Result<Vec<Vec<f64>>> {
        let k = check_ranges(ranges)?;
        if k != self.k {
            return Err(SensitivityError::LengthMismatch {
                what: "factor ranges",
                expected: self.k,
                found: k,
            });
        }
        Ok(self
            .iter_rows()
            .map(|row| row.iter().zip(ranges).map(|(&u, r)| r.scale(u)).collect())
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_maps_unit_to_ranges() {
        let d = Design::from_raw(2, vec![0.0, 1.0, 0.5, 0.25]);
        let r = [
            FactorRange::new(-1.0, 1.0).unwrap(),
            FactorRange::new(10.0, 14.0).unwrap(),
        ];
        assert_eq!(
            d.scale(&r).unwrap(),
            vec![vec![-1.0, 14.0], vec![0.0, 11.0]]
        );
        assert_eq!(d.rows(), 2);
        assert_eq!(d.column(1), vec![1.0, 0.25]);
        assert!(d.scale(&r[..1]).is_err());
        assert!(FactorRange::new(1.0, 1.0).is_err());
        assert!(FactorRange::new(0.0, f64::NAN).is_err());
        assert_eq!(r[1].unscale(r[1].scale(0.75)), 0.75);
    }
}
