//! A resolved scenario: run settings, the world's parameters with the scenario's overrides, a
//! timeline of events on grid points, and checkable expectations.

use std::ops::Range;

use crate::calendar::{Calendar, Date, StepLength};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::metric::Metric;
use crate::params::{Grade, ParamId, ParamTable};
use crate::schema::{Bound, ScenarioFile};
use crate::world::World;
pub(crate) use checks::find_param;
use checks::{check_claim, check_influence_totals, resolve_event};

mod checks;
pub mod command_line;
mod stability;

pub use command_line::CommandLine;

/// Default first date of a run when no file in the chain sets one.
pub const DEFAULT_START: Date = Date {
    year: 2025,
    month: 1,
    day: 1,
};
/// Default last date of a run when no file in the chain sets one.
pub const DEFAULT_END: Date = Date {
    year: 2035,
    month: 1,
    day: 1,
};
/// Default seed when no file in the chain sets one.
pub const DEFAULT_SEED: u64 = 1;
/// Most steps a run may have (1,000 years quarterly, 333 monthly): beyond this, outputs and
/// ensemble statistics grow too large to be useful.
pub const MAX_STEPS: usize = 4_000;
/// Default half-life of a shock, in years.
pub const DEFAULT_HALF_LIFE: f64 = 1.0;

/// One parsed file of a scenario's `extends` chain.
#[derive(Debug, Clone)]
pub struct Layer {
    /// The file's name and text.
    pub source: Source,
    /// Its parsed contents.
    pub file: ScenarioFile,
}

/// What an event does to its target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Action {
    /// Set the value.
    Set(f64),
    /// Move linearly from the current value to `to`, reaching it at grid point `until`.
    Ramp {
        /// Final value.
        to: f64,
        /// Grid point at which the ramp ends.
        until: usize,
    },
    /// Add `size` at once, decaying with the half-life (years).
    Shock {
        /// Immediate change.
        size: f64,
        /// Half-life in years.
        half_life: f64,
    },
}

/// An event placed on the step grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Date written in the file.
    pub date: Date,
    /// Grid point at which it takes effect.
    pub point: usize,
    /// Parameter or driver acted on.
    pub target: ParamId,
    /// What happens.
    pub action: Action,
    /// Description.
    pub note: String,
    /// Whether the event replays a driver's history (`[history]`); figures do not mark these.
    pub history: bool,
    /// Claim ids behind the event.
    pub claims: Vec<String>,
}

/// How an expectation compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The metric must exceed the bound.
    Above,
    /// The metric must stay under the bound.
    Below,
}

/// What an expectation compares its metric with.
#[derive(Debug, Clone, PartialEq)]
pub enum Against {
    /// A fixed number.
    Value(f64),
    /// The same metric in another scenario (file stem, next to this one), same seed.
    Scenario(String),
    /// Another metric of the same run, e.g. `china.region.security`.
    Metric(Metric, String),
}

/// A claim of the articles as a check on a scenario's results.
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// Claim id.
    pub claim: String,
    /// The metric checked.
    pub metric: Metric,
    /// Text of the metric as written.
    pub metric_text: String,
    /// Grid point at which it is checked.
    pub point: usize,
    /// Above or below.
    pub direction: Direction,
    /// What the metric is compared with.
    pub against: Against,
    /// Margin.
    pub by: f64,
    /// For ensembles: the share of members in which it must hold.
    pub probability: Option<f64>,
    /// Description.
    pub note: String,
    /// Where the bound is written (for errors about a missing scenario).
    pub bound_span: Range<usize>,
}

/// A scenario ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// File stem, used for output folders and comparisons.
    pub name: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Claim ids that motivate it.
    pub claims: Vec<String>,
    /// Step grid.
    pub calendar: Calendar,
    /// Seed.
    pub seed: u64,
    /// Whether noise and random incidents are on.
    pub noise: bool,
    /// The world's parameters with this scenario's overrides.
    pub params: ParamTable,
    /// Timeline, sorted by grid point (stable in file order).
    pub events: Vec<Event>,
    /// Expectations (of the last file of the chain only).
    pub expectations: Vec<Expectation>,
}

impl Scenario {
    /// Resolves an `extends` chain (root first, the scenario itself last) against a world.
    pub fn resolve(world: &World, name: &str, chain: &[Layer]) -> Result<Scenario, Diagnostics> {
        Scenario::resolve_with(world, name, chain, &[])
    }

    /// Resolves a chain followed by `extra` layers (command-line changes, see
    /// [`CommandLine::layers`]): they override run settings and parameters like one more file
    /// of the chain, but title, description and expectations stay those of the scenario file.
    pub fn resolve_with(
        world: &World,
        name: &str,
        files: &[Layer],
        extra: &[Layer],
    ) -> Result<Scenario, Diagnostics> {
        let mut errors = Vec::new();
        let leaf = files
            .last()
            .expect("a scenario chain has at least one file");
        let all: Vec<Layer>;
        let chain = if extra.is_empty() {
            files
        } else {
            all = files.iter().chain(extra).cloned().collect();
            &all
        };

        let pick = |f: &dyn Fn(&ScenarioFile) -> bool| chain.iter().rev().find(|l| f(&l.file));
        // Title and description describe this file, so they are not inherited.
        let title = leaf.file.title.clone().unwrap_or_else(|| name.to_string());
        let description = leaf.file.description.clone().unwrap_or_default();
        let mut claims = Vec::new();
        if let Some(l) = pick(&|f| !f.claims.is_empty()) {
            for c in &l.file.claims {
                check_claim(world, &l.source, c, &mut errors);
                claims.push(c.get_ref().clone());
            }
        }
        let seed = pick(&|f| f.run.seed.is_some())
            .and_then(|l| l.file.run.seed)
            .unwrap_or(DEFAULT_SEED);
        let noise = pick(&|f| f.run.noise.is_some())
            .and_then(|l| l.file.run.noise)
            .unwrap_or(true);
        let calendar = resolve_calendar(chain)?;
        let params = resolve_overrides(world, chain, &mut errors);
        check_influence_totals(world, &params, chain, &mut errors);
        let mut events = Vec::new();
        for layer in chain {
            for e in &layer.file.event {
                if let Some(ev) =
                    resolve_event(world, &params, &calendar, &layer.source, e, &mut errors)
                {
                    events.push(ev);
                }
            }
        }
        events.sort_by_key(|e| e.point);
        stability::check_allocation(
            world,
            &params,
            &events,
            &calendar,
            &leaf.source.name,
            &mut errors,
        );

        let expectations = leaf
            .file
            .expect
            .iter()
            .filter_map(|x| resolve_expectation(world, &calendar, &leaf.source, x, &mut errors))
            .collect();
        if !errors.is_empty() {
            return Err(Diagnostics(errors));
        }
        Ok(Scenario {
            name: name.to_string(),
            title,
            description,
            claims,
            calendar,
            seed,
            noise,
            params,
            events,
            expectations,
        })
    }
}

/// The step grid from the chain's `[run]` settings (the nearest file that sets each wins).
fn resolve_calendar(chain: &[Layer]) -> Result<Calendar, Diagnostics> {
    let leaf = &chain[chain.len() - 1];
    let pick = |f: &dyn Fn(&ScenarioFile) -> bool| chain.iter().rev().find(|l| f(&l.file));
    let step = pick(&|f| f.run.step.is_some())
        .and_then(|l| l.file.run.step)
        .unwrap_or(StepLength::Quarter);
    let start = pick(&|f| f.run.start.is_some()).map(|l| (l, l.file.run.start.clone().unwrap()));
    let end = pick(&|f| f.run.end.is_some()).map(|l| (l, l.file.run.end.clone().unwrap()));
    let start_date = start.as_ref().map_or(DEFAULT_START, |(_, d)| *d.get_ref());
    let end_date = end.as_ref().map_or(DEFAULT_END, |(_, d)| *d.get_ref());
    let calendar = match Calendar::new(start_date, end_date, step) {
        Some(c) => c,
        None => {
            let msg = format!(
                "the run must end at least one {} after it starts, but it runs from {start_date} to {end_date}",
                match step {
                    StepLength::Quarter => "quarter",
                    StepLength::Month => "month",
                }
            );
            let d = match (&end, &start) {
                (Some((l, e)), _) => Diagnostic::at(&l.source, e.span(), msg),
                (None, Some((l, s))) => Diagnostic::at(&l.source, s.span(), msg),
                (None, None) => Diagnostic::file(leaf.source.name.clone(), msg),
            };
            return Err(Diagnostics(vec![d]));
        }
    };
    if calendar.steps > MAX_STEPS {
        let msg = format!(
            "the run has {} steps; steppe runs at most {MAX_STEPS} (a shorter period or quarterly steps will do)",
            calendar.steps
        );
        let d = match &end {
            Some((l, e)) => Diagnostic::at(&l.source, e.span(), msg),
            None => Diagnostic::file(leaf.source.name.clone(), msg),
        };
        return Err(Diagnostics(vec![d]));
    }

    Ok(calendar)
}

/// The world's parameters with every layer's `[override]`s applied, in chain order.
fn resolve_overrides(world: &World, chain: &[Layer], errors: &mut Vec<Diagnostic>) -> ParamTable {
    let mut params = world.params.clone();
    for layer in chain {
        for (path, spec) in &layer.file.overrides {
            let Some(id) = find_param(world, &layer.source, path, errors) else {
                continue;
            };
            let p = spec.get_ref();
            let param = params.get_mut(id);
            for v in [p.value, p.low, p.high] {
                if v < param.min || v > param.max {
                    errors.push(Diagnostic::at(
                        &layer.source,
                        spec.span(),
                        format!(
                            "`{}` must lie in [{}, {}]; found {v}",
                            param.path, param.min, param.max
                        ),
                    ));
                    break;
                }
            }
            for s in &p.sources {
                if let Err(msg) = world.evidence.check_citation(s.get_ref()) {
                    errors.push(Diagnostic::at(&layer.source, s.span(), msg));
                }
            }
            param.value = p.value;
            param.low = p.low;
            param.high = p.high;
            param.origin = layer.source.name.clone();
            if !p.sources.is_empty() {
                param.sources = p.sources.iter().map(|s| s.get_ref().clone()).collect();
            }
            if let Some(note) = &p.note {
                param.note = note.clone();
            }
            // An override replaces the world's value and range, so the world's grade no longer
            // applies: without a grade of its own, the override is a judgement.
            param.grade = Some(p.grade.unwrap_or(Grade::Judgement));
        }
    }

    params
}

/// One `[[expect]]` of the scenario's own file, checked against the world and the calendar.
fn resolve_expectation(
    world: &World,
    calendar: &Calendar,
    source: &Source,
    x: &crate::schema::ExpectSpec,
    errors: &mut Vec<Diagnostic>,
) -> Option<Expectation> {
    check_claim(world, source, &x.claim, errors);
    let metric = match Metric::parse(world, x.metric.get_ref()) {
        Ok(m) => m,
        Err(err) => {
            errors.push(
                        Diagnostic::at(source, x.metric.span(), err.message.clone())
                            .suggest(&err.word, err.candidates.iter().map(String::as_str))
                            .with_help_if_none("a metric is `power.state.domain`, with `region` for all states and `overall` for all domains, e.g. `russia.region.security`"),
                    );
            return None;
        }
    };
    let point = expectation_point(calendar, source, x, errors)?;
    let (direction, bound) = match (&x.above, &x.below) {
        (Some(b), None) => (Direction::Above, b),
        (None, Some(b)) => (Direction::Below, b),
        _ => {
            errors.push(Diagnostic::at(
                source,
                x.metric.span(),
                "an expectation needs exactly one of `above` and `below`",
            ));
            return None;
        }
    };
    let against = expectation_bound(world, source, bound, errors)?;
    let probability = match &x.probability {
        Some(p) if !(p.get_ref().0 > 0.0 && p.get_ref().0 <= 1.0) => {
            errors.push(Diagnostic::at(
                source,
                p.span(),
                format!("probability must be in (0, 1]; found {}", p.get_ref().0),
            ));
            return None;
        }
        p => p.as_ref().map(|p| p.get_ref().0),
    };
    Some(Expectation {
        claim: x.claim.get_ref().clone(),
        metric,
        metric_text: x.metric.get_ref().clone(),
        point,
        direction,
        against,
        by: x.by.map_or(0.0, |b| b.0),
        probability,
        note: x.note.clone(),
        bound_span: bound.span(),
    })
}

/// The grid point an expectation is checked at: its `at` date (within the run), else the end.
fn expectation_point(
    calendar: &Calendar,
    source: &Source,
    x: &crate::schema::ExpectSpec,
    errors: &mut Vec<Diagnostic>,
) -> Option<usize> {
    match &x.at {
        None => Some(calendar.steps),
        Some(at) => {
            let d = *at.get_ref();
            if d < calendar.start || d > calendar.end() {
                errors.push(Diagnostic::at(
                    source,
                    at.span(),
                    format!(
                        "date {d} is outside the run ({} to {})",
                        calendar.start,
                        calendar.end()
                    ),
                ));
                return None;
            }
            Some(calendar.point_at_or_before(d))
        }
    }
}

/// What an expectation compares with: a number, another metric of the run, or another scenario.
fn expectation_bound(
    world: &World,
    source: &Source,
    bound: &toml::Spanned<Bound>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Against> {
    match bound.get_ref() {
        Bound::Value(v) => Some(Against::Value(*v)),
        Bound::Scenario(s) if s.contains('.') => match Metric::parse(world, s) {
            Ok(m) => Some(Against::Metric(m, s.clone())),
            Err(err) => {
                errors.push(
                    Diagnostic::at(source, bound.span(), err.message.clone())
                        .suggest(&err.word, err.candidates.iter().map(String::as_str)),
                );
                None
            }
        },
        Bound::Scenario(s) => Some(Against::Scenario(s.clone())),
    }
}
