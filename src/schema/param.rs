//! Numbers and uncertain parameters as written in TOML.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

use super::Name;
use crate::params::Grade;

/// A number that must be finite: TOML's `nan` and `inf` are rejected where they are written.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Finite(pub f64);

impl<'de> Deserialize<'de> for Finite {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if v.is_finite() {
            Ok(Finite(v))
        } else {
            Err(de::Error::custom(format!(
                "expected a finite number, found {v}"
            )))
        }
    }
}

/// A model parameter: a central value, a plausible range for ensembles, and its evidence.
///
/// Written either as a bare number (`0.4`, a fixed value with no range) or as a table
/// `{ value = 0.4, low = 0.3, high = 0.5, sources = ["C12", "F03"], grade = "claim", unit = "...", note = "..." }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSpec {
    /// Central value, used by single runs.
    pub value: f64,
    /// Lower end of the plausible range (equals `value` when no range is given).
    pub low: f64,
    /// Upper end of the plausible range (equals `value` when no range is given).
    pub high: f64,
    /// Whether a range was written (`low`/`high`), as opposed to a fixed value.
    pub has_range: bool,
    /// Claim ids (`C07`), fact ids (`F03`) or a short citation the value rests on.
    pub sources: Vec<Name>,
    /// Unit of the value, for display.
    pub unit: Option<String>,
    /// Free-text justification.
    pub note: Option<String>,
    /// How much we know: `fact`, `claim` or `judgement`.
    pub grade: Option<Grade>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParamTableForm {
    value: Finite,
    low: Option<Finite>,
    high: Option<Finite>,
    #[serde(default)]
    sources: Vec<Name>,
    unit: Option<String>,
    note: Option<String>,
    grade: Option<Grade>,
}

impl ParamSpec {
    /// A fixed value with no range and no sources (used for built-in defaults and tests).
    pub fn fixed(value: f64) -> Self {
        ParamSpec {
            value,
            low: value,
            high: value,
            has_range: false,
            sources: Vec::new(),
            unit: None,
            note: None,
            grade: None,
        }
    }

    fn from_table<E: de::Error>(t: ParamTableForm) -> Result<Self, E> {
        let value = t.value.0;
        let (low, high) = match (t.low, t.high) {
            (Some(l), Some(h)) => (l.0, h.0),
            (None, None) => (value, value),
            _ => return Err(E::custom("give both `low` and `high`, or neither")),
        };
        if low > high {
            return Err(E::custom(format!(
                "range is reversed: low ({low}) is greater than high ({high})"
            )));
        }
        if value < low || value > high {
            return Err(E::custom(format!(
                "value {value} lies outside its range [{low}, {high}]"
            )));
        }
        Ok(ParamSpec {
            value,
            low,
            high,
            has_range: t.low.is_some(),
            sources: t.sources,
            unit: t.unit,
            note: t.note,
            grade: t.grade,
        })
    }
}

impl<'de> Deserialize<'de> for ParamSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ParamVisitor;
        impl<'de> Visitor<'de> for ParamVisitor {
            type Value = ParamSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number or a table like { value = 0.4, low = 0.3, high = 0.5, sources = [\"C01\"] }")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ParamSpec, E> {
                if v.is_finite() {
                    Ok(ParamSpec::fixed(v))
                } else {
                    Err(E::custom(format!("expected a finite number, found {v}")))
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ParamSpec, E> {
                Ok(ParamSpec::fixed(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ParamSpec, E> {
                Ok(ParamSpec::fixed(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ParamSpec, A::Error> {
                let t = ParamTableForm::deserialize(de::value::MapAccessDeserializer::new(map))?;
                ParamSpec::from_table(t)
            }
        }
        d.deserialize_any(ParamVisitor)
    }
}
