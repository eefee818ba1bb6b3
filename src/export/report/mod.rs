//! The HTML report (`report.html`): one page an analyst can send. In the order a reader wants
//! them: what was asked (scenarios and their events on a timeline), the answer in three
//! sentences generated from the results, the figures (inline SVG, each with a text
//! alternative), the results table, the parameters that drive the answer with their evidence
//! grades and sources, the claims cited with their articles, and the provenance.
//!
//! The page needs nothing but itself: styles are inline, figures are inline SVG, no script, no
//! font or image is fetched (a Content-Security-Policy forbids it). It reads on a phone, prints
//! without cut figures, and is byte-identical for the same result (no timestamps, stable order,
//! every text escaped).

mod answer;
mod evidence;
mod figures;
mod html;
mod provenance;
mod question;
mod recorded;
mod tables;

use std::fmt::Write as _;

use super::{ExportError, Exporter, Sink};
use crate::inputs::Loaded;
use crate::provenance::{Provenance, VERSION};
use crate::simulate::Results;
use crate::world::World;

pub use answer::{Regional, metric_phrase, regional};
pub use html::{TEXT_ON_BACKGROUND, esc, hex};
pub use recorded::{Recorded, RecordedScenario, reproduces};

/// The report's file name inside a results folder.
pub const REPORT_FILE: &str = "report.html";

/// The HTML report exporter. Writes [`REPORT_FILE`] for single runs, whole ensembles and
/// comparisons (nothing for a shard or member-level outcomes).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// An attribution of the answer made elsewhere (e.g. by a sweep), shown as a ranked table.
    /// Independently of it, the report shows the attribution from the members' own draws when an
    /// ensemble or comparison recorded them (`RunSpec.record_draws`).
    pub attribution: Option<Attribution>,
}

/// Parameters ranked by how much of the answer they explain, from member draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// How the ranking was made, e.g. "partial rank correlation over 1000 members".
    pub method: String,
    /// The metric explained, e.g. `russia.region.security`.
    pub metric: String,
    /// Parameters, most influential first.
    pub rows: Vec<AttributionRow>,
}

/// One parameter of an [`Attribution`].
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionRow {
    /// Parameter path.
    pub parameter: String,
    /// Its measure of influence (signed where the method gives a sign).
    pub value: f64,
}

impl Exporter for Report {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        match self.render(results)? {
            Some(page) => sink.write(REPORT_FILE, page.as_bytes()),
            None => Ok(()),
        }
    }
}

impl Report {
    /// The page for `results`, or `None` when they have no report (a shard of an ensemble,
    /// member-level outcomes).
    pub fn render(&self, results: &Results) -> Result<Option<String>, ExportError> {
        let Some(view) = View::of(results) else {
            return Ok(None);
        };
        let mut body = String::new();
        body.push_str(&question::section(&view));
        body.push_str(&answer::section(&view));
        body.push_str(&figures::section(&view)?);
        body.push_str(&tables::section(&view));
        let drawn = match results {
            Results::Ensemble(e) => crate::analysis::attribution::of_ensemble(e),
            Results::Comparison(c) => crate::analysis::attribution::of_comparison(c),
            _ => None,
        };
        body.push_str(&evidence::drivers_section(
            &view,
            self.attribution.as_ref(),
            drawn.as_ref(),
        ));
        body.push_str(&evidence::claims_section(&view));
        body.push_str(&provenance::section(&view));
        Ok(Some(page(&view, &body)))
    }
}

/// The answer in sentences (plain text), as the report's "The answer" section gives it; empty
/// when the results have no report.
pub fn answer_sentences(results: &Results) -> Vec<String> {
    View::of(results).map_or_else(Vec::new, |v| answer::sentences(&v))
}

/// What every section reads: the result and its scenarios, seen the same way for single runs,
/// ensembles and comparisons.
pub(crate) struct View<'r, 'a> {
    /// The results.
    pub results: &'r Results<'a>,
    /// The scenarios, in the order given.
    pub scenarios: Vec<&'a Loaded>,
    /// Index of the baseline of a comparison.
    pub baseline: Option<usize>,
    /// Provenance of each scenario.
    pub provenance: Vec<&'r Provenance>,
    /// The seed.
    pub seed: u64,
    /// Members per scenario; `None` for a single run.
    pub members: Option<u64>,
}

impl<'r, 'a> View<'r, 'a> {
    /// The view of `results`, if they have a report.
    fn of(results: &'r Results<'a>) -> Option<View<'r, 'a>> {
        match results {
            Results::Single(r) => Some(View {
                results,
                scenarios: vec![r.loaded],
                baseline: None,
                provenance: vec![&r.provenance],
                seed: r.provenance.seed,
                members: None,
            }),
            Results::Ensemble(r) if r.shard.is_none() => Some(View {
                results,
                scenarios: vec![r.loaded],
                baseline: None,
                provenance: vec![&r.provenance],
                seed: r.provenance.seed,
                members: Some(r.provenance.members),
            }),
            Results::Comparison(r) => Some(View {
                results,
                scenarios: r.scenarios.clone(),
                baseline: Some(r.baseline),
                provenance: r.provenance.iter().collect(),
                seed: r.seed,
                members: Some(r.stats.scenarios[r.baseline].members()),
            }),
            Results::Ensemble(_) | Results::Outcomes(_) | Results::Experiment(_) => None,
        }
    }

    /// The world all scenarios share.
    pub fn world(&self) -> &'a World {
        &self.scenarios[0].world
    }

    /// The scenarios other than the baseline (all of them for a single scenario).
    pub fn studied(&self) -> impl Iterator<Item = (usize, &'a Loaded)> + '_ {
        self.scenarios
            .iter()
            .copied()
            .enumerate()
            .filter(|(k, _)| Some(*k) != self.baseline)
    }

    /// The page title: the scenario's title, or the compared scenarios' titles.
    pub fn title(&self) -> String {
        match self.baseline {
            None => self.scenarios[0].scenario.title.clone(),
            Some(b) => {
                let others: Vec<&str> = self
                    .studied()
                    .map(|(_, l)| l.scenario.title.as_str())
                    .collect();
                let base = &self.scenarios[b].scenario.title;
                match others.as_slice() {
                    [one] => format!("{one}, compared with {base}"),
                    _ => format!("{} scenarios compared with {base}", others.len()),
                }
            }
        }
    }

    /// One line on what was run: kind, members, seed and dates.
    pub fn kind(&self) -> String {
        let cal = &self.scenarios[0].scenario.calendar;
        let what = match (self.baseline, self.members) {
            (Some(_), Some(n)) => format!(
                "Comparison of {} scenarios as paired ensembles of {} members (common random numbers)",
                self.scenarios.len(),
                html::count(n)
            ),
            (None, Some(n)) => format!("Ensemble of {} members", html::count(n)),
            _ => "Single run at central parameter values".to_string(),
        };
        format!(
            "{what}, seed {}, {} to {} in {} steps.",
            self.seed,
            cal.start,
            cal.end(),
            cal.steps
        )
    }
}

/// The whole document around the sections' `body`.
fn page(view: &View, body: &str) -> String {
    let title = view.title();
    let mut out = String::with_capacity(body.len() + 8_000);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str(
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
    );
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"steppe {VERSION}\">\n<title>{} — steppe report</title>\n<style>\n{}</style>\n</head>\n<body>",
        esc(&title),
        html::css()
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>{}</h1>\n<p class=\"lede\">{}</p>\n<nav aria-label=\"Contents\"><ol>{}</ol></nav>\n</header>\n<main>",
        esc(&title),
        esc(&view.kind()),
        [
            ("question", "What was asked"),
            ("answer", "The answer"),
            ("figures", "Figures"),
            ("table", "Table"),
            ("drivers", "What drives it"),
            ("claims", "Claims cited"),
            ("provenance", "Provenance"),
        ]
        .iter()
        .map(|(id, text)| format!("<li><a href=\"#{id}\">{text}</a></li>"))
        .collect::<String>()
    );
    out.push_str(body);
    let _ = writeln!(
        out,
        "</main>\n<footer><p>Made by steppe {VERSION} from the inputs listed under Provenance; the same inputs, seed and members give this page byte for byte.</p></footer>\n</body>\n</html>"
    );
    out
}
