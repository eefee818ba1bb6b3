//! Parameter samples that ensemble members draw from instead of the parameters' ranges (e.g. a
//! posterior written by `steppe calibrate`): one row per sample, so that members resampling rows
//! keep the correlations between parameters.

use crate::params::ParamId;

/// Samples of some parameters, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamSamples {
    /// The file they come from, as shown to users.
    pub file: String,
    /// The parameters sampled, in column order.
    pub params: Vec<ParamId>,
    /// Number of rows.
    pub rows: usize,
    /// `[row * params + column]`.
    pub values: Vec<f64>,
}

impl ParamSamples {
    /// The row a uniform number `u` in [0, 1) picks (every row equally likely).
    pub fn row(&self, u: f64) -> &[f64] {
        let k = self.params.len();
        let r = ((u * self.rows as f64) as usize).min(self.rows.saturating_sub(1));
        &self.values[r * k..(r + 1) * k]
    }

    /// Puts the row `u` picks into a member's world and scenario values; a parameter the
    /// scenario overrides (`overridden[param]`) keeps the scenario's own draw.
    pub fn apply(&self, u: f64, world: &mut [f64], scenario: &mut [f64], overridden: &[bool]) {
        if self.rows == 0 {
            return;
        }
        for (&id, &v) in self.params.iter().zip(self.row(u)) {
            world[id.ix()] = v;
            if !overridden[id.ix()] {
                scenario[id.ix()] = v;
            }
        }
    }
}
