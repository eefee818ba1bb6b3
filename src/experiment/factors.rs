//! The varied parameters of an experiment: `[[vary]]` entries resolved against the scenario's
//! parameter table, with ranges checked against each parameter's limits.

use super::ExperimentInputs;
use crate::diag::{Diagnostic, Source};
use crate::params::{Grade, Param, ParamId};
use crate::schema::ExperimentFile;

/// What parameters that are not varied are set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Others {
    /// Their central values.
    Central,
    /// Drawn from their ranges as ensemble member `replicate` draws them (the same at every point).
    Drawn,
}

/// A varied parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    /// The parameter.
    pub param: ParamId,
    /// Its path.
    pub path: String,
    /// Low end of the range varied over.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// The central value (the scenario's, within the range): the one-at-a-time centre.
    pub central: f64,
    /// Its evidence grade (`None`: ungraded, treated as judgement).
    pub grade: Option<Grade>,
    /// Levels in a full-factorial design, if set for this parameter.
    pub levels: Option<usize>,
    /// Whether the scenario overrides it (it then keeps its own value there).
    pub held_by_scenario: bool,
    /// Whether the baseline overrides it (it then keeps its own value there).
    pub held_by_baseline: bool,
}

impl Factor {
    /// The grade as shown: `judgement` for ungraded parameters.
    pub fn grade_label(&self) -> &'static str {
        self.grade.unwrap_or(Grade::Judgement).as_str()
    }
}

pub(super) fn others(src: &Source, f: &ExperimentFile, errors: &mut Vec<Diagnostic>) -> Others {
    match &f.others {
        None => Others::Central,
        Some(o) => match o.get_ref().as_str() {
            "central" => Others::Central,
            "drawn" => Others::Drawn,
            other => {
                errors.push(
                    Diagnostic::at(src, o.span(), format!("unknown `others` = `{other}`"))
                        .suggest(other, ["central", "drawn"])
                        .with_help_if_none("`others` is `central` or `drawn`"),
                );
                Others::Central
            }
        },
    }
}

/// Whether a scenario changed a parameter from the world's.
fn overridden(world: &Param, scenario: &Param) -> bool {
    (world.value, world.low, world.high) != (scenario.value, scenario.low, scenario.high)
}

fn grade_matches(wanted: &str, p: &Param) -> bool {
    match wanted {
        "any" => true,
        g => p.grade.unwrap_or(Grade::Judgement).as_str() == g,
    }
}

pub(super) fn resolve(
    src: &Source,
    f: &ExperimentFile,
    inputs: &ExperimentInputs,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Factor> {
    let world = &inputs.scenario.world;
    let table = &inputs.scenario.scenario.params;
    let mut out: Vec<Factor> = Vec::new();
    let mut named: Vec<ParamId> = Vec::new();
    let make = |id: ParamId| {
        let p = table.get(id);
        let w = world.params.get(id);
        Factor {
            param: id,
            path: p.path.clone(),
            low: p.low,
            high: p.high,
            central: p.value,
            grade: p.grade,
            levels: None,
            held_by_scenario: overridden(w, p),
            held_by_baseline: inputs
                .baseline
                .as_ref()
                .is_some_and(|b| overridden(w, b.scenario.params.get(id))),
        }
    };
    let find = |name: &crate::schema::Name, errors: &mut Vec<Diagnostic>| {
        let found = table.find(name.get_ref());
        if found.is_none() {
            errors.push(
                Diagnostic::at(
                    src,
                    name.span(),
                    format!("unknown parameter `{}`", name.get_ref()),
                )
                .suggest(name.get_ref(), table.paths())
                .with_help_if_none("`steppe list --params` shows every parameter path"),
            );
        }
        found
    };
    for entry in &f.vary {
        let v = entry.get_ref();
        match (&v.path, &v.all) {
            (Some(_), Some(all)) => errors.push(Diagnostic::at(
                src,
                all.span(),
                "give `path` or `all` in a [[vary]], not both",
            )),
            (None, Some(all)) => {
                let g = all.get_ref().as_str();
                if !["judgement", "claim", "fact", "any"].contains(&g) {
                    errors.push(
                        Diagnostic::at(src, all.span(), format!("unknown grade `{g}`"))
                            .suggest(g, ["judgement", "claim", "fact", "any"])
                            .with_help_if_none("`all` is `judgement`, `claim`, `fact` or `any`"),
                    );
                    continue;
                }
                if v.low.is_some() || v.high.is_some() {
                    let span = v
                        .low
                        .as_ref()
                        .or(v.high.as_ref())
                        .map_or(0..0, |x| x.span());
                    errors.push(Diagnostic::at(
                        src,
                        span,
                        "`low` and `high` go with `path`: with `all`, each parameter is varied over its own range",
                    ));
                }
                let mut except = Vec::new();
                for e in &v.except {
                    if let Some(id) = find(e, errors) {
                        except.push(id);
                    }
                }
                for (i, p) in table.iter().enumerate() {
                    let id = ParamId(i as u32);
                    if p.is_uncertain()
                        && grade_matches(g, p)
                        && !except.contains(&id)
                        && !out.iter().any(|x| x.param == id)
                    {
                        let mut x = make(id);
                        x.levels = v.levels.as_ref().map(|l| *l.get_ref() as usize);
                        out.push(x);
                    }
                }
            }
            (Some(path), None) => {
                let Some(id) = find(path, errors) else {
                    continue;
                };
                if !v.except.is_empty() {
                    errors.push(Diagnostic::at(
                        src,
                        v.except[0].span(),
                        "`except` goes with `all`",
                    ));
                }
                let p = table.get(id);
                let low = v.low.as_ref().map_or(p.low, |x| x.get_ref().0);
                let high = v.high.as_ref().map_or(p.high, |x| x.get_ref().0);
                for (x, default) in [(&v.low, p.low), (&v.high, p.high)] {
                    let value = x.as_ref().map_or(default, |x| x.get_ref().0);
                    if value < p.min || value > p.max {
                        let span = x.as_ref().map_or(path.span(), |x| x.span());
                        errors.push(Diagnostic::at(
                            src,
                            span,
                            format!(
                                "`{}` must lie in [{}, {}]; the range asks for {value}",
                                p.path, p.min, p.max
                            ),
                        ));
                    }
                }
                if low >= high {
                    let span = v
                        .high
                        .as_ref()
                        .or(v.low.as_ref())
                        .map_or(path.span(), |x| x.span());
                    let msg = if v.low.is_none() && v.high.is_none() {
                        format!(
                            "`{}` has no range here (it is fixed at {}); give `low` and `high`",
                            p.path, p.value
                        )
                    } else {
                        format!("the range must have low < high; found [{low}, {high}]")
                    };
                    errors.push(Diagnostic::at(src, span, msg));
                    continue;
                }
                let mut x = make(id);
                x.low = low;
                x.high = high;
                x.central = p.value.clamp(low, high);
                x.levels = v.levels.as_ref().map(|l| *l.get_ref() as usize);
                if named.contains(&id) {
                    errors.push(Diagnostic::at(
                        src,
                        path.span(),
                        format!("`{}` is varied twice", p.path),
                    ));
                }
                named.push(id);
                // A path after an `all` that includes it sets its range in place.
                match out.iter_mut().find(|o| o.param == id) {
                    Some(o) => *o = x,
                    None => out.push(x),
                }
            }
            (None, None) => errors.push(Diagnostic::at(
                src,
                entry.span(),
                "a [[vary]] needs `path` (one parameter) or `all` (every parameter of a grade)",
            )),
        }
        if let Some(l) = &v.levels {
            if *l.get_ref() < 1 {
                errors.push(Diagnostic::at(src, l.span(), "`levels` must be at least 1"));
            }
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::at(src, f.design.span(), "the experiment varies no parameter").with_help(
                "add [[vary]] entries: `path = \"russia.commitments\"` or `all = \"judgement\"`",
            ),
        );
    }
    out
}
