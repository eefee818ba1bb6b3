//! The stability condition of the powers' allocation (docs/MODEL.md §10a), checked when a
//! scenario is resolved: each power's partial adjustment toward its best response must be a
//! contraction with a non-negative multiplier, on the largest values a run can reach.

use super::{Action, Event};
use crate::calendar::Calendar;
use crate::diag::Diagnostic;
use crate::params::{ParamId, ParamTable};
use crate::world::World;

/// The largest value a parameter can take in a run or an ensemble of this scenario: the top of
/// its range or central value, any `set` or `ramp` value, and its upper limit if a shock moves it.
fn largest(params: &ParamTable, events: &[Event], id: ParamId) -> f64 {
    let p = params.get(id);
    let mut top = p.high.max(p.value);
    for e in events.iter().filter(|e| e.target == id) {
        top = top.max(match e.action {
            Action::Set(v) => v,
            Action::Ramp { to, .. } => to,
            Action::Shock { .. } => p.max,
        });
    }
    top
}

/// Refuses a scenario whose allocation dynamics could overshoot or diverge: with a positive
/// allocation rate every contest exponent must stay at most 1, and the per-step rate times
/// (1 + the largest exponent) at most 1.
pub(super) fn check_allocation(
    world: &World,
    params: &ParamTable,
    events: &[Event],
    calendar: &Calendar,
    file: &str,
    errors: &mut Vec<Diagnostic>,
) {
    let rate_id = world.agents.allocation_rate;
    let rate = largest(params, events, rate_id).min(1.0);
    if rate <= 0.0 {
        return;
    }
    let mut gamma: f64 = 0.0;
    for d in &world.domains {
        let g = largest(params, events, d.contest_exponent);
        if g > 1.0 {
            errors.push(Diagnostic::file(
                file.to_string(),
                format!(
                    "`{}` may reach {g}: while `{}` is above 0, powers' allocation (docs/MODEL.md §10a) is stable only with contest exponents of at most 1 (no increasing returns to effort)",
                    params.get(d.contest_exponent).path,
                    params.get(rate_id).path
                ),
            ));
        }
        gamma = gamma.max(g);
    }
    let dt = calendar.dt();
    let per_step = 1.0 - libm::pow(1.0 - rate, dt);
    if per_step * (1.0 + gamma) > 1.0 {
        let bound = 1.0 - libm::pow(gamma / (1.0 + gamma), 1.0 / dt);
        errors.push(Diagnostic::file(
            file.to_string(),
            format!(
                "`{}` may reach {rate} per year: with steps of {dt} years the per-step rate {per_step:.3} times (1 + contest exponent {gamma}) exceeds 1, so allocations would overshoot and oscillate (docs/MODEL.md §10a); keep it at or below {bound:.4}",
                params.get(rate_id).path
            ),
        ));
    }
}
