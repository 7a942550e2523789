//! `mmapctl bench`: how fast memory mapping reads and writes a file (or anonymous memory),
//! beside pread/pwrite, with the page faults and page-cache state that explain the figures.
//!
//! Modules: `target` (what is measured, warm/cold), `workload` (the touching itself),
//! `measure` (timing one run), `outcome` (the runs and figures), `report` (table and JSON).

mod measure;
mod outcome;
mod report;
mod target;
mod workload;

#[cfg(test)]
mod tests;

use std::io::{self, Write};
use std::time::Instant;

use anyhow::{bail, Result};

use crate::cli::{BenchArgs, BenchMode};
use crate::exit::Failure;
use crate::mapping::{os, Protection};
use crate::output::{progress, value_name};
use crate::units::human_bytes;
use measure::{MapPlan, Sample};
use outcome::{Baseline, ModeResult, Outcome, Params, Process};
use target::{Target, TargetKind};
use workload::{Kind, Work};

/// Bytes per pread/pwrite in the sequential baseline (`dd bs=1M`).
const BASELINE_REQUEST: usize = 1 << 20;

/// Runs `mmapctl bench`.
///
/// # Errors
/// Refused write modes on a user's file, bad arguments for the region, mapping and I/O
/// failures (a file that shrinks is exit 4).
pub fn run(args: &BenchArgs) -> Result<()> {
    let started = Instant::now();
    let mut notes = Vec::new();
    let modes = modes(args, &mut notes)?;
    let writes = modes.iter().any(|k| k.writes());
    let mut target = match (&args.file, args.anon) {
        (Some(path), _) => Target::file(
            path,
            writes && args.destructive,
            args.region.offset,
            args.region.length.map(|l| l.0),
        )?,
        (None, true) => Target::anonymous(args.size.0),
        (None, false) => Target::temporary(
            args.size.0,
            args.region.offset,
            args.region.length.map(|l| l.0),
        )?,
    };
    target::check_not_empty(&target)?;
    // A 32-bit process cannot map more than 4 GiB: one line naming the region, before any
    // work (a temporary file is not written).
    let len = usize::try_from(target.region.len).map_err(|_| {
        anyhow::anyhow!(
            "cannot map {} ({}, {}): region is larger than this platform's address space",
            target.describe(),
            target.region,
            human_bytes(target.region.len)
        )
    })?;
    let block = usize::try_from(args.block.0).unwrap_or(usize::MAX);
    if modes.iter().any(|k| k.random()) {
        if block == 0 {
            bail!("--block 0: a random operation needs at least one byte");
        }
        if block > len {
            // The default (4 KiB) refuses any smaller file, so say how to get past it.
            return Err(Failure::with_hint(
                format!(
                    "--block {block} is larger than the region of {} ({}, {})",
                    target.describe(),
                    target.region,
                    human_bytes(target.region.len)
                ),
                "give a --block no larger than the region, or --mode read",
            )
            .into());
        }
    }
    let advise_name = args.advise.map(|a| value_name(&a));
    if let (Some(advice), Some(name)) = (args.advise, &advise_name) {
        target.check_advice(advice, name)?;
    }
    target.fill()?;

    let params = params(args, &target, modes.clone(), advise_name);
    let steps = modes.len() as u64 * u64::from(args.runs) * if args.baseline { 2 } else { 1 };
    let bar = progress(
        target.region.len.saturating_mul(steps),
        steps,
        "bench {msg:9} [{bar:30}] {pos}/{len} runs",
    );
    let mut results = Vec::new();
    for kind in modes {
        bar.set_message(kind.name());
        let plan = MapPlan {
            prot: protection(args, &target, kind),
            populate: args.populate,
            advise: args.advise,
        };
        let mut result = ModeResult {
            kind,
            bytes: 0,
            ops: None,
            samples: Vec::new(),
            baseline: baseline_plan(args, &target, kind),
        };
        for run in 0..args.runs {
            let work = Work {
                kind,
                len,
                block: if kind.random() { block } else { len.max(1) },
                threads: args.threads as usize,
                seed: args.seed.wrapping_add(u64::from(run)),
                value: 0x5a ^ run as u8,
            };
            result.bytes = work.bytes();
            result.ops = kind.random().then(|| work.ops());
            let resident = target.prepare(args.cold, &mut notes)?;
            let sample = measure::mapped(&target, &work, &plan)?;
            result.samples.push(Sample { resident, ..sample });
            bar.inc(1);
            if let Baseline::Ran(samples) = &mut result.baseline {
                let request = if kind.random() {
                    block
                } else {
                    BASELINE_REQUEST.min(len)
                };
                let resident = target.prepare(args.cold, &mut notes)?;
                let sample = measure::syscalls(&target, &work, request)?;
                samples.push(Sample { resident, ..sample });
                bar.inc(1);
            }
        }
        results.push(result);
    }
    bar.finish_and_clear();
    // Remove the temporary file before reporting, so it is gone whatever happens to stdout.
    drop(target);
    let (minor_faults, major_faults) = os::page_faults();
    let mut outcome = Outcome {
        params,
        results,
        notes,
        process: Process {
            seconds: started.elapsed().as_secs_f64(),
            minor_faults,
            major_faults,
        },
    };
    if crate::hooks::fake_figures() {
        fake(&mut outcome);
    }
    for note in &outcome.notes {
        say!("mmapctl: note: {note}");
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        report::write_json(&outcome, &mut out).and_then(|()| writeln!(out))
    } else {
        report::table(&outcome, &mut out)
    }
    .and_then(|()| out.flush())
    .map_err(|e| crate::exit::from_io(e).context("cannot write to stdout"))
}

/// The modes to run. An explicit write mode on a user's file without --copy or
/// --destructive is refused before anything is opened; without --mode such a file gets the
/// read modes only (and a note).
fn modes(args: &BenchArgs, notes: &mut Vec<String>) -> Result<Vec<Kind>> {
    let all = vec![Kind::Read, Kind::Write, Kind::RandRead, Kind::RandWrite];
    let protected = args.file.is_some() && !args.copy && !args.destructive;
    let modes = match args.mode {
        Some(BenchMode::Read) => vec![Kind::Read],
        Some(BenchMode::Write) => vec![Kind::Write],
        Some(BenchMode::Randread) => vec![Kind::RandRead],
        Some(BenchMode::Randwrite) => vec![Kind::RandWrite],
        Some(BenchMode::All) => all,
        None if protected => {
            notes.push(
                "write and randwrite skipped: they would change the file; --copy (private \
                 mapping, file untouched) or --destructive runs them"
                    .into(),
            );
            vec![Kind::Read, Kind::RandRead]
        }
        None => all,
    };
    if protected && modes.iter().any(|k| k.writes()) {
        let path = args.file.as_deref().expect("protected implies a file");
        bail!(
            "{}: refusing --mode {}: it would overwrite the file; add --copy (private mapping, \
             file untouched) or --destructive",
            path.display(),
            args.mode.map_or("all".to_string(), |m| value_name(&m))
        );
    }
    Ok(modes)
}

/// How each run maps the target for `kind`.
fn protection(args: &BenchArgs, target: &Target, kind: Kind) -> Protection {
    if args.copy {
        Protection::Copy
    } else if kind.writes() && target.kind != TargetKind::Anonymous {
        Protection::ReadWrite
    } else {
        Protection::ReadOnly
    }
}

fn baseline_plan(args: &BenchArgs, target: &Target, kind: Kind) -> Baseline {
    if !args.baseline || target.kind == TargetKind::Anonymous {
        Baseline::Off
    } else if args.copy && kind.writes() {
        Baseline::Skipped(
            "pwrite would change the file that --copy protects; no private equivalent".into(),
        )
    } else {
        Baseline::Ran(Vec::new())
    }
}

fn params(args: &BenchArgs, target: &Target, modes: Vec<Kind>, advise: Option<String>) -> Params {
    Params {
        kind: target.kind,
        path: target.source().map(|s| s.path().to_path_buf()),
        file_size: target.source().map(|s| s.size()),
        region: target.region,
        modes,
        block: args.block.0,
        threads: args.threads,
        runs: args.runs,
        seed: args.seed,
        populate: args.populate,
        advise,
        cold: args.cold,
        baseline: args.baseline,
        baseline_request: BASELINE_REQUEST.min(target.region.len as usize) as u64,
        mapping: match (target.kind, args.copy) {
            (TargetKind::Anonymous, _) => "anonymous",
            (_, true) => "private",
            (_, false) => "shared",
        },
        destructive: args.destructive,
        page_size: os::page_size(),
        fake: crate::hooks::fake_figures(),
    }
}

/// Replaces every measured figure with a fixed fake (the `MMAPCTL_TEST_FAKE_FIGURES` test
/// hook, debug builds only; see src/hooks.rs), so tests
/// can assert the table and JSON exactly: run N (from 0) of a mode takes (N + 1) seconds per
/// GiB, its baseline twice that; map 1 ms, populate 2 ms; one minor fault per 4 KiB; the
/// file fully resident (none with --cold).
fn fake(outcome: &mut Outcome) {
    let p = &mut outcome.params;
    let resident = (p.kind != TargetKind::Anonymous).then_some(if p.cold { 0.0 } else { 1.0 });
    let populate = p.populate;
    let mut minor_total = 0;
    for result in &mut outcome.results {
        let gib = result.bytes as f64 / outcome::GIB;
        let faults = result.bytes / 4096;
        let fake_sample = |run: usize, factor: f64, map: bool| Sample {
            map: if map { 0.001 } else { 0.0 },
            populate: (map && populate).then_some(0.002),
            touch: gib * (run + 1) as f64 * factor,
            minor_faults: if map { faults } else { 0 },
            major_faults: 0,
            resident,
        };
        for (run, sample) in result.samples.iter_mut().enumerate() {
            *sample = fake_sample(run, 1.0, true);
            minor_total += faults;
        }
        if let Baseline::Ran(samples) = &mut result.baseline {
            for (run, sample) in samples.iter_mut().enumerate() {
                *sample = fake_sample(run, 2.0, false);
            }
        }
    }
    outcome
        .notes
        .retain(|n| !n.starts_with("--cold") && !n.starts_with("warming"));
    outcome.process = Process {
        seconds: 1.0,
        minor_faults: minor_total,
        major_faults: 0,
    };
}
