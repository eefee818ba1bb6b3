//! Wrapping captions at phrase boundaries, so that a footer never breaks inside a file path, a
//! hash or between a label and its value when a coarser break would do.

/// Break opportunities, most significant first: " | " sections, list items (", " and "; ")
/// outside parentheses, spaces outside parentheses, any space.
const LEVELS: usize = 4;

/// One piece of a line split at some level, with what joins it to the next piece on the same
/// line and what stays at the end of a line that breaks after it.
struct Piece<'a> {
    text: &'a str,
    join: &'static str,
    keep: &'static str,
}

/// Splits `text` into lines no wider than `max_width` as measured by `width`.
///
/// Each line is filled greedily with the pieces of the most significant boundary: first whole
/// " | " sections; a section too wide for a line is broken at list separators (", ", "; ")
/// outside parentheses, then at spaces outside parentheses, and only then at spaces inside
/// them. A run of characters without a space (a path, a hash) is never cut: one wider than a
/// line gets a line of its own. Newlines in `text` always break. A line broken at " | " drops
/// the bar; one broken after a list item keeps its comma or semicolon.
pub fn wrap_caption(text: &str, max_width: f64, width: &dyn Fn(&str) -> f64) -> Vec<String> {
    text.lines()
        .flat_map(|para| wrap_level(para.trim(), 0, max_width, width))
        .collect()
}

fn wrap_level(text: &str, level: usize, max: f64, width: &dyn Fn(&str) -> f64) -> Vec<String> {
    if level >= LEVELS || width(text) <= max {
        return vec![text.to_string()];
    }
    let pieces = split(text, level);
    if pieces.len() < 2 {
        return wrap_level(text, level + 1, max, width);
    }
    let mut lines = Vec::new();
    let mut cur = String::new();
    let (mut join, mut keep) = ("", "");
    for p in pieces {
        let candidate = if cur.is_empty() {
            p.text.to_string()
        } else {
            format!("{cur}{join}{}", p.text)
        };
        if width(&candidate) <= max {
            cur = candidate;
        } else {
            if !cur.is_empty() {
                lines.push(format!("{cur}{keep}"));
            }
            let mut sub = wrap_level(p.text, level + 1, max, width);
            cur = sub.pop().unwrap_or_default();
            lines.extend(sub);
        }
        (join, keep) = (p.join, p.keep);
    }
    lines.push(cur);
    lines
}

/// The pieces of `text` at a level (one piece when it has no boundary of that level).
fn split(text: &str, level: usize) -> Vec<Piece<'_>> {
    let seps: &[(&str, &str)] = match level {
        0 => &[(" | ", "")],
        1 => &[(", ", ","), ("; ", ";")],
        _ => &[(" ", "")],
    };
    let outside_only = level < 3;
    let mut pieces = Vec::new();
    let (mut depth, mut start, mut i) = (0i32, 0, 0);
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if !text.is_char_boundary(i) {
            i += 1;
            continue;
        }
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = (depth - 1).max(0),
            _ => {}
        }
        let sep = seps
            .iter()
            .find(|(s, _)| text[i..].starts_with(s) && (depth == 0 || !outside_only));
        match sep {
            Some(&(s, keep)) if i > start => {
                pieces.push(Piece {
                    text: &text[start..i],
                    join: s,
                    keep,
                });
                i += s.len();
                start = i;
            }
            _ => i += 1,
        }
    }
    pieces.push(Piece {
        text: &text[start..],
        join: "",
        keep: "",
    });
    pieces.retain(|p| !p.text.trim().is_empty());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> f64 {
        s.chars().count() as f64
    }

    #[test]
    fn sections_stay_whole_when_they_fit() {
        let text = "scenarios/baseline.toml (sha256 b3ba6bdf0f42, all inputs a62827cc55d2) | seed 20250101 | steppe 0.1.0";
        let lines = wrap_caption(text, 80.0, &chars);
        assert_eq!(
            lines,
            [
                "scenarios/baseline.toml (sha256 b3ba6bdf0f42, all inputs a62827cc55d2)",
                "seed 20250101 | steppe 0.1.0"
            ]
        );
        assert_eq!(wrap_caption(text, 500.0, &chars), [text]);
    }

    #[test]
    fn lists_break_after_their_commas() {
        let text = "a.toml (1234), b.toml (5678), c.toml (9abc) | seed 1";
        assert_eq!(
            wrap_caption(text, 30.0, &chars),
            ["a.toml (1234), b.toml (5678),", "c.toml (9abc) | seed 1"]
        );
    }

    #[test]
    fn a_long_word_is_never_cut() {
        let path = "scenarios/a/very/deep/folder/with-a-long-scenario-name.toml";
        let text = format!("file {path} (sha256 0123456789abcdef) | seed 7");
        let lines = wrap_caption(&text, 20.0, &chars);
        assert!(lines.iter().any(|l| l == path), "{lines:?}");
        for l in &lines {
            assert!(chars(l) <= 20.0 || l == path, "{l:?}");
            assert!(!l.starts_with('|') && !l.ends_with('|'), "{l:?}");
        }
    }
}
