//! Candidates for a pattern whose exact bytes are isolated (`4? 5a 9? 00`): the offsets
//! where two of them sit at the right distance, found with memchr's SIMD "packed pair"
//! prefilter, the same one memmem runs on two bytes of a needle. memchr on one byte
//! leaves a candidate every 256 bytes of random data and ran at 0.45x the literal's speed;
//! a pair leaves one every 64 KiB.

#[cfg(target_arch = "aarch64")]
use memchr::arch::aarch64::neon::packedpair::Finder as Simd;
use memchr::arch::all::packedpair::Pair;
#[cfg(target_arch = "x86_64")]
use memchr::arch::x86_64::avx2::packedpair::Finder as Simd;

/// Finds where `first` is followed, `distance` bytes later, by `second`.
#[derive(Clone, Debug)]
pub(crate) struct PairFinder {
    first: u8,
    second: u8,
    distance: usize,
    /// None without AVX2 / NEON: then memchr on `first` and a check of `second`.
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    simd: Option<Simd>,
}

impl PairFinder {
    /// A finder for `first` at 0 and `second` at `distance` (1 to 255).
    pub fn new(first: u8, second: u8, distance: usize) -> PairFinder {
        debug_assert!((1..=255).contains(&distance));
        // Only the two ends of this stand-in needle are ever compared.
        let mut needle = vec![first; distance + 1];
        needle[distance] = second;
        let _pair = Pair::with_indices(&needle, 0, distance as u8);
        PairFinder {
            first,
            second,
            distance,
            #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
            simd: _pair.and_then(|pair| Simd::with_pair(&needle, pair)),
        }
    }

    /// The first `i` with `hay[i] == first && hay[i + distance] == second`.
    pub fn find(&self, hay: &[u8]) -> Option<usize> {
        #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
        if let Some(simd) = &self.simd {
            if hay.len() >= simd.min_haystack_len() {
                return simd.find_prefilter(hay);
            }
        }
        let tail = hay.len().checked_sub(self.distance)?;
        let mut from = 0;
        while let Some(i) = memchr::memchr(self.first, &hay[from..tail]) {
            if hay[from + i + self.distance] == self.second {
                return Some(from + i);
            }
            from += i + 1;
        }
        None
    }
}
