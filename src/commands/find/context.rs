//! `find -C N`: the bytes around a hit in hexyl's layout (dump's renderer, squeezing off),
//! with the hit's bytes in reverse video when colour is on.

use std::io::{self, Write};
use std::ops::Range;

use anyhow::Result;

use super::print::unwritable;
use crate::exit;
use crate::mapping::{Protection, Region, Source, WindowReader};
use crate::render::hexyl::{render, HexylOptions};
use crate::search::Hit;

/// Reverse video on and off: seen whatever colours hexyl gave the bytes, and turning it
/// off leaves those colours alone.
const REVERSE: &[u8] = b"\x1b[7m";
const REVERSE_OFF: &[u8] = b"\x1b[27m";

/// The layout of the context dumps.
pub struct Context {
    bytes: u64,
    opts: HexylOptions,
}

impl Context {
    /// `bytes` before and after each hit; `color` on (with the highlight) or off; as many
    /// panels (at most 2, as dump's default) as the terminal's width allows.
    pub fn new(bytes: u64, color: bool) -> Context {
        let width = terminal_size::terminal_size().map_or(80, |(w, _)| u64::from(w.0));
        // A line of P panels takes 10 + 34 P columns (hexyl's max_panels).
        let panels = (width.saturating_sub(10) / 34).clamp(1, 2);
        let opts = HexylOptions {
            color,
            squeeze: false,
            panels,
            ..HexylOptions::default()
        };
        Context { bytes, opts }
    }

    /// Writes the dump of the bytes around `hit` to `out`. The context is clamped to the
    /// file (it may reach outside the searched region), and read in windows, so a large N
    /// costs no more memory than a small one.
    ///
    /// # Errors
    /// A mapping or read error naming the file and region (a fault keeps exit code 4), or
    /// the write error.
    pub fn show(&self, source: &Source, hit: Hit, out: &mut impl Write) -> Result<()> {
        let hit_end = hit.offset + hit.len as u64;
        let start = hit.offset.saturating_sub(self.bytes);
        let end = hit_end.saturating_add(self.bytes).min(source.size());
        let region = Region {
            offset: start,
            len: end - start,
        };
        let input = WindowReader::new(source, region, Protection::ReadOnly)?;
        let panels = self.opts.panels as usize;
        // The renderer returns the reader's errors and the writer's alike: this tells them
        // apart.
        let mut out = Tracked {
            inner: out,
            failed: false,
        };
        let result = if self.opts.color {
            let mut marked = Highlight::new(&mut out, hit.offset..hit_end, panels);
            render(&self.opts, start, input, &mut marked).and_then(|()| marked.finish())
        } else {
            render(&self.opts, start, input, &mut out)
        };
        result.map_err(|e| {
            if out.failed {
                return unwritable(e);
            }
            let err = exit::from_io(e);
            if exit::is_fault(&err) {
                return err;
            }
            err.context(format!(
                "cannot show the context of the hit at {:#x} in {} ({region})",
                hit.offset,
                source.path().display()
            ))
        })
    }
}

/// A writer that remembers whether it failed.
struct Tracked<'w, W: Write> {
    inner: &'w mut W,
    failed: bool,
}

impl<W: Write> Write for Tracked<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.inner.write(buf);
        self.failed |= result.is_err();
        result
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.inner.flush();
        self.failed |= result.is_err();
        result
    }
}

/// Passes hexyl's lines through, wrapping the cells of the bytes in `hit` (hex and
/// character panels) in reverse video. A data line is told by its position panel, which
/// gives the offset of its first byte; borders pass unchanged.
struct Highlight<'w, W: Write> {
    out: &'w mut W,
    hit: Range<u64>,
    panels: usize,
    line: Vec<u8>,
}

impl<'w, W: Write> Highlight<'w, W> {
    fn new(out: &'w mut W, hit: Range<u64>, panels: usize) -> Self {
        Highlight {
            out,
            hit,
            panels,
            line: Vec::new(),
        }
    }

    /// Writes what is left of an unfinished line.
    fn finish(&mut self) -> io::Result<()> {
        let rest = std::mem::take(&mut self.line);
        self.out.write_all(&mark(&rest, &self.hit, self.panels))
    }
}

impl<W: Write> Write for Highlight<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(newline) = rest.iter().position(|&b| b == b'\n') {
            self.line.extend_from_slice(&rest[..=newline]);
            let line = std::mem::take(&mut self.line);
            self.out.write_all(&mark(&line, &self.hit, self.panels))?;
            rest = &rest[newline + 1..];
        }
        self.line.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// One piece of a coloured line: an escape sequence, or one visible character.
fn pieces(line: &[u8]) -> Vec<(&[u8], bool)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let len = if line[i] == 0x1b && line.get(i + 1) == Some(&b'[') {
            // CSI: parameters, then one final byte in 0x40..=0x7e.
            let tail = line[i + 2..].iter().position(|b| (0x40..=0x7e).contains(b));
            tail.map_or(line.len() - i, |t| t + 3)
        } else {
            // A UTF-8 character: its lead byte gives its length.
            match line[i] {
                0xf0..=0xf7 => 4,
                0xe0..=0xef => 3,
                0xc0..=0xdf => 2,
                _ => 1,
            }
            .min(line.len() - i)
        };
        out.push((&line[i..i + len], line[i] == 0x1b));
        i += len;
    }
    out
}

/// `line` with the cells of the bytes of `hit` it shows in reverse video.
fn mark(line: &[u8], hit: &Range<u64>, panels: usize) -> Vec<u8> {
    let pieces = pieces(line);
    let visible: Vec<&[u8]> = pieces
        .iter()
        .filter(|(_, escape)| !escape)
        .map(|(p, _)| *p)
        .collect();
    let Some(spans) = spans(&visible, hit, panels) else {
        return line.to_vec();
    };
    let mut out = Vec::with_capacity(line.len() + 32);
    let (mut column, mut on) = (0, false);
    for (piece, escape) in pieces {
        if escape {
            out.extend_from_slice(piece);
            if on {
                // A reset hexyl wrote inside a marked span must not end the mark.
                out.extend_from_slice(REVERSE);
            }
            continue;
        }
        if on && spans.iter().any(|s| s.end == column) {
            out.extend_from_slice(REVERSE_OFF);
            on = false;
        }
        if !on && spans.iter().any(|s| s.start == column) {
            out.extend_from_slice(REVERSE);
            on = true;
        }
        out.extend_from_slice(piece);
        column += 1;
    }
    if on {
        // A span that ends the line (hexyl's last column is a border: not expected).
        out.extend_from_slice(REVERSE_OFF);
    }
    out
}

/// The visible columns to mark on a data line: the hex cells of the hit's bytes on this
/// line (from the first's first digit to the last's last) and their characters. `None`
/// for a line that shows none of them (a border, another line).
fn spans(visible: &[&[u8]], hit: &Range<u64>, panels: usize) -> Option<[Range<usize>; 2]> {
    // `│OFFSET│ xx xx ... ┊ xx ... │chars┊chars│`
    if visible.first() != Some(&"│".as_bytes()) {
        return None;
    }
    let bar = 1 + visible[1..].iter().position(|c| *c == "│".as_bytes())?;
    let digits: String = visible[1..bar]
        .iter()
        .map(|c| std::str::from_utf8(c).unwrap_or("?"))
        .collect();
    let first = u64::from_str_radix(&digits, 16).ok()?;
    let per_line = 8 * panels as u64;
    let (from, to) = (hit.start.max(first), hit.end.min(first + per_line));
    if from >= to {
        return None;
    }
    let (a, b) = ((from - first) as usize, (to - first - 1) as usize);
    let start = bar + 1;
    let hex = |j: usize| start + (j / 8) * 26 + 1 + (j % 8) * 3;
    let chars = |j: usize| start + panels * 26 + (j / 8) * 9 + j % 8;
    Some([hex(a)..hex(b) + 2, chars(a)..chars(b) + 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dump(color: bool, bytes: &[u8], offset: u64, hit: Range<u64>) -> String {
        let opts = HexylOptions {
            color,
            squeeze: false,
            ..HexylOptions::default()
        };
        let mut out = Vec::new();
        let mut marked = Highlight::new(&mut out, hit, 2);
        render(&opts, offset, bytes, &mut marked).unwrap();
        marked.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The marked cells, read back: the visible characters between the reverse on and off
    /// codes, hexyl's own colour codes (and the re-marks after them) taken out.
    fn marked(text: &str) -> Vec<String> {
        let (mut groups, mut current, mut on) = (Vec::new(), String::new(), false);
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c != '\x1b' {
                if on {
                    current.push(c);
                }
                continue;
            }
            let mut code = String::new();
            for d in chars.by_ref() {
                code.push(d);
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            match code.as_str() {
                "[7m" => on = true,
                "[27m" => {
                    on = false;
                    groups.push(std::mem::take(&mut current));
                }
                _ => {}
            }
        }
        groups
    }

    #[test]
    fn the_hit_is_marked_in_both_panels_across_lines_and_panels() {
        let bytes: Vec<u8> = (0x40..0x70).collect();
        // Bytes 0x1006..0x100a of a dump starting at 0x1000: panel 1 of line 1 only.
        let text = dump(true, &bytes, 0x1000, 0x1006..0x100a);
        assert_eq!(marked(&text), ["46 47 ┊ 48 49", "FG┊HI"]);
        // From the last byte of a line to the first of the next.
        let text = dump(true, &bytes, 0x1000, 0x100f..0x1011);
        assert_eq!(marked(&text), ["4f", "O", "50", "P"]);
    }

    #[test]
    fn offsets_past_4_gib_and_partial_lines() {
        let text = dump(
            true,
            b"abcdefghij",
            0x1_0000_0000,
            0x1_0000_0008..0x1_0000_000a,
        );
        assert_eq!(marked(&text), ["69 6a", "ij"]);
    }

    #[test]
    fn without_marks_the_text_is_hexyls() {
        let bytes: Vec<u8> = (0..40).collect();
        let opts = HexylOptions {
            color: true,
            squeeze: false,
            ..HexylOptions::default()
        };
        let mut plain = Vec::new();
        render(&opts, 0, &bytes[..], &mut plain).unwrap();
        // A hit outside the dump marks nothing.
        assert_eq!(dump(true, &bytes, 0, 100..101).into_bytes(), plain);
    }
}
