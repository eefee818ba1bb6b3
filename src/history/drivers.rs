//! Driver histories: dated values of every driver, in the driver's own unit, read linearly
//! between points (measured averages) or as steps (indices moved by dated events).

use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::params::Grade;
use crate::schema::{DriverHistoryFile, DriverSeriesSpec, HistoryPointSpec, Interpolation};
use crate::world::{Driver, World};

/// One dated value.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// Its date.
    pub date: Date,
    /// Central value.
    pub value: f64,
    /// Low end of its range.
    pub low: f64,
    /// High end of its range.
    pub high: f64,
    /// What it represents.
    pub note: String,
}

/// The history of one driver.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Index of the driver in the world.
    pub driver: usize,
    /// How values between points are read.
    pub interpolation: Interpolation,
    /// Evidence grade of the series.
    pub grade: Option<Grade>,
    /// The points, in strictly increasing date order.
    pub points: Vec<Point>,
}

impl Series {
    /// The central value at `date`: interpolated by days between the points around it
    /// (linear), or the last point on or before it (step). Before the first point, the first
    /// value; after the last, the last.
    pub fn value_at(&self, date: Date) -> f64 {
        let p = &self.points;
        let after = p.partition_point(|q| q.date <= date);
        if after == 0 {
            return p[0].value;
        }
        let a = &p[after - 1];
        if after == p.len() || a.date == date {
            return a.value;
        }
        match self.interpolation {
            Interpolation::Step => a.value,
            Interpolation::Linear => {
                let b = &p[after];
                let (da, db, d) = (a.date.day_number(), b.date.day_number(), date.day_number());
                let f = (d - da) as f64 / (db - da) as f64;
                a.value + (b.value - a.value) * f
            }
        }
    }

    /// Date of the first point.
    pub fn first(&self) -> Date {
        self.points[0].date
    }

    /// Date of the last point.
    pub fn last(&self) -> Date {
        self.points[self.points.len() - 1].date
    }
}

/// The driver histories of a world.
#[derive(Debug, Clone, PartialEq)]
pub struct DriverHistory {
    /// The file they come from, as shown to users.
    pub file: String,
    /// One series per driver that has a history, in file order.
    pub series: Vec<Series>,
}

impl DriverHistory {
    /// The history of driver `k`, if it has one.
    pub fn of(&self, k: usize) -> Option<&Series> {
        self.series.iter().find(|s| s.driver == k)
    }
}

/// Resolves driver histories against their world: every driver must exist and have at most one
/// series, whose unit is the driver's; dates must strictly increase (no duplicate date); values
/// and ranges must lie within the driver's limits.
pub fn resolve(
    world: &World,
    source: &Source,
    file: &DriverHistoryFile,
) -> Result<DriverHistory, Diagnostics> {
    let mut errors = Vec::new();
    let mut series: Vec<Series> = Vec::new();
    for spec in &file.series {
        let k = match driver_of(world, source, spec, &series) {
            Ok(k) => k,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let before = errors.len();
        let points = points(source, &world.drivers[k], spec, &mut errors);
        if errors.len() == before {
            series.push(Series {
                driver: k,
                interpolation: spec.interpolation,
                grade: spec.grade,
                points,
            });
        }
    }
    if errors.is_empty() {
        Ok(DriverHistory {
            file: source.name.clone(),
            series,
        })
    } else {
        Err(Diagnostics(errors))
    }
}

/// The index of the driver a series is the history of: a known driver without an earlier
/// series, in the driver's own unit, with at least one point.
fn driver_of(
    world: &World,
    source: &Source,
    spec: &DriverSeriesSpec,
    earlier: &[Series],
) -> Result<usize, Diagnostic> {
    let id = spec.driver.get_ref();
    let Some(k) = world.driver(id) else {
        return Err(
            Diagnostic::at(source, spec.driver.span(), format!("unknown driver `{id}`"))
                .suggest(id, world.drivers.iter().map(|d| d.id.as_str()))
                .with_help_if_none("drivers are the `[[driver]]` tables of the world file"),
        );
    };
    let driver = &world.drivers[k];
    if earlier.iter().any(|s| s.driver == k) {
        return Err(Diagnostic::at(
            source,
            spec.driver.span(),
            format!("`{id}` has a second history; give each driver one `[[series]]`"),
        ));
    }
    if spec.unit.get_ref() != &driver.unit {
        return Err(Diagnostic::at(
            source,
            spec.unit.span(),
            format!(
                "unit `{}` does not match the driver's unit `{}` in the world file",
                spec.unit.get_ref(),
                driver.unit
            ),
        )
        .with_help("give the history in the driver's own unit (convert the values)"));
    }
    if spec.points.is_empty() {
        return Err(Diagnostic::at(
            source,
            spec.driver.span(),
            format!("the history of `{id}` has no points"),
        ));
    }
    Ok(k)
}

/// The series' points in strictly increasing date order; a duplicate or out-of-order date, a
/// one-sided range, or a value outside its range or the driver's limits is an error.
fn points(
    source: &Source,
    driver: &Driver,
    spec: &DriverSeriesSpec,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Point> {
    let id = spec.driver.get_ref();
    let mut points: Vec<Point> = Vec::new();
    for p in &spec.points {
        let date = *p.date.get_ref();
        if let Some(prev) = points.last()
            && let Err(e) = in_order(source, id, p, prev.date)
        {
            errors.push(e);
            continue;
        }
        let value = p.value.0;
        let (low, high) = match (p.low, p.high) {
            (Some(l), Some(h)) => (l.0, h.0),
            (None, None) => (value, value),
            _ => {
                errors.push(Diagnostic::at(
                    source,
                    p.date.span(),
                    "give both `low` and `high`, or neither",
                ));
                continue;
            }
        };
        errors.extend(check_value(source, id, driver, p, (low, high)));
        points.push(Point {
            date,
            value,
            low,
            high,
            note: p.note.clone(),
        });
    }
    points
}

/// A point's date must come strictly after the previous point's.
fn in_order(source: &Source, id: &str, p: &HistoryPointSpec, prev: Date) -> Result<(), Diagnostic> {
    let date = *p.date.get_ref();
    if date == prev {
        return Err(Diagnostic::at(
            source,
            p.date.span(),
            format!("duplicate date {date} in the history of `{id}`"),
        ));
    }
    if date < prev {
        return Err(Diagnostic::at(
            source,
            p.date.span(),
            format!("dates out of order in the history of `{id}`: {date} comes after {prev}"),
        ));
    }
    Ok(())
}

/// A point's value must lie within its own range, and the value and range within the driver's
/// limits; the errors found (none, one or both).
fn check_value(
    source: &Source,
    id: &str,
    driver: &Driver,
    p: &HistoryPointSpec,
    (low, high): (f64, f64),
) -> Vec<Diagnostic> {
    let (date, value) = (*p.date.get_ref(), p.value.0);
    let mut errors = Vec::new();
    if !(low <= value && value <= high) {
        errors.push(Diagnostic::at(
            source,
            p.date.span(),
            format!("the point's value {value} lies outside its range [{low}, {high}]"),
        ));
    }
    if let Some(v) = [value, low, high]
        .into_iter()
        .find(|v| *v < driver.min || *v > driver.max)
    {
        errors.push(Diagnostic::at(
            source,
            p.date.span(),
            format!(
                "`{id}` must lie in [{}, {}]; the point on {date} has {v}",
                driver.min, driver.max
            ),
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn series(interpolation: Interpolation) -> Series {
        let point = |date, value| Point {
            date,
            value,
            low: value,
            high: value,
            note: String::new(),
        };
        Series {
            driver: 0,
            interpolation,
            grade: None,
            points: vec![point(d(2020, 1, 1), 10.0), point(d(2021, 1, 1), 20.0)],
        }
    }

    #[test]
    fn linear_histories_interpolate_by_days() {
        let s = series(Interpolation::Linear);
        assert_eq!(s.value_at(d(2019, 6, 1)), 10.0);
        assert_eq!(s.value_at(d(2020, 1, 1)), 10.0);
        // 2020 has 366 days; 1 July is day 182.
        assert!((s.value_at(d(2020, 7, 1)) - (10.0 + 10.0 * 182.0 / 366.0)).abs() < 1e-12);
        assert_eq!(s.value_at(d(2022, 1, 1)), 20.0);
    }

    #[test]
    fn step_histories_hold_until_the_next_point() {
        let s = series(Interpolation::Step);
        assert_eq!(s.value_at(d(2020, 12, 31)), 10.0);
        assert_eq!(s.value_at(d(2021, 1, 1)), 20.0);
    }
}
