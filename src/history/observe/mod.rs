//! Measured series and the observation rules that set them against model outputs, resolved
//! against a world and the step grid of a replay. A rule names a series, a model output (a
//! metric, or a state's own share) and a link (identity, affine, or changes only); every measured
//! series has a rule or is listed as unscored with the reason.
//!
//! - [`output`]: the model outputs a rule reads.
//! - [`link`]: how an output is set against a series, and the link's coefficients.
//! - [`rule`]: one rule resolved against its series: the points it scores.
//! - here: a rules file and a measured-series file resolved together, every series accounted for.

mod link;
mod output;
mod rule;

use std::ops::Range;

use crate::calendar::{Calendar, Date};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::schema::{ObservedFile, ObservedSeriesSpec, RulesFile};
use crate::world::World;

pub use link::{Coef, Link};
pub use output::Output;
pub use rule::{ObsPoint, Rule};

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

/// What resolving rules needs at hand, and the errors found so far (every one is reported).
struct Ctx<'a> {
    world: &'a World,
    calendar: &'a Calendar,
    rules_src: &'a Source,
    obs_src: &'a Source,
    test_from: Date,
    errors: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// An error in the rules file.
    fn rule_error(&mut self, span: Range<usize>, msg: impl Into<String>) {
        self.errors.push(Diagnostic::at(self.rules_src, span, msg));
    }

    /// An error in the measured-series file.
    fn obs_error(&mut self, span: Range<usize>, msg: impl Into<String>) {
        self.errors.push(Diagnostic::at(self.obs_src, span, msg));
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
    let mut covered: Vec<&str> = Vec::new();
    let out = ruled(&mut cx, rules, observed, &mut covered);
    let unscored = unscored(&mut cx, rules, observed, &mut covered);
    check_covered(&mut cx, observed, &covered);
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

/// The measured series with this id.
fn find<'a>(observed: &'a ObservedFile, id: &str) -> Option<&'a ObservedSeriesSpec> {
    observed.series.iter().find(|s| s.id.get_ref() == id)
}

/// The ids of every measured series, for suggestions.
fn ids(observed: &ObservedFile) -> impl Iterator<Item = &str> {
    observed.series.iter().map(|s| s.id.get_ref().as_str())
}

/// The rules, in file order, each on a known series that has no other rule; the series they
/// cover are added to `covered`.
fn ruled<'a>(
    cx: &mut Ctx,
    rules: &'a RulesFile,
    observed: &ObservedFile,
    covered: &mut Vec<&'a str>,
) -> Vec<Rule> {
    let mut out = Vec::new();
    for r in &rules.rule {
        let id = r.series.get_ref();
        let Some(series) = find(observed, id) else {
            cx.errors.push(
                Diagnostic::at(
                    cx.rules_src,
                    r.series.span(),
                    format!("unknown series `{id}`"),
                )
                .suggest(id, ids(observed))
                .with_help_if_none("series are the `[[series]]` ids of the measured-series file"),
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
    out
}

/// The `[[unscored]]` entries, each on a known series not yet covered; the series they cover are
/// added to `covered`.
fn unscored<'a>(
    cx: &mut Ctx,
    rules: &'a RulesFile,
    observed: &ObservedFile,
    covered: &mut Vec<&'a str>,
) -> Vec<Unscored> {
    let mut unscored = Vec::new();
    for u in &rules.unscored {
        let id = u.series.get_ref();
        let Some(series) = find(observed, id) else {
            cx.errors.push(
                Diagnostic::at(
                    cx.rules_src,
                    u.series.span(),
                    format!("unknown series `{id}`"),
                )
                .suggest(id, ids(observed)),
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
    unscored
}

/// Every measured series needs a rule or an `[[unscored]]` entry: a series nobody looks at would
/// pass unnoticed.
fn check_covered(cx: &mut Ctx, observed: &ObservedFile, covered: &[&str]) {
    for s in &observed.series {
        if !covered.contains(&s.id.get_ref().as_str()) {
            cx.obs_error(
                s.id.span(),
                format!(
                    "series `{}` has neither a rule nor an `[[unscored]]` entry in {}",
                    s.id.get_ref(),
                    cx.rules_src.name
                ),
            );
        }
    }
}
