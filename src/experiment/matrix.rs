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
pub(super) fn read(
    src: &Source,
    factors: &[Factor],
    layout: RowLayout,
) -> Result<Vec<f64>, Diagnostics> {
    let k = factors.len();
    let mut values = Vec::new();
    let mut order: Option<Vec<usize>> = None;
    let mut errors = Vec::new();
    let mut offset = 0;
    let mut rows = 0usize;
    let mut first_line = true;
    let mut row_lines: Vec<std::ops::Range<usize>> = Vec::new();
    for raw in src.text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let at = offset;
        offset += raw.len();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
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
        if f.len() != k {
            // Too many: point at the first extra value; too few: at the whole line.
            let span = if f.len() > k {
                f[k].1.clone()
            } else {
                at..at + line.len()
            };
            errors.push(
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
                    names(factors, order.as_deref())
                )),
            );
            continue;
        }
        let mut row = vec![0.0; k];
        for (c, (text, span)) in f.iter().enumerate() {
            let j = order.as_ref().map_or(c, |o| o[c]);
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
        values.extend(row);
        row_lines.push(at..at + line.len());
        rows += 1;
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    if rows == 0 {
        return Err(Diagnostic::at(src, 0..0, "the design matrix has no rows").into());
    }
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
                row_lines[rows - 1].clone(),
                format!("{rows} rows do not make whole blocks: with {k} parameters the layout needs {what}, at least two blocks"),
            )
            .into());
        }
    }
    if let RowLayout::Morris { levels } = layout {
        let x: Vec<&[f64]> = values.chunks_exact(k).collect();
        let y: Vec<f64> = (0..rows).map(|i| i as f64).collect();
        let opts = crate::sensitivity::MorrisOptions {
            levels,
            ..Default::default()
        };
        if let Err(crate::sensitivity::SensitivityError::NotATrajectory { trajectory, reason }) =
            crate::sensitivity::morris_indices(&x, &y, &opts)
        {
            return Err(Diagnostic::at(
                src,
                row_lines[trajectory * (k + 1)].clone(),
                format!(
                    "trajectory {} (from this row) is not a Morris trajectory: {reason}",
                    trajectory + 1
                ),
            )
            .into());
        }
    }
    Ok(values)
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
