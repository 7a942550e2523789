//! xxd's default layout read back (`00000010: 4865 6c6c  Hell`), with any `-c` (bytes per
//! line) and `-g` (bytes per group, 0 for none), `-u` (either case is read), `-e` (declared
//! through [`Options::order`]) and `-a` (`*` for squeezed lines), colour or not.
//!
//! xxd places byte `p` of a line at column `h + (2g+1)·x/g` and the character column at
//! `h + 2 + ((2g+1)·c - 1)/g`, where `h` is the column after `ADDRESS: ` and `x` is `p`
//! (`p XOR (g-1)` with `-e`). The layout is inferred from the first line, read column by
//! column against that formula, and every later line must fit it exactly.

use std::fmt;
use std::io::BufRead;

use super::lines::{hex_u64, nibble, Lines};
use super::runs::{Candidates, Kind, Misfit};
use super::{ByteOrder, ParseError, Run};

/// What the caller knows about how a dump was printed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// `ByteOrder::Little` for `xxd -e`; the text does not show it.
    pub order: ByteOrder,
}

/// Bytes per line and per group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Layout {
    cols: usize,
    group: usize,
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "-c {} -g {}", self.cols, self.group)
    }
}

/// xxd refuses more bytes per line.
const MAX_COLS: usize = 256;

/// Reads a whole xxd dump into runs, in offset order. An empty input is an empty dump.
///
/// # Errors
/// The first line that does not follow the layout (a hex typo, a misplaced column, a missing
/// character column, an offset off the grid of lines or going backwards), a blank line
/// inside the dump, a `*` with no line after it, or a read error.
pub fn parse<R: BufRead>(input: R, opts: &Options) -> Result<Vec<Run>, ParseError> {
    let mut lines = Lines::new(input);
    let mut chars: Vec<char> = Vec::new();
    let mut candidates: Option<(usize, Candidates<Layout>)> = None;
    let mut blank: Option<usize> = None;
    while let Some((n, text)) = lines.next_clean()? {
        chars.clear();
        chars.extend(text.chars());
        if chars.iter().all(|&c| c == ' ') {
            blank = blank.or(Some(n));
            continue;
        }
        if let (Some(b), Some(_)) = (blank.take(), &candidates) {
            return Err(ParseError::at(b, "a blank line inside the dump"));
        }
        let (_, live) = match &mut candidates {
            Some(c) => c,
            None => {
                let found = layouts(&chars, opts.order).map_err(|m| ParseError::at(n, m))?;
                candidates.insert((n, Candidates::new(found)))
            }
        };
        live.feed(n, |layout, out| read(&chars, layout, opts.order, out))?;
    }
    match candidates {
        Some((first, live)) => live.finish(first),
        None => Ok(Vec::new()),
    }
}

/// The layouts that read the first line: the one its groups show when it is a full line,
/// else (a dump of less than one line) every one that places its character column right.
fn layouts(first: &[char], order: ByteOrder) -> Result<Vec<(Layout, u64)>, String> {
    if first == ['*'] {
        return Err("a squeezed `*` line before any line of bytes: nothing to repeat".into());
    }
    let h = address(first).map_err(|m| located(&m))?.1;
    let area: String = first.get(h..).unwrap_or_default().iter().collect();
    let hex = area.split("  ").next().unwrap_or_default();
    let runs: Vec<&str> = hex.split(' ').collect();
    let digits: usize = runs.iter().map(|r| r.len()).sum();
    let cols = (digits / 2).clamp(1, MAX_COLS);
    let group = if runs.len() > 1 {
        runs[0].len() / 2
    } else {
        cols
    };
    let guess = Layout {
        cols,
        group: group.clamp(1, cols),
    };
    let mut scratch = Vec::new();
    let misfit = match read(first, &guess, order, &mut scratch) {
        Ok(_) => return Ok(vec![(guess, cols as u64)]),
        Err(misfit) => misfit,
    };
    let mut found = Vec::new();
    for cols in 1..=MAX_COLS {
        for group in 1..=cols {
            let a = h + 2 + ((2 * group + 1) * cols - 1) / group;
            if a >= first.len() || first.len() > a + cols {
                continue;
            }
            let layout = Layout { cols, group };
            scratch.clear();
            if read(first, &layout, order, &mut scratch).is_ok() {
                found.push((layout, cols as u64));
            }
        }
    }
    if found.is_empty() {
        let binary = !hex.is_empty() && hex.chars().all(|c| matches!(c, '0' | '1' | ' '));
        if binary && runs.iter().all(|r| r.len() % 8 == 0) {
            return Err("binary digits (xxd -b); only hexadecimal dumps can be read back".into());
        }
        return Err(located(&misfit));
    }
    Ok(found)
}

fn located(misfit: &Misfit) -> String {
    format!("column {}: {}", misfit.column, misfit.message)
}

/// The address (`%08lx:` and a space): its value and the column after it.
fn address(line: &[char]) -> Result<(u64, usize), Misfit> {
    let digits = line.iter().take_while(|c| c.is_ascii_hexdigit()).count();
    match line.get(digits) {
        Some(':') => {}
        Some(&c) => {
            return Err(Misfit::new(
                digits + 1,
                format!("{c:?} in the address is not a hex digit (xxd lines start `00000010: `)"),
            ))
        }
        None => return Err(Misfit::new(digits + 1, "a line with only an address")),
    }
    if !(8..=16).contains(&digits) {
        return Err(Misfit::new(
            1,
            format!("an address of {digits} digits; xxd prints 8 to 16"),
        ));
    }
    if line.get(digits + 1) != Some(&' ') {
        return Err(Misfit::new(digits + 2, "no space after the address's ':'"));
    }
    let offset = hex_u64(&line[..digits]).ok_or_else(|| Misfit::new(1, "address out of range"))?;
    Ok((offset, digits + 2))
}

/// Reads one line under `layout` into `out`.
fn read(
    line: &[char],
    layout: &Layout,
    order: ByteOrder,
    out: &mut Vec<u8>,
) -> Result<Kind, Misfit> {
    if line == ['*'] {
        return Ok(Kind::Star);
    }
    let (offset, h) = address(line)?;
    let (cols, group) = (layout.cols, layout.group);
    let at = |i: usize| line.get(i).copied().unwrap_or(' ');
    let column = |p: usize| {
        let x = match order {
            ByteOrder::Big => p,
            ByteOrder::Little => p ^ (group - 1),
        };
        h + (2 * group + 1) * x / group
    };
    let text = h + 2 + ((2 * group + 1) * cols - 1) / group;
    let mut slot = vec![false; text.max(line.len())];
    let mut blank = false;
    for p in 0..cols {
        let i = column(p);
        if slot.len() < i + 2 {
            // With -e and a last group shorter than -g, xxd itself misplaces bytes; such a
            // layout then simply fails to read the line.
            slot.resize(i + 2, false);
        }
        slot[i] = true;
        slot[i + 1] = true;
        let (a, b) = (at(i), at(i + 1));
        match (nibble(a), nibble(b)) {
            (Some(hi), Some(lo)) if !blank => out.push(hi << 4 | lo),
            (Some(_), Some(_)) => {
                return Err(Misfit::new(
                    i + 1,
                    "a byte after a blank: the bytes of a line fill it from its start",
                ))
            }
            _ if a == ' ' && b == ' ' => blank = true,
            (Some(_), None) | (None, Some(_)) if a == ' ' || b == ' ' => {
                return Err(Misfit::new(
                    i + 1,
                    "half a byte: a byte needs two hex digits",
                ))
            }
            _ => {
                let (k, c) = if nibble(a).is_none() {
                    (i, a)
                } else {
                    (i + 1, b)
                };
                return Err(Misfit::new(k + 1, format!("{c:?} is not a hex digit")));
            }
        }
    }
    if let Some(i) = (h..text).find(|&i| !slot[i] && at(i) != ' ') {
        return Err(Misfit::new(
            i + 1,
            format!("{:?} where a space separates the groups", at(i)),
        ));
    }
    if out.is_empty() {
        return Err(Misfit::new(h + 1, "an address without bytes"));
    }
    // The character column holds one character per byte. An editor may have trimmed the
    // trailing ones that are spaces (bytes 0x20), but not the whole column: a line cut
    // short must not pass for a short last line.
    if line.len() <= text {
        return Err(Misfit::new(
            line.len() + 1,
            "the line ends before its character column (cut short?)",
        ));
    }
    let shown = line.len() - text;
    if shown > out.len() {
        return Err(Misfit::new(
            text + out.len() + 1,
            format!(
                "the character column is longer than the line's {} bytes",
                out.len()
            ),
        ));
    }
    if out[shown..].iter().any(|&b| b != b' ') {
        return Err(Misfit::new(
            line.len() + 1,
            format!(
                "the character column has {shown} characters for the line's {} bytes",
                out.len()
            ),
        ));
    }
    Ok(Kind::Bytes(offset))
}

#[cfg(test)]
mod tests;
