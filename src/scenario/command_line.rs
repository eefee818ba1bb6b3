//! Changes given on the command line (`--set PATH=VALUE`, `--start DATE`, `--end DATE`) as extra
//! scenario layers, applied after the file chain. They pass through the same resolver as a
//! scenario file, so every check applies (unknown path with a suggestion, limits, influence
//! totals, dates); errors name the argument instead of a file and line.

use serde::Deserialize;

use super::Layer;
use crate::calendar::Date;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::schema::{ParamSpec, RunTable, ScenarioFile};

/// Overrides and run dates given as arguments, in the order given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// `PATH=VALUE` assignments; VALUE is a number or a TOML inline table as in `[override]`.
    pub set: Vec<String>,
    /// First date of the run (`YYYY-MM-DD`).
    pub start: Option<String>,
    /// Last date of the run (`YYYY-MM-DD`).
    pub end: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueOf<T> {
    v: T,
}

impl CommandLine {
    /// Whether nothing was given.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty() && self.start.is_none() && self.end.is_none()
    }

    /// The arguments as they would be typed (`--set a=1`, `--start 2026-01-01`), for provenance.
    pub fn arguments(&self) -> Vec<String> {
        let mut out: Vec<String> = self.set.iter().map(|s| format!("--set {s}")).collect();
        out.extend(self.start.iter().map(|d| format!("--start {d}")));
        out.extend(self.end.iter().map(|d| format!("--end {d}")));
        out
    }

    /// Reads back what [`CommandLine::arguments`] wrote (from a part file's header).
    pub fn from_arguments(args: &[String]) -> Option<CommandLine> {
        let mut c = CommandLine::default();
        for a in args {
            if let Some(s) = a.strip_prefix("--set ") {
                c.set.push(s.to_string());
            } else if let Some(d) = a.strip_prefix("--start ") {
                c.start = Some(d.to_string());
            } else if let Some(d) = a.strip_prefix("--end ") {
                c.end = Some(d.to_string());
            } else {
                return None;
            }
        }
        Some(c)
    }

    /// One scenario layer per argument, in order; a malformed argument is an error naming it.
    pub fn layers(&self) -> Result<Vec<Layer>, Diagnostics> {
        let mut layers = Vec::new();
        let mut errors = Vec::new();
        for arg in &self.set {
            match set_layer(arg) {
                Ok(l) => layers.push(l),
                Err(d) => errors.push(d),
            }
        }
        for (flag, date) in [("--start", &self.start), ("--end", &self.end)] {
            if let Some(text) = date {
                match date_layer(flag, text) {
                    Ok(l) => layers.push(l),
                    Err(d) => errors.push(d),
                }
            }
        }
        if errors.is_empty() {
            Ok(layers)
        } else {
            Err(Diagnostics(errors))
        }
    }
}

/// Whether a diagnostic is about a command-line argument rather than a file.
pub fn is_argument(d: &Diagnostic) -> bool {
    d.file.starts_with("--")
}

/// Diagnostics about arguments say which argument, without a file position: the argument is
/// the whole "file", so a line and column would only distract.
pub fn name_arguments(mut d: Diagnostics) -> Diagnostics {
    for x in &mut d.0 {
        if is_argument(x) {
            x.snippet = None;
        }
    }
    d
}

fn value<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    toml::from_str::<ValueOf<T>>(&format!("v = {text}"))
        .map(|v| v.v)
        .map_err(|e| e.message().trim().to_string())
}

fn set_layer(arg: &str) -> Result<Layer, Diagnostic> {
    let name = format!("--set {arg}");
    let Some((path, text)) = arg.split_once('=') else {
        return Err(Diagnostic::file(name, "expected PATH=VALUE").with_help(
            "e.g. --set russia.commitments=0.4 (`steppe list --params` shows every path)",
        ));
    };
    let (path_trim, text_trim) = (path.trim(), text.trim());
    if path_trim.is_empty() || text_trim.is_empty() {
        return Err(
            Diagnostic::file(name, "expected PATH=VALUE with both parts")
                .with_help("e.g. --set russia.commitments=0.4"),
        );
    }
    let spec: ParamSpec = value(text_trim).map_err(|m| {
        Diagnostic::file(name.clone(), format!("`{text_trim}` is not a parameter value: {m}"))
            .with_help("a number (--set russia.commitments=0.4) or a table (--set 'russia.commitments={value=0.4,low=0.3,high=0.5}')")
    })?;
    let key_start = path.len() - path.trim_start().len();
    let value_start = path.len() + 1 + (text.len() - text.trim_start().len());
    let mut file = ScenarioFile::default();
    file.overrides.insert(
        toml::Spanned::new(
            key_start..key_start + path_trim.len(),
            path_trim.to_string(),
        ),
        toml::Spanned::new(value_start..value_start + text_trim.len(), spec),
    );
    Ok(Layer {
        source: Source::new(name, arg),
        file,
    })
}

fn date_layer(flag: &str, text: &str) -> Result<Layer, Diagnostic> {
    let name = format!("{flag} {text}");
    let date: Date = value(text.trim()).map_err(|m| {
        Diagnostic::file(name.clone(), format!("`{text}` is not a date: {m}"))
            .with_help("write a date as YYYY-MM-DD, e.g. 2030-01-01")
    })?;
    let spanned = Some(toml::Spanned::new(0..text.len(), date));
    let run = if flag == "--start" {
        RunTable {
            start: spanned,
            ..RunTable::default()
        }
    } else {
        RunTable {
            end: spanned,
            ..RunTable::default()
        }
    };
    Ok(Layer {
        source: Source::new(name, text),
        file: ScenarioFile {
            run,
            ..ScenarioFile::default()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_round_trip() {
        let c = CommandLine {
            set: vec!["a.b=0.4".into(), "c={value=1,low=0,high=2}".into()],
            start: Some("2026-01-01".into()),
            end: None,
        };
        assert_eq!(CommandLine::from_arguments(&c.arguments()), Some(c));
    }

    #[test]
    fn layers_read_numbers_tables_and_dates() {
        let c = CommandLine {
            set: vec![
                "russia.commitments = 0.4".into(),
                "x={value=1,low=0,high=2}".into(),
            ],
            start: Some("2026-01-01".into()),
            end: Some("2030-01-01".into()),
        };
        let layers = c.layers().unwrap();
        assert_eq!(layers.len(), 4);
        let (k, v) = layers[0].file.overrides.iter().next().unwrap();
        assert_eq!(k.get_ref(), "russia.commitments");
        assert_eq!(&layers[0].source.text[k.span()], "russia.commitments");
        assert_eq!(v.get_ref().value, 0.4);
        assert_eq!(&layers[0].source.text[v.span()], "0.4");
        assert!(layers[2].file.run.start.is_some());
        assert!(layers[3].file.run.end.is_some());
    }

    #[test]
    fn malformed_arguments_are_named() {
        for bad in [
            "nothing",
            "=1",
            "a=",
            "a=abc",
            "a=nan",
            "a={value=1,low=2,high=3}",
        ] {
            let c = CommandLine {
                set: vec![bad.into()],
                ..CommandLine::default()
            };
            let e = c.layers().unwrap_err();
            assert_eq!(e.0[0].file, format!("--set {bad}"), "{bad}");
        }
        let c = CommandLine {
            end: Some("2030-13-01".into()),
            ..CommandLine::default()
        };
        assert_eq!(c.layers().unwrap_err().0[0].file, "--end 2030-13-01");
    }
}
