//! Evaluating expectations: whether a metric lies above or below its bound, by a margin.

use crate::scenario::{Against, Direction, Expectation};

/// Whether `value` satisfies the expectation against `bound`.
pub fn holds(x: &Expectation, value: f64, bound: f64) -> bool {
    match x.direction {
        Direction::Above => value > bound + x.by,
        Direction::Below => value < bound - x.by,
    }
}

/// The expectation as a short phrase, e.g. `> baseline + 0.01` or `< 0.3`.
pub fn describe(x: &Expectation) -> String {
    let op = match x.direction {
        Direction::Above => ">",
        Direction::Below => "<",
    };
    let bound = match &x.against {
        Against::Value(v) => format!("{v}"),
        Against::Scenario(s) | Against::Metric(_, s) => s.clone(),
    };
    let margin = match (x.by, x.direction) {
        (0.0, _) => String::new(),
        (b, Direction::Above) => format!(" + {b}"),
        (b, Direction::Below) => format!(" - {b}"),
    };
    let prob = x.probability.map_or(String::new(), |p| {
        format!(" in >= {:.0} % of members", p * 100.0)
    });
    format!("{op} {bound}{margin}{prob}")
}
