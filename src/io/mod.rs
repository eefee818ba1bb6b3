//! The file layer: reading inputs ([`load`], [`history`]) and writing results ([`output`]). Everything that
//! touches the disk, and nothing else: it computes nothing.

pub mod history;
pub mod load;
pub mod output;
