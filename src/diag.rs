//! Diagnostics: errors in user input that name the file, line and column, say what was expected
//! and, for a misspelt name, suggest the closest valid one.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// A source file's name (as the user should see it) and its text.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as given by the user, used in messages.
    pub name: String,
    /// The whole text of the file (shared: diagnostics keep it for their snippets).
    pub text: Arc<str>,
}

impl Source {
    /// A source from its display name and text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: Arc::from(text.into()),
        }
    }
}

/// The text a diagnostic points into, for printing the offending lines with their spans marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The whole file.
    pub text: Arc<str>,
    /// The byte span at fault (on character boundaries).
    pub span: Range<usize>,
    /// Other places worth showing, each with a short message.
    pub secondary: Vec<(Range<usize>, String)>,
}

/// A position in a file, 1-based, with the line's text for context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// The text of that line, for the snippet under the message.
    pub line_text: String,
    /// How many characters of the line to underline (at least 1).
    pub width: usize,
}

/// One problem in user input, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in.
    pub file: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// A hint, e.g. "did you mean `russia`?".
    pub help: Option<String>,
    /// The text around the place, when the problem has one.
    pub snippet: Option<Box<Snippet>>,
}

impl Diagnostic {
    /// A problem at a byte span of a source file.
    pub fn at(source: &Source, span: Range<usize>, message: impl Into<String>) -> Self {
        let text = &source.text;
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        Diagnostic {
            file: source.name.clone(),
            message: message.into(),
            help: None,
            snippet: Some(Box::new(Snippet {
                text: source.text.clone(),
                span: start..end,
                secondary: Vec::new(),
            })),
        }
    }

    /// Adds another place in the same file worth showing (e.g. the first definition of a name
    /// defined twice). Ignored for a problem without a place.
    pub fn with_label(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        if let Some(s) = &mut self.snippet {
            let start = floor_char_boundary(&s.text, span.start.min(s.text.len()));
            let end = floor_char_boundary(&s.text, span.end.clamp(start, s.text.len()));
            s.secondary.push((start..end, message.into()));
        }
        self
    }

    /// A problem with a file as a whole (missing, unreadable, a cycle through it).
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    /// Where in the file, when the problem has a place (a missing file has none).
    pub fn location(&self) -> Option<Location> {
        self.snippet
            .as_ref()
            .map(|s| locate(&s.text, s.span.clone()))
    }

    /// Adds a hint shown under the message.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint unless one is already there.
    pub fn with_help_if_none(self, help: &str) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }

    /// Adds "did you mean ...?" when a close match exists among `candidates`.
    pub fn suggest<'a>(self, name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match closest(name, candidates) {
            Some(best) => self.with_help(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    /// Turns a TOML error (syntax, wrong type, unknown key, failed validation) into a diagnostic.
    pub fn from_toml(source: &Source, err: &toml::de::Error) -> Self {
        let message = err.message().trim().to_string();
        let span = err.span().unwrap_or(0..0);
        let diag = Diagnostic::at(source, span, message.clone());
        // serde reports unknown keys as "unknown field `x`, expected one of `a`, `b`".
        if let Some(rest) = message.strip_prefix("unknown field `") {
            if let Some((name, expected)) = rest.split_once('`') {
                let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
                return diag.suggest(name, candidates);
            }
        }
        diag
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location() {
            Some(loc) => {
                writeln!(
                    f,
                    "{}:{}:{}: {}",
                    self.file, loc.line, loc.column, self.message
                )?;
                let gutter = loc.line.to_string().len();
                writeln!(f, "{:gutter$} |", "")?;
                writeln!(f, "{} | {}", loc.line, loc.line_text)?;
                write!(
                    f,
                    "{:gutter$} | {}{}",
                    "",
                    " ".repeat(loc.column.saturating_sub(1)),
                    "^".repeat(loc.width.max(1))
                )?;
            }
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Several diagnostics reported together (all the problems found in one pass).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "error: {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

/// Line and column (1-based) of the start of `span` in `text`.
pub fn locate(text: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let line_text = text[line_start..line_end]
        .trim_end_matches('\r')
        .to_string();
    let end = floor_char_boundary(text, span.end.clamp(start, line_end));
    let width = text[start..end].chars().count().max(1);
    Location {
        line,
        column,
        line_text,
        width,
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The candidate closest to `name`, if it is close enough to be a likely misspelling.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(lower.chars().count()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `n` and a noun in the right number: "1 member", "2 members", "0 events".
pub fn counted(n: impl Into<u64>, singular: &str, plural: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// The possessive of a label: "Russia's", "the United States'" (a label ending in s takes an
/// apostrophe alone).
pub fn possessive(label: &str) -> String {
    if label.ends_with('s') {
        format!("{label}'")
    } else {
        format!("{label}'s")
    }
}

/// The possessive as it reads inside a sentence: a plural name of several words takes the article
/// ("the United States'"), others do not ("Russia's").
pub fn possessive_in_sentence(label: &str) -> String {
    if label.ends_with('s') && label.contains(' ') {
        format!("the {}", possessive(label))
    } else {
        possessive(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_names_take_the_article_in_a_sentence() {
        assert_eq!(
            possessive_in_sentence("United States"),
            "the United States'"
        );
        assert_eq!(possessive_in_sentence("Russia"), "Russia's");
        assert_eq!(possessive("United States"), "United States'");
    }

    #[test]
    fn locates_line_and_column() {
        let loc = locate("a = 1\nbb = nan\n", 11..14);
        assert_eq!((loc.line, loc.column, loc.width), (2, 6, 3));
        assert_eq!(loc.line_text, "bb = nan");
    }

    #[test]
    fn suggests_close_names_only() {
        let names = ["russia", "china", "us"];
        assert_eq!(closest("rusia", names), Some("russia"));
        assert_eq!(closest("Chna", names), Some("china"));
        assert_eq!(closest("turkey", names), None);
    }
}
