//! Exporters: each output format in one place, serving single runs, ensembles and comparisons
//! alike. An exporter turns [`Results`] into named files handed to a [`Sink`]; it never touches
//! the disk itself (the file layer's sink does), so a new format (such as the HTML report,
//! [`report`]) is one new module implementing [`Exporter`].

pub mod calibration;
mod calibration_md;
mod csv;
pub mod history;
mod history_md;
mod json;
mod markdown;
mod part;
mod plots;
pub mod report;
mod sweep;
mod sweep_json;

use crate::plot::{Chart, Figure, PlotError};
use crate::provenance::sha256_hex;
use crate::simulate::Results;

pub use self::csv::{Csv, Table};
pub use json::Json;
pub use markdown::Markdown;
pub use part::PartFile;
pub use plots::{Figures, fan_line, figures_of};
pub use report::Report;
pub use sweep::Sweep;

/// Where an exporter puts what it makes: files by name inside one results folder.
pub trait Sink {
    /// Writes a file.
    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), ExportError>;
    /// Renders a figure as `<stem>.png` and `<stem>.svg`.
    fn figure(&mut self, stem: &str, figure: &Figure) -> Result<(), ExportError>;
    /// Renders several figures (by default one after the other through [`Sink::figure`]; a sink
    /// may render them in parallel). Stops at the first failure, in the order given.
    fn figures(&mut self, figures: &[(String, Figure)]) -> Result<(), ExportError> {
        for (stem, fig) in figures {
            self.figure(stem, fig)?;
        }
        Ok(())
    }
    /// Renders a chart of an analysis as `<stem>.png` and `<stem>.svg` (by default through
    /// [`Sink::write`]).
    fn chart(&mut self, stem: &str, chart: &Chart) -> Result<(), ExportError> {
        let plot_error = |source| ExportError::Plot {
            stem: stem.to_string(),
            source,
        };
        let svg = crate::plot::chart_svg(chart).map_err(plot_error)?;
        self.write(&format!("{stem}.svg"), svg.as_bytes())?;
        let png = crate::plot::chart_png(chart).map_err(plot_error)?;
        self.write(&format!("{stem}.png"), &png)
    }
}

/// One output format.
pub trait Exporter {
    /// Writes this format's files for `results` (nothing, if the format does not apply).
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError>;
}

/// Why results could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file could not be written.
    #[error("{path}: cannot write: {reason}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Something steppe did not write is where results would go: it is never replaced.
    #[error("{path}: {what} is in the way")]
    InTheWay {
        /// Where results would go.
        path: String,
        /// What is there (a file, a folder of the user's, ...).
        what: String,
    },
    /// A figure could not be drawn.
    #[error("{stem}: cannot draw the figure: {source}")]
    Plot {
        /// The figure's file stem.
        stem: String,
        /// Why.
        source: PlotError,
    },
    /// The results could not be serialised.
    #[error("cannot serialise {what}: {reason}")]
    Serialize {
        /// What.
        what: String,
        /// Why.
        reason: String,
    },
}

/// The formats of a results folder: tidy CSV, the JSON summary, Markdown tables and figures
/// (and for sweeps, their tables and charts).
pub fn standard() -> Vec<Box<dyn Exporter>> {
    vec![
        Box::new(Csv),
        Box::new(Json),
        Box::new(Markdown),
        Box::new(Figures),
        Box::new(Sweep),
    ]
}

/// The standard formats and the HTML report (`report.html`, see [`Report`]).
pub fn standard_with_report() -> Vec<Box<dyn Exporter>> {
    let mut all = standard();
    all.push(Box::new(Report::default()));
    all
}

/// Writes `results` with every exporter.
pub fn export_all(
    exporters: &[Box<dyn Exporter>],
    results: &Results,
    sink: &mut dyn Sink,
) -> Result<(), ExportError> {
    exporters.iter().try_for_each(|e| e.export(results, sink))
}

/// The name of the folder (or, for a shard, the file) results go to: the scenario's file stem,
/// or `compare-<name>-<name>...` for a comparison (shortened with a hash when long).
pub fn folder_name(results: &Results) -> String {
    match results {
        Results::Single(r) => r.loaded.scenario.name.clone(),
        Results::Ensemble(r) => match r.shard {
            Some(s) => format!("{}.part-{}-of-{}", r.loaded.scenario.name, s.index, s.count),
            None => r.loaded.scenario.name.clone(),
        },
        Results::Comparison(r) => {
            comparison_folder(r.scenarios.iter().map(|l| l.scenario.name.as_str()))
        }
        Results::Outcomes(r) => match r.scenarios.as_slice() {
            [one] => format!("{}-outcomes", one.scenario.name),
            all => comparison_folder(all.iter().map(|l| l.scenario.name.as_str())) + "-outcomes",
        },
        Results::Experiment(r) => match r.shard {
            Some(s) => format!(
                "sweep-{}.part-{}-of-{}",
                r.experiment.name, s.index, s.count
            ),
            None => format!("sweep-{}", r.experiment.name),
        },
    }
}

/// The folder name of a comparison of the scenarios named (in order).
pub fn comparison_folder<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let joined = names.join("-");
    if joined.len() <= 120 {
        format!("compare-{joined}")
    } else {
        // Long lists get a short, stable name: the first scenario, the count, a hash.
        let hash: String = sha256_hex(names.join("\n").as_bytes())
            .chars()
            .take(10)
            .collect();
        format!("compare-{}-and-{}-more-{hash}", names[0], names.len() - 1)
    }
}
