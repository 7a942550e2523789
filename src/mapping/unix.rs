//! What memmap2 lacks on Unix: the SIGBUS guard (and, as commands need them, mincore,
//! posix_fadvise and rlimits).

use std::sync::atomic::{AtomicPtr, AtomicU8, AtomicUsize, Ordering};
use std::sync::Once;

/// Longest line the SIGBUS handler prints; longer messages are cut (keeping the newline).
const GUARD_CAP: usize = 512;
/// The line the SIGBUS handler prints, in two slots of atomic bytes: a new message is written
/// into the slot not in use and then published, so the handler never sees a half-written
/// line and needs no allocation, lock or `unsafe` to read it (a signal handler may do none
/// of the first two). Nothing is leaked however many regions are mapped. Each message names
/// the region mapped last: a fault on another thread, in an older mapping still alive, is
/// reported with the newer region, and a handler still copying a slot while two newer
/// messages are published can print a mix of lines; both only blur the message (every byte
/// is an atomic, so neither is a data race).
static GUARD_SLOTS: [[AtomicU8; GUARD_CAP]; 2] =
    [const { [const { AtomicU8::new(0) }; GUARD_CAP] }; 2];
/// The published slot and length, as `slot << 16 | len`; `usize::MAX` before any message.
static GUARD_ACTIVE: AtomicUsize = AtomicUsize::new(usize::MAX);
static INSTALL: Once = Once::new();

extern "C" fn on_sigbus(_signal: libc::c_int) {
    let mut line = [0u8; GUARD_CAP];
    let fallback: &[u8] = b"mmapctl: error: a mapped file shrank or could not be read (SIGBUS)\n";
    let active = GUARD_ACTIVE.load(Ordering::Acquire);
    let len = if active == usize::MAX {
        line[..fallback.len()].copy_from_slice(fallback);
        fallback.len()
    } else {
        // Masked and capped, so no index here can panic (unwinding out of a signal handler
        // would abort): `set_guard_message` only publishes slots 0 and 1, and lengths up to
        // GUARD_CAP, anyway.
        let (slot, len) = ((active >> 16) & 1, (active & 0xffff).min(GUARD_CAP));
        for (byte, published) in line.iter_mut().zip(&GUARD_SLOTS[slot][..len]) {
            *byte = published.load(Ordering::Relaxed);
        }
        len
    };
    // SAFETY: `line` is a live stack buffer and `len` <= GUARD_CAP, its length, so write(2)
    // reads only initialised bytes we own. Both calls are async-signal-safe (POSIX
    // signal-safety(7)); so are the lock-free atomic loads above, and nothing here allocates
    // or locks. _exit does not return, so the faulting access is never resumed.
    unsafe {
        libc::write(libc::STDERR_FILENO, line.as_ptr().cast(), len);
        libc::_exit(i32::from(crate::exit::FAULT));
    }
}

/// Installs the SIGBUS handler (once) and sets the line it prints, which names the file and
/// region being mapped. Called before every file mapping is created.
pub fn set_guard_message(message: &str) {
    INSTALL.call_once(|| {
        // SAFETY: sigaction is plain data and all-zero is a valid value for it (no flags,
        // no restorer); sigemptyset then initialises the mask properly. Without SA_SIGINFO the
        // kernel calls the handler with the signal number only, which matches `on_sigbus`'s
        // `extern "C" fn(c_int)`, and the handler is async-signal-safe (see there). The old
        // action is not asked for (null). sigaction can fail only for an invalid signal
        // number or pointer, neither possible here.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigbus as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
        }
    });
    let mut line = format!("mmapctl: error: {message}").into_bytes();
    line.truncate(GUARD_CAP - 1);
    line.push(b'\n');
    let active = GUARD_ACTIVE.load(Ordering::Acquire);
    let slot = if active == usize::MAX {
        0
    } else {
        1 - (active >> 16)
    };
    for (published, &byte) in GUARD_SLOTS[slot].iter().zip(&line) {
        published.store(byte, Ordering::Relaxed);
    }
    GUARD_ACTIVE.store(slot << 16 | line.len(), Ordering::Release);
}

/// The system page size.
pub fn page_size() -> u64 {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    u64::try_from(size).unwrap_or(4096)
}

/// Counts the resident pages of the page-aligned memory at `addr..addr + len` (mincore),
/// writing one byte per page into `scratch` (low bit set: resident).
///
/// # Errors
/// mincore's error (ENOMEM when the range is not mapped).
pub fn mincore(addr: *const u8, len: usize, scratch: &mut Vec<u8>) -> std::io::Result<()> {
    let page = page_size() as usize;
    let pages = len.div_ceil(page);
    scratch.clear();
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
    /// Start reading the pages in.
    WillNeed,
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
        FileAdvice::WillNeed => libc::POSIX_FADV_WILLNEED,
    };
    let to_off = |v: u64| {
        libc::off_t::try_from(v).map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
    };
    // SAFETY: posix_fadvise takes only integers (the descriptor is borrowed from a live
    // `File`) and touches no memory of this process.
    let rc =
        unsafe { libc::posix_fadvise(file.as_raw_fd(), to_off(offset)?, to_off(len)?, advice) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::from_raw_os_error(rc))
    }
}

/// The soft and hard RLIMIT_MEMLOCK in bytes (`None`: unlimited).
///
/// # Errors
/// getrlimit's error.
pub fn memlock_limit() -> std::io::Result<(Option<u64>, Option<u64>)> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `limit` is a live, initialised rlimit that getrlimit only writes.
    if unsafe { libc::getrlimit(libc::RLIMIT_MEMLOCK, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let finite = |v: libc::rlim_t| (v != libc::RLIM_INFINITY).then_some(v);
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

/// The path the interrupt handler removes: a leaked, never-freed C string (or null), read
/// by the handler without allocating or locking.
static INTERRUPT_PATH: AtomicPtr<std::ffi::CString> = AtomicPtr::new(std::ptr::null_mut());
static INSTALL_INTERRUPT: Once = Once::new();

extern "C" fn on_interrupt(signal: libc::c_int) {
    let path = INTERRUPT_PATH.load(Ordering::Acquire);
    // SAFETY: a non-null pointer was made by `Box::leak` in `remove_on_interrupt` from a
    // fully built CString, published with Release (paired with the Acquire load above) and
    // never freed, so it points at a valid NUL-terminated string. unlink(2) and _exit(2)
    // are async-signal-safe, and nothing here allocates or locks.
    unsafe {
        if !path.is_null() {
            libc::unlink((*path).as_ptr());
        }
        libc::_exit(128 + signal);
    }
}

/// Makes SIGINT, SIGTERM and SIGHUP remove `path` (a temporary file) and exit with 128 +
/// the signal's number (130, 143, 129), as a shell reports a killed command; `None` stops
/// removing anything (the handler then only exits). Register the path before creating the
/// file and clear it after removing the file, so no moment leaves it behind.
pub fn remove_on_interrupt(path: Option<&std::path::Path>) {
    INSTALL_INTERRUPT.call_once(|| {
        for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: as in `set_guard_message`: a zeroed sigaction plus sigemptyset is a valid
            // action, the handler has the one-argument signature the kernel calls without
            // SA_SIGINFO, and it is async-signal-safe.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_interrupt as extern "C" fn(libc::c_int) as usize;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    });
    let leaked = path
        .and_then(|p| {
            use std::os::unix::ffi::OsStrExt;
            std::ffi::CString::new(p.as_os_str().as_bytes()).ok()
        })
        .map_or(std::ptr::null_mut(), |c| Box::leak(Box::new(c)) as *mut _);
    // The previous string is leaked on purpose: the handler may be reading it right now.
    INTERRUPT_PATH.store(leaked, Ordering::Release);
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

/// The signals that end a hold (`mmapctl lock`): SIGINT, SIGTERM and SIGHUP, blocked while
/// this value lives so that they queue instead of killing the process, and then taken
/// synchronously with sigtimedwait: no handler, no polling, and a signal that arrives while
/// pages are still being locked is not lost.
pub struct StopSignals {
    set: libc::sigset_t,
    previous: libc::sigset_t,
}

impl StopSignals {
    /// Blocks SIGINT, SIGTERM and SIGHUP for the calling thread (and threads it starts
    /// later). Call it on the main thread before starting any other.
    ///
    /// # Errors
    /// pthread_sigmask's error.
    pub fn block() -> std::io::Result<StopSignals> {
        // SAFETY: sigset_t is plain data, valid all-zero, and sigemptyset/sigaddset then
        // initialise `set` properly; pthread_sigmask only reads `set` and writes `previous`,
        // both live locals.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut previous: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::sigaddset(&mut set, signal);
            }
            let rc = libc::pthread_sigmask(libc::SIG_BLOCK, &set, &mut previous);
            if rc != 0 {
                return Err(std::io::Error::from_raw_os_error(rc));
            }
            Ok(StopSignals { set, previous })
        }
    }

    /// Waits until one of the signals arrives (returning its name) or `timeout` passes
    /// (returning `None`; `None` waits forever). A zero timeout only checks for one pending.
    ///
    /// # Errors
    /// sigtimedwait's error other than a timeout or an interruption.
    pub fn wait(
        &self,
        timeout: Option<std::time::Duration>,
    ) -> std::io::Result<Option<&'static str>> {
        let deadline = timeout.and_then(|t| std::time::Instant::now().checked_add(t));
        loop {
            let left = match (timeout, deadline) {
                // A deadline past what an Instant holds is as good as forever.
                (Some(_), None) | (None, _) => None,
                (Some(_), Some(at)) => {
                    Some(at.saturating_duration_since(std::time::Instant::now()))
                }
            };
            let spec = left.map(|d| libc::timespec {
                tv_sec: libc::time_t::try_from(d.as_secs()).unwrap_or(libc::time_t::MAX),
                // Below 10^9, so it fits a 32-bit c_long too.
                tv_nsec: d.subsec_nanos() as libc::c_long,
            });
            let spec_ptr = spec.as_ref().map_or(std::ptr::null(), |s| s as *const _);
            // SAFETY: `self.set` is an initialised signal set; a null siginfo pointer is
            // allowed; `spec_ptr` is null (wait forever) or points at a live timespec.
            let signal = unsafe { libc::sigtimedwait(&self.set, std::ptr::null_mut(), spec_ptr) };
            if signal >= 0 {
                return Ok(Some(match signal {
                    libc::SIGINT => "SIGINT",
                    libc::SIGTERM => "SIGTERM",
                    _ => "SIGHUP",
                }));
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EAGAIN) => return Ok(None),
                // Another signal's handler ran (or the process was stopped and continued):
                // wait again for what is left of the time.
                Some(libc::EINTR) => continue,
                _ => return Err(err),
            }
        }
    }
}

impl Drop for StopSignals {
    fn drop(&mut self) {
        // Take any signal still queued (a second Ctrl-C during the release) so that
        // unblocking does not kill the process after it has already stopped cleanly.
        while matches!(self.wait(Some(std::time::Duration::ZERO)), Ok(Some(_))) {}
        // SAFETY: `previous` was filled in by pthread_sigmask in `block`, so it is a valid
        // signal set; the call only reads it.
        unsafe {
            libc::pthread_sigmask(libc::SIG_SETMASK, &self.previous, std::ptr::null_mut());
        }
    }
}
