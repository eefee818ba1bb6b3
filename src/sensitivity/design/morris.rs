//! Morris elementary-effects trajectories (Morris 1991), as SALib's `sample.morris.sample`
//! builds them without groups or trajectory optimisation.
//!
//! The unit cube is a grid of `p` levels `0, 1/(p−1), …, 1` and the step is
//! Δ = p / (2(p−1)), i.e. p/2 grid cells. A trajectory starts at a random base point x* whose
//! coordinates are drawn from the lower half of the grid, `{0, …, 1 − Δ}`; each factor is either
//! raised from x*_j to x*_j + Δ or (with probability ½) lowered from x*_j + Δ to x*_j, one factor
//! per step in a random order. This is Morris's B* = J x* + (Δ/2)[(2B − J) D* + J] with a random
//! permutation P* of the factors and random signs D*. A trajectory has k+1 rows; `r`
//! trajectories are stacked, giving SALib's r·(k+1) rows.

use super::Design;
use crate::sensitivity::error::{Result, SensitivityError};
use crate::sensitivity::rng;

/// Step size Δ = p / (2(p − 1)) for `p` grid levels (SALib's `_compute_delta`).
pub fn morris_delta(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

/// `r` Morris trajectories over `k` factors on a `levels`-level grid (`levels` even, ≥ 2),
/// deterministic in `seed`. Values are exact grid points `l / (levels − 1)`, so in `[0, 1]`.
pub fn morris_trajectories(r: usize, k: usize, levels: usize, seed: u64) -> Result<Design> {
    if r == 0 {
        return Err(SensitivityError::Empty {
            what: "Morris trajectories",
        });
    }
    if k == 0 {
        return Err(SensitivityError::Empty {
            what: "Morris factors",
        });
    }
    if levels < 2 || levels % 2 != 0 {
        return Err(SensitivityError::InvalidParameter {
            name: "levels",
            reason: format!("Morris needs an even number of levels >= 2, got {levels}"),
        });
    }
    let half = levels / 2;
    let denom = (levels - 1) as f64;
    let mut g = rng::rng(seed);
    let mut values = Vec::with_capacity(r * (k + 1) * k);
    let mut order: Vec<usize> = (0..k).collect();
    let mut pos = vec![0usize; k];
    let mut up = vec![false; k];
    let mut base = vec![0usize; k];
    for _ in 0..r {
        for (i, o) in order.iter_mut().enumerate() {
            *o = i;
        }
        rng::shuffle(&mut g, &mut order);
        for (step, &j) in order.iter().enumerate() {
            pos[j] = step;
        }
        for u in up.iter_mut() {
            *u = rng::index(&mut g, 2) == 1;
        }
        for b in base.iter_mut() {
            *b = rng::index(&mut g, half);
        }
        for row in 0..=k {
            for j in 0..k {
                let moved = pos[j] < row;
                // High end when (raised and moved) or (lowered and not yet moved).
                let high = moved == up[j];
                let level = base[j] + if high { half } else { 0 };
                values.push(level as f64 / denom);
            }
        }
    }
    Ok(Design::from_raw(k, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trajectories_move_one_factor_by_delta_per_step() {
        let (r, k, p) = (20, 5, 4);
        let d = morris_trajectories(r, k, p, 9).unwrap();
        assert_eq!(d.rows(), r * (k + 1));
        let delta = morris_delta(p);
        assert!((delta - 2.0 / 3.0).abs() < 1e-15);
        for t in 0..r {
            let mut moved = vec![0; k];
            for s in 0..k {
                let (a, b) = (d.row(t * (k + 1) + s), d.row(t * (k + 1) + s + 1));
                let changed: Vec<usize> = (0..k).filter(|&j| a[j] != b[j]).collect();
                assert_eq!(changed.len(), 1);
                let j = changed[0];
                assert!(((a[j] - b[j]).abs() - delta).abs() < 1e-12);
                moved[j] += 1;
            }
            assert!(moved.iter().all(|&m| m == 1));
        }
        assert!(d.as_slice().iter().all(|x| (0.0..=1.0).contains(x)));
        // Every grid level shows up.
        for l in 0..p {
            let v = l as f64 / (p - 1) as f64;
            assert!(d.as_slice().contains(&v));
        }
    }

    #[test]
    fn deterministic_and_validated() {
        assert_eq!(
            morris_trajectories(5, 3, 4, 1),
            morris_trajectories(5, 3, 4, 1)
        );
        assert_ne!(
            morris_trajectories(5, 3, 4, 1),
            morris_trajectories(5, 3, 4, 2)
        );
        assert!(morris_trajectories(5, 3, 3, 1).is_err());
        assert!(morris_trajectories(0, 3, 4, 1).is_err());
        assert!(morris_trajectories(5, 0, 4, 1).is_err());
    }
}
