//! A scenario ready to simulate: its resolved world and scenario, and the files both came from.
//! The file layer ([`crate::io::load`]) builds it; everything after loading takes it as input.

use std::path::PathBuf;

use crate::diag::Source;
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
}
