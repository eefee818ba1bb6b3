//! `steppe explain`: an actor's, driver's or parameter's values and the evidence behind them.

use std::path::Path;
use std::process::ExitCode;

use super::CommandResult;
use super::list::fmt;
use steppe::diag::{Diagnostic, closest};
use steppe::io::load::{load_scenario, load_world};
use steppe::params::{Param, ParamTable};
use steppe::world::World;

/// Runs `steppe explain`.
pub fn explain(name: &str, world_path: &Path, scenario: Option<&Path>) -> CommandResult {
    // A scenario by file stem (or path): what it changes and the claims behind it.
    let as_file = Path::new(name);
    let scenario_file = if as_file.extension().is_some_and(|e| e == "toml") && as_file.is_file() {
        Some(as_file.to_path_buf())
    } else {
        let stem = scenarios_dir().join(format!("{name}.toml"));
        (!name.contains('.') && stem.is_file()).then_some(stem)
    };
    if let Some(path) = scenario_file {
        return explain_scenario(&path);
    }
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
        outln!("{}", world.evidence.describe(&c.id))?;
        let users: Vec<&str> = params
            .iter()
            .filter(|p| p.sources.iter().any(|s| s == name))
            .map(|p| p.path.as_str())
            .collect();
        if !users.is_empty() {
            outln!("\ncited by: {}", users.join(", "))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if world.evidence.fact(name).is_some() || world.evidence.article(name).is_some() {
        outln!("{}", world.evidence.describe(name))?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(heading) = heading(&world, name) {
        outln!("{heading}")?;
        let prefix = format!("{name}.");
        let mut any = false;
        for p in params
            .iter()
            .filter(|p| p.path == name || p.path.starts_with(&prefix) || mentions(p, name))
        {
            any = true;
            print_param(&world, p, false)?;
        }
        if let Some(k) = world.driver(name) {
            for c in world.couplings.iter().filter(|c| c.driver == k) {
                outln!(
                    "  moves `{}` ({:?} coupling): {}",
                    params.get(c.target).path,
                    c.mode,
                    c.note
                )?;
            }
        }
        if !any {
            outln!("  (no parameters)")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(id) = params.find(name) {
        print_param(&world, params.get(id), true)?;
        return Ok(ExitCode::SUCCESS);
    }
    Err(not_found(name, &world, &params).into())
}

/// What a scenario changes, when, and the evidence behind it.
fn explain_scenario(path: &Path) -> CommandResult {
    let l = load_scenario(path)?;
    let (sc, world) = (&l.scenario, &l.world);
    outln!("scenario {} ({}): {}", sc.title, sc.name, path.display())?;
    if !sc.description.trim().is_empty() {
        outln!("\n{}\n", sc.description.trim())?;
    }
    outln!(
        "runs {} to {} ({} steps), seed {}, noise {}",
        sc.calendar.start,
        sc.calendar.end(),
        sc.calendar.steps,
        sc.seed,
        if sc.noise { "on" } else { "off" }
    )?;
    // Both tables list the world's parameters in the same order.
    let changed: Vec<&Param> = sc
        .params
        .iter()
        .zip(world.params.iter())
        .filter(|(s, w)| s.origin != w.origin)
        .map(|(s, _)| s)
        .collect();
    if !changed.is_empty() {
        outln!("\noverrides:")?;
        for p in changed {
            print_param(world, p, false)?;
        }
    }
    if !sc.events.is_empty() {
        outln!("\nevents:")?;
        for e in &sc.events {
            let what = match e.action {
                steppe::scenario::Action::Set(v) => format!("set to {}", fmt(v)),
                steppe::scenario::Action::Ramp { to, until } => {
                    format!("ramp to {} by {}", fmt(to), sc.calendar.date(until))
                }
                steppe::scenario::Action::Shock { size, half_life } => {
                    format!(
                        "shock of {} (half-life {} years)",
                        fmt(size),
                        fmt(half_life)
                    )
                }
            };
            let target = &sc.params.get(e.target).path;
            outln!(
                "  {}: {target} {what}{}",
                e.date,
                if e.note.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", e.note)
                }
            )?;
        }
    }
    if !sc.expectations.is_empty() {
        outln!("\nexpectations:")?;
        for x in &sc.expectations {
            outln!(
                "  {} {} [{}] {}",
                x.metric_text,
                steppe::analysis::expect::describe(x),
                x.claim,
                x.note
            )?;
        }
    }
    if !sc.claims.is_empty() {
        outln!("\nclaims:")?;
        for c in &sc.claims {
            outln!("  - {}", world.evidence.describe(c))?;
        }
    }
    Ok(ExitCode::SUCCESS)
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

fn print_param(world: &World, p: &Param, detailed: bool) -> std::io::Result<()> {
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
    outln!(
        "  {} = {}{unit}  ({range}; {})",
        p.path,
        fmt(p.value),
        p.meaning
    )?;
    let grade = p.grade.map_or("none", |g| g.as_str());
    if detailed {
        let meaning = match p.grade {
            Some(steppe::params::Grade::Fact) => " (a measured number with a public source)",
            Some(steppe::params::Grade::Claim) => {
                " (a source states the direction; judgement sets the size)"
            }
            Some(steppe::params::Grade::Judgement) => " (no source for the direction or the size)",
            None => "",
        };
        outln!("    grade: {grade}{meaning}")?;
        outln!(
            "    limits [{}, {}], set in {}",
            fmt(p.min),
            fmt(p.max),
            p.origin
        )?;
        if !p.note.is_empty() {
            outln!("    note: {}", p.note)?;
        }
        for s in &p.sources {
            outln!("    - {}", world.evidence.describe(s))?;
        }
    } else if p.sources.is_empty() {
        outln!("    grade: {grade}")?;
    } else {
        outln!("    grade: {grade}; sources: {}", p.sources.join(", "))?;
    }
    Ok(())
}

/// The project's scenario folder, from any folder of the project.
fn scenarios_dir() -> std::path::PathBuf {
    super::in_project_or_same(
        Path::new(super::DEFAULT_SCENARIOS),
        super::DEFAULT_SCENARIOS,
    )
}

fn not_found(name: &str, world: &World, params: &ParamTable) -> Diagnostic {
    let scenarios: Vec<String> = steppe::io::load::scenario_files(&scenarios_dir())
        .unwrap_or_default()
        .iter()
        .filter_map(|f| f.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
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
        .chain(scenarios.iter().map(String::as_str))
        .collect();
    let d = Diagnostic::file(
        "steppe explain",
        format!("nothing called `{name}` in the world, its evidence or the scenarios"),
    );
    match closest(name, ids) {
        Some(best) => d.with_help(format!("did you mean `{best}`?")),
        None => d.with_help(
            "`steppe list` shows actors and drivers; `steppe list --params` every parameter path",
        ),
    }
}
