//! A naive search over a whole buffer, written independently of the engine: a brute-force
//! check of every start.

use super::super::pattern::{Body, Elem};
use super::super::{Hit, Mode, Pattern};

/// Every start checked against every pattern in order: the definition of the semantics.
pub fn brute(patterns: &[Pattern], hay: &[u8], mode: Mode) -> Vec<Hit> {
    let fixed: Vec<&Vec<Elem>> = patterns
        .iter()
        .map(|p| match &p.body {
            Body::Fixed(e) => e,
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
