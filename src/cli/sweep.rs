//! `steppe sweep EXPERIMENT.toml`: run an experiment over parameters and write its table,
//! analyses and charts; or one shard of it; or merge the shards.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{CommandResult, export_error, write_results};
use steppe::analysis::sweep::{PrimAnalysis, SweepAnalysis, ranked};
use steppe::diag::{Diagnostic, Diagnostics};
use steppe::experiment::part::{decode, is_sweep_part};
use steppe::experiment::{Experiment, MAX_RUNS};
use steppe::export::{Exporter, PartFile};
use steppe::io::load::{display, load_experiment};
use steppe::io::output::FolderSink;
use steppe::simulate::{
    ExperimentRun, Results, RunSpec, Shard, SimulateError, Subject, SweepPart, merge_sweep,
    simulate,
};

/// Arguments of `steppe sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The experiment file (see README.md, "Experiments").
    pub experiment: PathBuf,
    /// Folder to write into; results go to OUT/sweep-<name>/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Run only shard K of M of the experiments and write a part file for merging.
    #[arg(long, value_name = "K/M", value_parser = super::run::parse_shard, conflicts_with = "merge")]
    pub shard: Option<Shard>,
    /// Merge these part files (every shard of this experiment) instead of running.
    #[arg(long, value_name = "PART", num_args = 1..)]
    pub merge: Vec<PathBuf>,
    /// Run a design of more than 10 million model runs.
    #[arg(long)]
    pub yes: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Reads a sweep part file.
pub fn read_sweep_part(path: &Path) -> Result<SweepPart, Diagnostic> {
    let name = display(path);
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(name.clone(), format!("cannot read the part file: {e}")))?;
    let (header, values) = decode(&bytes).map_err(|msg| {
        Diagnostic::file(name.clone(), msg)
            .with_help("write it again with `steppe sweep EXPERIMENT --shard K/M`")
    })?;
    Ok(SweepPart {
        name,
        header,
        values,
    })
}

/// Whether a file is a sweep part (for `steppe merge`).
pub fn is_sweep_part_file(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| is_sweep_part(&b))
}

fn sweep_error(e: SimulateError, x: &Experiment) -> Diagnostics {
    match e {
        SimulateError::Parts { file, message } => Diagnostic::file(file, message),
        other => Diagnostic::file(x.source.name.clone(), other.to_string()),
    }
    .into()
}

/// Merges sweep parts of the experiment they name; writes the results folder.
pub fn merge_parts(
    parts: &[PathBuf],
    experiment: Option<&Experiment>,
    out: &Path,
    quiet: bool,
) -> CommandResult {
    let mut read = Vec::new();
    let mut errors = Vec::new();
    for p in parts {
        match read_sweep_part(p) {
            Ok(part) => read.push(part),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors).into());
    }
    let loaded;
    let e = match experiment {
        Some(e) => e,
        None => {
            loaded = load_experiment(Path::new(&read[0].header.file), None)?;
            &loaded
        }
    };
    let results = merge_sweep(e, read).map_err(|err| sweep_error(err, e))?;
    let dir = write_results(out, &results)?;
    if let (false, Results::Experiment(r)) = (quiet, &results) {
        print_overview(r, &dir)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `steppe sweep`.
pub fn sweep(args: &SweepArgs) -> CommandResult {
    let cap = (!args.yes).then_some(MAX_RUNS);
    let e = load_experiment(&args.experiment, cap)?;
    if !args.merge.is_empty() {
        return merge_parts(&args.merge, Some(&e), &args.out, args.quiet);
    }
    let spec = RunSpec {
        shard: args.shard,
        threads: args.threads.map(|t| t as usize),
        ..RunSpec::default()
    };
    let total = args.shard.map_or(e.runs(), |s| {
        let r = s.range(e.runs());
        r.end - r.start
    });
    let (bar, spec) =
        super::progress::attach(spec, total, &format!("sweep-{}", e.name), args.quiet);
    let results = simulate(Subject::Experiment(&e), &spec).map_err(|err| sweep_error(err, &e))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let Results::Experiment(r) = &results else {
        return Ok(ExitCode::SUCCESS);
    };
    if let Some(s) = r.shard {
        let mut sink = FolderSink::new(&args.out);
        PartFile.export(&results, &mut sink).map_err(export_error)?;
        if !args.quiet {
            let path = sink.written().first().cloned().unwrap_or_default();
            outln!(
                "sweep-{}: shard {}/{} (experiments {}..{}) written to {}",
                e.name,
                s.index,
                s.count,
                r.runs.start,
                r.runs.end,
                path.display()
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let dir = write_results(&args.out, &results)?;
    if !args.quiet {
        print_overview(r, &dir)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints, for each outcome, the parameters that drive it most, and PRIM's box.
fn print_overview(r: &ExperimentRun, dir: &Path) -> std::io::Result<()> {
    let e = r.experiment;
    let a = SweepAnalysis::of(r);
    outln!(
        "{} ({}): {} design of {} parameters, {} experiments, {} model runs",
        e.title,
        e.name,
        e.design.kind.as_str(),
        e.factors.len(),
        e.runs(),
        e.model_runs()
    )?;
    for (i, o) in e.outcomes.iter().enumerate() {
        outln!("  {}: {}", o.name, o.describe)?;
        for l in drivers(e, &a, i) {
            outln!("    {l}")?;
        }
    }
    match &a.prim {
        Some(Ok(p)) => print_prim_box(e, p)?,
        Some(Err(msg)) => outln!("  PRIM: {msg}")?,
        None => {}
    }
    outln!("  wrote {}", dir.display())?;
    Ok(())
}

/// A factor as printed: its path and grade.
fn label(e: &Experiment, j: usize) -> String {
    format!("{} ({})", e.factors[j].path, e.factors[j].grade_label())
}

/// The five parameters that drive outcome `i` most, one line each, by the first analysis
/// available: Sobol' indices, Morris effects, rank attribution, then the tornado.
fn drivers(e: &Experiment, a: &SweepAnalysis, i: usize) -> Vec<String> {
    if let Some(Ok(s)) = a.sobol.as_ref().map(|v| &v[i]) {
        ranked(&s.st)
            .into_iter()
            .take(5)
            .map(|j| {
                format!(
                    "ST {:.3} ± {:.3}  S1 {:.3}  {}",
                    s.st[j],
                    s.st_conf[j],
                    s.s1[j],
                    label(e, j)
                )
            })
            .collect()
    } else if let Some(Ok(m)) = a.morris.as_ref().map(|v| &v[i]) {
        ranked(&m.mu_star)
            .into_iter()
            .take(5)
            .map(|j| {
                format!(
                    "mu* {:.4}  sigma {:.4}  {}",
                    m.mu_star[j],
                    m.sigma[j],
                    label(e, j)
                )
            })
            .collect()
    } else if let Some(Ok(r)) = a.ranks.as_ref().map(|v| &v[i]) {
        let abs: Vec<f64> = r.score().iter().map(|v| v.abs()).collect();
        let what = if r.srrc.is_ok() { "SRRC" } else { "Spearman" };
        ranked(&abs)
            .into_iter()
            .take(5)
            .map(|j| format!("{what} {:+.3}  {}", r.score()[j], label(e, j)))
            .collect()
    } else if let Some(Ok(t)) = a.tornado.as_ref().map(|v| &v[i]) {
        t.bars
            .iter()
            .take(5)
            .map(|b| {
                format!(
                    "swing {:.4} ({:+.4} .. {:+.4})  {}",
                    b.swing,
                    b.y_low - t.baseline,
                    b.y_high - t.baseline,
                    label(e, b.factor)
                )
            })
            .collect()
    } else {
        vec!["(not analysed: see summary.json)".into()]
    }
}

/// PRIM's chosen box: its coverage and density, and the range of each restricted parameter.
fn print_prim_box(e: &Experiment, p: &PrimAnalysis) -> std::io::Result<()> {
    let s = &p.result.steps[p.chosen];
    outln!(
        "  PRIM box: coverage {:.2}, density {:.2} ({} of {} points are cases)",
        s.coverage,
        s.density,
        p.cases,
        p.points
    )?;
    for &j in &s.restricted {
        outln!(
            "    {:.4} <= {} <= {:.4}",
            s.limits[j].0,
            label(e, j),
            s.limits[j].1
        )?;
    }
    Ok(())
}
