//! `steppe compare`: scenarios side by side as paired ensembles, with differences from a baseline.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{CommandResult, export_error, load_all, simulate_error};
use steppe::diag::{Diagnostic, Diagnostics, closest};
use steppe::export;
use steppe::inputs::Loaded;
use steppe::io::output::{Staging, previous_result};
use steppe::simulate::{ComparisonRun, Results, RunSpec, Subject, simulate};

/// Members per scenario when `--runs` is not given.
pub const DEFAULT_RUNS: u64 = 500;

/// Arguments of `steppe compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files to compare (at least two).
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// The scenario the others are compared with, by file stem (default: the file named
    /// baseline.toml, else the first given).
    #[arg(long)]
    pub baseline: Option<String>,
    /// Members per scenario.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_RUNS, value_parser = super::members, allow_negative_numbers = true)]
    pub runs: u64,
    /// Seed shared by every scenario (default: the baseline's own).
    #[arg(long, value_parser = super::seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Folder to write into; results go to OUT/compare-<names>/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = super::threads, allow_negative_numbers = true)]
    pub threads: Option<u64>,
    /// Also write report.html: one self-contained page with the answer, figures and evidence.
    #[arg(long)]
    pub report: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Changes to every compared scenario (the baseline too).
    #[command(flatten)]
    pub overrides: super::overrides::OverrideArgs,
}

/// Runs `steppe compare`.
pub fn compare(args: &CompareArgs) -> CommandResult {
    let loaded = load_all(&args.scenarios, &args.overrides.command_line())?;
    let names: Vec<&str> = loaded.iter().map(|l| l.scenario.name.as_str()).collect();
    let (baseline, why) = choose_baseline(args.baseline.as_deref(), &names)?;
    check_comparable(&loaded, &names, baseline)?;
    let spec = RunSpec {
        seed: args.seed,
        members: Some(args.runs),
        threads: args.threads.map(|t| t as usize),
        record_draws: args.runs <= steppe::analysis::attribution::ATTRIBUTION_MAX_MEMBERS,
        ..RunSpec::default()
    };
    // The results folder is made before computing: one that cannot be written fails now.
    let mut staging = Staging::new(&args.out, &export::comparison_folder(names.iter().copied()))
        .map_err(export_error)?;
    if !args.quiet {
        outln!("baseline: `{}` ({why})", names[baseline])?;
    }
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
    export::export_all(&super::exporters(args.report), &results, &mut staging)
        .map_err(export_error)?;
    let replaced = previous_result(staging.target());
    let dir = staging.commit().map_err(export_error)?;
    if let Results::Comparison(c) = &results {
        if !args.quiet {
            print_overview(c, &dir)?;
            if let Some(replaced) = replaced {
                outln!("(replaced the earlier result there: {replaced})")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The baseline's index among `names` and why it is the baseline: `--baseline` (a name or a
/// file, by stem), else the file named baseline.toml, else the first given.
fn choose_baseline(
    given: Option<&str>,
    names: &[&str],
) -> Result<(usize, &'static str), Diagnostics> {
    let Some(b) = given else {
        return Ok(match names.iter().position(|n| *n == "baseline") {
            Some(i) => (i, "the file named baseline.toml"),
            None => (
                0,
                "the first scenario given; choose another with --baseline NAME",
            ),
        });
    };
    let stem = std::path::Path::new(b)
        .file_stem()
        .map_or(b.to_string(), |s| s.to_string_lossy().into_owned());
    names
        .iter()
        .position(|n| *n == stem)
        .ok_or_else(|| {
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
        })
        .map(|i| (i, "given by --baseline"))
}

/// Compared scenarios must be distinct and share the baseline's world and calendar, or their
/// paired members would not be comparable.
fn check_comparable(loaded: &[Loaded], names: &[&str], baseline: usize) -> Result<(), Diagnostic> {
    for (i, l) in loaded.iter().enumerate() {
        if names[..i].contains(&names[i]) {
            return Err(Diagnostic::file(
                l.source.name.clone(),
                format!("scenario `{}` is given twice", names[i]),
            ));
        }
        let base = &loaded[baseline];
        if !l.same_world(base) {
            return Err(Diagnostic::file(
                l.source.name.clone(),
                format!(
                    "it uses a different world from the baseline `{}`: their world or evidence files differ in content",
                    base.scenario.name
                ),
            )
            .with_help("compared scenarios must share one world"));
        }
        let (own, theirs) = (&l.scenario.calendar, &base.scenario.calendar);
        if own != theirs {
            let span = |c: &steppe::calendar::Calendar| {
                format!("{} to {} in {:?} steps", c.start, c.end(), c.step).to_lowercase()
            };
            return Err(Diagnostic::file(
                l.source.name.clone(),
                format!(
                    "it runs from {}, the baseline `{}` from {}",
                    span(own),
                    base.scenario.name,
                    span(theirs)
                ),
            )
            .with_help(
                "compared scenarios must share start, end and step ([run] in the scenario files)",
            ));
        }
    }
    Ok(())
}

/// Prints the regional picture: each scenario's median and change from the baseline.
fn print_overview(comparison: &ComparisonRun, dir: &std::path::Path) -> std::io::Result<()> {
    let loaded = &comparison.scenarios;
    let names: Vec<&str> = loaded.iter().map(|l| l.scenario.name.as_str()).collect();
    let (baseline, seed) = (comparison.baseline, comparison.seed);
    let rows = comparison.rows();
    outln!(
        "{} per scenario, seed {seed}, baseline `{}`",
        steppe::diag::counted(comparison.members, "member", "members"),
        names[baseline]
    )?;
    outln!(
        "regional influence at {}: median, and change from the baseline [5 %, 95 %] (share of members above)",
        loaded[0].scenario.calendar.end()
    )?;
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
            outln!("  {metric:<26} {}", cells.join(" | "))?;
        }
    }
    outln!("wrote {}", dir.display())?;
    Ok(())
}
