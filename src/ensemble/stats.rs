//! Exact, mergeable statistics of many series: a fixed-bin histogram per series (for quantiles),
//! an exact fixed-point sum (for the mean), and the minimum and maximum.
//!
//! Everything here is order-independent: folding members in any order, on any number of
//! threads or machines, and merging the pieces gives bit-identical results. Memory depends on
//! the number of series and bins, never on the number of members.
//!
//! Quantiles are read from the histogram by linear interpolation within the bin that holds the
//! quantile, clamped to the observed minimum and maximum, so the error of a quantile is at most
//! one bin width: `(high - low) / bins`.
//!
//! Why hand-written: streaming-quantile crates (t-digest, GK sketches, HDR histograms) either
//! depend on the order members arrive in, merge only approximately, or have no exact
//! fixed-point mean; ensembles here must give the same bits for any thread count and shard split,
//! which needs counts and integer sums that add exactly.

use crate::model::exp::MAGIC;

/// Fixed-point scale of the exact sums: values are rounded to multiples of 2^-32.
const FIXED_SCALE: f64 = 4_294_967_296.0;

/// A value in fixed point, rounded half away from zero (exact and platform-independent).
#[inline]
fn fixed(v: f64) -> i128 {
    let x = v * FIXED_SCALE;
    (x + 0.5_f64.copysign(x)) as i128
}

/// Values smaller than this in size have fixed-point values under 2^50: [`fixed64`] converts
/// them exactly, and 256 of them add up within an i64.
const SMALL: f64 = 262_144.0;

/// [`fixed`] as an i64, for values under [`SMALL`] in size. Rather than the saturating cast,
/// which has no vector instruction below AVX-512, it rounds by the magic number and corrects
/// toward zero, so that whole vectors convert at once with the same result as `as`.
#[inline(always)]
fn fixed64(v: f64) -> i64 {
    let x = v * FIXED_SCALE;
    let y = x + 0.5_f64.copysign(x);
    let t = y + MAGIC;
    let nearest = t - MAGIC;
    let rounded = t.to_bits() as i64 - MAGIC.to_bits() as i64;
    // Truncation toward zero, as `as` does: undo a rounding away from zero.
    rounded - i64::from(y >= 0.0 && nearest > y) + i64::from(y < 0.0 && nearest < y)
}

/// The bin, of `top + 1`, that holds position `(v - low) * scale`: negative positions and NaN
/// go to bin 0 and positions past the top to the last bin, as the saturating cast to an integer
/// and a clamp would. Rounding by the magic number instead of that cast lets whole vectors of
/// values convert at once.
#[inline(always)]
fn bin_of(v: f64, low: f64, scale: f64, top: f64) -> u16 {
    let p = (v - low) * scale;
    let p = if p > 0.0 { p } else { 0.0 };
    let p = if p < top { p } else { top };
    let t = p + MAGIC;
    let nearest = t - MAGIC;
    // The floor: undo a rounding up.
    (t.to_bits() - MAGIC.to_bits() - u64::from(nearest > p)) as u16
}

/// Statistics of a set of series, each with its own value range. A bin's count is kept as a
/// byte plus a carry (`count = carry * 256 + byte`): the bytes are all a member touches, so the
/// histograms an ensemble updates stay small enough for the processor's cache, and the carries
/// are touched once every 256 members of a bin.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesStats {
    bins: usize,
    low: Vec<f64>,
    high: Vec<f64>,
    scale: Vec<f64>,
    counts: Vec<u8>,
    carries: Vec<u32>,
    sums: Vec<i128>,
    min: Vec<f64>,
    max: Vec<f64>,
    members: u64,
}

impl SeriesStats {
    /// Empty statistics for series with the given value ranges and `bins` bins each.
    pub fn new(ranges: &[(f64, f64)], bins: usize) -> SeriesStats {
        let n = ranges.len();
        let high: Vec<f64> = ranges.iter().map(|r| r.1.max(r.0 + f64::EPSILON)).collect();
        SeriesStats {
            bins,
            low: ranges.iter().map(|r| r.0).collect(),
            scale: ranges
                .iter()
                .zip(&high)
                .map(|(r, h)| bins as f64 / (h - r.0))
                .collect(),
            high,
            counts: vec![0; n * bins],
            carries: vec![0; n * bins],
            sums: vec![0; n],
            min: vec![f64::INFINITY; n],
            max: vec![f64::NEG_INFINITY; n],
            members: 0,
        }
    }

    /// Number of series.
    pub fn len(&self) -> usize {
        self.sums.len()
    }

    /// Whether there are no series.
    pub fn is_empty(&self) -> bool {
        self.sums.is_empty()
    }

    /// Number of members folded in.
    pub fn members(&self) -> u64 {
        self.members
    }

    /// The largest possible error of a quantile of series `i`.
    pub fn resolution(&self, i: usize) -> f64 {
        (self.high[i] - self.low[i]) / self.bins as f64
    }

    /// Folds in one member's values, one per series, in series order.
    #[inline]
    pub fn add(&mut self, values: &[f64]) {
        debug_assert_eq!(values.len(), self.len());
        let bins = self.bins;
        let top = (bins - 1) as f64;
        for (i, &v) in values.iter().enumerate() {
            let pos = (v - self.low[i]) * self.scale[i];
            // Truncation is the floor for the non-negative positions that count; the clamp puts
            // values outside the range in the end bins.
            let b = pos.clamp(0.0, top) as usize;
            self.bump(i * bins + b);
            self.sums[i] += fixed(v);
            self.min[i] = self.min[i].min(v);
            self.max[i] = self.max[i].max(v);
        }
        self.members += 1;
    }

    /// Adds one to a bin's count.
    #[inline]
    fn bump(&mut self, at: usize) {
        let (c, wrapped) = self.counts[at].overflowing_add(1);
        self.counts[at] = c;
        if wrapped {
            self.carries[at] += 1;
        }
    }

    /// The full count of a bin.
    #[inline]
    fn count(&self, at: usize) -> u64 {
        u64::from(self.counts[at]) + 256 * u64::from(self.carries[at])
    }

    /// Folds in `count` members at once: member `j`'s value of series `i` is
    /// `values[j * self.len() + i]`. Same result as adding them one by one, but series by series,
    /// which keeps each series' histogram in cache.
    pub fn add_batch(&mut self, values: &[f64], count: usize) {
        let n = self.len();
        debug_assert!(values.len() >= count * n);
        let bins = self.bins;
        for i in 0..n {
            let (low, scale) = (self.low[i], self.scale[i]);
            // A batch's fixed-point sum fits in an i64 for |values| below SMALL at up to 256
            // members; larger batches or values go through i128 member by member.
            let (mut sum, mut min, mut max) = (0i64, self.min[i], self.max[i]);
            let mut wide = 0i128;
            for j in 0..count {
                let v = values[j * n + i];
                // The saturating cast sends negative positions and NaN to bin 0, as clamping
                // to [0, top] first would, and `min` puts positions past the top in the last bin.
                let b = (((v - low) * scale) as usize).min(bins - 1);
                let at = i * bins + b;
                let (c, wrapped) = self.counts[at].overflowing_add(1);
                self.counts[at] = c;
                if wrapped {
                    self.carries[at] += 1;
                }
                if count <= 256 && v.abs() < SMALL {
                    sum += fixed64(v);
                } else {
                    wide += fixed(v);
                }
                min = if v < min { v } else { min };
                max = if v > max { v } else { max };
            }
            self.sums[i] += wide + i128::from(sum);
            self.min[i] = min;
            self.max[i] = max;
        }
        self.members += count as u64;
    }

    /// Folds in one member's minimum and maximum now, and leaves the rest for
    /// [`SeriesStats::add_bins`]: the bin of series `i` goes to `bins[i]`, and its fixed-point
    /// value is added to the partial sum `sums[i]` (values of 2^18 or more in size go straight
    /// to the exact sum). With `add_bins` of the same bins and partial sums, called at least
    /// every 256 members, the same result as [`SeriesStats::add`]; the member's values are read
    /// once, while they are in cache, and a batch keeps two bytes per value instead of eight.
    #[inline(always)]
    pub fn observe(&mut self, values: &[f64], bins: &mut [u16], sums: &mut [i64]) {
        debug_assert!(values.len() == self.len() && bins.len() == self.len());
        debug_assert!(self.bins <= usize::from(u16::MAX) + 1);
        // Without a branch, so that it runs on whole vectors: whether every value is under
        // SMALL in size (false for NaN).
        let small = values.iter().fold(true, |all, v| all & (v.abs() < SMALL));
        if small {
            // At most 256 values under 2^50 in fixed point: the partial sums fit in an i64.
            for (sum, &v) in sums.iter_mut().zip(values) {
                *sum += fixed64(v);
            }
        } else {
            for (i, (sum, &v)) in sums.iter_mut().zip(values).enumerate() {
                if v.abs() < SMALL {
                    *sum += fixed64(v);
                } else {
                    self.sums[i] += fixed(v);
                }
            }
        }
        // NaN and negative positions go to bin 0 and positions past the top to the last bin, as
        // `add_batch`'s cast to usize and `min` do.
        let top = (self.bins - 1) as f64;
        let series = values
            .iter()
            .zip(bins.iter_mut())
            .zip(self.low.iter().zip(&self.scale))
            .zip(self.min.iter_mut().zip(self.max.iter_mut()));
        for (((&v, bin), (&low, &scale)), (min, max)) in series {
            *bin = bin_of(v, low, scale, top);
            *min = if v < *min { v } else { *min };
            *max = if v > *max { v } else { *max };
        }
        self.members += 1;
    }

    /// Counts the bins of `count` (at most 256) observed members and adds their partial sums
    /// (see [`SeriesStats::observe`]), which it sets back to zero: member `j`'s bin of series `i`
    /// is `bins[j * self.len() + i]`. Series by series, which keeps each series' histogram in
    /// cache.
    pub fn add_bins(&mut self, bins: &[u16], sums: &mut [i64], count: usize) {
        let n = self.len();
        debug_assert!(bins.len() >= count * n && count <= 256);
        // Four series at a time: their counts are four independent chains of memory updates,
        // which the processor overlaps (one series' members often share a bin, and each bump
        // of a bin waits for the last). Counts add up the same in any order.
        const WAYS: usize = 4;
        let whole = n - n % WAYS;
        for i in (0..whole).step_by(WAYS) {
            for j in 0..count {
                let at = &bins[j * n + i..j * n + i + WAYS];
                for (k, &b) in at.iter().enumerate() {
                    self.bump((i + k) * self.bins + usize::from(b));
                }
            }
        }
        for i in whole..n {
            let first = i * self.bins;
            for j in 0..count {
                self.bump(first + usize::from(bins[j * n + i]));
            }
        }
        for (total, partial) in self.sums.iter_mut().zip(sums.iter_mut()) {
            *total += i128::from(*partial);
            *partial = 0;
        }
    }

    /// Adds another set of statistics over the same series and ranges.
    pub fn merge(&mut self, other: &SeriesStats) {
        for (at, (a, b)) in self.counts.iter_mut().zip(&other.counts).enumerate() {
            let sum = u32::from(*a) + u32::from(*b);
            *a = (sum & 0xff) as u8;
            if sum > 0xff {
                self.carries[at] += 1;
            }
        }
        // Most carries are zero: skip them, so untouched (lazily zeroed) pages stay untouched.
        for (a, &b) in self.carries.iter_mut().zip(&other.carries) {
            if b != 0 {
                *a += b;
            }
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            *a += b;
        }
        for (a, b) in self.min.iter_mut().zip(&other.min) {
            *a = a.min(*b);
        }
        for (a, b) in self.max.iter_mut().zip(&other.max) {
            *a = a.max(*b);
        }
        self.members += other.members;
    }

    /// Whether two statistics cover the same series with the same ranges (so they can merge).
    pub fn same_shape(&self, other: &SeriesStats) -> bool {
        self.bins == other.bins && self.low == other.low && self.high == other.high
    }

    /// Mean of series `i`.
    pub fn mean(&self, i: usize) -> f64 {
        if self.members == 0 {
            return f64::NAN;
        }
        self.sums[i] as f64 / FIXED_SCALE / self.members as f64
    }

    /// The bin a value falls in for series `i`.
    #[inline]
    fn bin(&self, i: usize, v: f64) -> usize {
        ((v - self.low[i]) * self.scale[i]).clamp(0.0, (self.bins - 1) as f64) as usize
    }

    /// The bins of series `i` that can hold members (those between its minimum and maximum),
    /// with their counts.
    fn occupied(&self, i: usize) -> impl Iterator<Item = (usize, u64)> + '_ {
        let (first, last) = if self.members == 0 {
            (1, 0)
        } else {
            (self.bin(i, self.min[i]), self.bin(i, self.max[i]))
        };
        (first..=last).map(move |b| (b, self.count(i * self.bins + b)))
    }

    /// The `q`-quantile (0-1) of series `i`.
    pub fn quantile(&self, i: usize, q: f64) -> f64 {
        if self.members == 0 {
            return f64::NAN;
        }
        let target = q.clamp(0.0, 1.0) * self.members as f64;
        let width = (self.high[i] - self.low[i]) / self.bins as f64;
        let mut before = 0.0;
        for (b, c) in self.occupied(i) {
            if c == 0 {
                continue;
            }
            let c = c as f64;
            if before + c >= target {
                let within = ((target - before) / c).clamp(0.0, 1.0);
                let v = self.low[i] + (b as f64 + within) * width;
                return v.clamp(self.min[i], self.max[i]);
            }
            before += c;
        }
        self.max[i]
    }

    /// The statistics in their compact, serialisable form (only non-empty bins), for part files.
    pub fn to_sparse(&self) -> SparseStats {
        SparseStats {
            bins: self.bins as u64,
            members: self.members,
            series: (0..self.len())
                .map(|i| SparseSeries {
                    low: self.low[i],
                    high: self.high[i],
                    min: self.min[i],
                    max: self.max[i],
                    sum: self.sums[i],
                    bins: self
                        .occupied(i)
                        .filter(|(_, c)| *c > 0)
                        .map(|(b, c)| (b as u64, c))
                        .collect(),
                })
                .collect(),
        }
    }

    /// Statistics from their compact form; `None` if it is inconsistent (a bin out of range, or
    /// counts that do not add up to the members).
    pub fn from_sparse(sparse: &SparseStats) -> Option<SeriesStats> {
        let bins = usize::try_from(sparse.bins).ok()?;
        let n = sparse.series.len();
        if bins == 0 || bins > 1 << 24 || n > 1 << 24 || n.checked_mul(bins)? > 1 << 30 {
            return None;
        }
        let mut s = SeriesStats::new(&vec![(0.0, 1.0); n], bins);
        s.members = sparse.members;
        for (i, series) in sparse.series.iter().enumerate() {
            if series.high.partial_cmp(&series.low) != Some(std::cmp::Ordering::Greater) {
                return None;
            }
            s.low[i] = series.low;
            s.high[i] = series.high;
            s.scale[i] = bins as f64 / (series.high - series.low);
            s.min[i] = series.min;
            s.max[i] = series.max;
            s.sums[i] = series.sum;
            let mut total = 0u64;
            for &(b, c) in &series.bins {
                let b = usize::try_from(b).ok().filter(|&b| b < bins)?;
                s.counts[i * bins + b] = (c & 0xff) as u8;
                s.carries[i * bins + b] = u32::try_from(c >> 8).ok()?;
                total = total.checked_add(c)?;
            }
            if total != sparse.members {
                return None;
            }
        }
        Some(s)
    }
}

/// Statistics in compact form: per series its range, extremes, exact sum and the non-empty bins.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SparseStats {
    /// Bins per series.
    pub bins: u64,
    /// Members folded in.
    pub members: u64,
    /// Every series.
    pub series: Vec<SparseSeries>,
}

/// One series of [`SparseStats`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SparseSeries {
    /// Low end of the histogram range.
    pub low: f64,
    /// High end of the histogram range.
    pub high: f64,
    /// Smallest value seen.
    pub min: f64,
    /// Largest value seen.
    pub max: f64,
    /// Exact fixed-point sum.
    pub sum: i128,
    /// (bin, count) of every non-empty bin.
    pub bins: Vec<(u64, u64)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_quantile(sorted: &[f64], q: f64) -> f64 {
        let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[k - 1]
    }

    #[test]
    fn the_vector_friendly_fixed_point_is_the_saturating_cast() {
        // Ties, values whose half-away rounding is inexact, both signs and zeros, the edges of
        // SMALL, and a spread of magnitudes from tiny to large.
        let mut values = vec![
            0.0,
            -0.0,
            SMALL.next_down(),
            -SMALL.next_down(),
            f64::MIN_POSITIVE,
        ];
        for k in -40..=18 {
            let base = 2f64.powi(k);
            for scaled in [0.5, 1.5, 2.5, 0.5 - f64::EPSILON / 4.0] {
                let tie = scaled / FIXED_SCALE;
                values.extend([tie, -tie, base, -base, base * 0.7, -base * 0.7]);
                values.extend([tie.next_up(), tie.next_down(), (-tie).next_up()]);
            }
        }
        let mut bits = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..100_000 {
            bits ^= bits << 13;
            bits ^= bits >> 7;
            bits ^= bits << 17;
            let v = f64::from_bits(bits);
            if v.abs() < SMALL {
                values.push(v);
            }
            values.push((bits >> 11) as f64 / (1u64 << 53) as f64 * 2.0 * SMALL - SMALL);
        }
        for v in values.into_iter().filter(|v| v.abs() < SMALL) {
            assert_eq!(i128::from(fixed64(v)), fixed(v), "{v:e}");
        }
    }

    #[test]
    fn bins_by_the_magic_number_are_the_saturating_cast_and_clamp() {
        let mut bits = 0x2545_f491_4f6c_dd1d_u64;
        for (low, high, bins) in [
            (0.0, 1.0, 2048usize),
            (-0.5, 0.5, 4096),
            (0.0, 150.0, 65536),
        ] {
            let scale = bins as f64 / (high - low);
            let top = bins - 1;
            let mut values = vec![
                f64::NAN,
                f64::INFINITY,
                f64::NEG_INFINITY,
                low,
                high,
                0.0,
                -0.0,
            ];
            for b in 0..=bins {
                let edge = low + b as f64 / scale;
                values.extend([edge, edge.next_up(), edge.next_down()]);
            }
            for _ in 0..20_000 {
                bits ^= bits << 13;
                bits ^= bits >> 7;
                bits ^= bits << 17;
                let u = (bits >> 11) as f64 / (1u64 << 53) as f64;
                values.extend([low + (u * 1.4 - 0.2) * (high - low), f64::from_bits(bits)]);
            }
            for v in values {
                let cast = (((v - low) * scale) as i32).clamp(0, top as i32) as u16;
                assert_eq!(
                    bin_of(v, low, scale, top as f64),
                    cast,
                    "{v:e} in [{low}, {high}]"
                );
            }
        }
    }

    #[test]
    fn quantiles_within_one_bin_of_exact() {
        let values: Vec<f64> = (0..997)
            .map(|i| ((i * 7919) % 997) as f64 / 997.0 * 0.8 + 0.1)
            .collect();
        let mut s = SeriesStats::new(&[(0.0, 1.0)], 2048);
        for &v in &values {
            s.add(&[v]);
        }
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        for q in [0.05, 0.25, 0.5, 0.75, 0.95] {
            let err = (s.quantile(0, q) - exact_quantile(&sorted, q)).abs();
            assert!(err <= s.resolution(0), "q {q}: error {err}");
        }
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((s.mean(0) - mean).abs() < 1e-9);
    }

    #[test]
    fn merging_in_any_split_is_identical() {
        let values: Vec<f64> = (0..500).map(|i| (i as f64 * 0.618).fract()).collect();
        let mut whole = SeriesStats::new(&[(0.0, 1.0)], 64);
        for &v in &values {
            whole.add(&[v]);
        }
        let mut a = SeriesStats::new(&[(0.0, 1.0)], 64);
        let mut b = SeriesStats::new(&[(0.0, 1.0)], 64);
        for &v in values.iter().rev().take(123) {
            a.add(&[v]);
        }
        for &v in values.iter().rev().skip(123) {
            b.add(&[v]);
        }
        b.merge(&a);
        assert_eq!(whole, b);
    }

    #[test]
    fn counts_past_sixteen_bits_stay_exact() {
        let mut one = SeriesStats::new(&[(0.0, 1.0)], 8);
        let mut batch = SeriesStats::new(&[(0.0, 1.0)], 8);
        let values = vec![0.3; 64];
        for _ in 0..70_000 {
            one.add(&[0.3]);
        }
        for _ in 0..70_000 / 64 {
            batch.add_batch(&values, 64);
        }
        for _ in 0..70_000 % 64 {
            batch.add(&[0.3]);
        }
        one.add(&[0.9]);
        batch.add(&[0.9]);
        assert_eq!(one, batch);
        assert_eq!(one.count(2), 70_000);
        assert!((one.quantile(0, 0.99) - 0.3).abs() <= one.resolution(0));
        let mut merged = one.clone();
        merged.merge(&batch);
        assert_eq!(merged.count(2), 140_000);
        assert_eq!(merged.members(), 140_002);
        assert_eq!(SeriesStats::from_sparse(&merged.to_sparse()), Some(merged));
    }

    #[test]
    fn counting_bins_four_series_at_a_time_equals_adding() {
        // Nine series: two groups of four and one left over. Series 0 puts every member in one
        // bin, so its byte count wraps into the carry within a batch.
        let n = 9;
        let ranges: Vec<(f64, f64)> = (0..n).map(|i| (0.0, 1.0 + i as f64)).collect();
        let mut added = SeriesStats::new(&ranges, 32);
        let mut observed = SeriesStats::new(&ranges, 32);
        let mut bins = vec![0u16; n * 256];
        let mut sums = vec![0i64; n];
        for batch in 0..3 {
            for j in 0..256 {
                let values: Vec<f64> = (0..n)
                    .map(|i| {
                        if i == 0 {
                            0.5
                        } else {
                            ((batch * 256 + j) as f64 * 0.618 * i as f64).fract() * (1.0 + i as f64)
                        }
                    })
                    .collect();
                added.add(&values);
                observed.observe(&values, &mut bins[j * n..(j + 1) * n], &mut sums);
            }
            observed.add_bins(&bins, &mut sums, 256);
        }
        assert_eq!(added, observed);
        assert_eq!(observed.count(16), 3 * 256);
    }

    #[test]
    fn observing_then_counting_bins_equals_adding() {
        // Three series with values inside, below, above their ranges, large, and NaN.
        let ranges = [(0.0, 1.0), (-0.5, 0.5), (0.0, 10.0)];
        let mut added = SeriesStats::new(&ranges, 64);
        let mut observed = SeriesStats::new(&ranges, 64);
        let mut bins = vec![0u16; 3 * 300];
        let mut sums = vec![0i64; 3];
        for j in 0..300 {
            let x = (j as f64 * 0.618).fract();
            let values = [
                x * 1.2 - 0.1,
                if j == 7 { f64::NAN } else { x - 0.6 },
                if j % 50 == 0 { 5.0e6 } else { x * 10.0 },
            ];
            added.add(&values);
            observed.observe(&values, &mut bins[j * 3..(j + 1) * 3], &mut sums);
            if j == 255 {
                observed.add_bins(&bins, &mut sums, 256);
            }
        }
        observed.add_bins(&bins[256 * 3..], &mut sums, 44);
        assert_eq!(added, observed);
        let mut batch = SeriesStats::new(&ranges, 64);
        let values: Vec<f64> = (0..3 * 200).map(|i| (i as f64 * 0.377).fract()).collect();
        batch.add_batch(&values, 200);
        let mut observed = SeriesStats::new(&ranges, 64);
        for j in 0..200 {
            observed.observe(
                &values[j * 3..(j + 1) * 3],
                &mut bins[j * 3..(j + 1) * 3],
                &mut sums,
            );
        }
        observed.add_bins(&bins, &mut sums, 200);
        assert_eq!(batch, observed);
    }

    #[test]
    fn sparse_form_round_trips_and_rejects_inconsistency() {
        let mut s = SeriesStats::new(&[(0.0, 1.0), (-1.0, 1.0)], 16);
        s.add(&[0.3, -0.2]);
        s.add(&[0.9, 0.5]);
        let sparse = s.to_sparse();
        assert_eq!(SeriesStats::from_sparse(&sparse), Some(s));
        let mut lost = sparse.clone();
        lost.series[1].bins.pop();
        assert_eq!(SeriesStats::from_sparse(&lost), None);
        let mut outside = sparse;
        outside.series[0].bins[0].0 = 16;
        assert_eq!(SeriesStats::from_sparse(&outside), None);
    }
}
