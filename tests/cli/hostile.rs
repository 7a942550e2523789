//! Promises under hostile conditions (issue 9): a failing writer never removes bytes it did
//! not write, `--backup` and `--create` are checked on what was opened rather than on names,
//! pseudo file systems are refused by what they are, and a report that cannot be written
//! says that the change itself was made. Each test failed before its fix.

use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use crate::support::write::{in_mount_namespace, ok, stderr, EXT4_DISK, FAILING_DISK};
use crate::support::{assert_error, closed_pipe, listing, TestEnv};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `/proc/self/fd/3` is the target's own descriptor once mmapctl has opened it (fd 3 is the
/// first it opens): a check by name ran before it existed, and `--force` truncated the
/// target to the backup's size.
#[test]
fn a_backup_that_is_the_target_by_descriptor_path_is_refused() {
    let env = TestEnv::new();
    let ten = env.file("ten", b"0123456789");
    for backup in ["/proc/self/fd/3", "/dev/fd/3"] {
        let out = env
            .cmd()
            .args([
                "patch", "ten", "-s", "2", "--hex", "41", "--force", "--backup",
            ])
            .arg(backup)
            .output()
            .unwrap();
        assert_error(&out, 1, "is the file being patched");
        assert_eq!(std::fs::read(&ten).unwrap(), b"0123456789", "{backup}");
    }
}

/// `--create --backup newc` made the backup at the target's path, and the "backup" then
/// held the new bytes: nothing could be undone.
#[test]
fn a_backup_that_would_become_the_created_file_is_refused() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["patch", "newc", "-s", "0", "--hex", "41", "--create"])
        .args(["--backup", "newc"])
        .output()
        .unwrap();
    assert_error(&out, 1, "--backup newc is the file being patched");
    assert!(!env.path("newc").exists(), "nothing is left behind");
}

/// `--create` through a dangling symlink: the file is made where the link leads, the link
/// stays, and the directory flushed is the new file's; a failure leaves neither a file nor
/// a removed link.
#[test]
fn create_through_a_dangling_symlink_keeps_the_link() {
    let env = TestEnv::new();
    std::fs::create_dir(env.path("real")).unwrap();
    std::os::unix::fs::symlink("real/target.bin", env.path("link")).unwrap();
    ok(env
        .cmd()
        .args(["patch", "link", "-s", "2", "--hex", "41", "--create"]));
    assert!(std::fs::symlink_metadata(env.path("link"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read(env.path("real/target.bin")).unwrap(),
        b"\0\0A"
    );
    // A failure (past the file-size limit) through another dangling link leaves it as is.
    std::os::unix::fs::symlink("real/other.bin", env.path("link2")).unwrap();
    let out = std::process::Command::new("prlimit")
        .args(["--fsize=4096", "--"])
        .arg(crate::support::write::bin())
        .args(["fill", "link2", "-n", "1M", "--create"])
        .current_dir(env.path(""))
        .output()
        .unwrap();
    assert_error(&out, 1, "File too large");
    assert!(std::fs::symlink_metadata(env.path("link2")).is_ok());
    assert!(!env.path("real/other.bin").exists());
    assert_eq!(listing(&env.path("real")), ["target.bin"]);
}

/// RLIMIT_FSIZE killed mmapctl with SIGXFSZ (exit 153), leaving created files and partial
/// backups behind. Now: one line, exit 1, nothing left.
#[test]
fn the_file_size_limit_is_an_error_that_leaves_nothing() {
    let env = TestEnv::new();
    env.file("ten", b"0123456789");
    env.sparse("big", 64 << 10, 0, b"x");
    let limited = |args: &[&str]| {
        std::process::Command::new("prlimit")
            .args(["--fsize=4096", "--"])
            .arg(crate::support::write::bin())
            .args(args)
            .current_dir(env.path(""))
            .output()
            .unwrap()
    };
    for args in [
        &["fill", "new", "-n", "1M", "--create"][..],
        &["patch", "ten", "-s", "8K", "--hex", "41", "--grow"],
        &[
            "patch",
            "ten",
            "-s",
            "8K",
            "--hex",
            "41",
            "--grow",
            "--dry-run",
        ],
    ] {
        let out = limited(args);
        assert_error(&out, 1, "file-size limit of this process (4096 bytes");
        assert!(stderr(&out).contains("File too large"), "{}", stderr(&out));
    }
    // A backup larger than the limit: write(2) fails with EFBIG, and no part of it stays.
    let hex = "00".repeat(8192);
    let out = limited(&["patch", "big", "-s", "0", "--hex", &hex, "--backup", "bk"]);
    assert_error(&out, 1, "cannot write the backup bk: File too large");
    assert_eq!(listing(&env.path("")), ["big", "ten"]);
    assert_eq!(std::fs::read(env.path("ten")).unwrap(), b"0123456789");
}

/// A writer that fails after growing a file must not cut the extension off: another process
/// may have written there meanwhile (here a patch into the part of the extension before the
/// fill's region, confirmed with exit 0, while the fill is held between growing and
/// writing). The fill's failure is a flush refused by a disk whose
/// write-back fails (see durability.rs).
#[test]
fn a_failing_writer_keeps_what_another_wrote_into_its_extension() {
    let env = TestEnv::new();
    let script = format!(
        "{FAILING_DISK} cat /dev/zero > ../pad 2>/dev/null; : > f; mkfifo p; \
         MMAPCTL_TEST_PAUSE=write:p \"$BIN\" fill f -s 1MiB -n 29MiB --grow --byte 1 2> fill.err & \
         exec 3> p; \
         \"$BIN\" patch f -s 100 --hex 42 --flush none; echo \"patch $?\"; \
         exec 3>&-; wait $!; echo \"fill $?\"; cat fill.err; \
         stat -c 'size %s' f; \"$BIN\" dump f -s 100 -n 1 -f plain"
    );
    let out = in_mount_namespace(&env, &script);
    let text = stdout(&out);
    assert!(text.contains("patch 0\n"), "{text}{}", stderr(&out));
    assert!(text.contains("fill 1\n"), "{text}");
    assert!(
        text.contains("cannot flush f") && text.contains("f is left at 31457280 bytes (it had 0)"),
        "{text}"
    );
    assert!(text.contains("size 31457280\n"), "{text}");
    assert!(text.ends_with("42\n"), "the patch was cut off: {text}");
}

/// A failing `--create` leaves nothing, not even a temporary name, and a file made by
/// another process while it ran is never replaced.
#[test]
fn a_failed_create_leaves_no_file() {
    let env = TestEnv::new();
    // Without a journal: a journal write that fails aborts ext4 into read-only, and then
    // no removal of anything can succeed, which is not what this test is about.
    let disk = FAILING_DISK.replace("mkfs.ext4 -q", "mkfs.ext4 -q -O ^has_journal");
    assert_ne!(disk, FAILING_DISK);
    let script =
        format!("{disk} \"$BIN\" fill f -n 30MiB --create --byte 0x41; echo \"fill $?\"; ls -A");
    let out = in_mount_namespace(&env, &script);
    let text = stdout(&out);
    assert_eq!(text, "fill 1\nlost+found\n", "stderr: {}", stderr(&out));
    assert!(stderr(&out).contains("cannot flush f"), "{}", stderr(&out));
}

/// A failed patch removed neither its new backup nor let a retry in: "already exists".
#[test]
fn a_failed_patch_removes_the_backup_it_made() {
    let env = TestEnv::new();
    // The target on a full tmpfs, the backup beside the test (where there is room).
    let script =
        "set -e; mount -t tmpfs -o size=1m tmpfs \"$MNT\"; printf 0123456789 > \"$MNT/ten\"; \
         head -c 2M /dev/zero > \"$MNT/filler\" 2>/dev/null || true; set +e; \
         \"$BIN\" patch \"$MNT/ten\" -s 100K --hex 01 --grow --backup bk; echo \"first $?\"; \
         ls bk 2>/dev/null; rm \"$MNT/filler\"; \
         \"$BIN\" patch \"$MNT/ten\" -s 100K --hex 01 --grow --backup bk; echo \"retry $?\"; \
         od -An -tx1 bk";
    let out = in_mount_namespace(&env, script);
    let text = stdout(&out);
    let err = stderr(&out);
    assert!(text.starts_with("first 1\nretry 0\n"), "{text}{err}");
    assert!(
        err.contains("the file system cannot provide the blocks"),
        "{err}"
    );
    assert!(text.ends_with(" 00\n"), "the retry's backup: {text}");
}

/// A failed patch that had already changed the file says where the old bytes are.
#[test]
fn a_patch_that_failed_after_writing_names_its_backup() {
    let env = TestEnv::new();
    let script = format!(
        "HERE=$(pwd); {FAILING_DISK} truncate -s 1M f; cat /dev/zero > ../pad 2>/dev/null; \
         \"$BIN\" patch f -s 512K --hex 01 --backup \"$HERE/bk\"; echo \"patch $?\""
    );
    let out = in_mount_namespace(&env, &script);
    assert_eq!(stdout(&out), "patch 1\n", "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.starts_with("mmapctl: error: cannot flush f"), "{err}");
    assert!(
        err.contains("; the bytes it had before are saved in "),
        "{err}"
    );
    assert_eq!(std::fs::read(env.path("bk")).unwrap(), [0]);
}

/// A full ext4 whose hole is already in the page cache (read once): the write was let in
/// without pre-faulting, and the SIGBUS that followed was reported as "the file shrank"
/// (exit 4). Now the blocks are reserved before any byte is written: exit 1, unchanged.
#[test]
fn a_cached_hole_on_a_full_disk_is_refused_before_writing() {
    let env = TestEnv::new();
    let script = format!(
        "{EXT4_DISK} truncate -s 4M f; cat /dev/zero > pad 2>/dev/null; sync; \
         \"$BIN\" dump f -f raw > /dev/null; \
         \"$BIN\" fill f -s 1M -n 1M --byte 7; echo \"fill $?\"; \
         \"$BIN\" patch f -s 2M --hex 01; echo \"patch $?\"; \
         \"$BIN\" dump f -f plain | tr -d '0\\n' | wc -c"
    );
    let out = in_mount_namespace(&env, &script);
    let err = stderr(&out);
    assert_eq!(stdout(&out), "fill 1\npatch 1\n0\n", "{err}");
    assert_eq!(err.lines().count(), 2, "{err}");
    for line in err.lines() {
        assert!(
            line.starts_with("mmapctl: error: cannot write f (bytes 0x")
                && line.contains("the file system cannot provide the blocks: No space left"),
            "{err}"
        );
    }
}

/// Pseudo files are refused by their file system, before any read or write: size-0 procfs
/// files whose first read fails were taken for empty files, and a sysfs file reporting 4096
/// bytes gave a raw "No such device".
#[test]
fn pseudo_files_are_refused_by_their_file_system() {
    let env = TestEnv::new();
    // dump is not here: it streams pseudo files instead of mapping them (tests/cli/dump.rs).
    for (args, file) in [
        (
            &["fill", "/proc/self/clear_refs"][..],
            "/proc/self/clear_refs",
        ),
        (
            &[
                "patch",
                "/proc/self/clear_refs",
                "-s",
                "0",
                "--hex",
                "00",
                "--grow",
            ],
            "/proc/self/clear_refs",
        ),
        (
            &["residency", "/sys/kernel/mm/transparent_hugepage/enabled"],
            "enabled",
        ),
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert_error(&out, 1, file);
        assert!(
            stderr(&out).contains("pseudo-file"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

/// `--json >/dev/full` after the change was written and flushed: exit 1, and the one
/// line says that the change itself is done, in the summary's words.
#[test]
fn a_report_that_cannot_be_written_says_the_change_was_made() {
    let env = TestEnv::new();
    let ten = env.file("ten", b"0123456789");
    let full = || {
        std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let out = env
        .cmd()
        .args(["patch", "ten", "-s", "0", "--hex", "41", "--json"])
        .stdout(full())
        .output()
        .unwrap();
    assert_error(&out, 1, "No space left on device");
    assert!(
        stderr(&out).contains("the change itself is done: patched 1 byte at 0x0 in ten (flushed)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&ten).unwrap(), b"A123456789");
    let out = env
        .cmd()
        .args(["fill", "ten", "-n", "2", "--byte", "0x42", "--json"])
        .stdout(full())
        .output()
        .unwrap();
    assert_error(
        &out,
        1,
        "the change itself is done: filled 2 bytes at 0x0 in ten",
    );
}

/// A dry run refuses exactly what the real call refuses: an offset near 2^64 wrapped around
/// in the preview, which showed zeros and exited 0.
#[test]
fn a_dry_run_refuses_a_growth_the_real_call_refuses() {
    let env = TestEnv::new();
    env.file("ten", b"0123456789");
    for dry in [true, false] {
        let mut cmd = env.cmd();
        cmd.args([
            "patch",
            "ten",
            "-s",
            "0xfffffffffffffc00",
            "--hex",
            "41",
            "--grow",
        ]);
        if dry {
            cmd.arg("--dry-run");
        }
        let out = cmd.output().unwrap();
        assert_error(&out, 1, "would grow the file past the largest file size");
    }
    // ext4's own limit (16 TiB with 4 KiB blocks), found without writing.
    let script = format!(
        "{EXT4_DISK} : > f; \
         \"$BIN\" patch f -s 17T --hex 41 --grow --dry-run; echo \"dry $?\"; \
         \"$BIN\" patch f -s 17T --hex 41 --grow; echo \"real $?\"; stat -c %s f"
    );
    let out = in_mount_namespace(&env, &script);
    assert_eq!(stdout(&out), "dry 1\nreal 1\n0\n", "{}", stderr(&out));
    for line in stderr(&out).lines() {
        assert!(
            line.contains("would grow the file past the largest file its file system allows"),
            "{}",
            stderr(&out)
        );
    }
}

/// A file leased by another process (fcntl F_SETLEASE): opening it to write is refused at
/// once (O_NONBLOCK), and the error says that a lease holds it.
#[test]
fn a_leased_file_names_the_lease() {
    use std::os::unix::io::AsRawFd;
    let env = TestEnv::new();
    let path = env.file("leased", b"0123456789");
    let file = std::fs::File::open(&path).unwrap();
    // SAFETY: signal and fcntl take integers only, on a live descriptor. The break of the
    // lease that mmapctl's open starts is signalled to this process with SIGIO, whose
    // default action would end the test binary.
    let rc = unsafe {
        libc::signal(libc::SIGIO, libc::SIG_IGN);
        libc::fcntl(file.as_raw_fd(), libc::F_SETLEASE, libc::F_RDLCK)
    };
    assert_eq!(rc, 0, "F_SETLEASE: {}", std::io::Error::last_os_error());
    let out = env
        .cmd()
        .args(["patch", "leased", "-s", "0", "--hex", "41"])
        .output()
        .unwrap();
    assert_error(
        &out,
        1,
        "cannot open leased for writing: another process holds a lease",
    );
    drop(file);
    assert_eq!(std::fs::read(&path).unwrap(), b"0123456789");
}

/// Diagnostics that cannot be written are dropped; the exit code stays the documented one
/// (a panic was exit 101).
#[test]
fn an_unwritable_stderr_keeps_the_exit_code() {
    let env = TestEnv::new();
    env.file("ten", b"0123456789");
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    let full = || {
        std::fs::File::options()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for (args, code) in [
        (&["dump", "missing"][..], 1),
        (&["dump", "ten", "-s", "nope"], 2),
        (&["patch", "ten", "-s", "0", "--hex", "31"], 0),
        (
            &["patch", "ten", "-s", "0", "--hex", "31", "--expect", "ff"],
            3,
        ),
        (&["lock", "ten", "--for", "0s"], 0),
        (&["fill", "ten", "-n", "1", "--byte", "0x30"], 0),
    ] {
        let out = env.cmd().args(args).stderr(full()).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
    // A stderr (and stdout) pipe whose reader has gone, as after `2>&1 | head -n1`: every
    // write fails with EPIPE, from the first line on.
    let out = env
        .cmd()
        .args(["lock", "ten", "--for", "0s"])
        .stdout(closed_pipe())
        .stderr(closed_pipe())
        .status()
        .unwrap();
    assert_eq!(out.code(), Some(0));
    let out = env
        .cmd()
        .args(["dump", "missing"])
        .stderr(closed_pipe())
        .status()
        .unwrap();
    assert_eq!(out.code(), Some(1));
}

/// `nohup mmapctl lock f &`: a signal the parent set to be ignored must not end the hold
/// (lock blocked SIGHUP and took it with sigtimedwait, ignored or not).
#[test]
fn lock_keeps_an_inherited_ignored_signal_ignored() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::CommandExt;
    let env = TestEnv::new();
    env.file("data", b"0123456789");
    let mut cmd = env.cmd();
    cmd.args(["lock", "data", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    // SAFETY: signal(2) is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGHUP, libc::SIG_IGN);
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.contains("\"event\":\"locked\""), "{line}");
    let pid = child.id() as libc::pid_t;
    // SAFETY: kill(2) only sends signals to our own child. SIGHUP first: were it taken, the
    // release below would name it.
    unsafe {
        assert_eq!(libc::kill(pid, libc::SIGHUP), 0);
        assert_eq!(libc::kill(pid, libc::SIGTERM), 0);
    }
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(rest.contains("\"signal\":\"SIGTERM\""), "{rest}");
}
