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
//! guard in `unix.rs`, which prints one line naming the file and exits 4.
#![allow(unsafe_code)]

#[cfg_attr(unix, path = "unix.rs")]
#[cfg_attr(not(unix), path = "unsupported.rs")]
pub mod os;

mod source;
mod window;

pub use source::{Bounds, Source};
pub use window::{WindowReader, Windows, WINDOW};

use std::io;

use anyhow::{Context, Result};
use memmap2::{Mmap, MmapMut, MmapOptions};

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
    /// msync(MS_SYNC) of the touched pages (plus fsync when the size changed).
    #[default]
    Sync,
    /// Schedule write-back (msync(MS_ASYNC)) and return.
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
    /// Maps `region` of `file` with `prot`. An empty region maps nothing.
    pub(crate) fn of_file(
        file: &std::fs::File,
        region: Region,
        prot: Protection,
    ) -> io::Result<Self> {
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
        // SAFETY: see the module docs: mapped bytes are treated as plain data, and a file
        // shrinking underneath is caught by the SIGBUS guard installed before any mapping.
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
}

/// Applies the same call to either kind of memmap2 map.
macro_rules! each_map {
    ($self:ident, $m:ident => $call:expr) => {
        match &$self.inner {
            Inner::Empty => Ok(()),
            Inner::Ro($m) => $call,
            Inner::Rw($m) => $call,
        }
    };
}

#[cfg(unix)]
impl Mapping {
    /// Pins the mapped pages in RAM (mlock; mmap-go's `Lock`).
    ///
    /// # Errors
    /// Returns mlock's error (ENOMEM or EPERM when RLIMIT_MEMLOCK refuses).
    pub fn lock(&self) -> io::Result<()> {
        each_map!(self, m => m.lock())
    }

    /// Unpins the mapped pages (munlock; mmap-go's `Unlock`).
    ///
    /// # Errors
    /// Returns munlock's error.
    pub fn unlock(&self) -> io::Result<()> {
        each_map!(self, m => m.unlock())
    }

    /// Asks the kernel to read the mapped pages in now, in one call instead of one fault
    /// per page (MADV_POPULATE_READ, Linux 5.14+). Older kernels and other systems ignore it.
    ///
    /// # Errors
    /// EFAULT when the file shrank underneath the mapping.
    pub fn populate_read(&self) -> io::Result<()> {
        #[cfg(target_os = "linux")]
        {
            let result = each_map!(self, m => m.advise(memmap2::Advice::PopulateRead));
            match result {
                Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ok(()),
                other => other,
            }
        }
        #[cfg(not(target_os = "linux"))]
        Ok(())
    }
}

#[cfg(not(unix))]
impl Mapping {
    /// Pins the mapped pages in RAM: not supported on this platform.
    ///
    /// # Errors
    /// Always.
    pub fn lock(&self) -> io::Result<()> {
        Err(os::unsupported("mlock"))
    }

    /// Unpins the mapped pages: not supported on this platform.
    ///
    /// # Errors
    /// Always.
    pub fn unlock(&self) -> io::Result<()> {
        Err(os::unsupported("munlock"))
    }

    /// Pre-faulting is an optimisation only; without it pages fault in on first touch.
    pub fn populate_read(&self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
