//! Designs made elsewhere (SALib, a spreadsheet, a previous sweep): validated, then held as a
//! [`Design`] like any other.

use super::{Design, FactorRange, check_ranges};
use crate::sensitivity::error::{Result, SensitivityError};

/// Checks shape and finiteness of a row-major matrix given as rows; returns the flat values.
fn flatten<R: AsRef<[f64]>>(rows: &[R], k: usize) -> Result<Vec<f64>> {
    if rows.is_empty() {
        return Err(SensitivityError::Empty {
            what: "design rows",
        });
    }
    if k == 0 {
        return Err(SensitivityError::Empty {
            what: "design columns",
        });
    }
    let mut values = Vec::with_capacity(rows.len() * k);
    for (i, row) in rows.iter().enumerate() {
        let row = row.as_ref();
        if row.len() != k {
            return Err(SensitivityError::ColumnCount {
                row: i,
                expected: k,
                found: row.len(),
            });
        }
        for (j, &v) in row.iter().enumerate() {
            if !v.is_finite() {
                return Err(SensitivityError::NonFinite {
                    what: "design",
                    index: i * k + j,
                });
            }
        }
        values.extend_from_slice(row);
    }
    Ok(values)
}

impl Design {
    /// A design from rows already in unit coordinates: every row must have `k` finite values
    /// in `[0, 1]`.
    pub fn from_unit_rows<R: AsRef<[f64]>>(rows: &[R], k: usize) -> Result<Design> {
        let values = flatten(rows, k)?;
        if let Some(pos) = values.iter().position(|v| !(0.0..=1.0).contains(v)) {
            return Err(SensitivityError::OutOfRange {
                row: pos / k,
                col: pos % k,
                value: values[pos],
                low: 0.0,
                high: 1.0,
            });
        }
        Ok(Design::from_raw(k, values))
    }

    /// A design from rows in model units: one column per range, each value finite and within
    /// its factor's `[low, high]`; stored as unit coordinates by [`FactorRange::unscale`].
    pub fn from_scaled_rows<R: AsRef<[f64]>>(rows: &[R], ranges: &[FactorRange]) -> Result<Design> {
        let k = check_ranges(ranges)?;
        let mut values = flatten(rows, k)?;
        for (pos, v) in values.iter_mut().enumerate() {
            let (row, col) = (pos / k, pos % k);
            let r = ranges[col];
            if *v < r.low || *v > r.high {
                return Err(SensitivityError::OutOfRange {
                    row,
                    col,
                    value: *v,
                    low: r.low,
                    high: r.high,
                });
            }
            *v = r.unscale(*v).clamp(0.0, 1.0);
        }
        Ok(Design::from_raw(k, values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_valid_and_rejects_bad_designs() {
        let d = Design::from_unit_rows(&[vec![0.0, 1.0], vec![0.5, 0.5]], 2).unwrap();
        assert_eq!(d.rows(), 2);
        assert!(matches!(
            Design::from_unit_rows(&[vec![0.0, 1.0], vec![0.5]], 2),
            Err(SensitivityError::ColumnCount { row: 1, .. })
        ));
        assert!(matches!(
            Design::from_unit_rows(&[vec![0.0, f64::NAN]], 2),
            Err(SensitivityError::NonFinite { index: 1, .. })
        ));
        assert!(matches!(
            Design::from_unit_rows(&[vec![0.0, 1.5]], 2),
            Err(SensitivityError::OutOfRange { col: 1, .. })
        ));
        let empty: [Vec<f64>; 0] = [];
        assert!(Design::from_unit_rows(&empty, 2).is_err());

        let ranges = [FactorRange::new(-2.0, 2.0).unwrap()];
        let d = Design::from_scaled_rows(&[[-2.0], [1.0]], &ranges).unwrap();
        assert_eq!(d.as_slice(), &[0.0, 0.75]);
        assert_eq!(d.scale(&ranges).unwrap(), vec![vec![-2.0], vec![1.0]]);
        assert!(matches!(
            Design::from_scaled_rows(&[[3.0]], &ranges),
            Err(SensitivityError::OutOfRange { value: 3.0, .. })
        ));
    }
}
