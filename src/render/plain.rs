//! `--format plain`: contiguous lowercase hex, 30 bytes per line, byte-identical to `xxd -p`.

use std::io::{self, Read, Write};

use super::{read_full, CHUNK, HEX_PAIRS};

/// Bytes per output line, as `xxd -p` prints them.
pub const BYTES_PER_LINE: usize = 30;

/// Writes `input` as `xxd -p` would.
///
/// # Errors
/// The input's or the writer's I/O error.
pub fn render<R: Read, W: Write>(mut input: R, out: &mut W) -> io::Result<()> {
    // A whole number of lines per chunk, so lines never straddle two chunks.
    let lines_per_chunk = CHUNK / BYTES_PER_LINE;
    let mut buf = super::zeroed(lines_per_chunk * BYTES_PER_LINE)?;
    let mut text = Vec::new();
    super::reserve(&mut text, lines_per_chunk * (2 * BYTES_PER_LINE + 1))?;
    loop {
        let n = read_full(&mut input, &mut buf)?;
        if n == 0 {
            return Ok(());
        }
        text.clear();
        for line in buf[..n].chunks(BYTES_PER_LINE) {
            for &b in line {
                text.extend_from_slice(&HEX_PAIRS[usize::from(b)]);
            }
            text.push(b'\n');
        }
        out.write_all(&text)?;
        if n < buf.len() {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        render(bytes, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lines_of_thirty() {
        assert_eq!(plain(b""), "");
        assert_eq!(plain(&[0xde, 0xad, 0x01]), "dead01\n");
        let sixty_one: Vec<u8> = (0..61).collect();
        let text = plain(&sixty_one);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].len(), 60);
        assert!(lines[0].starts_with("000102"));
        assert_eq!(lines[2], "3c");
    }
}
