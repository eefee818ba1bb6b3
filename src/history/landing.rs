//! Where a replay from an earlier snapshot lands: every cell's influence on the world file's own
//! date (e.g. 1 January 2025), against the world file's value for that date.

use super::hindcast::Quantiles;
use crate::calendar::Date;
use crate::inputs::Loaded;
use crate::metric::{Metric, Scope};

/// A path as shown to readers, with `dir/..` segments removed (`scenarios/../seeds/world.toml`
/// becomes `seeds/world.toml`); the text only, no file-system access.
pub fn tidy_path(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            ".." if parts.last().is_some_and(|p| *p != ".." && !p.is_empty()) => {
                parts.pop();
            }
            "." if !parts.is_empty() => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// One cell's landing.
#[derive(Debug, Clone, PartialEq)]
pub struct CellLanding {
    /// Power index.
    pub power: usize,
    /// State index.
    pub state: usize,
    /// Domain index.
    pub domain: usize,
    /// Its influence at the start of the replay (the snapshot's value).
    pub start: f64,
    /// The world file's value on its date.
    pub target: f64,
    /// Low end of the world file's range.
    pub target_low: f64,
    /// High end of the world file's range.
    pub target_high: f64,
    /// The replay's members on that date.
    pub model: Quantiles,
}

/// The landing of a replay on the world file's date.
#[derive(Debug, Clone, PartialEq)]
pub struct Landing {
    /// The world file's date.
    pub date: Date,
    /// The grid point of that date.
    pub point: usize,
    /// The world file, as shown to users.
    pub file: String,
    /// Every cell, in cell order (state, domain, power).
    pub cells: Vec<CellLanding>,
}

/// Summary distances of a landing, in influence shares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LandingSummary {
    /// Root mean square of (median - target) over cells.
    pub rmse: f64,
    /// Mean absolute (median - target).
    pub mae: f64,
    /// Root mean square of (start - target): the distance had nothing moved.
    pub rmse_no_change: f64,
    /// 1 - (rmse / rmse_no_change)^2: the share of the 2014-to-2025 change the replay gets.
    pub skill: f64,
    /// Share of cells whose target lies inside the replay's 5-95 % band.
    pub within_band: f64,
    /// Share of cells whose target moved from the start in the direction the median moved.
    pub directions_right: f64,
}

impl Landing {
    /// The landing point of a replay: the grid point dated on the world file's own date, when
    /// the run starts from an earlier snapshot and reaches that date.
    pub fn point(loaded: &Loaded) -> Option<(usize, Date)> {
        let as_of = loaded.as_of.as_ref()?;
        as_of.snapshot?;
        let date = loaded.world.history.date?;
        let cal = &loaded.scenario.calendar;
        (0..=cal.steps)
            .find(|&p| cal.date(p) == date)
            .map(|p| (p, date))
    }

    /// The cell metrics of the world, in cell order.
    pub fn cell_metrics(loaded: &Loaded) -> Vec<Metric> {
        let w = &loaded.world;
        let mut out = Vec::new();
        for state in 0..w.states.len() {
            for domain in 0..w.domains.len() {
                for power in 0..w.powers.len() {
                    out.push(Metric {
                        power,
                        scope: Scope::State(state),
                        domain: Some(domain),
                    });
                }
            }
        }
        out
    }

    /// The landing from the replay's quantiles of every cell on the landing date.
    pub fn new(loaded: &Loaded, point: usize, date: Date, model: &[Quantiles]) -> Landing {
        let w = &loaded.world;
        let np = w.powers.len();
        let nd = w.domains.len();
        let cells = Landing::cell_metrics(loaded)
            .iter()
            .zip(model)
            .enumerate()
            .map(|(cell, (_, q))| {
                let (state, domain, power) = (cell / (nd * np), (cell / np) % nd, cell % np);
                let id = w.states[state].influence[domain * np + power];
                let now = w.params.get(id);
                let own = w.history.own.iter().find(|e| e.param == id);
                let (target, target_low, target_high) =
                    own.map_or((now.value, now.low, now.high), |e| (e.value, e.low, e.high));
                CellLanding {
                    power,
                    state,
                    domain,
                    start: now.value,
                    target,
                    target_low,
                    target_high,
                    model: *q,
                }
            })
            .collect();
        Landing {
            date,
            point,
            file: tidy_path(&w.history.file),
            cells,
        }
    }

    /// Distances of the median landing from the targets.
    pub fn summary(&self) -> LandingSummary {
        let n = self.cells.len().max(1) as f64;
        let sq =
            |f: &dyn Fn(&CellLanding) -> f64| self.cells.iter().map(|c| f(c).powi(2)).sum::<f64>();
        let rmse = (sq(&|c| c.model.p50 - c.target) / n).sqrt();
        let rmse_no_change = (sq(&|c| c.start - c.target) / n).sqrt();
        let count =
            |f: &dyn Fn(&CellLanding) -> bool| self.cells.iter().filter(|c| f(c)).count() as f64;
        let moved: Vec<&CellLanding> = self.cells.iter().filter(|c| c.target != c.start).collect();
        LandingSummary {
            rmse,
            mae: self
                .cells
                .iter()
                .map(|c| (c.model.p50 - c.target).abs())
                .sum::<f64>()
                / n,
            rmse_no_change,
            skill: if rmse_no_change > 0.0 {
                1.0 - (rmse / rmse_no_change).powi(2)
            } else {
                f64::NAN
            },
            within_band: count(&|c| c.model.p05 <= c.target && c.target <= c.model.p95) / n,
            directions_right: moved
                .iter()
                .filter(|c| (c.model.p50 - c.start).signum() == (c.target - c.start).signum())
                .count() as f64
                / moved.len().max(1) as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tidy_path;

    #[test]
    fn paths_lose_their_detours() {
        assert_eq!(
            tidy_path("scenarios/../seeds/world.toml"),
            "seeds/world.toml"
        );
        assert_eq!(tidy_path("../seeds/./a.toml"), "../seeds/a.toml");
        assert_eq!(tidy_path("/tmp/x/../y.toml"), "/tmp/y.toml");
    }
}
