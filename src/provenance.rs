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
        format!(
            "{} (sha256 {short}, all inputs {inputs}) | seed {}{members}{} | steppe {}",
            self.file,
            self.seed,
            if self.noise { "" } else { ", noise off" },
            self.steppe_version
        )
    }
}
