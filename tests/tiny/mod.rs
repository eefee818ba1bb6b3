//! A tiny dated world for history tests: two powers (a, b) in one state and one domain, one
//! driver (`pressure`) coupled to a's commitments, with a history the scenario follows; the
//! agents' mechanisms are present but neutral. Values
//! the tests need to know are parameters of the generators.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// A parameter: fixed (`low == high == value`) or with a range.
pub fn param(value: f64, low: f64, high: f64) -> String {
    if low == high {
        format!("{{ value = {value:?}, grade = \"judgement\", sources = [\"test\"] }}")
    } else {
        format!(
            "{{ value = {value:?}, low = {low:?}, high = {high:?}, grade = \"judgement\", sources = [\"test\"] }}"
        )
    }
}

/// The world: `elasticity` of a's commitments to pressure and the domain's `adjustment` rate,
/// as (value, low, high); a's initial influence `share`.
pub fn world(elasticity: (f64, f64, f64), adjustment: (f64, f64, f64), share: f64) -> String {
    let f = |v: f64| param(v, v, v);
    format!(
        r##"name = "Tiny"
date = 2015-01-01
history = "drivers.toml"

[model]
effort_noise = {e0}
instability_threat = {it}
incident_rate = {e0}
incident_size = {is}
incident_half_life = {one}

[[resource]]
id = "gdp"
label = "GDP"

[[domain]]
id = "economy"
label = "Economy"
basis.gdp = {one}
salience = {one}
threat_sensitivity = {e0}
adjustment_rate = {adj}
opinion_weight = {e0}
contest_exponent = {one}

[[driver]]
id = "pressure"
label = "Pressure"
unit = "index"
initial = {e0}
reference = 0.0
scale = 1.0
min = -5.0
max = 5.0
volatility = {e0}
persistence = {half}

[[power]]
id = "a"
label = "A"
color = "#c0392b"
priority = {half}
commitments = {third}
stake_protection = {e0}
[power.resources]
gdp = {hundred}
[power.focus]
economy = {one}

[[power]]
id = "b"
label = "B"
color = "#2471a3"
priority = {half}
commitments = {half}
stake_protection = {e0}
[power.resources]
gdp = {hundred}
[power.focus]
economy = {one}

[[state]]
id = "s"
label = "S"
weight = {one}
stability = {half}
hedging = {e0}
opinion.a = {half}
opinion.b = {half}
[state.influence.economy]
a = {share}
b = {b}

[[coupling]]
driver = "pressure"
target = "a.commitments"
elasticity = {el}

# The agents, every one of their mechanisms neutral: one state and one domain leave nothing to
# reallocate, and nothing moves opinion, openness or the state's capacity.
[agents]
allocation_rate = {half}
opinion_half_life = {one}
crisis_domain = "economy"
benefit_domain = "economy"
crisis_opinion = {e0}
legitimacy = {e0}
exit_opinion = {e0}
exit_threat = {e0}
capacity_half_life = {one}

[[agency]]
state = "s"
courting = {e0}
leaning = {e0}
self_reliance = {e0}
capacity_growth = {e0}
"##,
        e0 = f(0.0),
        it = f(0.3),
        is = f(0.1),
        one = f(1.0),
        half = f(0.5),
        third = f(0.3),
        hundred = f(100.0),
        share = f(share),
        b = f(0.2),
        adj = param(adjustment.0, adjustment.1, adjustment.2),
        el = param(elasticity.0, elasticity.1, elasticity.2),
    )
}

/// The pressure's history: a step a year from 2016.
pub const DRIVERS: &str = r#"[[series]]
driver = "pressure"
unit = "index"
interpolation = "step"
points = [
  { date = 2015-01-01, value = 0.0 },
  { date = 2016-01-01, value = 0.5 },
  { date = 2017-01-01, value = 1.0 },
  { date = 2018-01-01, value = 0.25 },
  { date = 2019-01-01, value = -0.5 },
  { date = 2020-01-01, value = -0.5 },
]
"#;

/// A replay from 2015 to 2020 (noise off), following the history or not.
pub fn scenario(follow: bool) -> String {
    format!(
        "title = \"Tiny replay\"\nworld = \"world.toml\"\n\n[run]\nstart = 2015-01-01\nend = 2020-01-01\nnoise = false\nseed = 5\n\n[history]\nfollow = {follow}\n"
    )
}

/// A measured series of a's influence in percent at the given dates and values.
pub fn observed(points: &[(&str, f64)], sigma: f64) -> String {
    let pts: Vec<String> = points
        .iter()
        .map(|(d, v)| format!("  {{ date = {d}, value = {v:?} }},"))
        .collect();
    format!(
        "[[series]]\nid = \"s-a-share\"\nstate = \"s\"\npartner = \"a\"\nquantity = \"a's share\"\nunit = \"%\"\nuncertainty = {{ kind = \"absolute\", value = {sigma:?} }}\npoints = [\n{}\n]\n",
        pts.join("\n")
    )
}

/// Rules scoring the series by identity (percent of a share).
pub fn rules(test_from: &str) -> String {
    format!(
        "observed = \"observed.toml\"\ntest_from = {test_from}\n\n[[rule]]\nseries = \"s-a-share\"\noutput = \"a.s.economy\"\nlink = \"identity\"\nscale = 100.0\n"
    )
}

/// Writes the files into `dir` and returns the scenario's and the rules' paths.
pub fn write(
    dir: &Path,
    world: &str,
    follow: bool,
    observed: &str,
    rules: &str,
) -> (PathBuf, PathBuf) {
    std::fs::write(dir.join("world.toml"), world).unwrap();
    std::fs::write(dir.join("drivers.toml"), DRIVERS).unwrap();
    std::fs::write(dir.join("replay.toml"), scenario(follow)).unwrap();
    std::fs::write(dir.join("observed.toml"), observed).unwrap();
    std::fs::write(dir.join("rules.toml"), rules).unwrap();
    (dir.join("replay.toml"), dir.join("rules.toml"))
}
