//! The results of `steppe compare` on disk: overlay and difference plots, a comparison table in
//! Markdown and CSV, tidy CSV of every scenario and difference, and `summary.json`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::ensemble::Statistics;
use crate::ensemble::aggregate::Layout;
use crate::figures::{self, Line};
use crate::io::ensemble_results::{STAT_COLUMNS, fan_line};
use crate::io::load::Loaded;
use crate::io::output::{Csv, Staging, write_error};
use crate::io::results::provenance;
use crate::metric::{Metric, Scope};
use crate::summary::{Provenance, Quantiles};

/// A comparison of scenarios run as paired ensembles.
#[derive(Debug)]
pub struct Comparison<'a> {
    /// The scenarios, in the order given.
    pub scenarios: &'a [Loaded],
    /// Index of the baseline.
    pub baseline: usize,
    /// Seed shared by all.
    pub seed: u64,
    /// What was tracked.
    pub layout: &'a Layout,
    /// The statistics.
    pub stats: &'a Statistics,
}

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

#[derive(Debug, Serialize)]
struct ComparisonSummary<'a> {
    baseline: &'a str,
    seed: u64,
    members: u64,
    quantile_resolution: f64,
    difference_resolution: f64,
    scenarios: Vec<Provenance>,
    rows: &'a [ComparisonRow],
}

impl Comparison<'_> {
    fn points(&self) -> usize {
        self.layout.points
    }

    /// The folder name: `compare-<name>-<name>...`.
    pub fn folder(&self) -> String {
        let names: Vec<&str> = self
            .scenarios
            .iter()
            .map(|l| l.scenario.name.as_str())
            .collect();
        let joined = names.join("-");
        if joined.len() <= 120 {
            format!("compare-{joined}")
        } else {
            // Long lists get a short, stable name: the first scenario, the count, a hash.
            let hash: String = crate::io::load::sha256(&names.join("\n"))
                .chars()
                .take(10)
                .collect();
            format!("compare-{}-and-{}-more-{hash}", names[0], names.len() - 1)
        }
    }

    /// Final values and differences of every metric in every scenario.
    pub fn rows(&self) -> Vec<ComparisonRow> {
        let n = self.points();
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

    fn line(&self, k: usize, m: &Metric) -> Line {
        let n = self.points();
        fan_line(
            &self.stats.scenarios[k].influence,
            self.layout.metric_index(m).unwrap_or(0) * n,
            n,
        )
    }

    fn difference_line(&self, k: usize, m: &Metric) -> Line {
        let n = self.points();
        match &self.stats.differences[k] {
            Some(d) => fan_line(&d.stats, self.layout.metric_index(m).unwrap_or(0) * n, n),
            None => Line {
                center: vec![0.0; n],
                band50: None,
                band90: None,
            },
        }
    }

    /// Writes everything to `root/compare-.../`, atomically.
    pub fn write(&self, root: &Path) -> Result<PathBuf, Diagnostic> {
        let world = &self.scenarios[0].world;
        let cal = &self.scenarios[0].scenario.calendar;
        let n = self.points();
        let staging = Staging::new(root, &self.folder())?;
        let rows = self.rows();

        let mut csv = Csv::new(&[
            "scenario",
            "metric",
            "date",
            "mean",
            "p05",
            "p50",
            "p95",
            "diff_mean",
            "diff_p05",
            "diff_p50",
            "diff_p95",
            "share_above_baseline",
        ]);
        let end = cal.end();
        for r in &rows {
            let (dm, d05, d50, d95) = r.difference.map_or((None, None, None, None), |d| {
                (Some(d.mean), Some(d.p05), Some(d.p50), Some(d.p95))
            });
            let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
            csv.row(&[
                &r.scenario,
                &r.metric,
                &end,
                &r.value.mean,
                &r.value.p05,
                &r.value.p50,
                &r.value.p95,
                &opt(dm),
                &opt(d05),
                &opt(d50),
                &opt(d95),
                &opt(r.share_above_baseline),
            ]);
        }
        staging.write("comparison.csv", &csv.finish())?;
        staging.write("comparison.md", &self.markdown(&rows))?;

        let mut cols = vec!["date", "step", "scenario", "power", "scope", "domain"];
        cols.extend(STAT_COLUMNS);
        let mut agg = Csv::new(&cols);
        cols.push("share_above_baseline");
        let mut diffs = Csv::new(&cols);
        for t in 0..n {
            for (i, m) in self.layout.metrics.iter().enumerate() {
                let domain = m.domain_id(world);
                let power = &world.powers[m.power].id;
                for (k, l) in self.scenarios.iter().enumerate() {
                    let q = Quantiles::of(&self.stats.scenarios[k].influence, i * n + t);
                    let labels: [&dyn std::fmt::Display; 6] = [
                        &cal.date(t),
                        &t,
                        &l.scenario.name,
                        power,
                        &m.scope_id(world),
                        &domain,
                    ];
                    agg.row_with(&labels, &q.fields());
                    if let Some(d) = &self.stats.differences[k] {
                        let q = Quantiles::of(&d.stats, i * n + t);
                        let share = d.above[i * n + t] as f64 / d.stats.members() as f64;
                        let mut numbers = q.fields().to_vec();
                        numbers.push(share);
                        diffs.row_with(&labels, &numbers);
                    }
                }
            }
        }
        staging.write("aggregates.csv", &agg.finish())?;
        staging.write("differences.csv", &diffs.finish())?;

        let members = self.stats.scenarios[self.baseline].members();
        let summary = ComparisonSummary {
            baseline: &self.scenarios[self.baseline].scenario.name,
            seed: self.seed,
            members,
            quantile_resolution: self.stats.scenarios[0].influence.resolution(0),
            difference_resolution: self
                .stats
                .differences
                .iter()
                .flatten()
                .next()
                .map_or(0.0, |d| d.stats.resolution(0)),
            scenarios: self
                .scenarios
                .iter()
                .map(|l| provenance(l, self.seed, Some(members)))
                .collect(),
            rows: &rows,
        };
        let json = serde_json::to_string_pretty(&summary)
            .map_err(|e| write_error(&staging.path("summary.json"), e))?;
        staging.write("summary.json", &(json + "\n"))?;

        for (stem, fig) in self.figures() {
            staging.figure(&stem, &fig)?;
        }
        staging.commit()
    }

    fn figures(&self) -> Vec<(String, crate::plot::Figure)> {
        let world = &self.scenarios[0].world;
        let cal = &self.scenarios[0].scenario.calendar;
        let titles: Vec<String> = self
            .scenarios
            .iter()
            .map(|l| l.scenario.title.clone())
            .collect();
        let members = self.stats.scenarios[self.baseline].members();
        let caption = format!(
            "{} | seed {}, {} members, common random numbers | steppe {}",
            self.scenarios
                .iter()
                .map(|l| format!("{} ({})", l.files[0].path, &l.files[0].sha256[..8]))
                .collect::<Vec<_>>()
                .join(", "),
            self.seed,
            members,
            crate::io::results::VERSION
        );
        let by_power = |domain: Option<usize>| -> Vec<(String, Metric)> {
            (0..world.powers.len())
                .map(|p| {
                    (
                        world.powers[p].label.clone(),
                        Metric {
                            power: p,
                            scope: Scope::Region,
                            domain,
                        },
                    )
                })
                .collect()
        };
        let overlay = |k: usize, m: &Metric| self.line(k, m);
        let difference = |k: usize, m: &Metric| self.difference_line(k, m);
        let set = figures::ScenarioSet {
            world,
            calendar: cal,
            caption: &caption,
            titles: &titles,
            baseline: self.baseline,
            events: self
                .scenarios
                .iter()
                .map(|l| l.scenario.events.as_slice())
                .collect(),
        };
        let (overlay_kind, difference_kind) = (
            figures::ComparisonKind::Overlay,
            figures::ComparisonKind::Difference,
        );
        let mut out = Vec::new();
        let domains: Vec<Option<usize>> = std::iter::once(None)
            .chain((0..world.domains.len()).map(Some))
            .collect();
        for d in domains {
            let (suffix, what) = match d {
                None => (String::new(), "all domains".to_string()),
                Some(d) => (
                    format!("-{}", world.domains[d].id),
                    world.domains[d].label.to_lowercase(),
                ),
            };
            out.push((
                format!("overlay{suffix}"),
                figures::comparison_figure(
                    &set,
                    format!("Regional influence, {what}, by scenario"),
                    figures::comparison_panels(&set, &by_power(d), overlay_kind, &overlay),
                    overlay_kind,
                ),
            ));
            out.push((
                format!("difference{suffix}"),
                figures::comparison_figure(
                    &set,
                    format!(
                        "Difference from the baseline, regional influence, {what} (paired members)"
                    ),
                    figures::comparison_panels(&set, &by_power(d), difference_kind, &difference),
                    difference_kind,
                ),
            ));
        }
        for (p, power) in world.powers.iter().enumerate() {
            let panels: Vec<(String, Metric)> = (0..world.states.len())
                .map(|s| {
                    (
                        world.states[s].label.clone(),
                        Metric {
                            power: p,
                            scope: Scope::State(s),
                            domain: None,
                        },
                    )
                })
                .collect();
            out.push((
                format!("overlay-states-{}", power.id),
                figures::comparison_figure(
                    &set,
                    format!(
                        "{}'s influence by state, all domains, by scenario",
                        power.label
                    ),
                    figures::comparison_panels(&set, &panels, overlay_kind, &overlay),
                    overlay_kind,
                ),
            ));
        }
        out
    }

    /// The comparison table as Markdown: regional influence at the end, per power and domain.
    pub fn markdown(&self, rows: &[ComparisonRow]) -> String {
        let world = &self.scenarios[0].world;
        let base = &self.scenarios[self.baseline];
        let members = self.stats.scenarios[self.baseline].members();
        let mut md = String::new();
        let _ = writeln!(md, "# Comparison at {}\n", base.scenario.calendar.end());
        let _ = writeln!(
            md,
            "{members} paired members per scenario (seed {}, common random numbers); baseline: **{}**. Each cell: median final influence; \
             for other scenarios, the median paired difference from the baseline with its 5-95 % range, and the share of members in which the \
             scenario ends above the baseline.\n",
            self.seed, base.scenario.title
        );
        let mut header = "| metric |".to_string();
        let mut rule = "| --- |".to_string();
        for l in self.scenarios {
            let _ = write!(header, " {} |", l.scenario.name);
            rule.push_str(" --- |");
        }
        let _ = writeln!(md, "{header}\n{rule}");
        let domains: Vec<String> = std::iter::once("overall".to_string())
            .chain(world.domains.iter().map(|d| d.id.clone()))
            .collect();
        let mut wanted: Vec<String> = Vec::new();
        for p in &world.powers {
            for d in &domains {
                wanted.push(format!("{}.region.{d}", p.id));
            }
        }
        for s in &world.states {
            for p in &world.powers {
                wanted.push(format!("{}.{}.overall", p.id, s.id));
            }
        }
        for metric in wanted {
            let mut line = format!("| {metric} |");
            for l in self.scenarios {
                let Some(r) = rows
                    .iter()
                    .find(|r| r.metric == metric && r.scenario == l.scenario.name)
                else {
                    continue;
                };
                match (r.difference, r.share_above_baseline) {
                    (Some(d), Some(share)) => {
                        let _ = write!(
                            line,
                            " {:.3} ({:+.3} [{:+.3}, {:+.3}], {:.0} % above) |",
                            r.value.p50,
                            d.p50,
                            d.p05,
                            d.p95,
                            share * 100.0
                        );
                    }
                    _ => {
                        let _ = write!(line, " {:.3} |", r.value.p50);
                    }
                }
            }
            let _ = writeln!(md, "{line}");
        }
        md
    }
}
