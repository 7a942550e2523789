//! `--format plain`: contiguous hex, 30 bytes per line by default, byte-identical to `xxd -p`
//! (with `-c`, and `-u` for upper-case digits).
//!
//! Table-driven: each byte is one two-byte copy from a table into a buffer sized for a whole
//! chunk's text, written by index; lines never straddle the bookkeeping of two chunks.

use std::io::{self, Read, Write};

use super::{read_full, CHUNK, HEX_PAIRS, HEX_UPPER};

/// Bytes per output line, as `xxd -p` prints them.
pub const BYTES_PER_LINE: usize = 30;

/// Writes `input` as `xxd -p -c cols` would (`cols` 0: everything on one line), with
/// upper-case digits if `upper` (`xxd -p -u`).
///
/// # Errors
/// The input's or the writer's I/O error.
pub fn render<R: Read, W: Write>(
    mut input: R,
    cols: usize,
    upper: bool,
    out: &mut W,
) -> io::Result<()> {
    let table = if upper { &HEX_UPPER } else { &HEX_PAIRS };
    // A whole number of lines per chunk when lines are short, so the common case never
    // carries a partial line from one chunk to the next.
    let chunk = if cols > 0 && cols <= CHUNK {
        CHUNK / cols * cols
    } else {
        CHUNK
    };
    let mut buf = super::zeroed(chunk)?;
    let mut text = super::zeroed(2 * chunk + chunk / cols.max(1) + 1)?;
    // Bytes still to go on the current line (xxd's `p`).
    let mut left = cols;
    let mut any = false;
    loop {
        let n = read_full(&mut input, &mut buf)?;
        let mut at = 0;
        let mut rest = &buf[..n];
        while !rest.is_empty() {
            any = true;
            let take = if cols == 0 {
                rest.len()
            } else {
                left.min(rest.len())
            };
            let (run, tail) = rest.split_at(take);
            let dst = &mut text[at..at + 2 * take];
            for (pair, &b) in dst.chunks_exact_mut(2).zip(run) {
                pair.copy_from_slice(&table[usize::from(b)]);
            }
            at += 2 * take;
            rest = tail;
            if cols > 0 {
                left -= take;
                if left == 0 {
                    text[at] = b'\n';
                    at += 1;
                    left = cols;
                }
            }
        }
        if n < buf.len() {
            // xxd ends an unfinished line, and with -c 0 always prints one newline.
            if cols == 0 || (any && left < cols) {
                text[at] = b'\n';
                at += 1;
            }
            return out.write_all(&text[..at]);
        }
        out.write_all(&text[..at])?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(bytes: &[u8], cols: usize, upper: bool) -> String {
        let mut out = Vec::new();
        render(bytes, cols, upper, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lines_of_thirty() {
        assert_eq!(plain(b"", 30, false), "");
        assert_eq!(plain(&[0xde, 0xad, 0x01], 30, false), "dead01\n");
        let sixty_one: Vec<u8> = (0..61).collect();
        let text = plain(&sixty_one, 30, false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].len(), 60);
        assert!(lines[0].starts_with("000102"));
        assert_eq!(lines[2], "3c");
    }

    #[test]
    fn columns_and_case() {
        assert_eq!(plain(&[0xde, 0xad, 0x01], 2, true), "DEAD\n01\n");
        assert_eq!(plain(&[0xde, 0xad], 2, false), "dead\n");
        assert_eq!(plain(&[0xde, 0xad, 0x01], 0, false), "dead01\n");
        assert_eq!(plain(b"", 0, false), "\n");
    }
}
