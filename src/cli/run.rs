//! `steppe run`: run scenarios and write their results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Outcome;
use crate::diag::Diagnostics;
use crate::io::load::{Loaded, load_scenario};
use crate::io::results::{run_single, write_single};
use crate::metric::{Metric, Scope};

/// Arguments of `steppe run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files to run.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Seed for the random number generator (default: the scenario's own).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Folder to write results into; each scenario gets OUT/<file stem>/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Switch noise and random incidents off (a deterministic run of the central path).
    #[arg(long)]
    pub no_noise: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Loads every scenario first, so that bad input anywhere writes nothing at all.
pub fn load_all(paths: &[PathBuf]) -> Result<Vec<Loaded>, Diagnostics> {
    let mut loaded = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match load_scenario(p) {
            Ok(l) => loaded.push(l),
            Err(d) => errors.extend(d.0),
        }
    }
    if errors.is_empty() {
        Ok(loaded)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Runs `steppe run`.
pub fn run(args: &RunArgs) -> Outcome {
    let mut loaded = load_all(&args.scenarios)?;
    if args.no_noise {
        for l in &mut loaded {
            l.scenario.noise = false;
        }
    }
    let mut runs = Vec::new();
    for l in &loaded {
        let seed = args.seed.unwrap_or(l.scenario.seed);
        runs.push(run_single(l, seed)?);
    }
    for (l, r) in loaded.iter().zip(&runs) {
        let dir = write_single(&args.out, l, r)?;
        if !args.quiet {
            print_overview(l, r, &dir);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_overview(l: &Loaded, r: &crate::io::results::SingleRun, dir: &std::path::Path) {
    let world = &l.world;
    let cal = &l.scenario.calendar;
    println!(
        "{} ({}), seed {}: {} to {}, {} steps",
        l.scenario.title,
        l.scenario.name,
        r.summary.provenance.seed,
        cal.start,
        cal.end(),
        cal.steps
    );
    println!("  regional influence, start -> end:");
    let points = cal.points();
    for (p, power) in world.powers.iter().enumerate() {
        let mut cells = Vec::new();
        for domain in std::iter::once(None).chain((0..world.domains.len()).map(Some)) {
            let m = Metric {
                power: p,
                scope: Scope::Region,
                domain,
            };
            let i = r.metrics.iter().position(|x| *x == m).unwrap_or(0);
            let s = &r.series[i * points..(i + 1) * points];
            let name = domain.map_or("overall", |d| world.domains[d].id.as_str());
            cells.push(format!("{name} {:.3} -> {:.3}", s[0], s[points - 1]));
        }
        println!("    {:<8} {}", power.id, cells.join(" | "));
    }
    let regional: Vec<_> = r
        .summary
        .crossovers
        .iter()
        .filter(|c| c.scope == "region")
        .collect();
    for c in regional.iter().take(5) {
        println!(
            "  {}: {} overtakes {} in regional {}",
            c.date, c.power, c.overtakes, c.domain
        );
    }
    println!("  wrote {}", dir.display());
}
