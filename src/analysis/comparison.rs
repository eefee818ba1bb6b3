//! What a comparison says: the final value of every metric in every scenario, the paired
//! difference from the baseline and how often the scenario ends above it.

use serde::Serialize;

use super::summary::Quantiles;
use crate::provenance::Provenance;
use crate::simulate::ComparisonRun;

/// One row of the comparison table.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Scenario name.
    pub scenario: String,
    /// Metric name.
    pub metric: String,
    /// Final value over members.
    pub value: Quantiles,
    /// Final difference from the baseline over members (absent for the baseline).
    pub difference: Option<Quantiles>,
    /// Share of members in which the scenario ends above the baseline.
    pub share_above_baseline: Option<f64>,
}

/// The summary of a comparison (`summary.json`).
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonSummary {
    /// Name of the baseline scenario.
    pub baseline: String,
    /// Seed shared by all.
    pub seed: u64,
    /// Members per scenario.
    pub members: u64,
    /// Largest error of a reported influence quantile.
    pub quantile_resolution: f64,
    /// Largest error of a reported difference quantile.
    pub difference_resolution: f64,
    /// Provenance of each scenario.
    pub scenarios: Vec<Provenance>,
    /// Every row of the comparison table.
    pub rows: Vec<ComparisonRow>,
    /// The parameters that drive each regional difference from the baseline, from the
    /// members' own draws (when recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<super::attribution::Attribution>,
}

impl ComparisonRun<'_> {
    /// Final values and differences of every metric in every scenario, metric by metric.
    pub fn rows(&self) -> Vec<ComparisonRow> {
        let n = self.layout.points;
        let members = self.stats.scenarios[self.baseline].members() as f64;
        let world = &self.scenarios[0].world;
        let mut rows = Vec::new();
        for (i, m) in self.layout.metrics.iter().enumerate() {
            let last = i * n + n - 1;
            for (k, l) in self.scenarios.iter().enumerate() {
                let diff = self.stats.differences[k].as_ref();
                rows.push(ComparisonRow {
                    scenario: l.scenario.name.clone(),
                    metric: m.name(world),
                    value: Quantiles::of(&self.stats.scenarios[k].influence, last),
                    difference: diff.map(|d| Quantiles::of(&d.stats, last)),
                    share_above_baseline: diff.map(|d| d.above[last] as f64 / members),
                });
            }
        }
        rows
    }

    /// The summary: provenance of every scenario and every row.
    pub fn summary(&self) -> ComparisonSummary {
        ComparisonSummary {
            baseline: self.scenarios[self.baseline].scenario.name.clone(),
            seed: self.seed,
            members: self.stats.scenarios[self.baseline].members(),
            quantile_resolution: self.stats.scenarios[0].influence.resolution(0),
            difference_resolution: self
                .stats
                .differences
                .iter()
                .flatten()
                .next()
                .map_or(0.0, |d| d.stats.resolution(0)),
            scenarios: self.provenance.clone(),
            rows: self.rows(),
            attribution: super::attribution::of_comparison(self),
        }
    }
}
