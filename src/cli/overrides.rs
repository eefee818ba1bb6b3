//! `--set PATH=VALUE`, `--start DATE` and `--end DATE`: changes to the scenarios for one
//! command, shared by `run`, `compare` and `check`.

use clap::Args;

use steppe::scenario::CommandLine;

/// Changes applied after the scenario files, as one more layer of the `extends` chain.
#[derive(Debug, Clone, Default, Args)]
pub struct OverrideArgs {
    /// Override a parameter, as in a scenario's [override] (repeatable): PATH=VALUE, e.g.
    /// russia.commitments=0.4 or 'russia.commitments={value=0.4,low=0.3,high=0.5}'.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
    /// First date of the run (YYYY-MM-DD), instead of the scenario's.
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,
    /// Last date of the run (YYYY-MM-DD), instead of the scenario's.
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,
}

impl OverrideArgs {
    /// The changes, for the loader.
    pub fn command_line(&self) -> CommandLine {
        CommandLine {
            set: self.set.clone(),
            start: self.start.clone(),
            end: self.end.clone(),
        }
    }
}
