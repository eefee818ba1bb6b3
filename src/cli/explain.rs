//! `steppe explain`: an actor's, driver's or parameter's values and the evidence behind them.

use std::path::Path;
use std::process::ExitCode;

use super::Outcome;
use super::list::fmt;
use crate::diag::{Diagnostic, closest};
use crate::io::load::{load_scenario, load_world};
use crate::params::{Param, ParamTable};
use crate::world::World;

/// Runs `steppe explain`.
pub fn explain(name: &str, world_path: &Path, scenario: Option<&Path>) -> Outcome {
    let (world, params) = match scenario {
        Some(s) => {
            let l = load_scenario(s)?;
            (l.world, l.scenario.params)
        }
        None => {
            let (w, _) = load_world(world_path)?;
            let p = w.params.clone();
            (w, p)
        }
    };
    if let Some(c) = world.evidence.claim(name) {
        println!("{}", world.evidence.describe(&c.id));
        let users: Vec<&str> = params
            .iter()
            .filter(|p| p.sources.iter().any(|s| s == name))
            .map(|p| p.path.as_str())
            .collect();
        if !users.is_empty() {
            println!("\ncited by: {}", users.join(", "));
        }
        return Ok(ExitCode::SUCCESS);
    }
    if world.evidence.fact(name).is_some() || world.evidence.source(name).is_some() {
        println!("{}", world.evidence.describe(name));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(heading) = heading(&world, name) {
        println!("{heading}");
        let prefix = format!("{name}.");
        let mut any = false;
        for p in params
            .iter()
            .filter(|p| p.path == name || p.path.starts_with(&prefix) || mentions(p, name))
        {
            any = true;
            print_param(&world, p, false);
        }
        if let Some(k) = world.driver(name) {
            for c in world.couplings.iter().filter(|c| c.driver == k) {
                println!(
                    "  moves `{}` ({:?} coupling): {}",
                    params.get(c.target).path,
                    c.mode,
                    c.note
                );
            }
        }
        if !any {
            println!("  (no parameters)");
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(id) = params.find(name) {
        print_param(&world, params.get(id), true);
        return Ok(ExitCode::SUCCESS);
    }
    Err(not_found(name, &world, &params).into())
}

fn heading(world: &World, name: &str) -> Option<String> {
    if let Some(p) = world.power(name) {
        return Some(format!("power {} ({})", world.powers[p].label, name));
    }
    if let Some(s) = world.state(name) {
        return Some(format!("state {} ({})", world.states[s].label, name));
    }
    if let Some(d) = world.domain(name) {
        return Some(format!("domain {} ({})", world.domains[d].label, name));
    }
    if let Some(k) = world.driver(name) {
        let d = &world.drivers[k];
        return Some(format!(
            "driver {} ({name}), {}: {}\n  reference {} / scale {}, limits [{}, {}]",
            d.label,
            d.unit,
            d.description,
            fmt(d.reference),
            fmt(d.scale),
            fmt(d.min),
            fmt(d.max)
        ));
    }
    if let Some(o) = world.organizations.iter().find(|o| o.id == name) {
        return Some(format!("organisation {} ({name})", o.label));
    }
    if name == "model" {
        return Some("region-wide model parameters".into());
    }
    None
}

/// Parameters about an actor that live under another actor's path (e.g. opinions of a power).
fn mentions(p: &Param, name: &str) -> bool {
    p.path.split('.').skip(1).any(|part| part == name) && !p.path.starts_with("coupling.")
}

fn print_param(world: &World, p: &Param, detailed: bool) {
    let range = if p.is_uncertain() {
        format!("range [{}, {}]", fmt(p.low), fmt(p.high))
    } else {
        "fixed".into()
    };
    let unit = if p.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", p.unit)
    };
    println!(
        "  {} = {}{unit}  ({range}; {})",
        p.path,
        fmt(p.value),
        p.meaning
    );
    if detailed {
        println!(
            "    limits [{}, {}], set in {}",
            fmt(p.min),
            fmt(p.max),
            p.origin
        );
        if !p.note.is_empty() {
            println!("    note: {}", p.note);
        }
        for s in &p.sources {
            println!("    - {}", world.evidence.describe(s));
        }
    } else if !p.sources.is_empty() {
        println!("    sources: {}", p.sources.join(", "));
    }
}

fn not_found(name: &str, world: &World, params: &ParamTable) -> Diagnostic {
    let ids: Vec<&str> = world
        .powers
        .iter()
        .map(|p| p.id.as_str())
        .chain(world.states.iter().map(|s| s.id.as_str()))
        .chain(world.domains.iter().map(|d| d.id.as_str()))
        .chain(world.drivers.iter().map(|d| d.id.as_str()))
        .chain(world.organizations.iter().map(|o| o.id.as_str()))
        .chain(params.paths())
        .chain(world.evidence.claims.iter().map(|c| c.id.as_str()))
        .collect();
    let d = Diagnostic::file(
        "steppe explain",
        format!("nothing called `{name}` in the world or its evidence"),
    );
    match closest(name, ids) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(
            "`steppe list` shows actors and drivers; `steppe list --params` every parameter path",
        ),
    }
}
