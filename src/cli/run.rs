//! `steppe run`: run scenarios and write their results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{CommandResult, Failure, load_all, simulate_error};
use steppe::analysis::summary::{EnsembleSummary, Summary};
use steppe::diag::{Diagnostic, Diagnostics};
use steppe::export::{self, Exporter, PartFile};
use steppe::inputs::Loaded;
use steppe::io::output::{FolderSink, Staging, commit_all, previous_result, probe_folder};
use steppe::metric::{Metric, Scope};
use steppe::simulate::{EnsembleRun, Results, RunSpec, Shard, SingleRun, Subject, simulate};

/// Arguments of `steppe run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files to run.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Seed for the random number generator (default: the scenario's own).
    #[arg(long, value_parser = super::seed, allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Folder to write results into; each scenario gets OUT/<file stem>/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Run an ensemble of N members, each drawing uncertain parameters from their ranges.
    #[arg(long, value_name = "N", value_parser = super::members, allow_negative_numbers = true)]
    pub runs: Option<u64>,
    /// Run only shard K of M of the ensemble and write a partial result for `steppe merge`.
    #[arg(long, value_name = "K/M", value_parser = parse_shard, requires = "runs")]
    pub shard: Option<Shard>,
    /// With --runs: also write every member's trajectory (members.csv; large) and drawn
    /// parameter values (members-parameters.csv).
    #[arg(long, requires = "runs", conflicts_with = "shard")]
    pub keep_members: bool,
    /// Worker threads for ensembles (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = super::threads, allow_negative_numbers = true)]
    pub threads: Option<u64>,
    /// Switch noise and random incidents off (a deterministic run of the central path).
    #[arg(long)]
    pub no_noise: bool,
    /// Also write report.html: one self-contained page with the answer, figures and evidence.
    #[arg(long, conflicts_with = "shard")]
    pub report: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Changes to the scenarios for this run.
    #[command(flatten)]
    pub overrides: super::overrides::OverrideArgs,
}

impl RunArgs {
    /// The run specification these arguments ask for.
    fn spec(&self) -> RunSpec {
        RunSpec {
            seed: self.seed,
            noise: self.no_noise.then_some(false),
            members: self.runs,
            shard: self.shard,
            threads: self.threads.map(|t| t as usize),
            keep_members: self.keep_members,
            record_draws: self
                .runs
                .is_some_and(|n| n <= steppe::analysis::attribution::ATTRIBUTION_MAX_MEMBERS),
            keep_parameters: self.keep_members,
            ..RunSpec::default()
        }
    }
}

/// Reads `K/M` with 1 <= K <= M.
pub fn parse_shard(text: &str) -> Result<Shard, String> {
    let (k, m) = text
        .split_once('/')
        .ok_or_else(|| format!("`{text}` is not a shard: expected K/M, e.g. 2/8"))?;
    let k: u64 = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a shard number"))?;
    let m: u64 = m
        .trim()
        .parse()
        .map_err(|_| format!("`{m}` is not a number of shards"))?;
    if m == 0 || k == 0 || k > m {
        return Err(format!(
            "shard {k}/{m} does not exist: K must be between 1 and M, and M at least 1"
        ));
    }
    Ok(Shard { index: k, count: m })
}

/// Runs `steppe run`: every scenario first, then the files, so that a failure in one scenario
/// writes nothing for any.
pub fn run(args: &RunArgs) -> CommandResult {
    let loaded = load_all(&args.scenarios, &args.overrides.command_line())?;
    check_distinct_folders(&loaded)?;
    let spec = args.spec();
    // Where the results go is checked, and their folders made, before any computing starts:
    // a folder that cannot be written fails now, not after a long ensemble.
    let stagings = stage_folders(args, &loaded)?;
    let results = simulate_each(args, &spec, &loaded)?;
    let (dirs, previous) = write_folders(args, stagings, &results)?;
    let mut previous = previous.into_iter();
    let mut dirs = dirs.into_iter();
    for (l, r) in loaded.iter().zip(&results) {
        match r {
            Results::Ensemble(e) if e.shard.is_some() => write_shard_part(args, l, r, e)?,
            _ => {
                let dir = dirs.next().unwrap_or_default();
                let replaced = previous.next().flatten();
                if !args.quiet {
                    match r {
                        Results::Single(s) => print_overview(s, &dir)?,
                        Results::Ensemble(e) => {
                            print_ensemble_overview(l, &EnsembleSummary::of(e), &dir)?
                        }
                        _ => {}
                    }
                    if let Some(replaced) = replaced {
                        outln!("  (replaced the earlier result there: {replaced})")?;
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Each scenario writes to a folder named after it, so two with the same name would collide.
fn check_distinct_folders(loaded: &[Loaded]) -> Result<(), Diagnostic> {
    for (i, l) in loaded.iter().enumerate() {
        if let Some(first) = loaded[..i]
            .iter()
            .find(|o| o.scenario.name == l.scenario.name)
        {
            return Err(Diagnostic::file(
                l.source.name.clone(),
                format!(
                    "it would write to the same folder `{}` as {}: give the files different names",
                    l.scenario.name, first.source.name
                ),
            ));
        }
    }
    Ok(())
}

/// A results folder staged per scenario; a shard writes part files instead, so only its
/// output folder is probed.
fn stage_folders(args: &RunArgs, loaded: &[Loaded]) -> Result<Vec<Staging>, Diagnostics> {
    let mut stagings = Vec::new();
    if args.shard.is_some() {
        probe_folder(&args.out).map_err(super::export_error)?;
    } else {
        for l in loaded {
            stagings.push(Staging::new(&args.out, &l.scenario.name).map_err(super::export_error)?);
        }
    }
    Ok(stagings)
}

/// Every scenario simulated in turn, each with its own progress bar.
fn simulate_each<'a>(
    args: &RunArgs,
    spec: &RunSpec,
    loaded: &'a [Loaded],
) -> Result<Vec<Results<'a>>, Diagnostics> {
    let mut results = Vec::new();
    for l in loaded {
        let total = args.runs.map_or(1, |n| {
            args.shard.map_or(n, |s| {
                let r = s.range(n);
                r.end - r.start
            })
        });
        let (bar, spec) =
            super::progress::attach(spec.clone(), total, &l.scenario.name, args.quiet);
        let r = simulate(Subject::Scenario(l), &spec)
            .map_err(|e| simulate_error(e, l, "steppe run"))?;
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        results.push(r);
    }
    Ok(results)
}

/// Every staged folder written, then all moved into place at once, or none. Returns the
/// folders and, for each, the earlier result it replaced (if any).
fn write_folders(
    args: &RunArgs,
    stagings: Vec<Staging>,
    results: &[Results],
) -> Result<(Vec<PathBuf>, Vec<Option<String>>), Diagnostics> {
    let mut written = Vec::new();
    for (mut staging, r) in stagings.into_iter().zip(results) {
        export::export_all(&super::exporters(args.report), r, &mut staging)
            .map_err(super::export_error)?;
        written.push(staging);
    }
    let previous: Vec<Option<String>> = written
        .iter()
        .map(|s| previous_result(s.target()))
        .collect();
    let dirs = commit_all(written).map_err(super::export_error)?;
    Ok((dirs, previous))
}

/// A shard's part file, written straight into the output folder, and where it went.
fn write_shard_part(
    args: &RunArgs,
    l: &Loaded,
    r: &Results,
    e: &EnsembleRun,
) -> Result<(), Failure> {
    let mut sink = FolderSink::new(&args.out);
    PartFile.export(r, &mut sink).map_err(super::export_error)?;
    if !args.quiet {
        let s = e.shard.unwrap_or(Shard { index: 1, count: 1 });
        let path = sink.written().first().cloned().unwrap_or_default();
        outln!(
            "{}: shard {}/{} (members {}..{}) written to {}",
            l.scenario.name,
            s.index,
            s.count,
            e.members.start,
            e.members.end,
            path.display()
        )?;
    }
    Ok(())
}

fn print_overview(r: &SingleRun, dir: &std::path::Path) -> std::io::Result<()> {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    outln!(
        "{} ({}), seed {}{}: {} to {}, {} steps",
        r.loaded.scenario.title,
        r.loaded.scenario.name,
        r.provenance.seed,
        if r.provenance.noise {
            ""
        } else {
            ", noise off"
        },
        cal.start,
        cal.end(),
        cal.steps
    )?;
    outln!("  regional influence, start -> end:")?;
    for (p, power) in world.powers.iter().enumerate() {
        let cells: Vec<String> = std::iter::once(None)
            .chain((0..world.domains.len()).map(Some))
            .map(|domain| {
                let m = Metric {
                    power: p,
                    scope: Scope::Region,
                    domain,
                };
                let s = r.metric_series(&m);
                let name = m.domain_id(world);
                format!("{name} {:.3} -> {:.3}", s[0], s[s.len() - 1])
            })
            .collect();
        outln!("    {:<8} {}", power.id, cells.join(" | "))?;
    }
    let summary = Summary::of(r);
    for c in summary
        .crossovers
        .iter()
        .filter(|c| c.scope == "region")
        .take(5)
    {
        outln!(
            "  {}: {} overtakes {} in regional {}",
            c.date,
            c.power,
            c.overtakes,
            c.domain
        )?;
    }
    outln!("  wrote {}", dir.display())?;
    Ok(())
}

/// Prints the regional picture of an ensemble.
pub fn print_ensemble_overview(
    l: &Loaded,
    summary: &EnsembleSummary,
    dir: &std::path::Path,
) -> std::io::Result<()> {
    let members = summary.provenance.members;
    outln!(
        "{} ({}), seed {}, {}{}: {} to {}",
        l.scenario.title,
        l.scenario.name,
        summary.provenance.seed,
        steppe::diag::counted(members, "member", "members"),
        if summary.provenance.noise {
            ""
        } else {
            ", noise off"
        },
        summary.run.start,
        summary.run.end
    )?;
    if members == 1 {
        outln!(
            "  note: --runs 1 is a one-member ensemble: its parameters are drawn from their ranges, not set to their central values, and its files have the ensemble layout (quantiles of one member); leave out --runs for the central run"
        )?;
    }
    outln!("  regional influence at the end, median [5 %, 95 %]:")?;
    for power in &l.world.powers {
        let cells: Vec<String> = std::iter::once("overall".to_string())
            .chain(l.world.domains.iter().map(|d| d.id.clone()))
            .filter_map(|d| {
                let name = format!("{}.region.{d}", power.id);
                summary.metrics.iter().find(|m| m.metric == name).map(|m| {
                    format!(
                        "{d} {:.3} [{:.3}, {:.3}]",
                        m.last.p50, m.last.p05, m.last.p95
                    )
                })
            })
            .collect();
        outln!("    {:<8} {}", power.id, cells.join(" | "))?;
    }
    outln!("  wrote {}", dir.display())?;
    Ok(())
}
