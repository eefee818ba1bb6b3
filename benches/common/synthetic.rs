//! Synthetic worlds of any size, for the benchmarks and the allocation test.
//!
//! A world is generated as TOML text (so it goes through the same parsing and validation as the
//! shipped files), with deterministic pseudo-random values: the same size and seed give the same
//! text. It has the three domains of the shipped world (security, economy, politics) over the
//! resources gdp, military and soft_power, three drivers with level and growth couplings, two
//! organisations, trend growth for every other power, and initial influence shares summing to at
//! most 0.8 per state and domain.
//!
//! Included with `#[path = "common/synthetic.rs"] mod synthetic;` (it lives in a sub-folder so
//! that cargo does not take it for a bench target of its own).
#![allow(dead_code)]

use std::fmt::Write as _;

use steppe::diag::Source;
use steppe::evidence::Evidence;
use steppe::scenario::{Layer, Scenario};
use steppe::schema::{ScenarioFile, WorldFile};
use steppe::world::World;

/// Size and settings of a synthetic world and scenario.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Outside powers.
    pub powers: usize,
    /// Contested states.
    pub states: usize,
    /// Quarterly steps of the run (the end date is the start plus this many quarters).
    pub steps: usize,
    /// Noise and random incidents on.
    pub noise: bool,
    /// Add a shock, a ramp and a set event in the first two years (needs at least 8 steps).
    pub events: bool,
    /// Seed of the generated values (and of the run).
    pub seed: u64,
}

impl Spec {
    /// A noisy, event-free run of `powers` x `states` over `steps` quarters.
    pub fn new(powers: usize, states: usize, steps: usize) -> Spec {
        Spec {
            powers,
            states,
            steps,
            noise: true,
            events: false,
            seed: 7,
        }
    }

    /// Cells (powers x states x domains).
    pub fn cells(&self) -> usize {
        self.powers * self.states * DOMAINS.len()
    }
}

/// Domains of every synthetic world.
pub const DOMAINS: [&str; 3] = ["security", "economy", "politics"];

/// A 64-bit linear congruential generator (Knuth's MMIX constants); the top 53 bits make a
/// uniform number in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Lcg {
        let mut g = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
        g.next();
        g
    }

    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [low, high).
    fn between(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.unit()
    }
}

/// A parameter table `{ value, low, high, sources }` with a range of `rel` times the value's
/// magnitude either side, clipped to `[min, max]`. Values are written with six decimals; rounding
/// is monotone, so `low <= value <= high` survives it.
fn param(value: f64, rel: f64, min: f64, max: f64) -> String {
    let spread = value.abs() * rel;
    let low = (value - spread).max(min);
    let high = (value + spread).min(max);
    format!(
        "{{ value = {value:.6}, low = {low:.6}, high = {high:.6}, grade = \"judgement\", sources = [\"synthetic\"] }}"
    )
}

/// A parameter without a range.
fn fixed(value: f64) -> String {
    format!("{{ value = {value:.6}, grade = \"judgement\", sources = [\"synthetic\"] }}")
}

const INF: f64 = f64::INFINITY;

/// The world file of a synthetic world with `powers` powers and `states` states.
pub fn world_text(powers: usize, states: usize, seed: u64) -> String {
    assert!(
        powers >= 1 && states >= 1,
        "a world needs a power and a state"
    );
    let mut g = Lcg::new(seed);
    let mut t = String::with_capacity(2_000 + states * (1_000 + powers * 400));
    let w = &mut t;
    let _ = writeln!(w, "name = \"Synthetic {powers}x{states}\"");
    let _ = writeln!(
        w,
        "description = \"Generated for benchmarks: {powers} powers, {states} states.\"\n"
    );

    let _ = writeln!(w, "[model]");
    let _ = writeln!(w, "effort_noise = {}", param(0.07, 0.5, 0.0, INF));
    let _ = writeln!(w, "instability_threat = {}", param(0.3, 0.3, 0.0, INF));
    let _ = writeln!(w, "incident_rate = {}", param(1.0, 0.5, 0.0, INF));
    let _ = writeln!(w, "incident_size = {}", param(0.15, 0.3, 0.0, 1.0));
    let _ = writeln!(
        w,
        "incident_half_life = {}\n",
        param(0.75, 0.3, 0.01, 1000.0)
    );

    for (id, label) in [
        ("gdp", "GDP"),
        ("military", "Military"),
        ("soft_power", "Soft power"),
    ] {
        let _ = writeln!(w, "[[resource]]\nid = \"{id}\"\nlabel = \"{label}\"\n");
    }

    // (id, basis, protects, salience, threat sensitivity, adjustment rate, opinion weight)
    let domains = [
        (
            "security",
            &[("military", 0.75), ("gdp", 0.25)][..],
            Some("economy"),
            0.35,
            1.5,
            0.2,
            0.5,
        ),
        ("economy", &[("gdp", 1.0)][..], None, 0.4, -0.3, 0.25, 0.4),
        (
            "politics",
            &[("soft_power", 0.5), ("gdp", 0.2), ("military", 0.3)][..],
            None,
            0.25,
            0.3,
            0.3,
            1.0,
        ),
    ];
    for (id, basis, protects, salience, threat, adjustment, opinion) in domains {
        let _ = writeln!(w, "[[domain]]\nid = \"{id}\"\nlabel = \"{id}\"");
        for (resource, weight) in basis {
            let _ = writeln!(w, "basis.{resource} = {}", fixed(*weight));
        }
        if let Some(p) = protects {
            let _ = writeln!(w, "protects = \"{p}\"");
        }
        let _ = writeln!(w, "salience = {}", param(salience, 0.25, 0.0, INF));
        let _ = writeln!(w, "threat_sensitivity = {}", param(threat, 0.5, -INF, INF));
        let _ = writeln!(w, "adjustment_rate = {}", param(adjustment, 0.2, 0.0, 1.0));
        let _ = writeln!(w, "opinion_weight = {}", param(opinion, 0.4, 0.0, INF));
        let _ = writeln!(w, "contest_exponent = {}\n", fixed(1.0));
    }

    // (id, initial, reference, scale, min, max, volatility, persistence)
    let drivers = [
        ("oil_price", 80.0, 80.0, 20.0, 20.0, 200.0, 0.8, 0.7),
        ("world_growth", 3.0, 3.0, 1.0, -5.0, 12.0, 0.5, 0.8),
        ("tension", 0.5, 0.5, 0.25, 0.0, 1.0, 0.1, 0.85),
    ];
    for (id, initial, reference, scale, min, max, volatility, persistence) in drivers {
        let _ = writeln!(w, "[[driver]]\nid = \"{id}\"\nlabel = \"{id}\"");
        let _ = writeln!(w, "initial = {}", param(initial, 0.1, min, max));
        let _ = writeln!(
            w,
            "reference = {reference:.6}\nscale = {scale:.6}\nmin = {min:.6}\nmax = {max:.6}"
        );
        let _ = writeln!(w, "volatility = {}", param(volatility, 0.4, 0.0, INF));
        let _ = writeln!(w, "persistence = {}\n", param(persistence, 0.15, 0.0, 1.0));
    }

    let second = 1 % powers;
    let _ = writeln!(
        w,
        "[[organization]]\nid = \"bloc_a\"\nlabel = \"Bloc A\"\npowers = [\"p0\"]"
    );
    let _ = writeln!(w, "bonus.security = {}", param(0.4, 0.4, 0.0, INF));
    let _ = writeln!(w, "bonus.politics = {}\n", param(0.1, 0.5, 0.0, INF));
    let _ = writeln!(
        w,
        "[[organization]]\nid = \"bloc_b\"\nlabel = \"Bloc B\"\npowers = [\"p{second}\"]"
    );
    let _ = writeln!(w, "bonus.economy = {}\n", param(0.3, 0.4, 0.0, INF));

    for p in 0..powers {
        let _ = writeln!(w, "[[power]]\nid = \"p{p}\"\nlabel = \"Power {p}\"");
        let _ = writeln!(w, "color = \"#{:06x}\"", g.next() >> 40);
        let _ = writeln!(
            w,
            "priority = {}",
            param(g.between(0.03, 0.4), 0.25, 0.0, 1.0)
        );
        let _ = writeln!(
            w,
            "commitments = {}",
            param(g.between(0.2, 0.7), 0.2, 0.0, 0.99)
        );
        let _ = writeln!(
            w,
            "stake_protection = {}",
            param(g.between(0.2, 3.0), 0.4, 0.0, INF)
        );
        let _ = writeln!(w, "[power.resources]");
        let _ = writeln!(
            w,
            "gdp = {}",
            param(g.between(500.0, 30_000.0), 0.1, 0.0, INF)
        );
        let _ = writeln!(
            w,
            "military = {}",
            param(g.between(20.0, 1_000.0), 0.15, 0.0, INF)
        );
        let _ = writeln!(
            w,
            "soft_power = {}",
            param(g.between(10.0, 90.0), 0.2, 0.0, INF)
        );
        if p % 2 == 0 {
            let _ = writeln!(w, "[power.growth]");
            let _ = writeln!(w, "gdp = {}", param(g.between(0.0, 0.03), 0.3, -INF, INF));
        }
        let _ = writeln!(w, "[power.focus]");
        for d in DOMAINS {
            let _ = writeln!(w, "{d} = {}", param(g.between(0.2, 1.2), 0.2, 0.0, INF));
        }
        let _ = writeln!(w);
    }

    let mut shares = vec![0.0; powers];
    for s in 0..states {
        let _ = writeln!(w, "[[state]]\nid = \"s{s}\"\nlabel = \"State {s}\"");
        let _ = writeln!(w, "weight = {}", param(g.between(0.05, 0.4), 0.2, 0.0, INF));
        let _ = writeln!(
            w,
            "stability = {}",
            param(g.between(0.4, 0.85), 0.15, 0.0, 1.0)
        );
        let _ = writeln!(w, "hedging = {}", param(g.between(0.5, 2.0), 0.3, 0.0, INF));
        let _ = writeln!(
            w,
            "exposure.tension = {}",
            param(g.between(0.0, 0.5), 0.5, 0.0, 1.0)
        );
        for p in 0..powers {
            let _ = writeln!(
                w,
                "opinion.p{p} = {}",
                param(g.between(0.2, 0.8), 0.2, 0.0, 1.0)
            );
        }
        if g.unit() < 0.5 {
            let _ = writeln!(w, "member.bloc_a = {}", fixed(1.0));
        }
        if g.unit() < 0.6 {
            let _ = writeln!(
                w,
                "member.bloc_b = {}",
                param(g.between(0.3, 1.0), 0.2, 0.0, 1.0)
            );
        }
        for d in DOMAINS {
            let _ = writeln!(w, "[state.influence.{d}]");
            let total = g.between(0.3, 0.8);
            let mut sum = 0.0;
            for x in shares.iter_mut() {
                *x = g.between(0.05, 1.0);
                sum += *x;
            }
            for (p, x) in shares.iter().enumerate() {
                let v = total * x / sum;
                let _ = writeln!(w, "p{p} = {}", param(v, 0.15, 0.0, 1.0));
            }
        }
        let _ = writeln!(w);
    }

    let last = powers - 1;
    let couplings = [
        ("oil_price", "p0.gdp".to_string(), 0.15, "level"),
        ("world_growth", format!("p{second}.gdp"), 0.01, "growth"),
        ("tension", format!("p{last}.commitments"), 0.3, "level"),
        ("tension", "p0.priority".to_string(), -0.2, "level"),
    ];
    for (driver, target, elasticity, mode) in couplings {
        let _ = writeln!(
            w,
            "[[coupling]]\ndriver = \"{driver}\"\ntarget = \"{target}\""
        );
        let _ = writeln!(w, "elasticity = {}", param(elasticity, 0.4, -INF, INF));
        let _ = writeln!(w, "mode = \"{mode}\"\n");
    }
    agents(w, &mut g, powers, states);
    t
}

/// The agent sections (docs/MODEL.md §7a-§10b): every mechanism switched on, so that benchmarks
/// and the allocation test exercise all of them.
fn agents(w: &mut String, g: &mut Lcg, powers: usize, states: usize) {
    let _ = writeln!(w, "[agents]");
    let _ = writeln!(w, "allocation_rate = {}", param(0.5, 0.3, 0.0, 1.0));
    let _ = writeln!(w, "opinion_half_life = {}", param(1.5, 0.3, 0.01, 1000.0));
    let _ = writeln!(
        w,
        "crisis_domain = \"security\"\nbenefit_domain = \"economy\""
    );
    let _ = writeln!(w, "crisis_opinion = {}", param(3.0, 0.5, -10.0, 10.0));
    let _ = writeln!(w, "benefit_opinion.p0 = {}", param(0.1, 0.5, -10.0, 10.0));
    let _ = writeln!(w, "legitimacy = {}", param(1.0, 0.3, 0.0, INF));
    let _ = writeln!(w, "exit_opinion = {}", param(6.0, 0.3, -10.0, 10.0));
    let _ = writeln!(w, "exit_threat = {}", param(1.5, 0.5, -10.0, 10.0));
    let _ = writeln!(
        w,
        "capacity_half_life = {}\n",
        param(1.5, 0.3, 0.01, 1000.0)
    );
    if powers >= 2 {
        let _ = writeln!(
            w,
            "[[relation]]\npowers = [\"p0\", \"p1\"]\ncore = [\"security\", \"economy\"]"
        );
        let _ = writeln!(w, "restraint = {}\n", param(0.6, 0.3, 0.0, 1.0));
    }
    for s in 0..states {
        let _ = writeln!(w, "[[agency]]\nstate = \"s{s}\"");
        let _ = writeln!(
            w,
            "courting = {}",
            param(g.between(0.0, 1.5), 0.3, 0.0, INF)
        );
        let _ = writeln!(w, "leaning = {}", param(g.between(0.0, 1.5), 0.3, 0.0, INF));
        let _ = writeln!(
            w,
            "self_reliance = {}",
            param(g.between(0.1, 0.6), 0.3, 0.0, INF)
        );
        let _ = writeln!(
            w,
            "capacity_growth = {}",
            param(g.between(0.0, 0.06), 0.3, -1.0, 1.0)
        );
        if s % 2 == 0 {
            let _ = writeln!(w, "revenue.oil_price = {}", param(0.1, 0.5, -10.0, 10.0));
        }
        let _ = writeln!(w);
    }
    let _ = writeln!(
        w,
        "[[opinion_channel]]\ndriver = \"tension\"\npower = \"p0\""
    );
    for s in 0..states {
        let _ = writeln!(
            w,
            "effect.s{s} = {}",
            param(g.between(-0.2, 0.0), 0.5, -10.0, 10.0)
        );
    }
    let _ = writeln!(
        w,
        "\n[[channel]]\ndriver = \"oil_price\"\npower = \"p0\"\ndomain = \"economy\""
    );
    let _ = writeln!(w, "elasticity = {}\n", param(0.1, 0.5, -10.0, 10.0));
    let _ = writeln!(w, "[[exit]]\norganization = \"bloc_a\"");
    let _ = writeln!(w, "hazard = {}\n", param(0.01, 0.5, 0.0, INF));
}

/// The date `quarters` quarters after 2025-01-01, as TOML.
fn quarter(quarters: usize) -> String {
    format!(
        "{:04}-{:02}-01",
        2025 + quarters / 4,
        1 + 3 * (quarters % 4)
    )
}

/// The scenario file of a run of `spec.steps` quarters from 2025-01-01.
pub fn scenario_text(spec: &Spec) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "title = \"Synthetic\"");
    let _ = writeln!(t, "[run]");
    let _ = writeln!(t, "start = {}", quarter(0));
    let _ = writeln!(t, "end = {}", quarter(spec.steps));
    let _ = writeln!(t, "step = \"quarter\"");
    let _ = writeln!(t, "seed = {}", spec.seed);
    let _ = writeln!(t, "noise = {}", spec.noise);
    if spec.events {
        assert!(spec.steps >= 8, "events need a run of at least 8 steps");
        let _ = writeln!(
            t,
            "\n[[event]]\ndate = {}\ntarget = \"oil_price\"\nshock = 30.0\nhalf_life = 1.0",
            quarter(1)
        );
        let _ = writeln!(
            t,
            "\n[[event]]\ndate = {}\ntarget = \"p0.commitments\"\nramp = 0.3\nuntil = {}",
            quarter(2),
            quarter(6)
        );
        let _ = writeln!(
            t,
            "\n[[event]]\ndate = {}\ntarget = \"tension\"\nset = 0.8",
            quarter(3)
        );
    }
    t
}

/// Parses and resolves a synthetic world and its scenario; panics with the diagnostics if the
/// generated text does not validate.
pub fn build(spec: &Spec) -> (World, Scenario) {
    let text = world_text(spec.powers, spec.states, spec.seed);
    let file: WorldFile = toml::from_str(&text).expect("the synthetic world parses");
    let world = World::resolve(&Source::new("synthetic", text), file, Evidence::default())
        .unwrap_or_else(|e| panic!("the synthetic world validates:\n{e}"));
    let text = scenario_text(spec);
    let file: ScenarioFile = toml::from_str(&text).expect("the synthetic scenario parses");
    let layer = Layer {
        source: Source::new("synthetic-scenario", text),
        file,
    };
    let scenario = Scenario::resolve(&world, "synthetic", &[layer])
        .unwrap_or_else(|e| panic!("the synthetic scenario validates:\n{e}"));
    (world, scenario)
}
