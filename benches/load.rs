//! Cost of loading a scenario: reading, parsing and validating `scenarios/ukraine-freeze.toml`,
//! the baseline it extends, the world and its evidence files.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use steppe::io::load::load_scenario;

fn load(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/ukraine-freeze.toml");
    let mut group = c.benchmark_group("load");
    group
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(1));
    group.bench_function("ukraine-freeze", |b| {
        b.iter(|| black_box(load_scenario(&path).expect("the shipped scenario loads")))
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
