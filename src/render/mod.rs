//! dump's output formats, as pure functions from bytes (any `Read`) to a writer.

pub mod c;
pub mod hexyl;
pub mod plain;

use std::io::{self, Read};

/// Input is consumed in chunks of about this size: large enough that per-chunk costs vanish,
/// small enough to stay in L2/L3 alongside the output buffer.
pub(crate) const CHUNK: usize = 1 << 20;

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
pub(crate) const HEX_PAIRS: [[u8; 2]; 256] = {
    let digits = b"0123456789abcdef";
    let mut table = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = [digits[i >> 4], digits[i & 0xf]];
        i += 1;
    }
    table
};
