//! Naive searches over a whole buffer, written independently of the engine: a brute-force
//! check of every start for fixed patterns, and the regex crate for everything.

use super::super::pattern::{Body, Elem};
use super::super::{Hit, Mode, Pattern};

/// Every start checked against every pattern in order: the definition of the semantics.
pub fn brute(patterns: &[Pattern], hay: &[u8], mode: Mode) -> Vec<Hit> {
    let fixed: Vec<&Vec<Elem>> = patterns
        .iter()
        .map(|p| match &p.body {
            Body::Fixed(e) => e,
            Body::Regex(_) => panic!("brute force takes fixed patterns only"),
        })
        .collect();
    let mut hits = Vec::new();
    let mut s = 0;
    while s < hay.len() {
        let found = fixed.iter().position(|elems| {
            s + elems.len() <= hay.len()
                && elems
                    .iter()
                    .zip(&hay[s..])
                    .all(|(e, &b)| b & e.mask == e.value)
        });
        match found {
            Some(i) => {
                hits.push(Hit {
                    offset: s as u64,
                    len: fixed[i].len(),
                    pattern: i,
                });
                s += match mode {
                    Mode::NonOverlapping => fixed[i].len(),
                    Mode::Overlapping => 1,
                };
            }
            None => s += 1,
        }
    }
    hits
}

/// A pattern in the regex crate's syntax; fixed patterns are spelled out byte by byte.
pub fn regex_source(p: &Pattern) -> String {
    match &p.body {
        Body::Regex(_) => p.source().to_string(),
        Body::Fixed(elems) => elems
            .iter()
            .map(|e| {
                let class: String = (0..=255u8)
                    .filter(|&b| b & e.mask == e.value)
                    .map(|b| format!("\\x{b:02x}"))
                    .collect();
                format!("(?s-u:[{class}])")
            })
            .collect(),
    }
}

/// The patterns as one alternation of named groups, run by regex::bytes over the whole
/// buffer; the group that took part names the pattern.
pub fn regex(patterns: &[Pattern], hay: &[u8], mode: Mode) -> Vec<Hit> {
    let source: Vec<String> = patterns
        .iter()
        .enumerate()
        .map(|(i, p)| format!("(?P<p{i}>{})", regex_source(p)))
        .collect();
    let re = regex::bytes::RegexBuilder::new(&source.join("|"))
        .unicode(false)
        .size_limit(1 << 26)
        .build()
        .unwrap();
    let mut hits = Vec::new();
    let mut pos = 0;
    while pos <= hay.len() {
        let Some(caps) = re.captures_at(hay, pos) else {
            break;
        };
        let m = caps.get(0).unwrap();
        assert!(!m.is_empty(), "empty match of {source:?}");
        let pattern = (0..patterns.len())
            .find(|i| caps.name(&format!("p{i}")).is_some())
            .unwrap();
        hits.push(Hit {
            offset: m.start() as u64,
            len: m.len(),
            pattern,
        });
        pos = match mode {
            Mode::NonOverlapping => m.end(),
            Mode::Overlapping => m.start() + 1,
        };
    }
    hits
}
