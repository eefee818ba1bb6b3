//! `exp` of every lane at once, bit for bit the value `libm::exp` gives each lane alone.
//!
//! Why hand-written: the step calls `exp` hundreds of times per member, and `libm::exp` works on
//! one number at a time, behind branches on its argument's range. This is the same algorithm
//! (FreeBSD's `e_exp.c`, which `libm` ports: reduction to `r = x - k ln 2` in two parts, the
//! degree-5 rational approximation of `exp(r)`, then scaling by `2^k`) with its branches turned
//! into per-lane selections, so it runs in vector registers. Every lane does the same IEEE
//! operations in the same order as `libm`, so the results are identical (the tests compare them
//! on millions of arguments); arguments outside the ordinary range (overflow, underflow, NaN,
//! infinities) go to `libm::exp` itself. No crate offers a vector `exp` with `libm`'s bits.

use super::lanes::{Lane, select};

// libm's constants, by their bits (as `e_exp.c` lists them).
/// ln 2 in two parts: `LN2_HI` has trailing zeros, so `k * LN2_HI` is exact.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// 1 / ln 2.
const INV_LN2: f64 = f64::from_bits(0x3ff7_1547_652b_82fe);
/// The coefficients of the rational approximation.
const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e);
const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93);
const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c);
const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1);
const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0);

/// 1.5 * 2^52: adding it to a float under 2^51 in size rounds the float to an integer (ties to
/// even) and leaves that integer in the low bits of the sum's representation.
pub(crate) const MAGIC: f64 = 6_755_399_441_055_744.0;

/// `libm`'s range thresholds, on the high 32 bits of `|x|`, as the smallest `|x|` with that
/// high word. At or above: overflow, underflow near the subnormals, infinities (left to `libm`).
const HUGE: f64 = bound(0x4086_232b);
/// At or above: `|x| >= 1.5 ln 2`, where `k` is computed.
const LARGE: f64 = bound(0x3ff0_a2b2);
/// At or above: `|x| > 0.5 ln 2` (high word above 0x3fd62e42), where the argument is reduced.
const REDUCED: f64 = bound(0x3fd6_2e43);
/// Below: `|x| <= 2^-28` (high word at most 0x3e300000), where `exp(x)` is `1 + x`.
const TINY: f64 = bound(0x3e30_0001);

/// The smallest non-negative float whose high word is `high`.
const fn bound(high: u64) -> f64 {
    f64::from_bits(high << 32)
}

/// `exp(x)` lane by lane, with the bits `libm::exp` gives.
#[inline(always)]
pub fn exp<const N: usize>(x: Lane<N>) -> Lane<N> {
    let size = x.map(f64::abs);
    // k = trunc(x / ln 2 + 0.5 sign(x)) where |x| >= 1.5 ln 2, else sign(x) or 0.
    let t = INV_LN2 * x + x.map(|x| 0.5_f64.copysign(x));
    let nearest = (t + MAGIC) - MAGIC;
    let (one, zero) = (Lane::splat(1.0), Lane::splat(0.0));
    let up = select(t.ge(0.0) & nearest.gt_lane(t), one, zero);
    let down = select(t.lt(0.0) & nearest.lt_lane(t), one, zero);
    let truncated = nearest - up + down;
    let sign = x.map(|x| 1.0_f64.copysign(x));
    let k = select(
        size.ge(LARGE),
        truncated,
        select(size.ge(REDUCED), sign, zero),
    );
    let hi = x - k * LN2_HI;
    let lo = k * LN2_LO;
    let r = hi - lo;
    let rr = r * r;
    let c = r - rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))));
    let y = 1.0 + (r * c / (2.0 - c) - lo + hi);
    // 2^k, exactly: k is an integer in [-1022, 1022] here.
    let shifted = k + MAGIC;
    let mut scale = [0.0; N];
    for (scale, shifted) in scale.iter_mut().zip(shifted.0) {
        let k = shifted.to_bits().wrapping_sub(MAGIC.to_bits());
        *scale = f64::from_bits(1023_u64.wrapping_add(k) << 52);
    }
    let mut out = select(size.lt(TINY), 1.0 + x, y * Lane(scale));
    // Overflow, underflow, infinities and NaN (`!(size < HUGE)`): libm itself.
    if !size.lt(HUGE).all() {
        for (out, &x) in out.0.iter_mut().zip(&x.0) {
            if x.abs() >= HUGE || x.is_nan() {
                *out = libm::exp(x);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(values: &[f64]) {
        for chunk in values.chunks_exact(4) {
            let got = exp(Lane([chunk[0], chunk[1], chunk[2], chunk[3]]));
            for (x, e) in chunk.iter().zip(got.0) {
                assert_eq!(e.to_bits(), libm::exp(*x).to_bits(), "exp({x:e})");
            }
        }
    }

    #[test]
    fn every_range_and_threshold_gives_libm_bits() {
        let mut values = vec![
            0.0,
            -0.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            709.78,
            709.79,
            -708.39,
            -708.4,
            -745.2,
            1e-300,
            -1e-300,
            f64::MIN_POSITIVE,
        ];
        for at in [HUGE, LARGE, REDUCED, TINY] {
            for v in [
                at,
                at.next_up(),
                at.next_down(),
                bound(0x3fd6_2e42),
                bound(0x3e30_0000),
            ] {
                values.extend([v, -v]);
            }
        }
        // Every k boundary: x near (k + 0.5) ln 2, where the rounding of t decides k.
        for k in -1030..1030 {
            let x = (f64::from(k) + 0.5) * std::f64::consts::LN_2;
            values.extend([
                x,
                x.next_up(),
                x.next_down(),
                f64::from(k) * std::f64::consts::LN_2,
            ]);
        }
        while values.len() % 4 != 0 {
            values.push(1.0);
        }
        check(&values);
    }

    #[test]
    fn random_arguments_give_libm_bits() {
        let mut bits = 0x853c_49e6_748f_ea9b_u64;
        let mut next = || {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            bits
        };
        let mut values = Vec::with_capacity(2_000_000);
        for _ in 0..500_000 {
            let u = (next() >> 11) as f64 / (1u64 << 53) as f64;
            // Uniform over the whole range, over the range the model uses, any bit pattern,
            // and small magnitudes on a log scale.
            values.push(u * 1500.0 - 750.0);
            values.push(u * 8.0 - 4.0);
            values.push(f64::from_bits(next()));
            values.push((u * 80.0 - 70.0).exp2() * if next() & 1 == 0 { 1.0 } else { -1.0 });
        }
        check(&values);
    }
}
