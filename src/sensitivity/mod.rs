//! Sensitivity analysis: experimental designs and the analyses run on their outputs.
//!
//! This is the pure core behind issue 11 (BehaviorSpace / EMA Workbench / SALib-style analysis):
//! no I/O and no simulation. A caller builds a [`design::Design`] (points in the unit
//! hypercube), scales it to the factors' ranges, runs the model once per row, and hands the
//! outputs to an analysis:
//!
//! | question | design | analysis |
//! | --- | --- | --- |
//! | how much of the output variance does each factor explain? | [`design::saltelli_sobol`] | [`sobol_indices`] |
//! | which factors matter at all (cheap screening)? | [`design::morris_trajectories`] | [`morris_indices`] |
//! | what does each factor do alone, from the baseline? | [`OatDesign`] | [`tornado`] |
//! | where in factor space does an outcome of interest happen? | any, e.g. [`design::latin_hypercube`] | [`prim`] |
//! | which drawn parameters drove an existing ensemble? | the ensemble's draws | [`spearman`], [`prcc`], [`srrc`] |
//!
//! Sobol' and Morris follow SALib's estimators and SALib's row layouts, so designs and outputs
//! can be exchanged with SALib and its results reproduced (`tests/salib.rs` checks this).
//! Everything random is a pure function of a `u64` seed. Methods, formulas and references are in
//! `docs/SENSITIVITY.md`.

mod attribution;
pub mod design;
pub mod error;
mod morris;
mod oat;
mod prim;
mod rng;
mod sobol;
pub mod stats;

pub use attribution::{Driver, RankFit, prcc, rank_fits, spearman, srrc, top_drivers};
pub use error::{Result, SensitivityError};
pub use morris::{MorrisIndices, MorrisOptions, morris_indices};
pub use oat::{OatDesign, Tornado, TornadoBar, tornado};
pub use prim::{PrimObjective, PrimOptions, PrimResult, PrimStep, prim};
pub use sobol::{SobolIndices, SobolOptions, sobol_indices};
