//! steppe: a seeded, deterministic, agent-based simulator of great-power influence in Central Asia.
//!
//! The library core ([`schema`], [`world`], [`scenario`], [`model`], [`engine`], [`aggregate`],
//! [`summary`], [`figures`]) does no I/O; [`io`] reads and writes files, [`plot`] draws figures,
//! and [`cli`] is the command line.

pub mod aggregate;
pub mod calendar;
pub mod cli;
pub mod diag;
pub mod engine;
pub mod ensemble;
pub mod evidence;
pub mod expect;
pub mod figures;
pub mod io;
pub mod metric;
pub mod model;
pub mod params;
pub mod plot;
pub mod scenario;
pub mod schema;
pub mod sensitivity;
pub mod summary;
pub mod world;
