//! Points where a test can hold the binary, read once from the environment and compiled into
//! debug builds only (what `cargo test` builds): the release binary, its help, completions
//! and man pages carry none of it.
//!
//! `MMAPCTL_TEST_PAUSE=POINT:PATH` makes the command read PATH (a FIFO) to its end when it
//! reaches POINT, so a test can change the file at that moment (shrink it, write into it,
//! kill the process) and check what follows; no timing window of a real run is both wide
//! and certain enough for that. The points:
//! - `write`: patch and fill, the first window mapped and pre-faulted, nothing written yet;
//! - `lock`: every file open, nothing mapped yet;
//! - `diff`: the first windows of both files mapped and pre-faulted, nothing compared yet.
//!
//! `MMAPCTL_TEST_FAKE_FIGURES=1` makes `bench` report fixed fake figures (see
//! `commands::bench`), so tests can assert its table and JSON exactly.

use anyhow::Result;

/// Where a command may be held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// patch/fill: just before the first window's bytes are written.
    Write,
    /// lock: once every file is open, before the first is mapped.
    Lock,
    /// diff: both first windows mapped, before they are compared.
    Diff,
}

#[cfg(debug_assertions)]
impl Point {
    fn name(self) -> &'static str {
        match self {
            Point::Write => "write",
            Point::Lock => "lock",
            Point::Diff => "diff",
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
    match asked {
        Some((name, path)) if name == point.name() => std::fs::read(path)
            .map(drop)
            .with_context(|| format!("cannot read MMAPCTL_TEST_PAUSE {}", path.display())),
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

/// Whether bench reports fixed fake figures (debug builds only).
#[cfg(debug_assertions)]
pub fn fake_figures() -> bool {
    use std::sync::OnceLock;
    static ASKED: OnceLock<bool> = OnceLock::new();
    *ASKED.get_or_init(|| std::env::var_os("MMAPCTL_TEST_FAKE_FIGURES").is_some_and(|v| v == "1"))
}

/// Release builds measure, always.
#[cfg(not(debug_assertions))]
#[inline]
pub fn fake_figures() -> bool {
    false
}
