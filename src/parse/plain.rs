//! Plain hex read back: `xxd -p` (any `-c`, either case) and `mmapctl dump -f plain`.
//!
//! Plain hex has no offsets, so the caller says where its first byte goes (the `-s` the dump
//! was made with). Each line is an even number of hex digits and nothing else, and every line
//! but the last is as long as the first: xxd and mmapctl print fixed-width lines, so a
//! shorter line in the middle means digits were lost, and every byte after them would land
//! one place early.

use std::io::BufRead;

use super::lines::{nibble, Lines};
use super::{ParseError, Run};

/// Reads plain hex whose first byte belongs at `base`. The result is one run, or none for an
/// empty input.
///
/// # Errors
/// A character that is not a hex digit, an odd number of digits on a line, a line of another
/// width than the first (but for the last), a blank line inside the hex, bytes past the
/// largest 64-bit offset, or a read error.
pub fn parse<R: BufRead>(input: R, base: u64) -> Result<Vec<Run>, ParseError> {
    let mut lines = Lines::new(input);
    let mut bytes = Vec::new();
    let mut width: Option<(usize, usize)> = None;
    let mut short: Option<usize> = None;
    let mut blank: Option<usize> = None;
    while let Some((n, text)) = lines.next_clean()? {
        if text.is_empty() {
            blank = blank.or(Some(n));
            continue;
        }
        if let (Some(b), Some(_)) = (blank.take(), width) {
            return Err(ParseError::at(b, "a blank line inside the hex"));
        }
        let at = |m: String| ParseError::at(n, m);
        let digits = text.chars().count();
        if let Some(s) = short {
            return Err(at(format!(
                "a line after the shorter line {s}, which must be the last"
            )));
        }
        let mut high = None;
        for (i, c) in text.chars().enumerate() {
            let Some(v) = nibble(c) else {
                let what = if c == ' ' {
                    "a space: plain hex has digits only".to_string()
                } else {
                    format!("{c:?} is not a hex digit")
                };
                return Err(at(format!("column {}: {what}", i + 1)));
            };
            match high.take() {
                None => high = Some(v),
                Some(h) => bytes.push(h << 4 | v),
            }
        }
        if high.is_some() {
            return Err(at(format!(
                "{digits} hex digits: a byte needs two, so one is missing or extra"
            )));
        }
        match width {
            None => width = Some((digits, n)),
            Some((w, first)) if digits > w => {
                return Err(at(format!(
                    "{digits} digits, more than the {w} of line {first}"
                )))
            }
            Some((w, _)) if digits < w => short = Some(n),
            Some(_) => {}
        }
    }
    if bytes.is_empty() {
        return Ok(Vec::new());
    }
    if base.checked_add(bytes.len() as u64).is_none() {
        return Err(ParseError::at(
            lines.number(),
            format!("the bytes from {base:#x} run past the largest 64-bit offset"),
        ));
    }
    Ok(vec![Run {
        offset: base,
        bytes,
        repeat: 1,
    }])
}

#[cfg(test)]
mod tests;
