//! Files that shrink while a command has them mapped. Every command that touches mapped bytes
//! (patch, fill, bench on a file, lock here; dump in errors.rs) must exit 4 with one line
//! naming the file, never die of the signal (so never dump core), and never report a partial
//! write as success: no summary line, no JSON object.
//!
//! Each test makes the shrink land while the file is mapped, whatever the machine's speed:
//! patch and fill are held at the `write` test hook's FIFO (src/hooks.rs) with the first window mapped
//! (lock with its files open); bench is given far more runs than it can finish, so the
//! shrink lands during one of them.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

use crate::support::pause::{assert_running, PATIENCE};
use crate::support::{assert_error, noise, TestEnv};

/// Shrinks (or grows) `path` to `len` bytes, as another process would.
fn truncate(path: &Path, len: u64) {
    OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(len)
        .unwrap();
}

/// Starts `mmapctl args` with the test hook at `point` (src/hooks.rs) and returns once it is held at the pause (patch
/// and fill: the first window mapped and pre-faulted, nothing written; lock: every file open,
/// nothing mapped), with the FIFO's write end: dropping it lets the command go on.
fn spawn_paused(env: &TestEnv, args: &[&str]) -> (Child, File) {
    let point = if args.first() == Some(&"lock") {
        "lock"
    } else {
        "write"
    };
    crate::support::pause::spawn_paused(env, point, args)
}

/// The documented fault: exit 4 (a normal exit, so the signal was caught and no core was
/// dumped), one line naming the file and the window, nothing on stdout.
fn assert_fault(output: &Output, name: &str, region: &str) {
    assert_error(
        output,
        4,
        "could not be accessed while mapped: the file shrank",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!("mmapctl: error: {name}: {region} ");
    assert!(stderr.starts_with(&expected), "{stderr} lacks {expected:?}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("Bus error") && !stderr.contains("core dumped"));
    assert!(output.stdout.is_empty(), "a success object on stdout");
}

/// Runs a paused write, shrinks the file to `cut_to` bytes during the pause, and returns
/// the outcome.
fn shrink_during(env: &TestEnv, args: &[&str], file: &Path, cut_to: u64) -> Output {
    let (child, writer) = spawn_paused(env, args);
    truncate(file, cut_to);
    drop(writer);
    child.wait_with_output().unwrap()
}

#[test]
fn patch_into_a_file_that_shrinks_exits_4() {
    let env = TestEnv::new();
    env.file("big.bin", &vec![0xab; 24 << 20]);
    env.file("small.bin", &noise(5000, 3));
    let cases: [(&[&str], u64, &str); 3] = [
        // 24 MiB from offset 1000: two windows, 1000..16 MiB and 16 MiB..24 MiB + 1000.
        // Gone under the first window: writing it raises SIGBUS.
        (&["--from", "big.bin"], 0, "bytes 0x3e8..0x1000000"),
        // Cut inside the second window: pre-faulting it fails (EFAULT) after the first
        // window was written; still exit 4, and no JSON object.
        (
            &["--from", "big.bin", "--json"],
            20 << 20,
            "bytes 0x1000000..0x18003e8",
        ),
        // A small patch (one window, msync) across a page boundary, another flush mode.
        (
            &["--from", "small.bin", "--flush", "async"],
            0,
            "bytes 0x3e8..0x1770",
        ),
    ];
    for (extra, cut_to, region) in cases {
        let file = env.sparse("shrinks", 40 << 20, 0, b"");
        let args = [&["patch", "shrinks", "-s", "1000"], extra].concat();
        let output = shrink_during(&env, &args, &file, cut_to);
        assert_fault(&output, "shrinks", region);
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(bytes.len() as u64, cut_to, "the file was regrown");
        // Every case is journaled (more than a page): a fault the command saw (EFAULT)
        // was rolled back before it exited; one that killed it (SIGBUS) left its journal,
        // which the next command rolls back. Either way the old bytes are back, in the
        // size the other process cut the file to.
        if env.path(".shrinks.mmapctl-journal").exists() {
            let out = crate::support::ok(env.cmd().args(["patch", "shrinks", "--recover"]));
            assert!(String::from_utf8_lossy(&out.stderr).contains("rolled back"));
        }
        let bytes = std::fs::read(&file).unwrap();
        assert_eq!(bytes.len() as u64, cut_to);
        assert!(bytes.iter().all(|&b| b == 0), "the old bytes are back");
    }
}

#[test]
fn fill_of_a_file_that_shrinks_exits_4() {
    let env = TestEnv::new();
    let cases: [(&[&str], u64, &str); 3] = [
        // 40 MiB - 100 bytes in three windows (batched write-back); gone under the first.
        (&["--byte", "1"], 0, "bytes 0x64..0x1000000"),
        // Cut inside the second window: its pre-faulting fails (EFAULT).
        (
            &["--pattern", "0102", "--json"],
            20 << 20,
            "bytes 0x1000000..0x2000000",
        ),
        // One window, msync, random bytes.
        (
            &["-n", "10000", "--random", "--seed", "7", "--flush", "none"],
            0,
            "bytes 0x64..0x2774",
        ),
    ];
    for (extra, cut_to, region) in cases {
        let file = env.sparse("shrinks", 40 << 20, 0, b"");
        let args = [&["fill", "shrinks", "-s", "100"], extra].concat();
        let output = shrink_during(&env, &args, &file, cut_to);
        assert_fault(&output, "shrinks", region);
        assert_eq!(std::fs::metadata(&file).unwrap().len(), cut_to);
    }
}

#[test]
fn the_pause_alone_changes_nothing() {
    // The control for the tests above: held and released without a shrink, both succeed.
    let env = TestEnv::new();
    let file = env.sparse("f", 20 << 20, 0, b"");
    let (child, writer) = spawn_paused(&env, &["fill", "f", "--byte", "9", "--json"]);
    drop(writer);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"length\":20971520"));
    assert!(std::fs::read(&file).unwrap().iter().all(|&b| b == 9));
    let (child, writer) = spawn_paused(&env, &["patch", "f", "-s", "5", "--hex", "0102"]);
    drop(writer);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(std::fs::read(&file).unwrap()[4..8], [9, 1, 2, 9]);
}

/// Waits until `child` has `path` mapped (bench maps its region for mincore before the
/// first run and keeps it mapped to the end).
fn wait_until_mapped(child: &mut Child, path: &Path) {
    let path = std::fs::canonicalize(path).unwrap();
    let needle = format!(" {}\n", path.display());
    let maps = format!("/proc/{}/maps", child.id());
    let deadline = Instant::now() + PATIENCE;
    while !std::fs::read_to_string(&maps)
        .unwrap_or_default()
        .contains(&needle)
    {
        assert_running(child, "mapping the file");
        assert!(Instant::now() < deadline, "bench never mapped the file");
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn bench_on_a_file_that_shrinks_exits_4() {
    let env = TestEnv::new();
    // Each case would run for minutes (100000 runs over 8 MiB), so the shrink lands during
    // some run: in its preparation (warming reads past the new end), its populate (EFAULT),
    // or its touch (SIGBUS); each must end the same way.
    let cases: [&[&str]; 5] = [
        &["--mode", "read"],
        &["--mode", "randread", "--threads", "2", "--populate"],
        &["--mode", "read", "--baseline", "--block", "64KiB"],
        &["--mode", "write", "--copy", "--cold"],
        &["--mode", "randwrite", "--destructive", "--threads", "2"],
    ];
    for extra in cases {
        let file = env.file("shrinks", &noise(8 << 20, 5));
        let mut child = env
            .cmd()
            .args(["bench", "shrinks", "--runs", "100000", "--json"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_until_mapped(&mut child, &file);
        truncate(&file, 0);
        let output = child.wait_with_output().unwrap();
        assert_fault(&output, "shrinks", "bytes 0x0..0x800000");
    }
}

#[test]
fn lock_of_a_file_that_shrinks_exits_4() {
    // mlock cannot fault in pages past the new end and says ENOMEM, which must not be
    // taken for the memory-lock limit (with a hint to raise it): the file shrank.
    let env = TestEnv::new();
    for shrunk in ["a", "b"] {
        env.file("a", &[1u8; 64 << 10]);
        env.file("b", &[2u8; 64 << 10]);
        let args = ["lock", "a", "b", "--for", "0s", "--json"];
        let output = shrink_during(&env, &args, &env.path(shrunk), 1000);
        assert_fault(&output, shrunk, "bytes 0x0..0x10000");
        assert!(!String::from_utf8_lossy(&output.stderr).contains("hint"));
    }
}
