//! What memmap2 lacks on Unix: the SIGBUS guard (and, as commands need them, mincore,
//! posix_fadvise and rlimits).

use std::sync::atomic::{AtomicPtr, Ordering};
use std::sync::Once;

/// The line the SIGBUS handler prints: a leaked, never-freed byte string behind one thin
/// pointer, so the handler reads pointer and length together without allocating or locking
/// (both forbidden in a signal handler).
static GUARD_MESSAGE: AtomicPtr<&'static [u8]> = AtomicPtr::new(std::ptr::null_mut());
static INSTALL: Once = Once::new();

extern "C" fn on_sigbus(_signal: libc::c_int) {
    let published = GUARD_MESSAGE.load(Ordering::Acquire);
    let fallback: &[u8] = b"mmapctl: error: a mapped file shrank or could not be read (SIGBUS)\n";
    // SAFETY: a non-null pointer was made by `Box::leak` in `set_guard_message` and is never
    // freed, so it stays valid for the life of the process.
    let line: &[u8] = if published.is_null() {
        fallback
    } else {
        unsafe { *published }
    };
    // SAFETY: write(2) and _exit(2) are async-signal-safe; `line` is valid for its length.
    unsafe {
        libc::write(libc::STDERR_FILENO, line.as_ptr().cast(), line.len());
        libc::_exit(i32::from(crate::exit::FAULT));
    }
}

/// Installs the SIGBUS handler (once) and sets the line it prints, which names the file and
/// region being mapped. Called before every file mapping is created.
pub fn set_guard_message(message: &str) {
    INSTALL.call_once(|| {
        // SAFETY: a zeroed sigaction is a valid "no flags, empty mask" value; the handler
        // only calls async-signal-safe functions.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigbus as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
        }
    });
    let line: &'static [u8] = Box::leak(
        format!("mmapctl: error: {message}\n")
            .into_bytes()
            .into_boxed_slice(),
    );
    // Each message is small and set once per mapped region, so leaking them costs little.
    GUARD_MESSAGE.store(Box::leak(Box::new(line)), Ordering::Release);
}
