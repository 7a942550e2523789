//! The outputs: the edit script (printed by `parse::script`'s Display, so that it is what
//! `patch --script` reads), JSON lines, `--stat`, and `cmp -l`'s lines.

use std::fs::File;
use std::io::{self, Seek, Write};

use anyhow::{Context, Result};
use serde::Serialize;

use super::compare::{Differ, Flow};
use super::runs::{RunSink, Summary};
use crate::output::{plural_bytes, write_json};
use crate::parse::script::Hex;
use crate::parse::{Edit, Header, Script};

/// Bytes of edits held in memory before they are written to a temporary file: the header
/// (the hashes) comes first but is known last, so the edits wait; past this they wait on
/// disk, and memory stays bounded however much differs.
const HELD: usize = 8 << 20;

/// The edit script: edits held until the header is known.
pub struct ScriptSink {
    edits: Vec<Edit>,
    held: usize,
    limit: usize,
    spill: Option<io::BufWriter<File>>,
}

impl ScriptSink {
    pub fn new() -> Self {
        Self::with_limit(HELD)
    }

    /// A sink that spills past `limit` bytes (small in tests).
    pub fn with_limit(limit: usize) -> Self {
        ScriptSink {
            edits: Vec::new(),
            held: 0,
            limit,
            spill: None,
        }
    }

    /// Prints the whole script to `out`: the magic and `header` lines, then every edit.
    ///
    /// # Errors
    /// An output error, or the temporary file's.
    pub fn print(
        mut self,
        header: Header,
        region: Option<(u64, u64)>,
        out: &mut impl Write,
    ) -> Result<()> {
        write!(out, "{}", script(header, Vec::new())?).map_err(to_stdout)?;
        if let Some((offset, len)) = region {
            writeln!(out, "# region {offset:#x} +{len}").map_err(to_stdout)?;
        }
        if let Some(spill) = self.spill.take() {
            let mut file = spill
                .into_inner()
                .map_err(io::IntoInnerError::into_error)
                .context("cannot write the temporary file of edits")?;
            file.rewind()
                .and_then(|()| io::copy(&mut file, out).map(drop))
                .map_err(to_stdout)?;
        }
        write_body(std::mem::take(&mut self.edits), out).map_err(to_stdout)
    }

    fn spill(&mut self) -> Result<()> {
        if self.spill.is_none() {
            let file =
                tempfile::tempfile().context("cannot make a temporary file for the edits")?;
            self.spill = Some(io::BufWriter::new(file));
        }
        self.held = 0;
        let edits = std::mem::take(&mut self.edits);
        if let Some(spill) = &mut self.spill {
            write_body(edits, spill).context("cannot write the temporary file of edits")?;
        }
        Ok(())
    }
}

/// A failed write to stdout, as every command words it (a broken pipe stays exit 0).
pub fn to_stdout(err: io::Error) -> anyhow::Error {
    crate::exit::from_io(err).context("cannot write to stdout")
}

fn script(header: Header, edits: Vec<Edit>) -> Result<Script> {
    // The engine makes sorted, disjoint, non-empty edits; a refusal here is a bug.
    Script::new(header, edits).context("internal error: diff made an invalid edit list")
}

/// Writes the edit lines of `edits` to `out`, as the script's Display prints them (without
/// its magic line), straight into the writer: no text of the whole batch is held.
fn write_body(edits: Vec<Edit>, out: &mut impl Write) -> io::Result<()> {
    if edits.is_empty() {
        return Ok(());
    }
    let script = script(Header::default(), edits).map_err(io::Error::other)?;
    let mut lines = AfterFirstLine {
        out,
        skipping: true,
        error: None,
    };
    match std::fmt::write(&mut lines, format_args!("{script}")) {
        Ok(()) => Ok(()),
        Err(_) => Err(lines
            .error
            .unwrap_or_else(|| io::Error::other("cannot format the edit script"))),
    }
}

/// A `fmt::Write` into an `io::Write` that drops everything up to the first newline.
struct AfterFirstLine<'a, W> {
    out: &'a mut W,
    skipping: bool,
    error: Option<io::Error>,
}

impl<W: Write> std::fmt::Write for AfterFirstLine<'_, W> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        let mut text = text;
        if self.skipping {
            let Some(newline) = text.find('\n') else {
                return Ok(());
            };
            self.skipping = false;
            text = &text[newline + 1..];
        }
        self.out.write_all(text.as_bytes()).map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }
}

impl RunSink for ScriptSink {
    fn run(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<()> {
        self.edits.push(Edit {
            offset,
            old: Some(old.to_vec()),
            new: new.to_vec(),
        });
        self.held += 2 * new.len() + 64;
        if self.held > self.limit {
            self.spill()?;
        }
        Ok(())
    }
}

/// `--json`: one per run.
#[derive(Serialize)]
pub struct RunDoc {
    /// Always `"run"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Absolute offset of the run's first byte.
    pub offset: u64,
    /// Its length in bytes.
    pub length: usize,
    /// A's bytes, contiguous lowercase hex.
    pub old: String,
    /// B's bytes.
    pub new: String,
}

/// `--json`: the last object.
#[derive(Serialize)]
pub struct SummaryDoc<'a> {
    /// Always `"summary"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The old file, as given.
    pub a: &'a str,
    /// The new file, as given.
    pub b: &'a str,
    /// Both files' sizes.
    pub size: SidesDoc<u64>,
    /// Both whole files' SHA-256 (hex); null with a region.
    pub sha256: Option<SidesDoc<String>>,
    /// The region compared; null for whole files.
    pub region: Option<RegionDoc>,
    /// Whether the output has no run and (for whole files) the sizes are equal: exit 0.
    pub identical: bool,
    /// Runs printed.
    pub runs: u64,
    /// Differing bytes.
    pub bytes_changed: u64,
    /// Offset of the first differing byte, or null.
    pub first: Option<u64>,
    /// Offset of the last differing byte, or null.
    pub last: Option<u64>,
    /// The `--merge` gap used.
    pub merge: u64,
}

/// A value for A and for B.
#[derive(Serialize)]
pub struct SidesDoc<T> {
    pub a: T,
    pub b: T,
}

/// `-s`/`-n` as resolved.
#[derive(Serialize)]
pub struct RegionDoc {
    pub offset: u64,
    pub length: u64,
}

/// `--json` runs as lines on `out`.
pub struct JsonSink<W> {
    pub out: W,
}

impl<W: Write> RunSink for JsonSink<W> {
    fn run(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<()> {
        let doc = RunDoc {
            kind: "run",
            offset,
            length: new.len(),
            old: Hex(old).to_string(),
            new: Hex(new).to_string(),
        };
        write_json(&mut self.out, &doc).map_err(to_stdout)
    }
}

/// `--stat` keeps only the figures.
pub struct NoSink;

impl RunSink for NoSink {
    fn run(&mut self, _offset: u64, _old: &[u8], _new: &[u8]) -> Result<()> {
        Ok(())
    }
}

/// The `--stat` line.
pub fn stat_line(summary: &Summary) -> String {
    let runs = match summary.runs {
        1 => "1 run".to_string(),
        n => format!("{n} runs"),
    };
    let mut line = format!("{runs}, {} changed", plural_bytes(summary.changed));
    if let (Some(first), Some(last)) = (summary.first, summary.last) {
        line.push_str(&format!(
            ", first difference at {first:#x}, last at {last:#x}"
        ));
    }
    line
}

/// `-q`: stops at the first difference.
#[derive(Default)]
pub struct Quiet {
    pub differs: bool,
}

impl Differ for Quiet {
    fn differ(&mut self, _offset: u64, _old: &[u8], _new: &[u8]) -> Result<Flow> {
        self.differs = true;
        Ok(Flow::Stop)
    }
}

/// `-f cmp`: `cmp -l`'s lines, `%*d %3o %3o` with the offset 1-based from the region's
/// start and as wide as the number of bytes compared at most (GNU cmp's widths).
pub struct CmpLines<W> {
    pub out: W,
    /// The region's first byte (offset 1).
    pub base: u64,
    pub width: usize,
    pub differs: bool,
}

impl<W: Write> Differ for CmpLines<W> {
    fn differ(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<Flow> {
        self.differs = true;
        // Formatted by hand into one buffer per stretch: `writeln!` per byte cost 160 ns a
        // line on a file that differs throughout.
        let mut text = Vec::with_capacity(old.len() * (self.width + 9));
        for (i, (&x, &y)) in old.iter().zip(new).enumerate() {
            let n = offset - self.base + i as u64 + 1;
            cmp_line(&mut text, n, self.width, x, y);
        }
        self.out.write_all(&text).map_err(to_stdout)?;
        Ok(Flow::Go)
    }
}

/// `%*d %3o %3o\n`, as GNU cmp prints a line of `-l`.
fn cmp_line(text: &mut Vec<u8>, n: u64, width: usize, x: u8, y: u8) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n;
    loop {
        digits[19 - len] = b'0' + (rest % 10) as u8;
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    text.extend(std::iter::repeat_n(b' ', width.saturating_sub(len)));
    text.extend_from_slice(&digits[20 - len..]);
    for byte in [x, y] {
        text.push(b' ');
        let octal = [byte >> 6, (byte >> 3) & 7, byte & 7];
        let skip = if byte >= 0o100 {
            0
        } else if byte >= 0o10 {
            1
        } else {
            2
        };
        text.extend(std::iter::repeat_n(b' ', skip));
        text.extend(octal[skip..].iter().map(|d| b'0' + d));
    }
    text.push(b'\n');
}

#[cfg(test)]
mod tests {
    #[test]
    fn cmp_lines_are_printf_s() {
        for (n, width, x, y) in [
            (1, 1, 0, 255),
            (7, 5, 8, 63),
            (12345, 3, 64, 7),
            (0, 1, 1, 0),
        ] {
            let mut text = Vec::new();
            super::cmp_line(&mut text, n, width, x, y);
            let expected = format!("{n:>width$} {x:>3o} {y:>3o}\n");
            assert_eq!(String::from_utf8(text).unwrap(), expected);
        }
    }
}
