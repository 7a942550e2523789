//! `patch --dry-run`: apply the patch to a private copy-on-write mapping and show the bytes
//! around it before and after, in hexyl's layout; the file is never written.

use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result};

use super::{existing, Plan};
use crate::mapping::{Advice, Protection, Region, Source};
use crate::output::{plural_bytes, print_json, spaced_hex, status};
use crate::render::hexyl::{render, Base, HexylOptions};
use crate::units::index;

/// Lines of 16 bytes shown before and after the patched bytes.
const CONTEXT_LINES: u64 = 2;
/// At most this many patched bytes are shown; a longer patch is cut (and says so).
const SHOWN: u64 = 1024;

/// Shows what the patch would do; writes nothing (no backup, no growth, no creation).
///
/// # Errors
/// Mapping and output errors.
pub(super) fn run(
    plan: &Plan,
    source: Option<&Source>,
    region: Region,
    bytes: &[u8],
) -> Result<()> {
    let size = source.map_or(0, Source::size);
    let would_grow = region.end() > size;
    if plan.json {
        let before = existing(source, region)?;
        let doc = super::Report::new(plan, region, would_grow, true)
            .with_bytes(hex(&before)?, hex(bytes)?);
        return print_json(&doc);
    }
    let shown_end = region.end().min(region.offset + SHOWN);
    let start = (region.offset / 16).saturating_sub(CONTEXT_LINES) * 16;
    let end = (shown_end.div_ceil(16).saturating_add(CONTEXT_LINES))
        .saturating_mul(16)
        .min(size.max(region.end()));
    let shown = Region {
        offset: start,
        len: end - start,
    };
    let (before, after) = apply_in_copy(source, shown, region, bytes)?;

    let opts = options();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = (|| {
        writeln!(out, "before:")?;
        render(&opts, shown.offset, before.as_slice(), &mut out)?;
        writeln!(out, "after:")?;
        render(&opts, shown.offset, after.as_slice(), &mut out)?;
        out.flush()
    })();
    result
        .map_err(crate::exit::from_io)
        .context("cannot write to stdout")?;

    let mut notes = vec!["nothing written".to_string()];
    if would_grow {
        notes.push(format!("--grow would extend it to {} bytes", region.end()));
    }
    if region.end() > shown_end {
        notes.push(format!("showing the first {SHOWN} changed bytes"));
    }
    if source.is_none() {
        notes.push("the file does not exist yet".to_string());
    }
    if let Some(backup) = plan.backup {
        notes.push(format!(
            "the old bytes would be saved to {}",
            backup.display()
        ));
    }
    status(&format!(
        "dry run: would patch {} at {:#x} in {} with {} ({})",
        plural_bytes(region.len),
        region.offset,
        plan.file.display(),
        spaced_hex(bytes),
        notes.join(", ")
    ));
    Ok(())
}

/// The bytes of `shown` before (only what the file holds) and after the patch. The part inside the file comes from a
/// private copy-on-write mapping that the patch is written into, so the "after" view is what
/// the kernel gives back from the mapping, while the file itself stays untouched; past the
/// end of the file it is the zeros a `--grow` would add.
fn apply_in_copy(
    source: Option<&Source>,
    shown: Region,
    region: Region,
    bytes: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    let size = source.map_or(0, Source::size);
    let display_len = usize::try_from(shown.len).context("preview too large")?;
    let (mut before, mut after) = (Vec::new(), Vec::new());
    if let Some(source) = source {
        let inside = Region {
            offset: shown.offset,
            len: shown.end().min(size).saturating_sub(shown.offset),
        };
        let mut map = source.map(inside, Protection::Copy)?;
        let _ = map.advise(Advice::Random);
        before.extend_from_slice(map.bytes());
        if let Some(dst) = map.bytes_mut() {
            copy_overlap(dst, inside, region, bytes);
        }
        after.extend_from_slice(map.bytes());
    }
    // "before" ends where the file ends; "after" shows the zeros --grow would add.
    before.truncate(display_len);
    after.resize(display_len, 0);
    // The part past the end of the file: written into the zeros --grow would add.
    let beyond = Region {
        offset: shown.offset.max(size),
        len: shown.end().saturating_sub(shown.offset.max(size)),
    };
    if beyond.len > 0 {
        let at = index(beyond.offset - shown.offset);
        copy_overlap(&mut after[at..], beyond, region, bytes);
    }
    Ok((before, after))
}

/// Copies the part of the patch (`bytes` at `region`) that falls inside `dst`, which holds
/// the file's bytes `within`.
fn copy_overlap(dst: &mut [u8], within: Region, region: Region, bytes: &[u8]) {
    let from = region.offset.max(within.offset);
    let to = region.end().min(within.end());
    if from >= to {
        return;
    }
    let (d, s) = (index(from - within.offset), index(from - region.offset));
    let n = index(to - from);
    dst[d..d + n].copy_from_slice(&bytes[s..s + n]);
}

/// Contiguous lowercase hex (the JSON form of bytes), in memory allocated fallibly: a long
/// patch's preview must fail with one line, not abort.
fn hex(bytes: &[u8]) -> Result<String> {
    use std::fmt::Write as _;
    let mut out = String::new();
    out.try_reserve_exact(bytes.len().saturating_mul(2))
        .with_context(|| format!("cannot allocate memory to show {} bytes", bytes.len()))?;
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    Ok(out)
}

/// hexyl's default layout, coloured when stdout is a terminal and NO_COLOR is unset, with
/// every line shown (no squeezing), so each changed byte is in view.
fn options() -> HexylOptions {
    let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let width =
        terminal_size::terminal_size().map_or(80, |(terminal_size::Width(w), _)| u64::from(w));
    HexylOptions {
        color,
        char_panel: true,
        position_panel: true,
        border: ::hexyl::BorderStyle::Unicode,
        squeeze: false,
        // hexyl's own rule: as many 34-column panels as fit after the position, at most 2.
        panels: (width.saturating_sub(10) / 34).clamp(1, 2),
        group_size: 1,
        base: Base::Hexadecimal,
        endianness: ::hexyl::Endianness::Big,
        character_table: ::hexyl::CharacterTable::Default,
        color_scheme: ::hexyl::ColorScheme::Default,
    }
}
