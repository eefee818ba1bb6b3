//! The agents' decisions (docs/MODEL.md §7a, §9a, §9b, §10a, §10b) at library level: the start is
//! a rest point of the powers' allocation, perturbations decay without oscillating and unstable
//! settings are refused, a freed Russia moves China's allocation, states balance against a rising
//! leader, opinion follows a war and moves receptivity, the bargain and rivalry scenarios differ
//! as their claims say, and the hazard of leaving an organisation rises as opinion falls (with no
//! random exit when noise is off).

mod common;

use common::{Workspace, metric_end};
use steppe::engine::{Engine, member_streams};
use steppe::io::load::{Loaded, load_scenario};
use steppe::model::lanes::values;
use steppe::model::{Plan, Variables, equations};

/// A scenario file written next to the shipped ones in a scratch workspace, then loaded.
fn scenario(ws: &Workspace, name: &str, text: &str) -> Loaded {
    let rel = format!("scenarios/{name}.toml");
    ws.write(&rel, text);
    load_scenario(&ws.file(&rel)).unwrap_or_else(|e| panic!("{name} loads:\n{e}"))
}

/// The baseline with every source of change switched off: no noise, no trend growth of the
/// powers' resources, no coupling of China's growth, no growth of the states' capacity. Drivers
/// stay at their start values. Built from the world's own parameter paths, so a growth rate added
/// to the world later is switched off too.
fn still(ws: &Workspace) -> Loaded {
    let base = scenario(ws, "base-for-still", "extends = \"baseline.toml\"\n");
    let mut text = String::from("extends = \"baseline.toml\"\n[run]\nnoise = false\n[override]\n");
    for p in base.world.params.iter() {
        let grows = p.path.contains(".growth.")
            || p.path.ends_with(".capacity_growth")
            || p.path == "coupling.china_growth.china.gdp";
        if grows && p.min <= 0.0 && p.max >= 0.0 {
            text.push_str(&format!("\"{}\" = 0.0\n", p.path));
        }
    }
    scenario(ws, "still", &text)
}

/// A compiled scenario and its variables, initialised with central values.
struct Sim {
    engine: Engine,
    st: Variables,
}

impl Sim {
    fn new(l: &Loaded) -> Sim {
        let engine = Engine::new(&l.world, &l.scenario);
        let mut st = engine.new_variables();
        let (w, s) = engine.central_values();
        equations::initialise(&engine.plan, &mut st, w, s);
        Sim { engine, st }
    }

    fn plan(&self) -> &Plan {
        &self.engine.plan
    }

    /// `n` noise-free steps.
    fn steps(&mut self, n: usize) {
        for _ in 0..n {
            equations::step(&self.engine.plan, &mut self.st, None);
        }
    }

    /// The sum over states of power `p`'s allocation to domain `d`.
    fn allocation_to(&self, p: usize, d: usize) -> f64 {
        (0..self.plan().states)
            .map(|s| self.st.allocation[self.plan().cell(p, s, d)].value())
            .sum()
    }
}

/// Largest absolute difference between two slices.
fn gap(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

fn index(l: &Loaded, power: &str, state: &str, domain: &str) -> (usize, usize, usize) {
    (
        l.world.power(power).expect("power"),
        l.world.state(state).expect("state"),
        l.world.domain(domain).expect("domain"),
    )
}

#[test]
fn the_start_is_a_rest_point_for_4000_steps() {
    let ws = Workspace::new();
    let l = still(&ws);
    let mut sim = Sim::new(&l);
    let (influence, allocation, opinion) = (
        values(&sim.st.influence),
        values(&sim.st.allocation),
        values(&sim.st.opinion),
    );
    sim.steps(4000);
    assert!(
        gap(&values(&sim.st.influence), &influence) <= 1e-12,
        "influence drifted by {:e}",
        gap(&values(&sim.st.influence), &influence)
    );
    assert!(
        gap(&values(&sim.st.allocation), &allocation) <= 1e-12,
        "allocation drifted by {:e}",
        gap(&values(&sim.st.allocation), &allocation)
    );
    assert!(
        gap(&values(&sim.st.opinion), &opinion) <= 1e-12,
        "opinion drifted"
    );
    assert!(sim.st.capacity_factor.iter().all(|f| f.value() == 1.0));
    // The allocation is a proper split of each power's attention, and not the trivial one.
    for p in 0..sim.plan().powers {
        let total: f64 = (0..sim.plan().states * sim.plan().domains)
            .map(|i| sim.st.allocation[i * sim.plan().powers + p].value())
            .sum();
        assert!((total - 1.0).abs() < 1e-12, "power {p} allocates {total}");
    }
}

/// Moves `eps` of power `p`'s allocation in state `s` from domain `from` to domain `to`, runs
/// `n` noise-free steps, and returns the deviation of the depleted cell from its rest value at
/// every step, and the largest deviation of any allocation or influence at the end.
fn perturb(
    l: &Loaded,
    (p, s, from, to): (usize, usize, usize, usize),
    eps: f64,
) -> (Vec<f64>, f64) {
    let mut sim = Sim::new(l);
    let rest_a = values(&sim.st.allocation);
    let rest_i = values(&sim.st.influence);
    let (a, b) = (sim.plan().cell(p, s, from), sim.plan().cell(p, s, to));
    sim.st.allocation[a] -= eps;
    sim.st.allocation[b] += eps;
    let mut path = Vec::new();
    for _ in 0..2000 {
        sim.steps(1);
        path.push(sim.st.allocation[a].value() - rest_a[a]);
    }
    let end =
        gap(&values(&sim.st.allocation), &rest_a).max(gap(&values(&sim.st.influence), &rest_i));
    (path, end)
}

#[test]
fn a_perturbation_decays_without_oscillating() {
    let ws = Workspace::new();
    let l = still(&ws);
    let cases = [
        (("russia", "kazakhstan", "security", "economy"), 0.02),
        (("china", "kazakhstan", "economy", "security"), 0.02),
        (("russia", "tajikistan", "security", "politics"), 0.03),
        (("us", "turkmenistan", "politics", "security"), 0.005),
        (("china", "tajikistan", "security", "economy"), 0.02),
    ];
    for ((power, state, from, to), eps) in cases {
        let (p, s, d) = index(&l, power, state, from);
        let to = l.world.domain(to).unwrap();
        let (path, end) = perturb(&l, (p, s, d, to), eps);
        let what = format!("{power} {state} {from}");
        // Monotone approach: the depleted cell refills without crossing its rest value by more
        // than 1 % of the perturbation, and its distance to rest never grows while it is larger
        // than that.
        let mut last = eps;
        for (t, &x) in path.iter().enumerate() {
            assert!(x < 0.01 * eps, "{what}: overshoots at step {t}: {x:e}");
            if x.abs() > 0.01 * eps {
                assert!(
                    x.abs() <= last + 1e-12,
                    "{what}: moves away from rest at step {t}"
                );
            }
            last = x.abs();
        }
        assert!(path[0] < 0.0, "{what}: the perturbation is there");
        assert!(
            end < 1e-3 * eps,
            "{what}: still {end:e} away after 2000 steps"
        );
    }
}

#[test]
fn unstable_allocation_settings_are_refused() {
    let ws = Workspace::new();
    let text = "extends = \"baseline.toml\"\n[override]\n\"agents.allocation_rate\" = 0.99\n";
    ws.write("scenarios/fast.toml", text);
    let err = load_scenario(&ws.file("scenarios/fast.toml")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("`agents.allocation_rate`"), "{msg}");
    let text = "extends = \"baseline.toml\"\n[[event]]\ndate = 2027-01-01\ntarget = \"security.contest_exponent\"\nset = 2.0\n";
    ws.write("scenarios/decisive.toml", text);
    let err = load_scenario(&ws.file("scenarios/decisive.toml")).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("`security.contest_exponent`"), "{msg}");
    // The same exponent is allowed when powers do not reallocate.
    let text = "extends = \"baseline.toml\"\n[override]\n\"agents.allocation_rate\" = 0.0\n\"security.contest_exponent\" = 2.0\n";
    scenario(&ws, "fixed", text);
}

/// The war frozen at once (from the second quarter), with the restraint of the Russia-China
/// relation set to `restraint` (or the world's value), noise off.
fn war(ws: &Workspace, name: &str, war: f64, restraint: Option<f64>) -> Loaded {
    let mut text = "extends = \"baseline.toml\"\n[run]\nnoise = false\n".to_string();
    if let Some(r) = restraint {
        text += &format!("[override]\n\"relation.russia.china.restraint\" = {r}\n");
    }
    text += &format!("[[event]]\ndate = 2025-04-01\ntarget = \"ukraine_war\"\nset = {war}\n");
    scenario(ws, name, &text)
}

#[test]
fn a_freed_russia_moves_chinas_allocation() {
    let ws = Workspace::new();
    let (china, security, economy) = (1, 0, 1);
    // Change in China's allocation to a domain, freeze minus war, after ten years.
    let shift = |restraint: Option<f64>, d: usize| {
        let tag = restraint.map_or("world".to_string(), |r| r.to_string());
        let mut at_war = Sim::new(&war(&ws, &format!("war-{tag}"), 1.0, restraint));
        let mut frozen = Sim::new(&war(&ws, &format!("frozen-{tag}"), 0.0, restraint));
        at_war.steps(40);
        frozen.steps(40);
        frozen.allocation_to(china, d) - at_war.allocation_to(china, d)
    };
    // China leaves more of the security role to a Russia that returns (C27, C82) and turns to
    // the economy (C19).
    let (sec, eco) = (shift(None, security), shift(None, economy));
    assert!(sec < -0.01, "China's security allocation moves by {sec}");
    assert!(eco > 0.01, "China's economic allocation moves by {eco}");
    // Under rivalry China gives up less security ground than under the bargain (C50, C88).
    let (rivalry, bargain) = (shift(Some(0.15), security), shift(Some(0.9), security));
    assert!(
        rivalry > bargain,
        "China's security allocation falls by {rivalry} under rivalry and {bargain} under the bargain"
    );
    // And the other way round: a slower China makes Russia reallocate toward the economy.
    let mut slow = Sim::new(&common::load_quiet("china-slowdown"));
    let mut base = Sim::new(&common::load_quiet("baseline"));
    slow.steps(40);
    base.steps(40);
    assert!(slow.allocation_to(0, economy) > base.allocation_to(0, economy));
}

#[test]
fn a_state_balances_against_a_rising_leader() {
    let ws = Workspace::new();
    let base = war(&ws, "war", 1.0, None);
    let freeze = war(&ws, "frozen", 0.0, None);
    let (russia, kz, security) = index(&base, "russia", "kazakhstan", "security");
    let (china, tj) = (1, base.world.state("tajikistan").unwrap());
    let mut b = Sim::new(&base);
    let mut f = Sim::new(&freeze);
    b.steps(1);
    f.steps(1);
    let cell = f.plan().cell(russia, kz, security);
    let (mut lead, mut open) = (lead_of(&f, kz, security), f.st.openness[cell].value());
    let mut growing = 0;
    for t in 2..=40 {
        b.steps(1);
        f.steps(1);
        // While Russia's lead in Kazakhstan's security grows after the freeze, the state's
        // openness to it falls step by step. (The lead need not grow at every step: China's
        // military resource grows too.)
        let (l, o) = (lead_of(&f, kz, security), f.st.openness[cell].value());
        if l > lead + 1e-12 {
            growing += 1;
            assert!(
                o <= open + 1e-12,
                "step {t}: openness to the leader rose as its lead grew"
            );
        }
        (lead, open) = (l, o);
    }
    assert!(
        growing >= 10,
        "the freeze must let Russia's lead grow: {growing} steps"
    );
    assert!(f.st.openness[cell].value() < b.st.openness[cell].value());
    // The challenger is courted: Kazakhstan opens to China as Russia's lead grows.
    let c = f.plan().cell(china, kz, security);
    assert!(f.st.openness[c].value() > b.st.openness[c].value());
    // Multi-vector Kazakhstan balances harder than dependent Tajikistan.
    let relative = |s: usize| {
        let cell = f.plan().cell(russia, s, security);
        f.st.openness[cell].value() / b.st.openness[cell].value()
    };
    assert!(
        relative(kz) < relative(tj),
        "{} vs {}",
        relative(kz),
        relative(tj)
    );
}

/// The leader's lead over the runner-up in a (state, domain) group.
fn lead_of(sim: &Sim, s: usize, d: usize) -> f64 {
    let base = sim.plan().cell(0, s, d);
    let mut v: Vec<f64> = values(&sim.st.influence[base..base + sim.plan().powers]);
    v.sort_by(|a, b| b.total_cmp(a));
    v[0] - v[1]
}

#[test]
fn opinion_follows_a_war_and_moves_receptivity() {
    let ws = Workspace::new();
    let base = war(&ws, "war", 1.0, None);
    let worse = war(&ws, "escalation", 1.5, None);
    let (russia, kz, politics) = index(&base, "russia", "kazakhstan", "politics");
    let np = base.world.powers.len();
    let mut b = Sim::new(&base);
    let mut w = Sim::new(&worse);
    let start = w.st.opinion[kz * np + russia].value();
    let mut last = 0.0;
    for t in 1..=40 {
        b.steps(1);
        w.steps(1);
        // Against the same run without escalation (where opinion drifts only with Russia's
        // economy), opinion of Russia falls step by step.
        let now = w.st.opinion[kz * np + russia].value() - b.st.opinion[kz * np + russia].value();
        assert!(
            now < last,
            "step {t}: opinion of Russia did not fall ({now} after {last})"
        );
        last = now;
    }
    // Half a unit more war costs 0.06 at the central effect; memory closes most of the gap in
    // ten years.
    assert!((last + 0.06).abs() < 0.01, "opinion moved by {last}");
    assert!((b.st.opinion[kz * np + russia].value() - start).abs() < 0.01);
    let cell = w.plan().cell(russia, kz, politics);
    assert!(w.st.receptivity[cell].value() < b.st.receptivity[cell].value());
    // A freeze mends part of the damage.
    let mut f = Sim::new(&war(&ws, "frozen", 0.0, None));
    f.steps(40);
    assert!(f.st.opinion[kz * np + russia].value() > start + 0.05);
}

#[test]
fn bargain_and_rivalry_differ_as_their_claims_say() {
    let holds = common::load_quiet("bargain-holds");
    let breaks = common::load_quiet("bargain-breaks");
    let freeze = common::load_quiet("ukraine-freeze");
    let (th, tb, tf) = (
        common::run(&holds),
        common::run(&breaks),
        common::run(&freeze),
    );
    let m = |l: &Loaded, t, metric: &str| metric_end(l, t, metric);
    // C27, C82: under the bargain China leaves security to Russia; C19: and keeps the economy.
    assert!(m(&holds, &th, "china.region.security") < m(&freeze, &tf, "china.region.security"));
    assert!(m(&holds, &th, "china.region.economy") > m(&freeze, &tf, "china.region.economy"));
    assert!(m(&holds, &th, "russia.region.security") > m(&breaks, &tb, "russia.region.security"));
    // C41, C88: under rivalry China builds its own security role; C35: Russia loses some of the
    // security ties its elites fear losing.
    assert!(m(&breaks, &tb, "china.region.security") > m(&holds, &th, "china.region.security"));
    // C50, C51: the rivalry may spread beyond security; they name neither the domain nor the
    // winner, so only that the economy differs by more than a point is asserted.
    let economy = |l: &Loaded, t| m(l, t, "russia.region.economy");
    assert!((economy(&breaks, &tb) - economy(&holds, &th)).abs() > 0.01);
}

#[test]
fn the_exit_hazard_rises_as_opinion_falls() {
    let ws = Workspace::new();
    let text = "extends = \"baseline.toml\"\n[run]\nnoise = false\n[[event]]\ndate = 2025-04-01\ntarget = \"kazakhstan.opinion.russia\"\nramp = 0.2\nuntil = 2026-04-01\n";
    let l = scenario(&ws, "sour", text);
    let (kz, csto) = (l.world.state("kazakhstan").unwrap(), 0);
    let so = kz * l.world.organizations.len() + csto;
    let mut sim = Sim::new(&l);
    sim.steps(1);
    let (mut hazard, mut survival) = (sim.st.hazard[so].value(), sim.st.survival[so].value());
    assert!(hazard > 0.0);
    for t in 2..=20 {
        sim.steps(1);
        assert!(
            sim.st.hazard[so].value() > hazard,
            "step {t}: the hazard did not rise"
        );
        assert!(sim.st.survival[so].value() < survival);
        (hazard, survival) = (sim.st.hazard[so].value(), sim.st.survival[so].value());
    }
    // With noise off nobody leaves, however likely an exit has become.
    assert!(sim.st.exited.iter().all(|x| !x.value()));
}

#[test]
fn random_exits_happen_only_with_noise() {
    let ws = Workspace::new();
    let text = "extends = \"baseline.toml\"\n[override]\n\"csto.exit_hazard\" = 40.0\n\"eaeu.exit_hazard\" = 40.0\n";
    let l = scenario(&ws, "restless", text);
    let (russia, kz, security) = index(&l, "russia", "kazakhstan", "security");
    let mut quiet = Sim::new(&l);
    quiet.steps(40);
    assert!(
        quiet.st.exited.iter().all(|x| !x.value()),
        "an exit without noise"
    );
    let mut noisy = Sim::new(&l);
    let (_, mut rng) = member_streams(l.scenario.seed, 0);
    let before = noisy.st.receptivity[noisy.plan().cell(russia, kz, security)].value();
    for _ in 0..8 {
        equations::step(&noisy.engine.plan, &mut noisy.st, Some(&mut rng));
    }
    let so = kz * l.world.organizations.len();
    assert!(
        noisy.st.exited[so].value(),
        "Kazakhstan stayed in the CSTO at a hazard of 40 a year"
    );
    // Leaving removes the CSTO's pull on Kazakhstan's security.
    let after = noisy.st.receptivity[noisy.plan().cell(russia, kz, security)].value();
    assert!(after < 0.8 * before, "{before} -> {after}");
}

#[test]
fn a_scripted_exit_still_works() {
    let exit = common::load_quiet("csto-exit");
    let base = common::load_quiet("baseline");
    let (russia, kz, security) = index(&exit, "russia", "kazakhstan", "security");
    let mut e = Sim::new(&exit);
    let mut b = Sim::new(&base);
    e.steps(40);
    b.steps(40);
    let member = exit.world.states[kz].member[0].expect("Kazakhstan is in the CSTO");
    assert_eq!(e.st.eff[member.ix()].value(), 0.0);
    let cell = e.plan().cell(russia, kz, security);
    assert!(e.st.receptivity[cell].value() < b.st.receptivity[cell].value());
    assert!(e.st.influence[cell].value() < b.st.influence[cell].value());
    assert!(e.st.exited.iter().all(|x| !x.value()));
}
