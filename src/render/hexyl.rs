//! Owns hexyl-compatible dumps: a table-driven renderer byte-identical to `hexyl::Printer` 0.17.
//!
//! hexyl's own `Printer` stays the oracle and the fallback for options the fast path leaves out.

use std::io::{self, Read, Write};

use ::hexyl::{BorderStyle, CharacterTable, ColorScheme, Endianness};

mod fast;
use fast::Fast;
#[cfg(test)]
use fast::MAX_FAST_PANELS;

use super::CHUNK;

/// Base used for the byte columns (hexyl::Base is neither Copy nor Clone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// Eight binary digits per byte.
    Binary,
    /// Three octal digits per byte.
    Octal,
    /// Three decimal digits per byte.
    Decimal,
    /// Two hexadecimal digits per byte.
    Hexadecimal,
}

/// Every option of hexyl's layout.
#[derive(Clone, Copy, Debug)]
pub struct HexylOptions {
    /// Emit ANSI colours.
    pub color: bool,
    /// Show the character panel.
    pub char_panel: bool,
    /// Show the position panel.
    pub position_panel: bool,
    /// Border drawn around and between the panels.
    pub border: BorderStyle,
    /// Collapse runs of identical uniform lines into a `*` line.
    pub squeeze: bool,
    /// Number of 8-byte panels per line (at least 1).
    pub panels: u64,
    /// Bytes per group: 1, 2, 4 or 8.
    pub group_size: u8,
    /// Base of the byte columns.
    pub base: Base,
    /// Byte order within a group.
    pub endianness: Endianness,
    /// Glyphs of the character panel.
    pub character_table: CharacterTable,
    /// Colours used when `color` is set.
    pub color_scheme: ColorScheme,
}

impl Default for HexylOptions {
    /// hexyl's defaults, except that colour is off.
    fn default() -> Self {
        HexylOptions {
            color: false,
            char_panel: true,
            position_panel: true,
            border: BorderStyle::Unicode,
            squeeze: true,
            panels: 2,
            group_size: 1,
            base: Base::Hexadecimal,
            endianness: Endianness::Big,
            character_table: CharacterTable::Default,
            color_scheme: ColorScheme::Default,
        }
    }
}

/// Renders everything `input` yields, exactly as hexyl::Printer::print_all would with the same
/// options and `printer.display_offset(display_offset)`; takes the fast path when it covers the
/// options and otherwise runs hexyl's own Printer.
///
/// # Errors
/// The writer's errors, unchanged (e.g. `BrokenPipe`). On the fast path read errors other than
/// `Interrupted` are returned too, where hexyl would ignore them and reprint a stale line.
pub fn render<R: Read, W: Write>(
    opts: &HexylOptions,
    display_offset: u64,
    input: R,
    out: &mut W,
) -> io::Result<()> {
    render_chunked(opts, (display_offset, 0), input, out, CHUNK)
}

/// [`render`] of an input of `length` bytes (`None`: unknown), with the position column wide
/// enough for every position that can be shown: where hexyl lets positions past 4 GiB
/// overflow its 8 digits and break the box, every line and border widens alike. With no
/// position past 4 GiB (or an unknown length) the output is hexyl's.
///
/// # Errors
/// As [`render`].
pub fn render_sized<R: Read, W: Write>(
    opts: &HexylOptions,
    display_offset: u64,
    length: Option<u64>,
    input: R,
    out: &mut W,
) -> io::Result<()> {
    // The last line starts at the largest multiple of the line's width within the length
    // (a squeeze still running at the end prints its blank line there too).
    let line = 8 * opts.panels.max(1);
    let last = length.map_or(0, |len| display_offset.saturating_add(len - len % line));
    render_chunked(opts, (display_offset, last), input, out, CHUNK)
}

/// hexyl's `-i` (C include style) through hexyl's own Printer: an array declared as `name`
/// (hexyl turns what is not alphanumeric into `_`), or bare bytes when `name` is `None`.
///
/// # Errors
/// The input's or the writer's errors.
pub fn render_include<R: Read, W: Write>(
    opts: &HexylOptions,
    name: Option<&str>,
    input: R,
    out: &mut W,
) -> io::Result<()> {
    let mode = name.map_or(::hexyl::IncludeMode::Stdin, |n| {
        ::hexyl::IncludeMode::File(n.to_string())
    });
    printer(opts, mode, out).print_all(input)
}

/// Same, always through hexyl's own Printer (the oracle; used for tests and uncovered options).
///
/// # Errors
/// The writer's errors, unchanged.
pub fn render_with_printer<R: Read, W: Write>(
    opts: &HexylOptions,
    display_offset: u64,
    input: R,
    out: &mut W,
) -> io::Result<()> {
    let mut printer = printer(opts, ::hexyl::IncludeMode::Off, out);
    printer.display_offset(display_offset);
    printer.print_all(input)
}

/// hexyl's Printer with these options.
fn printer<'a, W: Write>(
    opts: &HexylOptions,
    include: ::hexyl::IncludeMode,
    out: &'a mut W,
) -> ::hexyl::Printer<'a, W> {
    let base = match opts.base {
        Base::Binary => ::hexyl::Base::Binary,
        Base::Octal => ::hexyl::Base::Octal,
        Base::Decimal => ::hexyl::Base::Decimal,
        Base::Hexadecimal => ::hexyl::Base::Hexadecimal,
    };
    ::hexyl::PrinterBuilder::new(out)
        .show_color(opts.color)
        .show_char_panel(opts.char_panel)
        .show_position_panel(opts.position_panel)
        .with_border_style(opts.border)
        .enable_squeezing(opts.squeeze)
        .num_panels(opts.panels)
        .group_size(opts.group_size)
        .with_base(base)
        .endianness(opts.endianness)
        .character_table(opts.character_table)
        .include_mode(include)
        .color_scheme(opts.color_scheme)
        .build()
}

/// Whether the fast path covers these options (the tests' check that they test it).
#[cfg(test)]
pub fn fast_path_covers(opts: &HexylOptions) -> bool {
    Fast::new(opts, 0).is_some()
}

/// [`render`] with a given chunk size, so tests can cross many chunk boundaries and flushes.
fn render_chunked<R: Read, W: Write>(
    opts: &HexylOptions,
    (display_offset, last_position): (u64, u64),
    input: R,
    out: &mut W,
    chunk: usize,
) -> io::Result<()> {
    match Fast::new(opts, last_position) {
        Some(fast) => fast.run(display_offset, input, out, chunk),
        None => render_with_printer(opts, display_offset, input, out),
    }
}

#[cfg(test)]
mod tests;
