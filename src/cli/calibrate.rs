//! `steppe calibrate`: fit the judgement- and claim-grade parameters to the measured series by
//! approximate Bayesian computation (rejection), write the posterior samples, compare hindcast
//! scores and scenarios' headline results prior against posterior. `--shard K/M` writes one
//! shard's closest members for `steppe merge`, which finishes the calibration exactly as one
//! machine would have.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::{CommandResult, Failure, export_error, load_all};
use steppe::calibrate::part::{self, CalibrationPartHeader};
use steppe::calibrate::posterior::{build, calibrated_params};
use steppe::calibrate::{CalibrateError, CalibrationSpec, Selection, Train, headline, select};
use steppe::diag::{Diagnostic, Diagnostics};
use steppe::ensemble::ParamSamples;
use steppe::export::calibration::{CalibrationReport, write_calibration};
use steppe::history::hindcast::{HindcastSpec, ScoreRow, hindcast};
use steppe::history::observe::Observations;
use steppe::inputs::Loaded;
use steppe::io::output::{FolderSink, Staging, probe_folder};
use steppe::provenance::{FileRef, VERSION};

/// The scenarios whose headline results are compared by default, the baseline first.
pub const HEADLINE: [&str; 4] = [
    "scenarios/baseline.toml",
    "scenarios/ukraine-freeze.toml",
    "scenarios/sanctions-lifted.toml",
    "scenarios/oil-price-rise.toml",
];

/// Arguments of `steppe calibrate`.
#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The replay scenario the measured series are compared with.
    #[arg(default_value = "scenarios/past/history.toml")]
    pub scenario: PathBuf,
    /// Observation rules (they name the measured series).
    #[arg(long, default_value = "seeds/history/rules.toml")]
    pub rules: PathBuf,
    /// Members drawn from the prior.
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=steppe::ensemble::MAX_MEMBERS))]
    pub runs: u64,
    /// Posterior sample size: the closest members kept.
    #[arg(long, default_value_t = 1000)]
    pub accept: usize,
    /// Forecasts to fit: `in-sample` (before the rules' test_from) or `all`.
    #[arg(long, default_value = "in-sample", value_parser = ["in-sample", "all"])]
    pub train: String,
    /// Seed (default: the scenario's own).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Run only shard K of M and write its closest members for `steppe merge`.
    #[arg(long, value_name = "K/M", value_parser = super::run::parse_shard)]
    pub shard: Option<steppe::simulate::Shard>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Scenarios whose headline results are compared prior against posterior, baseline first.
    #[arg(long, num_args = 1.., default_values_t = HEADLINE.map(String::from))]
    pub headline: Vec<String>,
    /// Members of the headline comparisons (0: skip them).
    #[arg(long, default_value_t = 1000)]
    pub headline_runs: u64,
    /// Members of the hindcasts prior and posterior (0: skip them).
    #[arg(long, default_value_t = 1000)]
    pub hindcast_runs: u64,
    /// Folder to write into: OUT/calibrate-<scenario>-<train>/ (or the part file).
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// What finishing a calibration needs besides the selection.
struct Finish<'a> {
    loaded: &'a Loaded,
    obs: Observations,
    files: Vec<FileRef>,
    rules: String,
    headline: Vec<Loaded>,
    headline_runs: u64,
    hindcast_runs: u64,
    threads: Option<usize>,
    staging: Staging,
    quiet: bool,
}

/// Where a calibration's results go: a shard's part file, or the whole calibration's folder.
enum Destination {
    Shard(steppe::simulate::Shard),
    Folder(Staging),
}

fn calibrate_error(e: CalibrateError, l: &Loaded) -> Diagnostics {
    match e {
        CalibrateError::Simulate(s) => super::simulate_error(s, l, "steppe calibrate"),
        other => Diagnostic::file(l.source.name.clone(), other.to_string()).into(),
    }
}

fn train_of(name: &str) -> Train {
    if name == "all" {
        Train::All
    } else {
        Train::InSample
    }
}

/// Runs `steppe calibrate`.
pub fn run(args: &CalibrateArgs) -> CommandResult {
    let (loaded, obs, files) = super::hindcast::load(&args.scenario, &args.rules, None)?;
    let headline_paths: Vec<PathBuf> = args.headline.iter().map(PathBuf::from).collect();
    let headline = if args.headline_runs > 0 {
        load_all(&headline_paths, &steppe::scenario::CommandLine::default())?
    } else {
        Vec::new()
    };
    let threads = args.threads.map(|t| t as usize);
    let destination = destination(args, &loaded)?;
    let selection = select_timed(args, &loaded, &obs, threads)?;
    let mut inputs = loaded.files.clone();
    inputs.extend(files.iter().cloned());
    let staging = match destination {
        Destination::Folder(staging) => staging,
        Destination::Shard(shard) => {
            return write_part(args, &loaded, &selection, inputs, shard);
        }
    };
    finish(
        &selection,
        Finish {
            staging,
            loaded: &loaded,
            obs,
            files,
            rules: args.rules.display().to_string(),
            headline,
            headline_runs: args.headline_runs,
            hindcast_runs: args.hindcast_runs,
            threads,
            quiet: args.quiet,
        },
    )
}

/// Where the results go, checked (and their folder made) before computing, as `steppe run`
/// does: a shard's folder is probed, a whole calibration's results folder staged.
fn destination(args: &CalibrateArgs, loaded: &Loaded) -> Result<Destination, Diagnostics> {
    Ok(match args.shard {
        Some(shard) => {
            probe_folder(&args.out).map_err(export_error)?;
            Destination::Shard(shard)
        }
        None => Destination::Folder(
            Staging::new(&args.out, &results_folder(loaded, train_of(&args.train)))
                .map_err(export_error)?,
        ),
    })
}

/// Runs the members (of the shard, if one is asked for) with a progress bar and keeps the
/// closest; unless quiet, says how many ran how fast and on which forecasts.
fn select_timed(
    args: &CalibrateArgs,
    loaded: &Loaded,
    obs: &Observations,
    threads: Option<usize>,
) -> Result<Selection, Failure> {
    let total = args.shard.map_or(args.runs, |s| {
        let r = s.range(args.runs);
        r.end - r.start
    });
    let (bar, spec) = super::progress::attach(
        steppe::simulate::RunSpec::default(),
        total,
        &format!("calibrate {}", loaded.scenario.name),
        args.quiet,
    );
    let started = Instant::now();
    let selection = select(
        loaded,
        obs,
        &CalibrationSpec {
            members: args.runs,
            accept: args.accept,
            seed: args.seed,
            threads,
            shard: args.shard,
            train: train_of(&args.train),
            progress: spec.progress,
        },
    )
    .map_err(|e| calibrate_error(e, loaded))?;
    let seconds = started.elapsed().as_secs_f64();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if !args.quiet {
        outln!(
            "calibrate {}: {} members in {seconds:.1} s ({:.0} members/s on {} threads); {} forecasts ({})",
            loaded.scenario.name,
            total,
            total as f64 / seconds.max(1e-9),
            threads.unwrap_or_else(rayon::current_num_threads),
            selection.forecasts,
            selection.train.name()
        )?;
    }
    Ok(selection)
}

/// Writes a shard's part file: a header with every input's hash and the settings, then the
/// shard's closest members.
fn write_part(
    args: &CalibrateArgs,
    loaded: &Loaded,
    selection: &Selection,
    inputs: Vec<FileRef>,
    shard: steppe::simulate::Shard,
) -> CommandResult {
    let header = CalibrationPartHeader {
        steppe_version: VERSION.to_string(),
        scenario: args.scenario.display().to_string(),
        rules: args.rules.display().to_string(),
        files: inputs,
        seed: selection.seed,
        members: selection.members,
        accept: selection.accept,
        train: selection.train.name().to_string(),
        forecasts: selection.forecasts,
        shard: shard.index,
        shards: shard.count,
        first_member: selection.ran.start,
        end_member: selection.ran.end,
        headline: args.headline.clone(),
        headline_runs: args.headline_runs,
        hindcast_runs: args.hindcast_runs,
        checksum: String::new(),
    };
    let bytes =
        part::encode(header, selection).map_err(|e| Diagnostic::file("steppe calibrate", e))?;
    let name = format!(
        "calibrate-{}-{}.part-{}-of-{}",
        loaded.scenario.name,
        selection.train.name(),
        shard.index,
        shard.count
    );
    let mut sink = FolderSink::new(&args.out);
    steppe::export::Sink::write(&mut sink, &name, &bytes).map_err(export_error)?;
    if !args.quiet {
        outln!(
            "  shard {}/{} written to {}",
            shard.index,
            shard.count,
            args.out.join(name).display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds the posterior of a complete selection and writes every file.
fn finish(selection: &Selection, mut f: Finish) -> CommandResult {
    let loaded = f.loaded;
    let params = calibrated_params(loaded);
    let posterior = build(loaded, selection, &params);
    let samples = ParamSamples {
        file: "posterior.toml".into(),
        params: params.clone(),
        rows: posterior.rows.len(),
        values: posterior.rows.concat(),
    };
    let mut scores: Option<(Vec<ScoreRow>, Vec<ScoreRow>)> = None;
    if f.hindcast_runs > 0 {
        let spec = HindcastSpec {
            members: f.hindcast_runs,
            seed: Some(selection.seed),
            threads: f.threads,
            progress: None,
        };
        let prior = hindcast(loaded, f.obs.clone(), &spec)
            .map_err(|e| super::simulate_error(e, loaded, "steppe calibrate"))?;
        let mut with = loaded.clone();
        with.posterior = Some(std::sync::Arc::new(samples.clone()));
        let post = hindcast(&with, f.obs.clone(), &spec)
            .map_err(|e| super::simulate_error(e, loaded, "steppe calibrate"))?;
        scores = Some((prior.scores, post.scores));
    }
    let headline_rows = if f.headline.len() > 1 {
        let seed = f.headline[0].scenario.seed;
        let lead = f.headline[0].clone();
        headline::headline(&mut f.headline, &samples, f.headline_runs, seed)
            .map_err(|e| super::simulate_error(e, &lead, "steppe calibrate"))?
    } else {
        Vec::new()
    };
    let mut inputs = loaded.files.clone();
    inputs.extend(f.files.iter().cloned());
    let report = CalibrationReport {
        loaded,
        rules: f.rules.clone(),
        inputs,
        selection,
        posterior: &posterior,
        scores,
        headline: headline_rows,
    };
    write_calibration(&report, &mut f.staging).map_err(export_error)?;
    let dir = f.staging.commit().map_err(export_error)?;
    if !f.quiet {
        outln!(
            "  {} of {} members accepted (epsilon {:.3}); {} parameters calibrated; wrote {}",
            selection.candidates.len(),
            selection.members,
            selection.epsilon(),
            params.len(),
            dir.display()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The results folder of a calibration: `calibrate-<scenario>-<train>`.
fn results_folder(loaded: &Loaded, train: Train) -> String {
    format!("calibrate-{}-{}", loaded.scenario.name, train.name())
}

/// Whether the files given to `steppe merge` are calibration parts (by their first line).
pub fn is_calibration(parts: &[PathBuf]) -> bool {
    parts
        .first()
        .and_then(|p| std::fs::read(p).ok())
        .is_some_and(|b| part::is_part(&b))
}

/// `steppe merge` of calibration parts: checks they belong together and match the current input
/// files, merges the shards' closest members and finishes the calibration.
pub fn merge(args: &super::merge::MergeArgs) -> CommandResult {
    let mut parts = Vec::new();
    let mut errors = Vec::new();
    for p in &args.parts {
        let name = p.display().to_string();
        match std::fs::read(p)
            .map_err(|e| e.to_string())
            .and_then(|b| part::decode(&b))
        {
            Ok((h, s)) => parts.push((name, h, s)),
            Err(e) => errors.push(Diagnostic::file(name, e)),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors).into());
    }
    let headers: Vec<(String, CalibrationPartHeader)> = parts
        .iter()
        .map(|(n, h, _)| (n.clone(), h.clone()))
        .collect();
    part::check(&headers).map_err(|(file, msg)| Diagnostic::file(file, msg))?;
    let first = headers[0].1.clone();
    let (loaded, obs, files) =
        super::hindcast::load(Path::new(&first.scenario), Path::new(&first.rules), None)?;
    let mut inputs = loaded.files.clone();
    inputs.extend(files.iter().cloned());
    let hashes = |v: &[FileRef]| v.iter().map(|f| f.sha256.clone()).collect::<Vec<_>>();
    if hashes(&inputs) != hashes(&first.files) {
        return Err(Diagnostic::file(
            headers[0].0.clone(),
            format!("the input files have changed since the parts were written (compare `{}` and the files it uses)", first.scenario),
        )
        .into());
    }
    let paths: Vec<PathBuf> = first.headline.iter().map(PathBuf::from).collect();
    let headline = if first.headline_runs > 0 {
        load_all(&paths, &steppe::scenario::CommandLine::default())?
    } else {
        Vec::new()
    };
    let selection = steppe::calibrate::merge(parts.into_iter().map(|(_, _, s)| s).collect())
        .expect("at least one part");
    let staging =
        Staging::new(&args.out, &results_folder(&loaded, selection.train)).map_err(export_error)?;
    finish(
        &selection,
        Finish {
            staging,
            loaded: &loaded,
            obs,
            files,
            rules: first.rules.clone(),
            headline,
            headline_runs: first.headline_runs,
            hindcast_runs: first.hindcast_runs,
            threads: None,
            quiet: args.quiet,
        },
    )
}
