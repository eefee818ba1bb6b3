//! A calibration's files: `posterior.toml` (the posterior samples with their provenance, which a
//! scenario's `posterior` key or `--posterior` reads), `parameters.csv`, `correlations.csv`,
//! `accepted.csv`, `headline.csv`, `scores.csv`, `summary.md` and the prior-posterior figure.

use std::fmt::Write;

use super::history::{cell, short};
use super::{ExportError, Sink, Table};
use crate::calibrate::Selection;
use crate::calibrate::headline::HeadlineRow;
use crate::calibrate::posterior::Posterior;
use crate::calibrate::samples_file::FORMAT;
use crate::figures::calibration::prior_posterior_figure;
use crate::history::hindcast::ScoreRow;
use crate::inputs::Loaded;
use crate::provenance::{FileRef, VERSION, inputs_hash};

/// Everything a calibration writes.
pub struct CalibrationReport<'a> {
    /// The replay scenario.
    pub loaded: &'a Loaded,
    /// The rules file, as given.
    pub rules: String,
    /// Every input file (scenario chain, world, snapshots, histories, rules, measured series).
    pub inputs: Vec<FileRef>,
    /// The selection.
    pub selection: &'a Selection,
    /// The posterior.
    pub posterior: &'a Posterior,
    /// Hindcast scores drawing from the prior and from the posterior.
    pub scores: Option<(Vec<ScoreRow>, Vec<ScoreRow>)>,
    /// Headline results prior and posterior.
    pub headline: Vec<HeadlineRow>,
}

/// Parameters ranked by how far the calibration moved them (shift of the mean in prior
/// standard deviations, then narrowing).
pub fn ranked(p: &Posterior) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..p.stats.len()).collect();
    idx.sort_by(|&a, &b| {
        let (x, y) = (&p.stats[a], &p.stats[b]);
        y.shift()
            .abs()
            .total_cmp(&x.shift().abs())
            .then(y.shrinkage().total_cmp(&x.shrinkage()))
            .then(a.cmp(&b))
    });
    idx
}

/// The posterior file: provenance, settings, statistics and the samples.
pub fn posterior_toml(r: &CalibrationReport) -> String {
    let s = r.selection;
    let p = r.posterior;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Posterior samples written by `steppe calibrate` (docs/HISTORY.md). A scenario draws from\n\
         # them with `posterior = \"<path to this file>\"`; `steppe hindcast --posterior` too. Each row\n\
         # of [samples] is one accepted member: rows are resampled whole, so correlations are kept.\n"
    );
    let _ = writeln!(t, "format = {FORMAT:?}");
    let _ = writeln!(t, "steppe_version = {VERSION:?}");
    let _ = writeln!(t, "scenario = {:?}", r.loaded.files[0].path);
    let _ = writeln!(t, "rules = {:?}", r.rules);
    let _ = writeln!(
        t,
        "method = \"approximate Bayesian computation, rejection: members drawn from the parameters' ranges (triangular), the {} closest by root mean square of standardised errors over the {} {} forecasts\"",
        s.accept,
        s.forecasts,
        s.train.name()
    );
    let _ = writeln!(t, "seed = {}", s.seed);
    let _ = writeln!(t, "members = {}", s.members);
    let _ = writeln!(t, "accepted = {}", s.candidates.len());
    let _ = writeln!(t, "epsilon = {:?}", s.epsilon());
    let _ = writeln!(t, "train = {:?}", s.train.name());
    let _ = writeln!(t, "forecasts = {}", s.forecasts);
    let _ = writeln!(t, "inputs_sha256 = {:?}\n", inputs_hash(&r.inputs));
    for f in &r.inputs {
        let _ = writeln!(
            t,
            "[[input]]\npath = {:?}\nsha256 = {:?}\n",
            f.path, f.sha256
        );
    }
    for st in &p.stats {
        let q = &st.posterior;
        let _ = writeln!(
            t,
            "[[param]]\npath = {:?}\ngrade = {:?}\nprior = {{ low = {:?}, mode = {:?}, high = {:?}, mean = {:?}, sd = {:?} }}\nposterior = {{ p05 = {:?}, p50 = {:?}, p95 = {:?}, mean = {:?}, sd = {:?} }}\n",
            st.path,
            st.grade.map_or("judgement (ungraded)", |g| g.as_str()),
            st.prior.0,
            st.prior.1,
            st.prior.2,
            st.prior_mean,
            st.prior_sd,
            q.p05,
            q.p50,
            q.p95,
            st.mean,
            st.sd
        );
    }
    let mut strong: Vec<&(usize, usize, f64)> =
        p.correlations.iter().filter(|c| c.2.abs() >= 0.3).collect();
    strong.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()));
    for (a, b, c) in strong {
        let _ = writeln!(
            t,
            "[[correlation]]\na = {:?}\nb = {:?}\nr = {c:?}\n",
            p.stats[*a].path, p.stats[*b].path
        );
    }
    let _ = writeln!(t, "[samples]");
    let paths: Vec<String> = p.stats.iter().map(|s| format!("{:?}", s.path)).collect();
    let _ = writeln!(t, "paths = [{}]", paths.join(", "));
    let _ = writeln!(t, "values = [");
    for row in &p.rows {
        let v: Vec<String> = row.iter().map(|x| format!("{x:?}")).collect();
        let _ = writeln!(t, "  [{}],", v.join(", "));
    }
    let _ = writeln!(t, "]");
    t
}

/// Writes every file of a calibration.
pub fn write_calibration(r: &CalibrationReport, sink: &mut dyn Sink) -> Result<(), ExportError> {
    let p = r.posterior;
    sink.write("posterior.toml", posterior_toml(r).as_bytes())?;
    sink.write("parameters.csv", &parameters_csv(p))?;
    sink.write("correlations.csv", &correlations_csv(p))?;
    sink.write("accepted.csv", &accepted_csv(r.selection))?;
    sink.write("headline.csv", &headline_csv(&r.headline))?;
    if let Some((prior, post)) = &r.scores {
        sink.write("scores.csv", &scores_csv(prior, post))?;
    }
    let top: Vec<usize> = ranked(p).into_iter().take(12).collect();
    if !top.is_empty() {
        sink.figure(
            "prior-posterior",
            &prior_posterior_figure(p, &top, &figure_caption(r)),
        )?;
    }
    sink.write("summary.md", super::calibration_md::markdown(r).as_bytes())
}

/// `parameters.csv`: each parameter's prior and posterior, and how far it moved, most moved
/// first.
fn parameters_csv(p: &Posterior) -> Vec<u8> {
    let mut params = Table::new(&[
        "path",
        "grade",
        "prior_low",
        "prior_mode",
        "prior_high",
        "prior_mean",
        "prior_sd",
        "posterior_p05",
        "posterior_p50",
        "posterior_p95",
        "posterior_mean",
        "posterior_sd",
        "shift_in_prior_sd",
        "narrower_by",
    ]);
    for &i in &ranked(p) {
        let s = &p.stats[i];
        params.row(&[
            &s.path,
            &s.grade.map_or("", |g| g.as_str()),
            &s.prior.0,
            &s.prior.1,
            &s.prior.2,
            &s.prior_mean,
            &s.prior_sd,
            &s.posterior.p05,
            &s.posterior.p50,
            &s.posterior.p95,
            &s.mean,
            &s.sd,
            &s.shift(),
            &s.shrinkage(),
        ]);
    }
    params.finish()
}

/// `correlations.csv`: the posterior correlation of every pair of parameters.
fn correlations_csv(p: &Posterior) -> Vec<u8> {
    let mut corr = Table::new(&["a", "b", "r"]);
    for (a, b, c) in &p.correlations {
        corr.row(&[&p.stats[*a].path, &p.stats[*b].path, c]);
    }
    corr.finish()
}

/// `accepted.csv`: the accepted members, closest first, with their distances.
fn accepted_csv(s: &Selection) -> Vec<u8> {
    let mut acc = Table::new(&["rank", "member", "distance"]);
    for (i, c) in s.candidates.iter().enumerate() {
        acc.row(&[&(i + 1), &c.member, &c.distance]);
    }
    acc.finish()
}

/// `headline.csv`: each headline result drawing from the prior and from the posterior.
fn headline_csv(headline: &[HeadlineRow]) -> Vec<u8> {
    let mut head = Table::new(&[
        "scenario",
        "metric",
        "prior_p05",
        "prior_p50",
        "prior_p95",
        "prior_level",
        "posterior_p05",
        "posterior_p50",
        "posterior_p95",
        "posterior_level",
    ]);
    for h in headline {
        let (a, b) = (&h.prior, &h.posterior);
        head.row(&[
            &h.scenario,
            &h.metric,
            &a.p05,
            &a.p50,
            &a.p95,
            &a.level,
            &b.p05,
            &b.p50,
            &b.p95,
            &b.level,
        ]);
    }
    head.finish()
}

/// `scores.csv`: the hindcast scores drawing from the prior, then from the posterior.
fn scores_csv(prior: &[ScoreRow], post: &[ScoreRow]) -> Vec<u8> {
    let mut t = Table::new(&[
        "series",
        "period",
        "draws",
        "n",
        "rmse",
        "directions_right",
        "skill_no_change",
        "skill_trend",
        "coverage90",
    ]);
    for (draws, rows) in [("prior", prior), ("posterior", post)] {
        for row in rows {
            let x = &row.scores;
            t.row(&[
                &row.series
                    .as_deref()
                    .unwrap_or("all series (standard errors)"),
                &row.period.name(),
                &draws,
                &x.n,
                &cell(x.rmse),
                &cell(x.directions_right),
                &cell(x.skill_no_change),
                &cell(x.skill_trend),
                &cell(x.coverage90),
            ]);
        }
    }
    t.finish()
}

/// The prior-posterior figure's caption: scenario, acceptance, training forecasts and seed.
fn figure_caption(r: &CalibrationReport) -> String {
    format!(
        "{} | {} of {} members accepted (epsilon {:.3}), {} forecasts ({}) | seed {} | steppe {VERSION}",
        r.loaded.files[0].path,
        r.selection.candidates.len(),
        r.selection.members,
        r.selection.epsilon(),
        r.selection.forecasts,
        r.selection.train.name(),
        r.selection.seed
    )
}

/// Rounded difference with its band, for tables.
pub fn band(d: &crate::calibrate::headline::Difference) -> String {
    format!("{:+.3} [{:+.3}, {:+.3}]", d.p50, d.p05, d.p95)
}

/// A score for tables.
pub fn score_cell(v: Option<f64>) -> String {
    short(v, 2)
}
