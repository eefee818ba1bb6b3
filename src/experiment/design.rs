//! The points of an experiment's design, built with [`crate::sensitivity::design`] and read row by
//! row in model units. Large designs are not stored whole: a Saltelli design keeps its N × 2k
//! Sobol' base points and a full factorial its levels, and rows are made when asked for.

mod build;

use super::Factor;
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::schema::{DesignSpec, ExperimentFile};
use build::Request;

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

/// Builds the design after `check` has accepted its number of rows.
///
/// Three steps: name the kind, refuse keys that kind does not read, then lay out the points the
/// kind's own way (each kind's builder checks its row count before it makes anything large).
pub(super) fn plan(
    src: &Source,
    f: &ExperimentFile,
    matrix_source: Option<&Source>,
    factors: &[Factor],
    seed: u64,
    check: &dyn Fn(u64) -> Result<(), Diagnostic>,
) -> Result<DesignPlan, Diagnostics> {
    let d = f.design.get_ref();
    let kind = design_kind(src, d)?;
    reject_unused_keys(src, f, kind)?;
    let req = Request {
        src,
        d,
        span: f.design.span(),
        kind,
        factors,
        seed,
        check,
    };
    let laid = match kind {
        DesignKind::FullFactorial => req.full_factorial()?,
        DesignKind::LatinHypercube => req.latin_hypercube()?,
        DesignKind::Sobol => req.saltelli()?,
        DesignKind::Morris => req.morris()?,
        DesignKind::External => req.external(matrix_source)?,
    };
    Ok(DesignPlan {
        kind,
        layout: laid.layout,
        rows: laid.rows,
        samples: d.samples.as_ref().map(|c| *c.get_ref()),
        k: factors.len(),
        points: laid.points,
    })
}

/// The design's `kind`, or a diagnostic naming the known kinds (with the nearest as a hint).
fn design_kind(src: &Source, d: &DesignSpec) -> Result<DesignKind, Diagnostics> {
    let names = [
        "full-factorial",
        "latin-hypercube",
        "sobol",
        "morris",
        "external",
    ];
    Ok(match d.kind.get_ref().as_str() {
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
    })
}

/// Refuses, all at once, the keys a design of `kind` would silently ignore (`file`, `layout`,
/// `samples`, `levels`, and per-parameter `levels` outside a full factorial), so that a
/// misplaced setting is never mistaken for one that took effect.
fn reject_unused_keys(
    src: &Source,
    f: &ExperimentFile,
    kind: DesignKind,
) -> Result<(), Diagnostics> {
    let d = f.design.get_ref();
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
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::ParamId;
    use crate::sensitivity::design::{FactorRange, saltelli_sobol, sobol_design};

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
        let ranges: Vec<FactorRange> = factors.iter().map(Factor::range).collect();
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
        let ranges: Vec<FactorRange> = factors.iter().map(Factor::range).collect();
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
