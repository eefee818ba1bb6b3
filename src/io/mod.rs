//! The file layer: reading inputs ([`load`]) and writing results ([`output`]). Everything that
//! touches the disk, and nothing else: it computes nothing.

pub mod load;
pub mod output;
