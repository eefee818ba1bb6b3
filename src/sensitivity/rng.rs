//! The module's one source of randomness: a ChaCha8 stream per `u64` seed, with the two draws the
//! designs and bootstraps need. Keeping them here keeps every result a pure function of its seed.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A fresh generator for `seed`.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// A uniform index in `0..n` (`n > 0`), drawn through `u64` so it is the same on every platform.
pub fn index(rng: &mut ChaCha8Rng, n: usize) -> usize {
    rng.random_range(0..n as u64) as usize
}

/// A uniform value in `[0, 1)`.
pub fn unit(rng: &mut ChaCha8Rng) -> f64 {
    rng.random::<f64>()
}

/// Shuffles `xs` in place (Fisher–Yates), every permutation equally likely.
pub fn shuffle<T>(rng: &mut ChaCha8Rng, xs: &mut [T]) {
    for i in (1..xs.len()).rev() {
        let j = index(rng, i + 1);
        xs.swap(i, j);
    }
}
