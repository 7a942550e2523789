//! `mmapctl lock`: pin regions of files in RAM until a signal or `--for` ends the hold, and
//! explain a refused lock instead of failing mysteriously.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use indicatif::ProgressBar;

use crate::cli::LockArgs;
use crate::exit::Failure;
use crate::mapping::{os, Bounds, Mapping, Protection, Source};
use crate::output::{print_json, progress};
use crate::units::{human_bytes, Offset};

/// Bytes locked per mlock call: small enough that a signal or a progress update is seen
/// within tens of milliseconds even when the pages come from disk (~2 GB/s here), large
/// enough that the extra calls cost nothing measurable.
const STEP: usize = 64 << 20;

/// Regions locked so far. Dropping it unmaps them, and munmap removes their locks with
/// them (POSIX), so an error or a signal at any point leaves nothing locked. Releasing by
/// munmap alone, rather than munlock then munmap, is also what makes a stop signal end the
/// hold quickly: for 1 GiB cached in 4 KiB folios, ~75 ms here instead of ~105 ms.
struct Pinned {
    held: Vec<(Source, Mapping)>,
}

/// What a lock does, settled from the command line before anything is opened.
struct Plan<'a> {
    files: &'a [PathBuf],
    offset: Offset,
    length: Option<u64>,
    /// `--for`: how long to hold (`None`: until a stop signal).
    hold: Option<Duration>,
    json: bool,
    /// Whether the human lines go to stderr: always without --json, with it only under -v.
    tell: bool,
}

impl<'a> Plan<'a> {
    fn from_args(args: &'a LockArgs) -> Self {
        Plan {
            files: &args.files,
            offset: args.region.offset,
            length: args.region.length.map(|l| l.0),
            hold: args.hold_for.map(|d| d.0),
            json: args.json,
            tell: !args.json || args.verbose,
        }
    }
}

/// Runs `mmapctl lock`.
///
/// # Errors
/// A bad file or region; a refused lock (with the limit and a hint); a stop signal that
/// arrives before everything is locked.
pub fn run(args: &LockArgs) -> Result<()> {
    lock(&Plan::from_args(args))
}

fn lock(plan: &Plan) -> Result<()> {
    // Blocked before anything else, so a signal at any moment queues rather than kills the
    // process with pages locked, and the hold waits on it without polling.
    let signals = os::StopSignals::block().context("cannot lock")?;
    let mut sources = Vec::with_capacity(plan.files.len());
    for path in plan.files {
        let source = Source::open(path, false)?;
        let region = source.resolve(plan.offset, plan.length, Bounds::Clamp)?;
        sources.push((source, region));
    }
    crate::hooks::pause(crate::hooks::Point::Lock)?;
    let page = os::page_size();
    // Saturating: two sparse files of 8 EiB (tmpfs allows them) overflowed these sums,
    // a panic before the mapping could be refused with its own error.
    let asked = sources
        .iter()
        .fold(0u64, |sum, (_, r)| sum.saturating_add(r.pages()))
        .saturating_mul(page);
    let total = sources
        .iter()
        .fold(0u64, |sum, (_, r)| sum.saturating_add(r.len));
    let bar = progress(
        total,
        total,
        "locking [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})",
    );
    let mut pinned = Pinned { held: Vec::new() };
    for (source, region) in sources {
        let mapping = source.map(region, Protection::ReadOnly)?;
        let already = pinned
            .held
            .iter()
            .fold(0u64, |sum, (_, m)| sum.saturating_add(m.region().pages()))
            .saturating_mul(page);
        pinned.held.push((source, mapping));
        let (source, mapping) = pinned.held.last().expect("invariant: just pushed");
        lock_in_steps(&signals, source, mapping, &bar, |err| {
            refused(&err, source, mapping, already, asked)
        })?;
    }
    bar.finish_and_clear();

    report_locked(&pinned, plan.json, plan.tell)?;
    let started = Instant::now();
    let hold = plan.hold;
    if plan.tell {
        match hold {
            // Duration's Debug form is what people type (500ms, 30s), except for zero.
            Some(Duration::ZERO) => say!("holding for 0s"),
            Some(d) => say!("holding for {d:?}, or until SIGINT (Ctrl-C), SIGTERM or SIGHUP"),
            None => say!("holding until SIGINT (Ctrl-C), SIGTERM or SIGHUP"),
        }
    }
    let signal = signals.wait(hold).context("cannot wait for a signal")?;
    let held = started.elapsed();
    // Unmapping is what unlocks (see `Pinned`).
    drop(pinned);
    let why = signal.map_or_else(String::new, |s| format!(" ({s})"));
    if plan.tell {
        say!("released after {:.1} s{why}", held.as_secs_f64());
    }
    if plan.json {
        let event = Released {
            event: "released",
            held_seconds: held.as_secs_f64(),
            signal,
        };
        print_json(&event)?;
    }
    Ok(())
}

/// Locks `mapping` one [`STEP`] at a time, checking for a stop signal between steps.
fn lock_in_steps(
    signals: &os::StopSignals,
    source: &Source,
    mapping: &Mapping,
    bar: &ProgressBar,
    refused: impl Fn(io::Error) -> anyhow::Error,
) -> Result<()> {
    let len = mapping.bytes().len();
    let mut start = 0;
    while start < len {
        let step = STEP.min(len - start);
        mapping.lock_range(start, step).map_err(&refused)?;
        bar.inc(step as u64);
        start += step;
        if let Some(signal) = signals.wait(Some(Duration::ZERO))? {
            return Err(anyhow!(
                "interrupted by {signal} while locking {} ({}); nothing stays locked",
                source.path().display(),
                mapping.region()
            ));
        }
    }
    Ok(())
}

/// The error for a refused mlock: what was asked, the limit, and how to raise it; or, when
/// the pages themselves could not be read in, the same error (exit 4) as any read of them.
fn refused(
    err: &io::Error,
    source: &Source,
    mapping: &Mapping,
    already: u64,
    asked: u64,
) -> anyhow::Error {
    let region = mapping.region();
    // ENOMEM and EPERM (and EAGAIN) are how mlock says the limit or memory refused.
    let refusal = matches!(
        err.kind(),
        io::ErrorKind::OutOfMemory | io::ErrorKind::PermissionDenied | io::ErrorKind::WouldBlock
    );
    let limits = refusal.then(os::memlock_limit).and_then(Result::ok);
    let binding = limits.is_some_and(|(soft, _)| soft.is_some_and(|s| asked > s));
    // mlock also reports pages it could not fault in (the file shrank, a full tmpfs has no
    // page for a hole) as ENOMEM. Where the limit does not explain the refusal, reading the
    // pages tells (EFAULT); only there, as that reads the whole region.
    if source.shrank_below(region.end())
        || err.kind() == io::ErrorKind::OutOfMemory
            && !binding
            && mapping
                .populate_read()
                .is_err_and(|e| crate::mapping::is_fault(&e))
    {
        return source.fault(region).into();
    }
    let page = os::page_size();
    let pages = region.pages();
    let mut message = format!(
        "cannot lock {} ({region}, {} in {pages} pages): {err}",
        source.path().display(),
        human_bytes(pages * page),
    );
    let Some((soft, hard)) = limits else {
        return anyhow!(message);
    };
    let show = |v: Option<u64>| v.map_or_else(|| "unlimited".to_string(), human_bytes);
    message.push_str(&format!(
        "; the memory-lock limit (RLIMIT_MEMLOCK) is {} (hard limit {}) and this run asks \
         for {}",
        show(soft),
        show(hard),
        human_bytes(asked)
    ));
    if already > 0 {
        message.push_str(&format!(
            ", {} of it for earlier regions (now unlocked again)",
            human_bytes(already)
        ));
    }
    let needed_kib = asked.div_ceil(1024);
    let hint = if binding {
        let mut hint = format!(
            "raise the limit: `ulimit -l {needed_kib}` (KiB) or `ulimit -l unlimited` in the \
             shell that starts mmapctl, `LimitMEMLOCK={asked}` in a systemd unit, or run it \
             with CAP_IPC_LOCK (root has it)"
        );
        if hard.is_some_and(|h| asked > h) {
            hint.push_str(&format!(
                "; the hard limit ({}) caps `ulimit -l`, so raising it takes root \
                 (/etc/security/limits.conf `memlock`)",
                show(hard)
            ));
        }
        hint
    } else {
        "the limit is not what refused: the system is short of memory it can lock; lock a \
         smaller region (-s/-n) or free memory"
            .to_string()
    };
    Failure::with_hint(message, hint).into()
}

/// `lock --json`'s first object (DESIGN.md's fields; keys in alphabetical order, as the
/// document has always been printed).
#[derive(serde::Serialize)]
struct Locked {
    bytes: u64,
    event: &'static str,
    files: Vec<LockedFile>,
    pages: u64,
}

#[derive(serde::Serialize)]
struct LockedFile {
    length: u64,
    offset: u64,
    pages: u64,
    path: String,
}

/// `lock --json`'s last object.
#[derive(serde::Serialize)]
struct Released {
    event: &'static str,
    held_seconds: f64,
    signal: Option<&'static str>,
}

/// Prints what is locked: the "locked" JSON object on stdout, flushed so that a script
/// waiting for it sees it now, then (if `tell`) a line per file and a total on stderr.
fn report_locked(pinned: &Pinned, json: bool, tell: bool) -> Result<()> {
    let mut files = Vec::new();
    let (mut bytes, mut pages) = (0u64, 0u64);
    for (source, mapping) in &pinned.held {
        let region = mapping.region();
        bytes += region.len;
        pages += region.pages();
        files.push(LockedFile {
            length: region.len,
            offset: region.offset,
            pages: region.pages(),
            path: source.path().to_string_lossy().into_owned(),
        });
    }
    if json {
        let event = Locked {
            bytes,
            event: "locked",
            files,
            pages,
        };
        // Before the lines on stderr: when stdout refuses the event, the error is then the
        // only line, and it says that the run ends with nothing locked (the caller unmaps
        // on the way out), rather than following lines that say "locked".
        let line = serde_json::to_string(&event)?;
        let mut out = io::stdout().lock();
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(crate::exit::from_io)
            .context("cannot write the \"locked\" event to stdout, so the lock was released")?;
    }
    if !tell {
        return Ok(());
    }
    for (source, mapping) in &pinned.held {
        let region = mapping.region();
        say!(
            "locked {} ({} pages) of {} ({region})",
            human_bytes(region.len),
            region.pages(),
            source.path().display()
        );
    }
    let count = pinned.held.len();
    let plural = if count == 1 { "" } else { "s" };
    say!(
        "locked {} ({pages} pages) in {count} file{plural}",
        human_bytes(bytes)
    );
    Ok(())
}
