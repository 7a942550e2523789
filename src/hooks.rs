//! Points where a test can hold the binary, read once from the environment and compiled into
//! debug builds only (what `cargo test` builds): the release binary, its help, completions
//! and man pages carry none of it.
//!
//! `MMAPCTL_TEST_PAUSE=POINT:PATH` makes the command read PATH (a FIFO) to its end the first time
//! it reaches POINT, so a test can change the file at that moment (shrink it, write into it,
//! kill the process) and check what follows; no timing window of a real run is both wide
//! and certain enough for that. The points:
//! - `write`: patch and fill, the first window mapped and pre-faulted, nothing written yet;
//! - `lock`: every file open, nothing mapped yet;
//! - `journaled`: a journaled patch, its undo journal written (and flushed), no byte changed;
//! - `written`: a journaled patch, one window's edits written (the first pause is with
//!   the edits of the first window written and the others not);
//! - `commit`: a journaled patch, every edit written and flushed, the journal not yet deleted.
//! - `diff`: the first windows of both files mapped and pre-faulted, nothing compared yet.
//!
//! `MMAPCTL_TEST_FAIL=POINT` makes the step at POINT fail with EIO, for the failure paths
//! no real disk produces on demand: `journal-sync` (fsync of the undo journal),
//! `journal-dir` (fsync of its directory), `file-sync` (the flush of the patched file),
//! `commit` (emptying and flushing the journal, the commit), `unlink` (deleting it); and
//! `cachestat` fails with ENOSYS, as on a kernel before 6.5.
//!
//! `MMAPCTL_TEST_FAKE_FIGURES=1` makes `bench` choose its fake `Probe` (see
//! `commands::bench::probe`), whose fixed figures let tests assert its table and JSON
//! exactly.

use anyhow::Result;

/// Where a command may be held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// patch/fill: just before the first window's bytes are written.
    Write,
    /// lock: once every file is open, before the first is mapped.
    Lock,
    /// A journaled patch: the journal is written, no byte of the file changed.
    Journaled,
    /// A journaled patch: one window's edits are written.
    Written,
    /// A journaled patch: all written and flushed, the journal not yet deleted.
    Commit,
    /// Failure injection only: the undo journal's fsync.
    JournalSync,
    /// Failure injection only: the fsync of the journal's directory.
    JournalDir,
    /// Failure injection only: the flush of the patched file.
    FileSync,
    /// Failure injection only: deleting the journal.
    Unlink,
    /// diff: both first windows mapped, before they are compared.
    Diff,
    /// Failure injection only: residency's cachestat, failing with ENOSYS as it does
    /// before Linux 6.5 (Debian 12's 6.1) and under qemu-user.
    Cachestat,
}

#[cfg(debug_assertions)]
impl Point {
    fn name(self) -> &'static str {
        match self {
            Point::Write => "write",
            Point::Lock => "lock",
            Point::Journaled => "journaled",
            Point::Written => "written",
            Point::Commit => "commit",
            Point::JournalSync => "journal-sync",
            Point::JournalDir => "journal-dir",
            Point::FileSync => "file-sync",
            Point::Unlink => "unlink",
            Point::Diff => "diff",
            Point::Cachestat => "cachestat",
        }
    }
}

/// Holds the command at `point` when the environment asks for it (debug builds only).
///
/// # Errors
/// The FIFO cannot be read.
#[cfg(debug_assertions)]
pub fn pause(point: Point) -> Result<()> {
    use anyhow::Context;
    use std::path::PathBuf;
    use std::sync::OnceLock;
    static ASKED: OnceLock<Option<(String, PathBuf)>> = OnceLock::new();
    let asked = ASKED.get_or_init(|| {
        let value = std::env::var_os("MMAPCTL_TEST_PAUSE")?;
        let value = value.to_str()?;
        let (name, path) = value.split_once(':')?;
        Some((name.to_string(), PathBuf::from(path)))
    });
    // Held once: the first time the point is reached (a test that lets the command go on
    // must not find it waiting again at the next window).
    static HELD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    match asked {
        Some((name, path))
            if name == point.name() && !HELD.swap(true, std::sync::atomic::Ordering::Relaxed) =>
        {
            std::fs::read(path)
                .map(drop)
                .with_context(|| format!("cannot read MMAPCTL_TEST_PAUSE {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Release builds have no test hooks.
///
/// # Errors
/// Never.
#[cfg(not(debug_assertions))]
#[inline]
pub fn pause(_point: Point) -> Result<()> {
    Ok(())
}

/// Whether bench reports fixed fake figures (debug builds only: bench's fake `Probe`, which
/// this chooses, exists in debug builds only).
#[cfg(debug_assertions)]
pub fn fake_figures() -> bool {
    use std::sync::OnceLock;
    static ASKED: OnceLock<bool> = OnceLock::new();
    *ASKED.get_or_init(|| std::env::var_os("MMAPCTL_TEST_FAKE_FIGURES").is_some_and(|v| v == "1"))
}

/// Fails at `point` when `MMAPCTL_TEST_FAIL` names it, with EIO (ENOSYS for `cachestat`;
/// debug builds only).
///
/// # Errors
/// The injected failure.
#[cfg(debug_assertions)]
pub fn fail(point: Point) -> std::io::Result<()> {
    use std::sync::OnceLock;
    static ASKED: OnceLock<Option<String>> = OnceLock::new();
    let asked = ASKED
        .get_or_init(|| std::env::var_os("MMAPCTL_TEST_FAIL").and_then(|v| v.into_string().ok()));
    match asked {
        Some(name) if name == point.name() => {
            let errno = if point == Point::Cachestat {
                38 // ENOSYS: the call does not exist
            } else {
                5 // EIO
            };
            Err(std::io::Error::from_raw_os_error(errno))
        }
        _ => Ok(()),
    }
}

/// Release builds inject nothing.
///
/// # Errors
/// Never.
#[cfg(not(debug_assertions))]
#[inline]
pub fn fail(_point: Point) -> std::io::Result<()> {
    Ok(())
}
