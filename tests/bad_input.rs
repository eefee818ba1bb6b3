//! Bad input through the real binary: exit code 2, a message naming the file, line and column and
//! what was expected, no panic, and no results written.

mod common;

use common::{Run, Workspace, entries, position, replace_once};

/// Runs `steppe run FILES --out out` in the workspace, expects exit 2 and that `out` stays empty.
fn run_rejects(ws: &Workspace, files: &[&str]) -> Run {
    let mut args = vec!["run"];
    args.extend_from_slice(files);
    args.extend_from_slice(&["--out", "out"]);
    let r = ws.steppe(&args);
    r.expect_code(2);
    assert!(
        entries(&ws.file("out")).is_empty(),
        "bad input must write nothing, found {:?}",
        entries(&ws.file("out"))
    );
    r
}

/// `steppe validate FILES` in the workspace, expecting exit 2.
fn validate_rejects(ws: &Workspace, files: &[&str]) -> Run {
    let mut args = vec!["validate"];
    args.extend_from_slice(files);
    let r = ws.steppe(&args);
    r.expect_code(2);
    r
}

/// Asserts stderr reports `file:line:col` (the file as shown, e.g. `scenarios/x.toml`, on the
/// line that points to the offending place) with every `words` fragment.
fn assert_reports(r: &Run, file: &str, (line, col): (usize, usize), words: &[&str]) {
    let at = format!("{file}:{line}:{col}\n");
    assert!(
        r.stderr.contains(&at),
        "expected an error at `{at}`, got:\n{}",
        r.stderr
    );
    for w in words {
        assert!(
            r.stderr.contains(w),
            "expected `{w}` in the message, got:\n{}",
            r.stderr
        );
    }
}

/// Writes `scenarios/NAME.toml`, checks both `run` and `validate` reject it at the position of
/// `needle` with `words` in the message.
fn scenario_rejected(name: &str, text: &str, needle: &str, words: &[&str]) {
    let ws = Workspace::new();
    let rel = format!("scenarios/{name}.toml");
    ws.write(&rel, text);
    let at = position(text, needle);
    let r = run_rejects(&ws, &[&rel]);
    assert_reports(&r, &rel, at, words);
    let r = validate_rejects(&ws, &[&rel]);
    assert_reports(&r, &rel, at, words);
}

/// Writes `seeds/NAME.toml` as the shipped world with one edit, checks `validate` rejects it and
/// that `run` of a scenario using it writes nothing, both at the position of `needle`.
fn world_rejected(name: &str, from: &str, to: &str, needle: &str, words: &[&str]) {
    let ws = Workspace::new();
    let world = replace_once(&ws.read("seeds/world.toml"), from, to);
    let rel = format!("seeds/{name}.toml");
    ws.write(&rel, &world);
    let at = position(&world, needle);
    let r = validate_rejects(&ws, &[&rel]);
    assert_reports(&r, &rel, at, words);

    ws.write(
        "scenarios/uses-bad-world.toml",
        &format!("title = \"bad world\"\nworld = \"../seeds/{name}.toml\"\n"),
    );
    let r = run_rejects(&ws, &["scenarios/uses-bad-world.toml"]);
    assert_reports(&r, &format!("scenarios/../{rel}"), at, words);
}

#[test]
fn toml_syntax_error() {
    let text = "title = \"x\"\nextends = \"baseline.toml\"\n\n[run\nseed = 3\n";
    let ws = Workspace::new();
    ws.write("scenarios/syntax.toml", text);
    let (line, _) = position(text, "[run");
    let r = run_rejects(&ws, &["scenarios/syntax.toml"]);
    assert!(
        r.stderr.contains(&format!("scenarios/syntax.toml:{line}:")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("expected `]`"), "{}", r.stderr);
    validate_rejects(&ws, &["scenarios/syntax.toml"]);
}

#[test]
fn wrong_type() {
    scenario_rejected(
        "wrong-type",
        "title = \"x\"\nextends = \"baseline.toml\"\n\n[run]\nseed = \"abc\"\n",
        "\"abc\"",
        &["invalid type", "expected"],
    );
}

#[test]
fn unknown_key_in_a_scenario() {
    scenario_rejected(
        "unknown-key",
        "# a misspelt title\ntitel = \"Ukraine\"\nextends = \"baseline.toml\"\n",
        "titel",
        &[
            "unknown field `titel`",
            "expected one of",
            "did you mean `title`?",
        ],
    );
}

#[test]
fn unknown_key_in_the_world_file() {
    world_rejected(
        "unknown-key",
        "\nname = \"Central Asia\"",
        "\nnmae = \"Central Asia\"",
        "nmae",
        &["unknown field `nmae`", "did you mean `name`?"],
    );
}

#[test]
fn unknown_event_target() {
    scenario_rejected(
        "unknown-target",
        "extends = \"baseline.toml\"\n\n[[event]]\ndate = 2026-01-01\ntarget = \"oil_prise\"\nramp = 100.0\nuntil = 2027-01-01\n",
        "\"oil_prise\"",
        &["unknown parameter `oil_prise`", "did you mean `oil_price`?"],
    );
}

#[test]
fn unknown_parameter_in_an_override() {
    scenario_rejected(
        "unknown-override",
        "extends = \"baseline.toml\"\n\n[override]\n\"russia.comitments\" = 0.4\n",
        "\"russia.comitments\"",
        &[
            "unknown parameter `russia.comitments`",
            "did you mean `russia.commitments`?",
        ],
    );
}

#[test]
fn unknown_power_in_a_metric() {
    scenario_rejected(
        "unknown-power",
        "extends = \"baseline.toml\"\n\n[[expect]]\nclaim = \"C48\"\nmetric = \"rusia.region.security\"\nabove = \"baseline\"\n",
        "\"rusia.region.security\"",
        &["unknown power `rusia`", "did you mean `russia`?"],
    );
}

#[test]
fn nan_in_an_event() {
    scenario_rejected(
        "nan-set",
        "extends = \"baseline.toml\"\n\n[[event]]\ndate = 2026-01-01\ntarget = \"oil_price\"\nset = nan\n",
        "nan\n",
        &["expected a finite number"],
    );
}

#[test]
fn inf_in_an_event() {
    scenario_rejected(
        "inf-ramp",
        "extends = \"baseline.toml\"\n\n[[event]]\ndate = 2026-01-01\ntarget = \"oil_price\"\nramp = inf\nuntil = 2027-01-01\n",
        "inf",
        &["expected a finite number"],
    );
}

#[test]
fn nan_in_an_override() {
    scenario_rejected(
        "nan-override",
        "extends = \"baseline.toml\"\n\n[override]\n\"russia.commitments\" = -nan\n",
        "-nan",
        &["finite number"],
    );
}

#[test]
fn nan_in_the_world_file() {
    world_rejected(
        "nan",
        "effort_noise = { value = 0.07,",
        "effort_noise = { value = nan,",
        "nan,",
        &["expected a finite number"],
    );
}

#[test]
fn reversed_range_in_the_world_file() {
    world_rejected(
        "reversed",
        "effort_noise = { value = 0.07, low = 0.03, high = 0.12,",
        "effort_noise = { value = 0.07, low = 0.12, high = 0.03,",
        "{ value = 0.07, low = 0.12",
        &["range is reversed", "low (0.12)", "high (0.03)"],
    );
}

#[test]
fn initial_influence_over_the_limit() {
    // Kazakhstan's security shares become 0.85 + 0.08 + 0.05 = 0.98 > 0.95.
    let from = "russia = { value = 0.5, low = 0.4, high = 0.6, grade = \"claim\", sources = [\"F01\", \"F10\"";
    let to = "russia = { value = 0.85, low = 0.4, high = 0.9, grade = \"claim\", sources = [\"F01\", \"F10\"";
    // The error points at the domain's table header, the first state's (Kazakhstan's).
    world_rejected(
        "over-limit",
        from,
        to,
        "security]",
        &["kazakhstan", "security", "0.980", "at most 0.95"],
    );
}

#[test]
fn run_ends_before_it_starts() {
    scenario_rejected(
        "end-before-start",
        "extends = \"baseline.toml\"\n\n[run]\nstart = 2030-01-01\nend = 2029-01-01\n",
        "2029-01-01",
        &["must end", "after it starts", "2030-01-01", "2029-01-01"],
    );
}

#[test]
fn ramp_ends_before_it_starts() {
    scenario_rejected(
        "ramp-backwards",
        "extends = \"baseline.toml\"\n\n[[event]]\ndate = 2027-01-01\ntarget = \"oil_price\"\nramp = 100.0\nuntil = 2026-01-01\nnote = \"backwards\"\n",
        "2026-01-01",
        &["dates out of order", "2026-01-01", "2027-01-01"],
    );
}

#[test]
fn event_after_the_end_of_the_run() {
    scenario_rejected(
        "late-event",
        "extends = \"baseline.toml\"\n\n[[event]]\ndate = 2040-01-01\ntarget = \"oil_price\"\nset = 100.0\n",
        "2040-01-01",
        &["outside the run", "2035-01-01"],
    );
}

#[test]
fn expectation_date_outside_the_run() {
    scenario_rejected(
        "late-expect",
        "extends = \"baseline.toml\"\n\n[[expect]]\nclaim = \"C48\"\nmetric = \"russia.region.security\"\nat = 2036-01-01\nabove = 0.1\n",
        "2036-01-01",
        &["outside the run"],
    );
}

#[test]
fn extends_cycle() {
    let ws = Workspace::new();
    ws.write("scenarios/a.toml", "title = \"a\"\nextends = \"b.toml\"\n");
    let b = ws.write(
        "scenarios/b.toml",
        "# b goes back to a\ntitle = \"b\"\nextends = \"a.toml\"\n",
    );
    let r = run_rejects(&ws, &["scenarios/a.toml"]);
    assert_reports(
        &r,
        "scenarios/b.toml",
        position(&b, "\"a.toml\""),
        &["cycle"],
    );
    validate_rejects(&ws, &["scenarios/a.toml"]);
}

#[test]
fn scenario_extending_itself() {
    let ws = Workspace::new();
    let a = ws.write(
        "scenarios/self.toml",
        "title = \"me\"\nextends = \"self.toml\"\n",
    );
    let r = run_rejects(&ws, &["scenarios/self.toml"]);
    assert_reports(
        &r,
        "scenarios/self.toml",
        position(&a, "\"self.toml\""),
        &["cycle"],
    );
}

#[test]
fn missing_scenario_file() {
    let ws = Workspace::new();
    let r = run_rejects(&ws, &["missing.toml"]);
    assert!(r.stderr.contains("missing.toml"), "{}", r.stderr);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
    let r = validate_rejects(&ws, &["missing.toml"]);
    assert!(r.stderr.contains("missing.toml"), "{}", r.stderr);
}

#[test]
fn extends_a_missing_file() {
    scenario_rejected(
        "extends-missing",
        "title = \"x\"\n\nextends = \"nothere.toml\"\n",
        "\"nothere.toml\"",
        &["cannot extend", "nothere.toml", "no such file"],
    );
}

#[test]
fn missing_world_file() {
    scenario_rejected(
        "world-missing",
        "title = \"x\"\nworld = \"../seeds/nowhere.toml\"\n",
        "\"../seeds/nowhere.toml\"",
        &["nowhere.toml", "no such file"],
    );
}

#[test]
fn empty_file() {
    let ws = Workspace::new();
    ws.write("scenarios/empty.toml", "");
    let r = run_rejects(&ws, &["scenarios/empty.toml"]);
    assert_reports(&r, "scenarios/empty.toml", (1, 1), &["empty", "expected"]);
    ws.write("scenarios/blank.toml", "\n  \n");
    let r = validate_rejects(&ws, &["scenarios/blank.toml"]);
    assert!(r.stderr.contains("scenarios/blank.toml:"), "{}", r.stderr);
    assert!(r.stderr.contains("empty"), "{}", r.stderr);
}

#[test]
fn unknown_claim() {
    scenario_rejected(
        "unknown-claim",
        "title = \"x\"\nextends = \"baseline.toml\"\nclaims = [\"C48\", \"C999\"]\n",
        "\"C999\"",
        &["unknown claim `C999`"],
    );
}

#[test]
fn misspelt_claim_gets_a_suggestion() {
    scenario_rejected(
        "misspelt-claim",
        "extends = \"baseline.toml\"\n\n[[expect]]\nclaim = \"c48\"\nmetric = \"russia.region.security\"\nabove = 0.1\n",
        "\"c48\"",
        &["unknown claim `c48`", "did you mean `C48`?"],
    );
}

#[test]
fn every_error_in_a_file_is_reported() {
    let text = "extends = \"baseline.toml\"\n\n[[event]]\ndate = 2026-01-01\ntarget = \"oil_prise\"\nset = 100.0\n\n[[expect]]\nclaim = \"C48\"\nmetric = \"rusia.region.security\"\nabove = 0.1\n";
    let ws = Workspace::new();
    ws.write("scenarios/two.toml", text);
    let r = run_rejects(&ws, &["scenarios/two.toml"]);
    assert_reports(
        &r,
        "scenarios/two.toml",
        position(text, "\"oil_prise\""),
        &[],
    );
    assert_reports(
        &r,
        "scenarios/two.toml",
        position(text, "\"rusia"),
        &["did you mean `russia`?"],
    );
}

#[test]
fn a_bad_second_scenario_stops_the_first_too() {
    let ws = Workspace::new();
    let text = ws.write(
        "scenarios/bad.toml",
        "extends = \"baseline.toml\"\nclaims = [\"C999\"]\n",
    );
    let r = run_rejects(
        &ws,
        &["scenarios/ukraine-freeze.toml", "scenarios/bad.toml"],
    );
    assert_reports(
        &r,
        "scenarios/bad.toml",
        position(&text, "\"C999\""),
        &["unknown claim"],
    );
    assert!(!ws.file("out").exists(), "the output folder was created");
}

#[test]
fn out_is_a_file() {
    let ws = Workspace::new();
    ws.write("out", "not a folder");
    let r = ws.steppe(&["run", "scenarios/baseline.toml", "--out", "out"]);
    r.expect_code(2);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
    assert_eq!(ws.read("out"), "not a folder");
}

#[test]
fn explain_unknown_name_suggests() {
    let r = common::steppe(&["explain", "rusia"]);
    r.expect_code(2);
    assert!(r.stderr.contains("`rusia`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `russia`?"), "{}", r.stderr);
    let r = common::steppe(&["explain", "russia.comitments"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("did you mean `russia.commitments`?"),
        "{}",
        r.stderr
    );
}

#[test]
fn explain_a_parameter() {
    let r = common::steppe(&["explain", "russia.commitments"]);
    r.expect_code(0);
    let l = common::load("baseline");
    let id = l.world.params.find("russia.commitments").unwrap();
    let p = l.world.params.get(id);
    assert!(
        r.stdout
            .contains(&format!("russia.commitments = {}", p.value)),
        "value {}:\n{}",
        p.value,
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("range [{}, {}]", p.low, p.high)),
        "range:\n{}",
        r.stdout
    );
    let claims: Vec<&str> = p
        .sources
        .iter()
        .map(String::as_str)
        .filter(|s| s.starts_with('C'))
        .collect();
    assert!(!claims.is_empty());
    for c in claims {
        let text = &l.world.evidence.claim(c).unwrap().text;
        assert!(
            r.stdout.contains(text.as_str()),
            "claim {c} text:\n{}",
            r.stdout
        );
    }
    // A claim explains itself and the parameters citing it.
    let r = common::steppe(&["explain", "C48"]);
    r.expect_code(0);
    assert!(r.stdout.contains("russia.commitments"), "{}", r.stdout);
}

#[test]
fn override_pushing_initial_influence_over_the_limit() {
    let text = "extends = \"baseline.toml\"\n\n[override]\n\"kazakhstan.influence.security.russia\" = 0.9\n";
    scenario_rejected(
        "grab",
        text,
        "\"kazakhstan.influence.security.russia\"",
        &["kazakhstan", "security", "at most 0.95", "autonomy"],
    );
}

#[test]
fn run_too_long() {
    let text = "extends = \"baseline.toml\"\n\n[run]\nstep = \"month\"\nend = 9999-12-01\n";
    scenario_rejected("forever", text, "9999-12-01", &["steps", "at most"]);
}

#[test]
fn growth_rate_out_of_its_limits() {
    let text = "extends = \"baseline.toml\"\n\n[[event]]\ndate = 2026-01-01\ntarget = \"us.growth.gdp\"\nset = 1e300\n";
    scenario_rejected(
        "boom",
        text,
        "\"us.growth.gdp\"",
        &["us.growth.gdp", "[-1, 1]"],
    );
}

#[test]
fn comparison_with_a_scenario_on_another_calendar() {
    let ws = Workspace::new();
    ws.write(
        "scenarios/short.toml",
        "extends = \"baseline.toml\"\n\n[run]\nend = 2030-01-01\n",
    );
    let text = "extends = \"baseline.toml\"\n\n[[expect]]\nclaim = \"C48\"\nmetric = \"russia.region.security\"\nabove = \"short\"\n";
    ws.write("scenarios/versus.toml", text);
    let r = ws.steppe(&["check", "scenarios/versus.toml"]);
    r.expect_code(2);
    assert_reports(
        &r,
        "scenarios/versus.toml",
        position(text, "\"short\""),
        &["cannot compare with `short`", "start, end and step"],
    );
}

#[test]
fn two_scenarios_writing_to_the_same_folder() {
    let ws = Workspace::new();
    ws.write(
        "other/baseline.toml",
        "extends = \"../scenarios/baseline.toml\"\n",
    );
    let r = run_rejects(&ws, &["scenarios/baseline.toml", "other/baseline.toml"]);
    assert!(r.stderr.contains("same folder `baseline`"), "{}", r.stderr);
}

#[test]
fn more_shards_than_members() {
    let ws = Workspace::new();
    let r = ws.steppe(&[
        "run",
        "scenarios/baseline.toml",
        "--runs",
        "3",
        "--shard",
        "1/4",
        "--out",
        "out",
    ]);
    r.expect_code(2);
    assert!(r.stderr.contains("4 shards of 3 members"), "{}", r.stderr);
    assert!(entries(&ws.file("out")).is_empty());
}

#[test]
fn absurd_member_counts_are_refused() {
    let ws = Workspace::new();
    let r = ws.steppe(&[
        "run",
        "scenarios/baseline.toml",
        "--runs",
        "18446744073709551615",
        "--out",
        "out",
    ]);
    r.expect_code(2);
    assert!(entries(&ws.file("out")).is_empty());
}
