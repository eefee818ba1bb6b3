//! `steppe validate`: check world and scenario files without running them.

use std::path::PathBuf;
use std::process::ExitCode;

use super::CommandResult;
use steppe::diag::Diagnostics;
use steppe::io::load::{load_scenario, load_world, parse, read_source};
use steppe::schema::EvidenceFile;

/// Whether a file looks like a world file (it has powers or a model table).
fn is_world(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("[model]") || l.starts_with("[[power]]") || l.starts_with("[[state]]")
    })
}

/// Whether a file looks like an evidence file (claims, facts or sources).
fn is_evidence(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l.starts_with("[[claim]]") || l.starts_with("[[fact]]") || l.starts_with("[[source]]")
    })
}

/// Runs `steppe validate`.
pub fn validate(files: &[PathBuf]) -> CommandResult {
    let mut errors = Vec::new();
    for f in files {
        let result = match read_source(f) {
            Err(d) => Err(Diagnostics::from(d)),
            Ok(src) if is_world(&src.text) => load_world(f).map(|(w, _)| {
                format!(
                    "{}: world `{}`: {} powers, {} states, {} domains, {} drivers, {} parameters",
                    f.display(),
                    w.name,
                    w.powers.len(),
                    w.states.len(),
                    w.domains.len(),
                    w.drivers.len(),
                    w.params.len()
                )
            }),
            Ok(src) if is_evidence(&src.text) => {
                parse::<EvidenceFile>(&src, "[[claim]], [[fact]] or [[source]] tables")
                    .map_err(Diagnostics::from)
                    .map(|e| {
                        format!(
                            "{}: evidence: {} claims, {} facts, {} sources",
                            f.display(),
                            e.claim.len(),
                            e.fact.len(),
                            e.source.len()
                        )
                    })
            }
            Ok(_) => load_scenario(f).map(|l| {
                format!(
                    "{}: scenario `{}`: {}, {}, {} to {}",
                    f.display(),
                    l.scenario.title,
                    steppe::diag::counted(l.scenario.events.len() as u64, "event", "events"),
                    steppe::diag::counted(
                        l.scenario.expectations.len() as u64,
                        "expectation",
                        "expectations"
                    ),
                    l.scenario.calendar.start,
                    l.scenario.calendar.end()
                )
            }),
        };
        match result {
            Ok(line) => outln!("ok  {line}")?,
            Err(d) => errors.extend(d.0),
        }
    }
    if errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(Diagnostics(errors).into())
    }
}
