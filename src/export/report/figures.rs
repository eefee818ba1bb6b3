//! The figures, inlined as SVG, each in a `<figure>` with a caption and a text alternative that
//! says what the figure shows in numbers: every panel's lines from start to end and, for
//! ensembles, the 5-95\u{a0}% range at the end.

use std::fmt::Write as _;

use super::View;
use super::html::{esc, id_part, inline_svg, share, signed};
use crate::export::{ExportError, figures_of};
use crate::plot::{Figure, render_svg_string};

/// A number as the figure's axis reads it: signed for differences, a plain share otherwise.
fn value(figure: &Figure, x: f64) -> String {
    if figure.zero_line {
        signed(x)
    } else {
        share(x)
    }
}

/// The first and last year of the figure's time axis.
fn years(figure: &Figure) -> (i64, i64) {
    let first = figure.x.first().copied().unwrap_or(0.0);
    let last = figure.x.last().copied().unwrap_or(first);
    (first.floor() as i64, last.floor() as i64)
}

/// The figure in words: what is plotted, then each panel's lines from start to end, with the
/// 5-95\u{a0}% range at the end when the lines summarise members.
pub fn text_alternative(figure: &Figure) -> String {
    let (from, to) = years(figure);
    let mut out = format!("{} from {from} to {to}. ", figure.y_label);
    let banded = figure
        .panels
        .iter()
        .flat_map(|p| &p.series)
        .any(|s| !s.bands.is_empty());
    if banded {
        out.push_str(
            "Lines are medians over members; ranges are the 5-95\u{a0}% of members at the end. ",
        );
    }
    for panel in &figure.panels {
        let lines: Vec<String> = panel
            .series
            .iter()
            // The baseline's own difference from itself is zero throughout: nothing to say.
            .filter(|s| {
                !(figure.zero_line && s.bands.is_empty() && s.values.iter().all(|v| *v == 0.0))
            })
            .map(|s| {
                let first = s.values.first().copied().unwrap_or(f64::NAN);
                let last = s.values.last().copied().unwrap_or(f64::NAN);
                let mut t = format!(
                    "{} {} to {}",
                    s.label,
                    value(figure, first),
                    value(figure, last)
                );
                let widest = s
                    .bands
                    .iter()
                    .filter_map(|b| Some((*b.low.last()?, *b.high.last()?)))
                    .fold(None, |w: Option<(f64, f64)>, (lo, hi)| match w {
                        Some((a, b)) if b - a >= hi - lo => Some((a, b)),
                        _ => Some((lo, hi)),
                    });
                if let Some((lo, hi)) = widest {
                    let _ = write!(t, " (range {} to {})", value(figure, lo), value(figure, hi));
                }
                t
            })
            .collect();
        let _ = write!(out, "{}: {}. ", panel.title, lines.join("; "));
    }
    if !figure.events.is_empty() {
        out.push_str("Vertical lines mark the events of the timeline.");
    }
    out.trim_end().to_string()
}

/// The section: every figure of the result, numbered, in the order the figures are written.
pub fn section(view: &View) -> Result<String, ExportError> {
    let mut out = String::from(
        "<section id=\"figures\" aria-labelledby=\"figures-h\">\n<h2 id=\"figures-h\">Figures</h2>\n",
    );
    for (n, (stem, figure)) in figures_of(view.results).iter().enumerate() {
        let svg = render_svg_string(figure).map_err(|source| ExportError::Plot {
            stem: stem.clone(),
            source,
        })?;
        let id = format!("fig-{}", id_part(stem));
        let text = text_alternative(figure);
        let _ = write!(
            out,
            "<figure id=\"{id}\" aria-labelledby=\"{id}-caption\">\n{}<figcaption id=\"{id}-caption\"><p><strong>Figure {}.</strong> {}</p><p class=\"note\">{}</p></figcaption>\n</figure>\n",
            inline_svg(&svg, &format!("{id}-svg"), &figure.title, &text),
            n + 1,
            esc(&figure.title),
            esc(&text),
        );
    }
    out.push_str("</section>\n");
    Ok(out)
}
