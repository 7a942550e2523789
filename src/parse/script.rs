//! The edit script of DESIGN.md, which `diff` prints and `patch --script` applies:
//!
//! ```text
//! # mmapctl edit script
//! # size 1048576 => 1048576
//! # sha256 <64 hex digits> => <64 hex digits>
//! 0x1f40 de ad be ef => 90 90 90 90
//! 0x2000 00 => ff
//! 0x3000 ff            (unchecked: no old bytes; needs --unchecked)
//! ```
//!
//! Bytes may be spaced (`de ad`) or not (`dead`). `#` starts a comment, on a line of its own
//! or after an edit (after a space); blank lines may stand anywhere. The words `size` and
//! `sha256` right after a `#` make a header line, which must then be well-formed, appear
//! before the first edit and at most once: a typo there must not quietly turn the hash check
//! into a comment.

use std::fmt;
use std::io::BufRead;

use super::edit::{check, Edit, Header, Script, Sha256, Sides};
use super::lines::{nibble, Lines};
use super::ParseError;
use crate::units;

/// The first line of a script.
pub const MAGIC: &str = "mmapctl edit script";

/// Reads a whole script.
///
/// # Errors
/// The first line that breaks the format, an edit that overlaps another (the error is on the
/// later line and names the earlier one), or a read error.
pub fn parse<R: BufRead>(input: R) -> Result<Script, ParseError> {
    let mut lines = Lines::new(input);
    let mut header = Header::default();
    let mut seen = Seen::default();
    let mut entries: Vec<(Edit, Option<usize>)> = Vec::new();
    while let Some((n, text)) = lines.next_raw()? {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let at = |m: String| ParseError::at(n, m);
        if let Some(comment) = text.strip_prefix('#') {
            header_line(comment.trim(), &mut header, &mut seen, n, entries.first()).map_err(at)?;
            continue;
        }
        let edit = edit_line(text).map_err(at)?;
        check(&edit).map_err(|flaw| at(flaw.to_string()))?;
        entries.push((edit, Some(n)));
    }
    let numbers: Vec<usize> = entries.iter().filter_map(|(_, n)| *n).collect();
    Script::from_entries(header, entries).map_err(|(first, second, offset)| {
        ParseError::at(
            numbers[second],
            format!(
                "this edit overlaps the one on line {} (both write {offset:#x})",
                numbers[first]
            ),
        )
    })
}

/// Which header lines were given, and where.
#[derive(Default)]
struct Seen {
    magic: Option<usize>,
    size: Option<usize>,
    sha256: Option<usize>,
}

fn header_line(
    comment: &str,
    header: &mut Header,
    seen: &mut Seen,
    n: usize,
    first_edit: Option<&(Edit, Option<usize>)>,
) -> Result<(), String> {
    let (word, rest) = comment
        .split_once(char::is_whitespace)
        .map_or((comment, ""), |(w, r)| (w, r.trim()));
    let slot = match word {
        "size" => &mut seen.size,
        "sha256" => &mut seen.sha256,
        _ if comment == MAGIC => &mut seen.magic,
        _ if comment.starts_with(MAGIC) => {
            return Err(format!(
                "unknown edit script version {:?}; this mmapctl reads \"# {MAGIC}\"",
                comment
            ))
        }
        _ => return Ok(()),
    };
    if let Some(earlier) = *slot {
        return Err(format!(
            "a second `# {word}` line (the first is line {earlier})"
        ));
    }
    if let Some((_, Some(edit_line))) = first_edit {
        return Err(format!(
            "the header line `# {word}` comes after the first edit (line {edit_line})"
        ));
    }
    *slot = Some(n);
    match word {
        "size" => header.size = Some(sides(rest, "size", parse_size)?),
        "sha256" => header.sha256 = Some(sides(rest, "sha256", parse_sha256)?),
        _ => {}
    }
    Ok(())
}

fn sides<T>(
    text: &str,
    what: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Sides<T>, String> {
    let usage = || format!("expected `# {what} BEFORE => AFTER`");
    let (before, after) = text.split_once("=>").ok_or_else(usage)?;
    let (before, after) = (before.trim(), after.trim());
    if before.is_empty() || after.is_empty() || after.contains("=>") {
        return Err(usage());
    }
    Ok(Sides {
        before: parse(before)?,
        after: parse(after)?,
    })
}

fn parse_size(text: &str) -> Result<u64, String> {
    units::parse_count(text).map_err(|e| format!("size {text:?}: {e}"))
}

/// Reads 64 hex digits.
pub fn parse_sha256(text: &str) -> Result<Sha256, String> {
    let digits: Vec<char> = text.chars().collect();
    if digits.len() != 64 {
        return Err(format!(
            "a SHA-256 needs 64 hex digits, {text:?} has {}",
            digits.len()
        ));
    }
    let mut digest = [0u8; 32];
    for (byte, pair) in digest.iter_mut().zip(digits.chunks_exact(2)) {
        let (Some(hi), Some(lo)) = (nibble(pair[0]), nibble(pair[1])) else {
            return Err(format!("{text:?} is not a SHA-256: not all hex digits"));
        };
        *byte = hi << 4 | lo;
    }
    Ok(digest)
}

fn edit_line(text: &str) -> Result<Edit, String> {
    let text = strip_comment(text)?;
    let (offset_text, rest) = text
        .split_once(char::is_whitespace)
        .ok_or_else(|| format!("{text:?} has no bytes after the offset"))?;
    let offset = parse_offset(offset_text)?;
    let (old, new) = match rest.split_once("=>") {
        Some((old, new)) => {
            if new.contains("=>") {
                return Err("more than one `=>`".into());
            }
            let old = bytes(old, "old bytes before `=>`")?;
            (Some(old), bytes(new, "new bytes after `=>`")?)
        }
        None => (None, bytes(rest, "bytes after the offset")?),
    };
    Ok(Edit { offset, old, new })
}

/// Cuts a trailing `# comment`; a `#` glued to a byte is more likely a typo than a comment.
fn strip_comment(text: &str) -> Result<&str, String> {
    let Some(hash) = text.find('#') else {
        return Ok(text);
    };
    if !text[..hash].ends_with(char::is_whitespace) {
        return Err("`#` inside an edit (a comment after an edit needs a space before it)".into());
    }
    Ok(text[..hash].trim_end())
}

fn parse_offset(text: &str) -> Result<u64, String> {
    if !(text.starts_with("0x") || text.starts_with("0X")) {
        // A decimal-looking offset meant as hex (or the reverse) would patch the wrong place.
        return Err(format!(
            "offset {text:?} needs a 0x prefix: edit scripts give offsets in hex"
        ));
    }
    units::parse_count(text).map_err(|e| format!("offset {text:?}: {e}"))
}

/// Hex bytes separated by whitespace or not (`de ad`, `dead`); each token has an even
/// number of digits, so a lost digit is never silently realigned.
fn bytes(text: &str, what: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for token in text.split_whitespace() {
        if let Some(bad) = token.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(format!("{bad:?} in {token:?} is not a hex digit"));
        }
        if token.len() % 2 == 1 {
            return Err(format!(
                "{token:?} has an odd number of hex digits: a byte needs two"
            ));
        }
        out.extend(units::parse_hex(token).map_err(|e| format!("{token:?}: {e}"))?);
    }
    if out.is_empty() {
        return Err(format!("no {what}"));
    }
    Ok(out)
}

/// Writes the script in the format [`parse`] reads: the magic line, the header lines that
/// are set, then one line per edit in offset order.
impl fmt::Display for Script {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "# {MAGIC}")?;
        if let Some(size) = self.header.size {
            writeln!(f, "# size {} => {}", size.before, size.after)?;
        }
        if let Some(sha) = self.header.sha256 {
            writeln!(f, "# sha256 {} => {}", Hex(&sha.before), Hex(&sha.after))?;
        }
        for e in self.edits() {
            match &e.old {
                Some(old) => writeln!(f, "{:#x} {} => {}", e.offset, Spaced(old), Spaced(&e.new))?,
                None => writeln!(f, "{:#x} {}", e.offset, Spaced(&e.new))?,
            }
        }
        Ok(())
    }
}

/// Bytes as contiguous lowercase hex (a digest).
pub struct Hex<'a>(pub &'a [u8]);

/// Hex digits, lowercase.
const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Bytes formatted per call to the formatter: a `write!` per byte cost `diff` 100 ns a byte
/// on a file that differs throughout.
const BATCH: usize = 256;

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 2 * BATCH];
        for chunk in self.0.chunks(BATCH) {
            for (i, b) in chunk.iter().enumerate() {
                buf[2 * i] = DIGITS[usize::from(b >> 4)];
                buf[2 * i + 1] = DIGITS[usize::from(b & 15)];
            }
            f.write_str(ascii(&buf[..2 * chunk.len()]))?;
        }
        Ok(())
    }
}

struct Spaced<'a>(&'a [u8]);

impl fmt::Display for Spaced<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 3 * BATCH];
        for (n, chunk) in self.0.chunks(BATCH).enumerate() {
            for (i, b) in chunk.iter().enumerate() {
                buf[3 * i] = b' ';
                buf[3 * i + 1] = DIGITS[usize::from(b >> 4)];
                buf[3 * i + 2] = DIGITS[usize::from(b & 15)];
            }
            // No space before the first byte.
            let from = usize::from(n == 0);
            f.write_str(ascii(&buf[from..3 * chunk.len()]))?;
        }
        Ok(())
    }
}

/// The buffers above hold only ASCII digits and spaces.
fn ascii(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests;
