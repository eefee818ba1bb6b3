//! Turning series and bands into drawable geometry clipped to the y range.
//!
//! plotters does not clip elements to the plotting area, so lines and bands that leave a fixed
//! `y_range` are clipped here. Points with a NaN or infinite coordinate break a line.
//!
//! Why hand-written: plotters has no clipping to a data range, and pulling in a geometry crate
//! for segment-against-horizontal-line clipping would cost more than these few tested lines.

/// A point in data coordinates (fractional year, value).
pub(crate) type Pt = (f64, f64);

/// What a line series becomes: polylines inside the y range, plus isolated points (a finite value
/// with no finite neighbour) that would otherwise be invisible.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct LineGeometry {
    pub runs: Vec<Vec<Pt>>,
    pub dots: Vec<Pt>,
}

/// Clips the line through `(x[i], y[i])` to `lo <= y <= hi`, breaking it at non-finite points.
pub(crate) fn line_geometry(x: &[f64], y: &[f64], lo: f64, hi: f64) -> LineGeometry {
    let mut out = LineGeometry::default();
    let ok = |i: usize| x[i].is_finite() && y[i].is_finite();
    let n = x.len().min(y.len());
    let mut current: Vec<Pt> = Vec::new();
    for i in 0..n {
        if !ok(i) {
            continue;
        }
        let prev_ok = i > 0 && ok(i - 1);
        let next_ok = i + 1 < n && ok(i + 1);
        if !prev_ok && !next_ok {
            if (lo..=hi).contains(&y[i]) {
                out.dots.push((x[i], y[i]));
            }
            continue;
        }
        if !prev_ok {
            continue;
        }
        match clip_segment((x[i - 1], y[i - 1]), (x[i], y[i]), lo, hi) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    flush(&mut current, &mut out.runs);
                    current.push(a);
                }
                current.push(b);
            }
            None => flush(&mut current, &mut out.runs),
        }
        if !next_ok {
            flush(&mut current, &mut out.runs);
        }
    }
    flush(&mut current, &mut out.runs);
    out
}

fn flush(current: &mut Vec<Pt>, runs: &mut Vec<Vec<Pt>>) {
    if current.len() >= 2 {
        runs.push(std::mem::take(current));
    } else {
        current.clear();
    }
}

/// The part of segment `a`-`b` with `lo <= y <= hi`, if any.
fn clip_segment(a: Pt, b: Pt, lo: f64, hi: f64) -> Option<(Pt, Pt)> {
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    let dy = b.1 - a.1;
    if dy == 0.0 {
        if a.1 < lo || a.1 > hi {
            return None;
        }
    } else {
        let ta = (lo - a.1) / dy;
        let tb = (hi - a.1) / dy;
        let (enter, leave) = if ta < tb { (ta, tb) } else { (tb, ta) };
        t0 = t0.max(enter);
        t1 = t1.min(leave);
        if t0 > t1 {
            return None;
        }
    }
    let at = |t: f64| {
        if t == 0.0 {
            a
        } else if t == 1.0 {
            b
        } else {
            (a.0 + t * (b.0 - a.0), (a.1 + t * dy).clamp(lo, hi))
        }
    };
    Some((at(t0), at(t1)))
}

/// Polygons filling the area between `low` and `high`, clipped to `lo <= y <= hi`.
///
/// One polygon per run of points where x and both edges are finite. Where an edge crosses a
/// bound between two points the crossing is inserted, so clamping the edges clips exactly.
pub(crate) fn band_polygons(
    x: &[f64],
    low: &[f64],
    high: &[f64],
    lo: f64,
    hi: f64,
) -> Vec<Vec<Pt>> {
    let n = x.len().min(low.len()).min(high.len());
    let ok = |i: usize| x[i].is_finite() && low[i].is_finite() && high[i].is_finite();
    let mut polygons = Vec::new();
    let mut i = 0;
    while i < n {
        if !ok(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < n && ok(i + 1) {
            i += 1;
        }
        let end = i;
        i += 1;
        if end == start {
            continue;
        }
        let mut bottom: Vec<Pt> = Vec::new();
        let mut top: Vec<Pt> = Vec::new();
        for j in start..end {
            let mut ts = vec![0.0];
            for edge in [low, high] {
                for bound in [lo, hi] {
                    let d = edge[j + 1] - edge[j];
                    if d != 0.0 {
                        let t = (bound - edge[j]) / d;
                        if t > 0.0 && t < 1.0 {
                            ts.push(t);
                        }
                    }
                }
            }
            ts.sort_by(f64::total_cmp);
            for t in ts {
                let px = x[j] + t * (x[j + 1] - x[j]);
                let lerp = |e: &[f64]| (e[j] + t * (e[j + 1] - e[j])).clamp(lo, hi);
                bottom.push((px, lerp(low)));
                top.push((px, lerp(high)));
            }
        }
        bottom.push((x[end], low[end].clamp(lo, hi)));
        top.push((x[end], high[end].clamp(lo, hi)));
        bottom.extend(top.into_iter().rev());
        polygons.push(bottom);
    }
    polygons
}

/// Mean width of a band over the points where both edges are finite (for drawing order).
pub(crate) fn mean_width(low: &[f64], high: &[f64]) -> f64 {
    let (sum, n) = low
        .iter()
        .zip(high)
        .map(|(l, h)| h - l)
        .filter(|w| w.is_finite())
        .fold((0.0, 0usize), |(s, n), w| (s + w.abs(), n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_breaks_line_and_isolated_points_become_dots() {
        let x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let y = [0.5, 0.6, f64::NAN, 0.7, 0.8, f64::INFINITY, 0.4];
        let g = line_geometry(&x, &y, 0.0, 1.0);
        assert_eq!(
            g.runs,
            vec![vec![(0.0, 0.5), (1.0, 0.6)], vec![(3.0, 0.7), (4.0, 0.8)]]
        );
        assert_eq!(g.dots, vec![(6.0, 0.4)]);
    }

    #[test]
    fn line_is_clipped_at_bounds() {
        let g = line_geometry(&[0.0, 1.0, 2.0], &[0.0, 2.0, 0.0], 0.0, 1.0);
        assert_eq!(
            g.runs,
            vec![vec![(0.0, 0.0), (0.5, 1.0)], vec![(1.5, 1.0), (2.0, 0.0)]]
        );
    }

    #[test]
    fn band_is_clamped_with_crossings() {
        let p = band_polygons(&[0.0, 1.0], &[0.0, 0.0], &[0.0, 2.0], 0.0, 1.0);
        assert_eq!(p.len(), 1);
        assert!(p[0].contains(&(0.5, 1.0)));
        assert!(p[0].iter().all(|&(_, y)| (0.0..=1.0).contains(&y)));
    }
}
