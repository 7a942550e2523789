//! Windowed search for regexes (and for sets that mix regexes with hex or text).
//!
//! The forward automaton is stepped through each window in place and its state carried to
//! the next, so where a match ends is decided exactly as over the whole region. A match is
//! final when the automaton dies, or at the end of the region. Only the bytes a later step
//! can need are carried: at most `max_match_len + 1` before the first end of the match
//! under way (for its start, found by the reverse automaton) and the bytes after it. A
//! search that would need more (the automaton still undecided `max_match_len` bytes past a
//! match, or a start that may lie further back) stops with `SearchError::MatchTooLong`.

use std::ops::ControlFlow;

use regex_automata::hybrid::LazyStateID;
use regex_automata::PatternID;

use super::dfa::{Automata, Caches};
use super::fixed_stream::Emit;
use super::hay::Hay;
use super::{Hit, Mode, SearchError};
use crate::units::index;

/// A match seen by the forward automaton that is not final yet.
#[derive(Clone, Copy)]
struct Pending {
    end: u64,
    pattern: PatternID,
    /// The end of the first match seen in this search: its start is at most
    /// `max_match_len` before it, so the bytes kept are counted from here.
    first_end: u64,
}

pub(crate) struct RegexStream<'m> {
    auto: &'m Automata,
    caches: Caches,
    mode: Mode,
    limit: u64,
    /// Where the region starts: `^` matches there, nothing is looked at before it.
    start: u64,
    carry: Vec<u8>,
    carry_base: u64,
    scratch: Vec<u8>,
    /// Where the current search began (after the previous hit).
    search_start: u64,
    /// The next byte to step over, and the state before it.
    at: u64,
    sid: LazyStateID,
    /// The state at `at` must be computed (after a start or a hit).
    restart: bool,
    pending: Option<Pending>,
    /// The automaton died with no match: nothing later can match.
    exhausted: bool,
}

impl<'m> RegexStream<'m> {
    pub fn new(auto: &'m Automata, mode: Mode, max_match_len: usize, start: u64) -> Self {
        RegexStream {
            auto,
            caches: auto.caches(),
            mode,
            limit: max_match_len as u64,
            start,
            carry: Vec::new(),
            carry_base: start,
            scratch: Vec::new(),
            search_start: start,
            at: start,
            sid: LazyStateID::default(),
            restart: true,
            pending: None,
            exhausted: false,
        }
    }

    #[cfg(test)]
    pub fn carried(&self) -> usize {
        self.carry.len()
    }

    pub fn feed(
        &mut self,
        window: &[u8],
        emit: &mut Emit<'_>,
    ) -> Result<ControlFlow<()>, SearchError> {
        let result = self.search(window, false, emit);
        self.keep(window);
        result
    }

    pub fn finish(&mut self, emit: &mut Emit<'_>) -> Result<ControlFlow<()>, SearchError> {
        self.search(&[], true, emit)
    }

    fn search(
        &mut self,
        window: &[u8],
        last: bool,
        emit: &mut Emit<'_>,
    ) -> Result<ControlFlow<()>, SearchError> {
        let carry = std::mem::take(&mut self.carry);
        let hay = Hay {
            carry: &carry,
            carry_base: self.carry_base,
            window,
            last,
        };
        let result = self.run(&hay, emit);
        self.carry = carry;
        result
    }

    /// Keeps the bytes from `max_match_len + 1` before the first end of a pending match
    /// (or before the next byte to step), dropping older ones in amortised batches.
    fn keep(&mut self, window: &[u8]) {
        let end = self.carry_base + (self.carry.len() + window.len()) as u64;
        if self.exhausted {
            self.carry.clear();
            self.carry_base = end;
            return;
        }
        let anchor = self.pending.map_or(self.at, |p| p.first_end);
        let from = anchor.saturating_sub(self.limit + 1).max(self.start);
        let mid = end - window.len() as u64;
        if from >= mid {
            self.carry.clear();
            self.carry.extend_from_slice(&window[index(from - mid)..]);
            self.carry_base = from;
            return;
        }
        let drop = index(from.saturating_sub(self.carry_base));
        if drop > self.carry.len() / 2 {
            self.carry.drain(..drop);
            self.carry_base = from;
        }
        self.carry.extend_from_slice(window);
    }

    fn run(&mut self, hay: &Hay<'_>, emit: &mut Emit<'_>) -> Result<ControlFlow<()>, SearchError> {
        loop {
            if self.exhausted {
                return Ok(ControlFlow::Continue(()));
            }
            if self.restart {
                self.sid = self.start_state(hay, self.at)?;
                self.restart = false;
            }
            let died = self.step(hay)?;
            if !died {
                if !hay.last {
                    return Ok(ControlFlow::Continue(()));
                }
                // The end of the region: the transition that settles `$` and a match
                // still being extended.
                self.sid = self
                    .auto
                    .fwd
                    .next_eoi_state(&mut self.caches.fwd, self.sid)
                    .map_err(|_| SearchError::GaveUp { offset: hay.end() })?;
                if self.sid.is_match() {
                    self.record_match(hay.end());
                }
            }
            match self.pending.take() {
                Some(pending) => {
                    if self.report(hay, pending, emit)?.is_break() {
                        return Ok(ControlFlow::Break(()));
                    }
                }
                None => self.exhausted = true,
            }
        }
    }

    fn start_state(&mut self, hay: &Hay<'_>, at: u64) -> Result<LazyStateID, SearchError> {
        let before = (at > self.start).then(|| hay.byte(at - 1));
        self.auto.fwd_start(&mut self.caches.fwd, at, before)
    }

    fn record_match(&mut self, end: u64) {
        let pattern = self.auto.fwd.match_pattern(&self.caches.fwd, self.sid, 0);
        let first_end = self.pending.map_or(end, |p| p.first_end);
        self.pending = Some(Pending {
            end,
            pattern,
            first_end,
        });
    }

    /// Steps over the bytes from `at` to the end of `hay`. Returns true when the automaton
    /// died (the pending match, if any, is final).
    fn step(&mut self, hay: &Hay<'_>) -> Result<bool, SearchError> {
        let auto = self.auto;
        while let Some((seg, base)) = hay.segment(self.at) {
            let mut i = index(self.at - base);
            while i < seg.len() {
                if self.sid.is_start() && self.pending.is_none() {
                    let ends_region = hay.last && base + seg.len() as u64 == hay.end();
                    let target = auto.skip(seg, i, ends_region);
                    if target > i {
                        i = target;
                        self.sid = self.start_state(hay, base + i as u64)?;
                        if i == seg.len() {
                            break;
                        }
                    }
                }
                // The hot loop: untagged states need no check but the tag itself. It
                // stops short of the byte that would exceed the match-length limit.
                let stop = match self.pending {
                    Some(p) => seg
                        .len()
                        .min(index((p.first_end + self.limit).saturating_sub(base)))
                        .max(i),
                    None => seg.len(),
                };
                if !self.sid.is_tagged() {
                    let (cache, mut sid) = (&self.caches.fwd, self.sid);
                    for &b in &seg[i..stop] {
                        let next = auto.fwd.next_state_untagged(cache, sid, b);
                        if next.is_tagged() {
                            break;
                        }
                        sid = next;
                        i += 1;
                    }
                    self.sid = sid;
                }
                if i == seg.len() {
                    break;
                }
                self.sid = auto
                    .fwd
                    .next_state(&mut self.caches.fwd, self.sid, seg[i])
                    .map_err(|_| SearchError::GaveUp {
                        offset: base + i as u64,
                    })?;
                if self.sid.is_tagged() {
                    if self.sid.is_match() {
                        // Delayed by one byte: the match ends before the byte just read.
                        self.record_match(base + i as u64);
                    } else if self.sid.is_dead() {
                        self.at = base + i as u64 + 1;
                        return Ok(true);
                    } else if self.sid.is_quit() {
                        let offset = base + i as u64;
                        return Err(SearchError::UnicodeWordBoundary { offset });
                    }
                }
                i += 1;
                if let Some(p) = self.pending {
                    if base + i as u64 - p.first_end > self.limit {
                        return Err(self.too_long(p.first_end));
                    }
                }
            }
            self.at = base + seg.len() as u64;
        }
        Ok(false)
    }

    fn too_long(&self, offset: u64) -> SearchError {
        SearchError::MatchTooLong {
            offset,
            limit: index(self.limit),
        }
    }

    /// Finds the start of a final match, reports it, and sets up the next search.
    fn report(
        &mut self,
        hay: &Hay<'_>,
        pending: Pending,
        emit: &mut Emit<'_>,
    ) -> Result<ControlFlow<()>, SearchError> {
        let end = pending.end;
        let lower = self.search_start.max(end.saturating_sub(self.limit));
        let after = (end < hay.end()).then(|| hay.byte(end));
        let before_lower =
            (lower == self.search_start).then(|| (lower > self.start).then(|| hay.byte(lower - 1)));
        let start = self
            .auto
            .find_start(
                &mut self.caches.rev,
                pending.pattern,
                (lower, end),
                |at| hay.byte(at),
                after,
                before_lower,
            )?
            .ok_or_else(|| self.too_long(lower))?;
        let hit = Hit {
            offset: start,
            len: index(end - start),
            pattern: pending.pattern.as_usize(),
        };
        let flow = emit(hit, hay.bytes(start, end, &mut self.scratch));
        let next = match self.mode {
            Mode::NonOverlapping => end,
            Mode::Overlapping => start + 1,
        };
        self.search_start = next;
        self.at = next;
        self.restart = true;
        Ok(flow)
    }
}
