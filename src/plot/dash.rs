//! Lines with a dash pattern ([`LineStyle::pattern`]), cut in pixel space so that dashes have the
//! same length at any slope and scale.
//!
//! [`LineStyle::pattern`]: super::LineStyle::pattern

use plotters::prelude::*;

use super::PlotError;
use super::axis::TickedAxis;
use super::render::draw_err;

/// Cuts the polyline through `points` into the "on" runs of `pattern` (alternating on and off
/// lengths, starting with on). An empty or non-positive pattern gives the whole line.
pub(crate) fn dash_runs(points: &[(f64, f64)], pattern: &[f64]) -> Vec<Vec<(f64, f64)>> {
    let total: f64 = pattern.iter().filter(|l| l.is_finite()).sum();
    if points.len() < 2 || pattern.len() < 2 || total.is_nan() || total <= 0.0 {
        return if points.len() >= 2 {
            vec![points.to_vec()]
        } else {
            Vec::new()
        };
    }
    let mut runs = Vec::new();
    let (mut k, mut left) = (0usize, pattern[0]);
    let mut current = vec![points[0]];
    for w in points.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut d = (b.0 - a.0).hypot(b.1 - a.1);
        while d > left {
            let t = left / d;
            let p = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
            if k % 2 == 0 {
                if current.last() != Some(&p) {
                    current.push(p);
                }
                if current.len() >= 2 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            } else {
                current = vec![p];
            }
            d -= left;
            a = p;
            k = (k + 1) % pattern.len();
            left = pattern[k].max(0.0);
        }
        left -= d;
        if k % 2 == 0 && current.last() != Some(&b) {
            current.push(b);
        }
    }
    if k % 2 == 0 && current.len() >= 2 {
        runs.push(current);
    }
    runs
}

/// Draws the polyline through `points` (data coordinates) on `chart` with `pattern` (pixels at
/// the drawing scale; empty for a solid line).
pub(crate) fn draw_pattern<DB: DrawingBackend>(
    chart: &ChartContext<'_, DB, Cartesian2d<TickedAxis, TickedAxis>>,
    points: &[(f64, f64)],
    pattern: &[f64],
    style: ShapeStyle,
) -> Result<(), PlotError> {
    let spec = chart.as_coord_spec();
    let pixels: Vec<(f64, f64)> = points
        .iter()
        .map(|p| {
            let (x, y) = spec.translate(p);
            (f64::from(x), f64::from(y))
        })
        .collect();
    let area = chart.plotting_area().strip_coord_spec();
    let (bx, by) = area.get_base_pixel();
    for run in dash_runs(&pixels, pattern) {
        let run: Vec<(i32, i32)> = run
            .into_iter()
            .map(|(x, y)| (x.round() as i32 - bx, y.round() as i32 - by))
            .collect();
        area.draw(&PathElement::new(run, style)).map_err(draw_err)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_follow_the_pattern_across_corners() {
        let runs = dash_runs(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)], &[4.0, 2.0]);
        assert_eq!(
            runs,
            vec![
                vec![(0.0, 0.0), (4.0, 0.0)],
                vec![(6.0, 0.0), (10.0, 0.0)],
                vec![(10.0, 2.0), (10.0, 6.0)],
                vec![(10.0, 8.0), (10.0, 10.0)],
            ]
        );
        assert_eq!(dash_runs(&[(0.0, 0.0), (1.0, 1.0)], &[]).len(), 1);
        assert!(dash_runs(&[(0.0, 0.0)], &[1.0, 1.0]).is_empty());
    }
}
