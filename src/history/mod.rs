//! History: the world as of earlier dates, driver histories that scenarios follow, measured
//! series and the rules that set them against model outputs, and the hindcast that scores a
//! replay of the past against what happened. No I/O happens here ([`crate::io::history`] reads
//! the files).
//!
//! - [`snapshot`]: the world on an earlier date (e.g. 1 January 2014), as parameter entries that
//!   replace the world file's; a run is calibrated on the world as of its start.
//! - [`drivers`]: dated driver histories and their values at any date.
//! - [`follow`]: a scenario's `[history]` table turned into events on its step grid.
//! - [`observe`]: measured series and observation rules, resolved against a world and a run.
//! - [`score`]: scores of predictions against measurements and naive forecasts.
//! - [`hindcast`]: a replay as an ensemble, scored series by series; [`landing`]: how close a
//!   replay from an earlier snapshot lands to the world file.

pub mod drivers;
pub mod follow;
pub mod hindcast;
pub mod landing;
pub mod observe;
pub mod predict;
pub mod score;
pub mod snapshot;

use crate::calendar::Date;
pub use drivers::DriverHistory;
pub use snapshot::Snapshot;

/// Runs starting more than this many years after the nearest earlier state of the world (the
/// world file or a snapshot) are warned: their rest point is that older state.
pub const SNAPSHOT_REACH_YEARS: f64 = 3.0;

/// What a world knows about its past: the date its values describe, snapshots of earlier dates
/// and driver histories.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorldHistory {
    /// The date the world file's values describe (`date` in the world file), if given.
    pub date: Option<Date>,
    /// The world file's name, as shown to users.
    pub file: String,
    /// Earlier states of the world, in date order.
    pub snapshots: Vec<Snapshot>,
    /// Dated driver histories, if the world names a file of them.
    pub drivers: Option<DriverHistory>,
    /// The world file's own entries for the parameters an applied snapshot replaced (what the
    /// world looks like on its own date, e.g. for the landing of a replay).
    pub own: Vec<snapshot::Entry>,
}
