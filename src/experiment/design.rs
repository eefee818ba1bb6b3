//! The points of an experiment's design, built with [`crate::sensitivity::design`] and read row by
//! row in model units. Large designs are not stored whole: a Saltelli design keeps its N × 2k
//! Sobol' base points and a full factorial its levels, and rows are made when asked for.

use super::Factor;
use super::matrix;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::schema::ExperimentFile;
use crate::sensitivity::SensitivityError;
use crate::sensitivity::design::{
    SOBOL_MAX_DIMS, latin_hypercube, morris_trajectories, sobol_design,
};

/// The kind of design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DesignKind {
    /// Every combination of each parameter's levels.
    FullFactorial,
    /// A Latin hypercube.
    LatinHypercube,
    /// Saltelli's cross-sampling from a Sobol' sequence, for Sobol' indices.
    Sobol,
    /// Morris trajectories, for elementary effects.
    Morris,
    /// A matrix read from a file.
    External,
}

impl DesignKind {
    /// The name used in experiment files.
    pub fn as_str(self) -> &'static str {
        match self {
            DesignKind::FullFactorial => "full-factorial",
            DesignKind::LatinHypercube => "latin-hypercube",
            DesignKind::Sobol => "sobol",
            DesignKind::Morris => "morris",
            DesignKind::External => "external",
        }
    }
}

/// How the rows are laid out, which decides the analyses that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowLayout {
    /// SALib's Saltelli layout (`calc_second_order=False`): Sobol' indices.
    Saltelli,
    /// Morris trajectories on a grid of `levels`: elementary effects.
    Morris {
        /// Grid levels p.
        levels: usize,
    },
    /// Any other points.
    Plain,
}

#[derive(Debug, Clone)]
enum Points {
    /// Unit coordinates, rows × k.
    Unit(Vec<f64>),
    /// Model units as read from a file, rows × k.
    Model(Vec<f64>),
    /// Per parameter, its number of levels (last parameter fastest).
    Factorial(Vec<usize>),
    /// N × 2k Sobol' points: A is the first k columns, B the last k.
    Saltelli(Vec<f64>),
}

/// An experiment's design.
#[derive(Debug, Clone)]
pub struct DesignPlan {
    /// The kind of design.
    pub kind: DesignKind,
    /// The layout of its rows.
    pub layout: RowLayout,
    /// Number of rows (points).
    pub rows: usize,
    /// `samples` as given (points, base samples or trajectories), if any.
    pub samples: Option<u64>,
    k: usize,
    points: Points,
}

impl DesignPlan {
    /// Row `i` in model units into `out` (one value per factor).
    pub fn row(&self, i: usize, factors: &[Factor], out: &mut [f64]) {
        let k = self.k;
        let scale = |f: &Factor, u: f64| f.low + u * (f.high - f.low);
        match &self.points {
            Points::Unit(v) => {
                for (j, f) in factors.iter().enumerate() {
                    out[j] = scale(f, v[i * k + j]);
                }
            }
            Points::Model(v) => out[..k].copy_from_slice(&v[i * k..(i + 1) * k]),
            Points::Factorial(levels) => {
                let mut rest = i;
                for j in (0..k).rev() {
                    let l = levels[j];
                    let u = if l == 1 {
                        0.5
                    } else {
                        (rest % l) as f64 / (l - 1) as f64
                    };
                    out[j] = scale(&factors[j], u);
                    rest /= l;
                }
            }
            Points::Saltelli(base) => {
                let (block, s) = (i / (k + 2), i % (k + 2));
                let row = &base[block * 2 * k..(block + 1) * 2 * k];
                for (j, f) in factors.iter().enumerate() {
                    let from_b = s == k + 1 || s == j + 1;
                    out[j] = scale(f, row[if from_b { k + j } else { j }]);
                }
            }
        }
    }
}

fn count(
    src: &Source,
    c: &crate::schema::SpannedCount,
    min: u64,
    what: &str,
) -> Result<u64, Diagnostic> {
    let v = *c.get_ref();
    if v < min {
        return Err(Diagnostic::at(
            src,
            c.span(),
            format!("`{what}` must be at least {min}"),
        ));
    }
    Ok(v)
}

fn design_error(src: &Source, span: std::ops::Range<usize>, e: SensitivityError) -> Diagnostics {
    Diagnostic::at(src, span, format!("cannot build the design: {e}")).into()
}

/// Builds the design after `check` has accepted its number of rows.
pub(super) fn plan(
    src: &Source,
    f: &ExperimentFile,
    matrix_source: Option<&Source>,
    factors: &[Factor],
    seed: u64,
    check: &dyn Fn(u64) -> Result<(), Diagnostic>,
) -> Result<DesignPlan, Diagnostics> {
    let d = f.design.get_ref();
    let span = f.design.span();
    let k = factors.len();
    let names = [
        "full-factorial",
        "latin-hypercube",
        "sobol",
        "morris",
        "external",
    ];
    let kind = match d.kind.get_ref().as_str() {
        "full-factorial" => DesignKind::FullFactorial,
        "latin-hypercube" => DesignKind::LatinHypercube,
        "sobol" => DesignKind::Sobol,
        "morris" => DesignKind::Morris,
        "external" => DesignKind::External,
        other => {
            return Err(Diagnostic::at(src, d.kind.span(), format!("unknown design `{other}`"))
                .suggest(other, names)
                .with_help_if_none("the design is one of: full-factorial, latin-hypercube, sobol, morris, external")
                .into());
        }
    };
    let mut errors = Vec::new();
    let unused = |what: &str, s: std::ops::Range<usize>, errors: &mut Vec<Diagnostic>| {
        errors.push(Diagnostic::at(
            src,
            s,
            format!("a {} design has no `{what}`", kind.as_str()),
        ));
    };
    if kind != DesignKind::External {
        if let Some(x) = &d.file {
            unused("file", x.span(), &mut errors);
        }
        if let Some(x) = &d.layout {
            unused("layout", x.span(), &mut errors);
        }
    }
    if matches!(kind, DesignKind::FullFactorial | DesignKind::External) {
        if let Some(x) = &d.samples {
            unused("samples", x.span(), &mut errors);
        }
    }
    if kind == DesignKind::LatinHypercube || kind == DesignKind::Sobol {
        if let Some(x) = &d.levels {
            unused("levels", x.span(), &mut errors);
        }
    }
    if kind != DesignKind::FullFactorial {
        for v in &f.vary {
            if let Some(l) = &v.get_ref().levels {
                errors.push(Diagnostic::at(
                    src,
                    l.span(),
                    "per-parameter `levels` only apply to a full-factorial design",
                ));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let need_samples = |what: &str| -> Result<u64, Diagnostics> {
        match &d.samples {
            Some(c) => Ok(count(src, c, 2, "samples")?),
            None => Err(Diagnostic::at(
                src,
                span.clone(),
                format!("a {} design needs `samples` ({what})", kind.as_str()),
            )
            .into()),
        }
    };
    let (layout, rows, points) = match kind {
        DesignKind::FullFactorial => {
            let default = match &d.levels {
                Some(c) => count(src, c, 1, "levels")? as usize,
                None => 3,
            };
            let levels: Vec<usize> = factors
                .iter()
                .map(|f| f.levels.unwrap_or(default))
                .collect();
            let rows = levels
                .iter()
                .try_fold(1u64, |acc, &l| acc.checked_mul(l as u64))
                .unwrap_or(u64::MAX);
            check(rows)?;
            (RowLayout::Plain, rows as usize, Points::Factorial(levels))
        }
        DesignKind::LatinHypercube => {
            let n = need_samples("the number of points")?;
            check(n)?;
            let design = latin_hypercube(n as usize, k, seed)
                .map_err(|e| design_error(src, span.clone(), e))?;
            (
                RowLayout::Plain,
                n as usize,
                Points::Unit(design.as_slice().to_vec()),
            )
        }
        DesignKind::Sobol => {
            let n = need_samples("base samples N, a power of two such as 1024")?;
            if !n.is_power_of_two() {
                let s = d.samples.as_ref().map_or(span.clone(), |c| c.span());
                return Err(Diagnostic::at(src, s, format!("`samples` must be a power of two for the Sobol' sequence to stay balanced; found {n}"))
                    .with_help(format!("use {} or {}", n.next_power_of_two() / 2, n.next_power_of_two()))
                    .into());
            }
            if 2 * k > SOBOL_MAX_DIMS {
                return Err(Diagnostic::at(src, span.clone(), format!("a Sobol' design of {k} parameters needs {} dimensions of the sequence; steppe has {SOBOL_MAX_DIMS}", 2 * k)).into());
            }
            check(n.saturating_mul(k as u64 + 2))?;
            let base = sobol_design(n as usize, 2 * k, 0, None)
                .map_err(|e| design_error(src, span.clone(), e))?;
            (
                RowLayout::Saltelli,
                n as usize * (k + 2),
                Points::Saltelli(base.as_slice().to_vec()),
            )
        }
        DesignKind::Morris => {
            let r = match &d.samples {
                Some(c) => count(src, c, 2, "samples")?,
                None => 10,
            };
            let p = match &d.levels {
                Some(c) => {
                    let p = count(src, c, 2, "levels")?;
                    if p % 2 == 1 {
                        return Err(Diagnostic::at(
                            src,
                            c.span(),
                            "Morris `levels` must be even (e.g. 4)",
                        )
                        .into());
                    }
                    p as usize
                }
                None => 4,
            };
            check(r.saturating_mul(k as u64 + 1))?;
            let design = morris_trajectories(r as usize, k, p, seed)
                .map_err(|e| design_error(src, span.clone(), e))?;
            (
                RowLayout::Morris { levels: p },
                r as usize * (k + 1),
                Points::Unit(design.as_slice().to_vec()),
            )
        }
        DesignKind::External => {
            let (Some(file), Some(text)) = (&d.file, matrix_source) else {
                return Err(Diagnostic::at(
                    src,
                    span.clone(),
                    "an external design needs `file`, the design matrix",
                )
                .into());
            };
            let layout = match d.layout.as_ref().map(|l| (l.get_ref().as_str(), l.span())) {
                None | Some(("none", _)) => RowLayout::Plain,
                Some(("sobol", _)) => RowLayout::Saltelli,
                Some(("morris", _)) => RowLayout::Morris {
                    levels: match &d.levels {
                        Some(c) => count(src, c, 2, "levels")? as usize,
                        None => 4,
                    },
                },
                Some((other, s)) => {
                    return Err(Diagnostic::at(src, s, format!("unknown layout `{other}`"))
                        .suggest(other, ["sobol", "morris", "none"])
                        .with_help_if_none("`layout` is `sobol`, `morris` or `none`")
                        .into());
                }
            };
            if d.levels.is_some() && !matches!(layout, RowLayout::Morris { .. }) {
                let s = d.levels.as_ref().map_or(span.clone(), |c| c.span());
                return Err(Diagnostic::at(
                    src,
                    s,
                    "`levels` of an external design only go with `layout = \"morris\"`",
                )
                .into());
            }
            let _ = file;
            let values = matrix::read(text, factors, layout)?;
            let rows = values.len() / k;
            check(rows as u64)?;
            (layout, rows, Points::Model(values))
        }
    };
    Ok(DesignPlan {
        kind,
        layout,
        rows,
        samples: d.samples.as_ref().map(|c| *c.get_ref()),
        k,
        points,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ParamId;
    use crate::sensitivity::design::{FactorRange, saltelli_sobol};

    fn factor(low: f64, high: f64) -> Factor {
        Factor {
            param: ParamId(0),
            path: "x".into(),
            low,
            high,
            central: low,
            grade: None,
            levels: None,
            held_by_scenario: false,
            held_by_baseline: false,
        }
    }

    #[test]
    fn saltelli_rows_are_the_librarys() {
        let factors = [factor(0.0, 1.0), factor(-2.0, 2.0), factor(10.0, 11.0)];
        let k = factors.len();
        let n = 8;
        let base = sobol_design(n, 2 * k, 0, None).unwrap();
        let plan = DesignPlan {
            kind: DesignKind::Sobol,
            layout: RowLayout::Saltelli,
            rows: n * (k + 2),
            samples: Some(n as u64),
            k,
            points: Points::Saltelli(base.as_slice().to_vec()),
        };
        let ranges: Vec<FactorRange> = factors
            .iter()
            .map(|f| FactorRange {
                low: f.low,
                high: f.high,
            })
            .collect();
        let want = saltelli_sobol(n, k, 0, None)
            .unwrap()
            .scale(&ranges)
            .unwrap();
        let mut row = vec![0.0; k];
        for (i, w) in want.iter().enumerate() {
            plan.row(i, &factors, &mut row);
            assert_eq!(&row, w, "row {i}");
        }
    }

    #[test]
    fn factorial_rows_are_the_librarys() {
        let factors = [factor(0.0, 1.0), factor(-2.0, 2.0)];
        let levels = vec![2, 3];
        let plan = DesignPlan {
            kind: DesignKind::FullFactorial,
            layout: RowLayout::Plain,
            rows: 6,
            samples: None,
            k: 2,
            points: Points::Factorial(levels.clone()),
        };
        let ranges: Vec<FactorRange> = factors
            .iter()
            .map(|f| FactorRange {
                low: f.low,
                high: f.high,
            })
            .collect();
        let want = crate::sensitivity::design::full_factorial(&levels)
            .unwrap()
            .scale(&ranges)
            .unwrap();
        let mut row = vec![0.0; 2];
        for (i, w) in want.iter().enumerate() {
            plan.row(i, &factors, &mut row);
            assert_eq!(&row, w, "row {i}");
        }
    }
}
