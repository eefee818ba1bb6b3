//! Measured series and the observation rules that set them against model outputs, resolved
//! against a world and the step grid of a replay. A rule names a series, a model output (a
//! metric, or a state's own share) and a link (identity, affine, or changes only); every measured
//! series has a rule or is listed as unscored with the reason.

use std::ops::Range;

use crate::calendar::{Calendar, Date};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::metric::{Metric, MetricError, Scope};
use crate::params::Grade;
use crate::schema::{
    Coefficient, LinkKind, ObservedFile, ObservedSeriesSpec, RuleSpec, RulesFile, UncertaintyKind,
};
use crate::world::World;

/// A model output a rule reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Output {
    /// A metric, e.g. `china.kazakhstan.economy`.
    Metric(Metric),
    /// The states' own share (1 minus every power's influence) in a scope and domain.
    Autonomy {
        /// The state or the region.
        scope: Scope,
        /// The domain, or `None` for all domains.
        domain: Option<usize>,
    },
}

impl Output {
    /// Reads `power.scope.domain` or `autonomy.scope.domain`.
    pub fn parse(world: &World, text: &str) -> Result<Output, MetricError> {
        match text.split_once('.') {
            Some(("autonomy", rest)) => {
                let first = world.powers.first().map_or("", |p| p.id.as_str());
                let m = Metric::parse(world, &format!("{first}.{rest}")).map_err(|mut e| {
                    e.message = e.message.replace(&format!("{first}.{rest}"), text);
                    e
                })?;
                Ok(Output::Autonomy {
                    scope: m.scope,
                    domain: m.domain,
                })
            }
            _ => Metric::parse(world, text).map(Output::Metric),
        }
    }

    /// The metrics the output is computed from, with their coefficients, and a constant:
    /// output = constant + sum of coefficient x metric.
    pub fn terms(&self, world: &World) -> (f64, Vec<(Metric, f64)>) {
        match *self {
            Output::Metric(m) => (0.0, vec![(m, 1.0)]),
            Output::Autonomy { scope, domain } => (
                1.0,
                (0..world.powers.len())
                    .map(|power| {
                        (
                            Metric {
                                power,
                                scope,
                                domain,
                            },
                            -1.0,
                        )
                    })
                    .collect(),
            ),
        }
    }
}

/// A link coefficient: central value and the range members draw from (triangular).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coef {
    /// Central value.
    pub value: f64,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
}

/// How an output is set against a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Link {
    /// observed = scale x output.
    Identity {
        /// Unit conversion.
        scale: f64,
    },
    /// observed = intercept + slope x output.
    Affine {
        /// Intercept.
        intercept: Coef,
        /// Slope.
        slope: Coef,
    },
    /// Changes of the observed series = slope x changes of the output.
    Changes {
        /// Slope.
        slope: Coef,
    },
}

impl Link {
    /// Whether only changes are compared.
    pub fn changes_only(&self) -> bool {
        matches!(self, Link::Changes { .. })
    }

    /// The link's name as written in rules files.
    pub fn name(&self) -> &'static str {
        match self {
            Link::Identity { .. } => "identity",
            Link::Affine { .. } => "affine",
            Link::Changes { .. } => "changes",
        }
    }
}

/// A measured value a rule uses.
#[derive(Debug, Clone, PartialEq)]
pub struct ObsPoint {
    /// Its date in the series.
    pub date: Date,
    /// The date of the run it is compared at (differs when the rule redates it).
    pub at: Date,
    /// The value.
    pub value: f64,
    /// Its standard error, in the series' unit.
    pub sigma: f64,
    /// Whether it is in the test period (out-of-sample).
    pub test: bool,
    /// Grid points around `at` and the weight of the later one: output = (1 - w) a + w b.
    pub grid: (usize, usize, f64),
}

/// A resolved observation rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The series' id.
    pub series: String,
    /// What the series measures.
    pub quantity: String,
    /// Its unit.
    pub unit: String,
    /// Its evidence grade.
    pub grade: Option<Grade>,
    /// The output as written.
    pub output_name: String,
    /// The output.
    pub output: Output,
    /// The link.
    pub link: Link,
    /// The points used, in date order.
    pub points: Vec<ObsPoint>,
    /// Points of the series not used, with the reason.
    pub skipped: Vec<(Date, String)>,
    /// Why this mapping.
    pub note: String,
}

/// A series that is not scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Unscored {
    /// The series' id.
    pub series: String,
    /// Why.
    pub why: String,
    /// How many points it has.
    pub points: usize,
}

/// Every rule and every unscored series of a rules file.
#[derive(Debug, Clone, PartialEq)]
pub struct Observations {
    /// The rules, in file order.
    pub rules: Vec<Rule>,
    /// Series not scored.
    pub unscored: Vec<Unscored>,
    /// First day of the test period.
    pub test_from: Date,
    /// Number of `[[gap]]` entries (quantities looked for and not found).
    pub gaps: usize,
}

struct Ctx<'a> {
    world: &'a World,
    calendar: &'a Calendar,
    rules_src: &'a Source,
    obs_src: &'a Source,
    test_from: Date,
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn rule_error(&mut self, span: Range<usize>, msg: impl Into<String>) {
        self.errors.push(Diagnostic::at(self.rules_src, span, msg));
    }

    fn obs_error(&mut self, span: Range<usize>, msg: impl Into<String>) {
        self.errors.push(Diagnostic::at(self.obs_src, span, msg));
    }

    fn coef(&mut self, c: &toml::Spanned<Coefficient>) -> Option<Coef> {
        let v = c.get_ref();
        let value = v.value.0;
        let (low, high) = (v.low.map_or(value, |l| l.0), v.high.map_or(value, |h| h.0));
        if !(low <= value && value <= high) {
            self.rule_error(
                c.span(),
                format!("the coefficient's value {value} lies outside its range [{low}, {high}]"),
            );
            return None;
        }
        Some(Coef { value, low, high })
    }

    fn link(&mut self, r: &RuleSpec) -> Option<Link> {
        let kind = *r.link.get_ref();
        let span = r.link.span();
        let misplaced = |what: &str| format!("a `{kind:?}` link takes no `{what}`").to_lowercase();
        match kind {
            LinkKind::Identity => {
                if r.slope.is_some() || r.intercept.is_some() {
                    self.rule_error(span, misplaced("slope or intercept"));
                    return None;
                }
                Some(Link::Identity {
                    scale: r.scale.map_or(1.0, |s| s.0),
                })
            }
            LinkKind::Affine => {
                let (Some(i), Some(s)) = (&r.intercept, &r.slope) else {
                    self.rule_error(span, "an `affine` link needs `intercept` and `slope`");
                    return None;
                };
                if r.scale.is_some() {
                    self.rule_error(span, misplaced("scale"));
                }
                Some(Link::Affine {
                    intercept: self.coef(i)?,
                    slope: self.coef(s)?,
                })
            }
            LinkKind::Changes => {
                let Some(s) = &r.slope else {
                    self.rule_error(span, "a `changes` link needs a `slope`");
                    return None;
                };
                if r.scale.is_some() || r.intercept.is_some() {
                    self.rule_error(span, misplaced("scale or intercept"));
                }
                Some(Link::Changes {
                    slope: self.coef(s)?,
                })
            }
        }
    }

    /// Grid points around a date of the run and the weight of the later one.
    fn grid(&self, at: Date) -> (usize, usize, f64) {
        let c = self.calendar;
        let a = c.point_at_or_before(at);
        if a >= c.steps {
            return (c.steps, c.steps, 0.0);
        }
        let (da, db) = (c.date(a).day_number(), c.date(a + 1).day_number());
        let w = ((at.day_number() - da) as f64 / (db - da) as f64).clamp(0.0, 1.0);
        (a, a + 1, w)
    }

    fn rule(&mut self, r: &RuleSpec, series: &ObservedSeriesSpec) -> Option<Rule> {
        let before = self.errors.len();
        let output = match Output::parse(self.world, r.output.get_ref()) {
            Ok(o) => Some(o),
            Err(e) => {
                self.errors.push(
                    Diagnostic::at(self.rules_src, r.output.span(), e.message.clone())
                        .suggest(&e.word, e.candidates.iter().map(String::as_str))
                        .with_help_if_none("an output is a metric `power.state.domain` (with `region` and `overall`) or `autonomy.state.domain`"),
                );
                None
            }
        };
        let link = self.link(r);
        let (start, end) = (self.calendar.start, self.calendar.end());
        for (name, d) in [("from", &r.from), ("to", &r.to)] {
            if let Some(d) = d
                && (*d.get_ref() < start || *d.get_ref() > end)
            {
                self.rule_error(
                    d.span(),
                    format!(
                        "`{name}` date {} is outside the run ({start} to {end})",
                        d.get_ref()
                    ),
                );
            }
        }
        for rd in &r.redate {
            if !series
                .points
                .iter()
                .any(|p| p.date.get_ref() == rd.from.get_ref())
            {
                self.rule_error(
                    rd.from.span(),
                    format!(
                        "series `{}` has no point dated {}",
                        series.id.get_ref(),
                        rd.from.get_ref()
                    ),
                );
            }
        }
        let mut points: Vec<ObsPoint> = Vec::new();
        let mut spans: Vec<Range<usize>> = Vec::new();
        let mut skipped = Vec::new();
        let mut previous: Option<Date> = None;
        for p in &series.points {
            let date = *p.date.get_ref();
            if let Some(prev) = previous {
                if date == prev {
                    self.obs_error(
                        p.date.span(),
                        format!("duplicate date {date} in series `{}`", series.id.get_ref()),
                    );
                    continue;
                }
                if date < prev {
                    self.obs_error(
                        p.date.span(),
                        format!(
                            "dates out of order in series `{}`: {date} comes after {prev}",
                            series.id.get_ref()
                        ),
                    );
                    continue;
                }
            }
            previous = Some(date);
            let at = r
                .redate
                .iter()
                .find(|rd| *rd.from.get_ref() == date)
                .map_or(date, |rd| *rd.to.get_ref());
            if r.from.as_ref().is_some_and(|f| at < *f.get_ref())
                || r.to.as_ref().is_some_and(|t| at > *t.get_ref())
            {
                skipped.push((date, "outside the rule's `from`-`to` window".to_string()));
                continue;
            }
            if let Some(b) = &p.bound {
                skipped.push((date, format!("a {b} bound, not a value")));
                continue;
            }
            if at < start || at > end {
                self.errors.push(
                    Diagnostic::at(
                        self.obs_src,
                        p.date.span(),
                        format!(
                            "date {at} is outside the run ({start} to {end}) that rule `{}` scores",
                            series.id.get_ref()
                        ),
                    )
                    .with_help(
                        "limit the rule with `from`/`to`, or `redate` the point with the reason",
                    ),
                );
                continue;
            }
            let value = p.value.0;
            let sigma = match (p.low, p.high) {
                (Some(l), Some(h)) => (h.0 - l.0) / 2.0,
                _ => match series.uncertainty.kind {
                    UncertaintyKind::Relative => series.uncertainty.value.0 * value.abs(),
                    UncertaintyKind::Absolute => series.uncertainty.value.0,
                },
            };
            if sigma.is_nan() || sigma <= 0.0 {
                self.obs_error(
                    p.date.span(),
                    format!("the point on {date} has no uncertainty; a scored point needs one"),
                );
                continue;
            }
            points.push(ObsPoint {
                date,
                at,
                value,
                sigma,
                test: at >= self.test_from,
                grid: self.grid(at),
            });
            spans.push(p.date.span());
        }
        if let Some(max) = r.max_gap_years {
            for (i, w) in points.windows(2).enumerate() {
                let gap = super::snapshot::years_between(w[0].at, w[1].at);
                if gap > max.0 {
                    self.obs_error(
                        spans[i + 1].clone(),
                        format!(
                            "a gap of {gap:.1} years between {} and {} in series `{}`; its rule accepts at most {} (`max_gap_years`): the `{}` link needs continuity",
                            w[0].date, w[1].date, series.id.get_ref(), max.0, r.link.get_ref().name()
                        ),
                    );
                }
            }
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Rule {
            series: series.id.get_ref().clone(),
            quantity: series.quantity.clone(),
            unit: series.unit.clone(),
            grade: series.grade,
            output_name: r.output.get_ref().clone(),
            output: output?,
            link: link?,
            points,
            skipped,
            note: r.note.clone(),
        })
    }
}

impl LinkKind {
    /// The link's name as written.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Identity => "identity",
            LinkKind::Affine => "affine",
            LinkKind::Changes => "changes",
        }
    }
}

/// Resolves observation rules and the measured series they name against a world and the step
/// grid of the replay they score. Errors name the file, line and column: an unknown series or
/// output, a point outside the run, a duplicate date, a gap the rule does not accept, a series
/// with neither a rule nor an `[[unscored]]` entry.
pub fn resolve(
    world: &World,
    calendar: &Calendar,
    (rules_src, rules): (&Source, &RulesFile),
    (obs_src, observed): (&Source, &ObservedFile),
) -> Result<Observations, Diagnostics> {
    let mut cx = Ctx {
        world,
        calendar,
        rules_src,
        obs_src,
        test_from: *rules.test_from.get_ref(),
        errors: Vec::new(),
    };
    let find = |id: &str| observed.series.iter().find(|s| s.id.get_ref() == id);
    let ids = || observed.series.iter().map(|s| s.id.get_ref().as_str());
    let mut out = Vec::new();
    let mut covered: Vec<&str> = Vec::new();
    for r in &rules.rule {
        let id = r.series.get_ref();
        let Some(series) = find(id) else {
            cx.errors.push(
                Diagnostic::at(rules_src, r.series.span(), format!("unknown series `{id}`"))
                    .suggest(id, ids())
                    .with_help_if_none(
                        "series are the `[[series]]` ids of the measured-series file",
                    ),
            );
            continue;
        };
        if covered.contains(&id.as_str()) {
            cx.rule_error(
                r.series.span(),
                format!("series `{id}` has a second rule; give each one rule"),
            );
            continue;
        }
        covered.push(id);
        if let Some(rule) = cx.rule(r, series) {
            out.push(rule);
        }
    }
    let mut unscored = Vec::new();
    for u in &rules.unscored {
        let id = u.series.get_ref();
        let Some(series) = find(id) else {
            cx.errors.push(
                Diagnostic::at(rules_src, u.series.span(), format!("unknown series `{id}`"))
                    .suggest(id, ids()),
            );
            continue;
        };
        if covered.contains(&id.as_str()) {
            cx.rule_error(
                u.series.span(),
                format!("series `{id}` is listed twice (a rule, or `[[unscored]]` again)"),
            );
            continue;
        }
        covered.push(id);
        unscored.push(Unscored {
            series: id.clone(),
            why: u.why.clone(),
            points: series.points.len(),
        });
    }
    for s in &observed.series {
        if !covered.contains(&s.id.get_ref().as_str()) {
            cx.obs_error(
                s.id.span(),
                format!(
                    "series `{}` has neither a rule nor an `[[unscored]]` entry in {}",
                    s.id.get_ref(),
                    rules_src.name
                ),
            );
        }
    }
    if !cx.errors.is_empty() {
        return Err(Diagnostics(cx.errors));
    }
    Ok(Observations {
        rules: out,
        unscored,
        test_from: cx.test_from,
        gaps: observed.gap.len(),
    })
}
