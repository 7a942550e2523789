//! Lines of a dump with offsets turned into runs of bytes: the grid of line offsets, squeezed
//! `*` lines, and the choice between layouts that one line alone cannot tell apart.

use super::ParseError;

/// Bytes a dump gives for one stretch of positions: `bytes` from `offset`, repeated `repeat`
/// times back to back. A squeezed `*` region is one run with its line as `bytes` and the
/// number of lines it stands for as `repeat`, so a dump of a mostly empty 100 GiB image
/// stays small in memory; every other run has `repeat == 1`. Readers return runs in offset
/// order, never overlapping, and merge lines that touch, except that a squeezed run stays a
/// run of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// Absolute position of the first byte, as the dump prints it.
    pub offset: u64,
    /// The bytes (one line of them when `repeat > 1`).
    pub bytes: Vec<u8>,
    /// How many times `bytes` follow each other.
    pub repeat: u64,
}

impl Run {
    /// Number of bytes the run covers.
    pub fn len(&self) -> u64 {
        (self.bytes.len() as u64).saturating_mul(self.repeat)
    }

    /// Whether the run covers no bytes (readers never return such a run).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Position just past the run's last byte (readers check that it fits in a u64).
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(self.len())
    }

    /// Every byte of the run in order, the repeats written out as they are reached.
    pub fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        (0..self.repeat).flat_map(|_| self.bytes.iter().copied())
    }
}

/// What one dump line says.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    /// These bytes (possibly none: hexyl's closing line after a squeeze) at this offset.
    Bytes(u64),
    /// The previous line repeats until the next line's offset.
    Star,
}

/// Builds runs from lines in the order of the dump, checking what a dump promises:
/// offsets on one grid of full lines, increasing, a short line only at the end, and a `*`
/// only between two lines whose distance it explains.
pub(crate) struct Assembler {
    line_len: u64,
    origin: Option<(u64, usize)>,
    last: Option<(u64, u64, usize)>,
    last_bytes: Vec<u8>,
    star: Option<usize>,
    closed: Option<(usize, &'static str)>,
    runs: Vec<Run>,
}

impl Assembler {
    pub(crate) fn new(line_len: u64) -> Self {
        Assembler {
            line_len,
            origin: None,
            last: None,
            last_bytes: Vec::new(),
            star: None,
            closed: None,
            runs: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, line: usize, kind: Kind, bytes: &[u8]) -> Result<(), String> {
        if let Some((closed, why)) = self.closed {
            return Err(format!("a line after line {closed}, which {why}"));
        }
        match kind {
            Kind::Star => self.star(line),
            Kind::Bytes(offset) => self.bytes(line, offset, bytes),
        }
    }

    fn star(&mut self, line: usize) -> Result<(), String> {
        if let Some(star) = self.star {
            return Err(format!("a second `*` right after the one on line {star}"));
        }
        if self.last.is_none() {
            return Err("a squeezed `*` line before any line of bytes: nothing to repeat".into());
        }
        self.star = Some(line);
        Ok(())
    }

    fn bytes(&mut self, line: usize, offset: u64, bytes: &[u8]) -> Result<(), String> {
        let len = self.line_len;
        if let Some((start, end, prev)) = self.last {
            if offset < end {
                return Err(format!(
                    "offset {offset:#x} goes back into line {prev} ({start:#x}..{end:#x})"
                ));
            }
        }
        let (origin, origin_line) = *self.origin.get_or_insert((offset, line));
        if !(offset - origin).is_multiple_of(len) {
            return Err(format!(
                "offset {offset:#x} is not a whole number of {len}-byte lines after the first \
                 line's {origin:#x} (line {origin_line}): a typo in the offset, or offsets \
                 not in hex (xxd -d)?"
            ));
        }
        let end = offset
            .checked_add(bytes.len() as u64)
            .ok_or_else(|| format!("bytes at {offset:#x} run past the largest 64-bit offset"))?;
        if let Some(star) = self.star.take() {
            let (start, _, prev) = self.last.unwrap_or((offset, offset, line));
            let from = start + len;
            if offset < from + len {
                return Err(format!(
                    "the `*` on line {star} stands for no line: this line directly follows \
                     line {prev}"
                ));
            }
            self.runs.push(Run {
                offset: from,
                bytes: self.last_bytes.clone(),
                repeat: (offset - from) / len,
            });
            if bytes.is_empty() {
                self.closed = Some((line, "ends the squeezed run"));
            }
        } else if bytes.is_empty() {
            return Err("an offset without bytes, and no `*` line before it".into());
        }
        if !bytes.is_empty() {
            match self.runs.last_mut() {
                Some(run) if run.repeat == 1 && run.end() == offset => {
                    run.bytes.extend_from_slice(bytes)
                }
                _ => self.runs.push(Run {
                    offset,
                    bytes: bytes.to_vec(),
                    repeat: 1,
                }),
            }
        }
        if (bytes.len() as u64) < len && !bytes.is_empty() {
            self.closed = Some((line, "is shorter than a full line, so it must be the last"));
        }
        self.last = Some((offset, end, line));
        self.last_bytes.clear();
        self.last_bytes.extend_from_slice(bytes);
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<Vec<Run>, (usize, String)> {
        if let Some(star) = self.star {
            return Err((
                star,
                "the dump ends after a squeezed `*` line, so where the repeat ends is \
                 missing (truncated dump?)"
                    .into(),
            ));
        }
        Ok(self.runs)
    }
}

/// A line that does not fit a layout: where (1-based column) and why. When no layout fits,
/// the misfit of highest `rank` is reported: by default its column, how far the line fitted.
pub(crate) struct Misfit {
    pub(crate) column: usize,
    pub(crate) message: String,
    pub(crate) rank: usize,
}

impl Misfit {
    pub(crate) fn new(column: usize, message: impl Into<String>) -> Self {
        Misfit {
            column,
            message: message.into(),
            rank: column,
        }
    }

    /// The same misfit, ranked as if found at `rank`.
    pub(crate) fn ranked(self, rank: usize) -> Self {
        Misfit { rank, ..self }
    }
}

/// The layouts still possible for a dump, each with its own runs. A dump's layout is not
/// written down (hexyl without a border, xxd always), and in rare single-line dumps two
/// layouts read the same text; lines are fed to every layout still alive, and the reader
/// refuses a dump whose surviving layouts disagree about its bytes.
pub(crate) struct Candidates<L> {
    live: Vec<(L, Assembler)>,
    scratch: Vec<u8>,
}

impl<L: std::fmt::Display> Candidates<L> {
    /// `layouts` with the bytes of a full line each, most likely first.
    pub(crate) fn new(layouts: Vec<(L, u64)>) -> Self {
        let live = layouts
            .into_iter()
            .map(|(layout, len)| (layout, Assembler::new(len)))
            .collect();
        Candidates {
            live,
            scratch: Vec::new(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    /// The layouts still alive, most likely first.
    pub(crate) fn layouts(&self) -> impl Iterator<Item = &L> {
        self.live.iter().map(|(layout, _)| layout)
    }

    /// Reads one line under every live layout and keeps those it fits. When it fits none,
    /// the error is the one of the layout that got furthest along the line.
    pub(crate) fn feed(
        &mut self,
        line: usize,
        mut parse: impl FnMut(&L, &mut Vec<u8>) -> Result<Kind, Misfit>,
    ) -> Result<(), ParseError> {
        let mut best: Option<Misfit> = None;
        let scratch = &mut self.scratch;
        self.live.retain_mut(|(layout, asm)| {
            scratch.clear();
            let result = parse(layout, scratch).and_then(|kind| {
                asm.push(line, kind, scratch)
                    .map_err(|m| Misfit::new(usize::MAX, m))
            });
            match result {
                Ok(()) => true,
                Err(misfit) => {
                    if best.as_ref().is_none_or(|b| misfit.rank > b.rank) {
                        best = Some(misfit);
                    }
                    false
                }
            }
        });
        match (self.live.is_empty(), best) {
            (true, Some(misfit)) => Err(ParseError::at(line, located(misfit))),
            _ => Ok(()),
        }
    }

    /// The runs, once every layout still alive agrees on them.
    pub(crate) fn finish(self, first_line: usize) -> Result<Vec<Run>, ParseError> {
        let mut results = Vec::new();
        let mut failure = None;
        for (layout, asm) in self.live {
            match asm.finish() {
                Ok(runs) => results.push((layout, runs)),
                Err(e) => failure = failure.or(Some(e)),
            }
        }
        let Some((first, runs)) = results.first() else {
            let (line, message) = failure.unwrap_or((first_line, "no lines".into()));
            return Err(ParseError::at(line, message));
        };
        if let Some((other, _)) = results.iter().find(|(_, r)| r != runs) {
            return Err(ParseError::at(
                first_line,
                format!(
                    "this dump reads two ways, as {first} and as {other}, with different \
                     bytes; give the layout it was printed with"
                ),
            ));
        }
        Ok(results.swap_remove(0).1)
    }
}

fn located(misfit: Misfit) -> String {
    if misfit.column == usize::MAX {
        misfit.message
    } else {
        format!("column {}: {}", misfit.column, misfit.message)
    }
}

#[cfg(test)]
mod tests;
