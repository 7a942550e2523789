//! The one launcher and assertion vocabulary of the CLI tests (fd's `TestEnv`, ripgrep's
//! `TestCommand`): a temporary directory of test files and a pinned `mmapctl` to run against
//! them ([`TestEnv::cmd`]), and the assertions every file uses: [`ok`] (exit 0),
//! [`assert_error`] (the documented error shape), [`output_within`] (no hang). `write`
//! holds what the writing commands' tests share (unprivileged runs, mount namespaces,
//! page-cache state).

pub mod pause;
pub mod platform;
pub mod write;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// How a mapping that does not fit is refused: the kernel's ENOMEM where `usize` holds the
/// length (64-bit targets: under RLIMIT_AS, or past 128 TiB), mmapctl's own words where it
/// cannot (32-bit targets, past 4 GiB).
pub const NO_ROOM: &str = if cfg!(target_pointer_width = "64") {
    "Cannot allocate memory"
} else {
    "region is larger than this platform's address space"
};

/// Owns a temporary directory; files made here vanish with it.
pub struct TestEnv {
    dir: tempfile::TempDir,
}

impl TestEnv {
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("mmapctl-tests")
            .tempdir()
            .expect("temporary directory");
        TestEnv { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `bytes` to `name` and returns its path.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, bytes).expect("write test file");
        path
    }

    /// A sparse file of `size` bytes with `bytes` written at `at`.
    pub fn sparse(&self, name: &str, size: u64, at: u64, bytes: &[u8]) -> PathBuf {
        use std::os::unix::fs::FileExt;
        let path = self.path(name);
        let file = fs::File::create(&path).expect("create sparse file");
        file.set_len(size).expect("set_len");
        file.write_all_at(bytes, at).expect("write_all_at");
        path
    }

    /// `mmapctl` with a pinned environment, run from the temporary directory.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("mmapctl"));
        cmd.current_dir(self.dir.path())
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .env("COLUMNS", "80");
        cmd
    }
}

/// Deterministic pseudo-random bytes (xorshift), so tests need no extra crate and fail
/// reproducibly.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// Asserts the documented error shape: the exit code, one `mmapctl: error:` line naming
/// `needle`, and no panic or backtrace.
pub fn assert_error(output: &Output, code: i32, needle: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {stderr}");
    assert!(stderr.starts_with("mmapctl: error: "), "stderr: {stderr}");
    assert!(stderr.contains(needle), "stderr lacks {needle:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "stderr: {stderr}");
    assert!(output.stdout.is_empty() || code == 0, "stdout on error");
}

/// Runs `cmd` to completion with its output captured, failing the test instead of hanging
/// when it takes longer than `limit` (a FIFO opened for reading waits for a writer forever).
pub fn output_within(cmd: &mut std::process::Command, limit: std::time::Duration) -> Output {
    output_within_streams(cmd, limit, None, None)
}

/// [`output_within`], with `stdout` and `stderr` given to the child instead of pipes where
/// they are `Some` (what is written there is not read back: the output holds nothing).
pub fn output_within_streams(
    cmd: &mut std::process::Command,
    limit: std::time::Duration,
    stdout: Option<std::fs::File>,
    stderr: Option<std::fs::File>,
) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let stream = |given: Option<std::fs::File>| given.map_or_else(Stdio::piped, Stdio::from);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(stream(stdout))
        .stderr(stream(stderr))
        .spawn()
        .expect("spawn");
    // Drained on threads, so a chatty child never blocks on a full pipe while we wait.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            match pipe {
                Some(mut pipe) => pipe.read_to_end(&mut buf).map(|_| buf).unwrap_or_default(),
                None => buf,
            }
        })
    };
    let boxed = |p: Box<dyn Read + Send>| p;
    let stdout = drain(child.stdout.take().map(|p| boxed(Box::new(p))));
    let stderr = drain(child.stderr.take().map(|p| boxed(Box::new(p))));
    let limit = platform::scaled(limit);
    let deadline = std::time::Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// Runs the command and asserts exit 0, returning its output.
pub fn ok(cmd: &mut Command) -> std::process::Output {
    succeeded(cmd.output().expect("run mmapctl"))
}

/// Asserts that a command that has run exited 0 (its stderr in the message), returning its
/// output.
pub fn succeeded(output: std::process::Output) -> std::process::Output {
    assert!(
        output.status.success(),
        "status {:?}, stderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The write end of a pipe whose read end is already closed.
pub fn closed_pipe() -> std::fs::File {
    use std::os::unix::io::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe writes two descriptors into the array; the read end is closed at once and
    // the write end is owned by the File from here on.
    unsafe {
        assert_eq!(libc::pipe(fds.as_mut_ptr()), 0);
        libc::close(fds[0]);
        std::fs::File::from_raw_fd(fds[1])
    }
}

/// The names in `dir`, sorted: what a failed command may have left behind.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
