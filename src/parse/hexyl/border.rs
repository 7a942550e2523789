//! hexyl's borders read: the opening one gives the layout, and a panel's width tells its
//! base and group size, so that other bases are refused by name.

use super::{Border, Layout, Options};

/// A border line: its style, whether it opens (`Some(true)`), closes (`Some(false)`) or may
/// do either (ascii), and the widths of its columns.
type BorderLine = (Border, Option<bool>, Vec<usize>);

/// The border line `c` is, or `Ok(None)` for any other line.
pub(super) fn border_line(c: &[char]) -> Result<Option<BorderLine>, String> {
    let (border, top, line, sep) = match c.first() {
        Some('┌') => (Border::Unicode, Some(true), '─', '┬'),
        Some('└') => (Border::Unicode, Some(false), '─', '┴'),
        Some('+') => (Border::Ascii, None, '-', '+'),
        _ => return Ok(None),
    };
    let last = match top {
        Some(true) => '┐',
        Some(false) => '┘',
        None => '+',
    };
    if c.len() < 2 || c[c.len() - 1] != last {
        return Err(format!("a border line that does not end with {last:?}"));
    }
    let inner = &c[1..c.len() - 1];
    if let Some(bad) = inner.iter().find(|&&x| x != line && x != sep) {
        return Err(format!("{bad:?} in a border line"));
    }
    let widths = inner.split(|&x| x == sep).map(<[char]>::len).collect();
    Ok(Some((border, top, widths)))
}

/// The digits per byte and group size of a hex panel `width` columns wide, in any base.
fn panel_shape(width: usize) -> Option<(usize, usize)> {
    [2, 3, 8].into_iter().find_map(|digits| {
        [1, 2, 4, 8]
            .into_iter()
            .find(|&g| 1 + (digits * g + 1) * (8 / g) == width)
            .map(|g| (digits, g))
    })
}

pub(super) fn base_name(digits: usize) -> &'static str {
    if digits == 3 {
        "3 digits per byte: base octal or decimal (hexyl -b)"
    } else {
        "8 digits per byte: base binary (hexyl -b)"
    }
}

pub(super) fn header_layout(
    widths: &[usize],
    border: Border,
    opts: &Options,
) -> Result<Layout, String> {
    let not_hexyl = || "a border that is not hexyl's".to_string();
    let (&position, rest) = widths.split_first().ok_or_else(not_hexyl)?;
    if panel_shape(position).is_some() {
        return Err(
            "no position panel (hexyl --no-position): without offsets the bytes have no place"
                .into(),
        );
    }
    let &width = rest.first().ok_or_else(not_hexyl)?;
    let (digits, group) = panel_shape(width).ok_or_else(not_hexyl)?;
    if digits != 2 {
        return Err(format!(
            "{}; only hexadecimal dumps can be read back",
            base_name(digits)
        ));
    }
    let panels = rest.iter().take_while(|&&w| w == width).count();
    let tail = &rest[panels..];
    let chars = tail.len() == panels && tail.iter().all(|&w| w == 8);
    if !(tail.is_empty() || chars) || !(8..=16).contains(&position) {
        return Err(not_hexyl());
    }
    for (given, found, what) in [
        (opts.panels, panels, "panels"),
        (opts.group_size, group, "group size"),
    ] {
        if given.is_some_and(|g| g != found) {
            return Err(format!(
                "the border shows {what} {found}, not {}",
                given.unwrap_or(0)
            ));
        }
    }
    Ok(Layout {
        border,
        digits,
        group,
        panels,
        chars,
    })
}
