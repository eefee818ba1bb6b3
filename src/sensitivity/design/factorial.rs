//! Full factorial design: every combination of each factor's levels (NetLogo BehaviorSpace's
//! default sweep).

use super::Design;
use crate::sensitivity::error::{Result, SensitivityError};

/// Largest number of runs a factorial design may have, to turn a typo into an error rather
/// than an allocation failure.
const MAX_RUNS: usize = 1 << 26;

/// Every combination of levels: factor `j` takes `levels[j]` evenly spaced unit values
/// `0, 1/(L−1), …, 1` (a single level sits at 0.5, the centre). Rows are in lexicographic order
/// with the last factor varying fastest, so the design has `∏ levels` rows.
pub fn full_factorial(levels: &[usize]) -> Result<Design> {
    if levels.is_empty() {
        return Err(SensitivityError::Empty { what: "levels" });
    }
    let mut rows: usize = 1;
    for (j, &l) in levels.iter().enumerate() {
        if l == 0 {
            return Err(SensitivityError::InvalidParameter {
                name: "levels",
                reason: format!("factor {j} has 0 levels"),
            });
        }
        rows = rows
            .checked_mul(l)
            .filter(|&r| r <= MAX_RUNS)
            .ok_or_else(|| SensitivityError::InvalidParameter {
                name: "levels",
                reason: format!("more than {MAX_RUNS} runs"),
            })?;
    }
    let k = levels.len();
    let mut values = Vec::with_capacity(rows * k);
    let mut idx = vec![0usize; k];
    for _ in 0..rows {
        for (j, &l) in levels.iter().enumerate() {
            values.push(level_value(idx[j], l));
        }
        // Odometer increment, last factor fastest.
        for j in (0..k).rev() {
            idx[j] += 1;
            if idx[j] < levels[j] {
                break;
            }
            idx[j] = 0;
        }
    }
    Ok(Design::from_raw(k, values))
}

/// Unit value of level `i` of `l` evenly spaced levels on [0, 1].
fn level_value(i: usize, l: usize) -> f64 {
    if l == 1 {
        0.5
    } else {
        i as f64 / (l - 1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerates_all_combinations() {
        let d = full_factorial(&[2, 3]).unwrap();
        assert_eq!(d.rows(), 6);
        assert_eq!(
            d.to_rows(),
            vec![
                vec![0.0, 0.0],
                vec![0.0, 0.5],
                vec![0.0, 1.0],
                vec![1.0, 0.0],
                vec![1.0, 0.5],
                vec![1.0, 1.0],
            ]
        );
        assert_eq!(full_factorial(&[1]).unwrap().as_slice(), &[0.5]);
        assert!(full_factorial(&[]).is_err());
        assert!(full_factorial(&[3, 0]).is_err());
        assert!(full_factorial(&[1 << 20, 1 << 20]).is_err());
    }
}
