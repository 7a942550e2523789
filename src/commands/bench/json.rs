//! `bench --json`'s document as `#[derive(Serialize)]` types, which are the contract
//! (DESIGN.md's fields and more). Fields are declared in alphabetical order, the order the
//! document has always been printed in (it was a `json!` tree, whose maps sort their keys);
//! a unit test checks the printed document against its own sorted tree.
//!
//! The types borrow the [`Outcome`] and serialize the runs one at a time (`per_run` is a
//! sequence written from an iterator), so the document is never built whole: as a tree,
//! `--runs 100000` over four modes took about 700 MB, an allocation that --runs decided and
//! that aborts the process where memory is limited.

use serde::ser::{Serialize, Serializer};

use super::measure::Sample;
use super::outcome::{latency, ops_per_s, ratio, Baseline, Figures, ModeResult, Outcome, Stat};

/// The whole document: `{"notes", "process", "results", "target"}`.
#[derive(serde::Serialize)]
struct Document<'a> {
    notes: &'a [String],
    process: ProcessJson,
    results: Results<'a>,
    target: TargetJson<'a>,
}

impl<'a> Document<'a> {
    /// The document of `outcome`.
    fn of(outcome: &'a Outcome) -> Self {
        let p = &outcome.params;
        Document {
            notes: &outcome.notes,
            process: ProcessJson {
                major_faults: outcome.process.major_faults,
                minor_faults: outcome.process.minor_faults,
                seconds: outcome.process.seconds,
            },
            results: Results(outcome),
            target: TargetJson {
                advise: p.advise.as_deref(),
                baseline: p.baseline,
                baseline_request: p.baseline_request,
                block: p.block,
                cold: p.cold,
                destructive: p.destructive,
                fake_figures: p.fake,
                file_size: p.file_size,
                kind: p.kind.name(),
                length: p.region.len,
                mapping: p.mapping,
                modes: p.modes.iter().map(|k| k.name()).collect(),
                offset: p.region.offset,
                page_size: p.page_size,
                path: p.path.as_ref().map(|path| path.display().to_string()),
                populate: p.populate,
                runs: p.runs,
                seed: p.seed,
                threads: p.threads,
            },
        }
    }
}

/// Whole-process totals.
#[derive(serde::Serialize)]
struct ProcessJson {
    major_faults: u64,
    minor_faults: u64,
    seconds: f64,
}

/// Every parameter of the bench.
#[derive(serde::Serialize)]
struct TargetJson<'a> {
    advise: Option<&'a str>,
    baseline: bool,
    baseline_request: u64,
    block: u64,
    cold: bool,
    destructive: bool,
    fake_figures: bool,
    file_size: Option<u64>,
    kind: &'static str,
    length: u64,
    mapping: &'static str,
    modes: Vec<&'static str>,
    offset: u64,
    page_size: u64,
    path: Option<String>,
    populate: bool,
    runs: u32,
    seed: u64,
    threads: u32,
}

/// The results, one mode's object made at a time.
struct Results<'a>(&'a Outcome);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let outcome = self.0;
        serializer.collect_seq(
            outcome
                .results
                .iter()
                .map(|r| ModeJson::of(r, outcome.params.threads, r.request(&outcome.params))),
        )
    }
}

/// One mode's figures.
#[derive(serde::Serialize)]
struct ModeJson<'a> {
    /// With --baseline: what the pread/pwrite side did, or why it did not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineJson<'a>>,
    /// With --baseline: the baseline's median rate, or null where it was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_gib_per_s: Option<Option<f64>>,
    bytes: u64,
    gib_per_s: Stat,
    major_faults: u64,
    major_faults_per_gib: f64,
    map_seconds: Stat,
    /// Random modes only.
    #[serde(skip_serializing_if = "Option::is_none")]
    mean_latency_seconds: Option<f64>,
    minor_faults: u64,
    minor_faults_per_gib: f64,
    /// Where the baseline ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    mmap_over_baseline: Option<f64>,
    mode: &'static str,
    /// Random modes only.
    #[serde(skip_serializing_if = "Option::is_none")]
    ops: Option<u64>,
    /// Random modes only.
    #[serde(skip_serializing_if = "Option::is_none")]
    ops_per_s: Option<f64>,
    per_run: Runs<'a>,
    populate_seconds: Option<Stat>,
    resident_share: Option<Stat>,
    runs: usize,
    seconds: Stat,
    total_gib_per_s: f64,
}

impl<'a> ModeJson<'a> {
    fn of(r: &'a ModeResult, threads: u32, request: u64) -> Self {
        let f = Figures::of(&r.samples, r.bytes);
        let (baseline, baseline_gib_per_s, mmap_over_baseline) = match &r.baseline {
            Baseline::Off => (None, None, None),
            Baseline::Skipped(why) => (
                Some(BaselineJson::Skipped {
                    api: r.api(),
                    skipped: why,
                }),
                Some(None),
                None,
            ),
            Baseline::Ran(samples) => {
                let b = Figures::of(samples, r.bytes);
                (
                    Some(BaselineJson::Ran {
                        api: r.api(),
                        gib_per_s: b.gib_per_s,
                        major_faults: b.major,
                        minor_faults: b.minor,
                        request,
                        resident_share: b.resident,
                        seconds: b.seconds,
                    }),
                    Some(Some(b.gib_per_s.median)),
                    Some(ratio(f.gib_per_s.median, b.gib_per_s.median)),
                )
            }
        };
        ModeJson {
            baseline,
            baseline_gib_per_s,
            bytes: r.bytes,
            gib_per_s: f.gib_per_s,
            major_faults: f.major,
            major_faults_per_gib: f.major_per_gib,
            map_seconds: f.map,
            mean_latency_seconds: r.ops.map(|ops| latency(ops, &f, threads)),
            minor_faults: f.minor,
            minor_faults_per_gib: f.minor_per_gib,
            mmap_over_baseline,
            mode: r.kind.name(),
            ops: r.ops,
            ops_per_s: r.ops.map(|ops| ops_per_s(ops, &f)),
            per_run: Runs(r),
            populate_seconds: f.populate,
            resident_share: f.resident,
            runs: r.samples.len(),
            seconds: f.seconds,
            total_gib_per_s: f.total_gib_per_s,
        }
    }
}

/// The pread/pwrite side of a mode.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum BaselineJson<'a> {
    /// Asked for, not run.
    Skipped { api: &'static str, skipped: &'a str },
    /// Run beside every mapped run.
    Ran {
        api: &'static str,
        gib_per_s: Stat,
        major_faults: u64,
        minor_faults: u64,
        request: u64,
        resident_share: Option<Stat>,
        seconds: Stat,
    },
}

/// A mode's runs, one object made at a time.
struct Runs<'a>(&'a ModeResult);

impl Serialize for Runs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let baseline = match &r.baseline {
            Baseline::Ran(samples) => samples.as_slice(),
            _ => &[],
        };
        serializer.collect_seq(
            r.samples
                .iter()
                .enumerate()
                .map(|(i, s)| RunJson::of(s, baseline.get(i))),
        )
    }
}

/// One run (and its baseline run beside it).
#[derive(serde::Serialize)]
struct RunJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_resident_share: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_seconds: Option<f64>,
    major_faults: u64,
    map_seconds: f64,
    minor_faults: u64,
    populate_seconds: Option<f64>,
    resident_share: Option<f64>,
    seconds: f64,
}

impl RunJson {
    fn of(s: &Sample, baseline: Option<&Sample>) -> Self {
        RunJson {
            baseline_resident_share: baseline.map(|b| b.resident),
            baseline_seconds: baseline.map(|b| b.touch),
            major_faults: s.major_faults,
            map_seconds: s.map,
            minor_faults: s.minor_faults,
            populate_seconds: s.populate,
            resident_share: s.resident,
            seconds: s.touch,
        }
    }
}

/// Writes the document of `outcome` as one line of compact JSON, without its newline.
///
/// # Errors
/// Writing to `out`.
pub fn write_json(outcome: &Outcome, out: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer(out, &Document::of(outcome)).map_err(std::io::Error::from)
}

/// The document as a tree (whose maps sort their keys): what [`write_json`] prints must be
/// this tree printed.
#[cfg(test)]
pub fn tree(outcome: &Outcome) -> serde_json::Value {
    serde_json::to_value(Document::of(outcome)).expect("a bench document is valid JSON")
}
