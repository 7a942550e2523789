//! What bench measures: a user's file, a temporary file it makes (nameless once open, so
//! nothing can leave it behind), or anonymous memory; and getting the page cache into the
//! state a run needs (warm or evicted), measured with mincore.

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use super::workload;
use crate::mapping::os::{self, FileAdvice};
use crate::mapping::{resolve, Advice, Bounds, Mapping, Protection, Region, Source};
use crate::units::{human_bytes, index, Offset};

/// Bytes per pread when warming a file and per write when filling the temporary one.
const CHUNK: usize = 1 << 20;

/// Which kind of target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// The user's FILE.
    File,
    /// A temporary file bench made.
    Temporary,
    /// Anonymous memory.
    Anonymous,
}

impl TargetKind {
    /// The name in the JSON document.
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::File => "file",
            TargetKind::Temporary => "temporary",
            TargetKind::Anonymous => "anonymous",
        }
    }
}

/// The measured target and its region.
pub struct Target {
    /// Which kind of target.
    pub kind: TargetKind,
    /// The region measured (offset 0 and the size for anonymous memory).
    pub region: Region,
    source: Option<Source>,
    /// A mapping of the whole region that is never touched, made up front so that a region
    /// too large to map fails before anything is written; --advise is tried on it.
    probe: Option<Mapping>,
    scratch: Vec<u8>,
    /// bench itself may dirty the file's pages (a temporary file, --destructive).
    writes_file: bool,
}

impl Target {
    /// Opens the user's `path` (for writing only when `write`) and resolves the region.
    ///
    /// # Errors
    /// As [`Source::open`] and [`Source::resolve`].
    pub fn file(path: &Path, write: bool, offset: Offset, length: Option<u64>) -> Result<Self> {
        let source = Source::open(path, write)?;
        let region = source.resolve(offset, length, Bounds::Clamp)?;
        Self::with_source(TargetKind::File, source, region, write)
    }

    /// Makes an empty-looking (sparse) temporary file of `size` bytes in $TMPDIR; its
    /// content is written by [`Target::fill`] once every argument has been checked.
    ///
    /// The file's name is removed as soon as the file is open: bench needs only the
    /// descriptor (mapping, fadvise, pread/pwrite), and a file without a name vanishes with
    /// the process however it ends, SIGKILL and every other signal included, where a
    /// handler removing it could only cover the signals it catches.
    ///
    /// # Errors
    /// When the file cannot be created or sized.
    pub fn temporary(size: u64, offset: Offset, length: Option<u64>) -> Result<Self> {
        let dir = temp_dir();
        let created = tempfile::Builder::new()
            .prefix("mmapctl-bench.")
            .make_in(&dir, |path| {
                // O_EXCL: the name is new, so the file is ours.
                OpenOptions::new().write(true).create_new(true).open(path)
            })
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        let ours = created.as_file().metadata().map(|m| identity(&m)).ok();
        let opened = Source::open(created.path(), true);
        let named_ours =
            std::fs::symlink_metadata(created.path()).is_ok_and(|m| ours == Some(identity(&m)));
        let (file, name) = created.into_parts();
        drop(file);
        let shown = name.display().to_string();
        if named_ours {
            name.close().with_context(|| {
                format!("cannot remove the temporary file {shown}; it is left behind")
            })?;
        } else {
            // The name was swapped for something else since bench made it: not ours to remove.
            let _ = name.keep();
        }
        let mut source = opened?;
        if !named_ours || ours != source.file().metadata().map(|m| identity(&m)).ok() {
            bail!(
                "cannot use the temporary file {shown}: it was replaced by another file before \
                 bench opened it; nothing was written"
            );
        }
        source.grow(size).with_context(|| {
            format!(
                "cannot make a temporary file of {} in {}",
                human_bytes(size),
                dir.display()
            )
        })?;
        let region = resolve(offset, length, source.size(), Bounds::Clamp)
            .map_err(|cause| anyhow!("the temporary file {shown}: {cause}"))?;
        Self::with_source(TargetKind::Temporary, source, region, true)
    }

    /// Anonymous memory of `size` bytes, mapped afresh for every run.
    pub fn anonymous(size: u64) -> Self {
        Target {
            kind: TargetKind::Anonymous,
            region: Region {
                offset: 0,
                len: size,
            },
            source: None,
            probe: None,
            scratch: Vec::new(),
            writes_file: false,
        }
    }

    fn with_source(
        kind: TargetKind,
        source: Source,
        region: Region,
        writes_file: bool,
    ) -> Result<Self> {
        let probe = source.map(region, Protection::ReadOnly)?;
        Ok(Target {
            kind,
            region,
            source: Some(source),
            probe: Some(probe),
            scratch: Vec::new(),
            writes_file,
        })
    }

    /// The file, if the target is one.
    pub fn source(&self) -> Option<&Source> {
        self.source.as_ref()
    }

    /// The target as messages name it: the file, "the temporary file PATH" (a name the user
    /// never gave, and gone since the file was opened), or "anonymous memory".
    pub fn describe(&self) -> String {
        match (&self.source, self.kind) {
            (Some(source), TargetKind::Temporary) => {
                format!("the temporary file {}", source.path().display())
            }
            (Some(source), _) => source.path().display().to_string(),
            (None, _) => "anonymous memory".to_string(),
        }
    }

    /// Writes the temporary file's content (a non-zero pattern, so every block is really
    /// allocated and every page really read); a no-op for other targets.
    ///
    /// # Errors
    /// A full disk, with the file named.
    pub fn fill(&self) -> Result<()> {
        let (Some(source), TargetKind::Temporary) = (&self.source, self.kind) else {
            return Ok(());
        };
        let mut buffer = chunk_buffer()?;
        let buf = buffer.bytes_mut().expect("anonymous memory is writable");
        for (i, b) in buf.iter_mut().enumerate() {
            *b = (i % 251) as u8 + 1;
        }
        let mut at = 0;
        while at < source.size() {
            let len = index(source.size() - at).min(CHUNK);
            workload::write_at(source.file(), &buf[..len], at).with_context(|| {
                format!(
                    "cannot write the temporary file {} ({} of {})",
                    source.path().display(),
                    human_bytes(at),
                    human_bytes(source.size())
                )
            })?;
            at += len as u64;
        }
        Ok(())
    }

    /// Maps the region afresh (anonymous memory: a new anonymous mapping).
    ///
    /// # Errors
    /// mmap's error.
    pub fn map(&self, prot: Protection) -> Result<Mapping> {
        match &self.source {
            Some(source) => source.map(self.region, prot),
            None => Mapping::anon(self.region.len),
        }
    }

    /// Checks that the kernel takes `advice` for this kind of mapping before anything is
    /// measured, so a refused hint fails at once rather than after the first run.
    ///
    /// # Errors
    /// madvise's error, naming the hint and the target.
    pub fn check_advice(&self, advice: Advice, name: &str) -> Result<()> {
        let scratch;
        let mapping = match &self.probe {
            Some(probe) => probe,
            None => {
                scratch = Mapping::anon(os::page_size())?;
                &scratch
            }
        };
        mapping.advise(advice).with_context(|| {
            format!(
                "cannot give --advise {name} for {} (madvise)",
                self.describe()
            )
        })
    }

    /// Pages of the region and how many are in the page cache now (`None` for anonymous
    /// memory, which has no page cache). Counted one window at a time: mincore answers with
    /// a byte per page, and for the whole region of a large sparse file at once that is a
    /// vector of gigabytes (64 TiB: 16 GiB), an allocation that aborts the process when
    /// refused; a window's answer is 4 KiB.
    fn residency(&mut self) -> Result<Option<(u64, u64)>> {
        let name = self.describe();
        let Some(source) = &self.source else {
            return Ok(None);
        };
        let (mut pages, mut resident) = (0, 0);
        for window in source.windows(self.region, Protection::ReadOnly) {
            let (p, r) = window?
                .residency(&mut self.scratch)
                .with_context(|| format!("cannot check the residency of {name} (mincore)"))?;
            pages += p;
            resident += r;
        }
        Ok(Some((pages, resident)))
    }

    /// Puts the page cache in the state the next run needs, evicted with `cold`, else fully
    /// resident, and returns the resident share measured right after (`None` for anonymous
    /// memory). Anything that did not take is added to `notes`.
    ///
    /// # Errors
    /// posix_fadvise, fdatasync, pread or mincore failing.
    pub fn prepare(&mut self, cold: bool, notes: &mut Vec<String>) -> Result<Option<f64>> {
        let Some((pages, mut resident)) = self.residency()? else {
            return Ok(None);
        };
        let source = self.source.as_ref().expect("residency implies a file");
        let name = source.path().display().to_string();
        if cold {
            if self.writes_file {
                // DONTNEED leaves dirty pages in the cache: write them back first.
                source
                    .file()
                    .sync_data()
                    .with_context(|| format!("cannot write back {name} before evicting it"))?;
            }
            source.advise_cache(self.region, FileAdvice::DontNeed)?;
            (_, resident) = self.residency()?.expect("a file");
            if resident > 0 {
                note(
                    notes,
                    format!(
                        "--cold: evicting {name} did not take: pages stayed in the page cache \
                         (dirty, mapped or locked elsewhere, or a file system that keeps them, \
                         e.g. tmpfs); the resident share shows how cold each run was"
                    ),
                );
            }
        } else if resident < pages {
            self.warm()?;
            (_, resident) = self.residency()?.expect("a file");
            if resident < pages {
                note(
                    notes,
                    format!(
                        "warming {name} left pages out of the page cache (memory pressure?); \
                         the resident share shows how warm each run was"
                    ),
                );
            }
        }
        Ok(Some(if pages == 0 {
            1.0
        } else {
            resident as f64 / pages as f64
        }))
    }

    /// Reads the region through pread, which loads it into the page cache without faulting
    /// it into any mapping.
    fn warm(&self) -> Result<()> {
        let source = self.source.as_ref().expect("only files are warmed");
        let mut buffer = chunk_buffer()?;
        let buf = buffer.bytes_mut().expect("anonymous memory is writable");
        let mut at = self.region.offset;
        while at < self.region.end() {
            let len = index(self.region.end() - at).min(CHUNK);
            workload::read_at(source.file(), &mut buf[..len], at)
                .map_err(|e| self.io_error(e, "read"))?;
            at += len as u64;
        }
        Ok(())
    }

    /// Turns an error from touching the file into the right message: a file that shrank
    /// (EOF on pread, EFAULT from madvise) is exit 4 like a SIGBUS.
    pub fn io_error(&self, err: std::io::Error, what: &str) -> anyhow::Error {
        let Some(source) = &self.source else {
            return anyhow!(err).context(format!("cannot {what} anonymous memory"));
        };
        if err.kind() == std::io::ErrorKind::UnexpectedEof || crate::mapping::is_fault(&err) {
            return source.fault(self.region).into();
        }
        anyhow!(err).context(format!(
            "cannot {what} {} ({})",
            self.describe(),
            self.region
        ))
    }
}

/// Where the temporary file goes: $TMPDIR, or /tmp when TMPDIR is unset or empty, as
/// mktemp(1) and glibc's tmpfile(3) read it. Taken literally, an empty TMPDIR put the file
/// in the current directory, and an error there named the directory as "".
fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir();
    if dir.as_os_str().is_empty() {
        PathBuf::from("/tmp")
    } else {
        dir
    }
}

/// bench's buffer for filling the temporary file and warming a file (pread).
fn chunk_buffer() -> Result<Mapping> {
    Mapping::anon(CHUNK as u64).with_context(|| {
        format!(
            "cannot allocate an I/O buffer of {}",
            human_bytes(CHUNK as u64)
        )
    })
}

/// A file's device and inode, so that a name swapped between creating the temporary file
/// and opening it again is noticed before anything is written or removed.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

/// Without device and inode numbers the name is trusted: creating it made it unique.
#[cfg(not(unix))]
fn identity(_meta: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

/// Adds `message` to `notes` once.
pub fn note(notes: &mut Vec<String>, message: String) {
    if !notes.contains(&message) {
        notes.push(message);
    }
}

/// Refuses an empty region: there is nothing to time.
///
/// # Errors
/// When the region is empty.
pub fn check_not_empty(target: &Target) -> Result<()> {
    if target.region.len == 0 {
        bail!(
            "{}: the region is empty ({}); nothing to measure",
            target.describe(),
            target.region
        );
    }
    Ok(())
}
