//! What an experiment records of each run: a metric at a date, its difference from the baseline
//! (same parameters, same noise), or whether and when one power gets ahead of another. Each is
//! read straight from the run's trajectory at the points it needs, without computing every
//! series.

use super::{ExperimentInputs, PrimDef};
use crate::calendar::{Calendar, Date};
use crate::diag::{Diagnostic, Source};
use crate::engine::Trajectory;
use crate::metric::{Metric, Weights};
use crate::schema::{ExperimentFile, Name, OutcomeSpec};
use crate::world::World;

/// What `ahead_of` outcomes measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// 1 if it happens by the date, else 0 (a probability once averaged over replicates).
    Probability,
    /// The year it first happens; the date itself if it does not happen by then.
    Date,
}

/// The kind of an outcome.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OutcomeKind {
    /// The metric at the point.
    Value,
    /// The metric minus the baseline's at the point.
    Difference,
    /// The metric's power gets ahead of `other` (same scope and domain) by the point.
    Ahead {
        /// The metric of the other power.
        other: Metric,
        /// What is recorded.
        measure: Measure,
    },
}

/// A resolved outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeDef {
    /// Column name.
    pub name: String,
    /// The metric.
    pub metric: Metric,
    /// The metric's name, as written.
    pub metric_text: String,
    /// The grid point it is read at (or the last point that counts).
    pub point: usize,
    /// What is recorded.
    pub kind: OutcomeKind,
    /// A sentence saying what it is, for tables and figures.
    pub describe: String,
}

impl OutcomeDef {
    /// The outcome of one run: `scenario` (and `baseline` for differences).
    #[inline]
    pub fn evaluate(
        &self,
        weights: &Weights,
        calendar: &Calendar,
        scenario: &Trajectory,
        baseline: Option<&Trajectory>,
    ) -> f64 {
        let at = |t: &Trajectory, m: &Metric, p: usize| weights.value(t.influence_at(p), m);
        match self.kind {
            OutcomeKind::Value => at(scenario, &self.metric, self.point),
            OutcomeKind::Difference => {
                let b = baseline.map_or(f64::NAN, |b| at(b, &self.metric, self.point));
                at(scenario, &self.metric, self.point) - b
            }
            OutcomeKind::Ahead { other, measure } => {
                let mut prev = (at(scenario, &self.metric, 0), at(scenario, &other, 0));
                let mut when = None;
                for p in 1..=self.point {
                    let now = (at(scenario, &self.metric, p), at(scenario, &other, p));
                    if prev.0 <= prev.1 && now.0 > now.1 {
                        when = Some(p);
                        break;
                    }
                    prev = now;
                }
                match (measure, when) {
                    (Measure::Probability, w) => f64::from(u8::from(w.is_some())),
                    (Measure::Date, w) => calendar.date(w.unwrap_or(self.point)).fractional_year(),
                }
            }
        }
    }
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The outcomes `[[outcome]]` asks for, in order. Each needs a column name, a metric, what is
/// recorded (the value, the difference from the baseline, or getting ahead of another power) and
/// the date it is read at; an outcome with a problem is reported in `errors` and left out.
pub(super) fn resolve(
    src: &Source,
    f: &ExperimentFile,
    inputs: &ExperimentInputs,
    errors: &mut Vec<Diagnostic>,
) -> Vec<OutcomeDef> {
    if f.outcome.is_empty() {
        errors.push(
            Diagnostic::at(src, f.design.span(), "the experiment records no outcome")
                .with_help("add an [[outcome]] with `name` and `metric`, e.g. metric = \"russia.region.security\""),
        );
    }
    let mut reader = OutcomeReader {
        src,
        world: &inputs.scenario.world,
        calendar: &inputs.scenario.scenario.calendar,
        has_baseline: inputs.baseline.is_some(),
        errors,
    };
    let mut out: Vec<OutcomeDef> = Vec::new();
    for entry in &f.outcome {
        if let Some(def) = reader.outcome(entry.get_ref(), &out) {
            out.push(def);
        }
    }
    out
}

/// Reads `[[outcome]]` entries against the world and the run's calendar, reporting problems.
struct OutcomeReader<'a> {
    src: &'a Source,
    world: &'a World,
    calendar: &'a Calendar,
    /// Whether the experiment names a baseline (differences need one).
    has_baseline: bool,
    errors: &'a mut Vec<Diagnostic>,
}

impl OutcomeReader<'_> {
    /// One outcome, given those read before it (`None` if it cannot be made at all: an unknown
    /// metric or power, or a date outside the run).
    fn outcome(&mut self, o: &OutcomeSpec, before: &[OutcomeDef]) -> Option<OutcomeDef> {
        self.check_name(o, before);
        let metric = self.metric(o)?;
        let kind = match &o.ahead_of {
            None => self.value_or_difference(o),
            Some(other) => self.ahead(o, other, metric)?,
        };
        let point = match kind {
            OutcomeKind::Ahead { .. } => self.date_point(&o.by),
            _ => self.date_point(&o.at),
        }?;
        let describe = describe(self.world, o, metric, kind, self.calendar.date(point));
        Some(OutcomeDef {
            name: o.name.get_ref().clone(),
            metric,
            metric_text: o.metric.get_ref().clone(),
            point,
            kind,
            describe,
        })
    }

    /// The name must be a usable column name and not taken by an earlier outcome.
    fn check_name(&mut self, o: &OutcomeSpec, before: &[OutcomeDef]) {
        let name = o.name.get_ref();
        if !valid_name(name) {
            self.errors.push(Diagnostic::at(
                self.src,
                o.name.span(),
                format!("`{name}` is not a column name: use letters, digits, `-`, `_` and `.`"),
            ));
        } else if before.iter().any(|x| &x.name == name) {
            self.errors.push(Diagnostic::at(
                self.src,
                o.name.span(),
                format!("outcome `{name}` is defined twice"),
            ));
        }
    }

    /// The outcome's metric, or a diagnostic with the nearest known word.
    fn metric(&mut self, o: &OutcomeSpec) -> Option<Metric> {
        match Metric::parse(self.world, o.metric.get_ref()) {
            Ok(m) => Some(m),
            Err(err) => {
                self.errors.push(
                    Diagnostic::at(self.src, o.metric.span(), err.message.clone())
                        .suggest(&err.word, err.candidates.iter().map(String::as_str))
                        .with_help_if_none(
                            "a metric is `power.state.domain`, e.g. `russia.region.security`",
                        ),
                );
                None
            }
        }
    }

    /// Without `ahead_of`: the metric's value, or with `difference` its difference from the
    /// baseline; `by` and `measure` do not apply.
    fn value_or_difference(&mut self, o: &OutcomeSpec) -> OutcomeKind {
        for (key, span) in [
            ("by", o.by.as_ref().map(|x| x.span())),
            ("measure", o.measure.as_ref().map(|x| x.span())),
        ] {
            if let Some(span) = span {
                self.errors.push(Diagnostic::at(
                    self.src,
                    span,
                    format!("`{key}` goes with `ahead_of`"),
                ));
            }
        }
        if !o.difference {
            return OutcomeKind::Value;
        }
        if !self.has_baseline {
            self.errors.push(Diagnostic::at(
                self.src,
                o.name.span(),
                "a difference needs a baseline: add `baseline = \"../scenarios/baseline.toml\"` to the experiment",
            ));
        }
        OutcomeKind::Difference
    }

    /// With `ahead_of`: whether (or when) the metric's power gets ahead of `other`, another
    /// power, on the same scope and domain (`None` if `other` is no power).
    fn ahead(&mut self, o: &OutcomeSpec, other: &Name, metric: Metric) -> Option<OutcomeKind> {
        let src = self.src;
        if o.difference || o.at.is_some() {
            self.errors.push(Diagnostic::at(
                src,
                other.span(),
                "`ahead_of` takes `by` and `measure`, not `at` or `difference`",
            ));
        }
        let Some(p) = self.world.power(other.get_ref()) else {
            self.errors.push(
                Diagnostic::at(
                    src,
                    other.span(),
                    format!("unknown power `{}`", other.get_ref()),
                )
                .suggest(
                    other.get_ref(),
                    self.world.powers.iter().map(|p| p.id.as_str()),
                ),
            );
            return None;
        };
        if p == metric.power {
            self.errors.push(Diagnostic::at(
                src,
                other.span(),
                "a power cannot get ahead of itself",
            ));
        }
        let measure = self.measure(o);
        Some(OutcomeKind::Ahead {
            other: Metric { power: p, ..metric },
            measure,
        })
    }

    /// `measure`: `probability` (the default) or `date`.
    fn measure(&mut self, o: &OutcomeSpec) -> Measure {
        match o.measure.as_ref().map(|m| (m.get_ref().as_str(), m.span())) {
            None | Some(("probability", _)) => Measure::Probability,
            Some(("date", _)) => Measure::Date,
            Some((m, span)) => {
                self.errors.push(
                    Diagnostic::at(self.src, span, format!("unknown measure `{m}`"))
                        .suggest(m, ["probability", "date"])
                        .with_help_if_none("`measure` is `probability` or `date`"),
                );
                Measure::Probability
            }
        }
    }

    /// The grid point of date `d` (the run's last point when not given), or `None` with a
    /// diagnostic if the date is outside the run.
    fn date_point(&mut self, d: &Option<toml::Spanned<Date>>) -> Option<usize> {
        let calendar = self.calendar;
        let Some(at) = d else {
            return Some(calendar.steps);
        };
        let d = *at.get_ref();
        if d < calendar.start || d > calendar.end() {
            self.errors.push(Diagnostic::at(
                self.src,
                at.span(),
                format!(
                    "date {d} is outside the run ({} to {})",
                    calendar.start,
                    calendar.end()
                ),
            ));
            None
        } else {
            Some(calendar.point_at_or_before(d))
        }
    }
}

/// The sentence that says what an outcome is, for tables and figures.
fn describe(
    world: &World,
    o: &OutcomeSpec,
    metric: Metric,
    kind: OutcomeKind,
    date: Date,
) -> String {
    match kind {
        OutcomeKind::Value => format!("{} at {date}", o.metric.get_ref()),
        OutcomeKind::Difference => {
            format!("{} at {date}, minus the baseline's", o.metric.get_ref())
        }
        OutcomeKind::Ahead { other, measure } => {
            format!(
                "{} of {} getting ahead of {} by {date}",
                match measure {
                    Measure::Probability => "probability",
                    Measure::Date => "year",
                },
                world.powers[metric.power].id,
                world.powers[other.power].id,
            ) + &format!(" ({}.{})", metric.scope_id(world), metric.domain_id(world))
        }
    }
}

pub(super) fn prim(
    src: &Source,
    f: &ExperimentFile,
    outcomes: &[OutcomeDef],
    errors: &mut Vec<Diagnostic>,
) -> Option<PrimDef> {
    let spec = f.prim.as_ref()?;
    let p = spec.get_ref();
    let name = p.outcome.get_ref();
    let Some(outcome) = outcomes.iter().position(|o| &o.name == name) else {
        errors.push(
            Diagnostic::at(src, p.outcome.span(), format!("no outcome named `{name}`"))
                .suggest(name, outcomes.iter().map(|o| o.name.as_str())),
        );
        return None;
    };
    let (at_least, threshold) = match (&p.at_least, &p.at_most) {
        (Some(t), None) => (true, t.get_ref().0),
        (None, Some(t)) => (false, t.get_ref().0),
        _ => {
            errors.push(Diagnostic::at(
                src,
                spec.span(),
                "[prim] needs exactly one of `at_least` and `at_most`: the outcome's values that make a case of interest",
            ));
            return None;
        }
    };
    let mut share =
        |x: &Option<crate::schema::SpannedNumber>, default: f64, lo: f64, hi: f64, key: &str| {
            match x {
                None => default,
                Some(v) if v.get_ref().0 > lo && v.get_ref().0 < hi => v.get_ref().0,
                Some(v) => {
                    errors.push(Diagnostic::at(
                        src,
                        v.span(),
                        format!("`{key}` must lie strictly between {lo} and {hi}"),
                    ));
                    default
                }
            }
        };
    let density = share(&p.density, 0.8, 0.0, 1.0 + 1e-12, "density");
    let peel_alpha = share(&p.peel_alpha, 0.05, 0.0, 0.5, "peel_alpha");
    let mass_min = share(&p.mass_min, 0.05, -1e-12, 1.0, "mass_min");
    Some(PrimDef {
        outcome,
        at_least,
        threshold,
        density,
        peel_alpha,
        mass_min,
    })
}
