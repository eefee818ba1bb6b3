//! The answer in three sentences, generated from the results: the largest change of each power's
//! regional influence (up to three powers, largest first) with its 5-95\u{a0}% range and probability
//! for comparisons; start and end for single runs and ensembles, whose last sentence says which
//! power overtakes another in the region (and, for ensembles, in what share of members).

use std::collections::HashMap;

use super::View;
use super::html::{count, esc, percent, share, signed};
use crate::analysis::summary::{EnsembleSummary, Summary};
use crate::simulate::{ComparisonRun, EnsembleRun, Results, SingleRun};
use crate::world::World;

/// A regional metric: its name (`russia.region.security`), power and domain (`None`: overall).
#[derive(Debug, Clone, PartialEq)]
pub struct Regional {
    /// Metric name.
    pub name: String,
    /// Power index.
    pub power: usize,
    /// Domain index; `None` for all domains.
    pub domain: Option<usize>,
}

/// Every power's regional metrics: overall, then each domain, power by power.
pub fn regional(world: &World) -> Vec<Regional> {
    let mut out = Vec::new();
    for (p, power) in world.powers.iter().enumerate() {
        for domain in std::iter::once(None).chain((0..world.domains.len()).map(Some)) {
            let d = domain.map_or("overall", |d| world.domains[d].id.as_str());
            out.push(Regional {
                name: format!("{}.region.{d}", power.id),
                power: p,
                domain,
            });
        }
    }
    out
}

/// "Russia's regional security influence", "the United States' overall regional influence".
pub fn metric_phrase(world: &World, power: usize, domain: Option<usize>) -> String {
    let label = &world.powers[power].label;
    let owner = crate::diag::possessive_in_sentence(label);
    match domain {
        None => format!("{owner} overall regional influence"),
        Some(d) => format!(
            "{owner} regional {} influence",
            world.domains[d].label.to_lowercase()
        ),
    }
}

/// The text with its first letter in upper case.
fn capital(text: &str) -> String {
    let mut c = text.chars();
    c.next().map_or_else(String::new, |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

/// One candidate for a sentence: a change of one power's regional metric.
struct Change<'m> {
    metric: &'m Regional,
    scenario: usize,
    size: f64,
}

/// The largest change of up to three different powers, largest first; changes are taken in the
/// order given when sizes tie.
fn largest<'c, 'm>(changes: &'c [Change<'m>]) -> Vec<&'c Change<'m>> {
    let mut order: Vec<&Change> = changes.iter().collect();
    order.sort_by(|a, b| b.size.abs().total_cmp(&a.size.abs()));
    let mut picked: Vec<&Change> = Vec::new();
    for c in &order {
        if picked.len() < 3 && picked.iter().all(|p| p.metric.power != c.metric.power) {
            picked.push(c);
        }
    }
    picked
}

/// The verb and the size of a change: ("raises", "by 0.093"), ("lowers", "by 0.036"), or
/// ("leaves", "unchanged") when it rounds to zero.
fn change_words(x: f64) -> (&'static str, String) {
    let size = format!("{:.3}", x.abs());
    if size.chars().all(|c| c == '0' || c == '.') {
        ("leaves", "unchanged".to_string())
    } else if x > 0.0 {
        ("raises", format!("by {size}"))
    } else {
        ("lowers", format!("by {size}"))
    }
}

/// The answer's sentences (plain text, not escaped).
pub(crate) fn sentences(view: &View) -> Vec<String> {
    match view.results {
        Results::Single(r) => single(r),
        Results::Ensemble(r) => ensemble(r),
        Results::Comparison(r) => comparison(r),
        Results::Outcomes(_) => Vec::new(),
    }
}

/// The answer section.
pub fn section(view: &View) -> String {
    let sentences = sentences(view);
    let text = if sentences.is_empty() {
        "These results hold no regional influence to summarise.".to_string()
    } else {
        sentences.join(" ")
    };
    format!(
        "<section id=\"answer\" aria-labelledby=\"answer-h\">\n<h2 id=\"answer-h\">The answer</h2>\n<div class=\"answer\"><p>{}</p></div>\n<p class=\"note\">Influence is a power's share (0 to 1) of a state's orientation in a domain; regional values weight the {} states. These sentences are generated from the results below.</p>\n</section>\n",
        esc(&text),
        view.world().states.len()
    )
}

fn comparison(r: &ComparisonRun) -> Vec<String> {
    let world = &r.scenarios[0].world;
    let metrics = regional(world);
    let rows = r.rows();
    let index: HashMap<(&str, &str), usize> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| ((row.scenario.as_str(), row.metric.as_str()), i))
        .collect();
    let mut changes = Vec::new();
    for (k, l) in r.scenarios.iter().enumerate() {
        if k == r.baseline {
            continue;
        }
        for m in &metrics {
            let Some(&i) = index.get(&(l.scenario.name.as_str(), m.name.as_str())) else {
                continue;
            };
            if let Some(d) = rows[i].difference {
                changes.push(Change {
                    metric: m,
                    scenario: k,
                    size: d.p50,
                });
            }
        }
    }
    let several = r.scenarios.len() > 2;
    let base = &r.scenarios[r.baseline].scenario;
    let end = base.calendar.end();
    let members = count(r.stats.scenarios[r.baseline].members());
    largest(&changes)
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let row = &rows[index[&(
                r.scenarios[c.scenario].scenario.name.as_str(),
                c.metric.name.as_str(),
            )]];
            let d = row.difference.unwrap_or(row.value);
            let above = percent(row.share_above_baseline.unwrap_or(0.0));
            let phrase = metric_phrase(world, c.metric.power, c.metric.domain);
            let title = &r.scenarios[c.scenario].scenario.title;
            let (verb, size) = change_words(d.p50);
            let range = format!("5-95\u{a0}%: {} to {}", signed(d.p05), signed(d.p95));
            if n == 0 {
                format!(
                    "Against the baseline ({}), “{title}” {verb} {phrase} most: {size} at {end} (median of {members} paired members; {range}), ending above the baseline in {above} of members.",
                    base.title,
                )
            } else {
                let subject = if several {
                    format!("“{title}”")
                } else {
                    "It".to_string()
                };
                format!("{subject} {verb} {phrase} {size} ({range}; above the baseline in {above} of members).")
            }
        })
        .collect()
}

fn ensemble(r: &EnsembleRun) -> Vec<String> {
    let world = &r.loaded.world;
    let cal = &r.loaded.scenario.calendar;
    let summary = EnsembleSummary::of(r);
    let metrics = regional(world);
    let found: Vec<(&Regional, usize)> = metrics
        .iter()
        .filter_map(|m| {
            summary
                .metrics
                .iter()
                .position(|s| s.metric == m.name)
                .map(|i| (m, i))
        })
        .collect();
    let changes: Vec<Change> = found
        .iter()
        .map(|&(m, i)| Change {
            metric: m,
            scenario: 0,
            size: summary.metrics[i].last.p50 - summary.metrics[i].initial.p50,
        })
        .collect();
    let mut out: Vec<String> = largest(&changes)
        .into_iter()
        .take(2)
        .enumerate()
        .map(|(n, c)| {
            let s = &summary.metrics[found.iter().find(|f| f.0 == c.metric).map_or(0, |f| f.1)];
            let phrase = metric_phrase(world, c.metric.power, c.metric.domain);
            if n == 0 {
                format!(
                    "Across {} members, {phrase} changes most: its median goes from {} on {} to {} on {} ({}; 5-95\u{a0}% at the end: {} to {}).",
                    count(summary.provenance.members),
                    share(s.initial.p50),
                    cal.start,
                    share(s.last.p50),
                    cal.end(),
                    signed(c.size),
                    share(s.last.p05),
                    share(s.last.p95),
                )
            } else {
                format!(
                    "{} goes from {} to {} ({}; 5-95\u{a0}% at the end: {} to {}).",
                    capital(&phrase),
                    share(s.initial.p50),
                    share(s.last.p50),
                    signed(c.size),
                    share(s.last.p05),
                    share(s.last.p95),
                )
            }
        })
        .collect();
    let best = summary
        .crossovers
        .iter()
        .filter(|c| c.scope == "region")
        .fold(
            None,
            |best: Option<&crate::analysis::summary::EnsembleCrossover>, c| match best {
                Some(b) if b.share >= c.share => Some(b),
                _ => Some(c),
            },
        );
    out.push(match best {
        Some(c) => format!(
            "{} overtakes {} in {} in {} of members (median date {}).",
            label(world, &c.power),
            label(world, &c.overtakes),
            domain_words(world, &c.domain),
            percent(c.share),
            c.median_date
        ),
        None => "No power overtakes another in regional influence in any member.".to_string(),
    });
    out
}

fn single(r: &SingleRun) -> Vec<String> {
    let world = &r.loaded.world;
    let cal = &r.loaded.scenario.calendar;
    let summary = Summary::of(r);
    let metrics = regional(world);
    let found: Vec<(&Regional, usize)> = metrics
        .iter()
        .filter_map(|m| {
            summary
                .metrics
                .iter()
                .position(|s| s.metric == m.name)
                .map(|i| (m, i))
        })
        .collect();
    let changes: Vec<Change> = found
        .iter()
        .map(|&(m, i)| Change {
            metric: m,
            scenario: 0,
            size: summary.metrics[i].change,
        })
        .collect();
    let mut out: Vec<String> = largest(&changes)
        .into_iter()
        .take(2)
        .enumerate()
        .map(|(n, c)| {
            let s = &summary.metrics[found.iter().find(|f| f.0 == c.metric).map_or(0, |f| f.1)];
            let phrase = metric_phrase(world, c.metric.power, c.metric.domain);
            if n == 0 {
                format!(
                    "In a single run at central values, {phrase} changes most: from {} on {} to {} on {} ({}).",
                    share(s.initial),
                    cal.start,
                    share(s.last),
                    cal.end(),
                    signed(s.change),
                )
            } else {
                format!(
                    "{} goes from {} to {} ({}).",
                    capital(&phrase),
                    share(s.initial),
                    share(s.last),
                    signed(s.change),
                )
            }
        })
        .collect();
    out.push(
        match summary.crossovers.iter().find(|c| c.scope == "region") {
            Some(c) => format!(
                "{} first overtakes {} in {} on {}.",
                label(world, &c.power),
                label(world, &c.overtakes),
                domain_words(world, &c.domain),
                c.date
            ),
            None => format!(
                "No power overtakes another in regional influence before {}.",
                cal.end()
            ),
        },
    );
    out
}

/// A power's label from its id.
fn label(world: &World, id: &str) -> String {
    world
        .powers
        .iter()
        .find(|p| p.id == id)
        .map_or_else(|| id.to_string(), |p| p.label.clone())
}

/// "overall regional influence" or "regional security influence", from a domain id.
fn domain_words(world: &World, domain: &str) -> String {
    match world.domains.iter().find(|d| d.id == domain) {
        Some(d) => format!("regional {} influence", d.label.to_lowercase()),
        None => "overall regional influence".to_string(),
    }
}
