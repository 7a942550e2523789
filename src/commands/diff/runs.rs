//! Differing bytes gathered into runs: neighbours closer than `--merge` joined (the equal
//! bytes between them become part of both sides), long runs cut into edits of at most
//! [`MAX_RUN`] bytes, and the figures `--stat` and the JSON summary report.

use anyhow::Result;

use super::compare::{Differ, Flow};

/// Longest edit written: a longer run of changes becomes consecutive edits, so that no
/// line of the script, and no buffer holding one, grows with the input.
pub const MAX_RUN: usize = 64 << 10;

/// Where finished runs go (the script, the JSON lines, or nowhere for `--stat`).
pub trait RunSink {
    /// A finished run: `new` replaces `old` at `offset`.
    ///
    /// # Errors
    /// The output error.
    fn run(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<()>;
}

/// What `--stat` and the JSON summary say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Runs (edits) printed.
    pub runs: u64,
    /// Bytes that differ (not counting the equal bytes a merge joined in).
    pub changed: u64,
    /// Offset of the first differing byte.
    pub first: Option<u64>,
    /// Offset of the last differing byte.
    pub last: Option<u64>,
}

/// Builds runs from the engine's stretches and hands them to a [`RunSink`].
pub struct Runs<S> {
    sink: S,
    merge: u64,
    pending: Option<Pending>,
    /// The equal bytes known to follow the pending run, at most `merge` of them.
    gap: Vec<u8>,
    summary: Summary,
}

struct Pending {
    offset: u64,
    old: Vec<u8>,
    new: Vec<u8>,
}

impl Pending {
    fn end(&self) -> u64 {
        self.offset + self.new.len() as u64
    }
}

impl<S: RunSink> Runs<S> {
    /// Joins changes separated by fewer than `merge` equal bytes (touching ones always).
    pub fn new(sink: S, merge: u64) -> Self {
        Runs {
            sink,
            merge: merge.max(1),
            pending: None,
            gap: Vec::new(),
            summary: Summary::default(),
        }
    }

    /// Adds an edit that changes no byte (`old == new`) but must be in the script: the one
    /// whose end is B's size, which grows A. It joins a run as a change would, and is not
    /// counted as changed.
    ///
    /// # Errors
    /// The sink's error.
    pub fn add_unchanged(&mut self, offset: u64, bytes: &[u8]) -> Result<()> {
        // Its bytes were reported equal, so the gap after the pending run may hold them.
        if let Some(p) = &self.pending {
            if let Some(before) = offset.checked_sub(p.end()) {
                self.gap
                    .truncate(usize::try_from(before).unwrap_or(usize::MAX));
            }
        }
        self.add(offset, bytes, bytes)
    }

    /// Hands over the last run; returns the sink and the figures.
    ///
    /// # Errors
    /// The sink's error.
    pub fn finish(mut self) -> Result<(S, Summary)> {
        self.flush()?;
        Ok((self.sink, self.summary))
    }

    /// The end of the last change or run so far (for the growing edit's check).
    pub fn end(&self) -> Option<u64> {
        self.pending.as_ref().map(Pending::end)
    }

    fn add(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<()> {
        let joins = self.pending.as_ref().is_some_and(|p| {
            p.end() + self.gap.len() as u64 == offset && (self.gap.len() as u64) < self.merge
        });
        if !joins {
            self.flush()?;
        }
        let p = self.pending.get_or_insert_with(|| Pending {
            offset,
            old: Vec::new(),
            new: Vec::new(),
        });
        p.old.extend_from_slice(&self.gap);
        p.new.extend_from_slice(&self.gap);
        self.gap.clear();
        p.old.extend_from_slice(old);
        p.new.extend_from_slice(new);
        // Cut whole MAX_RUN edits off the front; the rest stays pending and may still grow.
        while p.new.len() > MAX_RUN {
            let rest_old = p.old.split_off(MAX_RUN);
            let rest_new = p.new.split_off(MAX_RUN);
            self.sink.run(p.offset, &p.old, &p.new)?;
            self.summary.runs += 1;
            p.offset += MAX_RUN as u64;
            p.old = rest_old;
            p.new = rest_new;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        self.gap.clear();
        if let Some(p) = self.pending.take() {
            self.sink.run(p.offset, &p.old, &p.new)?;
            self.summary.runs += 1;
        }
        Ok(())
    }
}

impl<S: RunSink> Differ for Runs<S> {
    fn differ(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<Flow> {
        self.summary.changed += new.len() as u64;
        self.summary.first.get_or_insert(offset);
        self.summary.last = Some(offset + new.len() as u64 - 1);
        self.add(offset, old, new)?;
        Ok(Flow::Go)
    }

    fn equal(&mut self, offset: u64, bytes: &[u8]) {
        let Some(p) = &self.pending else {
            return;
        };
        if p.end() + self.gap.len() as u64 != offset {
            return;
        }
        let room = self.merge.saturating_sub(self.gap.len() as u64);
        let take = usize::try_from(room).unwrap_or(usize::MAX).min(bytes.len());
        self.gap.extend_from_slice(&bytes[..take]);
        // `flush` is deferred to the next change or `finish`: `equal` cannot fail.
    }
}

#[cfg(test)]
mod tests;
