//! What a written result records about how it was made (its `summary.json`), so that the report
//! can be rebuilt from a results folder: the scenario files with their hashes, the seed, the
//! members and the noise setting give the same [`RunSpec`], and since results are
//! byte-identical for the same inputs, simulating again gives the same result. The checks here
//! say when that no longer holds (inputs changed, another steppe version).

use serde::Deserialize;

use crate::export::{ExportError, Exporter, Json, Sink};
use crate::inputs::Loaded;
use crate::plot::Figure;
use crate::provenance::{FileRef, VERSION};
use crate::simulate::{Results, RunSpec};

/// The part of a provenance record the rebuild needs.
#[derive(Debug, Deserialize)]
struct ProvenanceJson {
    steppe_version: String,
    scenario: String,
    file: String,
    files: Vec<FileRef>,
    seed: u64,
    noise: bool,
    members: u64,
    ensemble: bool,
}

#[derive(Debug, Deserialize)]
struct ComparisonJson {
    baseline: String,
    seed: u64,
    members: u64,
    scenarios: Vec<ProvenanceJson>,
}

#[derive(Debug, Deserialize)]
struct RunJson {
    provenance: ProvenanceJson,
}

/// One scenario of a recorded result.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedScenario {
    /// Scenario name (file stem).
    pub name: String,
    /// The scenario file, as it was given (relative to the folder steppe ran in).
    pub file: String,
    /// Every input file read, with its hash at the time.
    pub files: Vec<FileRef>,
    /// Whether noise was on.
    pub noise: bool,
    /// The steppe version that wrote it.
    pub steppe_version: String,
}

/// How a written result was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The scenarios, in the order given.
    pub scenarios: Vec<RecordedScenario>,
    /// Index of the baseline of a comparison.
    pub baseline: Option<usize>,
    /// The seed.
    pub seed: u64,
    /// Members per scenario; `None` for a single run.
    pub members: Option<u64>,
}

fn scenario(p: ProvenanceJson) -> RecordedScenario {
    RecordedScenario {
        name: p.scenario,
        file: p.file,
        files: p.files,
        noise: p.noise,
        steppe_version: p.steppe_version,
    }
}

impl Recorded {
    /// Reads the `summary.json` of a single run, an ensemble or a comparison.
    pub fn from_summary_json(bytes: &[u8]) -> Result<Recorded, String> {
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("it is not a steppe summary (not valid JSON: {e})"))?;
        if value.get("baseline").is_some() {
            let c: ComparisonJson = serde_json::from_value(value)
                .map_err(|e| format!("it is not the summary of a comparison: {e}"))?;
            let baseline = c
                .scenarios
                .iter()
                .position(|s| s.scenario == c.baseline)
                .ok_or_else(|| {
                    format!("its baseline `{}` is not among its scenarios", c.baseline)
                })?;
            Ok(Recorded {
                scenarios: c.scenarios.into_iter().map(scenario).collect(),
                baseline: Some(baseline),
                seed: c.seed,
                members: Some(c.members),
            })
        } else {
            let r: RunJson = serde_json::from_value(value)
                .map_err(|e| format!("it is not the summary of a run or an ensemble: {e}"))?;
            let p = r.provenance;
            let (seed, members) = (p.seed, p.ensemble.then_some(p.members));
            Ok(Recorded {
                scenarios: vec![scenario(p)],
                baseline: None,
                seed,
                members,
            })
        }
    }

    /// The first steppe version that differs from this one, if any: another version may
    /// simulate differently, so its results cannot be remade here.
    pub fn other_version(&self) -> Option<&str> {
        self.scenarios
            .iter()
            .map(|s| s.steppe_version.as_str())
            .find(|v| *v != VERSION)
    }

    /// The run specification that made the result, for the scenarios as now `loaded`.
    pub fn spec(&self, loaded: &[Loaded]) -> RunSpec {
        let own = self
            .scenarios
            .iter()
            .zip(loaded)
            .all(|(r, l)| r.noise == l.scenario.noise);
        let noise = match self.baseline {
            // `steppe compare` keeps each scenario's own setting.
            Some(_) if own => None,
            _ => self.scenarios.first().map(|s| s.noise),
        };
        RunSpec {
            seed: Some(self.seed),
            noise,
            members: self.members,
            ..RunSpec::default()
        }
    }

    /// How the inputs differ from those recorded, one line per file (empty: unchanged).
    pub fn changed_inputs(&self, loaded: &[Loaded]) -> Vec<String> {
        let mut out = Vec::new();
        for (r, l) in self.scenarios.iter().zip(loaded) {
            for f in &r.files {
                match l.files.iter().find(|g| g.path == f.path) {
                    Some(g) if g.sha256 == f.sha256 => {}
                    Some(g) => out.push(format!(
                        "{} changed (SHA-256 {} when the result was written, {} now)",
                        f.path,
                        &f.sha256[..f.sha256.len().min(12)],
                        &g.sha256[..g.sha256.len().min(12)]
                    )),
                    None => out.push(format!("{} is no longer read by {}", f.path, r.name)),
                }
            }
            for g in &l.files {
                if !r.files.iter().any(|f| f.path == g.path) {
                    out.push(format!("{} is now read by {} too", g.path, r.name));
                }
            }
        }
        out.dedup();
        out
    }
}

/// Keeps what an exporter writes, in memory.
#[derive(Default)]
struct Memory(Vec<(String, Vec<u8>)>);

impl Sink for Memory {
    fn write(&mut self, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
        self.0.push((name.to_string(), bytes.to_vec()));
        Ok(())
    }
    fn figure(&mut self, _stem: &str, _figure: &Figure) -> Result<(), ExportError> {
        Ok(())
    }
}

/// Whether `results` give exactly the `summary.json` that was written: the check that a rebuilt
/// report shows the same numbers as the result it is rebuilt from.
pub fn reproduces(results: &Results, summary_json: &[u8]) -> Result<bool, ExportError> {
    let mut memory = Memory::default();
    Json.export(results, &mut memory)?;
    Ok(memory
        .0
        .iter()
        .any(|(name, bytes)| name == "summary.json" && bytes.as_slice() == summary_json))
}
