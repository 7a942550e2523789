//! The `--hex` pattern syntax: bytes as `patch --hex` writes them, plus `??` for any byte
//! and `4?` / `?f` (or `.`) for a free nibble.

use super::pattern::{Elem, PatternError, PatternKind};

/// Parses a hex pattern into one [`Elem`] per byte; see [`super::Pattern::hex`].
pub(crate) fn parse(input: &str) -> Result<Vec<Elem>, PatternError> {
    let trimmed = input.trim();
    // One leading 0x for the whole string, as units::parse_hex allows ("0x de ad").
    let body = strip_0x(trimmed).unwrap_or(trimmed);
    let mut elems = Vec::new();
    for token in body.split(|c: char| c.is_whitespace() || c == ':' || c == '-') {
        if token.is_empty() {
            continue;
        }
        parse_token(token, &mut elems)?;
    }
    if elems.is_empty() {
        return Err(PatternError::Empty(PatternKind::Hex));
    }
    Ok(elems)
}

fn strip_0x(s: &str) -> Option<&str> {
    s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))
}

fn parse_token(token: &str, elems: &mut Vec<Elem>) -> Result<(), PatternError> {
    let digits = strip_0x(token).unwrap_or(token);
    let mut nibbles = Vec::with_capacity(digits.len());
    for ch in digits.chars() {
        nibbles.push(match ch {
            '?' | '.' => None,
            c => match c.to_digit(16) {
                Some(d) => Some(d as u8),
                None => {
                    return Err(PatternError::BadHexChar {
                        ch,
                        token: token.to_string(),
                    })
                }
            },
        });
    }
    let wildcard = nibbles.iter().any(Option::is_none);
    // `??` starting at an odd nibble spans two bytes (`d??e`): almost surely a typo.
    let straddles = nibbles
        .windows(2)
        .enumerate()
        .any(|(i, w)| i % 2 == 1 && w[0].is_none() && w[1].is_none());
    if straddles || (wildcard && nibbles.len() % 2 == 1) {
        return Err(PatternError::SplitWildcard(token.to_string()));
    }
    if nibbles.is_empty() || nibbles.len() % 2 == 1 {
        return Err(PatternError::OddHex(token.to_string()));
    }
    for pair in nibbles.chunks_exact(2) {
        let (hi, hi_mask) = pair[0].map_or((0, 0), |d| (d << 4, 0xf0));
        let (lo, lo_mask) = pair[1].map_or((0, 0), |d| (d, 0x0f));
        elems.push(Elem {
            value: hi | lo,
            mask: hi_mask | lo_mask,
        });
    }
    Ok(())
}
