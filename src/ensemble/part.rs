//! Partial ensemble results from one shard, as bytes: a header line naming what was run and a
//! checksummed payload with the shard's statistics. `steppe merge` adds parts back together.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::aggregate::Aggregate;
use super::stats::{SeriesStats, get_u64};
use crate::summary::FileRef;

/// First line of every part file.
pub const MAGIC: &str = "steppe-part 1";

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

/// Encodes a part: magic line, JSON header line, payload.
pub fn encode(mut header: PartHeader, aggregate: &Aggregate) -> Vec<u8> {
    let mut payload = Vec::new();
    aggregate.influence.encode(&mut payload);
    aggregate.drivers.encode(&mut payload);
    payload.extend_from_slice(&(aggregate.first_overtake.len() as u64).to_le_bytes());
    for c in &aggregate.first_overtake {
        payload.extend_from_slice(&c.to_le_bytes());
    }
    header.payload_bytes = payload.len() as u64;
    header.checksum = checksum(&header, &payload);
    let mut out = format!("{MAGIC}\n").into_bytes();
    out.extend_from_slice(
        serde_json::to_string(&header)
            .unwrap_or_default()
            .as_bytes(),
    );
    out.push(b'\n');
    out.extend_from_slice(&payload);
    out
}

/// Decodes a part, checking its header, length and checksum.
pub fn decode(bytes: &[u8]) -> Result<(PartHeader, Aggregate), String> {
    let rest = bytes
        .strip_prefix(format!("{MAGIC}\n").as_bytes())
        .ok_or("not a steppe part file (it does not start with the part header)")?;
    let newline = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or("the part file is truncated: its header is incomplete")?;
    let header: PartHeader = serde_json::from_slice(&rest[..newline])
        .map_err(|e| format!("the part file's header is damaged: {e}"))?;
    let payload = &rest[newline + 1..];
    if payload.len() as u64 != header.payload_bytes {
        return Err(format!(
            "the part file is truncated or was modified: its payload has {} bytes, the header says {}",
            payload.len(),
            header.payload_bytes
        ));
    }
    if checksum(&header, payload) != header.checksum {
        return Err("the part file was modified: its checksum does not match".into());
    }
    let mut input = payload;
    let damaged = || "the part file's statistics are damaged".to_string();
    let influence = SeriesStats::decode(&mut input).ok_or_else(damaged)?;
    let drivers = SeriesStats::decode(&mut input).ok_or_else(damaged)?;
    let n = get_u64(&mut input).ok_or_else(damaged)?;
    if n > input.len() as u64 / 8 {
        return Err(damaged());
    }
    let mut first_overtake = Vec::with_capacity(n as usize);
    for _ in 0..n {
        first_overtake.push(get_u64(&mut input).ok_or_else(damaged)?);
    }
    if !input.is_empty() {
        return Err(damaged());
    }
    Ok((
        header,
        Aggregate {
            influence,
            drivers,
            first_overtake,
        },
    ))
}

/// The checksum of a header (its own checksum field left out) and payload.
fn checksum(header: &PartHeader, payload: &[u8]) -> String {
    let mut blank = header.clone();
    blank.checksum = String::new();
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_string(&blank).unwrap_or_default().as_bytes());
    hasher.update(payload);
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
