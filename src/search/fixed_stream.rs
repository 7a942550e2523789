//! Windowed search for fixed-length patterns. Each window is searched in place (no copy
//! of the 16 MiB); only the last `max_len - 1` bytes are carried, and the starts that lie
//! in them are searched once the next window arrives, in a small stitched buffer of carry
//! plus the window's first `max_len - 1` bytes.

use std::ops::ControlFlow;

use super::fixed::FixedSet;
use super::{Hit, Mode};
use crate::units::index;

pub(crate) type Emit<'e> = dyn FnMut(Hit, &[u8]) -> ControlFlow<()> + 'e;

pub(crate) struct FixedStream<'m> {
    set: &'m FixedSet,
    mode: Mode,
    /// Absolute offset the search region starts at.
    start: u64,
    /// Absolute end of the bytes seen so far.
    end: u64,
    /// The next start to consider: every earlier start has been decided.
    pos: u64,
    /// The last bytes seen, `end - carry.len()..end`.
    carry: Vec<u8>,
    stitch: Vec<u8>,
}

impl<'m> FixedStream<'m> {
    pub fn new(set: &'m FixedSet, mode: Mode, start: u64) -> Self {
        FixedStream {
            set,
            mode,
            start,
            end: start,
            pos: start,
            carry: Vec::new(),
            stitch: Vec::new(),
        }
    }

    #[cfg(test)]
    pub fn carried(&self) -> usize {
        self.carry.len()
    }

    fn keep(&self) -> usize {
        self.set.max_len() - 1
    }

    /// Searches `window`, which starts where the previous one ended. A start is decided
    /// once `max_len` bytes from it are known, so the starts in the last `max_len - 1`
    /// bytes wait for the next window (or for [`FixedStream::finish`]).
    pub fn feed(&mut self, window: &[u8], emit: &mut Emit<'_>) -> ControlFlow<()> {
        let keep = self.keep();
        let old_end = self.end;
        let new_end = old_end + window.len() as u64;
        let horizon = new_end.saturating_sub(keep as u64).max(self.start);
        let carry_base = old_end - self.carry.len() as u64;

        // Starts in the carry: stitch it to the head of this window.
        let limit = horizon.min(old_end);
        if self.pos < limit {
            self.stitch.clear();
            self.stitch.extend_from_slice(&self.carry);
            self.stitch
                .extend_from_slice(&window[..window.len().min(keep)]);
            let from = index(self.pos - carry_base);
            let flow = self.search(Part::Stitch, carry_base, from, limit, emit);
            if flow.is_break() {
                return flow;
            }
        }
        // Starts in this window whose every pattern fits in it: the fast path, in place.
        if horizon > old_end && self.pos < horizon {
            let from = index(self.pos.max(old_end) - old_end);
            let flow = self.search(Part::Window(window), old_end, from, horizon, emit);
            if flow.is_break() {
                return flow;
            }
        }
        self.pos = self.pos.max(horizon);

        if window.len() >= keep {
            self.carry.clear();
            self.carry.extend_from_slice(&window[window.len() - keep..]);
        } else {
            self.carry.extend_from_slice(window);
            let excess = self.carry.len().saturating_sub(keep);
            self.carry.drain(..excess);
        }
        self.end = new_end;
        ControlFlow::Continue(())
    }

    /// Decides the starts still waiting in the carry: the stream ends at the last window.
    pub fn finish(&mut self, emit: &mut Emit<'_>) -> ControlFlow<()> {
        let carry_base = self.end - self.carry.len() as u64;
        if self.pos >= self.end {
            return ControlFlow::Continue(());
        }
        let from = index(self.pos - carry_base);
        let end = self.end;
        self.search(Part::Carry, carry_base, from, end, emit)
    }

    fn search(
        &mut self,
        part: Part<'_>,
        base: u64,
        from: usize,
        limit: u64,
        emit: &mut Emit<'_>,
    ) -> ControlFlow<()> {
        let hay: &[u8] = match part {
            Part::Stitch => &self.stitch,
            Part::Carry => &self.carry,
            Part::Window(w) => w,
        };
        let set = self.set;
        let limit = index(limit - base);
        let (next, flow) = set.search(hay, from, limit, self.mode, &mut |s, pattern| {
            let len = set.pattern_len(pattern);
            let hit = Hit {
                offset: base + s as u64,
                len,
                pattern,
            };
            emit(hit, &hay[s..s + len])
        });
        self.pos = self.pos.max(base + next as u64);
        flow
    }
}

#[derive(Clone, Copy)]
enum Part<'w> {
    Stitch,
    Carry,
    Window(&'w [u8]),
}
