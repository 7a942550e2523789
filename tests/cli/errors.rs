//! A noexec mount, and files that shrink while mapped (inputs that cannot be mapped at all
//! are rows of bad_input.rs).

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use crate::support::platform::{skip_if_emulated, NOEXEC};
use crate::support::{assert_error, noise, TestEnv};

#[test]
fn exec_on_a_noexec_mount_fails_clearly() {
    if skip_if_emulated(NOEXEC) {
        return;
    }
    // A private mount namespace, so the tmpfs vanishes with the shell and never leaks.
    let env = TestEnv::new();
    let mnt = env.path("noexec");
    std::fs::create_dir(&mnt).unwrap();
    let script = format!(
        "mount -t tmpfs -o noexec,size=1m tmpfs {mnt} && printf abc > {mnt}/f && \
         exec {bin} dump --prot exec {mnt}/f",
        mnt = mnt.display(),
        bin = assert_cmd::cargo::cargo_bin!("mmapctl").display(),
    );
    let output = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .unwrap();
    assert_error(&output, 1, "Operation not permitted");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--prot exec"), "{stderr}");
    assert!(stderr.contains("hint: executable mappings fail on a file system mounted noexec"));
}

/// Starts a dump into a pipe, lets the pipe fill (the dump blocks), truncates the file,
/// then drains the pipe: the dump must exit 4 with one line naming the file.
fn shrink_while_dumping(format: &str, prot: &str) {
    let env = TestEnv::new();
    // Made once for every test here: 48 MiB of noise take most of a second in a debug build.
    static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let file = env.file("shrinks", BYTES.get_or_init(|| noise(48 << 20, 10)));
    let mut child = env
        .cmd()
        .args(["dump", "--color=never", "-f", format, "--prot", prot])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0u8; 256 << 10];
    stdout.read_exact(&mut head).unwrap();
    // The reader pauses: the pipe fills and the dump blocks in write().
    std::thread::sleep(Duration::from_millis(200));
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .unwrap()
        .set_len(0)
        .unwrap();
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_error(&output, 4, "the file shrank");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("shrinks"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("Bus error") && !stderr.contains("core dumped"));
}

#[test]
fn shrinking_file_under_raw_dump_exits_4() {
    shrink_while_dumping("raw", "ro");
}

#[test]
fn shrinking_file_under_plain_dump_exits_4() {
    shrink_while_dumping("plain", "ro");
}

#[test]
fn shrinking_file_under_hexyl_dump_exits_4() {
    shrink_while_dumping("hexyl", "ro");
}

#[test]
fn shrinking_file_under_c_dump_exits_4() {
    shrink_while_dumping("c", "ro");
}

#[test]
fn shrinking_file_under_a_private_mapping_exits_4() {
    // A copy-on-write mapping loses the file's pages just the same: read (plain, SIGBUS) and
    // handed to write(2) (raw, EFAULT).
    shrink_while_dumping("plain", "copy");
    shrink_while_dumping("raw", "copy");
}
