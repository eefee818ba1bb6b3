//! The model core: the compiled plan of a world and scenario, the variables of a run, and the
//! equations that advance them. No I/O happens here.

pub mod agent_plan;
pub mod equations;
pub mod exp;
pub mod lanes;
pub mod noise;
pub mod normal;
pub mod plan;
pub mod variables;

pub use plan::Plan;
pub use variables::Variables;
