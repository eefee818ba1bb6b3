//! Provenance: where a result comes from (steppe's version, every input file with its hash, the
//! seed, the noise setting and the number of members), so that every number in a plot, table or
//! summary can be traced back and reproduced. Pure data; no I/O.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::inputs::Loaded;

/// steppe's version, recorded in every result.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A file that went into a result, with its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    /// Path, as given by the user.
    pub path: String,
    /// SHA-256 of its contents, hex.
    pub sha256: String,
}

/// Where a result comes from: enough to reproduce it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// steppe's version.
    pub steppe_version: String,
    /// Scenario name (file stem).
    pub scenario: String,
    /// Scenario title.
    pub title: String,
    /// Scenario file path.
    pub file: String,
    /// SHA-256 of the scenario file.
    pub sha256: String,
    /// SHA-256 of the list of every input file's hash (scenario chain, world, evidence): changes
    /// when any input changes.
    pub inputs_sha256: String,
    /// Every file read (scenario chain, world, evidence) with hashes.
    pub files: Vec<FileRef>,
    /// Seed.
    pub seed: u64,
    /// Whether noise was on.
    pub noise: bool,
    /// Number of ensemble members (1 for a single run).
    pub members: u64,
    /// Whether the result is an ensemble (drawn parameters) rather than a single central run.
    pub ensemble: bool,
    /// Changes given on the command line after the scenario files (`--set`, `--start`, `--end`),
    /// as typed; absent when there were none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
}

/// SHA-256 of some bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// One hash standing for a list of files: the SHA-256 of their hashes, one per line.
pub fn inputs_hash(files: &[FileRef]) -> String {
    let all: String = files.iter().map(|f| format!("{}\n", f.sha256)).collect();
    sha256_hex(all.as_bytes())
}

impl Provenance {
    /// The provenance of a result of `loaded` run with `seed` and `noise`: a single run
    /// (`members` = `None`) or an ensemble of that many members.
    pub fn new(loaded: &Loaded, seed: u64, noise: bool, members: Option<u64>) -> Provenance {
        Provenance {
            steppe_version: VERSION.to_string(),
            scenario: loaded.scenario.name.clone(),
            title: loaded.scenario.title.clone(),
            file: loaded.files[0].path.clone(),
            sha256: loaded.files[0].sha256.clone(),
            inputs_sha256: inputs_hash(&loaded.files),
            files: loaded.files.clone(),
            seed,
            noise,
            members: members.unwrap_or(1),
            ensemble: members.is_some(),
            overrides: loaded.command_line.arguments(),
        }
    }

    /// One line for plot captions: file, short hash, seed, version.
    pub fn caption(&self) -> String {
        let short: String = self.sha256.chars().take(12).collect();
        let inputs: String = self.inputs_sha256.chars().take(12).collect();
        let members = match (self.ensemble, self.members) {
            (false, _) => String::new(),
            (true, 1) => ", 1 member".to_string(),
            (true, n) => format!(", {n} members"),
        };
        let overrides = if self.overrides.is_empty() {
            String::new()
        } else {
            format!(" | {}", self.overrides.join(" "))
        };
        format!(
            "{} (sha256 {short}, all inputs {inputs}){overrides} | seed {}{members}{} | steppe {}",
            self.file,
            self.seed,
            if self.noise { "" } else { ", noise off" },
            self.steppe_version
        )
    }
}

/// Where a sweep's results come from: the experiment file, every input file with its hash, the
/// seed, noise and size of the sweep.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExperimentProvenance {
    /// steppe's version.
    pub steppe_version: String,
    /// Experiment name (file stem).
    pub experiment: String,
    /// Experiment title.
    pub title: String,
    /// Experiment file path.
    pub file: String,
    /// SHA-256 of the experiment file.
    pub sha256: String,
    /// SHA-256 of the list of every input file's hash.
    pub inputs_sha256: String,
    /// Every file read (experiment, design matrix, scenario chains, world, evidence) with hashes.
    pub files: Vec<FileRef>,
    /// The scenario run at every point.
    pub scenario: String,
    /// The baseline, if any.
    pub baseline: Option<String>,
    /// Seed of the noise streams and of random designs.
    pub seed: u64,
    /// Whether noise was on.
    pub noise: bool,
    /// Runs per point.
    pub replicates: u64,
    /// Points (design rows, then one-at-a-time points).
    pub points: u64,
    /// Experiments: points x replicates.
    pub experiments: u64,
    /// Model runs: experiments x scenarios run at each.
    pub model_runs: u64,
}

impl ExperimentProvenance {
    /// The provenance of an experiment.
    pub fn new(e: &crate::experiment::Experiment) -> ExperimentProvenance {
        let mut files: Vec<FileRef> = Vec::new();
        let scenario_files = e.baseline.iter().flat_map(|b| b.files.iter());
        for f in e
            .files
            .iter()
            .chain(&e.scenario.files)
            .chain(scenario_files)
        {
            if !files.contains(f) {
                files.push(f.clone());
            }
        }
        ExperimentProvenance {
            steppe_version: VERSION.to_string(),
            experiment: e.name.clone(),
            title: e.title.clone(),
            file: e.files[0].path.clone(),
            sha256: e.files[0].sha256.clone(),
            inputs_sha256: inputs_hash(&files),
            files,
            scenario: e.scenario.scenario.name.clone(),
            baseline: e.baseline.as_ref().map(|b| b.scenario.name.clone()),
            seed: e.seed,
            noise: e.noise,
            replicates: e.replicates,
            points: e.points(),
            experiments: e.runs(),
            model_runs: e.model_runs(),
        }
    }

    /// One line for figure captions: file, short hash, seed, size, version.
    pub fn caption(&self) -> String {
        let short: String = self.sha256.chars().take(12).collect();
        let inputs: String = self.inputs_sha256.chars().take(12).collect();
        format!(
            "{} (sha256 {short}, all inputs {inputs}) | seed {} | {} experiments, {} replicate{} per point{} | steppe {}",
            self.file,
            self.seed,
            self.experiments,
            self.replicates,
            if self.replicates == 1 { "" } else { "s" },
            if self.noise { "" } else { ", noise off" },
            self.steppe_version
        )
    }
}
