//! Saltelli cross-sampling (Saltelli 2002; Saltelli et al. 2010) for first- and total-order
//! Sobol' indices, in SALib's row layout so SALib-written designs and outputs can be read as-is.
//!
//! From two independent base matrices A and B (N × k), the model is run on N·(k+2) points. For
//! each base row j, SALib's `sample.sobol.sample(..., calc_second_order=False)` writes, in this
//! order: A_j, then AB_j^1 … AB_j^k (A_j with column i taken from B_j), then B_j. So row
//! `j·(k+2)` is A_j, row `j·(k+2) + i` (1 ≤ i ≤ k) is AB_j^i, and row `j·(k+2) + k + 1` is B_j.
//! [`crate::sensitivity::sobol_indices`] reads the outputs in the same layout.

use super::{Design, sobol_design};
use crate::sensitivity::error::{Result, SensitivityError};

/// The N·(k+2) evaluation design built from base matrices `a` and `b` (same shape N × k), in
/// SALib's layout (module doc).
pub fn saltelli(a: &Design, b: &Design) -> Result<Design> {
    if a.k() != b.k() {
        return Err(SensitivityError::LengthMismatch {
            what: "Saltelli base matrix B columns",
            expected: a.k(),
            found: b.k(),
        });
    }
    if a.rows() != b.rows() {
        return Err(SensitivityError::LengthMismatch {
            what: "Saltelli base matrix B rows",
            expected: a.rows(),
            found: b.rows(),
        });
    }
    let k = a.k();
    let mut values = Vec::with_capacity(a.rows() * (k + 2) * k);
    for (ra, rb) in a.iter_rows().zip(b.iter_rows()) {
        values.extend_from_slice(ra);
        for i in 0..k {
            values.extend_from_slice(&ra[..i]);
            values.push(rb[i]);
            values.extend_from_slice(&ra[i + 1..]);
        }
        values.extend_from_slice(rb);
    }
    Ok(Design::from_raw(k, values))
}

/// A Saltelli design whose base matrices come, as in SALib, from one 2k-dimensional Sobol'
/// sequence: A is its first k columns and B its last k. `n` base rows (use a power of two),
/// starting at point `skip`, digitally shifted by `shift_seed` if given.
pub fn saltelli_sobol(n: usize, k: usize, skip: u64, shift_seed: Option<u64>) -> Result<Design> {
    if k == 0 {
        return Err(SensitivityError::Empty {
            what: "Saltelli factors",
        });
    }
    let base = sobol_design(n, 2 * k, skip, shift_seed)?;
    let mut a = Vec::with_capacity(n * k);
    let mut b = Vec::with_capacity(n * k);
    for row in base.iter_rows() {
        a.extend_from_slice(&row[..k]);
        b.extend_from_slice(&row[k..]);
    }
    saltelli(&Design::from_raw(k, a), &Design::from_raw(k, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_is_salibs() {
        let a = Design::from_raw(2, vec![0.1, 0.2, 0.3, 0.4]);
        let b = Design::from_raw(2, vec![0.5, 0.6, 0.7, 0.8]);
        let d = saltelli(&a, &b).unwrap();
        assert_eq!(d.rows(), 2 * 4);
        assert_eq!(
            d.to_rows(),
            vec![
                vec![0.1, 0.2],
                vec![0.5, 0.2],
                vec![0.1, 0.6],
                vec![0.5, 0.6],
                vec![0.3, 0.4],
                vec![0.7, 0.4],
                vec![0.3, 0.8],
                vec![0.7, 0.8],
            ]
        );
        let b3 = Design::from_raw(1, vec![0.5, 0.6]);
        assert!(saltelli(&a, &b3).is_err());
    }

    #[test]
    fn sobol_base_is_split_in_halves() {
        let d = saltelli_sobol(4, 3, 0, None).unwrap();
        let base = sobol_design(4, 6, 0, None).unwrap();
        assert_eq!(d.rows(), 4 * 5);
        for j in 0..4 {
            assert_eq!(d.row(j * 5), &base.row(j)[..3]);
            assert_eq!(d.row(j * 5 + 4), &base.row(j)[3..]);
        }
        assert_eq!(
            saltelli_sobol(8, 3, 0, Some(3)),
            saltelli_sobol(8, 3, 0, Some(3))
        );
    }
}
