//! `mmapctl lock`: the hold (VmLck while running, released on each stop signal or after
//! --for), the JSON events, and the explained refusal as an unprivileged user.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::support::platform::{skip_if_emulated, AS_LIMIT};
use crate::support::{assert_error, noise, TestEnv, NO_ROOM};

/// Starts `mmapctl lock --json ARGS...` and returns it with its parsed "locked" event,
/// read from stdout: once that line is there, everything is locked.
fn start_lock(
    env: &TestEnv,
    args: &[&str],
) -> (Child, BufReader<std::process::ChildStdout>, Value) {
    let mut child = env
        .cmd()
        .args(["lock", "--json"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mmapctl lock");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    if line.is_empty() {
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        panic!("no locked event; stderr: {stderr}");
    }
    let event: Value = serde_json::from_str(&line).expect("locked event is JSON");
    (child, stdout, event)
}

/// The kibibytes locked by process `pid` (VmLck in /proc/PID/status).
fn vm_lck_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmLck:"))
        .expect("VmLck line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn kill(pid: u32, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(pid).unwrap();
    // SAFETY: kill(2) only sends a signal to our own child.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
}

#[test]
fn holds_the_lock_until_each_stop_signal() {
    let env = TestEnv::new();
    let file = env.file("data", &noise(128 << 10, 1));
    for (signal, name) in [
        (libc::SIGTERM, "SIGTERM"),
        (libc::SIGINT, "SIGINT"),
        (libc::SIGHUP, "SIGHUP"),
    ] {
        // -v: the human lines on stderr too.
        let (child, mut stdout, locked) = start_lock(&env, &["-v", file.to_str().unwrap()]);
        assert_eq!(locked["event"], "locked");
        assert_eq!(locked["bytes"], 128 << 10);
        assert_eq!(locked["pages"], 32);
        let files = locked["files"].as_array().unwrap();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0]["path"], file.to_str().unwrap());
        assert_eq!(files[0]["offset"], 0);
        assert_eq!(files[0]["length"], 128 << 10);
        assert_eq!(files[0]["pages"], 32);
        // Locked while held: exactly the file's 32 pages.
        assert_eq!(vm_lck_kib(child.id()), 128);

        kill(child.id(), signal);
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
        let released: Value = serde_json::from_str(rest.trim()).unwrap();
        assert_eq!(released["event"], "released");
        assert!(released["held_seconds"].as_f64().unwrap() >= 0.0);
        assert_eq!(released["signal"], name);
        assert!(
            stderr.contains("locked 128.0 KiB (32 pages) in 1 file\n"),
            "{stderr}"
        );
        assert!(stderr.contains("released after"), "{stderr}");
        assert!(stderr.contains(&format!("({name})")), "{stderr}");
    }
}

#[test]
fn for_duration_ends_the_hold_and_regions_apply_to_every_file() {
    let env = TestEnv::new();
    let a = env.file("a", &noise(20_000, 2));
    let b = env.file("b", &noise(9_000, 3));
    let empty = env.file("empty", b"");
    let output = env
        .cmd()
        .args(["lock", "--for", "300ms", "--json", "-s", "100", "-n", "9K"])
        .args([&a, &b])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let files = lines[0]["files"].as_array().unwrap();
    // 100..9316 touches pages 0, 1 and 2 of both files; b's length is clamped to its end.
    assert_eq!(files[0]["offset"], 100);
    assert_eq!(files[0]["length"], 9216);
    assert_eq!(files[0]["pages"], 3);
    assert_eq!(files[1]["length"], 8_900);
    assert_eq!(files[1]["pages"], 3);
    assert_eq!(lines[0]["bytes"], 9216 + 8_900);
    assert_eq!(lines[0]["pages"], 6);
    assert_eq!(lines[1]["event"], "released");
    assert!(lines[1]["held_seconds"].as_f64().unwrap() >= 0.3);
    assert_eq!(lines[1]["signal"], Value::Null);
    // --json without -v: stdout has the JSON lines, stderr nothing (as other commands' --json).
    assert_eq!(stderr, "");

    // A bare number is seconds, as for sleep and timeout; -v keeps the human lines.
    let output = env
        .cmd()
        .args(["lock", "--for", "1", "--json", "-v", "-n", "4K"])
        .arg(&a)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("in 1 file"), "{stderr}");
    assert!(stderr.contains("holding for 1s,"), "{stderr}");
    let released: Value = serde_json::from_str(
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .nth(1)
            .unwrap(),
    )
    .unwrap();
    assert!(released["held_seconds"].as_f64().unwrap() >= 1.0);

    // An empty file locks 0 pages and is valid; --for 0s releases at once.
    let output = env
        .cmd()
        .args(["lock", "--for", "0s"])
        .arg(&empty)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("locked 0 B (0 pages) in 1 file"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}

/// `mmapctl lock ARGS` as uid 65534 under a 64 KiB memory-lock limit (root's limit does
/// not bind: CAP_IPC_LOCK).
fn lock_unprivileged(env: &TestEnv, args: &[&Path]) -> std::process::Output {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .args(["prlimit", "--memlock=65536:65536"])
        .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
        .args(["lock", "--for", "0s", "-n", "32K"])
        .args(args)
        .current_dir(env.path(""))
        .output()
        .unwrap()
}

fn reachable_by_nobody(env: &TestEnv, names: &[&str]) {
    use std::os::unix::fs::PermissionsExt;
    let dir = env.path("");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for name in names {
        let perms = std::fs::Permissions::from_mode(0o644);
        std::fs::set_permissions(env.path(name), perms).unwrap();
    }
}

#[test]
fn refused_lock_explains_the_limit_and_how_to_raise_it() {
    let env = TestEnv::new();
    let big = env.file("big", &noise(1 << 20, 4));
    let small = env.file("small", &noise(32 << 10, 5));
    reachable_by_nobody(&env, &["big", "small"]);

    // The same user under the same limit locks what fits, so the refusal below is the
    // limit's doing and not a setup problem.
    let output = lock_unprivileged(&env, &[&small, &small]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("locked 64.0 KiB (16 pages) in 2 files"),
        "{stderr}"
    );

    // 1 MiB under a 64 KiB limit: what was asked, the limit, and the hint.
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .args(["prlimit", "--memlock=65536:65536"])
        .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
        .args(["lock", "--json"])
        .arg(&big)
        .output()
        .unwrap();
    assert_error(&output, 1, "cannot lock");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for needle in [
        big.to_str().unwrap(),
        "bytes 0x0..0x100000",
        "1.0 MiB in 256 pages",
        "Cannot allocate memory",
        "RLIMIT_MEMLOCK) is 64.0 KiB (hard limit 64.0 KiB)",
        "\nhint: raise the limit: `ulimit -l 1024`",
        "CAP_IPC_LOCK",
        "LimitMEMLOCK=1048576",
        "the hard limit (64.0 KiB) caps `ulimit -l`",
    ] {
        assert!(stderr.contains(needle), "stderr lacks {needle:?}: {stderr}");
    }
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    assert!(output.stdout.is_empty(), "no locked event when refused");

    // A third 32 KiB region crosses the limit after two were locked: both are released.
    let output = lock_unprivileged(&env, &[&small, &small, &big]);
    assert_error(&output, 1, "big (bytes 0x0..0x8000, 32.0 KiB in 8 pages)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("asks for 96.0 KiB, 64.0 KiB of it for earlier regions (now unlocked"),
        "{stderr}"
    );
    assert!(!stderr.contains("locked 64.0 KiB"), "{stderr}");

    // A limit of 0: EPERM, the same explanation.
    let output = Command::new("sh")
        .args(["-c", "ulimit -l 0 && exec setpriv --reuid=65534 --regid=65534 --clear-groups \"$0\" lock \"$1\""])
        .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
        .arg(&small)
        .output()
        .unwrap();
    assert_error(&output, 1, "Operation not permitted");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("RLIMIT_MEMLOCK) is 0 B"), "{stderr}");
    assert!(
        stderr.contains("hint: raise the limit: `ulimit -l 32`"),
        "{stderr}"
    );
}

/// Runs `cmd` with `stdout` and stderr captured, failing the test instead of hanging when it
/// does not end within 20 s (a hold that should have ended).
fn run_with_stdout(cmd: &mut Command, stdout: Stdio) -> std::process::Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn mmapctl");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} still running after 20 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    std::process::Output {
        status,
        stdout: Vec::new(),
        stderr,
    }
}

#[test]
fn unwritable_stdout_releases_with_one_line() {
    let env = TestEnv::new();
    let file = env.file("data", &noise(64 << 10, 6));
    // With --for 0s, and with no end to the hold at all: the run ends at the refused event
    // either way, instead of holding pages that nobody was told are locked.
    for hold in [&["--for", "0s"][..], &[]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let mut cmd = env.cmd();
        cmd.args(["lock", "--json"]).args(hold).arg(&file);
        let output = run_with_stdout(&mut cmd, full.into());
        assert_error(
            &output,
            1,
            "cannot write the \"locked\" event to stdout, so the lock was released: \
             No space left on device",
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{hold:?}: {stderr}");
    }
}

#[test]
fn a_reader_gone_from_stdout_ends_the_run_with_exit_0() {
    // The documented broken-pipe rule. The pipe's reading end is closed before mmapctl
    // starts, so the event always meets EPIPE.
    let env = TestEnv::new();
    let file = env.file("data", &noise(64 << 10, 7));
    for hold in [&["--for", "0s"][..], &[]] {
        let writer = crate::support::closed_pipe();
        let mut cmd = env.cmd();
        cmd.args(["lock", "--json"]).args(hold).arg(&file);
        let output = run_with_stdout(&mut cmd, writer.into());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{hold:?}: {stderr}");
        assert!(stderr.is_empty(), "{hold:?}: {stderr}");
    }
}

#[test]
fn regions_past_any_address_space_are_refused_in_one_line() {
    // Two sparse files of 8 EiB (tmpfs takes them): their sizes summed overflowed, a panic
    // before the mapping, which no address space holds, could be refused.
    let env = TestEnv::new();
    let output = crate::support::write::in_mount_namespace(
        &env,
        "mount -t tmpfs tmpfs \"$MNT\" && truncate -s 9223372036854775807 \"$MNT/huge\" && \
         exec \"$BIN\" lock --for 0s \"$MNT/huge\" \"$MNT/huge\"",
    );
    assert_error(
        &output,
        1,
        &format!("huge (bytes 0x0..0x7fffffffffffffff, --prot ro): {NO_ROOM}"),
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
}

#[test]
fn short_of_address_space_is_one_line_naming_the_region() {
    if skip_if_emulated(AS_LIMIT) {
        return;
    }
    let env = TestEnv::new();
    env.sparse("big", 20 << 20, 0, b"");
    let base = crate::dump::baseline_address_space(&env);
    let output = crate::dump::with_address_space(
        &env,
        base + (4 << 20),
        &["lock", "--for", "0s", "--json", "big"],
    );
    assert_error(
        &output,
        1,
        "cannot map big (bytes 0x0..0x1400000, --prot ro): Cannot allocate memory",
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
}

#[test]
fn starts_no_thread() {
    // Under RLIMIT_NPROC=1 every thread creation fails: lock must not need one (a progress
    // bar's steady tick, say). 4 KiB stays under the default memory-lock limit.
    let env = TestEnv::new();
    env.file("data", &noise(64 << 10, 8));
    let args: Vec<&std::ffi::OsStr> = ["lock", "--for", "0s", "--json", "-v", "-n", "4K", "data"]
        .iter()
        .map(|a| a.as_ref())
        .collect();
    let output = crate::dump::without_threads(&env, &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("locked 4.0 KiB (1 pages) in 1 file"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 2);
}
