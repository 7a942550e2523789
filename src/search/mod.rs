//! The search engine behind `find`: patterns (hex with wildcards, text, byte regexes) and
//! a matcher that takes a region one window at a time and reports every hit once, at its
//! absolute offset, whether or not it straddles two windows.
//!
//! ```
//! use std::ops::ControlFlow;
//! use mmapctl::search::{Matcher, Options, Pattern};
//!
//! let patterns = [Pattern::hex("de ad ?? ef")?, Pattern::text("MZ", false)?];
//! let matcher = Matcher::new(&patterns, Options::default())?;
//! let mut stream = matcher.stream(0x1000); // the region starts at file offset 0x1000
//! let mut hits = Vec::new();
//! // Windows as the caller maps them: contiguous, any sizes; here a hit straddles two.
//! for (offset, window) in [(0x1000, &b"..MZ..\xde"[..]), (0x1007, &b"\xad\x00\xef"[..])] {
//!     stream.feed(offset, window, |hit, _bytes| {
//!         hits.push(hit);
//!         ControlFlow::Continue(())
//!     })?;
//! }
//! stream.finish(|hit, _bytes| {
//!     hits.push(hit);
//!     ControlFlow::Continue(())
//! })?;
//! let found: Vec<(u64, usize, usize)> = hits.iter().map(|h| (h.offset, h.len, h.pattern)).collect();
//! assert_eq!(found, [(0x1002, 2, 1), (0x1006, 4, 0)]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Semantics (those of grep -o and Python's `re.finditer` over the whole region):
//! - With several patterns, a hit is the leftmost match of any of them; of the patterns
//!   that match at that offset, the first one given wins (a regex alternation's
//!   leftmost-first rule), and [`Hit::pattern`] says which.
//! - [`Mode::NonOverlapping`] (the default) goes on after the end of each hit;
//!   [`Mode::Overlapping`] goes on one byte after its start, so every offset where a
//!   pattern matches is reported once.
//! - `^`, `$` and `\b` see the region as the whole haystack: nothing before its start or
//!   after its end.
//!
//! Memory, on top of the caller's window: hex and text patterns carry `longest pattern - 1`
//! bytes between windows. A regex carries what a match under way may still need, at most
//! `2 * max_match_len + 2` bytes ([`DEFAULT_MAX_MATCH_LEN`] is 4 MiB), in a buffer trimmed
//! in batches (so up to twice that), and its two lazy DFAs use up to 2 MiB of cache each.
//! A regex whose match cannot be decided within `max_match_len` bytes is an error
//! ([`SearchError::MatchTooLong`]), never a larger buffer.
//!
//! Speed (256 MiB of random bytes in memory, `examples/search_bench.rs`): literals run at
//! memmem's speed, and so does hex with wildcards when it has two exact bytes (adjacent
//! or not) or a regex with a literal prefix; ignore-case text about a quarter of it; hex
//! without any exact byte about 1 GB/s, a regex without a literal prefix about 0.5 GB/s.

mod dfa;
mod dfa_stream;
mod fixed;
mod fixed_stream;
mod hay;
mod hex;
mod matcher;
mod pair;
mod pattern;

pub use matcher::{Matcher, Stream};
pub use pattern::{Pattern, PatternError, PatternKind};

/// The longest regex match looked for by default: 4 MiB. Hex and text patterns are not
/// limited (their length is known).
pub const DEFAULT_MAX_MATCH_LEN: usize = 4 << 20;

/// Whether hits may overlap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// After a hit, the search goes on at its end (grep, `re.finditer`).
    #[default]
    NonOverlapping,
    /// After a hit, the search goes on at the next byte: every start is reported.
    Overlapping,
}

/// How a [`Matcher`] searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Overlapping or not; see [`Mode`].
    pub mode: Mode,
    /// Stop after this many hits in one stream (grep's `-m`, per file); `None` for all.
    pub max_count: Option<u64>,
    /// The longest regex match the search will look for, which also bounds what a regex
    /// search carries between windows; see [`SearchError::MatchTooLong`]. Hex and text
    /// patterns ignore it.
    pub max_match_len: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mode: Mode::NonOverlapping,
            max_count: None,
            max_match_len: DEFAULT_MAX_MATCH_LEN,
        }
    }
}

/// One match.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// Absolute offset of its first byte (the offset given to [`Matcher::stream`] counts).
    pub offset: u64,
    /// Its length in bytes (never 0).
    pub len: usize,
    /// The index, in the slice given to [`Matcher::new`], of the pattern that matched.
    pub pattern: usize,
}

/// Why a search stopped. After an error a [`Stream`] reports nothing more.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// A regex match near `offset` could be longer than [`Options::max_match_len`]: the
    /// automaton was still undecided that many bytes past a match, or the match's start
    /// may lie further back.
    #[error("a regex match near offset {offset:#x} could be longer than the limit of {limit} bytes; bound its repetitions (e.g. `.{{0,1000}}` instead of `.*`) or raise the limit")]
    MatchTooLong {
        /// Where the undecided match ends or starts at the earliest.
        offset: u64,
        /// The limit in force.
        limit: usize,
    },
    /// `(?u)\b` met a non-ASCII byte, which the lazy DFA cannot decide.
    #[error("a Unicode word boundary (`\\b` under `(?u)`) cannot be decided next to the non-ASCII byte at offset {offset:#x}; use `(?-u:\\b)`")]
    UnicodeWordBoundary {
        /// The offset of that byte.
        offset: u64,
    },
    /// A window did not start where the previous one ended (a caller's bug).
    #[error("a window at offset {got:#x} does not continue the search, which is at {expected:#x}")]
    NotContiguous {
        /// Where the next window had to start.
        expected: u64,
        /// Where it started.
        got: u64,
    },
    /// The lazy DFA gave up (its cache thrashed); not expected with the default settings.
    #[error("the regex engine gave up at offset {offset:#x}")]
    GaveUp {
        /// Where it gave up.
        offset: u64,
    },
}

#[cfg(test)]
mod tests;
