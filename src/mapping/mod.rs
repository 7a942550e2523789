//! The internal mapping module: the only code that calls memmap2 or the OS.
//!
//! Commands ask for a [`Source`] (an opened, checked file), resolve a [`Region`] of it, and
//! map that region with a [`Protection`]. Offsets need not be page-aligned: memmap2 aligns the
//! mapping down and hands back a slice that starts at the requested byte.
//!
//! # Safety
//!
//! Every file-backed mapping is `unsafe` in memmap2 because the bytes may change, or vanish,
//! underneath the program while it holds a slice over them. mmapctl accepts that risk the way
//! ripgrep does: it only treats mapped memory as plain bytes (no pointers or invariants live
//! there), a concurrent writer can at worst make it print or copy torn bytes, and a file that
//! shrinks while mapped, the one case that would crash the process (SIGBUS), is caught by the
//! guard in `unix/signals.rs`, which prints one line naming the file and exits 4.
#![allow(unsafe_code)]

#[cfg_attr(unix, path = "unix/mod.rs")]
#[cfg_attr(not(unix), path = "unsupported.rs")]
pub mod os;

mod pages;
mod source;
mod window;

pub use source::{kind_name, must_stream, resolve, start, Bounds, Source};
pub use window::{WindowReader, WINDOW};

use std::io;

use anyhow::{Context, Result};
use memmap2::{Mmap, MmapMut, MmapOptions};

use crate::units::index;

/// Whether `err` is EFAULT: what a system call (write(2) of mapped bytes, madvise populate,
/// pread into them) returns where an access in user code would raise SIGBUS, because the
/// mapped file shrank or its storage failed. The one place that rule lives: every command
/// turns it into the same exit-4 line (`Source::fault`), after checking whether the file
/// really shrank where the distinction matters (a writer: a full file system).
pub fn is_fault(err: &io::Error) -> bool {
    const EFAULT: i32 = 14;
    err.raw_os_error() == Some(EFAULT)
}

/// How a region is mapped (mmap-go's `RDONLY`, `RDWR`, `COPY`, `EXEC`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Protection {
    /// Read-only shared mapping.
    #[value(name = "ro")]
    ReadOnly,
    /// Read-write shared mapping: writes reach the file.
    #[value(name = "rw")]
    ReadWrite,
    /// Private copy-on-write mapping: writes never reach the file.
    #[value(name = "copy")]
    Copy,
    /// Read and execute (fails on a noexec mount).
    #[value(name = "exec")]
    Exec,
}

impl Protection {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Protection::ReadOnly => "ro",
            Protection::ReadWrite => "rw",
            Protection::Copy => "copy",
            Protection::Exec => "exec",
        }
    }
}

/// When written bytes reach stable storage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Flush {
    /// Return once the bytes are on stable storage (msync(MS_SYNC), or one fdatasync for a
    /// region of several windows; plus fsync when the size changed).
    #[default]
    Sync,
    /// Start write-back and return without waiting (sync_file_range on Linux, where
    /// msync(MS_ASYNC) does nothing).
    Async,
    /// Leave write-back to the kernel.
    None,
}

/// A validated byte range of a file: `offset + len` never overflows and, once resolved
/// against a [`Source`], never runs past what the command may touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    /// First byte, from the start of the file.
    pub offset: u64,
    /// Number of bytes.
    pub len: u64,
}

impl Region {
    /// One past the last byte.
    pub fn end(&self) -> u64 {
        self.offset + self.len
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "bytes {:#x}..{:#x}", self.offset, self.end())
    }
}

/// The memmap2 map behind a [`Mapping`] (the `os` module's calls take it).
enum Inner {
    Empty,
    Ro(Mmap),
    Rw(MmapMut),
}

/// A mapped region: a file's bytes, or anonymous memory, in this process's address space.
/// Dropping it unmaps it (mmap-go's `Unmap`).
pub struct Mapping {
    inner: Inner,
    region: Region,
}

impl Mapping {
    /// Maps `region` of `file` with `prot`. An empty region maps nothing. Private to this
    /// module: everything else maps through [`Source::map`], which sets the SIGBUS guard's
    /// message (installing the guard) first.
    fn of_file(file: &std::fs::File, region: Region, prot: Protection) -> io::Result<Self> {
        if region.len == 0 {
            return Ok(Mapping {
                inner: Inner::Empty,
                region,
            });
        }
        let len = usize::try_from(region.len).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "region is larger than this platform's address space",
            )
        })?;
        let mut options = MmapOptions::new();
        options.offset(region.offset).len(len);
        // SAFETY: memmap2's own preconditions hold: `file` is open for the call, `len` is
        // non-zero and fits a usize, and memmap2 aligns `offset` down itself; the map owns
        // its pages and stays valid after `file` is closed. What memmap2 cannot promise is
        // that the file's bytes stay put while mapped: strictly, bytes changing under a
        // `&[u8]` break Rust's aliasing rules. That risk is accepted as the module docs say
        // (ripgrep's choice): the bytes are used only as plain `u8` values (every bit pattern
        // valid; no pointer, length or UTF-8 invariant is trusted from them), so in practice
        // another writer can only make mmapctl see or print torn bytes; and a shrink, which
        // turns an access into SIGBUS, ends the process through the guard that
        // `Source::map`, the only caller, installs before mapping.
        let inner = unsafe {
            match prot {
                Protection::ReadOnly => Inner::Ro(options.map(file)?),
                Protection::Exec => Inner::Ro(options.map_exec(file)?),
                Protection::ReadWrite => Inner::Rw(options.map_mut(file)?),
                Protection::Copy => Inner::Rw(options.map_copy(file)?),
            }
        };
        Ok(Mapping { inner, region })
    }

    /// Maps `len` bytes of zeroed anonymous memory (mmap-go's `ANON`).
    ///
    /// # Errors
    /// Fails when the kernel refuses the mapping (address space, overcommit limits).
    pub fn anon(len: u64) -> Result<Self> {
        let region = Region { offset: 0, len };
        if len == 0 {
            return Ok(Mapping {
                inner: Inner::Empty,
                region,
            });
        }
        let size = usize::try_from(len).context("anonymous mapping too large")?;
        let map = MmapOptions::new()
            .len(size)
            .map_anon()
            .with_context(|| format!("cannot map {len} bytes of anonymous memory"))?;
        Ok(Mapping {
            inner: Inner::Rw(map),
            region,
        })
    }

    /// The region this mapping covers.
    pub fn region(&self) -> Region {
        self.region
    }

    /// The mapped bytes.
    pub fn bytes(&self) -> &[u8] {
        match &self.inner {
            Inner::Empty => &[],
            Inner::Ro(m) => m,
            Inner::Rw(m) => m,
        }
    }

    /// The mapped bytes, writable, or `None` for a read-only or executable mapping.
    pub fn bytes_mut(&mut self) -> Option<&mut [u8]> {
        match &mut self.inner {
            Inner::Empty => Some(&mut []),
            Inner::Ro(_) => None,
            Inner::Rw(m) => Some(m),
        }
    }

    /// Asks the kernel to read the mapped pages in now, in one call instead of one fault
    /// per page (MADV_POPULATE_READ, Linux 5.14+). Older kernels and other systems ignore it.
    ///
    /// # Errors
    /// EFAULT when the file shrank underneath the mapping.
    pub fn populate_read(&self) -> io::Result<()> {
        os::populate_read(&self.inner)
    }

    /// Pre-faults the mapping writable in one call (MADV_POPULATE_WRITE, Linux 5.14+). A
    /// no-op for read-only mappings and where unsupported.
    ///
    /// # Errors
    /// EFAULT/ENOMEM when the file shrank or memory ran out.
    pub fn populate_write(&self) -> io::Result<()> {
        os::populate_write(&self.inner)
    }

    /// Gives the kernel an access hint for the whole mapping (madvise).
    ///
    /// # Errors
    /// madvise's error (EINVAL where a hint is unsupported, e.g. huge pages on a file;
    /// always where madvise is unavailable).
    pub fn advise(&self, advice: Advice) -> io::Result<()> {
        os::advise(&self.inner, advice)
    }

    /// Pages of the file this mapping spans, and how many of them are resident in memory
    /// (mincore).
    ///
    /// # Errors
    /// mincore's error (always, where mincore is unavailable).
    pub fn residency(&self, scratch: &mut Vec<u8>) -> io::Result<(u64, u64)> {
        let bytes = self.bytes();
        if bytes.is_empty() {
            return Ok((0, 0));
        }
        let page = index(os::page_size());
        // memmap2 maps from the page boundary below the region's start, so the aligned
        // address is part of this mapping.
        let lead = bytes.as_ptr() as usize % page;
        let start = bytes.as_ptr().wrapping_sub(lead);
        os::mincore(start, bytes.len() + lead, scratch)?;
        let resident = scratch.iter().filter(|&&b| b & 1 == 1).count();
        Ok((scratch.len() as u64, resident as u64))
    }

    /// Writes back `len` bytes from `start` (relative to the mapping) as `mode` asks
    /// (mmap-go's `Flush`). Private and read-only mappings have nothing to write back.
    ///
    /// # Errors
    /// Returns msync's error: a write-back that failed must never be reported as success.
    pub fn flush_range(&self, start: usize, len: usize, mode: Flush) -> io::Result<()> {
        let Inner::Rw(map) = &self.inner else {
            return Ok(());
        };
        if len == 0 {
            return Ok(());
        }
        match mode {
            Flush::Sync => map.flush_range(start, len),
            Flush::Async => map.flush_async_range(start, len),
            Flush::None => Ok(()),
        }
    }

    /// Writes back the whole mapping as `mode` asks.
    ///
    /// # Errors
    /// Returns msync's error.
    pub fn flush(&self, mode: Flush) -> io::Result<()> {
        self.flush_range(0, self.bytes().len(), mode)
    }

    /// Pins `len` bytes from `start` (relative to the mapping) in RAM, faulting them in:
    /// `lock` in steps, so a caller can report progress and notice a signal between them.
    ///
    /// # Errors
    /// mlock's error (ENOMEM or EPERM when RLIMIT_MEMLOCK refuses); `InvalidInput` for a
    /// range outside the mapping.
    pub fn lock_range(&self, start: usize, len: usize) -> io::Result<()> {
        let bytes = self.bytes();
        if start.checked_add(len).is_none_or(|end| end > bytes.len()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "range outside the mapping",
            ));
        }
        if len == 0 {
            return Ok(());
        }
        let page = index(os::page_size());
        let addr = bytes.as_ptr().wrapping_add(start);
        // POSIX lets mlock demand a page-aligned address; memmap2 maps from the page
        // boundary below the region, so the aligned address is still inside the mapping.
        let lead = addr as usize % page;
        os::mlock(addr.wrapping_sub(lead), len + lead)
    }

    /// Loads every page of the mapping into the page cache: one MADV_POPULATE_READ call,
    /// then a read of one byte per page, which costs nothing once the pages are mapped and
    /// does the loading where that call is unavailable (kernels before 5.14, other systems).
    ///
    /// # Errors
    /// EFAULT when the file shrank underneath the mapping.
    pub fn touch_pages(&self) -> io::Result<()> {
        self.populate_read()?;
        let page = index(os::page_size());
        let bytes = self.bytes();
        let mut sum = 0u8;
        for &b in bytes.iter().step_by(page) {
            sum = sum.wrapping_add(b);
        }
        if let Some(&last) = bytes.last() {
            sum = sum.wrapping_add(last);
        }
        std::hint::black_box(sum);
        Ok(())
    }

    /// Whether the pages under `samples` evenly spaced bytes of the mapping (its first and
    /// last byte among them) are all in the page cache: a cheap estimate where
    /// [`Mapping::residency`], a lookup per page, cost 13 % of a warm 1 GiB fill.
    ///
    /// # Errors
    /// mincore's error (always, where mincore is unavailable).
    pub fn resident_sampled(&self, samples: usize) -> io::Result<bool> {
        let bytes = self.bytes();
        if bytes.is_empty() {
            return Ok(true);
        }
        let page = index(os::page_size());
        let last = (bytes.len() - 1) as u64;
        let samples = samples.max(2) as u64;
        let mut scratch = Vec::with_capacity(1);
        let mut checked = None;
        for i in 0..samples {
            let at = index(last * i / (samples - 1));
            let addr = bytes.as_ptr().wrapping_add(at);
            // The page boundary at or below a mapped byte is part of the mapping (memmap2
            // maps from the boundary below the region's start).
            let aligned = addr.wrapping_sub(addr as usize % page);
            if checked.replace(aligned) == Some(aligned) {
                continue;
            }
            os::mincore(aligned, 1, &mut scratch)?;
            if scratch.first().is_none_or(|&b| b & 1 == 0) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// madvise hints a command may give a mapping (`bench --advise`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Advice {
    /// No special treatment.
    #[default]
    Normal,
    /// Expect sequential access: read ahead aggressively, drop behind.
    Sequential,
    /// Expect random access: no read-ahead.
    Random,
    /// Read the pages in soon.
    Willneed,
    /// Back the mapping with transparent huge pages where possible.
    Hugepage,
}

#[cfg(test)]
mod tests;
