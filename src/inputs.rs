//! A scenario ready to simulate: its resolved world and scenario, and the files both came from.
//! The file layer ([`crate::io::load`]) builds it; everything after loading takes it as input.

use std::path::PathBuf;
use std::sync::Arc;

use crate::diag::{Diagnostic, Source};
use crate::ensemble::ParamSamples;
use crate::history::snapshot::AsOf;
use crate::provenance::FileRef;
use crate::scenario::{CommandLine, Scenario};
use crate::world::World;

/// A loaded scenario with its world and the files both came from.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The world.
    pub world: World,
    /// The scenario.
    pub scenario: Scenario,
    /// Path of the scenario file.
    pub path: PathBuf,
    /// The scenario's own source (for errors pointing into it).
    pub source: Source,
    /// Every file read: the scenario chain (leaf first), the world and its evidence.
    pub files: Vec<FileRef>,
    /// Changes given on the command line, applied after the file chain.
    pub command_line: CommandLine,
    /// How many of `files` are the scenario chain (and the posterior it names); the rest are the
    /// world and its evidence, snapshots and histories.
    pub chain: usize,
    /// The state of the world the run is calibrated on (the world file or a snapshot), when the
    /// world says which date its values describe.
    pub as_of: Option<AsOf>,
    /// Problems that do not stop the run (e.g. a start far from every known state of the world).
    pub warnings: Vec<Diagnostic>,
    /// Parameter samples ensemble members draw from instead of the ranges (the scenario's
    /// `posterior`, written by `steppe calibrate`); single runs use central values.
    pub posterior: Option<Arc<ParamSamples>>,
}

impl Loaded {
    /// The world file and its evidence files, with their hashes.
    pub fn world_files(&self) -> &[FileRef] {
        &self.files[self.chain.min(self.files.len())..]
    }

    /// Whether two scenarios use the same world: the same world and evidence files by content,
    /// wherever they were read from (`seeds/world.toml` and `./seeds/world.toml` are one world).
    pub fn same_world(&self, other: &Loaded) -> bool {
        let hashes = |l: &Loaded| -> Vec<String> {
            l.world_files().iter().map(|f| f.sha256.clone()).collect()
        };
        hashes(self) == hashes(other)
    }
}
