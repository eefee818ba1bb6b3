//! Ensemble memory does not grow with the number of members: a 100,000-member ensemble of the
//! ten-year quarterly baseline stays well under 1 GiB. This file holds a single test so that the
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
fn hundred_thousand_members_stay_well_under_a_gibibyte() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml");
    let loaded = load_scenario(&path).expect("baseline loads");
    let ensemble = Ensemble::new(&loaded.world, vec![&loaded.scenario], 1).expect("ensemble");
    let members = 100_000;
    let stats = ensemble.aggregate(0..members, None, &|_| {}).expect("runs");
    assert_eq!(stats.scenarios[0].members(), members);
    let Some(peak) = peak_kib() else {
        eprintln!("no /proc/self/status here; peak memory not measured");
        return;
    };
    eprintln!(
        "peak memory of a {members}-member ensemble: {:.1} MiB",
        peak as f64 / 1024.0
    );
    assert!(
        peak < 1024 * 1024,
        "peak memory {peak} KiB is not under 1 GiB"
    );
}
