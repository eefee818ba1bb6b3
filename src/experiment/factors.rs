//! The varied parameters of an experiment: `[[vary]]` entries resolved against the scenario's
//! parameter table, with ranges checked against each parameter's limits.

use super::ExperimentInputs;
use crate::diag::{Diagnostic, Source};
use crate::params::{Grade, Param, ParamId, ParamTable};
use crate::schema::{ExperimentFile, Name, VarySpec};
use crate::sensitivity::design::FactorRange;

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

    /// The range varied over, as the sensitivity designs take it.
    pub fn range(&self) -> FactorRange {
        FactorRange {
            low: self.low,
            high: self.high,
        }
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

/// The factors `[[vary]]` asks for, in order: each entry either names one parameter (`path`,
/// with an optional range) or every uncertain parameter of a grade (`all`); a later `path` sets
/// the range of a parameter an earlier `all` took in. Problems go to `errors`.
pub(super) fn resolve(
    src: &Source,
    f: &ExperimentFile,
    inputs: &ExperimentInputs,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Factor> {
    let mut vary = Varied {
        src,
        inputs,
        table: &inputs.scenario.scenario.params,
        errors,
        out: Vec::new(),
        named: Vec::new(),
    };
    for entry in &f.vary {
        let v = entry.get_ref();
        let read = match (&v.path, &v.all) {
            (Some(_), Some(all)) => {
                vary.error(all.span(), "give `path` or `all` in a [[vary]], not both")
            }
            (None, Some(all)) => vary.all_of_grade(v, all),
            (Some(path), None) => vary.one_path(v, path),
            (None, None) => vary.error(
                entry.span(),
                "a [[vary]] needs `path` (one parameter) or `all` (every parameter of a grade)",
            ),
        };
        if read {
            vary.check_levels(v);
        }
    }
    let Varied { out, errors, .. } = vary;
    if out.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::at(src, f.design.span(), "the experiment varies no parameter").with_help(
                "add [[vary]] entries: `path = \"russia.commitments\"` or `all = \"judgement\"`",
            ),
        );
    }
    out
}

/// The factors gathered so far from `[[vary]]`, with the parameter table they are looked up in
/// and the problems found. The entry readers return whether the entry was read far enough for
/// its `levels` to be checked (an entry given up early reports only its first problem).
struct Varied<'a> {
    src: &'a Source,
    inputs: &'a ExperimentInputs,
    table: &'a ParamTable,
    errors: &'a mut Vec<Diagnostic>,
    out: Vec<Factor>,
    /// Parameters named by `path`, to catch one varied twice.
    named: Vec<ParamId>,
}

impl Varied<'_> {
    /// Records a problem at `span`; the entry still counts as read.
    fn error(&mut self, span: std::ops::Range<usize>, msg: &str) -> bool {
        self.errors.push(Diagnostic::at(self.src, span, msg));
        true
    }

    /// Parameter `id` over its own range, with whether the scenario or the baseline holds it.
    fn factor(&self, id: ParamId) -> Factor {
        let p = self.table.get(id);
        let w = self.inputs.scenario.world.params.get(id);
        Factor {
            param: id,
            path: p.path.clone(),
            low: p.low,
            high: p.high,
            central: p.value,
            grade: p.grade,
            levels: None,
            held_by_scenario: overridden(w, p),
            held_by_baseline: self
                .inputs
                .baseline
                .as_ref()
                .is_some_and(|b| overridden(w, b.scenario.params.get(id))),
        }
    }

    /// The parameter at path `name`, or a diagnostic suggesting the nearest path.
    fn find(&mut self, name: &Name) -> Option<ParamId> {
        let found = self.table.find(name.get_ref());
        if found.is_none() {
            self.errors.push(
                Diagnostic::at(
                    self.src,
                    name.span(),
                    format!("unknown parameter `{}`", name.get_ref()),
                )
                .suggest(name.get_ref(), self.table.paths())
                .with_help_if_none("`steppe list --params` shows every parameter path"),
            );
        }
        found
    }

    /// `all = "<grade>"`: every uncertain parameter of that grade not yet taken in and not in
    /// `except`, each over its own range (so `low` and `high` do not belong here).
    fn all_of_grade(&mut self, v: &VarySpec, all: &Name) -> bool {
        let src = self.src;
        let g = all.get_ref().as_str();
        if !["judgement", "claim", "fact", "any"].contains(&g) {
            self.errors.push(
                Diagnostic::at(src, all.span(), format!("unknown grade `{g}`"))
                    .suggest(g, ["judgement", "claim", "fact", "any"])
                    .with_help_if_none("`all` is `judgement`, `claim`, `fact` or `any`"),
            );
            return false;
        }
        if v.low.is_some() || v.high.is_some() {
            let span = v
                .low
                .as_ref()
                .or(v.high.as_ref())
                .map_or(0..0, |x| x.span());
            self.errors.push(Diagnostic::at(
                src,
                span,
                "`low` and `high` go with `path`: with `all`, each parameter is varied over its own range",
            ));
        }
        let mut except = Vec::new();
        for e in &v.except {
            if let Some(id) = self.find(e) {
                except.push(id);
            }
        }
        for (i, p) in self.table.iter().enumerate() {
            let id = ParamId(i as u32);
            if p.is_uncertain()
                && grade_matches(g, p)
                && !except.contains(&id)
                && !self.out.iter().any(|x| x.param == id)
            {
                let mut x = self.factor(id);
                x.levels = v.levels.as_ref().map(|l| *l.get_ref() as usize);
                self.out.push(x);
            }
        }
        true
    }

    /// `path = "<parameter>"`: that parameter over `low`..`high` (default its own range),
    /// replacing it in place if an earlier `all` took it in.
    fn one_path(&mut self, v: &VarySpec, path: &Name) -> bool {
        let Some(id) = self.find(path) else {
            return false;
        };
        if !v.except.is_empty() {
            self.error(v.except[0].span(), "`except` goes with `all`");
        }
        let Some((low, high)) = self.range(v, path, id) else {
            return false;
        };
        let p = self.table.get(id);
        let mut x = self.factor(id);
        x.low = low;
        x.high = high;
        x.central = p.value.clamp(low, high);
        x.levels = v.levels.as_ref().map(|l| *l.get_ref() as usize);
        if self.named.contains(&id) {
            self.errors.push(Diagnostic::at(
                self.src,
                path.span(),
                format!("`{}` is varied twice", p.path),
            ));
        }
        self.named.push(id);
        // A path after an `all` that includes it sets its range in place.
        match self.out.iter_mut().find(|o| o.param == id) {
            Some(o) => *o = x,
            None => self.out.push(x),
        }
        true
    }

    /// The range `[low, high]` a `path` entry varies parameter `id` over: each end within the
    /// parameter's limits (reported, not fatal) and low < high (`None` if not).
    fn range(&mut self, v: &VarySpec, path: &Name, id: ParamId) -> Option<(f64, f64)> {
        let p = self.table.get(id);
        let low = v.low.as_ref().map_or(p.low, |x| x.get_ref().0);
        let high = v.high.as_ref().map_or(p.high, |x| x.get_ref().0);
        for (x, default) in [(&v.low, p.low), (&v.high, p.high)] {
            let value = x.as_ref().map_or(default, |x| x.get_ref().0);
            if value < p.min || value > p.max {
                let span = x.as_ref().map_or(path.span(), |x| x.span());
                self.errors.push(Diagnostic::at(
                    self.src,
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
            self.errors.push(Diagnostic::at(self.src, span, msg));
            return None;
        }
        Some((low, high))
    }

    /// An entry's own `levels` must be at least 1.
    fn check_levels(&mut self, v: &VarySpec) {
        if let Some(l) = &v.levels {
            if *l.get_ref() < 1 {
                self.error(l.span(), "`levels` must be at least 1");
            }
        }
    }
}
