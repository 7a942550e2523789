//! Opening a file for mapping: refusing what cannot be mapped, and resolving regions of it.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use super::{os, Mapping, Protection, Region};
use crate::exit::{Failure, FAULT};
use crate::units::Offset;

/// How a region that runs past the end of the file is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bounds {
    /// Reading commands: a length past the end is cut at the end.
    Clamp,
    /// Writing commands: a region past the end is an error.
    Strict,
    /// Writing commands with `--grow`: the region may run, or start, past the end (the file
    /// is extended to it); starting past the end needs an explicit length.
    Grow,
}

/// An opened file that can be mapped: a regular file or a block device.
pub struct Source {
    path: PathBuf,
    file: File,
    size: u64,
    /// A regular file (else a block device): only these have holes and grow.
    regular: bool,
}

impl Source {
    /// Opens `path` for reading (and writing, with `write`), refusing anything that is not a
    /// regular file or a block device before it can hang (a FIFO) or mislead (procfs).
    ///
    /// # Errors
    /// A missing or unreadable file, a directory, FIFO, socket, character device, or a
    /// pseudo-file that reports size 0 but has content.
    pub fn open(path: &Path, write: bool) -> Result<Source> {
        let shown = path.display();
        // stat before open: opening a FIFO for reading would block until a writer appears.
        match std::fs::metadata(path) {
            Ok(meta) => check_kind(path, &meta.file_type())?,
            Err(e) => return Err(e).with_context(|| format!("cannot open {shown}")),
        }
        if let Some(fs) = os::pseudo_fs_of_path(path) {
            return Err(pseudo(path, fs));
        }
        let mut options = OpenOptions::new();
        options.read(true).write(write);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // O_NONBLOCK: if the path was swapped for a FIFO since the stat, fail, not hang.
            options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
        }
        let mode = if write { "writing" } else { "reading" };
        let file = options.open(path).map_err(|e| {
            // With O_NONBLOCK, a lease another process holds is not broken and waited for
            // (up to lease-break-time) but refused at once with EWOULDBLOCK.
            if e.kind() == io::ErrorKind::WouldBlock {
                anyhow!(
                    "cannot open {shown} for {mode}: another process holds a lease on it \
                     (fcntl F_SETLEASE): {e}"
                )
            } else {
                anyhow!(e).context(format!("cannot open {shown} for {mode}"))
            }
        })?;
        Self::checked(path, file)
    }

    /// A file this process has just created (to be given its name once written, see
    /// `write::apply`), known by the name the user gave.
    ///
    /// # Errors
    /// As [`Source::open`]'s checks of the opened file.
    pub fn created(path: &Path, file: File) -> Result<Source> {
        Self::checked(path, file)
    }

    /// The checks of an opened file: its kind (again: the path may have been swapped since
    /// the stat), its file system (pseudo file systems are refused by what they are, not by
    /// what their first read gives), and its size.
    fn checked(path: &Path, mut file: File) -> Result<Source> {
        let shown = path.display();
        let meta = file
            .metadata()
            .with_context(|| format!("cannot stat {shown}"))?;
        check_kind(path, &meta.file_type())?;
        if let Some(fs) = os::pseudo_fs(&file) {
            return Err(pseudo(path, fs));
        }
        let size = if meta.is_file() {
            meta.len()
        } else {
            // A block device reports size 0 in its metadata; its end is where seeking stops.
            file.seek(SeekFrom::End(0))
                .with_context(|| format!("cannot find the size of {shown}"))?
        };
        if size == 0 && meta.is_file() {
            // A file system not known as pseudo may still report size 0 for a file with
            // content; one whose first read fails is no empty file either.
            let mut probe = [0u8; 1];
            match file.read(&mut probe) {
                Ok(0) => {}
                Ok(_) => bail!(
                    "{shown}: reports size 0 but is not empty (a pseudo-file?); only regular \
                     files and block devices can be mapped"
                ),
                Err(e) => return Err(e).with_context(|| format!("cannot read {shown}")),
            }
        }
        Ok(Source {
            path: path.to_path_buf(),
            file,
            size,
            regular: meta.is_file(),
        })
    }

    /// The path as the user gave it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The open file.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Whether this is a regular file (else a block device).
    pub fn is_regular(&self) -> bool {
        self.regular
    }

    /// The file's size in bytes when it was opened (or last grown).
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Extends the file to `new_size` (sparse but for its last block), never shrinking it,
    /// also when another process extends it at the same time (see [`os::extend`]).
    ///
    /// # Errors
    /// The file system's refusal (a full disk, a file-size limit).
    pub fn grow(&mut self, new_size: u64) -> Result<()> {
        if new_size > self.size {
            os::extend(&self.file, new_size).with_context(|| {
                format!("cannot extend {} to {new_size} bytes", self.path.display())
            })?;
            self.size = new_size;
        }
        Ok(())
    }

    /// Reads `buf.len()` bytes at `offset` with one positioned read (pread): for a few
    /// scattered bytes, cheaper than mapping and faulting their pages.
    ///
    /// # Errors
    /// pread's error, or an end of file before `buf` is full.
    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file.read_exact_at(buf, offset)
        }
        #[cfg(not(unix))]
        {
            let _ = (buf, offset);
            Err(io::Error::from(io::ErrorKind::Unsupported))
        }
    }

    /// Writes `buf` at `offset` with positioned writes (pwrite); see [`Source::read_at`].
    ///
    /// # Errors
    /// pwrite's error.
    pub fn write_at(&self, buf: &[u8], offset: u64) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.file.write_all_at(buf, offset)
        }
        #[cfg(not(unix))]
        {
            let _ = (buf, offset);
            Err(io::Error::from(io::ErrorKind::Unsupported))
        }
    }

    /// Resolves `offset` and `length` against this file (see `resolve`).
    ///
    /// # Errors
    /// As `resolve`, with the file named.
    pub fn resolve(&self, offset: Offset, length: Option<u64>, bounds: Bounds) -> Result<Region> {
        resolve(offset, length, self.size, bounds)
            .map_err(|cause| anyhow!("{}: {cause}", self.path.display()))
    }

    /// Maps `region` with `prot`.
    ///
    /// # Errors
    /// mmap's error, with the file, region and protection named, and a hint for `exec` on a
    /// noexec mount.
    pub fn map(&self, region: Region, prot: Protection) -> Result<Mapping> {
        os::set_guard_message(&crate::exit::one_line(&self.fault_message(region)));
        Mapping::of_file(&self.file, region, prot).map_err(|e| {
            let message = format!(
                "cannot map {} ({region}, --prot {}): {e}",
                self.path.display(),
                prot.name()
            );
            if prot == Protection::Exec && e.raw_os_error() == Some(1) {
                Failure::with_hint(
                    message,
                    "executable mappings fail on a file system mounted noexec; use --prot ro",
                )
                .into()
            } else {
                anyhow!(message)
            }
        })
    }

    /// Points the SIGBUS guard's line at `region` again, after another mapping of this file
    /// (find's context around a hit) has set it to that mapping's region.
    pub fn guard(&self, region: Region) {
        os::set_guard_message(&crate::exit::one_line(&self.fault_message(region)));
    }

    /// Gives page-cache advice for `region` of the file (posix_fadvise): `DontNeed` evicts
    /// its clean pages.
    ///
    /// # Errors
    /// posix_fadvise's error, with the file and region named.
    pub fn advise_cache(&self, region: Region, advice: os::FileAdvice) -> Result<()> {
        // The kernel keeps pages only partly inside the range; a region's pages are all the
        // pages it touches, so widen it to page boundaries.
        let page = os::page_size();
        let start = region.offset - region.offset % page;
        let end = region.end().div_ceil(page).saturating_mul(page);
        os::fadvise(&self.file, start, end - start, advice).with_context(|| {
            format!(
                "cannot advise the page cache on {} ({region})",
                self.path.display()
            )
        })
    }

    /// Whether the file is now shorter than `end`: what an EFAULT from pre-faulting, or an
    /// ENOMEM from mlock, means when it is (both are how the kernel reports, to a system
    /// call, the access that raises SIGBUS in user code). A block device never shrinks here.
    pub fn shrank_below(&self, end: u64) -> bool {
        self.file
            .metadata()
            .is_ok_and(|meta| meta.is_file() && meta.len() < end)
    }

    /// The one line printed when the mapped file shrinks or fails underneath `region`.
    pub fn fault_message(&self, region: Region) -> String {
        format!(
            "{}: {region} could not be accessed while mapped: the file shrank or its storage \
             failed (SIGBUS)",
            self.path.display()
        )
    }

    /// The error for an access to `region` that the kernel refused with EFAULT (what write(2)
    /// returns instead of SIGBUS when handed mapped pages that no longer exist), exit code 4.
    pub fn fault(&self, region: Region) -> Failure {
        Failure {
            code: FAULT,
            message: self.fault_message(region),
            hint: None,
        }
    }
}

/// Whether a reader should stream `path` rather than map it: a FIFO, a character device
/// (`/dev/urandom`), or a pseudo-file (procfs, sysfs) whose size is not its content. Anything
/// else (a regular file, a block device, or a path that cannot be examined) is for
/// [`Source::open`], which maps it or says why not.
pub fn must_stream(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let kind = meta.file_type();
    if is_char_device_or_fifo(&kind) {
        return true;
    }
    kind.is_file() && os::pseudo_fs_of_path(path).is_some()
}

#[cfg(unix)]
fn is_char_device_or_fifo(kind: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo() || kind.is_char_device()
}

#[cfg(not(unix))]
fn is_char_device_or_fifo(_kind: &std::fs::FileType) -> bool {
    false
}

fn pseudo(path: &Path, fs: &str) -> anyhow::Error {
    anyhow!(
        "{}: is a {fs} pseudo-file, whose size is not its content; only regular files and \
         block devices can be mapped",
        path.display()
    )
}

fn check_kind(path: &Path, kind: &std::fs::FileType) -> Result<()> {
    if kind.is_file() || is_block_device(kind) {
        return Ok(());
    }
    bail!(
        "{}: is {}; only regular files and block devices can be mapped",
        path.display(),
        kind_name(kind)
    )
}

/// What a file is, for messages: "a regular file", "a directory", "a FIFO (named pipe)"...
pub fn kind_name(kind: &std::fs::FileType) -> &'static str {
    if kind.is_file() {
        "a regular file"
    } else if kind.is_dir() {
        "a directory"
    } else if is_block_device(kind) {
        "a block device"
    } else {
        unix_kind(kind)
    }
}

#[cfg(unix)]
fn is_block_device(kind: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_block_device()
}

#[cfg(not(unix))]
fn is_block_device(_kind: &std::fs::FileType) -> bool {
    false
}

#[cfg(unix)]
fn unix_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn unix_kind(_kind: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// Resolves a user's `offset` (negative: back from the end) and `length` (default: to the
/// end) against a file of `size` bytes.
///
/// # Errors
/// An offset past the end (except with [`Bounds::Grow`] and a length); a negative offset
/// reaching before the start; `offset + length` overflowing; with [`Bounds::Strict`], a
/// region running past the end.
pub fn resolve(offset: Offset, length: Option<u64>, size: u64, bounds: Bounds) -> Result<Region> {
    let start = start(offset, size)?;
    let asked = length.map(|len| Region::checked(start, len)).transpose()?;
    // A writer's region past the end is refused below, naming it; here the start itself is
    // the problem, and the region is named when -n gave one.
    if start > size && (bounds == Bounds::Clamp || asked.is_none()) {
        let what = match asked {
            Some(region) => format!("offset {start:#x} ({region})"),
            None => format!("offset {start:#x}"),
        };
        let fix = match bounds {
            Bounds::Clamp => "",
            Bounds::Strict => "; --grow with -n/--length extends it",
            Bounds::Grow => "; give -n/--length to write up to a new end",
        };
        bail!("{what} is past the end of the file (size {size:#x}){fix}");
    }
    match (bounds, asked) {
        (_, None) => Ok(Region {
            offset: start,
            len: size - start,
        }),
        (Bounds::Clamp, Some(region)) => Ok(Region {
            offset: start,
            len: region.len.min(size - start),
        }),
        (Bounds::Strict, Some(region)) => {
            if region.end() > size {
                bail!(
                    "region {region} runs past the end of the file (size {size:#x}); \
                     --grow extends it"
                );
            }
            Ok(region)
        }
        (Bounds::Grow, Some(region)) => Ok(region),
    }
}

/// Where a user's `offset` starts in a file of `size` bytes (negative: back from the end).
///
/// # Errors
/// A negative offset that reaches before the start of the file.
pub fn start(offset: Offset, size: u64) -> Result<u64> {
    match offset {
        Offset::FromStart(n) => Ok(n),
        Offset::FromEnd(n) => size.checked_sub(n).ok_or_else(|| {
            anyhow!("offset {offset} reaches before the start of the file (size {size:#x})")
        }),
    }
}

impl Region {
    /// The region of `len` bytes from `offset`.
    ///
    /// # Errors
    /// When its end does not fit in 64 bits.
    pub fn checked(offset: u64, len: u64) -> Result<Region> {
        if offset.checked_add(len).is_none() {
            bail!("offset {offset:#x} + length {len:#x} overflows a 64-bit position");
        }
        Ok(Region { offset, len })
    }
}
