//! Actors are data: adding a power is a TOML edit, done here exactly as the README describes,
//! after which the baseline runs with the new power in every output.

mod common;

use std::fs;

use steppe::engine::Engine;
use steppe::io::load::load_scenario;

const TURKEY: &str = r##"
[[power]]
id = "turkey"
label = "Turkey"
color = "#8e44ad"
priority = { value = 0.15, low = 0.1, high = 0.2, grade = "judgement", sources = ["C66"] }
commitments = { value = 0.5, low = 0.4, high = 0.6, grade = "judgement", sources = ["test"] }
stake_protection = { value = 0.3, low = 0.1, high = 0.5, grade = "judgement", sources = ["test"] }
[power.resources]
gdp = { value = 1100, low = 1000, high = 1200, grade = "judgement", sources = ["test"] }
military = { value = 16, low = 14, high = 20, grade = "judgement", sources = ["test"] }
soft_power = { value = 50, low = 40, high = 60, grade = "judgement", sources = ["test"] }
[power.focus]
security = { value = 0.4, low = 0.3, high = 0.5, grade = "judgement", sources = ["test"] }
economy = { value = 0.6, low = 0.5, high = 0.7, grade = "judgement", sources = ["test"] }
politics = { value = 0.8, low = 0.6, high = 1.0, grade = "judgement", sources = ["test"] }
"##;

#[test]
fn a_power_added_in_toml_takes_part_in_every_state_and_domain() {
    let ws = common::Workspace::new();
    let world_path = ws.path().join("seeds/world.toml");
    let text = fs::read_to_string(&world_path).expect("world file");
    let mut out = String::new();
    let mut in_influence = false;
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if line.starts_with('[') {
            in_influence = line.starts_with("[state.influence.");
        }
        if line.starts_with("opinion.us ") {
            out.push_str(
                "opinion.turkey = { value = 0.55, low = 0.45, high = 0.65, grade = \"judgement\", sources = [\"C66\"] }\n",
            );
        }
        if in_influence && line.starts_with("us ") {
            out.push_str(
                "turkey = { value = 0.03, low = 0.01, high = 0.05, grade = \"judgement\", sources = [\"test\"] }\n",
            );
        }
    }
    // The power goes before the first state, next to the other powers.
    let at = out.find("[[state]]").expect("states");
    out.insert_str(at, &format!("{TURKEY}\n"));
    fs::write(&world_path, out).expect("write world");

    let loaded =
        load_scenario(&ws.path().join("scenarios/baseline.toml")).unwrap_or_else(|e| panic!("{e}"));
    let turkey = loaded.world.power("turkey").expect("turkey is a power");
    assert_eq!(loaded.world.powers.len(), 4);
    let t = Engine::new(&loaded.world, &loaded.scenario).run_central();
    let (np, nd) = (loaded.world.powers.len(), loaded.world.domains.len());
    for s in 0..loaded.world.states.len() {
        for d in 0..nd {
            let end = t.influence_at(t.points - 1);
            let cell = (s * nd + d) * np + turkey;
            assert!(
                end[cell] > 0.0 && end[cell] < 1.0,
                "Turkey's share in state {s}, domain {d}: {}",
                end[cell]
            );
            let total: f64 = end[(s * nd + d) * np..(s * nd + d + 1) * np].iter().sum();
            assert!(total <= 1.0);
        }
    }
    // And through the binary: Turkey is in the tidy output.
    ws.steppe(&[
        "run",
        "scenarios/baseline.toml",
        "--no-noise",
        "-q",
        "--out",
        "out",
    ])
    .expect_code(0);
    let csv =
        fs::read_to_string(ws.path().join("out/baseline/timeseries.csv")).expect("timeseries");
    assert!(
        csv.lines()
            .any(|l| l.contains(",turkey,kazakhstan,security,"))
    );
}
