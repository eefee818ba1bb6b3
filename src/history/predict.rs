//! From a member's model outputs to predictions of measured values: which member-level outcomes
//! the observation rules read (and nothing else), the link coefficients each member draws, the
//! prediction of every measured value, and the distance of a member from the measurements.
//!
//! A level link (identity, affine) predicts a measured value from the output at its date; a
//! changes-only link predicts it from the previous measured value plus the change of the output
//! since then. Link coefficients with a range are drawn per member (triangular, central value as
//! mode) from a stream of their own, `(seed ^ LINK_SALT, member)`, so they do not disturb the
//! model's parameter or dynamics streams and do not depend on threads or shards.

use std::collections::HashMap;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::observe::{Coef, Link, Observations};
use super::score::trend_forecast;
use crate::calendar::Date;
use crate::engine::triangular;
use crate::metric::{Metric, Weights};
use crate::simulate::Outcome;
use crate::world::World;

/// Mixed into the seed of the link coefficients' stream.
pub const LINK_SALT: u64 = 0x6c69_6e6b_2d63_6f65;

/// One measured value the model predicts.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Index of the rule.
    pub rule: usize,
    /// Index of the point among the rule's points.
    pub index: usize,
    /// The date of the run it is compared at.
    pub at: Date,
    /// Its date in the series.
    pub date: Date,
    /// Whether it lies in the test period.
    pub test: bool,
    /// The measured value.
    pub observed: f64,
    /// The previous measured value of the series (the no-change forecast).
    pub previous: Option<f64>,
    /// The linear trend of the earlier measured values at this date.
    pub trend: Option<f64>,
    /// Standard error of what is compared: the value, or for a changes link the change.
    pub sigma: f64,
}

/// An output as a linear combination of recorded outcomes: `constant + sum coef x outcome`.
#[derive(Debug, Clone, PartialEq)]
struct Lin {
    constant: f64,
    terms: Vec<(usize, f64)>,
}

impl Lin {
    #[inline]
    fn eval(&self, row: &[f64]) -> f64 {
        self.terms
            .iter()
            .fold(self.constant, |acc, &(i, c)| acc + c * row[i])
    }
}

/// What a replay must record per member, and how to turn it into predictions.
#[derive(Debug, Clone)]
pub struct Predictor {
    /// The outcomes to record for every member, in row order.
    pub outcomes: Vec<Outcome>,
    /// Every measured value predicted, rule by rule in date order.
    pub comparisons: Vec<Comparison>,
    links: Vec<Link>,
    firsts: Vec<f64>,
    at_points: Vec<Vec<Lin>>,
    paths: Vec<Vec<Lin>>,
    index: HashMap<(usize, usize), usize>,
    weights: Weights,
    seed: u64,
}

fn fractional(d: Date) -> f64 {
    d.day_number() as f64 / 365.25
}

impl Predictor {
    /// The predictor of `obs` on a grid of `points` points; with `paths`, it also records every
    /// rule's output at every grid point (for figures).
    pub fn new(world: &World, obs: &Observations, points: usize, paths: bool, seed: u64) -> Self {
        let mut p = Predictor {
            outcomes: Vec::new(),
            comparisons: Vec::new(),
            links: Vec::new(),
            firsts: Vec::new(),
            at_points: Vec::new(),
            paths: Vec::new(),
            index: HashMap::new(),
            weights: Weights::new(world),
            seed,
        };
        for (r, rule) in obs.rules.iter().enumerate() {
            let (constant, terms) = rule.output.terms(world);
            let mut at = Vec::new();
            for pt in &rule.points {
                let (a, b, w) = pt.grid;
                let mut lin = Lin {
                    constant,
                    terms: Vec::new(),
                };
                for &(m, c) in &terms {
                    let ia = p.probe(m, a);
                    lin.terms.push((ia, c * (1.0 - w)));
                    if w > 0.0 {
                        let ib = p.probe(m, b);
                        lin.terms.push((ib, c * w));
                    }
                }
                at.push(lin);
            }
            let mut path = Vec::new();
            if paths {
                for point in 0..points {
                    let terms = terms.iter().map(|&(m, c)| (p.probe(m, point), c)).collect();
                    path.push(Lin { constant, terms });
                }
            }
            let changes = rule.link.changes_only();
            for (k, pt) in rule.points.iter().enumerate() {
                if changes && k == 0 {
                    continue;
                }
                let prev = (k > 0).then(|| &rule.points[k - 1]);
                let earlier = &rule.points[..k];
                let times: Vec<f64> = earlier.iter().map(|q| fractional(q.at)).collect();
                let values: Vec<f64> = earlier.iter().map(|q| q.value).collect();
                p.comparisons.push(Comparison {
                    rule: r,
                    index: k,
                    at: pt.at,
                    date: pt.date,
                    test: pt.test,
                    observed: pt.value,
                    previous: prev.map(|q| q.value),
                    trend: trend_forecast(&times, &values, fractional(pt.at)),
                    sigma: match (changes, prev) {
                        (true, Some(q)) => (pt.sigma * pt.sigma + q.sigma * q.sigma).sqrt(),
                        _ => pt.sigma,
                    },
                });
            }
            p.links.push(rule.link);
            p.firsts.push(rule.points.first().map_or(0.0, |q| q.value));
            p.at_points.push(at);
            p.paths.push(path);
        }
        p
    }

    /// The row index of `metric` at grid point `point`, recording it if it is new (call before
    /// running, e.g. for extra outputs such as the landing cells).
    pub fn probe(&mut self, metric: Metric, point: usize) -> usize {
        let key = (self.weights.index(&metric), point);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.outcomes.len();
        self.outcomes.push(Outcome {
            scenario: 0,
            metric,
            point,
        });
        self.index.insert(key, i);
        i
    }

    /// Number of rules.
    pub fn rules(&self) -> usize {
        self.links.len()
    }

    /// Member `member`'s link coefficients, `(intercept, slope)` per rule: two uniforms per rule
    /// from the member's link stream, whatever the link.
    pub fn coefficients(&self, member: u64, out: &mut [(f64, f64)]) {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed ^ LINK_SALT);
        rng.set_stream(member);
        let draw = |c: &Coef, u: f64| triangular(c.low, c.value, c.high, u);
        for (link, slot) in self.links.iter().zip(out.iter_mut()) {
            let (u1, u2): (f64, f64) = (rng.random(), rng.random());
            *slot = match link {
                Link::Identity { scale } => (0.0, *scale),
                Link::Affine { intercept, slope } => (draw(intercept, u1), draw(slope, u2)),
                Link::Changes { slope } => (0.0, draw(slope, u2)),
            };
        }
    }

    /// The central link coefficients (no draw).
    pub fn central_coefficients(&self) -> Vec<(f64, f64)> {
        self.links
            .iter()
            .map(|link| match link {
                Link::Identity { scale } => (0.0, *scale),
                Link::Affine { intercept, slope } => (intercept.value, slope.value),
                Link::Changes { slope } => (0.0, slope.value),
            })
            .collect()
    }

    /// Predictions of every comparison from one member's recorded outcomes (`row`, in
    /// [`Predictor::outcomes`] order) and link coefficients.
    pub fn predict(&self, row: &[f64], coefs: &[(f64, f64)], out: &mut [f64]) {
        for (c, slot) in self.comparisons.iter().zip(out.iter_mut()) {
            let (a, b) = coefs[c.rule];
            let at = &self.at_points[c.rule];
            let now = at[c.index].eval(row);
            *slot = match (self.links[c.rule], c.previous) {
                (Link::Changes { .. }, Some(prev)) => prev + b * (now - at[c.index - 1].eval(row)),
                _ => a + b * now,
            };
        }
    }

    /// Rule `rule`'s output at every grid point in the series' unit: the level link applied to
    /// the output, or, for a changes link, the first measured value plus the change since its
    /// date. Empty unless the predictor records paths.
    pub fn path(&self, rule: usize, row: &[f64], coefs: &[(f64, f64)], out: &mut Vec<f64>) {
        out.clear();
        let (a, b) = coefs[rule];
        let lins = &self.paths[rule];
        match self.links[rule] {
            Link::Changes { .. } => {
                let first = self.at_points[rule].first().map_or(0.0, |l| l.eval(row));
                out.extend(
                    lins.iter()
                        .map(|l| self.firsts[rule] + b * (l.eval(row) - first)),
                );
            }
            _ => out.extend(lins.iter().map(|l| a + b * l.eval(row))),
        }
    }

    /// Root mean square of the standardised errors `(prediction - measured) / sigma` over the
    /// comparisons `use_it` selects; `None` if it selects none.
    pub fn distance(&self, predictions: &[f64], use_it: &[bool]) -> Option<f64> {
        let mut sum = 0.0;
        let mut n = 0usize;
        for ((c, p), &u) in self.comparisons.iter().zip(predictions).zip(use_it) {
            if u {
                let z = (p - c.observed) / c.sigma;
                sum += z * z;
                n += 1;
            }
        }
        (n > 0).then(|| (sum / n as f64).sqrt())
    }
}
