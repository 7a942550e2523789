//! What memmap2 lacks on Unix, one file per concern: signals (the SIGBUS guard,
//! waiting for a stop signal), the page cache, madvise on a mapping (memory), and process
//! limits and counters (here).

mod cache;
mod files;
mod memory;
mod signals;

pub use cache::{cachestat, extend, fadvise, mincore, mincore_hides, start_writeback, FileAdvice};
pub use files::{
    file_size_limit, has_hole, may_reach, may_write, pseudo_fs, pseudo_fs_of_path, reserve,
};
pub(in crate::mapping) use memory::{advise, populate_read, populate_write};
pub use signals::{harden_process, set_guard_message, StopSignals};

/// 64-bit file offsets, file-system counts and limits on every target. glibc's plain calls
/// take a 32-bit `off_t` and `rlim_t` on 32-bit targets (i686, armv7: an offset past 2 GiB
/// is EINVAL or EFBIG there, a limit past 4 GiB reads as unlimited), and its `*64` calls
/// the 64-bit ones; musl, the BSDs and macOS have 64-bit `off_t` already and no `*64` names.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod lfs {
    pub use libc::{
        fallocate64 as fallocate, fstatfs64 as fstatfs, getrlimit64 as getrlimit, lseek64 as lseek,
        off64_t as off_t, posix_fadvise64 as posix_fadvise, rlim64_t as rlim_t, rlimit64 as rlimit,
        statfs64 as statfs, RLIM64_INFINITY as RLIM_INFINITY,
    };
}
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod lfs {
    #[cfg(target_os = "linux")]
    pub use libc::fallocate;
    pub use libc::{
        fstatfs, getrlimit, lseek, off_t, posix_fadvise, rlim_t, rlimit, statfs, RLIM_INFINITY,
    };
}

/// The system page size.
pub fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(size).unwrap_or(4096)
}

/// The soft and hard RLIMIT_MEMLOCK in bytes (`None`: unlimited).
///
/// # Errors
/// getrlimit's error.
pub fn memlock_limit() -> std::io::Result<(Option<u64>, Option<u64>)> {
    let mut limit = lfs::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a live, initialised rlimit that getrlimit only writes.
    if unsafe { lfs::getrlimit(libc::RLIMIT_MEMLOCK, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // rlim_t is u64 on Linux (rlim64_t) and i64 on FreeBSD, where a negative value means
    // unlimited too: the conversion is needed off Linux.
    #[allow(clippy::useless_conversion)]
    let finite = |v: lfs::rlim_t| {
        (v != lfs::RLIM_INFINITY)
            .then(|| u64::try_from(v).ok())
            .flatten()
    };
    Ok((finite(limit.rlim_cur), finite(limit.rlim_max)))
}

/// Page faults this process has taken so far: (minor, major), from getrusage.
pub fn page_faults() -> (u64, u64) {
    // SAFETY: rusage holds only integers (and timevals of integers): all-zero is a valid
    // value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a live, initialised rusage that getrusage only writes.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return (0, 0);
    }
    let count = |v: libc::c_long| u64::try_from(v).unwrap_or(0);
    (count(usage.ru_minflt), count(usage.ru_majflt))
}

/// Pins `addr..addr + len` in RAM (mlock), faulting its pages in first.
///
/// # Errors
/// mlock's error: ENOMEM or EPERM when RLIMIT_MEMLOCK refuses, EAGAIN when pages could not
/// be locked.
pub fn mlock(addr: *const u8, len: usize) -> std::io::Result<()> {
    // SAFETY: mlock neither reads nor writes memory as the program sees it: it only pins
    // pages, faulting them in with their current contents. The kernel checks the range
    // itself (ENOMEM where nothing is mapped), so no address a caller passes can make this
    // unsound; callers pass a range of their own mapping for the call to be useful.
    if unsafe { libc::mlock(addr.cast(), len) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Grows the pipe behind stdout, if it is one, to `bytes` (F_SETPIPE_SZ), so that a large
/// copy into it takes fewer, larger writes and wake-ups. Best effort: a refusal (a size above
/// /proc/sys/fs/pipe-max-size for an unprivileged user) leaves the pipe as it was.
pub fn widen_stdout_pipe(bytes: usize) {
    #[cfg(target_os = "linux")]
    {
        let size = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
        // SAFETY: fcntl on a file descriptor only reads its integer arguments; on a
        // descriptor that is not a pipe it fails with EBADF/EINVAL and changes nothing.
        unsafe {
            libc::fcntl(libc::STDOUT_FILENO, libc::F_SETPIPE_SZ, size);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = bytes;
}

/// Grows the pipe behind stdin, if it is one, to `bytes`, so that a long stream arrives in
/// fewer, larger reads and the writer is woken less often. Never shrinks it (a pipe already
/// wider stays as it is); best effort as [`widen_stdout_pipe`].
pub fn widen_stdin_pipe(bytes: usize) {
    #[cfg(target_os = "linux")]
    {
        let size = libc::c_int::try_from(bytes).unwrap_or(libc::c_int::MAX);
        // SAFETY: as in widen_stdout_pipe; F_GETPIPE_SZ takes no argument and only reads.
        unsafe {
            let now = libc::fcntl(libc::STDIN_FILENO, libc::F_GETPIPE_SZ);
            if now >= 0 && now < size {
                libc::fcntl(libc::STDIN_FILENO, libc::F_SETPIPE_SZ, size);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = bytes;
}
