//! `mmapctl bench`: how fast memory mapping reads and writes a file (or anonymous memory),
//! beside pread/pwrite, with the page faults and page-cache state that explain the figures.
//!
//! Modules: `target` (what is measured, warm/cold), `workload` (the touching itself),
//! `measure` (timing one run), `probe` (where the figures come from: measured, or fake for
//! tests), `outcome` (the runs and figures), `report` (the table) and
//! `json` (the JSON document).

mod json;
mod measure;
mod outcome;
mod probe;
mod report;
mod target;
mod workload;

#[cfg(test)]
mod tests;

use std::io::{self, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::ProgressBar;

use crate::cli::{BenchArgs, BenchMode};
use crate::exit::Failure;
use crate::mapping::{os, Advice, Protection};
use crate::output::{progress, value_name};
use crate::units::{human_bytes, index, Offset};
use measure::{MapPlan, Sample};
use outcome::{Baseline, ModeResult, Outcome, Params};
use probe::Probe;
use target::{Target, TargetKind};
use workload::{Kind, Work};

/// Bytes per pread/pwrite in the sequential baseline (`dd bs=1M`).
const BASELINE_REQUEST: usize = 1 << 20;

/// What a bench does, settled from the command line before anything is opened: the modes
/// (a write mode on a user's file refused) and every parameter of the runs.
struct Plan<'a> {
    /// The user's file (`None`: anonymous memory or a temporary file).
    file: Option<&'a Path>,
    anon: bool,
    /// The size of the temporary file or anonymous memory.
    size: u64,
    offset: Offset,
    length: Option<u64>,
    modes: Vec<Kind>,
    block: u64,
    threads: u32,
    runs: u32,
    seed: u64,
    populate: bool,
    advise: Option<Advice>,
    cold: bool,
    baseline: bool,
    copy: bool,
    destructive: bool,
    json: bool,
}

impl<'a> Plan<'a> {
    /// The plan of `args`; a note for anything left out on the user's behalf.
    fn from_args(args: &'a BenchArgs, notes: &mut Vec<String>) -> Result<Self> {
        Ok(Plan {
            file: args.file.as_deref(),
            anon: args.anon,
            size: args.size.0,
            offset: args.region.offset,
            length: args.region.length.map(|l| l.0),
            modes: modes(args, notes)?,
            block: args.block.0,
            threads: args.threads,
            runs: args.runs,
            seed: args.seed,
            populate: args.populate,
            advise: args.advise,
            cold: args.cold,
            baseline: args.baseline,
            copy: args.copy,
            destructive: args.destructive,
            json: args.json,
        })
    }
}

/// Runs `mmapctl bench`.
///
/// # Errors
/// Refused write modes on a user's file, bad arguments for the region, mapping and I/O
/// failures (a file that shrinks is exit 4).
pub fn run(args: &BenchArgs) -> Result<()> {
    let started = Instant::now();
    let probe = probe::chosen();
    let mut notes = Vec::new();
    let plan = Plan::from_args(args, &mut notes)?;
    let mut target = open_target(&plan)?;
    let (len, block) = sizes(&plan, &target)?;
    let advise_name = plan.advise.map(|a| value_name(&a));
    if let (Some(advice), Some(name)) = (plan.advise, &advise_name) {
        target.check_advice(advice, name)?;
    }
    target.fill()?;
    let params = params(&plan, &target, advise_name, probe.fake());
    let mut runs = Runs {
        plan: &plan,
        probe,
        len,
        block,
        notes,
    };
    let results = runs.all(&mut target, &params.modes)?;
    // Remove the temporary file before reporting, so it is gone whatever happens to stdout.
    drop(target);
    let outcome = Outcome {
        process: probe.process(started, &results),
        params,
        results,
        notes: runs.notes,
    };
    print(&outcome, plan.json)
}

/// Opens, makes or maps what is measured, and checks that its region is not empty.
fn open_target(plan: &Plan) -> Result<Target> {
    let writes = plan.modes.iter().any(|k| k.writes());
    let target = match (plan.file, plan.anon) {
        (Some(path), _) => {
            Target::file(path, writes && plan.destructive, plan.offset, plan.length)?
        }
        (None, true) => Target::anonymous(plan.size),
        (None, false) => Target::temporary(plan.size, plan.offset, plan.length)?,
    };
    target::check_not_empty(&target)?;
    Ok(target)
}

/// The region's length and the random modes' block, as sizes in memory, once the block is
/// known to fit the region.
fn sizes(plan: &Plan, target: &Target) -> Result<(usize, usize)> {
    let len = usize::try_from(target.region.len)
        .context("the region is larger than this platform's address space")?;
    let block = usize::try_from(plan.block).unwrap_or(usize::MAX);
    if plan.modes.iter().any(|k| k.random()) {
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
    Ok((len, block))
}

/// The runs of a bench: what every mode shares, and the notes gathered on the way.
struct Runs<'a> {
    plan: &'a Plan<'a>,
    probe: &'a dyn Probe,
    /// The region's length.
    len: usize,
    /// Bytes per random operation.
    block: usize,
    notes: Vec<String>,
}

impl Runs<'_> {
    /// Every mode's runs, in order, under one progress bar.
    fn all(&mut self, target: &mut Target, modes: &[Kind]) -> Result<Vec<ModeResult>> {
        let plan = self.plan;
        let steps = modes.len() as u64 * u64::from(plan.runs) * if plan.baseline { 2 } else { 1 };
        let bar = progress(
            target.region.len.saturating_mul(steps),
            steps,
            "bench {msg:9} [{bar:30}] {pos}/{len} runs",
        );
        let mut results = Vec::with_capacity(modes.len());
        for &kind in modes {
            bar.set_message(kind.name());
            results.push(self.mode(target, kind, &bar)?);
        }
        bar.finish_and_clear();
        Ok(results)
    }

    /// The runs of one mode, each with its baseline run beside it.
    fn mode(&mut self, target: &mut Target, kind: Kind, bar: &ProgressBar) -> Result<ModeResult> {
        let plan = self.plan;
        let map = MapPlan {
            prot: protection(plan, target, kind),
            populate: plan.populate,
            advise: plan.advise,
        };
        let mut result = ModeResult {
            kind,
            bytes: 0,
            ops: None,
            samples: Vec::new(),
            baseline: baseline_plan(plan, target, kind),
        };
        let request = if kind.random() {
            self.block
        } else {
            BASELINE_REQUEST.min(self.len)
        };
        for run in 0..plan.runs {
            let work = Work {
                kind,
                len: self.len,
                block: if kind.random() {
                    self.block
                } else {
                    self.len.max(1)
                },
                threads: plan.threads as usize,
                seed: plan.seed.wrapping_add(u64::from(run)),
                value: 0x5a ^ run as u8,
            };
            result.bytes = work.bytes();
            result.ops = kind.random().then(|| work.ops());
            let resident = self.probe.prepare(target, plan.cold, &mut self.notes)?;
            let sample = self.probe.mapped(target, &work, map, run)?;
            result.samples.push(Sample { resident, ..sample });
            bar.inc(1);
            if let Baseline::Ran(samples) = &mut result.baseline {
                let resident = self.probe.prepare(target, plan.cold, &mut self.notes)?;
                let sample = self.probe.syscalls(target, &work, request, run)?;
                samples.push(Sample { resident, ..sample });
                bar.inc(1);
            }
        }
        Ok(result)
    }
}

/// Prints the notes on stderr, then the table or the JSON document on stdout.
fn print(outcome: &Outcome, json: bool) -> Result<()> {
    for note in &outcome.notes {
        say!("mmapctl: note: {note}");
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        json::write_json(outcome, &mut out).and_then(|()| writeln!(out))
    } else {
        report::table(outcome, &mut out)
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
fn protection(plan: &Plan, target: &Target, kind: Kind) -> Protection {
    if plan.copy {
        Protection::Copy
    } else if kind.writes() && target.kind != TargetKind::Anonymous {
        Protection::ReadWrite
    } else {
        Protection::ReadOnly
    }
}

fn baseline_plan(plan: &Plan, target: &Target, kind: Kind) -> Baseline {
    if !plan.baseline || target.kind == TargetKind::Anonymous {
        Baseline::Off
    } else if plan.copy && kind.writes() {
        Baseline::Skipped(
            "pwrite would change the file that --copy protects; no private equivalent".into(),
        )
    } else {
        Baseline::Ran(Vec::new())
    }
}

fn params(plan: &Plan, target: &Target, advise: Option<String>, fake: bool) -> Params {
    Params {
        kind: target.kind,
        path: target.source().map(|s| s.path().to_path_buf()),
        file_size: target.source().map(|s| s.size()),
        region: target.region,
        modes: plan.modes.clone(),
        block: plan.block,
        threads: plan.threads,
        runs: plan.runs,
        seed: plan.seed,
        populate: plan.populate,
        advise,
        cold: plan.cold,
        baseline: plan.baseline,
        baseline_request: BASELINE_REQUEST.min(index(target.region.len)) as u64,
        mapping: match (target.kind, plan.copy) {
            (TargetKind::Anonymous, _) => "anonymous",
            (_, true) => "private",
            (_, false) => "shared",
        },
        destructive: plan.destructive,
        page_size: os::page_size(),
        fake,
    }
}
