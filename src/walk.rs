//! The files a command that takes many (residency, find) works on: the command line's
//! files, and with `-r` every regular file below its directories, in name order, without
//! following symbolic links. A walk yields one path at a time, so a large tree is never
//! held in memory whole.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

/// What the command line names, expanded (the tests' view of a whole walk: residency and
/// find walk lazily, reporting each error and going on).
#[cfg(test)]
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Files {
    /// Files to report on, in order.
    pub paths: Vec<PathBuf>,
    /// Entries met in a walk that are not regular files (symbolic links, FIFOs, sockets,
    /// devices) and were skipped.
    pub skipped: u64,
}

/// Expands `args`, all of them, before any is worked on: a directory is an error unless
/// `recursive`, which walks it. `purpose` finishes the hint of that error ("report on",
/// "search").
///
/// # Errors
/// A directory without `recursive`, or a directory or entry that cannot be read.
#[cfg(test)]
pub fn expand(args: &[PathBuf], recursive: bool, purpose: &str) -> Result<Files> {
    let mut walk = Walk::new(args, recursive, purpose);
    let mut files = Files::default();
    for path in walk.by_ref() {
        files.paths.push(path?);
    }
    files.skipped = walk.skipped();
    Ok(files)
}

/// The note a command prints after a walk that skipped entries.
pub fn skipped_note(skipped: u64) -> Option<String> {
    (skipped > 0).then(|| {
        format!(
            "note: skipped {skipped} entries that are not regular files (symbolic links are \
             not followed)"
        )
    })
}

/// The paths `args` name, expanded lazily: each argument in order, a directory (with
/// `recursive`) depth-first, the files of a directory first, then its subdirectories, each
/// in name order. An explicit stack, so that a deep tree cannot overflow the call stack.
///
/// An error (a directory without `recursive`, one that cannot be read) is yielded in
/// place, and the walk goes on after it: a caller that stops at the first error stops
/// there, one that reports and continues (find) searches everything else.
pub struct Walk<'a> {
    args: std::slice::Iter<'a, PathBuf>,
    recursive: bool,
    purpose: &'a str,
    /// Files of the directory being walked, not yet yielded.
    files: std::collections::VecDeque<PathBuf>,
    /// Directories still to read, the next on top.
    dirs: Vec<PathBuf>,
    skipped: u64,
}

impl<'a> Walk<'a> {
    /// A walk over `args` (see [`Walk`]); `purpose` as for [`expand`].
    pub fn new(args: &'a [PathBuf], recursive: bool, purpose: &'a str) -> Self {
        Walk {
            args: args.iter(),
            recursive,
            purpose,
            files: Default::default(),
            dirs: Vec::new(),
            skipped: 0,
        }
    }

    /// Entries skipped so far because they are not regular files.
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// Reads `dir`: its files join the queue and its subdirectories the stack.
    fn read(&mut self, dir: &Path) -> Result<()> {
        let mut entries = fs::read_dir(dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<Vec<_>, _>>()
            .with_context(|| format!("cannot read directory {}", dir.display()))?;
        entries.sort();
        let mut subdirs = Vec::new();
        let mut first_error = None;
        for path in entries {
            let kind = match fs::symlink_metadata(&path) {
                Ok(meta) => meta.file_type(),
                Err(e) => {
                    // The others are still walked; the first such error is reported.
                    let err = anyhow!(e).context(format!("cannot stat {}", path.display()));
                    first_error.get_or_insert(err);
                    continue;
                }
            };
            if kind.is_dir() {
                subdirs.push(path);
            } else if kind.is_file() {
                self.files.push_back(path);
            } else {
                self.skipped += 1;
            }
        }
        self.dirs.extend(subdirs.into_iter().rev());
        first_error.map_or(Ok(()), Err)
    }
}

impl Iterator for Walk<'_> {
    type Item = Result<PathBuf>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(path) = self.files.pop_front() {
                return Some(Ok(path));
            }
            if let Some(dir) = self.dirs.pop() {
                if let Err(e) = self.read(&dir) {
                    return Some(Err(e));
                }
                continue;
            }
            let arg = self.args.next()?;
            // The command line's own symlinks are followed, as every tool does with its
            // operands.
            let is_dir = fs::metadata(arg).is_ok_and(|m| m.is_dir());
            if !is_dir {
                // Source::open reports a missing file or one that cannot be mapped.
                return Some(Ok(arg.clone()));
            }
            if !self.recursive {
                return Some(Err(anyhow!(
                    "{}: is a directory; use -r/--recursive to {} the files below it",
                    arg.display(),
                    self.purpose
                )));
            }
            self.dirs.push(arg.clone());
        }
    }
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
        let files = expand(&[root.to_path_buf()], true, "report on").unwrap();
        let rel: Vec<_> = files
            .paths
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(rel, ["z", "a/w", "b/y", "b/c/x"]);
        assert_eq!(files.skipped, u64::from(cfg!(unix)));
        let err = expand(&[root.to_path_buf()], false, "report on").unwrap_err();
        assert!(err.to_string().contains("is a directory"), "{err}");
    }

    #[test]
    fn an_error_is_yielded_in_place_and_the_walk_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("f"), "f").unwrap();
        let args = [root.to_path_buf(), root.join("f")];
        let items: Vec<_> = Walk::new(&args, false, "search").collect();
        assert_eq!(items.len(), 2);
        let err = items[0].as_ref().unwrap_err().to_string();
        assert!(
            err.ends_with("use -r/--recursive to search the files below it"),
            "{err}"
        );
        assert_eq!(items[1].as_ref().unwrap(), &root.join("f"));
    }
}
