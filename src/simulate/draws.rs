//! Members' own draws: the value of every uncertain parameter each ensemble member drew, and its
//! headline results (each power's regional influence per domain at the end), recorded alongside
//! the usual statistics when [`super::RunSpec::record_draws`] asks, so that results can name the
//! parameters that drive them without extra runs.

use std::ops::Range;
use std::sync::OnceLock;

use super::Outcome;
use crate::ensemble::MemberView;
use crate::ensemble::aggregate::Layout;
use crate::ensemble::part::PartDraws;
use crate::metric::{Metric, Scope};
use crate::params::ParamId;
use crate::sensitivity::RankFit;
use crate::sensitivity::error::SensitivityError;
use crate::world::World;

/// Every member's draws and headline results, in member order.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberDraws {
    /// The parameters recorded: every parameter the world gives a range, in table order.
    pub params: Vec<ParamId>,
    /// The members recorded.
    pub members: Range<u64>,
    /// `[(member - members.start) * params.len() + j]`: the world's value member drew for
    /// parameter `j` (a scenario shares it unless it overrides the parameter).
    pub values: Vec<f64>,
    /// The headline results: each scenario's regional influence per power, overall and per
    /// domain, at the end of the run.
    pub headline: Vec<Outcome>,
    /// `[(member - members.start) * headline.len() + h]`.
    pub headline_values: Vec<f64>,
    /// The rank fits of the headline results, once computed.
    fits: FitCache,
}

/// What the rank fits of one choice of baseline came to: the summary, the Markdown table and
/// the report all name the drivers of the same results, and ranking tens of thousands of
/// members over every parameter is not cheap. Not part of the draws' identity: equal draws are
/// equal whether or not their fits were computed, and a copy starts without them.
#[derive(Default)]
struct FitCache(OnceLock<(Option<usize>, Fits)>);

/// The rank fit of each headline result, or why it has none.
type Fits = Vec<Result<RankFit, SensitivityError>>;

impl Clone for FitCache {
    fn clone(&self) -> FitCache {
        FitCache::default()
    }
}

impl PartialEq for FitCache {
    fn eq(&self, _: &FitCache) -> bool {
        true
    }
}

impl std::fmt::Debug for FitCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "computed"
        } else {
            "not computed"
        })
    }
}

impl MemberDraws {
    /// The rank fits of the headline results against `baseline`, computed by `fit` the first
    /// time and kept for the same baseline (another baseline is computed afresh).
    pub(crate) fn fits_with(&self, baseline: Option<usize>, fit: impl FnOnce() -> Fits) -> Fits {
        match self.fits.0.get() {
            Some((b, fits)) if *b == baseline => fits.clone(),
            Some(_) => fit(),
            None => self.fits.0.get_or_init(|| (baseline, fit())).1.clone(),
        }
    }

    /// Column `j` of the parameter values, member by member.
    pub fn param_column(&self, j: usize) -> Vec<f64> {
        let k = self.params.len();
        self.values
            .iter()
            .skip(j)
            .step_by(k.max(1))
            .copied()
            .collect()
    }

    /// Headline result `h`, member by member.
    pub fn headline_column(&self, h: usize) -> Vec<f64> {
        let k = self.headline.len();
        self.headline_values
            .iter()
            .skip(h)
            .step_by(k.max(1))
            .copied()
            .collect()
    }

    /// The parameter values as rows, one per member.
    pub fn rows(&self) -> Vec<&[f64]> {
        self.values.chunks_exact(self.params.len().max(1)).collect()
    }

    /// As stored in a part file.
    pub fn to_part(&self) -> PartDraws {
        PartDraws {
            params: self.params.iter().map(|p| p.0).collect(),
            values: self.values.clone(),
            headline_values: self.headline_values.clone(),
        }
    }

    /// Back from a part file holding `members` of scenarios of `world` laid out as `layout`;
    /// `None` if the part does not fit.
    pub fn from_part(
        p: PartDraws,
        world: &World,
        layout: &Layout,
        scenarios: usize,
        members: Range<u64>,
    ) -> Option<MemberDraws> {
        let params: Vec<ParamId> = p.params.into_iter().map(ParamId).collect();
        let headline = headline(world, layout, scenarios);
        let n = (members.end - members.start) as usize;
        (params == uncertain(world)
            && p.values.len() == n * params.len()
            && p.headline_values.len() == n * headline.len())
        .then_some(MemberDraws {
            params,
            members,
            values: p.values,
            headline,
            headline_values: p.headline_values,
            fits: FitCache::default(),
        })
    }

    /// Appends the draws of the members that follow.
    pub fn append(&mut self, other: MemberDraws) {
        self.fits = FitCache::default();
        self.members.end = other.members.end;
        self.values.extend(other.values);
        self.headline_values.extend(other.headline_values);
    }
}

/// The parameters ensembles draw: those the world gives a range, in table order.
pub fn uncertain(world: &World) -> Vec<ParamId> {
    world
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_uncertain())
        .map(|(i, _)| ParamId(i as u32))
        .collect()
}

/// The headline results of `scenarios` scenarios: per scenario, per power, regional influence
/// overall and in each domain, at the last grid point.
pub fn headline(world: &World, layout: &Layout, scenarios: usize) -> Vec<Outcome> {
    let mut out = Vec::new();
    for scenario in 0..scenarios {
        for power in 0..world.powers.len() {
            for domain in std::iter::once(None).chain((0..world.domains.len()).map(Some)) {
                out.push(Outcome {
                    scenario,
                    metric: Metric {
                        power,
                        scope: Scope::Region,
                        domain,
                    },
                    point: layout.points - 1,
                });
            }
        }
    }
    out
}

/// What each worker keeps: member ids, their parameter values and headline results.
#[derive(Debug, Default)]
pub(super) struct Recorder {
    ids: Vec<u64>,
    values: Vec<f64>,
    headline: Vec<f64>,
}

impl Recorder {
    /// Adds one member.
    pub(super) fn add(&mut self, params: &[ParamId], at: &[(usize, usize)], m: &MemberView) {
        self.ids.push(m.member);
        self.values
            .extend(params.iter().map(|p| m.world_values[p.ix()]));
        self.headline
            .extend(at.iter().map(|&(k, i)| m.metrics[k][i]));
    }

    /// Adds another worker's members.
    pub(super) fn merge(&mut self, other: Recorder) {
        self.ids.extend(other.ids);
        self.values.extend(other.values);
        self.headline.extend(other.headline);
    }

    /// The members in member order.
    pub(super) fn finish(
        self,
        params: Vec<ParamId>,
        headline: Vec<Outcome>,
        members: Range<u64>,
    ) -> MemberDraws {
        let (k, h) = (params.len(), headline.len());
        let n = self.ids.len();
        let mut values = vec![0.0; n * k];
        let mut headline_values = vec![0.0; n * h];
        for (j, id) in self.ids.iter().enumerate() {
            let row = (id - members.start) as usize;
            values[row * k..(row + 1) * k].copy_from_slice(&self.values[j * k..(j + 1) * k]);
            headline_values[row * h..(row + 1) * h]
                .copy_from_slice(&self.headline[j * h..(j + 1) * h]);
        }
        MemberDraws {
            params,
            members,
            values,
            headline,
            headline_values,
            fits: FitCache::default(),
        }
    }
}

/// Where each headline result sits in a member's metric series: (scenario, index).
pub(super) fn positions(layout: &Layout, headline: &[Outcome]) -> Vec<(usize, usize)> {
    headline
        .iter()
        .map(|o| {
            (
                o.scenario,
                layout.metric_index(&o.metric) * layout.points + o.point,
            )
        })
        .collect()
}
