//! The engine for patterns whose matches all have one length (hex with or without
//! wildcards, text): memmem on the longest exact run of the pattern, then a check of the
//! remaining positions. On random data a 2-byte run leaves one candidate per 64 KiB, so a
//! wildcard pattern runs at close to the literal's speed.

use std::ops::ControlFlow;

use memchr::memmem;

use super::pair::PairFinder;
use super::pattern::Elem;
use super::Mode;

/// How candidates for one pattern are found before the full check.
#[derive(Debug)]
enum Anchor {
    /// memmem on the exact run `elems[at..at + len]`.
    Run {
        finder: Box<memmem::Finder<'static>>,
        at: usize,
        len: usize,
    },
    /// Exact bytes, but no two adjacent: two of them at their distance, `len` apart
    /// counting both.
    Pair {
        finder: Box<PairFinder>,
        at: usize,
        len: usize,
    },
    /// No exact byte, but one position takes at most three values (ASCII ignore-case
    /// letters take two): memchr2/memchr3 on it.
    Bytes { values: Vec<u8>, at: usize },
    /// Nothing selective (`??`, nibbles only): every position is checked, first as one
    /// masked 8-byte compare of the pattern's head (2 GB/s rather than 0.5 byte by byte).
    Scan { mask: u64, value: u64 },
}

/// One fixed-length pattern with its candidate finder.
#[derive(Debug)]
pub(crate) struct Fixed {
    elems: Vec<Elem>,
    anchor: Anchor,
}

impl Fixed {
    pub fn new(elems: Vec<Elem>) -> Fixed {
        let anchor = choose_anchor(&elems);
        Fixed { elems, anchor }
    }

    pub fn len(&self) -> usize {
        self.elems.len()
    }

    fn matches_at(&self, hay: &[u8], start: usize) -> bool {
        let window = &hay[start..start + self.elems.len()];
        window.iter().zip(&self.elems).all(|(&b, &e)| e.accepts(b))
    }

    /// The leftmost start `s` in `from..limit` where the pattern matches `hay[s..]`,
    /// the whole match lying inside `hay`.
    pub fn find(&self, hay: &[u8], from: usize, limit: usize) -> Option<usize> {
        let len = self.elems.len();
        let last = limit.checked_sub(1)?.min(hay.len().checked_sub(len)?);
        if from > last {
            return None;
        }
        let (at, run) = match &self.anchor {
            Anchor::Run { at, len, .. } | Anchor::Pair { at, len, .. } => (*at, *len),
            Anchor::Bytes { at, .. } => (*at, 1),
            Anchor::Scan { mask, value } => return self.scan(hay, from, last, *mask, *value),
        };
        // Candidates are anchor positions whose pattern start lies in from..=last.
        let mut pos = from + at;
        let end = last + at + run;
        while pos < end {
            let found = pos + self.next_anchor(&hay[pos..end])?;
            let start = found - at;
            if self.matches_at(hay, start) {
                return Some(start);
            }
            pos = found + 1;
        }
        None
    }

    fn scan(&self, hay: &[u8], from: usize, last: usize, mask: u64, value: u64) -> Option<usize> {
        let mut s = from;
        while s <= last {
            let Some(word) = hay[s..].first_chunk::<8>() else {
                break;
            };
            if u64::from_le_bytes(*word) & mask == value && self.matches_at(hay, s) {
                return Some(s);
            }
            s += 1;
        }
        // The last few starts, with fewer than 8 bytes after them.
        (s..=last).find(|&s| self.matches_at(hay, s))
    }

    fn next_anchor(&self, hay: &[u8]) -> Option<usize> {
        match &self.anchor {
            Anchor::Run { finder, .. } => finder.find(hay),
            Anchor::Pair { finder, .. } => finder.find(hay),
            Anchor::Bytes { values, .. } => match values[..] {
                [a] => memchr::memchr(a, hay),
                [a, b] => memchr::memchr2(a, b, hay),
                [a, b, c] => memchr::memchr3(a, b, c, hay),
                _ => unreachable!("invariant: Bytes anchors hold one to three values"),
            },
            Anchor::Scan { .. } => unreachable!("invariant: Scan has no anchor"),
        }
    }
}

fn choose_anchor(elems: &[Elem]) -> Anchor {
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < elems.len() {
        if !elems[i].is_exact() {
            i += 1;
            continue;
        }
        let start = i;
        while i < elems.len() && elems[i].is_exact() {
            i += 1;
        }
        if best.is_none_or(|(_, len)| i - start > len) {
            best = Some((start, i - start));
        }
    }
    let exact: Vec<usize> = (0..elems.len()).filter(|&i| elems[i].is_exact()).collect();
    if let (Some((_, 1)), [first, rest @ ..]) = (best, &exact[..]) {
        if let Some(&last) = rest.iter().rev().find(|&&i| i - first <= 255) {
            let (a, b) = (elems[*first].value, elems[last].value);
            let finder = Box::new(PairFinder::new(a, b, last - first));
            let (at, len) = (*first, last - first + 1);
            return Anchor::Pair { finder, at, len };
        }
    }
    if let Some((at, len)) = best {
        let run: Vec<u8> = elems[at..at + len].iter().map(|e| e.value).collect();
        let finder = Box::new(memmem::Finder::new(&run).into_owned());
        return Anchor::Run { finder, at, len };
    }
    let narrowest = elems
        .iter()
        .enumerate()
        .map(|(at, e)| (at, e.values().collect::<Vec<u8>>()))
        .min_by_key(|(_, values)| values.len());
    match narrowest {
        Some((at, values)) if values.len() <= 3 => Anchor::Bytes { values, at },
        _ => {
            // Bytes past the pattern's end (or the haystack's) are masked out.
            let (mut mask, mut value) = (0u64, 0u64);
            for (i, e) in elems.iter().take(8).enumerate() {
                mask |= u64::from(e.mask) << (8 * i);
                value |= u64::from(e.value) << (8 * i);
            }
            Anchor::Scan { mask, value }
        }
    }
}

/// Several fixed patterns searched as one: at each start the lowest-index pattern that
/// matches wins (the leftmost-first rule of a regex alternation), so a set of literals and
/// the same set run through the regex engine report the same hits.
#[derive(Debug)]
pub(crate) struct FixedSet {
    patterns: Vec<Fixed>,
    max_len: usize,
}

/// A pattern's next hit in the haystack being searched, kept between hits so that a rare
/// pattern is not searched again from every hit of a frequent one.
#[derive(Clone, Copy)]
enum Next {
    Unknown,
    At(usize),
    Never,
}

impl FixedSet {
    pub fn new(patterns: Vec<Fixed>) -> FixedSet {
        let max_len = patterns.iter().map(Fixed::len).max().unwrap_or(0);
        FixedSet { patterns, max_len }
    }

    /// The longest pattern's length: the stream delays a start until this many bytes
    /// after it are known, so every pattern can be decided there.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    pub fn pattern_len(&self, pattern: usize) -> usize {
        self.patterns[pattern].len()
    }

    /// Reports, in order, the hits whose start lies in `from..limit` (each match inside
    /// `hay`), as `(start, pattern)`. Returns where the next search must start and whether
    /// `emit` asked to stop.
    pub fn search(
        &self,
        hay: &[u8],
        mut from: usize,
        limit: usize,
        mode: Mode,
        emit: &mut dyn FnMut(usize, usize) -> ControlFlow<()>,
    ) -> (usize, ControlFlow<()>) {
        let mut next = vec![Next::Unknown; self.patterns.len()];
        loop {
            let mut best: Option<(usize, usize)> = None;
            for (id, slot) in next.iter_mut().enumerate() {
                if let Next::Unknown = slot {
                    *slot = self.patterns[id]
                        .find(hay, from, limit)
                        .map_or(Next::Never, Next::At);
                } else if let Next::At(s) = *slot {
                    if s < from {
                        *slot = self.patterns[id]
                            .find(hay, from, limit)
                            .map_or(Next::Never, Next::At);
                    }
                }
                if let Next::At(s) = *slot {
                    if best.is_none_or(|(b, _)| s < b) {
                        best = Some((s, id));
                    }
                }
            }
            let Some((start, id)) = best else {
                return (from, ControlFlow::Continue(()));
            };
            from = match mode {
                Mode::NonOverlapping => start + self.patterns[id].len(),
                Mode::Overlapping => start + 1,
            };
            if emit(start, id).is_break() {
                return (from, ControlFlow::Break(()));
            }
        }
    }
}
