//! One builder per kind of design: each reads the `[design]` keys its kind uses, checks the
//! number of rows before making anything large, and lays out the points.

use super::{DesignKind, Points, RowLayout};
use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::experiment::{Factor, matrix};
use crate::schema::DesignSpec;
use crate::sensitivity::SensitivityError;
use crate::sensitivity::design::{
    SOBOL_MAX_DIMS, latin_hypercube, morris_trajectories, sobol_design,
};

/// What one kind's builder hands back: the rows' layout, their number and their points.
pub(super) struct Laid {
    pub(super) layout: RowLayout,
    pub(super) rows: usize,
    pub(super) points: Points,
}

/// Everything a design builder reads: the `[design]` table (and its span, where whole-design
/// errors point), the factors, the seed and the row-count check.
pub(super) struct Request<'a> {
    pub(super) src: &'a Source,
    pub(super) d: &'a DesignSpec,
    pub(super) span: std::ops::Range<usize>,
    pub(super) kind: DesignKind,
    pub(super) factors: &'a [Factor],
    pub(super) seed: u64,
    pub(super) check: &'a dyn Fn(u64) -> Result<(), Diagnostic>,
}

impl Request<'_> {
    /// `samples` (at least 2), which this kind cannot do without; `what` says what it counts.
    fn need_samples(&self, what: &str) -> Result<u64, Diagnostics> {
        match &self.d.samples {
            Some(c) => Ok(count(self.src, c, 2, "samples")?),
            None => Err(Diagnostic::at(
                self.src,
                self.span.clone(),
                format!("a {} design needs `samples` ({what})", self.kind.as_str()),
            )
            .into()),
        }
    }

    /// A library error while building the points, pointed at the design.
    fn failed(&self, e: SensitivityError) -> Diagnostics {
        design_error(self.src, self.span.clone(), e)
    }

    /// Every combination of the levels (per parameter, else the design's, else 3); only the
    /// level counts are kept, rows are made when asked for.
    pub(super) fn full_factorial(&self) -> Result<Laid, Diagnostics> {
        let default = match &self.d.levels {
            Some(c) => count(self.src, c, 1, "levels")? as usize,
            None => 3,
        };
        let levels: Vec<usize> = self
            .factors
            .iter()
            .map(|f| f.levels.unwrap_or(default))
            .collect();
        let rows = levels
            .iter()
            .try_fold(1u64, |acc, &l| acc.checked_mul(l as u64))
            .unwrap_or(u64::MAX);
        (self.check)(rows)?;
        Ok(Laid {
            layout: RowLayout::Plain,
            rows: rows as usize,
            points: Points::Factorial(levels),
        })
    }

    /// `samples` points of a seeded Latin hypercube.
    pub(super) fn latin_hypercube(&self) -> Result<Laid, Diagnostics> {
        let n = self.need_samples("the number of points")?;
        (self.check)(n)?;
        let design = latin_hypercube(n as usize, self.factors.len(), self.seed)
            .map_err(|e| self.failed(e))?;
        Ok(Laid {
            layout: RowLayout::Plain,
            rows: n as usize,
            points: Points::Unit(design.as_slice().to_vec()),
        })
    }

    /// Saltelli's N × (k + 2) rows, kept as N × 2k Sobol' base points; N must be a power of two
    /// and 2k within the sequence's dimensions.
    pub(super) fn saltelli(&self) -> Result<Laid, Diagnostics> {
        let (src, span, k) = (self.src, &self.span, self.factors.len());
        let n = self.need_samples("base samples N, a power of two such as 1024")?;
        if !n.is_power_of_two() {
            let s = self.d.samples.as_ref().map_or(span.clone(), |c| c.span());
            return Err(Diagnostic::at(src, s, format!("`samples` must be a power of two for the Sobol' sequence to stay balanced; found {n}"))
                .with_help(format!("use {} or {}", n.next_power_of_two() / 2, n.next_power_of_two()))
                .into());
        }
        if 2 * k > SOBOL_MAX_DIMS {
            return Err(Diagnostic::at(src, span.clone(), format!("a Sobol' design of {k} parameters needs {} dimensions of the sequence; steppe has {SOBOL_MAX_DIMS}", 2 * k)).into());
        }
        (self.check)(n.saturating_mul(k as u64 + 2))?;
        let base = sobol_design(n as usize, 2 * k, 0, None).map_err(|e| self.failed(e))?;
        Ok(Laid {
            layout: RowLayout::Saltelli,
            rows: n as usize * (k + 2),
            points: Points::Saltelli(base.as_slice().to_vec()),
        })
    }

    /// `samples` Morris trajectories (default 10) on an even grid of `levels` (default 4).
    pub(super) fn morris(&self) -> Result<Laid, Diagnostics> {
        let (src, d, k) = (self.src, self.d, self.factors.len());
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
        (self.check)(r.saturating_mul(k as u64 + 1))?;
        let design =
            morris_trajectories(r as usize, k, p, self.seed).map_err(|e| self.failed(e))?;
        Ok(Laid {
            layout: RowLayout::Morris { levels: p },
            rows: r as usize * (k + 1),
            points: Points::Unit(design.as_slice().to_vec()),
        })
    }

    /// The matrix in `file` (its text is `matrix_source`), in model units, with the layout
    /// `layout` declares.
    pub(super) fn external(&self, matrix_source: Option<&Source>) -> Result<Laid, Diagnostics> {
        let (Some(_file), Some(text)) = (&self.d.file, matrix_source) else {
            return Err(Diagnostic::at(
                self.src,
                self.span.clone(),
                "an external design needs `file`, the design matrix",
            )
            .into());
        };
        let layout = self.external_layout()?;
        let values = matrix::read(text, self.factors, layout)?;
        let rows = values.len() / self.factors.len();
        (self.check)(rows as u64)?;
        Ok(Laid {
            layout,
            rows,
            points: Points::Model(values),
        })
    }

    /// An external matrix's declared `layout` (`none` by default); `levels` only go with
    /// `morris`, whose grid they give.
    fn external_layout(&self) -> Result<RowLayout, Diagnostics> {
        let (src, d) = (self.src, self.d);
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
            let s = d.levels.as_ref().map_or(self.span.clone(), |c| c.span());
            return Err(Diagnostic::at(
                src,
                s,
                "`levels` of an external design only go with `layout = \"morris\"`",
            )
            .into());
        }
        Ok(layout)
    }
}

/// A count from the design table, at least `min`.
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

/// A library error while building the points, pointed at `span`.
fn design_error(src: &Source, span: std::ops::Range<usize>, e: SensitivityError) -> Diagnostics {
    Diagnostic::at(src, span, format!("cannot build the design: {e}")).into()
}
