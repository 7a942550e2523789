//! `mmapctl patch`: the bytes written, every check that refuses to write, and the summary.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::process::Stdio;

use crate::support::write::{
    as_nobody, json, leaves_pages_clean, ok, stays_resident_while_mapped, stderr,
};
use crate::support::{assert_error, noise, TestEnv};

#[test]
fn unaligned_patch_spanning_a_page_boundary() {
    let env = TestEnv::new();
    let original = noise(3 * 4096 + 100, 20);
    let file = env.file("f", &original);
    let patch: Vec<u8> = (0..16).map(|i| 0xa0 + i).collect();
    let out = ok(env.cmd().args([
        "patch",
        "f",
        "-s",
        "4090",
        "--hex",
        "a0a1a2a3 a4a5a6a7:a8a9-aaab acadaeaf",
    ]));
    let mut expected = original.clone();
    expected[4090..4106].copy_from_slice(&patch);
    assert_eq!(std::fs::read(&file).unwrap(), expected);
    assert_eq!(
        stderr(&out),
        "patched 16 bytes at 0xffa in f (flushed)\n",
        "summary line"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn hex_forms() {
    let env = TestEnv::new();
    let file = env.file("f", &[0u8; 8]);
    for hex in ["de ad", "de:ad", "de-ad", "0xdead", "DEAD", "  de\tad\n"] {
        std::fs::write(&file, [0u8; 8]).unwrap();
        ok(env.cmd().args(["patch", "f", "-s", "2", "--hex", hex]));
        assert_eq!(
            std::fs::read(&file).unwrap(),
            [0, 0, 0xde, 0xad, 0, 0, 0, 0]
        );
    }
    // Malformed hex, empty values and conflicting options: rows of bad_input.rs.
}

#[test]
fn text_from_file_and_from_stdin() {
    let env = TestEnv::new();
    let file = env.file("f", b"0123456789");
    ok(env.cmd().args(["patch", "f", "-s", "1", "--text", "ab"]));
    env.file("p.bin", b"XY");
    ok(env.cmd().args(["patch", "f", "-s", "4", "--from", "p.bin"]));
    let mut child = env
        .cmd()
        .args(["patch", "f", "-s", "-2", "--from", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"!?").unwrap();
    assert!(child.wait_with_output().unwrap().status.success());
    assert_eq!(std::fs::read(&file).unwrap(), b"0ab3XY67!?");
}

#[test]
fn empty_patch_is_an_error() {
    let env = TestEnv::new();
    let file = env.file("f", b"0123");
    env.file("empty", b"");
    let output = env
        .cmd()
        .args(["patch", "f", "-s", "0", "--from", "empty"])
        .output()
        .unwrap();
    assert_error(&output, 1, "the patch is empty");
    let output = env
        .cmd()
        .args(["patch", "f", "-s", "0", "--from", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_error(&output, 1, "standard input gave no bytes");
    let output = env
        .cmd()
        .args(["patch", "f", "-s", "0", "--from", "missing"])
        .output()
        .unwrap();
    assert_error(&output, 1, "cannot read the patch from missing");
    assert_eq!(std::fs::read(&file).unwrap(), b"0123");
}

#[test]
fn patch_at_8_gib_into_a_16_gib_sparse_file() {
    use std::os::unix::fs::{FileExt, MetadataExt};
    let env = TestEnv::new();
    let file = env.sparse("sparse", 16 << 30, 0, b"head");
    ok(env.cmd().args([
        "patch",
        "sparse",
        "-s",
        "8GiB",
        "--hex",
        "000102030405060708090a0b0c0d0e0f",
    ]));
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.len(), 16 << 30);
    // Still sparse: only the touched blocks were written (not a 16 GiB mapping's worth).
    assert!(meta.blocks() * 512 < 1 << 20, "{} blocks", meta.blocks());
    let mut buf = [0u8; 20];
    std::fs::File::open(&file)
        .unwrap()
        .read_exact_at(&mut buf, (8 << 30) - 2)
        .unwrap();
    let mut expected = [0u8; 20];
    for (i, b) in expected[2..18].iter_mut().enumerate() {
        *b = i as u8;
    }
    assert_eq!(buf, expected);
}

#[test]
fn expect_mismatch_writes_nothing_and_exits_3() {
    let env = TestEnv::new();
    let original = noise(10_000, 21);
    let file = env.file("f", &original);
    let found = format!("{:02x} {:02x}", original[0x100], original[0x101]);
    let output = env
        .cmd()
        .args([
            "patch", "f", "-s", "0x100", "--hex", "ffff", "--expect", "0000",
        ])
        .output()
        .unwrap();
    assert_error(&output, 3, "differ from --expect");
    let err = stderr(&output);
    assert!(
        err.contains("expected 00 00") && err.contains(&format!("found {found}")),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), original);

    // --expect past the end of the file cannot match, even with --grow.
    let output = env
        .cmd()
        .args([
            "patch", "f", "-s", "9999", "--hex", "ff", "--expect", "0000", "--grow",
        ])
        .output()
        .unwrap();
    assert_error(&output, 3, "the file ends after 1 of them");
    assert_eq!(std::fs::read(&file).unwrap(), original);

    // Equal: written. --expect is compared over its own length, here shorter than the patch.
    let expect = format!("{:02x}{:02x}", original[0x100], original[0x101]);
    ok(env.cmd().args([
        "patch", "f", "-s", "0x100", "--hex", "aabbccdd", "--expect", &expect,
    ]));
    let mut expected = original.clone();
    expected[0x100..0x104].copy_from_slice(&[0xaa, 0xbb, 0xcc, 0xdd]);
    assert_eq!(std::fs::read(&file).unwrap(), expected);
    // Run twice, the same call now refuses: a script's "patch once".
    let output = env
        .cmd()
        .args([
            "patch", "f", "-s", "0x100", "--hex", "aabbccdd", "--expect", &expect,
        ])
        .output()
        .unwrap();
    assert_error(&output, 3, "found aa bb");
    // A longer --expect than the patch is compared in full too.
    let output = env
        .cmd()
        .args([
            "patch", "f", "-s", "0x100", "--hex", "11", "--expect", "aabbccde",
        ])
        .output()
        .unwrap();
    assert_error(&output, 3, "first at 0x103");
    assert_eq!(std::fs::read(&file).unwrap(), expected);
}

#[test]
fn dry_run_leaves_bytes_and_mtime() {
    let env = TestEnv::new();
    let original = noise(300, 22);
    let file = env.file("f", &original);
    let old = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let out = ok(env.cmd().args([
        "patch",
        "f",
        "-s",
        "0x85",
        "--hex",
        "de ad be ef",
        "--dry-run",
    ]));
    assert_eq!(std::fs::read(&file).unwrap(), original);
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), old);
    assert!(stderr(&out).starts_with("dry run: would patch 4 bytes at 0x85 in f with de ad be ef"));

    // Before: the file's lines 0x60..0xb0 (two lines of context each side) as `dump` shows
    // them; after: the same lines of a copy patched for real.
    let stdout = String::from_utf8(out.stdout).unwrap();
    let (before, after) = stdout.split_once("after:\n").unwrap();
    let dump = |name: &str| {
        let out = ok(env.cmd().args([
            "dump", name, "-s", "0x60", "-n", "0x50", "-v", "--color", "never",
        ]));
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(before, format!("before:\n{}", dump("f")));
    let mut patched = original.clone();
    patched[0x85..0x89].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
    env.file("g", &patched);
    assert_eq!(after, dump("g"));
    assert!(after.contains("2f de ad be ┊ ef"), "{after}");

    // --json: the summary object, with the bytes before and after.
    let out = ok(env.cmd().args([
        "patch",
        "f",
        "-s",
        "0x85",
        "--hex",
        "deadbeef",
        "--dry-run",
        "--json",
        "--backup",
        "saved.bin",
    ]));
    let doc = json(&out);
    assert_eq!(doc["dry_run"], true);
    // Nothing was flushed or saved, so the report claims neither (issue 13).
    assert_eq!(doc["flushed"], "none");
    assert_eq!(doc["backup"], serde_json::Value::Null);
    assert!(!env.path("saved.bin").exists());
    assert_eq!(doc["after"], "deadbeef");
    let before_hex: String = original[0x85..0x89]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(doc["before"], before_hex);
    assert_eq!(std::fs::read(&file).unwrap(), original);
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), old);
}

/// A dry run creates nothing, and refuses exactly what the real call refuses: a file the
/// user may not write is refused, not previewed as if the patch could land.
#[test]
fn dry_run_creates_nothing_and_refuses_what_the_real_call_refuses() {
    let env = TestEnv::new();
    let out = ok(env.cmd().args([
        "patch",
        "new",
        "-s",
        "2",
        "--hex",
        "ab",
        "--create",
        "--dry-run",
    ]));
    assert!(!env.path("new").exists());
    assert!(stderr(&out).contains("the file does not exist yet"));
    env.file("f", b"abc");
    let args = ["patch", "f", "-s", "3", "--hex", "ff", "--grow"];
    let real = as_nobody(&env, &args);
    let dry = as_nobody(&env, &[&args[..], &["--dry-run"]].concat());
    for out in [&real, &dry] {
        assert_error(out, 1, "cannot open f for writing: Permission denied");
    }
    assert_eq!(std::fs::read(env.path("f")).unwrap(), b"abc");
    std::fs::set_permissions(env.path("f"), std::fs::Permissions::from_mode(0o666)).unwrap();
    let out = as_nobody(&env, &[&args[..], &["--dry-run"]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("--grow would extend it to 4 bytes"));
    assert_eq!(std::fs::read(env.path("f")).unwrap(), b"abc");
}

#[test]
fn backup_then_undo_restores_the_original() {
    let env = TestEnv::new();
    let original = noise(9000, 23);
    let file = env.file("f", &original);
    let out = ok(env.cmd().args([
        "patch",
        "f",
        "-s",
        "4000",
        "--text",
        "a longer patch over a page boundary?",
        "--backup",
        "old.bin",
        "--json",
    ]));
    let doc = json(&out);
    assert_eq!(doc["backup"], "old.bin");
    assert_eq!(
        std::fs::read(env.path("old.bin")).unwrap(),
        &original[4000..4036]
    );
    assert_ne!(std::fs::read(&file).unwrap(), original);
    ok(env
        .cmd()
        .args(["patch", "f", "-s", "4000", "--from", "old.bin"]));
    assert_eq!(std::fs::read(&file).unwrap(), original);

    // An existing backup is never replaced without --force, and nothing is written.
    let output = env
        .cmd()
        .args([
            "patch", "f", "-s", "0", "--hex", "ff", "--backup", "old.bin",
        ])
        .output()
        .unwrap();
    assert_error(&output, 1, "--backup old.bin already exists");
    assert!(stderr(&output).contains("hint: "));
    assert_eq!(std::fs::read(&file).unwrap(), original);
    assert_eq!(
        std::fs::read(env.path("old.bin")).unwrap(),
        &original[4000..4036]
    );
    // --force replaces it.
    ok(env.cmd().args([
        "patch", "f", "-s", "0", "--hex", "ff", "--backup", "old.bin", "--force",
    ]));
    assert_eq!(std::fs::read(env.path("old.bin")).unwrap(), &original[..1]);
    // --force needs --backup; the file itself is never its own backup.
    let output = env
        .cmd()
        .args(["patch", "f", "-s", "0", "--hex", "ff", "--force"])
        .output()
        .unwrap();
    assert_error(&output, 2, "--backup");
    let output = env
        .cmd()
        .args([
            "patch", "f", "-s", "0", "--hex", "00", "--backup", "f", "--force",
        ])
        .output()
        .unwrap();
    assert_error(&output, 1, "is the file being patched");
    assert_eq!(std::fs::read(&file).unwrap()[0], 0xff);
}

#[test]
fn backup_past_the_end_holds_the_zeros_grow_adds() {
    let env = TestEnv::new();
    let file = env.file("f", b"abcd");
    ok(env.cmd().args([
        "patch", "f", "-s", "2", "--hex", "11223344", "--grow", "--backup", "b",
    ]));
    assert_eq!(
        std::fs::read(&file).unwrap(),
        [b'a', b'b', 0x11, 0x22, 0x33, 0x44]
    );
    assert_eq!(std::fs::read(env.path("b")).unwrap(), b"cd\0\0");
    ok(env.cmd().args(["patch", "f", "-s", "2", "--from", "b"]));
    // The bytes come back; the file keeps its new size (files are never truncated).
    assert_eq!(std::fs::read(&file).unwrap(), b"abcd\0\0");
}

#[test]
fn past_the_end_needs_grow() {
    let env = TestEnv::new();
    let file = env.file("f", b"0123456789");
    let empty = env.file("empty", b"");
    // Without --grow, past the end and before the start are errors: rows of bad_input.rs.
    let out = ok(env
        .cmd()
        .args(["patch", "f", "-s", "12", "--hex", "aabb", "--grow"]));
    assert!(
        stderr(&out).contains("grew to 14 bytes"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"0123456789\0\0\xaa\xbb");
    ok(env
        .cmd()
        .args(["patch", "empty", "-s", "0", "--text", "x", "--grow"]));
    assert_eq!(std::fs::read(&empty).unwrap(), b"x");
    // At the very end: a negative offset counts back from the current end.
    ok(env
        .cmd()
        .args(["patch", "f", "-s", "-1", "--hex", "ccdd", "--grow"]));
    assert_eq!(std::fs::read(&file).unwrap(), b"0123456789\0\0\xaa\xcc\xdd");
}

#[test]
fn missing_file_needs_create() {
    let env = TestEnv::new();
    let output = env
        .cmd()
        .args(["patch", "new", "-s", "0", "--hex", "01"])
        .output()
        .unwrap();
    assert_error(&output, 1, "cannot open new");
    assert!(stderr(&output).contains("hint: --create"));
    assert!(!env.path("new").exists());
    // A refused call creates nothing, even with --create.
    let output = env
        .cmd()
        .args([
            "patch", "new", "-s", "0", "--hex", "01", "--create", "--expect", "00",
        ])
        .output()
        .unwrap();
    assert_error(&output, 3, "found nothing");
    assert!(!env.path("new").exists());
    let out = ok(env.cmd().args([
        "patch", "new", "-s", "3", "--hex", "0102", "--create", "--json",
    ]));
    assert_eq!(std::fs::read(env.path("new")).unwrap(), [0, 0, 0, 1, 2]);
    assert_eq!(json(&out)["grew"], true);
    // --create on an existing file never truncates it.
    ok(env
        .cmd()
        .args(["patch", "new", "-s", "0", "--hex", "09", "--create"]));
    assert_eq!(std::fs::read(env.path("new")).unwrap(), [9, 0, 0, 1, 2]);
}

#[test]
fn json_fields() {
    let env = TestEnv::new();
    env.file("f", &[0u8; 64]);
    for flush in ["sync", "async", "none"] {
        let out = ok(env.cmd().args([
            "patch", "f", "-s", "0x10", "--hex", "0102", "--json", "--flush", flush,
        ]));
        assert!(out.stderr.is_empty(), "{}", stderr(&out));
        let doc = json(&out);
        assert_eq!(doc["file"], "f");
        assert_eq!(doc["offset"], 16);
        assert_eq!(doc["length"], 2);
        assert_eq!(doc["flushed"], flush);
        assert_eq!(doc["grew"], false);
        assert_eq!(doc["backup"], serde_json::Value::Null);
        assert_eq!(doc["dry_run"], false);
    }
    let out = ok(env.cmd().args([
        "patch", "f", "-s", "63", "--hex", "0102", "--json", "--grow",
    ]));
    assert_eq!(json(&out)["grew"], true);
    assert_eq!(std::fs::metadata(env.path("f")).unwrap().len(), 65);
}

#[test]
fn flush_sync_leaves_no_dirty_page() {
    let env = TestEnv::new();
    let file = env.file("f", &noise(64 << 10, 24));
    let patch = ["patch", "f", "-s", "0x5000", "--hex", "0102"];
    assert!(leaves_pages_clean(&env, &file, &patch));
    // The control, which must not race the kernel (see fill::flush_sync_leaves_no_dirty_page):
    // a page this test keeps mapped stays, so the check can fail.
    assert!(!stays_resident_while_mapped(&env, &file, &patch));
}

#[test]
fn malformed_hex_from_a_file_names_the_piece_that_is_wrong() {
    // --hex-from takes what --hex takes, and says what is wrong the same way.
    let env = TestEnv::new();
    let file = env.file("f", &noise(64, 21));
    for (text, cause) in [
        ("1 2 3\n", "a byte needs two hex digits: '1'"),
        ("de ad b\n", "a byte needs two hex digits: 'b'"),
        ("de zz\n", "'z' in 'zz' is not a hex digit"),
    ] {
        env.file("bytes.hex", text.as_bytes());
        let out = env
            .cmd()
            .args(["patch", "f", "-s", "0", "--hex-from", "bytes.hex"])
            .output()
            .unwrap();
        // Exit 1, as any bad content of a file read at run time (2 is for the command line).
        assert_error(&out, 1, &format!("bytes.hex: {cause}"));
        assert_eq!(std::fs::read(&file).unwrap(), noise(64, 21), "{text:?}");
    }
}
