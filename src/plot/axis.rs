//! A linear f64 axis whose ticks are exactly the ones computed in `layout` (years, round values).

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// A linear axis over `lo..hi` with fixed tick positions and no minor grid lines.
///
/// `lo` and `hi` map `pad` pixels inside the ends of the plotting area, so the first tick (say
/// 0.0 or 2025) sits clear of the other axis line instead of on it.
pub(crate) struct TickedAxis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub pad: i32,
}

impl Ranged for TickedAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        let span = self.hi - self.lo;
        let t = if span > 0.0 {
            (v - self.lo) / span
        } else {
            0.5
        };
        let (a, b) = inset(limit, self.pad);
        let px = f64::from(a) + t * f64::from(b - a);
        // `as` saturates, and NaN becomes 0; callers clip values to the range beforehand.
        px.round() as i32
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

/// The pixel range `limit` shrunk by `pad` at both ends (whichever way it runs), unless it is too
/// short for that.
pub(crate) fn inset((a, b): (i32, i32), pad: i32) -> (i32, i32) {
    let pad = pad.max(0);
    if (b - a).abs() <= 4 * pad {
        (a, b)
    } else if b >= a {
        (a + pad, b - pad)
    } else {
        (a - pad, b + pad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_map_inside_the_area() {
        let axis = TickedAxis {
            lo: 0.0,
            hi: 1.0,
            ticks: vec![0.0, 1.0],
            pad: 10,
        };
        // A y axis runs from the bottom pixel (500) up to the top (100).
        assert_eq!(axis.map(&0.0, (500, 100)), 490);
        assert_eq!(axis.map(&1.0, (500, 100)), 110);
        assert_eq!(axis.map(&0.0, (50, 450)), 60);
        assert_eq!(inset((0, 30), 10), (0, 30));
    }
}
