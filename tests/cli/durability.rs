//! Durability of patch and fill: what `--flush sync`, `async` and `none` leave in the page
//! cache, and that the bytes read back from storage are the new ones.
//!
//! Reading a file back after evicting it proves nothing alone: eviction (DONTNEED) keeps dirty
//! pages, so the new bytes come back from memory either way. The proof is the page states:
//! the kernel's own dirty and write-back counters (cachestat), then an eviction without fsync
//! that must leave nothing resident, then the read.

use std::path::Path;

use crate::support::platform::{skip, skip_part};
use crate::support::write::{
    drop_clean_pages, in_mount_namespace, ok, resident_pages, stderr, FAILING_DISK,
};
use crate::support::{assert_error, noise, TestEnv};

/// What `--flush sync`'s tests cannot check without cachestat; the eviction without fsync
/// that leaves nothing resident (no dirty page) and the read-back still run.
const CACHESTAT_MISSING: &str = "cachestat(2) is missing (ENOSYS): the dirty and write-back \
                                 counters are not checked; the eviction and the read-back are";

/// Why the test that tells `--flush async` from `none` cannot run without cachestat.
const ASYNC_NEEDS_CACHESTAT: &str = "cachestat(2) is missing (ENOSYS): its dirty and \
                                     write-back counters are what tell async from none";

/// A file's pages in the page cache, as the kernel counts them (cachestat(2), Linux 6.5+).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
struct CacheStat {
    cache: u64,
    dirty: u64,
    writeback: u64,
    evicted: u64,
    recently_evicted: u64,
}

/// cachestat(2)'s number, the same on every architecture these tests run on.
const SYS_CACHESTAT: libc::c_long = 451;

/// Whether cachestat(2) (Linux 6.5+) is missing here: ENOSYS, as under qemu-user 7.2.
/// Tests whose evidence is the kernel's dirty and write-back counters skip then.
fn cachestat_missing() -> bool {
    // SAFETY: the kernel reads and writes user memory only through its checked copies, so
    // the null pointers can only make it answer EFAULT (after EBADF for the -1); nothing in
    // this process is touched. A kernel or emulator without the call says ENOSYS.
    let rc = unsafe {
        libc::syscall(
            SYS_CACHESTAT,
            -1,
            std::ptr::null::<u8>(),
            std::ptr::null_mut::<u8>(),
            0,
        )
    };
    rc == -1 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOSYS)
}

fn cachestat(path: &Path) -> CacheStat {
    use std::os::unix::io::AsRawFd;
    #[repr(C)]
    struct Range {
        off: u64,
        len: u64,
    }
    let file = std::fs::File::open(path).unwrap();
    // len 0: to the end of the file.
    let range = Range { off: 0, len: 0 };
    let mut stat = CacheStat::default();
    // SAFETY: both structs match the kernel's (two and five u64); it only reads `range` and
    // writes `stat`, both alive for the call.
    let rc = unsafe {
        libc::syscall(
            SYS_CACHESTAT,
            file.as_raw_fd(),
            &range as *const Range,
            &mut stat as *mut CacheStat,
            0 as libc::c_uint,
        )
    };
    assert_eq!(rc, 0, "cachestat: {}", std::io::Error::last_os_error());
    stat
}

/// Starts from a clean file with nothing cached (when it exists), runs `args`, and checks
/// that `--flush sync` kept its promise: no page dirty or under write-back, every page gone
/// after an eviction without fsync, and the bytes read back from storage equal `expected`.
fn assert_durable(env: &TestEnv, path: &Path, args: &[&str], expected: &[u8]) {
    if path.exists() {
        std::fs::File::open(path).unwrap().sync_all().unwrap();
        drop_clean_pages(path);
        assert_eq!(resident_pages(path), 0, "{args:?}: should start evicted");
    }
    ok(env.cmd().args(args));
    if cachestat_missing() {
        skip_part(CACHESTAT_MISSING);
    } else {
        let stat = cachestat(path);
        assert_eq!((stat.dirty, stat.writeback), (0, 0), "{args:?}: {stat:?}");
        assert!(stat.cache > 0, "{args:?}: the written pages were cached");
    }
    drop_clean_pages(path);
    assert_eq!(resident_pages(path), 0, "{args:?}: a page stayed dirty");
    let back = std::fs::read(path).unwrap();
    assert!(back == expected, "{args:?}: other bytes on storage");
}

#[test]
fn patch_sync_reaches_storage() {
    let env = TestEnv::new();
    let original = noise(64 << 10, 40);
    let file = env.file("f", &original);
    let mut expected = original.clone();

    // Across a page boundary.
    assert_durable(
        &env,
        &file,
        &["patch", "f", "-s", "4094", "--hex", "a1a2a3a4"],
        &{
            expected[4094..4098].copy_from_slice(&[0xa1, 0xa2, 0xa3, 0xa4]);
            expected.clone()
        },
    );
    // Past the end with --grow: the pages and the new size (msync, then fsync).
    assert_durable(
        &env,
        &file,
        &["patch", "f", "-s", "100000", "--text", "end", "--grow"],
        &{
            expected.resize(100_003, 0);
            expected[100_000..].copy_from_slice(b"end");
            expected.clone()
        },
    );
    // A new file.
    let mut new = vec![0u8; 5003];
    new[5000..].copy_from_slice(b"new");
    assert_durable(
        &env,
        &env.path("new"),
        &["patch", "new", "-s", "5000", "--text", "new", "--create"],
        &new,
    );
}

#[test]
fn large_patch_sync_reaches_storage() {
    let env = TestEnv::new();
    let file = env.sparse("f", 48 << 20, 0, b"");
    let mut expected = vec![0u8; 48 << 20];
    // 2 MiB across the first window boundary (two windows, msync each), then 40 MiB from an
    // unaligned offset (three windows, write-back per window and one fdatasync).
    for (offset, len, seed) in [((15 << 20) + 7, 2 << 20, 41), (3, 40 << 20, 42)] {
        let bytes = noise(len, seed);
        env.file("patch.bin", &bytes);
        expected[offset..offset + len].copy_from_slice(&bytes);
        let offset = offset.to_string();
        let args = ["patch", "f", "-s", &offset, "--from", "patch.bin"];
        assert_durable(&env, &file, &args, &expected);
    }
}

#[test]
fn fill_sync_reaches_storage() {
    let env = TestEnv::new();
    let file = env.sparse("f", 40 << 20, 0, b"");
    let mut expected = vec![0u8; 40 << 20];
    // A pattern over three windows from an unaligned offset.
    let pattern = [0xde, 0xad, 0xbe];
    for (i, b) in expected[5..].iter_mut().enumerate() {
        *b = pattern[i % 3];
    }
    assert_durable(
        &env,
        &file,
        &["fill", "f", "-s", "5", "--pattern", "deadbe"],
        &expected,
    );
    // From the last byte on, growing the file by 24 MiB - 1, across two more windows.
    expected.resize((64 << 20) - 1, 0);
    expected[(40 << 20) - 1..].fill(0x77);
    assert_durable(
        &env,
        &file,
        &[
            "fill", "f", "-s", "-1", "-n", "24MiB", "--byte", "0x77", "--grow",
        ],
        &expected,
    );
    // A new file.
    assert_durable(
        &env,
        &env.path("new"),
        &["fill", "new", "-n", "5000", "--byte", "1", "--create"],
        &[1u8; 5000],
    );
}

/// `async` starts write-back of every page before exiting: none is left dirty, and once the
/// write-back completes (not waited for by mmapctl, so the test waits) the pages are clean
/// and the new bytes are on storage. `none` leaves them dirty: the control that shows the
/// counters can tell the difference.
#[test]
fn async_starts_write_back_and_none_leaves_pages_dirty() {
    if cachestat_missing() && skip(ASYNC_NEEDS_CACHESTAT) {
        return;
    }
    let env = TestEnv::new();
    let cases: [&[&str]; 3] = [
        &["fill", "f", "-s", "100", "-n", "20000", "--byte", "3"],
        &["fill", "f", "-s", "1", "--byte", "4"],
        &["patch", "f", "-s", "0x5000", "--hex", "0506"],
    ];
    for args in cases {
        let file = env.sparse("f", 40 << 20, 0, b"");
        std::fs::File::open(&file).unwrap().sync_all().unwrap();
        ok(env.cmd().args(args).args(["--flush", "none"]));
        let none = cachestat(&file);
        assert!(none.dirty > 0, "{args:?} --flush none: {none:?}");
        let expected = std::fs::read(&file).unwrap();

        let file = env.sparse("f", 40 << 20, 0, b"");
        std::fs::File::open(&file).unwrap().sync_all().unwrap();
        ok(env.cmd().args(args).args(["--flush", "async"]));
        let stat = cachestat(&file);
        assert_eq!(stat.dirty, 0, "{args:?} --flush async: {stat:?}");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while cachestat(&file).writeback > 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "write-back never ended"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        drop_clean_pages(&file);
        assert_eq!(resident_pages(&file), 0, "{args:?} --flush async");
        assert!(std::fs::read(&file).unwrap() == expected, "{args:?}");
    }
}

/// Runs `setup`, then mmapctl with `args`, on a [`FAILING_DISK`]; the output is mmapctl's.
fn on_a_failing_disk(env: &TestEnv, setup: &str, args: &str) -> std::process::Output {
    in_mount_namespace(env, &format!("{FAILING_DISK} {setup} exec \"$BIN\" {args}"))
}

/// The error for a failed flush: exit 1, one line naming the file, the region and the cause,
/// and no summary line or JSON object.
fn assert_flush_failed(output: &std::process::Output, message: &str) {
    assert_error(output, 1, message);
    assert_eq!(stderr(output).lines().count(), 1, "{}", stderr(output));
}

#[test]
fn failed_write_back_of_a_fill_is_an_error() {
    let env = TestEnv::new();
    // Over two windows: write-back started per window, one fdatasync at the end.
    let output = on_a_failing_disk(&env, "", "fill f -n 30MiB --create --byte 0x41");
    assert_flush_failed(
        &output,
        "cannot flush f (bytes 0x0..0x1e00000) to storage (fdatasync): No space left on device",
    );
    // One window: msync.
    let output = on_a_failing_disk(&env, "", "fill f -n 12MiB --create --byte 0x41 --json");
    assert_flush_failed(
        &output,
        "cannot flush f (bytes 0x0..0xc00000) to storage: No space left on device",
    );
}

#[test]
fn failed_write_back_of_a_patch_is_an_error() {
    let env = TestEnv::new();
    let patch = env.file("p", &vec![0x41; 30 << 20]);
    let output = on_a_failing_disk(
        &env,
        "",
        &format!("patch f -s 0 --from {} --create --json", patch.display()),
    );
    assert_flush_failed(
        &output,
        "cannot flush f (bytes 0x0..0x1e00000) to storage (fdatasync): No space left on device",
    );
    // One byte into a hole of a file, once the tmpfs under the disk is full: msync. ext4
    // reserved the block (an unwritten extent) before the write, so the failure is its
    // conversion at write-back, which ext4 reports as EIO.
    let full = "truncate -s 1M f; cat /dev/zero > ../pad 2>/dev/null;";
    let output = on_a_failing_disk(&env, full, "patch f -s 512K --hex 01");
    assert_flush_failed(
        &output,
        "cannot flush f (bytes 0x80000..0x80001) to storage: Input/output error",
    );
}

/// `async` and `none` exit 0 on the same disk, as documented: mmapctl has returned before the
/// write-back fails. The failure is not lost: the next fsync of the file reports it.
#[test]
fn async_and_none_leave_the_failure_to_the_next_fsync() {
    let env = TestEnv::new();
    let full = "truncate -s 1M f; cat /dev/zero > ../pad 2>/dev/null;";
    for (flush, note) in [("async", "flush scheduled"), ("none", "not flushed")] {
        let output = in_mount_namespace(
            &env,
            &format!(
                "{FAILING_DISK} {full} \"$BIN\" patch f -s 512K --hex 01 --flush {flush}; \
                 echo \"mmapctl $?\"; sync f; echo \"sync $?\""
            ),
        );
        let err = stderr(&output);
        assert!(
            err.starts_with(&format!("patched 1 byte at 0x80000 in f ({note})\n")),
            "{err}"
        );
        // EIO: ext4 fails converting the block reserved before the write (see above).
        assert!(
            err.contains("sync: error syncing 'f': Input/output error"),
            "{err}"
        );
        let out = String::from_utf8_lossy(&output.stdout);
        assert_eq!(out, "mmapctl 0\nsync 1\n", "{err}");
    }
}
