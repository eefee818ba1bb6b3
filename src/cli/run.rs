//! `steppe run`: run scenarios and write their results.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Outcome;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ensemble::Ensemble;
use crate::ensemble::aggregate::Aggregate;
use crate::ensemble::part::{self, PartHeader, shard_range};
use crate::io::ensemble_results::{ensemble_summary, write_ensemble};
use crate::io::load::{Loaded, load_scenario};
use crate::io::output::write_atomic;
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
    /// Run an ensemble of N members, each drawing uncertain parameters from their ranges.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=crate::ensemble::MAX_MEMBERS))]
    pub runs: Option<u64>,
    /// Run only shard K of M of the ensemble and write a partial result for `steppe merge`.
    #[arg(long, value_name = "K/M", value_parser = parse_shard, requires = "runs")]
    pub shard: Option<(u64, u64)>,
    /// With --runs: also write every member's trajectory (members.csv; large).
    #[arg(long, requires = "runs", conflicts_with = "shard")]
    pub keep_members: bool,
    /// Worker threads for ensembles (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Switch noise and random incidents off (a deterministic run of the central path).
    #[arg(long)]
    pub no_noise: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Reads `K/M` with 1 <= K <= M.
pub fn parse_shard(text: &str) -> Result<(u64, u64), String> {
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
    Ok((k, m))
}

/// Runs `f` on a pool of `threads` threads, or on the global pool.
pub fn with_threads<T: Send>(
    threads: Option<u64>,
    f: impl FnOnce() -> T + Send,
) -> Result<T, Diagnostics> {
    match threads {
        None => Ok(f()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n as usize)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| {
                Diagnostic::file("steppe", format!("cannot start {n} threads: {e}")).into()
            }),
    }
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
            )
            .into());
        }
    }
    if args.no_noise {
        for l in &mut loaded {
            l.scenario.noise = false;
        }
    }
    if let Some(n) = args.runs {
        return with_threads(args.threads, || run_ensembles(args, &loaded, n))?;
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

/// Runs `steppe run --runs N` for every loaded scenario.
/// One scenario's finished ensemble, waiting to be written.
struct Finished<'a> {
    loaded: &'a Loaded,
    seed: u64,
    members: std::ops::Range<u64>,
    layout: crate::ensemble::aggregate::Layout,
    aggregate: Aggregate,
    kept: Option<Vec<(u64, Vec<f64>)>>,
}

/// Runs one scenario's ensemble (or its shard).
fn run_ensemble<'a>(args: &RunArgs, l: &'a Loaded, n: u64) -> Result<Finished<'a>, Diagnostics> {
    let seed = args.seed.unwrap_or(l.scenario.seed);
    let fail = |e: crate::ensemble::EnsembleError| {
        Diagnostics::from(Diagnostic::file(l.source.name.clone(), e.to_string()))
    };
    let ensemble = Ensemble::new(&l.world, vec![&l.scenario], seed).map_err(fail)?;
    let members = match args.shard {
        Some((k, m)) => shard_range(n, k, m),
        None => 0..n,
    };
    let bar = super::progress::bar(members.end - members.start, &l.scenario.name, args.quiet);
    let progress = super::progress::advance(&bar);
    let layout = &ensemble.layout;
    let (aggregate, kept) = if args.keep_members {
        let (agg, mut kept) = ensemble
            .fold(
                members.clone(),
                &progress,
                || (Aggregate::new(layout), Vec::new()),
                |(agg, kept), m| {
                    agg.add(layout, &m.metrics[0], &m.drivers[0]);
                    kept.push((m.member, m.trajectories[0].influence.clone()));
                },
                |(a, k), (b, mut kb)| {
                    a.merge(&b);
                    k.append(&mut kb);
                },
            )
            .map_err(fail)?;
        kept.sort_by_key(|(i, _)| *i);
        (agg, Some(kept))
    } else {
        let stats = ensemble
            .aggregate(members.clone(), None, &progress)
            .map_err(fail)?;
        let agg = stats
            .scenarios
            .into_iter()
            .next()
            .unwrap_or_else(|| Aggregate::new(layout));
        (agg, None)
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    Ok(Finished {
        loaded: l,
        seed,
        members,
        layout: ensemble.layout.clone(),
        aggregate,
        kept,
    })
}

/// Runs `steppe run --runs N` for every loaded scenario: every ensemble first, then the files,
/// so that a failure in one scenario writes nothing for any.
fn run_ensembles(args: &RunArgs, loaded: &[Loaded], n: u64) -> Outcome {
    if let Some((_, m)) = args.shard {
        if m > n {
            return Err(Diagnostic::file(
                "steppe run",
                format!("--shard asks for {m} shards of {n} members; use at most as many shards as members"),
            )
            .into());
        }
    }
    let finished = loaded
        .iter()
        .map(|l| run_ensemble(args, l, n))
        .collect::<Result<Vec<_>, _>>()?;
    for f in &finished {
        let l = f.loaded;
        if let Some((k, m)) = args.shard {
            let header = PartHeader {
                steppe_version: crate::io::results::VERSION.to_string(),
                scenario: l.scenario.name.clone(),
                file: l.files[0].path.clone(),
                files: l.files.clone(),
                seed: f.seed,
                noise: l.scenario.noise,
                members: n,
                shard: k,
                shards: m,
                first_member: f.members.start,
                end_member: f.members.end,
                payload_bytes: 0,
                checksum: String::new(),
            };
            let path = args
                .out
                .join(format!("{}.part-{k}-of-{m}", l.scenario.name));
            write_atomic(&path, &part::encode(header, &f.aggregate))?;
            if !args.quiet {
                println!(
                    "{}: shard {k}/{m} (members {}..{}) written to {}",
                    l.scenario.name,
                    f.members.start,
                    f.members.end,
                    path.display()
                );
            }
            continue;
        }
        let summary = ensemble_summary(l, &f.layout, &f.aggregate, f.seed);
        let dir = write_ensemble(
            &args.out,
            l,
            &f.layout,
            &f.aggregate,
            &summary,
            f.kept.as_deref(),
        )?;
        if !args.quiet {
            print_ensemble_overview(l, &summary, &dir);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the regional picture of an ensemble.
pub fn print_ensemble_overview(
    l: &Loaded,
    summary: &crate::summary::EnsembleSummary,
    dir: &std::path::Path,
) {
    println!(
        "{} ({}), seed {}, {} members: {} to {}",
        l.scenario.title,
        l.scenario.name,
        summary.provenance.seed,
        summary.provenance.members,
        summary.run.start,
        summary.run.end
    );
    println!("  regional influence at the end, median [5 %, 95 %]:");
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
        println!("    {:<8} {}", power.id, cells.join(" | "));
    }
    println!("  wrote {}", dir.display());
}
