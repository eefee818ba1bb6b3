//! Latin hypercube sampling (McKay, Beckman & Conover 1979): each factor's range is cut into `n`
//! equal strata and every stratum holds exactly one of the `n` points, with the strata of
//! different factors paired at random.

use super::Design;
use crate::sensitivity::error::{Result, SensitivityError};
use crate::sensitivity::rng;

/// `n` points in `[0, 1)^k`: for each column an independent random permutation of the strata
/// `0..n`, and within stratum `s` a uniform position, `(s + U) / n`. Deterministic in `seed`.
pub fn latin_hypercube(n: usize, k: usize, seed: u64) -> Result<Design> {
    if n == 0 {
        return Err(SensitivityError::Empty { what: "LHS points" });
    }
    if k == 0 {
        return Err(SensitivityError::Empty {
            what: "LHS factors",
        });
    }
    let mut r = rng::rng(seed);
    let mut values = vec![0.0; n * k];
    let mut strata: Vec<usize> = (0..n).collect();
    for j in 0..k {
        for (s, slot) in strata.iter_mut().enumerate() {
            *slot = s;
        }
        rng::shuffle(&mut r, &mut strata);
        for (i, &s) in strata.iter().enumerate() {
            let u = rng::unit(&mut r);
            values[i * k + j] = in_stratum(s, n, u);
        }
    }
    Ok(Design::from_raw(k, values))
}

/// `(s + u) / n`, nudged down if rounding carried it into the next stratum.
fn in_stratum(s: usize, n: usize, u: f64) -> f64 {
    let mut x = (s as f64 + u) / n as f64;
    while x > 0.0 && (x * n as f64).floor() as usize > s {
        x = x.next_down();
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_point_per_stratum_per_column() {
        for &(n, k) in &[(1usize, 1usize), (10, 3), (257, 5)] {
            let d = latin_hypercube(n, k, 42).unwrap();
            assert_eq!((d.rows(), d.k()), (n, k));
            for j in 0..k {
                let mut seen = vec![false; n];
                for x in d.column(j) {
                    assert!((0.0..1.0).contains(&x));
                    let s = (x * n as f64).floor() as usize;
                    assert!(!seen[s], "stratum {s} of column {j} used twice");
                    seen[s] = true;
                }
                assert!(seen.iter().all(|&b| b));
            }
        }
    }

    #[test]
    fn deterministic_in_seed() {
        assert_eq!(latin_hypercube(50, 4, 7), latin_hypercube(50, 4, 7));
        assert_ne!(latin_hypercube(50, 4, 7), latin_hypercube(50, 4, 8));
        assert!(latin_hypercube(0, 4, 7).is_err());
    }

    #[test]
    fn stratum_edge_is_kept_inside() {
        let u = 1.0f64.next_down();
        for n in [3usize, 4, 7, 1000] {
            for s in 0..n.min(5) {
                let x = in_stratum(n - 1 - s, n, u);
                assert_eq!((x * n as f64).floor() as usize, n - 1 - s);
                assert!(x < 1.0);
            }
        }
    }
}
