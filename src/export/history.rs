//! A hindcast's files: tidy tables (`scores.csv`, `series.csv`, `bands.csv`, `landing.csv`,
//! `unscored.csv`), `hindcast.json` with provenance and the pooled scores, `summary.md`, and the
//! figures (one per measured series, the scorecard, the landing).

use serde::Serialize;

use super::{ExportError, Sink, Table};
use crate::figures::history::{landing_figure, scorecard_figure, series_figure};
use crate::history::hindcast::{Hindcast, Period};
use crate::history::landing::LandingSummary;
use crate::history::score::Scores;
use crate::provenance::{FileRef, Provenance, inputs_hash};

/// A number for a table cell: full precision, empty when missing.
pub fn cell(v: Option<f64>) -> String {
    v.filter(|x| x.is_finite())
        .map_or(String::new(), |x| x.to_string())
}

/// A number rounded for reading, or a dash.
pub fn short(v: Option<f64>, digits: usize) -> String {
    v.filter(|x| x.is_finite())
        .map_or("-".into(), |x| format!("{x:.digits$}"))
}

/// The provenance of a result that also read observation files.
pub fn provenance_with(mut p: Provenance, extra: &[FileRef]) -> Provenance {
    p.files.extend(extra.iter().cloned());
    p.inputs_sha256 = inputs_hash(&p.files);
    p
}

const SCORE_COLUMNS: [&str; 16] = [
    "series",
    "period",
    "units",
    "n",
    "rmse",
    "mae",
    "changes",
    "change_correlation",
    "directions_right",
    "rmse_no_change",
    "skill_no_change",
    "trends",
    "rmse_trend",
    "skill_trend",
    "coverage90",
    "link",
];

fn score_row(t: &mut Table, series: &str, period: Period, units: &str, s: &Scores, link: &str) {
    t.row(&[
        &series,
        &period.name(),
        &units,
        &s.n,
        &cell(s.rmse),
        &cell(s.mae),
        &s.changes,
        &cell(s.change_correlation),
        &cell(s.directions_right),
        &cell(s.rmse_no_change),
        &cell(s.skill_no_change),
        &s.trends,
        &cell(s.rmse_trend),
        &cell(s.skill_trend),
        &cell(s.coverage90),
        &link,
    ]);
}

/// JSON record of a hindcast.
#[derive(Serialize)]
struct Record<'a> {
    provenance: &'a Provenance,
    test_from: String,
    rules: usize,
    unscored: usize,
    comparisons: usize,
    pooled: Vec<Pooled>,
    landing: Option<LandingRecord>,
}

#[derive(Serialize)]
struct Pooled {
    period: &'static str,
    n: usize,
    rmse_standardised: Option<f64>,
    changes: usize,
    change_correlation: Option<f64>,
    directions_right: Option<f64>,
    skill_no_change: Option<f64>,
    trends: usize,
    skill_trend: Option<f64>,
    coverage90: Option<f64>,
}

#[derive(Serialize)]
struct LandingRecord {
    date: String,
    rmse: f64,
    mae: f64,
    rmse_no_change: f64,
    skill: f64,
    within_band: f64,
    directions_right: f64,
}

impl From<(&str, LandingSummary)> for LandingRecord {
    fn from((date, s): (&str, LandingSummary)) -> Self {
        LandingRecord {
            date: date.to_string(),
            rmse: s.rmse,
            mae: s.mae,
            rmse_no_change: s.rmse_no_change,
            skill: s.skill,
            within_band: s.within_band,
            directions_right: s.directions_right,
        }
    }
}

/// Writes every file of a hindcast; `files` are the observation files it read.
pub fn write_hindcast(
    h: &Hindcast,
    files: &[FileRef],
    sink: &mut dyn Sink,
) -> Result<(), ExportError> {
    let l = h.loaded;
    let world = &l.world;
    let cal = &l.scenario.calendar;
    let obs = &h.observations;
    let noise = l.scenario.noise;
    let prov = provenance_with(Provenance::new(l, h.seed, noise, Some(h.members)), files);
    let caption = format!("{} | median with 50 % and 90 % bands", prov.caption());

    write_scores(h, sink)?;
    write_series(h, sink)?;
    write_bands(h, sink)?;
    write_unscored(h, sink)?;
    let landing_record = write_landing(h, &caption, sink)?;

    for (r, path) in obs.rules.iter().zip(&h.paths) {
        let fig = series_figure(world, cal, r, path, obs.test_from, &caption);
        sink.figure(&format!("series-{}", r.series), &fig)?;
    }
    let pooled = pooled_scores(h);
    let skill = |p: &str| {
        pooled
            .iter()
            .find(|x| x.period == p)
            .map_or(String::from("-"), |x| {
                format!(
                    "{} vs no change, {} vs trend (n = {})",
                    short(x.skill_no_change, 2),
                    short(x.skill_trend, 2),
                    x.n
                )
            })
    };
    let title = format!(
        "Hindcast scorecard. Skill in-sample: {}; out-of-sample: {}",
        skill("in-sample"),
        skill("out-of-sample")
    );
    sink.figure(
        "scorecard",
        &scorecard_figure(&h.cases, obs.test_from, &title, &caption),
    )?;

    let record = Record {
        provenance: &prov,
        test_from: obs.test_from.to_string(),
        rules: obs.rules.len(),
        unscored: obs.unscored.len(),
        comparisons: h.cases.len(),
        pooled,
        landing: landing_record,
    };
    let json = serde_json::to_string_pretty(&record).map_err(|e| ExportError::Serialize {
        what: "hindcast.json".into(),
        reason: e.to_string(),
    })?;
    sink.write("hindcast.json", (json + "\n").as_bytes())?;
    sink.write(
        "summary.md",
        super::history_md::hindcast_markdown(h, &prov).as_bytes(),
    )
}

/// `scores.csv`: every score of every series and the pooled scores, per period.
fn write_scores(h: &Hindcast, sink: &mut dyn Sink) -> Result<(), ExportError> {
    let obs = &h.observations;
    let mut scores = Table::new(&SCORE_COLUMNS);
    for row in &h.scores {
        match &row.series {
            Some(id) => {
                let rule = obs.rules.iter().find(|r| &r.series == id);
                let (unit, link) = rule.map_or(("", ""), |r| (r.unit.as_str(), r.link.name()));
                score_row(&mut scores, id, row.period, unit, &row.scores, link);
            }
            None => score_row(
                &mut scores,
                "all series",
                row.period,
                "standard errors",
                &row.scores,
                "",
            ),
        }
    }
    sink.write("scores.csv", &scores.finish())?;
    Ok(())
}

/// `series.csv`: each comparison of the model with a measured point.
fn write_series(h: &Hindcast, sink: &mut dyn Sink) -> Result<(), ExportError> {
    let obs = &h.observations;
    let mut series = Table::new(&[
        "series",
        "output",
        "link",
        "date",
        "compared_at",
        "period",
        "observed",
        "sigma",
        "previous",
        "trend",
        "model_p05",
        "model_p25",
        "model_p50",
        "model_p75",
        "model_p95",
    ]);
    for c in &h.cases {
        let r = &obs.rules[c.comparison.rule];
        let q = &c.model;
        series.row(&[
            &r.series,
            &r.output_name,
            &r.link.name(),
            &c.comparison.date,
            &c.comparison.at,
            &if c.comparison.test {
                "out-of-sample"
            } else {
                "in-sample"
            },
            &c.comparison.observed,
            &c.comparison.sigma,
            &cell(c.comparison.previous),
            &cell(c.comparison.trend),
            &q.p05,
            &q.p25,
            &q.p50,
            &q.p75,
            &q.p95,
        ]);
    }
    sink.write("series.csv", &series.finish())?;
    Ok(())
}

/// `bands.csv`: the model's band of each observed output over the run.
fn write_bands(h: &Hindcast, sink: &mut dyn Sink) -> Result<(), ExportError> {
    let (obs, cal) = (&h.observations, &h.loaded.scenario.calendar);
    let mut bands = Table::new(&["series", "date", "unit", "p05", "p25", "p50", "p75", "p95"]);
    for (r, path) in obs.rules.iter().zip(&h.paths) {
        for (p, q) in path.iter().enumerate() {
            bands.row(&[
                &r.series,
                &cal.date(p),
                &r.unit,
                &q.p05,
                &q.p25,
                &q.p50,
                &q.p75,
                &q.p95,
            ]);
        }
    }
    sink.write("bands.csv", &bands.finish())?;
    Ok(())
}

/// `unscored.csv`: the series no rule scores, and why.
fn write_unscored(h: &Hindcast, sink: &mut dyn Sink) -> Result<(), ExportError> {
    let obs = &h.observations;
    let mut unscored = Table::new(&["series", "points", "why"]);
    for u in &obs.unscored {
        unscored.row(&[&u.series, &u.points, &u.why]);
    }
    sink.write("unscored.csv", &unscored.finish())?;
    Ok(())
}

/// `landing.csv` and its figure, when the replay is set against a later world; the summary for
/// `hindcast.json`.
fn write_landing(
    h: &Hindcast,
    caption: &str,
    sink: &mut dyn Sink,
) -> Result<Option<LandingRecord>, ExportError> {
    let (world, cal) = (&h.loaded.world, &h.loaded.scenario.calendar);
    let mut landing_record = None;
    if let Some((landing, paths)) = &h.landing {
        let mut t = Table::new(&[
            "state",
            "domain",
            "power",
            "start",
            "target",
            "target_low",
            "target_high",
            "model_p05",
            "model_p50",
            "model_p95",
            "difference",
        ]);
        for c in &landing.cells {
            t.row(&[
                &world.states[c.state].id,
                &world.domains[c.domain].id,
                &world.powers[c.power].id,
                &c.start,
                &c.target,
                &c.target_low,
                &c.target_high,
                &c.model.p05,
                &c.model.p50,
                &c.model.p95,
                &(c.model.p50 - c.target),
            ]);
        }
        sink.write("landing.csv", &t.finish())?;
        let s = landing.summary();
        let title = format!(
            "Replay from {} against {} on {}: RMSE {:.3} (no change {:.3}), {:.0} % of cells inside the 90 % band",
            cal.start,
            landing.file,
            landing.date,
            s.rmse,
            s.rmse_no_change,
            100.0 * s.within_band
        );
        sink.figure(
            "landing",
            &landing_figure(world, cal, landing, paths, &title, caption),
        )?;
        landing_record = Some(LandingRecord::from((landing.date.to_string().as_str(), s)));
    }
    Ok(landing_record)
}

/// The pooled scores of each period.
fn pooled_scores(h: &Hindcast) -> Vec<Pooled> {
    h.scores
        .iter()
        .filter(|r| r.series.is_none())
        .map(|r| Pooled {
            period: r.period.name(),
            n: r.scores.n,
            rmse_standardised: r.scores.rmse,
            changes: r.scores.changes,
            change_correlation: r.scores.change_correlation,
            directions_right: r.scores.directions_right,
            skill_no_change: r.scores.skill_no_change,
            trends: r.scores.trends,
            skill_trend: r.scores.skill_trend,
            coverage90: r.scores.coverage90,
        })
        .collect()
}
