//! A small replayer of dm-log-writes logs, for the power-cut test (`ci/powercut.sh`), which
//! runs it inside a QEMU guest: Debian ships the kernel target but not `replay-log`.
//!
//! The log's format is the kernel's (Documentation/admin-guide/device-mapper/log-writes.rst,
//! drivers/md/dm-log-writes.c): sector 0 holds a super block (magic, version, number of
//! entries, sector size), then every entry takes one sector (`sector`, `nr_sectors`,
//! `flags`, `data_len`, all little-endian u64; a mark's name follows in that sector),
//! followed by the `nr_sectors` sectors of data it wrote (none for flushes, marks and
//! discards). Entries are in the order the writes reached the disk, flushes included.
//!
//! ```text
//! replay_log list LOG                          one line per entry
//! replay_log points LOG FROM_MARK TO_MARK N    entries to check at: every flush, every
//!                                              Nth write, the marks
//! replay_log apply LOG TARGET FROM TO          write entries FROM..TO (TO excluded)
//! ```
//!
//! An entry index `I` in `points` means "the disk as it was just after entry I":
//! `apply LOG TARGET 0 I+1` from the disk the log started on.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::process::ExitCode;

/// The kernel's WRITE_LOG_MAGIC.
const MAGIC: u64 = 0x006a_7366_7773_6872;
const FLUSH: u64 = 1 << 0;
const FUA: u64 = 1 << 1;
const DISCARD: u64 = 1 << 2;
const MARK: u64 = 1 << 3;

/// One log entry, without its data.
struct Entry {
    index: u64,
    sector: u64,
    nr_sectors: u64,
    flags: u64,
    mark: Option<String>,
    /// Byte position of its data in the log.
    data_at: u64,
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut raw = [0u8; 8];
    raw.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(raw)
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Reads the super block and every entry's header.
fn entries(log: &mut File) -> io::Result<(u64, Vec<Entry>)> {
    let mut superblock = [0u8; 28];
    log.seek(SeekFrom::Start(0))?;
    log.read_exact(&mut superblock)?;
    if u64_at(&superblock, 0) != MAGIC {
        return Err(invalid("not a dm-log-writes log (bad magic)".into()));
    }
    let version = u64_at(&superblock, 8);
    if version != 1 {
        return Err(invalid(format!("log version {version}, not 1")));
    }
    let count = u64_at(&superblock, 16);
    let sector_size = u64::from(u32::from_le_bytes([
        superblock[24],
        superblock[25],
        superblock[26],
        superblock[27],
    ]));
    if !(512..=65536).contains(&sector_size) || !sector_size.is_power_of_two() {
        return Err(invalid(format!("sector size {sector_size}")));
    }
    let mut out = Vec::new();
    let mut at = sector_size;
    let mut header = vec![0u8; sector_size as usize];
    for index in 0..count {
        log.seek(SeekFrom::Start(at))?;
        log.read_exact(&mut header)?;
        let sector = u64_at(&header, 0);
        let nr_sectors = u64_at(&header, 8);
        let flags = u64_at(&header, 16);
        let data_len = u64_at(&header, 24);
        let mark = if flags & MARK != 0 {
            let len = (data_len as usize).min(header.len() - 32);
            Some(String::from_utf8_lossy(&header[32..32 + len]).into_owned())
        } else {
            None
        };
        at += sector_size;
        let data_at = at;
        if flags & DISCARD == 0 {
            at += nr_sectors * sector_size;
        }
        out.push(Entry {
            index,
            sector,
            nr_sectors,
            flags,
            mark,
            data_at,
        });
    }
    Ok((sector_size, out))
}

fn kind(entry: &Entry) -> &'static str {
    if entry.mark.is_some() {
        "mark"
    } else if entry.flags & DISCARD != 0 {
        "discard"
    } else if entry.flags & FLUSH != 0 && entry.nr_sectors == 0 {
        "flush"
    } else if entry.flags & FUA != 0 {
        "fua"
    } else if entry.flags & FLUSH != 0 {
        "flush+write"
    } else {
        "write"
    }
}

fn find_mark(list: &[Entry], name: &str) -> io::Result<u64> {
    list.iter()
        .find(|e| e.mark.as_deref() == Some(name))
        .map(|e| e.index)
        .ok_or_else(|| invalid(format!("no mark {name:?} in the log")))
}

/// The entries to check at between two marks: the first mark, every flush and FUA write,
/// every `every`th plain write (the states between flushes), the last mark.
fn points(list: &[Entry], from: u64, to: u64, every: u64) -> Vec<(u64, &'static str)> {
    let mut out = vec![(from, "mark")];
    let mut writes = 0;
    for entry in &list[(from + 1) as usize..to as usize] {
        let kind = kind(entry);
        match kind {
            "flush" | "fua" | "flush+write" => out.push((entry.index, kind)),
            "write" | "discard" => {
                writes += 1;
                if every > 0 && writes % every == 0 {
                    out.push((entry.index, kind));
                }
            }
            _ => {}
        }
    }
    out.push((to, "mark"));
    out
}

fn apply(log: &mut File, target: &mut File, list: &[Entry], sector_size: u64) -> io::Result<()> {
    let mut data = Vec::new();
    for entry in list {
        let len = (entry.nr_sectors * sector_size) as usize;
        if entry.mark.is_some() || len == 0 {
            continue;
        }
        data.resize(len, 0);
        if entry.flags & DISCARD != 0 {
            // What replay-log does without discard support: the range reads as zeros.
            data.fill(0);
        } else {
            log.seek(SeekFrom::Start(entry.data_at))?;
            log.read_exact(&mut data)?;
        }
        target.seek(SeekFrom::Start(entry.sector * sector_size))?;
        target.write_all(&data)?;
    }
    target.sync_all()
}

fn number(text: Option<&String>, what: &str) -> io::Result<u64> {
    text.and_then(|t| t.parse().ok())
        .ok_or_else(|| invalid(format!("{what}: a number is needed")))
}

fn run(args: &[String]) -> io::Result<()> {
    let usage = || {
        invalid("usage: replay_log list LOG | points LOG FROM_MARK TO_MARK N | apply LOG TARGET FROM TO".into())
    };
    let (command, log_path) = match (args.first(), args.get(1)) {
        (Some(c), Some(l)) => (c.as_str(), l),
        _ => return Err(usage()),
    };
    let mut log = File::open(log_path)?;
    let (sector_size, list) = entries(&mut log)?;
    let mut out = io::stdout().lock();
    match command {
        "list" => {
            for e in &list {
                let mark = e.mark.as_deref().unwrap_or("");
                writeln!(
                    out,
                    "{} {} sector={} sectors={} flags={:#x} {mark}",
                    e.index,
                    kind(e),
                    e.sector,
                    e.nr_sectors,
                    e.flags
                )?;
            }
        }
        "points" => {
            let (Some(from), Some(to)) = (args.get(2), args.get(3)) else {
                return Err(usage());
            };
            let from = find_mark(&list, from)?;
            let to = find_mark(&list, to)?;
            if to <= from {
                return Err(invalid("the end mark comes before the start mark".into()));
            }
            let every = number(args.get(4), "N")?;
            for (index, kind) in points(&list, from, to, every) {
                writeln!(out, "{index} {kind}")?;
            }
        }
        "apply" => {
            let Some(target) = args.get(2) else {
                return Err(usage());
            };
            let from = number(args.get(3), "FROM")?;
            let to = number(args.get(4), "TO")?;
            if from > to || to > list.len() as u64 {
                return Err(invalid(format!(
                    "entries {from}..{to} are not in the log's {}",
                    list.len()
                )));
            }
            let mut target = OpenOptions::new().write(true).open(target)?;
            apply(
                &mut log,
                &mut target,
                &list[from as usize..to as usize],
                sector_size,
            )?;
        }
        _ => return Err(usage()),
    }
    out.flush()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "replay_log: error: {e}");
            ExitCode::FAILURE
        }
    }
}
