//! What every command prints the same way: status lines on stderr, JSON lines on stdout,
//! progress bars, and the small formatting helpers their summaries share.

use std::io::{self, IsTerminal, Write};

use anyhow::{Context, Result};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};

/// Work smaller than this gets no progress bar (DESIGN.md: large work only).
pub const PROGRESS_MIN: u64 = 64 << 20;

/// Prints a status line on stderr in one write (eprintln! writes each piece separately to
/// the unbuffered stream, ten system calls for a summary); a line that cannot be written is
/// dropped (see `exit::stderr_line`).
pub fn status(line: &str) {
    crate::exit::stderr_line(line);
}

/// Prints one JSON document as a line on stdout and flushes it, so that a script waiting
/// for the line (lock's "locked" event) sees it at once.
///
/// # Errors
/// The write error (a broken pipe exits 0 in `exit::report`).
pub fn print_json(doc: &impl serde::Serialize) -> Result<()> {
    let mut out = io::stdout().lock();
    write_json(&mut out, doc)
        .and_then(|()| out.flush())
        .map_err(crate::exit::from_io)
        .context("cannot write to stdout")
}

/// Writes one JSON document as a line to `out`, without flushing: for a stream of many
/// documents through one buffer (find's hits), which then ends with [`print_json`].
///
/// # Errors
/// The write error.
pub fn write_json(out: &mut impl Write, doc: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, doc).map_err(io::Error::from)?;
    writeln!(out)
}

/// Prints the JSON report of a change that is already done (written, flushed as asked).
/// When stdout cannot take it (`>/dev/full`), the error says that the change itself was
/// made, in `done`'s words, so a script that sees exit 1 does not take the file to be
/// untouched (DESIGN.md: a report that fails is exit 1; the bytes are written). A reader
/// that has gone (a broken pipe) is still exit 0 without a word.
///
/// # Errors
/// The write error, as described.
pub fn print_json_done(doc: &impl serde::Serialize, done: &str) -> Result<()> {
    print_json(doc).map_err(|err| {
        let gone = err
            .chain()
            .filter_map(|c| c.downcast_ref::<io::Error>())
            .any(|e| e.kind() == io::ErrorKind::BrokenPipe);
        if gone {
            err
        } else {
            crate::exit::append_note(
                &err,
                &format!("only the JSON report is lost, the change itself is done: {done}"),
            )
        }
    })
}

/// A progress bar on stderr counting to `steps` with `template`, drawn only when stderr is
/// a terminal and the work (`bytes`) is at least [`PROGRESS_MIN`]; otherwise a hidden bar
/// that costs nothing to update.
pub fn progress(bytes: u64, steps: u64, template: &str) -> ProgressBar {
    if bytes < PROGRESS_MIN || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(steps);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The name clap knows a value by (`sync`, `hugepage`, `randread`).
pub fn value_name(value: &impl ValueEnum) -> String {
    value
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

/// `1 byte`, `4 bytes`.
pub fn plural_bytes(n: u64) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

/// Bytes as contiguous lowercase hex (`deadbeef`), as JSON documents give them.
pub fn contiguous_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex bytes separated by spaces (what `--hex`/`--expect` accept back), cut after 32 bytes.
pub fn spaced_hex(bytes: &[u8]) -> String {
    const SHOWN: usize = 32;
    let mut out: Vec<String> = bytes
        .iter()
        .take(SHOWN)
        .map(|b| format!("{b:02x}"))
        .collect();
    if bytes.len() > SHOWN {
        out.push(format!("... ({} bytes)", bytes.len()));
    }
    out.join(" ")
}
