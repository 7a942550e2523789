//! Line-by-line input shared by the readers: numbering, UTF-8, line endings.

use std::io::BufRead;

use super::ParseError;

/// Reads lines with their 1-based numbers, each without its `\n` (or `\r\n`).
pub(crate) struct Lines<R> {
    input: R,
    line: String,
    number: usize,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(input: R) -> Self {
        Lines {
            input,
            line: String::new(),
            number: 0,
        }
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
}

/// The value of one hex digit.
pub(crate) fn nibble(c: char) -> Option<u8> {
    c.to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests;
