//! `dump --output FILE`: the raw bytes into a file that is never seen half-written.

use std::fs::{File, Metadata};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::exit;

/// Where `--output` writes: a temporary file in FILE's directory, renamed over FILE once
/// every byte is in (a failure, or an interrupted dump, removes it: FILE is untouched); or,
/// for a FILE that is a device or a FIFO (`--output /dev/null`), FILE itself.
pub struct OutputFile {
    writer: BufWriter<File>,
    /// The temporary file and the name it takes; `None` when writing FILE in place.
    rename: Option<(tempfile::TempPath, PathBuf)>,
    shown: PathBuf,
}

impl OutputFile {
    /// Opens where `path`'s bytes go, refusing `path` when it is the input (`input`, the
    /// input's file when it has one) or a directory.
    ///
    /// # Errors
    /// Those refusals, and the file system's (an unwritable directory, no space).
    pub fn create(path: &Path, input: Option<&Metadata>) -> Result<OutputFile> {
        let shown = path.to_path_buf();
        let cannot = || format!("cannot create {}", path.display());
        let (target, mode) = match std::fs::metadata(path) {
            Ok(meta) => {
                if input.is_some_and(|input| same_file(input, &meta)) {
                    return Err(exit::Failure {
                        code: 2,
                        message: format!(
                            "--output {} is the file being dumped; nothing written",
                            path.display()
                        ),
                        hint: Some("name another file for the bytes".into()),
                    }
                    .into());
                }
                if meta.is_dir() {
                    bail!("cannot create {}: it is a directory", path.display());
                }
                if !meta.is_file() {
                    // A device or a FIFO: nothing to replace, so write into it.
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .open(path)
                        .with_context(cannot)?;
                    return Ok(OutputFile {
                        writer: BufWriter::with_capacity(1 << 20, file),
                        rename: None,
                        shown,
                    });
                }
                // Through symbolic links: the file they lead to is the one replaced.
                (
                    std::fs::canonicalize(path).with_context(cannot)?,
                    Some(meta.permissions()),
                )
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => (path.to_path_buf(), None),
            Err(e) => return Err(e).with_context(cannot),
        };
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".mmapctl-").suffix(".part");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // What O_CREAT would give a new file: 0666 less the umask (the open applies it).
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let (file, temp) = builder.tempfile_in(dir).with_context(cannot)?.into_parts();
        if let Some(mode) = mode {
            // A replaced file keeps its permissions.
            file.set_permissions(mode).with_context(cannot)?;
        }
        Ok(OutputFile {
            writer: BufWriter::with_capacity(1 << 20, file),
            rename: Some((temp, target)),
            shown,
        })
    }

    /// Where the bytes are written.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.writer
    }

    /// Gives the file its name, once every byte is written.
    ///
    /// # Errors
    /// The last write's, and the rename's.
    pub fn commit(self) -> Result<()> {
        let shown = self.shown;
        let file = self.writer.into_inner().map_err(|e| {
            exit::from_io(e.into_error()).context(format!("cannot write to {}", shown.display()))
        })?;
        drop(file);
        if let Some((temp, target)) = self.rename {
            temp.persist(&target)
                .map_err(|e| anyhow::Error::from(e.error))
                .with_context(|| format!("cannot create {}", shown.display()))?;
        }
        Ok(())
    }
}

/// Whether two metadata describe the same file (one inode, whatever the names).
#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// Without inode numbers there is no telling; the rename leaves the input's bytes readable.
#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    false
}
