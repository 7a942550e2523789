//! `--format hexyl`: hexyl's layout (placeholder until the fast renderer lands).

use std::io::{self, Read, Write};

/// Base used for the byte columns (hexyl::Base is neither Copy nor Clone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// Base 2.
    Binary,
    /// Base 8.
    Octal,
    /// Base 10.
    Decimal,
    /// Base 16.
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
    /// Border style.
    pub border: ::hexyl::BorderStyle,
    /// Squeeze repeated lines.
    pub squeeze: bool,
    /// Number of 8-byte panels.
    pub panels: u64,
    /// Bytes per group.
    pub group_size: u8,
    /// Base of the byte columns.
    pub base: Base,
    /// Byte order in a group.
    pub endianness: ::hexyl::Endianness,
    /// Character panel table.
    pub character_table: ::hexyl::CharacterTable,
    /// Colour scheme.
    pub color_scheme: ::hexyl::ColorScheme,
}

/// Renders `input` as hexyl's Printer does.
///
/// # Errors
/// The input's or the writer's I/O error.
pub fn render<R: Read, W: Write>(
    opts: &HexylOptions,
    display_offset: u64,
    input: R,
    out: &mut W,
) -> io::Result<()> {
    render_with_printer(opts, display_offset, input, out)
}

/// Renders `input` through hexyl's own Printer.
///
/// # Errors
/// The input's or the writer's I/O error.
pub fn render_with_printer<R: Read, W: Write>(
    opts: &HexylOptions,
    display_offset: u64,
    input: R,
    out: &mut W,
) -> io::Result<()> {
    let base = match opts.base {
        Base::Binary => ::hexyl::Base::Binary,
        Base::Octal => ::hexyl::Base::Octal,
        Base::Decimal => ::hexyl::Base::Decimal,
        Base::Hexadecimal => ::hexyl::Base::Hexadecimal,
    };
    let mut printer = ::hexyl::PrinterBuilder::new(out)
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
        .color_scheme(opts.color_scheme)
        .build();
    printer.display_offset(display_offset);
    printer.print_all(input)
}
