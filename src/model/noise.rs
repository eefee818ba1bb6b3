//! The random numbers of `N` members' dynamics (noise on drivers and effort, incidents, exits),
//! one generator per member, each read [`BLOCK`] numbers at a time.
//!
//! Why not call `ChaCha8Rng::next_u64` for each number: it reads, checks and stores its position
//! in its buffer of 32-bit words and joins two words on every call. A [`Stream`] copies
//! [`BLOCK`] numbers out with one `fill_bytes` and hands them out one by one (1.6 % fewer
//! instructions for a 24,000-member ensemble, 1 to 14 % less time in paired runs, and it is what
//! made eight lanes pay: docs/PERFORMANCE.md). The numbers and
//! their order do not change: `next_u64` joins two consecutive words low word first, which is
//! the little-endian layout `fill_bytes` writes. [`Noise::finish`] moves each generator to just
//! after the last number handed out, so it goes on exactly as if each number had been drawn
//! alone. That is a method rather than `Drop`: a destructor in the step's scope needs unwinding
//! paths through the step, which cost the compiled step 8 % more instructions.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::lanes::Lane;
use super::normal::{Bits, Tables, draw, tables, unit};

/// How many numbers a [`Stream`] reads from its generator at a time.
pub const BLOCK: usize = 64;

/// One member's generator, read [`BLOCK`] numbers at a time.
#[derive(Debug)]
pub struct Stream<'a> {
    rng: &'a mut ChaCha8Rng,
    /// The generator's position (in 32-bit words) when the stream was made.
    start: u128,
    /// How many blocks have been read from the generator.
    blocks: u64,
    /// The next number of `block` to hand out (`BLOCK`: none left).
    next: usize,
    block: [u64; BLOCK],
}

impl<'a> Stream<'a> {
    /// A stream that hands out what `rng` would draw next.
    pub fn new(rng: &'a mut ChaCha8Rng) -> Stream<'a> {
        Stream {
            start: rng.get_word_pos(),
            rng,
            blocks: 0,
            next: BLOCK,
            block: [0; BLOCK],
        }
    }

    /// The next number: what `rng.next_u64()` would give.
    #[inline(always)]
    pub fn next_u64(&mut self) -> u64 {
        if self.next == BLOCK {
            self.refill();
        }
        // The bytes were written in little-endian order.
        let bits = u64::from_le(self.block[self.next]);
        self.next += 1;
        bits
    }

    #[cold]
    #[inline(never)]
    fn refill(&mut self) {
        self.rng.fill_bytes(bytemuck::bytes_of_mut(&mut self.block));
        self.blocks += 1;
        self.next = 0;
    }

    /// Leaves the generator just after the last number handed out.
    pub fn finish(self) {
        if self.blocks > 0 {
            let used = (self.blocks - 1) * BLOCK as u64 + self.next as u64;
            self.rng.set_word_pos(self.start + 2 * u128::from(used));
        }
    }
}

impl Bits for Stream<'_> {
    #[inline(always)]
    fn next_bits(&mut self) -> u64 {
        self.next_u64()
    }
}

/// The dynamics streams of `N` members side by side, lane `l` from member `l`'s generator.
#[derive(Debug)]
pub struct Noise<'a, const N: usize> {
    lanes: [Stream<'a>; N],
    tables: &'static Tables,
}

impl<'a, const N: usize> Noise<'a, N> {
    /// Streams over the generators `rngs`, lane `l` from `rngs[l]`. Until [`Noise::finish`],
    /// the generators are ahead of the numbers handed out.
    pub fn new(rngs: &'a mut [ChaCha8Rng; N]) -> Noise<'a, N> {
        Noise {
            lanes: rngs.each_mut().map(Stream::new),
            tables: tables(),
        }
    }

    /// Leaves each generator where drawing the same numbers one by one would have left it.
    pub fn finish(self) {
        for stream in self.lanes {
            stream.finish();
        }
    }

    /// One standard normal draw per lane: what [`super::normal::standard_normal`] gives each
    /// generator. A plain loop over the lanes, so that it is inlined into the step.
    #[inline(always)]
    pub fn normals(&mut self) -> Lane<N> {
        let mut z = [0.0; N];
        for (z, stream) in z.iter_mut().zip(self.lanes.iter_mut()) {
            *z = draw(stream, self.tables);
        }
        Lane(z)
    }

    /// One uniform number in [0, 1) per lane: what `rng.random::<f64>()` gives each generator
    /// (the top 53 bits of one `u64`).
    #[inline(always)]
    pub fn uniforms(&mut self) -> Lane<N> {
        let mut u = [0.0; N];
        for (u, stream) in u.iter_mut().zip(self.lanes.iter_mut()) {
            *u = unit(stream);
        }
        Lane(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::normal::standard_normal;
    use rand::{RngExt, SeedableRng};

    fn seeded(k: usize) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(k as u64)
    }

    /// Asserts that `in_lanes` gives, lane by lane, what `alone` gives each of four generators
    /// seeded alike, over 20,000 draws (enough for the normals' slow path and many blocks), and
    /// that both leave the generators at the same place.
    fn lanes_agree_with_each_generator(
        in_lanes: impl Fn(&mut Noise<'_, 4>) -> Lane<4>,
        alone: impl Fn(&mut ChaCha8Rng) -> f64,
    ) {
        let mut lanes: [ChaCha8Rng; 4] = std::array::from_fn(seeded);
        let mut single: [ChaCha8Rng; 4] = std::array::from_fn(seeded);
        // A generator part-way through its own buffer, at an odd word.
        lanes[1].next_u32();
        single[1].next_u32();
        let mut noise = Noise::new(&mut lanes);
        for _ in 0..20_000 {
            let x = in_lanes(&mut noise);
            for (x, rng) in x.0.iter().zip(single.iter_mut()) {
                assert_eq!(x.to_bits(), alone(rng).to_bits());
            }
        }
        noise.finish();
        for (a, b) in lanes.iter_mut().zip(single.iter_mut()) {
            assert_eq!(a.get_word_pos(), b.get_word_pos());
            assert_eq!(a.next_u32(), b.next_u32());
        }
    }

    #[test]
    fn lanes_draw_the_normals_each_generator_draws_alone() {
        lanes_agree_with_each_generator(|n| n.normals(), standard_normal);
    }

    #[test]
    fn lane_uniforms_are_rands_uniforms() {
        lanes_agree_with_each_generator(|n| n.uniforms(), |r| r.random::<f64>());
    }

    #[test]
    fn a_stream_leaves_its_generator_where_drawing_alone_would() {
        // Either side of each block's end, and past a second block.
        for used in [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 3] {
            let (mut a, mut b) = (seeded(7), seeded(7));
            let mut stream = Stream::new(&mut a);
            for _ in 0..used {
                assert_eq!(stream.next_u64(), b.next_u64());
            }
            stream.finish();
            assert_eq!(a.get_word_pos(), b.get_word_pos(), "{used} numbers");
            assert_eq!(a.next_u64(), b.next_u64(), "{used} numbers");
        }
    }
}
