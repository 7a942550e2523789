//! `mmapctl diff`: the edit script, --stat, -q, --json and -f cmp against the real binary,
//! with cmp's exit codes; `cmp -l` is the oracle of -f cmp, `sha256sum` of the header's
//! hashes, and `mmapctl patch` of the script's meaning.

use std::path::Path;
use std::process::{Command, Output};

use proptest::prelude::*;

use crate::support::platform::{emulator, skip_part, NO_POPULATE};
use crate::support::{assert_error, noise, TestEnv};

fn diff(env: &TestEnv, args: &[&str]) -> Output {
    env.cmd()
        .arg("diff")
        .args(args)
        .output()
        .expect("run mmapctl diff")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn sha256sum(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("run sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .expect("a digest")
        .to_string()
}

/// The script's header for whole files `a` and `b`.
fn header(a: &Path, b: &Path) -> String {
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    format!(
        "# mmapctl edit script\n# size {} => {}\n# sha256 {} => {}\n",
        size(a),
        size(b),
        sha256sum(a),
        sha256sum(b)
    )
}

#[test]
fn identical_files_exit_0_with_an_empty_script() {
    let env = TestEnv::new();
    let bytes = noise(5000, 1);
    let a = env.file("a", &bytes);
    let b = env.file("b", &bytes);
    let out = diff(&env, &["a", "b"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), header(&a, &b));
    assert!(out.stderr.is_empty());
}

#[test]
fn different_files_print_runs_and_exit_1() {
    let env = TestEnv::new();
    let a = env.file("a", b"Hello, world! version 1.0\n");
    let b = env.file("b", b"Hello, World! version 2.0\n");
    let out = diff(&env, &["a", "b"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!("{}0x7 77 => 57\n0x16 31 => 32\n", header(&a, &b));
    assert_eq!(stdout(&out), expected);
    assert!(out.stderr.is_empty());
    let out = diff(&env, &["a", "b", "--no-hash"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "# mmapctl edit script\n# size 26 => 26\n0x7 77 => 57\n0x16 31 => 32\n"
    );
    let out = diff(&env, &["a", "b", "--no-hash", "--json"]);
    let last: serde_json::Value =
        serde_json::from_str(stdout(&out).lines().last().unwrap()).unwrap();
    assert_eq!(last["sha256"], serde_json::Value::Null);
}

#[test]
fn a_longer_b_grows_a_zero_extended_a() {
    let env = TestEnv::new();
    let a = env.file("a", b"abcdef");
    // Past A's end: 00 00 (equal to A's zeros), then 67 68, then zeros to the end.
    let b = env.file("b", b"abcdef\0\0gh\0\0\0\0\0\0\0\0\0\0\0\0");
    let out = diff(&env, &["a", "b", "--merge", "2"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!("{}0x8 00 00 => 67 68\n0x15 00 => 00\n", header(&a, &b));
    assert_eq!(stdout(&out), expected);
    // The growing edit joins a change close enough to it.
    let b2 = env.file("b2", b"abcdef\0\0\0\0\0\0\0x\0\0");
    let out = diff(&env, &["a", "b2"]);
    let expected = format!("{}0xd 00 00 00 => 78 00 00\n", header(&a, &b2));
    assert_eq!(stdout(&out), expected);
    // A last byte that differs is the growing edit itself.
    let b3 = env.file("b3", b"abcdef\x01");
    let out = diff(&env, &["a", "b3"]);
    assert_eq!(stdout(&out), format!("{}0x6 00 => 01\n", header(&a, &b3)));
}

#[test]
fn a_shorter_b_covers_its_size_and_says_patch_cannot_shrink() {
    let env = TestEnv::new();
    let a = env.file("a", b"abcdefgh");
    let b = env.file("b", b"abXdef");
    let out = diff(&env, &["a", "b"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), format!("{}0x2 63 => 58\n", header(&a, &b)));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("mmapctl: note: b (6 bytes) is shorter than a (8 bytes)"),
        "{err}"
    );
    assert!(err.contains("cannot shrink"), "{err}");
    assert_eq!(err.lines().count(), 1);
    // A prefix of A is still "different": the sizes are.
    let c = env.file("c", b"abcdef");
    let out = diff(&env, &["a", "c"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), header(&a, &c));
    let stat = diff(&env, &["a", "c", "--stat"]);
    assert_eq!(stat.status.code(), Some(1));
    assert_eq!(
        stdout(&stat),
        "0 runs, 0 bytes changed\nsize 8 => 6 (B is shorter: patch cannot shrink a file, \
         mmapctl never truncates)\n"
    );
}

#[test]
fn empty_files() {
    let env = TestEnv::new();
    let e = env.file("e", b"");
    let f = env.file("f", b"");
    let out = diff(&env, &["e", "f"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), header(&e, &f));
    let z = env.file("z", &[0; 4]);
    let out = diff(&env, &["e", "z"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), format!("{}0x3 00 => 00\n", header(&e, &z)));
    let out = diff(&env, &["z", "e"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), header(&z, &e));
    for args in [["e", "f", "-q"], ["e", "f", "--stat"]] {
        assert_eq!(diff(&env, &args).status.code(), Some(0));
    }
    assert_eq!(
        stdout(&diff(&env, &["e", "f", "--stat"])),
        "0 runs, 0 bytes changed\n"
    );
    let out = diff(&env, &["e", "z", "-f", "cmp"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mmapctl: EOF on e which is empty\n"
    );
}

#[test]
fn a_region_is_compared_in_both_files_without_hashes() {
    let env = TestEnv::new();
    let mut old = noise(300, 3);
    let mut new = old.clone();
    new[10] ^= 1;
    new[100] ^= 1;
    new[200] ^= 1;
    env.file("a", &old);
    env.file("b", &new);
    let out = diff(&env, &["a", "b", "-s", "50", "-n", "100"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "# mmapctl edit script\n# size 300 => 300\n# region 0x32 +100\n0x64 {:02x} => {:02x}\n",
        old[100], new[100]
    );
    assert_eq!(stdout(&out), expected);
    // A region whose bytes are equal is exit 0; a negative offset counts from B's end.
    let out = diff(&env, &["a", "b", "-s", "-90", "-n", "80"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "# mmapctl edit script\n# size 300 => 300\n# region 0xd2 +80\n"
    );
    // A region past A's end, reaching B's: the growing edit.
    old.truncate(250);
    new[280..299].iter_mut().for_each(|b| *b |= 1);
    new[299] = 0;
    env.file("a", &old);
    env.file("b", &new);
    let out = diff(&env, &["a", "b", "-s", "280"]);
    assert_eq!(out.status.code(), Some(1));
    let tail: Vec<String> = new[280..299].iter().map(|b| format!("{b:02x}")).collect();
    let zeros = vec!["00"; 19].join(" ");
    assert_eq!(
        stdout(&out),
        format!(
            "# mmapctl edit script\n# size 250 => 300\n# region 0x118 +20\n0x118 {zeros} 00 => {} 00\n",
            tail.join(" ")
        )
    );
    // An offset past B's end is an error.
    let out = diff(&env, &["a", "b", "-s", "301"]);
    assert_error(&out, 2, "past the end");
}

#[test]
fn merge_joins_changes_closer_than_the_gap() {
    let env = TestEnv::new();
    env.file("a", &[0u8; 32]);
    let mut b = [0u8; 32];
    b[2] = 1;
    b[6] = 2; // 3 equal bytes after b[2]
    b[20] = 3; // 13 equal bytes after b[6]
    env.file("b", &b);
    let lines = |merge: &str| {
        let out = diff(&env, &["a", "b", "--merge", merge, "-s", "0", "-n", "32"]);
        assert_eq!(out.status.code(), Some(1));
        stdout(&out)
            .lines()
            .skip(3)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        lines("3"),
        ["0x2 00 => 01", "0x6 00 => 02", "0x14 00 => 03"]
    );
    assert_eq!(
        lines("4"),
        ["0x2 00 00 00 00 00 => 01 00 00 00 02", "0x14 00 => 03"]
    );
    assert_eq!(lines("0"), lines("1"));
    assert_eq!(lines("14").len(), 1);
    // The default is 8.
    assert_eq!(lines("8"), lines("4"));
    let out = diff(&env, &["a", "b", "-s", "0", "-n", "32"]);
    assert_eq!(stdout(&out).lines().skip(3).count(), 2);
    let out = diff(&env, &["a", "b", "--merge", "1MiB"]);
    assert_error(&out, 2, "--merge");
}

#[test]
fn stat_quiet_and_json() {
    let env = TestEnv::new();
    let a = env.file("a", b"Hello, world! version 1.0\n");
    let b = env.file("b", b"Hello, World! version 2.0\n!");
    let out = diff(&env, &["a", "b", "--stat"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "2 runs, 3 bytes changed, first difference at 0x7, last at 0x1a\n\
         size 26 => 27 (B is longer: the script grows A)\n"
    );
    let out = diff(&env, &["a", "b", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let out = diff(&env, &["a", "a", "-q"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let out = diff(&env, &["a", "b", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let docs: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(docs.len(), 3);
    assert_eq!(
        docs[0],
        serde_json::json!({"type": "run", "offset": 7, "length": 1, "old": "77", "new": "57"})
    );
    assert_eq!(docs[1]["offset"], 22);
    assert_eq!(docs[1]["old"], "312e300a00");
    assert_eq!(docs[1]["new"], "322e300a21");
    let summary = &docs[2];
    assert_eq!(summary["type"], "summary");
    assert_eq!(summary["size"], serde_json::json!({"a": 26, "b": 27}));
    assert_eq!(summary["sha256"]["a"], sha256sum(&a));
    assert_eq!(summary["sha256"]["b"], sha256sum(&b));
    assert_eq!(summary["region"], serde_json::Value::Null);
    assert_eq!(summary["identical"], false);
    assert_eq!(summary["runs"], 2);
    assert_eq!(summary["bytes_changed"], 3);
    assert_eq!(summary["first"], 7);
    assert_eq!(summary["last"], 26);
    assert_eq!(summary["merge"], 8);
    let out = diff(&env, &["a", "a", "--json", "-n", "4"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["identical"], true);
    assert_eq!(doc["sha256"], serde_json::Value::Null);
    assert_eq!(doc["region"], serde_json::json!({"offset": 0, "length": 4}));
    // Output choices that contradict each other are usage errors.
    for args in [
        ["--stat", "--json"],
        ["-q", "--json"],
        ["--stat", "-q"],
        ["-f", "cmp"],
    ] {
        let mut all = vec!["a", "b"];
        all.extend(args);
        if args[0] == "-f" {
            all.push("--json");
        }
        let out = diff(&env, &all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
    }
}

/// `cmp -l` on the same files (and region: `-i OFFSET -n LEN`).
fn cmp_l(env: &TestEnv, extra: &[&str]) -> Output {
    Command::new("cmp")
        .arg("-l")
        .args(extra)
        .args(["a", "b"])
        .current_dir(env.path(""))
        .output()
        .expect("run cmp")
}

#[test]
fn format_cmp_is_cmp_l() {
    let env = TestEnv::new();
    for seed in 0..12u64 {
        let len_a = [0, 1, 9, 10, 99, 100, 1000, 12345][seed as usize % 8];
        let len_b = if seed % 3 == 0 {
            len_a
        } else {
            len_a + seed as usize * 7
        };
        let mut old = noise(len_a, seed + 100);
        let mut new = noise(len_b, seed + 200);
        // Mostly equal, with scattered differences.
        for (i, byte) in new.iter_mut().enumerate() {
            if i < old.len() && i % 13 != (seed as usize % 13) {
                *byte = old[i];
            }
        }
        if seed % 2 == 1 {
            std::mem::swap(&mut old, &mut new);
        }
        env.file("a", &old);
        env.file("b", &new);
        let regions: [&[&str]; 3] = [&[], &["-i", "3"], &["-i", "5", "-n", "40"]];
        for (i, region) in regions.iter().enumerate() {
            if i > 0 && old.len().min(new.len()) < 6 {
                continue;
            }
            let ours: Vec<&str> = match i {
                0 => vec![],
                1 => vec!["-s", "3"],
                _ => vec!["-s", "5", "-n", "40"],
            };
            let mut args = vec!["a", "b", "-f", "cmp"];
            args.extend(&ours);
            let out = diff(&env, &args);
            let theirs = cmp_l(&env, region);
            assert_eq!(
                out.status.code(),
                theirs.status.code(),
                "seed {seed} {region:?}"
            );
            assert_eq!(
                stdout(&out),
                String::from_utf8_lossy(&theirs.stdout),
                "seed {seed}"
            );
            let their_err = String::from_utf8_lossy(&theirs.stderr).replace("cmp: ", "mmapctl: ");
            assert_eq!(
                String::from_utf8_lossy(&out.stderr),
                their_err,
                "seed {seed}"
            );
        }
    }
}

#[test]
fn errors_are_exit_2_and_one_line() {
    let env = TestEnv::new();
    env.file("a", b"abc");
    assert_error(&diff(&env, &["a", "missing"]), 2, "missing");
    assert_error(&diff(&env, &["missing", "a"]), 2, "missing");
    std::fs::create_dir(env.path("dir")).unwrap();
    assert_error(&diff(&env, &["a", "dir"]), 2, "is a directory");
    assert_error(&diff(&env, &["dir", "a", "-q"]), 2, "is a directory");
    for out in [diff(&env, &["a"]), diff(&env, &["a", "a", "-n", "4XB"])] {
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.starts_with("mmapctl: error: "), "{err}");
    }
    for out in [diff(&env, &["a", "missing"]), diff(&env, &["a", "dir"])] {
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
    env.file("b", b"abd");
    for format in [
        &["-f", "script"][..],
        &["-f", "cmp"],
        &["--json"],
        &["--stat"],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = env
            .cmd()
            .args(["diff", "a", "b"])
            .args(format)
            .stdout(full)
            .output()
            .unwrap();
        assert_error(&out, 2, "cannot write to stdout: No space left on device");
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    }
}

#[test]
fn an_unreadable_file_is_exit_2_for_an_unprivileged_user() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let a = env.file("a", b"abc");
    let secret = env.file("secret", b"abc");
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    // Root could read it anyway: the command runs as nobody.
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(crate::support::write::bin())
        .args(["diff", "a", "secret"])
        .current_dir(env.path(""))
        .output()
        .expect("run setpriv");
    assert_error(&out, 2, "Permission denied");
    assert!(String::from_utf8_lossy(&out.stderr).contains("secret"));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
}

#[test]
fn a_change_straddling_a_window_boundary_is_one_run() {
    let env = TestEnv::new();
    let window = 16u64 << 20;
    env.sparse("a", window + 4096, 0, b"");
    env.sparse("b", window + 4096, window - 3, b"\x01\x02\x03\x04\x05\x06");
    let out = diff(&env, &["a", "b", "-s", "0"]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = stdout(&out).lines().skip(3).map(str::to_string).collect();
    assert_eq!(
        lines,
        [format!(
            "{:#x} 00 00 00 00 00 00 => 01 02 03 04 05 06",
            window - 3
        )]
    );
    // Two changes on either side of the boundary, 8 bytes apart, are merged across it.
    env.sparse("c", window + 4096, window - 5, b"\x01");
    std::fs::OpenOptions::new()
        .write(true)
        .open(env.path("c"))
        .and_then(|f| std::os::unix::fs::FileExt::write_all_at(&f, b"\x02", window + 2))
        .unwrap();
    let out = diff(&env, &["a", "c", "--stat"]);
    assert_eq!(
        stdout(&out),
        format!(
            "1 run, 2 bytes changed, first difference at {:#x}, last at {:#x}\n",
            window - 5,
            window + 2
        )
    );
}

#[test]
fn differences_past_4_gib() {
    let env = TestEnv::new();
    let at = (4u64 << 30) + 5;
    env.sparse("a", at + 100, at, b"\xaa");
    env.sparse("b", at + 200, at, b"\xbb");
    let out = diff(&env, &["a", "b", "-s", "4GiB"]);
    assert_eq!(out.status.code(), Some(1));
    let expected = format!(
        "# mmapctl edit script\n# size {} => {}\n# region 0x100000000 +205\n{at:#x} aa => bb\n{:#x} 00 => 00\n",
        at + 100,
        at + 200,
        at + 199
    );
    assert_eq!(stdout(&out), expected);
    let out = diff(&env, &["a", "b", "-s", "4GiB", "-f", "cmp"]);
    assert_eq!(stdout(&out), "  6 252 273\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "mmapctl: EOF on a after byte 105\n"
    );
}

#[test]
fn a_closed_stdout_is_exit_0() {
    let env = TestEnv::new();
    env.file("a", &noise(1 << 20, 5));
    env.file("b", &noise(1 << 20, 6));
    let out = env
        .cmd()
        .args(["diff", "a", "b", "-f", "cmp"])
        .stdout(crate::support::closed_pipe())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn refused_threads_give_the_same_script() {
    let env = TestEnv::new();
    let old = noise(3 << 20, 7);
    let mut new = old.clone();
    new[1 << 20] ^= 0x55;
    env.file("a", &old);
    env.file("b", &new);
    let threaded = diff(&env, &["a", "b"]);
    let args: Vec<&std::ffi::OsStr> = ["diff", "a", "b"]
        .iter()
        .map(std::ffi::OsStr::new)
        .collect();
    let inline = crate::dump::without_threads(&env, &args);
    assert_eq!(
        inline.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&inline.stderr)
    );
    assert_eq!(inline.stdout, threaded.stdout);
    assert_eq!(
        stdout(&threaded),
        format!(
            "{}{:#x} {:02x} => {:02x}\n",
            header(&env.path("a"), &env.path("b")),
            1 << 20,
            old[1 << 20],
            new[1 << 20]
        )
    );
}

/// Applies every edit of diff's script to `a` with `mmapctl patch -s OFF --hex NEW`
/// (`--grow` past its end).
fn apply_with_patch(env: &TestEnv, script: &str) {
    for line in script.lines().filter(|l| !l.starts_with('#')) {
        let (offset, rest) = line.split_once(' ').unwrap();
        let (_, new) = rest.split_once(" => ").unwrap();
        let out = env
            .cmd()
            .args([
                "patch", "a", "-s", offset, "--hex", new, "--grow", "--flush", "none",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn patching_the_runs_into_a_makes_b(
        old in proptest::collection::vec(0u8..4, 0..200),
        new in proptest::collection::vec(0u8..4, 0..200),
        merge in 0u64..12,
    ) {
        let env = TestEnv::new();
        env.file("a", &old);
        env.file("b", &new);
        let out = diff(&env, &["a", "b", "--merge", &merge.to_string()]);
        let differs = old != new;
        prop_assert_eq!(out.status.code(), Some(i32::from(differs)));
        apply_with_patch(&env, &stdout(&out));
        let patched = std::fs::read(env.path("a")).unwrap();
        if new.len() >= old.len() {
            prop_assert_eq!(&patched, &new);
        } else {
            // Nothing shrinks: B's bytes, then the rest of A.
            prop_assert_eq!(&patched[..new.len()], &new[..]);
            prop_assert_eq!(&patched[new.len()..], &old[new.len()..]);
        }
    }
}

/// Runs `mmapctl diff a b` held at the `diff` test hook (src/hooks.rs: both first windows
/// mapped, nothing compared), cuts `a` to `cut_to` bytes there, and lets it go on.
fn shrink_a_during_diff(env: &TestEnv, cut_to: u64) -> Output {
    use std::os::unix::fs::OpenOptionsExt;
    use std::process::Stdio;
    let fifo = env.path("pause");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let child = env
        .cmd()
        .args(["diff", "a", "b", "--stat"])
        .env("MMAPCTL_TEST_PAUSE", format!("diff:{}", fifo.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let writer = loop {
        // A non-blocking open for writing succeeds once the command holds the FIFO open
        // for reading, i.e. has reached the pause.
        match std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&fifo)
        {
            Ok(writer) => break writer,
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {}
            Err(e) => panic!("cannot open the FIFO: {e}"),
        }
        assert!(
            std::time::Instant::now() < deadline,
            "mmapctl never reached the pause"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    };
    std::fs::OpenOptions::new()
        .write(true)
        .open(env.path("a"))
        .and_then(|f| f.set_len(cut_to))
        .unwrap();
    drop(writer);
    child.wait_with_output().unwrap()
}

#[test]
fn a_file_that_shrinks_while_mapped_is_exit_4() {
    // Gone under the first window, which is compared: SIGBUS, caught (the line names both
    // files, as either could be the one); cut inside the second window, which is not
    // mapped yet: its pre-faulting fails, naming A and that window.
    for (cut_to, line) in [
        (
            0,
            "mmapctl: error: a or b: bytes 0x0..0x1000000 could not be accessed while mapped",
        ),
        (
            20 << 20,
            "mmapctl: error: a: bytes 0x1000000..0x1800000 could not be accessed while mapped",
        ),
    ] {
        // Where pre-faulting does nothing (qemu-user), the cut inside the second window is
        // found by SIGBUS when it is compared: still exit 4 and one line, naming the
        // window and the one before it, as the guard's line does.
        let line = if cut_to > 0 && emulator().is_some() {
            skip_part(&format!("the second window's pre-faulting: {NO_POPULATE}"));
            "mmapctl: error: a or b: bytes 0x0..0x1800000 could not be accessed while mapped"
        } else {
            line
        };
        let env = TestEnv::new();
        env.file("a", &vec![0xab; 24 << 20]);
        env.file("b", &vec![0xab; 24 << 20]);
        let out = shrink_a_during_diff(&env, cut_to);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{stderr}");
        assert!(stderr.starts_with(line), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(out.stdout.is_empty());
    }
}
