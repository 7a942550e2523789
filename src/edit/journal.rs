//! The undo journal: SQLite's rollback journal, adapted to in-place edits of one file.
//!
//! Before the first byte of a change is written, the old bytes of every edit, the file's
//! identity (device and inode) and its size before and after are written to
//! `.NAME.mmapctl-journal` in the file's own directory (the same file system, so a rename or
//! a power cut treats both alike), with a SHA-256 over all of it, and (under `--flush sync`)
//! fsynced with the directory. Then the edits are written and flushed, and the journal is
//! deleted (the directory fsynced): deleting it is the commit.
//!
//! A journal found later is hot: the change it records may be half done. Its old bytes are
//! written back (and a size the change grew is cut back to the old size: those bytes were
//! the change's own), the file is flushed, and the journal is deleted. A journal whose
//! checksum fails was never completely written, so the change it belongs to had not yet
//! touched the file: it is removed with a note.
//!
//! While a change runs its journal is locked (flock); a second mmapctl finding it locked
//! knows the change is live, not hot, and refuses instead of rolling it back.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};

use super::Span;
use crate::exit::Failure;
use crate::mapping::{Flush, Source};

const MAGIC: &[u8; 16] = b"mmapctl-journal1";

/// Where the journal of `path` lives: beside the file the path leads to (through symbolic
/// links, so every name of the file finds the same journal).
pub fn path_for(path: &Path) -> PathBuf {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let journal = format!(".{name}.mmapctl-journal");
    match real.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(journal),
        _ => PathBuf::from(journal),
    }
}

/// Device and inode: which file a journal belongs to, whatever name it is reached by.
fn identity(file: &File) -> io::Result<(u64, u64)> {
    let meta = file.metadata()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Ok((0, 0))
    }
}

/// The journal of a change in progress: created empty and locked before the change is
/// checked ([`Journal::lock`]), then filled ([`Journal::write`]) before the first byte
/// changes, and deleted by [`Journal::commit`].
pub struct Journal {
    path: PathBuf,
    // Held open for its lock until the commit.
    file: File,
    sync: bool,
    /// Written in full: from here on only the commit or a rollback may remove it.
    armed: bool,
    /// Deleted by the commit (dropping must not remove a later change's journal).
    gone: bool,
}

impl Journal {
    /// Takes the journal's place for a change of `path`: waits for a change another
    /// mmapctl is making, rolls back an interrupted one, then creates the journal empty and
    /// locked, which keeps other journaled changes of the file waiting until this one ends.
    /// Returns whether another change was found (the file may have changed since the caller
    /// looked at it).
    ///
    /// # Errors
    /// The journal cannot be created (an unwritable directory), or a rollback fails.
    pub fn lock(path: &Path) -> Result<(Journal, bool)> {
        let journal_path = path_for(path);
        let shown = path.display();
        let mut disturbed = false;
        loop {
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let file = match options.open(&journal_path) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    disturbed = true;
                    rollback(path, true)?;
                    continue;
                }
                Err(e) => {
                    return Err(Failure::with_hint(
                        format!(
                            "cannot write the undo journal {} of {shown}: {e}; nothing written",
                            journal_path.display()
                        ),
                        "the journal lives beside the file; --no-journal patches without one \
                         (a kill or power cut may then leave the change half applied)",
                    )
                    .into())
                }
            };
            file.try_lock().map_err(|e| {
                anyhow!(
                    "cannot lock the undo journal {}: {e}",
                    journal_path.display()
                )
            })?;
            // Another mmapctl may have found it empty, taken it for a torn one and removed
            // it before the lock: then start again with a journal of our own.
            if !at_path(&journal_path, &file) {
                continue;
            }
            return Ok((
                Journal {
                    path: journal_path,
                    file,
                    sync: false,
                    armed: false,
                    gone: false,
                },
                disturbed,
            ));
        }
    }

    /// Writes the journal of a change to `source` that replaces the bytes of `old` (the
    /// bytes there now, at their offsets) and leaves the file `size_after` bytes long, and
    /// under `--flush sync` fsyncs it and its directory.
    ///
    /// # Errors
    /// Any write or flush failure; the file is untouched then, and the journal is removed
    /// when dropped.
    pub fn write(
        &mut self,
        source: &Source,
        old: &[Span],
        size_after: u64,
        flush: Flush,
    ) -> Result<()> {
        self.sync = flush == Flush::Sync;
        let file = &self.file;
        let jshown = self.path.display();
        let (dev, ino) = identity(source.file())
            .with_context(|| format!("cannot stat {}", source.path().display()))?;
        let mut hasher = Sha256::new();
        let mut out = BufWriter::with_capacity(1 << 20, file);
        let mut put = |bytes: &[u8]| -> io::Result<()> {
            hasher.update(bytes);
            out.write_all(bytes)
        };
        let what = || format!("cannot write the undo journal {jshown}; nothing written");
        put(MAGIC).with_context(what)?;
        for value in [dev, ino, source.size(), size_after, old.len() as u64] {
            put(&value.to_le_bytes()).with_context(what)?;
        }
        for span in old {
            put(&span.offset.to_le_bytes()).with_context(what)?;
            put(&(span.bytes.len() as u64).to_le_bytes()).with_context(what)?;
            put(&span.bytes).with_context(what)?;
        }
        let digest: [u8; 32] = hasher.finalize().into();
        out.write_all(&digest).with_context(what)?;
        out.flush().with_context(what)?;
        drop(out);
        if self.sync {
            crate::hooks::fail(crate::hooks::Point::JournalSync)
                .and_then(|()| file.sync_all())
                .with_context(|| {
                    format!("cannot flush the undo journal {jshown} (fsync); nothing written")
                })?;
            crate::hooks::fail(crate::hooks::Point::JournalDir)
                .map_err(anyhow::Error::from)
                .and_then(|()| crate::write::sync_parent(&self.path))
                .with_context(|| {
                    format!(
                        "cannot flush the directory of the undo journal {jshown}; nothing written"
                    )
                })?;
        }
        self.armed = true;
        crate::hooks::pause(crate::hooks::Point::Journaled)?;
        Ok(())
    }

    /// Deletes the journal: the change is committed. Under `--flush sync` the directory is
    /// fsynced, so the commit is durable.
    ///
    /// # Errors
    /// The unlink (the journal is then emptied, which commits too) or the directory's fsync.
    pub fn commit(mut self) -> Result<()> {
        crate::hooks::pause(crate::hooks::Point::Commit)?;
        let shown = self.path.display().to_string();
        // Emptied and flushed first: that is the durable commit (an empty journal is never
        // rolled back), at the cost of one fdatasync of a small file. The unlink after it
        // needs no fsync of the directory: if a power cut brings the name back, what comes
        // back is empty, and the next patch or fill removes it.
        if self.sync {
            crate::hooks::fail(crate::hooks::Point::Commit)
                .and_then(|()| self.file.set_len(0))
                .and_then(|()| self.file.sync_data())
                .with_context(|| {
                    format!(
                        "the change is applied, but its undo journal {shown} could not be \
                         emptied and flushed: the next patch or fill of the file may roll the \
                         change back; delete the journal to keep it"
                    )
                })?;
        }
        let removed = crate::hooks::fail(crate::hooks::Point::Unlink)
            .and_then(|()| std::fs::remove_file(&self.path));
        self.gone = true;
        if let Err(e) = removed {
            // Not deleted: emptied instead, which commits too.
            let emptied = self.file.set_len(0).and_then(|()| self.file.sync_all());
            return Err(match emptied {
                Ok(()) => anyhow!(
                    "the change is applied and committed, but its undo journal {shown} could \
                     not be deleted ({e}); it was emptied instead, and the next patch or fill \
                     of the file removes it"
                ),
                Err(again) => anyhow!(
                    "the change is applied, but its undo journal {shown} could be neither \
                     deleted ({e}) nor emptied ({again}): the next patch or fill of the file \
                     will roll the change back; delete the journal to keep it"
                ),
            });
        }
        Ok(())
    }

    /// The journal's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        // A journal not yet written in full stands for a change that never touched the
        // file; a written one stays for the rollback.
        if !self.armed && !self.gone {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Whether `path` still names the open `file`.
fn at_path(path: &Path, file: &File) -> bool {
    std::fs::metadata(path)
        .ok()
        .zip(file.metadata().ok())
        .is_some_and(|(at, ours)| same_file(&at, &ours))
}

fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

/// A journal read back.
struct Record {
    #[allow(dead_code)] // recorded for people reading a journal; see `rollback`
    dev: u64,
    ino: u64,
    size_before: u64,
    spans: Vec<Span>,
}

/// Reads a journal; `Ok(None)` when it is incomplete or fails its checksum (never committed to).
fn read(file: &mut File) -> io::Result<Option<Record>> {
    let mut data = Vec::new();
    file.read_to_end(&mut data)?;
    if data.len() < MAGIC.len() + 40 + 32 || &data[..MAGIC.len()] != MAGIC {
        return Ok(None);
    }
    let (body, digest) = data.split_at(data.len() - 32);
    let sum: [u8; 32] = Sha256::digest(body).into();
    if sum != digest {
        return Ok(None);
    }
    let mut at = MAGIC.len();
    let next = |at: &mut usize| -> Option<u64> {
        let bytes = body.get(*at..*at + 8)?;
        *at += 8;
        Some(u64::from_le_bytes(bytes.try_into().ok()?))
    };
    let mut fields = [0u64; 5];
    for field in &mut fields {
        let Some(value) = next(&mut at) else {
            return Ok(None);
        };
        *field = value;
    }
    let [dev, ino, size_before, _after, count] = fields;
    let mut spans = Vec::new();
    for _ in 0..count {
        let (Some(offset), Some(len)) = (next(&mut at), next(&mut at)) else {
            return Ok(None);
        };
        let Some(bytes) = usize::try_from(len)
            .ok()
            .and_then(|len| body.get(at..at.checked_add(len)?))
        else {
            return Ok(None);
        };
        at += bytes.len();
        spans.push(Span {
            offset,
            bytes: bytes.to_vec(),
        });
    }
    Ok(Some(Record {
        dev,
        ino,
        size_before,
        spans,
    }))
}

/// What [`recover`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Recovered {
    /// No journal.
    Nothing,
    /// A hot journal's old bytes were written back: this many edits.
    RolledBack(usize),
    /// A journal that was never completely written was removed; the file was not touched.
    Discarded,
}

/// Rolls back the change a hot journal of `path` records, if there is one, and says what
/// it did on stderr.
///
/// # Errors
/// A journal of a change that is still running (locked), one that names another file, and
/// any failure to read, write back or delete; the journal is then left for a later try.
pub fn recover(path: &Path) -> Result<Recovered> {
    rollback(path, true)
}

/// [`recover`] for a change that failed in this process: its error says what happened, so
/// no note is printed.
///
/// # Errors
/// As [`recover`].
pub fn undo_failed(path: &Path) -> Result<Recovered> {
    rollback(path, false)
}

fn rollback(path: &Path, notes: bool) -> Result<Recovered> {
    let journal_path = path_for(path);
    let shown = path.display();
    let jshown = journal_path.display();
    let mut said = false;
    let mut file = loop {
        let file = match OpenOptions::new()
            .read(true)
            .write(true)
            .open(&journal_path)
        {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Recovered::Nothing),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot open the undo journal {jshown} of {shown}"))
            }
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                // A change in progress: wait for it to commit or fail, as flock(1) would.
                if !said {
                    say!("mmapctl: note: {shown}: another mmapctl is changing it; waiting for it to finish");
                    said = true;
                }
                file.lock()
                    .with_context(|| format!("cannot lock the undo journal {jshown}"))?;
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock the undo journal {jshown}"))
            }
        }
        // Committed (deleted) while we waited: look again.
        if at_path(&journal_path, &file) {
            break file;
        }
    };
    let empty = file.metadata().is_ok_and(|m| m.len() == 0);
    let record =
        read(&mut file).with_context(|| format!("cannot read the undo journal {jshown}"))?;
    let Some(record) = record else {
        std::fs::remove_file(&journal_path)
            .with_context(|| format!("cannot remove the incomplete undo journal {jshown}"))?;
        if !notes {
        } else if empty {
            say!("mmapctl: note: removed {jshown}: the emptied undo journal of a change that was committed");
        } else {
            say!(
                "mmapctl: note: removed {jshown}: an undo journal that was never completely \
                 written (its change had not touched {shown})"
            );
        }
        return Ok(Recovered::Discarded);
    };
    let mut source = Source::open(path, true)?;
    let (_, ino) = identity(source.file()).with_context(|| format!("cannot stat {shown}"))?;
    // The inode, not the device: the journal lies beside the file on the same file system,
    // whose device number may change across a reboot (loop, dm and USB devices are numbered
    // as they appear), which must not make an interrupted change unrecoverable.
    if ino != record.ino {
        bail!(
            "{shown}: the undo journal {jshown} belongs to another file (inode {}; this is \
             inode {ino}): the file was replaced since; nothing written (delete the journal if \
             the interrupted change no longer matters)",
            record.ino
        );
    }
    let size = source.size();
    if size > record.size_before {
        // The interrupted change grew the file: the bytes past the old end are its own.
        source.file().set_len(record.size_before).with_context(|| {
            format!(
                "cannot give {shown} back its size of {} bytes",
                record.size_before
            )
        })?;
        source = Source::open(path, true)?;
    }
    // A file another process cut shorter meanwhile is not extended again: only the old
    // bytes that still have a place are written back.
    let end = source.size();
    let spans: Vec<Span> = record
        .spans
        .into_iter()
        .filter(|s| s.offset < end)
        .map(|mut s| {
            let keep = (end - s.offset).min(s.bytes.len() as u64) as usize;
            s.bytes.truncate(keep);
            s
        })
        .collect();
    super::write_spans(&source, &spans, Flush::Sync, true, false)?;
    std::fs::remove_file(&journal_path).with_context(|| {
        format!("rolled {shown} back, but cannot delete its undo journal {jshown}")
    })?;
    crate::write::sync_parent(&journal_path)?;
    if notes {
        say!(
            "mmapctl: note: {shown}: rolled back an interrupted change ({} edits) from its undo \
         journal; the file is as it was before that change",
            spans.len()
        );
    }
    Ok(Recovered::RolledBack(spans.len()))
}

/// Warns on stderr when `path` has a hot journal: its bytes may be half-patched. For the
/// reading commands, which never write.
pub fn warn_if_hot(path: &Path) {
    let journal = path_for(path);
    let Ok(file) = File::open(&journal) else {
        return;
    };
    let live = matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock));
    let what = if live {
        "a change to it is in progress"
    } else {
        "a change to it was interrupted"
    };
    say!(
        "mmapctl: warning: {}: {what} (undo journal {}); its bytes may be half-patched \
         until `mmapctl patch {} --recover` rolls it back",
        path.display(),
        journal.display(),
        path.display()
    );
}
