//! Part files: one shard's statistics (or a sweep shard's outcomes), checksummed, for `steppe
//! merge` to put back together.

use super::{ExportError, Exporter, Sink};
use crate::ensemble::part;
use crate::simulate::Results;

/// The part-file exporter: writes one file, named by [`super::folder_name`], for a shard.
#[derive(Debug, Clone, Copy, Default)]
pub struct PartFile;

impl Exporter for PartFile {
    fn export(&self, results: &Results, sink: &mut dyn Sink) -> Result<(), ExportError> {
        let encoded = match results {
            Results::Ensemble(r) => part::encode(
                r.part_header(),
                &r.aggregate,
                r.draws.as_ref().map(|d| d.to_part()),
            ),
            Results::Experiment(r) if r.shard.is_some() => {
                crate::experiment::part::encode(r.part_header(), &r.values)
            }
            _ => return Ok(()),
        };
        let bytes = encoded.map_err(|e| ExportError::Serialize {
            what: "the part file".into(),
            reason: e,
        })?;
        sink.write(&super::folder_name(results), &bytes)
    }
}
