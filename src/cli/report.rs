//! Printing diagnostics on stderr with codespan-reporting: the offending line with its span
//! underlined (columns right with tabs and wide characters), secondary labels, a help line, and
//! colour only when stderr is a terminal (and `NO_COLOR` is not set).

use std::io::IsTerminal;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::ColorChoice, termcolor::StandardStream};
use steppe::diag::Diagnostics;

/// Prints every diagnostic.
pub fn print(diagnostics: &Diagnostics) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let choice = if colour {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let stream = StandardStream::stderr(choice);
    let mut out = stream.lock();
    let config = term::Config::default();
    let mut files = SimpleFiles::new();
    for d in &diagnostics.0 {
        let mut report = match &d.snippet {
            Some(s) => {
                let id = files.add(d.file.clone(), s.text.clone());
                let mut labels = vec![Label::primary(id, s.span.clone())];
                labels.extend(
                    s.secondary
                        .iter()
                        .map(|(span, msg)| Label::secondary(id, span.clone()).with_message(msg)),
                );
                Report::error().with_message(&d.message).with_labels(labels)
            }
            None => Report::error().with_message(format!("{}: {}", d.file, d.message)),
        };
        if let Some(help) = &d.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        if term::emit(&mut out, &config, &files, &report).is_err() {
            // stderr is gone; nothing more can be said.
            return;
        }
    }
}
