//! Calibration part files: one shard's closest members, checksummed, for `steppe merge` to
//! combine into the selection one machine would have made. A magic line, a JSON header line,
//! then the payload: one `member distance` line per candidate (distances in shortest
//! round-trip form, so merging is exact).

use serde::{Deserialize, Serialize};

use super::{Candidate, Selection, Train};
use crate::provenance::FileRef;

/// First line of every calibration part file.
pub const MAGIC: &str = "steppe-calibration-part 1";

/// What a calibration part holds and where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationPartHeader {
    /// steppe version that wrote the part.
    pub steppe_version: String,
    /// The replay scenario's file, as given.
    pub scenario: String,
    /// The rules file, as given.
    pub rules: String,
    /// Every input file with its hash.
    pub files: Vec<FileRef>,
    /// Seed.
    pub seed: u64,
    /// Members of the whole calibration.
    pub members: u64,
    /// Posterior sample size.
    pub accept: usize,
    /// Forecasts the distance uses (`in-sample` or `all`).
    pub train: String,
    /// Forecasts the distance used.
    pub forecasts: usize,
    /// This shard (1-based).
    pub shard: u64,
    /// Number of shards.
    pub shards: u64,
    /// First member of this shard.
    pub first_member: u64,
    /// One past its last member.
    pub end_member: u64,
    /// Scenarios whose headline results the merged calibration compares (baseline first).
    pub headline: Vec<String>,
    /// Members of those comparisons.
    pub headline_runs: u64,
    /// Members of the hindcasts prior and posterior.
    pub hindcast_runs: u64,
    /// SHA-256 of the header (with this field empty) and the payload.
    pub checksum: String,
}

impl crate::part_frame::FramedHeader for CalibrationPartHeader {
    fn checksum(&self) -> &str {
        &self.checksum
    }
    fn set_checksum(&mut self, checksum: String) {
        self.checksum = checksum;
    }
}

/// Encodes a shard's selection.
pub fn encode(header: CalibrationPartHeader, s: &Selection) -> Result<Vec<u8>, String> {
    let payload: String = s
        .candidates
        .iter()
        .map(|c| format!("{} {}\n", c.member, c.distance))
        .collect();
    crate::part_frame::encode(MAGIC, header, payload.as_bytes())
}

/// Whether bytes look like a calibration part.
pub fn is_part(bytes: &[u8]) -> bool {
    bytes.starts_with(format!("{MAGIC}\n").as_bytes())
}

/// Decodes a part, checking its checksum.
pub fn decode(bytes: &[u8]) -> Result<(CalibrationPartHeader, Selection), String> {
    let (header, payload): (CalibrationPartHeader, &[u8]) = crate::part_frame::decode(
        MAGIC,
        bytes,
        "not a steppe calibration part of this version",
    )?;
    let text = std::str::from_utf8(payload).map_err(|_| "the part's payload is damaged")?;
    let mut candidates = Vec::new();
    for line in text.lines() {
        let (m, d) = line
            .split_once(' ')
            .ok_or("the part's payload is damaged")?;
        candidates.push(Candidate {
            member: m.parse().map_err(|_| "the part's payload is damaged")?,
            distance: d.parse().map_err(|_| "the part's payload is damaged")?,
        });
    }
    let train = match header.train.as_str() {
        "all" => Train::All,
        _ => Train::InSample,
    };
    let selection = Selection {
        members: header.members,
        ran: header.first_member..header.end_member,
        seed: header.seed,
        accept: header.accept,
        train,
        forecasts: header.forecasts,
        candidates,
    };
    Ok((header, selection))
}

/// Checks that parts belong together and cover every shard once; names the part at fault.
pub fn check(parts: &[(String, CalibrationPartHeader)]) -> Result<(), (String, String)> {
    let (first_name, first) = &parts[0];
    let hashes = |h: &CalibrationPartHeader| -> Vec<String> {
        h.files.iter().map(|f| f.sha256.clone()).collect()
    };
    for (name, h) in &parts[1..] {
        let same = h.steppe_version == first.steppe_version
            && hashes(h) == hashes(first)
            && (h.seed, h.members, h.accept, h.shards)
                == (first.seed, first.members, first.accept, first.shards)
            && h.train == first.train
            && (&h.headline, h.headline_runs, h.hindcast_runs)
                == (&first.headline, first.headline_runs, first.hindcast_runs);
        if !same {
            return Err((
                name.clone(),
                format!(
                    "cannot merge with {first_name}: the parts come from different calibrations (inputs, seed, members, accept, train or shards differ)"
                ),
            ));
        }
    }
    let m = first.shards;
    let mut seen = std::collections::BTreeSet::new();
    for (name, h) in parts {
        let range = crate::ensemble::part::shard_range(h.members, h.shard, m);
        if h.shard == 0 || h.shard > m || range != (h.first_member..h.end_member) {
            return Err((
                name.clone(),
                "the part's shard numbers are inconsistent".into(),
            ));
        }
        if !seen.insert(h.shard) {
            return Err((
                name.clone(),
                format!("shard {}/{m} is given twice", h.shard),
            ));
        }
    }
    let missing: Vec<String> = (1..=m)
        .filter(|k| !seen.contains(k))
        .take(10)
        .map(|k| format!("{k}/{m}"))
        .collect();
    if !missing.is_empty() {
        return Err((
            first_name.clone(),
            format!("shards missing: {}", missing.join(", ")),
        ));
    }
    Ok(())
}
