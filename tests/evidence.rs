//! Evidence grades and honest ranges (issue 9): every world parameter says how much we know about
//! it; a range never claims a direction its sources do not give; every scenario expectation cites
//! a claim that states the direction it tests; the command line shows the grades; a world file
//! without a grade is rejected where the grade is missing; a fact cites a fact, a claim cites a
//! source and a judgement says why.

mod common;

use common::{SCENARIOS, Workspace, entries, load, position, replace_once, repo, steppe};
use steppe::io::load::load_world;
use steppe::params::{Grade, Param};

/// The shipped world.
fn world() -> steppe::world::World {
    load_world(&repo().join("seeds/world.toml"))
        .unwrap_or_else(|e| panic!("the world loads:\n{e}"))
        .0
}

/// The value at which a parameter has no effect, for the parameters that scale or add an effect
/// (elasticities, couplings, bonuses, exposures, stake protection, growth, basis weights, opinion
/// weights, hedging, the weight of instability in threat, the states' agency, the channels and
/// responses of opinion, the exit hazard's sensitivities); `None` for levels, shares and rates.
fn no_effect(p: &Param) -> Option<f64> {
    let path = p.path.as_str();
    let last = path.rsplit('.').next().unwrap_or_default();
    let effect = ["coupling.", "opinion_channel.", "agents.benefit_opinion."]
        .iter()
        .any(|s| path.starts_with(s))
        || [".bonus.", ".exposure.", ".growth.", ".basis.", ".revenue."]
            .iter()
            .any(|s| path.contains(s))
        || [
            "threat_sensitivity",
            "stake_protection",
            "opinion_weight",
            "hedging",
            "instability_threat",
            "courting",
            "leaning",
            "self_reliance",
            "crisis_opinion",
            "legitimacy",
            "exit_opinion",
            "exit_threat",
        ]
        .contains(&last);
    effect.then_some(0.0)
}

#[test]
fn every_world_parameter_has_a_grade() {
    let w = world();
    let missing: Vec<&str> = w
        .params
        .iter()
        .filter(|p| p.grade.is_none())
        .map(|p| p.path.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "parameters without a grade: {missing:?}"
    );
    // All three grades are in use, and the headline parameters carry the grade their notes defend.
    for g in [Grade::Fact, Grade::Claim, Grade::Judgement] {
        assert!(w.params.iter().any(|p| p.grade == Some(g)), "no {g:?}");
    }
    for (path, grade) in [
        ("russia.commitments", Grade::Claim),
        ("coupling.ukraine_war.russia.commitments", Grade::Claim),
        ("coupling.us_engagement.us.priority", Grade::Claim),
        ("coupling.us_china_tension.china.priority", Grade::Judgement),
        ("coupling.us_china_tension.us.commitments", Grade::Judgement),
        ("china.growth.military", Grade::Fact),
        ("us.growth.military", Grade::Fact),
        ("security.basis.military", Grade::Claim),
        ("security.basis.gdp", Grade::Claim),
    ] {
        let id = w
            .params
            .find(path)
            .unwrap_or_else(|| panic!("`{path}` exists"));
        assert_eq!(w.params.get(id).grade, Some(grade), "grade of {path}");
    }
}

#[test]
fn judgement_ranges_include_no_effect_and_claim_ranges_keep_one_side() {
    let w = world();
    let mut judged = 0;
    let mut wrong = Vec::new();
    for p in w.params.iter() {
        let Some(zero) = no_effect(p) else { continue };
        match p.grade {
            Some(Grade::Judgement) => {
                judged += 1;
                if !(p.low <= zero && zero <= p.high) {
                    wrong.push(format!(
                        "`{}` is graded judgement (no source for its direction), so its range \
                         [{}, {}] must include no effect ({zero})",
                        p.path, p.low, p.high
                    ));
                }
            }
            Some(Grade::Claim) if p.low < zero && p.high > zero => wrong.push(format!(
                "`{}` is graded claim, so its range [{}, {}] may reach no effect ({zero}) but \
                 not cross to the other side",
                p.path, p.low, p.high
            )),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(judged >= 5, "only {judged} judgement-graded effects found");
    // Every coupling and threat sensitivity is among the parameters checked.
    for p in w
        .params
        .iter()
        .filter(|p| p.path.starts_with("coupling.") || p.path.ends_with(".threat_sensitivity"))
    {
        assert_eq!(no_effect(p), Some(0.0), "{}", p.path);
    }
}

#[test]
fn basis_weights_are_parameters_with_a_range() {
    let w = world();
    for path in [
        "security.basis.military",
        "security.basis.gdp",
        "politics.basis.soft_power",
        "politics.basis.gdp",
        "politics.basis.military",
    ] {
        let id = w
            .params
            .find(path)
            .unwrap_or_else(|| panic!("`{path}` exists"));
        assert!(w.params.get(id).is_uncertain(), "`{path}` has no range");
    }
}

/// Words that name a power in a claim's `direction`.
fn power_words(power: &str) -> &'static [&'static str] {
    match power {
        "russia" => &["russia", "moscow", "kremlin"],
        "china" => &["china", "chinese", "beijing"],
        "us" => &["us", "u.s.", "american", "washington", "united states"],
        _ => &[],
    }
}

/// Words that name a domain in a claim's `direction` (`overall` needs none).
fn domain_words(domain: &str) -> &'static [&'static str] {
    match domain {
        "security" => &["security", "military", "protector", "guarantor", "bases"],
        "economy" => &["econom", "trade", "investment"],
        "politics" => &["politic", "diplomac", "soft power", "alignment"],
        _ => &[],
    }
}

/// Whether `text` mentions any of `words`: `us` only as the upper-case word `US` (or `U.S.`), so
/// it is not found inside `Russia` or in the pronoun; phrases anywhere; other words as the start of
/// a word, ignoring case (`econom` finds `economic`).
fn mentions(text: &str, words: &[&str]) -> bool {
    let tokens: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|t| t.trim_end_matches('.'))
        .collect();
    let lower = text.to_lowercase();
    words.iter().any(|w| match *w {
        "us" | "u.s." => tokens.iter().any(|t| *t == "US" || *t == "U.S"),
        _ if w.contains(' ') => lower.contains(w),
        _ => tokens.iter().any(|t| t.to_lowercase().starts_with(w)),
    })
}

#[test]
fn every_expectation_cites_a_claim_that_states_its_direction() {
    let scenario_files = steppe::io::load::scenario_files(&repo().join("scenarios"))
        .expect("the scenario folder lists");
    assert_eq!(scenario_files.len(), SCENARIOS.len());
    let mut checked = 0;
    for name in SCENARIOS {
        let l = load(name);
        for x in &l.scenario.expectations {
            let claim = l
                .world
                .evidence
                .claim(&x.claim)
                .unwrap_or_else(|| panic!("{name}: claim {} exists", x.claim));
            let d = claim.direction.trim();
            assert!(
                !d.is_empty(),
                "{name}: {} has no `direction`, so nothing shows what it states",
                x.claim
            );
            assert!(
                !d.contains("no direction"),
                "{name}: {} states no direction (`{d}`) but is cited for `{}`",
                x.claim,
                x.metric_text
            );
            let parts: Vec<&str> = x.metric_text.split('.').collect();
            let (power, domain) = (parts[0], parts[parts.len() - 1]);
            assert!(
                mentions(d, power_words(power)),
                "{name}: the direction of {} (`{d}`) does not name `{power}`, the power of `{}`",
                x.claim,
                x.metric_text
            );
            if domain != "overall" {
                assert!(
                    mentions(d, domain_words(domain)),
                    "{name}: the direction of {} (`{d}`) does not name the domain `{domain}` of `{}`",
                    x.claim,
                    x.metric_text
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= SCENARIOS.len(), "only {checked} expectations");
}

#[test]
fn the_word_matching_is_strict_about_us() {
    assert!(!mentions("Russia's security role", power_words("us")));
    assert!(!mentions("let us see", power_words("us")));
    assert!(mentions("worse US-China ties", power_words("us")));
    assert!(mentions("a new US administration", power_words("us")));
    assert!(mentions("Russian stagnation", power_words("russia")));
    assert!(mentions(
        "Chinese security presence",
        domain_words("security")
    ));
    assert!(!mentions("China leads in trade", domain_words("security")));
}

#[test]
fn scenario_overrides_without_a_grade_are_judgement() {
    let l = load("russia-stagnation");
    let id = l
        .scenario
        .params
        .find("russia.growth.gdp")
        .expect("a growth rate");
    let p = l.scenario.params.get(id);
    assert!(p.origin.ends_with("russia-stagnation.toml"), "{}", p.origin);
    assert_eq!(p.grade, Some(Grade::Judgement));
    // The world's own grade is untouched.
    let w = world();
    let id = w.params.find("russia.growth.gdp").unwrap();
    assert_eq!(w.params.get(id).grade, Some(Grade::Fact));
}

#[test]
fn list_params_shows_the_grade_column() {
    let r = steppe(&["list", "--params"]);
    r.expect_code(0);
    let mut lines = r.stdout.lines();
    let header = lines.next().expect("a header");
    assert!(header.contains(" grade "), "{header}");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), world().params.len());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            ["fact", "claim", "judgement"].contains(&cols[4]),
            "no grade in `{row}`"
        );
    }
}

#[test]
fn explain_shows_the_grade() {
    let r = steppe(&["explain", "coupling.ukraine_war.russia.commitments"]);
    r.expect_code(0);
    assert!(r.stdout.contains("grade: claim"), "{}", r.stdout);
    let r = steppe(&["explain", "russia"]);
    r.expect_code(0);
    assert!(
        r.stdout.contains("grade: fact; sources: F18"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_world_parameter_without_a_grade_is_rejected_at_its_line() {
    let ws = Workspace::new();
    let from = "stake_protection = { value = 0.5, low = 0.2, high = 0.8, grade = \"claim\", ";
    let to = "stake_protection = { value = 0.5, low = 0.2, high = 0.8, ";
    let text = replace_once(&ws.read("seeds/world.toml"), from, to);
    ws.write("seeds/ungraded.toml", &text);
    let (line, col) = position(&text, "{ value = 0.5, low = 0.2, high = 0.8, sources");
    let r = ws.steppe(&["validate", "seeds/ungraded.toml"]);
    r.expect_code(2);
    let at = format!("seeds/ungraded.toml:{line}:{col}\n");
    assert!(r.stderr.contains(&at), "expected `{at}` in:\n{}", r.stderr);
    assert!(
        r.stderr
            .contains("`russia.stake_protection` has no evidence grade"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("help: add `grade = \"fact\"`"),
        "{}",
        r.stderr
    );
    // A scenario using it writes nothing and fails the same way.
    ws.write(
        "scenarios/uses-ungraded.toml",
        "title = \"ungraded\"\nworld = \"../seeds/ungraded.toml\"\n",
    );
    let r = ws.steppe(&["run", "scenarios/uses-ungraded.toml", "--out", "out"]);
    r.expect_code(2);
    assert!(r.stderr.contains("has no evidence grade"), "{}", r.stderr);
    assert!(entries(&ws.file("out")).is_empty());
}

#[test]
fn every_grade_rests_on_what_it_says() {
    let w = world();
    let mut wrong = Vec::new();
    for p in w.params.iter() {
        match p.grade {
            // A measured number needs a public fact behind it, not only an article's claim.
            Some(Grade::Fact) if !p.sources.iter().any(|s| s.starts_with('F')) => wrong.push(
                format!("`{}` is graded fact but cites no fact (F...)", p.path),
            ),
            // A direction needs a claim or fact that states it.
            Some(Grade::Claim) if p.sources.is_empty() => {
                wrong.push(format!("`{}` is graded claim but cites no source", p.path))
            }
            // A judgement says why, and so does any uncertain parameter.
            Some(Grade::Judgement) if p.is_uncertain() && p.note.trim().is_empty() => {
                wrong.push(format!("`{}` is graded judgement but has no note", p.path))
            }
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
