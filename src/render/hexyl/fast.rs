//! The fast path of the hexyl layout: precomputed tables for one set of options, lines built
//! with fixed-size stores, and hexyl's squeezer followed line by line across chunks.

use std::io::{self, Read, Write};

use ::hexyl::{BorderStyle, CharacterTable, ColorScheme, Endianness};

use super::{render_with_printer, Base, HexylOptions};
use crate::render::{read_full, reserve, zeroed};
use crate::units::index;

/// Room past a line's end for the padding of fixed-size stores (see [`put`]).
const SLACK: usize = 32;
/// Wider lines go through hexyl, so the output buffer stays proportionate.
pub(super) const MAX_FAST_PANELS: u64 = 4096;
/// No colour written yet in this panel.
const NONE: usize = usize::MAX;

/// What one input line becomes: a `*` line, or a line of bytes (its index in the chunk and
/// its displayed position). Swallowed lines have no step.
enum Step {
    Star,
    Line(usize, u64),
}

/// Below this many lines in a chunk, a second thread costs more than it saves.
/// (Tests use 2, so the property tests exercise the split on small inputs too.)
const PARALLEL_LINES: usize = if cfg!(test) { 2 } else { 4096 };

/// hexyl's squeezer: `Print` emits the `*` line, `Delete` swallows further repeats.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Squeeze {
    Ignore,
    Print,
    Delete,
    Disabled,
}

/// A short string padded to a fixed size, so copying it is a single store.
type Piece<const N: usize> = ([u8; N], usize);

fn piece<const N: usize>(text: impl AsRef<[u8]>) -> Piece<N> {
    let text = text.as_ref();
    let mut bytes = [b' '; N];
    bytes[..text.len()].copy_from_slice(text);
    (bytes, text.len())
}

/// Up to `W - 1` bytes and, in byte `W - 1`, how many (`W`: 16 or 32, whichever every
/// cell of a table fits): one load, one store and one add.
type Cell = [u8; 32];

fn cell(text: &[u8], width: usize) -> Option<Cell> {
    let mut cell = [b' '; 32];
    cell.get_mut(..text.len())?.copy_from_slice(text);
    cell[width - 1] = u8::try_from(text.len())
        .ok()
        .filter(|&n| usize::from(n) < width)?;
    Some(cell)
}

/// `N` variants of the cell of every byte.
type CellTable<const N: usize> = Box<[[Cell; 256]; N]>;

/// The bytes the coloured path may store past the start of a panel: eight cells advance at
/// most `8 * (W - 1)` bytes, below `8 * W`, and the last store is `W` bytes more (`W` <= 32).
const WINDOW: usize = 9 * 32;

/// Stores a [`Cell`] of width `W` into a panel's [`WINDOW`], at `at` below `8 * W`: the mask changes no
/// position that can occur, but shows the compiler that the store is in bounds.
fn put_in_window<const W: usize>(win: &mut [u8; WINDOW], at: usize, cell: &Cell) -> usize {
    let at = at & (8 * W - 1);
    win[at..at + W].copy_from_slice(&cell[..W]);
    at + usize::from(cell[W - 1])
}

/// A panel's [`WINDOW`] of the sink, from `at`.
fn window(buf: &mut [u8], at: usize) -> &mut [u8; WINDOW] {
    (&mut buf[at..at + WINDOW])
        .try_into()
        .expect("invariant: a window's length")
}

/// Blanks for [`put`]: `&(SPACES, n)` writes `n` of them.
const SPACES: [u8; 16] = [b' '; 16];

/// Stores all of `piece` at `at` but advances past its length only; later stores overwrite the
/// padding. A free function so the caller's position stays in a register.
fn put<const N: usize>(buf: &mut [u8], at: usize, piece: &Piece<N>) -> usize {
    buf[at..at + N].copy_from_slice(&piece.0);
    at + piece.1
}

/// How many hex digits hexyl gives position `v`: its big-endian bytes, of which up to four
/// leading zeros are dropped.
pub(super) fn position_digits(v: u64) -> usize {
    16 - 2 * (v.leading_zeros() as usize / 8).min(4)
}

/// hexyl's position: `v` in hex, in at least `width` digits (hexyl's own: 8).
#[inline]
fn position(buf: &mut [u8], at: usize, v: u64, width: usize) -> usize {
    let len = position_digits(v).max(width);
    if let (8, Ok(v)) = (len, u32::try_from(v)) {
        // Every line has a position: eight digits at once rather than a loop of eight.
        buf[at..at + 8].copy_from_slice(&hex8(v));
        return at + 8;
    }
    for (k, digit) in buf[at..at + len].iter_mut().rev().enumerate() {
        *digit = b"0123456789abcdef"[index((v >> (4 * k)) & 15)];
    }
    at + len
}

/// The eight lower-case hex digits of `v`, computed in one 64-bit word: each nibble spread
/// to a byte of its own, then turned into its digit ('a'..'f' where it is above 9).
pub(super) fn hex8(v: u32) -> [u8; 8] {
    let mut x = u64::from(v);
    x = ((x & 0xffff_0000) << 16) | (x & 0xffff);
    x = ((x & 0x0000_ff00_0000_ff00) << 8) | (x & 0x0000_00ff_0000_00ff);
    x = ((x & 0x00f0_00f0_00f0_00f0) << 4) | (x & 0x000f_000f_000f_000f);
    // 0x06 more carries into bit 4 exactly for nibbles 10..15, which then gain 'a' - '0' - 10.
    let letters = ((x + 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101;
    (x + 0x3030_3030_3030_3030 + letters * 0x27).to_be_bytes()
}

/// A byte's two hex digits between spaces, stored four bytes at a time and advanced by three,
/// so the next byte's cell overwrites the trailing space.
const HEX_CELLS: [[u8; 4]; 256] = {
    let mut table = [[b' '; 4]; 256];
    let mut i = 0;
    while i < 256 {
        table[i][1] = crate::render::HEX_PAIRS[i][0];
        table[i][2] = crate::render::HEX_PAIRS[i][1];
        i += 1;
    }
    table
};

/// Where borders go, a piece at a time.
type Emit<'a> = dyn FnMut(&str) -> io::Result<()> + 'a;

/// Output buffer, handed to the writer in large pieces.
struct Sink {
    buf: crate::render::Zeroed,
    pos: usize,
    limit: usize,
}

impl Sink {
    fn new(limit: usize, max_line: usize) -> io::Result<Self> {
        let buf = zeroed(limit + max_line + SLACK)?;
        Ok(Sink { buf, pos: 0, limit })
    }

    /// Makes room for one more line.
    fn reserve<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        if self.pos >= self.limit {
            self.flush(out)?;
        }
        Ok(())
    }

    /// Adds a border or other text that may be wider than any line.
    fn text<W: Write>(&mut self, out: &mut W, t: &str) -> io::Result<()> {
        if self.pos + t.len() <= self.limit {
            self.put(t.as_bytes());
            return Ok(());
        }
        self.flush(out)?;
        out.write_all(t.as_bytes())
    }

    fn flush<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(&self.buf[..self.pos])?;
        self.pos = 0;
        Ok(())
    }

    fn put(&mut self, s: &[u8]) {
        self.buf[self.pos..self.pos + s.len()].copy_from_slice(s);
        self.pos += s.len();
    }
}

/// Precomputed tables for one set of options.
pub(super) struct Fast {
    opts: HexylOptions,
    line: usize,
    group: usize,
    digits: usize,
    /// Digits of the position column: 8 as in hexyl, more for positions past 4 GiB.
    pos_width: usize,
    little: bool,
    cells: Vec<Piece<8>>,
    glyphs: Vec<Piece<4>>,
    /// The hex panels of a whole line with blanks for the digits, and where each input byte's
    /// digits go once groups are reordered: a fixed layout needs no per-byte lengths.
    template: Vec<u8>,
    offsets: Vec<usize>,
    /// Colour of each byte as an index into `palette`; hexyl compares colours by content, so
    /// equal escape sequences share an index and are not repeated.
    color_ids: Vec<usize>,
    palette: Vec<Piece<32>>,
    /// The coloured hot path's tables, by byte: its cell with the group's leading space or
    /// not (index bit 1), and with its colour first or not (bit 0, for when the colour
    /// changes); the glyphs likewise, without spaces. One load and one store a byte.
    colored_cells: CellTable<4>,
    colored_glyphs: CellTable<2>,
    /// `color_ids` as a fixed table, for the coloured hot path.
    ids: [u16; 256],
    /// Every coloured cell fits 15 bytes (hexyl's default colours do; the gradient's do
    /// not): half the stores.
    narrow: bool,
    offset_color: Piece<32>,
    reset: Piece<32>,
    /// The separator after an inner panel, then after the last one.
    seps: [Piece<4>; 2],
}

impl Fast {
    pub(super) fn new(opts: &HexylOptions, last_position: u64) -> Option<Fast> {
        let group = usize::from(opts.group_size);
        if !matches!(group, 1 | 2 | 4 | 8) || !(1..=MAX_FAST_PANELS).contains(&opts.panels) {
            return None;
        }
        let (mut palette, mut color_ids) = (vec![], vec![0; 256]);
        for (b, id) in (0..=255).zip(&mut color_ids).filter(|_| opts.color) {
            // owo-colors writes at most 19 bytes; should that change, hexyl takes over.
            let seq = color_of(b, opts.color_scheme)?;
            let seq: Piece<32> = (seq.len() <= 32).then(|| piece(seq))?;
            *id = palette
                .iter()
                .position(|p| *p == seq)
                .unwrap_or(palette.len());
            if *id == palette.len() {
                palette.push(seq);
            }
        }
        let line = 8 * index(opts.panels);
        // XOR with this reverses an index within its (complete) group.
        let swap = if matches!(opts.endianness, Endianness::Little) {
            group - 1
        } else {
            0
        };
        let seps = match opts.border {
            BorderStyle::Unicode => ["┊", "│"],
            BorderStyle::Ascii => ["|", "|"],
            BorderStyle::None => [" ", " "],
        };
        let cells: Vec<Piece<8>> = (0..=255u8)
            .map(|b| match opts.base {
                Base::Binary => piece(format!("{b:08b}")),
                Base::Octal => piece(format!("{b:03o}")),
                Base::Decimal => piece(format!("{b:03}")),
                Base::Hexadecimal => piece(format!("{b:02x}")),
            })
            .collect();
        let digits = cells[0].1;
        let (mut template, mut offsets) = (vec![], vec![0; line]);
        for i in 0..line {
            if i % group == 0 {
                template.push(b' ');
            }
            offsets[i ^ swap] = template.len();
            template.resize(template.len() + digits, b' ');
            if i % 8 == 7 {
                template.push(b' ');
                template.extend_from_slice(seps[usize::from(i == line - 1)].as_bytes());
            }
        }
        let (offset_color, reset) = if opts.color {
            (::hexyl::COLOR_OFFSET.as_str(), ::hexyl::COLOR_RESET)
        } else {
            ("", "")
        };
        if offset_color.len() > 32 {
            return None;
        }
        let glyphs = glyphs(opts.character_table)?;
        // A leading space, a colour and a cell (or glyph) in one cell; should they not fit,
        // hexyl takes over.
        let joined = |b: usize, lead: bool, colored: bool, text: &[u8], width: usize| {
            let mut bytes = Vec::new();
            if lead {
                bytes.push(b' ');
            }
            if colored {
                if let Some(p) = palette.get(color_ids[b]) {
                    bytes.extend_from_slice(&p.0[..p.1]);
                }
            }
            bytes.extend_from_slice(text);
            cell(&bytes, width)
        };
        let tables = |width: usize| -> Option<(CellTable<4>, CellTable<2>)> {
            let mut colored_cells = Box::new([[[0; 32]; 256]; 4]);
            let mut colored_glyphs = Box::new([[[0; 32]; 256]; 2]);
            for (b, (digits, glyph)) in cells.iter().zip(&glyphs).enumerate() {
                for (k, table) in colored_cells.iter_mut().enumerate() {
                    let text = &digits.0[..digits.1];
                    table[b] = joined(b, k & 2 != 0, k & 1 != 0, text, width)?;
                }
                for (k, table) in colored_glyphs.iter_mut().enumerate() {
                    table[b] = joined(b, false, k == 1, &glyph.0[..glyph.1], width)?;
                }
            }
            Some((colored_cells, colored_glyphs))
        };
        let (narrow, (colored_cells, colored_glyphs)) = match tables(16) {
            Some(narrow) => (true, narrow),
            None => (false, tables(32)?),
        };
        let mut ids = [0u16; 256];
        for (id, &c) in ids.iter_mut().zip(&color_ids) {
            *id = u16::try_from(c).ok()?;
        }
        Some(Fast {
            opts: *opts,
            line,
            group,
            digits,
            pos_width: position_digits(last_position),
            little: swap != 0,
            cells,
            glyphs,
            template,
            offsets,
            color_ids,
            palette,
            colored_cells,
            colored_glyphs,
            ids,
            narrow,
            offset_color: piece(offset_color),
            reset: piece(reset),
            seps: seps.map(piece),
        })
    }

    /// A generous bound on the bytes of one rendered line, so [`put`] never runs off the buffer.
    fn max_line(&self) -> usize {
        let color = self.palette.iter().map(|p| p.1).max().unwrap_or(0);
        let per_byte = 2 * color + self.reset.1 + self.offset_color.1 + 16;
        // The coloured path stores a panel's cells through a window that may reach past it.
        let window = if self.opts.color { WINDOW } else { 0 };
        64 + 2 * (self.offset_color.1 + self.reset.1) + self.line * per_byte + window
    }

    /// hexyl's `panel_sz`: the width of a byte panel, its leading and trailing space included.
    fn panel_width(&self, digits: usize) -> usize {
        1 + (digits * self.group + 1) * (8 / self.group)
    }

    /// Hands hexyl's top or bottom border to `emit` piece by piece: as one string, a border
    /// of 4096 panels (640 KB, and as much again while it was joined) would be one more
    /// allocation sized by --panels that could abort the process.
    fn border(&self, top: bool, digits: usize, emit: &mut Emit) -> io::Result<()> {
        let (l, h, c, r) = match (self.opts.border, top) {
            (BorderStyle::Unicode, true) => ("┌", "─", "┬", "┐"),
            (BorderStyle::Unicode, false) => ("└", "─", "┴", "┘"),
            (BorderStyle::Ascii, _) => ("+", "-", "+", "+"),
            (BorderStyle::None, _) => return Ok(()),
        };
        let h8 = h.repeat(8);
        let panels = self.line / 8;
        emit(l)?;
        if self.opts.position_panel {
            emit(&h.repeat(self.pos_width))?;
            emit(c)?;
        }
        for panel in 0..panels {
            if panel > 0 {
                emit(c)?;
            }
            for _ in 0..self.panel_width(digits) {
                emit(h)?;
            }
        }
        if self.opts.char_panel {
            for _ in 0..panels {
                emit(c)?;
                emit(&h8)?;
            }
        }
        emit(r)?;
        emit("\n")
    }

    /// The box hexyl draws for empty input: always two panels wide, laid out for base 16.
    fn no_content(&self, emit: &mut Emit) -> io::Result<()> {
        let width = self.panel_width(2);
        self.border(true, 2, emit)?;
        if self.opts.position_panel {
            emit(&format!("{0:1$}", "│", self.pos_width + 1))?;
        }
        emit(&format!(
            "{0:2}{1:2$}{0}{0:>3$}",
            "│",
            "No content",
            width - 1,
            width + 1
        ))?;
        if self.opts.char_panel {
            emit(&format!("{0:>9}{0:>9}", "│"))?;
        }
        emit("\n")?;
        self.border(false, 2, emit)
    }

    /// Renders one line of `bytes`, blank past their end: the `*` line has no bytes and no
    /// `position`, the last line of input may be short. Handles colour, unlike [`Fast::plain_line`].
    fn line(&self, s: &mut Sink, bytes: &[u8], pos: Option<u64>) {
        let (g, d, color) = (self.group, self.digits, self.opts.color);
        let (buf, mut at) = (&mut s.buf[..], s.pos);
        at = put(buf, at, &self.seps[1]);
        at = put(buf, at, &self.offset_color);
        if self.opts.position_panel {
            at = match pos {
                Some(v) => position(buf, at, v, self.pos_width),
                None => put(buf, at, &([b'*'], 1)),
            };
            at = put(buf, at, &self.reset);
            let blank = if pos.is_some() { 0 } else { self.pos_width - 1 };
            at = put(buf, at, &(SPACES, blank));
            at = put(buf, at, &self.seps[1]);
        }
        // As in hexyl, a trailing partial group is reversed too.
        let mut reordered = Vec::new();
        let shown = if self.little {
            reordered.extend_from_slice(bytes);
            reordered.chunks_mut(g).for_each(<[u8]>::reverse);
            &reordered
        } else {
            bytes
        };
        let mut cur = NONE;
        for i in 0..self.line {
            let lead = usize::from(i % g == 0);
            if let Some(&b) = shown.get(i) {
                let b = usize::from(b);
                // The group's space comes before any colour change.
                at = put(buf, at, &(SPACES, lead));
                if color && self.color_ids[b] != cur {
                    cur = self.color_ids[b];
                    at = put(buf, at, &self.palette[cur]);
                }
                at = put(buf, at, &self.cells[b]);
            } else if i == 0 && !self.opts.position_panel {
                // Without a position panel hexyl marks squeezed lines in the first byte column.
                at = put(buf, at, &self.offset_color);
                at = put(buf, at, &self.glyphs[usize::from(b'*')]);
                at = put(buf, at, &self.reset);
                at = put(buf, at, &(SPACES, d));
            } else {
                at = put(buf, at, &(SPACES, d + lead));
            }
            if i % 8 == 7 {
                cur = NONE;
                at = put(buf, at, &self.reset);
                at = put(buf, at, &(SPACES, 1));
                at = put(buf, at, &self.seps[usize::from(i == self.line - 1)]);
            }
        }
        if self.opts.char_panel {
            for i in 0..self.line {
                match bytes.get(i).map(|&b| usize::from(b)) {
                    Some(b) if color && self.color_ids[b] != cur => {
                        cur = self.color_ids[b];
                        at = put(buf, at, &self.palette[cur]);
                        at = put(buf, at, &self.glyphs[b]);
                    }
                    Some(b) => at = put(buf, at, &self.glyphs[b]),
                    None => at = put(buf, at, &(SPACES, 1)),
                }
                if i % 8 == 7 {
                    cur = NONE;
                    at = put(buf, at, &self.reset);
                    at = put(buf, at, &self.seps[usize::from(i == self.line - 1)]);
                }
            }
        }
        s.pos = put(buf, at, &([b'\n'], 1));
    }

    /// [`Fast::line`] for a whole line without colour: the hot path, so only fixed-size stores.
    fn plain_line(&self, s: &mut Sink, line: &[u8], pos: u64) {
        let (buf, mut at) = (&mut s.buf[..], s.pos);
        at = put(buf, at, &self.seps[1]);
        if self.opts.position_panel {
            at = position(buf, at, pos, self.pos_width);
            at = put(buf, at, &self.seps[1]);
        }
        if self.group == 1 && self.digits == 2 {
            // hexyl's default layout: fixed-offset stores into a window per panel.
            at = self.hex_bytes(buf, at, line);
        } else {
            let hex = &mut buf[at..at + self.template.len()];
            hex.copy_from_slice(&self.template);
            match self.digits {
                2 => self.digits_into::<2>(hex, line),
                3 => self.digits_into::<3>(hex, line),
                _ => self.digits_into::<8>(hex, line),
            }
            at += self.template.len();
        }
        if self.opts.char_panel {
            let last = line.len() / 8 - 1;
            for (n, panel) in line.chunks_exact(8).enumerate() {
                // Eight glyphs of at most 4 bytes: positions below 32 in a 36-byte window,
                // masked so that the compiler sees the stores in bounds.
                let (win, mut p): (&mut [u8; 36], usize) = (
                    (&mut buf[at..at + 36])
                        .try_into()
                        .expect("invariant: a 36-byte window"),
                    0,
                );
                for &b in panel {
                    let glyph = &self.glyphs[usize::from(b)];
                    let q = p & 31;
                    win[q..q + 4].copy_from_slice(&glyph.0);
                    p = q + glyph.1;
                }
                at = put(buf, at + p, &self.seps[usize::from(n == last)]);
            }
        }
        s.pos = put(buf, at, &([b'\n'], 1));
    }

    /// [`Fast::line`] for a whole line in colour: per byte, one store of its cell with or
    /// without its colour, chosen by index rather than by a branch (random bytes change
    /// colour every other byte, which a branch predicts badly).
    /// `G` is the group size, a constant so that which bytes lead a group is known at each
    /// of the eight unrolled positions (a run-time `i % g` is a division a byte).
    fn colored_line<const W: usize, const G: usize>(&self, s: &mut Sink, line: &[u8], pos: u64) {
        let (buf, mut at) = (&mut s.buf[..], s.pos);
        at = put(buf, at, &self.seps[1]);
        // As in hexyl, the position's colour starts even when there is no position panel.
        at = put(buf, at, &self.offset_color);
        if self.opts.position_panel {
            at = position(buf, at, pos, self.pos_width);
            at = put(buf, at, &self.reset);
            at = put(buf, at, &self.seps[1]);
        }
        let swap = if self.little { G - 1 } else { 0 };
        let last = line.len() / 8 - 1;
        for (n, panel) in line.chunks_exact(8).enumerate() {
            let panel: &[u8; 8] = panel.try_into().expect("invariant: chunks of 8");
            let (mut cur, win, mut p) = (u16::MAX, window(buf, at), 0);
            for i in 0..8 {
                // A full line has whole groups, so the display order is an index swap.
                let b = usize::from(panel[(i ^ swap) & 7]);
                let id = self.ids[b];
                let k = (usize::from(i % G == 0) << 1) | usize::from(id != cur);
                p = put_in_window::<W>(win, p, &self.colored_cells[k][b]);
                cur = id;
            }
            at += p;
            at = put(buf, at, &self.reset);
            at = put(buf, at, &(SPACES, 1));
            at = put(buf, at, &self.seps[usize::from(n == last)]);
        }
        if self.opts.char_panel {
            for (n, panel) in line.chunks_exact(8).enumerate() {
                let (mut cur, win, mut p) = (u16::MAX, window(buf, at), 0);
                for &b in panel {
                    let b = usize::from(b);
                    let id = self.ids[b];
                    p = put_in_window::<W>(win, p, &self.colored_glyphs[usize::from(id != cur)][b]);
                    cur = id;
                }
                at += p;
                at = put(buf, at, &self.reset);
                at = put(buf, at, &self.seps[usize::from(n == last)]);
            }
        }
        s.pos = put(buf, at, &([b'\n'], 1));
    }

    /// The hex panels of a whole line in base 16 with groups of one byte (what the template
    /// holds then, without it): per panel ` xx` eight times, a space and the separator.
    fn hex_bytes(&self, buf: &mut [u8], mut at: usize, line: &[u8]) -> usize {
        let last = line.len() / 8 - 1;
        for (n, panel) in line.chunks_exact(8).enumerate() {
            let panel: &[u8; 8] = panel.try_into().expect("invariant: chunks of 8");
            // 25 bytes and a separator of up to 4; the sink has room past every line.
            let dst: &mut [u8; 29] = (&mut buf[at..at + 29])
                .try_into()
                .expect("invariant: a 29-byte window");
            for (k, &b) in panel.iter().enumerate() {
                dst[3 * k..3 * k + 4].copy_from_slice(&HEX_CELLS[usize::from(b)]);
            }
            let sep = &self.seps[usize::from(n == last)];
            dst[25..29].copy_from_slice(&sep.0);
            at += 25 + sep.1;
        }
        at
    }

    /// Writes the `D` digits of every byte of `line` into its slot of the template.
    fn digits_into<const D: usize>(&self, hex: &mut [u8], line: &[u8]) {
        for (&b, &at) in line.iter().zip(&self.offsets) {
            hex[at..at + D].copy_from_slice(&self.cells[usize::from(b)].0[..D]);
        }
    }

    /// Formats the lines of `steps` into `s`, which must have room for all of them.
    fn render_steps(&self, s: &mut Sink, lines: &[u8], steps: &[Step]) {
        for step in steps {
            self.render_step(s, lines, step);
        }
    }

    fn render_step(&self, s: &mut Sink, lines: &[u8], step: &Step) {
        match *step {
            Step::Star => self.line(s, &[], None),
            Step::Line(i, pos) => {
                let line = &lines[i * self.line..(i + 1) * self.line];
                if self.opts.color {
                    match (self.narrow, self.group) {
                        (true, 1) => self.colored_line::<16, 1>(s, line, pos),
                        (true, 2) => self.colored_line::<16, 2>(s, line, pos),
                        (true, 4) => self.colored_line::<16, 4>(s, line, pos),
                        (true, _) => self.colored_line::<16, 8>(s, line, pos),
                        (false, 1) => self.colored_line::<32, 1>(s, line, pos),
                        (false, 2) => self.colored_line::<32, 2>(s, line, pos),
                        (false, 4) => self.colored_line::<32, 4>(s, line, pos),
                        (false, _) => self.colored_line::<32, 8>(s, line, pos),
                    }
                } else {
                    self.plain_line(s, line, pos);
                }
            }
        }
    }

    /// Follows `Printer::print_all` line by line, carrying its state across chunks.
    pub(super) fn run<R: Read, W: Write>(
        &self,
        offset: u64,
        mut input: R,
        out: &mut W,
        chunk: usize,
    ) -> io::Result<()> {
        let l = self.line;
        let mut buf = zeroed(l * chunk.div_ceil(l))?;
        let mut squeeze = if self.opts.squeeze {
            Squeeze::Ignore
        } else {
            Squeeze::Disabled
        };
        let (mut run_byte, mut idx, mut empty) = (0, 0u64, true);
        let mut plan = Vec::new();
        reserve(&mut plan, buf.len() / l)?;
        // Two threads when there is a second core and no colour (coloured lines can be ten
        // times longer, which would make the per-chunk buffers large).
        let mut parallel =
            !self.opts.color && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
        let half = (buf.len() / l / 2 + 1) * self.max_line();
        let mut s = Sink::new(
            if parallel { half.max(chunk) } else { chunk },
            self.max_line(),
        )?;
        let mut other = Sink::new(if parallel { half } else { 0 }, self.max_line())?;
        loop {
            let n = read_full(&mut input, &mut buf)?;
            if empty && n > 0 {
                empty = false;
                self.border(true, self.digits, &mut |t| s.text(out, t))?;
            }
            let (lines, rest) = buf[..n].split_at(n - n % l);
            // hexyl's squeezer decides, line by line, what each line becomes; that is cheap
            // and sequential. Formatting the lines is the costly part and independent per
            // line, so it may be split across threads below.
            plan.clear();
            for (i, line) in lines.chunks_exact(l).enumerate() {
                if matches!(squeeze, Squeeze::Print | Squeeze::Delete) {
                    if line.iter().any(|&b| b != run_byte) {
                        squeeze = Squeeze::Ignore;
                    } else if squeeze == Squeeze::Delete {
                        idx += l as u64;
                        continue;
                    }
                }
                plan.push(match squeeze {
                    Squeeze::Print => Step::Star,
                    _ => Step::Line(i, idx.wrapping_add(offset)),
                });
                idx += l as u64;
                if squeeze == Squeeze::Print {
                    squeeze = Squeeze::Delete;
                } else if squeeze == Squeeze::Ignore && line.iter().all(|&b| b == line[0]) {
                    squeeze = Squeeze::Print;
                    run_byte = line[0];
                }
            }
            if parallel && plan.len() >= PARALLEL_LINES {
                let (first, second) = plan.split_at(plan.len() / 2);
                s.flush(out)?;
                let helped = std::thread::scope(|scope| {
                    // Builder, not scope.spawn, which panics when the thread is refused
                    // (RLIMIT_NPROC, a pids cgroup, no address space left for its stack).
                    let helper = std::thread::Builder::new()
                        .spawn_scoped(scope, || self.render_steps(&mut other, lines, second));
                    self.render_steps(&mut s, lines, first);
                    helper.map(|helper| {
                        // A panic in the helper is a bug in this module; surface it as such.
                        helper
                            .join()
                            .expect("invariant: rendering lines does not panic");
                    })
                });
                if helped.is_err() {
                    // The same lines in the same sink, so the output is byte-identical; and
                    // no further attempts, since a refusal now is likely one for the next chunk.
                    self.render_steps(&mut other, lines, second);
                    parallel = false;
                }
                s.flush(out)?;
                other.flush(out)?;
            } else {
                for step in &plan {
                    s.reserve(out)?;
                    self.render_step(&mut s, lines, step);
                }
            }
            if n < buf.len() {
                if empty {
                    self.no_content(&mut |t| s.text(out, t))?;
                } else {
                    // A squeeze still swallowing lines at EOF ends with a blank line at `idx`.
                    if !rest.is_empty() || squeeze == Squeeze::Delete {
                        s.reserve(out)?;
                        self.line(&mut s, rest, Some(idx.wrapping_add(offset)));
                    }
                    self.border(false, self.digits, &mut |t| s.text(out, t))?;
                }
                s.flush(out)?;
                return out.flush();
            }
        }
    }
}

/// The char panel glyph of every byte, taken from hexyl itself since `Byte::as_char` is private
/// (which also follows any table added later).
fn glyphs(table: CharacterTable) -> Option<Vec<Piece<4>>> {
    let opts = HexylOptions {
        position_panel: false,
        border: BorderStyle::None,
        squeeze: false,
        panels: 1,
        group_size: 8,
        character_table: table,
        ..HexylOptions::default()
    };
    let input: Vec<u8> = (0..=255u8).flat_map(|b| [b; 8]).collect();
    let mut text = Vec::new();
    render_with_printer(&opts, 0, &input[..], &mut text).ok()?;
    // Each line is two spaces, 16 digits, two spaces, the glyph eight times and a space.
    let text = String::from_utf8(text).ok()?;
    let lines = text.lines().map(|line| {
        let eight = line.get(20..)?.strip_suffix(' ')?;
        let glyph = eight.chars().next()?.to_string();
        (eight == glyph.repeat(8)).then(|| piece(glyph))
    });
    let glyphs = lines.collect::<Option<Vec<_>>>()?;
    (glyphs.len() == 256).then_some(glyphs)
}

/// hexyl's private `Byte::color`, built from its public colour statics.
fn color_of(b: u8, scheme: ColorScheme) -> Option<&'static [u8]> {
    use ::hexyl::*;
    Some(match scheme {
        ColorScheme::Default => match b {
            0 => COLOR_NULL.as_bytes(),
            _ if b.is_ascii_graphic() => COLOR_ASCII_PRINTABLE.as_bytes(),
            _ if b.is_ascii_whitespace() => COLOR_ASCII_WHITESPACE.as_bytes(),
            _ if b.is_ascii() => COLOR_ASCII_OTHER.as_bytes(),
            _ => COLOR_NONASCII.as_bytes(),
        },
        ColorScheme::Gradient => match b {
            0 => COLOR_NULL_RGB,
            b' ' => &COLOR_GRADIENT_ASCII_PRINTABLE[0],
            _ if b.is_ascii_graphic() => &COLOR_GRADIENT_ASCII_PRINTABLE[usize::from(b - b' ')],
            0x7f => COLOR_DEL,
            _ if b.is_ascii() => &COLOR_GRADIENT_ASCII_NONPRINTABLE[usize::from(b) - 1],
            _ => &COLOR_GRADIENT_NONASCII[usize::from(b - 128)],
        },
        _ => return None,
    })
}
