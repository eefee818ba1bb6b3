//! Calendar dates and the step grid a run advances over (quarterly or monthly).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (day precision). The engine works in whole months; the day only matters in
/// deciding which step an event falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2025.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
    /// Day of month, 1-31.
    pub day: u32,
}

impl Date {
    /// A date, if it exists in the Gregorian calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Months since year 0, a convenient linear index.
    pub fn month_index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    /// The first day of the month with the given month index.
    pub fn from_month_index(index: i64) -> Date {
        Date {
            year: index.div_euclid(12) as i32,
            month: index.rem_euclid(12) as u32 + 1,
            day: 1,
        }
    }

    /// Days since 1 January 1970 in the proleptic Gregorian calendar, for intervals between dates.
    pub fn day_number(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date as a fractional year (1 April 2025 is 2025.25), used on plot axes.
    pub fn fractional_year(self) -> f64 {
        self.year as f64 + (self.month as f64 - 1.0) / 12.0 + (self.day as f64 - 1.0) / 365.25
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    /// Accepts a TOML local date (`2025-01-01`, unquoted).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let dt = toml::value::Datetime::deserialize(d)?;
        match (dt.date, dt.time, dt.offset) {
            (Some(date), None, None) => {
                Date::new(date.year as i32, date.month as u32, date.day as u32)
                    .ok_or_else(|| D::Error::custom("not a valid calendar date"))
            }
            _ => Err(D::Error::custom(
                "expected a plain date like 2025-01-01 (no time of day)",
            )),
        }
    }
}

/// How long one step of the engine is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StepLength {
    /// Three months (the default).
    #[default]
    Quarter,
    /// One month.
    Month,
}

impl StepLength {
    /// Months per step.
    pub fn months(self) -> i64 {
        match self {
            StepLength::Quarter => 3,
            StepLength::Month => 1,
        }
    }

    /// Years per step, the `dt` of the model's equations.
    pub fn years(self) -> f64 {
        self.months() as f64 / 12.0
    }
}

/// The grid of dates a run visits: point 0 is the start, point `steps` the last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Calendar {
    /// First day of the start month.
    pub start: Date,
    /// Step length.
    pub step: StepLength,
    /// Number of steps; the grid has `steps + 1` points.
    pub steps: usize,
}

impl Calendar {
    /// The grid from the month of `start` up to the last grid point on or before `end`.
    /// Returns `None` if `end` is not after `start` by at least one step.
    pub fn new(start: Date, end: Date, step: StepLength) -> Option<Calendar> {
        let months = end.month_index() - start.month_index();
        let steps = months / step.months();
        (steps >= 1).then_some(Calendar {
            start: Date::from_month_index(start.month_index()),
            step,
            steps: steps as usize,
        })
    }

    /// Number of grid points (steps + 1).
    pub fn points(&self) -> usize {
        self.steps + 1
    }

    /// The date of grid point `i`.
    pub fn date(&self, i: usize) -> Date {
        Date::from_month_index(self.start.month_index() + i as i64 * self.step.months())
    }

    /// The last date of the grid.
    pub fn end(&self) -> Date {
        self.date(self.steps)
    }

    /// Years per step.
    pub fn dt(&self) -> f64 {
        self.step.years()
    }

    /// The first grid point on or after `date` (events take effect there), or `None` when the
    /// date is after the end of the run.
    pub fn point_on_or_after(&self, date: Date) -> Option<usize> {
        let months = date.month_index() - self.start.month_index() + i64::from(date.day > 1);
        let point = if months <= 0 {
            0
        } else {
            (months + self.step.months() - 1) / self.step.months()
        };
        (point as usize <= self.steps).then_some(point as usize)
    }

    /// The grid point whose date is nearest to `date` at or before it (for "value at a date").
    pub fn point_at_or_before(&self, date: Date) -> usize {
        let months = date.month_index() - self.start.month_index();
        (months.max(0) / self.step.months()).min(self.steps as i64) as usize
    }

    /// Fractional years of every grid point, for plot axes.
    pub fn fractional_years(&self) -> Vec<f64> {
        (0..self.points())
            .map(|i| self.date(i).fractional_year())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarterly_grid() {
        let c = Calendar::new(
            Date::new(2025, 1, 1).unwrap(),
            Date::new(2035, 1, 1).unwrap(),
            StepLength::Quarter,
        )
        .unwrap();
        assert_eq!(c.steps, 40);
        assert_eq!(c.date(1), Date::new(2025, 4, 1).unwrap());
        assert_eq!(c.end(), Date::new(2035, 1, 1).unwrap());
        assert_eq!(
            c.point_on_or_after(Date::new(2025, 2, 15).unwrap()),
            Some(1)
        );
        assert_eq!(c.point_on_or_after(Date::new(2025, 4, 1).unwrap()), Some(1));
        assert_eq!(c.point_on_or_after(Date::new(2040, 1, 1).unwrap()), None);
    }

    #[test]
    fn day_numbers_count_days() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().day_number(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().day_number(), 11_017);
        let a = Date::new(2024, 2, 28).unwrap().day_number();
        assert_eq!(Date::new(2024, 3, 1).unwrap().day_number() - a, 2);
        assert_eq!(Date::new(1969, 12, 31).unwrap().day_number(), -1);
    }

    #[test]
    fn rejects_bad_dates() {
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 13, 1).is_none());
    }
}
