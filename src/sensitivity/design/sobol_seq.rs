//! Sobol' low-discrepancy sequence (Sobol' 1967) with the direction numbers of Joe & Kuo (2008),
//! generated in Gray-code order (Antonov & Saleev 1979), 32 bits, up to [`SOBOL_MAX_DIMS`]
//! dimensions.
//!
//! Written here rather than taken from a crate: `sobol_burley` is Owen-scrambled only, returns
//! `f32` and stops at 256 dimensions, and `sobol` (last released 2020) decompresses a 21 201-row
//! table at run time through an extra compression dependency. The generator is thirty lines; the
//! table (`joe_kuo.txt`, the first 1 024 rows of Joe & Kuo's `new-joe-kuo-6.21201`, with their
//! licence) is data. Unscrambled, point 0 is the origin and the first points of every dimension
//! are the published ones (dimension 2: 0, 1/2, 3/4, 1/4, 3/8, 7/8, …), identical to SciPy's
//! `qmc.Sobol(scramble=False)`.
//!
//! An optional seeded *digital shift* (XOR of every coordinate's 32 bits with a random word per
//! dimension) randomises the sequence while keeping its net structure; it is not SciPy's
//! linear-matrix scrambling, so shifted points differ from SciPy's scrambled ones.

use super::Design;
use crate::sensitivity::error::{Result, SensitivityError};
use crate::sensitivity::rng;
use rand::RngExt;

/// Number of dimensions the embedded direction numbers cover (a Saltelli design needs `2k`).
pub const SOBOL_MAX_DIMS: usize = 1024;

const BITS: usize = 32;
const TABLE: &str = include_str!("joe_kuo.txt");
/// 2^-32, to turn a 32-bit fraction into an `f64` in [0, 1) exactly.
const SCALE: f64 = 1.0 / 4_294_967_296.0;

/// Direction numbers V_1..V_32 (as left-aligned 32-bit fractions) for the first `dims` dimensions.
fn direction_numbers(dims: usize) -> Vec<[u32; BITS]> {
    let mut out = Vec::with_capacity(dims);
    // Dimension 1: all m_i = 1, i.e. the van der Corput sequence in base 2.
    let mut first = [0u32; BITS];
    for (j, v) in first.iter_mut().enumerate() {
        *v = 1u32 << (BITS - 1 - j);
    }
    out.push(first);
    let rows = TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    for line in rows.take(dims.saturating_sub(1)) {
        let nums: Vec<u32> = line
            .split_whitespace()
            .map(|t| t.parse().expect("embedded Joe-Kuo table is well formed"))
            .collect();
        let (s, a, m) = (nums[0] as usize, nums[1], &nums[2..]);
        let mut v = [0u32; BITS];
        for j in 0..s.min(BITS) {
            v[j] = m[j] << (BITS - 1 - j);
        }
        // Recurrence of the primitive polynomial x^s + a_1 x^{s-1} + … + a_{s-1} x + 1.
        for j in s..BITS {
            let mut x = v[j - s] ^ (v[j - s] >> s);
            for kk in 1..s {
                if (a >> (s - 1 - kk)) & 1 == 1 {
                    x ^= v[j - kk];
                }
            }
            v[j] = x;
        }
        out.push(v);
    }
    out
}

/// A Sobol' sequence generator over `dims` dimensions, yielding points in `[0, 1)^dims`.
#[derive(Debug, Clone)]
pub struct SobolSequence {
    v: Vec<[u32; BITS]>,
    shift: Vec<u32>,
    state: Vec<u32>,
    next: u64,
}

impl SobolSequence {
    /// The unscrambled sequence, starting at point 0 (the origin).
    pub fn new(dims: usize) -> Result<Self> {
        if dims == 0 {
            return Err(SensitivityError::Empty {
                what: "Sobol dimensions",
            });
        }
        if dims > SOBOL_MAX_DIMS {
            return Err(SensitivityError::TooManyDimensions {
                requested: dims,
                max: SOBOL_MAX_DIMS,
            });
        }
        Ok(SobolSequence {
            v: direction_numbers(dims),
            shift: vec![0; dims],
            state: vec![0; dims],
            next: 0,
        })
    }

    /// The sequence randomised by a digital shift drawn from `seed` (see the module doc).
    pub fn with_digital_shift(dims: usize, seed: u64) -> Result<Self> {
        let mut s = Self::new(dims)?;
        let mut r = rng::rng(seed);
        for w in &mut s.shift {
            *w = r.random::<u32>();
        }
        Ok(s)
    }

    /// Number of dimensions.
    pub fn dims(&self) -> usize {
        self.v.len()
    }

    /// Index of the point the next call to [`SobolSequence::next_point`] returns.
    pub fn position(&self) -> u64 {
        self.next
    }

    /// Point number `index` without moving the generator (direct Gray-code construction).
    pub fn point(&self, index: u64) -> Result<Vec<f64>> {
        if index >= 1u64 << BITS {
            return Err(too_many_points());
        }
        let gray = index ^ (index >> 1);
        Ok((0..self.dims())
            .map(|d| {
                let mut x = 0u32;
                for (b, vb) in self.v[d].iter().enumerate() {
                    if (gray >> b) & 1 == 1 {
                        x ^= vb;
                    }
                }
                f64::from(x ^ self.shift[d]) * SCALE
            })
            .collect())
    }

    /// Moves the generator so that the next point returned is number `index`.
    pub fn seek(&mut self, index: u64) -> Result<()> {
        if index >= 1u64 << BITS {
            return Err(too_many_points());
        }
        let gray = index ^ (index >> 1);
        for d in 0..self.dims() {
            let mut x = 0u32;
            for (b, vb) in self.v[d].iter().enumerate() {
                if (gray >> b) & 1 == 1 {
                    x ^= vb;
                }
            }
            self.state[d] = x;
        }
        self.next = index;
        Ok(())
    }

    /// Writes the next point into `out` (length `dims`) and advances; errors after 2^32 points
    /// or on a wrong `out` length.
    pub fn next_point(&mut self, out: &mut [f64]) -> Result<()> {
        if out.len() != self.dims() {
            return Err(SensitivityError::LengthMismatch {
                what: "Sobol point buffer",
                expected: self.dims(),
                found: out.len(),
            });
        }
        if self.next >= 1u64 << BITS {
            return Err(too_many_points());
        }
        for (d, o) in out.iter_mut().enumerate() {
            *o = f64::from(self.state[d] ^ self.shift[d]) * SCALE;
        }
        // X_{n+1} = X_n XOR V_c, c = number of trailing one bits of n.
        let c = self.next.trailing_ones() as usize;
        if c < BITS {
            for d in 0..self.dims() {
                self.state[d] ^= self.v[d][c];
            }
        }
        self.next += 1;
        Ok(())
    }
}

fn too_many_points() -> SensitivityError {
    SensitivityError::InvalidParameter {
        name: "Sobol index",
        reason: "a 32-bit Sobol' sequence has 2^32 points".into(),
    }
}

/// `n` consecutive Sobol' points in `k` dimensions, starting at point `skip`, digitally shifted
/// by `shift_seed` if given. Use a power of two for `n` (and `skip`) to keep the balance
/// properties (Owen 2020 advises against skipping the origin of an unscrambled sequence just to
/// avoid it; prefer a shift).
pub fn sobol_design(n: usize, k: usize, skip: u64, shift_seed: Option<u64>) -> Result<Design> {
    if n == 0 {
        return Err(SensitivityError::Empty {
            what: "Sobol points",
        });
    }
    let mut seq = match shift_seed {
        Some(seed) => SobolSequence::with_digital_shift(k, seed)?,
        None => SobolSequence::new(k)?,
    };
    seq.seek(skip)?;
    let mut values = vec![0.0; n * k];
    for row in values.chunks_exact_mut(k) {
        seq.next_point(row)?;
    }
    Ok(Design::from_raw(k, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_points_match_published_values() {
        // Joe & Kuo's generator (and SciPy's unscrambled Sobol) for dimensions 1..3.
        let d = sobol_design(8, 3, 0, None).unwrap();
        let expected = [
            [0.0, 0.0, 0.0],
            [0.5, 0.5, 0.5],
            [0.75, 0.25, 0.25],
            [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625],
            [0.875, 0.875, 0.125],
            [0.625, 0.125, 0.875],
            [0.125, 0.625, 0.375],
        ];
        for (i, e) in expected.iter().enumerate() {
            assert_eq!(d.row(i), e, "point {i}");
        }
    }

    #[test]
    fn random_access_agrees_with_gray_code_stepping() {
        let dims = SOBOL_MAX_DIMS;
        let mut seq = SobolSequence::new(dims).unwrap();
        let mut buf = vec![0.0; dims];
        for i in 0..300u64 {
            seq.next_point(&mut buf).unwrap();
            assert_eq!(buf, seq.point(i).unwrap());
        }
        seq.seek(1 << 20).unwrap();
        seq.next_point(&mut buf).unwrap();
        assert_eq!(buf, seq.point(1 << 20).unwrap());
    }

    #[test]
    fn every_dimension_is_balanced() {
        // Any 2^m consecutive points from 0 put one point in each interval of width 2^-m.
        let n = 256;
        let d = sobol_design(n, SOBOL_MAX_DIMS, 0, None).unwrap();
        for j in 0..SOBOL_MAX_DIMS {
            let mut seen = vec![false; n];
            for x in d.column(j) {
                seen[(x * n as f64) as usize] = true;
            }
            assert!(seen.iter().all(|&b| b), "dimension {j}");
        }
    }

    #[test]
    fn shift_is_seeded_and_bounds_are_checked() {
        let a = sobol_design(16, 5, 0, Some(1)).unwrap();
        assert_eq!(a, sobol_design(16, 5, 0, Some(1)).unwrap());
        assert_ne!(a, sobol_design(16, 5, 0, Some(2)).unwrap());
        assert!(a.as_slice().iter().all(|x| (0.0..1.0).contains(x)));
        assert!(SobolSequence::new(SOBOL_MAX_DIMS + 1).is_err());
        assert!(SobolSequence::new(0).is_err());
        assert!(sobol_design(0, 2, 0, None).is_err());
    }
}
