//! Signals: the SIGBUS guard that turns a fault on a mapped file into one line and exit 4,
//! and waiting for the signals that end a `lock` hold.

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
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

/// Set by the first thread to take SIGBUS: a second thread faulting at the same moment (a
/// `bench --threads 2` over a file that shrank) must not print the line again.
static FIRED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" fn on_sigbus(_signal: libc::c_int) {
    if FIRED.swap(true, Ordering::AcqRel) {
        // The first thread is printing and exiting; _exit ends every thread, this one too.
        loop {
            // SAFETY: pause(2) is async-signal-safe and only waits.
            unsafe {
                libc::pause();
            }
        }
    }
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

/// Undoes the signal state a hostile parent can hand down through exec, before anything
/// else runs: a blocked SIGBUS (or SIGSEGV) is not delivered to its handler but kills the
/// process outright when a mapped page faults ("Bus error", exit 135, instead of the guard's
/// line and exit 4), so both are unblocked; SIGXFSZ, whose default action kills a process
/// that writes past RLIMIT_FSIZE (exit 153, leaving partial files behind), is ignored so
/// that the write fails with EFBIG and the command reports it and cleans up. Called on the
/// main thread before any other starts, so every thread inherits the mask.
pub fn harden_process() {
    // SAFETY: sigset_t is plain data, valid all-zero, and sigemptyset/sigaddset initialise
    // it; pthread_sigmask only reads it. signal(SIGXFSZ, SIG_IGN) installs no handler code.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGBUS);
        libc::sigaddset(&mut set, libc::SIGSEGV);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
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
        // SAFETY: sigset_t and sigaction are plain data, valid all-zero, and
        // sigemptyset/sigaddset then initialise `set` properly; sigaction with a null new
        // action only writes the current one into `current`; pthread_sigmask only reads
        // `set` and writes `previous`. All are live locals.
        unsafe {
            let mut set: libc::sigset_t = std::mem::zeroed();
            let mut previous: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                // A signal the parent set to be ignored (`nohup` ignores SIGHUP, a shell
                // starts background jobs with SIGINT ignored) must not end the hold: a
                // blocked signal is queued even when ignored, and would be taken here.
                let mut current: libc::sigaction = std::mem::zeroed();
                let ignored = libc::sigaction(signal, std::ptr::null(), &mut current) == 0
                    && current.sa_sigaction == libc::SIG_IGN;
                if !ignored {
                    libc::sigaddset(&mut set, signal);
                }
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
