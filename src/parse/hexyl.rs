//! hexyl's layout read back, as hexyl 0.17 and `mmapctl dump` print it: any border
//! (unicode, ascii, none), any number of panels, groups of 1, 2, 4 or 8 bytes, colour or not,
//! squeezed `*` lines, the character panel (ignored). Only base hexadecimal: the other bases
//! are refused by name.
//!
//! The layout is read from the opening border when there is one. Without a border it is
//! inferred from the first line of bytes: every layout that reads that line (in any base, so
//! that other bases are named) is kept, and later lines rule out the rest. hexyl pads every
//! line to its full width, and a borderless line must keep that width: it is what tells the
//! layout, and a line cut short, apart. Should layouts still disagree about the bytes (a
//! borderless dump of less than one line can), the dump is refused; [`Options::panels`] and
//! [`Options::group_size`] settle it.

mod border;
mod line;

use std::fmt;
use std::io::BufRead;

use super::lines::Lines;
use super::runs::Candidates;
use super::{ByteOrder, ParseError, Run};
use border::{base_name, border_line, header_layout};

/// What the caller knows about how a dump was printed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Byte order inside a group (`hexyl --endianness`); the text does not show it.
    pub order: ByteOrder,
    /// Hex panels per line, if known (`--panels`). Either hint also says the dump is in
    /// hexadecimal.
    pub panels: Option<usize>,
    /// Bytes per group, if known (`--group-size`).
    pub group_size: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Border {
    Unicode,
    Ascii,
    None,
}

/// How the lines of one dump are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Layout {
    border: Border,
    /// Digits per byte: 2 (hex). 3 (octal, decimal) and 8 (binary) are read only to
    /// recognise a dump in another base.
    digits: usize,
    group: usize,
    panels: usize,
    /// Whether there is a character panel.
    chars: bool,
}

impl fmt::Display for Layout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} panel(s) of {}-byte groups", self.panels, self.group)
    }
}

/// Reads a whole hexyl dump into runs, in offset order.
///
/// # Errors
/// The first line that does not follow the layout (a hex typo, a misplaced column, an offset
/// off the grid of lines or going backwards, a blank line inside the dump), a base other
/// than hexadecimal, a dump without a position panel, a dump cut short (an opening border
/// without its closing one, a `*` with no line after it), or a read error.
pub fn parse<R: BufRead>(input: R, opts: &Options) -> Result<Vec<Run>, ParseError> {
    let mut lines = Lines::new(input);
    let mut chars: Vec<char> = Vec::new();
    let mut header: Option<(usize, Vec<usize>, Layout)> = None;
    let mut candidates: Option<Candidates<Layout>> = None;
    let mut first_data: Option<usize> = None;
    let mut no_content: Option<usize> = None;
    let mut footer: Option<usize> = None;
    let mut blank: Option<usize> = None;
    while let Some((n, text)) = lines.next_clean()? {
        chars.clear();
        chars.extend(text.chars());
        if chars.iter().all(|&c| c == ' ') {
            blank = blank.or(Some(n));
            continue;
        }
        if let Some(f) = footer {
            return Err(ParseError::at(
                n,
                format!("text after the dump's closing border (line {f})"),
            ));
        }
        let started = header.is_some() || first_data.is_some() || no_content.is_some();
        if let (Some(b), true) = (blank.take(), started) {
            return Err(ParseError::at(b, "a blank line inside the dump"));
        }
        let at = |m: String| ParseError::at(n, m);
        if let Some((border, top, widths)) = border_line(&chars).map_err(at)? {
            if !started && top != Some(false) {
                let layout = header_layout(&widths, border, opts).map_err(at)?;
                header = Some((n, widths, layout));
                continue;
            }
            if top == Some(true) {
                return Err(at("a second opening border: two dumps in one input?".into()));
            }
            if let Some((h, ref opening, _)) = header {
                if *opening != widths {
                    return Err(at(format!(
                        "the closing border does not match the opening one (line {h})"
                    )));
                }
            }
            if first_data.is_none() && no_content.is_none() {
                return Err(at("a dump without a single line of bytes".into()));
            }
            footer = Some(n);
            continue;
        }
        if let Some(nc) = no_content {
            return Err(at(format!(
                "a line after the empty dump's `No content` (line {nc})"
            )));
        }
        if is_no_content(&chars) {
            if let Some(d) = first_data {
                return Err(at(format!("`No content` after lines of bytes (line {d})")));
            }
            no_content = Some(n);
            continue;
        }
        let known = header.as_ref().map(|(_, _, layout)| *layout);
        let live = candidates.get_or_insert_with(|| Candidates::new(layouts(&chars, known, opts)));
        first_data = first_data.or(Some(n));
        if live.is_empty() {
            return Err(at(not_hexyl(&chars)));
        }
        live.feed(n, |layout, out| {
            // A misfit in another base never names the problem: the hex reading does.
            line::read(&chars, layout, opts.order, out).map_err(|m| match layout.digits {
                2 => m,
                _ => m.ranked(0),
            })
        })?;
        if let Some(digits) = other_base(live) {
            return Err(at(format!(
                "{}; only hexadecimal dumps can be read back",
                base_name(digits)
            )));
        }
    }
    let last = lines.number().max(1);
    let header = header.map(|(h, ..)| h);
    conclude(header, footer, no_content, candidates, first_data, last)
}

/// What the dump gives once every line is read (the opening border on line `header`, the
/// closing one on `footer`, the last line `last`): its runs, or why it is no whole dump.
fn conclude(
    header: Option<usize>,
    footer: Option<usize>,
    no_content: Option<usize>,
    candidates: Option<Candidates<Layout>>,
    first_data: Option<usize>,
    last: usize,
) -> Result<Vec<Run>, ParseError> {
    if let (Some(h), None) = (header, footer) {
        return Err(ParseError::at(
            last,
            format!("the dump ends without the closing border of line {h} (cut short?)"),
        ));
    }
    if no_content.is_some() {
        return Ok(Vec::new());
    }
    match (candidates, first_data) {
        (Some(live), Some(first)) => {
            if let Some(base) = live.layouts().find(|l| l.digits != 2) {
                return Err(ParseError::at(
                    first,
                    format!(
                        "this dump reads as hexadecimal and as {}; give its panel count or \
                         group size to say it is hexadecimal",
                        base_name(base.digits)
                    ),
                ));
            }
            live.finish(first)
        }
        _ => Err(ParseError::at(
            last,
            "no dump here: no line of hexyl's layout",
        )),
    }
}

/// The digits per byte of the dump's base when no hexadecimal layout is left.
fn other_base(live: &Candidates<Layout>) -> Option<usize> {
    let mut layouts = live.layouts().peekable();
    layouts.peek()?;
    let mut digits = None;
    for layout in layouts {
        if layout.digits == 2 {
            return None;
        }
        digits = Some(layout.digits);
    }
    digits
}

/// The layouts to try on a dump whose first line of bytes is `first`: hexadecimal ones, and
/// (unless the caller gave the layout) those of the other bases, to name such a dump.
fn layouts(first: &[char], known: Option<Layout>, opts: &Options) -> Vec<(Layout, u64)> {
    let border = match (known, first.first()) {
        (Some(layout), _) => return vec![(layout, 8 * layout.panels as u64)],
        (None, Some('│')) => Border::Unicode,
        (None, Some('|')) => Border::Ascii,
        (None, Some(' ')) => Border::None,
        _ => return Vec::new(),
    };
    let hinted = opts.panels.is_some() || opts.group_size.is_some();
    let bases: &[usize] = if hinted { &[2] } else { &[2, 3, 8] };
    // A panel is at least 19 columns with its separator, so more cannot fit on the line.
    let most = opts.panels.unwrap_or(first.len() / 19 + 1);
    let mut out = Vec::new();
    for &digits in bases {
        for group in [1, 2, 4, 8] {
            for panels in 1..=most {
                if opts.group_size.is_some_and(|g| g != group)
                    || opts.panels.is_some_and(|p| p != panels)
                {
                    continue;
                }
                for chars in [true, false] {
                    let layout = Layout {
                        border,
                        digits,
                        group,
                        panels,
                        chars,
                    };
                    out.push((layout, 8 * panels as u64));
                }
            }
        }
    }
    out
}

fn not_hexyl(first: &[char]) -> String {
    format!(
        "{:?} where a line of hexyl's layout starts with '│', '|' or a space",
        first.first().copied().unwrap_or(' ')
    )
}

/// Whether the line is what hexyl prints for an empty input.
fn is_no_content(c: &[char]) -> bool {
    c.iter()
        .filter(|&&x| !matches!(x, '│' | '|' | '┊' | ' '))
        .copied()
        .eq("Nocontent".chars())
}

#[cfg(test)]
mod tests;
