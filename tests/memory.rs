//! Ensemble memory does not grow with the number of members: ten times more members (10,000 to
//! 100,000 of the ten-year quarterly baseline) add almost nothing, and the peak stays far under
//! 1 GiB. This file holds a single test so that the
//! process's peak memory (VmHWM) is this test's alone.

use std::path::PathBuf;

use steppe::ensemble::Ensemble;
use steppe::io::load::load_scenario;

/// Peak resident memory of this process in KiB, from /proc (Linux).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn memory_does_not_grow_with_the_number_of_members() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let loaded = load_scenario(&path).expect("baseline loads");
    let ensemble = Ensemble::new(&loaded.world, vec![&loaded.scenario], 1).expect("ensemble");
    let small = ensemble.aggregate(0..10_000, None, &|_| {}).expect("runs");
    assert_eq!(small.scenarios[0].members(), 10_000);
    drop(small);
    let after_small = peak_kib();
    let large = ensemble.aggregate(0..100_000, None, &|_| {}).expect("runs");
    assert_eq!(large.scenarios[0].members(), 100_000);
    let (Some(small_peak), Some(large_peak)) = (after_small, peak_kib()) else {
        eprintln!("no /proc/self/status here; peak memory not measured");
        return;
    };
    let mib = |k: u64| k as f64 / 1024.0;
    eprintln!(
        "peak memory: {:.1} MiB after 10,000 members, {:.1} MiB after 100,000",
        mib(small_peak),
        mib(large_peak)
    );
    assert!(
        large_peak - small_peak < 32 * 1024,
        "ten times the members grew peak memory by {:.1} MiB",
        mib(large_peak - small_peak)
    );
    assert!(
        large_peak < 256 * 1024,
        "peak memory {:.1} MiB",
        mib(large_peak)
    );
}
