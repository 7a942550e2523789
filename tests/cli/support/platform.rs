//! What this machine lets a test see. Under qemu-user (ci/cross.sh's s390x and aarch64
//! runs) the mmapctl under test is an emulated process: some kernel behaviour the tests hold
//! it to never reaches it, and some evidence the tests read (cachestat) is not there. Such a
//! test asks here first and, when it cannot run, says why and returns: [`skip`] prints the
//! reason and appends it to [`SKIPPED`], which ci/cross.sh prints after the run and which
//! must stay empty where nothing is emulated (`.ci/run` and ci/cross.sh check it).
//!
//! Every reason is checked, not assumed: [`emulator`] compares the kernel's architecture
//! with this build's (and the durability tests ask the kernel for cachestat).

use std::io::Write;

/// The list of skipped tests, one `name (skipped|partly skipped): reason` line each.
pub const SKIPPED: &str = concat!(env!("CARGO_TARGET_TMPDIR"), "/skipped-tests");

/// Records that the running test cannot run here, and why. Returns true, for
/// `if skip(..) { return; }`.
pub fn skip(reason: &str) -> bool {
    record("skipped", reason);
    true
}

/// Records that part of the running test cannot run here (`reason` says which part and
/// why); the rest runs.
pub fn skip_part(reason: &str) {
    record("partly skipped", reason);
}

fn record(what: &str, reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    // Straight to stderr, past libtest's capture: a skip shows in the run's log even though
    // the test passes.
    let _ = writeln!(std::io::stderr(), "{what} {test}: {reason}");
    // One write of one line to an O_APPEND file: lines from parallel tests never interleave.
    let line = format!("{test} ({what}): {reason}\n");
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(SKIPPED)
        .and_then(|mut file| file.write_all(line.as_bytes()));
    written.unwrap_or_else(|e| panic!("cannot record the skip in {SKIPPED}: {e}"));
}

/// The emulator this build runs under, if it runs under one: the kernel's own architecture
/// (/proc/sys/kernel/arch, Linux 6.1+, which qemu-user passes through where it fakes
/// uname) is not one that runs this build's code natively. None on a native kernel, and
/// where the kernel does not say.
pub fn emulator() -> Option<&'static str> {
    // Asked once per test process: every spawn with a time limit asks.
    static EMULATOR: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    EMULATOR
        .get_or_init(|| {
            let kernel = std::fs::read_to_string("/proc/sys/kernel/arch").ok()?;
            let kernel = kernel.trim();
            let ours = std::env::consts::ARCH;
            // 64-bit kernels that run their 32-bit siblings' binaries themselves (IA32,
            // AArch32).
            let native = kernel == ours
                || (kernel == "x86_64" && ours == "x86")
                || (kernel == "aarch64" && ours == "arm");
            (!native).then(|| format!("qemu-user (this {ours} build runs on an {kernel} kernel)"))
        })
        .as_deref()
}

/// Skips the running test when it runs under an emulator, for `why`: what the emulator
/// does that the test's claim depends on the kernel doing. Natively it returns false and
/// the test runs (and fails if mmapctl is wrong).
pub fn skip_if_emulated(why: &str) -> bool {
    match emulator() {
        Some(emulator) => skip(&format!("under {emulator}, {why}")),
        None => false,
    }
}

/// Why an emulated mmapctl cannot be held to a memory limit.
pub const AS_LIMIT: &str = "RLIMIT_AS and RLIMIT_DATA also count the emulator's own memory \
                            (qemu-user 7.2 maps a 128 MiB translation buffer before the \
                            guest starts, and fails to start under either limit set at \
                            128 MiB or 64 MiB; measured with a limit found by bisection, \
                            206 MiB + 4 MiB let a 16 MiB window map and 206 MiB + 8 MiB \
                            failed qemu's own start), so no limit bounds mmapctl's memory \
                            alone";
/// The RLIMIT_NPROC under which the mmapctl under test can start no thread, for a uid
/// that runs nothing else ([`lone_uid`]): the process itself, and under an emulator the
/// thread qemu-user starts for itself before the guest runs (its RCU thread; qemu 7.2
/// starts one, measured, and aborts when it cannot).
pub fn threadless_nproc() -> u32 {
    if emulator().is_some() {
        2
    } else {
        1
    }
}

/// A uid no other process runs as (one per call, from 62000 up): RLIMIT_NPROC counts every
/// thread of the uid, so a limit that leaves room for the emulator's thread must not be
/// used up by another test running at the same time.
pub fn lone_uid() -> u32 {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(62000);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Why an emulated mmapctl cannot be held to what pre-faulting does.
pub const NO_POPULATE: &str = "madvise is a hint qemu-user 7.2 ignores (it returns 0 and does \
                               nothing), so MADV_POPULATE_READ and MADV_POPULATE_WRITE fault \
                               nothing in: pages come in by faults, with the kernel's \
                               readahead, and a page that is gone is found by SIGBUS instead \
                               of by pre-faulting";

/// Why an emulated mmapctl cannot be refused an executable mapping on a noexec mount.
pub const NOEXEC: &str = "the emulator maps a guest's PROT_EXEC pages as data it translates, \
                          never asking the kernel for execute rights, so noexec refuses \
                          nothing";

/// How much longer an emulated mmapctl may take than a native one before a time limit
/// (there only to fail a hung test rather than wait forever) calls it hung: qemu-user's
/// translated code runs a debug build many times slower.
const EMULATION_SLOWDOWN: u32 = 10;

/// `limit`, stretched under an emulator.
pub fn scaled(limit: std::time::Duration) -> std::time::Duration {
    if emulator().is_some() {
        limit * EMULATION_SLOWDOWN
    } else {
        limit
    }
}
