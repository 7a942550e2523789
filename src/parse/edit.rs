//! The edit list every way into `patch` builds: in-place edits, sorted and checked, with the
//! header an edit script carries.

use std::fmt;

/// One in-place edit: `new` is written at `offset`, where `old` is expected to be now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Absolute position of the first byte.
    pub offset: u64,
    /// The bytes expected there before the edit; `None` only for an unchecked script line
    /// (`0xOFFSET NEW`), which the caller accepts only when told to (`--unchecked`).
    pub old: Option<Vec<u8>>,
    /// The bytes written; in place, so as long as `old`.
    pub new: Vec<u8>,
}

impl Edit {
    /// Position just past the last byte written (a [`Script`] never holds an edit whose end
    /// does not fit in a u64).
    pub fn end(&self) -> u64 {
        self.offset.saturating_add(self.new.len() as u64)
    }
}

/// A value before and after the edits (size, hash of the whole file).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sides<T> {
    /// What the file has before the script is applied.
    pub before: T,
    /// What it has after.
    pub after: T,
}

impl<T> Sides<T> {
    /// The sides exchanged, for the reverse script.
    pub fn swap(self) -> Self {
        Sides {
            before: self.after,
            after: self.before,
        }
    }
}

/// A SHA-256 digest. The parser only reads and writes it; the caller hashes the file.
pub type Sha256 = [u8; 32];

/// What an edit script says about the whole file; every part is optional.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// `# size A => B`: the file's size in bytes.
    pub size: Option<Sides<u64>>,
    /// `# sha256 HEX => HEX`: the digest of the whole file.
    pub sha256: Option<Sides<Sha256>>,
}

impl Header {
    /// The header of the reverse script.
    pub fn swap(self) -> Self {
        Header {
            size: self.size.map(Sides::swap),
            sha256: self.sha256.map(Sides::swap),
        }
    }
}

/// Why a list of edits was refused. Indexes count from 0 in the list given to
/// [`Script::new`] (or in [`Script::edits`] for [`Script::reverse`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// An edit that writes nothing.
    #[error("edit {index} at {offset:#x} writes no bytes")]
    Empty { index: usize, offset: u64 },
    /// Old and new of different lengths.
    #[error(
        "edit {index} at {offset:#x} has {old} old bytes but {new} new; edits are in place, \
         so both sides need the same length"
    )]
    Length {
        index: usize,
        offset: u64,
        old: usize,
        new: usize,
    },
    /// An edit whose end does not fit in a u64.
    #[error("edit {index} at {offset:#x} runs past the largest 64-bit offset")]
    Overflow { index: usize, offset: u64 },
    /// Two edits that write some of the same bytes.
    #[error("edits {first} and {second} overlap (both write {offset:#x})")]
    Overlap {
        first: usize,
        second: usize,
        offset: u64,
    },
    /// An unchecked edit has no old bytes to write back.
    #[error("the edit at {offset:#x}{} has no old bytes (unchecked), so it cannot be reversed",
        line.map(|l| format!(" (line {l})")).unwrap_or_default())]
    Unchecked { offset: u64, line: Option<usize> },
}

/// A header and its edits, sorted by offset, none overlapping, each in place (old as long
/// as new) and non-empty.
///
/// Sorted by offset, whatever order the script gave, because: overlaps are found by
/// comparing neighbours; applying and journaling in file order touches each page once and
/// in sequence; `diff` prints in that order, so a script that went through `parse` and
/// `Display` comes back line for line; and two scripts with the same edits compare equal.
#[derive(Clone, Debug, Default)]
pub struct Script {
    /// What the script says about the whole file.
    pub header: Header,
    edits: Vec<Edit>,
    /// The 1-based input line of each edit, when the script was parsed.
    lines: Vec<Option<usize>>,
}

/// Two scripts are equal when they make the same edits under the same header, wherever
/// they were read from.
impl PartialEq for Script {
    fn eq(&self, other: &Self) -> bool {
        self.header == other.header && self.edits == other.edits
    }
}

impl Eq for Script {}

impl Script {
    /// Sorts and checks `edits`.
    ///
    /// # Errors
    /// An empty edit, old and new of different lengths, an end past 2^64 - 1, or overlap.
    pub fn new(header: Header, edits: Vec<Edit>) -> Result<Self, EditError> {
        for (index, e) in edits.iter().enumerate() {
            check(e).map_err(|why| why.error(index, e.offset))?;
        }
        let entries = edits.into_iter().map(|e| (e, None)).collect();
        Script::from_entries(header, entries).map_err(|(first, second, offset)| {
            EditError::Overlap {
                first,
                second,
                offset,
            }
        })
    }

    /// Sorts entries already checked one by one; on overlap, the input positions of the two
    /// edits (in input order) and the first byte they share.
    pub(crate) fn from_entries(
        header: Header,
        entries: Vec<(Edit, Option<usize>)>,
    ) -> Result<Self, (usize, usize, u64)> {
        let mut indexed: Vec<(usize, Edit, Option<usize>)> = entries
            .into_iter()
            .enumerate()
            .map(|(i, (e, line))| (i, e, line))
            .collect();
        indexed.sort_by_key(|(i, e, _)| (e.offset, *i));
        for pair in indexed.windows(2) {
            let ((a, ea, _), (b, eb, _)) = (&pair[0], &pair[1]);
            if eb.offset < ea.end() {
                return Err((*a.min(b), *a.max(b), eb.offset));
            }
        }
        let (edits, lines) = indexed.into_iter().map(|(_, e, l)| (e, l)).unzip();
        Ok(Script {
            header,
            edits,
            lines,
        })
    }

    /// The edits, by increasing offset.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The input line of `edits()[index]`, when the script was parsed.
    pub fn line(&self, index: usize) -> Option<usize> {
        self.lines.get(index).copied().flatten()
    }

    /// Whether every edit names its old bytes; otherwise the caller needs `--unchecked`.
    pub fn all_checked(&self) -> bool {
        self.edits.iter().all(|e| e.old.is_some())
    }

    /// The input lines of the unchecked edits (`0xOFFSET NEW`), in offset order.
    pub fn unchecked_lines(&self) -> Vec<usize> {
        (0..self.edits.len())
            .filter(|&i| self.edits[i].old.is_none())
            .filter_map(|i| self.line(i))
            .collect()
    }

    /// The inverse script: each edit's new bytes become the expected ones and its old bytes
    /// are written; the header's sides are swapped. Lines stay those of this script.
    ///
    /// # Errors
    /// [`EditError::Unchecked`] for the first edit that has no old bytes.
    pub fn reverse(&self) -> Result<Script, EditError> {
        let mut edits = Vec::with_capacity(self.edits.len());
        for (i, e) in self.edits.iter().enumerate() {
            let Some(old) = &e.old else {
                return Err(EditError::Unchecked {
                    offset: e.offset,
                    line: self.line(i),
                });
            };
            edits.push(Edit {
                offset: e.offset,
                old: Some(e.new.clone()),
                new: old.clone(),
            });
        }
        Ok(Script {
            header: self.header.swap(),
            edits,
            lines: self.lines.clone(),
        })
    }

    /// The header and the sorted edits.
    pub fn into_parts(self) -> (Header, Vec<Edit>) {
        (self.header, self.edits)
    }
}

/// What is wrong with one edit on its own.
pub(crate) enum Flaw {
    Empty,
    Length(usize, usize),
    Overflow,
}

impl Flaw {
    fn error(self, index: usize, offset: u64) -> EditError {
        match self {
            Flaw::Empty => EditError::Empty { index, offset },
            Flaw::Length(old, new) => EditError::Length {
                index,
                offset,
                old,
                new,
            },
            Flaw::Overflow => EditError::Overflow { index, offset },
        }
    }
}

impl fmt::Display for Flaw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flaw::Empty => write!(f, "no bytes to write"),
            Flaw::Length(old, new) => write!(
                f,
                "{old} old bytes but {new} new; edits are in place, so both sides need the \
                 same length"
            ),
            Flaw::Overflow => write!(f, "the edit runs past the largest 64-bit offset"),
        }
    }
}

pub(crate) fn check(e: &Edit) -> Result<(), Flaw> {
    if e.new.is_empty() {
        return Err(Flaw::Empty);
    }
    if let Some(old) = &e.old {
        if old.len() != e.new.len() {
            return Err(Flaw::Length(old.len(), e.new.len()));
        }
    }
    if e.offset.checked_add(e.new.len() as u64).is_none() {
        return Err(Flaw::Overflow);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
