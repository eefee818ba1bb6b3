//! What an ensemble keeps of its members: statistics of every metric and driver at every grid
//! point, and when (if ever) one power first overtakes another.

use super::stats::SeriesStats;
use crate::calendar::Calendar;
use crate::engine::Trajectory;
use crate::metric::Metric;
use crate::metric::{Weights, all_metrics};
use crate::model::lanes::Lane;
use crate::world::World;

/// Histogram bins per series: quantiles of shares are exact to 1/2048 (about 0.0005).
pub const BINS: usize = 2048;

/// The series an ensemble tracks and how they are laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Every metric, in [`all_metrics`] order.
    pub metrics: Vec<Metric>,
    /// Grid points per series.
    pub points: usize,
    /// Driver value ranges (min, max).
    pub driver_ranges: Vec<(f64, f64)>,
    /// Pairs of metrics (a, b) with the same scope and domain, for "a overtakes b".
    pub pairs: Vec<(usize, usize)>,
    /// Indices into `pairs` of (a, b) and (b, a), once per unordered pair.
    pair_twins: Vec<(usize, usize)>,
    /// Aggregation weights.
    pub weights: Weights,
    cells: usize,
    powers: usize,
}

impl Layout {
    /// The layout for a world, a calendar and aggregation weights.
    pub fn new(world: &World, calendar: &Calendar, weights: Weights) -> Layout {
        let metrics = all_metrics(world);
        let mut pairs = Vec::new();
        for (i, a) in metrics.iter().enumerate() {
            for (j, b) in metrics.iter().enumerate() {
                if i != j && a.scope == b.scope && a.domain == b.domain {
                    pairs.push((i, j));
                }
            }
        }
        let pair_twins = pairs
            .iter()
            .enumerate()
            .filter(|(_, (a, b))| a < b)
            .filter_map(|(k, &(a, b))| pairs.iter().position(|&p| p == (b, a)).map(|j| (k, j)))
            .collect();
        Layout {
            pair_twins,
            metrics,
            points: calendar.points(),
            driver_ranges: world.drivers.iter().map(|d| (d.min, d.max)).collect(),
            pairs,
            weights,
            cells: world.cells(),
            powers: world.powers.len(),
        }
    }

    /// Index of a metric (infallible: see [`Weights::index`]).
    pub fn metric_index(&self, m: &Metric) -> usize {
        self.weights.index(m)
    }

    /// Computes every metric's series of a trajectory into `out` (`[metric * points + point]`),
    /// bit for bit as [`Weights::value`] would: [`Layout::metric_series_lanes`] with one lane.
    pub fn metric_series(&self, t: &Trajectory, out: &mut [f64]) {
        self.metric_series_lanes([t], [out]);
    }

    /// [`Layout::metric_series`] of `N` trajectories at once, trajectory `l` into `out[l]`: the
    /// weighted sums run on all of them side by side, each lane with the operations, in the
    /// order, that one trajectory alone would get.
    pub fn metric_series_lanes<const N: usize>(
        &self,
        t: [&Trajectory; N],
        mut out: [&mut [f64]; N],
    ) {
        let (np, ns, nd) = (
            self.powers,
            self.weights.state.len(),
            self.weights.domain.len(),
        );
        let n = self.points;
        // Metrics come power by power, then region and each state, then overall and each domain.
        let per_scope = nd + 1;
        let per_power = (ns + 1) * per_scope;
        for point in 0..n {
            let rows: [&[f64]; N] =
                std::array::from_fn(|l| &t[l].influence[point * self.cells..][..self.cells]);
            let at = |cell: usize| Lane::from_fn(|l| rows[l][cell]);
            let mut put = |metric: usize, v: Lane<N>| {
                for (out, v) in out.iter_mut().zip(v.0) {
                    out[metric * n + point] = v;
                }
            };
            for p in 0..np {
                let first = p * per_power;
                let mut region_overall = Lane::splat(0.0);
                for d in 0..nd {
                    let mut region = Lane::splat(0.0);
                    for (s, &w) in self.weights.state.iter().enumerate() {
                        region += w * at((s * nd + d) * np + p);
                    }
                    put(first + 1 + d, region);
                }
                for (s, &w) in self.weights.state.iter().enumerate() {
                    let mut overall = Lane::splat(0.0);
                    let m = first + (1 + s) * per_scope;
                    for (d, &wd) in self.weights.domain.iter().enumerate() {
                        let v = at((s * nd + d) * np + p);
                        overall += wd * v;
                        put(m + 1 + d, v);
                    }
                    put(m, overall);
                    region_overall += w * overall;
                }
                put(first, region_overall);
            }
        }
    }

    /// Copies every driver's series of a trajectory into `out` (`[driver * points + point]`).
    pub fn driver_series(&self, t: &Trajectory, out: &mut [f64]) {
        let k = self.driver_ranges.len();
        for p in 0..self.points {
            for d in 0..k {
                out[d * self.points + p] = t.drivers[p * k + d];
            }
        }
    }
}

/// The statistics of one scenario's members.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    /// `[metric * points + point]` influence.
    pub influence: SeriesStats,
    /// `[driver * points + point]` driver values.
    pub drivers: SeriesStats,
    /// `[pair * (points + 1) + point]`: members whose first overtaking happens at `point`
    /// (`points`: never).
    pub first_overtake: Vec<u64>,
}

impl Aggregate {
    /// Empty statistics for a layout.
    pub fn new(layout: &Layout) -> Aggregate {
        let n = layout.metrics.len() * layout.points;
        let drivers: Vec<(f64, f64)> = layout
            .driver_ranges
            .iter()
            .flat_map(|&r| std::iter::repeat_n(r, layout.points))
            .collect();
        Aggregate {
            influence: SeriesStats::new(&vec![(0.0, 1.0); n], BINS),
            drivers: SeriesStats::new(&drivers, BINS),
            first_overtake: vec![0; layout.pairs.len() * (layout.points + 1)],
        }
    }

    /// Folds in one member, given its metric and driver series.
    pub fn add(&mut self, layout: &Layout, metrics: &[f64], drivers: &[f64]) {
        self.influence.add(metrics);
        self.drivers.add(drivers);
        self.count_overtakes(layout, metrics);
    }

    /// Folds in `count` members at once; `metrics` and `drivers` hold their series member after
    /// member. Same result as [`Aggregate::add`] one by one.
    pub fn add_batch(&mut self, layout: &Layout, metrics: &[f64], drivers: &[f64], count: usize) {
        self.influence.add_batch(metrics, count);
        self.drivers.add_batch(drivers, count);
        let len = self.influence.len();
        for j in 0..count {
            self.count_overtakes(layout, &metrics[j * len..(j + 1) * len]);
        }
    }

    /// Folds in one member's extremes and overtakes now, and writes its histogram bins and
    /// fixed-point values to the batch's `bins` and partial `sums` for [`Aggregate::add_bins`]
    /// (see [`SeriesStats::observe`]). With `add_bins`, the same result as [`Aggregate::add`].
    pub fn observe(
        &mut self,
        layout: &Layout,
        series: (&[f64], &[f64]),
        bins: (&mut [u16], &mut [u16]),
        sums: (&mut [i64], &mut [i64]),
    ) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: `observe_avx2` only needs AVX2, and this processor has it (checked just
            // above).
            unsafe { self.observe_avx2(layout, series, bins, sums) };
            return;
        }
        self.observe_portable(layout, series, bins, sums);
    }

    /// [`Aggregate::observe`] compiled for processors with AVX2 (four values to an instruction
    /// instead of two). The same IEEE operations in the same order (nothing is fused), so the
    /// same bits; tests compare the two.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn observe_avx2(
        &mut self,
        layout: &Layout,
        series: (&[f64], &[f64]),
        bins: (&mut [u16], &mut [u16]),
        sums: (&mut [i64], &mut [i64]),
    ) {
        self.observe_portable(layout, series, bins, sums);
    }

    /// [`Aggregate::observe`] for the processor the caller is compiled for (see
    /// [`Engine::run_lanes_portable`](crate::engine::Engine::run_lanes_portable)).
    #[inline(always)]
    pub fn observe_portable(
        &mut self,
        layout: &Layout,
        (metrics, drivers): (&[f64], &[f64]),
        bins: (&mut [u16], &mut [u16]),
        sums: (&mut [i64], &mut [i64]),
    ) {
        self.influence.observe(metrics, bins.0, sums.0);
        self.drivers.observe(drivers, bins.1, sums.1);
        self.count_overtakes(layout, metrics);
    }

    /// Counts the histogram bins of `count` observed members, stored member after member, and
    /// adds their partial sums.
    pub fn add_bins(
        &mut self,
        (metric_bins, driver_bins): (&[u16], &[u16]),
        sums: (&mut [i64], &mut [i64]),
        count: usize,
    ) {
        self.influence.add_bins(metric_bins, sums.0, count);
        self.drivers.add_bins(driver_bins, sums.1, count);
    }

    #[inline(always)]
    fn count_overtakes(&mut self, layout: &Layout, metrics: &[f64]) {
        let n = layout.points;
        // Each unordered pair is scanned once for both directions.
        for &(ab, ba) in &layout.pair_twins {
            let (a, b) = layout.pairs[ab];
            let sa = &metrics[a * n..(a + 1) * n];
            let sb = &metrics[b * n..(b + 1) * n];
            let (first_ab, first_ba) = first_overtakes(sa, sb);
            self.first_overtake[ab * (n + 1) + first_ab] += 1;
            self.first_overtake[ba * (n + 1) + first_ba] += 1;
        }
    }
    /// Adds another aggregate of the same layout.
    pub fn merge(&mut self, other: &Aggregate) {
        self.influence.merge(&other.influence);
        self.drivers.merge(&other.drivers);
        for (a, b) in self.first_overtake.iter_mut().zip(&other.first_overtake) {
            *a += b;
        }
    }

    /// Number of members.
    pub fn members(&self) -> u64 {
        self.influence.members()
    }
}

/// The first point `t` at which series `a` overtakes `b` (`a[t - 1]` is not above `b[t - 1]`
/// and `a[t]` is above `b[t]`), and the first at which `b` overtakes `a`; `a.len()` for never.
/// For the finite values an ensemble folds, "not above" is `a[t - 1] <= b[t - 1]`.
///
/// Runs of up to 64 points (every shipped calendar) are read as two bit masks: the comparisons
/// fill a byte per point, a whole vector at a time, and eight bytes become eight bits with one
/// multiplication.
#[inline(always)]
fn first_overtakes(a: &[f64], b: &[f64]) -> (usize, usize) {
    let n = a.len();
    if n > 64 {
        return first_overtakes_scan(a, b);
    }
    let (mut a_above, mut b_above) = ([0u8; 64], [0u8; 64]);
    let points = a
        .iter()
        .zip(b)
        .zip(a_above.iter_mut().zip(b_above.iter_mut()));
    for ((x, y), (a_up, b_up)) in points {
        *a_up = u8::from(x > y);
        *b_up = u8::from(y > x);
    }
    let first = |above: &[u8; 64]| {
        let above = bits(above);
        let overtakes = above & (!above << 1);
        if overtakes == 0 {
            n
        } else {
            overtakes.trailing_zeros() as usize
        }
    };
    (first(&a_above), first(&b_above))
}

/// Bit `k` of the result is byte `k`, each byte being 0 or 1.
#[inline(always)]
fn bits(bytes: &[u8; 64]) -> u64 {
    let mut out = 0;
    for (k, chunk) in bytes.chunks_exact(8).enumerate() {
        let mut eight = [0; 8];
        eight.copy_from_slice(chunk);
        // Byte j times the byte 2^(7 - i) lands on bit 7j + 7i + 7, distinct for every (i, j):
        // the top byte holds bit j of the result at bit 56 + j, and nothing carries.
        out |= (u64::from_le_bytes(eight).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    out
}

/// [`first_overtakes`] point by point, for runs longer than 64 points.
fn first_overtakes_scan(a: &[f64], b: &[f64]) -> (usize, usize) {
    let n = a.len();
    let (mut first_ab, mut first_ba) = (n, n);
    for t in 1..n {
        let (ab_before, ab) = (a[t - 1] > b[t - 1], a[t] > b[t]);
        let (ba_before, ba) = (b[t - 1] > a[t - 1], b[t] > a[t]);
        if first_ab == n && !ab_before && ab {
            first_ab = t;
        }
        if first_ba == n && !ba_before && ba {
            first_ba = t;
        }
        if first_ab < n && first_ba < n {
            break;
        }
    }
    (first_ab, first_ba)
}

/// Paired differences of a scenario from the baseline, member by member.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// `[metric * points + point]` scenario minus baseline, in [-1, 1].
    pub stats: SeriesStats,
    /// `[metric * points + point]` members in which the scenario is above the baseline.
    pub above: Vec<u64>,
}

impl Difference {
    /// Empty differences for a layout.
    pub fn new(layout: &Layout) -> Difference {
        let n = layout.metrics.len() * layout.points;
        Difference {
            stats: SeriesStats::new(&vec![(-1.0, 1.0); n], 2 * BINS),
            above: vec![0; n],
        }
    }

    /// Records one member's differences (scenario minus baseline) in `out`, counting where the
    /// scenario is above; the differences are then folded with [`SeriesStats::add_batch`] (or
    /// [`SeriesStats::observe`]).
    pub fn record(&mut self, scenario: &[f64], baseline: &[f64], out: &mut [f64]) {
        for (i, (s, b)) in scenario.iter().zip(baseline).enumerate() {
            out[i] = s - b;
            if s > b {
                self.above[i] += 1;
            }
        }
    }

    /// Adds other differences of the same layout.
    pub fn merge(&mut self, other: &Difference) {
        self.stats.merge(&other.stats);
        for (a, b) in self.above.iter_mut().zip(&other.above) {
            *a += b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{first_overtakes, first_overtakes_scan};

    #[test]
    fn masks_find_the_same_overtakes_as_the_scan() {
        // Series of 41 points from a few levels, so that ties, crossings back and forth and
        // series that never cross all occur; plus a NaN.
        let mut state = 12345u64;
        let mut level = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            [0.1, 0.2, 0.2, 0.3][(state >> 62) as usize]
        };
        // The definition for finite values, as docs/MODEL.md states it.
        let naive = |a: &[f64], b: &[f64]| {
            let first = |a: &[f64], b: &[f64]| {
                (1..a.len())
                    .find(|&t| a[t - 1] <= b[t - 1] && a[t] > b[t])
                    .unwrap_or(a.len())
            };
            (first(a, b), first(b, a))
        };
        for n in [1, 2, 7, 8, 9, 41, 63, 64, 65, 100] {
            for _ in 0..200 {
                let a: Vec<f64> = (0..n).map(|_| level()).collect();
                let b: Vec<f64> = (0..n).map(|_| level()).collect();
                assert_eq!(first_overtakes(&a, &b), naive(&a, &b), "{a:?} {b:?}");
                assert_eq!(first_overtakes(&a, &b), first_overtakes_scan(&a, &b));
            }
        }
        let (mut a, b) = (vec![0.1, 0.3, 0.1, 0.3], vec![0.2; 4]);
        assert_eq!(first_overtakes(&a, &b), (1, 2));
        a[0] = f64::NAN;
        assert_eq!(first_overtakes(&a, &b), first_overtakes_scan(&a, &b));
        assert_eq!(first_overtakes(&[0.5; 3], &[0.1; 3]), (3, 3));
        assert_eq!(first_overtakes(&[], &[]), (0, 0));
    }
}
