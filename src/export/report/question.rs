//! "What was asked": each scenario's title and description, and every event on one timeline.

use std::fmt::Write as _;

use super::View;
use super::html::{esc, evidence_anchor, number};
use crate::scenario::{Action, Event, Scenario};

/// What an event does, in words: "`ukraine_war` ramps to 0.1 by 2027-01-01".
pub fn action_text(scenario: &Scenario, event: &Event) -> String {
    let target = if event.target.ix() < scenario.params.len() {
        scenario.params.get(event.target).path.clone()
    } else {
        "a parameter".to_string()
    };
    match event.action {
        Action::Set(v) => format!("{target} is set to {}", number(v)),
        Action::Ramp { to, until } => format!(
            "{target} ramps to {} by {}",
            number(to),
            scenario.calendar.date(until)
        ),
        Action::Shock { size, half_life } => format!(
            "{target} takes a shock of {} (half-life {} years)",
            number(size),
            number(half_life)
        ),
    }
}

/// Links to claims: `<a href="#claim-C48">C48</a>, ...`.
pub fn claim_links(ids: &[String]) -> String {
    ids.iter()
        .map(|c| format!("<a href=\"#{}\">{}</a>", evidence_anchor(c), esc(c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The events of the timeline: each scenario's own events (those inherited from the baseline
/// once, under the baseline), sorted by date, then in scenario and file order.
fn timeline<'a>(view: &View<'_, 'a>) -> Vec<(usize, &'a Event)> {
    let base_events: &[Event] = view
        .baseline
        .map_or(&[], |b| view.scenarios[b].scenario.events.as_slice());
    let mut out: Vec<(usize, &Event)> = Vec::new();
    for (k, l) in view.scenarios.iter().enumerate() {
        for e in &l.scenario.events {
            if Some(k) != view.baseline && base_events.contains(e) {
                continue;
            }
            out.push((k, e));
        }
    }
    out.sort_by_key(|(k, e)| (e.date, *k));
    out
}

/// The section.
pub fn section(view: &View) -> String {
    let mut out = String::from(
        "<section id=\"question\" aria-labelledby=\"question-h\">\n<h2 id=\"question-h\">What was asked</h2>\n<div class=\"scenarios\">\n",
    );
    for (k, l) in view.scenarios.iter().enumerate() {
        let s = &l.scenario;
        let mut tags = vec![s.name.as_str()];
        if Some(k) == view.baseline && s.name != "baseline" {
            tags.push("baseline");
        }
        let tags: String = tags
            .iter()
            .map(|t| format!(" <span class=\"tag\">{}</span>", esc(t)))
            .collect();
        let _ = write!(
            out,
            "<div class=\"scenario\"><h3>{}{tags}</h3>\n<p>{}</p></div>\n",
            esc(&s.title),
            esc(s.description.trim())
        );
    }
    out.push_str("</div>\n");
    let events = timeline(view);
    if events.is_empty() {
        out.push_str(
            "<p>No scheduled events: the scenarios differ only by their parameters.</p>\n",
        );
    } else {
        out.push_str("<h3 id=\"timeline-h\">Timeline of events</h3>\n<ol class=\"timeline\" aria-labelledby=\"timeline-h\">\n");
        for (k, e) in events {
            let s = &view.scenarios[k].scenario;
            let scenario_tag = if view.scenarios.len() > 1 {
                format!(" <span class=\"tag\">{}</span>", esc(&s.name))
            } else {
                String::new()
            };
            let note = if e.note.trim().is_empty() {
                String::new()
            } else {
                format!("<strong>{}</strong>: ", esc(e.note.trim()))
            };
            let claims = if e.claims.is_empty() {
                String::new()
            } else {
                format!(" (claims {})", claim_links(&e.claims))
            };
            let _ = writeln!(
                out,
                "<li><time datetime=\"{d}\">{d}</time>{scenario_tag} {note}{}{claims}.</li>",
                esc(&action_text(s, e)),
                d = e.date,
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
    out
}
