//! The C array that `xxd -i`, `hexyl --include` and `mmapctl dump -f c` print, read back as
//! bytes (it has no offsets): a hex source for a patch.
//!
//! ```text
//! unsigned char name[] = {
//!   0xde, 0xad, 0xbe, 0xef
//! };
//! unsigned int name_len = 4;
//! ```
//!
//! The body alone (`xxd -i < file`) is read too. Each byte is `0x` and exactly two hex
//! digits, bytes are separated by commas (one after the last is allowed, as in C), and the
//! length line, when present, must count the bytes read: a lost line then cannot go unseen.

use std::io::BufRead;

use super::lines::{nibble, Lines};
use super::ParseError;

/// Reads a C array's bytes.
///
/// # Errors
/// A malformed declaration or byte, a missing or doubled comma, an array never closed, text
/// after the length line, a length (`[N]` or `_len`) that differs from the bytes read, or a
/// read error.
pub fn parse<R: BufRead>(input: R) -> Result<Vec<u8>, ParseError> {
    let mut lines = Lines::new(input);
    let mut bytes = Vec::new();
    // The declaration's line, name and `[N]`, when there is one.
    let mut declared: Option<(usize, String, Option<u64>)> = None;
    let mut body_started = false;
    let mut closed: Option<usize> = None;
    let mut length_line: Option<usize> = None;
    // The line of the last byte while no comma has followed it.
    let mut pending: Option<usize> = None;
    while let Some((n, text)) = lines.next_clean()? {
        let text = text.trim();
        let at = |m: String| ParseError::at(n, m);
        if text.is_empty() {
            continue;
        }
        if let Some(l) = length_line {
            return Err(at(format!("text after the length line {l}")));
        }
        if let Some(c) = closed {
            let name = declared.as_ref().map_or("", |(_, name, _)| name.as_str());
            let count = length(text, name).map_err(at)?;
            if count != bytes.len() as u64 {
                return Err(at(format!(
                    "the length says {count} bytes, but the array (closed on line {c}) has {}",
                    bytes.len()
                )));
            }
            length_line = Some(n);
            continue;
        }
        if !body_started && declared.is_none() && text.starts_with(char::is_alphabetic) {
            declared = Some(
                declaration(text)
                    .map(|(name, k)| (n, name, k))
                    .map_err(at)?,
            );
            continue;
        }
        body_started = true;
        if text == "};" {
            if declared.is_none() {
                return Err(at("`};` without an `unsigned char NAME[] = {` line".into()));
            }
            closed = Some(n);
            continue;
        }
        body(text, &mut bytes, &mut pending, n).map_err(at)?;
    }
    let last = lines.number().max(1);
    if let (Some((d, _, _)), None) = (&declared, closed) {
        return Err(ParseError::at(
            last,
            format!("the array of line {d} is never closed with `}};` (cut short?)"),
        ));
    }
    if let Some((d, _, Some(k))) = declared {
        if k != bytes.len() as u64 {
            return Err(ParseError::at(
                d,
                format!(
                    "the array is declared with {k} bytes but has {}",
                    bytes.len()
                ),
            ));
        }
    }
    Ok(bytes)
}

/// `[static] [const] unsigned char NAME[] = {` (or `NAME[N]`): the name and N.
fn declaration(text: &str) -> Result<(String, Option<u64>), String> {
    let usage = || format!("{text:?} is neither `unsigned char NAME[] = {{` nor a byte (0x..)");
    let mut rest = text;
    for word in ["static", "const"] {
        if let Some(r) = rest.strip_prefix(word).filter(|r| r.starts_with(' ')) {
            rest = r.trim_start();
        }
    }
    let rest = words(rest, &["unsigned", "char"]).ok_or_else(usage)?;
    let (name, rest) = identifier(rest).ok_or_else(usage)?;
    let rest = rest.trim_start().strip_prefix('[').ok_or_else(usage)?;
    let (count, rest) = rest.split_once(']').ok_or_else(usage)?;
    let count = match count.trim() {
        "" => None,
        k => Some(k.parse::<u64>().map_err(|_| usage())?),
    };
    let rest = rest.trim_start().strip_prefix('=').ok_or_else(usage)?;
    if rest.trim() != "{" {
        return Err(usage());
    }
    Ok((name.to_string(), count))
}

/// `unsigned int NAME_len = N;` (`NAME_LEN` with `xxd -C`): N.
fn length(text: &str, name: &str) -> Result<u64, String> {
    let usage = || format!("{text:?} after the array is not `unsigned int {name}_len = N;`");
    let rest = words(text, &["unsigned", "int"]).ok_or_else(usage)?;
    let (id, rest) = identifier(rest).ok_or_else(usage)?;
    let known = [format!("{name}_len"), format!("{name}_LEN")];
    if !name.is_empty() && !known.iter().any(|k| k == id) {
        return Err(format!("the length {id:?} is not the array's ({name}_len)"));
    }
    let rest = rest.trim_start().strip_prefix('=').ok_or_else(usage)?;
    let number = rest.trim().strip_suffix(';').ok_or_else(usage)?;
    number.trim().parse().map_err(|_| usage())
}

/// Strips the given words, each followed by whitespace.
fn words<'a>(text: &'a str, expected: &[&str]) -> Option<&'a str> {
    expected.iter().try_fold(text, |rest, word| {
        let r = rest.strip_prefix(word)?;
        r.starts_with(char::is_whitespace).then(|| r.trim_start())
    })
}

/// A C identifier as xxd and hexyl make them (letters, digits, `_`).
fn identifier(text: &str) -> Option<(&str, &str)> {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    (end > 0).then(|| text.split_at(end))
}

/// One line of bytes and commas.
fn body(
    text: &str,
    bytes: &mut Vec<u8>,
    pending: &mut Option<usize>,
    n: usize,
) -> Result<(), String> {
    for (i, piece) in text.split(',').enumerate() {
        // A comma came before every piece but the first.
        if i > 0 && pending.take().is_none() {
            return Err("a comma without a byte before it".into());
        }
        for element in piece.split_whitespace() {
            if let Some(line) = *pending {
                let place = if line == n {
                    String::new()
                } else {
                    format!(" (on line {line})")
                };
                return Err(format!(
                    "no comma between {element:?} and the byte before it{place}"
                ));
            }
            bytes.push(byte(element)?);
            *pending = Some(n);
        }
    }
    Ok(())
}

fn byte(element: &str) -> Result<u8, String> {
    let digits = element
        .strip_prefix("0x")
        .or_else(|| element.strip_prefix("0X"))
        .ok_or_else(|| format!("{element:?} is not a byte written 0xNN"))?;
    let d: Vec<char> = digits.chars().collect();
    match d[..] {
        [a, b] => match (nibble(a), nibble(b)) {
            (Some(hi), Some(lo)) => Ok(hi << 4 | lo),
            _ => Err(format!("{element:?}: not hex digits")),
        },
        _ => Err(format!(
            "{element:?} has {} hex digits; each byte is written with two (0xNN)",
            d.len()
        )),
    }
}

#[cfg(test)]
mod tests;
