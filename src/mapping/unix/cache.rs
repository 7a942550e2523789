//! The page cache: residency (mincore, cachestat), advice (posix_fadvise), write-back, and
//! growing a file without ever shrinking it.

use super::{lfs, page_size};

/// Counts the resident pages of the page-aligned memory at `addr..addr + len` (mincore),
/// writing one byte per page into `scratch` (low bit set: resident).
///
/// # Errors
/// mincore's error (ENOMEM when the range is not mapped); `OutOfMemory` when `scratch`
/// cannot grow to a byte per page.
pub fn mincore(addr: *const u8, len: usize, scratch: &mut Vec<u8>) -> std::io::Result<()> {
    let page = crate::units::index(page_size());
    let pages = len.div_ceil(page);
    scratch.clear();
    // A byte per page of whatever the caller maps (bench: its whole region, 256 MiB for
    // 1 TiB): refused memory is an error to report, not an abort.
    scratch.try_reserve_exact(pages).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::OutOfMemory,
            format!("not enough memory for mincore's {pages}-byte page vector"),
        )
    })?;
    scratch.resize(pages, 0);
    if len == 0 {
        return Ok(());
    }
    // SAFETY: mincore writes one byte per page of `len` (rounded up) into the vector, which
    // holds exactly that many (page_size is the kernel's page size). It never reads or writes
    // the memory at `addr`: it checks the range itself (EINVAL unaligned, ENOMEM unmapped), so
    // no address a caller passes can make this unsound.
    let rc = unsafe { libc::mincore(addr as *mut libc::c_void, len, scratch.as_mut_ptr().cast()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Advice on a file's pages in the page cache (posix_fadvise).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileAdvice {
    /// Drop clean cached pages (dirty pages stay until written back).
    DontNeed,
}

/// posix_fadvise over `offset..offset + len` of `file`.
///
/// # Errors
/// posix_fadvise's error.
pub fn fadvise(
    file: &std::fs::File,
    offset: u64,
    len: u64,
    advice: FileAdvice,
) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    let advice = match advice {
        FileAdvice::DontNeed => libc::POSIX_FADV_DONTNEED,
    };
    let to_off = |v: u64| {
        lfs::off_t::try_from(v).map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    // SAFETY: posix_fadvise takes only integers (the descriptor is borrowed from a live
    // `File`) and touches no memory of this process.
    let rc = unsafe { lfs::posix_fadvise(file.as_raw_fd(), to_off(offset)?, to_off(len)?, advice) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::from_raw_os_error(rc))
    }
}

/// Starts write-back of the dirty pages of `offset..offset + len` of `file` and returns
/// without waiting: `--flush async`. On Linux msync(MS_ASYNC) is a no-op (dirty pages are
/// tracked anyway), so sync_file_range(SYNC_FILE_RANGE_WRITE) is what actually schedules it;
/// elsewhere MS_ASYNC does, and this does nothing.
///
/// # Errors
/// sync_file_range's error (EIO, ENOSPC from earlier write-back).
pub fn start_writeback(file: &std::fs::File, offset: u64, len: u64) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::io::AsRawFd;
        let to_off = |v: u64| {
            libc::off64_t::try_from(v)
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
        };
        // SAFETY: sync_file_range takes only integers (the descriptor is borrowed from a
        // live `File`) and touches no memory of this process.
        let rc = unsafe {
            libc::sync_file_range(
                file.as_raw_fd(),
                to_off(offset)?,
                to_off(len)?,
                libc::SYNC_FILE_RANGE_WRITE,
            )
        };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (file, offset, len);
    Ok(())
}

/// Makes `file` at least `size` bytes long and never shorter, even while other processes
/// extend it too, for a caller about to write `..size` (the byte at `size - 1` is its own):
/// a one-byte write there raises the size only upwards, atomically, where ftruncate would
/// cut off whatever another writer put past `size` meanwhile (64 concurrent `patch --grow`
/// lost 37 patches that way). The rest of the extension stays sparse. (fallocate of that
/// byte would do as well on most Linux file systems, but needs a fallback elsewhere.)
///
/// # Errors
/// The write's error: ENOSPC on a full file system, EFBIG past the largest file size.
pub fn extend(file: &std::fs::File, size: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    if size == 0 || file.metadata()?.len() >= size {
        return Ok(());
    }
    file.write_all_at(&[0], size - 1)
}

/// Pages of `file` in the page cache among the pages that `offset..offset + len` touches
/// (cachestat(2), Linux 6.5+). It walks only the cached pages, where mincore looks up every
/// page: a 1 TiB sparse file takes microseconds instead of seconds.
///
/// # Errors
/// ENOSYS on older kernels, EPERM for a file the caller neither owns nor may write (the
/// kernel hides its cache state; mincore then reports every page resident).
// The unified syscall number 451 holds on every Linux architecture Rust targets but mips and
// x32; those fall back to mincore.
#[cfg(all(
    target_os = "linux",
    not(any(
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6",
        all(target_arch = "x86_64", target_pointer_width = "32")
    ))
))]
pub fn cachestat(file: &std::fs::File, offset: u64, len: u64) -> std::io::Result<u64> {
    use std::os::unix::io::AsRawFd;
    const SYS_CACHESTAT: libc::c_long = 451;
    #[repr(C)]
    struct Range {
        off: u64,
        len: u64,
    }
    #[repr(C)]
    #[derive(Default)]
    struct Stat {
        nr_cache: u64,
        nr_dirty: u64,
        nr_writeback: u64,
        nr_evicted: u64,
        nr_recently_evicted: u64,
    }
    if len == 0 {
        // A zero length means "to the end of the file" to the kernel.
        return Ok(0);
    }
    let range = Range { off: offset, len };
    let mut stat = Stat::default();
    // SAFETY: both structs are `repr(C)` and match the kernel's `struct cachestat_range`
    // (two u64) and `struct cachestat` (five u64), so the kernel reads and writes only
    // within them; both live on this stack frame for the whole call, and the descriptor is
    // borrowed from a live `File`.
    let rc = unsafe {
        libc::syscall(
            SYS_CACHESTAT,
            file.as_raw_fd(),
            &range as *const Range,
            &mut stat as *mut Stat,
            0 as libc::c_uint,
        )
    };
    if rc == 0 {
        Ok(stat.nr_cache)
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// cachestat(2) is Linux-only: other systems count with mincore.
///
/// # Errors
/// Always ENOSYS.
#[cfg(not(all(
    target_os = "linux",
    not(any(
        target_arch = "mips",
        target_arch = "mips32r6",
        target_arch = "mips64",
        target_arch = "mips64r6",
        all(target_arch = "x86_64", target_pointer_width = "32")
    ))
)))]
pub fn cachestat(_file: &std::fs::File, _offset: u64, _len: u64) -> std::io::Result<u64> {
    Err(std::io::Error::from_raw_os_error(libc::ENOSYS))
}

/// Whether mincore pretends every page of `file` resident: Linux (5.0 on, mm/mincore.c's
/// can_do_mincore) does so for a file the caller neither owns nor may write, the files that
/// cachestat refuses with EPERM. Asked where cachestat is not there to refuse: kernels before
/// 6.5 (Debian 12's 6.1) and qemu-user, which passes mincore through but not cachestat.
/// Root passes the owner test by CAP_FOWNER.
#[cfg(target_os = "linux")]
pub fn mincore_hides(file: &std::fs::File, path: &std::path::Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid cannot fail and touches no memory.
    let euid = unsafe { libc::geteuid() };
    let owner = file.metadata().is_ok_and(|m| m.uid() == euid);
    euid != 0 && !owner && super::may_write(path).is_err()
}

/// Other kernels' mincore reports what is cached, whoever asks.
#[cfg(not(target_os = "linux"))]
pub fn mincore_hides(_file: &std::fs::File, _path: &std::path::Path) -> bool {
    false
}

// A 32-bit address space holds at most 2^20 pages, whose page vector (1 MiB) can always be
// had: the refusal can only be provoked where usize is wider.
#[cfg(all(test, target_pointer_width = "64"))]
mod tests {
    use super::*;

    #[test]
    fn a_page_vector_too_large_is_an_error() {
        // 2^51 pages: more bytes than the address space holds, so the reservation fails
        // before mincore is called, where resize aborted the process.
        let mut scratch = vec![1];
        let err = mincore(std::ptr::null(), usize::MAX / 2, &mut scratch).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::OutOfMemory);
        assert!(err.to_string().contains("not enough memory"), "{err}");
    }
}
