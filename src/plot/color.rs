//! Colour arithmetic for choosing line colours: a perceptual distance (CIE L*a*b*) and a
//! colour-blind-safe qualitative palette.

use super::Rgb;

/// Paul Tol's "muted" qualitative palette (designed to stay apart for colour-blind readers),
/// ordered so that neighbours differ in lightness, without its rose (too close to the red most
/// worlds give Russia) and sand (too close to olive).
pub const QUALITATIVE: [Rgb; 7] = [
    Rgb(68, 170, 153),  // teal
    Rgb(136, 34, 85),   // wine
    Rgb(153, 153, 51),  // olive
    Rgb(51, 34, 136),   // indigo
    Rgb(170, 68, 153),  // purple
    Rgb(17, 119, 51),   // green
    Rgb(136, 204, 238), // cyan
];

/// Colours closer than this (CIE76 ΔE*ab) are easily taken for one another in a line plot: a
/// power's colour and a scenario's colour must be at least this far apart.
pub const CLOSE_COLOR: f64 = 30.0;

/// Perceptual distance between two colours: the Euclidean distance in CIE L*a*b* (ΔE*ab, 1976)
/// under a D65 white. About 2 is just noticeable; under [`CLOSE_COLOR`] counts as close.
pub fn color_distance(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (lab(a), lab(b));
    ((x[0] - y[0]).powi(2) + (x[1] - y[1]).powi(2) + (x[2] - y[2]).powi(2)).sqrt()
}

/// sRGB to CIE L*a*b* (D65).
fn lab(c: Rgb) -> [f64; 3] {
    let lin = |u: u8| {
        let u = f64::from(u) / 255.0;
        if u <= 0.04045 {
            u / 12.92
        } else {
            libm::pow((u + 0.055) / 1.055, 2.4)
        }
    };
    let (r, g, b) = (lin(c.0), lin(c.1), lin(c.2));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            libm::cbrt(t)
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// A darker shade of `c` (mixed with black by `amount` in [0, 1]), for text in a line's colour.
pub(crate) fn darken(c: Rgb, amount: f64) -> Rgb {
    let k = 1.0 - amount.clamp(0.0, 1.0);
    let d = |u: u8| (f64::from(u) * k).round() as u8;
    Rgb(d(c.0), d(c.1), d(c.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(color_distance(Rgb(10, 20, 30), Rgb(10, 20, 30)), 0.0);
        assert!((color_distance(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 100.0).abs() < 0.1);
        // Okabe-Ito orange against a typical "China" orange: close.
        assert!(color_distance(Rgb(230, 159, 0), Rgb(243, 156, 18)) < CLOSE_COLOR);
        // The palette's colours are clearly apart (wine and purple are the closest pair, 25).
        for (i, &a) in QUALITATIVE.iter().enumerate() {
            for &b in &QUALITATIVE[i + 1..] {
                assert!(color_distance(a, b) > 20.0, "{a:?} {b:?}");
            }
        }
    }
}
