//! The measured work itself: touching mapped bytes (a sum or a fill, in order or in random
//! blocks) and the same work through pread/pwrite, shared among threads. Nothing here
//! times or counts; `measure.rs` does.

use std::fs::File;
use std::hint::black_box;
use std::io;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{PoisonError, RwLock};

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// The four kinds of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Read every byte in order.
    Read,
    /// Write every byte in order.
    Write,
    /// Read whole blocks at random block-aligned offsets.
    RandRead,
    /// Write whole blocks at random block-aligned offsets.
    RandWrite,
}

impl Kind {
    /// The name on the command line and in the output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Read => "read",
            Kind::Write => "write",
            Kind::RandRead => "randread",
            Kind::RandWrite => "randwrite",
        }
    }

    /// Whether the work changes the bytes.
    pub fn writes(self) -> bool {
        matches!(self, Kind::Write | Kind::RandWrite)
    }

    /// Whether the work is random blocks rather than one pass in order.
    pub fn random(self) -> bool {
        matches!(self, Kind::RandRead | Kind::RandWrite)
    }
}

/// What one run does.
#[derive(Clone, Copy, Debug)]
pub struct Work {
    /// Which work.
    pub kind: Kind,
    /// Bytes in the region.
    pub len: usize,
    /// Bytes per random operation.
    pub block: usize,
    /// Threads sharing the work.
    pub threads: usize,
    /// Seed of this run's random offsets (the same for the mapping and the baseline).
    pub seed: u64,
    /// The byte written by write modes.
    pub value: u8,
}

impl Work {
    /// Random operations in one run: as many blocks as fit in the region, so a random run
    /// moves as many bytes as a sequential one.
    pub fn ops(&self) -> u64 {
        (self.len / self.block) as u64
    }

    /// Bytes one run reads or writes.
    pub fn bytes(&self) -> u64 {
        if self.kind.random() {
            self.ops() * self.block as u64
        } else {
            self.len as u64
        }
    }

    /// Thread `t`'s share of the region in order: page-aligned pieces.
    fn part(&self, t: usize) -> Range<usize> {
        const ALIGN: usize = 4096;
        let step = self.len.div_ceil(self.threads).div_ceil(ALIGN) * ALIGN;
        (t * step).min(self.len)..((t + 1) * step).min(self.len)
    }

    /// Thread `t`'s stripe of blocks: its operation count, and for randwrite the only
    /// blocks it writes (two threads writing one byte would be a data race).
    fn stripe(&self, t: usize) -> Range<usize> {
        let blocks = self.len / self.block;
        blocks * t / self.threads..blocks * (t + 1) / self.threads
    }

    /// Thread `t`'s random numbers: one seeded stream, jumped 2^128 steps per thread.
    fn rng(&self, t: usize) -> Xoshiro256PlusPlus {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        for _ in 0..t {
            rng.jump();
        }
        rng
    }

    /// Where thread `t`'s random offsets fall, in blocks, and how many operations it does.
    fn random_span(&self, t: usize) -> (Range<usize>, usize) {
        let stripe = self.stripe(t);
        let ops = stripe.len();
        if self.kind.writes() {
            (stripe, ops)
        } else {
            (0..self.len / self.block, ops)
        }
    }
}

/// A uniformly distributed index below `n` (Lemire's multiply-shift; `n` > 0).
fn uniform(rng: &mut Xoshiro256PlusPlus, n: usize) -> usize {
    // Below n, so it fits.
    usize::try_from((u128::from(rng.next_u64()) * n as u128) >> 64).unwrap_or(n - 1)
}

/// Sums `bytes` as native-endian 8-byte words (plus the tail's bytes). Eight independent
/// accumulators let the compiler keep several vector additions in flight, so the loop runs
/// at memory speed; the caller hands the result to `black_box` so it cannot be dropped.
pub fn sum(bytes: &[u8]) -> u64 {
    let mut acc = [0u64; 8];
    let mut chunks = bytes.chunks_exact(64);
    for chunk in &mut chunks {
        for (i, a) in acc.iter_mut().enumerate() {
            let word: [u8; 8] = chunk[i * 8..i * 8 + 8].try_into().expect("8-byte slice");
            *a = a.wrapping_add(u64::from_ne_bytes(word));
        }
    }
    let tail = chunks
        .remainder()
        .iter()
        .fold(0u64, |t, &b| t.wrapping_add(u64::from(b)));
    acc.iter().fold(tail, |t, &a| t.wrapping_add(a))
}

/// The system refused to start one of the threads `--threads` asks for (RLIMIT_NPROC, a
/// pids cgroup, or no memory for its stack). The run stops: fewer threads would measure
/// something that was not asked for.
#[derive(Debug, thiserror::Error)]
#[error("cannot start thread {number} of the {threads} that --threads {threads} asks for")]
pub struct SpawnRefused {
    /// Which thread (the calling thread is 1).
    number: usize,
    /// How many were asked for.
    threads: usize,
    #[source]
    cause: io::Error,
}

/// Runs one job per thread, the first on the calling thread (saving one spawn), and
/// returns their results in order.
///
/// # Errors
/// A thread the system refused to start; then no job runs.
fn on_threads<'a, T: Send>(
    jobs: Vec<Box<dyn FnOnce() -> T + Send + 'a>>,
) -> Result<Vec<T>, SpawnRefused> {
    let threads = jobs.len();
    let mut jobs = jobs.into_iter();
    let Some(first) = jobs.next() else {
        return Ok(Vec::new());
    };
    // Started threads wait behind the gate until every thread has started, so that a refused
    // one stops the run before any work is done (not after the others' share of a huge
    // region).
    let gate = RwLock::new(());
    let refused = AtomicBool::new(false);
    let (gate, refused) = (&gate, &refused);
    std::thread::scope(|scope| {
        let closed = gate.write().unwrap_or_else(PoisonError::into_inner);
        let mut handles = Vec::with_capacity(threads - 1);
        for (i, job) in jobs.enumerate() {
            let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
                drop(gate.read().unwrap_or_else(PoisonError::into_inner));
                // Ordered by the lock: the flag is set before the gate opens.
                (!refused.load(Ordering::Relaxed)).then(job)
            });
            match spawned {
                Ok(handle) => handles.push(handle),
                Err(cause) => {
                    refused.store(true, Ordering::Relaxed);
                    drop(closed);
                    return Err(SpawnRefused {
                        number: i + 2,
                        threads,
                        cause,
                    });
                }
            }
        }
        drop(closed);
        let mut results = vec![first()];
        for handle in handles {
            let result = handle
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            results.push(result.expect("invariant: no thread was refused"));
        }
        Ok(results)
    })
}

/// Splits `bytes` into the consecutive, disjoint `ranges` (ascending, within `bytes`).
fn split_mut<'a>(mut bytes: &'a mut [u8], ranges: &[Range<usize>]) -> Vec<&'a mut [u8]> {
    let mut done = 0;
    let mut pieces = Vec::with_capacity(ranges.len());
    for range in ranges {
        let rest = std::mem::take(&mut bytes);
        let (_, rest) = rest.split_at_mut(range.start - done);
        let (piece, rest) = rest.split_at_mut(range.len());
        pieces.push(piece);
        bytes = rest;
        done = range.end;
    }
    pieces
}

/// Reads mapped `bytes` as `work` says (read or randread); returns the sum of what it read.
///
/// # Errors
/// A refused thread.
pub fn read_mapped(bytes: &[u8], work: &Work) -> Result<u64, SpawnRefused> {
    let jobs = (0..work.threads)
        .map(|t| -> Box<dyn FnOnce() -> u64 + Send + '_> {
            if work.kind.random() {
                let (span, ops) = work.random_span(t);
                let mut rng = work.rng(t);
                let block = work.block;
                Box::new(move || {
                    let mut total = 0u64;
                    for _ in 0..ops {
                        let at = (span.start + uniform(&mut rng, span.len())) * block;
                        total = total.wrapping_add(sum(&bytes[at..at + block]));
                    }
                    total
                })
            } else {
                let part = &bytes[work.part(t)];
                Box::new(move || sum(part))
            }
        })
        .collect();
    Ok(black_box(
        on_threads(jobs)?.into_iter().fold(0, u64::wrapping_add),
    ))
}

/// Writes mapped `bytes` as `work` says (write or randwrite).
///
/// # Errors
/// A refused thread.
pub fn write_mapped(bytes: &mut [u8], work: &Work) -> Result<(), SpawnRefused> {
    let value = work.value;
    let block = work.block;
    let ranges: Vec<Range<usize>> = (0..work.threads)
        .map(|t| {
            if work.kind.random() {
                let stripe = work.stripe(t);
                stripe.start * block..stripe.end * block
            } else {
                work.part(t)
            }
        })
        .collect();
    let random = work.kind.random();
    let jobs = split_mut(bytes, &ranges)
        .into_iter()
        .enumerate()
        .map(|(t, piece)| -> Box<dyn FnOnce() + Send + '_> {
            let mut rng = work.rng(t);
            Box::new(move || {
                if random {
                    let blocks = piece.len() / block;
                    for _ in 0..blocks {
                        let at = uniform(&mut rng, blocks) * block;
                        piece[at..at + block].fill(value);
                    }
                } else {
                    piece.fill(value);
                }
                black_box(piece);
            })
        })
        .collect();
    on_threads(jobs)?;
    Ok(())
}

/// Does `work` on `file` with pread/pwrite, the region starting at file offset `base`:
/// requests of `request` bytes in order, or of `--block` at the same random offsets as the
/// mapping's run. Each thread uses its own page-aligned buffer of `buffers` (a buffer off a
/// 64-byte boundary reads at a fraction of the speed); read modes sum what they read, so
/// both sides do the same work. Returns the sum.
///
/// # Errors
/// A refused thread (outside); pread/pwrite's error, `UnexpectedEof` when the file shrank
/// (inside: these are the file's errors, told apart by the caller).
pub fn syscalls(
    file: &File,
    base: u64,
    work: &Work,
    buffers: &mut [&mut [u8]],
) -> Result<io::Result<u64>, SpawnRefused> {
    let jobs = buffers
        .iter_mut()
        .take(work.threads)
        .enumerate()
        .map(
            |(t, buf)| -> Box<dyn FnOnce() -> io::Result<u64> + Send + '_> {
                let work = *work;
                Box::new(move || {
                    let request = buf.len();
                    let mut total = 0u64;
                    let mut io = |at: usize, len: usize| -> io::Result<()> {
                        let at_file = base + at as u64;
                        if work.kind.writes() {
                            write_at(file, &buf[..len], at_file)
                        } else {
                            read_at(file, &mut buf[..len], at_file)?;
                            total = total.wrapping_add(sum(&buf[..len]));
                            Ok(())
                        }
                    };
                    if work.kind.random() {
                        let (span, ops) = work.random_span(t);
                        let mut rng = work.rng(t);
                        for _ in 0..ops {
                            let at = (span.start + uniform(&mut rng, span.len())) * work.block;
                            io(at, work.block)?;
                        }
                    } else {
                        let part = work.part(t);
                        let mut at = part.start;
                        while at < part.end {
                            let len = request.min(part.end - at);
                            io(at, len)?;
                            at += len;
                        }
                    }
                    Ok(total)
                })
            },
        )
        .collect();
    let mut total = 0u64;
    for result in on_threads(jobs)? {
        match result {
            Ok(sum) => total = total.wrapping_add(sum),
            Err(err) => return Ok(Err(err)),
        }
    }
    Ok(Ok(black_box(total)))
}

/// pread all of `buf` from `at`.
#[cfg(unix)]
pub fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

/// pwrite all of `buf` at `at`.
#[cfg(unix)]
pub fn write_at(file: &File, buf: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, buf, at)
}

/// Positioned reads are measured on Unix only.
#[cfg(not(unix))]
pub fn read_at(_file: &File, _buf: &mut [u8], _at: u64) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "pread is only supported on Unix",
    ))
}

/// Positioned writes are measured on Unix only.
#[cfg(not(unix))]
pub fn write_at(_file: &File, _buf: &[u8], _at: u64) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "pwrite is only supported on Unix",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(kind: Kind, len: usize, block: usize, threads: usize) -> Work {
        Work {
            kind,
            len,
            block,
            threads,
            seed: 7,
            value: 0xab,
        }
    }

    #[test]
    fn sum_counts_every_byte_at_any_alignment() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
        for start in 0..9 {
            let slice = &bytes[start..];
            let mut expected = 0u64;
            let whole = slice.len() / 64 * 64;
            for c in slice[..whole].chunks_exact(8) {
                expected = expected.wrapping_add(u64::from_ne_bytes(c.try_into().unwrap()));
            }
            for &b in &slice[whole..] {
                expected = expected.wrapping_add(u64::from(b));
            }
            assert_eq!(sum(slice), expected);
        }
    }

    #[test]
    fn parts_and_stripes_cover_the_region_once() {
        for threads in 1..6 {
            let w = work(Kind::Read, 3 * 4096 + 100, 512, threads);
            let mut next = 0;
            for t in 0..threads {
                let part = w.part(t);
                assert_eq!(part.start, next.min(w.len));
                next = part.end;
            }
            assert_eq!(next, w.len);
            let ops: usize = (0..threads).map(|t| w.stripe(t).len()).sum();
            assert_eq!(ops as u64, w.ops());
        }
    }

    #[test]
    fn write_modes_write_every_byte_or_whole_blocks() {
        let mut bytes = vec![0u8; 10_000];
        write_mapped(&mut bytes, &work(Kind::Write, 10_000, 100, 3)).unwrap();
        assert!(bytes.iter().all(|&b| b == 0xab));

        let mut bytes = vec![0u8; 10_000];
        write_mapped(&mut bytes, &work(Kind::RandWrite, 10_000, 100, 2)).unwrap();
        for block in bytes.chunks(100) {
            assert!(block.iter().all(|&b| b == block[0]), "partial block");
        }
        assert!(bytes.contains(&0xab));
    }

    #[test]
    fn mapping_and_syscalls_read_the_same_bytes() {
        let bytes: Vec<u8> = (0..65536u32).map(|i| (i * 13) as u8).collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, &bytes).unwrap();
        let file = File::open(&path).unwrap();
        for kind in [Kind::Read, Kind::RandRead] {
            for threads in [1, 3] {
                let w = work(kind, 60000, 512, threads);
                let mut buffers: Vec<Vec<u8>> = vec![vec![0; 4096]; threads];
                let mut views: Vec<&mut [u8]> = buffers.iter_mut().map(|b| &mut b[..]).collect();
                let by_syscalls = syscalls(&file, 100, &w, &mut views).unwrap().unwrap();
                assert_eq!(read_mapped(&bytes[100..60100], &w).unwrap(), by_syscalls);
            }
        }
    }
}
