//! [`Matcher`], a compiled pattern set, and [`Stream`], the search of one region fed window
//! by window: the public face of the two engines (memmem for fixed-length sets, the lazy
//! DFA for the rest).

use std::ops::ControlFlow;

use super::fixed::{Fixed, FixedSet};
use super::pattern::Body;
use super::{dfa, dfa_stream, fixed_stream};
use super::{Hit, Options, Pattern, PatternError, SearchError};

#[derive(Debug)]
enum Engine {
    Fixed(FixedSet),
    Regex(Box<dfa::Automata>),
}

/// A compiled pattern set and its options. Build it once per run; start a [`Stream`] per
/// file or region with [`Matcher::stream`].
#[derive(Debug)]
pub struct Matcher {
    engine: Engine,
    options: Options,
}

impl Matcher {
    /// Compiles `patterns` (at least one). A set of hex and text patterns runs on memmem;
    /// a set with a regex in it runs, whole, on the lazy DFA.
    ///
    /// # Errors
    /// [`PatternError::NoPattern`] for an empty set, [`PatternError::TooComplex`] when the
    /// automaton cannot be built.
    pub fn new(patterns: &[Pattern], options: Options) -> Result<Matcher, PatternError> {
        if patterns.is_empty() {
            return Err(PatternError::NoPattern);
        }
        let fixed: Option<Vec<Fixed>> = patterns
            .iter()
            .map(|p| match &p.body {
                Body::Fixed(elems) => Some(Fixed::new(elems.clone())),
                Body::Regex(_) => None,
            })
            .collect();
        let engine = match fixed {
            Some(set) => Engine::Fixed(FixedSet::new(set)),
            None => Engine::Regex(regex_engine(patterns)?),
        };
        Ok(Matcher { engine, options })
    }

    /// The same set forced onto the regex engine, so tests can hold the two engines to
    /// each other.
    #[cfg(test)]
    pub(crate) fn new_regex(
        patterns: &[Pattern],
        options: Options,
    ) -> Result<Matcher, PatternError> {
        let engine = Engine::Regex(regex_engine(patterns)?);
        Ok(Matcher { engine, options })
    }

    /// The options it was built with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Starts a search of a region that begins at absolute offset `start`; feed it the
    /// region's bytes in order with [`Stream::feed`], then call [`Stream::finish`].
    pub fn stream(&self, start: u64) -> Stream<'_> {
        let inner = match &self.engine {
            Engine::Fixed(set) => Inner::Fixed(fixed_stream::FixedStream::new(
                set,
                self.options.mode,
                start,
            )),
            Engine::Regex(auto) => Inner::Regex(Box::new(dfa_stream::RegexStream::new(
                auto,
                self.options.mode,
                self.options.max_match_len,
                start,
            ))),
        };
        Stream {
            inner,
            next: start,
            hits: 0,
            done: self.options.max_count == Some(0),
            max_count: self.options.max_count,
        }
    }

    /// Every hit in `haystack`, a region that starts at absolute offset `offset`, for
    /// callers that have it all in memory.
    ///
    /// # Errors
    /// See [`SearchError`].
    pub fn find_all(&self, haystack: &[u8], offset: u64) -> Result<Vec<Hit>, SearchError> {
        let mut hits = Vec::new();
        let mut stream = self.stream(offset);
        stream.feed(offset, haystack, |hit, _| {
            hits.push(hit);
            ControlFlow::Continue(())
        })?;
        stream.finish(|hit, _| {
            hits.push(hit);
            ControlFlow::Continue(())
        })?;
        Ok(hits)
    }
}

fn regex_engine(patterns: &[Pattern]) -> Result<Box<dfa::Automata>, PatternError> {
    let hirs: Vec<_> = patterns.iter().map(Pattern::to_hir).collect();
    dfa::Automata::new(&hirs).map(Box::new)
}

enum Inner<'m> {
    Fixed(fixed_stream::FixedStream<'m>),
    Regex(Box<dfa_stream::RegexStream<'m>>),
}

/// The search of one region, fed window by window. Hits come out in increasing offset,
/// each once, through the callback given to [`Stream::feed`] and [`Stream::finish`],
/// with the matched bytes (also when they straddle two windows). A hit may be reported
/// during a later `feed` than the one whose window holds its start, or by `finish`.
pub struct Stream<'m> {
    inner: Inner<'m>,
    next: u64,
    hits: u64,
    done: bool,
    max_count: Option<u64>,
}

impl Stream<'_> {
    /// Searches the next `window` of the region, which starts at absolute `offset`: where
    /// the previous window ended (the region's start for the first). `on_hit` returns
    /// `ControlFlow::Break(())` to stop the search (then [`Stream::is_done`] is true).
    ///
    /// # Errors
    /// [`SearchError::NotContiguous`] for a window out of place (nothing is searched);
    /// the regex errors of [`SearchError`].
    pub fn feed<F>(&mut self, offset: u64, window: &[u8], mut on_hit: F) -> Result<(), SearchError>
    where
        F: FnMut(Hit, &[u8]) -> ControlFlow<()>,
    {
        if offset != self.next {
            return Err(SearchError::NotContiguous {
                expected: self.next,
                got: offset,
            });
        }
        self.next += window.len() as u64;
        self.drive(&mut on_hit, Some(window))
    }

    /// Ends the region: reports the hits that only the end of the region decides (those in
    /// the last bytes, a regex's `$`). Without it those hits are lost.
    ///
    /// # Errors
    /// The regex errors of [`SearchError`].
    pub fn finish<F>(mut self, mut on_hit: F) -> Result<(), SearchError>
    where
        F: FnMut(Hit, &[u8]) -> ControlFlow<()>,
    {
        self.drive(&mut on_hit, None)
    }

    /// True once `max_count` hits were reported, the callback asked to stop or an error
    /// ended the search: the caller may stop mapping windows.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The number of hits reported so far.
    pub fn hits(&self) -> u64 {
        self.hits
    }

    /// The bytes carried between windows, to test that the carry stays bounded.
    #[cfg(test)]
    pub(crate) fn carried(&self) -> usize {
        match &self.inner {
            Inner::Fixed(s) => s.carried(),
            Inner::Regex(s) => s.carried(),
        }
    }

    fn drive(
        &mut self,
        on_hit: &mut dyn FnMut(Hit, &[u8]) -> ControlFlow<()>,
        window: Option<&[u8]>,
    ) -> Result<(), SearchError> {
        if self.done {
            return Ok(());
        }
        let (hits, max_count) = (&mut self.hits, self.max_count);
        let mut emit = |hit: Hit, bytes: &[u8]| {
            *hits += 1;
            let flow = on_hit(hit, bytes);
            if max_count.is_some_and(|max| *hits >= max) {
                return ControlFlow::Break(());
            }
            flow
        };
        let result = match (&mut self.inner, window) {
            (Inner::Fixed(s), Some(w)) => Ok(s.feed(w, &mut emit)),
            (Inner::Fixed(s), None) => Ok(s.finish(&mut emit)),
            (Inner::Regex(s), Some(w)) => s.feed(w, &mut emit),
            (Inner::Regex(s), None) => s.finish(&mut emit),
        };
        match result {
            Ok(ControlFlow::Continue(())) => Ok(()),
            Ok(ControlFlow::Break(())) => {
                self.done = true;
                Ok(())
            }
            Err(e) => {
                self.done = true;
                Err(e)
            }
        }
    }
}
