//! The comparison engine: both files walked in the same 16 MiB windows (so memory stays
//! bounded whatever their size), each window compared with one `==` first and searched for
//! differing bytes only when it differs, and each file hashed (SHA-256) from the same
//! windows while they are mapped, so that every byte is read once.

use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use crate::mapping::{is_fault, os, Mapping, Protection, Region, Source, WINDOW};
use crate::parse::{Sha256 as Digest256, Sides};

/// Whether to go on after a difference (`-q` stops at the first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Go,
    Stop,
}

/// What the engine reports, in file order.
pub trait Differ {
    /// `old` (A's bytes) and `new` (B's) at `offset` differ in every byte; the stretch is as
    /// long as the differing bytes run inside one window (a stretch that straddles a window
    /// boundary arrives in two calls, one right after the other).
    ///
    /// # Errors
    /// The receiver's output error.
    fn differ(&mut self, offset: u64, old: &[u8], new: &[u8]) -> Result<Flow>;

    /// `bytes` at `offset` are the same in both files (called for every equal stretch
    /// between differences; a receiver looks at a few bytes of it at most).
    fn equal(&mut self, _offset: u64, _bytes: &[u8]) {}
}

/// What is compared: `range` of both files; where it runs past A's end, A reads as zeros.
pub struct Job<'a> {
    pub a: &'a Source,
    pub b: &'a Source,
    pub range: Region,
    /// Hash both whole files (the range must then be all of B).
    pub hash: bool,
}

/// Compares `job.range`, reporting to `differ`; returns the two digests when asked for.
///
/// # Errors
/// A refused mapping, a fault (exit 4), the receiver's error.
pub fn compare(job: &Job<'_>, differ: &mut dyn Differ) -> Result<Option<Sides<Digest256>>> {
    let (a, b) = (job.a, job.b);
    // B's hasher starts only where B first differs from A: up to there A's state is B's
    // too, so identical files (or a long common prefix) are hashed once, not twice.
    let mut ha = job.hash.then(|| Hasher::start("a", Sha256::new()));
    let mut hb: Option<Hasher> = None;
    let zeros = if job.range.end() > a.size() {
        vec![0u8; WINDOW as usize]
    } else {
        Vec::new()
    };
    let mut at = job.range.offset;
    let mut stopped = false;
    while at < job.range.end() && !stopped {
        let stop = (at / WINDOW + 1)
            .saturating_mul(WINDOW)
            .min(job.range.end());
        let window = Region {
            offset: at,
            len: stop - at,
        };
        let in_a = Region {
            offset: at,
            len: a.size().clamp(at, stop) - at,
        };
        let map_a = map(a, in_a)?;
        let map_b = map(b, window)?;
        // The guard's line names the last mapping made; a shrink of A (or of the window a
        // hasher still reads) must not be blamed on B's region alone.
        let shown = Region {
            offset: at.saturating_sub(WINDOW),
            len: stop - at.saturating_sub(WINDOW),
        };
        os::set_guard_message(&crate::exit::one_line(&format!(
            "{} or {}",
            a.path().display(),
            b.fault_message(shown)
        )));
        if at == job.range.offset {
            crate::hooks::pause(crate::hooks::Point::Diff)?;
        }
        let (old, new) = (map_a.bytes(), map_b.bytes());
        let (new_common, new_tail) = new.split_at(old.len());
        let mut scanned = scan(at, old, new_common, differ)?;
        if scanned.flow == Flow::Go && !new_tail.is_empty() {
            let tail_at = at + old.len() as u64;
            scanned = scan(tail_at, &zeros[..new_tail.len()], new_tail, differ)?;
            scanned.differed = true; // B has bytes A lacks: the hashes part here
        }
        stopped = scanned.flow == Flow::Stop;
        if let Some(ha) = &mut ha {
            if hb.is_none() && scanned.differed {
                hb = Some(Hasher::start("b", ha.fork()?));
            }
            ha.feed(map_a)?;
            if let Some(hb) = &mut hb {
                hb.feed(map_b)?;
            }
        }
        at = stop;
    }
    let Some(mut ha) = ha else {
        return Ok(None);
    };
    // Equal all through B: B's digest is A's state at B's end.
    let hb = match hb {
        Some(hb) => hb.finish()?,
        None => ha.fork()?.finalize().into(),
    };
    // B shorter than A: the rest of A is hashed too, though not compared.
    for window in a.windows(
        Region {
            offset: b.size().min(a.size()),
            len: a.size().saturating_sub(b.size()),
        },
        Protection::ReadOnly,
    ) {
        let window = window?;
        populate(a, &window)?;
        ha.feed(window)?;
    }
    Ok(Some(Sides {
        before: ha.finish()?,
        after: hb,
    }))
}

fn map(source: &Source, region: Region) -> Result<Mapping> {
    let map = source.map(region, Protection::ReadOnly)?;
    populate(source, &map)?;
    Ok(map)
}

/// One populate call per window instead of a fault per page; EFAULT means the file shrank
/// underneath it (exit 4, naming the right file).
fn populate(source: &Source, map: &Mapping) -> Result<()> {
    match map.populate_read() {
        Err(e) if is_fault(&e) => Err(source.fault(map.region()).into()),
        _ => Ok(()),
    }
}

/// Bytes compared per `==` before a byte-by-byte look.
const CHUNK: usize = 4096;

/// What [`scan`] found.
struct Scanned {
    flow: Flow,
    /// Whether any byte differed.
    differed: bool,
}

/// Reports the differing and equal stretches of `old` and `new` (of the same length).
fn scan(at: u64, old: &[u8], new: &[u8], differ: &mut dyn Differ) -> Result<Scanned> {
    let mut i = 0;
    let mut differed = false;
    while i < old.len() {
        let Some(start) = first_difference(&old[i..], &new[i..]).map(|d| i + d) else {
            differ.equal(at + i as u64, &new[i..]);
            break;
        };
        differed = true;
        if start > i {
            differ.equal(at + i as u64, &new[i..start]);
        }
        let end = start + first_equal(&old[start..], &new[start..]);
        if differ.differ(at + start as u64, &old[start..end], &new[start..end])? == Flow::Stop {
            return Ok(Scanned {
                flow: Flow::Stop,
                differed,
            });
        }
        i = end;
    }
    Ok(Scanned {
        flow: Flow::Go,
        differed,
    })
}

/// Index of the first byte that differs: whole windows and then 4 KiB chunks are compared
/// with `==` (memcmp, vectorised), and only a chunk that differs is looked at byte by byte.
fn first_difference(old: &[u8], new: &[u8]) -> Option<usize> {
    if old == new {
        return None;
    }
    let mut i = 0;
    while i < old.len() {
        let end = (i + CHUNK).min(old.len());
        if old[i..end] != new[i..end] {
            return old[i..end]
                .iter()
                .zip(&new[i..end])
                .position(|(x, y)| x != y)
                .map(|d| i + d);
        }
        i = end;
    }
    None
}

/// Index of the first byte that is equal (or the length).
fn first_equal(old: &[u8], new: &[u8]) -> usize {
    old.iter()
        .zip(new)
        .position(|(x, y)| x == y)
        .unwrap_or(old.len())
}

/// SHA-256 of one file, taken on a thread of its own from the windows the comparison maps
/// (hashing is the slow part: about 1 GB/s with SHA-NI here, where comparing runs at memory
/// speed). A window is handed over, not copied, and the channel holds none waiting, so at
/// most two windows of each file are mapped at once. Where no thread can be had
/// (RLIMIT_NPROC), the hashing is done inline instead.
struct Hasher {
    thread: Option<(SyncSender<Message>, JoinHandle<Digest256>)>,
    inline: Sha256,
}

enum Message {
    Window(Mapping),
    /// Send back a copy of the state so far (B's start, where it first differs from A).
    Fork(SyncSender<Sha256>),
}

impl Hasher {
    fn start(name: &str, state: Sha256) -> Self {
        let (tx, rx) = sync_channel::<Message>(0);
        let first = state.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("sha256-{name}"))
            .spawn(move || {
                let mut state = first;
                for message in rx {
                    match message {
                        Message::Window(window) => state.update(window.bytes()),
                        Message::Fork(back) => {
                            let _ = back.send(state.clone());
                        }
                    }
                }
                state.finalize().into()
            });
        Hasher {
            thread: spawned.ok().map(|handle| (tx, handle)),
            inline: state,
        }
    }

    fn feed(&mut self, window: Mapping) -> Result<()> {
        match &self.thread {
            Some((tx, _)) => tx
                .send(Message::Window(window))
                .ok()
                .context("the hashing thread ended early"),
            None => {
                self.inline.update(window.bytes());
                Ok(())
            }
        }
    }

    /// The state after everything fed so far.
    fn fork(&mut self) -> Result<Sha256> {
        match &self.thread {
            Some((tx, _)) => {
                let (back, state) = sync_channel(1);
                tx.send(Message::Fork(back))
                    .ok()
                    .and_then(|()| state.recv().ok())
                    .context("the hashing thread ended early")
            }
            None => Ok(self.inline.clone()),
        }
    }

    fn finish(self) -> Result<Digest256> {
        match self.thread {
            Some((tx, handle)) => {
                drop(tx);
                handle.join().ok().context("the hashing thread failed")
            }
            None => Ok(self.inline.finalize().into()),
        }
    }
}
