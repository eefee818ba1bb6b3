use super::*;
use crate::sensitivity::design::{FactorRange, saltelli_sobol};
use std::f64::consts::PI;

/// Ishigami function, a = 7, b = 0.1, on [-π, π]^3.
fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

/// Analytic (S1, ST) of the Ishigami function (Ishigami & Homma 1990; Sobol' & Levitan 1999).
fn ishigami_truth() -> ([f64; 3], [f64; 3]) {
    let (a, b) = (7.0f64, 0.1f64);
    let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * PI.powi(8) * 8.0 / 225.0;
    let v = v1 + v2 + v13;
    ([v1 / v, v2 / v, 0.0], [(v1 + v13) / v, v2 / v, v13 / v])
}

fn ishigami_outputs(n: usize, seed: u64) -> Vec<f64> {
    let d = saltelli_sobol(n, 3, 0, Some(seed)).unwrap();
    let r = FactorRange::new(-PI, PI).unwrap();
    d.scale(&[r, r, r])
        .unwrap()
        .iter()
        .map(|x| ishigami(x))
        .collect()
}

#[test]
fn ishigami_indices_match_analytic_within_cis() {
    let (s1_true, st_true) = ishigami_truth();
    assert!((s1_true[0] - 0.3139).abs() < 1e-4 && (st_true[2] - 0.2437).abs() < 1e-4);
    let y = ishigami_outputs(1 << 12, 11);
    let opts = SobolOptions {
        num_resamples: 200,
        ..Default::default()
    };
    let s = sobol_indices(&y, 3, &opts).unwrap();
    assert_eq!(s.n_base, 1 << 12);
    eprintln!("Ishigami N=4096: S1 {:?} ± {:?}", s.s1, s.s1_conf);
    eprintln!("Ishigami N=4096: ST {:?} ± {:?}", s.st, s.st_conf);
    for i in 0..3 {
        assert!(
            s.s1_conf[i] > 0.0 && s.s1_conf[i] < 0.1,
            "S1 conf {}",
            s.s1_conf[i]
        );
        assert!(
            s.st_conf[i] > 0.0 && s.st_conf[i] < 0.1,
            "ST conf {}",
            s.st_conf[i]
        );
        assert!(
            (s.s1[i] - s1_true[i]).abs() <= s.s1_conf[i],
            "S1[{i}] = {} ± {}, analytic {}",
            s.s1[i],
            s.s1_conf[i],
            s1_true[i]
        );
        assert!(
            (s.st[i] - st_true[i]).abs() <= s.st_conf[i],
            "ST[{i}] = {} ± {}, analytic {}",
            s.st[i],
            s.st_conf[i],
            st_true[i]
        );
    }
}

#[test]
fn deterministic_in_seed_and_point_estimates_independent_of_it() {
    let y = ishigami_outputs(256, 1);
    let o1 = SobolOptions::default();
    let o2 = SobolOptions { seed: 99, ..o1 };
    let a = sobol_indices(&y, 3, &o1).unwrap();
    assert_eq!(a, sobol_indices(&y, 3, &o1).unwrap());
    let b = sobol_indices(&y, 3, &o2).unwrap();
    assert_eq!((&a.s1, &a.st), (&b.s1, &b.st));
    assert_ne!(a.s1_conf, b.s1_conf);
}

#[test]
fn additive_function_has_equal_first_and_total_order() {
    // y = x1 + 2 x2 on the unit square: S1 = ST = (1/5, 4/5).
    let d = saltelli_sobol(1 << 10, 2, 0, Some(5)).unwrap();
    let y: Vec<f64> = d.iter_rows().map(|x| x[0] + 2.0 * x[1]).collect();
    let s = sobol_indices(&y, 2, &SobolOptions::default()).unwrap();
    for (i, t) in [0.2, 0.8].iter().enumerate() {
        assert!((s.s1[i] - t).abs() < 0.01, "{:?}", s.s1);
        assert!((s.st[i] - t).abs() < 0.01, "{:?}", s.st);
    }
}

#[test]
fn bad_inputs_are_errors() {
    let opts = SobolOptions::default();
    assert!(matches!(
        sobol_indices(&[1.0; 9], 2, &opts),
        Err(SensitivityError::LengthMismatch { .. })
    ));
    assert!(matches!(
        sobol_indices(&[1.0; 8], 2, &opts),
        Err(SensitivityError::ZeroVariance { .. })
    ));
    let mut y: Vec<f64> = (0..8).map(f64::from).collect();
    y[3] = f64::NAN;
    assert!(matches!(
        sobol_indices(&y, 2, &opts),
        Err(SensitivityError::NonFinite { index: 3, .. })
    ));
    let y: Vec<f64> = (0..8).map(f64::from).collect();
    assert!(sobol_indices(&y, 0, &opts).is_err());
    assert!(sobol_indices(&y[..4], 2, &opts).is_err());
    let bad = SobolOptions {
        conf_level: 1.0,
        ..opts
    };
    assert!(sobol_indices(&y, 2, &bad).is_err());
    let bad = SobolOptions {
        num_resamples: 1,
        ..opts
    };
    assert!(sobol_indices(&y, 2, &bad).is_err());
}

#[test]
fn constant_base_outputs_give_zero_not_nan() {
    // f_A and f_B constant, only the cross rows vary: every index is 0 (SALib's rule).
    let y = vec![1.0, 5.0, 1.0, 1.0, 7.0, 1.0];
    let s = sobol_indices(&y, 1, &SobolOptions::default()).unwrap();
    assert_eq!(
        (s.s1[0], s.st[0], s.s1_conf[0], s.st_conf[0]),
        (0.0, 0.0, 0.0, 0.0)
    );
}
