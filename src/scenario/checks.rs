//! Resolving the parts of a scenario chain that need checks against the world: events,
//! overrides of initial influence, claim ids and parameter paths.

use std::ops::Range;

use super::{Action, DEFAULT_HALF_LIFE, Event};
use crate::calendar::Calendar;
use crate::diag::{Diagnostic, Source};
use crate::params::{ParamId, ParamTable};
use crate::schema::Name;
use crate::world::{MAX_TOTAL_INFLUENCE, World};

use super::Layer;

/// Overrides of initial influence must leave every state some autonomy, as the world must.
pub(super) fn check_influence_totals(
    world: &World,
    params: &ParamTable,
    chain: &[Layer],
    errors: &mut Vec<Diagnostic>,
) {
    let np = world.powers.len();
    for state in &world.states {
        for (d, group) in state.influence.chunks(np).enumerate() {
            let total: f64 = group.iter().map(|&id| params.get(id).value).sum();
            if total <= MAX_TOTAL_INFLUENCE {
                continue;
            }
            // Report it where the last override of this group is written.
            let written = chain.iter().rev().find_map(|l| {
                l.file
                    .overrides
                    .iter()
                    .find(|(path, _)| {
                        group
                            .iter()
                            .any(|&id| params.get(id).path == *path.get_ref())
                    })
                    .map(|(path, _)| (l, path.span()))
            });
            let msg = format!(
                "initial influence in `{}` / `{}` would add up to {total:.3}; it may be at most {MAX_TOTAL_INFLUENCE} so the state keeps some autonomy",
                state.id, world.domains[d].id
            );
            errors.push(match written {
                Some((l, span)) => Diagnostic::at(&l.source, span, msg),
                None => Diagnostic::file(chain[chain.len() - 1].source.name.clone(), msg),
            });
        }
    }
}

pub(super) fn check_claim(
    world: &World,
    source: &Source,
    claim: &Name,
    errors: &mut Vec<Diagnostic>,
) {
    let id = claim.get_ref();
    if world.evidence.claim(id).is_none() {
        errors.push(
            Diagnostic::at(source, claim.span(), format!("unknown claim `{id}`"))
                .suggest(id, world.evidence.claims.iter().map(|c| c.id.as_str()))
                .with_help_if_none(
                    "claims are listed in the world's evidence files (seeds/claims.toml)",
                ),
        );
    }
}

/// The parameter at `path`, or `None` with an error naming the unknown path and the nearest
/// known one (scenario overrides and history snapshots name parameters alike).
pub(crate) fn find_param(
    world: &World,
    source: &Source,
    path: &Name,
    errors: &mut Vec<Diagnostic>,
) -> Option<ParamId> {
    let found = world.params.find(path.get_ref());
    if found.is_none() {
        errors.push(
            Diagnostic::at(
                source,
                path.span(),
                format!("unknown parameter `{}`", path.get_ref()),
            )
            .suggest(path.get_ref(), world.params.paths())
            .with_help_if_none("`steppe list --params` shows every parameter path"),
        );
    }
    found
}

pub(super) fn resolve_event(
    world: &World,
    params: &ParamTable,
    calendar: &Calendar,
    source: &Source,
    e: &crate::schema::EventSpec,
    errors: &mut Vec<Diagnostic>,
) -> Option<Event> {
    let target = find_param(world, source, &e.target, errors)?;
    let param = params.get(target);
    if param.initial_only {
        errors.push(Diagnostic::at(
            source,
            e.target.span(),
            format!(
                "`{}` is an initial condition; events cannot change it (use [override] instead)",
                param.path
            ),
        ));
        return None;
    }
    let date = *e.date.get_ref();
    let Some(point) = calendar
        .point_on_or_after(date)
        .filter(|_| date >= calendar.start)
    else {
        errors.push(Diagnostic::at(
            source,
            e.date.span(),
            format!(
                "event date {date} is outside the run ({} to {})",
                calendar.start,
                calendar.end()
            ),
        ));
        return None;
    };
    let action = event_action(param, calendar, source, e, (date, point), errors)?;
    if e.until.is_some() && !matches!(action, Action::Ramp { .. }) {
        errors.push(Diagnostic::at(
            source,
            e.date.span(),
            "`until` only goes with `ramp`",
        ));
    }
    if e.half_life.is_some() && !matches!(action, Action::Shock { .. }) {
        errors.push(Diagnostic::at(
            source,
            e.date.span(),
            "`half_life` only goes with `shock`",
        ));
    }
    for c in &e.claims {
        check_claim(world, source, c, errors);
    }
    Some(Event {
        date,
        point,
        target,
        action,
        note: e.note.clone(),
        history: false,
        claims: e.claims.iter().map(|c| c.get_ref().clone()).collect(),
    })
}

/// What an event does, checked against the parameter's limits and the calendar: exactly one of
/// `set`, `ramp` (with `until`) and `shock`.
fn event_action(
    param: &crate::params::Param,
    calendar: &Calendar,
    source: &Source,
    e: &crate::schema::EventSpec,
    (date, point): (crate::calendar::Date, usize),
    errors: &mut Vec<Diagnostic>,
) -> Option<Action> {
    match (e.set, e.ramp, e.shock) {
        (Some(v), None, None) => {
            in_limits(param, source, v.0, e.target.span(), errors).then_some(Action::Set(v.0))
        }
        (None, Some(to), None) => {
            ramp_action(param, calendar, source, e, (date, point), to.0, errors)
        }
        (None, None, Some(size)) => {
            let half_life = e.half_life.map_or(DEFAULT_HALF_LIFE, |h| h.0);
            if half_life <= 0.0 {
                errors.push(Diagnostic::at(
                    source,
                    e.date.span(),
                    "`half_life` must be positive (years)",
                ));
                return None;
            }
            Some(Action::Shock {
                size: size.0,
                half_life,
            })
        }
        _ => {
            errors.push(Diagnostic::at(
                source,
                e.date.span(),
                "an event needs exactly one of `set`, `ramp` (with `until`) and `shock`",
            ));
            None
        }
    }
}

/// A ramp to `to`, ending at its `until` date, which must come after its start and within the run.
fn ramp_action(
    param: &crate::params::Param,
    calendar: &Calendar,
    source: &Source,
    e: &crate::schema::EventSpec,
    (date, point): (crate::calendar::Date, usize),
    to: f64,
    errors: &mut Vec<Diagnostic>,
) -> Option<Action> {
    let Some(until) = &e.until else {
        errors.push(Diagnostic::at(
            source,
            e.date.span(),
            "a `ramp` needs an `until` date",
        ));
        return None;
    };
    let until_date = *until.get_ref();
    if until_date <= date {
        errors.push(Diagnostic::at(
            source,
            until.span(),
            format!("dates out of order: the ramp ends ({until_date}) before it starts ({date})"),
        ));
        return None;
    }
    let Some(until_point) = calendar.point_on_or_after(until_date) else {
        errors.push(Diagnostic::at(
            source,
            until.span(),
            format!(
                "ramp end {until_date} is after the end of the run ({})",
                calendar.end()
            ),
        ));
        return None;
    };
    in_limits(param, source, to, e.target.span(), errors).then_some(Action::Ramp {
        to,
        until: until_point.max(point + 1),
    })
}

/// Whether an event's value lies within the parameter's limits; reports it if not.
fn in_limits(
    param: &crate::params::Param,
    source: &Source,
    v: f64,
    span: Range<usize>,
    errors: &mut Vec<Diagnostic>,
) -> bool {
    if v < param.min || v > param.max {
        errors.push(Diagnostic::at(
            source,
            span,
            format!(
                "`{}` must lie in [{}, {}]; the event asks for {v}",
                param.path, param.min, param.max
            ),
        ));
        false
    } else {
        true
    }
}
