//! steppe: a seeded, deterministic, agent-based simulator of great-power influence in Central Asia.
pub mod plot;
