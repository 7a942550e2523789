//! The regex engine: a forward lazy DFA (leftmost-first, all patterns) finds where a match
//! ends, a reverse lazy DFA anchored on that pattern finds where it starts.
//!
//! regex-automata's lazy DFA is used below its search API: its states are stepped one
//! byte at a time, so a search can stop at the end of one window and go on with the next
//! (the state is a small id), and it can tell "the automaton died here" (the match is
//! final) from "the input ended here" (more bytes could change it). That difference is
//! what lets a windowed search give exactly the hits of a search over the whole region.

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::LazyStateID;
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind, PatternID, Span};
use regex_syntax::hir::Hir;

use super::pattern::PatternError;
use super::SearchError;

/// The compiled automata for one pattern set; shared by every stream of a `Matcher`.
#[derive(Debug)]
pub(crate) struct Automata {
    pub fwd: DFA,
    pub rev: DFA,
    /// A literal prefix every match starts with, to skip ahead while no match is under
    /// way (what regex-automata's own search does in its start state).
    pub pre: Option<Prefilter>,
}

/// The mutable half of the automata, one per stream.
#[derive(Clone, Debug)]
pub(crate) struct Caches {
    pub fwd: Cache,
    pub rev: Cache,
}

impl Automata {
    pub fn new(hirs: &[Hir]) -> Result<Automata, PatternError> {
        let too_complex = |e: &dyn std::error::Error| PatternError::TooComplex(chain(e));
        let compile = |reverse: bool| {
            thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .which_captures(WhichCaptures::None)
                        .reverse(reverse),
                )
                .build_many_from_hir(hirs)
                .map_err(|e| too_complex(&e))
        };
        let fwd_nfa = compile(false)?;
        let rev_nfa = compile(true)?;
        // Even a prefilter regex-automata does not call fast (e.g. two short needles) beats
        // stepping the DFA byte by byte: `[\xde\xdf]\xad..M` ran at 0.55 GB/s without
        // and 12 GB/s with it on random data, and a prefix that hits at every byte
        // (`a.\xad` over "aaa...") cost nothing against stepping (0.54 vs 0.48 GB/s).
        let pre = Prefilter::from_hirs_prefix(MatchKind::LeftmostFirst, hirs);
        let fwd = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::LeftmostFirst)
                    // Non-ASCII bytes become "quit" bytes instead of a build error; a
                    // search that meets one reports SearchError::UnicodeWordBoundary.
                    .unicode_word_boundary(true)
                    .specialize_start_states(pre.is_some()),
            )
            .build_from_nfa(fwd_nfa)
            .map_err(|e| too_complex(&e))?;
        // MatchKind::All and anchored on the pattern the forward search found: the
        // reverse search runs to the leftmost start, as regex-automata's own Regex does.
        let rev = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .starts_for_each_pattern(true)
                    .unicode_word_boundary(true),
            )
            .build_from_nfa(rev_nfa)
            .map_err(|e| too_complex(&e))?;
        Ok(Automata { fwd, rev, pre })
    }

    pub fn caches(&self) -> Caches {
        Caches {
            fwd: self.fwd.create_cache(),
            rev: self.rev.create_cache(),
        }
    }

    /// Where a search in its start state (no match under way) may jump to in `seg`: the
    /// next prefilter candidate at or after `at`, or `at` itself without a prefilter.
    pub fn skip(&self, seg: &[u8], at: usize, ends_region: bool) -> usize {
        let Some(pre) = &self.pre else {
            return at;
        };
        // A candidate may begin in the last needle-length - 1 bytes and end in the next
        // window, where `find` cannot see it: never jump past those bytes, or a later
        // whole candidate would hide it.
        let horizon = match ends_region {
            true => seg.len(),
            false => seg.len().saturating_sub(pre.max_needle_len() - 1).max(at),
        };
        if at >= horizon {
            return at;
        }
        pre.find(seg, Span::from(at..seg.len()))
            .map_or(horizon, |span| span.start.min(horizon))
    }

    /// The unanchored forward start state at `at`, whose look-behind byte is `before`
    /// (`None` at the start of the region, so that `^` matches there).
    pub fn fwd_start(
        &self,
        cache: &mut Cache,
        at: u64,
        before: Option<u8>,
    ) -> Result<LazyStateID, SearchError> {
        let config = start::Config::new()
            .anchored(Anchored::No)
            .look_behind(before);
        self.fwd
            .start_state(cache, &config)
            .map_err(|e| start_error(&e, at))
    }

    /// Finds the start of the match of `pattern` that ends at `end`: the leftmost start in
    /// `lower..end`. The caller provides the bytes through `byte` (absolute offsets);
    /// `after` is the byte at `end` (None at the end of the region) and `before_lower` the
    /// byte before `lower` (None at the start of the region).
    ///
    /// Returns `Ok(None)` when the reverse automaton is still alive at `lower`, that is
    /// when a start before `lower` cannot be ruled out.
    pub fn find_start(
        &self,
        cache: &mut Cache,
        pattern: PatternID,
        range: (u64, u64),
        bytes: impl Fn(u64) -> u8,
        after: Option<u8>,
        before_lower: Option<Option<u8>>,
    ) -> Result<Option<u64>, SearchError> {
        let (lower, end) = range;
        let config = start::Config::new()
            .anchored(Anchored::Pattern(pattern))
            .look_behind(after);
        let mut sid = self
            .rev
            .start_state(cache, &config)
            .map_err(|e| start_error(&e, end))?;
        let mut start = None;
        let mut at = end;
        while at > lower {
            at -= 1;
            sid = self
                .rev
                .next_state(cache, sid, bytes(at))
                .map_err(|_| SearchError::GaveUp { offset: at })?;
            if sid.is_tagged() {
                if sid.is_match() {
                    // Reverse matches are delayed by one byte too: the byte just read is
                    // the one before the start.
                    start = Some(at + 1);
                } else if sid.is_dead() {
                    return Ok(start);
                } else if sid.is_quit() {
                    return Err(SearchError::UnicodeWordBoundary { offset: at });
                }
            }
        }
        // `before_lower` is Some only when `lower` is where the search itself started:
        // there the reverse search ends as the haystack would (byte before, or none).
        let Some(before) = before_lower else {
            return Ok(None);
        };
        sid = match before {
            Some(b) => self.rev.next_state(cache, sid, b),
            None => self.rev.next_eoi_state(cache, sid),
        }
        .map_err(|_| SearchError::GaveUp { offset: lower })?;
        if sid.is_match() {
            start = Some(lower);
        } else if sid.is_quit() {
            return Err(SearchError::UnicodeWordBoundary {
                offset: lower.saturating_sub(1),
            });
        }
        Ok(start)
    }
}

fn start_error(e: &regex_automata::hybrid::StartError, at: u64) -> SearchError {
    match e {
        regex_automata::hybrid::StartError::Quit { .. } => SearchError::UnicodeWordBoundary {
            offset: at.saturating_sub(1),
        },
        _ => SearchError::GaveUp { offset: at },
    }
}

/// An error and its sources on one line, as `exit::report` prints errors.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
