//! steppe: a seeded, deterministic, agent-based simulator of great-power influence in Central Asia.
pub mod calendar;
pub mod diag;
pub mod evidence;
pub mod metric;
pub mod model;
pub mod params;
pub mod plot;
pub mod scenario;
pub mod schema;
pub mod world;
