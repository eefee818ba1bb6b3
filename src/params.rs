//! The parameter table: every number of a world, by path, with its range and evidence.
//!
//! The model reads parameters through [`ParamId`] indices resolved at load time, so the engine
//! never looks up a name while running. Scenarios override entries, events move them during a
//! run, and ensembles draw them from their ranges.

use std::collections::HashMap;

/// Index of a parameter in a [`ParamTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParamId(pub u32);

impl ParamId {
    /// The index as a `usize`, for slicing value vectors.
    #[inline]
    pub fn ix(self) -> usize {
        self.0 as usize
    }
}

/// What kind of number a parameter is, which fixes the values it may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A share or probability in [0, 1].
    Share,
    /// A share strictly below 1, e.g. commitments that may not absorb everything.
    Fraction,
    /// A non-negative quantity (resources, weights, rates).
    NonNegative,
    /// Any real number (elasticities, growth rates, drivers within their own limits).
    Real,
    /// An annual log growth rate, in [-1, 1] (from -63 % to +172 % a year).
    Growth,
    /// An elasticity or sensitivity, in [-10, 10].
    Elasticity,
    /// A contest exponent, in [0.2, 4].
    Exponent,
    /// A strictly positive duration in years.
    Years,
}

impl Kind {
    /// The smallest and largest values allowed.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Kind::Share => (0.0, 1.0),
            Kind::Fraction => (0.0, 0.99),
            Kind::NonNegative => (0.0, f64::INFINITY),
            Kind::Real => (f64::NEG_INFINITY, f64::INFINITY),
            Kind::Growth => (-1.0, 1.0),
            Kind::Elasticity => (-10.0, 10.0),
            Kind::Exponent => (0.2, 4.0),
            Kind::Years => (0.01, 1000.0),
        }
    }
}

/// How much we know about a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Grade {
    /// A measured number with a public source.
    Fact,
    /// An article states the direction; judgement sets the size.
    Claim,
    /// No source for the direction or the size.
    Judgement,
}

impl Grade {
    /// The grade as written in files and shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Fact => "fact",
            Grade::Claim => "claim",
            Grade::Judgement => "judgement",
        }
    }
}

/// One parameter: its value, plausible range, hard limits and the evidence behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Dotted path, e.g. `russia.commitments` or `kazakhstan.influence.security.china`.
    pub path: String,
    /// What the parameter means, in a few words.
    pub meaning: String,
    /// Central value.
    pub value: f64,
    /// Low end of the plausible range.
    pub low: f64,
    /// High end of the plausible range.
    pub high: f64,
    /// Smallest value the model accepts (values are clamped here during a run).
    pub min: f64,
    /// Largest value the model accepts.
    pub max: f64,
    /// Unit, for display.
    pub unit: String,
    /// Claim ids, fact ids or citations.
    pub sources: Vec<String>,
    /// Free-text justification.
    pub note: String,
    /// Where the value was last set: the world file or a scenario's override.
    pub origin: String,
    /// Whether the parameter only sets the initial state (events cannot move it).
    pub initial_only: bool,
    /// How much we know about the value, when the file says.
    pub grade: Option<Grade>,
}

impl Param {
    /// Whether ensembles draw this parameter (its range is not a single point).
    pub fn is_uncertain(&self) -> bool {
        self.high > self.low
    }
}

/// All parameters of a world, in a fixed order (the order draws are made in).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParamTable {
    params: Vec<Param>,
    index: HashMap<String, ParamId>,
}

impl ParamTable {
    /// Adds a parameter; returns `None` if the path is already taken.
    pub fn push(&mut self, param: Param) -> Option<ParamId> {
        if self.index.contains_key(&param.path) {
            return None;
        }
        let id = ParamId(self.params.len() as u32);
        self.index.insert(param.path.clone(), id);
        self.params.push(param);
        Some(id)
    }

    /// The parameter with this path.
    pub fn find(&self, path: &str) -> Option<ParamId> {
        self.index.get(path).copied()
    }

    /// The parameter with this id.
    pub fn get(&self, id: ParamId) -> &Param {
        &self.params[id.ix()]
    }

    /// Mutable access, for scenario overrides.
    pub fn get_mut(&mut self, id: ParamId) -> &mut Param {
        &mut self.params[id.ix()]
    }

    /// All parameters in order.
    pub fn iter(&self) -> impl Iterator<Item = &Param> {
        self.params.iter()
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// Every path, for suggestions.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.params.iter().map(|p| p.path.as_str())
    }

    /// The central values, indexed by [`ParamId`].
    pub fn central_values(&self) -> Vec<f64> {
        self.params.iter().map(|p| p.value).collect()
    }
}
