//! The shipped scenarios: every one validates, runs to finite results, and meets its
//! expectations (`steppe check`); a false expectation fails the check.

mod common;

use common::{SCENARIOS, Workspace, entries, load, run, steppe};

#[test]
fn scenario_folder_holds_the_shipped_scenarios() {
    let toml = |dir: &str| -> Vec<String> {
        entries(&common::repo().join(dir))
            .into_iter()
            .filter(|f| f.ends_with(".toml"))
            .map(|f| format!("{dir}/{f}"))
            .collect()
    };
    let mut files = toml("scenarios");
    files.extend(toml("scenarios/past"));
    files.sort();
    let mut expected: Vec<String> = SCENARIOS.iter().map(|s| common::scenario_file(s)).collect();
    expected.sort();
    assert_eq!(files, expected);
}

#[test]
fn world_and_every_scenario_validate() {
    let mut args = vec!["validate".to_string(), "seeds/world.toml".to_string()];
    args.extend(SCENARIOS.iter().map(|s| common::scenario_file(s)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = steppe(&args);
    r.expect_code(0);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let ok = r.stdout.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(ok, 1 + SCENARIOS.len(), "{}", r.stdout);
    assert!(r.stdout.contains("world `Central Asia`"), "{}", r.stdout);
}

#[test]
fn every_scenario_runs_to_finite_results() {
    let base = run(&load("baseline"));
    for name in SCENARIOS {
        let l = load(name);
        assert_eq!(l.scenario.name, name);
        assert!(!l.scenario.title.is_empty(), "{name} has a title");
        assert_eq!(l.world.powers.len(), 3);
        assert_eq!(l.world.states.len(), 5);
        assert_eq!(l.world.domains.len(), 3);
        let t = run(&l);
        assert_eq!(t.points, l.scenario.calendar.points());
        for (what, series) in [
            ("influence", &t.influence),
            ("drivers", &t.drivers),
            ("resources", &t.resources),
            ("attention", &t.attention),
            ("threat", &t.threat),
        ] {
            assert!(!series.is_empty(), "{name}: no {what}");
            assert!(
                series.iter().all(|v| v.is_finite()),
                "{name}: a {what} value is not finite"
            );
        }
        // Every scenario but the baseline changes something.
        if name != "baseline" {
            assert_ne!(t.influence, base.influence, "{name} is the baseline");
        }
    }
}

#[test]
fn every_expectation_holds() {
    let r = steppe(&["check"]);
    r.expect_code(0);
    assert!(r.stdout.contains(" 0 failed"), "{}", r.stdout);
    assert!(!r.stdout.contains("FAIL"), "{}", r.stdout);
    // Every scenario has an expectation, or says in its description why it has none (no claim
    // states a direction for it), and the table lists every one.
    let expectations: usize = SCENARIOS
        .iter()
        .map(|s| {
            let l = load(s);
            let n = l.scenario.expectations.len();
            assert!(
                n > 0 || l.scenario.description.contains("no expectation"),
                "{s} has no [[expect]] and its description does not say why"
            );
            n
        })
        .sum();
    let passed = r.stdout.lines().filter(|l| l.ends_with("  pass")).count();
    assert_eq!(passed, expectations, "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!(
            "{expectations} expectations, {expectations} passed"
        )),
        "{}",
        r.stdout
    );
}

/// A scenario with the ukraine-freeze events and one expectation on russia.region.security
/// against the baseline.
fn freeze_variant(direction: &str) -> String {
    format!(
        "title = \"Freeze, {direction} baseline\"\nextends = \"ukraine-freeze.toml\"\n\n\
         [[expect]]\nclaim = \"C48\"\nmetric = \"russia.region.security\"\n{direction} = \"baseline\"\n"
    )
}

#[test]
fn a_false_expectation_fails_the_check() {
    let ws = Workspace::new();
    ws.write("scenarios/freeze-below.toml", &freeze_variant("below"));
    ws.write("scenarios/freeze-above.toml", &freeze_variant("above"));

    let r = ws.steppe(&["check", "scenarios/freeze-below.toml"]);
    r.expect_code(1);
    let row = r
        .stdout
        .lines()
        .find(|l| l.contains("russia.region.security"))
        .unwrap_or_else(|| panic!("no row for the metric:\n{}", r.stdout));
    assert!(row.contains("freeze-below"), "{row}");
    assert!(row.contains("< baseline"), "{row}");
    assert!(row.trim_end().ends_with("FAIL"), "{row}");
    assert!(
        r.stdout.contains("1 expectations, 0 passed, 1 failed"),
        "{}",
        r.stdout
    );

    // The same expectation the right way round passes.
    let r = ws.steppe(&["check", "scenarios/freeze-above.toml"]);
    r.expect_code(0);
    assert!(
        r.stdout.contains("1 expectations, 1 passed, 0 failed"),
        "{}",
        r.stdout
    );

    // Checking the whole folder fails too, since it now holds the false expectation.
    let r = ws.steppe(&["check"]);
    r.expect_code(1);
    assert_eq!(
        r.stdout.lines().filter(|l| l.ends_with("FAIL")).count(),
        1,
        "{}",
        r.stdout
    );
}

#[test]
fn check_with_a_missing_comparison_scenario_is_bad_input() {
    let ws = Workspace::new();
    let text = ws.write(
        "scenarios/vs-nothing.toml",
        "extends = \"baseline.toml\"\n\n[[expect]]\nclaim = \"C48\"\nmetric = \"russia.region.security\"\nabove = \"no-such-scenario\"\n",
    );
    let r = ws.steppe(&["check", "scenarios/vs-nothing.toml"]);
    r.expect_code(2);
    let (line, col) = common::position(&text, "\"no-such-scenario\"");
    assert!(
        r.stderr
            .contains(&format!("scenarios/vs-nothing.toml:{line}:{col}\n")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("no-such-scenario"), "{}", r.stderr);
}

/// The baseline's drivers behave as its description says (trend and status quo): with the
/// default seed, random deviations stay noise around the scheduled path and revert to it, rather
/// than driving a driver to its floor or ceiling (oil once fell to the 20 USD floor by 2030).
#[test]
fn baseline_drivers_revert_to_their_path() {
    let l = common::load("baseline");
    let t = common::run(&l);
    let nk = l.world.drivers.len();
    for (k, d) in l.world.drivers.iter().enumerate() {
        let series: Vec<f64> = (0..t.points).map(|p| t.drivers[p * nk + k]).collect();
        let start = series[0];
        for (p, v) in series.iter().enumerate() {
            assert!(
                *v > d.min && *v < d.max || (start == d.min || start == d.max),
                "{} hits its limit at point {p}: {v}",
                d.id
            );
            assert!(
                (v - start).abs() <= 2.5 * d.scale,
                "{} strays {:.2} from its start at point {p} (scale {})",
                d.id,
                v - start,
                d.scale
            );
        }
    }
}
