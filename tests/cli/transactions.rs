//! Edit transactions: `patch --script`, `--find/--replace`, `--from-dump`, `--hex-from`, and
//! the undo journal that makes each all or nothing across a kill.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::support::{assert_error, noise, ok, TestEnv};

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file of `len` noise bytes and the same with `edits` applied (offset, new bytes), and
/// the edit script from one to the other.
struct Pair {
    old: Vec<u8>,
    new: Vec<u8>,
    script: String,
}

fn pair(len: usize, seed: u64, edits: &[(usize, &[u8])]) -> Pair {
    let old = noise(len, seed);
    let mut new = old.clone();
    let mut script = format!("# mmapctl edit script\n# size {len} => {len}\n");
    for (at, bytes) in edits {
        script.push_str(&format!(
            "{:#x} {} => {}\n",
            at,
            hex(&old[*at..*at + bytes.len()]),
            hex(bytes)
        ));
        new[*at..*at + bytes.len()].copy_from_slice(bytes);
    }
    Pair { old, new, script }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn journal_of(env: &TestEnv, name: &str) -> PathBuf {
    env.path(&format!(".{name}.mmapctl-journal"))
}

#[test]
fn script_applies_reports_already_applied_and_reverses() {
    let env = TestEnv::new();
    let p = pair(
        100_000,
        1,
        &[(10, b"\x01\x02"), (50_000, b"XYZ"), (99_999, b"!")],
    );
    let f = env.file("f", &p.old);
    env.file("s", p.script.as_bytes());
    let out = ok(env.cmd().args(["patch", "f", "--script", "s"]));
    assert!(
        stderr(&out).contains("applied 3 edits (6 bytes)"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&f).unwrap(), p.new);
    assert!(
        !journal_of(&env, "f").exists(),
        "the commit deletes the journal"
    );
    // A re-run is harmless: already applied, exit 0, and --strict makes it exit 3.
    let again = ok(env.cmd().args(["patch", "f", "--script", "s"]));
    assert!(
        stderr(&again).contains("already applied"),
        "{}",
        stderr(&again)
    );
    let strict = env
        .cmd()
        .args(["patch", "f", "--script", "s", "--strict"])
        .output()
        .unwrap();
    assert_error(&strict, 3, "already applied");
    // --reverse expects the new bytes and writes the old ones back.
    ok(env.cmd().args(["patch", "f", "--script", "s", "--reverse"]));
    assert_eq!(fs::read(&f).unwrap(), p.old);
}

#[test]
fn script_from_stdin_and_dry_run_change_nothing() {
    let env = TestEnv::new();
    let p = pair(5000, 2, &[(4095, b"\xaa\xbb")]);
    let f = env.file("f", &p.old);
    let mut child = env
        .cmd()
        .args(["patch", "f", "--script", "-", "--dry-run"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(p.script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let shown = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        shown.contains(&format!("0xfff {} => aa bb", hex(&p.old[4095..4097]))),
        "{shown}"
    );
    assert!(stderr(&out).contains("nothing written (--dry-run)"));
    assert_eq!(fs::read(&f).unwrap(), p.old);
    // What the dry run printed is itself a script that applies.
    env.file("printed", shown.as_bytes());
    ok(env.cmd().args(["patch", "f", "--script", "printed"]));
    assert_eq!(fs::read(&f).unwrap(), p.new);
}

#[test]
fn a_wrong_old_byte_anywhere_writes_nothing_and_exits_3() {
    let env = TestEnv::new();
    let p = pair(
        70_000,
        3,
        &[(0, b"\x00"), (40_000, b"\x11\x22"), (69_000, b"\x33")],
    );
    let mut other = p.old.clone();
    other[69_000] ^= 0xff; // only the last edit's old byte differs
    let f = env.file("f", &other);
    env.file("s", p.script.as_bytes());
    let out = env
        .cmd()
        .args(["patch", "f", "--script", "s"])
        .output()
        .unwrap();
    assert_error(&out, 3, "at 0x10d88 (line 5) differs");
    assert!(stderr(&out).contains("nothing written"));
    assert_eq!(
        fs::read(&f).unwrap(),
        other,
        "no edit may be written, not even the first"
    );
    assert!(!journal_of(&env, "f").exists());
}

#[test]
fn header_hash_and_size_guard_against_another_file() {
    let env = TestEnv::new();
    let p = pair(4096, 4, &[(100, b"\x01")]);
    let sha = |b: &[u8]| {
        use sha2_digest::digest;
        digest(b)
    };
    let script = format!(
        "# mmapctl edit script\n# size 4096 => 4096\n# sha256 {} => {}\n0x64 {:02x} => 01\n",
        sha(&p.old),
        sha(&p.new),
        p.old[100]
    );
    env.file("s", script.as_bytes());
    // Same bytes at the edit, another byte elsewhere: the hash refuses it.
    let mut other = p.old.clone();
    other[3000] ^= 1;
    let f = env.file("f", &other);
    let out = env
        .cmd()
        .args(["patch", "f", "--script", "s"])
        .output()
        .unwrap();
    assert_error(&out, 3, "its SHA-256 is");
    assert_eq!(fs::read(&f).unwrap(), other);
    // --no-hash-check checks only the edits.
    ok(env
        .cmd()
        .args(["patch", "f", "--script", "s", "--no-hash-check"]));
    assert_eq!(fs::read(&f).unwrap()[100], 1);
    // The right file: applied, then "already applied" by its hash.
    let g = env.file("g", &p.old);
    ok(env.cmd().args(["patch", "g", "--script", "s"]));
    assert_eq!(fs::read(&g).unwrap(), p.new);
    let again = ok(env.cmd().args(["patch", "g", "--script", "s"]));
    assert!(stderr(&again).contains("already applied"));
    // A file of another size: exit 3 before anything is read.
    let h = env.file("h", &p.old[..4000]);
    let out = env
        .cmd()
        .args(["patch", "h", "--script", "s"])
        .output()
        .unwrap();
    assert_error(&out, 3, "is for a file of 4096 bytes");
    assert_eq!(fs::read(&h).unwrap(), &p.old[..4000]);
}

/// sha256 without another dev-dependency: sha256sum, which .ci/run installs (coreutils).
mod sha2_digest {
    pub fn digest(bytes: &[u8]) -> String {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut child = Command::new("sha256sum")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("sha256sum");
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stdout).unwrap()[..64].to_string()
    }
}

#[test]
fn script_errors_name_the_line_and_write_nothing() {
    let env = TestEnv::new();
    let old = noise(1000, 5);
    let f = env.file("f", &old);
    let cases: &[(&str, i32, &str)] = &[
        ("0x10 zz => 00\n", 1, "s: line 1:"),
        ("# mmapctl edit script\n0x10 00 => 00 11\n", 1, "line 2:"),
        (
            "0x10 00 00 => 11 11\n0x11 00 => 22\n",
            1,
            "line 2: this edit overlaps the one on line 1",
        ),
        ("0x10 11\n", 1, "line 1: the edit has no old bytes"),
        ("16 00 => 11\n", 1, "needs a 0x prefix"),
        ("0x3e8 00 => 11\n", 1, "past the end of the file"),
        (
            "# only a comment\n",
            1,
            "s: the script is empty (no header, no edits)",
        ),
    ];
    for (script, code, needle) in cases {
        env.file("s", script.as_bytes());
        let out = env
            .cmd()
            .args(["patch", "f", "--script", "s"])
            .output()
            .unwrap();
        assert_error(&out, *code, needle);
        assert_eq!(fs::read(&f).unwrap(), old, "{script}");
    }
    // An unchecked line is accepted with --unchecked.
    env.file("s", b"0x10 ab\n");
    ok(env
        .cmd()
        .args(["patch", "f", "--script", "s", "--unchecked"]));
    assert_eq!(fs::read(&f).unwrap()[0x10], 0xab);
    let missing = env
        .cmd()
        .args(["patch", "f", "--script", "nope"])
        .output()
        .unwrap();
    assert_error(&missing, 1, "cannot open the script nope");
}

#[test]
fn a_script_that_grows_the_file_needs_its_header_and_never_shrinks() {
    let env = TestEnv::new();
    let f = env.file("f", b"abcd");
    env.file("grow", b"# size 4 => 8\n0x7 00 => 21\n");
    ok(env.cmd().args(["patch", "f", "--script", "grow"]));
    assert_eq!(fs::read(&f).unwrap(), b"abcd\0\0\0!");
    let g = env.file("g", b"abcd");
    env.file("nohdr", b"0x7 00 => 21\n");
    let out = env
        .cmd()
        .args(["patch", "g", "--script", "nohdr"])
        .output()
        .unwrap();
    assert_error(&out, 1, "--grow allows it");
    ok(env
        .cmd()
        .args(["patch", "g", "--script", "nohdr", "--grow"]));
    assert_eq!(fs::read(&g).unwrap(), b"abcd\0\0\0!");
    let h = env.file("h", b"abcdefgh");
    env.file("shrink", b"# size 8 => 4\n0x0 61 => 41\n");
    let out = env
        .cmd()
        .args(["patch", "h", "--script", "shrink"])
        .output()
        .unwrap();
    assert_error(&out, 1, "never shrinks a file");
    assert_eq!(fs::read(&h).unwrap(), b"abcdefgh");
}

#[test]
fn backup_of_a_script_is_the_script_that_undoes_it() {
    let env = TestEnv::new();
    let p = pair(20_000, 6, &[(1, b"\xff"), (12_345, b"\x00\x01\x02")]);
    let f = env.file("f", &p.old);
    env.file("s", p.script.as_bytes());
    ok(env
        .cmd()
        .args(["patch", "f", "--script", "s", "--backup", "undo"]));
    assert_eq!(fs::read(&f).unwrap(), p.new);
    let exists = env
        .cmd()
        .args([
            "patch",
            "f",
            "--script",
            "s",
            "--reverse",
            "--backup",
            "undo",
        ])
        .output()
        .unwrap();
    assert_error(&exists, 1, "already exists");
    ok(env.cmd().args(["patch", "f", "--script", "undo"]));
    assert_eq!(fs::read(&f).unwrap(), p.old);
}

#[test]
fn find_and_replace_checks_the_count_first() {
    let env = TestEnv::new();
    let mut bytes = vec![0u8; 10_000];
    for at in [100, 5000, 9990] {
        bytes[at..at + 4].copy_from_slice(b"\xe8\x12\x34\x56");
    }
    let f = env.file("f", &bytes);
    let one = env
        .cmd()
        .args(["patch", "f", "--find", "e8 ?? 34", "--replace", "90 90 90"])
        .output()
        .unwrap();
    assert_error(
        &one,
        3,
        "the pattern has 3 hits (0x64, 0x1388, 0x2706), exactly one is expected",
    );
    let four = env
        .cmd()
        .args([
            "patch",
            "f",
            "--find",
            "e8 ?? 34",
            "--replace",
            "90 90 90",
            "--count",
            "4",
        ])
        .output()
        .unwrap();
    assert_error(&four, 3, "--count 4 expects exactly 4");
    assert_eq!(fs::read(&f).unwrap(), bytes);
    // `??` in the replacement keeps the byte found.
    ok(env.cmd().args([
        "patch",
        "f",
        "--find",
        "e8 ?? 34",
        "--replace",
        "90 ?? 91",
        "--count",
        "3",
    ]));
    let now = fs::read(&f).unwrap();
    for at in [100, 5000, 9990] {
        assert_eq!(&now[at..at + 4], b"\x90\x12\x91\x56");
    }
    let g = env.file("g", b"aXbXcXd");
    ok(env.cmd().args([
        "patch",
        "g",
        "--find-text",
        "X",
        "--replace",
        "59",
        "--nth",
        "2",
    ]));
    assert_eq!(fs::read(&g).unwrap(), b"aXbYcXd");
    ok(env.cmd().args([
        "patch",
        "g",
        "--find-regex",
        r"[XY]",
        "--replace",
        "5a",
        "--all",
    ]));
    assert_eq!(fs::read(&g).unwrap(), b"aZbZcZd");
    let wrong = env
        .cmd()
        .args(["patch", "g", "--find-text", "Zb", "--replace", "00"])
        .output()
        .unwrap();
    assert_error(&wrong, 2, "needs the hit's length");
    let none = env
        .cmd()
        .args(["patch", "g", "--find-text", "Q", "--replace", "00", "--all"])
        .output()
        .unwrap();
    assert_error(&none, 3, "has 0 hits (none)");
    let bad = env
        .cmd()
        .args(["patch", "g", "--find", "d", "--replace", "00"])
        .output()
        .unwrap();
    assert_error(&bad, 2, "--find \"d\"");
    assert_eq!(fs::read(&g).unwrap(), b"aZbZcZd");
}

#[test]
fn find_and_replace_dry_run_lists_before_and_after() {
    let env = TestEnv::new();
    let f = env.file("f", b"hello world, hello moon");
    let out = ok(env.cmd().args([
        "patch",
        "f",
        "--find-text",
        "hello",
        "--replace",
        "4a 45 4c 4c 4f",
        "--all",
        "--dry-run",
    ]));
    let shown = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(
        shown.contains("0x0 68 65 6c 6c 6f => 4a 45 4c 4c 4f"),
        "{shown}"
    );
    assert!(
        shown.contains("0xd 68 65 6c 6c 6f => 4a 45 4c 4c 4f"),
        "{shown}"
    );
    assert_eq!(fs::read(&f).unwrap(), b"hello world, hello moon");
}

#[test]
fn from_dump_reverses_hexyl_xxd_and_plain_dumps() {
    let env = TestEnv::new();
    let want = noise(3000, 7);
    let f = env.file("f", &want);
    let hexyl = ok(env.cmd().args(["dump", "f", "--color", "never"])).stdout;
    env.file("d.hexyl", &hexyl);
    let narrow = ok(env.cmd().args([
        "dump", "f", "--color", "never", "--panels", "1", "--border", "ascii",
    ]))
    .stdout;
    env.file("d.narrow", &narrow);
    let xxd = Command::new("xxd").arg(&f).output().unwrap().stdout;
    env.file("d.xxd", &xxd);
    let plain = ok(env
        .cmd()
        .args(["dump", "f", "-s", "1000", "-n", "100", "-f", "plain"]))
    .stdout;
    env.file("d.plain", &plain);
    for (dump, extra) in [
        ("d.hexyl", None),
        ("d.narrow", None),
        ("d.xxd", None),
        ("d.plain", Some("1000")),
    ] {
        let mut broken = want.clone();
        for at in [0, 1001, 1099, 2999] {
            broken[at] ^= 0x5a;
        }
        fs::write(&f, &broken).unwrap();
        let mut cmd = env.cmd();
        cmd.args(["patch", "f", "--from-dump", dump]);
        if let Some(s) = extra {
            cmd.args(["-s", s]);
        }
        ok(&mut cmd);
        let now = fs::read(&f).unwrap();
        if dump == "d.plain" {
            assert_eq!(&now[1000..1100], &want[1000..1100], "{dump}");
            assert_eq!(now[0], broken[0], "{dump}: outside the dump stays");
        } else {
            assert_eq!(now, want, "{dump}");
        }
    }
    // A dump of the file as it is: nothing to write.
    fs::write(&f, &want).unwrap();
    let same = ok(env.cmd().args(["patch", "f", "--from-dump", "d.hexyl"]));
    assert!(stderr(&same).contains("already"), "{}", stderr(&same));
}

#[test]
fn a_malformed_dump_line_writes_nothing() {
    let env = TestEnv::new();
    let old = noise(256, 8);
    let f = env.file("f", &old);
    let mut dump =
        String::from_utf8(ok(env.cmd().args(["dump", "f", "--color", "never"])).stdout).unwrap();
    // A hex typo in the middle of line 5 (xxd -r writes the line's bytes before it).
    let mut lines: Vec<String> = dump.lines().map(String::from).collect();
    let at = lines[4].find(" ┊").unwrap() - 2;
    lines[4].replace_range(at..at + 1, "g");
    dump = lines.join("\n") + "\n";
    env.file("d", dump.as_bytes());
    fs::write(&f, vec![0u8; 256]).unwrap();
    let out = env
        .cmd()
        .args(["patch", "f", "--from-dump", "d"])
        .output()
        .unwrap();
    assert_error(&out, 1, "d: line 5:");
    assert_eq!(fs::read(&f).unwrap(), vec![0u8; 256]);
    let s_on_hexyl = env
        .cmd()
        .args(["patch", "f", "--from-dump", "d", "-s", "4"])
        .output()
        .unwrap();
    assert_error(&s_on_hexyl, 2, "prints its own offsets");
}

#[test]
fn hex_from_round_trips_more_than_the_argument_limit() {
    let env = TestEnv::new();
    let want = noise(300_000, 9);
    let f = env.file("f", &vec![0u8; 300_000]);
    let plain = ok(Command::new("xxd").args(["-p"]).arg(env.file("src", &want))).stdout;
    env.file("big.hex", &plain);
    ok(env
        .cmd()
        .args(["patch", "f", "-s", "0", "--hex-from", "big.hex"]));
    assert_eq!(fs::read(&f).unwrap(), want);
    // From stdin, and the C array `dump -f c` prints.
    let c = ok(env.cmd().args(["dump", "src", "-n", "64", "-f", "c"])).stdout;
    env.file("c.txt", &c);
    fs::write(&f, vec![0u8; 300_000]).unwrap();
    ok(env
        .cmd()
        .args(["patch", "f", "-s", "0", "--hex-from", "-"])
        .stdin(File::open(env.path("c.txt")).unwrap()));
    assert_eq!(&fs::read(&f).unwrap()[..64], &want[..64]);
    // --hex takes the body of a C array too.
    ok(env
        .cmd()
        .args(["patch", "f", "-s", "64", "--hex", "0xde, 0xad,"]));
    assert_eq!(&fs::read(&f).unwrap()[64..66], b"\xde\xad");
    let bad = env
        .cmd()
        .args(["patch", "f", "-s", "0", "--hex", "0xde, 0xa,"])
        .output()
        .unwrap();
    assert_error(&bad, 2, "is not a C array item");
}

// ---- the journal: all or nothing across SIGKILL --------------------------------------

use crate::support::pause::spawn_paused;

fn kill(mut child: Child) {
    child.kill().unwrap();
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(libc::SIGKILL));
}

/// A change over three 16 MiB windows of a sparse file: edits at the start, the middle and
/// the end, so that a pause after the first window's edits leaves it half applied.
fn big_change(env: &TestEnv) -> (PathBuf, Vec<(u64, Vec<u8>)>) {
    let f = env.path("big");
    let file = File::create(&f).unwrap();
    file.set_len(40 << 20).unwrap();
    let edits: Vec<(u64, Vec<u8>)> = vec![
        (4096, b"EDIT-ONE".to_vec()),
        (20 << 20, b"EDIT-TWO".to_vec()),
        ((40 << 20) - 8, b"EDIT-END".to_vec()),
    ];
    let mut script = String::from("# size 41943040 => 41943040\n");
    for (at, new) in &edits {
        script.push_str(&format!(
            "{at:#x} {} => {}\n",
            hex(&vec![0; new.len()]),
            hex(new)
        ));
    }
    env.file("big.script", script.as_bytes());
    (f, edits)
}

/// Which version the big file holds: "old", "new", or a panic naming the mix.
fn version(f: &Path, edits: &[(u64, Vec<u8>)]) -> &'static str {
    use std::os::unix::fs::FileExt;
    let file = File::open(f).unwrap();
    assert_eq!(file.metadata().unwrap().len(), 40 << 20);
    let applied: Vec<bool> = edits
        .iter()
        .map(|(at, new)| {
            let mut buf = vec![0; new.len()];
            file.read_exact_at(&mut buf, *at).unwrap();
            if &buf == new {
                true
            } else {
                assert_eq!(buf, vec![0; new.len()], "neither old nor new at {at:#x}");
                false
            }
        })
        .collect();
    match (applied.iter().all(|a| *a), applied.iter().any(|a| *a)) {
        (true, _) => "new",
        (false, false) => "old",
        (false, true) => panic!("half applied: {applied:?}"),
    }
}

#[test]
fn a_kill_at_every_stage_leaves_old_or_new_after_recovery() {
    // (pause point, what recovery must give)
    for (point, expected) in [("journaled", "old"), ("written", "old"), ("commit", "old")] {
        let env = TestEnv::new();
        let (f, edits) = big_change(&env);
        let (child, _writer) =
            spawn_paused(&env, point, &["patch", "big", "--script", "big.script"]);
        if point == "written" {
            // Really half applied at this instant: the first window's edit only.
            use std::os::unix::fs::FileExt;
            let mut buf = [0u8; 8];
            File::open(&f)
                .unwrap()
                .read_exact_at(&mut buf, 4096)
                .unwrap();
            assert_eq!(&buf, b"EDIT-ONE");
        }
        kill(child);
        assert!(
            journal_of(&env, "big").exists(),
            "{point}: the journal stays hot"
        );
        // A reader warns, and changes nothing.
        let dump = ok(env.cmd().args(["dump", "big", "-n", "16"]));
        assert!(
            stderr(&dump).contains("may be half-patched"),
            "{}",
            stderr(&dump)
        );
        let out = ok(env.cmd().args(["patch", "big", "--recover"]));
        assert!(
            stderr(&out).contains("rolled back an interrupted change (3 edits)"),
            "{}",
            stderr(&out)
        );
        assert_eq!(version(&f, &edits), expected, "{point}");
        assert!(!journal_of(&env, "big").exists());
        // And the script applies cleanly afterwards.
        ok(env.cmd().args(["patch", "big", "--script", "big.script"]));
        assert_eq!(version(&f, &edits), "new");
    }
}

#[test]
fn the_next_patch_or_fill_rolls_a_hot_journal_back_first() {
    for next in ["patch", "fill"] {
        let env = TestEnv::new();
        let (f, edits) = big_change(&env);
        let (child, _w) =
            spawn_paused(&env, "written", &["patch", "big", "--script", "big.script"]);
        kill(child);
        let out = match next {
            "patch" => ok(env.cmd().args(["patch", "big", "-s", "0", "--hex", "01"])),
            _ => ok(env
                .cmd()
                .args(["fill", "big", "-s", "0", "-n", "1", "--byte", "1"])),
        };
        assert!(
            stderr(&out).contains("rolled back an interrupted change"),
            "{}",
            stderr(&out)
        );
        assert_eq!(version(&f, &edits), "old");
        assert_eq!(fs::read(&f).unwrap()[0], 1);
    }
}

#[test]
fn a_live_change_is_waited_for_not_rolled_back() {
    let env = TestEnv::new();
    let (f, edits) = big_change(&env);
    let (first, writer) =
        spawn_paused(&env, "written", &["patch", "big", "--script", "big.script"]);
    // A second change of the file (and a --recover) waits on the first's journal lock.
    let mut second = env
        .cmd()
        .args(["patch", "big", "-s", "0", "--hex", "01", "--journal"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut recover = env
        .cmd()
        .args(["patch", "big", "--recover"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Both announce the wait on stderr before blocking, so reading that line is the
    // moment they are waiting, not a guess at a delay.
    use std::io::{BufRead, BufReader};
    for child in [&mut second, &mut recover] {
        let mut line = String::new();
        BufReader::new(child.stderr.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(
            line.contains("another mmapctl is changing it; waiting"),
            "{line}"
        );
        assert!(child.try_wait().unwrap().is_none(), "it must wait");
    }
    drop(writer);
    let out = first.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(second.wait().unwrap().success());
    assert!(recover.wait().unwrap().success());
    assert_eq!(
        version(&f, &edits),
        "new",
        "nothing rolled the committed change back"
    );
    assert_eq!(fs::read(&f).unwrap()[0], 1);
}

#[test]
fn a_torn_journal_is_removed_and_the_file_left_alone() {
    let env = TestEnv::new();
    let (f, edits) = big_change(&env);
    let (child, _w) = spawn_paused(
        &env,
        "journaled",
        &["patch", "big", "--script", "big.script"],
    );
    kill(child);
    // Cut the journal short, as a kill while it was written would.
    let j = journal_of(&env, "big");
    let len = fs::metadata(&j).unwrap().len();
    OpenOptions::new()
        .write(true)
        .open(&j)
        .unwrap()
        .set_len(len - 5)
        .unwrap();
    let out = ok(env.cmd().args(["patch", "big", "--recover"]));
    assert!(
        stderr(&out).contains("never completely written"),
        "{}",
        stderr(&out)
    );
    assert!(!j.exists());
    assert_eq!(version(&f, &edits), "old");
}

#[test]
fn a_multi_page_plain_patch_is_journaled_too() {
    let env = TestEnv::new();
    let old = noise(3 * 4096, 10);
    let f = env.file("f", &old);
    let new = "ab".repeat(4096 + 2);
    let (child, _w) = spawn_paused(&env, "write", &["patch", "f", "-s", "4095", "--hex", &new]);
    assert!(
        journal_of(&env, "f").exists(),
        "journaled before the first byte"
    );
    kill(child);
    ok(env.cmd().args(["patch", "f", "--recover"]));
    assert_eq!(fs::read(&f).unwrap(), old);
    // Within one page: no journal unless --journal.
    let (child, _w) = spawn_paused(&env, "write", &["patch", "f", "-s", "10", "--hex", "abcd"]);
    assert!(!journal_of(&env, "f").exists());
    kill(child);
    let (child, _w) = spawn_paused(
        &env,
        "write",
        &["patch", "f", "-s", "10", "--hex", "abcd", "--journal"],
    );
    assert!(journal_of(&env, "f").exists());
    kill(child);
    ok(env.cmd().args(["patch", "f", "--recover"]));
    assert_eq!(fs::read(&f).unwrap(), old);
    let nothing = ok(env.cmd().args(["patch", "f", "--recover"]));
    assert!(stderr(&nothing).contains("no interrupted change"));
}

#[test]
fn kills_at_random_instants_never_leave_a_mix() {
    let env = TestEnv::new();
    let f = env.path("f");
    let len: u64 = 48 << 20;
    File::create(&f).unwrap().set_len(len).unwrap();
    // 2,000 edits over three windows: long enough to be caught in the middle.
    let mut script = format!("# size {len} => {len}\n");
    let step = len / 2000;
    for i in 0..2000u64 {
        script.push_str(&format!("{:#x} 00 00 00 00 => de ad be ef\n", i * step + 7));
    }
    env.file("s", script.as_bytes());
    let state = |f: &Path| -> &'static str {
        use std::os::unix::fs::FileExt;
        let file = File::open(f).unwrap();
        let mut seen = [false, false];
        let mut buf = [0u8; 4];
        for i in 0..2000u64 {
            file.read_exact_at(&mut buf, i * step + 7).unwrap();
            match &buf {
                b"\xde\xad\xbe\xef" => seen[1] = true,
                [0, 0, 0, 0] => seen[0] = true,
                other => panic!("edit {i}: {other:?}"),
            }
        }
        match seen {
            [true, false] => "old",
            [false, true] => "new",
            _ => panic!("a mix of old and new edits"),
        }
    };
    let mut outcomes = std::collections::BTreeMap::new();
    let mut rng = 0x9e3779b97f4a7c15u64;
    for _ in 0..100 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let mut child = env
            .cmd()
            .args(["patch", "f", "--script", "s", "--flush", "none"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng % 40_000));
        let _ = child.kill();
        let _ = child.wait();
        ok(env.cmd().args(["patch", "f", "--recover"]));
        let s = state(&f);
        *outcomes.entry(s).or_insert(0) += 1;
        if s == "new" {
            ok(env.cmd().args([
                "patch",
                "f",
                "--script",
                "s",
                "--reverse",
                "--flush",
                "none",
            ]));
        }
    }
    // Only old or new (the closure panics on a mix); which of them is timing.
    assert_eq!(outcomes.values().sum::<i32>(), 100, "{outcomes:?}");
}

#[test]
fn failures_of_each_durable_step_end_with_exit_1_and_say_what_is_left() {
    // (failing step, the file right after, after the next --recover, what the error says)
    for (point, left, recovered, needle) in [
        (
            "journal-sync",
            "old",
            "old",
            "cannot flush the undo journal",
        ),
        (
            "journal-dir",
            "old",
            "old",
            "cannot flush the directory of the undo journal",
        ),
        (
            "file-sync",
            "old",
            "old",
            "rolled back from its undo journal",
        ),
        // Not committed: applied, with a hot journal that the next command rolls back.
        (
            "commit",
            "new",
            "old",
            "the next patch or fill of the file may roll the change back",
        ),
        // Committed by emptying the journal: nothing rolls it back.
        ("unlink", "new", "new", "it was emptied instead"),
    ] {
        let env = TestEnv::new();
        let (f, edits) = big_change(&env);
        let out = env
            .cmd()
            .args(["patch", "big", "--script", "big.script"])
            .env("MMAPCTL_TEST_FAIL", point)
            .output()
            .unwrap();
        assert_error(&out, 1, needle);
        assert_eq!(version(&f, &edits), left, "{point}");
        let next = ok(env.cmd().args(["patch", "big", "--recover"]));
        assert_eq!(version(&f, &edits), recovered, "{point}: {}", stderr(&next));
        assert!(!journal_of(&env, "big").exists(), "{point}");
    }
}

#[test]
fn an_unwritable_directory_refuses_the_journal_before_any_byte() {
    let env = TestEnv::new();
    let dir = env.path("ro");
    fs::create_dir(&dir).unwrap();
    let p = pair(10_000, 11, &[(0, b"\x01"), (9000, b"\x02")]);
    let f = dir.join("f");
    fs::write(&f, &p.old).unwrap();
    env.file("s", p.script.as_bytes());
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&f, fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(env.path("s"), fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(env.path(""), fs::Permissions::from_mode(0o755)).unwrap();
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
        .args(["patch"])
        .arg(&f)
        .arg("--script")
        .arg(env.path("s"))
        .output()
        .unwrap();
    assert_error(&out, 1, "cannot write the undo journal");
    assert_eq!(fs::read(&f).unwrap(), p.old);
    // --no-journal is the way out, and says what it gives up.
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
        .args(["patch"])
        .arg(&f)
        .arg("--script")
        .arg(env.path("s"))
        .arg("--no-journal")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(fs::read(&f).unwrap(), p.new);
}

#[test]
fn what_diff_prints_patch_applies_verifies_and_reverses() {
    let env = TestEnv::new();
    // Sizes equal, growing and (refused) shrinking; changes scattered, adjacent, at the ends.
    for case in 0..24u64 {
        let len_a = 1 + (noise(1, case)[0] as usize) * 40;
        let mut b = noise(len_a, 1000 + case);
        let a = noise(len_a, 1000 + case);
        let flips = noise(16, 2000 + case);
        for (i, f) in flips.iter().enumerate().take((case % 8) as usize) {
            let at = (*f as usize * 131 + i * 17) % len_a;
            b[at] ^= 0x80 | *f;
        }
        match case % 3 {
            1 => b.extend_from_slice(&noise(1 + (case as usize * 37) % 5000, 3000 + case)),
            2 if case % 2 == 0 => b.extend_from_slice(&[0; 9]), // zeros: only the last byte is an edit
            _ => {}
        }
        let fa = env.file("a", &a);
        env.file("b", &b);
        let diff = env.cmd().args(["diff", "a", "b"]).output().unwrap();
        let code = diff.status.code();
        assert_eq!(
            code,
            Some(if a == b { 0 } else { 1 }),
            "case {case}: {}",
            stderr(&diff)
        );
        env.file("s", &diff.stdout);
        ok(env.cmd().args(["patch", "a", "--script", "s"]));
        assert_eq!(fs::read(&fa).unwrap(), b, "case {case}");
        // Applied again: already applied.
        let again = ok(env.cmd().args(["patch", "a", "--script", "s"]));
        assert!(
            stderr(&again).contains("already"),
            "case {case}: {}",
            stderr(&again)
        );
        if a.len() == b.len() {
            ok(env.cmd().args(["patch", "a", "--script", "s", "--reverse"]));
            assert_eq!(fs::read(&fa).unwrap(), a, "case {case}: reversed");
        }
    }
}
