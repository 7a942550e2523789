//! What a bench found: its parameters and runs, and the figures derived from them
//! (median, minimum and maximum; rates; faults per GiB), shared by the table and the JSON.

use std::path::PathBuf;

use super::measure::Sample;
use super::target::TargetKind;
use super::workload::Kind;
use crate::mapping::Region;

/// Bytes in a GiB, as a float for rates.
pub const GIB: f64 = (1u64 << 30) as f64;

/// The parameters of a bench, echoed so that runs can be compared.
#[derive(Clone, Debug)]
pub struct Params {
    /// What was measured.
    pub kind: TargetKind,
    /// The file (user's or temporary), if any.
    pub path: Option<PathBuf>,
    /// The file's size, if a file.
    pub file_size: Option<u64>,
    /// The region measured.
    pub region: Region,
    /// The modes, in order.
    pub modes: Vec<Kind>,
    /// Bytes per random operation.
    pub block: u64,
    /// Threads.
    pub threads: u32,
    /// Runs per mode.
    pub runs: u32,
    /// Seed of the random offsets.
    pub seed: u64,
    /// Pre-faulting in the map phase.
    pub populate: bool,
    /// The madvise hint's name.
    pub advise: Option<String>,
    /// Evicted before every run.
    pub cold: bool,
    /// pread/pwrite baseline.
    pub baseline: bool,
    /// Bytes per pread/pwrite in the sequential baseline.
    pub baseline_request: u64,
    /// "shared", "private" (--copy) or "anonymous".
    pub mapping: &'static str,
    /// Whether write modes changed the user's file (--destructive).
    pub destructive: bool,
    /// The page size.
    pub page_size: u64,
    /// Figures are the fixed fakes of the hidden test flag.
    pub fake: bool,
}

/// The pread/pwrite side of one mode.
#[derive(Clone, Debug)]
pub enum Baseline {
    /// Not asked for.
    Off,
    /// Asked for but not run, and why.
    Skipped(String),
    /// Run beside every mapped run.
    Ran(Vec<Sample>),
}

/// Everything measured for one mode.
#[derive(Clone, Debug)]
pub struct ModeResult {
    /// The mode.
    pub kind: Kind,
    /// Bytes read or written per run.
    pub bytes: u64,
    /// Operations per run (random modes).
    pub ops: Option<u64>,
    /// The mapped runs.
    pub samples: Vec<Sample>,
    /// The pread/pwrite runs.
    pub baseline: Baseline,
}

/// Totals of the whole process, comparable with what `/usr/bin/time` reports.
#[derive(Clone, Copy, Debug, Default)]
pub struct Process {
    /// Wall-clock seconds from start to report.
    pub seconds: f64,
    /// Minor page faults of the whole process.
    pub minor_faults: u64,
    /// Major page faults of the whole process.
    pub major_faults: u64,
}

/// A bench's parameters, results and notes.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The parameters.
    pub params: Params,
    /// One result per mode.
    pub results: Vec<ModeResult>,
    /// Things the reader should know (skipped work, eviction that did not take).
    pub notes: Vec<String>,
    /// Whole-process totals.
    pub process: Process,
}

/// Median, minimum and maximum over the runs; in the JSON document `{"max", "median",
/// "min"}` (declared in that order: the document's keys are alphabetical).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Stat {
    /// The largest.
    pub max: f64,
    /// The median (the mean of the two middle runs for an even count).
    pub median: f64,
    /// The smallest.
    pub min: f64,
}

impl Stat {
    fn of(values: impl IntoIterator<Item = f64>) -> Stat {
        let mut v: Vec<f64> = values.into_iter().collect();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n == 0 {
            return Stat {
                median: 0.0,
                min: 0.0,
                max: 0.0,
            };
        }
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        };
        Stat {
            median,
            min: v[0],
            max: v[n - 1],
        }
    }

    /// Throughput over `bytes` for these times: the fastest run gives the maximum.
    fn rate(&self, bytes: u64) -> Stat {
        let per = |s: f64| if s > 0.0 { bytes as f64 / GIB / s } else { 0.0 };
        Stat {
            median: per(self.median),
            min: per(self.max),
            max: per(self.min),
        }
    }
}

/// The median of counts (rounded down between two middle runs), so counts stay integers.
fn median_count(values: impl IntoIterator<Item = u64>) -> u64 {
    let mut v: Vec<u64> = values.into_iter().collect();
    v.sort_unstable();
    match v.len() {
        0 => 0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2,
    }
}

/// The derived figures of a set of runs over `bytes`.
pub struct Figures {
    /// Touch seconds.
    pub seconds: Stat,
    /// Throughput over the touch.
    pub gib_per_s: Stat,
    /// Map (and advise) seconds.
    pub map: Stat,
    /// Populate seconds (with --populate).
    pub populate: Option<Stat>,
    /// Median throughput over map, populate and touch together.
    pub total_gib_per_s: f64,
    /// Median minor faults per run.
    pub minor: u64,
    /// Median major faults per run.
    pub major: u64,
    /// Minor faults per GiB touched.
    pub minor_per_gib: f64,
    /// Major faults per GiB touched.
    pub major_per_gib: f64,
    /// Resident share at the start of the runs (files only).
    pub resident: Option<Stat>,
}

impl Figures {
    /// The figures of `samples`, each run having moved `bytes`.
    pub fn of(samples: &[Sample], bytes: u64) -> Figures {
        let seconds = Stat::of(samples.iter().map(|s| s.touch));
        let total = Stat::of(
            samples
                .iter()
                .map(|s| s.map + s.populate.unwrap_or(0.0) + s.touch),
        );
        let minor = median_count(samples.iter().map(|s| s.minor_faults));
        let major = median_count(samples.iter().map(|s| s.major_faults));
        let gib = bytes as f64 / GIB;
        let resident: Vec<f64> = samples.iter().filter_map(|s| s.resident).collect();
        Figures {
            seconds,
            gib_per_s: seconds.rate(bytes),
            map: Stat::of(samples.iter().map(|s| s.map)),
            populate: samples
                .iter()
                .all(|s| s.populate.is_some())
                .then(|| Stat::of(samples.iter().filter_map(|s| s.populate))),
            total_gib_per_s: total.rate(bytes).median,
            minor,
            major,
            minor_per_gib: minor as f64 / gib,
            major_per_gib: major as f64 / gib,
            resident: (!resident.is_empty()).then(|| Stat::of(resident)),
        }
    }
}

impl ModeResult {
    /// The system call the baseline uses.
    pub fn api(&self) -> &'static str {
        if self.kind.writes() {
            "pwrite"
        } else {
            "pread"
        }
    }

    /// Bytes per baseline system call.
    pub fn request(&self, params: &Params) -> u64 {
        if self.kind.random() {
            params.block
        } else {
            params.baseline_request
        }
    }
}

pub fn ops_per_s(ops: u64, f: &Figures) -> f64 {
    if f.seconds.median > 0.0 {
        ops as f64 / f.seconds.median
    } else {
        0.0
    }
}

/// Mean time per operation as each thread sees it: wall time × threads / operations.
pub fn latency(ops: u64, f: &Figures, threads: u32) -> f64 {
    if ops == 0 {
        0.0
    } else {
        f.seconds.median * f64::from(threads) / ops as f64
    }
}

pub fn ratio(mmap: f64, syscalls: f64) -> f64 {
    if syscalls > 0.0 {
        mmap / syscalls
    } else {
        0.0
    }
}
