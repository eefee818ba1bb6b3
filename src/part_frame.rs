//! The framing every shard part file shares (ensembles, sweeps, calibrations): a magic line, a
//! one-line JSON header (readable with `head -2`) holding the SHA-256 of itself with the checksum
//! blank followed by the payload, then the payload. One place, so the three formats check their
//! integrity the same way.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

/// A part file's header: its own fields, and the checksum the framing fills in.
pub trait FramedHeader: Serialize + DeserializeOwned + Clone {
    /// The checksum recorded in the header.
    fn checksum(&self) -> &str;
    /// Sets the checksum.
    fn set_checksum(&mut self, checksum: String);
}

/// SHA-256 (hex) of the header with a blank checksum, then the payload.
pub fn checksum<H: FramedHeader>(header: &H, payload: &[u8]) -> Result<String, String> {
    let mut blank = header.clone();
    blank.set_checksum(String::new());
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_string(&blank).map_err(|e| e.to_string())?);
    hasher.update(payload);
    Ok(format!("{:x}", hasher.finalize()))
}

/// The part's bytes: magic line, header line with its checksum filled in, payload.
pub fn encode<H: FramedHeader>(
    magic: &str,
    mut header: H,
    payload: &[u8],
) -> Result<Vec<u8>, String> {
    header.set_checksum(checksum(&header, payload)?);
    let mut out = format!("{magic}\n").into_bytes();
    out.extend_from_slice(
        serde_json::to_string(&header)
            .map_err(|e| e.to_string())?
            .as_bytes(),
    );
    out.push(b'\n');
    out.extend_from_slice(payload);
    Ok(out)
}

/// The header and payload of a part, after checking its magic line (`not_this` is the message
/// when it is missing) and its checksum.
pub fn decode<'a, H: FramedHeader>(
    magic: &str,
    bytes: &'a [u8],
    not_this: &str,
) -> Result<(H, &'a [u8]), String> {
    let rest = bytes
        .strip_prefix(format!("{magic}\n").as_bytes())
        .ok_or(not_this)?;
    let newline = rest
        .iter()
        .position(|&b| b == b'\n')
        .ok_or("the part file is truncated: its header is incomplete")?;
    let header: H = serde_json::from_slice(&rest[..newline])
        .map_err(|e| format!("the part file's header is damaged: {e}"))?;
    let payload = &rest[newline + 1..];
    if checksum(&header, payload)? != header.checksum() {
        return Err("the part file was modified or truncated: its checksum does not match".into());
    }
    Ok((header, payload))
}
