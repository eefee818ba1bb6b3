//! Scores of forecasts against measurements: errors (RMSE, MAE), the correlation of changes, the
//! share of directions right, coverage of the model's band, and skill against two naive
//! forecasts: no change from the last observed value, and the linear trend of the points before.
//!
//! Every forecast is a [`Case`]: one measured value with the previous measured value of its
//! series (when there is one), the naive forecasts and the model's prediction. With
//! `standardise`, errors and changes are divided by each case's standard error, so that series in
//! different units can be pooled.

/// One forecast to score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Case {
    /// The measured value.
    pub observed: f64,
    /// The previous measured value of the same series (the no-change forecast), if any.
    pub previous: Option<f64>,
    /// The linear trend of the series' earlier points, extended to this date, if there are at
    /// least two earlier points.
    pub trend: Option<f64>,
    /// The model's prediction (the ensemble median).
    pub predicted: f64,
    /// The model's 5-95 % band, if it has one.
    pub band: Option<(f64, f64)>,
    /// Standard error of the measured quantity (of the change, for a changes-only link).
    pub sigma: f64,
}

/// Scores of a set of cases. Fields are `None` where the cases cannot give them (no change to
/// compare, a zero denominator).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Number of cases.
    pub n: usize,
    /// Root mean square error of the model.
    pub rmse: Option<f64>,
    /// Mean absolute error of the model.
    pub mae: Option<f64>,
    /// Cases with a previous value (where changes, directions and the no-change skill exist).
    pub changes: usize,
    /// Pearson correlation of the model's and the measured changes (at least three changes).
    pub change_correlation: Option<f64>,
    /// Share of measured changes (non-zero ones) whose sign the model gets right.
    pub directions_right: Option<f64>,
    /// Root mean square error of the no-change forecast.
    pub rmse_no_change: Option<f64>,
    /// 1 - (model's squared error) / (no-change forecast's), over cases with a previous value.
    pub skill_no_change: Option<f64>,
    /// Cases with a trend forecast.
    pub trends: usize,
    /// Root mean square error of the trend forecast.
    pub rmse_trend: Option<f64>,
    /// 1 - (model's squared error) / (trend forecast's), over cases with a trend forecast.
    pub skill_trend: Option<f64>,
    /// Share of measured values inside the model's 5-95 % band.
    pub coverage90: Option<f64>,
}

fn mean(v: impl Iterator<Item = f64>) -> Option<f64> {
    let (s, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| s / n as f64)
}

fn skill(model: f64, naive: f64) -> Option<f64> {
    (naive > 0.0).then(|| 1.0 - model / naive)
}

/// Pearson correlation of two equally long samples (at least three, both varying).
pub fn correlation(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() < 3 || a.len() != b.len() {
        return None;
    }
    let (ma, mb) = (mean(a.iter().copied())?, mean(b.iter().copied())?);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

/// The least-squares line through `(times, values)` (at least two points at two different
/// times), evaluated at `at`.
pub fn trend_forecast(times: &[f64], values: &[f64], at: f64) -> Option<f64> {
    if times.len() < 2 || times.len() != values.len() {
        return None;
    }
    let (mt, mv) = (mean(times.iter().copied())?, mean(values.iter().copied())?);
    let (mut stv, mut stt) = (0.0, 0.0);
    for (t, v) in times.iter().zip(values) {
        stv += (t - mt) * (v - mv);
        stt += (t - mt) * (t - mt);
    }
    (stt > 0.0).then(|| mv + stv / stt * (at - mt))
}

/// Scores the cases; with `standardise`, every error and change is first divided by its case's
/// standard error.
pub fn score(cases: &[Case], standardise: bool) -> Scores {
    let z = |c: &Case, v: f64| if standardise { v / c.sigma } else { v };
    let err = |c: &Case| z(c, c.predicted - c.observed);
    let with_prev: Vec<(&Case, f64)> = cases
        .iter()
        .filter_map(|c| c.previous.map(|p| (c, p)))
        .collect();
    let with_trend: Vec<(&Case, f64)> = cases
        .iter()
        .filter_map(|c| c.trend.map(|t| (c, t)))
        .collect();
    let model_changes: Vec<f64> = with_prev
        .iter()
        .map(|(c, p)| z(c, c.predicted - p))
        .collect();
    let true_changes: Vec<f64> = with_prev
        .iter()
        .map(|(c, p)| z(c, c.observed - p))
        .collect();
    let signed: Vec<(f64, f64)> = model_changes
        .iter()
        .zip(&true_changes)
        .filter(|(_, t)| **t != 0.0)
        .map(|(m, t)| (*m, *t))
        .collect();
    let sse = |v: &[(&Case, f64)], f: &dyn Fn(&Case, f64) -> f64| -> f64 {
        v.iter().map(|(c, x)| f(c, *x).powi(2)).sum()
    };
    let model_sse_prev = sse(&with_prev, &|c, _| err(c));
    let naive_sse_prev = sse(&with_prev, &|c, p| z(c, p - c.observed));
    let model_sse_trend = sse(&with_trend, &|c, _| err(c));
    let trend_sse = sse(&with_trend, &|c, t| z(c, t - c.observed));
    let banded: Vec<bool> = cases
        .iter()
        .filter_map(|c| c.band.map(|(lo, hi)| lo <= c.observed && c.observed <= hi))
        .collect();
    let rms = |sse: f64, n: usize| (n > 0).then(|| (sse / n as f64).sqrt());
    Scores {
        n: cases.len(),
        rmse: mean(cases.iter().map(|c| err(c).powi(2))).map(f64::sqrt),
        mae: mean(cases.iter().map(|c| err(c).abs())),
        changes: with_prev.len(),
        change_correlation: correlation(&model_changes, &true_changes),
        directions_right: mean(
            signed
                .iter()
                .map(|(m, t)| f64::from(u8::from(m.signum() == t.signum() && *m != 0.0))),
        ),
        rmse_no_change: rms(naive_sse_prev, with_prev.len()),
        skill_no_change: skill(model_sse_prev, naive_sse_prev).filter(|_| !with_prev.is_empty()),
        trends: with_trend.len(),
        rmse_trend: rms(trend_sse, with_trend.len()),
        skill_trend: skill(model_sse_trend, trend_sse).filter(|_| !with_trend.is_empty()),
        coverage90: mean(banded.iter().map(|&b| f64::from(u8::from(b)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trend_and_correlation_by_hand() {
        assert_eq!(trend_forecast(&[0.0, 1.0], &[30.0, 34.0], 2.0), Some(38.0));
        let t = trend_forecast(&[0.0, 1.0, 2.0], &[30.0, 34.0, 35.0], 3.0).unwrap();
        assert!((t - 38.0).abs() < 1e-12);
        assert_eq!(trend_forecast(&[1.0], &[3.0], 2.0), None);
        assert!((correlation(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(correlation(&[1.0, 1.0, 1.0], &[2.0, 4.0, 6.0]), None);
    }

    #[test]
    fn scores_by_hand() {
        // Observed 30, 34, 35, 41; the model predicts 30 throughout; standard error 2.
        let obs = [30.0, 34.0, 35.0, 41.0];
        let trends = [None, None, Some(38.0), Some(38.0)];
        let cases: Vec<Case> = (0..4)
            .map(|k| Case {
                observed: obs[k],
                previous: (k > 0).then(|| obs[k - 1]),
                trend: trends[k],
                predicted: 30.0,
                band: Some((29.0, 31.0)),
                sigma: 2.0,
            })
            .collect();
        let s = score(&cases, false);
        assert_eq!(s.n, 4);
        assert!((s.rmse.unwrap() - (162.0f64 / 4.0).sqrt()).abs() < 1e-12);
        assert!((s.mae.unwrap() - 20.0 / 4.0).abs() < 1e-12);
        assert_eq!(s.changes, 3);
        // Errors 4, 5, 11 against no-change errors 4, 1, 6.
        assert!((s.skill_no_change.unwrap() - (1.0 - 162.0 / 53.0)).abs() < 1e-12);
        assert!((s.skill_trend.unwrap() - (1.0 - 146.0 / 18.0)).abs() < 1e-12);
        assert_eq!(s.directions_right, Some(0.0));
        assert_eq!(s.coverage90, Some(0.25));
        let expected = correlation(&[0.0, -4.0, -5.0], &[4.0, 1.0, 6.0]).unwrap();
        assert!((s.change_correlation.unwrap() - expected).abs() < 1e-12);
        // Standardised: every error is halved, skills (ratios) and correlations do not change.
        let z = score(&cases, true);
        assert!((z.rmse.unwrap() - s.rmse.unwrap() / 2.0).abs() < 1e-12);
        assert!((z.skill_no_change.unwrap() - s.skill_no_change.unwrap()).abs() < 1e-12);
    }
}
