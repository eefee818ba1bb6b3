//! The file layer: reading inputs, writing results. Everything that touches the disk.

pub mod compare_results;
pub mod ensemble_results;
pub mod load;
pub mod output;
pub mod results;
