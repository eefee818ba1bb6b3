//! docs/MODEL.md's value tables say what the shipped world holds: every coupling of the world is in
//! the coupling table with its value and range, and every table row that names a parameter path
//! with a value gives the world's value. A reader who re-implements the model from the document
//! gets the numbers the engine runs with. The per-state tables (weights, opinion, initial influence,
//! agency) and the driver table are read cell by cell.

mod common;

use common::repo;
use steppe::io::load::load_world;
use steppe::world::World;

fn world() -> World {
    load_world(&repo().join("seeds/world.toml"))
        .unwrap_or_else(|e| panic!("the world loads:\n{e}"))
        .0
}

fn model_md() -> String {
    std::fs::read_to_string(repo().join("docs/MODEL.md")).expect("docs/MODEL.md is readable")
}

/// The cells of a Markdown table row, trimmed; `None` for lines that are not rows.
fn cells(line: &str) -> Option<Vec<String>> {
    let line = line.trim();
    if !line.starts_with('|') || !line.ends_with('|') || line.len() < 2 {
        return None;
    }
    Some(
        line[1..line.len() - 1]
            .split('|')
            .map(|c| c.trim().to_string())
            .collect(),
    )
}

/// A cell of the form `v` or `v [low, high]` (anything after the bracket ignored), as numbers.
fn value_and_range(cell: &str) -> Option<(f64, Option<(f64, f64)>)> {
    let (head, rest) = match cell.split_once('[') {
        Some((h, r)) => (h.trim(), Some(r)),
        None => (cell.trim(), None),
    };
    let value: f64 = head.parse().ok()?;
    let range = match rest {
        Some(r) => {
            let inner = r.split_once(']')?.0;
            let (lo, hi) = inner.split_once(',')?;
            Some((lo.trim().parse().ok()?, hi.trim().parse().ok()?))
        }
        None => None,
    };
    Some((value, range))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + b.abs())
}

fn check(path: &str, cell: &str, world: &World, problems: &mut Vec<String>) {
    let Some(p) = world.params.iter().find(|p| p.path == path) else {
        problems.push(format!(
            "`{path}` is in docs/MODEL.md but not a world parameter"
        ));
        return;
    };
    let Some((value, range)) = value_and_range(cell) else {
        problems.push(format!(
            "`{path}`: cannot read `{cell}` as `value [low, high]`"
        ));
        return;
    };
    let mut ok = close(value, p.value);
    if let Some((lo, hi)) = range {
        ok &= close(lo, p.low) && close(hi, p.high);
    }
    if !ok {
        problems.push(format!(
            "`{path}`: docs/MODEL.md says {cell}, the world has {} [{}, {}]",
            p.value, p.low, p.high
        ));
    }
}

#[test]
fn the_coupling_table_lists_every_coupling_with_the_worlds_values() {
    let world = world();
    let doc = model_md();
    let mut problems = Vec::new();
    let mut documented = Vec::new();
    for row in doc.lines().filter_map(cells) {
        // Rows of the coupling table; its header names the columns instead of a value.
        if row.len() != 3 || !row[0].contains(" → ") || row[0] == "driver → target" {
            continue;
        }
        let (driver, target) = row[0].split_once(" → ").unwrap_or_default();
        let path = format!("coupling.{}.{}", driver.trim(), target.trim());
        let cell = row[2].split(" (").next().unwrap_or_default();
        check(&path, cell, &world, &mut problems);
        documented.push(path);
    }
    for p in world
        .params
        .iter()
        .filter(|p| p.path.starts_with("coupling."))
    {
        if !documented.contains(&p.path) {
            problems.push(format!(
                "the world's `{}` is missing from docs/MODEL.md's coupling table",
                p.path
            ));
        }
    }
    assert!(
        documented.len() >= 10,
        "the coupling table was not found in docs/MODEL.md"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn table_rows_naming_a_parameter_give_its_value() {
    let world = world();
    let doc = model_md();
    let mut problems = Vec::new();
    let mut checked = 0;
    for row in doc.lines().filter_map(cells) {
        let Some(path) = row[0].strip_prefix('`').and_then(|r| r.strip_suffix('`')) else {
            continue;
        };
        if !world.params.iter().any(|p| p.path == path) {
            continue;
        }
        if let Some(cell) = row[1..].iter().find(|c| value_and_range(c).is_some()) {
            check(path, cell, &world, &mut problems);
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "expected parameter rows in docs/MODEL.md, found {checked}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The parameter paths a column of a per-state (or per-driver) table gives, one per
/// `/`-separated value, for state (or driver) `s`; `None` for a column this test does not read.
fn state_column(header: &str, s: &str) -> Option<Vec<String>> {
    let powers = ["russia", "china", "us"];
    let one = |suffix: &str| Some(vec![format!("{s}.{suffix}")]);
    match header {
        // Columns named as the parameter is; the last two are the driver table's.
        "weight" | "stability" | "hedging" | "courting" | "leaning" | "revenue.oil_price"
        | "volatility" | "persistence" => one(header),
        "exposure to afghan_instability" => one("exposure.afghan_instability"),
        // The driver table: `s` is a driver's id.
        "initial [low, high]" => Some(vec![s.to_string()]),
        "self-reliance" => one("self_reliance"),
        "capacity growth" => one("capacity_growth"),
        "opinion of russia / china / us" => {
            Some(powers.iter().map(|p| format!("{s}.opinion.{p}")).collect())
        }
        // Initial influence, russia / china / us, as the text above the table says.
        "security" | "economy" | "politics" => Some(
            powers
                .iter()
                .map(|p| format!("{s}.influence.{header}.{p}"))
                .collect(),
        ),
        _ => None,
    }
}

#[test]
fn per_state_and_driver_tables_give_the_worlds_values() {
    let world = world();
    let doc = model_md();
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut header: Option<Vec<String>> = None;
    for line in doc.lines() {
        let Some(row) = cells(line) else {
            header = None;
            continue;
        };
        if row[0] == "state" || row[0] == "driver" {
            header = Some(row);
            continue;
        }
        let Some(head) = &header else { continue };
        // A state's id, or a driver's id before its unit: `oil_price (USD/bbl)`.
        let state = row[0].split(' ').next().unwrap_or_default();
        let known = world.states.iter().any(|s| s.id == state)
            || world.params.iter().any(|p| p.path == state);
        if !known {
            continue;
        }
        for (name, cell) in head.iter().zip(&row).skip(1) {
            let Some(paths) = state_column(name, state) else {
                continue;
            };
            if cell.is_empty() {
                // An empty cell says the state has no such parameter.
                for path in &paths {
                    if world.params.iter().any(|p| &p.path == path) {
                        problems.push(format!("docs/MODEL.md leaves `{path}` empty"));
                    }
                }
                continue;
            }
            let values: Vec<&str> = cell.split(" / ").collect();
            if values.len() != paths.len() {
                problems.push(format!(
                    "{state}, {name}: `{cell}` has the wrong number of values"
                ));
                continue;
            }
            for (path, value) in paths.iter().zip(values) {
                check(path, value, &world, &mut problems);
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 100,
        "expected the per-state and driver tables in docs/MODEL.md, checked {checked} values"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn template_rows_give_each_domains_and_powers_value() {
    let world = world();
    let doc = model_md();
    let mut problems = Vec::new();
    let mut checked = 0;
    let mut header: Vec<String> = Vec::new();
    for row in doc.lines().filter_map(cells) {
        if row[0] == "path" {
            header = row;
            continue;
        }
        // `<d>.salience` or `<p>.priority`: one column per domain or per power.
        let Some(template) = row[0].strip_prefix('`').and_then(|r| r.split('`').next()) else {
            continue;
        };
        let slot = if template.starts_with("<d>.") {
            "<d>"
        } else if template.starts_with("<p>.") {
            "<p>"
        } else {
            continue;
        };
        for (column, cell) in header.iter().zip(&row) {
            let path = template.replacen(slot, column, 1);
            // Cells like `sec 1, eco 0.4` or `1 (fixed)` are read by other tests or not at all.
            if world.params.iter().any(|p| p.path == path) && value_and_range(cell).is_some() {
                check(&path, cell, &world, &mut problems);
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 20,
        "expected the domain and power tables in docs/MODEL.md, checked {checked} values"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
