//! Standard normal draws by the ziggurat method (Marsaglia and Tsang, 2000; 256 layers), with
//! tables computed by `libm` so that every platform draws the same numbers from the same
//! generator state.
//!
//! Why hand-written: rand_distr's ziggurat computes `exp` through `num_traits::Float`, which
//! calls the platform's maths library whenever num-traits' `std` feature is on, and in this build
//! it always is: plotters and its `image` dependency (PNG output) enable num-traits' default
//! features, and Cargo unifies features across the dependency graph. The platform's `exp` is not
//! correctly rounded and differs between libcs, so draws on the slow path would differ between
//! machines. Computing with `libm` here keeps runs bit-identical everywhere.
//!
//! The step draws through [`super::noise::Noise`], which reads the generators a block at a time.

use std::sync::OnceLock;

use rand::Rng;

/// Start of the tail of the 256-layer ziggurat.
const R: f64 = 3.654_152_885_361_009;
/// Area of each layer.
const V: f64 = 0.004_928_673_233_992_336;

/// The ziggurat's layer edges `x` and the density at each, `f`.
#[derive(Debug)]
pub(super) struct Tables {
    x: [f64; 257],
    f: [f64; 257],
}

fn density(x: f64) -> f64 {
    libm::exp(-0.5 * x * x)
}

/// The tables, computed on first use.
pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut x = [0.0; 257];
        x[0] = V / density(R);
        x[1] = R;
        for i in 2..256 {
            x[i] = libm::sqrt(-2.0 * libm::log(V / x[i - 1] + density(x[i - 1])));
        }
        x[256] = 0.0;
        let mut f = [0.0; 257];
        for i in 0..257 {
            f[i] = density(x[i]);
        }
        Tables { x, f }
    })
}

/// A source of random 64-bit numbers: a generator, or a [`super::noise::Stream`] that reads one
/// a block at a time.
pub(super) trait Bits {
    /// The next number.
    fn next_bits(&mut self) -> u64;
}

impl<G: Rng + ?Sized> Bits for G {
    #[inline(always)]
    fn next_bits(&mut self) -> u64 {
        self.next_u64()
    }
}

/// A uniform number in [-1, 1) from the top 52 bits.
#[inline]
fn symmetric(bits: u64) -> f64 {
    f64::from_bits(0x4000_0000_0000_0000 | (bits >> 12)) - 3.0
}

/// A uniform number in (0, 1).
#[inline]
fn open01<G: Bits + ?Sized>(rng: &mut G) -> f64 {
    f64::from_bits(0x3ff0_0000_0000_0000 | (rng.next_bits() >> 12)) - (1.0 - f64::EPSILON / 2.0)
}

/// A uniform number in [0, 1): what `rng.random::<f64>()` gives (the top 53 bits).
#[inline(always)]
pub(super) fn unit<G: Bits + ?Sized>(rng: &mut G) -> f64 {
    (rng.next_bits() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// One draw from the standard normal distribution.
#[inline(always)]
pub fn standard_normal<G: Rng + ?Sized>(rng: &mut G) -> f64 {
    draw(rng, tables())
}

/// [`standard_normal`] with the tables at hand.
#[inline(always)]
pub(super) fn draw<G: Bits + ?Sized>(rng: &mut G, t: &Tables) -> f64 {
    let bits = rng.next_bits();
    let i = (bits & 0xff) as usize;
    let x = symmetric(bits) * t.x[i];
    // The common case (about 99 % of draws): inside the layer's rectangle.
    if x.abs() < t.x[i + 1] {
        return x;
    }
    slow_path(rng, t, bits)
}

/// The rest of the ziggurat: the base layer's tail and the wedges, then fresh tries.
#[cold]
#[inline(never)]
fn slow_path<G: Bits + ?Sized>(rng: &mut G, t: &Tables, first: u64) -> f64 {
    let mut bits = first;
    loop {
        let i = (bits & 0xff) as usize;
        let u = symmetric(bits);
        let x = u * t.x[i];
        if x.abs() < t.x[i + 1] {
            return x;
        }
        if i == 0 {
            // The tail beyond R (Marsaglia 1964).
            loop {
                let a = libm::log(open01(rng)) / R;
                let b = libm::log(open01(rng));
                if -2.0 * b >= a * a {
                    return if u < 0.0 { a - R } else { R - a };
                }
            }
        }
        if t.f[i + 1] + (t.f[i] - t.f[i + 1]) * unit(rng) < density(x) {
            return x;
        }
        bits = rng.next_bits();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn tables_close_the_ziggurat() {
        let t = tables();
        // The recurrence must land near zero at the top layer.
        assert!(t.x[255] > 0.0 && t.x[255] < 0.3, "{}", t.x[255]);
        assert!(t.x.windows(2).all(|w| w[0] > w[1]));
    }

    #[test]
    fn moments_and_tails_are_normal() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(42);
        let n = 400_000;
        let (mut sum, mut sq, mut beyond2, mut beyond3) = (0.0, 0.0, 0, 0);
        for _ in 0..n {
            let z = standard_normal(&mut rng);
            sum += z;
            sq += z * z;
            beyond2 += usize::from(z.abs() > 2.0);
            beyond3 += usize::from(z.abs() > 3.7);
        }
        let mean = sum / n as f64;
        let var = sq / n as f64 - mean * mean;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "variance {var}");
        let p2 = beyond2 as f64 / n as f64;
        assert!((p2 - 0.0455).abs() < 0.003, "P(|z|>2) = {p2}");
        assert!(beyond3 > 0, "the tail beyond R is reached");
    }
}
