//! How a rule sets a model output against a measured series (identity, affine, changes only),
//! and the link's coefficients, read from a rule.

use crate::schema::{Coefficient, LinkKind, RuleSpec};

use super::Ctx;

/// A link coefficient: central value and the range members draw from (triangular).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coef {
    /// Central value.
    pub value: f64,
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
}

/// How an output is set against a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Link {
    /// observed = scale x output.
    Identity {
        /// Unit conversion.
        scale: f64,
    },
    /// observed = intercept + slope x output.
    Affine {
        /// Intercept.
        intercept: Coef,
        /// Slope.
        slope: Coef,
    },
    /// Changes of the observed series = slope x changes of the output.
    Changes {
        /// Slope.
        slope: Coef,
    },
}

impl Link {
    /// Whether only changes are compared.
    pub fn changes_only(&self) -> bool {
        matches!(self, Link::Changes { .. })
    }

    /// The link's name as written in rules files.
    pub fn name(&self) -> &'static str {
        match self {
            Link::Identity { .. } => "identity",
            Link::Affine { .. } => "affine",
            Link::Changes { .. } => "changes",
        }
    }
}

impl LinkKind {
    /// The link's name as written.
    pub fn name(self) -> &'static str {
        match self {
            LinkKind::Identity => "identity",
            LinkKind::Affine => "affine",
            LinkKind::Changes => "changes",
        }
    }
}

impl Ctx<'_> {
    /// A coefficient whose value lies within its range, or an error.
    fn coef(&mut self, c: &toml::Spanned<Coefficient>) -> Option<Coef> {
        let v = c.get_ref();
        let value = v.value.0;
        let (low, high) = (v.low.map_or(value, |l| l.0), v.high.map_or(value, |h| h.0));
        if !(low <= value && value <= high) {
            self.rule_error(
                c.span(),
                format!("the coefficient's value {value} lies outside its range [{low}, {high}]"),
            );
            return None;
        }
        Some(Coef { value, low, high })
    }

    /// The rule's link with the coefficients its kind needs; a coefficient the kind does not
    /// take is an error.
    pub(super) fn link(&mut self, r: &RuleSpec) -> Option<Link> {
        let kind = *r.link.get_ref();
        let span = r.link.span();
        let misplaced = |what: &str| format!("a `{kind:?}` link takes no `{what}`").to_lowercase();
        match kind {
            LinkKind::Identity => {
                if r.slope.is_some() || r.intercept.is_some() {
                    self.rule_error(span, misplaced("slope or intercept"));
                    return None;
                }
                Some(Link::Identity {
                    scale: r.scale.map_or(1.0, |s| s.0),
                })
            }
            LinkKind::Affine => {
                let (Some(i), Some(s)) = (&r.intercept, &r.slope) else {
                    self.rule_error(span, "an `affine` link needs `intercept` and `slope`");
                    return None;
                };
                if r.scale.is_some() {
                    self.rule_error(span, misplaced("scale"));
                }
                Some(Link::Affine {
                    intercept: self.coef(i)?,
                    slope: self.coef(s)?,
                })
            }
            LinkKind::Changes => {
                let Some(s) = &r.slope else {
                    self.rule_error(span, "a `changes` link needs a `slope`");
                    return None;
                };
                if r.scale.is_some() || r.intercept.is_some() {
                    self.rule_error(span, misplaced("scale or intercept"));
                }
                Some(Link::Changes {
                    slope: self.coef(s)?,
                })
            }
        }
    }
}
