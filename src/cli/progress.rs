//! A progress bar on stderr for long ensembles, only when stderr is a terminal.

use std::io::IsTerminal;
use std::sync::Arc;

use indicatif::{ProgressBar, ProgressStyle};
use steppe::simulate::RunSpec;

/// A bar counting `total` members, or `None` when quiet or stderr is not a terminal.
pub fn bar(total: u64, label: &str, quiet: bool) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() || total < 1000 {
        return None;
    }
    let bar = ProgressBar::new(total);
    let style =
        ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} members ({eta} left)")
            .map(|s| s.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_prefix(label.to_string());
    Some(bar)
}

/// The spec with a progress bar of `total` members attached (when one is shown), and the bar.
pub fn attach(
    mut spec: RunSpec,
    total: u64,
    label: &str,
    quiet: bool,
) -> (Option<ProgressBar>, RunSpec) {
    let bar = bar(total, label, quiet);
    if let Some(b) = &bar {
        let b = b.clone();
        spec.progress = Some(Arc::new(move |n| b.inc(n)));
    }
    (bar, spec)
}
