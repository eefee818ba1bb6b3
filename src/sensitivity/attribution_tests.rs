use super::*;
use crate::sensitivity::design::latin_hypercube;

fn ensemble(n: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut x = latin_hypercube(n, 4, 23).unwrap().to_rows();
    for r in &mut x {
        r[3] = 0.7; // a parameter the ensemble never varied
    }
    let y = x
        .iter()
        .map(|r| -5.0 * r[2] + r[0].powi(3) + 0.3 * r[1])
        .collect();
    (x, y)
}

#[test]
fn dominant_factor_ranks_first_and_constant_column_is_zero() {
    let (x, y) = ensemble(500);
    for (name, coef) in [
        ("spearman", spearman(&x, &y).unwrap()),
        ("prcc", prcc(&x, &y).unwrap()),
        ("srrc", srrc(&x, &y).unwrap()),
    ] {
        assert_eq!(coef[3], 0.0, "{name}");
        assert!(
            coef.iter().all(|c| c.is_finite() && c.abs() <= 1.0 + 1e-12),
            "{name}"
        );
        let top = top_drivers(&coef, 2);
        assert_eq!(top.len(), 2);
        assert_eq!(top[0].factor, 2, "{name}: {coef:?}");
        assert!(top[0].coefficient < -0.8, "{name}: {coef:?}");
        assert_eq!(top[1].factor, 0, "{name}: {coef:?}");
        assert!(coef[0] > 0.0 && coef[1] > 0.0, "{name}: {coef:?}");
    }
    // PRCC removes the other factors, so it exceeds the plain correlation for the weak ones.
    let s = spearman(&x, &y).unwrap();
    let p = prcc(&x, &y).unwrap();
    assert!(p[1] > s[1]);
}

#[test]
fn known_values_on_small_data() {
    // Perfectly monotone single factor: Spearman 1, SRRC 1.
    let x: Vec<Vec<f64>> = (0..10)
        .map(|i| vec![i as f64, ((i * 7) % 10) as f64])
        .collect();
    let y: Vec<f64> = (0..10).map(|i| (i as f64).exp()).collect();
    let s = spearman(&x, &y).unwrap();
    assert!((s[0] - 1.0).abs() < 1e-12);
    let r = srrc(&x, &y).unwrap();
    assert!((r[0] - 1.0).abs() < 1e-9 && r[1].abs() < 1e-9, "{r:?}");
    // y's ranks are an exact linear function of x's: PRCC undefined, a typed error.
    assert!(matches!(
        prcc(&x, &y),
        Err(SensitivityError::ZeroVariance { .. })
    ));
}

#[test]
fn bad_inputs_are_errors_not_nan() {
    let x = vec![
        vec![1.0, 2.0],
        vec![2.0, 4.0],
        vec![3.0, 6.0],
        vec![4.0, 8.0],
    ];
    let y = [1.0, 3.0, 2.0, 5.0];
    // Duplicate (collinear) parameters.
    assert!(matches!(
        prcc(&x, &y),
        Err(SensitivityError::Collinear { factor: 1 })
    ));
    assert!(matches!(
        srrc(&x, &y),
        Err(SensitivityError::Collinear { factor: 1 })
    ));
    assert_eq!(spearman(&x, &y).unwrap().len(), 2);
    assert!(matches!(
        spearman(&x, &[1.0; 4]),
        Err(SensitivityError::ZeroVariance { .. })
    ));
    assert!(spearman(&x, &y[..3]).is_err());
    assert!(spearman(&[vec![f64::NAN]], &[1.0]).is_err());
    assert!(matches!(
        prcc(&x[..2], &y[..2]),
        Err(SensitivityError::TooFew { .. })
    ));
    assert!(top_drivers(&[0.1, -0.5, 0.3], 5).len() == 3);
    assert_eq!(top_drivers(&[0.1, -0.5, 0.3], 1)[0].factor, 1);
}

#[test]
fn rank_fits_equal_the_one_outcome_functions() {
    let (x, y) = ensemble(300);
    let y2: Vec<f64> = y.iter().map(|v| -v * v).collect();
    let constant = vec![1.0; y.len()];
    let fits = rank_fits(&x, &[y.clone(), constant, y2.clone()]);
    assert!(matches!(
        fits[1],
        Err(SensitivityError::ZeroVariance { .. })
    ));
    for (fit, y) in [(&fits[0], &y), (&fits[2], &y2)] {
        let fit = fit.as_ref().unwrap();
        let (s, r) = (spearman(&x, y).unwrap(), srrc(&x, y).unwrap());
        let got = fit.srrc.as_ref().unwrap();
        for j in 0..4 {
            assert!((fit.spearman[j] - s[j]).abs() < 1e-12, "{j}");
            assert!((got[j] - r[j]).abs() < 1e-12, "{j}");
        }
    }
    // Too few members for the regression: Spearman still comes.
    let fits = rank_fits(&x[..4], &[y[..4].to_vec()]);
    let fit = fits[0].as_ref().unwrap();
    assert!(matches!(fit.srrc, Err(SensitivityError::TooFew { .. })));
    assert_eq!(fit.spearman.len(), 4);
}
