//! The files `residency` reports on: the command line's files, and with `-r` every regular
//! file below its directories, in name order, without following symbolic links.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// What the command line names, expanded.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Files {
    /// Files to report on, in order.
    pub paths: Vec<PathBuf>,
    /// Entries met in a walk that are not regular files (symbolic links, FIFOs, sockets,
    /// devices) and were skipped.
    pub skipped: u64,
}

/// Expands `args`: a directory is an error unless `recursive`, which walks it.
///
/// # Errors
/// A missing argument, a directory without `recursive`, or a directory that cannot be read.
pub fn expand(args: &[PathBuf], recursive: bool) -> Result<Files> {
    let mut files = Files::default();
    for arg in args {
        // The command line's own symlinks are followed, as every tool does with its operands.
        let is_dir = fs::metadata(arg).is_ok_and(|m| m.is_dir());
        if !is_dir {
            // Source::open reports a missing file or one that cannot be mapped, naming it.
            files.paths.push(arg.clone());
        } else if recursive {
            walk(arg, &mut files)?;
        } else {
            bail!(
                "{}: is a directory; use -r/--recursive to report on the files below it",
                arg.display()
            );
        }
    }
    Ok(files)
}

/// Depth-first, children in name order, with an explicit stack so that a deep tree cannot
/// overflow the call stack.
fn walk(root: &Path, files: &mut Files) -> Result<()> {
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let mut entries = fs::read_dir(&dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("cannot read directory {}", dir.display()))?;
        entries.sort();
        let mut subdirs = Vec::new();
        for path in entries {
            let kind = fs::symlink_metadata(&path)
                .with_context(|| format!("cannot stat {}", path.display()))?
                .file_type();
            if kind.is_dir() {
                subdirs.push(path);
            } else if kind.is_file() {
                files.paths.push(path);
            } else {
                files.skipped += 1;
            }
        }
        // Files of a directory first, then its subdirectories, each in name order.
        stack.extend(subdirs.into_iter().rev());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_in_name_order_and_skips_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/c")).unwrap();
        fs::create_dir_all(root.join("a")).unwrap();
        for name in ["z", "b/y", "b/c/x", "a/w"] {
            fs::write(root.join(name), name).unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("z"), root.join("b/link")).unwrap();
        let files = expand(&[root.to_path_buf()], true).unwrap();
        let rel: Vec<_> = files
            .paths
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(rel, ["z", "a/w", "b/y", "b/c/x"]);
        assert_eq!(files.skipped, u64::from(cfg!(unix)));
        let err = expand(&[root.to_path_buf()], false).unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
    }
}
