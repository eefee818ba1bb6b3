//! Reading a design matrix written by SALib (`np.savetxt`) or any other tool: one row per point,
//! one column per varied parameter in model units, separated by spaces, tabs or commas. Lines
//! starting with `#` and blank lines are skipped. An optional first line of parameter paths
//! names the columns (in any order). Every problem names the line and column.

use super::Factor;
use super::design::RowLayout;
use crate::diag::{Diagnostic, Diagnostics, Source};

/// A field of a line: its text and byte span in the file.
fn fields(line: &str, offset: usize) -> Vec<(&str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line
        .char_indices()
        .chain(std::iter::once((line.len(), ' ')))
    {
        let sep = c.is_whitespace() || c == ',' || c == ';';
        match (start, sep) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((&line[s..i], offset + s..offset + i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Reads the matrix; returns the values row-major in factor order.
///
/// The rows are parsed first (every problem in them reported together); then, for a Saltelli
/// or Morris layout, the rows must make whole blocks, and Morris blocks must be trajectories.
pub(super) fn read(
    src: &Source,
    factors: &[Factor],
    layout: RowLayout,
) -> Result<Vec<f64>, Diagnostics> {
    let k = factors.len();
    let Rows { values, lines } = rows(src, factors)?;
    if lines.is_empty() {
        return Err(Diagnostic::at(src, 0..0, "the design matrix has no rows").into());
    }
    check_blocks(src, layout, k, &lines)?;
    if let RowLayout::Morris { levels } = layout {
        check_trajectories(src, levels, k, &values, &lines)?;
    }
    Ok(values)
}

/// The parsed rows of a matrix.
struct Rows {
    /// The values, row-major in factor order.
    values: Vec<f64>,
    /// Each row's line in the file, where later checks point.
    lines: Vec<std::ops::Range<usize>>,
}

/// The lines that hold data (or the header), with their byte offsets: comments and blank lines
/// left out, line ends trimmed.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |raw| {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        (!trimmed.is_empty() && !trimmed.starts_with('#')).then_some((at, line))
    })
}

/// Every row of the matrix, after an optional header line (a first line with a field that is
/// not a number). Reading stops after 20 problems, which are returned together.
fn rows(src: &Source, factors: &[Factor]) -> Result<Rows, Diagnostics> {
    let k = factors.len();
    let mut out = Rows {
        values: Vec::new(),
        lines: Vec::new(),
    };
    let mut order: Option<Vec<usize>> = None;
    let mut errors = Vec::new();
    let mut first_line = true;
    for (at, line) in content_lines(&src.text) {
        let f = fields(line, at);
        if first_line {
            first_line = false;
            if f.iter()
                .any(|(t, _)| t.parse::<f64>().is_err() && !is_nan_word(t))
            {
                order = Some(header(src, &f, factors)?);
                continue;
            }
        }
        if errors.len() >= 20 {
            break;
        }
        let whole_line = at..at + line.len();
        if f.len() != k {
            errors.push(column_count_error(
                src,
                factors,
                order.as_deref(),
                &f,
                whole_line,
            ));
            continue;
        }
        let row = row(src, factors, order.as_deref(), &f, &mut errors);
        out.values.extend(row);
        out.lines.push(whole_line);
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(out)
}

/// A row with the wrong number of fields. Too many: points at the first extra value; too few:
/// at the whole line. The help lists the columns expected.
fn column_count_error(
    src: &Source,
    factors: &[Factor],
    order: Option<&[usize]>,
    f: &[(&str, std::ops::Range<usize>)],
    whole_line: std::ops::Range<usize>,
) -> Diagnostic {
    let k = factors.len();
    let span = if f.len() > k {
        f[k].1.clone()
    } else {
        whole_line
    };
    Diagnostic::at(
        src,
        span,
        format!(
            "expected {k} columns (one per varied parameter), found {}",
            f.len()
        ),
    )
    .with_help(format!(
        "the columns are, in order: {}",
        names(factors, order)
    ))
}

/// One row's values in factor order, each within its factor's range (a value just outside by
/// rounding is clamped in; one further out, or not a finite number, is a problem).
fn row(
    src: &Source,
    factors: &[Factor],
    order: Option<&[usize]>,
    f: &[(&str, std::ops::Range<usize>)],
    errors: &mut Vec<Diagnostic>,
) -> Vec<f64> {
    let mut row = vec![0.0; factors.len()];
    for (c, (text, span)) in f.iter().enumerate() {
        let j = order.map_or(c, |o| o[c]);
        let factor = &factors[j];
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                let slack = 1e-9 * (factor.high - factor.low);
                if v < factor.low - slack || v > factor.high + slack {
                    errors.push(Diagnostic::at(
                        src,
                        span.clone(),
                        format!(
                            "{v} is outside the range of `{}` in this experiment, [{}, {}]",
                            factor.path, factor.low, factor.high
                        ),
                    ).with_help("set the range in the experiment's [[vary]] (within the parameter's limits) or sample within it"));
                }
                row[j] = v.clamp(factor.low, factor.high);
            }
            _ => errors.push(Diagnostic::at(
                src,
                span.clone(),
                format!(
                    "`{text}` is not a finite number (column {}, `{}`)",
                    c + 1,
                    factor.path
                ),
            )),
        }
    }
    row
}

/// A Saltelli or Morris layout comes in blocks of rows (k + 2 or k + 1); the rows must make at
/// least two whole blocks for the analysis to mean anything.
fn check_blocks(
    src: &Source,
    layout: RowLayout,
    k: usize,
    lines: &[std::ops::Range<usize>],
) -> Result<(), Diagnostics> {
    let rows = lines.len();
    let block = match layout {
        RowLayout::Saltelli => Some((
            k + 2,
            "N·(k+2) rows in SALib's Saltelli layout (calc_second_order=False)",
        )),
        RowLayout::Morris { .. } => Some((k + 1, "r·(k+1) rows, one trajectory after another")),
        RowLayout::Plain => None,
    };
    if let Some((b, what)) = block {
        if rows % b != 0 || rows / b < 2 {
            return Err(Diagnostic::at(
                src,
                lines[rows - 1].clone(),
                format!("{rows} rows do not make whole blocks: with {k} parameters the layout needs {what}, at least two blocks"),
            )
            .into());
        }
    }
    Ok(())
}

/// Each Morris block must be a trajectory on the grid of `levels` (one factor moving per
/// step), as the Morris analysis will read it; the first that is not is reported at its first row.
fn check_trajectories(
    src: &Source,
    levels: usize,
    k: usize,
    values: &[f64],
    lines: &[std::ops::Range<usize>],
) -> Result<(), Diagnostics> {
    let x: Vec<&[f64]> = values.chunks_exact(k).collect();
    let y: Vec<f64> = (0..lines.len()).map(|i| i as f64).collect();
    let opts = crate::sensitivity::MorrisOptions {
        levels,
        ..Default::default()
    };
    if let Err(crate::sensitivity::SensitivityError::NotATrajectory { trajectory, reason }) =
        crate::sensitivity::morris_indices(&x, &y, &opts)
    {
        return Err(Diagnostic::at(
            src,
            lines[trajectory * (k + 1)].clone(),
            format!(
                "trajectory {} (from this row) is not a Morris trajectory: {reason}",
                trajectory + 1
            ),
        )
        .into());
    }
    Ok(())
}

fn is_nan_word(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    l.trim_start_matches(['+', '-']).starts_with("nan")
        || l.trim_start_matches(['+', '-']).starts_with("inf")
}

fn names(factors: &[Factor], order: Option<&[usize]>) -> String {
    let all: Vec<&str> = match order {
        Some(o) => o.iter().map(|&j| factors[j].path.as_str()).collect(),
        None => factors.iter().map(|f| f.path.as_str()).collect(),
    };
    if all.len() > 6 {
        format!("{}, ... ({} in all)", all[..6].join(", "), all.len())
    } else {
        all.join(", ")
    }
}

/// The column order named by a header line: `order[column] = factor`.
fn header(
    src: &Source,
    f: &[(&str, std::ops::Range<usize>)],
    factors: &[Factor],
) -> Result<Vec<usize>, Diagnostics> {
    let mut order = Vec::new();
    let mut errors = Vec::new();
    for (text, span) in f {
        let name = text.trim_matches('"');
        match factors.iter().position(|x| x.path == name) {
            Some(j) if order.contains(&j) => errors.push(Diagnostic::at(
                src,
                span.clone(),
                format!("column `{name}` is named twice"),
            )),
            Some(j) => order.push(j),
            None => errors.push(
                Diagnostic::at(
                    src,
                    span.clone(),
                    format!("column `{name}` is not a parameter varied by the experiment"),
                )
                .suggest(name, factors.iter().map(|x| x.path.as_str())),
            ),
        }
    }
    if errors.is_empty() && order.len() != factors.len() {
        let missing: Vec<&str> = factors
            .iter()
            .enumerate()
            .filter(|(j, _)| !order.contains(j))
            .map(|(_, x)| x.path.as_str())
            .take(5)
            .collect();
        errors.push(Diagnostic::at(
            src,
            f[0].1.start..f[f.len() - 1].1.end,
            format!("the header lacks columns for: {}", missing.join(", ")),
        ));
    }
    if errors.is_empty() {
        Ok(order)
    } else {
        Err(Diagnostics(errors))
    }
}
