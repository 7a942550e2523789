//! Tests of the search engine: pattern syntax, the windowed matcher against naive
//! searches over the whole buffer, and the engines against each other.

mod fixed;
mod oracle;
mod parse;
mod props;
mod regex;

use std::ops::ControlFlow;

use super::{Hit, Matcher, Mode, Options, Pattern, SearchError};

/// One compiled set serves streams on several threads (one per file, say).
#[test]
fn matcher_is_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Matcher>();
}

/// What a windowed search reported: each hit with its bytes, then the error that ended it.
type Outcome = (Vec<(Hit, Vec<u8>)>, Option<SearchError>);

/// Feeds `data`, a region starting at absolute `base`, in windows whose sizes cycle
/// through `sizes` (one window when empty).
fn run(m: &Matcher, data: &[u8], base: u64, sizes: &[usize]) -> Outcome {
    let mut hits = Vec::new();
    let mut stream = m.stream(base);
    let mut collect = |hit: Hit, bytes: &[u8]| {
        hits.push((hit, bytes.to_vec()));
        ControlFlow::Continue(())
    };
    let mut pos = 0;
    let mut sizes = sizes.iter().copied().cycle();
    while pos < data.len() {
        let n = sizes
            .next()
            .unwrap_or(data.len())
            .clamp(1, data.len() - pos);
        if let Err(e) = stream.feed(base + pos as u64, &data[pos..pos + n], &mut collect) {
            return (hits, Some(e));
        }
        pos += n;
    }
    let err = stream.finish(&mut collect).err();
    (hits, err)
}

/// The hits of a successful run, checking that each carries the bytes it covers.
fn hits_of(outcome: Outcome, data: &[u8], base: u64) -> Result<Vec<Hit>, SearchError> {
    let (hits, err) = outcome;
    if let Some(e) = err {
        return Err(e);
    }
    for (hit, bytes) in &hits {
        let from = usize::try_from(hit.offset - base).unwrap();
        assert_eq!(&data[from..from + hit.len], &bytes[..], "bytes of {hit:?}");
    }
    Ok(hits.into_iter().map(|(h, _)| h).collect())
}

fn matcher(patterns: &[Pattern], mode: Mode) -> Matcher {
    let options = Options {
        mode,
        ..Options::default()
    };
    Matcher::new(patterns, options).unwrap()
}

/// The hits of a successful windowed run as `(offset, len, pattern)`.
fn offsets(m: &Matcher, data: &[u8], base: u64, sizes: &[usize]) -> Vec<(u64, usize, usize)> {
    let hits = hits_of(run(m, data, base, sizes), data, base).unwrap();
    hits.iter().map(|h| (h.offset, h.len, h.pattern)).collect()
}
