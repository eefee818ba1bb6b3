//! `steppe list`: what a world and a scenario folder contain.

use std::path::Path;
use std::process::ExitCode;

use super::{CommandResult, Failure};
use steppe::io::load::{load_scenario, load_world, scenario_files};
use steppe::params::{Grade, Param};
use steppe::world::World;

/// Runs `steppe list`: the parameters (as a table, or as SALib's problem in `salib` or `json`
/// format), else the scenarios in `scenarios` and what the world holds.
pub fn list(
    world_path: &Path,
    scenarios: &Path,
    params: bool,
    format: &str,
    grade: Option<&str>,
) -> CommandResult {
    let (world, _) = load_world(world_path)?;
    if params && format != "table" {
        print_problem(&world, format, grade)?;
    } else if params {
        print_params(&world, grade)?;
    } else {
        print_scenarios(scenarios)?;
        print_world(&world)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether parameter `p` has the grade asked for (any, if none is); ungraded ones are judgement.
fn graded(p: &Param, grade: Option<&str>) -> bool {
    grade.is_none_or(|g| p.grade.unwrap_or(Grade::Judgement).as_str() == g)
}

/// The uncertain parameters as SALib's problem: `path low high` lines (`salib`), else JSON.
/// SALib needs low < high, so parameters without a range are left out.
fn print_problem(world: &World, format: &str, grade: Option<&str>) -> Result<(), Failure> {
    let uncertain: Vec<_> = world
        .params
        .iter()
        .filter(|p| graded(p, grade))
        .filter(|p| p.is_uncertain())
        .collect();
    if format == "salib" {
        for p in &uncertain {
            outln!("{} {} {}", p.path, p.low, p.high)?;
        }
    } else {
        let problem = serde_json::json!({
            "num_vars": uncertain.len(),
            "names": uncertain.iter().map(|p| p.path.clone()).collect::<Vec<_>>(),
            "bounds": uncertain.iter().map(|p| [p.low, p.high]).collect::<Vec<_>>(),
        });
        outln!("{problem}")?;
    }
    Ok(())
}

/// The parameter table: value, range, grade and unit of each parameter.
fn print_params(world: &World, grade: Option<&str>) -> Result<(), Failure> {
    outln!(
        "{:<48} {:>10} {:>10} {:>10}  {:<9}  unit",
        "parameter",
        "value",
        "low",
        "high",
        "grade"
    )?;
    for p in world.params.iter().filter(|p| graded(p, grade)) {
        outln!(
            "{:<48} {:>10} {:>10} {:>10}  {:<9}  {}",
            p.path,
            fmt(p.value),
            fmt(p.low),
            fmt(p.high),
            p.grade.map_or("-", |g| g.as_str()),
            p.unit
        )?;
    }
    Ok(())
}

/// The scenarios of a folder (if it is one), each with its title or a note that it does not
/// validate.
fn print_scenarios(scenarios: &Path) -> Result<(), Failure> {
    if !scenarios.is_dir() {
        return Ok(());
    }
    outln!("Scenarios ({}):", scenarios.display())?;
    for f in scenario_files(scenarios)? {
        match load_scenario(&f) {
            Ok(l) => outln!("  {:<22} {}", l.scenario.name, l.scenario.title)?,
            Err(_) => outln!(
                "  {:<22} (does not validate: run `steppe validate {}`)",
                f.file_stem().unwrap_or_default().to_string_lossy(),
                f.display()
            )?,
        }
    }
    Ok(())
}

/// The world's powers, states, domains, drivers (with their starting values) and
/// organisations.
fn print_world(world: &World) -> Result<(), Failure> {
    outln!("Powers:")?;
    for p in &world.powers {
        outln!("  {:<22} {}", p.id, p.label)?;
    }
    outln!("States:")?;
    for s in &world.states {
        outln!("  {:<22} {}", s.id, s.label)?;
    }
    outln!("Domains:")?;
    for d in &world.domains {
        outln!("  {:<22} {}", d.id, d.label)?;
    }
    outln!("Drivers:")?;
    for d in &world.drivers {
        let initial = world.params.get(d.value).value;
        outln!(
            "  {:<22} {} (start {} {})",
            d.id,
            d.label,
            fmt(initial),
            d.unit
        )?;
    }
    outln!("Organisations:")?;
    for o in &world.organizations {
        outln!("  {:<22} {}", o.id, o.label)?;
    }
    Ok(())
}

/// A number printed compactly.
pub fn fmt(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}
