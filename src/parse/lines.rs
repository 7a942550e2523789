//! Line-by-line input shared by the readers: numbering, UTF-8, line endings, colour.

use std::io::BufRead;

use super::ParseError;

/// Reads lines with their 1-based numbers, each without its `\n` (or `\r\n`).
pub(crate) struct Lines<R> {
    input: R,
    line: String,
    clean: String,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(input: R) -> Self {
        Lines {
            input,
            line: String::new(),
            clean: String::new(),
            number: 0,
        }
    }

    /// The number of the last line returned (0 before the first).
    pub(crate) fn number(&self) -> usize {
        self.number
    }

    /// Reads the next line into `self.line`; false at the end of the input.
    fn advance(&mut self) -> Result<bool, ParseError> {
        let mut raw = std::mem::take(&mut self.line).into_bytes();
        raw.clear();
        if self.input.read_until(b'\n', &mut raw)? == 0 {
            return Ok(false);
        }
        self.number += 1;
        if raw.last() == Some(&b'\n') {
            raw.pop();
            if raw.last() == Some(&b'\r') {
                raw.pop();
            }
        }
        match String::from_utf8(raw) {
            Ok(text) => {
                self.line = text;
                Ok(true)
            }
            Err(e) => Err(ParseError::at(
                self.number,
                format!(
                    "not UTF-8 text (byte {} of the line)",
                    e.utf8_error().valid_up_to() + 1
                ),
            )),
        }
    }

    /// The next line as it is, or `None` at the end of the input.
    pub(crate) fn next_raw(&mut self) -> Result<Option<(usize, &str)>, ParseError> {
        Ok(self.advance()?.then_some((self.number, self.line.as_str())))
    }

    /// The next line with colour escapes (`ESC [ ... m`, as `--color always`, `less -R` and
    /// `xxd -R` write them) removed. Any other control character is an error: a dump's text
    /// has none, and a tab means an editor has changed its alignment.
    pub(crate) fn next_clean(&mut self) -> Result<Option<(usize, &str)>, ParseError> {
        if !self.advance()? {
            return Ok(None);
        }
        strip_colour(&self.line, &mut self.clean).map_err(|m| ParseError::at(self.number, m))?;
        Ok(Some((self.number, self.clean.as_str())))
    }
}

/// Copies `line` into `out` without its SGR sequences.
fn strip_colour(line: &str, out: &mut String) -> Result<(), String> {
    out.clear();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.next() != Some('[') {
                return Err("an escape character that does not start a colour".into());
            }
            loop {
                match chars.next() {
                    Some('0'..='9' | ';') => {}
                    Some('m') => break,
                    _ => return Err("an escape sequence that is not a colour (ESC [ ... m)".into()),
                }
            }
        } else if c == '\t' {
            return Err(
                "a tab: dumps are aligned with spaces (did an editor convert them?)".into(),
            );
        } else if c.is_control() {
            return Err(format!("control character U+{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Ok(())
}

/// The value of one hex digit.
pub(crate) fn nibble(c: char) -> Option<u8> {
    c.to_digit(16).map(|d| d as u8)
}

/// Parses 1 to 16 hex digits (the caller checks how many it allows).
pub(crate) fn hex_u64(digits: &[char]) -> Option<u64> {
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    digits
        .iter()
        .try_fold(0u64, |v, &c| Some(v << 4 | u64::from(nibble(c)?)))
}

#[cfg(test)]
mod tests;
