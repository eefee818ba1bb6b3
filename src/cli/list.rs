//! `steppe list`: what a world and a scenario folder contain.

use std::path::Path;
use std::process::ExitCode;

use super::CommandResult;
use steppe::io::load::{load_scenario, load_world, scenario_files};

/// Runs `steppe list`.
pub fn list(world_path: &Path, scenarios: &Path, params: bool) -> CommandResult {
    let (world, _) = load_world(world_path)?;
    if params {
        outln!(
            "{:<48} {:>10} {:>10} {:>10}  {:<9}  unit",
            "parameter",
            "value",
            "low",
            "high",
            "grade"
        )?;
        for p in world.params.iter() {
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
        return Ok(ExitCode::SUCCESS);
    }
    if scenarios.is_dir() {
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
    }
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
    Ok(ExitCode::SUCCESS)
}

/// A number printed compactly.
pub fn fmt(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}
