//! Reading the samples of a posterior file (`steppe calibrate` writes it; a scenario's
//! `posterior` key names it) into [`ParamSamples`] members can draw from.

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::ensemble::ParamSamples;
use crate::schema::Name;
use crate::world::World;

/// First value of a posterior file's `format` key.
pub const FORMAT: &str = "steppe-posterior 1";

/// The parts of a posterior file that members draw from (the rest documents the calibration).
#[derive(Debug, Deserialize)]
struct SamplesOnly {
    format: toml::Spanned<String>,
    samples: SamplesTable,
}

#[derive(Debug, Deserialize)]
struct SamplesTable {
    paths: Vec<Name>,
    values: toml::Spanned<Vec<Vec<f64>>>,
}

/// Reads the samples of a posterior file against the world they will be drawn into: every path
/// must be a parameter of the world, every row as long as the paths, every value within the
/// parameter's limits.
pub fn read_samples(source: &Source, world: &World) -> Result<ParamSamples, Diagnostics> {
    let parsed: SamplesOnly =
        crate::io::load::parse(source, "a posterior written by `steppe calibrate`")?;
    let mut errors = Vec::new();
    if parsed.format.get_ref() != FORMAT {
        errors.push(Diagnostic::at(
            source,
            parsed.format.span(),
            format!("expected format \"{FORMAT}\"; write the file again with `steppe calibrate`"),
        ));
    }
    let mut params = Vec::new();
    for p in &parsed.samples.paths {
        match world.params.find(p.get_ref()) {
            Some(id) => params.push(id),
            None => errors.push(
                Diagnostic::at(
                    source,
                    p.span(),
                    format!("unknown parameter `{}`", p.get_ref()),
                )
                .suggest(p.get_ref(), world.params.paths()),
            ),
        }
    }
    let rows = parsed.samples.values.get_ref();
    let span = parsed.samples.values.span();
    if rows.is_empty() {
        errors.push(Diagnostic::at(
            source,
            span.clone(),
            "the posterior has no samples",
        ));
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let mut values = Vec::with_capacity(rows.len() * params.len());
    for (r, row) in rows.iter().enumerate() {
        if row.len() != params.len() {
            return Err(Diagnostic::at(
                source,
                span,
                format!(
                    "sample {} has {} values for {} paths",
                    r + 1,
                    row.len(),
                    params.len()
                ),
            )
            .into());
        }
        for (&id, &v) in params.iter().zip(row) {
            let p = world.params.get(id);
            if !(v.is_finite() && p.min <= v && v <= p.max) {
                return Err(Diagnostic::at(
                    source,
                    span,
                    format!(
                        "sample {}: `{}` = {v} is outside [{}, {}]",
                        r + 1,
                        p.path,
                        p.min,
                        p.max
                    ),
                )
                .into());
            }
        }
        values.extend_from_slice(row);
    }
    Ok(ParamSamples {
        file: source.name.clone(),
        params,
        rows: rows.len(),
        values,
    })
}
