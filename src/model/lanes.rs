//! Numbers of `N` ensemble members side by side, so that one pass of the equations advances `N`
//! runs: the plan's look-ups and loops are paid once for all of them, and the arithmetic runs in
//! SIMD registers. Every operation is done lane by lane with the same `f64` operation the scalar
//! equations use, in the same order, so each lane's bits are those of its member run alone
//! (`tests/lanes.rs`). A data-dependent branch becomes a [`Mask`] and a [`select`], which picks,
//! lane by lane, the value the branch would have computed.

use std::ops::{Add, AddAssign, BitAnd, BitOr, Div, Mul, MulAssign, Not, Sub};

/// How many members an ensemble worker runs at once: eight `f64`, two AVX2 registers. Eight
/// pay the plan's look-ups and loops once for twice as many members as four, for 15 % fewer
/// instructions in a 24,000-member ensemble; sixteen spill registers and cost more
/// (docs/PERFORMANCE.md).
pub const LANES: usize = 8;

/// One `f64` per lane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lane<const N: usize>(pub [f64; N]);

/// One condition per lane, held as all bits set (holds) or none (does not), the form a vector
/// comparison gives, so that masks combine and select without leaving vector registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mask<const N: usize>([u64; N]);

impl<const N: usize> Lane<N> {
    /// The same value in every lane.
    #[inline(always)]
    pub const fn splat(v: f64) -> Self {
        Lane([v; N])
    }

    /// Lane `l` from `f(l)`.
    #[inline(always)]
    pub fn from_fn(f: impl FnMut(usize) -> f64) -> Self {
        Lane(std::array::from_fn(f))
    }

    /// `f` applied lane by lane.
    #[inline(always)]
    pub fn map(self, mut f: impl FnMut(f64) -> f64) -> Self {
        Lane::from_fn(|l| f(self.0[l]))
    }

    /// `f` applied to the lanes of `self` and `other`.
    #[inline(always)]
    pub fn zip(self, other: Self, mut f: impl FnMut(f64, f64) -> f64) -> Self {
        Lane::from_fn(|l| f(self.0[l], other.0[l]))
    }

    /// [`f64::max`] lane by lane.
    #[inline(always)]
    pub fn max(self, v: f64) -> Self {
        self.map(|x| x.max(v))
    }

    /// [`f64::min`] lane by lane.
    #[inline(always)]
    pub fn min(self, v: f64) -> Self {
        self.map(|x| x.min(v))
    }

    /// [`f64::clamp`] lane by lane.
    #[inline(always)]
    pub fn clamp(self, low: f64, high: f64) -> Self {
        self.map(|x| x.clamp(low, high))
    }

    /// Lanes greater than `v`.
    #[inline(always)]
    pub fn gt(self, v: f64) -> Mask<N> {
        Mask::from_fn(|l| self.0[l] > v)
    }

    /// Lanes at least `v`.
    #[inline(always)]
    pub fn ge(self, v: f64) -> Mask<N> {
        Mask::from_fn(|l| self.0[l] >= v)
    }

    /// Lanes less than `v`.
    #[inline(always)]
    pub fn lt(self, v: f64) -> Mask<N> {
        Mask::from_fn(|l| self.0[l] < v)
    }

    /// Lanes greater than the other's.
    #[inline(always)]
    pub fn gt_lane(self, other: Self) -> Mask<N> {
        Mask::from_fn(|l| self.0[l] > other.0[l])
    }

    /// Lanes less than the other's.
    #[inline(always)]
    pub fn lt_lane(self, other: Self) -> Mask<N> {
        Mask::from_fn(|l| self.0[l] < other.0[l])
    }

    /// Lanes not equal to `v`.
    #[inline(always)]
    pub fn ne(self, v: f64) -> Mask<N> {
        Mask::from_fn(|l| self.0[l] != v)
    }

    /// Lanes not equal to the other's (NaN is unequal to everything).
    #[inline(always)]
    pub fn ne_lane(self, other: Self) -> Mask<N> {
        Mask::from_fn(|l| self.0[l] != other.0[l])
    }
}

impl<const N: usize> Mask<N> {
    /// The same condition in every lane.
    #[inline(always)]
    pub const fn splat(v: bool) -> Self {
        Mask([if v { u64::MAX } else { 0 }; N])
    }

    /// Lane `l` from `f(l)`.
    #[inline(always)]
    pub fn from_fn(mut f: impl FnMut(usize) -> bool) -> Self {
        Mask(std::array::from_fn(|l| if f(l) { u64::MAX } else { 0 }))
    }

    /// Whether lane `l` holds.
    #[inline(always)]
    pub fn get(self, l: usize) -> bool {
        self.0[l] != 0
    }

    /// Whether every lane holds.
    #[inline(always)]
    pub fn all(self) -> bool {
        self.0.iter().fold(u64::MAX, |all, &b| all & b) != 0
    }

    /// Whether any lane holds.
    #[inline(always)]
    pub fn any(self) -> bool {
        self.0.iter().fold(0, |any, &b| any | b) != 0
    }
}

/// Lane by lane, `yes` where `mask` holds and `no` elsewhere: what `if mask { yes } else { no }`
/// gives each member.
#[inline(always)]
pub fn select<const N: usize>(mask: Mask<N>, yes: Lane<N>, no: Lane<N>) -> Lane<N> {
    Lane::from_fn(|l| {
        let m = mask.0[l];
        f64::from_bits((yes.0[l].to_bits() & m) | (no.0[l].to_bits() & !m))
    })
}

macro_rules! lane_op {
    ($trait:ident, $method:ident, $assign:ident, $assign_method:ident, $op:tt) => {
        impl<const N: usize> $trait for Lane<N> {
            type Output = Lane<N>;
            #[inline(always)]
            fn $method(self, rhs: Lane<N>) -> Lane<N> {
                Lane::from_fn(|l| self.0[l] $op rhs.0[l])
            }
        }
        impl<const N: usize> $trait<f64> for Lane<N> {
            type Output = Lane<N>;
            #[inline(always)]
            fn $method(self, rhs: f64) -> Lane<N> {
                Lane::from_fn(|l| self.0[l] $op rhs)
            }
        }
        impl<const N: usize> $trait<Lane<N>> for f64 {
            type Output = Lane<N>;
            #[inline(always)]
            fn $method(self, rhs: Lane<N>) -> Lane<N> {
                Lane::from_fn(|l| self $op rhs.0[l])
            }
        }
        impl<const N: usize> $assign for Lane<N> {
            #[inline(always)]
            fn $assign_method(&mut self, rhs: Lane<N>) {
                *self = *self $op rhs;
            }
        }
        impl<const N: usize> $assign<f64> for Lane<N> {
            #[inline(always)]
            fn $assign_method(&mut self, rhs: f64) {
                *self = *self $op rhs;
            }
        }
    };
}

lane_op!(Add, add, AddAssign, add_assign, +);
lane_op!(Sub, sub, SubAssign, sub_assign, -);
lane_op!(Mul, mul, MulAssign, mul_assign, *);
lane_op!(Div, div, DivAssign, div_assign, /);

use std::ops::{DivAssign, SubAssign};

impl<const N: usize> BitAnd for Mask<N> {
    type Output = Mask<N>;
    #[inline(always)]
    fn bitand(self, rhs: Mask<N>) -> Mask<N> {
        Mask(std::array::from_fn(|l| self.0[l] & rhs.0[l]))
    }
}

impl<const N: usize> BitOr for Mask<N> {
    type Output = Mask<N>;
    #[inline(always)]
    fn bitor(self, rhs: Mask<N>) -> Mask<N> {
        Mask(std::array::from_fn(|l| self.0[l] | rhs.0[l]))
    }
}

impl<const N: usize> Not for Mask<N> {
    type Output = Mask<N>;
    #[inline(always)]
    fn not(self) -> Mask<N> {
        Mask(std::array::from_fn(|l| !self.0[l]))
    }
}

impl Lane<1> {
    /// The value of a single run.
    #[inline(always)]
    pub fn value(self) -> f64 {
        self.0[0]
    }
}

impl Mask<1> {
    /// The condition of a single run.
    #[inline(always)]
    pub fn value(self) -> bool {
        self.get(0)
    }
}

/// The values of a single run's variable.
pub fn values(v: &[Lane<1>]) -> Vec<f64> {
    v.iter().map(|x| x.value()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_compute_what_each_member_would() {
        let a = Lane([1.0, -2.0, f64::NAN, 0.5]);
        let b = Lane([3.0, 0.25, 1.0, -0.0]);
        let sum = a + b * 2.0 - 1.0 / a;
        for l in 0..4 {
            let x = a.0[l] + b.0[l] * 2.0 - 1.0 / a.0[l];
            assert_eq!(sum.0[l].to_bits(), x.to_bits());
        }
        assert_eq!(a.max(0.0).0[2], 0.0_f64.max(f64::NAN));
        let s = select(a.gt(0.0), a, b);
        assert_eq!(s.0, [1.0, 0.25, 1.0, 0.5]);
        assert!(!(a.gt(5.0)).any());
    }

    #[test]
    fn masks_hold_where_each_members_condition_holds() {
        let a = Lane([1.0, -2.0, f64::NAN, -0.0]);
        let b = Lane([1.0, 0.25, f64::NAN, 0.0]);
        let cases = [
            (a.gt(0.0), [true, false, false, false]),
            (a.ge(1.0), [true, false, false, false]),
            (a.lt(0.0), [false, true, false, false]),
            (a.ne(1.0), [false, true, true, true]),
            (a.gt_lane(b), [false, false, false, false]),
            (a.lt_lane(b), [false, true, false, false]),
            (a.ne_lane(b), [false, true, true, false]),
            (a.gt(0.0) | a.lt(0.0), [true, true, false, false]),
            (a.ne(1.0) & a.ne_lane(b), [false, true, true, false]),
            (!a.gt(0.0), [false, true, true, true]),
            (Mask::from_fn(|l| l % 2 == 1), [false, true, false, true]),
        ];
        for (mask, expected) in cases {
            for (l, &e) in expected.iter().enumerate() {
                assert_eq!(mask.get(l), e, "lane {l} of {mask:?}");
            }
            assert_eq!(mask.any(), expected.contains(&true));
            assert_eq!(mask.all(), !expected.contains(&false));
        }
        // Selection keeps every bit of the chosen value: signed zeros and NaN payloads.
        let yes = Lane([-0.0, f64::from_bits(0x7ff8_0000_0000_0001), 1.5, 2.5]);
        let no = Lane([0.0, 3.0, f64::from_bits(0xfff0_0000_0000_0002), -1.0]);
        let picked = select(Mask::from_fn(|l| l < 2), yes, no);
        let bits = |x: Lane<4>| x.0.map(f64::to_bits);
        let expected = [yes.0[0], yes.0[1], no.0[2], no.0[3]].map(f64::to_bits);
        assert_eq!(bits(picked), expected);
        assert!(Mask::<4>::splat(true).all() && !Mask::<4>::splat(false).any());
    }
}
