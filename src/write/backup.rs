//! `patch --backup PATH`: the bytes a patch is about to replace, saved durably before the
//! first of them changes, in a file that is provably not the file being patched.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::exit::Failure;
use crate::mapping::{kind_name, os, Advice, Protection, Region, Source};
use crate::units::index;
use crate::write::sync_parent;

/// Refuses, before anything is written and also for a dry run: a PATH that is the file
/// being changed (under any name: a hard link, a symlink, `/proc/self/fd/N`), one that is
/// not a regular file (opening a FIFO to write waits for a reader; a device or socket cannot
/// hold the bytes), and an existing one without `--force`. [`Backup::save`] checks the
/// opened descriptors again, which is what makes it certain.
///
/// # Errors
/// As described.
pub fn check_path(
    backup: &Path,
    target: &Path,
    source: Option<&Source>,
    force: bool,
) -> Result<()> {
    if std::fs::symlink_metadata(backup).is_err() {
        return Ok(());
    }
    // What the path leads to: a dangling symlink leads nowhere and is only "existing".
    if let Ok(meta) = std::fs::metadata(backup) {
        let same = source
            .and_then(|s| s.file().metadata().ok())
            .is_some_and(|t| same_file(&meta, &t))
            || matches!(
                (std::fs::canonicalize(backup), std::fs::canonicalize(target)),
                (Ok(a), Ok(b)) if a == b
            );
        if same {
            return Err(is_target(backup));
        }
        if !meta.is_file() {
            bail!(
                "--backup {}: is {}; the backup is written to a regular file",
                backup.display(),
                kind_name(&meta.file_type())
            );
        }
    }
    if !force {
        return Err(Failure::with_hint(
            format!(
                "--backup {} already exists; nothing written",
                backup.display()
            ),
            "choose a new path, or add --force to replace it",
        )
        .into());
    }
    Ok(())
}

/// What a dry run checks of PATH beyond [`check_path`]: that the backup could be written
/// (an existing file, with `--force`) or made in its directory.
///
/// # Errors
/// The refusal, worded as the real call's.
pub fn check_writable(backup: &Path) -> Result<()> {
    let context = || format!("cannot write the backup {}", backup.display());
    match std::fs::metadata(backup) {
        Ok(_) => os::may_write(backup).with_context(context),
        Err(_) => {
            let dir = match backup.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            os::may_write(dir).with_context(context)
        }
    }
}

fn is_target(backup: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "--backup {} is the file being patched; choose another path; nothing written",
        backup.display()
    )
}

/// A saved backup: kept once the patch is done, removed when the patch failed before
/// changing the file and this call had made the backup file.
pub struct Backup {
    path: PathBuf,
    file: File,
    created: bool,
}

impl Backup {
    /// Saves what `region` of the file holds now (zeros past its end, what `--grow` adds) to
    /// `path`: opened without truncation, checked to be a regular file that is not the
    /// target (device and inode of the two open descriptors), then truncated, written window
    /// by window (memory stays bounded whatever the patch's size), and made durable (file and
    /// directory fsynced) before the patch touches anything.
    ///
    /// # Errors
    /// The checks above; a failed write, after which no partial backup is left.
    pub fn save(
        path: &Path,
        target: &Path,
        source: Option<&Source>,
        region: Region,
        force: bool,
    ) -> Result<Backup> {
        let (file, created) = open(path, force)?;
        let backup = Backup {
            path: path.to_path_buf(),
            file,
            created,
        };
        let meta = backup.file.metadata().with_context(|| backup.context())?;
        let same = match source {
            Some(source) => source.file().metadata().is_ok_and(|t| same_file(&meta, &t)),
            // The target is still to be created: the backup must not have become it.
            None => std::fs::metadata(target).is_ok_and(|t| same_file(&meta, &t)),
        };
        if same || !meta.is_file() {
            let err = if same {
                is_target(path)
            } else {
                anyhow::anyhow!(
                    "--backup {}: is {}; the backup is written to a regular file",
                    path.display(),
                    kind_name(&meta.file_type())
                )
            };
            backup.discard();
            return Err(err);
        }
        if let Err(e) = backup.write(source, region) {
            // A partial backup would undo the patch wrongly, and refuse a retry.
            backup.remove();
            return Err(e);
        }
        Ok(backup)
    }

    fn context(&self) -> String {
        format!("cannot write the backup {}", self.path.display())
    }

    fn write(&self, source: Option<&Source>, region: Region) -> Result<()> {
        let mut out = &self.file;
        out.set_len(0).with_context(|| self.context())?;
        let size = source.map_or(0, Source::size);
        let inside = Region {
            offset: region.offset.min(size),
            len: region.end().min(size) - region.offset.min(size),
        };
        if let Some(source) = source {
            for window in source.windows(inside, Protection::ReadOnly) {
                let map = window?;
                if inside.len <= 1 << 20 {
                    // A hint: skip the 8 MiB read-around for a few bytes.
                    let _ = map.advise(Advice::Random);
                }
                out.write_all(map.bytes())
                    .map_err(|e| fault_or(source, map.region(), e))
                    .with_context(|| self.context())?;
            }
        }
        // Past the end: the zeros a --grow puts there.
        let zeros = [0u8; 64 << 10];
        let mut left = region.len - inside.len;
        while left > 0 {
            let n = index(left).min(zeros.len());
            out.write_all(&zeros[..n]).with_context(|| self.context())?;
            left -= n as u64;
        }
        self.file.sync_all().with_context(|| self.context())?;
        sync_parent(&self.path)
    }

    /// The patch is done: the backup stays, and says where it is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The patch failed before changing the file: a backup file this call made is removed
    /// (a retry would otherwise be refused as "already exists"); one that `--force` reused
    /// stays, holding the file's current bytes.
    pub fn discard(self) {
        if self.created {
            self.remove();
        }
    }

    /// Removes the backup file, by whatever name it has: the path, or the file a dangling
    /// symlink at the path led to, but only while that is still this file.
    fn remove(&self) {
        let Ok(meta) = self.file.metadata() else {
            return;
        };
        let real = std::fs::canonicalize(&self.path).unwrap_or_else(|_| self.path.clone());
        if std::fs::symlink_metadata(&real).is_ok_and(|m| same_file(&m, &meta)) {
            let _ = std::fs::remove_file(&real);
        }
    }
}

/// EFAULT from write(2) over mapped pages: the file shrank under the mapping (exit 4).
fn fault_or(source: &Source, part: Region, err: io::Error) -> anyhow::Error {
    if crate::mapping::is_fault(&err) {
        return source.fault(part).into();
    }
    err.into()
}

/// Opens the backup file to write, never truncating it here: `O_EXCL` first, so that this
/// call knows whether it made the file; an existing one only with `force`. O_NONBLOCK: a
/// FIFO swapped in since the check fails (ENXIO) instead of waiting for a reader.
fn open(path: &Path, force: bool) -> Result<(File, bool)> {
    let context = || format!("cannot write the backup {}", path.display());
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    match options.clone().create_new(true).open(path) {
        Ok(file) => Ok((file, true)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && force => {
            // A dangling symlink is "existing" to O_EXCL; following it makes its target.
            let existed = std::fs::metadata(path).is_ok();
            let file = options.create(true).open(path).with_context(context)?;
            Ok((file, !existed))
        }
        Err(e) => Err(e).with_context(context),
    }
}

/// Whether two metadata describe the same file (one inode, whatever the names).
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// Without inode numbers, only the canonical paths tell (see `check_path`).
#[cfg(not(unix))]
fn same_file(_a: &std::fs::Metadata, _b: &std::fs::Metadata) -> bool {
    false
}
