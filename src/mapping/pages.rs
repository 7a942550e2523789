//! Page-level operations for `lock` and `residency`: pinning part of a mapping, loading a
//! mapping's pages, and counting a region's cached pages without mapping it.

use std::io;

use super::{os, Mapping, Region, Source};

impl Region {
    /// The pages this region touches (a partial page at either end counts), which is what
    /// mlock pins and mincore reports on.
    pub fn pages(&self) -> u64 {
        if self.len == 0 {
            return 0;
        }
        let page = os::page_size();
        self.end().div_ceil(page) - self.offset / page
    }
}

impl Mapping {
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
        let page = os::page_size() as usize;
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
        let page = os::page_size() as usize;
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
}

impl Source {
    /// How many of the pages `region` touches are in the page cache, counted by the kernel
    /// without mapping anything (cachestat, Linux 6.5+).
    ///
    /// # Errors
    /// `ENOSYS` (or `Unsupported`) where cachestat is unavailable and `EPERM` for a file the
    /// caller neither owns nor may write: count with [`Mapping::residency`] instead.
    pub fn cached_pages(&self, region: Region) -> io::Result<u64> {
        os::cachestat(self.file(), region.offset, region.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_pages_count_partial_pages() {
        let page = os::page_size();
        let r = |offset, len| Region { offset, len }.pages();
        assert_eq!(r(0, 0), 0);
        assert_eq!(r(5, 0), 0);
        assert_eq!(r(0, 1), 1);
        assert_eq!(r(0, page), 1);
        assert_eq!(r(0, page + 1), 2);
        assert_eq!(r(page - 1, 2), 2);
        assert_eq!(r(page, page), 1);
        assert_eq!(r(1 << 40, 1 << 40), (1 << 40) / page);
    }
}
