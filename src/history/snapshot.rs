//! Snapshots: the world as of an earlier date, as parameter entries that replace the world
//! file's. A run starting on a date is calibrated on the latest state of the world at or before
//! that date (the world file itself or a snapshot), so that it starts at rest there (MODEL.md §8).

use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::params::{Grade, ParamId};
use crate::schema::{Name, SnapshotEntry, SnapshotFile};
use crate::world::{MAX_TOTAL_INFLUENCE, World};

/// One parameter's entry in a snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The parameter.
    pub param: ParamId,
    /// Central value.
    pub value: f64,
    /// Low end of its range.
    pub low: f64,
    /// High end of its range.
    pub high: f64,
    /// Evidence it cites (empty: keep the world's).
    pub sources: Vec<String>,
    /// Justification (empty: keep the world's).
    pub note: String,
    /// Evidence grade.
    pub grade: Option<Grade>,
    /// For coupled parameters, the value actually measured.
    pub observed: Option<f64>,
}

/// The world as of an earlier date.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The date its values describe.
    pub date: Date,
    /// Its file, as shown to users.
    pub file: String,
    /// The parameters it replaces.
    pub entries: Vec<Entry>,
}

/// The state of the world a run starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct AsOf {
    /// The date of that state.
    pub date: Date,
    /// The file holding it (the world file or a snapshot).
    pub file: String,
    /// Index of the snapshot, or `None` for the world file itself.
    pub snapshot: Option<usize>,
    /// Years from that state to the run's start.
    pub gap_years: f64,
}

/// Why no state of the world fits a start date.
#[derive(Debug, Clone, PartialEq)]
pub struct TooEarly {
    /// The earliest date the world knows.
    pub earliest: Date,
    /// The file holding it.
    pub file: String,
}

/// Years between two dates (by days, 365.25 a year).
pub fn years_between(from: Date, to: Date) -> f64 {
    (to.day_number() - from.day_number()) as f64 / 365.25
}

/// The latest state of `world` at or before `start`: `Ok(None)` when the world has no date
/// (nothing to choose), an error when `start` is before every state it knows.
pub fn choose(world: &World, start: Date) -> Result<Option<AsOf>, TooEarly> {
    let h = &world.history;
    let Some(date) = h.date else {
        return Ok(None);
    };
    let mut best = (start >= date).then(|| AsOf {
        date,
        file: h.file.clone(),
        snapshot: None,
        gap_years: years_between(date, start),
    });
    for (i, s) in h.snapshots.iter().enumerate() {
        if s.date <= start && best.as_ref().is_none_or(|b| s.date > b.date) {
            best = Some(AsOf {
                date: s.date,
                file: s.file.clone(),
                snapshot: Some(i),
                gap_years: years_between(s.date, start),
            });
        }
    }
    match best {
        Some(b) => Ok(Some(b)),
        None => {
            let (earliest, file) = h
                .snapshots
                .iter()
                .map(|s| (s.date, s.file.clone()))
                .chain(std::iter::once((date, h.file.clone())))
                .min_by_key(|(d, _)| *d)
                .expect("the world's own date is always there");
            Err(TooEarly { earliest, file })
        }
    }
}

/// Replaces the world's parameter entries with a snapshot's (value, range, sources, note, grade),
/// so that scenarios, ensembles and the calibration of the rest point all read the world as of
/// the snapshot's date.
pub fn apply(world: &mut World, snapshot: usize) {
    let s = world.history.snapshots[snapshot].clone();
    for e in &s.entries {
        let own = world.params.get(e.param);
        world.history.own.push(Entry {
            param: e.param,
            value: own.value,
            low: own.low,
            high: own.high,
            sources: own.sources.clone(),
            note: own.note.clone(),
            grade: own.grade,
            observed: None,
        });
        let p = world.params.get_mut(e.param);
        p.value = e.value;
        p.low = e.low;
        p.high = e.high;
        if !e.sources.is_empty() {
            p.sources = e.sources.clone();
        }
        if !e.note.is_empty() {
            p.note = e.note.clone();
        }
        if e.grade.is_some() {
            p.grade = e.grade;
        }
        p.origin = s.file.clone();
    }
}

/// Resolves a parsed snapshot against its world: every path must exist, every value lie within
/// the parameter's limits, every source be in the evidence and every state keep some autonomy.
pub fn resolve(
    world: &World,
    source: &Source,
    file: &SnapshotFile,
) -> Result<Snapshot, Diagnostics> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    let date = *file.date.get_ref();
    if let Some(world_date) = world.history.date
        && date >= world_date
    {
        errors.push(Diagnostic::at(
            source,
            file.date.span(),
            format!(
                "a snapshot describes an earlier date than its world ({world_date}, {}); found {date}",
                world.history.file
            ),
        ));
    }
    for (path, entry) in &file.overrides {
        if let Some(e) = self::entry(world, source, path, entry, &mut errors) {
            entries.push(e);
        }
    }
    check_autonomy(world, source, &entries, &mut errors);
    if errors.is_empty() {
        Ok(Snapshot {
            date,
            file: source.name.clone(),
            entries,
        })
    } else {
        Err(Diagnostics(errors))
    }
}

/// One parameter's entry: a known path, a valid range within the parameter's limits, an
/// evidence grade and sources in the evidence. `None` when the entry cannot be read at all; an
/// entry without a grade or with an unknown source is kept, its errors reported.
fn entry(
    world: &World,
    source: &Source,
    path: &Name,
    entry: &toml::Spanned<SnapshotEntry>,
    errors: &mut Vec<Diagnostic>,
) -> Option<Entry> {
    let id = crate::scenario::find_param(world, source, path, errors)?;
    let e = entry.get_ref();
    let spec = match e.to_spec() {
        Ok(s) => s,
        Err(msg) => {
            errors.push(Diagnostic::at(source, entry.span(), msg));
            return None;
        }
    };
    let param = world.params.get(id);
    if let Some(v) = [spec.value, spec.low, spec.high]
        .into_iter()
        .find(|v| *v < param.min || *v > param.max)
    {
        errors.push(Diagnostic::at(
            source,
            entry.span(),
            format!(
                "`{}` must lie in [{}, {}]; found {v}",
                param.path, param.min, param.max
            ),
        ));
        return None;
    }
    if spec.grade.is_none() {
        // A snapshot's value replaces the world's, so it carries its own grade, like every
        // world parameter.
        errors.push(
            Diagnostic::at(
                source,
                entry.span(),
                format!("`{}` has no evidence grade", param.path),
            )
            .with_help(
                "add `grade = \"fact\"` (a measured number with a public source), `grade = \"claim\"` (a source states the direction, judgement sets the size) or `grade = \"judgement\"` (no source for direction or size)",
            ),
        );
    }
    for s in &spec.sources {
        if let Err(msg) = world.evidence.check_citation(s.get_ref()) {
            errors.push(Diagnostic::at(source, s.span(), msg));
        }
    }
    Some(Entry {
        param: id,
        value: spec.value,
        low: spec.low,
        high: spec.high,
        sources: spec.sources.iter().map(|s| s.get_ref().clone()).collect(),
        note: spec.note.unwrap_or_default(),
        grade: spec.grade,
        observed: e.observed.map(|o| o.0),
    })
}

/// With the snapshot's values (the world's where it has none), every state must keep some
/// autonomy: the powers' initial influence in each domain may add up to at most
/// [`MAX_TOTAL_INFLUENCE`].
fn check_autonomy(world: &World, source: &Source, entries: &[Entry], errors: &mut Vec<Diagnostic>) {
    let value_of = |id: ParamId| {
        entries
            .iter()
            .find(|e| e.param == id)
            .map_or(world.params.get(id).value, |e| e.value)
    };
    let np = world.powers.len();
    for state in &world.states {
        for (d, group) in state.influence.chunks(np).enumerate() {
            let total: f64 = group.iter().map(|&id| value_of(id)).sum();
            if total > MAX_TOTAL_INFLUENCE {
                errors.push(Diagnostic::file(
                    source.name.clone(),
                    format!(
                        "initial influence in `{}` / `{}` adds up to {total:.3}; it may be at most {MAX_TOTAL_INFLUENCE} so the state keeps some autonomy",
                        state.id, world.domains[d].id
                    ),
                ));
            }
        }
    }
}
