//! Holding the binary at a test hook (src/hooks.rs, `MMAPCTL_TEST_PAUSE`) to change the
//! world under it (shrink the file, kill it, start another command) at a known point.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::TestEnv;

/// How long a test waits for the command to reach the point where the file is shrunk: only
/// a command that never gets there (a bug) takes this long.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// Panics with the command's output if it has already exited.
pub fn assert_running(child: &mut Child, waiting_for: &str) {
    if child.try_wait().unwrap().is_some() {
        let out = exited_output(child);
        panic!(
            "mmapctl exited ({:?}) before {waiting_for}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The output of a child that has exited (so reading its pipes one after the other cannot
/// block it).
pub fn exited_output(child: &mut Child) -> Output {
    let mut out = Output {
        status: child.wait().unwrap(),
        stdout: Vec::new(),
        stderr: Vec::new(),
    };
    use std::io::Read;
    if let Some(mut s) = child.stdout.take() {
        s.read_to_end(&mut out.stdout).unwrap();
    }
    if let Some(mut s) = child.stderr.take() {
        s.read_to_end(&mut out.stderr).unwrap();
    }
    out
}

/// Starts `mmapctl args` held at the hook `point` and returns once it is there, with the
/// FIFO's write end: dropping it lets the command go on.
pub fn spawn_paused(env: &TestEnv, point: &str, args: &[&str]) -> (Child, File) {
    let fifo = env.path("pause");
    if fifo.exists() {
        std::fs::remove_file(&fifo).unwrap();
    }
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = env
        .cmd()
        .args(args)
        .env("MMAPCTL_TEST_PAUSE", format!("{point}:{}", fifo.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + PATIENCE;
    loop {
        // A non-blocking open for writing succeeds once the command has the FIFO open for
        // reading, i.e. has reached the pause; before that it fails with ENXIO.
        match OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
        {
            Ok(writer) => return (child, writer),
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {}
            Err(e) => panic!("cannot open the FIFO: {e}"),
        }
        assert_running(&mut child, "the pause");
        assert!(Instant::now() < deadline, "mmapctl never reached the pause");
        std::thread::sleep(Duration::from_millis(1));
    }
}
