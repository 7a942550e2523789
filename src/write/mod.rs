//! The write engine that `patch` and `fill` share: opening the file to change (creating it
//! only when asked), resolving a region that may grow it, writing through bounded windows of
//! a shared mapping, and making the result durable as `--flush` says.

pub mod backup;

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context, Result};

use crate::exit::{append_note, Failure};
use crate::mapping::{self, os, Advice, Bounds, Flush, Protection, Region, Source, WINDOW};
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
/// with it, the region may run, or start, past the end, up to the largest size the file may
/// have (off_t, RLIMIT_FSIZE, the file system's limit). A file still to be created counts
/// as empty. A dry run resolves through here too, so it refuses exactly what the real call
/// refuses.
///
/// # Errors
/// As `mapping::resolve`, with the file named; a growth past the largest size.
pub fn resolve(
    path: &Path,
    source: Option<&Source>,
    offset: Offset,
    len: Option<u64>,
    grow: bool,
) -> Result<Region> {
    let bounds = if grow { Bounds::Grow } else { Bounds::Strict };
    let (region, size) = match source {
        Some(source) => (source.resolve(offset, len, bounds)?, source.size()),
        None => (
            mapping::resolve(offset, len, 0, bounds)
                .map_err(|cause| anyhow!("{}: {cause}", path.display()))?,
            0,
        ),
    };
    if region.end() > size {
        let limit = os::file_size_limit();
        let refused = if region.end() > limit {
            Some(if limit == i64::MAX as u64 {
                format!("the largest file size ({limit:#x} bytes)")
            } else {
                format!(
                    "the file-size limit of this process ({limit} bytes, ulimit -f): \
                     File too large"
                )
            })
        } else {
            source
                .filter(|s| s.is_regular())
                .filter(|s| !os::may_reach(s.file(), region.end()))
                .map(|_| "the largest file its file system allows".to_string())
        };
        if let Some(what) = refused {
            bail!(
                "{}: {region} would grow the file past {what}; nothing written",
                path.display()
            );
        }
    }
    Ok(region)
}

/// What a dry run checks so that it refuses what the real call would: that `path` may be
/// opened for writing or, when `exists` is false (`--create`), made in the directory where
/// it belongs.
///
/// # Errors
/// The refusal, worded as the real call's.
pub fn check_writable(path: &Path, exists: bool) -> Result<()> {
    if exists {
        return os::may_write(path)
            .with_context(|| format!("cannot open {} for writing", path.display()));
    }
    let target = creation_path(path)?;
    os::may_write(parent_dir(&target)).with_context(|| format!("cannot create {}", path.display()))
}

/// A failed [`apply`]: the error, and whether the file had been changed by then (grown, or
/// bytes written), which decides what a caller may still undo of its own (a backup made for
/// a change that never happened is removed).
pub struct Failed {
    /// What went wrong, with what was left said in its context.
    pub error: anyhow::Error,
    /// The file was grown or had bytes written before the failure.
    pub changed: bool,
}

impl From<Failed> for anyhow::Error {
    fn from(failed: Failed) -> Self {
        failed.error
    }
}

/// Where `--create` makes `path`: the path itself or, when it is a dangling symbolic link,
/// the missing file the link leads to (what `echo > link` creates), so that the link is
/// kept and the directory made durable is the new file's own.
fn creation_path(path: &Path) -> Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&at)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                at = match at.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            // Made by someone else since the check: the no-clobber rename refuses it.
            Ok(_) => return Ok(at),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(at),
            Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
        }
    }
    bail!(
        "cannot create {}: too many levels of symbolic links",
        path.display()
    )
}

/// A file `--create` is making: written under a temporary name in the directory where it
/// belongs, and given its name only once every byte is written (and flushed), so that a
/// failure leaves nothing and no other process can write into it before it is complete.
struct NewFile {
    temp: tempfile::TempPath,
    target: PathBuf,
}

impl NewFile {
    fn create(path: &Path) -> Result<(NewFile, Source)> {
        let target = creation_path(path)?;
        let dir = parent_dir(&target);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".mmapctl-").suffix(".new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // What O_CREAT would give the file: 0666 less the umask (the open applies it).
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let (file, temp) = builder
            .tempfile_in(dir)
            .with_context(|| format!("cannot create {}", path.display()))?
            .into_parts();
        let source = Source::created(path, file)?;
        Ok((NewFile { temp, target }, source))
    }

    /// Gives the file its name, never replacing a file another process made meanwhile,
    /// and makes the name durable when `flush` is `sync`.
    fn publish(self, path: &Path, flush: Flush) -> Result<()> {
        let target = self.target;
        self.temp.persist_noclobber(&target).map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                anyhow!(
                    "cannot create {}: another process created it meanwhile; nothing written \
                     to it",
                    path.display()
                )
            } else {
                anyhow!(e.error).context(format!("cannot create {}", path.display()))
            }
        })?;
        if flush == Flush::Sync {
            sync_dir(parent_dir(&target))?;
        }
        Ok(())
    }
}

/// Creates `path` when `source` is `None` (`--create`, after every check has passed; see
/// `NewFile`), reserves the blocks of any hole in the region (so that a full file system
/// is refused before a byte changes), extends the file to the region's end if needed, writes
/// the region (see `write_region`) and makes it durable as `--flush` says (see `finish`).
/// Returns whether the file grew.
///
/// A failure never removes, cuts off or zeroes bytes this call did not write: a file it
/// was creating never appears; an existing file it grew is left at its new size (another
/// process may have written into the extension meanwhile, and cutting it off would destroy
/// those bytes), which the error says; when nothing had changed, its modification time is
/// put back too.
///
/// # Errors
/// The failed step's error, with what was left of the file.
pub fn apply(
    path: &Path,
    source: Option<Source>,
    region: Region,
    flush: Flush,
    mut write: impl FnMut(u64, &mut [u8]),
    progress: impl FnMut(u64),
) -> Result<bool, Failed> {
    let unchanged = |error| Failed {
        error,
        changed: false,
    };
    // Only now, with every argument checked, is a missing file (`--create`) made.
    let (mut source, new_file) = match source {
        Some(source) => (source, None),
        None => {
            let (new, source) = NewFile::create(path).map_err(unchanged)?;
            (source, Some(new))
        }
    };
    let source = &mut source;
    let old_size = source.size();
    let old_mtime = source.file().metadata().and_then(|m| m.modified()).ok();
    let mut touched = false;
    let steps = || -> Result<bool> {
        reserve(source, region)?;
        let grew = grow(source, region.end())?;
        let mark = |pos: u64, dst: &mut [u8]| {
            touched = true;
            write(pos, dst);
        };
        write_region(source, region, flush, mark, progress)?;
        finish(source, grew, new_file.is_some(), flush)?;
        Ok(grew)
    };
    let outcome = steps();
    let err = match (outcome, new_file) {
        (Ok(grew), None) => return Ok(grew),
        (Ok(grew), Some(new)) => match new.publish(path, flush) {
            Ok(()) => return Ok(grew),
            // The temporary file is gone with `new`: nothing is left, nothing changed.
            Err(error) => return Err(unchanged(error)),
        },
        // Dropping `new` removed the temporary file.
        (Err(error), Some(_)) => return Err(unchanged(error)),
        (Err(error), None) => error,
    };
    let size_now = source.file().metadata().map(|m| m.len()).ok();
    let grown = size_now.is_some_and(|now| now > old_size) && source.size() > old_size;
    if !touched && !grown {
        // Even a refused reservation or extension may have stamped the file.
        if let Some(mtime) = old_mtime {
            // Only the owner may set times; for anyone else the bytes are all we keep.
            let _ = source.file().set_modified(mtime);
        }
    }
    let error = if grown {
        append_note(
            &err,
            &format!(
                "{} is left at {} bytes (it had {old_size}): the extension is not cut back, \
                 as another process may have written to it since",
                path.display(),
                source.size()
            ),
        )
    } else {
        err
    };
    Err(Failed {
        error,
        changed: touched || grown,
    })
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

/// Reserves the blocks of the holes in `region` (see `os::reserve`), so that a full file
/// system refuses the write here, before any byte changes, instead of half way through it
/// (a SIGBUS, or an error after some windows were written). Regions without holes, block
/// devices and file systems that cannot reserve are left to the write.
fn reserve(source: &Source, region: Region) -> Result<()> {
    if !source.is_regular() || !os::has_hole(source.file(), region.offset, region.len) {
        return Ok(());
    }
    os::reserve(source.file(), region.offset, region.len)
        .map(drop)
        .with_context(|| {
            format!(
                "cannot write {} ({region}): the file system cannot provide the blocks",
                source.path().display()
            )
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
/// told. A window not wholly in the page cache is pre-faulted writable in one call
/// (MADV_POPULATE_WRITE). Tests may hold the command before the first window is written
/// (`hooks::Point::Write`).
///
/// # Errors
/// A mapping, population or msync failure, naming the file and the window.
fn write_region(
    source: &Source,
    region: Region,
    flush: Flush,
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
                .map_err(|e| populate_error(source, part, &e))?;
        }
        if part.offset == region.offset {
            crate::hooks::pause(crate::hooks::Point::Write)?;
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
fn populate_error(source: &Source, part: Region, err: &io::Error) -> anyhow::Error {
    if mapping::is_fault(err) {
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

/// Makes a size change durable when `flush` is `sync`: fsync of the file once it grew or
/// was created (msync covers the written pages but not the size); a new file's name is made
/// durable when it is published (see [`NewFile::publish`]).
///
/// # Errors
/// fsync's error: a failed flush is never reported as success.
fn finish(source: &Source, grew: bool, created: bool, flush: Flush) -> Result<()> {
    if flush != Flush::Sync || !(grew || created) {
        return Ok(());
    }
    source.file().sync_all().with_context(|| {
        format!(
            "cannot flush {} to storage (fsync)",
            source.path().display()
        )
    })
}

/// The directory holding `path` (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// fsyncs the directory that really holds `path` (through any symbolic links, so that the
/// directory flushed is the one the name is in), making a newly created name durable.
///
/// # Errors
/// The directory's open or fsync error.
pub fn sync_parent(path: &Path) -> Result<()> {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    sync_dir(parent_dir(&real))
}

fn sync_dir(dir: &Path) -> Result<()> {
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
