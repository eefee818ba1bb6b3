//! The prior-posterior figure of a calibration: for each parameter, the prior density (the
//! triangular range) and the posterior density of the accepted members, on a common axis: the
//! position within the prior range (0 = low end, 1 = high end).

use crate::calibrate::posterior::Posterior;
use crate::plot::{Figure, LineStyle, Panel, Rgb, Series};

/// Colour of prior densities.
pub const PRIOR_COLOR: Rgb = Rgb(140, 140, 140);
/// Colour of posterior densities.
pub const POSTERIOR_COLOR: Rgb = Rgb(30, 110, 90);

/// Grid points of the position axis.
const GRID: usize = 101;

/// Density of the triangular distribution on [0, 1] with mode `c`.
fn triangular_pdf(x: f64, c: f64) -> f64 {
    if !(0.0..=1.0).contains(&x) {
        0.0
    } else if x < c {
        2.0 * x / c
    } else if x > c || c < 1.0 {
        2.0 * (1.0 - x) / (1.0 - c)
    } else {
        2.0
    }
}

/// A Gaussian kernel density of `v` on `grid` (Silverman's bandwidth, at least 0.02), with
/// mass outside [0, 1] reflected back in.
fn kde(v: &[f64], grid: &[f64]) -> Vec<f64> {
    let n = v.len().max(1) as f64;
    let mean = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    let h = (1.06 * sd * n.powf(-0.2)).max(0.02);
    let k = |u: f64| (-0.5 * u * u).exp() / (2.0 * std::f64::consts::PI).sqrt();
    grid.iter()
        .map(|&x| {
            v.iter()
                .map(|&xi| k((x - xi) / h) + k((x + xi) / h) + k((x - (2.0 - xi)) / h))
                .sum::<f64>()
                / (n * h)
        })
        .collect()
}

/// Prior and posterior densities of the parameters `which` (indices into the posterior's
/// statistics), one panel each.
pub fn prior_posterior_figure(p: &Posterior, which: &[usize], caption: &str) -> Figure {
    let x: Vec<f64> = (0..GRID).map(|i| i as f64 / (GRID - 1) as f64).collect();
    let panels = which
        .iter()
        .map(|&j| {
            let s = &p.stats[j];
            let (l, m, h) = s.prior;
            let width = (h - l).max(f64::MIN_POSITIVE);
            let c = (m - l) / width;
            let positions: Vec<f64> = p.rows.iter().map(|r| (r[j] - l) / width).collect();
            Panel {
                title: format!("{} [{l}, {h}]", s.path),
                series: vec![
                    Series {
                        label: "prior (the parameter's range)".into(),
                        color: PRIOR_COLOR,
                        style: LineStyle::Dashed,
                        values: x.iter().map(|&t| triangular_pdf(t, c)).collect(),
                        bands: Vec::new(),
                    },
                    Series {
                        label: "posterior (accepted members)".into(),
                        color: POSTERIOR_COLOR,
                        style: LineStyle::Solid,
                        values: kde(&positions, &x),
                        bands: Vec::new(),
                    },
                ],
                ..Panel::default()
            }
        })
        .collect();
    Figure {
        title: "Prior and posterior of the parameters the calibration moved most".into(),
        caption: caption.to_string(),
        x,
        y_label: "density".into(),
        y_range: None,
        shared_y: false,
        zero_line: false,
        panels,
        events: Vec::new(),
        line_label: String::new(),
        x_label: Some("position in the prior range (0 = low end, 1 = high end)".into()),
    }
}
