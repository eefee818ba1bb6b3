//! Part files: one shard's statistics, checksummed, for `steppe merge` to add back together.

use super::{ExportError, Exporter, Sink};
use crate::ensemble::part;
use crate::simulate::Results;

/// The part-file exporter: writes one file, named by [`super::folder_name`], for a shard.
#[derive(Debug, Clone, Copy, Default)]
pub struct PartFile;

impl Exporter for PartFile {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        let Results::Ensemble(r) = results else {
            return Ok(());
        };
        let bytes =
            part::encode(r.part_header(), &r.aggregate).map_err(|e| ExportError::Serialize {
                what: "the part file".into(),
                reason: e,
            })?;
        sink.write(&super::folder_name(results), &bytes)
    }
}
