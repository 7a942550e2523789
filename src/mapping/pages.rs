//! Page-level operations for `lock` and `residency`: the pages a region touches, and
//! counting a region's cached pages without mapping it. (Pinning and loading a mapping's
//! pages are `Mapping::lock_range` and `Mapping::touch_pages`.)

use std::io;

use super::{os, Region, Source};

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

impl Source {
    /// How many of the pages `region` touches are in the page cache, counted by the kernel
    /// without mapping anything (cachestat, Linux 6.5+).
    ///
    /// # Errors
    /// `ENOSYS` (or `Unsupported`) where cachestat is unavailable and `EPERM` for a file the
    /// caller neither owns nor may write: count with [`Mapping::residency`] instead.
    pub fn cached_pages(&self, region: Region) -> io::Result<u64> {
        crate::hooks::fail(crate::hooks::Point::Cachestat)?;
        os::cachestat(self.file(), region.offset, region.len)
    }

    /// Whether the kernel hides this file's page-cache state from the caller, so that
    /// [`Mapping::residency`] reports every page resident: what cachestat's EPERM says,
    /// asked where cachestat itself is unavailable.
    pub fn cache_hidden(&self) -> bool {
        os::mincore_hides(self.file(), self.path())
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
