//! Reading world, evidence, scenario and experiment files from disk, following `extends` chains,
//! with errors that name the file, line and column.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::ensemble::ParamSamples;
use crate::evidence::Evidence;
use crate::experiment::{Experiment, ExperimentInputs};
use crate::history::SNAPSHOT_REACH_YEARS;
use crate::history::snapshot::{self, AsOf};
pub use crate::inputs::Loaded;
use crate::provenance::{FileRef, sha256_hex};
use crate::scenario::command_line::name_arguments;
use crate::scenario::{CommandLine, Layer, Scenario};
use crate::schema::{EvidenceFile, ExperimentFile, ScenarioFile, WorldFile};
use crate::world::World;

/// Reads a file into a [`Source`], or a diagnostic naming it.
pub fn read_source(path: &Path) -> Result<Source, Diagnostic> {
    let name = display(path);
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Source::new(name, text)),
            Err(e) => Err(not_utf8(name, e)),
        },
        Err(e) => Err(Diagnostic::file(
            name,
            format!("cannot read the file: {}", io_reason(&e)),
        )),
    }
}

/// A file that is not UTF-8: where its first bad byte is, shown in the text around it.
fn not_utf8(name: String, e: std::string::FromUtf8Error) -> Diagnostic {
    let at = e.utf8_error().valid_up_to();
    let byte = e.as_bytes()[at];
    let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    let source = Source::new(name, text);
    // The valid prefix is the same in the lossy text, where the bad byte became U+FFFD.
    Diagnostic::at(
        &source,
        at..at + '\u{fffd}'.len_utf8(),
        format!(
            "the file is not valid UTF-8 text: byte 0x{byte:02x} at line {line}, column {column} is not part of a UTF-8 character"
        ),
    )
    .with_help("save the file as UTF-8 (a Latin-1 or Windows-1252 editor setting writes such bytes)")
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string(),
    }
}

/// A path as shown to the user.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Parses a TOML source into a schema type, with an error for an empty file.
pub fn parse<T: DeserializeOwned>(source: &Source, what: &str) -> Result<T, Diagnostic> {
    if source.text.trim().is_empty() {
        return Err(Diagnostic::at(
            source,
            0..0,
            format!("the file is empty: expected {what}"),
        ));
    }
    toml::from_str(&source.text).map_err(|e| Diagnostic::from_toml(source, &e))
}

/// SHA-256 of a text, hex.
fn sha256(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// Loads a world file and the evidence files it lists.
pub fn load_world(path: &Path) -> Result<(World, Vec<FileRef>), Diagnostics> {
    let source = read_source(path)?;
    let file: WorldFile = parse(&source, "a world file (see docs/MODEL.md)")?;
    let mut evidence = Evidence::default();
    let mut stamps = vec![FileRef {
        path: source.name.clone(),
        sha256: sha256(&source.text),
    }];
    let dir = path.parent().unwrap_or(Path::new("."));
    for name in &file.evidence {
        let evidence_path = dir.join(name.get_ref());
        let ev_source = read_source(&evidence_path).map_err(|d| {
            Diagnostic::at(
                &source,
                name.span(),
                format!("evidence file: {}", d.message),
            )
        })?;
        let parsed: EvidenceFile = parse(&ev_source, "[[claim]], [[fact]] or [[source]] tables")?;
        stamps.push(FileRef {
            path: ev_source.name.clone(),
            sha256: sha256(&ev_source.text),
        });
        evidence.extend(parsed);
    }
    let (evidence_names, snapshots, history) = (
        file.evidence.clone(),
        file.snapshots.clone(),
        file.history.clone(),
    );
    let mut world = World::resolve(&source, file, evidence)?;
    super::history::attach(
        &mut world,
        &source,
        path,
        &evidence_names,
        &snapshots,
        history.as_ref(),
        &mut stamps,
    )?;
    Ok((world, stamps))
}

/// Loads a scenario file, the chain of files it extends, and its world.
pub fn load_scenario(path: &Path) -> Result<Loaded, Diagnostics> {
    load_scenario_with(path, &CommandLine::default())
}

/// Loads a scenario as [`load_scenario`] does, with command-line changes applied after its file
/// chain (every check of a scenario file applies; errors about them name the argument).
pub fn load_scenario_with(path: &Path, command_line: &CommandLine) -> Result<Loaded, Diagnostics> {
    let extra = command_line.layers()?;
    let chain = read_chain(path)?;
    let (mut world, world_files) = chain_world(&chain)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    let mut files: Vec<FileRef> = chain
        .iter()
        .map(|(_, l)| FileRef {
            path: l.source.name.clone(),
            sha256: sha256(&l.source.text),
        })
        .collect();
    let mut chain_files = files.len();
    files.extend(world_files);
    let source = chain[0].1.source.clone();
    // The posterior, like the world, comes from the nearest file that names one.
    let posterior_ref = chain.iter().find_map(|(p, l)| {
        l.file.posterior.as_ref().map(|n| {
            let dir = p.parent().unwrap_or(Path::new("."));
            (dir.join(n.get_ref()), l.source.clone(), n.span())
        })
    });
    let layers: Vec<Layer> = chain.into_iter().rev().map(|(_, l)| l).collect();
    // Command-line changes (`--start` too) count as the last layers of the chain.
    let all: Vec<Layer> = layers.iter().chain(&extra).cloned().collect();
    let (as_of, warnings) = world_as_of_start(&mut world, &all)?;
    let mut scenario =
        Scenario::resolve_with(&world, &name, &layers, &extra).map_err(name_arguments)?;
    crate::history::follow::apply(&world, &mut scenario, &all)?;
    let posterior = match posterior_ref {
        None => None,
        Some(at) => {
            let (samples, file) = read_posterior(at, &world)?;
            // A scenario's input, listed with its chain rather than with the world.
            files.insert(chain_files, file);
            chain_files += 1;
            Some(std::sync::Arc::new(samples))
        }
    };
    Ok(Loaded {
        world,
        scenario,
        path: path.to_path_buf(),
        source,
        files,
        command_line: command_line.clone(),
        chain: chain_files,
        as_of,
        warnings,
        posterior,
    })
}

/// The scenario file and every file it `extends`, leaf first, each with its path. A cycle, or a
/// parent that cannot be read, is reported where the referring file names it.
fn read_chain(path: &Path) -> Result<Vec<(PathBuf, Layer)>, Diagnostics> {
    let mut chain: Vec<(PathBuf, Layer)> = Vec::new();
    let mut seen = HashSet::new();
    let mut next = path.to_path_buf();
    let mut referrer: Option<(Source, std::ops::Range<usize>)> = None;
    loop {
        let canonical = fs::canonicalize(&next).unwrap_or_else(|_| next.clone());
        if !seen.insert(canonical) {
            let (src, span) = referrer.expect("a cycle needs a referring file");
            return Err(Diagnostic::at(
                &src,
                span,
                format!(
                    "`extends` forms a cycle: {} is already part of this chain",
                    display(&next)
                ),
            )
            .into());
        }
        let source = match (read_source(&next), &referrer) {
            (Ok(s), _) => s,
            (Err(d), Some((src, span))) => {
                return Err(Diagnostic::at(
                    src,
                    span.clone(),
                    format!("cannot extend {}: {}", d.file, d.message),
                )
                .into());
            }
            (Err(d), None) => return Err(d.into()),
        };
        let file: ScenarioFile = parse(&source, "a scenario (see README.md, \"Scenario files\")")?;
        let parent = file.extends.clone();
        chain.push((
            next.clone(),
            Layer {
                source: source.clone(),
                file,
            },
        ));
        match parent {
            Some(ext) => {
                let dir = next.parent().unwrap_or(Path::new("."));
                next = dir.join(ext.get_ref());
                referrer = Some((source, ext.span()));
            }
            None => break,
        }
    }
    Ok(chain)
}

/// The world of a chain, from the nearest file (leaf first) that names one, with the files it
/// was read from; a missing world file is reported where the scenario names it.
fn chain_world(chain: &[(PathBuf, Layer)]) -> Result<(World, Vec<FileRef>), Diagnostics> {
    let Some((world_path, world_ref)) = chain.iter().find_map(|(p, l)| {
        l.file.world.as_ref().map(|w| {
            let dir = p.parent().unwrap_or(Path::new("."));
            (dir.join(w.get_ref()), (l.source.clone(), w.span()))
        })
    }) else {
        return Err(Diagnostic::at(&chain[0].1.source, 0..0, "the scenario names no world")
            .with_help("add `world = \"../seeds/world.toml\"`, or `extends = \"baseline.toml\"` to start from the baseline")
            .into());
    };
    load_world(&world_path).map_err(|mut d| {
        if d.0.len() == 1 && d.0[0].snippet.is_none() {
            let (src, span) = &world_ref;
            d.0[0] = Diagnostic::at(
                src,
                span.clone(),
                format!("world file {}: {}", d.0[0].file, d.0[0].message),
            );
        }
        d
    })
}

/// Reads the posterior samples a scenario names (`(path, naming file, span)`), with the file's
/// reference; a file that cannot be read is reported where the scenario names it.
fn read_posterior(
    (path, referrer, span): (PathBuf, Source, std::ops::Range<usize>),
    world: &World,
) -> Result<(ParamSamples, FileRef), Diagnostics> {
    let src = read_source(&path)
        .map_err(|d| Diagnostic::at(&referrer, span, format!("posterior: {}", d.message)))?;
    let samples = crate::calibrate::samples_file::read_samples(&src, world)?;
    let file = FileRef {
        path: src.name.clone(),
        sha256: sha256(&src.text),
    };
    Ok((samples, file))
}

/// Turns `world` into the world as of the run's start (the start the chain sets, else the
/// default): the latest snapshot at or before it replaces the world's values. A start before
/// every state the world knows is an error; a start far from the state chosen is warned.
fn world_as_of_start(
    world: &mut World,
    layers: &[Layer],
) -> Result<(Option<AsOf>, Vec<Diagnostic>), Diagnostics> {
    let set_at = layers
        .iter()
        .rev()
        .find_map(|l| l.file.run.start.as_ref().map(|s| (l, s)));
    let start = set_at.map_or(crate::scenario::DEFAULT_START, |(_, s)| *s.get_ref());
    let here = |msg: String| match set_at {
        Some((l, s)) => Diagnostic::at(&l.source, s.span(), msg),
        None => Diagnostic::file(layers[layers.len() - 1].source.name.clone(), msg),
    };
    let as_of = match snapshot::choose(world, start) {
        Ok(a) => a,
        Err(e) => {
            return Err(here(format!(
                "the run starts on {start}, before the earliest state of the world steppe knows ({}, {})",
                e.earliest, e.file
            ))
            .with_help("start the run on or after that date, or add a snapshot of an earlier date to the world's `snapshots`")
            .into());
        }
    };
    let mut warnings = Vec::new();
    if let Some(a) = &as_of {
        if let Some(i) = a.snapshot {
            snapshot::apply(world, i);
        }
        if a.gap_years > SNAPSHOT_REACH_YEARS {
            warnings.push(
                here(format!(
                    "the run starts on {start}, {:.1} years after the nearest earlier state of the world ({}, {}); it is calibrated to be at rest on that older state",
                    a.gap_years, a.date, a.file
                ))
                .with_help("add a snapshot of a date nearer the start to the world's `snapshots`"),
            );
        }
    }
    Ok((as_of, warnings))
}

/// The scenario files in a folder and in its subfolders one level down (`scenarios/past/` holds
/// the replays of the past), sorted by file name.
pub fn scenario_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let list = |dir: &Path| {
        fs::read_dir(dir).map_err(|e| {
            Diagnostic::file(
                display(dir),
                format!("cannot list the folder: {}", io_reason(&e)),
            )
        })
    };
    let is_toml = |p: &Path| p.is_file() && p.extension().is_some_and(|x| x == "toml");
    let mut files = Vec::new();
    for entry in list(dir)?.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(
                list(&path)?
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| is_toml(p)),
            );
        } else if is_toml(&path) {
            files.push(path);
        }
    }
    // By name, as `steppe list` shows them; the path breaks ties.
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()).then_with(|| a.cmp(b)));
    Ok(files)
}

/// Loads an experiment file (`steppe sweep`), the scenario and baseline it names (relative to
/// it) and its design matrix, and resolves it. `max_runs` refuses larger designs (with an error
/// at the design) before anything is built; `None` allows any size.
pub fn load_experiment(path: &Path, max_runs: Option<u64>) -> Result<Experiment, Diagnostics> {
    let source = read_source(path)?;
    let file: ExperimentFile = parse(&source, "an experiment (see README.md, \"Experiments\")")?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let load_named = |name: &crate::schema::Name| -> Result<Loaded, Diagnostics> {
        let p = dir.join(name.get_ref());
        if !p.is_file() {
            return Err(Diagnostic::at(
                &source,
                name.span(),
                format!("no scenario file {}", display(&p)),
            )
            .into());
        }
        load_scenario(&p)
    };
    let scenario = load_named(&file.scenario);
    let baseline = file.baseline.as_ref().map(load_named).transpose();
    let (scenario, baseline) = match (scenario, baseline) {
        (Ok(s), Ok(b)) => (s, b),
        (s, b) => {
            let mut all = Vec::new();
            all.extend(s.err().map_or(Vec::new(), |d| d.0));
            all.extend(b.err().map_or(Vec::new(), |d| d.0));
            return Err(Diagnostics(all));
        }
    };
    let mut files = vec![FileRef {
        path: source.name.clone(),
        sha256: sha256(&source.text),
    }];
    let matrix = match &file.design.get_ref().file {
        Some(name) if file.design.get_ref().kind.get_ref() == "external" => {
            let p = dir.join(name.get_ref());
            let m = read_source(&p).map_err(|d| {
                Diagnostic::at(
                    &source,
                    name.span(),
                    format!("design matrix: {}", d.message),
                )
            })?;
            files.push(FileRef {
                path: m.name.clone(),
                sha256: sha256(&m.text),
            });
            Some(m)
        }
        _ => None,
    };
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "experiment".into());
    Experiment::resolve(ExperimentInputs {
        name,
        source,
        file,
        scenario,
        baseline,
        matrix,
        files,
        max_runs,
    })
}
