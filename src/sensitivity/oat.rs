//! One-at-a-time analysis and its tornado chart: each factor moved alone to the low and high ends
//! of its range from a central (baseline) point, the others held at their central values.
//!
//! Cheap (1 + 2k runs) and easy to read, but blind to interactions and to effects away from the
//! baseline — the variance-based and screening methods cover those.

use super::design::{FactorRange, check_ranges};
use super::error::{Result, SensitivityError};
use super::stats::check_finite;

/// The 1 + 2k runs of a one-at-a-time analysis, in model units.
#[derive(Debug, Clone, PartialEq)]
pub struct OatDesign {
    central: Vec<f64>,
    ranges: Vec<FactorRange>,
}

impl OatDesign {
    /// A design around `central`, each factor to be moved to the ends of its range. Errors if
    /// lengths differ, a range is invalid, or a central value is outside its range.
    pub fn new(central: &[f64], ranges: &[FactorRange]) -> Result<Self> {
        let k = check_ranges(ranges)?;
        if central.len() != k {
            return Err(SensitivityError::LengthMismatch {
                what: "central values",
                expected: k,
                found: central.len(),
            });
        }
        for (j, (&c, r)) in central.iter().zip(ranges).enumerate() {
            if !c.is_finite() || c < r.low || c > r.high {
                return Err(SensitivityError::OutOfRange {
                    row: 0,
                    col: j,
                    value: c,
                    low: r.low,
                    high: r.high,
                });
            }
        }
        Ok(OatDesign {
            central: central.to_vec(),
            ranges: ranges.to_vec(),
        })
    }

    /// Number of factors.
    pub fn k(&self) -> usize {
        self.central.len()
    }

    /// Number of runs, 1 + 2k.
    pub fn runs(&self) -> usize {
        1 + 2 * self.k()
    }

    /// The runs: row 0 is the central point; rows 2j+1 and 2j+2 set factor j to its low and high
    /// end, everything else central.
    pub fn points(&self) -> Vec<Vec<f64>> {
        let mut out = Vec::with_capacity(self.runs());
        out.push(self.central.clone());
        for (j, r) in self.ranges.iter().enumerate() {
            for v in [r.low, r.high] {
                let mut p = self.central.clone();
                p[j] = v;
                out.push(p);
            }
        }
        out
    }
}

/// One bar of a tornado chart: a factor's outcomes at the ends of its range.
#[derive(Debug, Clone, PartialEq)]
pub struct TornadoBar {
    /// Zero-based factor index.
    pub factor: usize,
    /// The factor's low value.
    pub low: f64,
    /// The factor's high value.
    pub high: f64,
    /// Outcome with the factor at its low value.
    pub y_low: f64,
    /// Outcome with the factor at its high value.
    pub y_high: f64,
    /// |y_high − y_low|, the bar's length and sort key.
    pub swing: f64,
}

/// A tornado chart: the baseline outcome and one bar per factor, longest swing first.
#[derive(Debug, Clone, PartialEq)]
pub struct Tornado {
    /// Outcome at the central point.
    pub baseline: f64,
    /// Bars sorted by decreasing swing (ties keep factor order).
    pub bars: Vec<TornadoBar>,
}

/// Tornado chart from the outputs `y` of `design.points()` (same order, finite values).
pub fn tornado(design: &OatDesign, y: &[f64]) -> Result<Tornado> {
    if y.len() != design.runs() {
        return Err(SensitivityError::LengthMismatch {
            what: "one-at-a-time outputs",
            expected: design.runs(),
            found: y.len(),
        });
    }
    check_finite("outputs", y)?;
    let mut bars: Vec<TornadoBar> = design
        .ranges
        .iter()
        .enumerate()
        .map(|(j, r)| {
            let (y_low, y_high) = (y[2 * j + 1], y[2 * j + 2]);
            TornadoBar {
                factor: j,
                low: r.low,
                high: r.high,
                y_low,
                y_high,
                swing: (y_high - y_low).abs(),
            }
        })
        .collect();
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing).then(a.factor.cmp(&b.factor)));
    Ok(Tornado {
        baseline: y[0],
        bars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_sorted_by_swing() {
        let ranges = [
            FactorRange::new(0.0, 1.0).unwrap(),
            FactorRange::new(-10.0, 10.0).unwrap(),
            FactorRange::new(2.0, 3.0).unwrap(),
        ];
        let d = OatDesign::new(&[0.5, 0.0, 2.5], &ranges).unwrap();
        let pts = d.points();
        assert_eq!(pts.len(), 7);
        assert_eq!(pts[3], vec![0.5, -10.0, 2.5]);
        let f = |x: &[f64]| 4.0 * x[0] + 0.1 * x[1] - 30.0 * (x[2] - 2.5).powi(2);
        let y: Vec<f64> = pts.iter().map(|p| f(p)).collect();
        let t = tornado(&d, &y).unwrap();
        assert_eq!(t.baseline, 2.0);
        let order: Vec<usize> = t.bars.iter().map(|b| b.factor).collect();
        assert_eq!(order, vec![0, 1, 2]);
        assert_eq!(t.bars[0].swing, 4.0);
        assert!((t.bars[1].swing - 2.0).abs() < 1e-12);
        // Factor 2's effect is symmetric: no swing, though each end moves y by −7.5.
        assert_eq!((t.bars[2].y_low, t.bars[2].swing), (2.0 - 7.5, 0.0));
    }

    #[test]
    fn bad_inputs_are_errors() {
        let r = [FactorRange::new(0.0, 1.0).unwrap()];
        assert!(OatDesign::new(&[2.0], &r).is_err());
        assert!(OatDesign::new(&[0.5, 0.5], &r).is_err());
        assert!(OatDesign::new(&[f64::NAN], &r).is_err());
        let d = OatDesign::new(&[0.5], &r).unwrap();
        assert!(tornado(&d, &[1.0, 2.0]).is_err());
        assert!(tornado(&d, &[1.0, 2.0, f64::NAN]).is_err());
    }
}
