//! `mmapctl fill`: fill a region with one byte, a pattern or seeded random bytes, window by
//! window, so memory stays bounded whatever the region's size.

use anyhow::Result;

use crate::cli::FillArgs;
use crate::output::{plural_bytes, print_json_done, progress, spaced_hex, status, value_name};
use crate::units::human_bytes;
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

/// Runs `mmapctl fill`.
///
/// # Errors
/// A bad file or region (past the end without `--grow`), mapping, population and flush
/// failures. Every check runs before the first byte is written.
pub fn run(args: &FillArgs) -> Result<()> {
    if std::fs::metadata(&args.file).is_ok() {
        crate::edit::journal::recover(&args.file)?;
    }
    let grow = args.write.grows();
    let source = write::open(&args.file, true, args.write.create)?;
    let region = write::resolve(
        &args.file,
        source.as_ref(),
        args.region.offset,
        args.region.length.map(|l| l.0),
        grow,
    )?;
    let seed = args
        .random
        .then(|| args.seed.unwrap_or_else(bytes::fresh_seed));
    let (kind, mut filler) = if let Some(seed) = seed {
        ("random", Filler::Random(RandomStream::new(seed)))
    } else if let Some(pattern) = &args.pattern {
        ("pattern", Filler::Pattern(Pattern::new(&pattern.0)))
    } else {
        ("byte", Filler::Byte(args.byte.unwrap_or(0)))
    };
    if let (Some(seed), None) = (seed, args.seed) {
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
        &args.file,
        source,
        region,
        args.write.flush,
        |pos, dst| filler.fill(pos, dst),
        |n| bar.inc(n),
    )?;
    bar.finish_and_clear();

    let file = args.file.display().to_string();
    let what = match (&args.pattern, seed) {
        (_, Some(seed)) => format!("random bytes (seed {seed})"),
        (Some(pattern), None) => format!("pattern {}", spaced_hex(&pattern.0)),
        (None, None) => format!("{:#04x}", args.byte.unwrap_or(0)),
    };
    let mut notes = Vec::new();
    if grew {
        notes.push(format!("grew to {}", plural_bytes(region.end())));
    }
    notes.push(write::flush_note(args.write.flush).to_string());
    let size = if region.len >= 1024 {
        format!("{} ({})", human_bytes(region.len), plural_bytes(region.len))
    } else {
        plural_bytes(region.len)
    };
    let line = format!(
        "filled {size} at {:#x} in {file} with {what} ({})",
        region.offset,
        notes.join(", ")
    );
    if args.write.json {
        let doc = Report {
            file,
            flushed: value_name(&args.write.flush),
            grew,
            length: region.len,
            offset: region.offset,
            seed,
            source: kind,
        };
        return print_json_done(&doc, &line);
    }
    status(&line);
    Ok(())
}
