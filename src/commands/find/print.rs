//! What find prints on stdout, per hit and per file, in each of its outputs; and its JSON
//! documents.

use std::io::{self, Write};

use serde::Serialize;

use super::context::Context;
use super::plan::{Output, Plan};
use crate::mapping::Source;
use crate::output::write_json;
use crate::render::HEX_PAIRS;
use crate::search::{Hit, Pattern};

/// A failed write to stdout, which ends the run (the other errors end one file's search).
#[derive(Debug)]
pub struct Unwritable;

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cannot write to stdout")
    }
}

impl std::error::Error for Unwritable {}

/// `err`, a write to stdout that failed, marked as such.
pub fn unwritable(err: io::Error) -> anyhow::Error {
    crate::exit::from_io(err).context(Unwritable)
}

/// `--json`: one per hit.
#[derive(Serialize)]
pub struct HitDoc<'a> {
    /// Always `"hit"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The file, as given or found by the walk.
    pub file: &'a str,
    /// Absolute offset of the hit's first byte.
    pub offset: u64,
    /// Its length in bytes.
    pub length: usize,
    /// Index of the pattern that matched, from 0, in command-line order.
    pub pattern: usize,
    /// The matched bytes, in lowercase hex.
    pub bytes: String,
}

/// `--json`: one at the end.
#[derive(Serialize)]
pub struct SummaryDoc<'a> {
    /// Always `"summary"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Files searched to the end of their region (or to `-m`).
    pub files: u64,
    /// Files with at least one hit (printed before any error that cut the file short).
    pub files_with_hits: u64,
    /// Hits in all files: every hit printed.
    pub hits: u64,
    /// Files (or directories) that could not be searched, each reported on stderr.
    pub errors: u64,
    /// The patterns, which a hit's `pattern` indexes.
    pub patterns: Vec<PatternDoc<'a>>,
}

/// A pattern in the summary.
#[derive(Serialize)]
pub struct PatternDoc<'a> {
    /// `hex`, `text` or `regex`.
    pub kind: String,
    /// As given.
    pub source: &'a str,
}

impl<'a> PatternDoc<'a> {
    pub fn new(pattern: &'a Pattern) -> Self {
        PatternDoc {
            kind: pattern.kind().to_string(),
            source: pattern.source(),
        }
    }
}

/// The file being searched, as the output names it.
pub struct Named<'s> {
    pub source: &'s Source,
    /// The window being searched: the SIGBUS guard's line is pointed back at it after a
    /// context dump has mapped other bytes of the file.
    pub window: std::cell::Cell<crate::mapping::Region>,
    /// The name, control characters escaped: one hit, one line.
    pub line_name: String,
    /// The name for JSON (serde escapes what needs it).
    pub json_name: String,
}

impl<'s> Named<'s> {
    pub fn new(source: &'s Source) -> Self {
        let json_name = source.path().to_string_lossy().into_owned();
        Named {
            source,
            window: std::cell::Cell::new(crate::mapping::Region { offset: 0, len: 0 }),
            line_name: crate::exit::one_line(&json_name),
            json_name,
        }
    }
}

/// Writes hits and per-file lines to a buffered stdout.
pub struct Printer<W: Write> {
    pub out: W,
    output: Output,
    decimal: bool,
    several: bool,
    context: Option<Context>,
    hits: u64,
}

impl<W: Write> Printer<W> {
    pub fn new(out: W, plan: &Plan) -> Self {
        let context = match plan.output {
            Output::Context { bytes, color } => Some(Context::new(bytes, color)),
            _ => None,
        };
        Printer {
            out,
            output: plan.output,
            decimal: plan.decimal,
            several: plan.patterns.len() > 1,
            context,
            hits: 0,
        }
    }

    /// Hits given to [`Printer::hit`] so far, in all files (also those a later error cut
    /// short: their hits were printed).
    pub fn hits(&self) -> u64 {
        self.hits
    }

    /// One hit, as the output wants it (nothing for -c, -l, -q: they count).
    pub fn hit(&mut self, file: &Named<'_>, hit: Hit, bytes: &[u8]) -> anyhow::Result<()> {
        self.hits += 1;
        match self.output {
            Output::Lines => self.line(file, hit).map_err(unwritable)?,
            Output::Context { .. } => {
                self.line(file, hit).map_err(unwritable)?;
                if let Some(context) = &self.context {
                    context.show(file.source, hit, &mut self.out)?;
                    file.source.guard(file.window.get());
                }
            }
            Output::Json => {
                let mut hex = Vec::with_capacity(bytes.len() * 2);
                for &b in bytes {
                    hex.extend_from_slice(&HEX_PAIRS[usize::from(b)]);
                }
                let doc = HitDoc {
                    kind: "hit",
                    file: &file.json_name,
                    offset: hit.offset,
                    length: hit.len,
                    pattern: hit.pattern,
                    bytes: String::from_utf8(hex).unwrap_or_default(),
                };
                write_json(&mut self.out, &doc).map_err(unwritable)?;
            }
            Output::Count | Output::Files | Output::Quiet => {}
        }
        Ok(())
    }

    fn line(&mut self, file: &Named<'_>, hit: Hit) -> io::Result<()> {
        let name = &file.line_name;
        match self.decimal {
            true => write!(self.out, "{name}:{}", hit.offset)?,
            false => write!(self.out, "{name}:{:#x}", hit.offset)?,
        }
        if self.several {
            write!(self.out, ":{}", hit.pattern)?;
        }
        writeln!(self.out)
    }

    /// A file searched to its end (or to `-m`) with `hits` hits.
    pub fn file_done(&mut self, file: &Named<'_>, hits: u64) -> io::Result<()> {
        match self.output {
            Output::Count => writeln!(self.out, "{}:{hits}", file.line_name),
            Output::Files if hits > 0 => writeln!(self.out, "{}", file.line_name),
            _ => Ok(()),
        }
    }
}
