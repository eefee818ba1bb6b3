//! A resolved experiment (`steppe sweep`): a scenario (and optional baseline) run at the points of
//! a design over some of its parameters, with replicates sharing noise streams, recording only
//! the outcomes asked for. This module resolves an [`ExperimentFile`] into an [`Experiment`],
//! with errors naming file, line and column; [`crate::simulate`] runs it and
//! [`crate::analysis::sweep`] analyses the results. No I/O here.

mod design;
mod factors;
mod matrix;
mod outcome;
pub mod part;

use std::ops::Range;

pub use design::{DesignKind, DesignPlan, RowLayout};
pub use factors::{Factor, Others};
pub use outcome::{Measure, OutcomeDef, OutcomeKind};

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::inputs::Loaded;
use crate::provenance::FileRef;
use crate::schema::ExperimentFile;

/// Most model runs a sweep makes unless the user confirms (`--yes`).
pub const MAX_RUNS: u64 = 10_000_000;

/// Everything read from disk for an experiment, ready to be resolved.
#[derive(Debug, Clone)]
pub struct ExperimentInputs {
    /// Name (the experiment file's stem).
    pub name: String,
    /// The experiment file.
    pub source: Source,
    /// Its parsed contents.
    pub file: ExperimentFile,
    /// The scenario.
    pub scenario: Loaded,
    /// The baseline, if the file names one.
    pub baseline: Option<Loaded>,
    /// The external design matrix, if the design is `external`.
    pub matrix: Option<Source>,
    /// Every file read (experiment, matrix), with hashes; the scenarios' are in their `Loaded`.
    pub files: Vec<FileRef>,
    /// Most model runs allowed ([`MAX_RUNS`] unless the user confirmed); `None`: no limit.
    pub max_runs: Option<u64>,
}

/// Settings of the analyses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnalysisOptions {
    /// Whether the one-at-a-time points for a tornado chart are run.
    pub tornado: bool,
    /// Bootstrap resamples.
    pub resamples: usize,
    /// Confidence level of intervals.
    pub confidence: f64,
}

/// PRIM's case of interest and settings.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimDef {
    /// Index of the outcome in [`Experiment::outcomes`].
    pub outcome: usize,
    /// A point is a case if its mean outcome is at least (`true`) or at most (`false`) ...
    pub at_least: bool,
    /// ... this threshold.
    pub threshold: f64,
    /// Density wanted of the reported box.
    pub density: f64,
    /// Share of points each peel removes.
    pub peel_alpha: f64,
    /// Smallest share of points a box keeps.
    pub mass_min: f64,
}

/// An experiment ready to run.
#[derive(Debug, Clone)]
pub struct Experiment {
    /// Name: the file stem; results go to `sweep-<name>/`.
    pub name: String,
    /// Title.
    pub title: String,
    /// The question asked.
    pub description: String,
    /// The experiment file (for messages and provenance).
    pub source: Source,
    /// Experiment file and design matrix, with hashes.
    pub files: Vec<FileRef>,
    /// The scenario run at every point.
    pub scenario: Loaded,
    /// The baseline run at every point with the same values and noise, if any.
    pub baseline: Option<Loaded>,
    /// Seed of the noise streams and random designs.
    pub seed: u64,
    /// Whether noise and random incidents are on.
    pub noise: bool,
    /// Runs per point.
    pub replicates: u64,
    /// What parameters not varied are set to.
    pub others: Others,
    /// The varied parameters, in column order.
    pub factors: Vec<Factor>,
    /// The design's points.
    pub design: DesignPlan,
    /// The recorded outcomes, in column order.
    pub outcomes: Vec<OutcomeDef>,
    /// Scenario discovery, if asked for.
    pub prim: Option<PrimDef>,
    /// Analysis settings.
    pub analysis: AnalysisOptions,
    /// Whether `experiments.csv` lists every varied parameter's value.
    pub table_parameters: bool,
}

impl Experiment {
    /// Resolves an experiment file against its scenario (and baseline).
    ///
    /// Everything but the design is resolved first, so that all its problems are reported
    /// together; the design comes last, once its size can be checked against the run cap.
    pub fn resolve(inputs: ExperimentInputs) -> Result<Experiment, Diagnostics> {
        let src = &inputs.source;
        let f = &inputs.file;
        let mut errors = Vec::new();
        let scenario = &inputs.scenario;
        check_baseline(&inputs, &mut errors);
        let replicates = replicates(src, f, &mut errors);
        let others = factors::others(src, f, &mut errors);
        let factors = factors::resolve(src, f, &inputs, &mut errors);
        let outcomes = outcome::resolve(src, f, &inputs, &mut errors);
        let prim = outcome::prim(src, f, &outcomes, &mut errors);
        let analysis = analysis_options(src, f, &mut errors);
        let seed = f.seed.unwrap_or(scenario.scenario.seed);
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        let oat = if analysis.tornado {
            1 + 2 * factors.len() as u64
        } else {
            0
        };
        let check = run_cap(&inputs, oat, replicates);
        let design = design::plan(src, f, inputs.matrix.as_ref(), &factors, seed, &check)?;
        drop(check); // it borrows `inputs`, whose scenarios move into the experiment
        Ok(Experiment {
            name: inputs.name.clone(),
            title: f.title.clone().unwrap_or_else(|| inputs.name.clone()),
            description: f.description.clone().unwrap_or_default(),
            source: src.clone(),
            files: inputs.files.clone(),
            noise: f.noise.unwrap_or(scenario.scenario.noise),
            seed,
            replicates,
            others,
            design,
            outcomes,
            prim,
            analysis,
            table_parameters: f.output.parameters.unwrap_or(true),
            factors,
            baseline: inputs.baseline,
            scenario: inputs.scenario,
        })
    }

    /// Number of points: the design's rows, then the one-at-a-time points if a tornado is run.
    pub fn points(&self) -> u64 {
        self.design.rows as u64 + self.oat_points()
    }

    /// Number of one-at-a-time points (1 + 2k, or 0 without a tornado).
    pub fn oat_points(&self) -> u64 {
        if self.analysis.tornado {
            1 + 2 * self.factors.len() as u64
        } else {
            0
        }
    }

    /// Number of experiments (points × replicates): the rows of the results.
    pub fn runs(&self) -> u64 {
        self.points() * self.replicates
    }

    /// Number of model runs (experiments × scenarios run at each).
    pub fn model_runs(&self) -> u64 {
        self.runs() * if self.baseline.is_some() { 2 } else { 1 }
    }

    /// The parameter values of point `i` (a design row, or a one-at-a-time point) into `out`.
    pub fn point(&self, i: u64, out: &mut [f64]) {
        let rows = self.design.rows as u64;
        if i < rows {
            self.design.row(i as usize, &self.factors, out);
            return;
        }
        for (o, f) in out.iter_mut().zip(&self.factors) {
            *o = f.central;
        }
        let t = (i - rows) as usize;
        if t > 0 {
            let j = (t - 1) / 2;
            out[j] = if t % 2 == 1 {
                self.factors[j].low
            } else {
                self.factors[j].high
            };
        }
    }
}

/// A baseline must run the same world over the same dates as the scenario, or the differences
/// between them would measure the mismatch.
fn check_baseline(inputs: &ExperimentInputs, errors: &mut Vec<Diagnostic>) {
    let (src, f, scenario) = (&inputs.source, &inputs.file, &inputs.scenario);
    let Some(b) = &inputs.baseline else {
        return;
    };
    let span = f.baseline.as_ref().map_or(0..0, |n| n.span());
    if b.world != scenario.world {
        errors.push(Diagnostic::at(
            src,
            span.clone(),
            "the baseline uses a different world from the scenario",
        ));
    }
    if b.scenario.calendar != scenario.scenario.calendar {
        errors.push(
            Diagnostic::at(
                src,
                span,
                "the baseline runs over different dates or steps from the scenario",
            )
            .with_help("both must share start, end and step"),
        );
    }
}

/// Runs per point (`replicates`, default 1; 0 is reported and read as 1).
fn replicates(src: &Source, f: &ExperimentFile, errors: &mut Vec<Diagnostic>) -> u64 {
    match &f.replicates {
        None => 1,
        Some(r) if *r.get_ref() == 0 => {
            errors.push(Diagnostic::at(
                src,
                r.span(),
                "`replicates` must be at least 1",
            ));
            1
        }
        Some(r) => *r.get_ref(),
    }
}

/// The check a design's row count must pass: with `oat` one-at-a-time points and `replicates`
/// runs of each scenario per point, the model runs must stay within `max_runs` (if any).
fn run_cap(
    inputs: &ExperimentInputs,
    oat: u64,
    replicates: u64,
) -> impl Fn(u64) -> Result<(), Diagnostic> + '_ {
    let per_point = replicates * if inputs.baseline.is_some() { 2 } else { 1 };
    move |rows: u64| match inputs.max_runs {
        Some(cap) if rows.saturating_add(oat).saturating_mul(per_point) > cap => {
            let d = inputs.file.design.get_ref();
            Err(too_many_runs(
                &inputs.source,
                d.samples.as_ref().map_or(d.kind.span(), |s| s.span()),
                rows,
                oat,
                replicates,
                inputs.baseline.is_some(),
                cap,
            ))
        }
        _ => Ok(()),
    }
}

/// The error for a design larger than the cap, at its `samples` (or `kind`).
fn too_many_runs(
    src: &Source,
    span: Range<usize>,
    rows: u64,
    oat: u64,
    replicates: u64,
    baseline: bool,
    cap: u64,
) -> Diagnostic {
    let points = rows.saturating_add(oat);
    let runs = points
        .saturating_mul(replicates)
        .saturating_mul(if baseline { 2 } else { 1 });
    Diagnostic::at(
        src,
        span,
        format!(
            "the design needs {runs} model runs ({points} points x {replicates} replicates{}), more than the {cap} steppe runs without asking",
            if baseline { " x 2 scenarios" } else { "" }
        ),
    )
    .with_help("use fewer samples or replicates, or pass --yes to run it anyway")
}

/// The `[analysis]` settings, with defaults: tornado on, 100 resamples, 95% intervals.
fn analysis_options(
    src: &Source,
    f: &ExperimentFile,
    errors: &mut Vec<Diagnostic>,
) -> AnalysisOptions {
    let a = &f.analysis;
    let resamples = match &a.resamples {
        Some(r) if *r.get_ref() < 2 || *r.get_ref() > 100_000 => {
            errors.push(Diagnostic::at(
                src,
                r.span(),
                "`resamples` must be between 2 and 100000",
            ));
            100
        }
        Some(r) => *r.get_ref() as usize,
        None => 100,
    };
    let confidence = match &a.confidence {
        Some(c) if !(c.get_ref().0 > 0.0 && c.get_ref().0 < 1.0) => {
            errors.push(Diagnostic::at(
                src,
                c.span(),
                "`confidence` must be between 0 and 1, e.g. 0.95",
            ));
            0.95
        }
        Some(c) => c.get_ref().0,
        None => 0.95,
    };
    AnalysisOptions {
        tornado: a.tornado.unwrap_or(true),
        resamples,
        confidence,
    }
}
