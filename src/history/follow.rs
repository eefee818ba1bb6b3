//! A scenario's `[history]` table: drivers follow their dated histories up to a date (each may
//! have its own), then the scenario's own events. The histories become `set` events on the step
//! grid, marked as history so that figures do not mark each of them.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::calendar::{Calendar, Date};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::history::drivers::{DriverHistory, Series};
use crate::scenario::{Action, Event, Layer, Scenario};
use crate::schema::Name;
use crate::world::World;

/// Which drivers a scenario follows, and until when.
#[derive(Debug, Clone, PartialEq)]
pub struct Following {
    /// `(driver index, hand-over date)`: grid points dated before the hand-over follow the
    /// history; from it on the driver holds its last value unless the scenario moves it.
    pub drivers: Vec<(usize, Date)>,
}

/// Where a setting was written, for errors.
#[derive(Debug, Clone)]
struct At {
    source: Source,
    span: Range<usize>,
}

impl At {
    fn error(&self, msg: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.source, self.span.clone(), msg)
    }
}

/// Where a setting was written in a layer.
fn at(layer: &Layer, span: Range<usize>) -> At {
    At {
        source: layer.source.clone(),
        span,
    }
}

/// The `[history]` settings of a chain once its layers are merged, each with where it was
/// written (for errors).
#[derive(Default)]
struct Settings {
    /// `follow = true/false`.
    follow: Option<(bool, At)>,
    /// `until = <date>`: the hand-over of every driver without its own.
    default_until: Option<(Date, At)>,
    /// `until.<driver> = <date>`, by driver index.
    per_driver: BTreeMap<usize, (Date, At)>,
    /// `drivers = [...]`: only these drivers follow, instead of every one with a history.
    only: Option<(Vec<usize>, At)>,
}

impl Settings {
    /// Merges the chain's `[history]` tables, root first; every unreadable setting is an error.
    fn read(world: &World, chain: &[Layer]) -> Result<Settings, Diagnostics> {
        let mut errors = Vec::new();
        let mut s = Settings::default();
        for layer in chain {
            s.layer(world, layer, &mut errors);
        }
        if errors.is_empty() {
            Ok(s)
        } else {
            Err(Diagnostics(errors))
        }
    }

    /// One layer's `[history]` over the layers before it.
    fn layer(&mut self, world: &World, layer: &Layer, errors: &mut Vec<Diagnostic>) {
        let h = &layer.file.history;
        if let Some(f) = &h.follow {
            self.follow = Some((*f.get_ref(), at(layer, f.span())));
        }
        if let Some(u) = &h.until {
            self.until(world, u.get_ref(), &at(layer, u.span()), errors);
        }
        if let Some(list) = &h.drivers {
            self.only_drivers(world, layer, list, errors);
        }
    }

    /// `until`: a date replaces every earlier hand-over, a table of dates by driver only those
    /// drivers'.
    fn until(&mut self, world: &World, value: &toml::Value, at: &At, errors: &mut Vec<Diagnostic>) {
        match value {
            toml::Value::Datetime(dt) => match date_of(dt) {
                Some(d) => {
                    self.default_until = Some((d, at.clone()));
                    self.per_driver.clear();
                }
                None => errors.push(at.error("expected a plain date like 2023-01-01")),
            },
            toml::Value::Table(t) => {
                for (name, v) in t {
                    let Some(k) = world.driver(name) else {
                        errors.push(
                            at.error(format!("unknown driver `{name}` in `until`"))
                                .suggest(name, world.drivers.iter().map(|d| d.id.as_str())),
                        );
                        continue;
                    };
                    match v.as_datetime().and_then(date_of) {
                        Some(d) => {
                            self.per_driver.insert(k, (d, at.clone()));
                        }
                        None => errors.push(at.error(format!(
                            "`until.{name}` must be a plain date like 2023-01-01"
                        ))),
                    }
                }
            }
            _ => errors.push(at.error(
                "`until` is a date (`until = 2023-01-01`) or a table of dates by driver (`until.ukraine_war = 2023-01-01`)",
            )),
        }
    }

    /// `drivers = [...]`: the drivers that follow, each a known driver.
    fn only_drivers(
        &mut self,
        world: &World,
        layer: &Layer,
        list: &[Name],
        errors: &mut Vec<Diagnostic>,
    ) {
        let mut ks = Vec::new();
        for name in list {
            match world.driver(name.get_ref()) {
                Some(k) => ks.push(k),
                None => errors.push(
                    Diagnostic::at(
                        &layer.source,
                        name.span(),
                        format!("unknown driver `{}`", name.get_ref()),
                    )
                    .suggest(name.get_ref(), world.drivers.iter().map(|d| d.id.as_str())),
                ),
            }
        }
        let span = list.first().map_or(0..0, |f| {
            f.span().start..list.last().map_or(0, |l| l.span().end)
        });
        self.only = Some((ks, at(layer, span)));
    }

    /// Where `follow = true` was written, or `None` when the chain does not follow. Saying until
    /// when or which drivers without `follow` is an error: the settings would do nothing.
    fn switched_on(&self) -> Result<Option<&At>, Diagnostics> {
        match &self.follow {
            Some((on, at)) => Ok(on.then_some(at)),
            None => {
                let stray = self
                    .default_until
                    .as_ref()
                    .map(|(_, a)| a)
                    .or(self.per_driver.values().next().map(|(_, a)| a))
                    .or(self.only.as_ref().map(|(_, a)| a));
                match stray {
                    Some(a) => Err(a
                        .error("`[history]` says until when or which drivers, but not that they follow their history")
                        .with_help("add `follow = true` to `[history]`")
                        .into()),
                    None => Ok(None),
                }
            }
        }
    }

    /// The drivers that follow: those listed (each must have a history), else every driver with
    /// one. A per-driver `until` must name one of them.
    fn followed(
        &self,
        world: &World,
        history: &DriverHistory,
        errors: &mut Vec<Diagnostic>,
    ) -> Vec<usize> {
        let followed: Vec<usize> = match &self.only {
            Some((ks, at)) => {
                for &k in ks {
                    if history.of(k).is_none() {
                        errors.push(at.error(format!(
                            "driver `{}` has no history in {}",
                            world.drivers[k].id, history.file
                        )));
                    }
                }
                ks.clone()
            }
            None => history.series.iter().map(|s| s.driver).collect(),
        };
        for (&k, (_, at)) in &self.per_driver {
            if !followed.contains(&k) {
                errors.push(at.error(format!(
                    "`until.{}` names a driver that does not follow its history",
                    world.drivers[k].id
                )));
            }
        }
        followed
    }
}

/// Reads the `[history]` tables of a chain (root first, later files win key by key; a date
/// `until` replaces every earlier one, a per-driver `until.<driver>` only that driver's).
pub fn resolve(
    world: &World,
    calendar: &Calendar,
    chain: &[Layer],
) -> Result<Option<Following>, Diagnostics> {
    let settings = Settings::read(world, chain)?;
    let Some(follow_at) = settings.switched_on()? else {
        return Ok(None);
    };
    let Some(history) = &world.history.drivers else {
        return Err(follow_at
            .error("the world has no driver histories to follow")
            .with_help(
                "name a file of them in the world file: `history = \"history/drivers.toml\"`",
            )
            .into());
    };
    let mut errors = Vec::new();
    let followed = settings.followed(world, history, &mut errors);
    let mut drivers = Vec::new();
    for &k in &followed {
        let Some(series) = history.of(k) else {
            continue;
        };
        let (until, at) = match settings
            .per_driver
            .get(&k)
            .or(settings.default_until.as_ref())
        {
            Some((d, at)) => (*d, at),
            None => (calendar.end(), follow_at),
        };
        let id = &world.drivers[k].id;
        match check_span(calendar, history, id, series, until, at, follow_at) {
            Ok(()) => drivers.push((k, until)),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(Some(Following { drivers }))
    } else {
        Err(Diagnostics(errors))
    }
}

/// Checks that a driver's history covers the points it follows: the run must not start before
/// the hand-over date nor before the history, and the history must reach the last grid point
/// before the hand-over.
fn check_span(
    calendar: &Calendar,
    history: &DriverHistory,
    id: &str,
    series: &Series,
    until: Date,
    at: &At,
    follow_at: &At,
) -> Result<(), Diagnostic> {
    let start = calendar.start;
    let end = calendar.end();
    if until < start {
        return Err(at.error(format!(
            "`until` ({until}) is before the run starts ({start})"
        )));
    }
    if series.first() > start {
        return Err(follow_at.error(format!(
            "the history of `{id}` starts on {}, after the run starts ({start}); start the run later or add earlier points to {}",
            series.first(),
            history.file
        )));
    }
    let last_followed = (0..=calendar.steps)
        .map(|p| calendar.date(p))
        .take_while(|d| *d < until)
        .last();
    if let Some(last) = last_followed
        && last > series.last()
    {
        return Err(at
            .error(format!(
                "the history of `{id}` ends on {}, but the scenario follows it until {}",
                series.last(),
                until.min(end)
            ))
            .with_help(format!(
                "follow it `until` at most {} (`[history] until = {}`) or extend {}",
                series.last(),
                series.last(),
                history.file
            )));
    }
    Ok(())
}

fn date_of(dt: &toml::value::Datetime) -> Option<Date> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => Date::new(i32::from(d.year), u32::from(d.month), u32::from(d.day)),
        _ => None,
    }
}

/// The `set` events that make followed drivers take their history's value at every grid point
/// before their hand-over date: at point 1 and wherever the value changes, and at point 0 only
/// where the history differs from the scenario's start value.
pub fn events(world: &World, scenario: &Scenario, following: &Following) -> Vec<Event> {
    let Some(history) = &world.history.drivers else {
        return Vec::new();
    };
    let cal = &scenario.calendar;
    let mut out = Vec::new();
    for &(k, until) in &following.drivers {
        let Some(series) = history.of(k) else {
            continue;
        };
        let target = world.drivers[k].value;
        let mut previous = scenario.params.get(target).value;
        for point in 0..=cal.steps {
            let date = cal.date(point);
            if date >= until {
                break;
            }
            let v = series.value_at(date);
            if point == 1 || v != previous {
                out.push(Event {
                    date,
                    point,
                    target,
                    action: Action::Set(v),
                    note: format!("history of {}", world.drivers[k].id),
                    history: true,
                    claims: Vec::new(),
                });
            }
            previous = v;
        }
    }
    out
}

/// Resolves the chain's `[history]` and adds its events to the scenario, before the scenario's
/// own events at the same grid point. A `set` or `ramp` of the scenario's own on a driver dated
/// before its hand-over would fight the history, and is an error.
pub fn apply(world: &World, scenario: &mut Scenario, chain: &[Layer]) -> Result<(), Diagnostics> {
    let Some(following) = resolve(world, &scenario.calendar, chain)? else {
        return Ok(());
    };
    let mut errors = Vec::new();
    for layer in chain {
        for e in &layer.file.event {
            if e.shock.is_some() {
                continue;
            }
            let Some(k) = world.driver(e.target.get_ref()) else {
                continue;
            };
            if let Some(&(_, until)) = following.drivers.iter().find(|(d, _)| *d == k)
                && *e.date.get_ref() < until
            {
                errors.push(
                    Diagnostic::at(
                        &layer.source,
                        e.date.span(),
                        format!(
                            "`{}` follows its history until {until}; this event would fight it",
                            e.target.get_ref()
                        ),
                    )
                    .with_help(
                        "date the event on or after the hand-over, set `[history] until` earlier, or use a `shock`",
                    ),
                );
            }
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let mut all = events(world, scenario, &following);
    all.append(&mut scenario.events);
    all.sort_by_key(|e| e.point);
    scenario.events = all;
    Ok(())
}
