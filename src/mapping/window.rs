//! Walking a large region one bounded window at a time, so that peak RSS stays the size of
//! one window (plus the caller's buffers) whatever the size of the file.

use std::io::{self, Read};

use anyhow::Result;

use super::{Mapping, Protection, Region, Source};

/// Bytes mapped at once. Mapped file pages count towards RSS while mapped, so this bounds
/// it; 16 MiB amortises the mmap/munmap calls to noise (well under 1 % at ~10 GB/s).
pub const WINDOW: u64 = 16 << 20;

/// Maps consecutive windows of a region, each ending on a [`WINDOW`] boundary of the file
/// so that every window after the first is aligned; the previous window is unmapped when
/// the caller drops it.
pub struct Windows<'a> {
    source: &'a Source,
    prot: Protection,
    next: u64,
    end: u64,
}

impl<'a> Windows<'a> {
    /// Windows over `region` of `source`, mapped with `prot`.
    pub fn new(source: &'a Source, region: Region, prot: Protection) -> Self {
        Windows {
            source,
            prot,
            next: region.offset,
            end: region.end(),
        }
    }
}

impl Iterator for Windows<'_> {
    type Item = Result<Mapping>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let boundary = (self.next / WINDOW + 1).saturating_mul(WINDOW);
        let stop = boundary.min(self.end);
        let window = Region {
            offset: self.next,
            len: stop - self.next,
        };
        self.next = stop;
        Some(self.source.map(window, self.prot))
    }
}

impl Source {
    /// Iterates over `region` in mapped windows (see [`Windows`]).
    pub fn windows(&self, region: Region, prot: Protection) -> Windows<'_> {
        Windows::new(self, region, prot)
    }
}

/// A `Read` over a mapped region, window by window, for consumers that pull bytes (hexyl's
/// Printer, the renderers). Each window is pre-faulted in one call before it is copied from.
pub struct WindowReader<'a> {
    windows: Windows<'a>,
    current: Option<Mapping>,
    pos: usize,
}

impl<'a> WindowReader<'a> {
    /// A reader over `region` of `source`. The first window is mapped here, so that a
    /// refused mapping (a noexec mount, a bad protection) is reported before any output.
    ///
    /// # Errors
    /// The first window's mapping error.
    pub fn new(source: &'a Source, region: Region, prot: Protection) -> Result<Self> {
        let mut windows = Windows::new(source, region, prot);
        let current = windows.next().transpose()?;
        Ok(WindowReader {
            windows,
            current,
            pos: 0,
        })
    }
}

impl Read for WindowReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if let Some(map) = &self.current {
                if self.pos == 0 {
                    // One populate call per window instead of a fault per page; EFAULT here
                    // means the file shrank underneath the window.
                    if let Err(e) = map.populate_read() {
                        if super::is_fault(&e) {
                            let fault = self.windows.source.fault(map.region());
                            return Err(io::Error::other(fault));
                        }
                    }
                }
                let rest = &map.bytes()[self.pos..];
                if !rest.is_empty() {
                    let n = rest.len().min(buf.len());
                    buf[..n].copy_from_slice(&rest[..n]);
                    self.pos += n;
                    return Ok(n);
                }
            }
            // Unmap the finished window before mapping the next, to keep one resident.
            self.current = None;
            match self.windows.next() {
                None => return Ok(0),
                Some(Ok(map)) => {
                    self.current = Some(map);
                    self.pos = 0;
                }
                Some(Err(e)) => return Err(io::Error::other(e)),
            }
        }
    }
}
