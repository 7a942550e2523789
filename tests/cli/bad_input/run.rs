//! Running one row of the bad-input table: the fixture files, the places a command runs
//! (as root, as nobody, in a private mount namespace on a read-only or full tmpfs), and the
//! checks every row gets.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixListener;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output};
use std::time::{Duration, UNIX_EPOCH};

use crate::support::platform::{
    emulator, lone_uid, skip_part, threadless_nproc, AS_LIMIT, NO_POPULATE,
};
use crate::support::write::bin;
use crate::support::{closed_pipe, output_within, output_within_streams, TestEnv};

/// Where a row's command runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// In the fixture directory, as root.
    Here,
    /// In the fixture directory, as uid/gid 65534 with no groups (root may write a 0444
    /// file; nobody may not write root's 0644 `ten` nor read its 0600 `secret`).
    Nobody,
    /// In a tmpfs remounted read-only, holding `ten` and `empty`, in a private mount
    /// namespace.
    ReadOnly,
    /// In a 1 MiB tmpfs filled to the last page, holding `ten` and `hole` (1 MiB sparse).
    Full,
    /// As `Full`, with two pages free: enough to extend a file, not to fill the extension.
    AlmostFull,
    /// As `Full`, the command run as uid/gid 65534.
    FullAsNobody,
}

/// What else is hostile about a row's process: limits and signal state it inherits, and
/// standard streams that cannot be written. Set in the child before exec (rlimits, the
/// signal mask and ignored signals survive exec), so mmapctl starts with them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hostile {
    /// Nothing.
    No,
    /// RLIMIT_FSIZE of 4096 bytes: a write past it fails (SIGXFSZ killed mmapctl before).
    FileSize,
    /// RLIMIT_AS of 128 MiB: big mappings and allocations are refused.
    AddressSpace,
    /// RLIMIT_NPROC at what the process uses up (one, and an emulator's thread): no thread
    /// can be started (enforced for non-root only; the rows run as a uid of their own, since
    /// the limit counts every thread of the uid and other tests run as 65534 at the same
    /// time).
    Threads,
    /// SIGBUS blocked in the inherited signal mask.
    SigbusBlocked,
    /// SIGBUS ignored.
    SigbusIgnored,
    /// stderr is /dev/full: every diagnostic fails with ENOSPC.
    StderrFull,
    /// stderr is a pipe whose reader has gone: every diagnostic fails with EPIPE.
    StderrClosed,
    /// stdout is /dev/full.
    StdoutFull,
}

impl Hostile {
    /// Applies the limits and signal state to `cmd`'s child, before exec.
    fn apply(self, cmd: &mut Command) {
        use std::os::unix::process::CommandExt;
        let limit = match self {
            Hostile::FileSize => Some((libc::RLIMIT_FSIZE, 4096)),
            Hostile::AddressSpace => Some((libc::RLIMIT_AS, 128 << 20)),
            Hostile::Threads => Some((libc::RLIMIT_NPROC, threadless_nproc().into())),
            _ => None,
        };
        let mode = self;
        // SAFETY: between fork and exec the closure only makes async-signal-safe calls
        // (setrlimit, sigemptyset, sigaddset, sigprocmask, signal) on local data.
        unsafe {
            cmd.pre_exec(move || {
                if let Some((resource, limit)) = limit {
                    let rl = libc::rlimit {
                        rlim_cur: limit,
                        rlim_max: limit,
                    };
                    if libc::setrlimit(resource, &rl) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                }
                if mode == Hostile::SigbusBlocked {
                    let mut set: libc::sigset_t = std::mem::zeroed();
                    libc::sigemptyset(&mut set);
                    libc::sigaddset(&mut set, libc::SIGBUS);
                    libc::sigprocmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
                }
                if mode == Hostile::SigbusIgnored {
                    libc::signal(libc::SIGBUS, libc::SIG_IGN);
                }
                Ok(())
            });
        }
    }

    /// The stdout and stderr the row's command gets instead of pipes read back.
    fn streams(self) -> (Option<std::fs::File>, Option<std::fs::File>) {
        match self {
            Hostile::StderrFull => (None, Some(dev_full())),
            Hostile::StderrClosed => (None, Some(closed_pipe())),
            Hostile::StdoutFull => (Some(dev_full()), None),
            _ => (None, None),
        }
    }

    /// Whether the row's stderr cannot be read back (only the exit code and the files can
    /// be checked).
    fn silent(self) -> bool {
        matches!(self, Hostile::StderrFull | Hostile::StderrClosed)
    }
}

fn dev_full() -> std::fs::File {
    std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap()
}

/// One row: where, the command line (words split on spaces; '...' groups), the exit code,
/// the file the message must name ("" where there is none: usage errors), and a piece of
/// the cause. Exit 0 rows are valid input; `cause` is then looked for in the output.
pub struct Case {
    pub at: At,
    pub hostile: Hostile,
    pub cmd: &'static str,
    pub code: i32,
    pub file: &'static str,
    pub cause: &'static str,
}

/// Every file and directory the fixture holds, with their bytes where small: what must be
/// the same after every row.
const FINGERPRINT: &str = "find . -mindepth 1 -printf '%p %y %s %T@\\n' | LC_ALL=C sort && \
    find . -type f -size -2M -exec sha256sum {} + | LC_ALL=C sort";

/// An old, exact modification time for every fixture file, so any change shows.
const MTIME: u64 = 1_000_000_000;

/// The fixture directory of `Here` and `Nobody` rows (see the table's module docs).
pub struct Fixture {
    env: TestEnv,
    _socket: UnixListener,
}

impl Fixture {
    pub fn new() -> Self {
        let env = TestEnv::new();
        let dir = env.path("");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        env.file("ten", b"0123456789");
        env.file("noise", &crate::support::noise(256 << 10, 9));
        env.file("empty", b"");
        env.sparse("big", 5 << 30, (5 << 30) - 4, b"tail");
        let secret = env.file("secret", b"secret");
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
        let open = env.file("open", b"anyone may write this");
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o666)).unwrap();
        std::fs::create_dir(env.path("dir")).unwrap();
        std::fs::hard_link(env.path("ten"), env.path("ten.link")).unwrap();
        let fifo =
            std::ffi::CString::new(env.path("fifo").into_os_string().into_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
        std::os::unix::fs::symlink("fifo", env.path("fifo.link")).unwrap();
        std::os::unix::fs::symlink("ten", env.path("ten.sym")).unwrap();
        std::os::unix::fs::symlink("open", env.path("open.sym")).unwrap();
        std::os::unix::fs::symlink("nowhere", env.path("dangling")).unwrap();
        let socket = UnixListener::bind(env.path("sock")).unwrap();
        for name in ["ten", "noise", "empty", "big", "secret", "open"] {
            let file = std::fs::File::options()
                .write(true)
                .open(env.path(name))
                .unwrap();
            file.set_modified(UNIX_EPOCH + Duration::from_secs(MTIME))
                .unwrap();
        }
        Fixture {
            env,
            _socket: socket,
        }
    }

    fn fingerprint(&self) -> String {
        let out = Command::new("sh")
            .args(["-c", FINGERPRINT])
            .current_dir(self.env.path(""))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    }
}

/// A row's outcome: the command's output and the fixture before and after it.
struct Outcome {
    output: Output,
    before: String,
    after: String,
}

/// Splits a row's command line into words; '...' keeps spaces (and allows an empty word).
pub fn words(cmd: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    for c in cmd.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                word.get_or_insert_with(String::new);
            }
            c if c.is_whitespace() && !quoted => out.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    assert!(!quoted, "unbalanced quote in {cmd:?}");
    out.extend(word);
    out
}

/// A command may take this long; a FIFO waited on would take forever.
const LIMIT: Duration = Duration::from_secs(20);

fn run_in_fixture(fixture: &Fixture, case: &Case) -> Outcome {
    let before = fixture.fingerprint();
    let mut cmd = if case.at == At::Nobody {
        let uid = if case.hostile == Hostile::Threads {
            lone_uid()
        } else {
            65534
        };
        let mut cmd = Command::new("setpriv");
        cmd.args([
            &format!("--reuid={uid}"),
            &format!("--regid={uid}"),
            "--clear-groups",
        ])
        .arg(bin());
        cmd
    } else {
        Command::new(bin())
    };
    cmd.args(words(case.cmd))
        .current_dir(fixture.env.path(""))
        .env_remove("RUST_BACKTRACE")
        .env_remove("TMPDIR");
    case.hostile.apply(&mut cmd);
    let (stdout, stderr) = case.hostile.streams();
    let output = output_within_streams(&mut cmd, LIMIT, stdout, stderr);
    Outcome {
        output,
        before,
        after: fixture.fingerprint(),
    }
}

/// The tmpfs each namespace row starts from (the script then runs in the mount point).
fn setup(at: At) -> String {
    let full = |extra: &str| {
        // A 1 MiB tmpfs: `ten`, a sparse `hole`, then `filler` takes every page left.
        format!(
            "mount -t tmpfs -o size=1m tmpfs \"$MNT\" && cd \"$MNT\" && \
             printf 0123456789 > ten && truncate -s 1M hole && \
             {{ head -c 2M /dev/zero > filler 2>/dev/null; true; }} && {extra} \
             touch -d @{MTIME} ten hole filler"
        )
    };
    match at {
        At::ReadOnly => format!(
            "mount -t tmpfs -o size=4m tmpfs \"$MNT\" && cd \"$MNT\" && \
             printf 0123456789 > ten && : > empty && touch -d @{MTIME} ten empty && \
             mount -o remount,ro \"$MNT\""
        ),
        At::Full | At::FullAsNobody => full(""),
        At::AlmostFull => full("truncate -s -8K filler &&"),
        At::Here | At::Nobody => unreachable!("not in a namespace"),
    }
}

/// Runs the row in a private mount namespace: the tmpfs (and everything made on it)
/// vanishes with the shell. The fingerprints and the command's output are written to
/// `out`, outside the namespace's mount.
fn run_in_namespace(env: &TestEnv, case: &Case, row: usize) -> Outcome {
    let mnt = env.path(&format!("mnt{row}"));
    let out = env.path(&format!("out{row}"));
    std::fs::create_dir(&mnt).unwrap();
    std::fs::create_dir(&out).unwrap();
    // Only signal state is handed to the namespace's shell: its setup must not run under
    // the limits meant for mmapctl.
    assert!(
        matches!(
            case.hostile,
            Hostile::No | Hostile::SigbusBlocked | Hostile::SigbusIgnored
        ),
        "{:?} rows run only in the fixture directory",
        case.hostile
    );
    let who = if case.at == At::FullAsNobody {
        std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
        "setpriv --reuid=65534 --regid=65534 --clear-groups"
    } else {
        ""
    };
    let script = format!(
        "set -e; {setup}; {{ {FINGERPRINT}; }} > \"$OUT/before\"; set +e; \
         timeout 20 {who} \"$BIN\" \"$@\" > \"$OUT/stdout\" 2> \"$OUT/stderr\"; \
         echo $? > \"$OUT/code\"; {{ {FINGERPRINT}; }} > \"$OUT/after\"",
        setup = setup(case.at)
    );
    let mut cmd = Command::new("unshare");
    cmd.args(["-m", "sh", "-c", &script, "sh"])
        .args(words(case.cmd))
        .env("BIN", bin())
        .env("MNT", &mnt)
        .env("OUT", &out)
        .env_remove("RUST_BACKTRACE");
    case.hostile.apply(&mut cmd);
    let shell = output_within(&mut cmd, LIMIT + Duration::from_secs(10));
    assert!(shell.status.success(), "setup failed: {shell:?}");
    let read = |name: &str| std::fs::read(out.join(name)).unwrap();
    let code: i32 = String::from_utf8(read("code"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    // A wait status: the exit code in the second byte.
    let status = std::process::ExitStatus::from_raw((code & 0xff) << 8);
    Outcome {
        output: Output {
            status,
            stdout: read("stdout"),
            stderr: read("stderr"),
        },
        before: String::from_utf8(read("before")).unwrap(),
        after: String::from_utf8(read("after")).unwrap(),
    }
}

/// Runs every row at `at` and fails with the list of rows that broke the contract.
pub fn run_table(cases: &[Case], at: At) {
    let rows: Vec<&Case> = cases.iter().filter(|c| c.at == at).collect();
    assert!(!rows.is_empty(), "no rows for {at:?}");
    let fixture = matches!(at, At::Here | At::Nobody).then(Fixture::new);
    let env = TestEnv::new();
    let mut failures = Vec::new();
    let emulator = emulator();
    for (row, case) in rows.iter().enumerate() {
        if let (Some(emulator), Some(why)) = (&emulator, beyond_emulation(case)) {
            skip_part(&format!(
                "row {at:?} {:?} `mmapctl {}`: under {emulator}, {why}",
                case.hostile, case.cmd
            ));
            continue;
        }
        let outcome = match &fixture {
            Some(fixture) => run_in_fixture(fixture, case),
            None => run_in_namespace(&env, case, row),
        };
        if let Err(why) = check(case, &outcome) {
            let stderr = String::from_utf8_lossy(&outcome.output.stderr);
            failures.push(format!(
                "{at:?} `mmapctl {}`: {why}\n  exit {:?}, stderr: {stderr}",
                case.cmd,
                outcome.output.status.code()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// What keeps a row from holding under qemu-user, if anything does: the limits that count
/// the emulator's own memory and threads, and a region locked over pages that cannot be
/// read, which only pre-faulting tells from a shortage of lockable memory (mlock reports
/// both as ENOMEM).
fn beyond_emulation(case: &Case) -> Option<&'static str> {
    match case.hostile {
        Hostile::AddressSpace => Some(AS_LIMIT),
        _ if case.cmd.starts_with("lock ") && case.code == 4 => Some(NO_POPULATE),
        _ => None,
    }
}

/// The contract every row is held to.
fn check(case: &Case, outcome: &Outcome) -> Result<(), String> {
    let output = &outcome.output;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() != Some(case.code) {
        return Err(format!("expected exit {}", case.code));
    }
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "memory allocation",
    ] {
        if stderr.contains(bad) {
            return Err(format!("stderr contains {bad:?}"));
        }
    }
    if outcome.before != outcome.after {
        return Err(format!(
            "the files changed:\nbefore:\n{}after:\n{}",
            outcome.before, outcome.after
        ));
    }
    if case.hostile.silent() {
        // Nothing to read back: the exit code (checked above, so no death by signal) and
        // the files are the contract.
        return Ok(());
    }
    if case.code == 0 {
        if stderr.contains("mmapctl: error") {
            return Err("an error on a valid input".into());
        }
        let all = format!("{stdout}{stderr}");
        if !all.contains(case.cause) || !all.contains(case.file) {
            return Err(format!("output lacks {:?} / {:?}", case.file, case.cause));
        }
        return Ok(());
    }
    if !stdout.is_empty() {
        return Err(format!("stdout on an error: {stdout:?}"));
    }
    let lines: Vec<&str> = stderr.lines().collect();
    let first = lines.first().copied().unwrap_or_default();
    if !first.starts_with("mmapctl: error: ") {
        return Err("the first line is not `mmapctl: error: ...`".into());
    }
    if lines
        .iter()
        .filter(|l| l.contains("mmapctl: error"))
        .count()
        != 1
    {
        return Err("more than one error line".into());
    }
    if case.code == 2 {
        // clap's usage errors go on with usage lines; the cause may be on one of them.
        if !stderr.contains(case.cause) {
            return Err(format!("stderr lacks {:?}", case.cause));
        }
        return Ok(());
    }
    let rest = &lines[1..];
    if rest.len() > 1 || rest.iter().any(|l| !l.starts_with("hint: ")) {
        return Err("more than the error line and one hint line".into());
    }
    if !first.contains(case.file) || !first.contains(case.cause) {
        return Err(format!(
            "the error line lacks {:?} / {:?}",
            case.file, case.cause
        ));
    }
    Ok(())
}
