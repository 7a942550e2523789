//! `mmapctl find`: every pattern syntax and its errors, hits at the edges of files, regions
//! and windows, the outputs (-c, -l, -q, -m, --json, -C), -r, grep's exit status, and
//! counts held to `LC_ALL=C grep -obUaP`.

use std::process::{Command, Output};

use serde_json::Value;

use crate::support::platform::{skip_if_emulated, AS_LIMIT};
use crate::support::{assert_error, closed_pipe, noise, output_within_streams, TestEnv};

const WINDOW: u64 = 16 << 20;

fn find(env: &TestEnv, args: &[&str]) -> Output {
    env.cmd()
        .arg("find")
        .args(args)
        .output()
        .expect("run mmapctl")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 stdout")
}

/// Runs find, expects exit `code` and an empty stderr, returns stdout's lines.
fn lines(env: &TestEnv, args: &[&str], code: i32) -> Vec<String> {
    let output = find(env, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "find {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output).lines().map(str::to_string).collect()
}

/// The hit offsets find prints for `args` on `file` (exit 0 or 1).
fn offsets(env: &TestEnv, file: &str, args: &[&str]) -> Vec<u64> {
    let mut all = vec![file];
    all.extend_from_slice(args);
    let output = find(env, &all);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "find {all:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
        .lines()
        .map(|line| {
            let hex = line.split(':').nth(1).expect("FILE:OFFSET");
            u64::from_str_radix(hex.trim_start_matches("0x"), 16).expect("hex offset")
        })
        .collect()
}

#[test]
fn hex_patterns_in_every_form_patch_accepts_with_wildcards() {
    let env = TestEnv::new();
    env.file(
        "f",
        b"\xde\xad\xbe\xef..\xde\xad\x4e\xef..\xde\xad\x00\xef\x5f",
    );
    for hex in [
        "de ad be ef",
        "deadbeef",
        "de:ad:be:ef",
        "de-ad-be-ef",
        "0xdeadbeef",
        "0xde 0xad 0xbe 0xef",
        "DEADBEEF",
    ] {
        assert_eq!(offsets(&env, "f", &["--hex", hex]), [0], "{hex}");
    }
    // `??` (or `..`) any byte; `4?`, `?e` (or `4.`, `.e`) a nibble.
    assert_eq!(offsets(&env, "f", &["--hex", "de ad ?? ef"]), [0, 6, 12]);
    assert_eq!(offsets(&env, "f", &["--hex", "dead..ef"]), [0, 6, 12]);
    assert_eq!(offsets(&env, "f", &["--hex", "de ad 4? ef"]), [6]);
    assert_eq!(offsets(&env, "f", &["--hex", "de ad ?e ef"]), [0, 6]);
    assert_eq!(offsets(&env, "f", &["--hex", "de ad .e ef"]), [0, 6]);
    // Five bytes ending in a byte `?f`: 0xef at 9 and 15 (0x5f at 16 lies in the second).
    assert_eq!(offsets(&env, "f", &["--hex", "?? ?? ?? ?? ?f"]), [5, 11]);
}

#[test]
fn wildcards_at_the_edges_of_a_pattern_need_their_byte_in_the_file() {
    let env = TestEnv::new();
    env.file("f", b"\xde\x01\x02\xde");
    // A leading `??` needs a byte before the `de`: not at offset 0; a trailing one a byte
    // after: not at the last byte. The hit's offset is the wildcard's.
    assert_eq!(offsets(&env, "f", &["--hex", "?? de"]), [2]);
    assert_eq!(offsets(&env, "f", &["--hex", "de ??"]), [0]);
    assert_eq!(
        offsets(&env, "f", &["--hex", "?? de ??"]),
        Vec::<u64>::new()
    );
    assert_eq!(offsets(&env, "f", &["--hex", "??"]), [0, 1, 2, 3]);
    // In a region, the wildcard sees only the region's bytes.
    assert_eq!(
        offsets(&env, "f", &["--hex", "?? de", "-s", "3"]),
        Vec::<u64>::new()
    );
    assert_eq!(
        offsets(&env, "f", &["--hex", "de ??", "-n", "1"]),
        Vec::<u64>::new()
    );
}

#[test]
fn malformed_patterns_are_one_line_and_exit_2() {
    let env = TestEnv::new();
    env.file("f", b"0123");
    for (args, needle) in [
        (
            &["--hex", "d"][..],
            "--hex: a byte needs two hex digits: 'd'",
        ),
        (&["--hex", "de a"], "a byte needs two hex digits: 'a'"),
        (&["--hex", "?"], "`??` must be a whole byte: '?'"),
        (&["--hex", "a??"], "`??` must be a whole byte: 'a??'"),
        (&["--hex", "d??e"], "`??` must be a whole byte: 'd??e'"),
        (&["--hex", "de xy"], "'x' in 'xy' is not a hex digit"),
        (&["--hex", " : "], "the hex pattern is empty"),
        (&["--text", ""], "the text pattern is empty"),
        (&["--regex", ""], "the regex pattern is empty"),
        (
            &["--regex", "("],
            "--regex: invalid regex '(': unclosed group (at character 1)",
        ),
        (&["-e", "a{2,1}"], "invalid regex 'a{2,1}'"),
        (&["-e", "[z-a]"], "invalid regex '[z-a]'"),
        (&["--regex", "x?"], "the regex 'x?' can match zero bytes"),
        (
            &["--text", "ok", "--hex", "zz"],
            "'z' in 'zz' is not a hex digit",
        ),
    ] {
        let mut all = vec!["f"];
        all.extend_from_slice(args);
        let output = find(&env, &all);
        assert_error(&output, 2, needle);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
}

#[test]
fn text_and_regex_patterns_with_and_without_case() {
    let env = TestEnv::new();
    let mut bytes = "MZ mz Mz \u{e9}t\u{e9} ÉTÉ v1.25 v10.3\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xff\xfe");
    env.file("f", &bytes);
    assert_eq!(offsets(&env, "f", &["--text", "MZ"]), [0]);
    assert_eq!(offsets(&env, "f", &["--text", "mz", "-i"]), [0, 3, 6]);
    // Text is the UTF-8 bytes; -i folds ASCII only (É stays É).
    assert_eq!(offsets(&env, "f", &["--text", "été"]), [9]);
    assert_eq!(
        offsets(&env, "f", &["--text", "ÉTÉ", "--ignore-case"]),
        [15]
    );
    assert_eq!(
        offsets(&env, "f", &["--regex", r"v[0-9]+\.[0-9]+"]),
        [21, 27]
    );
    assert_eq!(offsets(&env, "f", &["-e", "m[z]", "-i"]), [0, 3, 6]);
    // Unicode off: \xff is the byte, `.` any byte but \n; (?u) turns it on.
    assert_eq!(offsets(&env, "f", &["--regex", r"\xff\xfe"]), [33]);
    assert_eq!(offsets(&env, "f", &["--regex", r"\n."]), [32]);
    assert_eq!(offsets(&env, "f", &["--regex", r"(?u)\xe9t"]), [9]);
}

#[test]
fn several_patterns_say_which_matched_in_command_line_order() {
    let env = TestEnv::new();
    env.file("f", b"abc MZ \x7fELF abc");
    let found = lines(
        &env,
        &["f", "--text", "abc", "--hex", "7f 45", "-e", "M."],
        0,
    );
    assert_eq!(found, ["f:0x0:0", "f:0x4:2", "f:0x7:1", "f:0xc:0"]);
    // At one offset, the first pattern given wins (a regex alternation's rule).
    let found = lines(&env, &["f", "--text", "ab", "--text", "abc"], 0);
    assert_eq!(found, ["f:0x0:0", "f:0xc:0"]);
    let found = lines(&env, &["f", "--text", "abc", "--text", "ab"], 0);
    assert_eq!(found, ["f:0x0:0", "f:0xc:0"]);
}

#[test]
fn hits_at_the_first_and_last_byte_and_in_an_empty_file() {
    let env = TestEnv::new();
    env.file("f", b"ab....ab");
    env.file("empty", b"");
    assert_eq!(offsets(&env, "f", &["--text", "ab"]), [0, 6]);
    assert_eq!(offsets(&env, "f", &["--text", "b"]), [1, 7]);
    assert_eq!(offsets(&env, "f", &["--regex", "b$"]), [7]);
    assert_eq!(offsets(&env, "f", &["--regex", "^a"]), [0]);
    assert!(lines(&env, &["empty", "--text", "a"], 1).is_empty());
    assert_eq!(lines(&env, &["empty", "--text", "a", "-c"], 1), ["empty:0"]);
}

#[test]
fn a_hit_straddling_two_windows_is_found_once() {
    let env = TestEnv::new();
    // 16 MiB + a few bytes, sparse: the pattern's 8 bytes sit across the window boundary,
    // and a second hit is at the very end.
    env.sparse(
        "big",
        WINDOW + 8,
        WINDOW - 3,
        b"\xca\xfe\xba\xbe\x00\x01\x02\x03",
    );
    let path = env.path("big");
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    std::os::unix::fs::FileExt::write_all_at(&file, b"\xca\xfe", WINDOW + 6).unwrap();
    let at = WINDOW - 3;
    assert_eq!(
        offsets(&env, "big", &["--hex", "ca fe ba be 00 01 02 03"]),
        [at]
    );
    assert_eq!(offsets(&env, "big", &["--hex", "ca fe ?? be"]), [at]);
    assert_eq!(offsets(&env, "big", &["--hex", "ca fe"]), [at, WINDOW + 6]);
    assert_eq!(
        offsets(&env, "big", &["--regex", r"\xca\xfe[\xb0-\xbf]+\x00\x01"]),
        [at]
    );
    assert_eq!(
        offsets(&env, "big", &["--regex", r"\xca\xfe$"]),
        [WINDOW + 6]
    );
    // In a region that starts inside the first window.
    let start = format!("{}", WINDOW - 100);
    assert_eq!(
        offsets(&env, "big", &["--hex", "be 00", "-s", &start]),
        [at + 3]
    );
}

#[test]
fn a_region_restricts_the_search_and_offsets_stay_absolute() {
    let env = TestEnv::new();
    env.file("f", b"xyxyxyxyxy");
    assert_eq!(offsets(&env, "f", &["--text", "xy"]), [0, 2, 4, 6, 8]);
    assert_eq!(offsets(&env, "f", &["--text", "xy", "-s", "3"]), [4, 6, 8]);
    assert_eq!(
        offsets(&env, "f", &["--text", "xy", "-s", "2", "-n", "5"]),
        [2, 4]
    );
    // A hit that would run past the region's end is not in it.
    assert_eq!(
        offsets(&env, "f", &["--text", "xy", "-s", "2", "-n", "3"]),
        [2]
    );
    assert_eq!(offsets(&env, "f", &["--text", "xy", "-s", "-4"]), [6, 8]);
    assert_eq!(offsets(&env, "f", &["--text", "y", "-s", "0x9"]), [9]);
    // `^` is the region's start, `$` its end.
    assert_eq!(offsets(&env, "f", &["--regex", "^y", "-s", "1"]), [1]);
    assert_eq!(offsets(&env, "f", &["--regex", "x$", "-n", "3"]), [2]);
    assert!(lines(&env, &["f", "--text", "x", "-s", "10"], 1).is_empty());
}

#[test]
fn hits_past_4_gib_in_a_sparse_file() {
    let env = TestEnv::new();
    let at = (4u64 << 30) + 0x1234;
    env.sparse("huge", 5 << 30, at, b"needle");
    // The region starts a little below 4 GiB, so offsets cross 32 bits mid-search.
    let found = lines(
        &env,
        &["huge", "--text", "needle", "-s", "0xffff0000", "-n", "1MiB"],
        0,
    );
    assert_eq!(found, [format!("huge:{at:#x}")]);
    let found = lines(
        &env,
        &[
            "huge",
            "--hex",
            "6e ?? 65 64",
            "-s",
            "4GiB",
            "-n",
            "64K",
            "--decimal",
        ],
        0,
    );
    assert_eq!(found, [format!("huge:{at}")]);
    let json = find(
        &env,
        &[
            "huge", "--text", "needle", "-s", "-1GiB", "-n", "1MiB", "--json",
        ],
    );
    let first: Value = serde_json::from_str(stdout(&json).lines().next().unwrap()).unwrap();
    assert_eq!(first["offset"], at);
}

#[test]
fn overlapping_reports_every_start() {
    let env = TestEnv::new();
    env.file("f", b"aaaaa");
    assert_eq!(offsets(&env, "f", &["--text", "aa"]), [0, 2]);
    assert_eq!(
        offsets(&env, "f", &["--text", "aa", "--overlapping"]),
        [0, 1, 2, 3]
    );
    assert_eq!(
        offsets(&env, "f", &["--regex", "a+", "--overlapping"]),
        [0, 1, 2, 3, 4]
    );
    assert_eq!(offsets(&env, "f", &["--regex", "a+"]), [0]);
}

#[test]
fn count_files_with_matches_quiet_and_max_count() {
    let env = TestEnv::new();
    env.file("a", b"zz.zz.zz");
    env.file("b", b"nothing");
    env.file("c", b"zz");
    let all = ["a", "b", "c"];
    fn with<'a>(all: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        let mut args: Vec<&str> = all.to_vec();
        args.extend_from_slice(&["--text", "zz"]);
        args.extend_from_slice(extra);
        args
    }
    assert_eq!(lines(&env, &with(&all, &["-c"]), 0), ["a:3", "b:0", "c:1"]);
    assert_eq!(
        lines(&env, &with(&all, &["--count", "-m", "2"]), 0),
        ["a:2", "b:0", "c:1"]
    );
    assert_eq!(
        lines(&env, &with(&all, &["-m", "1"]), 0),
        ["a:0x0", "c:0x0"]
    );
    assert_eq!(
        lines(&env, &with(&all, &["--max-count", "0"]), 1),
        Vec::<String>::new()
    );
    assert_eq!(lines(&env, &with(&all, &["-l"]), 0), ["a", "c"]);
    assert_eq!(
        lines(&env, &with(&all, &["--files-with-matches"]), 0),
        ["a", "c"]
    );
    assert!(lines(&env, &with(&all, &["-q"]), 0).is_empty());
    assert!(lines(&env, &["b", "--text", "zz", "--quiet"], 1).is_empty());
    assert_eq!(lines(&env, &["b", "--text", "zz", "-c"], 1), ["b:0"]);
    assert!(lines(&env, &["b", "--text", "zz", "-l"], 1).is_empty());
}

#[test]
fn exit_status_is_greps() {
    let env = TestEnv::new();
    env.file("a", b"hit");
    env.file("b", b"miss");
    assert_eq!(find(&env, &["a", "--text", "hit"]).status.code(), Some(0));
    assert_eq!(find(&env, &["b", "--text", "hit"]).status.code(), Some(1));
    // An error is 2 even with hits elsewhere, which are still printed; the others are
    // searched after it.
    let output = find(&env, &["missing", "a", "b", "--text", "hit"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "a:0x0\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("mmapctl: error: cannot open missing: No such file"),
        "{stderr}"
    );
    // -q: a hit is the answer, whatever failed before it (grep -q); without one, 2.
    assert_eq!(
        find(&env, &["missing", "a", "--text", "hit", "-q"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        find(&env, &["missing", "b", "--text", "hit", "-q"])
            .status
            .code(),
        Some(2)
    );
    // A usage error.
    assert_eq!(find(&env, &["a"]).status.code(), Some(2));
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_searched() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    let secret = env.file("secret", b"key=42");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).unwrap();
    let open = env.file("open", b"key=7");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    // As uid 65534: root could read the 0600 file.
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
        .args(["find", "--text", "key="])
        .arg(&secret)
        .arg(&open)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), format!("{}:0x0\n", open.display()));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("secret for reading: Permission denied"),
        "{stderr}"
    );
    // As root, both are read: the test above proves the privilege drop.
    let output = env
        .cmd()
        .args(["find", "--text", "key=", "secret", "open"])
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "secret:0x0\nopen:0x0\n");
}

#[test]
fn recursive_walks_directories_in_name_order_like_residency() {
    let env = TestEnv::new();
    let dir = env.path("tree");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("b"), b"..PK..PK").unwrap();
    std::fs::write(dir.join("a"), b"PK").unwrap();
    std::fs::write(dir.join("sub/c"), b"no").unwrap();
    std::fs::write(dir.join("sub/d"), b".PK").unwrap();
    std::os::unix::fs::symlink(dir.join("b"), dir.join("link")).unwrap();
    env.file("top", b"PK");

    let output = find(&env, &["tree", "top", "--text", "PK"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "top:0x0\n");
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("tree: is a directory; use -r/--recursive to search the files below it"));

    for flag in ["-r", "--recursive"] {
        let output = find(&env, &[flag, "tree", "top", "--text", "PK"]);
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(
            stdout(&output),
            "tree/a:0x0\ntree/b:0x2\ntree/b:0x6\ntree/sub/d:0x1\ntop:0x0\n"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            stderr,
            "note: skipped 1 entries that are not regular files (symbolic links are not followed)\n"
        );
    }
    let output = find(&env, &["-r", "tree", "--text", "PK", "-l"]);
    assert_eq!(stdout(&output), "tree/a\ntree/b\ntree/sub/d\n");
}

#[test]
fn an_unreadable_directory_in_a_walk_is_reported_and_the_walk_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    std::fs::set_permissions(env.path(""), std::fs::Permissions::from_mode(0o755)).unwrap();
    let dir = env.path("tree");
    std::fs::create_dir_all(dir.join("closed")).unwrap();
    std::fs::create_dir_all(dir.join("open")).unwrap();
    std::fs::write(dir.join("closed/x"), b"PK").unwrap();
    std::fs::write(dir.join("open/y"), b"PK").unwrap();
    for (path, mode) in [
        (dir.clone(), 0o755),
        (dir.join("open"), 0o755),
        (dir.join("open/y"), 0o644),
        (dir.join("closed"), 0o700),
    ] {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
        .args(["find", "-r", "tree", "--text", "PK"])
        .current_dir(env.path(""))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "tree/open/y:0x0\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("cannot read directory tree/closed: Permission denied"),
        "{stderr}"
    );
}

#[test]
fn json_is_one_object_per_hit_then_a_summary() {
    let env = TestEnv::new();
    env.file("a", b"\x00MZ\x90\x00MZ");
    env.file("b", b"none");
    let output = find(
        &env,
        &[
            "a", "b", "missing", "--text", "MZ", "--hex", "90 ??", "--json",
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let docs: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 4);
    assert_eq!(
        docs[0],
        serde_json::json!({"type": "hit", "file": "a", "offset": 1, "length": 2, "pattern": 0, "bytes": "4d5a"})
    );
    assert_eq!(
        docs[1],
        serde_json::json!({"type": "hit", "file": "a", "offset": 3, "length": 2, "pattern": 1, "bytes": "9000"})
    );
    assert_eq!(docs[2]["offset"], 5);
    assert_eq!(
        docs[3],
        serde_json::json!({
            "type": "summary", "files": 2, "files_with_hits": 1, "hits": 3, "errors": 1,
            "patterns": [{"kind": "text", "source": "MZ"}, {"kind": "hex", "source": "90 ??"}]
        })
    );
    // A regex hit's bytes are the whole match.
    let output = find(&env, &["a", "--regex", r"M[A-Z]\x90", "--json"]);
    let hit: Value = serde_json::from_str(stdout(&output).lines().next().unwrap()).unwrap();
    assert_eq!(hit["bytes"], "4d5a90");
    assert_eq!(hit["length"], 3);
}

#[test]
fn context_is_dumps_layout_and_highlights_the_hit_in_colour() {
    let env = TestEnv::new();
    let bytes = noise(300, 3);
    let mut bytes = bytes;
    bytes[100..104].copy_from_slice(b"\xde\xad\xbe\xef");
    env.file("f", &bytes);
    let output = find(&env, &["f", "--hex", "deadbeef", "-C", "20"]);
    assert_eq!(output.status.code(), Some(0));
    // The same bytes as dump shows them, squeezing off.
    let dump = env
        .cmd()
        .args(["dump", "f", "-s", "80", "-n", "44", "-v"])
        .output()
        .unwrap();
    assert_eq!(stdout(&output), format!("f:0x64\n{}", stdout(&dump)));

    // Clamped to the file; with colour, the hit's cells in reverse video, nothing else.
    let output = find(
        &env,
        &["f", "--hex", "deadbeef", "-C", "1KiB", "--color", "force"],
    );
    let text = stdout(&output);
    assert!(text.starts_with("f:0x64\n"), "{text}");
    let plain = env
        .cmd()
        .args(["dump", "f", "-v", "--color", "force"])
        .output()
        .unwrap();
    let marked = text.matches("\x1b[7m").count();
    assert!(marked >= 2, "{text}");
    assert_eq!(text.matches("\x1b[27m").count(), 2, "{text}");
    let unmarked = text["f:0x64\n".len()..]
        .replace("\x1b[7m", "")
        .replace("\x1b[27m", "");
    assert_eq!(unmarked, stdout(&plain));
    // No colour without a terminal, and none with NO_COLOR.
    let output = env
        .cmd()
        .env("NO_COLOR", "1")
        .args([
            "find", "f", "--hex", "deadbeef", "-C", "4", "--color", "always",
        ])
        .output()
        .unwrap();
    assert!(!stdout(&output).contains('\x1b'));
    let output = find(&env, &["f", "--hex", "deadbeef", "-C", "4"]);
    assert!(!stdout(&output).contains('\x1b'));
}

#[test]
fn a_regex_longer_than_max_match_len_is_an_error_for_that_file() {
    let env = TestEnv::new();
    let mut long = vec![b'a'; 5000];
    long.push(b'b');
    env.file("long", &long);
    env.file("short", b"aab");
    let output = find(
        &env,
        &["long", "short", "--regex", "a+b", "--max-match-len", "4KiB"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "short:0x0\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "mmapctl: error: cannot search long (bytes 0x0..0x1389): a regex match near offset"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("could be longer than the limit of 4096 bytes"),
        "{stderr}"
    );
    // A file cut short by the error keeps the hits it had: printed, and counted.
    let mut cut = b"ab".to_vec();
    cut.extend_from_slice(&long);
    env.file("cut", &cut);
    let output = find(
        &env,
        &["cut", "--regex", "a+b", "--max-match-len", "4KiB", "--json"],
    );
    assert_eq!(output.status.code(), Some(2));
    let docs: Vec<Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert_eq!(docs[0]["offset"], 0);
    assert_eq!(docs[1]["hits"], 1);
    assert_eq!(docs[1]["files"], 0);
    assert_eq!(docs[1]["files_with_hits"], 1);
    assert_eq!(docs[1]["errors"], 1);
    assert_eq!(
        lines(
            &env,
            &["long", "--regex", "a+b", "--max-match-len", "8KiB"],
            0
        ),
        ["long:0x0"]
    );
}

#[test]
fn counts_equal_grep_on_patterns_both_accept() {
    let env = TestEnv::new();
    // 1 MiB over a small alphabet (many hits), without \n: grep works line by line, so a
    // match (or a wildcard) cannot cross a newline there.
    let bytes: Vec<u8> = noise(1 << 20, 11)
        .into_iter()
        .map(|b| b"ABab\x00\xff\xde\xad"[usize::from(b % 8)])
        .collect();
    env.file("f", &bytes);
    for (ours, grep) in [
        (&["--hex", "de ad"][..], r"\xde\xad"),
        (&["--hex", "de ?? ad"], r"\xde[\x00-\xff]\xad"),
        (&["--hex", "0? ff"], r"[\x00-\x0f]\xff"),
        (&["--text", "aB"], "aB"),
        (&["--text", "ab", "-i"], "(?i)ab"),
        (&["--regex", r"A[ab]+\xff"], r"A[ab]+\xff"),
        (&["--regex", r"\x00{2,3}"], r"\x00{2,3}"),
        (&["-e", "(?i)ba|BB"], "(?i)ba|BB"),
    ] {
        let mut args = vec!["f", "-c"];
        args.extend_from_slice(ours);
        let count = lines(&env, &args, 0);
        let output = Command::new("grep")
            .env("LC_ALL", "C")
            .args(["-obUaP", grep, "f"])
            .current_dir(env.path(""))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "grep {grep}");
        let expected = output.stdout.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(
            count,
            [format!("f:{expected}")],
            "{ours:?} vs grep -P {grep}"
        );
    }
}

#[test]
fn a_reader_that_goes_away_is_exit_0_and_a_full_stdout_exit_2() {
    let env = TestEnv::new();
    env.file("f", &vec![b'x'; 1 << 20]);
    let output = output_within_streams(
        env.cmd().args(["find", "f", "--text", "x"]),
        std::time::Duration::from_secs(60),
        Some(closed_pipe()),
        None,
    );
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let full = std::fs::File::options()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = output_within_streams(
        env.cmd().args(["find", "f", "f", "--text", "x"]),
        std::time::Duration::from_secs(60),
        Some(full),
        None,
    );
    assert_error(
        &output,
        2,
        "cannot write to stdout: No space left on device",
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr).lines().count(), 1);
}

#[test]
fn help_shows_examples() {
    let env = TestEnv::new();
    let output = env.cmd().args(["find", "--help"]).output().unwrap();
    let help = stdout(&output);
    assert!(help.contains("Examples:"), "{help}");
    assert!(help.contains("--hex 'de ad ?? ef'"), "{help}");
}

#[test]
fn memory_stays_bounded_under_an_address_space_limit() {
    if skip_if_emulated(AS_LIMIT) {
        return;
    }
    let env = TestEnv::new();
    env.sparse("big", 5 << 30, (4 << 30) + (64 << 20) - 2, b"PK");
    // 128 MiB of address space: 64 MiB of file is searched in windows, as is every regex.
    for pattern in [&["--text", "PK"][..], &["--regex", "P[K-M]+"]] {
        let output = Command::new("prlimit")
            .arg(format!("--as={}", 128 << 20))
            .arg(assert_cmd::cargo::cargo_bin!("mmapctl"))
            .args(["find", "big", "-s", "4GiB", "-n", "64MiB"])
            .args(pattern)
            .current_dir(env.path(""))
            .output()
            .unwrap();
        assert_eq!(
            stdout(&output),
            "big:0x103fffffe\n",
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(0));
    }
}

#[test]
fn at_a_window_boundary_overlapping_hits_and_the_context_are_whole() {
    let env = TestEnv::new();
    // "aaaa" across the 16 MiB boundary: every start once with --overlapping, two without.
    env.sparse("big", WINDOW + 4, WINDOW - 2, b"aaaa");
    let at = WINDOW - 2;
    assert_eq!(offsets(&env, "big", &["--text", "aa"]), [at, at + 2]);
    assert_eq!(
        offsets(&env, "big", &["--text", "aa", "--overlapping"]),
        [at, at + 1, at + 2]
    );
    assert_eq!(
        offsets(&env, "big", &["--regex", "a{2,}", "--overlapping"]),
        [at, at + 1, at + 2]
    );
    // The context of a hit that straddles two windows reads both; --decimal names it.
    let output = find(&env, &["big", "--text", "aaaa", "-C", "4", "--decimal"]);
    let text = stdout(&output);
    let dump = env
        .cmd()
        .args(["dump", "big", "-s", &(at - 4).to_string(), "-n", "12", "-v"])
        .output()
        .unwrap();
    assert_eq!(text, format!("big:{at}\n{}", stdout(&dump)));
    assert!(text.contains("61 61 61 61"), "{text}");
}

#[test]
fn a_file_that_shrinks_during_the_search_is_exit_4_and_one_line() {
    use std::io::Read;
    use std::process::Stdio;
    // As errors.rs does for dump: every byte is a hit, so the pipe fills and find blocks in
    // write; the file is cut to nothing; the search's next read of the mapping faults.
    let env = TestEnv::new();
    let file = env.sparse("shrinks", 48 << 20, 0, b"\0");
    let mut child = env
        .cmd()
        .args(["find", "--hex", "00"])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut head = vec![0u8; 256 << 10];
    stdout.read_exact(&mut head).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
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
}
