//! Small numerical helpers shared by the analyses: sums, moments, ranks, correlation and the
//! normal quantile.
//!
//! Sums use the same pairwise scheme as NumPy's `add.reduce` on a contiguous 1-D array, so that
//! the Sobol' estimators here round the way SALib's do; it is also more accurate than a naive
//! running sum.

use super::error::{Result, SensitivityError};

/// Sum of `x` by NumPy's pairwise summation (blocks of 128, eight accumulators).
pub fn pairwise_sum(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 8 {
        x.iter().fold(0.0, |acc, v| acc + v)
    } else if n <= 128 {
        let mut r = [0.0f64; 8];
        r.copy_from_slice(&x[..8]);
        let full = n - n % 8;
        let mut i = 8;
        while i < full {
            for (j, rj) in r.iter_mut().enumerate() {
                *rj += x[i + j];
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for v in &x[full..] {
            res += v;
        }
        res
    } else {
        let mut n2 = n / 2;
        n2 -= n2 % 8;
        pairwise_sum(&x[..n2]) + pairwise_sum(&x[n2..])
    }
}

/// Arithmetic mean (pairwise sum divided by the count); NaN for an empty slice.
pub fn mean(x: &[f64]) -> f64 {
    pairwise_sum(x) / x.len() as f64
}

/// Population variance (divisor n), computed as NumPy's `var` does: mean of squared deviations.
pub fn var_pop(x: &[f64]) -> f64 {
    let m = mean(x);
    let sq: Vec<f64> = x
        .iter()
        .map(|v| {
            let d = v - m;
            d * d
        })
        .collect();
    pairwise_sum(&sq) / x.len() as f64
}

/// Sample standard deviation (divisor n − 1); 0 for fewer than two values.
pub fn std_sample(x: &[f64]) -> f64 {
    if x.len() < 2 {
        return 0.0;
    }
    let m = mean(x);
    let sq: Vec<f64> = x
        .iter()
        .map(|v| {
            let d = v - m;
            d * d
        })
        .collect();
    (pairwise_sum(&sq) / (x.len() - 1) as f64).sqrt()
}

/// Largest minus smallest value (NumPy's `ptp`); 0 for an empty slice.
pub fn ptp(x: &[f64]) -> f64 {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for &v in x {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if x.is_empty() { 0.0 } else { hi - lo }
}

/// Errors unless every value is finite; `what` names the input in the error.
pub fn check_finite(what: &'static str, x: &[f64]) -> Result<()> {
    match x.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(SensitivityError::NonFinite { what, index }),
        None => Ok(()),
    }
}

/// Checks a confidence level lies strictly between 0 and 1.
pub fn check_conf_level(conf_level: f64) -> Result<()> {
    if conf_level > 0.0 && conf_level < 1.0 {
        Ok(())
    } else {
        Err(SensitivityError::InvalidParameter {
            name: "conf_level",
            reason: format!("{conf_level} is not strictly between 0 and 1"),
        })
    }
}

/// Ranks 1..=n of `x`, ties receiving the average of the ranks they span (SciPy's
/// `rankdata(method="average")`). Values must be finite.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let mut out = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && x[order[j]] == x[order[i]] {
            j += 1;
        }
        // Positions i..j (0-based) share the average of ranks i+1..=j.
        let avg = (i + 1 + j) as f64 / 2.0;
        for &ix in &order[i..j] {
            out[ix] = avg;
        }
        i = j;
    }
    out
}

/// Pearson correlation of two equally long slices; `None` if either has zero variance.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let mx = mean(x);
    let my = mean(y);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some((sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0))
}

/// Quantile function of the standard normal distribution, Φ⁻¹(p), by Wichura's algorithm AS 241
/// (PPND16, relative accuracy about 1e-16). `p` must lie in (0, 1); returns ±∞ at the ends and
/// NaN outside. Its length is the published coefficient table, kept in one piece so that it can be
/// checked against the paper line by line.
#[allow(clippy::excessive_precision)] // Wichura's published coefficients, kept digit for digit.
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        let num = poly(
            r,
            &[
                3.387_132_872_796_366_608,
                1.331_416_678_917_843_774_5e2,
                1.971_590_950_306_551_442_7e3,
                1.373_169_376_550_946_112_5e4,
                4.592_195_393_154_987_145_7e4,
                6.726_577_092_700_870_085_3e4,
                3.343_057_558_358_812_810_5e4,
                2.509_080_928_730_122_672_7e3,
            ],
        );
        let den = poly(
            r,
            &[
                1.0,
                4.231_333_070_160_091_125_2e1,
                6.871_870_074_920_579_083e2,
                5.394_196_021_424_751_107_7e3,
                2.121_379_430_158_659_586_7e4,
                3.930_789_580_009_271_061e4,
                2.872_908_573_572_194_267_4e4,
                5.226_495_278_852_854_561e3,
            ],
        );
        return q * num / den;
    }
    let tail = if q < 0.0 { p } else { 1.0 - p };
    let mut r = (-tail.ln()).sqrt();
    let val = if r <= 5.0 {
        r -= 1.6;
        poly(
            r,
            &[
                1.423_437_110_749_683_577_34,
                4.630_337_846_156_545_295_9,
                5.769_497_221_460_691_405_5,
                3.647_848_324_763_204_605_04,
                1.270_458_252_452_368_382_58,
                2.417_807_251_774_506_117_7e-1,
                2.272_384_498_926_918_458_33e-2,
                7.745_450_142_783_414_076_4e-4,
            ],
        ) / poly(
            r,
            &[
                1.0,
                2.053_191_626_637_758_821_87,
                1.676_384_830_183_803_849_4,
                6.897_673_349_851_000_045_5e-1,
                1.481_039_764_274_800_745_9e-1,
                1.519_866_656_361_645_719_66e-2,
                5.475_938_084_995_344_946e-4,
                1.050_750_071_644_416_843_24e-9,
            ],
        )
    } else {
        r -= 5.0;
        poly(
            r,
            &[
                6.657_904_643_501_103_777_2,
                5.463_784_911_164_114_369_9,
                1.784_826_539_917_291_335_8,
                2.965_605_718_285_048_912_3e-1,
                2.653_218_952_657_612_309_3e-2,
                1.242_660_947_388_078_438_6e-3,
                2.711_555_568_743_487_578_15e-5,
                2.010_334_399_292_288_132_65e-7,
            ],
        ) / poly(
            r,
            &[
                1.0,
                5.998_322_065_558_879_376_9e-1,
                1.369_298_809_227_358_053_1e-1,
                1.487_536_129_085_061_485_25e-2,
                7.868_691_311_456_132_591e-4,
                1.846_318_317_510_054_681_8e-5,
                1.421_511_758_316_445_888_7e-7,
                2.044_263_103_389_939_785_64e-15,
            ],
        )
    };
    if q < 0.0 { -val } else { val }
}

/// Evaluates c[0] + c[1] r + ... + c[n] r^n by Horner's rule.
fn poly(r: f64, c: &[f64]) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * r + ci)
}

/// The two-sided normal multiplier for a confidence level: z_{(1+level)/2}, 1.96 for 95 %.
pub fn z_for_level(conf_level: f64) -> f64 {
    normal_quantile(0.5 + conf_level / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_sum_matches_exact_integers() {
        for n in [0usize, 1, 7, 8, 9, 127, 128, 129, 1000, 4097] {
            let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
            assert_eq!(pairwise_sum(&x), (n * n.saturating_sub(1) / 2) as f64);
        }
    }

    #[test]
    fn normal_quantile_inverts_the_cdf() {
        assert!((z_for_level(0.95) - 1.959_963_984_540_054).abs() < 1e-14);
        assert_eq!(normal_quantile(0.5), 0.0);
        for i in 1..2000 {
            let p = i as f64 / 2000.0;
            let z = normal_quantile(p);
            let back = 0.5 * libm::erfc(-z / std::f64::consts::SQRT_2);
            assert!(
                (back - p).abs() < 1e-14 * p.max(1e-3),
                "p={p} z={z} back={back}"
            );
        }
        for p in [1e-300, 1e-100, 1e-20, 1e-10] {
            let z = normal_quantile(p);
            let back = 0.5 * libm::erfc(-z / std::f64::consts::SQRT_2);
            assert!(((back - p) / p).abs() < 1e-12, "p={p}");
            assert!((normal_quantile(1.0 - 1e-10) + normal_quantile(1e-10)).abs() < 1e-6);
        }
        assert_eq!(normal_quantile(1.0), f64::INFINITY);
        assert!(normal_quantile(1.5).is_nan());
    }

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(ranks(&[5.0, 5.0, 5.0]), vec![2.0, 2.0, 2.0]);
    }

    #[test]
    fn moments() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(mean(&x), 2.5);
        assert_eq!(var_pop(&x), 1.25);
        assert!((std_sample(&x) - (5.0f64 / 3.0).sqrt()).abs() < 1e-15);
        assert_eq!(ptp(&x), 3.0);
        assert!((pearson(&x, &[2.0, 4.0, 6.0, 8.0]).unwrap() - 1.0).abs() < 1e-15);
        assert!((pearson(&x, &[8.0, 6.0, 4.0, 2.0]).unwrap() + 1.0).abs() < 1e-15);
        assert_eq!(pearson(&x, &[1.0; 4]), None);
    }
}
