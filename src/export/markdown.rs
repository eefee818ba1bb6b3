//! Markdown tables for reports: regional influence per power and domain at the end of a run or
//! an ensemble (`summary.md`), and the comparison table (`comparison.md`).

use std::fmt::Write as _;

use super::{ExportError, Exporter, Sink};
use crate::analysis::comparison::ComparisonRow;
use crate::analysis::summary::Quantiles;
use crate::metric::{Metric, Scope};
use crate::simulate::{ComparisonRun, EnsembleRun, Results, SingleRun};
use crate::world::World;

/// The Markdown exporter.
#[derive(Debug, Clone, Copy, Default)]
pub struct Markdown;

impl Exporter for Markdown {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        match results {
            Results::Single(r) => sink.write("summary.md", single(r).as_bytes()),
            Results::Ensemble(r) => sink.write("summary.md", ensemble(r).as_bytes()),
            Results::Comparison(r) => sink.write("comparison.md", comparison(r).as_bytes()),
            Results::Outcomes(_) => Ok(()),
        }
    }
}

/// The regional metrics of each power: overall, then each domain.
fn regional(world: &World, power: usize) -> Vec<Metric> {
    std::iter::once(None)
        .chain((0..world.domains.len()).map(Some))
        .map(|domain| Metric {
            power,
            scope: Scope::Region,
            domain,
        })
        .collect()
}

/// `| power | overall | security | ... |` and its rule.
fn header(world: &World) -> String {
    let mut h = "| power | overall |".to_string();
    let mut rule = "| --- | --- |".to_string();
    for d in &world.domains {
        let _ = write!(h, " {} |", d.id);
        rule.push_str(" --- |");
    }
    format!("{h}\n{rule}\n")
}

fn single(r: &SingleRun) -> String {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let mut md = format!(
        "# {}\n\nRegional influence (share, 0-1) at {} -> {}, single run at central values.\n\n{}\n\n",
        r.loaded.scenario.title,
        cal.start,
        cal.end(),
        r.provenance.caption()
    );
    md.push_str(&header(world));
    for (p, power) in world.powers.iter().enumerate() {
        let _ = write!(md, "| {} |", power.id);
        for m in regional(world, p) {
            let s = r.metric_series(&m);
            let _ = write!(md, " {:.3} -> {:.3} |", s[0], s[s.len() - 1]);
        }
        md.push('\n');
    }
    md
}

fn ensemble(r: &EnsembleRun) -> String {
    let (world, cal) = (&r.loaded.world, &r.loaded.scenario.calendar);
    let n = r.layout.points;
    let mut md = format!(
        "# {}\n\nRegional influence (share, 0-1) at {}: median [5 %, 95 %] over {}.\n\n{}\n\n",
        r.loaded.scenario.title,
        cal.end(),
        crate::diag::counted(r.aggregate.members(), "member", "members"),
        r.provenance.caption()
    );
    md.push_str(&header(world));
    for (p, power) in world.powers.iter().enumerate() {
        let _ = write!(md, "| {} |", power.id);
        for m in regional(world, p) {
            let q = Quantiles::of(
                &r.aggregate.influence,
                r.layout.metric_index(&m) * n + n - 1,
            );
            let _ = write!(md, " {:.3} [{:.3}, {:.3}] |", q.p50, q.p05, q.p95);
        }
        md.push('\n');
    }
    md
}

/// The comparison table: regional influence at the end, per power and domain, and each state.
fn comparison(r: &ComparisonRun) -> String {
    let rows = r.rows();
    let world = &r.scenarios[0].world;
    let base = r.scenarios[r.baseline];
    let members = r.stats.scenarios[r.baseline].members();
    let mut md = String::new();
    let _ = writeln!(md, "# Comparison at {}\n", base.scenario.calendar.end());
    let _ = writeln!(
        md,
        "{members} paired members per scenario (seed {}, common random numbers); baseline: **{}**. Each cell: median final influence; \
         for other scenarios, the median paired difference from the baseline with its 5-95 % range, and the share of members in which the \
         scenario ends above the baseline.\n",
        r.seed, base.scenario.title
    );
    let mut header = "| metric |".to_string();
    let mut rule = "| --- |".to_string();
    for l in &r.scenarios {
        let _ = write!(header, " {} |", l.scenario.name);
        rule.push_str(" --- |");
    }
    let _ = writeln!(md, "{header}\n{rule}");
    for metric in table_metrics(world) {
        let mut line = format!("| {metric} |");
        for l in &r.scenarios {
            let Some(row) = rows
                .iter()
                .find(|x| x.metric == metric && x.scenario == l.scenario.name)
            else {
                continue;
            };
            line.push_str(&cell(row));
        }
        let _ = writeln!(md, "{line}");
    }
    md
}

/// The metrics the comparison table shows: regional per power and domain, then each state.
fn table_metrics(world: &World) -> Vec<String> {
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
    wanted
}

fn cell(r: &ComparisonRow) -> String {
    match (r.difference, r.share_above_baseline) {
        (Some(d), Some(share)) => format!(
            " {:.3} ({:+.3} [{:+.3}, {:+.3}], {:.0} % above) |",
            r.value.p50,
            d.p50,
            d.p05,
            d.p95,
            share * 100.0
        ),
        _ => format!(" {:.3} |", r.value.p50),
    }
}
