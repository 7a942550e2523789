//! What `patch` and `fill` share: opening the file to change (creating it only when asked),
//! resolving a region that may grow it, writing through bounded windows of a shared
//! mapping, and making the result durable as `--flush` says.

use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};

use crate::cli::WriteArgs;
use crate::exit::Failure;
use crate::mapping::{
    self, kind_name, os, Advice, Bounds, Flush, Protection, Region, Source, WINDOW,
};
use crate::units::Offset;

/// Writes up to this size are "small": their mapping gets `MADV_RANDOM`, because the first
/// fault on an uncached page otherwise reads 8 MiB around it (read_ahead_kb), which made a
/// one-page patch take 5.3 ms instead of 1.1 ms here.
const SMALL: u64 = 1 << 20;

/// Opens `path` to change it (`write`) or only to look at it (a dry run). A missing file is
/// an error unless `create`, in which case `None` is returned and nothing is created yet:
/// the caller validates everything first and then [`apply`] creates it.
///
/// # Errors
/// A missing file without `create` (with a hint), and whatever [`Source::open`] refuses.
pub fn open(path: &Path, write: bool, create: bool) -> Result<Option<Source>> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if create {
                return Ok(None);
            }
            Err(Failure::with_hint(
                format!("cannot open {}: {e}", path.display()),
                "--create makes a missing file",
            )
            .into())
        }
        _ => Source::open(path, write).map(Some),
    }
}

/// Resolves the region to write: `offset` (negative: back from the current end) and `len`
/// bytes (`None`: to the end of the file). Without `grow` the region must lie inside the file;
/// with it, the region may run, or start, past the end. A file still to be created counts as
/// empty.
///
/// # Errors
/// As `mapping::resolve`, with the file named.
pub fn resolve(
    path: &Path,
    source: Option<&Source>,
    offset: Offset,
    len: Option<u64>,
    grow: bool,
) -> Result<Region> {
    let bounds = if grow { Bounds::Grow } else { Bounds::Strict };
    match source {
        Some(source) => source.resolve(offset, len, bounds),
        None => mapping::resolve(offset, len, 0, bounds)
            .map_err(|cause| anyhow!("{}: {cause}", path.display())),
    }
}

/// Extends the file to `end` when it is shorter (sparse). Returns whether it grew.
///
/// # Errors
/// The file system's refusal (a full disk, a file-size limit).
fn grow(source: &mut Source, end: u64) -> Result<bool> {
    if end <= source.size() {
        return Ok(false);
    }
    source.grow(end)?;
    Ok(true)
}

/// Creates `path` when `source` is `None` (`--create`, after every check has passed),
/// extends the file to the region's end if needed, writes the region (see `write_region`)
/// and makes it durable as `--flush` says (see `finish`). Returns whether the file grew.
///
/// When a step fails (a full disk, a failed flush), what the call did to the file itself is
/// put back where it can be, so that a failure leaves no trace beyond the bytes already
/// written: a file it `created` is removed; a file it grew is cut back to its old size
/// (unless another process has changed the size since), and when no byte had been written
/// yet, its old modification time is restored too.
///
/// # Errors
/// The failed step's error; when putting back failed as well, that is said before it.
pub fn apply(
    path: &Path,
    source: Option<Source>,
    region: Region,
    opts: &WriteArgs,
    mut write: impl FnMut(u64, &mut [u8]),
    progress: impl FnMut(u64),
) -> Result<bool> {
    // Only now, with every argument checked, is a missing file (`--create`) made.
    let (mut source, created) = match source {
        Some(source) => (source, false),
        None => (Source::open_with(path, true, true)?, true),
    };
    let source = &mut source;
    let (flush, pause) = (opts.flush, opts.debug_pause.as_deref());
    let old_size = source.size();
    let old_mtime = source.file().metadata().and_then(|m| m.modified()).ok();
    let mut touched = false;
    let steps = || -> Result<bool> {
        let grew = grow(source, region.end())?;
        let mark = |pos: u64, dst: &mut [u8]| {
            touched = true;
            write(pos, dst);
        };
        write_region(source, region, flush, pause, mark, progress)?;
        finish(source, grew, created, flush)?;
        Ok(grew)
    };
    let err = match steps() {
        Ok(grew) => return Ok(grew),
        Err(err) => err,
    };
    let path = source.path();
    let size_now = || source.file().metadata().map(|m| m.len()).ok();
    let put_back = if created {
        std::fs::remove_file(path)
    } else {
        let grew_here = source.size() > old_size && size_now() == Some(source.size());
        let cut = if grew_here {
            source.file().set_len(old_size)
        } else {
            Ok(())
        };
        // Even a failed extension (ENOSPC) may have stamped the file.
        if !touched && size_now() == Some(old_size) {
            if let Some(mtime) = old_mtime {
                // Only the owner may set times; for anyone else the size is all we restore.
                let _ = source.file().set_modified(mtime);
            }
        }
        cut
    };
    Err(match put_back {
        Ok(()) => err,
        Err(e) => err.context(format!(
            "{} is left at {} bytes (cutting it back to {old_size} failed: {e})",
            path.display(),
            source.size()
        )),
    })
}

/// Whether to pre-fault windows that are already in the page cache, decided by timing one
/// full window each way. Over large folios (a file cached by reading it) the write faults
/// are few and populating only adds cost: 1 GiB filled in 0.070 s without, 0.10 s with.
/// Over 4 KiB folios (a file cached by small write() calls) every page takes a write fault
/// and ext4's page_mkwrite, and one populate call does that work far cheaper: 0.40 s against
/// 0.63 s, which is also what a C memset over the mapping takes.
#[derive(Default)]
struct Populate {
    without: Option<Duration>,
    with: Option<Duration>,
}

impl Populate {
    /// Try without first, then with, then keep whichever was faster.
    fn populate_cached(&self) -> bool {
        match (self.without, self.with) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(without), Some(with)) => with < without,
        }
    }

    fn record(&mut self, populated: bool, took: Duration) {
        let slot = if populated {
            &mut self.with
        } else {
            &mut self.without
        };
        slot.get_or_insert(took);
    }
}

/// Writes `region` of `source` through read-write windows: `write(pos, bytes)` fills the
/// window that starts `pos` bytes into the region, then the window is flushed as `flush`
/// says (see below for `sync` over several windows) and unmapped, and `progress(len)` is
/// told. A window not wholly in the page cache is
/// pre-faulted writable in one call (MADV_POPULATE_WRITE), which also turns a full file
/// system into an error here rather than a SIGBUS in the middle of the copy. `pause` is the
/// hidden `--debug-pause` (see `debug_pause`).
///
/// # Errors
/// A mapping, population or msync failure, naming the file and the window.
fn write_region(
    source: &Source,
    region: Region,
    flush: Flush,
    mut pause: Option<&Path>,
    mut write: impl FnMut(u64, &mut [u8]),
    mut progress: impl FnMut(u64),
) -> Result<()> {
    // --flush sync over several windows: each window's write-back is started as soon as it
    // is filled (so the device writes while the CPU fills the next one), and one fdatasync
    // at the end waits for all of it, which is what msync(MS_SYNC) does on Linux
    // (vfs_fsync_range) but with one disk cache flush instead of one per window: msync per
    // 16 MiB window made a durable 1 GiB fill 1.4-1.8x slower than memset + one msync, and
    // 1.2-1.4x slower than `dd conv=fdatasync`.
    let batched = flush == Flush::Sync && region.len > WINDOW;
    let mut chooser = Populate::default();
    for window in source.windows(region, Protection::ReadWrite) {
        let mut map = window?;
        let part = map.region();
        if region.len <= SMALL {
            // Only a hint: a kernel that ignores it is slower, not wrong.
            let _ = map.advise(Advice::Random);
        }
        // MADV_POPULATE_WRITE pre-faults a window in one call. Over holes and uncached pages
        // that is far faster than a fault at a time (a sparse 1 GiB: 0.4-0.7 s against
        // 1.2-1.6 s here) and turns a full file system into an error instead of a SIGBUS. A
        // sample of pages tells cached windows apart (a full mincore of the window would
        // cost more than populating saves); over those, whether populating pays depends on
        // the page cache's folio sizes, which user space cannot see, so `Populate` measures.
        let cached = map.resident_sampled(8).unwrap_or(false);
        let populate = !cached || chooser.populate_cached();
        let started = Instant::now();
        if populate {
            map.populate_write()
                .map_err(|e| populate_error(source, part, e))?;
        }
        if let Some(path) = pause.take() {
            debug_pause(path)?;
        }
        let bytes = map
            .bytes_mut()
            .ok_or_else(|| anyhow!("invariant: a read-write mapping is writable"))?;
        write(part.offset - region.offset, bytes);
        if cached && part.len == WINDOW {
            chooser.record(populate, started.elapsed());
        }
        if !batched {
            map.flush(flush).with_context(|| {
                format!(
                    "cannot flush {} ({part}) to storage",
                    source.path().display()
                )
            })?;
        }
        if batched || flush == Flush::Async {
            start_writeback(source, part)?;
        }
        progress(part.len);
    }
    if batched {
        source.file().sync_data().with_context(|| {
            format!(
                "cannot flush {} ({region}) to storage (fdatasync)",
                source.path().display()
            )
        })?;
    }
    Ok(())
}

/// The hidden `--debug-pause PATH` of patch, fill and lock, for tests: reads PATH to its
/// end. patch and fill call it with the first window mapped and pre-faulted, just before its
/// bytes are written; lock once every file is open, before mapping. A test passes a FIFO, so
/// the command waits there, at a known point, while the test changes the file (a shrink must
/// then end in exit 4, whichever way the kernel reports it); no timing window of a real run
/// is both wide and certain enough for that.
///
/// # Errors
/// PATH cannot be read.
pub fn debug_pause(path: &Path) -> Result<()> {
    std::fs::read(path)
        .map(drop)
        .with_context(|| format!("cannot read --debug-pause {}", path.display()))
}

/// Starts the write-back of `part` without waiting for it.
fn start_writeback(source: &Source, part: Region) -> Result<()> {
    os::start_writeback(source.file(), part.offset, part.len).with_context(|| {
        format!(
            "cannot flush {} ({part}) to storage",
            source.path().display()
        )
    })
}

/// Why pre-faulting a window for writing failed. EFAULT is what the kernel returns where a
/// plain write would have raised SIGBUS: the file shrank (exit 4), or the file system could
/// not provide the page (full, quota, I/O error).
fn populate_error(source: &Source, part: Region, err: io::Error) -> anyhow::Error {
    if err.raw_os_error() == Some(14) {
        if source.shrank_below(part.end()) {
            return source.fault(part).into();
        }
        return Failure::with_hint(
            format!(
                "cannot write {} ({part}): the file system refused the pages \
                 (full, over quota, or an I/O error)",
                source.path().display()
            ),
            "free space on the file system (df -h) and try again",
        )
        .into();
    }
    anyhow!(
        "cannot write {} ({part}): preparing the pages failed: {err}",
        source.path().display()
    )
}

/// Makes a size change durable when `flush` is `sync`: fsync of the file once it grew
/// (msync covers the written pages but not the size), and of its directory when it was
/// created, so that the new name survives a crash too.
///
/// # Errors
/// fsync's error: a failed flush is never reported as success.
fn finish(source: &Source, grew: bool, created: bool, flush: Flush) -> Result<()> {
    if flush != Flush::Sync || !(grew || created) {
        return Ok(());
    }
    let path = source.path();
    source
        .file()
        .sync_all()
        .with_context(|| format!("cannot flush {} to storage (fsync)", path.display()))?;
    if created {
        sync_parent(path)?;
    }
    Ok(())
}

/// fsyncs the directory holding `path`, so that a newly created name is durable.
///
/// # Errors
/// The directory's open or fsync error.
pub fn sync_parent(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot flush directory {} (fsync)", dir.display()))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// `--flush` as the summary line says it.
pub fn flush_note(flush: Flush) -> &'static str {
    match flush {
        Flush::Sync => "flushed",
        Flush::Async => "flush scheduled",
        Flush::None => "not flushed",
    }
}

/// Refuses, before anything is written: a `--backup` PATH that is the file being changed
/// (under any name: a hard link or symlink to it would be truncated by the backup), one
/// that is not a regular file (opening a FIFO to write waits for a reader; a device or
/// socket cannot hold the bytes), and an existing one without `--force`.
///
/// # Errors
/// As described.
pub fn check_backup_path(backup: &Path, target: &Path, force: bool) -> Result<()> {
    if std::fs::symlink_metadata(backup).is_err() {
        return Ok(());
    }
    // What the path leads to: a dangling symlink leads nowhere and is only "existing".
    if let Ok(meta) = std::fs::metadata(backup) {
        let same = std::fs::metadata(target).is_ok_and(|t| same_file(&meta, &t))
            || matches!(
                (std::fs::canonicalize(backup), std::fs::canonicalize(target)),
                (Ok(a), Ok(b)) if a == b
            );
        if same {
            bail!(
                "--backup {} is the file being patched; choose another path",
                backup.display()
            );
        }
        if !meta.is_file() {
            bail!(
                "--backup {}: is {}; the backup is written to a regular file",
                backup.display(),
                kind_name(&meta.file_type())
            );
        }
    }
    if !force {
        return Err(Failure::with_hint(
            format!(
                "--backup {} already exists; nothing written",
                backup.display()
            ),
            "choose a new path, or add --force to replace it",
        )
        .into());
    }
    Ok(())
}

/// Whether two metadata describe the same file (one inode, whatever the names).
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// Without inode numbers, only the canonical paths tell (see `check_backup_path`).
#[cfg(not(unix))]
fn same_file(_a: &std::fs::Metadata, _b: &std::fs::Metadata) -> bool {
    false
}
