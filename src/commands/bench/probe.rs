//! Where bench's figures come from. A [`Probe`] does a bench's runs: [`Measured`] really
//! does them (`measure.rs`); in debug builds the test hook `MMAPCTL_TEST_FAKE_FIGURES`
//! (src/hooks.rs) chooses [`Fake`] instead, once, whose fixed figures let tests assert the
//! table and the JSON document exactly (hyperfine's `--debug-mode`, without the option).
//! The release binary has no fake.

use std::time::Instant;

use anyhow::Result;

use super::measure::{self, MapPlan, Sample};
#[cfg(debug_assertions)]
use super::outcome::GIB;
use super::outcome::{ModeResult, Process};
use super::target::Target;
#[cfg(debug_assertions)]
use super::target::TargetKind;
use super::workload::Work;
use crate::mapping::os;

/// Does a bench's runs and reports their figures.
pub trait Probe {
    /// Whether the figures are fake (the heading and the JSON document say so).
    fn fake(&self) -> bool;

    /// Puts the target's page cache in the state run `run` needs (evicted with `cold`,
    /// else fully resident) and returns the resident share it starts with (`None` for
    /// anonymous memory); anything that did not take is added to `notes`.
    ///
    /// # Errors
    /// As [`Target::prepare`].
    fn prepare(
        &self,
        target: &mut Target,
        cold: bool,
        notes: &mut Vec<String>,
    ) -> Result<Option<f64>>;

    /// Run `run` (from 0) of `work` through a mapping made as `plan` says.
    ///
    /// # Errors
    /// As [`measure::mapped`].
    fn mapped(&self, target: &Target, work: &Work, plan: MapPlan, run: u32) -> Result<Sample>;

    /// Run `run` (from 0) of `work` through pread/pwrite of `request` bytes.
    ///
    /// # Errors
    /// As [`measure::syscalls`].
    fn syscalls(&self, target: &Target, work: &Work, request: usize, run: u32) -> Result<Sample>;

    /// The whole process's totals, once every run is done.
    fn process(&self, started: Instant, results: &[ModeResult]) -> Process;
}

/// The probe of this process: the fake where the test hook asks for it (debug builds
/// only), else the real one.
pub fn chosen() -> &'static dyn Probe {
    #[cfg(debug_assertions)]
    if crate::hooks::fake_figures() {
        return &Fake;
    }
    &Measured
}

/// Really measures.
pub struct Measured;

impl Probe for Measured {
    fn fake(&self) -> bool {
        false
    }

    fn prepare(
        &self,
        target: &mut Target,
        cold: bool,
        notes: &mut Vec<String>,
    ) -> Result<Option<f64>> {
        target.prepare(cold, notes)
    }

    fn mapped(&self, target: &Target, work: &Work, plan: MapPlan, _run: u32) -> Result<Sample> {
        measure::mapped(target, work, plan)
    }

    fn syscalls(&self, target: &Target, work: &Work, request: usize, _run: u32) -> Result<Sample> {
        measure::syscalls(target, work, request)
    }

    fn process(&self, started: Instant, _results: &[ModeResult]) -> Process {
        let (minor_faults, major_faults) = os::page_faults();
        Process {
            seconds: started.elapsed().as_secs_f64(),
            minor_faults,
            major_faults,
        }
    }
}

/// Fixed fake figures, and no run done: run N (from 0) of a mode takes (N + 1) seconds per
/// GiB, its baseline twice that; map 1 ms, populate 2 ms; one minor fault per 4 KiB; the
/// file fully resident (none with --cold), so no note about warming or evicting; the
/// process took 1 s with the runs' minor faults. The target is still made, checked and
/// mapped up front, as for a real bench.
#[cfg(debug_assertions)]
pub struct Fake;

#[cfg(debug_assertions)]
impl Fake {
    /// A fake touch of `work` in run `run`, `factor` times as slow as the mapped one.
    fn touch(work: &Work, run: u32, factor: f64) -> f64 {
        work.bytes() as f64 / GIB * f64::from(run + 1) * factor
    }
}

#[cfg(debug_assertions)]
impl Probe for Fake {
    fn fake(&self) -> bool {
        true
    }

    fn prepare(
        &self,
        target: &mut Target,
        cold: bool,
        _notes: &mut Vec<String>,
    ) -> Result<Option<f64>> {
        Ok((target.kind != TargetKind::Anonymous).then_some(if cold { 0.0 } else { 1.0 }))
    }

    fn mapped(&self, _target: &Target, work: &Work, plan: MapPlan, run: u32) -> Result<Sample> {
        Ok(Sample {
            map: 0.001,
            populate: plan.populate.then_some(0.002),
            touch: Self::touch(work, run, 1.0),
            minor_faults: work.bytes() / 4096,
            major_faults: 0,
            resident: None,
        })
    }

    fn syscalls(&self, _target: &Target, work: &Work, _request: usize, run: u32) -> Result<Sample> {
        Ok(Sample {
            touch: Self::touch(work, run, 2.0),
            ..Sample::default()
        })
    }

    fn process(&self, _started: Instant, results: &[ModeResult]) -> Process {
        Process {
            seconds: 1.0,
            minor_faults: results
                .iter()
                .flat_map(|r| &r.samples)
                .map(|s| s.minor_faults)
                .sum(),
            major_faults: 0,
        }
    }
}
