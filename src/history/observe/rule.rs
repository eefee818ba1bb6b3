//! One observation rule resolved against its measured series: its output and link, and the
//! points it scores, each placed on the replay's step grid.

use std::ops::Range;

use crate::calendar::Date;
use crate::diag::Diagnostic;
use crate::history::snapshot::years_between;
use crate::params::Grade;
use crate::schema::{ObservedPointSpec, ObservedSeriesSpec, RuleSpec, UncertaintyKind};

use super::{Ctx, Link, Output};

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

/// The points of a series a rule scores and those it skips.
#[derive(Default)]
struct Selection {
    /// The points scored, in date order.
    points: Vec<ObsPoint>,
    /// Where each scored point's date was written, for errors about gaps.
    spans: Vec<Range<usize>>,
    /// Points not scored, with the reason (outside the window, a bound).
    skipped: Vec<(Date, String)>,
}

/// What a rule makes of one measured point.
enum Use {
    /// Scored.
    Scored(ObsPoint),
    /// Not scored, for a reason that is no error.
    Skipped(String),
    /// An error (already reported).
    Rejected,
}

impl Ctx<'_> {
    /// Resolves a rule against its series; `None` if anything in it is an error (every error is
    /// reported, not only the first).
    pub(super) fn rule(&mut self, r: &RuleSpec, series: &ObservedSeriesSpec) -> Option<Rule> {
        let before = self.errors.len();
        let output = self.output(r);
        let link = self.link(r);
        self.check_window(r);
        self.check_redates(r, series);
        let selection = self.select(r, series);
        self.check_gaps(r, series, &selection);
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
            points: selection.points,
            skipped: selection.skipped,
            note: r.note.clone(),
        })
    }

    /// The model output the rule reads, or an error with the likely names.
    fn output(&mut self, r: &RuleSpec) -> Option<Output> {
        match Output::parse(self.world, r.output.get_ref()) {
            Ok(o) => Some(o),
            Err(e) => {
                self.errors.push(
                    Diagnostic::at(self.rules_src, r.output.span(), e.message.clone())
                        .suggest(&e.word, e.candidates.iter().map(String::as_str))
                        .with_help_if_none("an output is a metric `power.state.domain` (with `region` and `overall`) or `autonomy.state.domain`"),
                );
                None
            }
        }
    }

    /// The rule's `from`-`to` window must lie within the run.
    fn check_window(&mut self, r: &RuleSpec) {
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
    }

    /// Every `redate` must name a date the series has.
    fn check_redates(&mut self, r: &RuleSpec, series: &ObservedSeriesSpec) {
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
    }

    /// The series' points in date order, each scored, skipped or rejected; a duplicate or
    /// out-of-order date is an error and the point is passed over.
    fn select(&mut self, r: &RuleSpec, series: &ObservedSeriesSpec) -> Selection {
        let mut selection = Selection::default();
        let mut previous: Option<Date> = None;
        for p in &series.points {
            let date = *p.date.get_ref();
            if let Some(prev) = previous
                && !self.follows(series, p, prev)
            {
                continue;
            }
            previous = Some(date);
            match self.point(r, series, p) {
                Use::Scored(o) => {
                    selection.points.push(o);
                    selection.spans.push(p.date.span());
                }
                Use::Skipped(why) => selection.skipped.push((date, why)),
                Use::Rejected => {}
            }
        }
        selection
    }

    /// Whether a point's date comes strictly after the previous one's; if not, an error.
    fn follows(&mut self, series: &ObservedSeriesSpec, p: &ObservedPointSpec, prev: Date) -> bool {
        let date = *p.date.get_ref();
        if date == prev {
            self.obs_error(
                p.date.span(),
                format!("duplicate date {date} in series `{}`", series.id.get_ref()),
            );
            return false;
        }
        if date < prev {
            self.obs_error(
                p.date.span(),
                format!(
                    "dates out of order in series `{}`: {date} comes after {prev}",
                    series.id.get_ref()
                ),
            );
            return false;
        }
        true
    }

    /// One point under the rule: redated, skipped outside the window or as a bound, and scored
    /// only if it falls within the run and has an uncertainty.
    fn point(&mut self, r: &RuleSpec, series: &ObservedSeriesSpec, p: &ObservedPointSpec) -> Use {
        let (start, end) = (self.calendar.start, self.calendar.end());
        let date = *p.date.get_ref();
        let at = r
            .redate
            .iter()
            .find(|rd| *rd.from.get_ref() == date)
            .map_or(date, |rd| *rd.to.get_ref());
        if r.from.as_ref().is_some_and(|f| at < *f.get_ref())
            || r.to.as_ref().is_some_and(|t| at > *t.get_ref())
        {
            return Use::Skipped("outside the rule's `from`-`to` window".to_string());
        }
        if let Some(b) = &p.bound {
            return Use::Skipped(format!("a {b} bound, not a value"));
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
            return Use::Rejected;
        }
        let value = p.value.0;
        let sigma = sigma(series, p);
        if sigma.is_nan() || sigma <= 0.0 {
            self.obs_error(
                p.date.span(),
                format!("the point on {date} has no uncertainty; a scored point needs one"),
            );
            return Use::Rejected;
        }
        Use::Scored(ObsPoint {
            date,
            at,
            value,
            sigma,
            test: at >= self.test_from,
            grid: self.grid(at),
        })
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

    /// A gap between scored points longer than the rule's `max_gap_years` is an error: the link
    /// needs continuity.
    fn check_gaps(&mut self, r: &RuleSpec, series: &ObservedSeriesSpec, selection: &Selection) {
        let Some(max) = r.max_gap_years else {
            return;
        };
        for (i, w) in selection.points.windows(2).enumerate() {
            let gap = years_between(w[0].at, w[1].at);
            if gap > max.0 {
                self.obs_error(
                    selection.spans[i + 1].clone(),
                    format!(
                        "a gap of {gap:.1} years between {} and {} in series `{}`; its rule accepts at most {} (`max_gap_years`): the `{}` link needs continuity",
                        w[0].date, w[1].date, series.id.get_ref(), max.0, r.link.get_ref().name()
                    ),
                );
            }
        }
    }
}

/// A point's standard error: half its `low`-`high` range if given, else the series'
/// uncertainty (relative to the value, or absolute).
fn sigma(series: &ObservedSeriesSpec, p: &ObservedPointSpec) -> f64 {
    match (p.low, p.high) {
        (Some(l), Some(h)) => (h.0 - l.0) / 2.0,
        _ => match series.uncertainty.kind {
            UncertaintyKind::Relative => series.uncertainty.value.0 * p.value.0.abs(),
            UncertaintyKind::Absolute => series.uncertainty.value.0,
        },
    }
}
