//! `steppe compare`: scenarios side by side as paired ensembles, with differences from a baseline.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{CommandResult, load_all, simulate_error, write_results_with_report};
use steppe::diag::{Diagnostic, Diagnostics, closest};
use steppe::simulate::{ComparisonRun, Results, RunSpec, Subject, simulate};

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
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RUNS, value_parser = clap::value_parser!(u64).range(1..=steppe::ensemble::MAX_MEMBERS))]
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
    /// Also write report.html: one self-contained page with the answer, figures and evidence.
    #[arg(long)]
    pub report: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Runs `steppe compare`.
pub fn compare(args: &CompareArgs) -> CommandResult {
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
    let spec = RunSpec {
        seed: args.seed,
        members: Some(args.runs),
        threads: args.threads.map(|t| t as usize),
        ..RunSpec::default()
    };
    let (bar, spec) = super::progress::attach(spec, args.runs, "compare", args.quiet);
    let subject = Subject::Comparison {
        scenarios: &loaded,
        baseline,
    };
    let results = simulate(subject, &spec)
        .map_err(|e| simulate_error(e, &loaded[baseline], "steppe compare"))?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let dir = write_results_with_report(&args.out, &results, args.report)?;
    if let Results::Comparison(c) = &results {
        if !args.quiet {
            print_overview(c, &dir);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the regional picture: each scenario's median and change from the baseline.
fn print_overview(comparison: &ComparisonRun, dir: &std::path::Path) {
    let loaded = &comparison.scenarios;
    let names: Vec<&str> = loaded.iter().map(|l| l.scenario.name.as_str()).collect();
    let (baseline, seed) = (comparison.baseline, comparison.seed);
    let rows = comparison.rows();
    println!(
        "{} members per scenario, seed {seed}, baseline `{}`",
        comparison.members, names[baseline]
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
