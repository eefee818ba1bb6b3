//! What drives the answer (the parameters the scenarios change, with their evidence grades and
//! sources) and the claims and facts cited, with their articles and paragraphs.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html::{esc, evidence_anchor, number};
use super::question::action_text;
use super::{Attribution, View};
use crate::evidence::Evidence;
use crate::inputs::Loaded;
use crate::params::Param;

/// One row of the drivers table: a parameter a scenario changes, and how.
struct Driving<'a> {
    scenario: usize,
    param: &'a Param,
    change: String,
}

/// `0.4 [0.3, 0.5]`.
fn value_range(p: &Param) -> String {
    if p.is_uncertain() {
        format!(
            "{} [{}, {}]",
            number(p.value),
            number(p.low),
            number(p.high)
        )
    } else {
        number(p.value)
    }
}

/// The parameters scenario `k` changes: overrides (against the baseline's values in a
/// comparison, the world's otherwise), the targets of its own events, and the couplings through
/// which event-moved drivers act.
fn driving<'a>(view: &View<'_, 'a>, k: usize) -> Vec<Driving<'a>> {
    let l: &'a Loaded = view.scenarios[k];
    let reference = match view.baseline {
        Some(b) if b != k => &view.scenarios[b].scenario.params,
        _ => &l.world.params,
    };
    let base_events = match view.baseline {
        Some(b) if b != k => view.scenarios[b].scenario.events.as_slice(),
        _ => &[],
    };
    let mut out = Vec::new();
    for (p, before) in l.scenario.params.iter().zip(reference.iter()) {
        if p.value != before.value || p.low != before.low || p.high != before.high {
            out.push(Driving {
                scenario: k,
                param: p,
                change: format!("{} instead of {}", value_range(p), value_range(before)),
            });
        }
    }
    for e in l
        .scenario
        .events
        .iter()
        .filter(|e| !base_events.contains(e))
    {
        if e.target.ix() >= l.scenario.params.len() {
            continue;
        }
        let p = l.scenario.params.get(e.target);
        out.push(Driving {
            scenario: k,
            param: p,
            change: format!(
                "from {}: {} (otherwise {})",
                e.date,
                action_text(&l.scenario, e),
                value_range(p)
            ),
        });
        for c in &l.world.couplings {
            let driver = &l.world.drivers[c.driver];
            if driver.value != e.target {
                continue;
            }
            let elasticity = l.scenario.params.get(c.elasticity);
            let target = l.scenario.params.get(c.target);
            out.push(Driving {
                scenario: k,
                param: elasticity,
                change: format!(
                    "how strongly {} moves {}: {}{}",
                    driver.id,
                    target.path,
                    value_range(elasticity),
                    if c.note.is_empty() {
                        String::new()
                    } else {
                        format!(". {}", c.note)
                    }
                ),
            });
        }
    }
    out
}

/// A parameter's sources, with links to the claims and facts listed below.
fn source_links(evidence: &Evidence, sources: &[String]) -> String {
    if sources.is_empty() {
        return "none given".to_string();
    }
    sources
        .iter()
        .map(|s| {
            if is_known(evidence, s) {
                format!("<a href=\"#{}\">{}</a>", evidence_anchor(s), esc(s))
            } else {
                esc(s)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_known(evidence: &Evidence, id: &str) -> bool {
    evidence.claim(id).is_some() || evidence.fact(id).is_some() || evidence.article(id).is_some()
}

/// The "What drives the answer" section: what the scenarios change, then `drawn` (which uncertain
/// parameters go with each result over the members' own draws) and `attribution` when given.
pub fn drivers_section(
    view: &View,
    attribution: Option<&Attribution>,
    drawn: Option<&crate::analysis::attribution::Attribution>,
) -> String {
    let world = view.world();
    let several = view.scenarios.len() > 1;
    let mut out = String::from(
        "<section id=\"drivers\" aria-labelledby=\"drivers-h\">\n<h2 id=\"drivers-h\">What drives the answer</h2>\n",
    );
    let rows: Vec<Driving> = view.studied().flat_map(|(k, _)| driving(view, k)).collect();
    if rows.is_empty() {
        out.push_str("<p>The scenarios change no parameter and schedule no event: differences come from the draws alone.</p>\n");
    } else {
        let against = if view.baseline.is_some() {
            "the baseline"
        } else {
            "the world file"
        };
        let _ = write!(
            out,
            "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"drivers-caption\" tabindex=\"0\">\n<table>\n<caption id=\"drivers-caption\">The parameters the scenario{} change{} against {against}, with the evidence grade (fact: a measured number; claim: an article states the direction; judgement: neither) and the sources.</caption>\n<thead><tr>{}<th scope=\"col\">Parameter</th><th scope=\"col\">What changes</th><th scope=\"col\">Grade</th><th scope=\"col\">Sources</th></tr></thead>\n<tbody>\n",
            if several { "s" } else { "" },
            if several { "" } else { "s" },
            if several {
                "<th scope=\"col\">Scenario</th>"
            } else {
                ""
            },
        );
        for d in &rows {
            let scenario = if several {
                format!(
                    "<td class=\"text\">{}</td>",
                    esc(&view.scenarios[d.scenario].scenario.name)
                )
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "<tr>{scenario}<th scope=\"row\"><code>{}</code><br><span class=\"note\">{}</span></th><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td></tr>",
                esc(&d.param.path),
                esc(&d.param.meaning),
                esc(&d.change),
                d.param.grade.map_or("not graded", |g| g.as_str()),
                source_links(&world.evidence, &d.param.sources)
            );
        }
        out.push_str("</tbody>\n</table>\n</div>\n");
    }
    if let Some(d) = drawn {
        out.push_str(&drawn_table(d));
    }
    match attribution {
        Some(a) => {
            let _ = write!(
                out,
                "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"attribution-caption\" tabindex=\"0\">\n<table>\n<caption id=\"attribution-caption\">Uncertain parameters ranked by their influence on <code>{}</code> ({}).</caption>\n<thead><tr><th scope=\"col\">Parameter</th><th scope=\"col\">Influence</th></tr></thead>\n<tbody>\n",
                esc(&a.metric),
                esc(&a.method)
            );
            for r in &a.rows {
                let _ = writeln!(
                    out,
                    "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td></tr>",
                    esc(&r.parameter),
                    number((r.value * 1000.0).round() / 1000.0)
                );
            }
            out.push_str("</tbody>\n</table>\n</div>\n");
        }
        None if drawn.is_none() => out.push_str("<p class=\"note\">These are what the scenarios change. Which of the world's uncertain parameters matter most for the size of the answer (an attribution from the members' draws) is not estimated in this report: the members' draws were not recorded (ensembles of more than 20,000 members, or a single run).</p>\n"),
        None => {}
    }
    out.push_str("</section>\n");
    out
}

/// The parameters that go with each result over the members' own draws: up to three per result,
/// with their evidence grades and standardised rank regression coefficients.
fn drawn_table(a: &crate::analysis::attribution::Attribution) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"drawn-caption\" tabindex=\"0\">\n<table>\n<caption id=\"drawn-caption\">Which uncertain parameters drive each result: {} over the {} members' draws of {} parameters. A coefficient near +1 means the result rises with the parameter, near -1 that it falls.</caption>\n<thead><tr><th scope=\"col\">Scenario</th><th scope=\"col\">Result</th><th scope=\"col\">Parameters (grade, coefficient)</th></tr></thead>\n<tbody>\n",
        esc(&a.method),
        a.members,
        a.parameters
    );
    // In a comparison the answer is the differences from the baseline: those rows alone.
    let differences = a.results.iter().any(|r| r.of != "value");
    for r in a.results.iter().filter(|r| !differences || r.of != "value") {
        let _ = writeln!(
            out,
            "<tr><td class=\"text\">{}</td><th scope=\"row\"><code>{}</code> ({})</th><td class=\"text\">{}</td></tr>",
            esc(&r.scenario),
            esc(&r.metric),
            esc(&r.of),
            esc(&r.line())
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}

/// Sort key of an evidence id: claims, then facts, then articles, by number.
fn id_key(id: &str) -> (u8, u64, String) {
    let kind = match id.chars().next() {
        Some('C') => 0,
        Some('F') => 1,
        _ => 2,
    };
    let number = id[id.len().min(1)..].parse().unwrap_or(u64::MAX);
    (kind, number, id.to_string())
}

/// Every evidence id cited by the scenarios, their events and expectations and the parameters
/// that drive the answer, with who cites it (in first-cited order).
fn cited(view: &View) -> BTreeMap<(u8, u64, String), Vec<String>> {
    let evidence = &view.world().evidence;
    let mut out: BTreeMap<(u8, u64, String), Vec<String>> = BTreeMap::new();
    let mut cite = |id: &str, by: String| {
        if is_known(evidence, id) {
            let list = out.entry(id_key(id)).or_default();
            if !list.contains(&by) {
                list.push(by);
            }
        }
    };
    for (k, l) in view.scenarios.iter().enumerate() {
        let s = &l.scenario;
        for c in &s.claims {
            cite(c, format!("scenario {}", s.name));
        }
        for e in &s.events {
            for c in &e.claims {
                cite(c, format!("event of {} on {}", s.name, e.date));
            }
        }
        for x in &s.expectations {
            cite(
                &x.claim,
                format!("expectation of {} on {}", s.name, x.metric_text),
            );
        }
        if Some(k) != view.baseline {
            for d in driving(view, k) {
                for c in &d.param.sources {
                    cite(c, format!("parameter {}", d.param.path));
                }
            }
        }
    }
    out
}

/// The "Claims cited" section: each claim in our words with its article and paragraphs, each
/// fact with its public source, each article cited directly.
pub fn claims_section(view: &View) -> String {
    let evidence = &view.world().evidence;
    let mut out = String::from(
        "<section id=\"claims\" aria-labelledby=\"claims-h\">\n<h2 id=\"claims-h\">Claims cited</h2>\n",
    );
    let all = cited(view);
    if all.is_empty() {
        out.push_str("<p>No claim or fact is cited.</p>\n</section>\n");
        return out;
    }
    out.push_str("<p class=\"note\">Claims are paraphrased from the source articles; facts name their public source.</p>\n");
    let mut open: Option<u8> = None;
    for ((kind, _, id), by) in &all {
        if open != Some(*kind) {
            if open.is_some() {
                out.push_str("</ul>\n");
            }
            if *kind > 0 {
                let _ = writeln!(
                    out,
                    "<h3>{}</h3>",
                    if *kind == 1 {
                        "Facts cited"
                    } else {
                        "Articles cited"
                    }
                );
            }
            out.push_str("<ul class=\"claims\">\n");
            open = Some(*kind);
        }
        let anchor = evidence_anchor(id);
        let by = format!("Cited by: {}.", by.join("; "));
        if let Some(c) = evidence.claim(id) {
            let article = evidence.article(&c.source).map_or_else(
                || esc(&c.source),
                |a| {
                    format!(
                        "<cite>{}</cite>, {}, {}, {}",
                        esc(&a.title),
                        esc(&a.author),
                        esc(&a.outlet),
                        esc(&a.date)
                    )
                },
            );
            let paragraphs: Vec<String> = c.paragraphs.iter().map(u32::to_string).collect();
            let _ = writeln!(
                out,
                "<li id=\"{anchor}\"><p><strong>{}</strong> {}</p><p class=\"note\">{article}, paragraph {}. {}</p></li>",
                esc(id),
                esc(&c.text),
                esc(&paragraphs.join(", ")),
                esc(&by)
            );
        } else if let Some(f) = evidence.fact(id) {
            let _ = writeln!(
                out,
                "<li id=\"{anchor}\"><p><strong>{}</strong> {}</p><p class=\"note\">Source: {}. {}</p></li>",
                esc(id),
                esc(&f.text),
                esc(&f.source),
                esc(&by)
            );
        } else if let Some(a) = evidence.article(id) {
            let _ = writeln!(
                out,
                "<li id=\"{anchor}\"><p><strong>{}</strong> <cite>{}</cite>, {}, {}, {}</p><p class=\"note\">{}</p></li>",
                esc(id),
                esc(&a.title),
                esc(&a.author),
                esc(&a.outlet),
                esc(&a.date),
                esc(&by)
            );
        }
    }
    out.push_str("</ul>\n</section>\n");
    out
}
