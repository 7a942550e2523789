//! dump's output formats, as pure functions from bytes (any `Read`) to a writer.

pub mod c;
pub mod hexyl;
pub mod plain;
pub mod xxd;

use std::io::{self, Read};

/// Input is consumed in chunks of about this size: large enough that per-chunk costs vanish,
/// small enough to stay in L2/L3 alongside the output buffer.
pub(crate) const CHUNK: usize = 1 << 20;

/// A renderer's buffer that could not be allocated. Carried in an `io::Error` (renderers
/// return nothing else) so that dump reports it as what it is, not as a failed write.
#[derive(Debug)]
pub struct NoMemory {
    bytes: usize,
}

impl std::fmt::Display for NoMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let size = crate::units::human_bytes(self.bytes as u64);
        write!(f, "not enough memory for a {size} buffer")
    }
}

impl std::error::Error for NoMemory {}

/// Whether `err` is a [`NoMemory`].
pub fn is_no_memory(err: &io::Error) -> bool {
    err.get_ref().is_some_and(|inner| inner.is::<NoMemory>())
}

/// Reserves room for exactly `extra` more elements, or fails with [`NoMemory`] where
/// `Vec::with_capacity` would abort the process ("memory allocation of N bytes failed"),
/// e.g. under an address-space limit (`ulimit -v`).
pub(crate) fn reserve<T>(vec: &mut Vec<T>, extra: usize) -> io::Result<()> {
    vec.try_reserve_exact(extra).map_err(|_| {
        let bytes = extra.saturating_mul(std::mem::size_of::<T>());
        io::Error::new(io::ErrorKind::OutOfMemory, NoMemory { bytes })
    })
}

/// A buffer of zero bytes that the renderers write into by index.
pub(crate) struct Zeroed(crate::mapping::Mapping);

impl std::ops::Deref for Zeroed {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.0.bytes()
    }
}

impl std::ops::DerefMut for Zeroed {
    fn deref_mut(&mut self) -> &mut [u8] {
        self.0
            .bytes_mut()
            .expect("invariant: anonymous mappings are writable")
    }
}

/// `len` zero bytes, or [`NoMemory`] where `vec![0; len]` would abort. Anonymous memory
/// rather than `try_reserve` and `resize`: the kernel zeroes a page when it is first
/// touched, as calloc's large blocks are, where writing the zeros up front would make even
/// a dump of a few bytes pay for buffers sized for the largest chunk (tens of MiB).
pub(crate) fn zeroed(len: usize) -> io::Result<Zeroed> {
    crate::mapping::Mapping::anon(len as u64)
        .map(Zeroed)
        .map_err(|_| io::Error::new(io::ErrorKind::OutOfMemory, NoMemory { bytes: len }))
}

/// Reads until `buf` is full or the input ends; returns how many bytes were read. Renderers
/// lay out fixed-width lines, so a short read must not be mistaken for the end of a line.
pub(crate) fn read_full<R: Read>(input: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Lowercase hex digits of every byte value, for table-driven formatting.
pub(crate) const HEX_PAIRS: [[u8; 2]; 256] = hex_pairs(b"0123456789abcdef");

/// Upper-case hex digits of every byte value (xxd's `-u`).
pub(crate) const HEX_UPPER: [[u8; 2]; 256] = hex_pairs(b"0123456789ABCDEF");

/// The two digits of every byte value in `digits`.
const fn hex_pairs(digits: &[u8; 16]) -> [[u8; 2]; 256] {
    let mut table = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = [digits[i >> 4], digits[i & 0xf]];
        i += 1;
    }
    table
}
