//! Helpers shared by the `patch` and `fill` tests: running as an unprivileged user, reading
//! JSON, and telling flushed pages from dirty ones.

use std::path::Path;
use std::process::{Command, Output};

pub use crate::support::ok;
use crate::support::TestEnv;

pub fn bin() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("mmapctl")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The one JSON object the command printed on stdout.
pub fn json(output: &Output) -> serde_json::Value {
    let text = String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout");
    assert_eq!(text.lines().count(), 1, "one object per line: {text}");
    serde_json::from_str(&text).expect("stdout is JSON")
}

/// Runs mmapctl as uid/gid 65534 with no groups: root could write a 0444 file, nobody
/// cannot write a root-owned 0644 one. The test directory is opened up for it to reach.
pub fn as_nobody(env: &TestEnv, args: &[&str]) -> Output {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin())
        .args(args)
        .current_dir(env.path(""))
        .output()
        .expect("run setpriv")
}

/// Runs `script` with `sh -c` in a private mount namespace, so that whatever it mounts
/// vanishes with it; `$BIN` is mmapctl and `$MNT` an empty directory in the test's temp dir.
pub fn in_mount_namespace(env: &TestEnv, script: &str) -> Output {
    let mnt = env.path("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    Command::new("unshare")
        .args(["-m", "sh", "-c", script])
        .env("BIN", bin())
        .env("MNT", &mnt)
        .current_dir(env.path(""))
        .output()
        .expect("run unshare")
}

/// Drops the file's clean pages from the page cache (dd iflag=nocache count=0 asks the
/// kernel for POSIX_FADV_DONTNEED over the whole file); dirty pages stay.
pub fn drop_clean_pages(path: &Path) {
    let status = Command::new("dd")
        .arg(format!("if={}", path.display()))
        .args(["iflag=nocache", "count=0", "status=none"])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Pages of the file in the page cache, by fincore.
pub fn resident_pages(path: &Path) -> u64 {
    let out = Command::new("fincore")
        .args(["--raw", "--noheadings", "--output", "PAGES"])
        .arg(path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

/// Whether `args` (run on `path`) leave the file's pages flushed: starting from a clean,
/// evicted file, run them, then evict again without fsync. A flushed page is clean and
/// goes; a page still dirty stays resident (MEASURED.md: DONTNEED keeps dirty pages).
pub fn leaves_pages_clean(env: &TestEnv, path: &Path, args: &[&str]) -> bool {
    leaves_pages_clean_after(env, path, args, || {})
}

/// [`leaves_pages_clean`], calling `between` after the command and before the eviction.
pub fn leaves_pages_clean_after(
    env: &TestEnv,
    path: &Path,
    args: &[&str],
    between: impl FnOnce(),
) -> bool {
    std::fs::File::open(path).unwrap().sync_all().unwrap();
    drop_clean_pages(path);
    assert_eq!(resident_pages(path), 0, "the file should start evicted");
    ok(env.cmd().args(args));
    between();
    drop_clean_pages(path);
    resident_pages(path) == 0
}

/// [`leaves_pages_clean`] while this process holds the file's first page mapped and
/// touched: that page must stay resident, so the probe must answer `false`.
pub fn stays_resident_while_mapped(env: &TestEnv, path: &Path, args: &[&str]) -> bool {
    let file = std::fs::File::open(path).unwrap();
    // SAFETY: a read-only shared mapping of a file this test owns and does not shrink; the
    // test only reads one byte of it.
    let map = unsafe { memmap2::MmapOptions::new().len(4096).map(&file).unwrap() };
    let clean = leaves_pages_clean_after(env, path, args, || {
        std::hint::black_box(map[0]);
    });
    drop(map);
    clean
}

/// A disk whose writes fail: an ext4 file system on a loop device whose backing file lives
/// on an 8 MiB tmpfs. ext4 believes it has ~50 MiB free and accepts the writes, but their
/// write-back fails with ENOSPC once the tmpfs is full. It is mounted in the test's private
/// mount namespace (so it never leaks) and the script continues in its root.
pub const FAILING_DISK: &str = "set -e; mount -t tmpfs -o size=8m tmpfs \"$MNT\"; \
    truncate -s 64M \"$MNT/img\"; mkfs.ext4 -q \"$MNT/img\"; mkdir \"$MNT/m\"; \
    mount -o loop,errors=continue \"$MNT/img\" \"$MNT/m\"; cd \"$MNT/m\"; set +e;";

/// A small ext4 file system on a loop device with room behind it (its image on an 80 MiB
/// tmpfs), mounted in the test's private mount namespace; the script continues in its root.
pub const EXT4_DISK: &str = "set -e; mount -t tmpfs -o size=80m tmpfs \"$MNT\"; \
    truncate -s 64M \"$MNT/img\"; mkfs.ext4 -q \"$MNT/img\"; mkdir \"$MNT/m\"; \
    mount -o loop \"$MNT/img\" \"$MNT/m\"; cd \"$MNT/m\"; set +e;";
