//! `--format xxd`: xxd's default layout, byte-identical to Debian's `xxd` (2022-01-14), with
//! colour like vim 9.1's `xxd -R`.
//!
//! Table-driven like `hexyl/fast.rs`: the positions of every byte's hex pair and character
//! are computed once from the options, each line is a copied template of spaces with those
//! positions overwritten, and whole chunks of lines go to the writer at once.
//!
//! xxd's own arithmetic places the pieces (`xxd.c`, the `HEX_NORMAL` loop): byte `p` of a
//! line has its hex pair at `1 + (2g + 1) * x / g` after the address, where `x` is `p`, or
//! `p ^ (g - 1)` with `-e`, and its character at `3 + ((2g + 1) * cols - 1) / g + p`. With
//! `-e` and a group size that does not divide the columns, that puts some hex pairs over the
//! characters; xxd writes each byte's pair and then its character, in order, so the later
//! write wins, and so does this renderer (Debian's output, byte for byte).

use std::io::{self, Read, Write};

use super::{read_full, CHUNK, HEX_PAIRS, HEX_UPPER};

/// The most bytes per line xxd accepts (`COLS` in xxd.c).
pub const MAX_COLS: usize = 256;

/// The options of xxd's layout, validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XxdOptions {
    /// Bytes per line, 1 to [`MAX_COLS`].
    cols: usize,
    /// Bytes per group, 1 to `cols`.
    group: usize,
    /// Reverse the bytes of each group (`-e`).
    little_endian: bool,
    /// Upper-case hex digits (`-u`).
    upper: bool,
    /// ANSI colours per byte class, as `xxd -R always`.
    color: bool,
}

impl XxdOptions {
    /// Settles the options as xxd does: `cols` 0 means 16; no `group` means 2 (4 with `-e`);
    /// a group of 0 or of more than `cols` bytes is the whole line.
    ///
    /// # Errors
    /// What xxd refuses: more than 256 columns, and with `-e` a group size that is not a
    /// power of 2.
    pub fn new(
        cols: u64,
        group: Option<u64>,
        little_endian: bool,
        upper: bool,
        color: bool,
    ) -> Result<Self, String> {
        let cols = match cols {
            0 => 16,
            n if n > MAX_COLS as u64 => {
                return Err(format!(
                    "{n} columns is more than xxd's {MAX_COLS} (-c/--cols takes 1 to {MAX_COLS})"
                ))
            }
            n => n as usize,
        };
        let group = match group.unwrap_or(if little_endian { 4 } else { 2 }) {
            0 => cols,
            g if g > cols as u64 => cols,
            g => g as usize,
        };
        if little_endian && !group.is_power_of_two() {
            return Err(format!(
                "with -e the group size must be a power of 2, as xxd's (-g {group} with {cols} \
                 columns)"
            ));
        }
        Ok(XxdOptions {
            cols,
            group,
            little_endian,
            upper,
            color,
        })
    }
}

/// Where each byte of a line goes, relative to the address's colon.
struct Layout {
    /// Offset of byte `p`'s hex pair.
    hex: Vec<usize>,
    /// Offset of byte `p`'s character.
    chr: Vec<usize>,
    /// Spaces enough for every position (the text after the colon).
    blank: Vec<u8>,
}

impl Layout {
    fn new(opts: &XxdOptions) -> Self {
        let (cols, g) = (opts.cols, opts.group);
        let grplen = 2 * g + 1;
        let hex: Vec<usize> = (0..cols)
            .map(|p| {
                let x = if opts.little_endian { p ^ (g - 1) } else { p };
                1 + (grplen * x) / g
            })
            .collect();
        let chr: Vec<usize> = (0..cols).map(|p| 3 + (grplen * cols - 1) / g + p).collect();
        let width = hex.iter().map(|h| h + 2).chain(chr.iter().map(|c| c + 1));
        let blank = vec![b' '; width.max().unwrap_or(0)];
        Layout { hex, chr, blank }
    }

    /// The length after the colon of a line of `k` bytes, newline excluded.
    fn len(&self, k: usize) -> usize {
        self.chr[k - 1] + 1
    }
}

/// Hex digits of every byte value.
type Hex = [[u8; 2]; 256];

/// The character column's byte for `b`: itself when printable ASCII, else `.`.
const CHARS: [u8; 256] = {
    let mut table = [b'.'; 256];
    let mut i = 0x20;
    while i < 0x7f {
        table[i] = i as u8;
        i += 1;
    }
    table
};

/// Writes `address` as xxd's `%08lx:` (more digits past 2^32) at the start of `out`;
/// returns the length written.
fn address(out: &mut [u8], address: u64) -> usize {
    if let Ok(short) = u32::try_from(address) {
        let out = &mut out[..9];
        for (i, byte) in short.to_be_bytes().iter().enumerate() {
            out[2 * i..2 * i + 2].copy_from_slice(&HEX_PAIRS[usize::from(*byte)]);
        }
        out[8] = b':';
        return 9;
    }
    let digits = (16 - address.leading_zeros() as usize / 4).max(8);
    for (i, slot) in out[..digits].iter_mut().enumerate() {
        let nibble = (address >> (4 * (digits - 1 - i))) & 0xf;
        *slot = b"0123456789abcdef"[nibble as usize];
    }
    out[digits] = b':';
    digits + 1
}

/// The longest address: 16 digits and the colon.
const MAX_ADDRESS: usize = 17;

/// Renders everything `input` yields as `xxd` would, the first line's address being `start`
/// (the input's offset plus `-o`).
///
/// # Errors
/// The input's or the writer's I/O error.
pub fn render<R: Read, W: Write>(
    opts: &XxdOptions,
    start: u64,
    mut input: R,
    out: &mut W,
) -> io::Result<()> {
    let layout = Layout::new(opts);
    let lines_per_chunk = (CHUNK / opts.cols).max(1);
    let mut buf = super::zeroed(lines_per_chunk * opts.cols)?;
    let line_max = MAX_ADDRESS + layout.blank.len() + 1;
    // Colour adds at most 9 bytes of escapes per character of a line.
    let text_len = lines_per_chunk * line_max * if opts.color { 10 } else { 1 };
    let mut text = super::zeroed(text_len)?;
    let hex = if opts.upper { &HEX_UPPER } else { &HEX_PAIRS };
    let mut colors = vec![0u8; layout.blank.len()];
    let mut line = layout.blank.clone();
    let mut addr = start;
    loop {
        let n = read_full(&mut input, &mut buf)?;
        if n == 0 {
            return Ok(());
        }
        let mut at = 0;
        let mut rest = &buf[..n];
        if !opts.color && opts.cols.is_multiple_of(opts.group) {
            let full = n / opts.cols * opts.cols;
            let len = layout.len(opts.cols) + 1;
            at = full_lines(&mut text, &mut addr, &rest[..full], opts, hex, len);
            rest = &rest[full..];
        }
        for bytes in rest.chunks(opts.cols) {
            at += address(&mut text[at..], addr);
            addr = addr.wrapping_add(opts.cols as u64);
            let len = layout.len(bytes.len());
            if opts.color {
                line.copy_from_slice(&layout.blank);
                colors.fill(0);
                for (p, &b) in bytes.iter().enumerate() {
                    let class = class(b);
                    let h = layout.hex[p];
                    line[h..h + 2].copy_from_slice(&hex[usize::from(b)]);
                    colors[h..h + 2].fill(class);
                    line[layout.chr[p]] = CHARS[usize::from(b)];
                    colors[layout.chr[p]] = class;
                }
                at += paint(&line[..len], &colors[..len], &mut text[at..]);
            } else {
                let dst = &mut text[at..at + len];
                dst.copy_from_slice(&layout.blank[..len]);
                fill_line(&layout, hex, bytes, dst);
                at += len;
            }
            text[at] = b'\n';
            at += 1;
        }
        out.write_all(&text[..at])?;
        if n < buf.len() {
            return Ok(());
        }
    }
}

/// Writes the lines of `bytes` (whole lines, the columns a multiple of the group size),
/// each `len` bytes after its address, newline included, from the start of `text`; returns
/// the length written. The common group sizes get a copy of [`full_line`] of their own, so
/// that its loops have constant bounds.
fn full_lines(
    text: &mut [u8],
    addr: &mut u64,
    bytes: &[u8],
    opts: &XxdOptions,
    hex: &Hex,
    len: usize,
) -> usize {
    let run = match (opts.group, opts.little_endian) {
        (1, _) => lines_of::<1, false>,
        (2, false) => lines_of::<2, false>,
        (4, false) => lines_of::<4, false>,
        (8, false) => lines_of::<8, false>,
        (2, true) => lines_of::<2, true>,
        (4, true) => lines_of::<4, true>,
        (8, true) => lines_of::<8, true>,
        (_, false) => lines_of::<0, false>,
        (_, true) => lines_of::<0, true>,
    };
    run(text, addr, bytes, opts, hex, len)
}

/// [`full_lines`] for one group size `G` (0: `opts.group`) and byte order.
fn lines_of<const G: usize, const LE: bool>(
    text: &mut [u8],
    addr: &mut u64,
    bytes: &[u8],
    opts: &XxdOptions,
    hex: &Hex,
    len: usize,
) -> usize {
    let mut at = 0;
    for bytes in bytes.chunks_exact(opts.cols) {
        at += address(&mut text[at..], *addr);
        *addr = addr.wrapping_add(opts.cols as u64);
        full_line::<G, LE>(&mut text[at..at + len], hex, bytes, opts.group);
        at += len;
    }
    at
}

/// Writes a whole line whose groups are all full after its address, newline included, into
/// `dst` (exactly its length). Such a line is `' '`, each group's hex and a space, `' '`,
/// the characters: every byte written in sequence, no template, no positions to look up
/// (xxd's arithmetic reduces to this when the group size divides the columns; with `-e` it
/// reverses each group). `G` is the group size, or 0 to take `group` at run time.
#[inline]
fn full_line<const G: usize, const LE: bool>(
    dst: &mut [u8],
    hex: &Hex,
    bytes: &[u8],
    group: usize,
) {
    let g = if G == 0 { group } else { G };
    let groups = bytes.len() / g;
    dst[0] = b' ';
    let (hex_part, chars) = dst[1..].split_at_mut(groups * (2 * g + 1) + 1);
    for (d, group) in hex_part
        .chunks_exact_mut(2 * g + 1)
        .zip(bytes.chunks_exact(g))
    {
        let (pairs, space) = d.split_at_mut(2 * g);
        if LE {
            for (pair, &b) in pairs.chunks_exact_mut(2).zip(group.iter().rev()) {
                pair.copy_from_slice(&hex[usize::from(b)]);
            }
        } else {
            for (pair, &b) in pairs.chunks_exact_mut(2).zip(group) {
                pair.copy_from_slice(&hex[usize::from(b)]);
            }
        }
        space[0] = b' ';
    }
    hex_part[hex_part.len() - 1] = b' ';
    let (chars, newline) = chars.split_at_mut(bytes.len());
    for (c, &b) in chars.iter_mut().zip(bytes) {
        *c = CHARS[usize::from(b)];
    }
    newline[0] = b'\n';
}

/// Writes each byte's hex pair then its character into `line` (spaces already), in xxd's
/// order; positions past the line's end (hex pairs of a short `-e` line) are dropped.
#[inline]
fn fill_line(layout: &Layout, hex: &Hex, bytes: &[u8], line: &mut [u8]) {
    let len = line.len();
    for ((&b, &h), &c) in bytes.iter().zip(&layout.hex).zip(&layout.chr) {
        let pair = &hex[usize::from(b)];
        if h + 2 <= len {
            line[h..h + 2].copy_from_slice(pair);
        } else if h < len {
            line[h] = pair[0];
        }
        line[c] = CHARS[usize::from(b)];
    }
}

/// vim 9.1 xxd's colour of a byte (`get_color_char`, ASCII): the digit of `ESC [ 1 ; 3 X m`.
fn class(b: u8) -> u8 {
    match b {
        0x20..=0x7e => b'2',           // green: printable
        b'\t' | b'\n' | b'\r' => b'3', // yellow: tab, line feed, carriage return
        0 => b'7',                     // white: NUL
        0xff => b'4',                  // blue
        _ => b'1',                     // red: everything else
    }
}

/// Writes `line` with an escape sequence at every change of colour, as vim's xxd's
/// `print_colored_line` does (`ESC[1;3Xm` to start a colour, `ESC[0m` to end it; uncoloured
/// text, the address and the spaces, gets none); returns the length written.
fn paint(line: &[u8], colors: &[u8], out: &mut [u8]) -> usize {
    let mut at = 0;
    let mut current = 0;
    for (&ch, &color) in line.iter().zip(colors) {
        if color != current {
            if current != 0 {
                out[at..at + 4].copy_from_slice(b"\x1b[0m");
                at += 4;
            }
            if color != 0 {
                out[at..at + 7].copy_from_slice(&[0x1b, b'[', b'1', b';', b'3', color, b'm']);
                at += 7;
            }
            current = color;
        }
        out[at] = ch;
        at += 1;
    }
    if current != 0 {
        out[at..at + 4].copy_from_slice(b"\x1b[0m");
        at += 4;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xxd(opts: XxdOptions, start: u64, bytes: &[u8]) -> String {
        let mut out = Vec::new();
        render(&opts, start, bytes, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn opts(cols: u64, group: Option<u64>, le: bool) -> XxdOptions {
        XxdOptions::new(cols, group, le, false, false).unwrap()
    }

    #[test]
    fn default_layout() {
        assert_eq!(xxd(opts(0, None, false), 0, b""), "");
        assert_eq!(
            xxd(opts(0, None, false), 0x10, b"M6EOUaLS/q4PsG/enINt"),
            "00000010: 4d36 454f 5561 4c53 2f71 3450 7347 2f65  M6EOUaLS/q4PsG/e\n\
             00000020: 6e49 4e74                                nINt\n"
        );
    }

    #[test]
    fn wide_addresses_and_groups() {
        assert_eq!(
            xxd(opts(8, Some(30), false), 0xffff_fffc, b"abcdefghij"),
            "fffffffc: 6162636465666768  abcdefgh\n100000004: 696a              ij\n"
        );
    }

    #[test]
    fn little_endian_overlap_is_xxds() {
        // xxd -e -c 6 -g 4 on "AB\tC\0\xff\x80zz" (Debian's xxd 2022-01-14).
        assert_eq!(
            xxd(opts(6, Some(4), true), 0, b"AB\tC\0\xff\x80zz"),
            "00000000: 43094241     ff00.C..\n00000006:   7a7a80       .zz\n"
        );
    }

    #[test]
    fn refusals() {
        assert!(XxdOptions::new(257, None, false, false, false).is_err());
        assert!(XxdOptions::new(16, Some(3), true, false, false).is_err());
        assert!(XxdOptions::new(6, Some(8), true, false, false).is_err());
        assert!(XxdOptions::new(8, Some(8), true, false, false).is_ok());
    }

    #[test]
    fn colours_per_class() {
        let colored = XxdOptions::new(16, None, false, false, true).unwrap();
        let bytes = b"AB\t\0\xff\x80";
        let out = xxd(colored, 0, bytes);
        assert!(out.starts_with(
            "00000000: \x1b[1;32m4142\x1b[0m \x1b[1;33m09\x1b[0m\x1b[1;37m00\x1b[0m \
             \x1b[1;34mff\x1b[0m\x1b[1;31m80\x1b[0m "
        ));
        assert!(out.ends_with(
            "  \x1b[1;32mAB\x1b[0m\x1b[1;33m.\x1b[0m\x1b[1;37m.\x1b[0m\x1b[1;34m.\x1b[0m\
             \x1b[1;31m.\x1b[0m\n"
        ));
        let stripped = out
            .split('\x1b')
            .enumerate()
            .map(|(i, piece)| {
                if i == 0 {
                    piece
                } else {
                    &piece[piece.find('m').unwrap() + 1..]
                }
            })
            .collect::<String>();
        assert_eq!(stripped, xxd(opts(16, None, false), 0, bytes));
    }
}
