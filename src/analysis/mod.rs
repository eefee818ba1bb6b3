//! Analysis of results: summaries, quantiles, comparison tables and expectation checks. It reads
//! [`crate::simulate::Results`] and never touches files.

pub mod attribution;
pub mod comparison;
pub mod expect;
pub mod summary;
pub mod sweep;
