//! A sweep's `summary.json`: provenance, what was varied (with evidence grades) and recorded,
//! and for each outcome the parameters that drive it by each analysis, and PRIM's box.

use serde_json::{Value, json};

use crate::analysis::sweep::{SweepAnalysis, ranked};
use crate::experiment::{Experiment, Others, RowLayout};
use crate::simulate::ExperimentRun;

/// Parameters listed per outcome and analysis in the summary (the tables have all).
pub const SUMMARY_TOP: usize = 10;

fn finite(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

fn experiment(e: &Experiment) -> Value {
    let ungraded = e.factors.iter().filter(|f| f.grade.is_none()).count();
    json!({
        "title": e.title,
        "description": e.description.trim(),
        "scenario": e.scenario.scenario.name,
        "baseline": e.baseline.as_ref().map(|b| b.scenario.name.clone()),
        "design": {
            "kind": e.design.kind.as_str(),
            "layout": match e.design.layout {
                RowLayout::Saltelli => "saltelli".to_string(),
                RowLayout::Morris { levels } => format!("morris, {levels} levels"),
                RowLayout::Plain => "plain".to_string(),
            },
            "samples": e.design.samples,
            "design_points": e.design.rows,
            "one_at_a_time_points": e.oat_points(),
        },
        "replicates": e.replicates,
        "table_lists_parameters": e.table_parameters,
        "others": match e.others { Others::Central => "central", Others::Drawn => "drawn" },
        "parameters": e.factors.iter().map(|f| json!({
            "path": f.path,
            "low": f.low,
            "high": f.high,
            "central": f.central,
            "grade": f.grade_label(),
            "graded": f.grade.is_some(),
            "held_by_scenario": f.held_by_scenario,
            "held_by_baseline": f.held_by_baseline,
        })).collect::<Vec<_>>(),
        "ungraded_parameters_treated_as_judgement": ungraded,
        "outcomes": e.outcomes.iter().map(|o| json!({"name": o.name, "meaning": o.describe})).collect::<Vec<_>>(),
    })
}

fn stats(y: &[f64]) -> Value {
    let n = y.len().max(1) as f64;
    let mean = y.iter().sum::<f64>() / n;
    let min = y.iter().copied().fold(f64::INFINITY, f64::min);
    let max = y.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    json!({"mean": finite(mean), "min": finite(min), "max": finite(max)})
}

fn outcome(e: &Experiment, a: &SweepAnalysis, i: usize) -> Value {
    let o = &e.outcomes[i];
    let f = |j: usize| (&e.factors[j].path, e.factors[j].grade_label());
    let mut v = json!({
        "name": o.name,
        "meaning": o.describe,
        "design_points": stats(&a.means[i]),
    });
    if let Some(all) = &a.sobol {
        v["sobol"] = match &all[i] {
            Ok(s) => json!({
                "base_samples": s.n_base,
                "sum_of_first_order": s.s1.iter().sum::<f64>(),
                "top": ranked(&s.st).into_iter().take(SUMMARY_TOP).map(|j| json!({
                    "parameter": f(j).0, "grade": f(j).1,
                    "ST": s.st[j], "ST_conf": s.st_conf[j], "S1": s.s1[j], "S1_conf": s.s1_conf[j],
                })).collect::<Vec<_>>(),
            }),
            Err(msg) => json!({ "not_analysed": msg }),
        };
    }
    if let Some(all) = &a.morris {
        v["morris"] = match &all[i] {
            Ok(m) => json!({
                "top": ranked(&m.mu_star).into_iter().take(SUMMARY_TOP).map(|j| json!({
                    "parameter": f(j).0, "grade": f(j).1,
                    "mu_star": m.mu_star[j], "mu_star_conf": m.mu_star_conf[j], "mu": m.mu[j], "sigma": m.sigma[j],
                })).collect::<Vec<_>>(),
            }),
            Err(msg) => json!({ "not_analysed": msg }),
        };
    }
    if let Some(all) = &a.ranks {
        v["rank_attribution"] = match &all[i] {
            Ok(r) => {
                let abs: Vec<f64> = r.score().iter().map(|v| v.abs()).collect();
                json!({
                    "srrc_error": r.srrc.as_ref().err(),
                    "top": ranked(&abs).into_iter().take(SUMMARY_TOP).map(|j| json!({
                        "parameter": f(j).0, "grade": f(j).1,
                        "srrc": r.srrc.as_ref().ok().map(|s| s[j]), "spearman": r.spearman[j],
                    })).collect::<Vec<_>>(),
                })
            }
            Err(msg) => json!({ "not_analysed": msg }),
        };
    }
    if let Some(all) = &a.tornado {
        v["tornado"] = match &all[i] {
            Ok(t) => json!({
                "central_outcome": t.baseline,
                "top": t.bars.iter().take(SUMMARY_TOP).map(|b| json!({
                    "parameter": f(b.factor).0, "grade": f(b.factor).1,
                    "low": b.low, "high": b.high, "outcome_at_low": b.y_low, "outcome_at_high": b.y_high, "swing": b.swing,
                })).collect::<Vec<_>>(),
            }),
            Err(msg) => json!({ "not_analysed": msg }),
        };
    }
    v
}

fn prim(e: &Experiment, a: &SweepAnalysis) -> Value {
    let Some(p) = &a.prim else { return Value::Null };
    let case = super::sweep::case_words(e);
    match p {
        Err(msg) => json!({"case": case, "not_analysed": msg}),
        Ok(p) => {
            let s = &p.result.steps[p.chosen];
            let def = e.prim.as_ref();
            json!({
                "case": case,
                "cases": p.cases,
                "points": p.points,
                "density_wanted": def.map(|d| d.density),
                "meets_density": p.meets_density,
                "box": {
                    "index": p.chosen,
                    "coverage": s.coverage,
                    "density": s.density,
                    "mass": s.mass,
                    "limits": s.restricted.iter().map(|&j| json!({
                        "parameter": e.factors[j].path,
                        "grade": e.factors[j].grade_label(),
                        "low": s.limits[j].0,
                        "high": s.limits[j].1,
                        "range_low": e.factors[j].low,
                        "range_high": e.factors[j].high,
                    })).collect::<Vec<_>>(),
                },
                "boxes_on_trajectory": p.result.steps.len(),
            })
        }
    }
}

/// The summary of a complete sweep.
pub(super) fn summary(run: &ExperimentRun, a: &SweepAnalysis) -> Value {
    let e = run.experiment;
    json!({
        "provenance": run.provenance,
        "experiment": experiment(e),
        "outcomes": (0..e.outcomes.len()).map(|i| outcome(e, a, i)).collect::<Vec<_>>(),
        "prim": prim(e, a),
        "notes": [
            "Parameters without an evidence grade are treated as judgement.",
            "Ranges are sampled uniformly (SALib's convention); ensembles draw triangular distributions on the same ranges.",
            "A parameter a scenario overrides keeps the scenario's value there (held_by_scenario / held_by_baseline); the varied value still sets the starting calibration.",
        ],
    })
}
