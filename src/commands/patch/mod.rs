//! `mmapctl patch`: write bytes in place, mapping only the pages the patch touches, after
//! every check (`--expect`, `--backup`, bounds) has passed.

use std::io::{self, Read};
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::cli::PatchArgs;
use crate::edit::journal::{self, Journal};
use crate::edit::Span;
use crate::exit::{append_note, Failure, MISMATCH};
use crate::mapping::{Advice, Flush, Protection, Region, Source};
use crate::output::{plural_bytes, print_json_done, spaced_hex, status, value_name};
use crate::units::{index, Offset};
use crate::write;
use crate::write::backup::{self, Backup};

mod edits;
mod preview;

/// Runs `mmapctl patch`.
///
/// # Errors
/// Bad input, a region past the end without `--grow`, an `--expect` mismatch (exit 3), an
/// existing `--backup` path, and mapping or flush failures. Every check runs before the first
/// byte is written.
pub fn run(args: &PatchArgs) -> Result<()> {
    if args.recover {
        return recover(args);
    }
    if args.script.is_some()
        || args.from_dump.is_some()
        || args.find.is_some()
        || args.find_text.is_some()
        || args.find_regex.is_some()
    {
        return edits::run(args);
    }
    patch(&Plan::from_args(args)?)
}

/// What a patch does, settled from the command line (the bytes read from `--from`) before
/// the file is opened.
pub(crate) struct Plan<'a> {
    file: &'a Path,
    offset: Offset,
    bytes: Vec<u8>,
    expect: Option<&'a [u8]>,
    backup: Option<&'a Path>,
    force: bool,
    dry_run: bool,
    grow: bool,
    create: bool,
    flush: Flush,
    json: bool,
    journal: bool,
    no_journal: bool,
}

impl<'a> Plan<'a> {
    fn from_args(args: &'a PatchArgs) -> Result<Self> {
        Ok(Plan {
            file: &args.file,
            offset: args
                .offset
                .ok_or_else(|| anyhow::anyhow!("--hex, --text and --from need -s OFFSET"))?,
            bytes: patch_bytes(args)?,
            expect: args.expect.as_ref().map(|e| e.0.as_slice()),
            backup: args.backup.as_deref(),
            force: args.force,
            dry_run: args.dry_run,
            grow: args.write.grows(),
            create: args.write.create,
            flush: args.write.flush,
            json: args.write.json,
            journal: args.journal,
            no_journal: args.no_journal,
        })
    }
}

fn patch(plan: &Plan) -> Result<()> {
    let bytes = &plan.bytes;
    let grow = plan.grow;
    if plan.dry_run {
        journal::warn_if_hot(plan.file);
    } else if std::fs::metadata(plan.file).is_ok() {
        journal::recover(plan.file)?;
    }
    let source = write::open(plan.file, !plan.dry_run, plan.create)?;
    if let Some(backup) = plan.backup {
        backup::check_path(backup, plan.file, source.as_ref(), plan.force)?;
    }
    let region = write::resolve(
        plan.file,
        source.as_ref(),
        plan.offset,
        Some(bytes.len() as u64),
        grow,
    )?;
    if let Some(expect) = plan.expect {
        check_expect(plan.file, source.as_ref(), region.offset, expect)?;
    }
    if plan.dry_run {
        // Opened read-only, so ask what the real call would be refused.
        write::check_writable(plan.file, source.is_some())?;
        if let Some(backup) = plan.backup {
            backup::check_writable(backup)?;
        }
        return preview::run(plan, source.as_ref(), region, bytes);
    }
    // A patch of more than one page could be half written by a kill or a power cut (pages
    // reach storage one by one): it is journaled unless --no-journal; within one page only
    // with --journal. A file being created needs none: it appears only once complete.
    let mut journal = match &source {
        Some(_) if wants_journal(plan, region) => {
            let (journal, disturbed) = Journal::lock(plan.file)?;
            if disturbed {
                // Another change ended while this one was checked: check again, under the lock.
                drop(journal);
                return patch(plan);
            }
            Some(journal)
        }
        _ => None,
    };
    let backup = match plan.backup {
        Some(path) => Some(Backup::save(
            path,
            plan.file,
            source.as_ref(),
            region,
            plan.force,
        )?),
        None => None,
    };
    if let (Some(journal), Some(source)) = (&mut journal, &source) {
        let old = existing(Some(source), region)?;
        let written = journal.write(
            source,
            &[Span {
                offset: region.offset,
                bytes: old,
            }],
            region.end().max(source.size()),
            plan.flush,
        );
        if let Err(err) = written {
            if let Some(backup) = backup {
                backup.discard();
            }
            return Err(err);
        }
    }
    let applied = write::apply(
        plan.file,
        source,
        region,
        plan.flush,
        |pos, dst| {
            let pos = index(pos);
            dst.copy_from_slice(&bytes[pos..pos + dst.len()]);
        },
        |_| {},
    );
    let applied = match (applied, journal) {
        (Ok(grew), Some(journal)) => {
            journal
                .commit()
                .map(|()| grew)
                .map_err(|error| write::Failed {
                    error,
                    changed: true,
                })
        }
        (Err(failed), Some(journal)) if failed.changed => {
            drop(journal);
            match journal::undo_failed(plan.file) {
                Ok(_) => Err(write::Failed {
                    error: append_note(
                        &failed.error,
                        "the patch was rolled back from its undo journal; the file is as it was",
                    ),
                    changed: false,
                }),
                Err(again) => Err(write::Failed {
                    error: append_note(
                        &failed.error,
                        &format!(
                            "rolling it back failed too ({again:#}); `mmapctl patch {} --recover` \
                             rolls it back",
                            plan.file.display()
                        ),
                    ),
                    changed: true,
                }),
            }
        }
        (applied, _) => applied,
    };
    match (applied, backup) {
        (Ok(grew), _) => report(plan, region, grew),
        (Err(failed), Some(backup)) if failed.changed => Err(append_note(
            &failed.error,
            &format!(
                "the bytes it had before are saved in {}",
                backup.path().display()
            ),
        )),
        (Err(failed), backup) => {
            if let Some(backup) = backup {
                backup.discard();
            }
            Err(failed.error)
        }
    }
}

/// Whether a plain patch of `region` goes through the undo journal.
fn wants_journal(plan: &Plan, region: Region) -> bool {
    if plan.no_journal {
        return false;
    }
    let page = crate::mapping::os::page_size();
    plan.journal || region.offset / page != region.end().saturating_sub(1) / page
}

/// `--recover`: roll back an interrupted change, and nothing else.
fn recover(args: &PatchArgs) -> Result<()> {
    if std::fs::metadata(&args.file).is_err() {
        // Opening names the cause.
        Source::open(&args.file, false)?;
    }
    if journal::recover(&args.file)? == journal::Recovered::Nothing {
        status(&format!(
            "{}: no interrupted change to roll back (no undo journal {})",
            args.file.display(),
            journal::path_for(&args.file).display()
        ));
    }
    Ok(())
}

/// The bytes to write, from `--hex`, `--text`, `--from` (a file, or `-` for stdin) or
/// `--hex-from`.
fn patch_bytes(args: &PatchArgs) -> Result<Vec<u8>> {
    let bytes = if let Some(hex) = &args.hex {
        hex.0.clone()
    } else if let Some(from) = &args.hex_from {
        hex_from(from)?
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
            check_source_kind(from, "--from")?;
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
            None if args.hex_from.as_ref().is_some_and(|p| p.as_os_str() == "-") => {
                "standard input".to_string()
            }
            None if args.hex_from.is_some() => "--hex-from".to_string(),
            None => "the argument".to_string(),
        };
        bail!("the patch is empty ({what} gave no bytes); nothing written");
    }
    Ok(bytes)
}

/// `--hex-from`: hex text (as --hex takes it) or a whole C array, from a file or stdin.
fn hex_from(from: &Path) -> Result<Vec<u8>> {
    let shown = if from.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        from.display().to_string()
    };
    let mut text = Vec::new();
    if from.as_os_str() == "-" {
        io::stdin().lock().read_to_end(&mut text)
    } else {
        check_source_kind(from, "--hex-from")?;
        std::fs::File::open(from).and_then(|mut f| f.read_to_end(&mut text))
    }
    .with_context(|| format!("cannot read the hex from {shown}"))?;
    let text = String::from_utf8(text)
        .map_err(|_| anyhow::anyhow!("{shown}: is not text (hex digits)"))?;
    if text.contains('{') {
        return crate::parse::c_array::parse(text.as_bytes())
            .map_err(|e| anyhow::anyhow!("{shown}: {e}"));
    }
    crate::units::parse_hex(&text).map_err(|e| anyhow::anyhow!("{shown}: {e}"))
}

/// Refuses a `--from` PATH that has no end (/dev/zero would be read until memory runs out)
/// or no bytes to give: only regular files, pipes (`<(...)`, a named pipe's writer) and
/// block devices are read.
fn check_source_kind(from: &Path, option: &str) -> Result<()> {
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
            "cannot read the patch from {}: is {}; {option} reads a regular file or a pipe \
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
    let mut out = buffer(region.len, "the bytes the patch replaces")?;
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
    // Within the capacity reserved above: no allocation can fail here.
    out.resize(index(region.len), 0);
    Ok(out)
}

/// An empty buffer with room for `len` bytes, or an error naming `what` when memory for it
/// cannot be had (RLIMIT_AS, overcommit): an allocation sized by the user's input must
/// fail with one line, never abort the process.
pub(crate) fn buffer(len: u64, what: &str) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    usize::try_from(len)
        .ok()
        .and_then(|n| out.try_reserve_exact(n).ok())
        .with_context(|| format!("cannot allocate {len} bytes of memory for {what}"))?;
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

/// `patch --json`: one object (DESIGN.md's field list; keys in alphabetical order, as
/// the document has always been printed). A dry run adds the bytes before and after, and
/// says `"flushed": "none"` and `"backup": null`: nothing was flushed or saved.
#[derive(serde::Serialize)]
pub(crate) struct Report {
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<String>,
    backup: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<String>,
    dry_run: bool,
    file: String,
    flushed: String,
    grew: bool,
    length: u64,
    offset: u64,
}

impl Report {
    pub(crate) fn new(plan: &Plan, region: Region, grew: bool, dry_run: bool) -> Report {
        // A dry run writes, flushes and saves nothing: it claims none of it (as the
        // edit-list report does).
        Report {
            after: None,
            backup: plan
                .backup
                .filter(|_| !dry_run)
                .map(|p| p.display().to_string()),
            before: None,
            dry_run,
            file: plan.file.display().to_string(),
            flushed: if dry_run {
                "none".to_string()
            } else {
                value_name(&plan.flush)
            },
            grew,
            length: region.len,
            offset: region.offset,
        }
    }

    /// A dry run's object: the bytes before and after, as contiguous hex.
    pub(crate) fn with_bytes(self, before: String, after: String) -> Report {
        Report {
            after: Some(after),
            before: Some(before),
            ..self
        }
    }
}

/// The summary: a line on stderr, or one JSON object on stdout with `--json`.
fn report(plan: &Plan, region: Region, grew: bool) -> Result<()> {
    let file = plan.file.display().to_string();
    let mut notes = Vec::new();
    if grew {
        notes.push(format!("grew to {}", plural_bytes(region.end())));
    }
    if let Some(backup) = plan.backup {
        notes.push(format!("old bytes saved to {}", backup.display()));
    }
    notes.push(write::flush_note(plan.flush).to_string());
    let line = format!(
        "patched {} at {:#x} in {file} ({})",
        plural_bytes(region.len),
        region.offset,
        notes.join(", ")
    );
    if plan.json {
        let doc = Report::new(plan, region, grew, false);
        return print_json_done(&doc, &line);
    }
    status(&line);
    Ok(())
}
