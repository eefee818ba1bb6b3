//! A sweep's results folder (`sweep-<name>/`): the tidy table of every experiment, plain column
//! files SALib can read, the analyses' tables, `summary.json`, `summary.md` and the charts.

use std::fmt::Write as _;

use super::sweep_json::summary;
use super::{ExportError, Exporter, Sink, Table};
use crate::analysis::sweep::{PrimAnalysis, RankAttribution, SweepAnalysis, ranked};
use crate::experiment::Experiment;
use crate::figures::sweep::{
    factor_label, morris_chart, prim_box_chart, prim_trajectory_chart, sobol_chart, tornado_chart,
};
use crate::sensitivity::{MorrisIndices, SobolIndices, Tornado};
use crate::simulate::{ExperimentRun, Results};

/// The sweep exporter (complete sweeps; a shard is written by [`super::PartFile`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Sweep;

impl Exporter for Sweep {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        let Results::Experiment(run) = results else {
            return Ok(());
        };
        if run.shard.is_some() {
            return Ok(());
        }
        let e = run.experiment;
        let a = SweepAnalysis::of(run);
        sink.write("experiments.csv", &experiments(run))?;
        sink.write("outcomes.txt", outcomes_txt(e, &a).as_bytes())?;
        sink.write("problem.txt", problem_txt(e).as_bytes())?;
        if let Some(t) = sobol_csv(e, &a) {
            sink.write("sobol.csv", &t)?;
        }
        if let Some(t) = morris_csv(e, &a) {
            sink.write("morris.csv", &t)?;
        }
        if let Some(t) = ranks_csv(e, &a) {
            sink.write("attribution.csv", &t)?;
        }
        if let Some(t) = tornado_csv(e, &a) {
            sink.write("tornado.csv", &t)?;
        }
        if let Some((trajectory, limits)) = prim_csv(e, &a) {
            sink.write("prim.csv", &trajectory)?;
            sink.write("prim-box.csv", &limits)?;
        }
        let json = serde_json::to_string_pretty(&summary(run, &a))
            .map(|s| s + "\n")
            .map_err(|err| ExportError::Serialize {
                what: "summary.json".into(),
                reason: err.to_string(),
            })?;
        sink.write("summary.json", json.as_bytes())?;
        sink.write("summary.md", markdown(run, &a).as_bytes())?;
        charts(run, &a, sink)
    }
}

/// One row per experiment: id (the point), replicate, every varied parameter (unless the
/// experiment leaves them out), every outcome. The one-at-a-time points of the tornado follow
/// the design's, marked in `set`.
fn experiments(run: &ExperimentRun) -> Vec<u8> {
    let e = run.experiment;
    let mut cols: Vec<&str> = vec!["experiment", "replicate", "set"];
    let params = e.table_parameters;
    if params {
        cols.extend(e.factors.iter().map(|f| f.path.as_str()));
    }
    cols.extend(e.outcomes.iter().map(|o| o.name.as_str()));
    let mut t = Table::new(&cols);
    let mut x = vec![0.0; e.factors.len()];
    let rows = e.design.rows as u64;
    let mut numbers = Vec::with_capacity(e.factors.len() + e.outcomes.len());
    for p in 0..e.points() {
        e.point(p, &mut x);
        let set = if p < rows { "design" } else { "one-at-a-time" };
        for r in 0..e.replicates {
            numbers.clear();
            if params {
                numbers.extend_from_slice(&x);
            }
            numbers.extend_from_slice(run.run_values(p * e.replicates + r));
            t.row_with(&[&p, &r, &set], &numbers);
        }
    }
    t.finish()
}

/// The design points' outcomes (means over replicates), one column per outcome, for
/// `numpy.loadtxt` and SALib's analysers; a `#` line names the columns.
fn outcomes_txt(e: &Experiment, a: &SweepAnalysis) -> String {
    let names: Vec<&str> = e.outcomes.iter().map(|o| o.name.as_str()).collect();
    let mut out = format!("# {}\n", names.join(" "));
    for p in 0..e.design.rows {
        let row: Vec<String> = a.means.iter().map(|m| format!("{:e}", m[p])).collect();
        out.push_str(&row.join(" "));
        out.push('\n');
    }
    out
}

/// The varied parameters as a SALib problem file (`read_param_file`): name, low, high.
fn problem_txt(e: &Experiment) -> String {
    e.factors
        .iter()
        .map(|f| format!("{} {} {}\n", f.path, f.low, f.high))
        .collect()
}

fn sobol_csv(e: &Experiment, a: &SweepAnalysis) -> Option<Vec<u8>> {
    let all = a.sobol.as_ref()?;
    let mut t = Table::new(&[
        "outcome",
        "parameter",
        "grade",
        "S1",
        "S1_conf",
        "ST",
        "ST_conf",
    ]);
    for (o, s) in e.outcomes.iter().zip(all) {
        let Ok(s) = s else { continue };
        for j in ranked(&s.st) {
            let f = &e.factors[j];
            t.row_with(
                &[&o.name, &f.path, &f.grade_label()],
                &[s.s1[j], s.s1_conf[j], s.st[j], s.st_conf[j]],
            );
        }
    }
    Some(t.finish())
}

fn morris_csv(e: &Experiment, a: &SweepAnalysis) -> Option<Vec<u8>> {
    let all = a.morris.as_ref()?;
    let mut t = Table::new(&[
        "outcome",
        "parameter",
        "grade",
        "mu",
        "mu_star",
        "mu_star_conf",
        "sigma",
    ]);
    for (o, m) in e.outcomes.iter().zip(all) {
        let Ok(m) = m else { continue };
        for j in ranked(&m.mu_star) {
            let f = &e.factors[j];
            t.row_with(
                &[&o.name, &f.path, &f.grade_label()],
                &[m.mu[j], m.mu_star[j], m.mu_star_conf[j], m.sigma[j]],
            );
        }
    }
    Some(t.finish())
}

fn ranks_csv(e: &Experiment, a: &SweepAnalysis) -> Option<Vec<u8>> {
    let all = a.ranks.as_ref()?;
    let mut t = Table::new(&["outcome", "parameter", "grade", "srrc", "spearman"]);
    for (o, r) in e.outcomes.iter().zip(all) {
        let Ok(r) = r else { continue };
        let abs: Vec<f64> = r.score().iter().map(|v| v.abs()).collect();
        for j in ranked(&abs) {
            let f = &e.factors[j];
            let srrc = r.srrc.as_ref().map_or(String::new(), |s| s[j].to_string());
            t.row(&[&o.name, &f.path, &f.grade_label(), &srrc, &r.spearman[j]]);
        }
    }
    Some(t.finish())
}

fn tornado_csv(e: &Experiment, a: &SweepAnalysis) -> Option<Vec<u8>> {
    let all = a.tornado.as_ref()?;
    let mut t = Table::new(&[
        "outcome",
        "parameter",
        "grade",
        "central_outcome",
        "low",
        "high",
        "outcome_at_low",
        "outcome_at_high",
        "swing",
    ]);
    for (o, tor) in e.outcomes.iter().zip(all) {
        let Ok(tor) = tor else { continue };
        for b in &tor.bars {
            let f = &e.factors[b.factor];
            t.row_with(
                &[&o.name, &f.path, &f.grade_label()],
                &[tor.baseline, b.low, b.high, b.y_low, b.y_high, b.swing],
            );
        }
    }
    Some(t.finish())
}

/// PRIM's trajectory (one row per box) and the chosen box's limits (one row per parameter).
fn prim_csv(e: &Experiment, a: &SweepAnalysis) -> Option<(Vec<u8>, Vec<u8>)> {
    let Some(Ok(p)) = &a.prim else { return None };
    let mut t = Table::new(&[
        "box",
        "coverage",
        "density",
        "mass",
        "points",
        "cases",
        "restricted",
        "chosen",
    ]);
    for (i, s) in p.result.steps.iter().enumerate() {
        let restricted: Vec<&str> = s
            .restricted
            .iter()
            .map(|&j| e.factors[j].path.as_str())
            .collect();
        t.row(&[
            &i,
            &s.coverage,
            &s.density,
            &s.mass,
            &s.n,
            &s.cases,
            &restricted.join(" "),
            &(i == p.chosen),
        ]);
    }
    let step = &p.result.steps[p.chosen];
    let mut b = Table::new(&[
        "parameter",
        "grade",
        "restricted",
        "box_low",
        "box_high",
        "range_low",
        "range_high",
    ]);
    for (j, f) in e.factors.iter().enumerate() {
        let (lo, hi) = step.limits[j];
        b.row(&[
            &f.path,
            &f.grade_label(),
            &step.restricted.contains(&j),
            &lo,
            &hi,
            &f.low,
            &f.high,
        ]);
    }
    Some((t.finish(), b.finish()))
}

/// The case of interest in words.
pub(super) fn case_words(e: &Experiment) -> String {
    e.prim.as_ref().map_or_else(String::new, |p| {
        format!(
            "{} {} {}",
            e.outcomes[p.outcome].name,
            if p.at_least { ">=" } else { "<=" },
            p.threshold
        )
    })
}

/// `summary.md`: the experiment in a sentence, then per outcome the tables of its analyses
/// (ten parameters each, most influential first), then PRIM's box if one was found.
fn markdown(run: &ExperimentRun, a: &SweepAnalysis) -> String {
    let e = run.experiment;
    let mut md = format!("# {}\n\n", e.title);
    if !e.description.trim().is_empty() {
        let _ = writeln!(md, "{}\n", e.description.trim());
    }
    let _ = writeln!(
        md,
        "Scenario `{}`{}; {} design of {} parameters, {} points x {} replicate(s) = {} experiments.\n\n{}\n",
        e.scenario.scenario.name,
        e.baseline.as_ref().map_or(String::new(), |b| format!(
            ", baseline `{}`",
            b.scenario.name
        )),
        e.design.kind.as_str(),
        e.factors.len(),
        e.points(),
        e.replicates,
        e.runs(),
        run.provenance.caption()
    );
    for (i, o) in e.outcomes.iter().enumerate() {
        let _ = writeln!(md, "## {}: {}\n", o.name, o.describe);
        let mut wrote = false;
        if let Some(Ok(s)) = a.sobol.as_ref().map(|v| &v[i]) {
            sobol_md(&mut md, e, s);
            wrote = true;
        }
        if let Some(Ok(m)) = a.morris.as_ref().map(|v| &v[i]) {
            morris_md(&mut md, e, m);
            wrote = true;
        }
        if let Some(Ok(r)) = a.ranks.as_ref().map(|v| &v[i]) {
            ranks_md(&mut md, e, r);
            wrote = true;
        }
        if let Some(Ok(t)) = a.tornado.as_ref().map(|v| &v[i]) {
            tornado_md(&mut md, e, t);
            wrote = true;
        }
        if !wrote {
            md.push_str("(no analysis of this outcome: see summary.json)\n");
        }
        md.push('\n');
    }
    if let Some(Ok(p)) = &a.prim {
        prim_md(&mut md, e, p);
    }
    md
}

/// The Sobol' table: total and first-order indices with their intervals, by total order.
fn sobol_md(md: &mut String, e: &Experiment, s: &SobolIndices) {
    md.push_str("| parameter (grade) | total order S_T | first order S_1 |\n| --- | --- | --- |\n");
    for j in ranked(&s.st).into_iter().take(10) {
        let _ = writeln!(
            md,
            "| {} | {:.3} ± {:.3} | {:.3} ± {:.3} |",
            factor_label(e, j),
            s.st[j],
            s.st_conf[j],
            s.s1[j],
            s.s1_conf[j]
        );
    }
}

/// The Morris table: mu* (with its interval), mu and sigma, by mu*.
fn morris_md(md: &mut String, e: &Experiment, m: &MorrisIndices) {
    md.push_str("\n| parameter (grade) | mu* | mu | sigma |\n| --- | --- | --- | --- |\n");
    for j in ranked(&m.mu_star).into_iter().take(10) {
        let _ = writeln!(
            md,
            "| {} | {:.4} ± {:.4} | {:.4} | {:.4} |",
            factor_label(e, j),
            m.mu_star[j],
            m.mu_star_conf[j],
            m.mu[j],
            m.sigma[j]
        );
    }
}

/// The rank-attribution table: SRRC (`-` if it could not be computed) and Spearman's
/// correlation, by the size of the score.
fn ranks_md(md: &mut String, e: &Experiment, r: &RankAttribution) {
    md.push_str("\n| parameter (grade) | SRRC | Spearman |\n| --- | --- | --- |\n");
    let abs: Vec<f64> = r.score().iter().map(|v| v.abs()).collect();
    for j in ranked(&abs).into_iter().take(10) {
        let srrc = r
            .srrc
            .as_ref()
            .map_or("-".to_string(), |s| format!("{:+.3}", s[j]));
        let _ = writeln!(
            md,
            "| {} | {srrc} | {:+.3} |",
            factor_label(e, j),
            r.spearman[j]
        );
    }
}

/// The one-at-a-time table: the outcome at each end of each range, in the tornado's order.
fn tornado_md(md: &mut String, e: &Experiment, t: &Tornado) {
    let _ = writeln!(
        md,
        "\nOne at a time from the central value {:.4}:\n\n| parameter (grade) | at low end | at high end | swing |\n| --- | --- | --- | --- |",
        t.baseline
    );
    for b in t.bars.iter().take(10) {
        let _ = writeln!(
            md,
            "| {} | {:.4} | {:.4} | {:.4} |",
            factor_label(e, b.factor),
            b.y_low,
            b.y_high,
            b.swing
        );
    }
}

/// Where the cases of interest are: PRIM's chosen box, one row per restricted parameter.
fn prim_md(md: &mut String, e: &Experiment, p: &PrimAnalysis) {
    let s = &p.result.steps[p.chosen];
    let _ = writeln!(
        md,
        "## Where {}\n\nPRIM box (coverage {:.2}, density {:.2}, {} of {} points are cases):\n\n| parameter (grade) | from | to | range varied |\n| --- | --- | --- | --- |",
        case_words(e),
        s.coverage,
        s.density,
        p.cases,
        p.points
    );
    for &j in &s.restricted {
        let f = &e.factors[j];
        let _ = writeln!(
            md,
            "| {} | {:.4} | {:.4} | {} to {} |",
            factor_label(e, j),
            s.limits[j].0,
            s.limits[j].1,
            f.low,
            f.high
        );
    }
}

fn charts(run: &ExperimentRun, a: &SweepAnalysis, sink: &mut dyn Sink) -> Result<(), ExportError> {
    let e = run.experiment;
    let caption = run.provenance.caption();
    for (i, o) in e.outcomes.iter().enumerate() {
        if let Some(Ok(s)) = a.sobol.as_ref().map(|v| &v[i]) {
            sink.chart(
                &format!("sobol-{}", o.name),
                &sobol_chart(e, &caption, o, s),
            )?;
        }
        if let Some(Ok(m)) = a.morris.as_ref().map(|v| &v[i]) {
            sink.chart(
                &format!("morris-{}", o.name),
                &morris_chart(e, &caption, o, m),
            )?;
        }
        if let Some(Ok(t)) = a.tornado.as_ref().map(|v| &v[i]) {
            if t.bars.iter().any(|b| b.swing > 0.0) {
                sink.chart(
                    &format!("tornado-{}", o.name),
                    &tornado_chart(e, &caption, o, t),
                )?;
            }
        }
    }
    if let Some(Ok(p)) = &a.prim {
        let case = case_words(e);
        let o = &e.outcomes[p.outcome];
        sink.chart(
            "prim-trajectory",
            &prim_trajectory_chart(&caption, o, &case, p),
        )?;
        if !p.result.steps[p.chosen].restricted.is_empty() {
            sink.chart("prim-box", &prim_box_chart(e, &caption, &case, p))?;
        }
    }
    Ok(())
}
