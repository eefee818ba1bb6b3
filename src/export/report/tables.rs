//! The results table, a real `<table>` with header cells scoped to their rows and columns: for a
//! comparison, each scenario's median final influence and, against the baseline, the median
//! paired change with its 5-95\u{a0}% range and the share of members above; for a single run or an
//! ensemble, influence at the start and the end.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::View;
use super::html::{count, esc, percent, share, signed};
use crate::analysis::comparison::ComparisonRow;
use crate::analysis::summary::{EnsembleSummary, Summary};
use crate::simulate::{ComparisonRun, EnsembleRun, Results, SingleRun};
use crate::world::World;

/// The rows of the table: every power's regional influence (overall, then each domain), then
/// every power's overall influence in each state, as `(metric name, row header)`.
fn table_metrics(world: &World) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for p in &world.powers {
        rows.push((
            format!("{}.region.overall", p.id),
            format!("{}, region, overall", p.label),
        ));
        for d in &world.domains {
            rows.push((
                format!("{}.region.{}", p.id, d.id),
                format!("{}, region, {}", p.label, d.label.to_lowercase()),
            ));
        }
    }
    for s in &world.states {
        for p in &world.powers {
            rows.push((
                format!("{}.{}.overall", p.id, s.id),
                format!("{}, {}, overall", p.label, s.label),
            ));
        }
    }
    rows
}

/// The section.
pub fn section(view: &View) -> String {
    let (heading, table) = match view.results {
        Results::Comparison(r) => ("Comparison table", comparison(r)),
        Results::Ensemble(r) => ("Results table", ensemble(r)),
        Results::Single(r) => ("Results table", single(r)),
        Results::Outcomes(_) => ("Results table", String::new()),
    };
    format!(
        "<section id=\"table\" aria-labelledby=\"table-h\">\n<h2 id=\"table-h\">{heading}</h2>\n<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"table-caption\" tabindex=\"0\">\n{table}</div>\n</section>\n"
    )
}

fn comparison(r: &ComparisonRun) -> String {
    let world = &r.scenarios[0].world;
    let rows = r.rows();
    let index: HashMap<(&str, &str), &ComparisonRow> = rows
        .iter()
        .map(|row| ((row.scenario.as_str(), row.metric.as_str()), row))
        .collect();
    let base = &r.scenarios[r.baseline].scenario;
    let members = count(r.stats.scenarios[r.baseline].members());
    let mut t = format!(
        "<table class=\"numbers\">\n<caption id=\"table-caption\">Influence at {} (share, 0-1): median of {members} members per scenario; against the baseline ({}), the median paired change with its 5-95\u{a0}% range and the share of members in which the scenario ends above the baseline.</caption>\n<colgroup><col></colgroup>",
        base.calendar.end(),
        esc(&base.title)
    );
    for k in 0..r.scenarios.len() {
        let span = if k == r.baseline { 1 } else { 3 };
        let _ = write!(t, "<colgroup span=\"{span}\"></colgroup>");
    }
    t.push_str("\n<thead>\n<tr><td></td>");
    for (k, l) in r.scenarios.iter().enumerate() {
        let (span, role) = if k == r.baseline {
            (1, " (baseline)")
        } else {
            (3, "")
        };
        let _ = write!(
            t,
            "<th scope=\"colgroup\" colspan=\"{span}\">{}{role}</th>",
            esc(&l.scenario.title)
        );
    }
    t.push_str("</tr>\n<tr><th scope=\"col\">Metric</th>");
    for k in 0..r.scenarios.len() {
        if k == r.baseline {
            t.push_str("<th scope=\"col\">median</th>");
        } else {
            t.push_str("<th scope=\"col\">median</th><th scope=\"col\">change [5-95\u{a0}%]</th><th scope=\"col\">above baseline</th>");
        }
    }
    t.push_str("</tr>\n</thead>\n<tbody>\n");
    for (metric, header) in table_metrics(world) {
        let _ = write!(t, "<tr><th scope=\"row\">{}</th>", esc(&header));
        for l in &r.scenarios {
            let Some(row) = index.get(&(l.scenario.name.as_str(), metric.as_str())) else {
                continue;
            };
            let _ = write!(t, "<td>{}</td>", share(row.value.p50));
            if let (Some(d), Some(above)) = (row.difference, row.share_above_baseline) {
                let _ = write!(
                    t,
                    "<td>{} [{}, {}]</td><td>{}</td>",
                    signed(d.p50),
                    signed(d.p05),
                    signed(d.p95),
                    percent(above)
                );
            }
        }
        t.push_str("</tr>\n");
    }
    t.push_str("</tbody>\n</table>\n");
    t
}

fn ensemble(r: &EnsembleRun) -> String {
    let world = &r.loaded.world;
    let cal = &r.loaded.scenario.calendar;
    let summary = EnsembleSummary::of(r);
    let mut t = format!(
        "<table class=\"numbers\">\n<caption id=\"table-caption\">Influence (share, 0-1) over {} members: median at {} and at {}, the 5-95\u{a0}% range at the end, and the change of the median.</caption>\n<thead>\n<tr><th scope=\"col\">Metric</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">5-95\u{a0}% at the end</th><th scope=\"col\">change</th></tr>\n</thead>\n<tbody>\n",
        count(summary.provenance.members),
        cal.start,
        cal.end(),
        cal.start,
        cal.end()
    );
    for (metric, header) in table_metrics(world) {
        let Some(m) = summary.metrics.iter().find(|m| m.metric == metric) else {
            continue;
        };
        let _ = writeln!(
            t,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{} to {}</td><td>{}</td></tr>",
            esc(&header),
            share(m.initial.p50),
            share(m.last.p50),
            share(m.last.p05),
            share(m.last.p95),
            signed(m.last.p50 - m.initial.p50)
        );
    }
    t.push_str("</tbody>\n</table>\n");
    t
}

fn single(r: &SingleRun) -> String {
    let world = &r.loaded.world;
    let cal = &r.loaded.scenario.calendar;
    let summary = Summary::of(r);
    let mut t = format!(
        "<table class=\"numbers\">\n<caption id=\"table-caption\">Influence (share, 0-1) in a single run at central values: at {}, at {}, the change, and the highest value with its date.</caption>\n<thead>\n<tr><th scope=\"col\">Metric</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">change</th><th scope=\"col\">peak</th></tr>\n</thead>\n<tbody>\n",
        cal.start,
        cal.end(),
        cal.start,
        cal.end()
    );
    for (metric, header) in table_metrics(world) {
        let Some(m) = summary.metrics.iter().find(|m| m.metric == metric) else {
            continue;
        };
        let _ = writeln!(
            t,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{} ({})</td></tr>",
            esc(&header),
            share(m.initial),
            share(m.last),
            signed(m.change),
            share(m.peak),
            m.peak_date
        );
    }
    t.push_str("</tbody>\n</table>\n");
    t
}
