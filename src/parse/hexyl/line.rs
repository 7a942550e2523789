//! One line of hexyl's layout read under a known layout, column by column.
//!
//! A line is `OUTER POSITION OUTER` then each hex panel (a space, then groups of byte slots
//! each followed by a space) ended by `INNER` (`OUTER` after the last), then optionally the
//! character panel: 8 characters and a separator per hex panel. A slot holds two hex digits
//! or two spaces; the bytes of a line fill it from its start. The character panel's content
//! is ignored (an edited dump has a stale one), only its shape is checked, and that it is
//! blank past the line's bytes. Every line has the full width hexyl pads it to.

use super::{Border, Layout};
use crate::parse::lines::{hex_u64, nibble};
use crate::parse::runs::{Kind, Misfit};
use crate::parse::ByteOrder;

/// Reads `line` (colour already removed) into `out`.
pub(super) fn read(
    line: &[char],
    layout: &Layout,
    order: ByteOrder,
    out: &mut Vec<u8>,
) -> Result<Kind, Misfit> {
    let (outer, inner) = layout.border.separators();
    // Past its end a line reads as spaces, so that a short line fails on its width.
    let at = |i: usize| line.get(i).copied().unwrap_or(' ');
    if line.first() != Some(&outer) {
        return Err(Misfit::new(
            1,
            format!(
                "{:?} where a line of this dump starts with {outer:?}",
                at(0)
            ),
        ));
    }
    if at(1) == '*' {
        let stray = (2..line.len()).find(|&i| ![' ', outer, inner].contains(&line[i]));
        return match stray {
            Some(i) => Err(Misfit::new(
                i + 1,
                format!("{:?} on a squeezed `*` line, which is blank", line[i]),
            )),
            None => Ok(Kind::Star),
        };
    }
    let (offset, mut i) = position(line, outer)?;
    let mut blank: Option<usize> = None;
    for panel in 1..=layout.panels {
        expect(at(i), ' ', i, || {
            format!("the space that starts panel {panel}")
        })?;
        i += 1;
        for _ in 0..8 / layout.group {
            for _ in 0..layout.group {
                match slot(line, i, layout.digits)? {
                    Some(byte) => {
                        if let Some(col) = blank {
                            return Err(Misfit::new(
                                i + 1,
                                format!(
                                    "a byte after the blank at column {col}: the bytes of a \
                                     line fill it from its start"
                                ),
                            ));
                        }
                        out.push(byte);
                    }
                    None => {
                        blank.get_or_insert(i + 1);
                    }
                }
                i += layout.digits;
            }
            expect(at(i), ' ', i, || {
                format!("the space after a group of {} bytes", layout.group)
            })?;
            i += 1;
        }
        let sep = if panel < layout.panels { inner } else { outer };
        expect(at(i), sep, i, || format!("the {sep:?} after panel {panel}"))?;
        i += 1;
    }
    // Misfits from here on are ranked at the end of the hex panels: the character panel takes
    // any text, so a layout with too few panels must not outrank the right one by reading
    // the rest as characters.
    let hex_end = i + 1;
    let late = |m: Misfit| m.ranked(hex_end);
    if layout.chars {
        for panel in 1..=layout.panels {
            // hexyl leaves the characters of missing bytes blank.
            let first = (panel - 1) * 8;
            if let Some(t) = (0..8).find(|&t| first + t >= out.len() && at(i + t) != ' ') {
                return Err(late(Misfit::new(
                    i + t + 1,
                    format!(
                        "{:?} in the character panel past the line's bytes",
                        at(i + t)
                    ),
                )));
            }
            i += 8;
            let sep = if panel < layout.panels { inner } else { outer };
            expect(at(i), sep, i, || {
                format!("the {sep:?} after character panel {panel}")
            })
            .map_err(late)?;
            i += 1;
        }
    }
    // hexyl pads every line to its full width. Without a border, lost trailing spaces would
    // make the layout (and a line cut short) impossible to tell.
    if line.len() != i {
        let what = if line.len() > i {
            "text after the last panel".to_string()
        } else {
            format!(
                "the line ends {} columns early (cut short, or trailing spaces removed?)",
                i - line.len()
            )
        };
        return Err(late(Misfit::new(i.min(line.len()) + 1, what)));
    }
    if order == ByteOrder::Little {
        out.chunks_mut(layout.group).for_each(<[u8]>::reverse);
    }
    Ok(Kind::Bytes(offset))
}

/// The position panel: 8 to 16 hex digits (hexyl drops up to four leading zero bytes, and
/// prints more digits past 4 GiB); returns the offset and the column after the panel.
fn position(line: &[char], outer: char) -> Result<(u64, usize), Misfit> {
    let digits = line[1..]
        .iter()
        .take_while(|c| c.is_ascii_hexdigit())
        .count();
    let next = line.get(1 + digits).copied();
    if digits == 0 && matches!(next, Some(' ') | None) {
        return Err(Misfit::new(
            2,
            "no position panel (hexyl --no-position): without offsets the bytes have no place",
        ));
    }
    if next != Some(outer) {
        let c = next.unwrap_or(' ');
        return Err(Misfit::new(
            digits + 2,
            format!("{c:?} in the position panel is not a hex digit"),
        ));
    }
    if !(8..=16).contains(&digits) {
        return Err(Misfit::new(
            2,
            format!("a position of {digits} digits; hexyl prints 8 to 16"),
        ));
    }
    let offset =
        hex_u64(&line[1..1 + digits]).ok_or_else(|| Misfit::new(2, "position out of range"))?;
    Ok((offset, digits + 2))
}

fn expect(
    found: char,
    wanted: char,
    i: usize,
    what: impl FnOnce() -> String,
) -> Result<(), Misfit> {
    if found == wanted {
        return Ok(());
    }
    Err(Misfit::new(
        i + 1,
        format!("{found:?} where {} belongs", what()),
    ))
}

/// The byte in the slot of `digits` columns at `i`, or `None` for a blank slot. Slots of 3
/// or 8 digits (octal, decimal, binary) are read only to recognise such a dump.
fn slot(line: &[char], i: usize, digits: usize) -> Result<Option<u8>, Misfit> {
    let at = |k: usize| line.get(k).copied().unwrap_or(' ');
    let value = |c: char| match digits {
        2 => nibble(c).map(u32::from),
        3 => c.to_digit(10),
        _ => c.to_digit(2),
    };
    let (mut byte, mut filled) = (0u32, 0);
    for k in i..i + digits {
        let c = at(k);
        if let Some(v) = value(c) {
            byte = byte * if digits == 8 { 2 } else { 16 } + v;
            filled += 1;
        } else if c != ' ' {
            return Err(Misfit::new(k + 1, format!("{c:?} is not a hex digit")));
        }
    }
    match filled {
        0 => Ok(None),
        f if f == digits => Ok(Some(byte as u8)),
        _ => Err(Misfit::new(
            i + 1,
            "half a byte: a byte needs two hex digits",
        )),
    }
}

impl Border {
    /// The outer and inner separators of a data line.
    fn separators(self) -> (char, char) {
        match self {
            Border::Unicode => ('│', '┊'),
            Border::Ascii => ('|', '|'),
            Border::None => (' ', ' '),
        }
    }
}
