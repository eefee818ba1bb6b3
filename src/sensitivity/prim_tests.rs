use super::*;
use crate::sensitivity::design::latin_hypercube;

/// Points of a 3-factor LHS; cases of interest inside x0 ∈ [0.2, 0.6], x1 ∈ [0.5, 0.9], plus
/// optional label noise.
fn planted(n: usize, noise_every: usize) -> (Vec<Vec<f64>>, Vec<bool>) {
    let x = latin_hypercube(n, 3, 17).unwrap().to_rows();
    let y = x
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let inside = (0.2..=0.6).contains(&r[0]) && (0.5..=0.9).contains(&r[1]);
            if noise_every > 0 && i % noise_every == 0 {
                !inside
            } else {
                inside
            }
        })
        .collect();
    (x, y)
}

#[test]
fn recovers_a_planted_box() {
    let (x, y) = planted(4000, 0);
    let res = prim(&x, &y, &PrimOptions::default()).unwrap();
    let first = &res.steps[0];
    assert_eq!((first.mass, first.coverage), (1.0, 1.0));
    assert!((first.density - 0.16).abs() < 0.01, "{}", first.density);
    let last = res.steps.last().unwrap();
    assert!(
        last.mass >= 0.05 && last.mass < 0.06,
        "peels down to mass_min: {}",
        last.mass
    );
    let i = res.select_by_density(0.9).expect("a dense box");
    let b = &res.steps[i];
    assert!(b.coverage > 0.85 && b.density >= 0.9, "{b:?}");
    assert_eq!(b.restricted, vec![0, 1]);
    let truth = [(0.2, 0.6), (0.5, 0.9)];
    for (lim, t) in b.limits.iter().zip(truth) {
        assert!((lim.0 - t.0).abs() < 0.05, "{:?}", b.limits);
        assert!((lim.1 - t.1).abs() < 0.05, "{:?}", b.limits);
    }
    // Coverage never rises along the trajectory; mass falls strictly.
    for w in res.steps.windows(2) {
        assert!(w[1].coverage <= w[0].coverage && w[1].mass < w[0].mass);
    }
}

#[test]
fn noisy_labels_and_lenient_objective_still_find_the_box() {
    let (x, y) = planted(4000, 20);
    let opts = PrimOptions {
        objective: PrimObjective::Lenient1,
        ..Default::default()
    };
    let res = prim(&x, &y, &opts).unwrap();
    let i = res.select_by_density(0.8).expect("a dense box");
    let b = &res.steps[i];
    assert!(b.coverage > 0.7 && b.density >= 0.8, "{b:?}");
    assert!(b.restricted.contains(&0) && b.restricted.contains(&1));
    assert!(res.select_by_density(1.01).is_none());
}

#[test]
fn quantile_is_sdtoolkits() {
    let d = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(quantile(&d, 0.05), 1.5);
    assert_eq!(quantile(&d, 0.95), 4.5);
    let t = [1.0, 1.0, 1.0, 2.0];
    assert_eq!(quantile(&t, 0.05), 1.5);
    assert_eq!(quantile(&[3.0, 3.0], 0.05), 3.0);
}

#[test]
fn degenerate_and_bad_inputs() {
    // No cases: a one-step trajectory, never NaN.
    let x = vec![vec![0.0], vec![1.0], vec![2.0]];
    let res = prim(&x, &[false; 3], &PrimOptions::default()).unwrap();
    assert_eq!(res.steps.len(), 1);
    assert_eq!(res.steps[0].coverage, 0.0);
    // A constant factor is never peeled.
    let x: Vec<Vec<f64>> = (0..100).map(|i| vec![1.0, i as f64]).collect();
    let y: Vec<bool> = (0..100).map(|i| i >= 50).collect();
    let res = prim(&x, &y, &PrimOptions::default()).unwrap();
    assert!(res.steps.iter().all(|s| !s.restricted.contains(&0)));
    let best = &res.steps[res.select_by_density(1.0).unwrap()];
    assert!(best.coverage >= 0.9 && best.limits[1].0 > 40.0, "{best:?}");
    assert!(prim(&x, &y[..10], &PrimOptions::default()).is_err());
    let bad = PrimOptions {
        peel_alpha: 0.0,
        ..Default::default()
    };
    assert!(prim(&x, &y, &bad).is_err());
    let empty: Vec<Vec<f64>> = vec![];
    assert!(prim(&empty, &[], &PrimOptions::default()).is_err());
    assert!(prim(&[vec![f64::NAN]], &[true], &PrimOptions::default()).is_err());
}
