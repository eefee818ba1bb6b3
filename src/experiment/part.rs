//! Part files of a sharded sweep: a magic line, a JSON header naming the experiment, its input
//! files and the runs held, and a checksummed payload of the runs' outcomes (little-endian
//! `f64`). `steppe merge` (or `steppe sweep --merge`) puts the runs back in order.

use serde::{Deserialize, Serialize};

use crate::provenance::FileRef;

/// First line of every sweep part file.
pub const MAGIC: &str = "steppe-sweep-part 1";

/// What a sweep part holds and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepPartHeader {
    /// steppe version that wrote the part.
    pub steppe_version: String,
    /// Experiment name.
    pub experiment: String,
    /// Experiment file path as given.
    pub file: String,
    /// Every input file with its hash (experiment, matrix, scenario chains, world, evidence).
    pub files: Vec<FileRef>,
    /// Seed.
    pub seed: u64,
    /// Experiments (points × replicates) of the whole sweep.
    pub runs: u64,
    /// Outcomes per run.
    pub outcomes: u64,
    /// This shard (1-based).
    pub shard: u64,
    /// Number of shards.
    pub shards: u64,
    /// First run held.
    pub first_run: u64,
    /// One past the last run held.
    pub end_run: u64,
    /// Length of the payload in bytes.
    pub payload_bytes: u64,
    /// SHA-256 of this header (with this field empty) and the payload.
    pub checksum: String,
}

/// Whether bytes are a sweep part (rather than an ensemble part).
pub fn is_sweep_part(bytes: &[u8]) -> bool {
    bytes.starts_with(format!("{MAGIC}\n").as_bytes())
}

impl crate::part_frame::FramedHeader for SweepPartHeader {
    fn checksum(&self) -> &str {
        &self.checksum
    }
    fn set_checksum(&mut self, checksum: String) {
        self.checksum = checksum;
    }
}

/// Encodes a part.
pub fn encode(mut header: SweepPartHeader, values: &[f64]) -> Result<Vec<u8>, String> {
    let payload: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    header.payload_bytes = payload.len() as u64;
    crate::part_frame::encode(MAGIC, header, &payload)
}

/// Decodes a part, checking its header, length and checksum.
pub fn decode(bytes: &[u8]) -> Result<(SweepPartHeader, Vec<f64>), String> {
    let (header, payload): (SweepPartHeader, &[u8]) =
        crate::part_frame::decode(MAGIC, bytes, "not a steppe sweep part file of this version")?;
    if payload.len() as u64 != header.payload_bytes {
        return Err(format!(
            "the part file is truncated or was modified: its payload has {} bytes, the header says {}",
            payload.len(),
            header.payload_bytes
        ));
    }
    let expected = (header.end_run.saturating_sub(header.first_run))
        .saturating_mul(header.outcomes)
        .saturating_mul(8);
    if payload.len() as u64 != expected {
        return Err("the part file's runs do not match its header".into());
    }
    let values = payload
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
        .collect();
    Ok((header, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_round_trip_and_detect_edits() {
        let h = SweepPartHeader {
            steppe_version: "0".into(),
            experiment: "x".into(),
            file: "x.toml".into(),
            files: Vec::new(),
            seed: 1,
            runs: 4,
            outcomes: 2,
            shard: 1,
            shards: 2,
            first_run: 0,
            end_run: 2,
            payload_bytes: 0,
            checksum: String::new(),
        };
        let v = [0.5, -1.0, 2.0, 1e-300];
        let bytes = encode(h, &v).unwrap();
        assert!(is_sweep_part(&bytes));
        let (back, values) = decode(&bytes).unwrap();
        assert_eq!(values, v);
        assert_eq!(back.runs, 4);
        let mut edited = bytes.clone();
        let n = edited.len();
        edited[n - 1] ^= 1;
        assert!(decode(&edited).is_err());
        assert!(decode(&bytes[..n - 3]).is_err());
    }
}
