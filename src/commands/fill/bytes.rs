//! The byte streams `fill` writes: one byte, a repeated pattern, or seeded random bytes. Each
//! is a function of the position in the region only, so the result does not depend on where
//! the windows happen to start and end.

use crate::units::index;
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// A pattern is copied from a tile at least this long, so that short patterns are written
/// with large copies instead of byte by byte.
const TILE: usize = 64 << 10;

/// What fills the region.
pub enum Filler {
    /// Every byte the same (memset).
    Byte(u8),
    /// A pattern repeated from the region's start.
    Pattern(Pattern),
    /// Pseudo-random bytes from a seed.
    Random(RandomStream),
}

impl Filler {
    /// Fills `dst`, which is the part of the region that starts `pos` bytes into it. Calls
    /// must cover the region in order, without gaps (the random stream is sequential).
    pub fn fill(&mut self, pos: u64, dst: &mut [u8]) {
        match self {
            Filler::Byte(b) => dst.fill(*b),
            Filler::Pattern(p) => p.fill(pos, dst),
            Filler::Random(r) => r.fill(dst),
        }
    }
}

/// A pattern laid out as a tile a whole number of periods long (plus one more period, so a
/// slice of tile length can start at any phase).
pub struct Pattern {
    period: usize,
    tile: Vec<u8>,
}

impl Pattern {
    /// A pattern of `bytes`, which must not be empty.
    pub fn new(bytes: &[u8]) -> Self {
        let period = bytes.len().max(1);
        let periods = TILE.div_ceil(period) + 1;
        let tile = bytes
            .iter()
            .copied()
            .cycle()
            .take(periods * period)
            .collect();
        Pattern { period, tile }
    }

    fn fill(&self, pos: u64, dst: &mut [u8]) {
        let phase = index(pos % self.period as u64);
        // A chunk of `span` bytes (whole periods) leaves the phase where it was.
        let span = self.tile.len() - self.period;
        for chunk in dst.chunks_mut(span) {
            chunk.copy_from_slice(&self.tile[phase..phase + chunk.len()]);
        }
    }
}

/// xoshiro256++ seeded with `seed_from_u64(seed)`. The stream is defined as the
/// generator's successive `next_u64()` values, each written as 8 little-endian bytes: byte
/// `i` of the region is byte `i % 8` of value number `i / 8`. A value split across two
/// calls keeps its unused bytes for the next call.
pub struct RandomStream {
    rng: Xoshiro256PlusPlus,
    carry: [u8; 8],
    carried: usize,
}

impl RandomStream {
    /// The stream for `seed`.
    pub fn new(seed: u64) -> Self {
        RandomStream {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
            carry: [0; 8],
            carried: 0,
        }
    }

    /// Writes the next `dst.len()` bytes of the stream.
    pub fn fill(&mut self, dst: &mut [u8]) {
        let take = self.carried.min(dst.len());
        let from = 8 - self.carried;
        dst[..take].copy_from_slice(&self.carry[from..from + take]);
        self.carried -= take;
        let dst = &mut dst[take..];
        let mut words = dst.chunks_exact_mut(8);
        for word in &mut words {
            word.copy_from_slice(&self.rng.next_u64().to_le_bytes());
        }
        let tail = words.into_remainder();
        if !tail.is_empty() {
            self.carry = self.rng.next_u64().to_le_bytes();
            tail.copy_from_slice(&self.carry[..tail.len()]);
            self.carried = 8 - tail.len();
        }
    }
}

/// A seed for `--random` without `--seed`: std's per-process random hasher keys come from
/// the operating system's random source, which spares a dependency for one number.
pub fn fresh_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fills `len` bytes in pieces of the given sizes (cycled).
    fn in_pieces(filler: &mut Filler, len: usize, pieces: &[usize]) -> Vec<u8> {
        let mut out = vec![0u8; len];
        let mut pos = 0;
        for &n in pieces.iter().cycle() {
            if pos == len {
                break;
            }
            let n = n.min(len - pos);
            filler.fill(pos as u64, &mut out[pos..pos + n]);
            pos += n;
        }
        out
    }

    #[test]
    fn random_stream_does_not_depend_on_piece_sizes() {
        let whole = in_pieces(&mut Filler::Random(RandomStream::new(7)), 1000, &[1000]);
        for pieces in [&[1][..], &[3, 5, 13], &[7, 8, 9], &[8], &[100, 1, 2]] {
            let split = in_pieces(&mut Filler::Random(RandomStream::new(7)), 1000, pieces);
            assert_eq!(split, whole, "pieces {pieces:?}");
        }
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        assert_eq!(whole[..8], rng.next_u64().to_le_bytes());
        assert_ne!(
            whole,
            in_pieces(&mut Filler::Random(RandomStream::new(8)), 1000, &[1000])
        );
    }

    /// The stream is the README's: xoshiro256++ words as little-endian bytes, the same bytes
    /// for a seed on every platform (this runs on big-endian s390x too: ci/cross.sh).
    #[test]
    fn random_bytes_are_the_same_on_every_platform() {
        let bytes = in_pieces(&mut Filler::Random(RandomStream::new(42)), 32, &[5, 27]);
        let hex = crate::output::contiguous_hex(&bytes);
        assert_eq!(
            hex,
            "9f6876444f4d76d091376f5774419e518ced240cfb7ce0fbb835d80c609f7db3"
        );
    }

    #[test]
    fn pattern_repeats_from_the_region_start() {
        for pattern in [&[0xab][..], &[1, 2, 3], &[9; 70_000]] {
            let len = 200_000;
            let expected: Vec<u8> = pattern.iter().copied().cycle().take(len).collect();
            for pieces in [&[len][..], &[1, 4095, 70_001], &[65_537]] {
                let mut filler = Filler::Pattern(Pattern::new(pattern));
                assert_eq!(in_pieces(&mut filler, len, pieces), expected);
            }
        }
    }

    #[test]
    fn byte_fill() {
        assert_eq!(in_pieces(&mut Filler::Byte(0xee), 5, &[2]), vec![0xee; 5]);
    }

    #[test]
    fn fresh_seeds_differ() {
        assert_ne!(fresh_seed(), fresh_seed());
    }
}
