//! `mmapctl fill`: fill a region with one byte, a pattern or seeded random bytes, window by
//! window, so memory stays bounded whatever the region's size.

use std::path::Path;

use anyhow::Result;

use crate::cli::FillArgs;
use crate::mapping::{Flush, Region};
use crate::output::{plural_bytes, print_json_done, progress, spaced_hex, status, value_name};
use crate::units::{human_bytes, Offset};
use crate::write;

mod bytes;

use bytes::{Filler, Pattern, RandomStream};

/// `fill --json`: one object (DESIGN.md's field list; keys in alphabetical order, as the
/// document has always been printed; `seed` for `--random` only).
#[derive(serde::Serialize)]
struct Report {
    file: String,
    flushed: String,
    grew: bool,
    length: u64,
    offset: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    seed: Option<u64>,
    source: &'static str,
}

/// What a fill does, settled from the command line before the file is opened.
struct Plan<'a> {
    file: &'a Path,
    offset: Offset,
    length: Option<u64>,
    grow: bool,
    create: bool,
    flush: Flush,
    json: bool,
    bytes: Bytes<'a>,
}

/// What the region is filled with.
enum Bytes<'a> {
    Byte(u8),
    Pattern(&'a [u8]),
    /// `drawn`: the seed was not given but drawn, and is printed before any byte is
    /// written.
    Random {
        seed: u64,
        drawn: bool,
    },
}

impl<'a> Plan<'a> {
    fn from_args(args: &'a FillArgs) -> Self {
        let bytes = if args.random {
            Bytes::Random {
                seed: args.seed.unwrap_or_else(bytes::fresh_seed),
                drawn: args.seed.is_none(),
            }
        } else if let Some(pattern) = &args.pattern {
            Bytes::Pattern(&pattern.0)
        } else {
            Bytes::Byte(args.byte.unwrap_or(0))
        };
        Plan {
            file: &args.file,
            offset: args.region.offset,
            length: args.region.length.map(|l| l.0),
            grow: args.write.grows(),
            create: args.write.create,
            flush: args.write.flush,
            json: args.write.json,
            bytes,
        }
    }
}

impl Bytes<'_> {
    /// The JSON document's `source`.
    fn kind(&self) -> &'static str {
        match self {
            Bytes::Byte(_) => "byte",
            Bytes::Pattern(_) => "pattern",
            Bytes::Random { .. } => "random",
        }
    }

    /// The seed of random bytes.
    fn seed(&self) -> Option<u64> {
        match self {
            Bytes::Random { seed, .. } => Some(*seed),
            _ => None,
        }
    }

    /// The summary's words for them.
    fn describe(&self) -> String {
        match self {
            Bytes::Random { seed, .. } => format!("random bytes (seed {seed})"),
            Bytes::Pattern(pattern) => format!("pattern {}", spaced_hex(pattern)),
            Bytes::Byte(byte) => format!("{byte:#04x}"),
        }
    }

    fn filler(&self) -> Filler {
        match self {
            Bytes::Random { seed, .. } => Filler::Random(RandomStream::new(*seed)),
            Bytes::Pattern(pattern) => Filler::Pattern(Pattern::new(pattern)),
            Bytes::Byte(byte) => Filler::Byte(*byte),
        }
    }
}

/// Runs `mmapctl fill`.
///
/// # Errors
/// A bad file or region (past the end without `--grow`), mapping, population and flush
/// failures. Every check runs before the first byte is written.
pub fn run(args: &FillArgs) -> Result<()> {
    fill(&Plan::from_args(args))
}

fn fill(plan: &Plan) -> Result<()> {
    if std::fs::metadata(plan.file).is_ok() {
        crate::edit::journal::recover(plan.file)?;
    }
    let source = write::open(plan.file, true, plan.create)?;
    let region = write::resolve(
        plan.file,
        source.as_ref(),
        plan.offset,
        plan.length,
        plan.grow,
    )?;
    let mut filler = plan.bytes.filler();
    if let Bytes::Random { seed, drawn: true } = plan.bytes {
        // Before any byte is written, so that even an interrupted fill can be repeated.
        status(&format!(
            "mmapctl: random seed {seed} (repeat with --seed {seed})"
        ));
    }

    let bar = progress(
        region.len,
        region.len,
        "filling [{bar:30}] {bytes}/{total_bytes} ({binary_bytes_per_sec}, {eta} left)",
    );
    let grew = write::apply(
        plan.file,
        source,
        region,
        plan.flush,
        |pos, dst| filler.fill(pos, dst),
        |n| bar.inc(n),
    )?;
    bar.finish_and_clear();
    report(plan, region, grew)
}

/// The summary: a line on stderr, or one JSON object on stdout with `--json`.
fn report(plan: &Plan, region: Region, grew: bool) -> Result<()> {
    let file = plan.file.display().to_string();
    let mut notes = Vec::new();
    if grew {
        notes.push(format!("grew to {}", plural_bytes(region.end())));
    }
    notes.push(write::flush_note(plan.flush).to_string());
    let size = if region.len >= 1024 {
        format!("{} ({})", human_bytes(region.len), plural_bytes(region.len))
    } else {
        plural_bytes(region.len)
    };
    let line = format!(
        "filled {size} at {:#x} in {file} with {} ({})",
        region.offset,
        plan.bytes.describe(),
        notes.join(", ")
    );
    if plan.json {
        let doc = Report {
            file,
            flushed: value_name(&plan.flush),
            grew,
            length: region.len,
            offset: region.offset,
            seed: plan.bytes.seed(),
            source: plan.bytes.kind(),
        };
        return print_json_done(&doc, &line);
    }
    status(&line);
    Ok(())
}
