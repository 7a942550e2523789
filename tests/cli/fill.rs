//! `mmapctl fill`: each byte source, regions across windows, growth, and refusals.

use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::support::write::{json, leaves_pages_clean, ok, stays_resident_while_mapped, stderr};
use crate::support::{noise, TestEnv};

/// The documented `--random` stream: xoshiro256++ from `seed_from_u64(seed)`, each
/// `next_u64()` as 8 little-endian bytes.
fn stream(seed: u64, len: usize) -> Vec<u8> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    out.truncate(len);
    out
}

#[test]
fn default_fills_the_region_with_zeros() {
    let env = TestEnv::new();
    let original = noise(10_000, 30);
    let file = env.file("f", &original);
    let out = ok(env.cmd().args(["fill", "f", "-s", "4093", "-n", "5000"]));
    let mut expected = original.clone();
    expected[4093..9093].fill(0);
    assert_eq!(std::fs::read(&file).unwrap(), expected);
    assert_eq!(
        stderr(&out),
        "filled 4.9 KiB (5000 bytes) at 0xffd in f with 0x00 (flushed)\n"
    );
    // Without -n: to the end of the file.
    ok(env.cmd().args(["fill", "f", "-s", "-10", "--byte", "0xff"]));
    expected[9990..].fill(0xff);
    assert_eq!(std::fs::read(&file).unwrap(), expected);
}

#[test]
fn byte_and_pattern() {
    let env = TestEnv::new();
    let file = env.file("f", &[7u8; 100]);
    ok(env
        .cmd()
        .args(["fill", "f", "-s", "1", "-n", "3", "--byte", "65"]));
    assert_eq!(std::fs::read(&file).unwrap()[..5], [7, 65, 65, 65, 7]);
    // The pattern starts over at the region's start, not at a multiple of its length.
    ok(env
        .cmd()
        .args(["fill", "f", "-s", "11", "-n", "8", "--pattern", "de:ad:be"]));
    assert_eq!(
        std::fs::read(&file).unwrap()[10..20],
        [7, 0xde, 0xad, 0xbe, 0xde, 0xad, 0xbe, 0xde, 0xad, 7]
    );
    // Bad values and conflicting sources: rows of bad_input.rs.
    assert_eq!(std::fs::read(&file).unwrap()[20..], [7u8; 80]);
}

#[test]
fn random_is_reproducible_and_independent_of_windows() {
    let env = TestEnv::new();
    // 20 MiB from offset 5 crosses the 16 MiB window boundary 5 bytes before the stream's
    // 16 MiB point, an unaligned place in a 64-bit word; from offset 0 it falls on it.
    let len = 20 << 20;
    let a = env.sparse("a", len + 5, 0, b"");
    let b = env.sparse("b", len, 0, b"");
    let c = env.sparse("c", len, 0, b"");
    let n = len.to_string();
    ok(env.cmd().args([
        "fill", "a", "-s", "5", "--random", "--seed", "42", "--flush", "none",
    ]));
    ok(env.cmd().args([
        "fill", "b", "-n", &n, "--random", "--seed", "42", "--flush", "none",
    ]));
    ok(env.cmd().args([
        "fill", "c", "-n", &n, "--random", "--seed", "43", "--flush", "none",
    ]));
    let (a, b, c) = (
        std::fs::read(a).unwrap(),
        std::fs::read(b).unwrap(),
        std::fs::read(c).unwrap(),
    );
    assert_eq!(a[..5], [0; 5]);
    assert!(a[5..] == b[..], "one seed, the same bytes");
    assert!(b != c, "two seeds, different bytes");
    assert!(
        b == stream(42, usize::try_from(len).unwrap()),
        "the documented stream"
    );
}

#[test]
fn random_without_seed_prints_one_that_repeats_the_fill() {
    let env = TestEnv::new();
    let file = env.file("f", &[0u8; 1000]);
    let out = ok(env.cmd().args(["fill", "f", "--random", "--json"]));
    let err = stderr(&out);
    let seed: u64 = err
        .strip_prefix("mmapctl: random seed ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no seed in {err:?}"));
    assert!(
        err.contains(&format!("(repeat with --seed {seed})")),
        "{err}"
    );
    let doc = json(&out);
    assert_eq!(doc["seed"], seed);
    assert_eq!(doc["source"], "random");
    let first = std::fs::read(&file).unwrap();
    assert_eq!(first, stream(seed, 1000));
    let again = env.file("g", &[0u8; 1000]);
    let seed = seed.to_string();
    ok(env.cmd().args(["fill", "g", "--random", "--seed", &seed]));
    assert_eq!(std::fs::read(again).unwrap(), first);
}

#[test]
fn json_fields_for_each_source() {
    let env = TestEnv::new();
    env.file("f", &[1u8; 64]);
    let cases: [(&[&str], &str); 4] = [
        (&[], "byte"),
        (&["--byte", "9"], "byte"),
        (&["--pattern", "0102"], "pattern"),
        (&["--random", "--seed", "0x10"], "random"),
    ];
    for (extra, source) in cases {
        let out = ok(env
            .cmd()
            .args([
                "fill", "f", "-s", "8", "-n", "16", "--json", "--flush", "async",
            ])
            .args(extra));
        assert!(out.stderr.is_empty(), "{}", stderr(&out));
        let doc = json(&out);
        assert_eq!(doc["file"], "f");
        assert_eq!(doc["offset"], 8);
        assert_eq!(doc["length"], 16);
        assert_eq!(doc["source"], source);
        assert_eq!(doc["flushed"], "async");
        assert_eq!(doc["grew"], false);
        if source == "random" {
            assert_eq!(doc["seed"], 16);
        } else {
            assert!(doc.get("seed").is_none(), "{doc}");
        }
    }
    let out = ok(env.cmd().args([
        "fill", "f", "-s", "60", "-n", "8", "--grow", "--json", "--flush", "none",
    ]));
    let doc = json(&out);
    assert_eq!(
        (doc["grew"].clone(), doc["flushed"].clone()),
        (true.into(), "none".into())
    );
    let bytes = std::fs::read(env.path("f")).unwrap();
    assert_eq!(bytes.len(), 68);
    assert_eq!(bytes[56..], [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
}

#[test]
fn grow_create_and_the_end_of_the_file() {
    let env = TestEnv::new();
    let file = env.file("f", b"0123456789");
    env.file("empty", b"");
    // Empty regions are fine: an empty file, an offset at the end.
    for (name, offset) in [("empty", "0"), ("f", "10")] {
        let out = ok(env.cmd().args(["fill", name, "-s", offset, "--byte", "1"]));
        assert!(
            stderr(&out).starts_with("filled 0 bytes"),
            "{}",
            stderr(&out)
        );
    }
    // Past the end without --grow, and a missing file without --create: rows of
    // bad_input.rs.
    let out = ok(env.cmd().args([
        "fill", "f", "-s", "12", "-n", "3", "--byte", "0x41", "--grow",
    ]));
    assert!(stderr(&out).contains("grew to 15 bytes"));
    assert_eq!(std::fs::read(&file).unwrap(), b"0123456789\0\0AAA");
    // --grow inside the file does not grow it.
    ok(env
        .cmd()
        .args(["fill", "f", "-n", "2", "--byte", "0x42", "--grow"]));
    assert_eq!(std::fs::read(&file).unwrap(), b"BB23456789\0\0AAA");

    ok(env.cmd().args([
        "fill", "new", "-s", "2", "-n", "4", "--byte", "7", "--create",
    ]));
    assert_eq!(std::fs::read(env.path("new")).unwrap(), [0, 0, 7, 7, 7, 7]);
    // --create never truncates an existing file.
    ok(env
        .cmd()
        .args(["fill", "new", "-n", "1", "--byte", "9", "--create"]));
    assert_eq!(std::fs::read(env.path("new")).unwrap(), [9, 0, 7, 7, 7, 7]);
}

/// `--flush sync` leaves no page dirty. The control that shows the probe can see a page
/// that stays is deterministic: a page this test keeps mapped cannot be evicted. (A
/// `--flush none` control raced the kernel: DONTNEED itself starts write-back of dirty
/// pages, and on a fast disk it finished before the eviction looked, so about half the
/// runs found the "dirty" pages clean.)
#[test]
fn flush_sync_leaves_no_dirty_page() {
    let env = TestEnv::new();
    let file = env.file("f", &noise(256 << 10, 31));
    let fill = ["fill", "f", "-s", "100", "-n", "200K", "--byte", "3"];
    assert!(leaves_pages_clean(&env, &file, &fill));
    assert!(!stays_resident_while_mapped(&env, &file, &fill));
    // Over several windows (write-back started per window, one fdatasync at the end).
    let big = env.sparse("big", 40 << 20, 0, b"");
    let fill = ["fill", "big", "-s", "1000", "--byte", "5"];
    assert!(leaves_pages_clean(&env, &big, &fill));
    assert!(!stays_resident_while_mapped(&env, &big, &fill));
    let bytes = std::fs::read(&big).unwrap();
    assert!(bytes[..1000].iter().all(|&b| b == 0) && bytes[1000..].iter().all(|&b| b == 5));
}

#[test]
fn progress_bar_only_on_a_terminal_for_64_mib() {
    let env = TestEnv::new();
    env.sparse("big", 64 << 20, 0, b"");
    // `script` gives the command a terminal; its output is the terminal's.
    let command = format!(
        "{} fill big --flush none --byte 1",
        crate::support::write::bin().display()
    );
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env.path(""))
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{tty}");
    assert!(tty.contains("MiB/64.00 MiB"), "no progress bar: {tty:?}");
    // Without a terminal: the summary line only.
    let out = ok(env.cmd().args(["fill", "big", "--flush", "none"]));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    // On a terminal, but below 64 MiB: no bar either.
    let command = format!("{command} -n 63MiB");
    let output = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(env.path(""))
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&output.stdout);
    assert!(tty.starts_with("filled 63.0 MiB"), "{tty:?}");
}
