//! The JSON summary (`summary.json`): provenance, every metric's start, end and peak (or their
//! distribution over members), every crossover, and for comparisons every table row.

use serde::Serialize;

use super::{ExportError, Exporter, Sink};
use crate::analysis::summary::{EnsembleSummary, Summary};
use crate::simulate::Results;

/// The JSON summary exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json;

fn pretty(value: &impl Serialize) -> Result<Vec<u8>, ExportError> {
    serde_json::to_string_pretty(value)
        .map(|s| (s + "\n").into_bytes())
        .map_err(|e| ExportError::Serialize {
            what: "summary.json".into(),
            reason: e.to_string(),
        })
}

impl Exporter for Json {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        let bytes = match results {
            Results::Single(r) => pretty(&Summary::of(r))?,
            Results::Ensemble(r) => pretty(&EnsembleSummary::of(r))?,
            Results::Comparison(r) => pretty(&r.summary())?,
            Results::Outcomes(_) | Results::Experiment(_) => return Ok(()),
        };
        sink.write("summary.json", &bytes)
    }
}
