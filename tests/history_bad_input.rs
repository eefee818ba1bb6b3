//! Bad history input: each is an error naming the file, line and column, exit code 2, and
//! nothing written.

mod common;

use common::{Workspace, position, replace_once};

/// Edits `file` of a fresh workspace (replacing `from` by `to`), runs `args`, and checks the
/// exit code, that the message points at `needle` in the edited file (or in `at_file`, if the
/// error is reported in another file), mentions `says`, and that nothing was written.
fn bad(file: &str, from: &str, to: &str, args: &[&str], at: (&str, &str), says: &str) {
    let ws = Workspace::new();
    let text = replace_once(&ws.read(file), from, to);
    ws.write(file, &text);
    let (at_file, needle) = at;
    let target = ws.read(at_file);
    let r = ws.steppe(args);
    r.expect_code(2);
    let (line, col) = position(&target, needle);
    assert!(
        r.stderr.contains(&format!("{at_file}:{line}:{col}")),
        "expected {at_file}:{line}:{col} in:\n{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(says),
        "expected `{says}` in:\n{}",
        r.stderr
    );
    assert!(!ws.file("out").exists(), "nothing may be written");
}

const HINDCAST: [&str; 6] = ["hindcast", "--runs", "10", "--out", "out", "--quiet"];

#[test]
fn a_driver_history_in_another_unit_is_refused() {
    bad(
        "seeds/history/drivers.toml",
        "unit = \"USD/bbl (Brent)\"",
        "unit = \"USD per barrel\"",
        &["run", "scenarios/past/history.toml", "--out", "out"],
        ("seeds/history/drivers.toml", "\"USD per barrel\""),
        "does not match the driver's unit",
    );
}

#[test]
fn a_duplicate_date_in_a_driver_history_is_refused() {
    bad(
        "seeds/history/drivers.toml",
        "{ date = 2017-08-02, value = 0.2,",
        "{ date = 2014-09-12, value = 0.2,",
        &["run", "scenarios/past/history.toml", "--out", "out"],
        ("seeds/history/drivers.toml", "2014-09-12, value = 0.2,"),
        "duplicate date 2014-09-12",
    );
}

#[test]
fn a_duplicate_date_in_a_measured_series_is_refused() {
    bad(
        "seeds/history/observed.toml",
        "{ date = 2023-07-01, value = 21.9, period = \"year\" },",
        "{ date = 2020-03-15, value = 21.9, period = \"year\" },",
        &HINDCAST,
        ("seeds/history/observed.toml", "2020-03-15, value = 21.9"),
        "duplicate date 2020-03-15",
    );
}

#[test]
fn a_measured_point_outside_the_run_is_refused() {
    // Without its window, the rule would read the 2012 point, before the replay starts.
    bad(
        "seeds/history/rules.toml",
        "from = 2014-01-01\n",
        "",
        &HINDCAST,
        ("seeds/history/observed.toml", "2012-07-01, value = 50.0"),
        "outside the run",
    );
}

#[test]
fn a_rule_naming_an_unknown_output_is_refused() {
    bad(
        "seeds/history/rules.toml",
        "output = \"russia.kazakhstan.economy\"",
        "output = \"russia.kazakstan.economy\"",
        &HINDCAST,
        ("seeds/history/rules.toml", "\"russia.kazakstan.economy\""),
        "kazakhstan",
    );
}

#[test]
fn a_gap_where_the_rule_needs_continuity_is_refused() {
    bad(
        "seeds/history/rules.toml",
        "series = \"tajikistan-remittances-gdp\"\n",
        "series = \"tajikistan-remittances-gdp\"\nmax_gap_years = 3\n",
        &HINDCAST,
        ("seeds/history/observed.toml", "2021-07-01, value = 34.5"),
        "needs continuity",
    );
}

#[test]
fn a_snapshot_value_without_a_grade_is_refused() {
    bad(
        "seeds/history/world-2014.toml",
        "\"us.gdp\" = { value = 15700.0, low = 15600.0, high = 16900.0, grade = \"fact\", ",
        "\"us.gdp\" = { value = 15700.0, low = 15600.0, high = 16900.0, ",
        &["run", "scenarios/past/history.toml", "--out", "out"],
        (
            "seeds/history/world-2014.toml",
            "{ value = 15700.0, low = 15600.0",
        ),
        "`us.gdp` has no evidence grade",
    );
}
