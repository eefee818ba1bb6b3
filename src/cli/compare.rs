//! `steppe compare`: scenarios side by side as paired ensembles, with differences from a baseline.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Outcome;
use super::run::{load_all, with_threads};
use crate::diag::{Diagnostic, Diagnostics, closest};
use crate::ensemble::Ensemble;
use crate::io::compare_results::Comparison;

/// Members per scenario when `--runs` is not given.
pub const DEFAULT_RUNS: u64 = 500;

/// Arguments of `steppe compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files to compare (at least two).
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// The scenario the others are compared with, by file stem (default: the first given).
    #[arg(long)]
    pub baseline: Option<String>,
    /// Members per scenario.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RUNS, value_parser = clap::value_parser!(u64).range(1..=crate::ensemble::MAX_MEMBERS))]
    pub runs: u64,
    /// Seed shared by every scenario (default: the baseline's own).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Folder to write into; results go to OUT/compare-<names>/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `steppe compare`.
pub fn compare(args: &CompareArgs) -> Outcome {
    let loaded = load_all(&args.scenarios)?;
    let names: Vec<&str> = loaded.iter().map(|l| l.scenario.name.as_str()).collect();
    let baseline = match &args.baseline {
        None => 0,
        Some(b) => {
            let stem = std::path::Path::new(b)
                .file_stem()
                .map_or(b.clone(), |s| s.to_string_lossy().into_owned());
            names.iter().position(|n| *n == stem).ok_or_else(|| {
                let d = Diagnostic::file(
                    "steppe compare",
                    format!(
                        "--baseline `{b}` is not one of the compared scenarios: {}",
                        names.join(", ")
                    ),
                );
                Diagnostics::from(match closest(&stem, names.iter().copied()) {
                    Some(best) => d.with_help(format!("did you mean `{best}`?")),
                    None => d,
                })
            })?
        }
    };
    for (i, l) in loaded.iter().enumerate() {
        if names[..i].contains(&names[i]) {
            return Err(Diagnostic::file(
                l.source.name.clone(),
                format!("scenario `{}` is given twice", names[i]),
            )
            .into());
        }
        if l.world != loaded[baseline].world {
            return Err(Diagnostic::file(l.source.name.clone(), "it uses a different world from the baseline; compared scenarios must share one world").into());
        }
    }
    let seed = args.seed.unwrap_or(loaded[baseline].scenario.seed);
    let scenarios = loaded.iter().map(|l| &l.scenario).collect();
    let ensemble = Ensemble::new(&loaded[baseline].world, scenarios, seed)
        .map_err(|e| Diagnostic::file(loaded[baseline].source.name.clone(), e.to_string()))?;
    let bar = super::progress::bar(args.runs, "compare", args.quiet);
    let progress = super::progress::advance(&bar);
    let stats = with_threads(args.threads, || {
        ensemble.aggregate(0..args.runs, Some(baseline), &progress)
    })?
    .map_err(|e| Diagnostic::file(loaded[baseline].source.name.clone(), e.to_string()))?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let comparison = Comparison {
        scenarios: &loaded,
        baseline,
        seed,
        layout: &ensemble.layout,
        stats: &stats,
    };
    let dir = comparison.write(&args.out)?;
    if !args.quiet {
        let rows = comparison.rows();
        println!(
            "{} members per scenario, seed {seed}, baseline `{}`",
            args.runs, names[baseline]
        );
        println!(
            "regional influence at {}: median, and change from the baseline [5 %, 95 %] (share of members above)",
            loaded[0].scenario.calendar.end()
        );
        for p in &loaded[0].world.powers {
            for domain in std::iter::once("overall".to_string())
                .chain(loaded[0].world.domains.iter().map(|d| d.id.clone()))
            {
                let metric = format!("{}.region.{domain}", p.id);
                let cells: Vec<String> = rows
                    .iter()
                    .filter(|r| r.metric == metric)
                    .map(|r| match (r.difference, r.share_above_baseline) {
                        (Some(d), Some(s)) => format!(
                            "{} {:.3} ({:+.3} [{:+.3}, {:+.3}] {:.0}%)",
                            r.scenario,
                            r.value.p50,
                            d.p50,
                            d.p05,
                            d.p95,
                            s * 100.0
                        ),
                        _ => format!("{} {:.3}", r.scenario, r.value.p50),
                    })
                    .collect();
                println!("  {metric:<26} {}", cells.join(" | "));
            }
        }
        println!("wrote {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
