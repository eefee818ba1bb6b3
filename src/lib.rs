//! steppe: a seeded, deterministic, agent-based simulator of great-power influence in Central Asia.
//!
//! The data flow is load → resolve → simulate → analyse → export:
//! - [`io::load`] reads world, evidence and scenario files ([`schema`]) and resolves them into a
//!   [`world::World`] and a [`scenario::Scenario`] (an [`inputs::Loaded`]);
//! - [`simulate`] runs them (through [`engine`], [`model`] and [`ensemble`]) as a [`simulate::RunSpec`]
//!   says and returns [`simulate::Results`];
//! - [`analysis`] summarises results (quantiles, comparison tables, expectations);
//! - [`export`] turns results into formats (CSV, JSON, Markdown, figures), which [`io::output`]
//!   writes to disk.
//!
//! Everything but [`io`] is free of I/O. The command line lives in the binary (`src/main.rs`).

pub mod analysis;
pub mod calendar;
pub mod calibrate;
pub mod diag;
pub mod engine;
pub mod ensemble;
pub mod evidence;
pub mod experiment;
pub mod export;
pub mod figures;
pub mod history;
pub mod inputs;
pub mod io;
pub mod metric;
pub mod model;
pub mod params;
pub mod part_frame;
pub mod plot;
pub mod provenance;
pub mod scenario;
pub mod schema;
pub mod sensitivity;
pub mod simulate;
pub mod world;
