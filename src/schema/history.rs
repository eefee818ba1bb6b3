//! Schema of the history files: snapshots of the world at earlier dates
//! (`seeds/history/world-2014.toml`), dated driver histories (`seeds/history/drivers.toml`) and a
//! scenario's `[history]` table, which follows those histories up to a date.

use serde::Deserialize;

use super::{Finite, Name, ParamSpec, Table};
use crate::calendar::Date;
use crate::params::Grade;

/// The world as of an earlier date, as overrides of the world file's parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotFile {
    /// The date the values describe, e.g. 2014-01-01.
    pub date: toml::Spanned<Date>,
    /// The world file this snapshot is of (relative to the snapshot).
    pub base: Name,
    /// Evidence files (relative to the snapshot) its sources cite, beyond the world's own.
    #[serde(default)]
    pub evidence: Vec<Name>,
    /// Parameter values as of `date`, by path, as in a scenario's `[override]`.
    #[serde(rename = "override")]
    pub overrides: Table<toml::Spanned<SnapshotEntry>>,
}

/// One parameter of a snapshot: a parameter entry plus, for coupled parameters, the value
/// actually measured (the entry's `value` is the base that the couplings turn into it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotEntry {
    /// Central value.
    pub value: Finite,
    /// Low end of the range.
    pub low: Option<Finite>,
    /// High end of the range.
    pub high: Option<Finite>,
    /// Evidence grade.
    pub grade: Option<Grade>,
    /// Claim and fact ids.
    #[serde(default)]
    pub sources: Vec<Name>,
    /// Unit, for display.
    pub unit: Option<String>,
    /// Justification.
    pub note: Option<String>,
    /// The measured value of a coupled parameter (documentation: the couplings give it).
    pub observed: Option<Finite>,
}

impl SnapshotEntry {
    /// The entry as a parameter specification, or why its range is not valid.
    pub fn to_spec(&self) -> Result<ParamSpec, String> {
        let value = self.value.0;
        let (low, high) = match (self.low, self.high) {
            (Some(l), Some(h)) => (l.0, h.0),
            (None, None) => (value, value),
            _ => return Err("give both `low` and `high`, or neither".into()),
        };
        if low > high {
            return Err(format!(
                "range is reversed: low ({low}) is greater than high ({high})"
            ));
        }
        if value < low || value > high {
            return Err(format!(
                "value {value} lies outside its range [{low}, {high}]"
            ));
        }
        Ok(ParamSpec {
            value,
            low,
            high,
            has_range: self.low.is_some(),
            sources: self.sources.clone(),
            unit: self.unit.clone(),
            note: self.note.clone(),
            grade: self.grade,
        })
    }
}

/// A file of driver histories: one `[[series]]` per driver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriverHistoryFile {
    /// The series.
    #[serde(default)]
    pub series: Vec<DriverSeriesSpec>,
}

/// How a driver history is read between its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interpolation {
    /// Points are window averages at the window's middle; values in between are interpolated.
    Linear,
    /// Each point holds from its date until the next point.
    Step,
}

/// The history of one driver.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DriverSeriesSpec {
    /// Driver id in the world file.
    pub driver: Name,
    /// Unit of the values; must equal the driver's unit in the world file.
    pub unit: toml::Spanned<String>,
    /// Evidence grade of the series.
    pub grade: Option<Grade>,
    /// How to read values between points.
    pub interpolation: Interpolation,
    /// Fact ids behind the series.
    #[serde(default)]
    pub sources: Vec<Name>,
    /// How the values were set or read.
    #[serde(default)]
    pub method: String,
    /// Caveats.
    #[serde(default)]
    pub note: String,
    /// The dated values, in date order.
    pub points: Vec<HistoryPointSpec>,
}

/// One dated value of a driver history.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryPointSpec {
    /// The date (window middle for linear series, start of validity for step series).
    pub date: toml::Spanned<Date>,
    /// Central value.
    pub value: Finite,
    /// Low end of an honest range.
    pub low: Option<Finite>,
    /// High end of an honest range.
    pub high: Option<Finite>,
    /// Averaging window of a measured value.
    pub period: Option<String>,
    /// Fact ids for this point.
    #[serde(default)]
    pub sources: Vec<Name>,
    /// The event or figure behind the point.
    #[serde(default)]
    pub note: String,
}

/// A scenario's `[history]` table: follow the world's driver histories up to a date, then the
/// scenario's own events. Each key is inherited through `extends` when absent.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct HistoryTable {
    /// Whether drivers follow their histories.
    pub follow: Option<toml::Spanned<bool>>,
    /// Follow up to this date, for every driver (`until = 2023-01-01`) or per driver
    /// (`until.ukraine_war = 2023-01-01`, the others to the end); default: to the end of the run.
    /// Kept as a TOML value with its span and read by [`crate::history`].
    pub until: Option<toml::Spanned<toml::Value>>,
    /// Only these drivers follow their histories (default: every driver with one).
    pub drivers: Option<Vec<Name>>,
}
