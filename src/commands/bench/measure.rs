//! Timing one run: map (and advise), populate, touch, each timed on its own, with the page
//! faults of the whole run counted by getrusage (RUSAGE_SELF: every thread of the process).

use std::time::Instant;

use anyhow::{Context, Result};

use super::target::Target;
use super::workload::{self, SpawnRefused, Work};
use crate::mapping::{os, Advice, Mapping, Protection};
use crate::units::human_bytes;

/// The figures of one run.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Sample {
    /// Seconds to map the region (and give the --advise hint); 0 for syscalls.
    pub map: f64,
    /// Seconds to pre-fault it (with --populate).
    pub populate: Option<f64>,
    /// Seconds to touch every byte (or every block): the time throughput is measured over.
    pub touch: f64,
    /// Minor page faults during the run.
    pub minor_faults: u64,
    /// Major page faults (read from storage) during the run.
    pub major_faults: u64,
    /// Share of the region's pages in the page cache when the run started (`None` for
    /// anonymous memory).
    pub resident: Option<f64>,
}

/// How the mapping is made in each run.
#[derive(Clone, Copy, Debug)]
pub struct MapPlan {
    /// The protection (private mappings for --copy).
    pub prot: Protection,
    /// Pre-fault in the map phase.
    pub populate: bool,
    /// The madvise hint.
    pub advise: Option<Advice>,
}

/// Maps the target, touches it as `work` says, and unmaps it (the unmap is not timed).
///
/// # Errors
/// mmap/madvise failing; a file that shrank is exit 4.
pub fn mapped(target: &Target, work: &Work, plan: MapPlan) -> Result<Sample> {
    let faults = os::page_faults();
    let start = Instant::now();
    let mut mapping = target.map(plan.prot)?;
    if let Some(advice) = plan.advise {
        mapping
            .advise(advice)
            .map_err(|e| target.io_error(e, "advise"))?;
    }
    let mapped = Instant::now();
    if plan.populate {
        if work.kind.writes() {
            mapping.populate_write()
        } else {
            mapping.populate_read()
        }
        .map_err(|e| target.io_error(e, "populate"))?;
    }
    let populated = Instant::now();
    touch(&mut mapping, work).map_err(|e| stopped(e, target, work, "the mapping of"))?;
    let touched = Instant::now();
    let after = os::page_faults();
    drop(mapping);
    Ok(Sample {
        map: (mapped - start).as_secs_f64(),
        populate: plan.populate.then(|| (populated - mapped).as_secs_f64()),
        touch: (touched - populated).as_secs_f64(),
        minor_faults: after.0.saturating_sub(faults.0),
        major_faults: after.1.saturating_sub(faults.1),
        resident: None,
    })
}

fn touch(mapping: &mut Mapping, work: &Work) -> Result<(), SpawnRefused> {
    if work.kind.writes() {
        let bytes = mapping
            .bytes_mut()
            .expect("invariant: write modes map writable");
        workload::write_mapped(bytes, work)
    } else {
        workload::read_mapped(mapping.bytes(), work).map(drop)
    }
}

/// The error for a run that a refused thread stopped, naming the mode and the target.
fn stopped(err: SpawnRefused, target: &Target, work: &Work, means: &str) -> anyhow::Error {
    let what = match target.source() {
        Some(_) => format!("{} ({})", target.describe(), target.region),
        None => target.describe(),
    };
    anyhow::Error::new(err).context(format!("{} through {means} {what}", work.kind.name()))
}

/// Does the same work with pread/pwrite through page-aligned buffers of `request` bytes
/// per thread (made and touched before the clock starts).
///
/// # Errors
/// pread/pwrite failing; a file that shrank is exit 4.
pub fn syscalls(target: &Target, work: &Work, request: usize) -> Result<Sample> {
    let source = target.source().expect("invariant: baselines need a file");
    let api = if work.kind.writes() {
        "pwrite"
    } else {
        "pread"
    };
    let mut buffers = (0..work.threads)
        .map(|t| {
            Mapping::anon(request as u64).with_context(|| {
                format!(
                    "cannot allocate the {api} buffer of {}{} for thread {} of {}",
                    human_bytes(request as u64),
                    if work.kind.random() { " (--block)" } else { "" },
                    t + 1,
                    work.threads
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut views: Vec<&mut [u8]> = buffers
        .iter_mut()
        .map(|b| {
            let view = b.bytes_mut().expect("anonymous memory is writable");
            view.fill(work.value);
            view
        })
        .collect();
    let faults = os::page_faults();
    let start = Instant::now();
    workload::syscalls(source.file(), target.region.offset, work, &mut views)
        .map_err(|e| stopped(e, target, work, api))?
        .map_err(|e| target.io_error(e, api))?;
    let touched = Instant::now();
    let after = os::page_faults();
    Ok(Sample {
        map: 0.0,
        populate: None,
        touch: (touched - start).as_secs_f64(),
        minor_faults: after.0.saturating_sub(faults.0),
        major_faults: after.1.saturating_sub(faults.1),
        resident: None,
    })
}
