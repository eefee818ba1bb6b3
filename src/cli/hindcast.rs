//! `steppe hindcast`: replay the past as an ensemble and score every measured series against
//! the model (in-sample and out-of-sample, against two naive forecasts), and measure where the
//! replay lands on the world file's date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{CommandResult, export_error, simulate_error};
use steppe::diag::Diagnostics;
use steppe::history::hindcast::{Hindcast, HindcastSpec, hindcast};
use steppe::inputs::Loaded;
use steppe::io::history::{attach_posterior, load_observations};
use steppe::io::load::load_scenario;
use steppe::io::output::Staging;
use steppe::provenance::FileRef;

/// Arguments of `steppe hindcast`.
#[derive(Debug, Args)]
pub struct HindcastArgs {
    /// The replay scenario: it starts from a snapshot and follows the driver histories.
    #[arg(default_value = "scenarios/past/history.toml")]
    pub scenario: PathBuf,
    /// Observation rules (they name the measured series).
    #[arg(long, default_value = "seeds/history/rules.toml")]
    pub rules: PathBuf,
    /// Ensemble members.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub runs: u64,
    /// Seed (default: the scenario's own).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Draw calibrated parameters from this posterior (written by `steppe calibrate`).
    #[arg(long, value_name = "FILE")]
    pub posterior: Option<PathBuf>,
    /// Folder to write into: OUT/hindcast-<scenario>[-<posterior>]/.
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub threads: Option<u64>,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Loads the replay scenario, its posterior if asked for, and the observation rules.
pub fn load(
    scenario: &Path,
    rules: &Path,
    posterior: Option<&Path>,
) -> Result<(Loaded, steppe::history::observe::Observations, Vec<FileRef>), Diagnostics> {
    let mut loaded = load_scenario(scenario)?;
    super::print_warnings(&loaded);
    if let Some(p) = posterior {
        attach_posterior(&mut loaded, p)?;
    }
    let (obs, files) = load_observations(rules, &loaded.world, &loaded.scenario.calendar)?;
    Ok((loaded, obs, files))
}

/// The folder name of a hindcast.
fn folder(loaded: &Loaded, posterior: Option<&Path>) -> String {
    let stem = |p: &Path| {
        p.file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned())
    };
    match posterior {
        Some(p) => format!("hindcast-{}-{}", loaded.scenario.name, stem(p)),
        None => format!("hindcast-{}", loaded.scenario.name),
    }
}

/// Runs `steppe hindcast`.
pub fn run(args: &HindcastArgs) -> CommandResult {
    let (loaded, obs, files) = load(&args.scenario, &args.rules, args.posterior.as_deref())?;
    // Where the results go is checked before computing, as `steppe run` does.
    let mut staging = Staging::new(&args.out, &folder(&loaded, args.posterior.as_deref()))
        .map_err(export_error)?;
    let (bar, spec) = super::progress::attach(
        steppe::simulate::RunSpec::default(),
        args.runs,
        &loaded.scenario.name,
        args.quiet,
    );
    let h = hindcast(
        &loaded,
        obs,
        &HindcastSpec {
            members: args.runs,
            seed: args.seed,
            threads: args.threads.map(|t| t as usize),
            progress: spec.progress,
        },
    )
    .map_err(|e| simulate_error(e, &loaded, "steppe hindcast"))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    steppe::export::history::write_hindcast(&h, &files, &mut staging).map_err(export_error)?;
    let dir = staging.commit().map_err(export_error)?;
    if !args.quiet {
        print_scorecard(&h, &dir)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the pooled scorecard and the landing.
pub fn print_scorecard(h: &Hindcast, dir: &Path) -> std::io::Result<()> {
    use steppe::export::history::short;
    outln!(
        "{} ({} members, seed {}): {} forecasts of {} measured series",
        h.loaded.scenario.title,
        h.members,
        h.seed,
        h.cases.len(),
        h.observations.rules.len()
    )?;
    outln!(
        "  period          n  RMSE(se)  dir.right  skill vs no-change  skill vs trend (n)  in 90% band"
    )?;
    for row in h.scores.iter().filter(|r| r.series.is_none()) {
        let s = &row.scores;
        outln!(
            "  {:<13} {:>3}  {:>8}  {:>9}  {:>18}  {:>10} ({:>2})  {:>11}",
            row.period.name(),
            s.n,
            short(s.rmse, 2),
            short(s.directions_right, 2),
            short(s.skill_no_change, 2),
            short(s.skill_trend, 2),
            s.trends,
            short(s.coverage90, 2)
        )?;
    }
    if let Some((landing, _)) = &h.landing {
        let s = landing.summary();
        outln!(
            "  landing on {}: RMSE {:.3} over {} cells (no change since the start: {:.3}); {:.0} % inside the 90 % band",
            landing.date,
            s.rmse,
            landing.cells.len(),
            s.rmse_no_change,
            100.0 * s.within_band
        )?;
    }
    outln!("  wrote {}", dir.display())?;
    Ok(())
}
