//! Partial ensemble results from one shard, as bytes: a header line naming what was run and a
//! checksummed payload with the shard's statistics (postcard). `steppe merge` adds parts back together.

use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::stats::{SeriesStats, SparseStats};
use crate::provenance::FileRef;

/// First line of every part file.
pub const MAGIC: &str = "steppe-part 3";

/// What a part contains and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartHeader {
    /// steppe version that wrote the part.
    pub steppe_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Scenario file path as given.
    pub file: String,
    /// Every input file with its hash.
    pub files: Vec<FileRef>,
    /// Seed.
    pub seed: u64,
    /// Whether noise was on.
    pub noise: bool,
    /// Members of the whole ensemble.
    pub members: u64,
    /// Command-line changes the scenario was run with (`--set ...`), as typed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<String>,
    /// This shard (1-based).
    pub shard: u64,
    /// Number of shards.
    pub shards: u64,
    /// First member of this shard.
    pub first_member: u64,
    /// One past the last member of this shard.
    pub end_member: u64,
    /// Length of the payload in bytes.
    pub payload_bytes: u64,
    /// SHA-256 of this header (with this field empty) followed by the payload, so that an edit
    /// anywhere in the file is detected.
    pub checksum: String,
}

/// The members shard `k` (1-based) of `m` runs out of `n`.
pub fn shard_range(n: u64, k: u64, m: u64) -> std::ops::Range<u64> {
    let at = |j: u64| ((u128::from(n) * u128::from(j)) / u128::from(m)) as u64;
    at(k - 1)..at(k)
}

/// The members' draws a part carries when they were recorded (see
/// [`crate::simulate::MemberDraws`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartDraws {
    /// Parameter ids recorded.
    pub params: Vec<u32>,
    /// `[member * params + j]`.
    pub values: Vec<f64>,
    /// `[member * headline + h]`.
    pub headline_values: Vec<f64>,
}

/// The statistics a part carries, serialised with postcard.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    influence: SparseStats,
    drivers: SparseStats,
    first_overtake: Vec<u64>,
    draws: Option<PartDraws>,
}

/// Encodes a part: magic line, JSON header line (readable with `head -2`), postcard payload.
pub fn encode(
    mut header: PartHeader,
    aggregate: &Aggregate,
    draws: Option<PartDraws>,
) -> Result<Vec<u8>, String> {
    let payload = postcard::to_allocvec(&Payload {
        influence: aggregate.influence.to_sparse(),
        drivers: aggregate.drivers.to_sparse(),
        first_overtake: aggregate.first_overtake.clone(),
        draws,
    })
    .map_err(|e| e.to_string())?;
    header.payload_bytes = payload.len() as u64;
    crate::part_frame::encode(MAGIC, header, &payload)
}

/// A decoded part: what it holds, its statistics and its members' draws if recorded.
pub type Decoded = (PartHeader, Aggregate, Option<PartDraws>);

/// Decodes a part, checking its header, length and checksum.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (header, payload): (PartHeader, &[u8]) = crate::part_frame::decode(
        MAGIC,
        bytes,
        "not a steppe part file of this version (it does not start with the part header)",
    )?;
    if payload.len() as u64 != header.payload_bytes {
        return Err(format!(
            "the part file is truncated or was modified: its payload has {} bytes, the header says {}",
            payload.len(),
            header.payload_bytes
        ));
    }
    let damaged = || "the part file's statistics are damaged".to_string();
    let p: Payload = postcard::from_bytes(payload).map_err(|_| damaged())?;
    let influence = SeriesStats::from_sparse(&p.influence).ok_or_else(damaged)?;
    let drivers = SeriesStats::from_sparse(&p.drivers).ok_or_else(damaged)?;
    Ok((
        header,
        Aggregate {
            influence,
            drivers,
            first_overtake: p.first_overtake,
        },
        p.draws,
    ))
}

/// The checksum of a header (its own checksum field left out) and payload.
impl crate::part_frame::FramedHeader for PartHeader {
    fn checksum(&self) -> &str {
        &self.checksum
    }
    fn set_checksum(&mut self, checksum: String) {
        self.checksum = checksum;
    }
}

#[cfg(test)]
mod tests {
    use super::shard_range;

    #[test]
    fn shards_cover_every_member_once() {
        for (n, m) in [(10, 3), (100_000, 7), (5, 5), (3, 4)] {
            let mut next = 0;
            for k in 1..=m {
                let r = shard_range(n, k, m);
                assert_eq!(r.start, next);
                next = r.end;
            }
            assert_eq!(next, n);
        }
    }
}
