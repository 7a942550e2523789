//! `mmapctl patch`: write bytes in place, mapping only the pages the patch touches, after
//! every check (`--expect`, `--backup`, bounds) has passed.

use std::io::{self, Read, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::output::{plural_bytes, print_json, spaced_hex, status, value_name};
use super::write;
use crate::cli::PatchArgs;
use crate::exit::{Failure, MISMATCH};
use crate::mapping::{Advice, Protection, Region, Source};

#[path = "patch_preview.rs"]
mod preview;

/// Runs `mmapctl patch`.
///
/// # Errors
/// Bad input, a region past the end without `--grow`, an `--expect` mismatch (exit 3), an
/// existing `--backup` path, and mapping or flush failures. Every check runs before the first
/// byte is written.
pub fn run(args: &PatchArgs) -> Result<()> {
    let bytes = patch_bytes(args)?;
    if let Some(backup) = &args.backup {
        write::check_backup_path(backup, &args.file, args.force)?;
    }
    let grow = args.write.grows();
    let source = write::open(&args.file, !args.dry_run, args.write.create)?;
    let region = write::resolve(
        &args.file,
        source.as_ref(),
        args.offset,
        Some(bytes.len() as u64),
        grow,
    )?;
    if let Some(expect) = &args.expect {
        check_expect(&args.file, source.as_ref(), region.offset, &expect.0)?;
    }
    if args.dry_run {
        return preview::run(args, source.as_ref(), region, &bytes);
    }
    if let Some(backup) = &args.backup {
        let old = existing(source.as_ref(), region)?;
        save_backup(backup, &old, args.force)?;
    }
    let grew = write::apply(
        &args.file,
        source,
        region,
        &args.write,
        |pos, dst| {
            let pos = pos as usize;
            dst.copy_from_slice(&bytes[pos..pos + dst.len()]);
        },
        |_| {},
    )?;
    report(args, region, grew)
}

/// The bytes to write, from `--hex`, `--text` or `--from` (a file, or `-` for stdin).
fn patch_bytes(args: &PatchArgs) -> Result<Vec<u8>> {
    let bytes = if let Some(hex) = &args.hex {
        hex.0.clone()
    } else if let Some(text) = &args.text {
        text.as_bytes().to_vec()
    } else if let Some(from) = &args.from {
        if from.as_os_str() == "-" {
            let mut buf = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .context("cannot read the patch from standard input")?;
            buf
        } else {
            check_source_kind(from)?;
            std::fs::read(from)
                .with_context(|| format!("cannot read the patch from {}", from.display()))?
        }
    } else {
        bail!("give the bytes to write with --hex, --text or --from");
    };
    if bytes.is_empty() {
        let what = match &args.from {
            Some(from) if from.as_os_str() == "-" => "standard input".to_string(),
            Some(from) => from.display().to_string(),
            None => "the argument".to_string(),
        };
        bail!("the patch is empty ({what} gave no bytes); nothing written");
    }
    Ok(bytes)
}

/// Refuses a `--from` PATH that has no end (/dev/zero would be read until memory runs out)
/// or no bytes to give: only regular files, pipes (`<(...)`, a named pipe's writer) and
/// block devices are read.
fn check_source_kind(from: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(from) else {
        return Ok(()); // the read reports it, naming the path
    };
    let kind = meta.file_type();
    #[cfg(unix)]
    let readable = {
        use std::os::unix::fs::FileTypeExt;
        kind.is_file() || kind.is_fifo() || kind.is_block_device()
    };
    #[cfg(not(unix))]
    let readable = kind.is_file();
    if !readable {
        bail!(
            "cannot read the patch from {}: is {}; --from reads a regular file or a pipe \
             (`-` for standard input)",
            from.display(),
            crate::mapping::kind_name(&kind)
        );
    }
    Ok(())
}

/// Copies the bytes of `region` that exist in the file (read-only mapping), padded with the
/// zeros a `--grow` would put past the end: what the region holds just before the patch.
fn existing(source: Option<&Source>, region: Region) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(usize::try_from(region.len).unwrap_or(0));
    if let Some(source) = source {
        let inside = Region {
            offset: region.offset.min(source.size()),
            len: region.end().min(source.size()) - region.offset.min(source.size()),
        };
        for window in source.windows(inside, Protection::ReadOnly) {
            let map = window?;
            if inside.len <= 1 << 20 {
                // A hint: skip the 8 MiB read-around for a few bytes.
                let _ = map.advise(Advice::Random);
            }
            out.extend_from_slice(map.bytes());
        }
    }
    out.resize(usize::try_from(region.len).context("patch too large")?, 0);
    Ok(out)
}

/// Compares `expect` with the bytes at `offset` (as many as `expect` holds); on a mismatch
/// nothing has been written and the error carries exit code 3.
fn check_expect(path: &Path, source: Option<&Source>, offset: u64, expect: &[u8]) -> Result<()> {
    let size = source.map_or(0, Source::size);
    let wanted = Region {
        offset,
        len: expect.len() as u64,
    };
    let found_region = Region {
        offset: offset.min(size),
        len: wanted.end().min(size).saturating_sub(offset),
    };
    let found = existing(source, found_region)?;
    if found == expect {
        return Ok(());
    }
    let diff = expect
        .iter()
        .zip(&found)
        .position(|(a, b)| a != b)
        .unwrap_or(found.len());
    let short = if found.len() < expect.len() {
        format!(" (the file ends after {} of them)", found.len())
    } else {
        String::new()
    };
    Err(Failure {
        code: MISMATCH,
        message: format!(
            "{}: the {} bytes at {offset:#x} differ from --expect (first at {:#x}){short}: \
             expected {}, found {}; nothing written",
            path.display(),
            expect.len(),
            offset + diff as u64,
            spaced_hex(expect),
            if found.is_empty() {
                "nothing".to_string()
            } else {
                spaced_hex(&found)
            },
        ),
        hint: None,
    }
    .into())
}

/// Writes the bytes about to be replaced to `path`, durably (file and directory fsynced)
/// before the patch touches anything.
fn save_backup(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        // create_new: a path that appeared since the check is still never overwritten.
        options.create_new(true);
    }
    let context = || format!("cannot write the backup {}", path.display());
    let mut file = options.open(path).with_context(context)?;
    if let Err(e) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        // A partial backup would undo the patch wrongly, and refuse a retry without --force.
        let _ = std::fs::remove_file(path);
        return Err(e).with_context(context);
    }
    write::sync_parent(path)
}

/// The summary: a line on stderr, or one JSON object on stdout with `--json`.
fn report(args: &PatchArgs, region: Region, grew: bool) -> Result<()> {
    let file = args.file.display().to_string();
    if args.write.json {
        let doc = serde_json::json!({
            "file": file,
            "offset": region.offset,
            "length": region.len,
            "flushed": value_name(&args.write.flush),
            "grew": grew,
            "backup": args.backup.as_ref().map(|p| p.display().to_string()),
            "dry_run": false,
        });
        return print_json(&doc);
    }
    let mut notes = Vec::new();
    if grew {
        notes.push(format!("grew to {} bytes", region.end()));
    }
    if let Some(backup) = &args.backup {
        notes.push(format!("old bytes saved to {}", backup.display()));
    }
    notes.push(write::flush_note(args.write.flush).to_string());
    status(&format!(
        "patched {} at {:#x} in {file} ({})",
        plural_bytes(region.len),
        region.offset,
        notes.join(", ")
    ));
    Ok(())
}
