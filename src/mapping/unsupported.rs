//! Stand-ins for the Unix-only calls, with the same signatures, that fail clearly.

use std::io;

use super::{Advice, Inner};

/// Nothing to guard: without mmap's SIGBUS semantics there is no handler to install.
pub fn set_guard_message(_message: &str) {}

/// Nothing to undo where there are no Unix signals.
pub fn harden_process() {}

/// The error every Unix-only operation returns here.
pub fn unsupported(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!("{what} is only supported on Unix"),
    )
}

/// Access hints are not available here.
///
/// # Errors
/// Always.
pub(in crate::mapping) fn advise(_map: &Inner, _advice: Advice) -> io::Result<()> {
    Err(unsupported("madvise"))
}

/// Pre-faulting is an optimisation only; without it pages fault in on first touch.
///
/// # Errors
/// Never.
pub(in crate::mapping) fn populate_read(_map: &Inner) -> io::Result<()> {
    Ok(())
}

/// Pre-faulting is an optimisation only.
///
/// # Errors
/// Never.
pub(in crate::mapping) fn populate_write(_map: &Inner) -> io::Result<()> {
    Ok(())
}

/// The page size assumed where the system cannot be asked.
pub fn page_size() -> u64 {
    4096
}

/// Makes `file` at least `size` bytes long: the size is checked, then set (a narrow race
/// with another process extending it remains; Unix writes the last byte instead).
///
/// # Errors
/// The metadata or set_len error.
pub fn extend(file: &std::fs::File, size: u64) -> io::Result<()> {
    if file.metadata()?.len() < size {
        file.set_len(size)?;
    }
    Ok(())
}

/// Residency cannot be queried here.
///
/// # Errors
/// Always.
pub fn mincore(_addr: *const u8, _len: usize, _scratch: &mut Vec<u8>) -> io::Result<()> {
    Err(unsupported("mincore"))
}

/// Advice on a file's pages in the page cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileAdvice {
    /// Drop clean cached pages.
    DontNeed,
}

/// Page-cache advice cannot be given here.
///
/// # Errors
/// Always.
pub fn fadvise(
    _file: &std::fs::File,
    _offset: u64,
    _len: u64,
    _advice: FileAdvice,
) -> io::Result<()> {
    Err(unsupported("posix_fadvise"))
}

/// Memory-lock limits cannot be queried here.
///
/// # Errors
/// Always.
pub fn memlock_limit() -> io::Result<(Option<u64>, Option<u64>)> {
    Err(unsupported("getrlimit"))
}

/// Page-fault counts are not available here.
pub fn page_faults() -> (u64, u64) {
    (0, 0)
}

/// Pipe sizes cannot be changed here.
pub fn widen_stdout_pipe(_bytes: usize) {}

/// Pipe sizes cannot be changed here.
pub fn widen_stdin_pipe(_bytes: usize) {}

/// Write-back is left to the system here.
///
/// # Errors
/// Never.
pub fn start_writeback(_file: &std::fs::File, _offset: u64, _len: u64) -> io::Result<()> {
    Ok(())
}

/// Memory cannot be pinned here.
///
/// # Errors
/// Always.
pub fn mlock(_addr: *const u8, _len: usize) -> io::Result<()> {
    Err(unsupported("mlock"))
}

/// Page-cache statistics cannot be queried here.
///
/// # Errors
/// Always.
pub fn cachestat(_file: &std::fs::File, _offset: u64, _len: u64) -> io::Result<u64> {
    Err(unsupported("cachestat"))
}

/// No page-cache state is hidden where none can be asked.
pub fn mincore_hides(_file: &std::fs::File, _path: &std::path::Path) -> bool {
    false
}

/// Waiting for SIGINT, SIGTERM or SIGHUP: there are no such signals here.
pub struct StopSignals(());

impl StopSignals {
    /// Fails: holding until a signal needs Unix signals.
    ///
    /// # Errors
    /// Always.
    pub fn block() -> io::Result<StopSignals> {
        Err(unsupported("waiting for SIGINT, SIGTERM or SIGHUP"))
    }

    /// Never reached, since [`StopSignals::block`] always fails.
    ///
    /// # Errors
    /// Always.
    pub fn wait(&self, _timeout: Option<std::time::Duration>) -> io::Result<Option<&'static str>> {
        Err(unsupported("sigtimedwait"))
    }
}

/// No pseudo file systems are known here.
pub fn pseudo_fs(_file: &std::fs::File) -> Option<&'static str> {
    None
}

/// No pseudo file systems are known here.
pub fn pseudo_fs_of_path(_path: &std::path::Path) -> Option<&'static str> {
    None
}

/// Holes cannot be found here: every region may have one.
pub fn has_hole(_file: &std::fs::File, _offset: u64, len: u64) -> bool {
    len > 0
}

/// Nothing can be reserved here.
///
/// # Errors
/// Never.
pub fn reserve(_file: &std::fs::File, _offset: u64, _len: u64) -> io::Result<bool> {
    Ok(false)
}

/// off_t's range.
pub fn file_size_limit() -> u64 {
    i64::MAX as u64
}

/// Every size in off_t's range may be tried.
pub fn may_reach(_file: &std::fs::File, size: u64) -> bool {
    i64::try_from(size).is_ok()
}

/// Permissions cannot be asked here: the real call finds out.
///
/// # Errors
/// Never.
pub fn may_write(_path: &std::path::Path) -> io::Result<()> {
    Ok(())
}
