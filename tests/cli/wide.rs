//! Files larger than a 32-bit address space: a 16 GiB sparse file dumped, patched and filled
//! at its end and across the 4 GiB line, and regions no address space here holds refused in
//! one line. On i686 these are the cases where a `usize` cast of a file size or offset, or a
//! 32-bit `off_t`, breaks; on 64-bit targets the same runs check the windows past 4 GiB and,
//! under an address-space limit (RLIMIT_AS), the same refusals.

use std::os::unix::fs::{FileExt, MetadataExt};
use std::process::Output;

use crate::support::{ok, TestEnv, NO_ROOM};

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;
const SIZE: u64 = 16 * GIB;

fn read_at(path: &std::path::Path, at: u64, len: usize) -> Vec<u8> {
    let mut buf = vec![0; len];
    std::fs::File::open(path)
        .unwrap()
        .read_exact_at(&mut buf, at)
        .unwrap();
    buf
}

#[test]
fn a_16_gib_sparse_file_is_dumped_patched_and_filled_at_its_end() {
    let env = TestEnv::new();
    let file = env.sparse("big", SIZE, SIZE - 4, b"tail");

    // dump: the last bytes, by a negative offset and by an absolute one past 4 GiB.
    let out = ok(env.cmd().args(["dump", "big", "-s", "-8", "-f", "plain"]));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "000000007461696c\n");
    let out = ok(env
        .cmd()
        .args(["dump", "big", "-s", "0x3fffffffc", "-n", "16", "-f", "raw"]));
    assert_eq!(out.stdout, b"tail");
    let out = ok(env.cmd().args(["dump", "big", "-s", "-4"]));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("3fffffffc"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // patch: the last 4 bytes (checked first), then one byte past the end with --grow.
    ok(env.cmd().args([
        "patch", "big", "-s", "-4", "--hex", "deadbeef", "--expect", "7461696c",
    ]));
    assert_eq!(
        read_at(&file, SIZE - 8, 8),
        [0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef]
    );
    ok(env
        .cmd()
        .args(["patch", "big", "-s", "16GiB", "--hex", "01", "--grow"]));
    assert_eq!(std::fs::metadata(&file).unwrap().len(), SIZE + 1);
    assert_eq!(read_at(&file, SIZE - 1, 2), [0xef, 0x01]);

    // fill: 36 MiB across the 4 GiB line, three windows, a 3-byte pattern whose phase must
    // carry from window to window; the bytes either side stay zero.
    let start = 4 * GIB - 10 * MIB;
    let len = 36 * MIB;
    ok(env.cmd().args([
        "fill",
        "big",
        "-s",
        &start.to_string(),
        "-n",
        "36MiB",
        "--pattern",
        "010203",
    ]));
    let got = read_at(&file, start - 1, len as usize + 2);
    assert_eq!((got[0], got[got.len() - 1]), (0, 0));
    let bad = got[1..got.len() - 1]
        .iter()
        .enumerate()
        .position(|(i, &b)| b != [1, 2, 3][i % 3]);
    assert_eq!(
        bad,
        None,
        "pattern broken at {:?}",
        bad.map(|i| start + i as u64)
    );

    // fill --random at the very end, two windows: the same stream as in a fresh file at 0.
    ok(env
        .cmd()
        .args(["fill", "big", "-s", "-20MiB", "--random", "--seed", "7"]));
    ok(env.cmd().args([
        "fill", "small", "-n", "20MiB", "--random", "--seed", "7", "--create",
    ]));
    let end = std::fs::metadata(&file).unwrap().len();
    assert!(
        read_at(&file, end - 20 * MIB, 20 * MIB as usize)
            == std::fs::read(env.path("small")).unwrap(),
        "the random stream at the end of 16 GiB differs from the one at 0"
    );

    // Still sparse: only the touched windows were written.
    let blocks = std::fs::metadata(&file).unwrap().blocks() * 512;
    assert!(blocks < 128 * MIB, "{blocks} bytes allocated");
}

/// `mmapctl ARGS` in at most 2 GiB of address space.
fn in_2_gib(env: &TestEnv, args: &[&str]) -> Output {
    crate::dump::with_address_space(env, 2 * GIB, args)
}

fn assert_one_line(output: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("mmapctl: error: "), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "lacks {needle:?}: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty(), "stdout on error");
}

#[test]
fn lock_and_bench_of_16_gib_that_cannot_be_mapped_are_one_line() {
    let env = TestEnv::new();
    env.sparse("big", SIZE, 0, b"x");
    let region = "big (bytes 0x0..0x400000000, --prot ro)";
    // 2 GiB of address space: no target can map 16 GiB in it.
    let lock = ["lock", "big", "--for", "0s"];
    assert_one_line(&in_2_gib(&env, &lock), &[region, NO_ROOM]);
    let bench = ["bench", "big", "--mode", "read", "--runs", "1"];
    assert_one_line(&in_2_gib(&env, &bench), &[region, NO_ROOM]);
    let anon = [
        "bench", "--anon", "--size", "16GiB", "--mode", "read", "--runs", "1",
    ];
    assert_one_line(&in_2_gib(&env, &anon), &["anonymous memory", NO_ROOM]);
    // A 32-bit process is refused without any limit, before asking the kernel; so is a
    // region under 4 GiB that a 32-bit mapping length (isize) cannot hold.
    #[cfg(target_pointer_width = "32")]
    {
        let temporary = ["bench", "--size", "16GiB", "--mode", "read", "--runs", "1"];
        let out = env
            .cmd()
            .args(temporary)
            .env("TMPDIR", env.path(""))
            .output()
            .unwrap();
        assert_one_line(
            &out,
            &["mmapctl-bench.", "(bytes 0x0..0x400000000", NO_ROOM],
        );
        assert_one_line(&env.cmd().args(lock).output().unwrap(), &[region, NO_ROOM]);
        assert_one_line(&env.cmd().args(bench).output().unwrap(), &[region, NO_ROOM]);
        let out = env
            .cmd()
            .args(["lock", "big", "-n", "3GiB", "--for", "0s"])
            .output()
            .unwrap();
        assert_one_line(&out, &["big (bytes 0x0..0xc0000000, --prot ro)"]);
    }
}

/// The tests run the mmapctl built for the target they were built for (ci/cross.sh runs them
/// on i686 too): its ELF class and byte order are this test binary's.
#[cfg(target_os = "linux")]
#[test]
fn the_mmapctl_under_test_is_built_for_this_target() {
    let elf = std::fs::read(crate::support::write::bin()).unwrap();
    assert_eq!(&elf[..4], b"\x7fELF");
    let class = if cfg!(target_pointer_width = "64") {
        2
    } else {
        1
    };
    let order = if cfg!(target_endian = "little") { 1 } else { 2 };
    assert_eq!((elf[4], elf[5]), (class, order), "ELF class and data");
}
